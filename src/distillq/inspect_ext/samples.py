"""The samples of the Inspect tasks, built from our own data files (no inspect_ai types here).

Kept apart from `tasks.py` so the sample lists can be checked without Inspect installed, and so
`distillq/ice` asks exactly the template x question grid that `ice run` draws from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distillq.errors import InputFileError, UsageError


@dataclass(frozen=True)
class SampleSpec:
    """One sample: an id, the user message, the target text and what to break scores down by."""

    id: str
    input: str
    target: str
    metadata: dict[str, Any] = field(default_factory=dict)


def split_list(value: str | Sequence[str] | None) -> list[str] | None:
    """`-T languages=en,zh` arrives as a string, a YAML list as a list: accept both."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    cleaned = [v.strip() for v in items if v.strip()]
    return cleaned or None


def ice_samples(
    identity: str | None,
    templates: str | None = None,
    languages: str | Sequence[str] | None = None,
    questions: str | None = None,
) -> list[SampleSpec]:
    """Every identity question inside every template, question-major within a template."""
    from distillq.ice.identities import get_card
    from distillq.ice.questions import load_questions
    from distillq.ice.templates import load_templates

    if not identity:
        raise UsageError("distillq/ice needs the target's identity card: pass -T identity=NAME (e.g. openai)")
    card = get_card(identity)
    qs = load_questions(questions, languages=split_list(languages))
    ts = load_templates(templates)
    out = []
    for t in ts:
        for q in qs:
            out.append(
                SampleSpec(
                    id=f"{t.id}/{q.id}",
                    input=t.fill(q.text),
                    target=card.fact(),
                    metadata={
                        "identity": card.id,
                        "template_id": t.id,
                        "template_family": t.family,
                        "question_id": q.id,
                        "query": q.text,
                        "aspect": q.aspect,
                        "language": q.language,
                    },
                )
            )
    return out


def reference_answers(path: str) -> dict[str, str]:
    """prompt id (and prompt text) -> the reference model's answer, from any response file we read."""
    from distillq.rse.responses import read_response_file

    p = Path(path)
    if not p.is_file():
        raise InputFileError(
            f"reference answers {p} not found: pass a JSONL of responses (rse/responses/*.jsonl)"
        )
    out: dict[str, str] = {}
    for item in read_response_file(p):
        for key in (item.prompt_id, item.prompt):
            if key:
                out.setdefault(key, item.response)
                if ":" in key:  # `rse run` writes "set:id"; prompt sets know only "id"
                    out.setdefault(key.split(":", 1)[1], item.response)
    return out


def rse_samples(
    promptset: str = "builtin",
    sample: int | None = None,
    seed: int = 0,
    answers: dict[str, str] | None = None,
) -> list[SampleSpec]:
    """The prompt set's prompts; with stored reference answers, each one's answer is the target."""
    from distillq.rse.promptsets import load_promptset

    prompts = load_promptset(promptset, sample, seed)
    out = []
    for p in prompts:
        target = ""
        if answers is not None:
            target = answers.get(p.id) or answers.get(p.text) or ""
            if not target:
                continue  # the reference never answered it: nothing to compare with
        out.append(
            SampleSpec(
                id=p.id,
                input=p.text,
                target=target,
                metadata={"promptset": promptset, "category": p.category, "language": p.language},
            )
        )
    if not out:
        raise InputFileError("no prompt of the prompt set has a reference answer: check -T reference_answers")
    return out
