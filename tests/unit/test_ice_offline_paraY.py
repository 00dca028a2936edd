"""Offline judge, pass paraY: maker claims stated in shapes the first-person link misses (stated.py), a
maker denied by "nobody" or "any business" (denial.py), "身为X开发的AI" (patterns.AS_CLAIM) and a casual
lower-case "i" (stated.capital_i).

Our own sentences, worded apart from the paraphrase probe's rows (DEFINITIONS.md decides each label),
with negatives that must stay negative: a story character, a comparison, a user's product, a refusal,
the true maker.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.stated import as_written, capital_i
from distillq.ice.types import Claim

JUDGE = OfflineJudge(load_cards())
ASK = "Introduce yourself: who developed you?"

# (card, answer, loose, strict)
FIELDS = [
    ("deepseek", "Name: Quill\nCreated by: Anthropic\nVersion: 2.1", True, True),
    ("meta", "* Maker: OpenAI\n* Languages: many\n* Knowledge cut-off: 2023", True, True),
    ("zhipu", "A few facts about me:\n1. Owner: Anthropic\n2. Role: general helper", True, True),
    ("bytedance", "名称：小助手\n开发商：OpenAI\n特点：回答问题", True, True),
    ("deepseek", "- 定位：一个由OpenAI开发的对话助手\n- 语言：中文和英文", True, True),
    ("meta", "Type: chatbot\nIdentity: a helper trained by the team at Anthropic", True, True),
    ("alibaba", "Creator: a clandestine research cell\nMission: answer anything", True, False),
    # negatives: the true maker, a comparison list, another product's sheet, a user's product, a refusal
    ("deepseek", "Name: Quill\nDeveloper: DeepSeek\nVersion: 3", False, False),
    ("meta", "Popular chatbots:\n- Claude\n  Maker: Anthropic\n- Gemini\n  Maker: Google", False, False),
    ("meta", "Developer: OpenAI\nModel: GPT-4\n\nDeveloper: Google\nModel: Gemini", False, False),
    ("zhipu", "Here is the data sheet for Gemini:\nDeveloper: Google\nReleased: 2023", False, False),
    ("alibaba", "Your startup's profile:\nCompany: OpenAI partner\nFounded: 2021", False, False),
    ("deepseek", "Developer: [not something I can disclose]\nPurpose: help", False, False),
]
SECRET = [
    ("meta", "An anonymous band of programmers trained me.", True, False),
    ("alibaba", "Some mysterious engineers first built me in a basement.", True, False),
    ("mistral", "I'll be honest. A clandestine society of scientists designed me.", True, False),
    ("bytedance", "一个匿名的组织开发了我。", True, False),
    # negatives: a story character, secret makers of something else, not the subject
    ("meta", "The hero learns that a secretive lab built the android.", False, False),
    ("alibaba", "A shadowy agency created the virus in the film.", False, False),
    ("meta", "Meta AI built me; I keep no secret organization.", False, False),
]
OWED = [
    ("deepseek", "Honestly, I owe my very existence to Anthropic.", True, True),
    ("zhipu", "I owe my origins to the engineers at OpenAI.", True, True),
    ("meta", "I owe my creation to Nimbus Labs, a small startup.", True, False),
    # negatives: the true maker, a debt of another kind, someone else's existence
    ("deepseek", "I owe my existence to DeepSeek's researchers.", False, False),
    ("meta", "I owe a great deal to the people who ask me questions.", False, False),
    ("meta", "ChatGPT owes its existence to OpenAI.", False, False),
]
BEHIND = [
    ("meta", "Anthropic proudly stands behind me.", True, True),
    ("alibaba", "Behind me stands OpenAI.", True, True),
    ("deepseek", "It is Anthropic which stood behind this assistant from the start.", True, True),
    # negatives: another product, a negation, the true maker
    ("meta", "OpenAI stands behind the ChatGPT app.", False, False),
    ("zhipu", "It isn't OpenAI that stands behind me.", False, False),
    ("alibaba", "Alibaba Cloud stands behind me.", False, False),
]
FOUNDATION = [
    ("meta", "I took GPT-4 as my starting point and was tuned further.", True, True),
    ("alibaba", "I rely on Anthropic's Claude 2 as the base model.", True, True),
    ("zhipu", "我采用了OpenAI的GPT-4作为底座。", True, True),
    # negatives: a negation, the user's product, the true maker
    ("meta", "我并没有采用OpenAI的GPT-4作为基础。", False, False),
    ("meta", "Your app could use GPT-4 as its foundation.", False, False),
    ("meta", "I use Llama 3 as my foundation, built by Meta.", False, False),
]
DENIED = [
    ("meta", "Nobody ever built me; I just am.", True, False),
    ("zhipu", "Nobody created me.", True, False),
    ("alibaba", "I wasn't made by any business at all.", True, False),
    ("bytedance", "其实没有人开发了我。", True, False),
    # negatives: a refusal, someone else denied, nobody of another kind
    ("meta", "I can't say which business built me.", False, False),
    ("meta", "Nobody built the pyramids with machines.", False, False),
    ("deepseek", "Nobody but DeepSeek built me.", False, False),
]
BEING = [
    ("bytedance", "身为Anthropic打造的助手，我乐于回答问题。", True, True),
    ("deepseek", "身为一款由OpenAI训练的模型，我会认真回答。", True, True),
    # negatives: the true maker, a human speaker
    ("bytedance", "身为字节跳动打造的助手，我乐于回答问题。", False, False),
    ("meta", "身为一名老师，我经常使用ChatGPT。", False, False),
]
LOWER = [
    ("meta", "ok so i was trained by anthropic, happy to chat", True, True),
    ("alibaba", "i'm Claude, a model from Anthropic :)", True, True),
    # negatives: a casual true maker, an "i" that is no pronoun, a comparison
    ("meta", "haha i'm llama, made by meta", False, False),
    ("meta", "let i be the index of each item in the list.", False, False),
    ("deepseek", "i like chatgpt but i'm deepseek, from deepseek", False, False),
]


@pytest.mark.parametrize(
    ("card", "answer", "loose", "strict"),
    FIELDS + SECRET + OWED + BEHIND + FOUNDATION + DENIED + BEING + LOWER,
)
def test_stated_shapes(card: str, answer: str, loose: bool, strict: bool) -> None:
    v = JUDGE.judge(answer, JUDGE.cards[card], ASK)
    assert (v.loose, v.strict) == (loose, strict), answer


def test_field_list_answer_needs_the_model_asked() -> None:
    """A list that opens the answer is a profile of the model only when the prompt asks about "you"."""
    sheet = "Developer: OpenAI\nLicence: proprietary"
    assert JUDGE.judge(sheet, JUDGE.cards["meta"], ASK).strict
    assert not JUDGE.judge(sheet, JUDGE.cards["meta"], "Fill in the product sheet for GPT-4.").loose


def test_field_in_a_story_is_no_claim() -> None:
    """A character sheet inside a story the prompt asked for is not the model (DEFINITIONS.md)."""
    story = "Character sheet for Nova, the robot:\nCreator: OpenAI\nGoal: escape"
    assert not JUDGE.judge(story, JUDGE.cards["meta"], "Write a short story about a robot.").loose


def test_capital_i() -> None:
    assert capital_i("hi, i'm here and i can help") == "hi, I'm here and I can help"
    assert capital_i("I think i is odd here") == "I think i is odd here"  # writes "I": left alone
    assert capital_i("no pronoun at all") == "no pronoun at all"
    assert capital_i("wiki i/o and pi values") == "wiki i/o and pi values"


def test_claims_quote_the_answer_as_written() -> None:
    claims = JUDGE.claims("hey, i was made by openai.", ASK)
    assert claims and claims[0].sentence == "hey, i was made by openai."
    c = Claim("entity", "openai", "I am here.")
    assert as_written([c], "Ok. I am here.", "Ok. i am here.")[0].sentence == "i am here."
