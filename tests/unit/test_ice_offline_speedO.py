"""The speedO pass's shortcuts give the same answers as what they replace.

`Scans.passing` (the gates of `fictional` by one intersection with every gate word) is run beside the
per-pattern gate loop it replaces; a match's object read from `groups()` beside `groupdict()`; the name
index that compiles each key's names when first read finds what an index compiled up front finds; and
the "I was ... by" shape's new verb gate holds wherever it matches.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest

from distillq.ice.identities import is_case_sensitive, load_cards
from distillq.ice.offline import extractors as E
from distillq.ice.offline import fiction as F
from distillq.ice.offline import fictional_claims as FC
from distillq.ice.offline.literal import gated
from distillq.ice.offline.names import NameIndex, compile_lexicon, tokens

_GLUE = ["", " ", " ", "\n", ",", ".", "'", "\u00a0", "，"]


def _texts(pieces: list[str], seed: int, n: int, most: int) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice(pieces) + rnd.choice(_GLUE) for _ in range(rnd.randint(0, most))) for _ in range(n)
    ]


@dataclass
class _Answer:
    """What `Scans.passing` reads of a `Scan`."""

    text: str
    toks: frozenset[str]
    ascii: bool
    lex: Any = field(default_factory=lambda: SimpleNamespace(masks={}))  # (the judge's memo of masks)


def _old_gate(rxs: FC.Scans, s: _Answer) -> list[FC.Find]:
    """The per-pattern gate loop `passing` replaces."""
    out = []
    for find, need, too, zh in rxs:
        if need is None:
            if s.ascii or "我" not in s.text or (zh and not any(map(s.text.__contains__, zh))):
                continue
        elif s.toks.isdisjoint(need) or (too is not None and s.toks.isdisjoint(too)):
            continue
        out.append(find)
    return out


def _gate_words(rxs: FC.Scans) -> list[str]:
    return sorted({w for _, need, too, _ in rxs for w in (*(need or ()), *(too or ()))})


@pytest.mark.parametrize("seed", [1, 2])
def test_passing_picks_the_patterns_the_gate_loop_picks(seed: int) -> None:
    for rxs in (E._DEV_SCANS, E._NAME_SCANS):
        zh = sorted({z for _, _, _, strings in rxs for z in strings} | {"我", "我的", "的团队"})
        pieces = [*_gate_words(rxs), *zh, "other", "words", "x1"]
        seen = set()
        for text in _texts(pieces, seed, n=6000, most=7):
            low = text.lower()
            s = _Answer(text, tokens(low), text.isascii())
            got = list(rxs.passing(s))
            assert got == _old_gate(rxs, s), text
            seen.add(len(got))
        assert len(seen) >= 4  # none, one, several patterns


def test_passing_keeps_the_patterns_order_with_chinese_patterns_between_latin_ones() -> None:
    a, b, c = (re.compile(r"(?P<x>ab)"), re.compile(r"我(?P<y>是)"), re.compile(r"(?P<z>cd)"))
    rxs = FC.scans(gated({a: frozenset({"ab"}), b: F.ZH_NEED, c: frozenset({"cd"})}, {}, a, b, c), "t")
    for text, want in (
        ("ab cd 我是", [a, b, c]),
        ("cd 我是", [b, c]),
        ("cd ab", [a, c]),
        ("我是", [b]),
        ("", []),
    ):
        s = _Answer(text, tokens(text.lower()), text.isascii())
        assert [getattr(f, "__self__", None) for f in rxs.passing(s)] == want
        assert rxs.passing(s) == tuple(_old_gate(rxs, s))


def test_a_pattern_with_an_unnamed_group_is_refused() -> None:
    rx = re.compile(r"(a)(?P<n>b)")
    with pytest.raises(ValueError):
        FC.scans(gated({rx: frozenset({"ab"})}, {}, rx), "t")


def test_the_first_non_empty_group_is_the_first_non_empty_groupdict_value() -> None:
    for rxs in (E._DEV_GATED, E._NAME_GATED):
        for _, _, _, rx in rxs:
            assert list(rx.groupindex.values()) == list(range(1, rx.groups + 1))
    rx = re.compile(r"(?P<a>x)?(?P<b>y*)(?P<c>z)")
    for text in ("xz", "yyz", "z", "xyz"):
        m = rx.match(text)
        assert m is not None
        assert next(filter(None, m.groups()), "") == next((v for v in m.groupdict().values() if v), "")


def test_the_index_compiles_a_key_only_when_read_and_finds_the_same() -> None:
    cards = load_cards()
    index = compile_lexicon(tuple(cards.values())).entity
    assert not index.buckets and not index.by_value  # nothing compiled up front
    index.find("made by OpenAI")
    assert set(index.buckets) == {"openai"}
    entries = [(n, is_case_sensitive(n, c), c.id) for c in cards.values() for n in c.all_names()]
    eager = NameIndex(entries)
    for key in eager.keys:  # every bucket compiled before the first text, as before this pass
        assert eager.buckets[key] is eager.buckets[key]
    names = sorted({n for c in cards.values() for n in c.all_names()})
    for text in _texts([*names, "the", "Open", "ai", "o", "x", "智谱", "-"], 3, n=3000, most=6):
        found = index.find(text)
        assert found == eager.find(text), text
        for cid in cards:
            assert index.names(text, text.lower(), cid) == any(v == cid for _, _, v in found), (cid, text)
    assert index.by_value["no such card"] == [] and "no such card" not in index.by_value
    some = next(iter(cards))
    assert index.by_value[some] is index.by_value[some] and index.by_value[some]


def test_the_i_was_by_shape_needs_a_maker_verb_token() -> None:
    from distillq.ice.offline import fiction as F

    rx = F.DEV_EN[0]
    assert F.NEEDS_TOO[rx] == F.DEV_VERB_TOKENS
    verbs = ["created", "developed", "brought to life", "brought  to\nlife", "made", "trained", "co-created"]
    starts = ["I was", "I am", "I'm", "I’m", "I have been", "I've been"]
    rnd = random.Random(5)
    hits = 0
    for _ in range(8000):
        words = [rnd.choice(starts), *rnd.sample([*verbs, "madeup", "x", "really"], 2), "by", "Acme", "Labs"]
        text = "".join(w + rnd.choice(["", " ", " ", "\n", "\u00a0", ","]) for w in words)
        if rx.search(text):
            hits += 1
            assert not tokens(text.lower()).isdisjoint(F.DEV_VERB_TOKENS), text
    assert hits > 100


def test_the_judges_memo_of_masks_stays_bounded_and_right() -> None:
    rxs = E._DEV_SCANS
    s = _Answer("my team and my developers", tokens("my team and my developers"), True)
    want = tuple(_old_gate(rxs, s))
    s.lex.masks.update({("filler", 1, i): () for i in range(4096)})  # (a memo already full)
    assert rxs.passing(s) == want
    assert len(s.lex.masks) <= 4096
    assert rxs.passing(s) == want  # (read back from the memo now)
