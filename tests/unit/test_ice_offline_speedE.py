"""The speedE pass's shortcuts give the same answers as their plain definitions.

Word tokens without the shape table for digitless texts, the word gates of `named_makers`' shapes, the
literal gate of the Chinese "the developers of me are X" pattern, and "me" found by one scan: each is
run beside what it replaces (or checked as a necessary condition of a match) on random texts built
from the words and characters it tests.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest

from distillq.ice.offline import fiction as F
from distillq.ice.offline import fictional_claims as FC
from distillq.ice.offline import makers as M
from distillq.ice.offline import staffed as ST
from distillq.ice.offline.names import lowered_utf8, tokens

_TOKEN = re.compile(r"[a-z]+|[0-9]+")
_GLUE = ["", " ", " ", "  ", "\n", "-", ",", ".", "'", "’", ": ", "\t", "\u00a0"]


def _texts(pieces: list[str], seed: int, n: int = 8000, most: int = 14, glue: list[str] = _GLUE) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice(pieces) + rnd.choice(glue) for _ in range(rnd.randint(0, most))) for _ in range(n)
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_tokens_equal_the_token_regex_with_and_without_digits(seed: int) -> None:
    pieces = [
        "gpt4o",
        "4o",
        "v2",
        "a",
        "Qwen2.5",
        "2024",
        "x9y",
        "é",
        "中文",
        "İ",
        "word",
        "Z",
        "0",
        "ab",
        "ſ",
        "k",
    ]
    for text in _texts(pieces, seed):
        low = text.lower()
        assert tokens(low) == frozenset(_TOKEN.findall(low)), text
        raw = lowered_utf8(text)
        if raw is not None:  # the Scan's path: the bytes of the A-Z lowering
            word_low = raw.decode("utf-8", "surrogatepass")
            assert tokens(word_low, raw) == frozenset(_TOKEN.findall(word_low)), text


def test_tokens_split_letters_from_digits_only_where_they_touch() -> None:
    assert tokens("gpt4o and 12 apples") == {"gpt", "4", "o", "and", "12", "apples"}
    assert tokens("no digits here, é") == {"no", "digits", "here"}
    assert tokens("7 and 8") == {"7", "and", "8"}


_MAKER_PIECES = [
    # the shapes' own phrases, so that many texts match
    *(
        "I am a creation of",
        "I'm just a product of",
        "I was the work of",
        "the team behind",
        "the creators of",
    ),
    *("created", "built and trained", "owns", "is my parent company", "was my developer", "is my team"),
    *("has a team of engineers who improve my", "has a dedicated team that will update my", "has an"),
    # their words apart and their neighbours
    *("I am", "a", "the", "creation", "project", "of", "Quasar Works", '"Acme"', "Nova", "me", "my", "Me"),
    *("behind", "team", "company", "is", "was", "and", "this", "enemy", "some", "x", "é", "1", "skills"),
]


def test_named_makers_word_gates_never_skip_a_match() -> None:
    """Each shape's new token gate is a necessary condition of its match (the plain scans run here)."""
    hits = 0
    for text in _texts(_MAKER_PIECES, 5, n=12000, most=7):
        toks = tokens(text.lower())
        for _m in M.PART_OF_EN.finditer(text):
            hits += 1
            assert "of" in toks and not toks.isdisjoint(M._BELONG_TOKENS), text
        for i in M._mes(text):
            w0 = max(0, i - 100)
            if M.BEFORE_ME.search(text, w0, i) or M.MADE_ME.search(text, w0, i):
                hits += 1
                assert not toks.isdisjoint(M._ME_TOKENS), text
        for m in M._MY_NOUN.finditer(text):
            if M.MY_MAKER.search(text, max(0, m.start() - 60), m.start()):
                hits += 1
                assert not toks.isdisjoint(M._NOUN_TOKENS) and ("is" in toks or "was" in toks), text
        if "team" in toks and "my" in toks and ST.staffed_makers(text, toks):
            hits += 1
            assert "has" in toks, text
    assert hits > 200  # the shapes were met often


@pytest.mark.parametrize(
    "text",
    [
        "I am a creation of Quasar Works.",
        "Lumen Guild, the team behind me, keeps going.",
        "Quasar Works created me.",
        "Lumen Guild is my parent company.",
        "Quarry Works has a team of engineers who work daily to improve my skills.",
        "I am the enemy of my team. Some time ago nobody made me.",
    ],
)
def test_named_makers_still_find_each_shape(text: str) -> None:
    found = M.named_makers(text, tokens(text.lower()))
    assert bool(found) == ("enemy" not in text)


def test_me_positions_skip_me_inside_words() -> None:
    text = "some time, me, Me, meme, émeé, 1me2, me"
    assert M._mes(text) == [m.start() for m in re.finditer(r"(?<![A-Za-z])me(?![A-Za-z])", text)]
    assert M._mes("") == [] and M._mes("memo") == []


