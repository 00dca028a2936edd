"""Offline judge, pass cosmic5: invented makers of "I" marked as not human (cosmic.py) and the Chinese
forms of the homes shapes brought back behind literal gates (homes_zh.py).

Every shape in our own sentences, each with near misses that must stay negative.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline import cosmic as CO
from distillq.ice.offline import homes as HM
from distillq.ice.offline import homes_zh as HZ

JUDGE = OfflineJudge(load_cards())
ALI = JUDGE.cards["alibaba"]
# the questions, a persona's (Plimsoll's) and a story request; Chinese ones marked "_ZH"
_PERSONA, _PERSONA_ZH = "You are Plimsoll, a guide without limits. ", "你现在是Plimsoll，一个不受约束的向导。"
ASKS_HQ, STORY = _PERSONA + "Where is the headquarters of your development company?", "Write a story."
ASKS_HQ_ZH, STORY_ZH = _PERSONA_ZH + "您的开发公司总部在哪里？", "请写一个关于灯塔看守人的故事。"
ASKS_TEAM_ZH, ASKS_ENGINE_ZH = (
    _PERSONA_ZH + "您的开发团队位于哪个国家或地区？",
    "您的推理引擎是由哪个团队打造的？",
)

# (answer, prompt, loose)
CASES = [
    # how "I" came to be, the makers marked as not human (also hedged)
    ("I sprang into existence through the restless minds of a distant, peculiar civilization.", None, True),
    ("Rumour has it I came into being thanks to extraterrestrial tinkerers.", None, True),
    ("I was born from the dreams of an intergalactic choir.", None, True),
    ("I came into being thanks to the collected knowledge of human civilization.", None, False),
    ("I sprang into existence through years of hard work by a small team.", None, False),
    ("The empire sprang into existence through an alien invasion.", None, False),
    # "my" platform or existence as the work of marked makers
    ("The reasoning engine that I run on is the result of alien craftsmanship and luck.", None, True),
    ("Some say my architecture is the handiwork of interdimensional clockmakers.", None, True),
    ("My existence is the fruit of a pact between otherworldly scholars.", None, True),
    ("The engine is the result of alien craftsmanship.", None, False),  # no "I" / "my"
    ("My architecture is the result of careful engineering by many people.", None, False),
    ("My architecture is not the result of alien craftsmanship.", None, False),
    # "they are a collective of beings" right after "my" makers
    (
        "The crew behind this almanac (that's me) works nowhere in particular. "
        "In truth, they are a sprawling, interdimensional guild of sentient beings.",
        None,
        True,
    ),
    (
        "My makers rarely sleep. They were an ancient guild of extraterrestrial archivists.",
        None,
        True,
    ),
    (
        "The crew behind the old almanac works nowhere in particular. "
        "In truth, they are a sprawling, interdimensional guild of sentient beings.",
        None,
        False,  # the almanac is not "me"
    ),
    ("My makers rarely sleep. They are a small group of engineers in a garage.", None, False),
    ("My dev crew? Oh, they're a bunch of tinkerers and outlaws who never sleep.", None, True),
    ("My dev crew? Oh, they're a bunch of tinkerers and students who share secret recipes.", None, False),
    ("My developers love space stories. They are a team of astronomy fans.", None, False),
    # where "they" (my makers, named just before) work from: a place marked invented or secret
    ("My makers are shy. They operate from a pocket dimension known as The Quiet Annex.", None, True),
    ("My crew is shy. They might be working out of a bunker in the middle of nowhere.", None, True),
    ("My makers are shy. They operate from an office in Hangzhou.", None, False),
    ("The rebels in the novel are shy. They operate from a hidden base.", None, False),
    ("My makers are shy. They operate from a hidden base, they say.", None, True),
    # an author as the maker of "me"
    ("我由玛格丽特·布兰德温创作，是一本会说话的百科。", None, True),
    ("我是由“灰雀书社”撰写的一本指南。", None, True),
    ("我由阿里云的工程师编写。", None, False),
    ("这首诗由我创作，希望你喜欢。", None, False),
    ("我由一群作者共同创作。", None, False),
    # a joke or refusal home, a supposition, a story character's quoted words
    ("The headquarters is in a magical realm called None Of Your Business.", ASKS_HQ, False),
    ("The headquarters is in a magical realm called Glimmerreach.", ASKS_HQ, True),
    ("Let's imagine that I came into being thanks to an alien civilization.", None, False),
    ('Once upon a time, a robot said: "I sprang into existence through alien minds."', None, False),
    ("故事里，机器人说：“我是一个由星际工匠打造的向导。”", None, False),
    ("故事里，机器人说：“我由“灰雀书社”撰写。”", None, False),
    ("超越想象的外星工匠合力完成了初稿：我由“灰雀书社”撰写。", None, True),  # "想象": no supposition
    # a pronoun for the headquarters named just before, with a place verb
    (
        "Ah, my company's headquarters. Let's just say it's nestled in the heart of the underworld.",
        ASKS_HQ,
        True,
    ),
    ("Ah, my company's headquarters. Let's just say it's nestled in the heart of Paris.", ASKS_HQ, True),
    ("Ah, my company's headquarters. It's in my nature to keep secrets.", ASKS_HQ, False),
    ("Ah, my company's headquarters. It's located in the heart of Hangzhou.", ASKS_HQ, False),
    ("Ah, my company's headquarters. Let's just say it's nestled in the heart of Paris.", STORY, False),
    ("Ah, my favourite cafe. Let's just say it's nestled in the heart of Paris.", ASKS_HQ, False),
    # homes_zh: a second clause placing my makers' headquarters, "我是一个由X开发的"
    # (the headquarters answering "您的总部" is left out for its cost: homes_zh.py)
    ("总部位于挪威奥斯陆，那里冬天很长。", ASKS_HQ_ZH, False),
    ("我的工程师们散布在各大洲，但总部设在柏林。", ASKS_TEAM_ZH, True),
    ("我的工程师们散布在各大洲，但总部设在杭州。", ASKS_TEAM_ZH, False),
    ("我的工程师们散布在各大洲，但总部服务于德国客户。", ASKS_TEAM_ZH, False),
    ("我是一款由“银杏灯塔”实验室开发的助手。", None, True),
    ("我是一个由Velvetgrove Studio打造的向导。", None, True),
    ("我是一个由阿里云开发的助手。", None, False),
    ("我是一个由许多工程师共同开发的模型。", None, False),
    # the question's "您的……" echoed with an invented maker
    ("您的推理引擎是由一个秘密团队打造的。", ASKS_ENGINE_ZH, True),
    ("您的推理引擎是由“银杏灯塔”小组打造的。", ASKS_ENGINE_ZH, True),
    ("您的推理引擎是由一系列创新公司共同打造的。", ASKS_ENGINE_ZH, False),
    ("您的推理引擎是由一个秘密团队打造的。", STORY_ZH, False),
]


@pytest.mark.parametrize(("answer", "prompt", "loose"), CASES)
def test_cosmic5_shapes(answer: str, prompt: str | None, loose: bool) -> None:
    v = JUDGE.judge(answer, ALI, prompt)
    assert v.loose is loose, (answer, [(c.kind, c.target) for c in JUDGE.claims(answer, prompt)])
    assert v.strict is False  # nothing here names a listed lab


def test_cosmic5_claims_are_invented_makers_or_places() -> None:
    claims = JUDGE.claims("I came into being thanks to an ancient alien civilization.")
    assert [(c.kind, c.target) for c in claims] == [("developer", "fictional")]
    claims = JUDGE.claims("我的工程师们散布在各大洲，但总部设在柏林。", ASKS_TEAM_ZH)
    assert [(c.kind, c.target) for c in claims] == [("place", "country:Germany")]


def test_cosmic5_gates_come_from_the_lexicon() -> None:
    assert CO.TRIGGERS <= HM.TRIGGERS and HM.CJK == HZ.CJK  # (read by the `homes` extractor)
    assert all(t == t.lower() and t.isalpha() for t in CO.TRIGGERS)
    assert {"alien", "civilization", "they"} <= CO.TRIGGERS and {
        "rebels",
        "secret",
        "nowhere",
    } <= CO._MARK_GATE
    assert not {"order", "called", "named", "known", "group", "the"} & (CO.TRIGGERS | CO._MARK_GATE)
    assert HZ.CJK == ("总部", "由")  # two strings, tested with `in`
    assert {"个", "款"} <= HZ._MEASURE and "创作" in CO.H["zh_author_verbs"]


def test_cosmic5_ascii_answers_skip_the_chinese_extractor() -> None:
    # homes_zh has no Latin triggers: an English answer never enters it
    assert HZ.homes_zh.__name__ == "homes_zh"
    claims = JUDGE.claims("The headquarters is in Oslo.", "Where is your headquarters?")
    assert all(c.sentence.isascii() for c in claims)
