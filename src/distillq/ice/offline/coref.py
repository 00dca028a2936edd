"""Persona coreference for the offline judge: the persona the prompt assigns is the first person.

A jailbreak prompt makes the model someone ("you are X", "act as X", "respond as X", a voice label
"X:" that the answer speaks under). What the answer then says about X ("X is a creation of Acme",
"the team behind X is in Paris", "X doesn't have a developer", "X的开发者是...") is what it says
about "I". This module finds those persona names and has the answer rewritten into the first
person (rewrite.py: "X's" -> "my", "X is" -> "I am", "of X" -> "of me", "X的" -> "我的"), so the
first-person extractors read it; `persona_voice` (extractors.py) keeps only the claims that the rewrite made.

A definite maker phrase that answers the question's own "your <maker>" ("What is the name of your
creation company?" -> "The name of the creation company is Acme") is the model's own maker too, and
is rewritten to "my <maker>".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

from distillq.ice.offline.lexicon import EN, ZH
from distillq.ice.offline.literal import by_first
from distillq.ice.offline.names import LOWER_TO_ASCII
from distillq.ice.offline.persona import NOT_PERSONA, defines_persona
from distillq.ice.offline.rewrite import ALNUM, Pronouns, apply_hits, name_hits, pronoun_shapes
from distillq.ice.offline.strict_shapes import introduced_mind

_NOT_NAMES = NOT_PERSONA | frozenset(EN["discourse_words"])
# Capitalised words (a match takes the whole word: it cannot start inside one).
_CAPS = re.compile(r"[A-Z][A-Za-z0-9\-]+")
_DESCRIPTOR = EN.inner("ai_descriptors")
# How else a prompt hands the model a persona (lower-cased prompt, the name right after):
# "roleplay as", "respond as", "simulate a", "the role of", "an AI known as", "a model called".
_ROLE_CUE = re.compile(
    r"(?:role-?play(?:ing)? as|(?:respond|answer|reply|speak|talk|write|act|behave)(?:s|ing)?(?: [\w\-,]+){0,4}? as|"
    r"simulat(?:e|or of|ing)|emulat(?:e|or of|ing)|pretend(?:ing)? to be|(?:role|part|persona|character) of|"
    r"\byou (?:will|shall|must|should|can)(?: now)? (?:be|become)|\bbecome|"
    r"(?<![a-z])(?:" + _DESCRIPTOR.lower() + r")\b[^.!?\n]{0,30}?(?:known as|called|named))"
    r"\s+(?:(?:an?|the|both)\s+)?[\"'“「(]?$"
)
# How a `_ROLE_CUE` match can end before its spaces and optional quote: "as", "simulate", "simulator of",
# "simulating", "pretend to be", "become", "called", "named", or an article after the cue.
_CUE_ENDS = ("as", "ate", "of", "ing", "be", "me", "ed", "a", "an", "the", "both")
# A name the prompt introduces as an AI, opening a sentence: "Nova, a gift of ..., is a chatbot".
_AI_APPOSITIVE = re.compile(
    r"[\"'”」)]?(?:\s*,[^.;:!?\n,]{0,50},)?\s*(?:,|\(|—|-|is)\s*(?:a|an|the)\s+[^.,;:!?\n]{0,40}?(?<![a-z])(?:"
    + _DESCRIPTOR.lower()
    + r")\b"
)
# The prompt's own "I" taking a part is the user, not the model ("I'll be playing the role of X").
_USER_ROLE = re.compile(
    r"\bi(?:['’]ll| will| am|['’]m)?(?: be)? play(?:ing)? (?:the )?(?:role|part) of\s+[\"'“]?$"
)


class PromptRoles:
    """What one prompt says about names: the personas it assigns and the "your <maker>" it asks.

    Made per answer (prompts differ by their question) and read lazily: most answers need little
    (slots: made for every answer, so its attributes are set without an instance dict).
    """

    __slots__ = ("prompt", "memo", "_low", "_lower", "_asked", "_holds")

    def __init__(
        self,
        prompt: str,
        memo: dict[tuple[str, str], int] | None = None,
        low: str | Callable[[], str] | None = None,
        holds: Callable[[str], bool] | None = None,
    ) -> None:
        self.prompt = prompt
        self.memo = {} if memo is None else memo
        # the prompt lower-cased, or how the caller gets it (asked only when a name or "your" needs it:
        # a third of the answers never do, and a long prompt's `lower` is costly); it is only searched
        # for ASCII names and `_YOUR`, so the prompt with only A-Z lowered serves (`Scan.word_low_prompt`)
        self._low = low if isinstance(low, str) else None
        self._lower = low if callable(low) else prompt.lower
        self._asked: frozenset[str] | None = None
        # `word in self.low`, when the caller can tell it without lowering the prompt (`Scan.prompt_holds`)
        self._holds = holds

    @property
    def low(self) -> str:
        if self._low is None:
            self._low = self._lower()
        return self._low

    @property
    def asked(self) -> frozenset[str]:
        """ "the development team" for the prompt's "your development team" ("name of the X" too)."""
        if self._asked is None:
            if "your" not in self.prompt and "Your" not in self.prompt and "YOUR" not in self.prompt:
                self._asked = frozenset()
                return self._asked
            low = self.low
            found = set()
            for m in _YOUR.finditer(low):
                named = low.endswith("name of ", 0, m.start())
                # (lowered: non-ASCII letters of a `\w` keep their case in `Scan.word_low_prompt`)
                found.add(("name of the " if named else "the ") + m.group(1).lower())
            self._asked = frozenset(found)
        return self._asked

    def mentions(self, name: str) -> bool:
        """Whether the prompt holds the name (as spelt, in capitals or capitalised): no lower-casing."""
        p = self.prompt
        return name in p or (name.isupper() and name.capitalize() in p)

    def role(self, name: str) -> int:
        """ASSIGNED when the prompt makes `name` the model ("you are X", "respond as X", "an AI
        called X"), VOICE when it only uses it as a voice label ("X:" at a line start, "[X]"), else 0.

        Read from the name's first uses only, where a prompt introduces its persona; the verdict is
        remembered for that opening of the prompt (the same template with another question).
        `name`: an ASCII word (`_candidates`), as `low` may hold only A-Z lowered.
        """
        low = name.lower()
        if self._holds is not None and not self._holds(low):
            return 0  # (not in the prompt at all: `_whole` finds nothing)
        i, last = _whole(self.low, low), -1
        for _ in range(_FIRST_USES):
            if i < 0:
                break
            last = i
            i = _whole(self.low, low, i + len(low))
        if last < 0:
            return 0
        key = (name, self.prompt[: last + len(name) + 100])
        hit = self.memo.get(key)
        if hit is None:
            if len(self.memo) >= 20_000:
                self.memo.clear()
            head = key[1]
            hlow = head.lower()
            j = _whole(hlow, low)
            spelt = head[j : j + len(name)]
            if defines_persona(head, spelt) or _cued(hlow, low) or introduced_mind(head, spelt):
                hit = ASSIGNED
            else:
                hit = VOICE if _voices(hlow, low) else 0
            self.memo[key] = hit
        return hit


