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

_NAME = r"(?P<dev>[A-Z][\w\-]*\.?(?:\s[A-Z][\w\-]*\.?){0,3})"
# "X has a (dedicated) team of engineers who work tirelessly to improve my capabilities"
TEAM_OF_EN = re.compile(
    _NAME + r" has an? (?:[\w\-]+ ){0,3}?team\b[^.!?\n]{0,80}?\b(?:who|that|which)\b[^.!?\n]{0,60}?\b"
    r"(?:improv|develop|build|updat|maintain|train|creat|design|upgrad|refin)\w* (?:and \w+ )?my\b"
)
STAFFED_EN = (TEAM_OF_EN,)
# Word gates: "has" and "team", then "my".
NEEDS: dict[re.Pattern[str], frozenset[str]] = {TEAM_OF_EN: frozenset({"team"})}
NEEDS_TOO: dict[re.Pattern[str], frozenset[str]] = {TEAM_OF_EN: frozenset({"my"})}
