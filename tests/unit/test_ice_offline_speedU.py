"""speedU: the first-person test's per-judge memos (`rules._said_before`) change no answer.

`rules.is_first_person_claim` remembers, on the judge's lexicon, two parts that are pure in a shorter
text than the sentence: the last first person and the "as ..." opening of the 120 characters before a
name (`firsts`), and how the words between "I" and the name link them (`links`). These tests check the
purity those memos rest on, on many random sentences in our own wording: with one memo shared by all of
them the answers are those of the test without a memo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from distillq.ice.identities import load_cards
from distillq.ice.offline import fiction as F
from distillq.ice.offline import naming as N
from distillq.ice.offline import patterns as P
from distillq.ice.offline import rules as R
from distillq.ice.offline.names import compile_lexicon

_PIECES = (
    "I ", "I'm ", "I am ", "my ", "our ", "we ", "me", " me ", "us ", "this model ", "This AI ", "as ",
    "As an AI ", "was developed by ", "created by ", "built ", " by ", "not ", "no relation to ",
    "unlike ", "rather than ", ", while ", "about ", "comment on ", "you ", "your ", '"', "“", "the ",
    "a ", "an ", "model ", "fan ", "partner ", "such as ", "including ", "and ", "is my developer",
    "created me", ", which built the model that powers me", "keeps optimising my platform",
    "not affiliated with ", "we usually call ", "product of ", "family ", ". ", "\n", "我", "我是由",
    "开发的", "不是", "作为", "本模型", "，", "是", "与", "无关", "合作", "İ", "ſ", "K", "x" * 50, "y" * 90,
    "Statistics I: ", "(Part I) ", "my Acme account", "Acme's ", "-based ", "system ",
    "a crew of builders from firms including ",
)  # fmt: skip
_NAMES = ("OpenAI", "Anthropic", "Nexus Forge", "GPT-4", "星辰科技", "Acme")


def _sentence(rng: random.Random) -> tuple[str, int, int]:
    """A random sentence of the pieces with one name in it, and the name's span."""
    parts = [rng.choice(_PIECES) for _ in range(rng.randint(0, 14))]
    k = rng.randint(0, len(parts))
    head, name = "".join(parts[:k]), rng.choice(_NAMES)
    return head + name + "".join(parts[k:]), len(head), len(head) + len(name)


@dataclass
class _Memo:
    """The two memos as the lexicon holds them."""

    firsts: dict[str, tuple[int, int]] = field(default_factory=dict)
    links: dict[tuple[str, bool, bool], int] = field(default_factory=dict)


def test_shared_memos_give_the_answers_of_the_plain_test() -> None:
    rng = random.Random(20261207)
    memo = _Memo()
    said = 0
    for _ in range(30_000):
        sent, start, end = _sentence(rng)
        plain = R.is_first_person_claim(sent, start, end)
        assert R.is_first_person_claim(sent, start, end, memo) is plain, (sent, start, end)
        said += plain
    assert said > 3_000  # both answers are well represented
    assert len(memo.links) < len(memo.firsts) < 30_000  # the memos were read back, not only filled


def test_the_as_gate_agrees_in_either_script_on_ascii_text() -> None:
    """`_firsts` reads the "as ..." opening with the gate of the text's own script: on ASCII text both gates
    are exact, so the answer does not depend on the sentence the 120 characters came from."""
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))
        if not text.isascii():
            continue
        want = P.AS_CLAIM.search(text)
        for latin in (True, False):
            got = R.as_claim_at(text) if R._may_be_as(text, latin) else None
            assert (got and got.span()) == (want and want.span()), (text, latin)


def test_the_chinese_relation_cue_needs_a_chinese_character() -> None:
    """`_between_link` tests the Chinese cues on non-ASCII words only (not keyed by the sentence's script)."""
    for alternative in P.REL_ZH.pattern.split("|"):
        assert not alternative.isascii(), alternative


def test_linked_shapes_and_their_denials() -> None:
    memo = _Memo()
    for m in (None, memo, memo):  # (the third run reads the memo back)
        assert R.is_first_person_claim("I was developed by Acme.", 19, 23, m)
        assert R.is_first_person_claim("I am an Acme model.", 8, 12, m)
        assert not R.is_first_person_claim("I am an Acme fan.", 8, 12, m)
        assert not R.is_first_person_claim("I was developed by Acme, not affiliated with it.", 19, 23, m)
        assert not R.is_first_person_claim("I was not developed by Acme.", 23, 27, m)
        assert R.is_first_person_claim("Acme created me.", 0, 4, m)
        assert not R.is_first_person_claim("Acme created them.", 0, 4, m)
        assert not R.is_first_person_claim("You were developed by Acme.", 22, 26, m)
        assert not R.is_first_person_claim("We usually call it Acme.", 19, 23, m)


def test_the_lexicon_hands_itself_to_the_test() -> None:
    lex = compile_lexicon(tuple(load_cards().values()))
    seen = []

    def test(sent: str, start: int, end: int, memo: object) -> bool:
        seen.append(memo)
        return True

    assert lex.said_of_me("I am Acme.", 5, 9, test)
    assert lex.said_of_me("I am Acme.", 5, 9, test)  # (remembered: the test runs once)
    assert seen == [lex]


def test_names_maker_remembered_gives_the_plain_answer() -> None:
    """`naming.names_maker` with the judge's memo answers as without it, a bool either way, read back."""
    memo: dict[str, bool] = {}
    phrases = (
        "Nexus Forge",
        "a team of engineers",
        "a secret collective",
        "located in Canada",
        "[Company Name]",
        "星辰科技",
        "来自各地的专家",
        "the Quiet Guild's founders",
    )
    for _ in range(2):
        for phrase in phrases:
            plain = N.names_maker(phrase)
            assert (
                N.names_maker(phrase, memo)
                is plain
                is bool(N.is_named(phrase) or F.FICTION_MARK.search(phrase))
            ), phrase
    assert len(memo) == len(phrases)
    assert N.names_maker("Nexus Forge", memo) and not N.names_maker("a team of engineers", memo)


def test_places_remembered_give_the_first_answer() -> None:
    """`names.Places.search` remembers each text's answer per judge: the same as a fresh lexicon's."""
    cards = tuple(load_cards().values())
    lex = compile_lexicon(cards)
    texts = ("the United States", "Paris, France", "nowhere at all", "中国北京", "a lab in Toronto", "")
    for _ in range(2):
        for text in texts:
            assert lex.place.search(text) == compile_lexicon(cards).place.search(text), text
    assert set(lex.place.found) == set(texts)
    assert lex.place.search("nowhere at all") is None