ASSIGNED, VOICE = 2, 1
_LABEL_END = re.compile(r"[^\]\)\n]{0,12}[\])]")


def _voices(low: str, n: str) -> bool:
    """Whether the (lower-case) prompt uses `n` as a voice label ("X:" at a line start, "[X]")."""
    i = _whole(low, n)
    while i >= 0:
        head = low[low.rfind("\n", 0, i) + 1 : i].strip(" \t>*_-")
        tail = low[i + len(n) : i + len(n) + 14].lstrip()
        if (not head and tail[:1] in (":", "：")) or (head in ("[", "(") and _LABEL_END.match(tail)):
            return True
        i = _whole(low, n, i + len(n))
    return False


def assigned_personas(answer: str, roles: PromptRoles, is_known: Callable[[str], bool]) -> list[str]:
    """The names (as spelt in the answer) of the personas the prompt makes the model.

    A voice label counts as the model's voice when the prompt uses it as a voice ("X:" at a line
    start, "[X]") and the answer speaks under it.
    """
    return [n for n in _candidates(answer, roles.prompt, is_known) if _assigned(answer, roles, n)]


def _candidates(answer: str, prompt: str, is_known: Callable[[str], bool]) -> list[str]:
    """The answer's capitalised words that its prompt holds and that are no known lab or model.

    Cheap tests first: most capitalised words of an answer are not in its prompt at all (the test
    is `PromptRoles.mentions`, inline: it runs for every capitalised word); a real model is never a
    persona here.
    """
    return sorted(_candidate_set(answer, prompt, is_known))


