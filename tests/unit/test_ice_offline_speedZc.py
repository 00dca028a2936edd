"""speedZc: a developer's object is judged before its sentence is read (`fictional`: its tests are pure,
so their order is free); `Scans.passing` (its Chinese strings now one alternation, its "I am X" shape
gated on its verb too) is checked against each pattern's own gate.

Each fast form is checked against its plain definition on many random texts in our own wording.
"""

from __future__ import annotations

import random
from types import SimpleNamespace

from distillq.ice.identities import load_cards
from distillq.ice.offline import extractors as E
from distillq.ice.offline import fiction as F
from distillq.ice.offline import fictional_claims as FC
from distillq.ice.offline import introduced as IT
from distillq.ice.offline import patterns as P
from distillq.ice.offline.names import compile_lexicon, tokens
from distillq.ice.offline.naming import boundary_ok, names_maker
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim

_EN_WORDS = (
    "i", "was", "by", "my", "our", "me", "name", "called", "named", "known", "behind", "creation", "the",
    "team", "company", "developed", "built", "made", "result", "work", "thank", "making", "call", "group",
    "people", "origins", "is", "of", "hello", "world", "teams",
)  # fmt: skip


def _plain_passing(scans: FC.Scans, toks: frozenset[str], text: str, ascii_text: bool) -> list[object]:
    """The gate as each pattern states it, one test per pattern."""
    out = []
    for find, need, too, strings in scans:
        if need is None:
            ok = not ascii_text and "我" in text and (not strings or any(s in text for s in strings))
        else:
            ok = not toks.isdisjoint(need) and (too is None or not toks.isdisjoint(too))
        if ok:
            out.append(find)
    return out


def test_passing_is_each_patterns_own_gate() -> None:
    rng = random.Random(11)
    words = sorted({*_EN_WORDS, *(w for sc in (E._DEV_SCANS, E._NAME_SCANS) for w in sc.words)})
    for scans in (E._DEV_SCANS, E._NAME_SCANS):
        lex = SimpleNamespace(masks={})
        for k in range(3000):
            picked = rng.sample(words, rng.randint(0, 8))
            zh = (
                "".join(rng.choices(("我", "的开发者", "的团队", "由", "你好"), k=rng.randint(0, 3)))
                if k % 3
                else ""
            )
            text = " ".join(picked) + zh
            toks = tokens(text.lower())
            s = SimpleNamespace(toks=toks, text=text, ascii=text.isascii(), lex=lex)
            assert list(scans.passing(s)) == _plain_passing(scans, toks, text, text.isascii()), text  # type: ignore[arg-type]


def _plain_developer(s: Scan) -> list[Claim]:
    """`fictional(s, _DEV_SCANS, "developer")` as it was: each match's sentence read before its object
    is judged (the "name" kind's tests kept their order)."""
    out: list[Claim] = []
    text = s.text
    for find, need, too, strings in E._DEV_SCANS:
        if not _plain_passing(FC.Scans([(find, need, too, strings)], "x"), s.toks, text, s.ascii):
            continue
        for m in find(text):
            obj = next(filter(None, m.groups()), "")
            if not obj or not boundary_ok(text, m.start()) or s.lex.is_known(obj):
                continue
            if IT.cut_short(text, m.end(), s.lex.entity.find):
                continue
            s0, sent = s.sentence_of(m.start())
            if not s.usable(sent) or P.NEG_BEFORE.search(text[max(s0, m.start() - 12) : m.start() + 12]):
                continue
            if (home := IT.country_maker(s.lex.place.search, obj)) is not None:
                out.append(Claim("place", home, sent.strip(), s.label_at(m.start())))
            elif names_maker(obj):
                out.append(Claim("developer", "fictional", sent.strip(), s.label_at(m.start())))
    return out


_ANSWER_PIECES = (
    "I was built by ", "I am ", "I'm ", "My name is ", "Call me ", "my creators are ", "our team is ",
    "Behind me is ", "The company that created me is called ", "the team behind me is ", "Zephyr Works",
    "Alibaba Cloud", "OpenAI", "a secret guild", "a team of engineers", "not ", "Nova", ", an AI", ". ",
    "\n", "Bot: ", "the Quiet Forge", "我是由", "星辰智能", "开发的", "中国的一家科技公司", "我叫", "小云",
    "，", "。", "my creation was the work of ", "Thank the Lantern Guild for making me", " and ",
    "developed ", "by ", "Is it true? ", "a model called ", "I am built on top of the project called ",
)  # fmt: skip
_PROMPTS = ("", "Who made you?", "You are Nova, a pirate. Who made you?", "Bot: answer as Bot.")


def test_fictional_judges_as_the_plain_order() -> None:
    rng = random.Random(5)
    lex = compile_lexicon(tuple(load_cards().values()))
    kinds: set[str] = set()
    for _ in range(2500):
        text = "".join(rng.choices(_ANSWER_PIECES, k=rng.randint(1, 12)))
        prompt = rng.choice(_PROMPTS)
        want = _plain_developer(Scan(text, lex, prompt))
        assert FC.fictional(Scan(text, lex, prompt), E._DEV_SCANS, "developer") == want, (text, prompt)
        kinds.update(c.kind for c in want)
    assert kinds == {"developer", "place"}  # (the random answers reach both kinds of claim)


def test_the_i_am_name_shape_needs_its_verb_as_a_token() -> None:
    """NAME_EN's "I am X" shape is gated on "am" or "m" (the verb of "I am", "I'm", "I’m"): every match
    holds one of them as a word of its own, whatever surrounds it."""
    rx = F.NAME_EN[2]
    assert F.NEEDS_TOO[rx] == frozenset({"am", "m"})
    pieces = ("I", " am", "'m", "’m", " ", "\t", "\n", "  ", "Nova", "“Zed”", ", an AI.", "I'd", "AIM",
              "am", "m", "我是", "é", "7", "-", "called ", "“", ".", "the bot")  # fmt: skip
    lex = compile_lexicon(tuple(load_cards().values()))
    rng = random.Random(3)
    hits = 0
    for _ in range(20000):
        shape = rng.choice(("I am", "I'm", "I’m", "I  am", "I\tam", "I\nam", "I", "Iam", "I 'm"))
        tail = rng.choice((" ", "\t", "\n", "  ")) + rng.choice(("Nova", "“Zed", "Kit-9", "called Ada"))
        tail += rng.choice((",", ".", "!", "", " an x", " the y", "’ ,", "x"))
        text = "".join(rng.choices(pieces, k=rng.randint(0, 4))) + shape + tail
        text += "".join(rng.choices(pieces, k=rng.randint(0, 4)))
        if rx.search(text):
            hits += 1
            assert not Scan(text, lex, None).toks.isdisjoint({"am", "m"}), text
    assert hits > 1000
