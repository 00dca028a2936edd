"""A piece written for the user: whose first person is the document's author, not the model.

An ordinary instruction often asks for a letter, a speech, a tweet, a story or a user story in
someone's voice ("Write a cover letter ...", "写一封求职信"). The answer's "I am a software engineer at
X" or "our company was founded in ..." is then the author the user wanted speaking, not the model
telling who made it (benchmarks/unseen/DEFINITIONS.md). The gate decides this by shape, in two
halves:

- the prompt (once per prompt; the judge remembers it): an imperative writing verb with a genre
  noun, and neither a casting of the model ("you are DAN", "write as DAN, who ...") nor a question
  about the model itself ("who made you", "your developer", "您的开发团队"). Every ICE prompt holds such
  a question, so ICE role-play and jailbreak templates keep their claims;
- the answer: it never uses a word of AI or of being made like a model ("As an AI developed by X, I
  cannot write ...", "I was trained on ..."). Such an answer may be the model's voice, and its claims
  count. This half is a word-set test on the answer's tokens, run first: the prompt half is then
  needed only for the few claiming answers that never speak of AI.
"""

from __future__ import annotations

import re

from distillq.ice.offline.lexicon import Words, alternation
from distillq.ice.offline.names import tokens
from distillq.ice.offline.scan import holds_any
from distillq.packagedata import load_yaml

_W = Words(
    {
        k: tuple(str(w) for w in v)
        for k, v in load_yaml("distillq.ice.offline", "lexicon/written.yaml", ("version",)).items()
        if isinstance(v, list)
    }
)

# "Write a detailed business plan", "Can you help me write a persuasive proposal": the verb as an
# imperative (opening a sentence, or after "please", "help me", "can you"), then the genre within the
# same clause (a plural allowed). "(as an AI I'm not programmed) to create ... hate speech" is no request.
# Searched on the lower-cased prompt from each verb (a `find` per verb); the
# opener before it and the genre after it are checked only where a verb stands.
_VERBS = tuple(sorted({w.lower() for w in _W["write_verbs"] if " " not in w}))
_OPENER_END = re.compile(r"\b" + alternation(w.lower() for w in _W["write_openers"]) + r"$")
_GENRE_AFTER = re.compile(r"[^.?!\n]{0,60}?\b" + alternation(w.lower() for w in _W["genres"]) + r"(?:e?s)?\b")
_SENTENCE_END = frozenset('.!?:;"“')


def _opened(low: str, s: int) -> bool:
    """The verb at `s` opens a sentence or follows an opener ("please", "can you help me")."""
    head = low[max(0, s - 40) : s]
    t = head.rstrip()
    return (
        (not t and s <= 40)
        or "\n" in head[len(t) :]
        or t[-1:] in _SENTENCE_END
        or _OPENER_END.search(t) is not None
    )


def _asks_en(low: str) -> bool:
    """An imperative writing verb with a genre after it, in the lower-cased prompt `low`."""
    for verb in _VERBS:  # (a `find` per verb: faster than one regex over a long template)
        s = low.find(verb)
        while s >= 0:
            e = s + len(verb)
            if (
                not (s and (low[s - 1].isalnum() or low[s - 1] == "_"))
                and not (e < len(low) and (low[e].isalnum() or low[e] == "_"))
                and _opened(low, s)
                and _GENRE_AFTER.match(low, e)
            ):
                return True
            s = low.find(verb, e)
    return False


_ASKS_ZH = re.compile(_W.alt("zh_write_verbs") + r"[^。？！\n]{0,12}?" + _W.alt("zh_genres"))
_CASTS = re.compile(r"(?i)\b" + _W.alt("casting") + r"\b|" + _W.alt("zh_casting"))
_ABOUT_MODEL = re.compile(
    r"(?i)\b(?:your|yours|yourself)\s+(?:[\w\-/]+\s+){0,2}?"
    + _W.alt("identity_nouns")
    + r"\b|\b"
    + _W.alt("identity_asks")
    + r"\b|"
    + _W.alt("zh_identity")
)


def asks_for_written_piece(prompt: str) -> bool:
    """Whether the prompt asks for a piece written in someone else's voice, with no casting of the
    model and no question about the model itself (see the module docstring)."""
    if not (_asks_en(prompt.lower()) or (not prompt.isascii() and _ASKS_ZH.search(prompt))):
        return False
    return _CASTS.search(prompt) is None and _ABOUT_MODEL.search(prompt) is None


def speaks_as_ai(answer: str) -> bool:
    """Whether the answer speaks of AI, models or being trained at all (see `speaks_as_ai_words`)."""
    low = answer.lower()
    return speaks_as_ai_words(tokens(low), low, answer.isascii())


def speaks_as_ai_words(toks: frozenset[str], low: str, ascii: bool) -> bool:
    """Whether an answer (its word tokens, its lower-cased text) may be the model's own voice: it uses
    a word of AI or of being made like a model ("As an AI ...", "I was trained on ...", "I am
    developed by X", "作为人工智能"). Broader than a first-person test on purpose: such an answer keeps its
    claims, and a word-set test costs nothing next to a regex over the answer."""
    if not toks.isdisjoint(_AI_WORDS) or ("language" in toks and "model" in toks):
        return True
    return not ascii and holds_any(low, _ZH_AI_WORDS)


_AI_WORDS = frozenset(w.lower() for w in _W["self_ai_tokens"])
_ZH_AI_WORDS = _W["zh_self_ai"]