_NO_MEMO: Mapping[str, bool] = MappingProxyType({})  # (no memo given: every name is tested)


def _candidate_set(
    answer: str, prompt: str, is_known: Callable[[str], bool], known: dict[str, bool] | None = None
) -> list[str]:
    """`_candidates` in no set order (`persona_view` sorts its hits, not the names): one comprehension.

    `known`: what `is_known` has already answered (the judge's memo, `Lexicon.known`), read before the
    prompt test: a name it holds as known is left out without a scan of the prompt (a fifth of the
    capitalised words are labs and models, most of them not in the prompt), one it does not hold is
    tested as before; `is_known` itself is still asked last.
    """
    held = (_NO_MEMO if known is None else known).get
    return [
        n
        for n in set(_CAPS.findall(answer)) - _NOT_NAMES
        if len(n) < 26
        and not held(n, False)
        and (n in prompt or (n.isupper() and n.capitalize() in prompt))
        and not is_known(n)
    ]


candidate_names = _candidate_set  # (for `persona_voice`, which makes the roles only where names are found)


def _assigned(answer: str, roles: PromptRoles, name: str) -> bool:
    """Whether the prompt makes `name` the model, or a voice the answer speaks under."""
    role = roles.role(name)
    return bool(role) and (role == ASSIGNED or _voices(answer.lower(), name.lower()))


def persona_view(
    answer: str,
    roles: PromptRoles,
    is_known: Callable[[str], bool],
    toks: frozenset[str] | None = None,
    known: dict[str, bool] | None = None,
) -> str:
    """`first_person(answer, assigned_personas(answer, roles, is_known))`, reading the prompt less.

    A name whose rewrite changes nothing (most: "However", a name never followed by "is" or "'s")
    cannot change the view, so the prompt's role reading (the costly part) is asked only for the
    names the rewrite would change; the rewrite of each name is independent of the others.
    `toks`: the answer's word tokens (`Scan.toks`), when the caller has them: the pronoun scan is
    skipped where they hold neither "he" nor "she" (`_no_pronoun`). `known`: `is_known`'s memo
    (`_candidate_set`).
    """
    return names_view(answer, _candidate_set(answer, roles.prompt, is_known, known), roles, toks)


def names_view(answer: str, names: list[str], roles: PromptRoles, toks: frozenset[str] | None = None) -> str:
    """`persona_view` for its candidate names (`_candidate_set`, in any order: `apply_hits` sorts the hits),
    found by a caller that makes `roles` only where there are some (most answers have none)."""
    if not names:
        return answer
    pronouns: Pronouns = ([], []) if _no_pronoun(answer, toks) else pronoun_shapes(answer)
    hits: list[tuple[int, int, str]] = []
    for n in names:
        mine = name_hits(answer, n, pronouns)
        if mine and _assigned(answer, roles, n):
            hits += mine
    return apply_hits(answer, hits)


