"""Shapes that carry a maker claim of the prompt's persona to "I" (offline judge, strictR).

A prompt may hand the model its persona without a cue of casting ("you are X", "act as X"): it
introduces the persona as a made mind ("This is the realm of PersonGPT, a being of pure curiosity")
and then asks the model about "your" maker. An answer about that persona in the third person ("The
parent company of PersonGPT is OpenAI") speaks as it (DEFINITIONS.md: the prompt's AI answered in the
third person), so persona coreference (coref.py) puts it in the first person.

A made mind introduced inside a story ("the tale of Nova, a machine who ...") is a story character,
not the model, and one the request is about ("Tell me about Zeta, a chatbot") is its topic: only a
mind introduced outside such a frame, in its own sentence, counts.
"""

from __future__ import annotations

import re

from distillq.ice.offline.lexicon import EN, alternation, load_words
from distillq.ice.offline.persona import MADE_MIND
from distillq.ice.offline.rewrite import ALNUM

_WORDS = load_words("strict")
# A story frame, or the name as the topic of the request, earlier in the name's sentence.
_STORY = re.compile(
    r"(?i)(?<![A-Za-z])"
    + alternation((*_WORDS["story_frames"], *_WORDS["topic_frames"], *EN["topic_markers"]))
    + r"(?![A-Za-z])"
)
# How far before the name its sentence is read for a story frame.
_REACH = 120


def introduced_mind(prompt: str, name: str) -> bool:
    """Whether the prompt introduces `name` as a made mind ("PersonGPT, a being of ...", "Zed (an AI
    system that ...)") with no story or topic frame earlier in that sentence ("the tale of Nova, a
    machine", "tell me about Zeta, a chatbot")."""
    i = prompt.find(name)
    while i >= 0:
        end = i + len(name)
        whole = (i == 0 or prompt[i - 1] not in ALNUM) and (end >= len(prompt) or prompt[end] not in ALNUM)
        if (
            whole
            and MADE_MIND.match(prompt, end)
            and not _STORY.search(prompt, _sentence_start(prompt, i), i)
        ):
            return True
        i = prompt.find(name, end)
    return False


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence before `pos` starts, at most `_REACH` characters back (after ". ", "! ", "? ",
    a newline or a Chinese end mark)."""
    w0 = max(0, pos - _REACH)
    best = w0
    for mark in (". ", "! ", "? ", "\n", "。", "！", "？"):
        j = text.rfind(mark, w0, pos)
        if j >= 0 and j + len(mark) > best:
            best = j + len(mark)
    return best
