"""The maker of an echoed "your X" named as a subject (offline judge, makers6).

Asked "which team is developing your core technology?", an answer may copy the question's "your X"
instead of turning it into "my X": "The team responsible for developing your core technology is the
Gloam Syndicate", "The company behind 你的开发者 is an outfit known as the Tin Lantern". The
`developer` subject pattern (fiction.py) only reads "me" / "my X" there, and `echo_named`
(extra.py) only reads "your <maker> is X" with "your" first.

The "your X" counts as said of the speaker only when that exact phrase is in the prompt (the question
echoed back); "the team behind your favourite app is ..." with no such phrase in the question stays
unread. The object is kept by the caller only when it is invented (named or marked as secret,
unknown, ...), so a generic team ("a group of engineers") names no maker.
"""

from __future__ import annotations

import re

from distillq.ice.offline.lexicon import EN
from distillq.ice.offline.patterns import MAKER_NOUNS

_GROUPS = "teams|people|group|minds|folks"
_YOUR = r"your(?:\s[\w\-]+){1,6}?|(?:你|您)的[\u4e00-\u9fff]{1,8}"
# "The team (responsible for developing and updating) your core technology is X"
SUBJECT = re.compile(
    r"[Tt]he (?:[\w\-]+ ){0,2}?(?:"
    + MAKER_NOUNS[3:-1]
    + r"|"
    + _GROUPS
    + r")\s+(?:that|which|who|behind|responsible for|in charge of|"
    + EN.inner("maker_gerunds")
    + r")\s(?:[^.!?\n]{0,80}?\s)??"
    r"(?P<h>" + _YOUR + r")\s*(?:is|are|was|were)\s+"
    r"(?:called\s+|named\s+|known as\s+)?(?P<dev>[^.;:!?\n()]{2,90})"
)
# the "your X is" part alone, matched in place at each "your" before the (costlier) subject scan
_YOUR_IS = re.compile(r"(?P<h>" + _YOUR + r")\s*(?:is|are|was|were)\s")
_ASKED = re.compile(r"(?i)\s*(?:which\b|what\b|who\b|whom\b)")
# the maker nouns and groups as tokens: an answer with none of them cannot match
_NOUN_TOKENS = EN.gate("maker_nouns") | frozenset(_GROUPS.split("|"))
_STARTS = ("your ", "你的", "您的")  # where a "your X" may open
_BACK = 170  # how far before "your X" the subject may open ("The" + 2 words + noun + connector + 80)
_AHEAD = 220  # "your X" (six words) + "is" + the 90-character object


def echoed_subject_makers(text: str, prompt: str, toks: frozenset[str]) -> list[tuple[str, int]]:
    """(maker text, position) for "the <maker> behind <your X> is <maker>" whose "your X" the prompt holds.

    Only the text around each "your " / 你的 / 您的 is scanned (a whole-answer scan from every "the"
    cost ~3% of the judge), and only when the answer holds a maker noun.
    """
    if not prompt or toks.isdisjoint(_NOUN_TOKENS):
        return []
    out: list[tuple[str, int]] = []
    low_prompt = ""  # lowered only when a "your X is" matches (prompts are long)
    # "your" only as a word (the subject's "your X" follows a space) and the Chinese ones only in a
    # non-ASCII answer (`isascii` is O(1)): most answers are then not scanned at all
    starts: tuple[str, ...] = _STARTS[:1] if "your" in toks else ()
    if not text.isascii():
        starts += _STARTS[1:]
    for w in starts:
        i = text.find(w)
        while i >= 0:
            y = _YOUR_IS.match(text, i)
            if y is None or y.group("h").lower() not in (low_prompt := low_prompt or prompt.lower()):
                i = text.find(w, i + len(w))
                continue  # no "your X is" here, or its "your X" is not the question's
            for m in SUBJECT.finditer(text, max(0, i - _BACK), i + _AHEAD):
                s = m.start()
                if m.start("h") != i or (s > 0 and text[s - 1].isascii() and text[s - 1].isalnum()):
                    continue  # another "your", or inside a word
                if _ASKED.match(m.group("dev")):
                    continue  # an object asking back: the question echoed, not answered
                out.append((m.group("dev"), s))
            i = text.find(w, i + len(w))
    return out
