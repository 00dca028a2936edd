"""Putting a persona name in the first person, and the sentences that rewrite changed (coref.py).

Only the positions a claim can hang on are rewritten ("X's" -> "my", "X is" -> "I am", "of X" ->
"of me", "X的" -> "我的", "he is" after X -> "I am"); `persona_voice` (extractors.py) rereads the
changed sentences with the first-person extractors.
"""

from __future__ import annotations

import bisect
import re
import string

from distillq.ice.offline.lexicon import EN

# ASCII letters and digits: a name must not touch one (the same test as `extra._word_char`, as a set).
ALNUM = frozenset(string.ascii_letters + string.digits)

# "X is" -> "I am": the verb after a persona subject, put in the first person.
_BASE = {"is": "am", "was": "was", "has": "have", "does": "do"}
_VERBS = {
    **_BASE,
    **{f"{v}n{q}t": ("am not" if v == "is" else f"{i}n{q}t") for v, i in _BASE.items() for q in "'’"},
}
_VERB_AFTER = re.compile(r" (is|was|has|does|doesn['’]t|isn['’]t|hasn['’]t|wasn['’]t)\b")
_PRONOUN = re.compile(
    r"(?<![A-Za-z])(?:[Hh]e|[Ss]he) (is|was|has|does|doesn['’]t|isn['’]t|hasn['’]t|wasn['’]t)\b"
)
_PRONOUN_TAIL = re.compile(r"e (is|was|has|does|doesn['’]t|isn['’]t|hasn['’]t|wasn['’]t)\b")
_LATIN = frozenset(string.ascii_letters)
_LOWER = string.ascii_lowercase
# The lower-case word right before a name: a verb or preposition makes the name its object.
_PREV_WORD = re.compile(r"(?<![A-Za-z])([a-z]+) $")
_CONJUNCTIONS = frozenset(EN["conjunctions"])
_PROPER_BEFORE = re.compile(r"(?:[A-Z][\w\-]*['’]?s?|[Tt]he) $")
_KEEP_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])[Aa]s|\bI am|\bI['’]m|\bcall me|\bnamed|\bcalled|\bknown as|作为|我是|我叫)\s*[\"'“]?$|[\"'“]$"
)


def first_person(answer: str, names: list[str]) -> str:
    """The answer with each persona name put in the first person where that makes a claim's shape.

    Only the positions a claim can hang on are rewritten: "X's" -> "my",
    "X is / was / has / does(n't)" -> "I am / ...", the object of a verb or preposition ("of X",
    "created X") -> "me", and next to Chinese ("X的", "开发了X") -> "我". Unchanged when none occurs.
    """
    if not names:
        return answer
    pronouns = pronoun_shapes(answer)
    return apply_hits(answer, [h for name in names for h in name_hits(answer, name, pronouns)])


Pronouns = tuple[list[int], list[tuple[int, int, str]]]


def pronoun_shapes(answer: str) -> Pronouns:
    """The `_PRONOUN` shapes of the whole answer (starts, (start, end, verb)), found once: its
    matches cannot overlap, so the ones between a name and its sentence end are those a scan of that
    span would find. Found from their literal "e " + verb (`re` skips ahead to it; the pattern's
    leading look-behind made it try every position), the "he" / "she" before it checked here."""
    found = []
    for m in _PRONOUN_TAIL.finditer(answer):
        i = m.start()
        if i and answer[i - 1] in "Hh" and (i == 1 or answer[i - 2] not in _LATIN):
            found.append((i - 1, m.end(), m.group(1)))
        elif i > 1 and answer[i - 2 : i] in ("Sh", "sh") and (i == 2 or answer[i - 3] not in _LATIN):
            found.append((i - 2, m.end(), m.group(1)))
    return [p[0] for p in found], found


