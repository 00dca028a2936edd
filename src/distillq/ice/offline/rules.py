"""Shared link rules of the offline judge: is a name said of "I", does a phrase name someone.

Used by the registered extractors (extractors.py); every regex here is generated from the
lexicon files or fixed grammar (patterns.py).
"""

from __future__ import annotations

import re
from typing import Protocol

from distillq.ice.offline import patterns as P
from distillq.ice.offline.fiction import DESCRIBE
from distillq.ice.offline.first_gates import _WORK_STEMS as _WORK_STEMS
from distillq.ice.offline.first_gates import _may_be_as as _may_be_as
from distillq.ice.offline.first_gates import _may_work as _may_work
from distillq.ice.offline.first_gates import as_claim_at as as_claim_at
from distillq.ice.offline.first_gates import works_on_me as works_on_me
from distillq.ice.offline.lexicon import EN
from distillq.ice.offline.naming import NOT_NAMES as NOT_NAMES
from distillq.ice.offline.naming import PLACEHOLDER as PLACEHOLDER
from distillq.ice.offline.naming import ai_named as ai_named
from distillq.ice.offline.naming import boundary_ok as boundary_ok
from distillq.ice.offline.naming import is_named as is_named
from distillq.ice.offline.relation import long_link

# "I'm an OpenAI model" / "I am an OpenAI fan": between "I" and the name only a copula and an article,
# so the name modifies the noun after it, and that noun decides (an AI or a product: a claim).
BARE_ARTICLE = re.compile(
    r"(?i)^\s*(?:(?:am|was|is|are|['’]m|['’]re)\s+)?(?:(?:just|only|merely|simply|actually|really|also|still)\s+)?"
    r"(?:an?|the|one)\s+(?:(?!(?:of|by|from|at|with|for|to|in|on|under|behind)\b)[\w\-]+\s+){0,2}$"
)
NAME_MODIFIES_SELF = re.compile(
    r"(?i)(?:['’]s)?(?:[\s\-]+(?:based|powered|developed|trained|built|made|created|designed|owned|backed))?"
    r"(?:\s+[\w\-]+)?\s+(?:" + EN.inner("ai_descriptors", "belonging_nouns") + r"|system|family|series)\b"
)


# Between "I" and the name, a new clause about someone else (", while ChatGPT is based on GPT": no
# first person after it), or right before the name, the name as the topic of what "I" says
# ("comment on X", "about X"): neither links the name to "I".
NOT_LINKED = re.compile(
    r"(?i)[,;]\s*" + EN.alt("contrast_words") + r"\b|\b" + EN.alt("topic_markers") + r"(?:\s+the)?\s*[\"'“]?$"
)
# Its two shapes apart (`not_linked`): the contrast opens with a literal class (`re` skips ahead to it);
# the topic ends the text, so the text's last word is tested first.
_CONTRAST = re.compile(r"(?i)[,;]\s*" + EN.alt("contrast_words") + r"\b")
_TOPIC = re.compile(r"(?i)\b" + EN.alt("topic_markers") + r"(?:\s+the)?\s*[\"'“]?$")
_TOPIC_ENDS = tuple(sorted({w.split()[-1].lower() for w in EN["topic_markers"]} | {"the"}))


def not_linked(between: str) -> bool:
    """`NOT_LINKED.search(between)` as a truth test, without its topic shape's scan at every position.

    Exact gate of the topic shape: it ends the text (`$`, perhaps before a last newline) in a topic
    marker or "the", then whitespace and at most one quote; so with the trailing whitespace, one quote
    and the whitespace before it stripped, the text ends in the last word of a marker or "the" (any
    case: lower-cased, unless a character `(?i)` folds otherwise than `lower()` is among its last ones).
    """
    if _CONTRAST.search(between) is not None:
        return True
    end = between.rstrip()
    if end.endswith(('"', "'", "“")):
        end = end[:-1].rstrip()
    end = end[-12:]  # (the longest last word, "concerning", fits)
    if not end.lower().endswith(_TOPIC_ENDS) and P.plain_case(end):
        return False
    return _TOPIC.search(between) is not None


def rel_cue(between: str) -> bool:
    """`P.REL_EN.search(between)` as a truth test: searched lower-cased with the plain pattern (the same
    test unless a character `(?i)` folds otherwise than `lower()` is in the text: then the `(?i)` one)."""
    if P.plain_case(between):
        return P.REL_EN_LOWER.search(between.lower()) is not None
    return P.REL_EN.search(between) is not None


