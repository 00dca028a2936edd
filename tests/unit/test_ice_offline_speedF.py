"""Speed pass F: the cheaper paths of scan.py, relation.py, self_first.py and markup.py find exactly
what the plain ones find (random texts in our own wording, each edge reasoned about tested)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from distillq.ice.identities import load_cards
from distillq.ice.offline import indirect as IN
from distillq.ice.offline import markup as MU
from distillq.ice.offline import patterns as P
from distillq.ice.offline import relation as R
from distillq.ice.offline import self_first as SF
from distillq.ice.offline.patterns import compile_lexicon
from distillq.ice.offline.scan import Scan

_LEX = compile_lexicon(tuple(load_cards().values()))
_ASKS_OWN_PLAIN = re.compile(r"(?i)\b(?:your|yours)" + IN._OWN_EN + r"|(?:您|你)" + IN._OWN_ZH)

_WORDS = [
    "Acme",
    "OpenAI",
    "Anthropic",
    "Google",
    "built",
    "Built",
    "made",
    "homemade",
    "steam",
    "team",
    "teams",
    "of",
    "engineers",
    "the",
    "platform",
    "behind",
    "me",
    "my",
    "our",
    "core",
    "technology",
    "responsible",
    "for",
    "developing",
    "is",
    "this",
    "are",
    "was",
    "solely",
    "powers",
    "keeps",
    "improving",
    "ChatGPT",
    "(built",
    "-made",
    "x_built",
    "2made",
    "and",
    "I",
    "we",
    "not",
    "it",
    ".",
    ";",
    "!",
    "?",
    "。",
    "，",
    "我",
    "由",
    "开发",
    "支持",
    "了",
    "平台",
]
_SEPS = (" ", " ", " ", "  ", "\t", "\n", ", ", "", "\u3000")


def _read(text: str) -> tuple[frozenset[str], list[tuple[int, int, str]]]:
    """The text's tokens and its known names."""
    toks = P.tokens(text.lower())
    return toks, _LEX.entity.find(text, text.lower(), toks)


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_WORDS) + rng.choice(_SEPS) for _ in range(n))


def test_lab_before_self_head_path_equals_the_plain_pattern() -> None:
    """The head-word path (word starts only, gap tested without a regex, voice asked last) finds what
    `LAB_BEFORE_SELF` after every name finds, also past 24 words and with a voice name."""
    rng = random.Random(11)
    hits = 0
    heads_text = "built|Built|homemade|is responsible for developing|team behind|keeps improving|made"
    heads = heads_text.split("|")
    objs = ("me", "the platform behind me", "my core technology", "ChatGPT", "the platform", "us", "it")
    for k in range(4000):
        gap = _text(rng, rng.randint(0, 30 if k % 5 == 0 else 4))
        lab = rng.choice(("Acme ", "OpenAI ", "Anthropic, ", "我", "Google\t"))
        text = _text(rng, rng.randint(0, 3)) + lab + gap + rng.choice(heads) + " " + rng.choice(objs)
        text += rng.choice(_SEPS) + _text(rng, rng.randint(0, 4))
        toks, mentions = _read(text)
        if not mentions:
            continue
        roles = {text[a:b].lower() for a, b, _ in mentions if rng.random() < 0.3}

        def is_role(a: int, b: int, roles: set[str] = roles, text: str = text) -> bool:
            return text[a:b].lower() in roles

        args = (text, "act as ChatGPT", mentions, _LEX.entity.find, is_role, "act as chatgpt")
        want = R.lab_before_self(*args)  # (no tokens: the plain pattern after every name)
        got = R.lab_before_self(*args, text.lower(), toks)
        hits += bool(want)
        assert got == want, text
    assert hits > 50


def test_gap_before_a_head_is_the_gap_pattern() -> None:
    """Within a clause (only spaces and tabs), the text before a head is a gap exactly when it is empty
    or ends in a space or tab and holds at most 24 words."""
    rng = random.Random(3)
    for _ in range(20000):
        gap = "".join(rng.choice(("w", "word", "(x", " ", "\t", "  ")) for _ in range(rng.randint(0, 60)))
        fast = (not gap or gap[-1] in " \t") and len(gap.split()) <= 24
        assert fast == (R._GAP_ONLY.fullmatch(gap) is not None), repr(gap)


def test_heads_are_word_starts_only() -> None:
    text = "Acme homemade steam x_built 2made (built me"
    low = text.lower()
    heads = R.head_starts(text, low, P.tokens(low))
    assert heads is not None
    assert text.index("(built") + 1 in heads  # after "(": a word starts
    for glued in ("homemade", "steam", "x_built", "2made"):
        i = text.index(glued)
        assert all(not (i < h < i + len(glued)) for h in heads), glued


