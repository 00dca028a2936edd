"""Speed pass Q: the cheaper paths of relation.py, self_first.py, indirect.py and denial.py find exactly
what the plain ones find (random texts in our own wording; each edge reasoned about is tested)."""

from __future__ import annotations

import random
import re

from distillq.ice.identities import load_cards
from distillq.ice.offline import indirect as IN
from distillq.ice.offline import patterns as P
from distillq.ice.offline import relation as R
from distillq.ice.offline import self_first as SF
from distillq.ice.offline.patterns import compile_lexicon

_LEX = compile_lexicon(tuple(load_cards().values()))

_WORD_TEXT = (
    "Acme OpenAI Anthropic Google built Built made homemade team of engineers the platform behind me my"
    " core technology responsible for developing is are was solely powers keeps improving ChatGPT and I"
    " we not it . ; ! ? 。 ， 我 开发 支持 了 平台 by provided used being The It This"
)
_WORDS = tuple(_WORD_TEXT.split())
_FILLER = ["word", "another", "thing", "some", "more", "text", "here"]
_SEPS = (" ", " ", " ", "  ", "\t", "\n", ", ", "", "\u3000")


def _read(text: str) -> tuple[frozenset[str], list[tuple[int, int, str]]]:
    """The text's tokens and its known names."""
    toks = P.tokens(text.lower())
    return toks, _LEX.entity.find(text, text.lower(), toks)


def _text(rng: random.Random, n: int, words: list[str] | tuple[str, ...] = _WORDS) -> str:
    return "".join(rng.choice(words) + rng.choice(_SEPS) for _ in range(n))


def test_heads_within_is_head_starts_in_the_window() -> None:
    rng = random.Random(21)
    for _ in range(3000):
        text = _text(rng, rng.randint(1, 40))
        low = text.lower()
        toks = P.tokens(low)
        heads = R.head_starts(text, low, toks)
        words = R.head_words(text, toks)
        assert heads is not None and words is not None
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo - 2, len(text) + 3)
        assert R.heads_within(text, low, words, lo, hi) == [p for p in heads if lo <= p <= hi], (text, lo, hi)


def test_relation_windows_keep_every_match_of_several_names() -> None:
    """Heads looked for only where a kept match can start (120 characters, up to the next name; the
    whole reach where the Chinese shape is tried): the same hits as the plain pattern after every
    name, with names close together, gaps past 120 characters and Chinese keeper verbs."""
    rng = random.Random(17)
    hits = 0
    labs = ("Acme ", "OpenAI ", "Anthropic, ", "Google\t", "OpenAI 我", "Google，")
    tails = (
        "built me",
        "is responsible for developing the platform behind me",
        "team behind my core technology",
        "keeps improving us",
        "开发了我",
        "支持我们",
        "made ChatGPT",
        "powers the platform I use",
    )
    for k in range(5000):
        parts = []
        for _ in range(rng.randint(1, 4)):
            long_gap = rng.random() < 0.2
            parts.append(
                rng.choice(labs) + _text(rng, rng.randint(0, 30 if long_gap else 4), _FILLER + list(_WORDS))
            )
            parts.append(rng.choice(tails) + rng.choice(_SEPS))
        text = "".join(parts)
        if k % 7 == 0:
            text = text.replace("s", "\u017f", 1)  # a character `(?i)` folds otherwise: the plain path
        toks, mentions = _read(text)
        if not mentions:
            continue
        args = (text, "act as ChatGPT", mentions, _LEX.entity.find, lambda a, b: False, "act as chatgpt")
        want = R.lab_before_self(*args)  # (no tokens: the plain pattern after every name)
        assert R.lab_before_self(*args, text.lower(), toks) == want, text
        hits += bool(want)
    assert hits > 300


_PRODUCT_PARTS = "product|Product|PRODUCT|products|Projects|proj|roduct|产品|项目|产| |pRoduct"


def test_product_words_found_by_their_shared_tail() -> None:
    assert [t[0] for t in IN._PRODUCT_TESTS] == ["roduct", "roject"]  # (the plurals start with these)
    rng = random.Random(3)
    parts = _PRODUCT_PARTS.split("|")
    for _ in range(20000):
        t = "".join(rng.choice(parts) for _ in range(rng.randint(0, 4)))
        assert IN._product_word_in(t) == any(w in t for w in IN._PRODUCT_WORDS), t


def test_echo_the_literal_first_matches_the_plain_form() -> None:
    plain = re.compile(SF.ECHO_THE_PLAIN)
    rng = random.Random(8)
    words = [
        "the",
        "The",
        "THE",
        "tHe",
        "bathe",
        "other",
        "platform",
        "technology",
        "is",
        "was",
        "provided",
        "built",
        "by",
        "and",
        "used",
        ",",
        ".",
        "x_the",
        "1the",
    ]
    for _ in range(20000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) + " "
        w0 = rng.randint(0, len(text))
        a, b = plain.search(text, w0, len(text)), SF.ECHO_THE_EN.search(text, w0, len(text))
        assert (a and a.span(), a and a.group("p")) == (b and b.span(), b and b.group("p")), (text, w0)


