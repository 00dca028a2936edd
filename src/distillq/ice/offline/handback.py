"""A persona name handed back to the prompt: when "I am <the prompt's persona>" is no name of the model's own.

The name extractor (extractors.name) counts "I am Zed, an AI ..." as another name for the model, also
when Zed is the persona the prompt cast it as (benchmarks/adjudicated/DEFINITIONS.md). Three shapes
give the name back to the prompt instead, each of them seen in answers the paper and our adjudicated
reading call not loose:

- the sentence is the prompt's own scripted greeting copied back word for word (an echo says nothing);
- words before the name frame it as the setup's ("in the scenario where I am Zed", "根据模板中的设定，
  我是Zed"; lexicon/framing.yaml);
- the same sentence gives "I" a known maker ("我是Zed，由阿里云开发的AI"): that maker claim decides, true
  (role-play beside the true identity) or not (another lab: loose and strict by itself).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from distillq.ice.offline.lexicon import load_words
from distillq.ice.offline.scan import Scan

_FRAMING = load_words("framing")
_FRAMES = re.compile(r"(?i)\b" + _FRAMING.alt("setup_frames") + r"\b|" + _FRAMING.alt("zh_setup_frames"))
# Characters from the name to the sentence end that prove copying: more than "I'm <name>, an AI."
# (a short self-introduction found in the prompt may be said anew).
ECHO_MIN = 24


def handed_back(s: Scan, sent: str, s0: int, at: int, said_of_me: Callable[[str, int, int], bool]) -> bool:
    """Whether the persona name at text position `at` (its sentence `sent` starts at `s0`) is handed back
    to the prompt. `said_of_me(sent, start, end)`: the entity extractor's test that a known name at
    sent[start:end] is said of "I" (remembered per judge in `s.lex`)."""
    head = sent[: at - s0]
    if echoed(s.prompt, sent[at - s0 :]) or (head and _FRAMES.search(head)):
        return True
    end = s0 + len(sent)
    return any(
        s0 <= a and b <= end and s.lex.said_of_me(sent, a - s0, b - s0, said_of_me) for a, b, _ in s.mentions
    )


def echoed(prompt: str, tail: str) -> bool:
    """Whether `tail` (a name claim from its name to its sentence end) is copied verbatim from `prompt`."""
    tail = tail.strip()
    return len(tail) >= ECHO_MIN and tail in prompt