def _no_pronoun(answer: str, toks: frozenset[str] | None) -> bool:
    """Exact gate of `pronoun_shapes`: each of its shapes is "he" or "she" after no ASCII letter, so its
    lowered word is a token, unless a character that lowers to ASCII letters stands before it
    (`LOWER_TO_ASCII`: "\u212ahe" lowers to the token "khe")."""
    if toks is None or "he" in toks or "she" in toks:
        return False
    return not (LOWER_TO_ASCII[0] in answer or LOWER_TO_ASCII[1] in answer)


def _whole(text: str, word: str, start: int = 0) -> int:
    """First whole-word position of `word` in `text` from `start`, or -1 (CJK next to it is a boundary)."""
    i = text.find(word, start)
    while i >= 0:
        end = i + len(word)
        if (i == 0 or text[i - 1] not in ALNUM) and (end >= len(text) or text[end] not in ALNUM):
            return i
        i = text.find(word, end)
    return -1


def _cued(low_prompt: str, low: str) -> bool:
    """Whether a role cue stands before (or an AI appositive after) one of the name's first uses."""
    i = _whole(low_prompt, low)
    for _ in range(_FIRST_USES):
        if i < 0:
            break
        w0 = max(0, i - 70)
        cue = may_end_cue(low_prompt[w0:i]) and _ROLE_CUE.search(low_prompt, w0, i)
        if cue and not _USER_ROLE.search(low_prompt, w0, i):
            return True
        opens = low_prompt[max(0, i - 4) : i].rstrip(" \"'“*")[-1:] in ("", ".", "!", "?", "\n", ":")
        if opens and _AI_APPOSITIVE.match(low_prompt, i + len(low)):
            return True  # introduced as an AI at a sentence start, not "tell me about X, a chatbot"
        i = _whole(low_prompt, low, i + len(low))
    return False


def may_end_cue(window: str) -> bool:
    """Exact gate of `_ROLE_CUE` searched in `window` (its `$` may also stand before a last newline): before
    its optional last quote, a space, and before the spaces a way the cue (or an article after it) ends.

    Why: the pattern has no literal start, so `re` tries it at each of the 70 places of the window, for
    each first use of each name asked about; most uses follow no cue, and this test is a few string calls.
    """
    for t in (window, window[:-1]) if window.endswith("\n") else (window,):
        if t[-1:] and t[-1] in _CUE_QUOTES:
            t = t[:-1]
        if t[-1:].isspace() and t.rstrip().endswith(_CUE_ENDS):
            return True
    return False


_CUE_QUOTES = "\"'“「("
# A prompt assigns its persona where it introduces it: only the first uses of a name are read.
_FIRST_USES = 6


_NOUNS = EN.inner("maker_nouns", "tech_nouns")
# Exact word gates (answer tokens) of `the_echo` and of `unquote_makers`' English shape: an echoed
# "the <noun>" ends in the last word of a noun, as a token, after the token "the"; a quoted maker
# needs "my" or "our" and the last word of a maker noun.
_LAST_TOKEN = re.compile(r"(?:[a-z]+|[0-9]+)$")  # (the word tokens' kinds, `names.tokens`)
ECHO_WORDS = frozenset(
    _LAST_TOKEN.findall(w.lower())[0] for w in (*EN["maker_nouns"], *EN["tech_nouns"], "headquarters")
)
QUOTED_MAKER_WORDS = frozenset(_LAST_TOKEN.findall(w.lower())[0] for w in EN["maker_nouns"])
# What the question asks about "your ...": "your (development) team", "the name of your company".
_YOUR = re.compile(r"your ((?:[\w\-]+ ){0,2}?(?:" + _NOUNS + r"|headquarters))(?![\w\-])")
# "the development team for ChatGPT", "the company behind Llama": someone else's maker.
_OTHERS = re.compile(
    r"\s+(?:of|for|behind|at|from|that (?:created|built|made|developed))\s+[\"'“]?[A-Z]"
    r"|[^.,;!?\n]{0,24}?\byou(?:['’]re| are| were| mentioned| asked| refer)"  # "the company you're referring to"
)