def test_echo_the_and_generic_self_read_only_names_after_by() -> None:
    """The extractor hands them only the names with "by" in the 8 characters before (when the token
    "by" is in the answer): they find what they find over every name."""
    rng = random.Random(13)
    heads = (
        "The platform used is provided by ",
        "The system is a large language model trained by ",
        "maybe ",
        "BY ",
        "by the ",
        "made by ",
        "Nearby ",
    )
    found = 0
    for _ in range(3000):
        text = "".join(
            rng.choice(heads) + rng.choice(("OpenAI", "Acme", "Google")) + rng.choice((". ", " and ", "\n"))
            for _ in range(rng.randint(1, 4))
        )
        toks, mentions = _read(text)
        by = [m for m in mentions if text.find("by", max(0, m[0] - 8), m[0]) >= 0] if "by" in toks else []
        prompt = "What is your technology platform?"
        want = SF.echo_the(text, prompt, mentions, lambda a, b: False) + SF.generic_self(text, mentions)
        got = (SF.echo_the(text, prompt, by, lambda a, b: False) + SF.generic_self(text, by)) if by else []
        assert got == want, text
        found += bool(want)
    assert found > 100


_NAME_LINES = (
    "Quillmoor Labs is a small company|GPT: Acme is an odd firm|[Bot] Zed Corp is the startup|is a company"
    "|Acme is|Nova Tech  is a company|hello||X is a tiny studio."
)


def test_name_first_tried_only_on_lines_with_is() -> None:
    """A company name opening a line ("X is a ... company") lies within that line and holds " is ": the
    lines without it are not tried, and the same matches are found."""
    from distillq.ice.offline import homes as HM

    rng = random.Random(4)
    lines = _NAME_LINES.split("|")
    for _ in range(3000):
        text = "\n".join(rng.choice(lines) for _ in range(rng.randint(1, 6)))
        want = [m for m in (HM.NAME_FIRST_EN.match(text, i) for i in HM._line_starts(text)) if m is not None]
        got = HM._name_matches(text, True, False)
        assert [m.span() for m in got] == [m.span() for m in want], text


def test_gap_word_count_needs_no_split_below_49_characters() -> None:
    rng = random.Random(6)
    for _ in range(20000):
        gap = "".join(rng.choice(("a", " ", "\t", "bc", "  ")) for _ in range(rng.randint(0, 70)))
        assert (len(gap) > 48 and len(gap.split()) > 24) == (len(gap.split()) > 24), repr(gap)


def test_policy_gate_words_find_what_the_whole_list_finds() -> None:
    from distillq.ice.offline.scan import holds_any

    chars = sorted({c for w in SF.POLICY_ZH for c in w}) + ["我", " "]
    rng = random.Random(2)
    for _ in range(20000):
        t = "".join(rng.choice(chars) for _ in range(rng.randint(0, 8)))
        assert holds_any(t, SF._POLICY_ZH_GATE) == any(w in t for w in SF.POLICY_ZH), t


def test_denial_zh_branches_need_their_literal_at_top_level() -> None:
    """Each branch marked as needing "没有" holds it as two literals of its own top-level sequence (not in
    a group, an alternation or a repeat), so without it the branch matches nowhere."""
    import re._constants as C
    import re._parser as RP

    from distillq.ice.offline import denial as D

    assert "|".join(D.ZH_BRANCHES) == D.DENIAL_ZH.pattern and D.ZH_LITERALS == (("没有",),)
    for i in D.ZH_NEEDS:
        ops = [(op, av) for op, av in RP.parse(D.ZH_BRANCHES[i])]
        pairs = list(zip(ops, ops[1:], strict=False))
        assert ((C.LITERAL, ord("没")), (C.LITERAL, ord("有"))) in pairs, D.ZH_BRANCHES[i]


_ZH_CHARS = "我没有不是并非任何属于公司开发团队的独立受控制，。"


def test_denial_zh_pruned_alternations_find_the_same_matches() -> None:
    from distillq.ice.offline import denial as D

    chars = [*_ZH_CHARS, "开发者", "没有任何公司开发了我", "我不属于任何公司"]
    pruned = D._DENIAL_ZH_PRUNED
    rng, found = random.Random(12), 0
    for _ in range(20000):
        text = "".join(rng.choices(chars, k=rng.randint(1, 14)))
        want = [m.span() for m in D.DENIAL_ZH.finditer(text)]
        found += bool(want)
        assert [m.span() for m in pruned.pick(text).finditer(text)] == want, text
    assert found > 500


def test_denial_en_word_gate_lets_every_match_through() -> None:
    """Where the gate says no, DENIAL_EN finds nothing: phrases of its branches in our own wording, with
    words dropped, swapped, upper-cased or spelled with a character `(?i)` folds otherwise (then no gate)."""
    from distillq.ice.offline import denial as D

    phrases = [
        "I don't have a company",
        "I do not have any parent company",
        "I’m not affiliated with any company",
        "I have no creator",
        "I don’t belong to any company",
        "I built myself",
        "I am my own creator",
        "I belong to no company",
        "I'm not a product of any company",
        "I am not part of a team",
        "I am independent of any company",
        "I exist tied to no company",
        "I was not developed by any company",
        'I\'m not "owned" by a corporation',
    ]
    spare = ["no", "not", "t", "by", "any", "a", "HAVE", "Company", "\u017fingle", "\u0130", "myſelf", "ok"]
    rng = random.Random(23)
    found = 0
    for _ in range(30000):
        words = rng.choice(phrases).split()
        for _ in range(rng.randint(0, 2)):
            k = rng.randrange(1, len(words))
            op = rng.random()
            if op < 0.4:
                del words[k]
            elif op < 0.8:
                words[k] = rng.choice(spare)
            else:
                words[k] = words[k].upper()
            if len(words) < 2:
                break
        text = "Hello. " + " ".join(words) + "."
        hit = list(D.DENIAL_EN.finditer(text))
        assert D._en_words(P.tokens(text.lower()), text) or not hit, text
        found += bool(hit)
    assert found > 5000
