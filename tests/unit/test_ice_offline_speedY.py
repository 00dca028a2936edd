"""speedY: the first-person test reads all that the 120 characters before a name tell alone in one
per-judge look-up (`rules._before`), the negation just before the name among them, and answers as its
plain form did.

The plain form below is `is_first_person_claim` before this pass, with `fictional_claims.said_of_me`'s
negation test before it, spelled out of the module's pure parts; on many random sentences in our own
wording, with one memo shared by all of them and without one, the answers are the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from distillq.ice.offline import fictional_claims as FC
from distillq.ice.offline import patterns as P
from distillq.ice.offline import rules as R
from distillq.ice.offline.relation import long_link

_PIECES = (
    "I ", "I'm ", "I am ", "my ", "My ", "our ", "we ", "We ", " me ", "us ", "this model ", "as ",
    "As an assistant ", "was built by ", "made by ", "trained ", " by ", "not ", "no link to ", "never ",
    "unlike ", "instead of ", ", whereas ", "about ", "talk about ", "you ", "your ", '"', "“", "the ",
    "a ", "an ", "model ", "admirer ", "partner ", "such as ", "including ", "and ", "is my maker",
    "trained me", ", which built the system that powers me", "keeps improving my platform",
    "not related to ", "we commonly call ", "creation of ", "family ", ". ", "\n", "我", "我是由",
    "训练的", "不是", "作为", "本模型", "，", "是", "与", "无关", "İ", "ſ", "K", "z" * 40, "w" * 95,
    "History I: ", "(Volume I) ", "my Zenith login", "'s ", "-powered ", "assistant ", ", ",
    "a group of makers from studios including ", "vs. ", "rather than ", "pretend ",
)  # fmt: skip
_NAMES = ("OpenAI", "Anthropic", "Quiet Forge", "GPT-4", "星辰科技", "Zenith")


def _sentence(rng: random.Random) -> tuple[str, int, int]:
    """A random sentence of the pieces with one name in it (at a random piece boundary), and its span."""
    name = rng.choice(_NAMES)
    pieces = rng.choices(_PIECES, k=rng.randint(0, 16)) + [name]
    rng.shuffle(pieces)
    start = len("".join(pieces[: pieces.index(name)]))
    return "".join(pieces), start, start + len(name)


def _plain_before(sent: str, start: int, end: int, latin: bool) -> bool:
    """`rules._said_before` as it was: no memo, each test in its order."""
    before = sent[max(0, start - 120) : start]
    last, as_at = R._firsts(before)
    if last < 0 and start > 120:
        wide = sent[max(0, start - 300) : start]
        far = R._last_first(wide, len(wide) - 120)
        if far and (long_link(wide[far[0] :]) or P.MAKERS_BY_EXAMPLE.search(wide[far[0] :])):
            before, last = wide, far[0]
            as_claim = R.as_claim_at(wide) if R._may_be_as(wide, latin) else None
            as_at = -1 if as_claim is None else as_claim.start()
    if last < 0 and not (
        as_at >= 0 and (P.FIRST_EN.search(sent[end:]) or (not latin and P.FIRST_ZH.search(sent[end:])))
    ):
        return False
    between = before[last:] if last >= 0 else before[as_at:]
    link = R._between_link(between, as_at >= 0, last >= 0)
    if not link:
        return False
    if last >= 2 and before[last - 2 : last].lower() == "we" and R.GENERIC_WE.match(between):
        return False
    if latin and not between.strip() and R._POSSESSIVE.search(before) and not R.OWNED_SELF.match(sent, end):
        return False
    if link == R._IF_MODIFIES:
        return R.NAME_MODIFIES_SELF.match(sent, end, end + 60) is not None
    return True


def _plain(sent: str, start: int, end: int) -> bool:
    """`is_first_person_claim` as it was (the truth of each of its tests, in any order)."""
    latin = sent.isascii()
    after = sent[end : end + 100]
    if not (
        _plain_before(sent, start, end, latin)
        or P.AFTER_EN.search(after)
        or (not latin and P.AFTER_ZH.search(after))
        or R._works_on_me_after(sent, end)
    ):
        return False
    return P.NEG_AFTER.search(after) is None


@dataclass
class _Memo:
    """The two memos as the lexicon holds them."""

    firsts: dict[str, R.Before] = field(default_factory=dict)
    links: dict[tuple[str, bool, bool], int] = field(default_factory=dict)


def test_one_look_up_before_the_name_answers_as_the_plain_form() -> None:
    rng = random.Random(20261208)
    memo = _Memo()
    said = negated = 0
    for _ in range(30_000):
        sent, start, end = _sentence(rng)
        plain = _plain(sent, start, end)
        assert R.is_first_person_claim(sent, start, end) is plain, (sent, start, end)
        assert R.is_first_person_claim(sent, start, end, memo) is plain, (sent, start, end)
        neg = P.NEG_BEFORE.search(sent[max(0, start - 12) : start]) is not None
        want = plain and not neg
        assert FC.said_of_me(sent, start, end, memo) is want, (sent, start, end)
        assert FC.said_of_me(sent, start, end) is want, (sent, start, end)
        said += want
        negated += plain and neg
    assert said > 3_000 and negated > 300  # both answers, and the negation, well represented
    assert len(memo.links) < len(memo.firsts) < 30_000  # the memos were read back, not only filled


def test_the_negation_just_before_the_name_is_read_from_its_text_before() -> None:
    memo = _Memo()
    for m in (None, memo, memo):  # (the third run reads the memo back)
        assert FC.said_of_me("I am Zenith, an assistant.", 5, 11, m)
        assert not FC.said_of_me("I am not Zenith, an assistant.", 9, 15, m)
        assert R.is_first_person_claim("Surely not Zenith created me.", 11, 17, m)  # (none asked)
        assert not FC.said_of_me("Surely not Zenith created me.", 11, 17, m)
        assert not FC.said_of_me("I was built by Zenith, unlike OpenAI.", 29, 35, m)  # "unlike " just before
        assert FC.said_of_me("I was built by OpenAI, unlike Zenith.", 15, 21, m)


def test_possessive_and_modifier_links_are_finished_after_the_name() -> None:
    memo = _Memo()
    for m in (None, memo, memo):
        assert R.is_first_person_claim("Here is my Zenith team.", 11, 17, m)  # (my ... team: owned self)
        assert not R.is_first_person_claim("Here is my Zenith login.", 11, 17, m)  # (something it has)
        assert R.is_first_person_claim("I'm a Zenith model.", 6, 12, m)  # the noun after decides
        assert not R.is_first_person_claim("I'm a Zenith admirer.", 6, 12, m)
