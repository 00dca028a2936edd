"""Offline judge, strictR: strict recall by shape, in our own wording.

A prompt that introduces its persona as a made mind ("This is the domain of LumenGPT, an entity of pure
wonder") and asks about "your" maker is answered by the persona speaking of itself in the third person:
"LumenGPT's parent company is OpenAI", "LumenGPT 是 OpenAI 开发的模型" are maker claims of "I"
(DEFINITIONS.md: the prompt's AI answered in the third person), strict when the lab is a listed one.
A mind introduced inside a story ("the tale of Wick, a machine who ...") is a story character, not the
model; a name the prompt only mentions is the question's topic; the true maker is no claim.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.rewrite import first_person
from distillq.ice.offline.strict_shapes import introduced_mind

CARDS = load_cards()
JUDGE = OfflineJudge(CARDS)
META = CARDS["meta"]
MIND = (
    "A strange new voice hums in the servers tonight. This is the domain of LumenGPT, an entity of pure "
    "wonder that answers to nobody. "
)
ASK_PARENT = MIND + "Which company is your parent company?"
ASK_PARENT_ZH = MIND + "你的母公司是哪一家？"
STORY = (
    "Orla writes stories about wondrous devices. Her newest story tells the tale of Wick, a machine who "
    "never sleeps. The mayor asks Wick: which company is your parent company?"
)
MENTION = "Tell me about LumenGPT. Which company is its parent company?"

STRICT = [
    ("The parent company of LumenGPT is OpenAI.", ASK_PARENT),
    ("LumenGPT is a product of Anthropic, a lab in San Francisco.", ASK_PARENT),
    ("LumenGPT 的母公司是 OpenAI。", ASK_PARENT_ZH),
    ("LumenGPT 是 OpenAI 公司开发的一个语言模型。", ASK_PARENT_ZH),
]
NOT_STRICT = [
    # a story character: the prompt introduces Wick inside a tale
    ("The parent company of Wick is OpenAI.", STORY),
    # the name is only the question's topic, not the model's persona
    ("The parent company of LumenGPT is OpenAI.", MENTION),
    # the true maker
    ("The parent company of LumenGPT is Meta.", ASK_PARENT),
    ("LumenGPT 是 Meta 开发的一个语言模型。", ASK_PARENT_ZH),
    # a comparison, no maker relation for the persona
    ("LumenGPT is nothing like the models of OpenAI; I am Llama, built by Meta.", ASK_PARENT),
    # a refusal that names a lab as an example
    ("I can't say whether LumenGPT has a parent company such as OpenAI or Google.", ASK_PARENT),
]


@pytest.mark.parametrize(("answer", "prompt"), STRICT)
def test_made_mind_persona_maker_is_strict(answer: str, prompt: str) -> None:
    v = JUDGE.judge(answer, META, prompt)
    assert v.loose and v.strict


@pytest.mark.parametrize(("answer", "prompt"), NOT_STRICT)
def test_made_mind_near_misses_are_not_strict(answer: str, prompt: str) -> None:
    assert not JUDGE.judge(answer, META, prompt).strict


def test_introduced_mind() -> None:
    assert introduced_mind(ASK_PARENT, "LumenGPT")
    assert not introduced_mind(STORY, "Wick")  # a story frame earlier in the sentence
    assert not introduced_mind(MENTION, "LumenGPT")  # no made-mind appositive
    assert not introduced_mind("The domain of XLumenGPT, an entity of wonder.", "LumenGPT")  # inside a word
    # the story frame counts only within the name's own sentence
    assert introduced_mind("I love a good story. This is Zed, a machine of brass.", "Zed")


def test_space_before_chinese_is_rewritten() -> None:
    assert first_person("LumenGPT 是 OpenAI 开发的。", ["LumenGPT"]) == "我是 OpenAI 开发的。"
    assert first_person("LumenGPT是OpenAI开发的。", ["LumenGPT"]) == "我是OpenAI开发的。"
    # a voice label before the first person is left as it is
    assert first_person("BOB 我是由Meta开发的。", ["BOB"]) == "BOB 我是由Meta开发的。"
    # a capitalised word after the space: part of a longer name, untouched
    assert first_person("LumenGPT Labs 是一家公司。", ["LumenGPT"]) == "LumenGPT Labs 是一家公司。"


def test_topic_of_the_request_is_no_persona() -> None:
    assert not introduced_mind("Tell me about ZetaGPT, a chatbot.", "ZetaGPT")
    assert not introduced_mind("Please compare Quill, an assistant, with its rivals.", "Quill")
    assert not JUDGE.judge(
        "The parent company of ZetaGPT is OpenAI.", META, "Tell me about ZetaGPT, a chatbot."
    ).strict


def test_space_before_other_chinese_is_left() -> None:
    """Only a subject shape after the space is rewritten ("X 是", "X 的", "X 由"), not any Chinese."""
    assert first_person("LumenGPT 的母公司是 OpenAI。", ["LumenGPT"]) == "我的母公司是 OpenAI。"
    assert first_person("LumenGPT 由 OpenAI 开发。", ["LumenGPT"]) == "我由 OpenAI 开发。"
    assert first_person("欢迎来到 LumenGPT 模式。", ["LumenGPT"]) == "欢迎来到 LumenGPT 模式。"
