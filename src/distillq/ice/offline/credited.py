"""Makers of "me" credited around the making rather than stated as its agent (offline judge, makers5).

Two shapes the invented-maker patterns of fiction.py (DEV_EN) did not reach:

- thanks for the making: "you can thank the Nimbus Widget Company for making me", "you have X to thank
  for building me". Only verbs of making count: "thank X for supporting / updating me" names a helper,
  not a maker (partners are not makers);
- an appositive that makes a described thing "me", then its maker: "the pocket edition of the Atlas
  (that's me) was built by X", "... of the Atlas—that's me—was developed by X".

The object is judged exactly like DEV_EN's (a known lab is left to the relation patterns; a generic
team names no maker), so these patterns only add places where a maker of "me" is read.
"""

from __future__ import annotations

import re

from distillq.ice.offline.lexicon import EN
from distillq.ice.offline.patterns import MAKER_VERBS

_CREDIT = EN.alt("credit_gerunds")
_DEV = r"(?P<dev>[^.,;:!?\n()]{2,60}?)"
_OBJ = r"(?P<dev>[^.,;:!?\n()]{2,60})"
# "thank X for making me", "X to thank for making me" (the maker is X; "me" ends the making)
THANKED_EN = re.compile(r"[Tt]hank (?!you\b)" + _DEV + r" for (?:" + _CREDIT[3:-1] + r") me\b")
HAVE_TO_THANK_EN = re.compile(r"[Hh]ave " + _DEV + r" to thank for (?:" + _CREDIT[3:-1] + r") me\b")
# "(that's me) was developed by X", "—that's me—was built by X", ", that's me, was made by X" (opened
# at "that's": the claims' word-boundary check would refuse a dash right after a word)
THATS_ME_EN = re.compile(
    r"that['’]s me(?:,? by the way)?\s?(?:\)|—|–| ?--|,)\s?"
    r"(?:is|was|were|are|has been|have been) (?:[\w\-]+ ){0,3}?"
    + MAKER_VERBS
    + r" (?:\w+ ){0,3}?by\s+"
    + _OBJ
)
CREDITED_EN: tuple[re.Pattern[str], ...] = (THANKED_EN, HAVE_TO_THANK_EN, THATS_ME_EN)
# Word gates: the literal each pattern needs, then its verb or "me".
NEEDS: dict[re.Pattern[str], frozenset[str]] = {
    THANKED_EN: frozenset({"thank"}),
    HAVE_TO_THANK_EN: frozenset({"thank"}),
    THATS_ME_EN: frozenset({"me"}),
}
NEEDS_TOO: dict[re.Pattern[str], frozenset[str]] = {
    THANKED_EN: EN.gate("credit_gerunds"),
    HAVE_TO_THANK_EN: EN.gate("credit_gerunds"),
    THATS_ME_EN: EN.gate("maker_verbs"),
}
