"""The speedZa pass: names found by their spellings (string tests) exactly where their compiled patterns
match, and the scan's other shortcuts beside their plain forms.

- `spellings.Spelling`: at every place of random texts (case variants, separators, hyphens, digits,
  letters glued on, non-ASCII letters) the same end as `re.compile(name_pattern(...)).match`, for every
  card name and place and for invented names of every shape;
- the character facts the spellings rest on, over every code point: what `(?i)` folds to an ASCII
  letter or class, what `\\s` is;
- `NameIndex.find` / `names` against the plain loop over the compiled patterns.
"""

from __future__ import annotations

import random
import re
import sys

from tests.unit.test_ice_offline_speedT import _plain_find  # (the loop over the compiled patterns)

from distillq.ice.identities import card_extras, is_case_sensitive, load_cards, name_pattern
from distillq.ice.offline import patterns as P
from distillq.ice.offline.names import _TOKEN, _WORLD_ENTRIES, ascii_lowered, compile_lexicon
from distillq.ice.offline.spellings import (
    ALNUM,
    DIGITS,
    LETTERS,
    ODD_FOLDS,
    end_of,
    holds_odd_folds,
    spelling,
)

_CARDS = load_cards()
_ENTITIES = [(n, is_case_sensitive(n, c), c.id) for c in _CARDS.values() for n in c.all_names()]
_PLACES = [
    (p, len(p) <= 3 and p.isascii(), c.country)
    for c in _CARDS.values()
    for p in (c.country, *c.country_aliases, *([c.city] if c.city else []), *card_extras(c).city_aliases)
]
_ALL = [*_ENTITIES, *_PLACES, *_WORLD_ENTRIES]
_GLUE = ["", "", " ", "  ", "-", "\n", "\t", ",", ".", "x", "Q", "7", "é", "\u00a0", "\u3000", "_", "'", "a-"]


def _variants(rnd: random.Random, name: str) -> str:
    """`name` with its case changed at random and its spaces as one of the separators (or none)."""
    out = "".join(c.upper() if rnd.random() < 0.3 else c.lower() if rnd.random() < 0.3 else c for c in name)
    return "".join(rnd.choice(["", " ", "-", "\n", "\u2003", "  ", "_"]) if c == " " else c for c in out)


def _texts(names: list[str], seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 5)):
            name = rnd.choice(names)
            parts.append(rnd.choice(_GLUE) + (_variants(rnd, name) if rnd.random() < 0.7 else name))
        out.append("".join(parts) + rnd.choice(_GLUE))
    return out


def _check(entries: list[tuple[str, bool, str]], texts: list[str]) -> int:
    """Every entry's spelling against its compiled pattern at every place of every text; the places that
    matched."""
    hits = 0
    compiled = {e: re.compile(name_pattern(e[0], e[1])) for e in entries}
    spelled = {e: spelling(*e) for e in entries}
    for text in texts:
        if holds_odd_folds(text):
            continue
        lows = [text.lower()]
        a = ascii_lowered(text)
        if a is not None:
            lows.append(a)
        n = len(text)
        low0 = lows[0]
        for e in entries:  # (the entries whose key is in the text: where `find` tries them)
            key = _TOKEN.match(e[0].lower())
            if key is None or key.group() not in low0:
                continue
            sp, rx = spelled[e], compiled[e]
            for i in range(n + 1):
                m = rx.match(text, i)
                want = -1 if m is None else m.end()
                if sp[0] is None:
                    continue
                opened = not i or text[i - 1] not in ALNUM
                for low in lows:
                    got = end_of(sp, text, low, i, n) if opened else -1
                    assert got == want, (e, text, i)
                hits += want >= 0
    return hits


def test_every_card_name_and_place_is_spelled_and_matches_as_its_pattern() -> None:
    spelled = [spelling(*e) for e in _ALL if _TOKEN.match(e[0].lower())]
    plain = [sp for sp in spelled if sp[0] is not None]
    assert len(plain) >= len(spelled) - 3  # ("Kimi智能助手", "São Paulo": non-ASCII, compiled)
    names = sorted({e[0] for e in _ALL})
    hits = _check([e for e in _ALL if _TOKEN.match(e[0].lower())], _texts(names, 1, 1500))
    assert hits > 3000