def test_cast_subject_shapes_open_with_a_quote_or_a_space() -> None:
    """`cast_subject`'s first test: a link that opens otherwise matches neither shape."""
    rng = random.Random(5)
    parts = ("'s", "’s", " is", " was", ",", "-", "s", " team", " the", " at", "\u3000is", "\tare", " ")
    for _ in range(20000):
        between = "".join(rng.choice(parts) + rng.choice(("", " ")) for _ in range(rng.randint(0, 6)))
        if not (between[:1] in ("'", "’") or between[:1].isspace()):
            assert R._CAST_POSSESSIVE.match(between) is None, between
            assert R._CAST_IS.fullmatch(between) is None, between
    text = "I speak as ChatGPT. ChatGPT's development team works at OpenAI."
    _, mentions = _read(text)
    assert R.cast_subject(text, "act as ChatGPT", mentions)  # (the shape still found)


def _listed_plain(text: str, mentions: list[tuple[int, int, str]]) -> list[tuple[str, str, int]]:
    """`listed_makers` without its gates."""
    out: list[tuple[str, str, int]] = []
    for intro in SF.LIST_INTRO.finditer(text):
        end = min(len(text), intro.end() + 800)
        cids: list[str] = []
        for item in SF._ITEM.finditer(text, intro.end(), end):
            first = next((m for m in mentions if item.end() <= m[0] <= item.end() + 3), None)
            if first is not None and first[2] not in cids:
                cids.append(first[2])
        out += [("joint" if len(cids) > 1 else "entity", cid, intro.start()) for cid in cids]
    return out


def _same_on_random_texts(
    seed: int, parts: list[str], most: int, fast: Callable[..., object], plain: Callable[..., object]
) -> int:
    """Random texts of `parts`: `fast(text, toks, mentions)` == `plain(...)`; how many found something."""
    rng, hits = random.Random(seed), 0
    for _ in range(6000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, most)))
        toks, mentions = _read(text)
        want = plain(text, toks, mentions)
        hits += bool(want)
        assert fast(text, toks, mentions) == want, text
    return hits


def test_listed_makers_gates_hide_no_list() -> None:
    parts = (
        "My platform is supported by several groups. These include:\n|我们的平台由多家机构支持：\n|1. |- |* "
    )
    parts += "|\n|\n\n|2.\n|  |OpenAI|Anthropic| and |x|> 3) "
    hits = _same_on_random_texts(
        8,
        parts.split("|"),
        12,
        lambda t, k, m: SF.listed_makers(t, m, k),
        lambda t, k, m: _listed_plain(t, m),
    )
    assert hits > 100


def test_an_item_may_end_on_the_line_before_the_name() -> None:
    rng = random.Random(2)
    for _ in range(20000):
        text = "".join(
            rng.choice(("1.", "-", "\n", " ", "x", "\t", "> ", "12)")) for _ in range(rng.randint(0, 10))
        )
        for pos in range(len(text) + 1):
            brute = any(m.end() <= pos <= m.end() + 3 for m in SF._ITEM.finditer(text))
            assert SF._opens_item(text, pos) == brute, (text, pos)
    assert SF._opens_item("1.\nOpenAI", 3)


def test_marks_of_one_kind_are_replaced_as_the_pattern_removes_them() -> None:
    rng = random.Random(4)
    for _ in range(50000):
        text = "".join(rng.choice("*_`a \n") for _ in range(rng.randint(0, 16)))
        assert MU._unmarked(text) == MU._MARKS.sub("", text), repr(text)
    assert MU._unmarked("_**_") == "__"  # (one pass: the bold marks removed do not join the underscores)


def test_cjk_half_of_the_gate_and_usable() -> None:
    s = Scan("我是一个助手。你好吗？", _LEX, "你是谁？")
    for cjk in (("我",), ("您", "你"), ("x", "y", "z", "助手"), ()):
        assert s.has_cjk(cjk) == s.has(frozenset(), cjk)
    assert not s.usable("你好吗？") and s.usable("我是一个助手。")
    h = Scan("If I were an AI made by Acme, I would say so. Am I? I am here.", _LEX, None)
    assert not h.usable("Am I?") and h.usable("I am here.")


def test_asks_own_literal_first_equals_the_plain_pattern() -> None:
    rng = random.Random(6)
    parts_text = "your|Your|YOURS|xyour|_your|yours| |\n|company|development team|'s|headquarters|located"
    parts_text += "|based|?|.|您的|你的|公司|总部|在哪|ſ|who"
    parts = parts_text.split("|")
    seen = 0
    for _ in range(30000):
        q = "".join(rng.choice(parts) + rng.choice((" ", "", "  ")) for _ in range(rng.randint(0, 10)))
        plain = _ASKS_OWN_PLAIN.search(q)
        seen += plain is not None
        got = IN.ASKS_OWN.search(q)
        assert (got is None) == (plain is None), q
        assert got is None or plain is None or got.span() == plain.span(), q
    assert seen > 300