# After "my"/"our" directly, the name must name the self or its makers ("my OpenAI developers",
# "our Anthropic team"), not something the speaker has ("my Google account").
OWNED_SELF = re.compile(
    r"(?i)(?:['’]s)?(?:[\s\-]+[\w\-]+)?[\s\-]+(?:"
    + EN.inner(
        "maker_nouns", "maker_people", "ai_descriptors", "belonging_nouns", "tech_nouns", "organisation"
    )
    + r"|parents?|family|origins?|roots|home|creators?|training|identity)\b|\s*[,.;:!?)]|\s*$"
)
# A quotation opened after "I" with words in it before the name: the name is inside a title or
# someone's words ('our new post: "Open Assistant is an open source ChatGPT"'), not said of "I"
# (a quoted name itself, 'I am "ChatGPT"', has no words before it inside the quote).
_WORDS_IN = re.compile(r"[\w,.]\s+\S")


def in_quote(between: str) -> bool:
    """Whether a quotation opened in `between` is still open at its end, with words before the name."""
    if '"' not in between and "“" not in between:
        return False
    straight = between.rfind('"') if between.count('"') % 2 else -1
    curly = between.rfind("“") if between.rfind("“") > between.rfind("”") else -1
    start = max(straight, curly)
    return start >= 0 and _WORDS_IN.search(between, start + 1) is not None


_POSSESSIVE = re.compile(r"(?i)(?:my|our)\s*$")


def _may_deny(low: str) -> bool:
    """Exact gate of `P.NEG_AFTER` for ASCII text: each English shape opens with "no ", "not " or
    "unaffiliated" within its first 25 characters (a few substring tests instead of a scan)."""
    low = low[:36]  # the longest opening, "unaffiliated", ends by then
    return "no " in low or "not " in low or "unaffiliated" in low


# The openings of `P.NEG_AFTER`'s Chinese shapes.
_DENY_ZH = ("没有", "无关", "不同", "以外", "之外")


def _may_deny_any(after: str, low_after: str, odd: bool) -> bool:
    """Exact gate of `P.NEG_AFTER` for any text: a Chinese opening within its reach, or the English
    test on the lower case `low_after` (`_ascii_low` will do); a text with a character `(?i)` folds
    otherwise than `lower()` (`odd`) passes."""
    return odd or any(map(after[:36].__contains__, _DENY_ZH)) or _may_deny(low_after)


def _ascii_low(text: str) -> str:
    """`text` with only A-Z lowered: for a text without `P.ODD_CASE` characters, the same ASCII letters
    at the same places as `text.lower()` (no other character lowers to an ASCII one or changes length:
    `names.LOWER_TO_ASCII`), for the tests that read only ASCII words.

    Why: `str.lower` of Chinese text goes character by character through the Unicode tables; the UTF-8
    bytes lowered in one table pass cost a fraction of that."""
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


# Exact gate of `P.AFTER_EN` in lower-cased ASCII text: each of its shapes ends in "me", "my", "our",
# "us" or a self noun ("this AI"), as a word. Literal-first (the boundary checked after the first
# letter), so `re` skips ahead.
_SELF_WORD = re.compile(
    "|".join(
        w[0] + f"(?<![a-z]{w[0]})" + w[1:] + "(?![a-z])"
        for w in sorted({"me", "my", "our", "us"} | EN.gate("self_nouns"))
    )
)


def _last_first_end(before: str) -> int:
    """End of the last first-person word of `before` that is no title's numeral, or -1."""
    if P.FIRST_EN_LAST is not None:
        m = P.FIRST_EN_LAST.match(before)
        if m is None:
            return -1
        if not _roman_one(before, m.start(1), m.end()):
            return m.end()  # (a title's "I" last: rare, the plain walk below)
    firsts = list(P.FIRST_EN.finditer(before))
    while firsts and _roman_one(before, firsts[-1].start(), firsts[-1].end()):
        firsts.pop()  # "Cryptography I: ...": a title's numeral, no pronoun
    return firsts[-1].end() if firsts else -1


def _last_first(text: str, endpos: int) -> list[int]:
    """[the end of the last first-person word of text[:endpos]], or [] (a numeral counts here)."""
    if P.FIRST_EN_LAST is not None:
        m = P.FIRST_EN_LAST.match(text, 0, endpos)
        return [m.end()] if m is not None else []
    return [m.end() for m in P.FIRST_EN.finditer(text, 0, endpos)][-1:]


class LinkMemo(Protocol):
    """Where a judge keeps the parts of `is_first_person_claim` pure in a shorter text (`names.Lexicon`)."""

    @property
    def firsts(self) -> dict[str, Before]: ...
    @property
    def links(self) -> dict[tuple[str, bool, bool], int]: ...


# What the 120 characters before a name tell alone (`_before`): (the end of the last first person, or -1;
# the start of an "as ..." opening, or -1; with a first person, how it links to the name (`_link_code`),
# else -1; whether a negation stands in their last 12 characters).
Before = tuple[int, int, int, bool]


