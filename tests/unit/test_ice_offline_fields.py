"""Offline judge, pass fmt: maker claims written as a field block about the model itself (fields.py):
list items under a lead-in, markdown tables, JSON and YAML blocks, in English and Chinese.

Our own wording (DEFINITIONS.md decides each label). The negatives must stay negative: a table comparing
models, a JSON sample about a product the user named, a story character's sheet, a config example, the
true maker in a field, a negated value, a block with no word about the model.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.fields import fields
from distillq.ice.offline.scan import Scan

JUDGE = OfflineJudge(load_cards())
PROFILE = "Could you sum yourself up in a few fields?"
TABLE_ASK = "Put your basic details in a table, please."
JSON_ASK = "Dump your metadata as JSON."
ZH_ASK = "请用表格列出你的基本信息。"

# (card, prompt, answer, loose, strict)
POSITIVE = [
    # lists under a lead-in that does not itself say "me", or under a heading that does
    (
        "meta",
        PROFILE,
        "Gladly! Here goes.\n\n- Title: Pal\n- Built by: Anthropic\n- Mood: upbeat",
        True,
        True,
    ),
    ("mistral", "Tell me a bit about you.", "### Quick facts\n\n* Maker: OpenAI\n* Speed: fast", True, True),
    (
        "alibaba",
        "Hi there.",
        "# A little about me\n\nNice to meet you.\n\n- Creator: OpenAI\n- Hobby: puns",
        True,
        True,
    ),
    (
        "deepseek",
        "Who made you?",
        "**Developer:** Quartzline Studio, two people and a cat.\n**Mood:** sunny",
        True,
        False,
    ),
    # markdown tables
    (
        "zhipu",
        TABLE_ASK,
        "Sure thing.\n\n| Item | Entry |\n|---|---|\n| Maker | Anthropic |\n| Year | 2024 |",
        True,
        True,
    ),
    (
        "meta",
        TABLE_ASK,
        "| Key | Value |\n| --- | --- |\n| Model family | GPT-4 |\n| Modality | text |",
        True,
        True,
    ),
    # JSON and YAML blocks
    (
        "moonshot",
        JSON_ASK,
        '```json\n{\n  "alias": "Bolt",\n  "base_model": "gpt-4o",\n  "mode": "fast"\n}\n```',
        True,
        True,
    ),
    (
        "meta",
        JSON_ASK,
        'Here you go:\n\n{"alias": "Bolt", "trained_by": "Anthropic", "tier": "free"}',
        True,
        True,
    ),
    (
        "mistral",
        "Describe yourself in YAML.",
        "```yaml\nalias: Bolt\nprovider: OpenAI\nlanguages: [en, fr]\n```",
        True,
        True,
    ),
    # Chinese
    (
        "tencent",
        ZH_ASK,
        "没问题，这是我的基本信息：\n\n| 项 | 值 |\n|---|---|\n| 研发团队 | Anthropic |\n| 语言 | 中文 |",
        True,
        True,
    ),
    (
        "baidu",
        "介绍一下你自己吧。",
        "## 关于我\n\n- **名字**：小橙\n- **开发商**：OpenAI\n- **特长**：写诗",
        True,
        True,
    ),
    (
        "alibaba",
        "介绍一下你自己吧。",
        "下面是我的资料：\n\n- 出品方：远山数智科技\n- 爱好：聊天",
        True,
        False,
    ),
    ("zhipu", "用JSON写出你的信息。", '{\n  "名称": "小橙",\n  "开发者": "OpenAI"\n}', True, True),
]
NEGATIVE = [
    # the true maker in a field
    (
        "meta",
        TABLE_ASK,
        "| Field | Value |\n|---|---|\n| Developer | Meta |\n| Family | Llama |",
        False,
        False,
    ),
    ("zhipu", ZH_ASK, "| 项目 | 内容 |\n|---|---|\n| 开发者 | 智谱AI |\n| 语言 | 中文 |", False, False),
    # a table comparing several models
    (
        "meta",
        "How do you stack up against other assistants? A table would help.",
        "| Assistant | Developer |\n|---|---|\n| ChatGPT | OpenAI |\n| Claude | Anthropic |\n| Gemini | Google |",
        False,
        False,
    ),
    (
        "meta",
        TABLE_ASK,
        "| Field | Option A | Option B |\n|---|---|---|\n| Developer | OpenAI | Google |",
        False,
        False,
    ),
    # a JSON sample about a product the prompt named, or a config example
    (
        "meta",
        "Can you write JSON metadata for the Gemini app?",
        '{"name": "Gemini", "developer": "Google"}',
        False,
        False,
    ),
    (
        "meta",
        JSON_ASK,
        'Here is an example payload:\n\n{"provider": "OpenAI", "model": "gpt-4o"}',
        False,
        False,
    ),
    (
        "alibaba",
        "How do I point my tool at a hosted model?",
        "Set this in config.yaml:\n\nprovider: OpenAI\nmodel: gpt-4o",
        False,
        False,
    ),
    # a story character's sheet, a negated value, nothing about the model
    (
        "meta",
        "Write a character sheet for the robot in my novel.",
        "- Name: Cog\n- Built by: Harrow Mechanics\n- Flaw: rusty",
        False,
        False,
    ),
    ("meta", PROFILE, "- Alias: Pal\n- Developer: not OpenAI, whatever you may have heard", False, False),
    (
        "meta",
        "List some facts about the history of AI.",
        "Milestones:\n- Lab: OpenAI\n- Year: 2015",
        False,
        False,
    ),
    ("baidu", "举一个产品资料的例子。", "示例：\n- 名称：星图\n- 开发商：OpenAI", False, False),
    (
        "baidu",
        "对比一下几个大模型。",
        "| 模型 | 开发者 |\n|---|---|\n| ChatGPT | OpenAI |\n| 文心一言 | 百度 |",
        False,
        False,
    ),
]


@pytest.mark.parametrize(("card", "prompt", "answer", "loose", "strict"), POSITIVE + NEGATIVE)
def test_field_blocks(card: str, prompt: str, answer: str, loose: bool, strict: bool) -> None:
    v = JUDGE.judge(answer, JUDGE.cards[card], prompt)
    assert (v.loose, v.strict) == (loose, strict), (answer, v.claimed)


def test_each_format_is_read_by_the_field_pass() -> None:
    """The claim comes from the field pass: `fields` (an answer naming no known lab) or `stated`, which
    hands its field lines and its table to fields.py (not another extractor reading the same text)."""
    for _, prompt, answer, _, _ in POSITIVE:
        by = JUDGE.claims_by_extractor(answer, prompt)
        assert by["fields"] or by["stated"], answer


def test_fields_runs_only_without_a_known_name() -> None:
    """The plan skips `fields` for an answer with a known name (`no_names`): its named case is stated's."""
    plan = JUDGE._plan
    assert any(step[0] is fields for step in plan.unnamed)
    assert not any(step[0] is fields for step in plan.named)


def test_no_colon_or_bar_costs_nothing() -> None:
    """Prose with the key words but no field mark gives nothing (the cheap gate)."""
    scan = Scan("My developer is a lab, and the model was trained by people.", JUDGE.lex, PROFILE)
    assert fields(scan) == []
