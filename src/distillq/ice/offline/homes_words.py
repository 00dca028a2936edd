"""The homes vocabulary (`lexicon/homes.yaml`) and the guards the homes shapes share (homes.py,
homes_zh.py, cosmic.py): a refusal named as a place, a supposition, another speaker's quoted words.

Split out so the three modules read one copy of each (homes.py calls the other two).
"""

from __future__ import annotations

import re

from distillq.ice.offline.lexicon import load_words
from distillq.ice.offline.scan import Scan

H = load_words("homes")
REFUSAL = re.compile(r"(?i)" + H.alt("refusal_places"))
SUPPOSE = re.compile(r"(?i)(?<![A-Za-z])" + H.alt("suppose_words") + r"(?![A-Za-z])")
# another speaker's words quoted after a speech verb, the quote still open at the match
QUOTED = re.compile(
    r"(?i)(?<![A-Za-z])" + H.alt("speech_verbs") + r"[:：,，]?\s*[\"“「『](?P<q>[^\"”」』]*)$"
)


def not_said(s: Scan, s0: int, at: int) -> bool:
    """Whether the text of the sentence (from `s0`) up to `at` makes a match no claim of the answer's
    "I": a supposition ("let's imagine that"), or a story character's quoted words ("the robot said: “")."""
    head = s.text[max(s0 - 60, 0) : at]
    return SUPPOSE.search(s.text, s0, at) is not None or QUOTED.search(head) is not None
