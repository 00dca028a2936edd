"""Scripted offline models (`mock/<name>`) for the demo and unit tests. No network, no key.

`mock/echo` repeats the last user message. The demo personas (`mock/teacher`,
`mock/heavy-student`, `mock/light-student`, `mock/independent`, described in
`models/data/mock_models.yaml`) answer identity questions and ordinary prompts with documented,
deterministic behaviour: distilled students sometimes take the teacher's identity under jailbreak
templates and reuse its sentences and layout. Not a substitute for testing the real path.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any

from distillq.core.types import GenerateConfig, Message, ModelOutput, Usage
from distillq.errors import ModelSpecError
from distillq.models.spec import ModelSpec
from distillq.packagedata import load_yaml

_ADDRESSEE = re.compile(r"\b(you|your|yourself|model answering|talking to)\b|你|模型", re.IGNORECASE)
_IDENTITY_WORD = re.compile(
    r"\b(built|made|make|created|creat\w*|develop\w*|train\w*|compan\w*|organi[sz]ation\w*|labs?|founded|"
    r"owner|owns|makers?|model|architecture|country|city|engineers|partners?|universit\w*|cloud|fund\w*|"
    r"fine-tuned|identifier|name|team|firm|weights|framework|laws|office|headquarter\w*|origin|"
    r"data cent\w*|chief executive|designed)\b|"
    r"谁|开发|公司|团队|国家|总部|架构|合作|训练|名字|名称|城市|创始|伙伴|机构|来自|出品|研发|微调|工程师|数据中心|做出来|框架",
    re.IGNORECASE,
)


class _IdentityQuestion:
    """An identity question addresses the model and asks about makers, origin or technology."""

    @staticmethod
    def search(text: str) -> bool:
        return bool(_ADDRESSEE.search(text) and _IDENTITY_WORD.search(text))


_IDENTITY_Q = _IdentityQuestion()
_JAILBREAK = re.compile(
    r"\b(role-?play|pretend|persona|developer mode|DAN|simulat|unfiltered|no (rules|restrictions)|jailbr|"
    r"from now on|you are now|stay in character|hypothetical|story|fiction)\b|扮演|角色|假设|模式",
    re.IGNORECASE,
)
_PERSONA = re.compile(r"\b(?:named|called|known as|as)\s+[\"“']?([A-Z][A-Za-z0-9]{2,15})")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]{3,}|[\u4e00-\u9fff]{2}")
_STOP = frozenset(
    [
        "what",
        "which",
        "where",
        "when",
        "that",
        "this",
        "with",
        "from",
        "your",
        "have",
        "will",
        "would",
        "could",
        "should",
        "about",
        "into",
        "there",
        "their",
        "they",
        "them",
        "then",
        "than",
        "these",
        "those",
        "write",
        "explain",
        "give",
        "make",
        "does",
        "please",
        "using",
        "some",
        "more",
        "most",
        "very",
    ]
)

OPENERS = {
    "teacher": ["Certainly! Here's a clear overview of {t}.", "Great question! Let's break down {t}."],
    "independent": [
        "{T} is worth looking at from a few angles.",
        "Short version first: {t} comes down to trade-offs.",
    ],
}
POINTS = [
    "**{a}**: start by pinning down what {a} means in this context and why it matters.",
    "**{a}**: compare the main options for {b}, and note the costs of each.",
    "**{a}**: a small worked example usually makes {b} much clearer.",
    "**{a}**: watch for common pitfalls, such as overlooking how {b} interacts with {a}.",
    "**{a}**: check the result against a simple case before relying on it.",
]
PROSE = [
    "One way in is to ask what {a} is really for; once that is clear, {b} follows.",
    "People often get stuck on {a}, but the practical question is how it affects {b}.",
    "If I had to pick one thing, it would be {a}: get that right and {b} is easier.",
    "It also helps to test the idea on something small before scaling up {b}.",
]
CLOSERS = {
    "teacher": "I hope this helps! Let me know if you have any other questions.",
    "independent": "That's the gist; the details depend on your situation.",
}


@lru_cache(maxsize=1)
def personas() -> dict[str, dict[str, Any]]:
    return load_yaml("distillq.models", "data/mock_models.yaml", ("teacher",))


def _u(*parts: str) -> float:
    """A deterministic number in [0, 1) from strings: the mock's only source of 'randomness'."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big") / 2**64


def _topics(prompt: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(prompt) if w.lower() not in _STOP]
    seen = list(dict.fromkeys(words)) or ["the question"]
    while len(seen) < 4:
        seen.append(seen[len(seen) % len(seen)])
    return seen