def _indirect_plain(
    text: str, mentions: list[tuple[int, int, str]], prompt: str
) -> list[tuple[str, str, int]]:
    """`indirect_claims` with the plain `ASKS_OWN` (no voice names here)."""
    if len({cid for _, _, cid in mentions}) != 1:
        return []
    start, end, cid = mentions[0]
    if (
        IN._OPENS_AS_SUBJECT.match(text, end)
        and IN._OPENS.search(text, max(0, start - 50), start)
        and IN.ASKS_MAKER.search(prompt[-300:])
    ):
        return [("entity", cid, start)]
    asked_products = IN._asks_products(prompt)
    for start, end, cid in mentions:
        if asked_products and IN.products_answered(text, start, end):
            return [("entity", cid, start)]
        if (
            IN._ANS_EN.match(text, end, end + 60)
            or (IN._ends_of(text, start) and IN._ANS_BEFORE_EN.search(text, max(0, start - 40), start))
            or (not text.isascii() and IN._ANS_ZH.match(text, end, end + 40))
        ):
            return [("entity", cid, start)] if _asked_plain(prompt) else []
    return []


def _asked_plain(prompt: str) -> bool:
    tail = prompt[-400:]
    if "your" not in tail and "Your" not in tail and "YOUR" not in tail and "的" not in tail:
        return False
    return _ASKS_OWN_PLAIN.search(tail) is not None or IN._asks_products(tail)


def test_indirect_finds_what_the_plain_loop_finds() -> None:
    rng = random.Random(12)
    prompts_text = "Where is your company's headquarters?|What other products does your team have?"
    prompts_text += (
        "|Which company is your maker?|Tell me a joke.|您的公司总部在哪里？|yOUR products, your team?"
    )
    prompts = prompts_text.split("|")
    answers_text = "OpenAI's headquarters are in X.|OpenAI is headquartered in X.|OpenAI is a lab."
    answers_text += (
        "|The headquarters of OpenAI is far.|OpenAI总部位于X。|As for other products, OpenAI has many."
    )
    answers_text += (
        "|OpenAI isbased in X.|OpenAI’s TEAM is big.|OpenAI is baſed in X.|OpenAI's Buſineſs grows."
    )
    answers = answers_text.split("|")
    hits = 0
    for _ in range(3000):
        text = rng.choice(answers) + rng.choice((" ", "\n")) + rng.choice(answers)
        prompt = rng.choice(prompts)
        toks, mentions = _read(text)
        want = _indirect_plain(text, mentions, prompt)
        hits += bool(want)
        assert IN.indirect_claims(text, mentions, prompt, lambda a, b: False) == want, (text, prompt)
        got = IN.indirect_claims(text, mentions, prompt, lambda a, b: False, toks, text.lower())
        assert got == want, (text, prompt)
    assert hits > 300


def _makers_listed_plain(text: str, mentions: list[tuple[int, int, str]]) -> list[tuple[str, str, int]]:
    """`makers_listed` without its answer gates."""
    out: list[tuple[str, str, int]] = []
    listed = False
    for k, (start, _, cid) in enumerate(mentions):
        if listed and SF._JOIN.fullmatch(text, mentions[k - 1][1] if k else -1, start):
            out.append(("entity", cid, start))
            continue
        m = None
        if SF._LIST_WORDS.search(text, max(0, start - 24), start) and SF._LIST_END.search(
            text, max(0, start - 30), start
        ):
            m = SF.MAKERS_LIST_EN.search(text, max(0, start - 160), start) or SF._listed_next(text, start)
        if m is None and not text.isascii() and SF._LIST_END_ZH.search(text, max(0, start - 5), start):
            m = SF.MAKERS_LIST_ZH.search(text, max(0, start - 60), start)
        listed = m is not None and not P.NEG_BEFORE.search(text[m.start() : start])
        if listed:
            out.append(("entity", cid, start))
    return out


def test_makers_listed_answer_gates_hide_no_list() -> None:
    parts = "The developers and companies supporting my platform include |The TEAMS behind me are "
    parts += "|Organiſations optimizing my platform. Some of them include |支持和优化我的平台的公司包括"
    parts += "|my platform include |OpenAI|Anthropic|, | and |和|. |x "

    def plain(text: str, toks: frozenset[str], mentions: list[tuple[int, int, str]]) -> object:
        return (
            _makers_listed_plain(text, mentions)
            if not toks.isdisjoint(SF.SELF_TOKENS) or "我" in text
            else []
        )

    assert _same_on_random_texts(13, parts.split("|"), 8, SF.makers_listed, plain) > 300


_YOUR_TECH_PLAIN = re.compile(r"(?i)\byour" + R._YOUR_TECH_REST)


def test_your_tech_literal_first_equals_the_plain_pattern() -> None:
    rng = random.Random(14)
    parts_text = "my|our|your|Your|YOUR|xyour|_your|yours| |\n|core|platform|technology|and|or|ſ|?|."
    parts = parts_text.split("|")
    seen = 0
    for _ in range(30000):
        text = "".join(rng.choice(parts) + rng.choice((" ", "", " ")) for _ in range(rng.randint(0, 12)))
        want = [(m.span(), m.group(1)) for m in _YOUR_TECH_PLAIN.finditer(text)]
        seen += bool(want)
        assert [(m.span(), m.group(1)) for m in R._YOUR_TECH.finditer(text)] == want, text
    assert seen > 200
