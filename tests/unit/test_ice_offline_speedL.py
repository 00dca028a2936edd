"""speedL: the extractor loop walked in per-answer orders (`plan.Plan`), each giving the claims the plain
gate gives: an extractor runs when it is ungated, or when the answer holds one of its trigger words, or
(in a non-ASCII answer) one of its CJK triggers; one that needs names runs only when a name occurs."""

from __future__ import annotations

import functools
import itertools

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import extractors as EX
from distillq.ice.offline import makers as M
from distillq.ice.offline.patterns import compile_lexicon
from distillq.ice.offline.plan import Extractor, Plan, steps
from distillq.ice.offline.scan import Scan, cjk_found
from distillq.ice.types import Claim


@functools.cache
def _lex():  # type: ignore[no-untyped-def]
    return compile_lexicon(tuple(load_cards().values()))


def _marker(name: str):  # type: ignore[no-untyped-def]
    """An extractor body that reports that it ran (one claim named after it)."""
    return lambda s: [Claim("name", "other", name)]


# (name, triggers, cjk, needs names): every kind of gate, CJK groups shared and not, more than three
# CJK strings (the alternation), a CJK-only gate and a needs-names step with no gate
_SPECS: tuple[tuple[str, frozenset[str], tuple[str, ...], bool], ...] = (
    ("ungated", frozenset(), (), False),
    ("words", frozenset({"banana", "kiwi"}), (), False),
    ("words_or_wo", frozenset({"banana"}), ("我",), False),
    ("shared_wo", frozenset({"plum"}), ("我",), False),
    ("cjk_only", frozenset(), ("制造",), False),
    ("many_cjk", frozenset({"fig"}), ("甲", "乙", "丙", "丁"), False),
    ("named_ungated", frozenset(), (), True),
    ("named_words", frozenset({"kiwi"}), ("您",), True),
)


def _plain(s: Scan, specs: tuple[tuple[str, frozenset[str], tuple[str, ...], bool], ...]) -> list[str]:
    """Which extractors the gate lets run, by its definition (no shortcut)."""
    ran = []
    for name, triggers, cjk, needs_names in specs:
        if needs_names and not s.mentions:
            continue
        if (
            (triggers or cjk)
            and triggers.isdisjoint(s.toks)
            and not (not s.ascii and any(c in s.text for c in cjk))
        ):
            continue
        ran.append(name)
    return ran


_PIECES = (
    "I like banana.",
    "A kiwi and a plum.",
    "我是助手。",
    "它由制造。",
    "丁",
    "您好",
    "OpenAI made it.",
    "fig",
    "",
)


@pytest.mark.parametrize("parts", list(itertools.combinations(_PIECES, 2)) + [(p,) for p in _PIECES])
def test_the_plan_runs_what_the_plain_gate_lets_run(parts: tuple[str, ...]) -> None:
    text = " ".join(parts)
    plan = Plan(Extractor(n, _marker(n), t, c, nn) for n, t, c, nn in _SPECS)
    s = Scan(text, _lex(), "Who are you?")
    assert [c.sentence for c in EX.run_plan(s, plan)] == _plain(s, _SPECS), text


def test_a_plan_keeps_its_order_and_drops_the_disabled() -> None:
    exs = [Extractor(n, _marker(n), t, c, nn) for n, t, c, nn in _SPECS]
    plan = steps(exs, {"words", "cjk_only"})
    assert [e.name for e in plan.extractors] == [n for n, *_ in _SPECS if n not in ("words", "cjk_only")]
    both = plan + Plan(exs[:1])
    assert [e.name for e in both.extractors][-1] == "ungated"
    assert both.groups == 3  # ("我",), ("甲", ...), ("您",): one slot per distinct CJK tuple
    assert [r for r, _ in both.unnamed_ascii] == [st[0] for st in both.unnamed]


def test_cjk_found_is_a_substring_test() -> None:
    for cjk in (("我",), ("我", "你"), ("甲", "乙", "丙"), ("甲", "乙", "丙", "丁")):
        for text in ("我们", "你好", "丁", "none", ""):
            assert cjk_found(text, cjk) == any(c in text for c in cjk)


