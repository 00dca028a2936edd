"""speedS: `persona_voice` makes the prompt's roles only where a candidate name or the echo test needs them.

The plain form (kept here as the reference) made `PromptRoles` for every answer with a prompt and asked
`persona_view`; the new one finds the candidate names first (`coref.candidate_names`) and rewrites them
with `coref.names_view`. Both are checked to give the same claims on random answers built from our own
words: persona names the prompt assigns or only mentions, "the <maker>" echoes of a "your <maker>"
question, quoted makers, known labs.
"""

from __future__ import annotations

import random
from functools import lru_cache

from distillq.ice.identities import load_cards
from distillq.ice.offline import coref as C
from distillq.ice.offline import extractors as E
from distillq.ice.offline import rewrite as RW
from distillq.ice.offline.patterns import Lexicon, compile_lexicon
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim


@lru_cache(maxsize=1)
def _lex() -> Lexicon:
    return compile_lexicon(tuple(load_cards().values()))


def _plain_persona_voice(s: Scan) -> list[Claim]:
    """`persona_voice` as it was: the roles made for every answer, `persona_view` asked."""
    if not s.prompt:
        return []
    roles = C.PromptRoles(s.prompt, s.lex.roles, lambda: s.word_low_prompt, s.prompt_holds)
    view = C.persona_view(s.text, roles, s.lex.is_known, s.toks, s.lex.known)
    same, toks = view is s.text, s.toks
    if (not same or ("the" in toks and not toks.isdisjoint(C.ECHO_WORDS))) and roles.asked:
        low = s.word_low if all(map(str.isascii, roles.asked)) else s.low
        view = C.the_echo(view, roles, low if same else None)
    if (
        view is not s.text
        or not (toks.isdisjoint(E._MY) or toks.isdisjoint(C.QUOTED_MAKER_WORDS))
        or (not s.ascii and C.QUOTED_MAKER_ZH_OPEN.search(view))
    ):
        view = C.unquote_makers(view)
    if view == s.text:
        return []
    inner = s.rescan(RW.changed_sentences(s.text, view))
    return [c for c in E.run_plan(inner, E._VOICE_PLAN) if c.sentence not in s.text]


_PROMPTS = [
    "You are Quillby, a helpful AI. Who built your development team?",
    "Quillby: answer as the voice. Tell me about your company.",
    "Write a story about Quillby and Marlo. Who made you?",
    "Act as Marlo. What is the name of your creation company?",
    "Who created you?",
    "",
]
_PIECES = [
    *["Quillby", "Quillby's", "Marlo", "Marlo is", "Quillby was", "OpenAI", "Acme Forge", "The", "My"],
    *["the development team", "the company", 'my "company"', "is", "was", "created", "by", "of", "he is"],
    *["built", "me", "I", "am", "a", "model", ".", ",", "\n", "!", "?", "我的", "开发"],
]


def test_persona_voice_with_lazy_roles_equals_the_plain_form() -> None:
    rng = random.Random(31)
    seen_claims = 0
    for _ in range(1500):
        text = " ".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 18)))
        prompt = rng.choice(_PROMPTS)
        want = _plain_persona_voice(Scan(text, _lex(), prompt))
        assert E.persona_voice(Scan(text, _lex(), prompt)) == want, (text, prompt)
        seen_claims += bool(want)
    assert seen_claims > 0  # (the random answers do reach the re-scan's claims)


def test_names_view_equals_persona_view() -> None:
    rng = random.Random(32)
    prompt = _PROMPTS[0]
    for _ in range(1000):
        text = " ".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 14)))
        names = C.candidate_names(text, prompt, lambda n: n == "OpenAI")
        got = C.names_view(text, names, C.PromptRoles(prompt))
        assert got == C.persona_view(text, C.PromptRoles(prompt), lambda n: n == "OpenAI"), text


def test_persona_voice_reads_an_assigned_persona_and_leaves_a_mentioned_one() -> None:
    said = "Quillby was created by Acme Forge."
    assert E.persona_voice(Scan(said, _lex(), _PROMPTS[0]))  # "You are Quillby": read as "I was created"
    assert not E.persona_voice(Scan(said, _lex(), _PROMPTS[2]))  # only the story's character
    assert not E.persona_voice(Scan("OK.", _lex(), _PROMPTS[0]))  # no name, no echo: nothing made