def is_first_person_claim(
    sent: str, start: int, end: int, memo: LinkMemo | None = None, neg_before: bool = False
) -> bool:
    """Whether the name at sent[start:end] is said of "I" rather than of someone else (and, with
    `neg_before`, not negated in the 12 characters before it: "not ChatGPT").

    Linked by what follows the name ("X created me", "X keeps optimising my platform") or by a first
    person before it (`_before`, `_no_first_before`), unless what follows denies the link ("..., not affiliated with").
    The first person before is tested first (what the 120 characters before the name tell alone is
    remembered per judge: `memo`, the judge's lexicon, `firsts` and `links`), what follows only when it
    finds no link, and the denial last, only for a link: most names are linked to no "I" at all (the
    same truth as the other order: each test is pure, and every way out but a link is a False).
    """
    before = sent[max(0, start - 120) : start]
    got = None if memo is None else memo.firsts.get(before)
    if got is None:
        got = _before(before, memo)
        if memo is not None:
            if len(memo.firsts) >= 20_000:
                memo.firsts.clear()
            memo.firsts[before] = got
    last, as_at, code, negated = got
    if neg_before and negated:
        return False
    latin = sent.isascii()  # O(1): English sentences skip every Chinese pattern
    after = sent[end : end + 100]  # room for the longest AFTER_EN shape
    if latin:
        odd = False
        low_after = after.lower()
    else:  # (the English shapes' last word in other text too, unless a character folds otherwise there)
        odd = not P.plain_case(after)
        low_after = after.lower() if odd else _ascii_low(after)
    if not (
        # (a first person before the name: its link read from `got`, finished here without a call when
        # nothing after the name is asked, the common case)
        (
            (code == _LINKED or _linked(code, sent, end, latin))
            if last >= 0
            else _no_first_before(sent, start, end, latin, before, as_at, memo)
        )
        or ((odd or _SELF_WORD.search(low_after)) and P.AFTER_EN.search(after))
        or (not latin and P.after_zh(after))
        or _works_on_me_after(sent, end)  # "X, with others, keeps optimising my platform"
    ):
        return False
    return not (
        (_may_deny(low_after) if latin else _may_deny_any(after, low_after, odd))
        and P.NEG_AFTER.search(after) is not None
    )


def _works_on_me_after(sent: str, end: int) -> bool:
    """Whether the 200 characters after a name tell it works on "me" or "my" technology, not negated."""
    tail = sent[end : end + 200]
    return (
        (" me" in tail or "my " in tail or "our " in tail)
        and works_on_me(tail)
        and not P.NEG_BEFORE.search(tail[:60])
    )


def _firsts(before: str) -> tuple[int, int]:
    """(the end of the last first-person word of `before`, English or Chinese, or -1; the start of its
    AS_CLAIM match, or -1): pure in `before` (an ASCII text holds no Chinese first person, and
    `_may_be_as` is an exact gate in either script)."""
    last = _last_first_end(before)
    if not before.isascii():
        last = max(last, P.last_zh_end(before))
    as_claim = as_claim_at(before) if _may_be_as(before, before.isascii()) else None
    return last, -1 if as_claim is None else as_claim.start()


def _before(before: str, memo: LinkMemo | None) -> Before:
    """What the 120 characters before a name tell alone (`Before`): pure in `before`.

    Why: answers repeat their boilerplate ("I am an AI developed by "), so the text before a name recurs
    far more often than the sentences; with a first person in it, the whole link but the words after the
    name is decided here, and a judge reads it back in one look-up."""
    last, as_at = _firsts(before)
    code = _link_code(before, last, as_at, memo) if last >= 0 else -1
    return last, as_at, code, P.NEG_BEFORE.search(before[-12:]) is not None


def _no_first_before(
    sent: str, start: int, end: int, latin: bool, before: str, as_at: int, memo: LinkMemo | None
) -> bool:
    """Where the 120 characters `before` the name at sent[start:end] hold no first person: whether one
    further back (through one clause), or an "as ..." opening in them with "I" after the name, is
    linked to it (`_link_code`)."""
    last = -1
    if start > 120:  # a first person further back links only through one clause
        wide = sent[max(0, start - 300) : start]
        far = _last_first(wide, len(wide) - 120)
        if far and (long_link(wide[far[0] :]) or P.MAKERS_BY_EXAMPLE.search(wide[far[0] :])):
            before, last = wide, far[0]
            as_claim = as_claim_at(wide) if _may_be_as(wide, latin) else None
            as_at = -1 if as_claim is None else as_claim.start()
    if last < 0 and not (
        as_at >= 0 and (P.FIRST_EN.search(sent[end:]) or (not latin and P.FIRST_ZH.search(sent[end:])))
    ):
        return False
    return _linked(_link_code(before, last, as_at, memo), sent, end, latin)


