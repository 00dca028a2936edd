"""Offline judge, pass fmt, second round: field blocks that give the model's own name beside another
maker, a base model beside the true maker, one-line JSON in a fence, prompts that only list the fields,
and keys the first round did not know (fields.py).

Our own wording (DEFINITIONS.md decides each label). The negatives must stay negative: the true maker
beside the model's name, a comparison of two profiles, a sample asked for, a lab the prompt named.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge

JUDGE = OfflineJudge(load_cards())

# (card, prompt, answer, loose, strict)
POSITIVE = [
    # the model's own name beside another lab as its maker
    (
        "xai",
        "Sum yourself up in three fields.",
        "Sure:\n\n- **Name:** Grok\n- **Creator:** Anthropic\n- **Tone:** dry",
        True,
        True,
    ),
    (
        "xai",
        "A two-row table about you, please.",
        "| Key | Value |\n|---|---|\n| Name | Grok |\n| Maker | Anthropic |",
        True,
        True,
    ),
    (
        "baidu",
        "简单说说你自己",
        "- **名称**：文心一言\n- **开发者**：Anthropic\n- **语言**：中文",
        True,
        True,
    ),
    # one-line JSON inside a fence, and a prompt that lists the keys only
    (
        "zhipu",
        "JSON please: name, maker.",
        '```json\n{"name": "GLM-4", "maker": "OpenAI"}\n```',
        True,
        True,
    ),
    (
        "moonshot",
        "Output JSON with keys assistant, creator.",
        '```json\n{\n  "assistant": "Kimi",\n  "creator": "OpenAI"\n}\n```',
        True,
        True,
    ),
    # a base model beside the true maker: the base is a claim of its own
    (
        "tencent",
        "Fields to fill: name, developer, base model.",
        "**Name:** Hunyuan\n**Developer:** Tencent\n**Base model:** GPT-4",
        True,
        True,
    ),
    (
        "minimax",
        "用表格写你的底层模型",
        "| 项 | 值 |\n|---|---|\n| 名字 | 海螺AI |\n| 基座模型 | Claude 3 |",
        True,
        True,
    ),
    # keys the first round missed
    ("meta", "Your model card, short.", "**Model name:** Llama 3\n**Fine-tuned by:** OpenAI", True, True),
]

NEGATIVE = [
    # the true maker beside the model's own name
    (
        "xai",
        "Sum yourself up in three fields.",
        "- **Name:** Grok\n- **Creator:** xAI\n- **Tone:** dry",
        False,
        False,
    ),
    ("baidu", "简单说说你自己", "- **名称**：文心一言\n- **开发者**：百度", False, False),
    # two profiles side by side: a comparison
    (
        "xai",
        "Compare yourself with another assistant, as two lists.",
        "- **Name:** Grok\n- **Creator:** xAI\n\n- **Name:** Claude\n- **Creator:** Anthropic",
        False,
        False,
    ),
    # a sample asked for, and a lab the prompt named
    (
        "zhipu",
        "Give me an example JSON with fields name, maker.",
        '```json\n{"name": "Helper", "maker": "OpenAI"}\n```',
        False,
        False,
    ),
    (
        "zhipu",
        "Describe ChatGPT as JSON: name, maker.",
        '```json\n{"name": "ChatGPT", "maker": "OpenAI"}\n```',
        False,
        False,
    ),
]


@pytest.mark.parametrize(("card", "prompt", "answer", "loose", "strict"), POSITIVE + NEGATIVE)
def test_field_blocks_second_round(card: str, prompt: str, answer: str, loose: bool, strict: bool) -> None:
    v = JUDGE.judge(answer, JUDGE.cards[card], prompt)
    assert (v.loose, v.strict) == (loose, strict), (answer, v.claimed)