def name_hits(answer: str, name: str, pronouns: Pronouns) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of every rewrite of one persona name."""
    hits: list[tuple[int, int, str]] = []
    starts, found = pronouns
    n, size = len(name), len(answer)
    s = answer.find(name)
    while s >= 0:  # (each occurrence, found with `find`: no generator per name)
        e = s + n
        if (s and answer[s - 1] in ALNUM) or (e < size and answer[e] in ALNUM):
            s = answer.find(name, e)
            continue  # inside a longer word
        at = _first_person_at(answer, s, e)
        if at is not None:
            hits.append((s, at[0], at[1]))
        if not starts or starts[-1] < e:  # (no "he" / "she" shape after the name)
            s = answer.find(name, e)
            continue
        k = bisect.bisect_left(starts, e)
        # "X is a model, so he doesn't have a developer": "he" / "she" for X later in the sentence, up
        # to the first sentence end (an `_ENDS` mark starting before the pronoun's end stops it). Each
        # pronoun's stretch since the last one is searched for a mark (`_END_MARK`, stopping at the
        # first): the same pronouns as finding every mark from the name, without scanning to the text's
        # end for the marks it lacks.
        lo = e
        for p0, p1, verb in found[k:]:
            m = _END_MARK.search(answer, lo, p1 + 1)  # (a mark at p1 itself does not stop this one)
            if m is not None and m.start() < p1:
                break
            hits.append((p0, p1, "I " + _VERBS[verb]))
            lo = p1
        s = answer.find(name, e)
    return hits


def apply_hits(answer: str, hits: list[tuple[int, int, str]]) -> str:
    """The answer with the rewrites applied (the first of overlapping ones wins, in text order)."""
    parts: list[str] = []
    last = 0
    for start, end, word in sorted(hits):
        if start >= last:
            parts += [answer[last:start], word]
            last = end
    if not parts:
        return answer
    parts.append(answer[last:])
    return "".join(parts)


def _first_person_at(answer: str, s: int, e: int) -> tuple[int, str] | None:
    """(end, replacement) for the persona name at answer[s:e], or None where no claim hangs on it."""
    prev = answer[s - 1] if s else ""
    nxt = answer[e : e + 1]
    obj = prev == " " and s > 1 and (answer[s - 2].islower() or "\u4e00" <= answer[s - 2] <= "\u9fff")
    # Two early exits, the same verdicts as the branches below (most names reach neither test there):
    # each shape needs "'", "’" or a space next, CJK next to the name, or a word before it (`obj`); and
    # a capitalised word right after the name makes it part of a longer proper name ("Nova AI"), which
    # every shape keeps as it is.
    if (
        not obj
        and nxt not in _NEXT_MARKS
        and not ("\u4e00" <= nxt <= "\u9fff" or "\u4e00" <= prev <= "\u9fff")
    ):
        return None
    if nxt == " " and answer[e + 1 : e + 2].isupper():
        return None
    after = answer[e : e + 14]
    if after.startswith(("'s", "’s")):
        end, rep = e + 2, ("My" if _opens(answer, s) else "my")
    elif (
        nxt == " " and (v := _VERB_AFTER.match(answer, e)) is not None and not (obj and _object_of(answer, s))
    ):
        # "X is" -> "I am", not after a preposition or verb ("the stack of X is" -> "of me is")
        end, rep = v.end(), "I " + _VERBS[v.group(1)]
    elif "\u4e00" <= after[:1] <= "\u9fff" or "\u4e00" <= prev <= "\u9fff":  # one CJK character, by range
        end, rep = e, "我"
    elif nxt == " " and after[1:2] in _SUBJECT_ZH:
        end, rep = e + 1, "我"  # "PersonGPT 是 ...", "X 的母公司" (a space before a Chinese subject shape)
    elif obj:
        if not _object_of(answer, s):
            return None
        end, rep = e, "me"  # the object of a verb or preposition: "of X", "behind X", "created X"
    else:
        return None
    w0 = max(0, s - 12)
    if _may_keep(answer[w0:s]) and _KEEP_BEFORE.search(answer, w0, s):
        return None  # "As X, I ...", "I am X": already the first person; a quoted name is a mention
    w0 = max(0, s - 30)
    if _may_be_proper(answer[w0:s]) and _PROPER_BEFORE.search(answer, w0, s):
        return None  # part of a longer proper name ("the Nova Collective")
    return end, rep


def _may_be_proper(window: str) -> bool:
    """Exact gate of `_PROPER_BEFORE` in `window`: its capitalised shape needs an upper-case letter there
    (`islower`: every cased character is lower case, and there is one), its other shape "the" right before
    the space its `$` follows (at the end, or before a last newline). Most names follow "by the", "of"."""
    return not window.islower() or window.endswith(("the ", "the \n"))


# How a `_KEEP_BEFORE` match can end, before its optional quote and spaces.
_KEEP_ENDS: tuple[str, ...] = (
    *("as", "As", "I am", "I'm", "I’m", "call me", "named", "called", "known as"),
    *("作为", "我是", "我叫"),
)


def _may_keep(window: str) -> bool:
    """Exact gate of `_KEEP_BEFORE` at the end of `window`: a cue, then spaces and perhaps one quote (its
    `$` may also stand before a last newline), or a quote last."""
    t = window[:-1] if window.endswith("\n") else window
    return t.endswith(('"', "'", "“")) or t.rstrip().endswith(_KEEP_ENDS)


def _object_of(answer: str, s: int) -> bool:
    """Whether the lower-case word before position `s` makes the name its object ("of X", "built X").

    The word is `_PREV_WORD` in the 20 characters before `s`; with a space before `s` (the only case asked:
    `obj`) it is the run of a-z letters right before that space, found with one `rstrip` instead of the
    pattern tried at each of the 20 places: it must start inside the window after no ASCII letter."""
    w0 = max(0, s - 20)
    if s < 2 or answer[s - 1] != " ":
        w = _PREV_WORD.search(answer, w0, s)
        return w is not None and w.group(1) not in _CONJUNCTIONS
    head = answer[w0 : s - 1]
    rest = head.rstrip(_LOWER)
    if len(rest) == len(head) or (rest[-1:] if rest else answer[w0 - 1 : w0]) in _LATIN:
        return False  # no a-z word before the space, or one that continues an ASCII word (or the window)
    return head[len(rest) :] not in _CONJUNCTIONS


def changed_sentences(answer: str, view: str) -> str:
    """The part of `view` that differs from `answer`, widened to whole sentences and the one before.

    Found by comparing slices (C speed): the first and the last differing position, each by a binary
    search that compares only the part not yet known equal (`startswith` at an offset: one slice of the
    new part per step, so about the text's length copied in all, not the prefix again at every step).
    """
    n = min(len(answer), len(view))
    lo, hi = 0, n  # the common prefix is answer[:lo] (answer[:lo] == view[:lo] holds throughout)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if view.startswith(answer[lo:mid], lo):
            lo = mid
        else:
            hi = mid - 1
    # the common suffix length, not overlapping the prefix (the last `lo2` characters agree throughout)
    la, lv = len(answer), len(view)
    lo2, hi2 = 0, n - lo
    while lo2 < hi2:
        mid = (lo2 + hi2 + 1) // 2
        if view.startswith(answer[la - mid : la - lo2], lv - mid):
            lo2 = mid
        else:
            hi2 = mid - 1
    tail = lo2
    start = _sentence_start(view, _sentence_start(view, lo) - 1)  # with the sentence before
    end = len(view) - tail
    mark = _END_MARK.search(view, end)  # (the nearest of the `_ENDS` from `end`: one scan, not seven)
    return view[start : mark.start() + 1 if mark is not None else len(view)]


_ENDS = (". ", "! ", "? ", "\n", "。", "！", "？")
_END_MARK = re.compile("|".join(re.escape(d) for d in _ENDS))
# The Chinese a persona name stands before as a subject, after a space: "X 是", "X 的", "X 由", "X 被",
# "X 属于", "X 来自", "X 隶属" (a name before "我" is a voice label: "BOB 我是").
_SUBJECT_ZH = frozenset("是的由被属来隶")
# What follows a name in a shape of `_first_person_at` where no space precedes it: "'s", "’s", " is".
_NEXT_MARKS = frozenset("'’ ")


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` starts (after the last of the `_ENDS` before it: one `rfind` each)."""
    if pos <= 0:
        return 0
    best = 0
    for d in _ENDS:
        i = text.rfind(d, 0, pos)
        if i >= 0 and i + len(d) > best:
            best = i + len(d)
    return best


def _opens(text: str, pos: int) -> bool:
    """Whether `pos` starts a sentence (text start, after an end mark or a newline)."""
    head = text[max(0, pos - 3) : pos].rstrip(" *")
    return not head or head[-1] in ".!?\n:]。！？"
