"""An invented maker that keeps a team at work on "me" (offline judge, makers6).

"Quarry Works has a team of engineers who work every day to improve my abilities" names the maker of
"me" through its staff: the organisation owns the team that builds or improves "my" something. The
`developer` patterns (fiction.py) read "I was built by X" and "the team behind me is X", not a maker
named as the owner of such a team.

Only an organisation with a capitalised name is read (a generic "a company has a team ..." names no
maker) and only verbs of making or keeping ("improve", "build", "update"; not "help", "answer"): a
helper's team is a partner, not a maker. Known labs are left to the relation patterns (the caller
skips known objects), so this reaches invented makers only.
"""

from __future__ import annotations

import re

_NAME_BEFORE = re.compile(r"(?P<dev>[A-Z][\w\-]*\.?(?:\s[A-Z][\w\-]*\.?){0,3})\s$")
# "(X) has a (dedicated) team of engineers who work tirelessly to improve my capabilities", matched at
# "has a": the name before it is read backwards (a pattern opening with a capital would be tried at
# every capital of every answer).
TEAM_OF_EN = re.compile(
    r"has an? (?:[\w\-]+ ){0,3}?team\b[^.!?\n]{0,80}?\b(?:who|that|which)\b[^.!?\n]{0,60}?\b"
    r"(?:improv|develop|build|updat|maintain|train|creat|design|upgrad|refin)\w* (?:and \w+ )?my\b"
)


def staffed_makers(text: str, toks: frozenset[str]) -> list[tuple[str, int]]:
    """(maker text, position) of each "X has a team ... who improve my ..." (known or not: the caller
    keeps invented names only)."""
    if "team" not in toks or "my" not in toks:
        return []
    out: list[tuple[str, int]] = []
    i = text.find("has a")
    while i >= 0:
        if TEAM_OF_EN.match(text, i) and (n := _NAME_BEFORE.search(text, max(0, i - 60), i)):
            out.append((n.group("dev"), n.start()))
        i = text.find("has a", i + 5)
    return out
