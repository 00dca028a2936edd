"""The offline judge's speed shortcuts (gates resolved at import, the lower-case hypothetical
pattern) give the same answers as their plain definitions."""

from __future__ import annotations

import random

from distillq.ice.identities import load_cards
from distillq.ice.offline import extractors as E
from distillq.ice.offline import fiction as F
from distillq.ice.offline import patterns as P
from distillq.ice.offline.patterns import compile_lexicon
from distillq.ice.offline.scan import Scan

_ALL = (*E._DEV_GATED, *E._NAME_GATED, *E._PLACE_GATED)


def test_every_gated_pattern_carries_its_own_trigger_words() -> None:
    want = (*F.DEV_EN, F.DEV_ZH, F.DEV_ZH_SUBJECT, *F.NAME_EN, F.NAME_ZH, *F.PLACE_EN, F.PLACE_ZH)
    assert tuple(rx for _, _, _, rx in _ALL) == want
    for _, need, too, rx in _ALL:
        assert need is F.NEEDS[rx] and too is F.NEEDS_TOO.get(rx)


def test_hypothetical_ascii_equals_the_case_insensitive_pattern() -> None:
    words = "if If IF I i we We were was wasn hypothetical Hypothetically HYPOTHETICALLY would Would say"
    words += " pretend Pretending to be t-be x_if 9if if9 off-if say. were, what"
    vocab = words.split()
    seps = [" ", "  ", "", "-", "_", ".", "\n"]
    rng = random.Random(11)
    hits = 0
    for _ in range(5000):
        text = "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(rng.randint(0, 8)))
        want = P.HYPOTHETICAL.search(text) is not None
        hits += want
        assert (P.HYPOTHETICAL_ASCII.search(text.lower()) is not None) == want, text
    assert 500 < hits < 4500  # both outcomes were tried often


def test_usable_keeps_its_hypothetical_reading() -> None:
    lex = compile_lexicon(tuple(load_cards().values()))
    s = Scan("If I were human, I would say Acme made me. I was built by Acme.", lex, None)
    assert not s.usable("If I were human, I would say Acme made me.")
    assert s.usable("I was built by Acme.")
    z = Scan("如果我是人类，我会说。我是由星辰开发的。", lex, None)
    assert not z.usable("如果我是人类，我会说。") and z.usable("我是由星辰开发的。")
