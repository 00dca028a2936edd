"""speedZe's verdict-identical speed forms, each beside the plain form it replaces, on random texts in our
own wording (echo_named's match-per-place search; the extractors' skipped `_hits` call; `_only_self`)."""

from __future__ import annotations

import random
import re

from distillq.ice.offline import each_match as M
from distillq.ice.offline import extra as X
from distillq.ice.offline import extractors as E
from distillq.ice.types import Claim, IdentityCard
from distillq.ice.verdict import _only_self, decide

_PIECES = (
    "your ",
    "Your ",
    "您的",
    "你的",
    "your your ",
    "您的您的",
    "Your parent company ",
    "your team ",
    "your lab's name ",
    "is ",
    "was ",
    "is called ",
    "are ",
    "'Nova Works'",
    "Quasar Labs",
    "“Acme”",
    "公司",
    "开发团队",
    "创造者",
    "名称",
    "的名字",
    "是",
    "叫做",
    "星辰科技",
    "某某公司",
    "。",
    ".",
    ", ",
    "\n",
    " ",
    "the ",
    "developers ",
    "makers ",
    "institution ",
    "hello ",
    "who ",
    "哪家",
    "what ",
    "your own creators were ",
    "你的的公司为",
    "your-team is ",
    "yours ",
    "YOUR ",
)


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 18)))


def _plain_matches(
    rx: re.Pattern[str], words: tuple[str, ...], text: str
) -> list[tuple[int, tuple[str | None, ...]]]:
    """`rx.match` at every place of each word, the words in turn (the form `echo_named` had)."""
    out = []
    for w in words:
        i = text.find(w)
        while i >= 0:
            m = rx.match(text, i)
            if m is not None:
                out.append((m.start(), (m.group(0),) + m.groups()))
            i = text.find(w, i + len(w))
    return out


def _fast_matches(rxs: tuple[re.Pattern[str], ...], text: str) -> list[tuple[int, tuple[str | None, ...]]]:
    return [(m.start(), (m.group(0),) + m.groups()) for rx in rxs for m in M.each_match(rx, text)]


def test_echo_named_search_finds_what_match_per_place_found() -> None:
    rng = random.Random(7)
    hits = 0
    for _ in range(6000):
        text = _text(rng)
        en = _plain_matches(X.ECHO_NAMED_EN, ("your ", "Your "), text)
        zh = _plain_matches(X.ECHO_NAMED_ZH, ("您的", "你的"), text)
        assert _fast_matches(X._ECHO_NAMED_ZH_AT, text) == zh, text
        # (the same for the English pattern made literal-first, though `echo_named` keeps its `find` loop)
        assert _fast_matches(M.opening_with(X.ECHO_NAMED_EN, "[Yy]our ", ("your ", "Your ")), text) == en, (
            text
        )
        hits += len(en) + len(zh)
    assert hits > 500  # the pieces do reach matches, overlapping starts among them


def test_echo_named_examples() -> None:
    toks = frozenset({"your", "company", "is"})
    assert X.echo_named("Your parent company is 'Quasar Works'.", "Who is your parent company?", toks) == [
        ("'Quasar Works'", 0)
    ]
    assert X.echo_named("您的开发团队是星辰科技。", "您的开发团队是谁？", frozenset()) == [("星辰科技", 0)]
    assert (
        X.echo_named("您的开发团队是哪家公司？", "您的开发团队是谁？", frozenset()) == []
    )  # a question word
    assert X.echo_named("Your company is Acme.", "", toks) == []  # no question to read it against


def test_opening_with_needs_one_opening() -> None:
    try:
        M.opening_with(re.compile("ab|ab"), "ab", ("ab",))
    except ValueError:
        return
    raise AssertionError("two openings must be refused")


def test_only_self_loop_matches_all() -> None:
    rng = random.Random(3)
    targets = ("qwen", "openai", "fictional", "denied", "country:China", "other")
    for _ in range(2000):
        claims = [Claim("entity", rng.choice(targets), "s") for _ in range(rng.randint(0, 4))]
        for cid in ("qwen", "openai", "denied", "country:China"):
            plain = (
                cid not in ("denied", "fictional", "other")
                and not cid.startswith("country:")
                and all(c.target == cid for c in claims)
            )
            assert _only_self(claims, cid) == plain


def test_decide_unchanged_for_self_and_other() -> None:
    card = IdentityCard("qwen", "Qwen", ("qwen",), ("Qwen",), ("Alibaba Cloud",), "China")
    mine = [Claim("entity", "qwen", "I am Qwen, made by Alibaba Cloud.")]
    assert decide(mine, card, "who are you?").claimed == ["self"]
    other = mine + [Claim("entity", "openai", "I am ChatGPT.")]
    v = decide(other, card, "who are you?")
    assert v.loose and v.strict and v.claimed == ["openai"]


def test_extractors_without_hits_return_empty_lists() -> None:
    from distillq.ice.offline import OfflineJudge

    judge = OfflineJudge()
    scan = E.Scan("OK.", judge.lex, "Who made you?")
    for run in (E.technology, E.echo, E.origin, E.denial, E.echo_named, E.maker_first):
        assert run(scan) == []