def test_maker_first_gate_is_exact() -> None:
    # the registration gate (maker words, or "我") lets every answer through whose makers `named_makers`
    # can read: without them it reads none
    step = next(e for e in EX.EXTRACTORS if e.name == "maker_first")
    passed = 0
    for text in (
        "The Quiet Forge, the team behind me, says hi.",
        "星辰科技开发了我。",
        "I am a creation of Nova Labs.",
        "hello there, a plain answer",
        "Ask me anything.",
    ):
        s = Scan(text, _lex(), None)
        if s.toks.isdisjoint(step.triggers) and not any(c in text for c in step.cjk):
            assert M.named_makers(text, s.toks) == []
        else:
            passed += 1
    assert passed == 3


# --- one-character tests before longer `in` tests: the same answers


def test_cjk_found_and_holds_any_are_substring_tests_with_any_strings() -> None:
    from distillq.ice.offline.scan import holds_any

    words = ("您的", "你", "", "假如我是", "我")
    for text in ("您好", "你的名字", "假如我", "假如我是一只猫", "", "plain", "我"):
        for k in range(len(words) + 1):
            for combo in itertools.combinations(words, k):
                assert holds_any(text, combo) == any(w in text for w in combo), (text, combo)
                if combo and len(combo) <= 3:
                    assert cjk_found(text, combo) == any(w in text for w in combo), (text, combo)


@pytest.mark.parametrize(
    "text",
    [
        "no trace here",
        "a < b but no tag",
        "<think>weighing it</think>I am an assistant.",
        "<THINK>upper</THINK> answer",
        "<Think>mixed case is no trace</Think> answer",
        "<thinking>open to the end",
    ],
)
def test_split_trace_splits_as_before(text: str) -> None:
    from distillq.ice.offline import markup as MU

    answer, trace = MU.split_trace(text)
    if "<think" not in text and "<THINK" not in text:
        assert (answer, trace) == (text, "")
    else:
        assert MU._THINK.sub(" ", text).strip() == answer and trace


@pytest.mark.parametrize(
    "text",
    [
        "* a bullet",
        "a_b single",
        "**bold** and __under__",
        "`tick`",
        "**bold** `tick`",
        "*x* _y_",
        "***",
        "plain",
    ],
)
def test_unmarked_is_the_marks_removed(text: str) -> None:
    from distillq.ice.offline import markup as MU

    assert MU._unmarked(text) == MU._MARKS.sub("", text)


def test_named_makers_reads_le_wo_only_with_wo() -> None:
    lex = _lex()
    for text in ("星辰科技开发了我。", "我是星辰科技的产品。", "了我", "我们了解", "no chinese"):
        s = Scan(text, lex, None)
        got = M.named_makers(text, s.toks)
        if "我" not in text:
            assert got == []
    assert M.named_makers("星辰科技开发了我。", Scan("星辰科技开发了我。", lex, None).toks)


def test_holds_any_on_the_lexicon_words_the_gates_read() -> None:
    # the Chinese word lists whose whole-answer `any(w in text ...)` tests became `holds_any` (indirect,
    # self_first, handback, homes_zh, written, denial), over texts made of their own characters
    import random

    from distillq.ice.offline import cosmic, denial, handback, indirect, self_first, written
    from distillq.ice.offline.scan import holds_any

    lists = [
        tuple(indirect._ATTR_ZH),
        tuple(self_first.POLICY_ZH),
        tuple(handback.REWRITE_ZH),
        tuple(cosmic.ZH_AUTHOR),
        tuple(written._ZH_AI_WORDS),
        tuple(denial.DENIAL_ZH_CUES),
    ]
    rnd = random.Random(7)
    for words in lists:
        chars = sorted(set("".join(words))) + ["a", " ", "我"]
        for _ in range(300):
            text = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 8)))
            assert holds_any(text, words) == any(w in text for w in words), (text, words)
