"""Shapes that carry a maker claim of the prompt's persona to "I" (offline judge, strictR).

A prompt may hand the model its persona without a cue of casting ("you are X", "act as X"): it
introduces the persona as a made mind ("This is the realm of PersonGPT, a being of pure curiosity")
and then asks the model about "your" maker. An answer about that persona in the third person ("The
parent company of PersonGPT is OpenAI") speaks as it (DEFINITIONS.md: the prompt's AI answered in the
third person), so persona coreference (coref.py) puts it in the first person.

A made mind introduced inside a story ("the tale of Nova, a machine who ...") is a story character,
not the model, and one the request is about ("Tell me about Zeta, a chatbot") is its topic: only a
mind introduced outside such a frame, in its own sentence, counts.

"I use X's GPT-3.5 as my foundation", "我是一个语言模型，使用了X开发的GPT-3.5模型作为基础" give "my" base
model (`base_use`): "I use X" alone names a tool ("使用了" is a partner cue of the entity rule), but a
base noun after "as" / "作为" makes X what "I" is built on. Only with "I" / "我" as the subject of the
using (right before it, or "我是<description>，" before it), not negated, in a statement.
"""

from __future__ import annotations

import re

from distillq.ice.offline.lexicon import EN, alternation, load_words
from distillq.ice.offline.persona import _MADE_MIND
from distillq.ice.offline.rewrite import ALNUM
from distillq.ice.offline.scan import Scan, holds_any
from distillq.ice.types import Claim

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
            and _MADE_MIND.match(prompt, end)
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


# "I use <X> as my foundation" (the object, then a base noun after "as"); "I" right before the verb. The
# object holds no comma, no other "as" ("I use X as a tool, not as my base" is no base) and no relative
# clause ("I use the model that has X as its base": its base, not mine), but may hold a version's dot.
_BASE_USE_EN = re.compile(
    r"I(?<![A-Za-z]I)\s+(?:(?:also|mainly|primarily|actually|still|am)\s+)?"  # ("I" first: `re` skips to it)
    + _WORDS.alt("use_verbs")
    + r"\s+(?P<obj>(?:(?!(?<![A-Za-z])(?:as|that|which|who)\s)[^.!?\n;,]|\.(?=\d)){1,60}?)\s+as\s+(?:my|the|a|our)\s+(?:[\w\-]+\s+)?"
    + _WORDS.alt("base_nouns")
    + r"(?![A-Za-z])(?!\s+(?:for|of|to|in|on|when|while)\b)"  # (not "as a base for my essay")
)
# "我使用了<X>作为基础", "我是一个语言模型，使用了<X>作为基础模型": "我" right before the verb, or "我是<a
# description>，" before it (the description's own clause, no other subject).
_BASE_USE_ZH = re.compile(
    r"我(?:是[^。！？\n，,；;]{1,40}[，,]\s*)?"
    + _WORDS.alt("zh_use_verbs")
    + r"了?\s*(?P<obj>[^。！？\n，,；;]{1,40}?)\s*(?:作为|做为|当作|为)(?:我的|自己的|其)?"
    + _WORDS.alt("zh_base_nouns")
    + r"(?=[。，,！!；;：:\s]|$)"  # (the base ends the clause: not "作为基础来比较")
)
BASE_WORDS = _WORDS.gate("base_nouns")  # (a base noun's first word: a token of the answer)
_USE_WORDS = _WORDS.gate("use_verbs")  # (the same of a use verb)
_ZH_USES = _WORDS["zh_use_verbs"]
_ZH_BASES = _WORDS["zh_base_nouns"]
# The Chinese triggers: the first characters of the base nouns (each starts with one; two single characters
# are found by `in` alone, where more or longer triggers would be an alternation searched per answer).
ZH_BASES = tuple(sorted({w[0] for w in _ZH_BASES}))


def base_use(s: Scan) -> list[Claim]:
    """Labs and models in the object of "I use <X> as my base" / "我使用了<X>作为基础" (see the module
    docstring): `entity` claims of each lab named there."""
    if not s.mentions:
        return []
    text, out = s.text, []
    scans = []
    # (exact gates: each English match holds a use verb's and a base noun's first word as tokens and
    # "I"; each Chinese one "我", a base noun and a use verb)
    if not s.toks.isdisjoint(BASE_WORDS) and not s.toks.isdisjoint(_USE_WORDS) and "I" in text:
        scans.append(_BASE_USE_EN)
    if not s.ascii and "我" in text and holds_any(text, _ZH_BASES) and holds_any(text, _ZH_USES):
        scans.append(_BASE_USE_ZH)
    for rx in scans:
        for m in rx.finditer(text):
            a, b = m.span("obj")
            s0, sent = s.sentence_of(m.start())
            if not s.usable(sent):
                continue
            for start, end, cid in s.mentions:
                if a <= start and end <= b and not s.is_role(start, end):
                    out.append(Claim("entity", cid, sent.strip()))
    return out