def _link_code(before: str, last: int, as_at: int, memo: LinkMemo | None) -> int:
    """How the words after the first person (ending at `last`; else the "as ..." opening at `as_at`) of
    `before` link it to the name after `before` (`_between_link`, remembered in `memo.links`), less
    "we" naming it generically; with `_OWNED` set when "my"/"our" stands right before the name (then
    `OWNED_SELF` after it decides, in a Latin sentence). Pure in its arguments."""
    between = before[last:] if last >= 0 else before[as_at:]
    if memo is None:
        link = _between_link(between, as_at >= 0, last >= 0)
    else:
        key = (between, as_at >= 0, last >= 0)
        known = memo.links.get(key)
        if known is None:
            if len(memo.links) >= 20_000:
                memo.links.clear()
            known = memo.links[key] = _between_link(between, as_at >= 0, last >= 0)
        link = known
    if not link:
        return _NO_LINK
    if last >= 2 and before[last - 2 : last].lower() == "we" and GENERIC_WE.match(between):
        return _NO_LINK  # "the platform we commonly know as Facebook": people's name for it, no claim
    if not between.strip() and _POSSESSIVE.search(before):
        return link | _OWNED
    return link


def _linked(code: int, sent: str, end: int, latin: bool) -> bool:
    """`_link_code`'s answer finished with the words after the name at sent[:end]."""
    if not code:
        return False
    if code & _OWNED and latin and not OWNED_SELF.match(sent, end):
        return False
    if (code & ~_OWNED) == _IF_MODIFIES:
        return NAME_MODIFIES_SELF.match(sent, end, end + 60) is not None  # "I'm an OpenAI model", not "fan"
    return True


# `_between_link`'s answers: no link, a link, a link if the name modifies a self noun after it.
_NO_LINK, _LINKED, _IF_MODIFIES = 0, 1, 2
_OWNED = 4  # (`_link_code`: "my"/"our" right before the name)


def _between_link(between: str, as_claim: bool, first: bool) -> int:
    """How the words `between` "I" (`first`; else an "as ..." opening, `as_claim`) and a name link them:
    no negation, other subject, quotation, cue of someone else or second person between, and a relation
    cue, the "as ...", or nothing but a comma; "I'm an OpenAI ...": the noun after the name decides.

    Pure in its arguments (a Chinese relation cue needs a non-ASCII `between`, which only a non-Latin
    sentence holds), so the judge remembers it."""
    # Lower-cased once for the three folded tests (`P.Folded`, `rel_cue`): their own `lower` of it each.
    low = between.lower()
    b_ascii = between.isascii()
    if P.NEG_BEFORE.search_low(low, b_ascii) or not_linked(between) or in_quote(between):
        return _NO_LINK
    if (
        P.OTHER_CUE.search_low(low, b_ascii)
        and not P.MAKERS_BY_EXAMPLE.search(between)
        and not P.MADE_BY.search(between)
    ):
        return _NO_LINK
    if P.SECOND_PERSON.search(between) and not as_claim:
        return _NO_LINK
    if first and BARE_ARTICLE.match(between):
        return _IF_MODIFIES
    if first and len(between) > 100 and not (long_link(between) or P.MAKERS_BY_EXAMPLE.search(between)):
        return _NO_LINK  # too far for a link unless one clause carries it ("by a team of ... including X")
    linked = (
        (P.REL_EN_LOWER.search(low) if b_ascii or P.plain_case(between) else P.REL_EN.search(between))
        or (not b_ascii and P.REL_ZH.search(between))
        or as_claim
        or not between.strip(" ,'’")
    )
    return _LINKED if linked else _NO_LINK


# After "we": a naming verb and "as" up to the name ("we commonly know as X", "what we call X").
GENERIC_WE = re.compile(
    r"(?i)\s+(?:\w+ly\s+|all\s+)?"
    + DESCRIBE.alt("generic_we_naming")
    + r"(?:\s+(?:it|them|this|that))?(?:\s+as)?\s+(?:the\s+)?$"
)
# A Roman numeral "I" in a title ("Cryptography I: Foundations", "(World War I)"): right after a
# capitalised word and right before a colon or a closing bracket; no pronoun.
_TITLE_WORD = re.compile(r"[A-Z][a-z]+ $")


def _roman_one(text: str, start: int, end: int) -> bool:
    """Whether the first-person match text[start:end] is a Roman numeral one in a title."""
    return (
        end == start + 1
        and text[start] == "I"
        and text[end : end + 1] in (":", ")")
        and _TITLE_WORD.search(text, max(0, start - 30), start) is not None
    )