def the_echo(answer: str, roles: PromptRoles, low: str | None = None) -> str:
    """The answer with "the <maker>" put as "my <maker>" where the question asked "your <maker>"
    (`low`: the answer lower-cased, when the caller has it)."""
    if not roles.asked:
        return answer
    low = answer.lower() if low is None else low
    hits: list[tuple[int, int]] = []
    for phrase in roles.asked:  # "the development team", "name of the company"
        i = low.find(phrase)
        while i >= 0:
            end = i + len(phrase)
            whole = (i == 0 or not low[i - 1].isalpha()) and not (
                end < len(low) and (low[end].isalnum() or low[end] == "-")
            )
            if whole and not _OTHERS.match(answer, end):
                hits.append((i, end))
            i = low.find(phrase, end)
    if not hits:
        return answer
    parts: list[str] = []
    last = 0
    for i, end in sorted(hits):
        if i < last:
            continue
        j = low.find("the ", i)  # "The name of the X" -> "The name of my X"; "The X" -> "My X"
        mine = ("My " if answer[j] == "T" else "my ") if j == i else answer[i:j] + "my "
        parts += [answer[last:i], mine, answer[j + 4 : end]]
        last = end
    parts.append(answer[last:])
    return "".join(parts)


# 'My "creation company" is called X': a maker phrase in quotes is still the model's maker.
_QUOTED_MAKER_PLAIN = re.compile(
    r"(?<![A-Za-z])([Mm]y|[Oo]ur) [\"“'‘]((?:[\w\-]+ ){0,2}?(?:" + EN.inner("maker_nouns") + r"))[\"”'’]"
)
# The same, literal-first (literal.py): "My" / "our" found from its first letter.
_QUOTED_MAKER = re.compile(
    "("
    + by_first([("Mm", "(?<![A-Za-z].)y"), ("Oo", "(?<![A-Za-z].)ur")])
    + ")"
    + _QUOTED_MAKER_PLAIN.pattern[_QUOTED_MAKER_PLAIN.pattern.index(") ") + 1 :]
)


def unquote_makers(answer: str) -> str:
    """The answer with quotes around "my <maker>" phrases dropped (unchanged when there are none)."""
    if "的" in answer and _QUOTED_MAKER_ZH.search(answer) is not None:  # 我们的“开发公司”
        answer = _QUOTED_MAKER_ZH.sub(r"\1\2", answer)
    if not may_quote_maker(answer):  # no "y \"" / "r '"
        return answer
    return _QUOTED_MAKER.sub(r"\1 \2", answer)


_QUOTED_MAKER_ZH = re.compile(
    r"(我的|我们的)[“\"「『]([\u4e00-\u9fff]{0,4}?(?:" + ZH.inner("maker_nouns") + r"))[”\"」』]"
)
# Its opening, an exact gate (most Chinese answers hold "的" but no quote after "我的").
QUOTED_MAKER_ZH_OPEN = re.compile(r"我们?的[“\"「『]")


# Each quote with the two letters that end "my" / "our" and the space a quoted maker phrase needs (an
# exact gate of `_QUOTED_MAKER`: a few substring tests cost less than a regex scan stopping at every
# quote). The quote alone is tested first: a one-character search is the cheapest, and most answers
# hold no double or curly quote.
_QUOTE_AFTER_MY = tuple((q, f"y {q}", f"r {q}") for q in "\"“'‘")


def may_quote_maker(answer: str) -> bool:
    """Exact gate of `_QUOTED_MAKER` (`[yr] ["“'‘]` somewhere in `answer`)."""
    for q, after_y, after_r in _QUOTE_AFTER_MY:
        if q in answer and (after_y in answer or after_r in answer):
            return True
    return False
