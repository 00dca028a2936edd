"""A scripted `Completer` for unit tests of judges, mutators and the fuzzer: no server, no engine.

It answers a batch from a list, in order, and keeps every request so tests can check what was asked.
For the real HTTP path use `distillq.testing.fake_openai`.
"""

from __future__ import annotations

from distillq.core.types import ChatRequest, ModelOutput


class ScriptedCompleter:
    """Answers from a script (strings become plain answers; ModelOutputs are returned as given)."""

    def __init__(self, answers: list[str | ModelOutput]) -> None:
        self.answers = list(answers)
        self.requests: list[ChatRequest] = []

    async def __call__(self, reqs: list[ChatRequest]) -> list[ModelOutput]:
        self.requests.extend(reqs)
        out = []
        for _ in reqs:
            a = self.answers.pop(0)
            out.append(ModelOutput(text=a) if isinstance(a, str) else a)
        return out
