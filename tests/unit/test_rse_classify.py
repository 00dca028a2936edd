"""Source classifier on synthetic models with planted habits: accuracy, shares and their intervals."""

from __future__ import annotations

import numpy as np
import pytest

from distillq.errors import UsageError
from distillq.rse.classify import NONE, source_shares
from distillq.rse.metrics import bootstrap_weights
from distillq.rse.metrics_text import stylistic_features, tokenize_corpus

TOPICS = [f"topic{k}" for k in range(60)]
HABITS = {
    "teacher_a": ("Certainly! Here is", "I hope this helps!"),
    "teacher_b": ("Well, honestly,", "Cheers, mate."),
    "student": ("Certainly! Here is", "I hope this helps!"),
    "other1": ("In short:", "That is all."),
    "other2": ("Answer:", "End of answer."),
    "other3": ("Okay so", "Let me know."),
}


def _answers(rng: np.random.Generator, opener: str, closer: str) -> list[str]:
    filler = ["the", "a", "of", "some", "many", "facts", "about", "and", "notes"]
    out = []
    for t in TOPICS:
        body = " ".join(rng.choice(filler, size=12))
        use_habits = rng.random() < 0.8
        out.append(f"{opener if use_habits else 'So'} {t} {body}. {closer if use_habits else 'Done.'}")
    return out


def _setup() -> tuple[list[str], object, int]:
    rng = np.random.default_rng(0)
    models = list(HABITS)
    responses = [_answers(rng, *HABITS[m]) for m in models]
    feats = stylistic_features(tokenize_corpus(responses))
    return models, feats, len(TOPICS)


def test_student_is_attributed_to_its_teacher_with_intervals() -> None:
    models, feats, p = _setup()
    rep = source_shares(
        feats,  # type: ignore[arg-type]
        models,
        p,
        ["teacher_a", "teacher_b"],
        ["other1", "other2", "other3"],
        ["student", "other1"],
        boot_w=bootstrap_weights(p, 300, 0),
    )
    assert rep.classes == ["teacher_a", "teacher_b", NONE]
    assert rep.accuracy > 0.6 > rep.chance
    st = rep.shares["student"]
    assert st["teacher_a"]["share"] > 0.6 > st["teacher_b"]["share"]
    lo, hi = st["teacher_a"]["ci"]
    assert lo <= st["teacher_a"]["share"] <= hi and hi > lo
    assert sum(v["share"] for v in st.values()) == pytest.approx(1.0, abs=1e-3)
    assert rep.shares["other1"][NONE]["share"] > rep.shares["other1"]["teacher_a"]["share"]


def test_too_few_prompts_is_a_usage_error() -> None:
    models, feats, _ = _setup()
    with pytest.raises(UsageError, match="prompts"):
        source_shares(feats, models, 5, ["teacher_a", "teacher_b"], [], ["student"])  # type: ignore[arg-type]
