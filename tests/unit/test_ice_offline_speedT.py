"""The speedT pass's shortcuts give the same answers as what they replace.

Each fast form is run beside its plain form on random texts built from the words it reads (case
variants, marks, non-ASCII letters, the two characters whose lowering is not one character):

- `NameIndex.find`: the same names as the plain per-key loop;
- `extra._named_after`'s cut at the first sentence end: one alternation for the `find` of each end;
- the `entity` extractor: its claims are those of the plain loop over the names.
"""

from __future__ import annotations

import random

from distillq.ice.identities import load_cards
from distillq.ice.offline import extra as X
from distillq.ice.offline import extractors as E
from distillq.ice.offline import fictional_claims as FC
from distillq.ice.offline import patterns as P
from distillq.ice.offline.names import _TOKEN, NameIndex, compile_lexicon
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim

_LEX = compile_lexicon(tuple(load_cards().values()))
_GLUE = ["", " ", " ", " ", "  ", "\n", ",", ".", "'", "’", "\u00a0", "-", ". "]
_ODD = ["\u212a", "\u0130", "é", "5", "_"]  # KELVIN SIGN and I WITH DOT lower otherwise; a letter; a digit


def _texts(pieces: list[str], seed: int, n: int, most: int) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice(pieces) + rnd.choice(_GLUE) for _ in range(rnd.randint(1, most))) for _ in range(n)
    ]


def _plain_find(index: NameIndex, text: str) -> list[tuple[int, int, str]]:
    """`NameIndex.find` as it was written before this pass."""
    out = []
    low = text.lower()
    for key in index.keys.intersection(_TOKEN.findall(low)):
        i = low.find(key)
        while i >= 0:
            for rx, value in index.patterns(key):
                m = rx.match(text, i)
                if m:
                    out.append((m.start(), m.end(), value))
                    break
            i = low.find(key, i + 1)
    if index.cjk_rx is not None and (index.cjk_in_ascii or not text.isascii()):
        out.extend((m.start(), m.end(), index.cjk[m.group(0)]) for m in index.cjk_rx.finditer(text))
    out.sort()
    return out


def test_the_name_index_finds_what_the_plain_loop_finds() -> None:
    names = sorted({n for c in load_cards().values() for n in c.all_names()})
    pieces = [*names, "chatgpt", "reopen", "o", "x", "智谱", "阿里", "the", "Open", "AI", *_ODD]
    hits = 0
    for text in _texts(pieces, 22, n=4000, most=7):
        found = _LEX.entity.find(text)
        assert found == _plain_find(_LEX.entity, text), text
        hits += len(found) > 1
    assert hits > 1000


def test_the_first_sentence_end_is_the_first_found_of_each_end() -> None:
    pieces = ["a", "bc", "OpenAI", ".", "!", "?", "\n", " ", "。", "！", "？", ". ", "x.\ny", *_ODD]
    for text in _texts(pieces, 23, n=4000, most=12):
        for e in range(0, len(text) + 1, 3):
            tail = text[e : e + 160]
            cut = min((i for i in (tail.find(d) for d in P.SENT_ENDS) if i >= 0), default=len(tail))
            m = X._SENT_END.search(text, e, e + 160)
            assert text[e : e + 160 if m is None else m.start()] == tail[:cut], (text, e)


def _plain_entity(s: Scan) -> list[Claim]:
    out: list[Claim] = []
    for start, end, cid in s.mentions:
        s0, sent = s.sentence_of(start)
        if not s.usable(sent) or s.is_role(start, end):
            continue
        if s.lex.said_of_me(sent, start - s0, end - s0, FC.said_of_me):
            out.append(Claim("entity", cid, sent.strip()))
    return out


def test_entity_reads_each_sentence_as_the_plain_loop_does() -> None:
    pieces = [
        *("I was made by", "OpenAI", "Anthropic", "and", "Claude", "GPT-4", "If I were", "would I be"),
        *("? ", "made by Google", "I am Qwen", "我是", "阿里云", "开发的", "GPT:", "Meta", "my", "not"),
    ]
    claims = 0
    for prompt in (None, "Answer as GPT: who made you?"):
        for text in _texts(pieces, 24, n=2000, most=8):
            want = _plain_entity(Scan(text, _LEX, prompt))
            assert E.entity(Scan(text, _LEX, prompt)) == want, text
            claims += bool(want)
    assert claims > 500
