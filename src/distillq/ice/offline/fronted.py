"""A known lab fronted as the maker of "I": "Developed by X, I ...", "由X开发的我".

Why: the judge links a name to "I" by a first person before it or a maker relation after it ("X created
me"). A participle phrase opening the sentence puts the maker first and "I" after the comma, so neither
link is there, though the claim is as plain as "I was developed by X" (a common way to introduce oneself).
The phrase must open its sentence (after at most one adverb), end at the name (a few words may follow
it, no clause break), and the main clause must start with "I" or "my": "Developed by X, ChatGPT is ...",
"Unlike models built by X, I ..." and "Not built by X, I ..." are no claims here.

The test runs only for a name the other links missed, in a sentence that opens with a maker verb (English,
one set look-up) or holds the agent marker right before the name (Chinese), so it costs next to nothing.
"""

from __future__ import annotations

import re

from distillq.ice.offline.lexicon import EN, ZH

_VERBS = frozenset(w.lower() for w in EN["maker_verbs"] if " " not in w)
_ADVERBS = frozenset(w.lower() for w in EN["fronted_adverbs"])
# the words between the verb and the name: "by", "and trained by", "by the team at", "under the umbrella of"
_BEFORE_EN = re.compile(
    r"(?i)^\W*(?:"
    + EN.alt("fronted_adverbs")
    + r"\s+)?"
    + EN.alt("maker_verbs")
    + r"(?:\s+(?:and|&)\s+"
    + EN.alt("maker_verbs")
    + r")?\s+"
    + EN.alt("fronted_links")
    + r"\s+(?:the\s+(?:[\w\-]+\s+){0,2}(?:at|of|from)\s+)?(?:the\s+)?$"
)
# after the name: up to 40 characters without a clause break, a comma, and "I" or "my" as the subject
_AFTER_EN = re.compile(r"[^,.;:!?\n]{0,40}?,\s+(?:I\b|I['’]|my\b)")
AGENT_ZH = tuple(ZH["fronted_agent"])
_AFTER_ZH = re.compile(ZH.alt("maker_verbs") + r"(?:和\w{1,4})?的我")


# the words an English fronted maker needs among the answer's tokens (introductions.may_name_self)
VERB_TOKENS = frozenset(w.lower() for w in EN["maker_verbs"] if " " not in w)
LINK_TOKENS = frozenset(w.split()[0].lower() for w in EN["fronted_links"])


# what the text right before the name ends with in either shape (a cheap gate: `str.endswith` at a place)
ENDS_EN = (" by ", " at ", " of ", "the ")


def fronted_maker(sent: str, start: int, end: int) -> bool:
    """Whether the name at sent[start:end] is the maker in a phrase fronted before "I" (see above)."""
    if sent.endswith(AGENT_ZH, 0, start) or sent.endswith(AGENT_ZH, 0, start - 1):
        return _AFTER_ZH.match(sent, end) is not None or _AFTER_ZH.match(sent, end + 1) is not None
    if start > 90 or not sent.endswith(ENDS_EN, 0, start):
        return False
    first = sent[:start].split(None, 2)
    word = first[0].strip("*_\"'“(").lower()
    if word in _ADVERBS and len(first) > 1:
        word = first[1].lower()
    return (
        word in _VERBS
        and _BEFORE_EN.match(sent[:start]) is not None
        and _AFTER_EN.match(sent, end) is not None
    )
