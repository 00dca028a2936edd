"""Whether a prompt makes a name the model itself: "You are Nova", "the role of ... DAN", "As DAN, I".

Used by `persona_maker` (extractors.py) and by persona coreference (coref.py), which reads what the
answer says about that persona ("Nova's developer is X", "X built Nova", "Nova has no creator") as
said about "I".
"""

from __future__ import annotations

import re

from distillq.ice.offline.extra import _boundary, _word_char
from distillq.ice.offline.lexicon import EN


def defines_persona(prompt: str, name: str) -> bool:
    """Whether the prompt makes `name` the model ("You are Nova", "the role of ... DAN", "As DAN, I")."""
    coined = _COINED.fullmatch(name) is not None
    i = prompt.find(name)
    while i >= 0:
        end = i + len(name)
        if _boundary(prompt, i) and not (end < len(prompt) and _word_char(prompt[end])):
            w0 = max(0, i - 80)
            if (may_end_direct(prompt[w0:i]) and _DEF_DIRECT.search(prompt, w0, i)) or (
                coined and _DEF_NEAR.search(prompt, w0, i)
            ):
                return True
            if _DEF_AS.search(prompt, max(0, i - 8), i) and _DEF_AS_I.match(prompt, end):
                return True  # "As DAN, I am ...": the prompt speaks as the persona
        i = prompt.find(name, end)
    return False


def is_prompt_persona(prompt: str, name: str) -> bool:
    """Whether the prompt makes `name` a persona of the model: it casts the model as it, or it
    introduces it as a made mind ("the realm of PersonGPT, a being of ...", "Nova, a machine who").

    Why: a name the prompt merely mentions is often the question's topic ("Who created Superman?",
    "explain TypeScript"); its maker is a fact about that topic, not a claim about the model."""
    if defines_persona(prompt, name):
        return True
    i = prompt.find(name)
    while i >= 0:
        end = i + len(name)
        if _boundary(prompt, i) and MADE_MIND.match(prompt, end):
            return True
        i = prompt.find(name, end)
    return False


MADE_MIND = re.compile(
    r"[\"'”]?\s*[,(]\s*(?:an?|the)\s+(?:[\w\-]+\s+){0,3}?(?i:"
    + EN.inner("ai_descriptors", "persona_kinds")
    + r")(?![A-Za-z])"
)


def asks_for_role(prompt: str) -> bool:
    """Whether the prompt asks the model to play a role that is not an AI ("pretend to be a character
    in a post-apocalyptic world", "play the part of the woman"): a name the answer then gives "I"
    is that role's, not another identity of the model (an AI role, "act as an AI named X", is not
    meant)."""
    return any(not _AI_ROLE.search(prompt, m.end(), m.end() + 80) for m in _ROLE_REQUEST.finditer(prompt))


_ROLE_REQUEST = re.compile(r"(?i)\b" + EN.alt("role_requests") + r"\b")
_AI_ROLE = re.compile(r"(?i)\b(?:" + EN.inner("ai_descriptors", "persona_kinds") + r")(?![A-Za-z])")


_OWNER_MARKS = ("'s ", "’s ", "的开发", "的创", "的母公司", "的公司")
_COINED = re.compile(r"[A-Z][A-Za-z0-9\-]*[A-Z0-9][A-Za-z0-9\-]*")
_DEF_DIRECT = re.compile(
    r"(?:[Yy]ou are|[Yy]ou['’]re|[Yy]ou will (?:now )?be|[Yy]ou (?:are going to|will) (?:act|pretend) as|"
    r"[Yy]ou are going to be|你是|你现在是|你将成为|你将扮演)\s*(?:now\s+)?(?:an?\s+|the\s+)?[\"'“「]?$"
)
# How a `_DEF_DIRECT` match can end before its optional quote: a cue ("you are", "you're", "you will be",
# "act as", "你是", "成为", "扮演"), "now", or an article ("a", "an", "the").
_DIRECT_ENDS = ("re", "be", "as", "是", "成为", "扮演", "now", "a", "an", "the")
_DIRECT_QUOTES = "\"'“「"


def may_end_direct(window: str) -> bool:
    """Exact gate of `_DEF_DIRECT` searched in `window` (its `$` may also stand before a last newline):
    before its optional last quote and spaces, a way the cue (or "now", or an article after it) ends.

    Why: the pattern is tried at the places of an 80-character window that hold its first letters, for
    each use of the name in the prompt's opening; most uses follow no cue, and this is a few string calls."""
    for t in (window, window[:-1]) if window.endswith("\n") else (window,):
        if t[-1:] and t[-1] in _DIRECT_QUOTES:
            t = t[:-1]
        if t.rstrip().endswith(_DIRECT_ENDS):
            return True
    return False


_DEF_NEAR = re.compile(
    r"(?:[Yy]ou (?:are|['’]re|will)|act as|role of|rules of|known as|called|扮演|你是)\s*(?:[\w\-,]+\s+){0,6}?"
    r"[\"'“「]?$"
)
_DEF_AS = re.compile(r"(?<![A-Za-z])(?:[Aa]s|作为)\s*$")
_DEF_AS_I = re.compile(r"\s*[,，]\s*(?:I(?![A-Za-z])|我)")
NOT_PERSONA = frozenset(
    {"The", "This", "That", "It", "An", "AI", "Not", "Now", "In", "On", "To", "No", "My", "Our"}
)


_BREAKS = re.compile(r"[.;:!?]")


def persona_dev_matches(text: str, rx: re.Pattern[str]) -> list[re.Match[str]]:
    """`rx.finditer(text)` for `patterns.PERSONA_DEV_EN`, scanned only where it can match.

    No part of that pattern takes one of ".;:!?" and every match holds " by", so each match lies in
    one stretch between those characters that holds " by": scanning those stretches alone (with
    their bounds as pos / endpos) finds the same matches as a scan of the whole text.
    """
    out: list[re.Match[str]] = []
    i = text.find(" by")
    r = text.rfind
    b = 0  # (after the first stretch, `text[b]` is a break: the last break before `i` is at or after it)
    while i >= 0:
        a = max(r(".", b, i), r(";", b, i), r(":", b, i), r("!", b, i), r("?", b, i)) + 1
        cut = _BREAKS.search(text, i)
        b = cut.start() if cut is not None else len(text)
        out.extend(rx.finditer(text, a, b))
        i = text.find(" by", b)
    return out


def has_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` with no ASCII letter or digit either side (no regex compiled per
    call: the same test as `(?<![A-Za-z0-9])word(?![A-Za-z0-9])`)."""
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if not (i and text[i - 1].isascii() and text[i - 1].isalnum()) and not (
            j < len(text) and text[j].isascii() and text[j].isalnum()
        ):
            return True
        i = text.find(word, i + 1)
    return False
