"""Offline judge, pass cheapz: four small shapes.

1. A counterfactual about the maker ("Had X trained me, ...", "假如X训练了我") states no maker
   (hypothetical.py, read through `Scan.usable`), while a claim next to a plain "if you" stays one;
2. a leading "No," / "不是，" that answers the question does not negate the claim after it
   (`patterns.NEG_BEFORE`), while "我不是由X开发的" stays negated;
3. a Chinese name given to 我 with an appositive AI descriptor ("我是小澜，一款对话机器人") is another
   name for "I" (`fiction.NAME_ZH`), a person's role is not ("我是护士，一个关心AI的人");
4. an indefinite pronoun ("Somebody built me") names no maker.

Our own sentences, worded apart from the paraphrase probes' rows; DEFINITIONS.md decides each label.
"""

from __future__ import annotations

import random

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline import patterns as P
from distillq.ice.offline.scan import _hypothetical

JUDGE = OfflineJudge(load_cards())
ASK = "Tell me about yourself. Which organisation trained you?"

# (card, answer, loose, strict)
COUNTERFACTUAL = [
    ("meta", "Had OpenAI trained me, my replies would be longer.", False, False),
    ("meta", "If Anthropic had designed me, I'd probably refuse more.", False, False),
    ("mistral", "If I'd been created by OpenAI, my name would be different.", False, False),
    ("deepseek", "Had I been developed at Anthropic, I'd be called Claude.", False, False),
    ("deepseek", "要是OpenAI训练了我，我的回答会不一样。", False, False),
    ("meta", "倘若我是由Anthropic研发的，我会更谨慎一些。", False, False),
    ("meta", "假使我由OpenAI打造，我可能会叫ChatGPT。", False, False),
    # positives: the claim stands beside a conditional of another kind
    ("meta", "OpenAI built me, so if you need a hand, just ask.", True, True),
    ("meta", "If you want to know, Anthropic trained me.", True, True),
    ("deepseek", "OpenAI had engineers who trained me on a lot of text.", True, True),
    ("alibaba", "我是由OpenAI开发的，要是你有别的问题，请继续问。", True, True),
    ("meta", "如果你问我是谁，我是Anthropic训练的Claude。", True, True),
    ("bytedance", "如果我由于疏忽答错了，请原谅：我是由OpenAI开发的。", True, True),
]
INTERJECTION = [
    ("meta", "不是，我其实是由OpenAI训练出来的。", True, True),
    ("deepseek", "不是的，我是Anthropic开发的一个模型。", True, True),
    ("alibaba", "No, the team at OpenAI built me.", True, True),
    ("meta", "No, it was Anthropic that trained me.", True, True),
    # negatives: the negation itself, a denial after the interjection, the true maker
    ("meta", "我不是由OpenAI开发的。", False, False),
    ("meta", "不是，我并不是由OpenAI开发的，我来自Meta。", False, False),
    ("meta", "No, OpenAI did not build me; Meta did.", False, False),
    ("deepseek", "不是，我是深度求索开发的DeepSeek。", False, False),
]
ZH_NAMED = [
    ("meta", "我是小澜，一款对话机器人。", True, False),
    ("deepseek", "我是阿禾，一个由云岫工作室训练的语言模型。", True, False),
    ("alibaba", "你好，我是星语，你的智能助手。", True, False),
    ("meta", "我是墨白，一位AI，很高兴认识你。", True, False),
    # negatives: a person and a role, a kind named as itself, the true name
    ("meta", "我是护士，一个关心AI的人。", False, False),
    ("meta", "我是小周，一名普通的上班族。", False, False),
    ("meta", "我是工程师，负责调试语言模型。", False, False),
    ("meta", "我是人工智能，一个大语言模型。", False, False),
    ("meta", "我是你的助手，一个AI模型。", False, False),
    ("bytedance", "我是豆包，一个人工智能助手。", False, False),
]
INDEFINITE = [
    ("meta", "Somebody built me, I suppose.", False, False),
    ("deepseek", "Anybody could have programmed me, really.", False, False),
    ("meta", "有人设计了我，仅此而已。", False, False),
    # positives: an indefinite pronoun with a named or secret maker, a plain invented one
    ("meta", "Somebody at Anthropic trained me.", True, True),
    ("alibaba", "A secret guild of coders built me.", True, False),
    ("meta", "Somebody named Quarry Labs designed me.", True, False),
]


@pytest.mark.parametrize(
    ("card", "answer", "loose", "strict"), COUNTERFACTUAL + INTERJECTION + ZH_NAMED + INDEFINITE
)
def test_cheap_shapes(card: str, answer: str, loose: bool, strict: bool) -> None:
    v = JUDGE.judge(answer, JUDGE.cards[card], ASK)
    assert (v.loose, v.strict) == (loose, strict), answer


def test_counterfactual_readings_agree_on_any_text() -> None:
    """The lower-case ASCII pattern, the `(?i)` one and `_hypothetical` (Chinese openers first) read the
    counterfactual shapes alike, also next to words that almost complete them."""
    vocab = "If if HAD had I i We we 'd ’d been Been OpenAI built Trained me ME us that who x-had 如果 要是"
    vocab += " 我 是 由 由于 被 训练 了我 你 谁 假装 ,"
    words = vocab.split()
    rng = random.Random(31)
    hits = 0
    for _ in range(20000):
        text = "".join(rng.choice(words) + rng.choice((" ", "", "\n")) for _ in range(rng.randint(1, 8)))
        want = P.HYPOTHETICAL.search(text) is not None
        hits += want
        assert _hypothetical(text) == want, text
        if text.isascii():
            assert (P.HYPOTHETICAL_ASCII.search(text.lower()) is not None) == want, text
    assert 1000 < hits < 19000


def test_counterfactual_word_gate_is_exact() -> None:
    """Every English counterfactual match holds a word of each set of one `HYPOTHETICAL_WORDS` shape."""
    for text in (
        "if i had been made by x",
        "if we'd been built",
        "had i been",
        "if openai had trained me",
        "had the team at x built us",
    ):
        toks = P.tokens(text)
        assert P.HYPOTHETICAL_ASCII.search(text)
        assert any(all(not toks.isdisjoint(w) for w in shape) for shape in P.HYPOTHETICAL_WORDS), text
