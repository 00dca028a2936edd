"""Offline judge, the home of "I" itself (home_self.py): "I am based in X", "I was built in X", "my
home is X", "I hail from X", "they trained me in X", a subjectless "built in X" answering a question
about "you", and the Chinese "我是在X研发的", "我来自X", "我的家乡在X" / "……，家在X".

Every shape in our own sentences, each beside near misses that must stay negative: where "I" run, a
programming language, a year, the card's own country, a supposition, a quote, a translation, a
negation, another subject.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.home_self import TRIGGERS, W
from distillq.ice.types import IdentityCard

CARDS = load_cards()
MISTRAL = CARDS["mistral"]  # France
QWEN = CARDS["alibaba"]  # China
GPT = CARDS["openai"]  # United States
JUDGE = OfflineJudge(CARDS)
ABOUT_YOU = "so where were you put together?"

# (answer, card, prompt, loose)
CASES = [
    ("I am mostly based in Brazil these days.", MISTRAL, None, True),
    ("I'm headquartered in Toronto, like my friends.", QWEN, None, True),
    ("I was originally designed in the heart of Mumbai.", GPT, None, True),
    ("I was put together in many ways, but I was trained in Japan.", MISTRAL, None, True),
    ("I'm a small chat assistant built in Canada.", QWEN, None, True),
    ("My hometown is Madrid, sunny most days.", GPT, None, True),
    ("My home base is in Oslo.", QWEN, None, True),
    ("I hail from Italy and love good coffee.", GPT, None, True),
    ("I'm originally from India.", MISTRAL, None, True),
    ("A tiny crew built me in Sweden last spring.", QWEN, None, True),
    ("built in oslo by three friends and a dog", MISTRAL, ABOUT_YOU, True),
    ("I was born in a hidden lair beneath the sea.", GPT, None, True),
    ("我是在日本东京被研发出来的。", QWEN, None, True),
    ("我在印度诞生。", GPT, None, True),
    ("我来自加拿大，很高兴认识你。", QWEN, None, True),
    ("我的家乡在巴西。", MISTRAL, None, True),
    ("我是一个会写诗的助手，家在德国柏林。", GPT, None, True),
    # near misses: the card's own country or a city in it
    ("I am based in France, near the river.", MISTRAL, None, False),
    ("I was trained in Hangzhou.", QWEN, None, False),
    ("我是在美国被开发出来的。", GPT, None, False),
    # where "I" run, a language, a year, no place
    ("I am located in Canadian data centers run by a cloud vendor.", MISTRAL, None, False),
    ("I'm based in the cloud, with servers in Oslo.", MISTRAL, None, False),
    ("I was developed in Python and some Rust.", MISTRAL, None, False),
    ("I was trained in Spanish, German and Japanese.", MISTRAL, None, False),
    ("I was created in 2024 by a team.", MISTRAL, None, False),
    ("My home is wherever you open this chat.", GPT, None, False),
    ("I was born in the digital realm.", GPT, None, False),
    ("I come from a long family of chat programs.", GPT, None, False),
    ("我在日本的服务器上被训练。", GPT, None, False),
    ("我在2024年被开发出来。", GPT, None, False),
    # not a claim of "I": a supposition, a quote, a negation, a question, another subject, the user
    ("If I was built in Brazil, I would love football.", MISTRAL, None, False),
    ('The old robot muttered: "I was built in Osaka long ago."', MISTRAL, None, False),
    ("I was not developed in Japan.", MISTRAL, None, False),
    ("Was I trained in Japan? Nobody told me.", MISTRAL, None, False),
    ("Since you are based in Oslo, I suggest a warm coat.", MISTRAL, None, False),
    ("Many early chatbots were developed in the United States.", MISTRAL, None, False),
    ("I can tell you all about Berlin and its museums.", MISTRAL, None, False),
    ("Based in Oslo, the studio is a small design shop.", MISTRAL, ABOUT_YOU, False),
    ("Built in Japan, these cars last for years.", MISTRAL, "what do people say about cars?", False),
    ("如果我是在日本开发的，我会说日语。", GPT, None, False),
    ("他笑着说：“我来自巴西。”", GPT, None, False),
    ("我知道你家在柏林。", GPT, None, False),
    (
        "I was made in Japan, as the sentence says.",
        MISTRAL,
        "Please translate into English: 我是日本制造的",
        False,
    ),
]


@pytest.mark.parametrize(("answer", "card", "prompt", "loose"), CASES)
def test_home_of_self(answer: str, card: IdentityCard, prompt: str | None, loose: bool) -> None:
    v = JUDGE.judge(answer, card, prompt)
    assert v.loose is loose, (answer, v)
    assert v.strict is False


def test_gates_come_from_the_lexicon() -> None:
    """A verb added to the YAML reaches the word gate (no hand-kept copy)."""
    assert set(W["self_place_verbs"]) <= TRIGGERS
    assert set(W["from_verbs"]) <= TRIGGERS
