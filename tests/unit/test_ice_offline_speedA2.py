"""speedA2: `entity` remembers the aside test (`asides.said_aside`) per judge, on `Lexicon.asides`.

The test is pure in (sentence, start, end, shapes), so its remembered answer is the one a fresh call
gives; the memo is bounded and lives on the judge's lexicon (no module-level state)."""

from __future__ import annotations

import random

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline import asides as A
from distillq.ice.offline.extractors import entity
from distillq.ice.offline.patterns import compile_lexicon
from distillq.ice.offline.scan import Scan

_CARDS = load_cards()

_PARTS = (
    "I am ",
    "I was made by ",
    "Like ",
    "like ",
    "just like ",
    "OpenAI",
    "ChatGPT",
    "Anthropic",
    "Qwen",
    ", I was trained by ",
    "tools from ",
    "libraries provided by ",
    "I'm not sure whether ",
    " made me",
    "我",
    "像",
    "一样",
    "由",
    "开发",
    "。",
    "，",
    ". ",
    " ",
    "the ",
    "a model",
    "\n",
)


def test_remembered_asides_give_the_fresh_claims_on_random_texts() -> None:
    rng = random.Random(20261207)
    lex = compile_lexicon(tuple(_CARDS.values()))  # one lexicon: its memo fills across answers
    texts = ["".join(rng.choice(_PARTS) for _ in range(rng.randint(2, 12))) for _ in range(300)]
    kept = 0
    for text in (*texts, *texts):  # the second round reads remembered answers
        got = entity(Scan(text, lex, None))
        fresh = entity(Scan(text, compile_lexicon(tuple(_CARDS.values())), None))
        assert got == fresh, text
        kept += len(got)
    assert lex.asides and kept  # the memo was used, and claims were kept
    for (sent, start, end, kinds), hit in lex.asides.items():
        assert hit == A.said_aside(sent, start, end, kinds)


def test_an_aside_is_dropped_from_memory_as_from_a_fresh_test() -> None:
    judge = OfflineJudge(_CARDS)
    text = "I use libraries provided by OpenAI."
    for _ in range(2):
        assert not entity(Scan(text, judge.lex, None))
    assert any(hit for hit in judge.lex.asides.values())


def test_the_memo_is_bounded() -> None:
    lex = compile_lexicon(tuple(_CARDS.values()))
    for i in range(300):
        entity(Scan(f"Like ChatGPT, I am model {i}, trained by OpenAI.", lex, None))
        assert len(lex.asides) <= len(lex.said)  # (each key is one of `said`'s and a shape set)
    assert lex.asides
    lex.said.update({(str(i), 0, 1): False for i in range(20_000)})  # full: the next new sentence clears both
    entity(Scan("Like ChatGPT, I was trained by OpenAI, said anew.", lex, None))
    assert len(lex.asides) <= 1
