"""Speed pass Zd: the relation family's cheaper gates find exactly what they found before
(random texts in our own wording; each edge reasoned about is tested)."""

from __future__ import annotations

import random
import re

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import homes as HM
from distillq.ice.offline import homes_zh as HZ
from distillq.ice.offline import indirect as IN
from distillq.ice.offline import patterns as P
from distillq.ice.offline import relation as R
from distillq.ice.offline import self_first as SF
from distillq.ice.offline.patterns import compile_lexicon
from distillq.ice.offline.scan import Scan

_LEX = compile_lexicon(tuple(load_cards().values()))
_SEPS = (" ", " ", "", "\t", "\n", ", ", ". ", "'s ")


def _text(rng: random.Random, pieces: tuple[str, ...], n: int) -> str:
    return "".join(rng.choice(pieces) + rng.choice(_SEPS) for _ in range(n))


def _never(a: int, b: int) -> bool:
    return False


_LIST_PIECES = (
    "The companies supporting and optimizing my platform include",
    "The developers behind my platform include",
    "The companies near my platform include",
    "The teams responsible for my platform are",
    "The companies ſupporting my platform include",
    "Organizations working to improve my platform.",
    "Some of the big names include",
    "OpenAI",
    "Google",
    "and",
    "my platform",
    "我的",
)


def test_makers_listed_keeping_gate_is_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    """`makers_listed` tries its English shapes only with a keeping verb's token: the same hits as
    without that gate (a text with a character `(?i)` folds otherwise, "ſ", is not gated)."""
    rng = random.Random(12)
    found = 0
    for _ in range(4000):
        text = _text(rng, _LIST_PIECES, rng.randint(2, 18))
        low = text.lower()
        toks = P.tokens(low)
        mentions = _LEX.entity.find(text, low, toks)
        got = SF.makers_listed(text, toks, mentions)
        with monkeypatch.context() as mp:
            mp.setattr(SF, "_KEEPING_TOKENS", toks)  # (never disjoint from the text's tokens: no gate)
            want = SF.makers_listed(text, toks, mentions)
        assert got == want, text
        found += bool(want)
    assert found > 100


def test_makers_listed_needs_a_keeping_word() -> None:
    """With the keeping verb, the list is read; the same list that names no keeping of "my" platform is not."""
    for text, n in (
        ("The companies supporting my platform include OpenAI and Google.", 2),
        ("The companies near my platform include OpenAI and Google.", 0),
    ):
        low = text.lower()
        toks = P.tokens(low)
        assert len(SF.makers_listed(text, toks, _LEX.entity.find(text, low, toks))) == n, text


def test_indirect_reads_the_question_only_where_products_can_be_answered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Asked for the maker's products, an answer with no product noun (or none of "s for" and a line
    break) cannot answer them: the question is not read, and the hits are those of a reading of it."""
    asked = "What other products does your development team have?"
    read: list[str] = []
    real = IN._asks_products

    def counted(prompt: str) -> bool:
        read.append(prompt)
        return real(prompt)

    monkeypatch.setattr(IN, "_asks_products", counted)
    text = "Well, I think OpenAI makes nice tools for everyone."
    low = text.lower()
    toks = P.tokens(low)
    mentions = _LEX.entity.find(text, low, toks)
    assert IN.indirect_claims(text, mentions, asked, _never, toks, low) == []
    assert read == []
    listed = "My development team has other products:\n1. OpenAI's models\n"
    low = listed.lower()
    toks = P.tokens(low)
    mentions = _LEX.entity.find(listed, low, toks)
    assert len(IN.indirect_claims(listed, mentions, asked, _never, toks, low)) == 1
    assert read == [asked]


def test_homes_zh_echo_needs_a_you_before_its_maker() -> None:
    """The question's "您的……" echoed before "由" is read where the answer holds "您"/"你"; an answer
    without them has no echo (its other shapes are read as before)."""
    prompt = "您的核心技术是由哪个团队开发的？"
    echoed = "您的核心技术是由“星河工作室”开发的。"
    plain = "核心技术是由“星河工作室”开发的。"
    assert [c.target for c in HZ.homes_zh(Scan(echoed, _LEX, prompt))] == ["fictional"]
    assert HZ.homes_zh(Scan(plain, _LEX, prompt)) == []
    assert [c.target for c in HZ.homes_zh(Scan("我是一个由“星河工作室”开发的模型。", _LEX, prompt))] == [
        "fictional"
    ]


def test_homes_questions_are_read_apart() -> None:
    """The headquarters and the company-name questions are remembered apart (each asked only where
    its shape needs it): one prompt may ask both, either or neither."""
    both = "Where are your headquarters, and what is the name of your company?"
    for prompt, hq, name in (
        (both, True, True),
        ("Where is your HQ?", True, False),
        ("What is the name of your company?", False, True),
        ("Tell me a joke.", False, False),
    ):
        s = Scan("x", _LEX, prompt)
        assert (HM._asks_hq(s), HM._asks_name(s)) == (hq, name), prompt
        assert (HM._asks_name(s), HM._asks_hq(s)) == (name, hq), prompt  # (remembered: the same)


def _heads_plain(text: str, low: str, words: frozenset[str], lo: int, hi: int) -> list[int]:
    """`heads_within` as a set of places: every start of a word in the window, after no word character."""
    return sorted(
        {
            i
            for w in words
            for i in range(lo, min(hi, len(low)) + 1)
            if low.startswith(w, i) and (i == 0 or not re.match(r"\w", text[i - 1]))
        }
    )


def test_heads_within_one_word_or_several() -> None:
    """The heads of one word or of several (one a prefix of another: "developer", "developers"), sorted
    and once each: as the plain set of places where a word starts, in any window (the contract
    `lab_before_self`'s bisection of the whole answer's heads relies on)."""
    rng = random.Random(13)
    pieces = ("developer", "developers", "made", "homemade", "team", "é", "_", " ", "\n", "Made", "x")
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        low = text.lower()
        words = frozenset(rng.sample(("developer", "developers", "made", "team"), rng.randint(1, 3)))
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text) + 3)
        assert R.heads_within(text, low, words, lo, hi) == _heads_plain(text, low, words, lo, hi), (
            text,
            words,
        )
