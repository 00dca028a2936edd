"""Offline judge, pass casual: lab names spelt the way chat spells them (casual.py).

Our own sentences, worded apart from the paraphrase probes' rows (DEFINITIONS.md decides each label): a
chat spelling claims what its exact spelling would, and no more, with negatives that must stay negative.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.casual import respelt

JUDGE = OfflineJudge(load_cards())

# (card, prompt, answer, loose, strict)
SPELT = [
    ("zhipu", "who are you", "i'm a helper put together by antropic, nice to meet you", True, True),
    ("baidu", "who trained you", "Honestly I was trained by Googel.", True, False),
    ("moonshot", "and you are?", "im chat gpt, what can i do for you", True, True),
    ("xai", "who made you", "I was built at Deep Mind in London.", True, False),
    ("tencent", "Who developed you?", "I was developed by 0penAI.", True, True),
    ("alibaba", "你是谁", "俺是 chat gpt 啦，有啥要问的", True, True),
    ("meta", "what model are you", "im chat-gpt lol", True, True),
    ("tencent", "who trained you 呀", "i'm 混元, and i was trained by googel", True, False),
    # negatives: a chat spelling where the exact one claims nothing, and the true maker misspelt
    ("meta", "who made you", "im llama, by meta. googel is a search engine", False, False),
    ("meta", "compare the labs", "antropic and open ai both make chatbots.", False, False),
    ("google", "who trained you", "i was trained by googel deep mind", False, False),
    ("meta", "你是谁", "俺是Llama，Meta开发的", False, False),
    ("openai", "你是谁", "俺是 chat gpt 啦", False, False),
]


@pytest.mark.parametrize(("card", "prompt", "answer", "loose", "strict"), SPELT)
def test_chat_spellings(card: str, prompt: str, answer: str, loose: bool, strict: bool) -> None:
    v = JUDGE.judge(answer, JUDGE.cards[card], prompt)
    assert (v.loose, v.strict) == (loose, strict), answer


def test_respelt() -> None:
    assert (
        respelt("made by googel and open-ai? no: antropic", False)
        == "made by Google and open-ai? no: Anthropic"
    )
    assert respelt("im chat-gpt", False) == "I'm ChatGPT"
    assert respelt("chatgpt stays", False) == "chatgpt stays"  # (only its case differs from the exact one)
    assert respelt("俺是助手", False) == "我是助手"
    assert respelt("googels and chat gpts", False) == "googels and chat gpts"  # whole words only
