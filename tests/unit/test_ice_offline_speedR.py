"""speedR: cheaper forms of the offline judge's per-answer fixed costs, each giving the same answers as the
form it replaces (texts in our own wording, with the characters where a shortcut could go wrong)."""

from __future__ import annotations

import random
import re

import pytest

from distillq.ice.offline import literal as L

_GLUE = ["", " ", " ", "\n", "-", ",", ".", "'", "’", "é", "中"]


def _texts(pieces: list[str], seed: int, n: int = 4000, most: int = 10) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice(pieces) + rnd.choice(_GLUE) for _ in range(rnd.randint(0, most))) for _ in range(n)
    ]


@pytest.mark.parametrize(
    ("source", "flags", "head"),
    [
        (r"Have (?P<dev>[^.]{2,9}) to thank", 0, "Have "),
        (r"My\s+team", 0, "My"),
        (r"My name is\s+x", 0, "My name is"),
        (r"We(?:'re| are) x", 0, "We"),
        (r"Bye? x", 0, "By"),  # the "e" may be absent
        (r"Be* x", 0, "B"),
        (r"Ba+ x", 0, "B"),  # (conservative: "a" is required once, the head stops before it anyway)
        (r"Ba{2} x", 0, "B"),
        (r"H(?:eadquarters|(?<=H)Q) of", 0, "H"),
        (r"My [|] x", 0, "My "),
        (r"My team", re.VERBOSE, "M"),  # spaces mean nothing there
        (r"M", 0, "M"),
    ],
)
def test_the_literal_head_is_what_every_match_opens_with(source: str, flags: int, head: str) -> None:
    assert L.literal_head(source, flags) == head


def _found(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


def test_case_scans_from_the_first_literal_head_find_the_plain_matches() -> None:
    # Shapes whose look-behinds and word boundaries read the text before where a case scan starts (the
    # first "my" of "army my team" is inside a word), overlapping case matches, a head at position 0.
    sources = [
        r"[Mm](?<=\bM|\bm)y (?P<w>\w+)",
        r"[Mm]y\b(?<!\wmy)(?<!\wMy) (?P<w>[^.]{1,12})",
        r"[Mm]y (?:team|name) (?:is|was) (?P<w>\w+)",
        r"[Oo]ur\s+(?P<w>\w+)",
        r"[Tt]hank (?!you\b)(?P<w>[^.,]{2,20}?) for",
    ]
    pieces = [
        *("army", "my", "My", "MY", "our", "Our", "ours", "team", "name", "is", "was", "thank", "Thank"),
        *("you", "for", "Ava", "the lab", "my team is Nova", "Our  makers", "Thank the lab for", "economy"),
    ]
    hits = 0
    for source in sources:
        plain = re.compile(source)
        find = L.literal_scan(plain)
        assert isinstance(getattr(find, "__self__", None), L.Openings), source
        for text in _texts(pieces, 11):
            want = _found(plain.finditer(text))
            assert _found(find(text)) == want, (source, text)
            hits += bool(want)
    assert hits > 2000


def test_a_case_scan_reads_a_boundary_before_its_start() -> None:
    plain = re.compile(r"[Mm](?<=\bM|\bm)y (?P<w>\w+)")
    find = L.literal_scan(plain)
    text = "army my team"  # the first "my" found opens inside "army": no match there, one after
    assert _found(find(text)) == _found(plain.finditer(text)) == [((5, 12), ("team",))]
