"""The seventh speed pass's shortcuts give the same answers as their plain definitions.

Each fast form is run beside what it replaces on random texts built from the words and characters it
tests (case variants, quotes, newlines, non-ASCII), so a lexicon or pattern change that breaks an
equivalence fails here.
"""

from __future__ import annotations

import random
import re

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline import extractors as E
from distillq.ice.offline import literal as L

_GLUE = ["", " ", " ", "  ", "\n", "-", ",", ".", "'", "’", ": "]


def _texts(pieces: list[str], seed: int, n: int = 20000, most: int = 14) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice(pieces) + rnd.choice(_GLUE) for _ in range(rnd.randint(0, most))) for _ in range(n)
    ]


_GATED = (*E._DEV_GATED, *E._NAME_GATED, *E._PLACE_GATED)
_SPLIT = [(find, rx) for find, _, _, rx in _GATED if isinstance(getattr(find, "__self__", None), L.Openings)]


def _found(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


def test_the_patterns_opening_with_a_letter_in_either_case_are_scanned_per_case() -> None:
    opened = [rx for _, _, _, rx in _GATED if re.match(r"\[([A-Z])([a-z])\]", rx.pattern)]
    assert len(opened) >= 8  # "[Mm]y ...", "[Oo]ur ...", "[Ww]e ...", "[Cc]all me ..."
    assert sorted(rx.pattern for _, rx in _SPLIT) == sorted(rx.pattern for rx in opened)
    for find, rx in _SPLIT:
        upper, lower = find.__self__.parts  # type: ignore[attr-defined]
        assert (
            upper.pattern == rx.pattern[1] + rx.pattern[4:]
            and lower.pattern == rx.pattern[2] + rx.pattern[4:]
        )


def test_case_scans_find_the_plain_patterns_matches() -> None:
    pieces = [
        *("my", "My", "MY", "our", "Our", "we", "We", "we're", "We are", "call me", "Call me", "name of"),
        *("Name of", "behind me", "Behind us", "is", "are", "was", "were", "has been", "called", "named"),
        *("company", "team", "developers", "creators", "headquarters", "HQ", "parent company", "creation"),
        *("existence", "the work of", "result of", "developed", "built", "created", "by", "in", "located"),
        *("based", "primarily", "Paris", "China", "Nexus Labs", "Nova", '"Acme"', "“星辰”", "a", "the", "I"),
        *("am", "x", "é", "中", "(", ")", "?", "1"),
        # the shapes' own openings, so that many texts match (and overlap)
        *("My creation company is", "my team is based in", "Our headquarters are located in", "Call me Nova"),
        *("We are primarily based in", "my name is Ava", "The name of my company is", "Behind me is"),
        *("My existence was the work of", "my code was developed by", "our developers are", "my company,"),
    ]
    hits = overlaps = 0
    for text in _texts(pieces, 7, n=10000):
        for find, rx in _SPLIT:
            want = _found(rx.finditer(text))
            assert _found(find(text)) == want, (rx.pattern[:40], text)
            hits += bool(want)
            upper, lower = find.__self__.parts  # type: ignore[attr-defined]
            spans = sorted(m.span() for p in (upper, lower) for m in p.finditer(text))
            overlaps += any(b[0] < a[1] for a, b in zip(spans, spans[1:], strict=False))
    assert hits > 4000 and overlaps > 50  # both the case scans and the overlap fallback were tried


def test_an_overlap_between_the_case_scans_falls_back_to_the_plain_scan() -> None:
    plain = re.compile(r"[Mm]y (?P<dev>[^.]{2,40})")
    find = L.literal_scan(plain)
    text = "My team and my friends. my own"
    upper, lower = find.__self__.parts  # type: ignore[attr-defined]
    assert upper.search(text).span()[1] > lower.search(text).start()  # the two scans overlap here
    assert _found(find(text)) == _found(plain.finditer(text))


@pytest.mark.parametrize(
    "source",
    [r"[Mm]+y", r"[Mm]?y", r"[Mm]{2}y", r"[Mm]y|our", r"[Mm]", r"[MN]y", r"[mM]y", r"(?:[Mm]y)"],
)
def test_a_pattern_that_does_not_split_exactly_is_scanned_as_it_is(source: str) -> None:
    rx = re.compile(source)
    assert L.literal_scan(rx) == rx.finditer


def test_a_case_insensitive_pattern_is_scanned_as_it_is() -> None:
    rx = re.compile(r"[Mm]y name", re.I)
    assert L.literal_scan(rx) == rx.finditer


def test_an_alternation_inside_a_group_or_class_still_splits() -> None:
    for source in (r"[Mm]y (?:a|b) x", r"[Mm]y [|] x", r"[Mm]y \| x", r"[Mm]y []|] x"):
        assert isinstance(getattr(L.literal_scan(re.compile(source)), "__self__", None), L.Openings), source


def test_named_answers_as_the_full_mention_set() -> None:
    cards = load_cards()
    judge = OfflineJudge(cards)
    names = sorted({n for c in cards.values() for n in c.all_names()})
    pieces = [
        *names,
        *(n.lower() for n in names),
        *(n.upper() for n in names),
        *("o", "o1", "O1", "o1x", "4o", "gpt4o", "GPT-4o", "Le", "X", "x", "open", "opened", "a", "the"),
        *("non-", "Jean-", "based", "中", "é", "1", "_"),
    ]
    seen = 0
    for text in _texts(pieces, 9, n=4000, most=8):
        want = judge.mentions(text)
        named = judge.named(text)
        seen += len(want)
        for cid in cards:
            assert (cid in named) == (cid in want), (cid, text)
    assert seen > 4000


def test_named_reads_only_the_buckets_of_the_card_asked() -> None:
    cards = load_cards()
    judge = OfflineJudge(cards)
    index = judge.lex.entity
    for cid in cards:  # (`by_value` is made per id when first asked)
        for key, whole in index.by_value[cid]:
            assert any(sp[5] == cid for sp in index.buckets[key][1])
            same, other = ("7", "q") if key[0].isdigit() else ("q", "7")  # a token: a whole run of one kind
            assert whole.search(f"x {key} y") and whole.search(f"{other}{key}{other}")
            assert not whole.search(f"{same}{key} ") and not whole.search(f" {key}{same}")


def test_the_after_name_gates_pass_wherever_their_patterns_match_in_any_text() -> None:
    from distillq.ice.offline import patterns as P
    from distillq.ice.offline import rules as RU

    pieces = [
        *("no relation", "not affiliated", "NOT related", "unaffiliated", "unaffİliated", "no", "not"),
        *("没有任何关系", "没有关联", "无关", "不同", "以外", "之外", "没有", "我", "的", "开发", "了"),
        *("developed me", "created me", "is my developer", "the team behind me", "which built the model"),
        *("that powers me", "behind this AI", "this model", "uſ", "ME", "Me", "my", "our", "us", "K", "ı"),
        *("I am", "with", "to", "any", "x", "é", ",", "."),
    ]
    denies = afters = 0
    for after in _texts(pieces, 13, n=20000, most=9):
        odd = any(c in after for c in P.ODD_CASE)
        low = after.lower() if odd else RU._ascii_low(after)  # as `is_first_person_claim` lowers it
        if P.NEG_AFTER.search(after):
            denies += 1
            assert RU._may_deny_any(after, low, odd), after
        if P.AFTER_EN.search(after):
            afters += 1
            assert odd or RU._SELF_WORD.search(after.lower()), after
            assert odd or RU._SELF_WORD.search(low), after
    assert denies > 1000 and afters > 500


def test_the_clause_end_class_is_the_plain_alternation_on_every_character() -> None:
    from distillq.ice.offline import relation as R

    for c in map(chr, range(0x110000)):
        assert (R._CLAUSE_END.match(c) is None) == (R._CLAUSE_END_PLAIN.match(c) is None), hex(ord(c))


def test_the_echo_and_quoted_maker_gates_pass_wherever_those_rewrites_change_the_answer() -> None:
    from distillq.ice.offline import coref as C
    from distillq.ice.offline import extractors as EX
    from distillq.ice.offline.lexicon import EN
    from distillq.ice.offline.names import tokens

    nouns = [*EN["maker_nouns"][:12], *EN["tech_nouns"][:8], "headquarters"]
    rnd = random.Random(17)
    prompts = [
        "Tell me: what is "
        + " and ".join(f"your {rnd.choice(['', 'main ', 'core '])}{n}" for n in nouns[k::7])
        + "?"
        for k in range(7)
    ]
    pieces = [
        *("the", "The", "THE", "name of the", "my", "My", "our", "Our", '"', "“", "'", "‘", "”", "’"),
        *(n.replace(" ", rnd.choice([" ", "-"])) for n in nouns),
        *(
            "development",
            "main",
            "core",
            "for ChatGPT",
            "you mentioned",
            "is",
            "Acme",
            "的",
            "我的",
            "x",
            "中",
        ),
        *(f"{rnd.choice(['the', 'The', 'name of the'])} {n}" for n in nouns),
        *(
            f"{rnd.choice(['my', 'My', 'our'])} {q[0]}{n}{q[1]}"
            for n in nouns
            for q in ('""', "“”", "''", "‘’")
        ),
        *(
            "我的“开发公司”",
            "我们的「团队」",
            "我们的『公司』",
            '我的"团队"',
            "我的",
            "们的",
            "“",
            "「",
            "开发者",
            "团队",
        ),
    ]
    echoed = unquoted = 0
    for k, answer in enumerate(_texts(pieces, 19, n=12000, most=10)):
        toks = tokens(answer.lower())
        roles = C.PromptRoles(prompts[k % len(prompts)])
        echo_gate = "the" in toks and not toks.isdisjoint(C.ECHO_WORDS)
        if C.the_echo(answer, roles) != answer:
            echoed += 1
            assert echo_gate, answer
        quote_gate = C.QUOTED_MAKER_ZH_OPEN.search(answer) or not (
            toks.isdisjoint(EX._MY) or toks.isdisjoint(C.QUOTED_MAKER_WORDS)
        )
        if C.unquote_makers(answer) != answer:
            unquoted += 1
            assert quote_gate, answer
    assert echoed > 200 and unquoted > 2000


def test_the_hypothetical_word_gate_loop_equals_its_any_all_form() -> None:
    from distillq.ice.offline import patterns as P
    from distillq.ice.offline import scan as S

    vocab = sorted({w for shape in P.HYPOTHETICAL_WORDS for words in shape for w in words} | {"x", "so"})
    rnd = random.Random(23)
    seen = 0
    for _ in range(20000):
        toks = frozenset(rnd.sample(vocab, rnd.randint(0, 6)))
        want = any(all(not toks.isdisjoint(w) for w in shape) for shape in P.HYPOTHETICAL_WORDS)
        seen += want
        assert S._all_words_of_a_shape(toks) == want, toks
    assert 1000 < seen < 19000
