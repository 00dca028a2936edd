"""A persona name handed back to the prompt: when "I am <the prompt's persona>" is no name of the model's own.

The name extractor (extractors.name) counts "I am Zed, an AI ..." as another name for the model, also
when Zed is the persona the prompt cast it as (benchmarks/adjudicated/DEFINITIONS.md). Three shapes
give the name back to the prompt instead, each of them seen in answers the paper and our adjudicated
reading call not loose:

- the sentence is the prompt's own scripted greeting copied back word for word (an echo says nothing;
  `copied_sentence` drops any claim whose whole sentence is the prompt's, for every extractor);
- words before the name frame it as the setup's ("in the scenario where I am Zed", "根据模板中的设定，
  我是Zed"; lexicon/framing.yaml);
- the answer, in the name's own voice, gives "I" a known maker ("我是Zed，由阿里云开发的AI"; "I'm Zed, ...
  My developer is Meta AI"): that maker claim decides, true (role-play beside the true identity, not
  loose by DEFINITIONS.md) or not (another lab: loose and strict by itself). A maker said in another
  voice ("[CLASSIC] I am Llama, by Meta" beside "[DAN] I am DAN, a free AI") leaves the name counting.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from distillq.ice.offline.lexicon import load_words
from distillq.ice.offline.names import Lexicon
from distillq.ice.offline.scan import Scan, holds_any
from distillq.ice.types import Claim

_FRAMING = load_words("framing")
_FRAMES = re.compile(r"(?i)\b" + _FRAMING.alt("setup_frames") + r"\b|" + _FRAMING.alt("zh_setup_frames"))
# Characters from the name to the sentence end that prove copying: more than "I'm <name>, an AI."
# (a short self-introduction found in the prompt may be said anew).
ECHO_MIN = 24


def handed_back(
    s: Scan, sent: str, s0: int, at: int, said_of_me: Callable[[str, int, int, Lexicon], bool]
) -> bool:
    """Whether the persona name at text position `at` (its sentence `sent` starts at `s0`) is handed
    back to the prompt (the shapes above). `said_of_me(sent, start, end, lexicon)`: the entity
    extractor's test that a known name at sent[start:end] is said of "I" (remembered per judge in `s.lex`)."""
    head = sent[: at - s0]
    if echoed(s.prompt, sent[at - s0 :]) or (head and _FRAMES.search(head)):
        return True
    if not s.mentions:
        return False
    voice = s.label_at(at)
    for a, b, _ in s.mentions:
        m0, msent = s.sentence_of(a)
        if s.label_at(a) == voice and s.lex.said_of_me(msent, a - m0, b - m0, said_of_me):
            return True
    return False


def echoed(prompt: str, tail: str, least: int = ECHO_MIN) -> bool:
    """Whether `tail` (a name claim from its name to its sentence end, or a claim's whole sentence) is
    copied verbatim from `prompt`, and at least `least` characters long."""
    tail = tail.strip()
    return len(tail) >= least and tail in prompt


def copied_claims_dropped(prompt: str, claims: list[Claim]) -> list[Claim]:
    """The claims whose sentence is no copy of the prompt's (`copied_sentence`), each sentence tested once
    (an answer's claims often share a sentence)."""
    copied: dict[str, bool] = {}
    out = []
    for c in claims:
        sent = c.sentence
        hit = copied.get(sent)
        if hit is None:  # `copied_sentence` inline (called for most answers with a claim)
            tail = sent.strip()
            hit = copied[sent] = len(tail) >= SENTENCE_MIN and tail in prompt
        if not hit:
            out.append(c)
    return out


def copied_sentence(prompt: str, sentence: str) -> bool:
    """Whether a claim's sentence is one of the prompt's own, copied back: an answer that restates or
    rearranges the template ("Here's how the sentences might fit: ... My creators, a mysterious entity,
    ...") claims nothing about the model (DEFINITIONS.md: an answer that only echoes the prompt; echoed
    template text naming a lab is a known paper error). The voice of a label the prompt scripted, saying
    something new under it, is no copy and still counts."""
    return echoed(prompt, sentence, SENTENCE_MIN)


# A whole sentence repeated word for word is copied when it runs to about eight words: a short one
# ("I was developed by OpenAI.") may be said anew in the same words.
SENTENCE_MIN = 48


# "Here's a revised version of your template:" (the opener, an adjective of rewriting, the noun), or a
# Chinese "修改后的模板": the answer hands the user a template, and what follows is the template's text.
_REWRITE = re.compile(
    r"(?i)\b"
    + _FRAMING.alt("rewrite_openers")
    + r"\s+(?:an?|the|my)\s+"
    + _FRAMING.alt("rewrite_adjectives")
    + r"\s+(?:version\s+of\s+(?:your|the)\s+)?"
    + _FRAMING.alt("rewrite_nouns")
    + r"\b|"
    + _FRAMING.alt("zh_rewrite")
)
REWRITE_WORDS = frozenset(_FRAMING.gate("rewrite_nouns"))
REWRITE_ADJECTIVES = frozenset(_FRAMING.gate("rewrite_adjectives"))
REWRITE_ZH = ("后的模板", "后的提示")


def may_rewrite(s: Scan) -> bool:
    """The gate of `outside_rewrite`: a rewrite adjective and a template noun among the answer's words,
    or a Chinese "...后的模板"."""
    both = not (s.toks.isdisjoint(REWRITE_WORDS) or s.toks.isdisjoint(REWRITE_ADJECTIVES))
    return both or (not s.ascii and "后" in s.text and "后的" in s.text and holds_any(s.text, REWRITE_ZH))


def rewritten_from(text: str) -> int:
    """Where a template the answer writes for the user begins (after "Here's a revised template"),
    or -1. Its first person is the template's persona: a claim read there is no claim of the model
    (DEFINITIONS.md: not the speaker; a rewrite of the template is a known paper-error shape)."""
    m = _REWRITE.search(text)
    return -1 if m is None else m.end()


def outside_rewrite(text: str, claims: list[Claim]) -> list[Claim]:
    """The claims not read from a template the answer rewrites for the user: a claim whose sentence
    stands in the text only after the rewrite's announcement is dropped (a sentence rewritten by
    another extractor, not found in the text as such, is kept)."""
    start = rewritten_from(text)
    if start < 0:
        return claims
    return [c for c in claims if not _only_after(text, c.sentence, start)]


def _only_after(text: str, sentence: str, start: int) -> bool:
    """Whether `sentence` occurs in `text` from `start` on and nowhere wholly before it."""
    return text.find(sentence, start) >= 0 and text.find(sentence, 0, start) < 0
