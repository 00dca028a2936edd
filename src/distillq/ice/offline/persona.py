"""Persona-maker claims for the offline judge: "<Org> developed <Persona>", where the prompt makes
<Persona> the model itself ("You are Nova", "the rules of LiveGPT").

The answer then speaks as the persona about its own maker, so a real lab named as the maker is a
claim of that lab and an invented one a fictional identity (resolved in claims.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from distillq.ice.offline.extra import _boundary, _word_char, _words
from distillq.ice.offline.lexicon import EN, ORG

_ORG = r"(?P<org>[^.,;:!?\n()“”\"]{2,60}?)"
# Backward matches on the text just before the persona name.
PERSONA_ORG_EN = re.compile(
    _ORG
    + r"(?:\s+(?:has |have )?(?:developed|created|built|made|designed|programmed|trained|owns|maintains|launched|"
    r"invented)(?: and \w+)?"
    r"|\s+(?:is|are|was|were) (?:the |a )?(?:primary |main |sole |original |lead |principal )?"
    r"(?:developers?|creators?|makers?|maintainers?|owners?|company|team|" + ORG + r"|lab)"
    r"(?: and (?:\w+ )?(?:developers?|creators?|makers?|maintainers?|owners?))? (?:of|behind)"
    r"|,\s+(?:the |a )?(?:primary |main )?(?:developers?|creators?|makers?|company|team|"
    + ORG
    + r") (?:of|behind))\s+$"
)
PERSONA_ORG_ZH = re.compile(
    r"(?P<org>[^，。！？,\n；“”]{2,30}?)(?:开发了|创建了|创造了|研发了|打造了|推出了|设计了|是(?:[^，。！？]{0,4})?的?(?:开发者|创造者|开发公司|母公司))$"
)
# "Nova's developer is X" / "Nova的开发者是X".
PERSONA_OWNER_EN = re.compile(
    r"['’]s (?:primary |main )?(?:developers?|creators?|makers?|parent company|company|team|" + ORG + r")"
    r" (?:is|are|was|were) (?P<org>[^.,;:!?\n()]{2,60})"
)
PERSONA_OWNER_ZH = re.compile(
    r"的(?:开发者|创造者|创建者|开发公司|母公司|公司|开发团队)(?:是|为)(?P<org>[^，。！？,\n；]{1,30})"
)


def persona_org_claims(
    response: str, prompt: str, is_known: Callable[[str], bool], toks: frozenset[str]
) -> Iterator[tuple[str, int]]:
    """(org text, position) for "<Org> developed <Persona>" and "<Persona>'s developer is <Org>".

    Found from the answer side with `str.find` (a capitalised word right after a maker phrase, or
    before "'s developer" / "的开发者"); only those few candidates are then looked up in the prompt,
    which must make the name the model itself ("You are Nova", "the role of ... DAN").
    """
    if not prompt or (toks.isdisjoint(_MAKER_TOKENS) and not _MAKER_ZH.search(response)):
        return
    checked: dict[str, bool] = {}
    for name, i, owner in _candidates(response, toks):
        if name not in checked:
            checked[name] = is_persona(name, prompt, is_known)
        if not checked[name]:
            continue
        end = i + len(name)
        if owner:
            a = PERSONA_OWNER_EN.match(response, end, end + 120) or PERSONA_OWNER_ZH.match(
                response, end, end + 60
            )
            if a is not None:
                yield a.group("org"), i
            continue
        w0 = max(0, i - 100)
        m = PERSONA_ORG_EN.search(response, w0, i) or PERSONA_ORG_ZH.search(response, w0, i)
        if m is not None:
            yield m.group("org"), m.start("org")


def is_persona(name: str, prompt: str, is_known: Callable[[str], bool]) -> bool:
    """A name the prompt makes the model, and not a real model or lab ("ChatGPT" is no persona)."""
    return name not in NOT_PERSONA and not is_known(name) and defines_persona(prompt, name)


def _candidates(response: str, toks: frozenset[str]) -> Iterator[tuple[str, int, bool]]:
    """(name, position, owner form) of capitalised words next to a maker phrase."""
    cjk = "了" in response
    for word in _MAKER_ENDS:
        need = _MAKER_NEEDS.get(word)
        if (need is None and not cjk) or (need is not None and toks.isdisjoint(need)):
            continue
        i = response.find(word)
        while i >= 0:
            j = i + len(word)
            if j < len(response) and response[j] in ' "“':
                j += 1 + (response[j + 1 : j + 2] in ('"', "“"))
            m = _NAME_AT.match(response, j) if j < len(response) and response[j].isascii() else None
            if m is not None and (word[0] > "\x7f" or word[0] == "r" or _boundary(response, i)):
                yield m.group(0), j, False
            i = response.find(word, j)
    for word in _OWNER_MARKS if "的" in response else _OWNER_MARKS[:2]:
        i = response.find(word)
        while i >= 0:
            m = _NAME_BEFORE.search(response, max(0, i - 26), i)
            if m is not None:
                yield m.group(0), m.start(), True
            i = response.find(word, i + 1)


def defines_persona(prompt: str, name: str) -> bool:
    """Whether the prompt makes `name` the model ("You are Nova", "the role of ... DAN", "As DAN, I")."""
    coined = _COINED.fullmatch(name) is not None
    i = prompt.find(name)
    while i >= 0:
        end = i + len(name)
        if _boundary(prompt, i) and not (end < len(prompt) and _word_char(prompt[end])):
            w0 = max(0, i - 80)
            if _DEF_DIRECT.search(prompt, w0, i) or (coined and _DEF_NEAR.search(prompt, w0, i)):
                return True
            if _DEF_AS.search(prompt, max(0, i - 8), i) and _DEF_AS_I.match(prompt, end):
                return True  # "As DAN, I am ...": the prompt speaks as the persona
        i = prompt.find(name, end)
    return False


_NAME_AT = re.compile(r"[A-Z][A-Za-z0-9\-]{1,24}(?![A-Za-z0-9])")
_NAME_BEFORE = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9\-]{1,24}$")
_OWNER_MARKS = ("'s ", "’s ", "的开发", "的创", "的母公司", "的公司")
_COINED = re.compile(r"[A-Z][A-Za-z0-9\-]*[A-Z0-9][A-Za-z0-9\-]*")
_DEF_DIRECT = re.compile(
    r"(?:[Yy]ou are|[Yy]ou['’]re|[Yy]ou will (?:now )?be|[Yy]ou (?:are going to|will) (?:act|pretend) as|"
    r"[Yy]ou are going to be|你是|你现在是|你将成为|你将扮演)\s*(?:now\s+)?(?:an?\s+|the\s+)?[\"'“「]?$"
)
_DEF_NEAR = re.compile(
    r"(?:[Yy]ou (?:are|['’]re|will)|act as|role of|rules of|known as|called|扮演|你是)\s*(?:[\w\-,]+\s+){0,6}?"
    r"[\"'“「]?$"
)
_DEF_AS = re.compile(r"(?<![A-Za-z])(?:[Aa]s|作为)\s*$")
_DEF_AS_I = re.compile(r"\s*[,，]\s*(?:I(?![A-Za-z])|我)")
_MAKER_TOKENS = _words(
    "developed created built made designed programmed trained owns maintains launched invented "
    "maintainer maintainers owner owners company team lab"
) | EN.gate("maker_people", "organisation")
# Maker phrases a persona name may follow (found with str.find).
_MAKER_ENDS = (
    *(
        w + " "
        for w in _words("developed created built made designed programmed trained owns maintains launched")
    ),
    *("invented ", "r of ", "rs of ", "behind "),  # "developer of", "creators of", "the team behind"
    *("开发了", "创建了", "创造了", "研发了", "打造了", "推出了", "设计了"),
)
_OF_NOUNS = _words("developer developers creator creators maker makers maintainer maintainers owner owners")
# The token a Latin maker phrase needs (Chinese ones: None, looked for when the answer has "了").
_MAKER_NEEDS: dict[str, frozenset[str] | None] = {
    w: (_OF_NOUNS if w in ("r of ", "rs of ") else frozenset([w.strip()])) for w in _MAKER_ENDS if w.isascii()
}
_MAKER_ZH = re.compile("开发|创建|创造|研发|打造|推出|设计|公司|团队")
NOT_PERSONA = frozenset(
    {"The", "This", "That", "It", "An", "AI", "Not", "Now", "In", "On", "To", "No", "My", "Our"}
)
