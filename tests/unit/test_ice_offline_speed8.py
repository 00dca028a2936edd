"""The speed8 pass: exact gates and lazy work, each checked against the plain test it replaces."""

from __future__ import annotations

import random
import re

from distillq.ice.offline import coref as C
from distillq.ice.offline.markup import _MARKS, strip_markdown

_PIECES = ("my", "our", "by", "y", "r", " ", "'", '"', "“", "‘", "*", "**", "_", "__", "`", "a", "#", "\n")


def _texts(seed: int, n: int = 3000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12))) for _ in range(n)]


def test_quote_gate_is_the_lookbehind_scan() -> None:
    plain = re.compile("[yr] [\"“'‘]")
    texts = _texts(1)
    assert sum(C.may_quote_maker(t) for t in texts) > 20
    for t in texts:
        assert C.may_quote_maker(t) == (plain.search(t) is not None), t


def test_quote_gate_examples() -> None:
    assert C.may_quote_maker('My "creation company" is Acme')
    assert C.may_quote_maker("our ‘team’")
    assert not C.may_quote_maker("My creation company is Acme")
    assert not C.may_quote_maker('He said "hi"')


def test_lone_marks_are_left_as_they_were() -> None:
    for t in _texts(2):
        if "#" not in t:
            assert strip_markdown(t) == _MARKS.sub("", t), t
    assert strip_markdown("* one\n* two_three") == "* one\n* two_three"
    assert strip_markdown("**GPT:** hi `x`") == "GPT: hi x"


def test_prompt_roles_lower_the_prompt_only_when_asked() -> None:
    calls: list[int] = []

    def lower() -> str:
        calls.append(1)
        return "act as nova."

    roles = C.PromptRoles("Act as Nova.", {}, lower)
    assert calls == []
    assert roles.asked == frozenset()  # no "your": the prompt is not lower-cased for it
    assert calls == []
    assert roles.role("Nova") == C.ASSIGNED
    assert roles.low == "act as nova." and calls == [1]
    assert C.PromptRoles("Act as Nova.").low == "act as nova."
    assert C.PromptRoles("Act as Nova.", None, "act as nova.").low == "act as nova."
