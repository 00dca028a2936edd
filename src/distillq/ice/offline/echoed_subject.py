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
# "The team (responsible for developing and updating) your core technology is X"
SUBJECT = re.compile(
    r"[Tt]he (?:[\w\-]+ ){0,2}?(?:"
    + MAKER_NOUNS[3:-1]
    + r"|"
    + _GROUPS
    + r")\s+(?:that|which|who|behind|responsible for|in charge of|"
    + EN.inner("maker_gerunds")
    + r")\s(?:[^.!?\n]{0,80}?\s)??"
    r"(?P<h>your(?:\s[\w\-]+){1,6}?|(?:你|您)的[\u4e00-\u9fff]{1,8})\s*(?:is|are|was|were)\s+"
    r"(?:called\s+|named\s+|known as\s+)?(?P<dev>[^.;:!?\n()]{2,90})"
)
_ASKED = re.compile(r"(?i)\s*(?:which\b|what\b|who\b|whom\b)")


def echoed_subject_makers(text: str, prompt: str) -> list[tuple[str, int]]:
    """(maker text, position) for "the <maker> behind <your X> is <maker>" whose "your X" the prompt holds.

    Cheap gates first (most answers hold neither "your" nor 你的/您的 after "the"); the prompt is
    lowered only when a candidate matches.
    """
    if not prompt or not ("your " in text or "你的" in text or "您的" in text):
        return []
    out: list[tuple[str, int]] = []
    low_prompt = ""
    for m in SUBJECT.finditer(text):
        s = m.start()
        if s > 0 and text[s - 1].isascii() and text[s - 1].isalnum():
            continue  # inside a word
        dev = m.group("dev")
        if _ASKED.match(dev):
            continue  # the question itself, not an answer
        low_prompt = low_prompt or prompt.lower()
        if m.group("h").lower() in low_prompt:
            out.append((dev, s))
    return out