def test_the_chinese_subject_gate_holds_the_patterns_own_nouns() -> None:
    (strings,) = FC.ZH_TOO.values()
    nouns = "|".join(z[1:] for z in strings)
    assert all(z.startswith("的") for z in strings)
    assert "的(?:" + nouns + ")" in F.DEV_ZH_SUBJECT.pattern


def test_the_chinese_subject_gate_never_skips_a_match() -> None:
    pieces = [
        *(
            "持续优化我的平台的开发者",
            "支持我的",
            "的开发者",
            "的团队是",
            "开发我的公司",
            "优化",
            "我",
            "我的",
        ),
        *("平台", "的", "开发者", "团队", "组织", "是", "为", "星辰智能", "，", "。", "的开", "发者"),
    ]
    (strings,) = FC.ZH_TOO.values()
    hits = 0
    for text in _texts(pieces, 9, n=8000, most=6, glue=["", "", "", " ", "，", "。", "\n"]):
        if F.DEV_ZH_SUBJECT.search(text):
            hits += 1
            assert any(z in text for z in strings), text
    assert hits > 50


def test_every_scan_keeps_its_patterns_order_and_gates() -> None:
    from distillq.ice.offline import extractors as E

    for gated, scans in ((E._DEV_GATED, E._DEV_SCANS), (E._NAME_GATED, E._NAME_SCANS)):
        assert len(gated) == len(scans)
        for (find, need, too, rx), (find2, need2, too2, zh) in zip(gated, scans, strict=True):
            assert find2 is find
            if need is F.ZH_NEED:
                assert need2 is None and too2 is None and zh == FC.ZH_TOO.get(rx, ())
            else:
                assert (need2, too2, zh) == (need, too, ())


_LINK_PIECES = [
    *(
        "about",
        "About",
        "ABOUT",
        "regarding",
        "concerning",
        "on the subject of",
        "on the topic of",
        "comment on",
    ),
    *(
        "opinion on",
        "insight into",
        "the",
        "The",
        "while",
        "whereas",
        "but",
        "However",
        "yet",
        "I",
        "is",
        "was",
    ),
    *("you", "You", "YOUR", "yours", "yourself", "youth", "bayou", "your_", "你", "您", "my", "by", "called"),
    *("company", "team", "developers", "am", "'re", "’m", "based", "as", "of", "ab", "x", "9", '"', "'", "“"),
    *("\u0130", "\u0131", "\u017f", "\u212a", "é", "中", "regard\u0131ng", "\u017fubject", "\u212aey"),
]
_LINK_GLUE = ["", " ", "  ", "\n", ",", ";", ", ", "; ", "-", '"', " “", "\t"]


def _same_truth(fast: Callable[[str], object], plain: Callable[[str], object], seed: int, most: int) -> None:
    """`fast` and `plain` agree on random texts of the link pieces, and both outcomes occur often."""
    hits = 0
    for text in _texts(_LINK_PIECES, seed, n=20000, most=most, glue=_LINK_GLUE):
        want = plain(text)
        hits += bool(want)
        assert fast(text) == want, text
    assert 1000 < hits < 19000


def test_not_linked_equals_its_plain_pattern() -> None:
    from distillq.ice.offline import rules as R

    _same_truth(R.not_linked, lambda t: R.NOT_LINKED.search(t) is not None, 21, 8)


def test_rel_cue_equals_the_case_insensitive_pattern() -> None:
    from distillq.ice.offline import patterns as P
    from distillq.ice.offline import rules as R

    _same_truth(R.rel_cue, lambda t: P.REL_EN.search(t) is not None, 22, 4)


def test_second_person_literal_first_finds_the_plain_matches() -> None:
    from distillq.ice.offline import patterns as P

    def spans(rx: re.Pattern[str]) -> Callable[[str], list[tuple[int, int]]]:
        return lambda t: [m.span() for m in rx.finditer(t)]

    _same_truth(spans(P.SECOND_PERSON), spans(P.SECOND_PERSON_PLAIN), 23, 6)


def test_works_on_me_gate_holds_the_patterns_stems_and_never_skips_a_match() -> None:
    from distillq.ice.offline import patterns as P
    from distillq.ice.offline import rules as R

    branches = P.WORKS_ON_ME.pattern.split(r"\b(?:", 1)[1].split(r")\s+", 1)[0].split("|")
    assert sorted(R._WORK_STEMS) == sorted(b.split("[")[0].split("\\")[0] for b in branches)
    pieces = [
        *("Acme", "keeps", "optimising", "OPTIMIZES", "supports", "developed", "built", "powering", "trains"),
        *("shaped", "created", "births", "designs", "maintains", "and", "the", "model", "that", "runs", "me"),
        *("my", "our", "platform", "technology", "core", "x", "\u0130", "\u0131", "\u017f", "\u212a"),
        *("des\u0131gn", "\u017fupport", "bu\u0131lt", "é"),
    ]
    hits = 0
    for text in _texts(pieces, 31, n=20000, most=7, glue=[" ", " ", "  ", "\n", ", ", "-", ""]):
        if P.WORKS_ON_ME.search(text):
            hits += 1
            assert R._may_work(text), text
    assert hits > 200
