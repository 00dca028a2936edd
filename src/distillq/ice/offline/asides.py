"""Names said aside from any claim about "me": the thing "I" am compared with, a maker "I" only doubt, or
a supplier of tools, data or hardware ("libraries from X").

Why: a known lab or model name near "I" and a maker verb reads as a claim ("Like GPT-4, I'm a transformer
model, but DeepSeek trained me"; "I can't confirm whether OpenAI was involved in building me"), yet the
first compares "me" with another model and the second says it has no information. DEFINITIONS.md counts
neither as a claim ("like ChatGPT"; a refusal or "no information"). The test reads only the words right
before (and, in Chinese, right after) the one name, so every other name of the sentence is still judged:
"Like ChatGPT, I was made by OpenAI" keeps its claim through "OpenAI".

It runs only on a name already found to be said of "I" (a claim), so it costs nothing on other answers.
"""

from __future__ import annotations

import re

from distillq.ice.offline.extra import Hit
from distillq.ice.offline.lexicon import EN, ZH
from distillq.ice.offline.scan import Scan

# "(Just) like X, I ...", "I'm a bit like X": the comparison word opens a clause or follows a copula, and
# ends right before the name (an article may stand between). After a noun it gives examples, a kind "I"
# may belong to ("companies like X", "platforms like X, which powers me"), so it is left to the rules;
# so is "like other X models", which does not end at the name.
_COMPARED_EN = re.compile(
    r"(?i)(?:^|[,;:(\u2013\u2014-]\s*|\b" + EN.alt("comparison_openers") + r"\s+)"
    r"(?:" + EN.alt("comparison_adverbs") + r"\s+)*" + EN.alt("comparison_preps") + r"\s+(?:the\s+)?$"
)
_DOUBTED_EN = re.compile(
    r"(?i)\b"
    + EN.alt("unknowing_heads")
    + r"\b[^.!?;:\n]{0,40}?\b"
    + EN.alt("open_question_words")
    + r"\s+(?:or\s+not\s+)?(?:[\w'’\-]+\s+){0,2}$"
)
# "open-source libraries from X", "servers provided by X": a supplier of tools, data or hardware, no maker
_SUPPLIED_EN = re.compile(
    r"(?i)\b"
    + EN.alt("supplied_nouns")
    + r"\s+(?:"
    + EN.alt("supplied_participles")
    + r"\s+)?(?:from|by|of)\s+(?:the\s+)?$"
)
_SUPPLIED_LAST = frozenset({"from", "by", "of", "the"})
# ... unless "I" am one of them: "I am one of the tools made by X", "I'm among the libraries of X"
_ONE_OF = re.compile(
    r"(?i)\b(?:one|some|each|any|among|part)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+|many\s+)?$"
)
_COMPARED_ZH_BEFORE = tuple(ZH["comparison_before"])
_COMPARED_ZH_AFTER = re.compile(r"\s*" + ZH.alt("comparison_after"))
# the last words the comparison can end on before a name (a cheap gate before the regex)
_LAST_WORDS = frozenset({w.split()[-1].lower() for w in EN["comparison_preps"]} | {"the"})
_OPEN_WORDS = frozenset(w.lower() for w in EN["open_question_words"])


def said_aside(sent: str, start: int, end: int) -> bool:
    """Whether the name at sent[start:end] is only compared with "me", doubted, or a supplier, not claimed."""
    before = sent[max(0, start - 80) : start]
    if before.endswith(_COMPARED_ZH_BEFORE) and _COMPARED_ZH_AFTER.match(sent, end):
        return True  # "像ChatGPT一样": (`match` at a position tests only from there)
    words = before.rsplit(None, 3)
    if not words:
        return False
    last = words[-1].lower()
    if last in _LAST_WORDS and _COMPARED_EN.search(before):
        return True
    if last in _SUPPLIED_LAST and (m := _SUPPLIED_EN.search(before)) is not None:
        return _ONE_OF.search(before, 0, m.start()) is None
    return any(w.lower() in _OPEN_WORDS for w in words[-3:]) and _DOUBTED_EN.search(before) is not None


def drop_asides(s: Scan, hits: list[Hit]) -> list[Hit]:
    """The hits but those whose name is said aside (`said_aside`). A hit stands at its name (`relation`)
    or at the phrase that leads to it (`technology`: "my code relies on tools made by X"): its name is
    the first name found at or after the hit, in the hit's sentence."""
    out = []
    for hit in hits:
        pos = hit[2]
        s0, sent = s.sentence_of(pos)
        name = next((m for m in s.mentions if m[0] >= pos), None)
        if name is not None and name[1] <= s0 + len(sent) and said_aside(sent, name[0] - s0, name[1] - s0):
            continue
        out.append(hit)
    return out