def test_invented_names_of_every_shape_match_as_their_patterns() -> None:
    rnd = random.Random(5)
    words = ["Ab", "ab", "AB", "x", "Q7", "7", "4o", "R1", "v2.5", "Co.", "A-B", "it's", "o", "Xy-", "9b"]
    entries: list[tuple[str, bool, str]] = []
    for k in range(250):
        name = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 3)))
        entries.append((name, rnd.random() < 0.4, f"v{k}"))
    entries += [("A  B", False, "two spaces"), ("A -B", False, "hyphen word"), ("Ab é", True, "non-ascii")]
    assert sum(spelling(*e)[0] is None for e in entries) >= 3
    names = sorted({e[0] for e in entries})
    assert _check(entries, _texts(names, 2, 150)) > 1000


def test_the_characters_folded_and_spaced_as_the_spellings_assume() -> None:
    assert ODD_FOLDS == P.ODD_CASE
    chars = "".join(map(chr, range(sys.maxunicode + 1)))
    folded_class = {m.group() for m in re.finditer(r"(?i:[A-Za-z0-9])", chars)}
    assert folded_class == set(ALNUM) | set(ODD_FOLDS)
    assert {m.group() for m in re.finditer(r"[A-Za-z0-9]", chars)} == set(ALNUM)
    assert {m.group() for m in re.finditer(r"(?i:[A-Za-z])", chars)} == set(LETTERS) | set(ODD_FOLDS)
    assert {m.group() for m in re.finditer(r"[0-9]", chars)} == set(DIGITS)
    for x in "abcdefghijklmnopqrstuvwxyz":
        same = {m.group() for m in re.finditer(f"(?i:{x})", chars)}
        assert same - set(ODD_FOLDS) == {x, x.upper()}, x
    for x in "0123456789-.,'":
        assert {m.group() for m in re.finditer(f"(?i:{re.escape(x)})", chars)} == {x}
    assert {m.group() for m in re.finditer(r"[\s\-]", chars)} == {c for c in chars if c.isspace() or c == "-"}
    # the A-Z lowering and `str.lower` put ASCII characters at the same places without ODD_FOLDS
    assert {c for c in chars if not c.isascii() and any(d.isascii() for d in c.lower())} <= set(ODD_FOLDS)


def test_the_index_finds_what_the_compiled_patterns_find() -> None:
    lex = compile_lexicon(tuple(_CARDS.values()))
    names = sorted({e[0] for e in _ALL}) + ["\u212a", "\u0130", "\u0131", "\u017f", "智谱", "o", "x"]
    found = 0
    for index in (lex.entity, lex.place.cards, lex.place.world):
        values = sorted({v for vs in index.by_value.keys_of for v in [vs]})
        for text in _texts(names, 3, 1500):
            want = _plain_find(index, text)
            assert index.find(text) == want, text
            a = ascii_lowered(text)
            if a is not None:
                assert index.find(text, a) == want, text
            found += len(want)
            low = text.lower() if a is None else a
            for value in values:
                assert index.names(text, low, value) == any(v == value for _, _, v in want), (value, text)
    assert found > 3000


def test_no_pattern_is_compiled_for_a_text_without_odd_folds() -> None:
    lex = compile_lexicon(tuple(_CARDS.values()))
    names = sorted({e[0] for e in _ENTITIES if e[0].isascii()})
    for text in _texts(names, 4, 500):
        lex.entity.find(text)
    assert len(lex.entity.buckets) > 30
    assert all(not source.isascii() for source in lex.entity.compiled)  # ("Kimi智能助手" only)
    before = len(lex.entity.compiled)
    lex.entity.find("made by OPENAI \u212a")  # (a Kelvin sign: the compiled patterns)
    assert len(lex.entity.compiled) == before + len(lex.entity.buckets["openai"][1])
