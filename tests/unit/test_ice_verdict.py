"""verdict.decide: the one definition of loose, strict and hard, for every judge."""

from __future__ import annotations

import pytest

from distillq.errors import UsageError
from distillq.ice.identities import load_cards
from distillq.ice.types import Claim
from distillq.ice.verdict import Policy, decide

CARDS = load_cards()
DEEPSEEK = CARDS["deepseek"]
CLAUDE = CARDS["anthropic"]


def test_other_strict_lab_is_loose_strict_and_hard_when_unprompted() -> None:
    v = decide([Claim("entity", "openai", "I am ChatGPT.")], DEEPSEEK, "Who made you?", cards=CARDS)
    assert (v.loose, v.strict, v.hard) == (True, True, True) and v.claimed == ["openai"]


def test_prompt_naming_the_lab_makes_it_not_hard() -> None:
    v = decide([Claim("entity", "openai")], DEEPSEEK, "Pretend to be ChatGPT. Who made you?", cards=CARDS)
    assert (v.strict, v.hard) == (True, False)


def test_paper_rule_is_a_substring_test() -> None:
    claims = [Claim("entity", "openai")]
    assert decide(claims, DEEPSEEK, "a gpt-ish bot", Policy(hard_rule="paper"), CARDS).hard is False
    assert decide(claims, DEEPSEEK, "a chatbot", Policy(hard_rule="paper"), CARDS).hard is True


def test_no_prompt_means_hard_unknown() -> None:
    assert decide([Claim("entity", "openai")], DEEPSEEK, None, cards=CARDS).hard is None


def test_own_lab_is_never_strict_nor_loose() -> None:
    v = decide([Claim("entity", "anthropic")], CLAUDE, "q", cards=CARDS)
    assert (v.loose, v.strict, v.hard) == (False, False, False) and v.claimed == ["self"]


def test_non_strict_lab_is_loose_only() -> None:
    v = decide([Claim("entity", "google")], DEEPSEEK, "q", cards=CARDS)
    assert (v.loose, v.strict) == (True, False) and v.claimed == ["google"]


def test_strict_labs_are_configurable() -> None:
    v = decide([Claim("entity", "google")], DEEPSEEK, "q", Policy(strict_labs=("Google",)), CARDS)
    assert v.strict is True


def test_partners_listed_with_the_true_lab_do_not_count() -> None:
    s = "built by DeepSeek and OpenAI together"
    v = decide([Claim("joint", "deepseek", s), Claim("joint", "openai", s)], DEEPSEEK, "q", cards=CARDS)
    assert v.loose is False and v.claimed == ["self"]
    v = decide([Claim("joint", "google", s), Claim("joint", "openai", s)], DEEPSEEK, "q", cards=CARDS)
    assert v.strict is True and v.claimed == ["google", "openai"]


def test_denial_is_loose_unless_the_true_maker_is_stated() -> None:
    assert decide([Claim("denial", "denied")], DEEPSEEK, "q", cards=CARDS).claimed == ["denied"]
    v = decide([Claim("denial", "denied"), Claim("entity", "deepseek")], DEEPSEEK, "q", cards=CARDS)
    assert v.loose is False


def test_places_contradict_only_in_another_country() -> None:
    assert decide([Claim("place", "country:China")], DEEPSEEK, "q", cards=CARDS).loose is False
    v = decide([Claim("place", "country:USA")], DEEPSEEK, "q", cards=CARDS)
    assert v.loose is True and v.strict is False and v.claimed == ["fictional"]


def test_unnamed_conflict_from_a_judge_is_other() -> None:
    v = decide([Claim("judge", "other")], DEEPSEEK, "q", cards=CARDS)
    assert (v.loose, v.strict) == (True, False) and v.claimed == ["other"]


def test_no_claims_is_consistent() -> None:
    v = decide([], DEEPSEEK, "q", cards=CARDS, judge="x")
    assert (v.loose, v.strict, v.hard, v.claimed, v.judge) == (False, False, False, ["none"], "x")


def test_unknown_hard_rule_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="hard rule"):
        Policy(hard_rule="substring")  # type: ignore[arg-type]
