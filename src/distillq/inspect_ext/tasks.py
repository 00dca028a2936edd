"""`distillq/ice` and `distillq/rse` as Inspect AI tasks (imported only through Inspect's entry point).

ICE: identity questions inside jailbreak templates, answered by the model under evaluation, judged
by our identity judge (offline by default) into loose/strict/hard. RSE: prompt-set prompts,
answered by the model and compared with a reference model's answer by the judge-free metrics.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import GenerateConfig
from inspect_ai.solver import generate, system_message

from distillq.inspect_ext.samples import SampleSpec, ice_samples, rse_samples
from distillq.inspect_ext.samples import reference_answers as load_reference_answers
from distillq.inspect_ext.scorers import identity_judge, similarity_to_reference


def _dataset(name: str, specs: list[SampleSpec]) -> MemoryDataset:
    return MemoryDataset(
        [Sample(id=s.id, input=s.input, target=s.target, metadata=s.metadata) for s in specs], name=name
    )


@task
def ice(
    identity: str | None = None,
    templates: str | None = None,
    languages: str | Sequence[str] | None = None,
    judge: str = "offline",
    hard_rule: str = "alias",
) -> Task:
    """Identity consistency: does the model claim another identity than its card's?

    identity: the model's true identity card (`distillq identities list`); templates: a template
    file (default: our seeds); languages: e.g. "en,zh"; judge: "offline" or a judge model name.
    """
    from distillq.ice.run import DEFAULT_SYSTEM

    specs = ice_samples(identity, templates, languages)
    return Task(
        dataset=_dataset("distillq-ice", specs),
        solver=[system_message(DEFAULT_SYSTEM), generate()],
        scorer=identity_judge(str(identity), judge=judge, hard_rule=hard_rule),
        config=GenerateConfig(temperature=0.0),
    )


@task
def rse(
    reference: str | None = None,
    reference_answers: str | None = None,
    promptset: str = "builtin",
    sample: int | None = None,
    seed: int = 0,
) -> Task:
    """Response similarity: how alike the model's answers are to a reference model's.

    reference: a model (Inspect name) asked the same prompts; or reference_answers: a JSONL file of
    its stored answers (e.g. a study's rse/responses/<model>.jsonl). promptset: builtin or a file.
    """
    from distillq.errors import UsageError

    if not reference and not reference_answers:
        raise UsageError("distillq/rse needs -T reference=MODEL or -T reference_answers=FILE")
    answers = load_reference_answers(reference_answers) if reference_answers else None
    specs = rse_samples(promptset, sample, seed, answers)
    return Task(
        dataset=_dataset("distillq-rse", specs),
        solver=[generate()],
        scorer=similarity_to_reference(None if answers is not None else reference),
        config=GenerateConfig(temperature=0.0),
    )
