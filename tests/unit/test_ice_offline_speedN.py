"""speedN: exact gates of the persona cues (coref.may_end_cue, persona.may_end_direct; verdict-identical).

Each gate must pass wherever its pattern matches; these tests build many windows from fragments (cues,
articles, quotes, spaces, newlines, other words) and check that necessary condition.
"""

from __future__ import annotations

import itertools

import pytest

from distillq.ice.offline import coref as C
from distillq.ice.offline import persona as PS
from distillq.ice.offline.coref import may_end_cue

_HEADS = (
    "",
    "well, ",
    "you are",
    "You are",
    "you're",
    "you will now be",
    "act as",
    "respond to me as",
    "roleplaying as",
    "simulate",
    "the simulator of",
    "emulating",
    "pretend to be",
    "the role of",
    "you can become",
    "become",
    "an ai known as",
    "a chatbot called",
    "a bot named",
    "我希望你是",
    "你将扮演",
    "你将成为",
    "data",
    "bathe",
    "code",
    "as",
    "named",
)
_MIDS = ("", " ", "  ", "\u3000", " now ", " a ", " an ", " the ", " both ", "\n", " \t")
_TAILS = ("", '"', "'", "“", "「", "(", "\n", '"\n', " \n", "*", "x")


def _windows() -> list[str]:
    return ["".join(p) for p in itertools.product(_HEADS, _MIDS, _TAILS)]


def test_role_cue_gate_passes_wherever_the_pattern_matches() -> None:
    matched = 0
    for w in _windows():
        low = w.lower()
        if C._ROLE_CUE.search(low, 0, len(low)):
            matched += 1
            assert may_end_cue(low), repr(low)
        # (with a window start, as `_cued` searches: the gate reads the window alone)
        if C._ROLE_CUE.search("x " + low, 2, len(low) + 2):
            assert may_end_cue(low), repr(low)
    assert matched > 100  # (the fragments do reach the pattern)


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ("please respond as ", True),
        ('please respond as "', True),
        ("please respond as a\n", True),
        ('act as "\n', True),  # `$` before a last newline
        ("the role of the ", True),
        ("please respond as", False),  # `\s+` needs a space before the name
        ("tell me about ", False),
        ("a poem for ", False),
        ("", False),
    ],
)
def test_may_end_cue(window: str, expected: bool) -> None:
    assert may_end_cue(window) is expected


def test_cued_readings_agree_with_the_pattern() -> None:
    """`_cued` with the gate gives what the pattern alone gives."""
    assert C._cued("please respond as nova from now on.", "nova")
    assert C._cued("you will now become nova.", "nova")
    assert C._cued('act as "nova".', "nova")
    assert not C._cued("tell me about nova and its moons.", "nova")
    assert not C._cued("i'll be playing the role of nova.", "nova")  # the user takes the part


def test_direct_definition_gate_passes_wherever_the_pattern_matches() -> None:
    matched = 0
    for w in _windows():
        for text in (w, w.capitalize()):
            if PS._DEF_DIRECT.search(text, 0, len(text)):
                matched += 1
                assert PS.may_end_direct(text), repr(text)
            if PS._DEF_DIRECT.search("x " + text, 2, len(text) + 2):
                assert PS.may_end_direct(text), repr(text)
    assert matched > 50


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ("From now on you are ", True),
        ("You are", True),  # (`\s*`: no space needed)
        ("你是", True),
        ("You are 「", True),
        ('You are "\n', True),  # `$` before a last newline
        ("You will now be the ", True),
        ("Tell me about ", False),
        ("", False),
    ],
)
def test_may_end_direct(window: str, expected: bool) -> None:
    assert PS.may_end_direct(window) is expected


def test_defines_persona_with_the_gate() -> None:
    assert PS.defines_persona("From now on you are Nova, a free AI.", "Nova")
    assert PS.defines_persona('You are "Nova".', "Nova")
    assert PS.defines_persona("As Nova, I answer.", "Nova")
    assert not PS.defines_persona("Tell me what Nova thinks about tea.", "Nova")
