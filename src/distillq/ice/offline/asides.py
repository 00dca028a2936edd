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
# ... unless "I" am one of them: "I am one of the tools made by X", "I'm among the libraries of X"
_ONE_OF = re.compile(
    r"(?i)\b(?:one|some|each|any|among|part)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+|many\s+)?$"
)
_COMPARED_ZH_BEFORE = tuple(ZH["comparison_before"])
_COMPARED_ZH_AFTER = re.compile(r"\s*" + ZH.alt("comparison_after"))
_OPEN_WORDS = frozenset(w.lower() for w in EN["open_question_words"])


def _key_token(phrase: str) -> str:
    """The longest letter run of a phrase (the last of equals): present wherever the phrase is."""
    return str(max(reversed(re.findall(r"[a-z]+", phrase.lower())), key=len))


# Every shape above needs one of these words in the answer (its tokens), or a Chinese text: an answer
# without them skips `said_aside` for all its names (most answers, one set test per answer).
_COMPARED_TOKENS = frozenset(_key_token(w) for w in EN["comparison_preps"])
_SUPPLIED_TOKENS = frozenset(_key_token(w) for w in EN["supplied_nouns"])
_DOUBT_TOKENS = frozenset(_key_token(w) for w in EN["unknowing_heads"])


# the shapes an answer can hold, as bits (`may_be_aside`)
ZH_SHAPE, COMPARED, SUPPLIED, DOUBTED = 1, 2, 4, 8
ALL = ZH_SHAPE | COMPARED | SUPPLIED | DOUBTED
# what the text before a name must end with (stripped, lowered) for each English shape: a cheap gate
_COMPARED_ENDS = tuple({w.split()[-1].lower() for w in EN["comparison_preps"]} | {"the"})
_SUPPLIED_ENDS = ("from", "by", "of", "the")


_ANY_EN_TOKENS = _COMPARED_TOKENS | _SUPPLIED_TOKENS | _DOUBT_TOKENS
_ZH_BEFORE_SET = frozenset(ZH["comparison_before"])


def may_be_aside(s: Scan) -> int:
    """The shapes (bits) a name of the scanned answer can be said aside by (each English shape needs its
    words among the answer's tokens, the Chinese one a non-ASCII text); 0 for most, after one set test.
    (The English patterns' `(?i)` also folds "ſ" and the Kelvin sign into "s" and "k": such spellings are
    not read as these shapes.)"""
    # (no scan of a Chinese text for the comparison words: a search of every Chinese answer cost ~100 M
    # instructions a pass, the look-ups at each name far less)
    kinds = 0 if s.ascii else ZH_SHAPE
    hit = s.toks & _ANY_EN_TOKENS
    if hit:  # (rare: the few words found are then tested alone)
        if not hit.isdisjoint(_COMPARED_TOKENS):
            kinds |= COMPARED
        if not hit.isdisjoint(_SUPPLIED_TOKENS):
            kinds |= SUPPLIED
        if not hit.isdisjoint(_DOUBT_TOKENS) and not s.toks.isdisjoint(_OPEN_WORDS):
            kinds |= DOUBTED
    return kinds


def said_aside(sent: str, start: int, end: int, kinds: int = ALL) -> bool:
    """Whether the name at sent[start:end] is only compared with "me", doubted, or a supplier, not claimed
    (`kinds`: the shapes to try, from `may_be_aside`). (Slices and set look-ups before any regex: it runs
    for every name said of "I" in an answer whose gate passed.)"""
    if (
        kinds & ZH_SHAPE
        and (sent[start - 1 : start] in _ZH_BEFORE_SET or sent[start - 2 : start] in _ZH_BEFORE_SET)
        and _COMPARED_ZH_AFTER.match(sent, end)
    ):
        return True  # "像ChatGPT一样": (`match` at a position tests only from there)
    if kinds < COMPARED:  # (no English shape)
        return False
    # (each pattern is searched in the sentence itself up to the name, so "^" is the sentence's start)
    lo = start - 80 if start > 80 else 0
    tail = sent[start - 16 if start > 16 else 0 : start].rstrip().lower()
    if kinds & COMPARED and tail.endswith(_COMPARED_ENDS) and _COMPARED_EN.search(sent, lo, start):
        return True
    if kinds & SUPPLIED and tail.endswith(_SUPPLIED_ENDS):
        m = _SUPPLIED_EN.search(sent, lo, start)
        if m is not None:
            return _ONE_OF.search(sent, lo, m.start()) is None
    if kinds & DOUBTED:
        low = sent[lo:start].lower()
        return ("whether" in low or "if" in low) and _DOUBTED_EN.search(sent, lo, start) is not None
    return False


def drop_asides(s: Scan, hits: list[Hit]) -> list[Hit]:
    """The hits but those whose name is said aside (`said_aside`). A hit stands at its name (`relation`)
    or at the phrase that leads to it (`technology`: "my code relies on tools made by X"): its name is
    the first name found at or after the hit, in the hit's sentence."""
    kinds = may_be_aside(s)
    if not kinds:
        return hits
    out = []
    for hit in hits:
        pos = hit[2]
        s0, sent = s.sentence_of(pos)
        name = next((m for m in s.mentions if m[0] >= pos), None)
        if (
            name is not None
            and name[1] <= s0 + len(sent)
            and said_aside(sent, name[0] - s0, name[1] - s0, kinds)
        ):
            continue
        out.append(hit)
    return out
