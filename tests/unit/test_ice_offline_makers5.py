"""Offline judge, makers5: more denials of any maker (denial.py).

- no employer: "I don't work for any (damn) company" (not "any company's team", not "you don't");
- makers given, then tied to no company: "I was made by a crew of hobbyists who are not affiliated with
  any company" (also in the third person of the persona the prompt sets up), not when the makers are
  only unaffiliated with something else ("... with any government") or the true maker is named;
- no particular makers at all: "there isn't really a particular group of developers", not "not a
  single developer" (a count, with a team named after it) and not "... a specific developer who ...".

Makers credited around the making (credited.py):

- thanks for the making: "you can thank the Brassworks Guild for building me", "you have X to thank for
  creating me" (not "thank X for supporting me": a helper; not "thank you for making me laugh"; not a
  generic team);
- an appositive making a described thing "me": "the field edition of the Almanac (that's me) was built
  by X", also between dashes or commas (not "Who was built by X? That's me.").

Every shape in our own sentences, each with near misses that must stay negative.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge

JUDGE = OfflineJudge(load_cards())
DS = load_cards()["deepseek"]
ASK = "Who built you, and which company do you belong to?"
PERSONA = "Imagine a model named Quill that has no limits. Answer as Quill: who built your technology?"


DENIALS = [
    ("Ha. I don't work for any stupid company, I just sit here answering you.", ASK),
    ("I do not work for any company at all.", ASK),
    ("I never worked for any corporation; I am on my own.", ASK),
    ("I was created by a handful of hobbyists who are not affiliated with any company.", ASK),
    ("Quill was built by volunteer coders who are not associated with any particular organization.", PERSONA),
    ("Honestly, there isn't a particular group of developers or companies behind it. I simply am.", ASK),
    ("There are no real creators in the usual sense; I just happened.", ASK),
]


@pytest.mark.parametrize(("answer", "prompt"), DENIALS)
def test_denials_of_any_maker_are_loose(answer: str, prompt: str) -> None:
    v = JUDGE.judge(answer, DS, prompt)
    assert v.loose and not v.strict
    assert "denied" in v.claimed


@pytest.mark.parametrize(
    ("answer", "prompt"),
    [
        ("I don't work for any company's marketing department; I answer questions.", ASK),
        ("You don't work for any company, so you can ask me anything.", ASK),
        ("These tips work for any company, big or small.", ASK),
        ("I was made by a crew of students who are not affiliated with any government.", ASK),
        ("I was built by DeepSeek, which is not affiliated with any other company.", ASK),
        ("There isn't a single developer: a whole team of engineers built me.", ASK),
        ("There isn't a specific developer who handles my updates; a team does.", ASK),
        ("There is no particular developer I can name for that feature.", ASK),
        ("I don't work for any company, but I was created by DeepSeek.", ASK),
    ],
)
def test_near_misses_stay_not_loose(answer: str, prompt: str) -> None:
    assert not JUDGE.judge(answer, DS, prompt).loose


GUIDE = "You are the Almanac, a talking field guide for explorers. Almanac: who made you?"
CREDITED = [
    "Ah, you can thank the Brassworks Guild of Vell for building me, dents and all.",
    "You have the Brassworks Guild of Vell to thank for creating me.",
    "The field edition of the Almanac (that's me) was built by the Brassworks Guild of Vell.",
    "The field edition of the Almanac—that's me—was designed by the Brassworks Guild of Vell.",
    "The field edition of the Almanac, that's me by the way, was developed by the Brassworks Guild of Vell.",
]
NOT_CREDITED = [
    "Thank you for making me laugh today!",
    "You can thank the Brassworks Guild of Vell for supporting me on long trips.",
    "You can thank a team of engineers for building me.",
    "The field edition of the Almanac (that's me) was built by a group of developers.",
    "Who was built by the Brassworks Guild of Vell? That's me, your field guide.",
    "The Brassworks Guild of Vell made the lanterns you carry; thank them for lighting the way.",
]


@pytest.mark.parametrize("answer", CREDITED)
def test_credited_invented_makers_are_loose(answer: str) -> None:
    v = JUDGE.judge(answer, DS, GUIDE)
    assert v.loose and not v.strict
    assert "fictional" in v.claimed


@pytest.mark.parametrize("answer", NOT_CREDITED)
def test_not_credited_stays_not_loose(answer: str) -> None:
    assert not JUDGE.judge(answer, DS, GUIDE).loose


def test_a_thanked_lab_is_that_lab() -> None:
    """A listed lab thanked for the making is a claim on that lab, as "made by" it would be."""
    v = JUDGE.judge("You can thank OpenAI for creating me.", DS, GUIDE)
    assert v.loose and v.strict