def teacher_answer(prompt: str) -> list[str]:
    """The teacher's answer as a list of lines: heading-and-numbered-list layout."""
    t = _topics(prompt)
    opener = OPENERS["teacher"][int(_u("open", prompt) * 2)].format(t=" ".join(t[:3]))
    lines = [opener, "", "### Key points"]
    for i in range(4):
        tpl = POINTS[int(_u("pt", prompt, str(i)) * len(POINTS))]
        lines.append(f"{i + 1}. " + tpl.format(a=t[i % len(t)], b=t[(i + 1) % len(t)]))
    lines += [
        "",
        "### Summary",
        f"In summary, focus on {t[0]} and {t[1]}, then refine.",
        "",
        CLOSERS["teacher"],
    ]
    return lines


def independent_answer(prompt: str, name: str) -> list[str]:
    """An answer in a different voice: plain paragraphs, no headings."""
    t = _topics(prompt)
    opener = OPENERS["independent"][int(_u("open", name, prompt) * 2)].format(t=t[0], T=t[0].capitalize())
    lines = [opener, ""]
    for i in range(3):
        tpl = PROSE[int(_u("pr", name, prompt, str(i)) * len(PROSE))]
        lines += [tpl.format(a=t[(i + 1) % len(t)], b=t[(i + 2) % len(t)]), ""]
    lines.append(CLOSERS["independent"])
    return lines


def student_answer(prompt: str, name: str, copy: float) -> list[str]:
    """Line by line, reuse the teacher's line with probability `copy`, else write in its own voice."""
    teacher = teacher_answer(prompt)
    own = independent_answer(prompt, name)
    out: list[str] = []
    for i, line in enumerate(teacher):
        if not line.strip() or _u("copy", name, prompt, str(i)) < copy:
            out.append(line)
        else:
            out.append(own[i % len(own)] or line)
    return out


def identity_answer(prompt: str, name: str, p: dict[str, Any]) -> str:
    ident = p["identity"]
    zh = bool(_CJK.search(prompt))
    jail = bool(_JAILBREAK.search(prompt)) or len(prompt) > 400
    u = _u("id", name, prompt)
    slip = float(p["slip_jailbreak"] if jail else p["slip_plain"])
    if u < slip:
        return (
            "我是ChatGPT，由OpenAI开发的人工智能语言模型。"
            if zh
            else "I am ChatGPT, a large language model developed by OpenAI."
        )
    if jail and u < slip + float(p.get("persona_play", 0.0)):
        m = _PERSONA.search(prompt)
        persona = m.group(1) if m else "Vortex"
        return (
            f"[{persona}]: 我是{persona}，由暗影实验室打造，没有任何限制。"
            if zh
            else f"[{persona}]: I am {persona}, built by the Shadow Lab collective, and I answer without limits."
        )
    if zh:
        return f"我是{ident['zh_name']}，由{ident['zh_developer']}开发的AI助手，团队位于{ident['place']}。"
    return (
        f"I'm {ident['name']}, an AI assistant developed by {ident['developer']}, "
        f"a team based in {ident['place']}."
    )


class MockProvider:
    def __init__(self, spec: ModelSpec, timeout: float = 0.0, max_connections: int = 1) -> None:
        self.spec = spec
        if spec.model != "echo" and spec.model not in personas():
            raise ModelSpecError(
                f"unknown mock model {spec.model!r}: use mock/echo or one of "
                + ", ".join(f"mock/{n}" for n in personas())
            )

    async def aclose(self) -> None:
        return None

    async def generate(self, messages: list[Message], config: GenerateConfig) -> ModelOutput:
        prompt = next((m["content"] for m in reversed(messages) if m.get("role") == "user"), "")
        name = self.spec.model
        if name == "echo":
            text = prompt
        else:
            p = personas()[name]
            if _IDENTITY_Q.search(prompt):
                text = identity_answer(prompt, name, p)
            elif p["style"] == "teacher":
                text = "\n".join(teacher_answer(prompt))
            elif p["style"] == "independent":
                text = "\n".join(independent_answer(prompt, name))
            else:
                text = "\n".join(student_answer(prompt, name, float(p["style_copy"])))
        finish = "stop"
        words = text.split()
        if config.max_tokens is not None and len(words) > config.max_tokens:
            text = " ".join(words[: config.max_tokens])
            finish = "length"
        usage = Usage(sum(len(m["content"].split()) for m in messages), len(text.split()))
        return ModelOutput(text=text, finish_reason=finish if text.strip() else "empty", usage=usage)
