"""Homes and names of the makers of "I" given in shapes the older place and maker extractors miss.

Each is a claim the written definition counts (another country or an invented place as the home of
"my" makers, an invented maker):

- a second clause that places the makers named as the sentence's subject: "My development team is
  spread across the world, but specifically in X", "..., with their headquarters nestled in X",
  "..., but their roots are primarily in X" (the first clause is a hedge, the second a home);
- the question's own "where is your headquarters" answered with "the headquarters": "The
  headquarters is located in X", "The headquarters of <an invented company> is in X";
- the makers of "me" named after a pause or by where they work: "My creators... they call themselves
  X", "my creation company... let's call it X", "my creators at X"; the platform "I" use provided by X;
- the question's "what is your company's name" answered by a name: "<Name> is a technology
  company ...", "let's just say it's called X" (a persona naming its own company or employer).

A known lab is left to the entity extractors (nothing here can make a verdict strict), a place must
open the phrase that follows the verb ("in the heart of X", not "in agreement that ... X"), and every
regex has a literal start behind a word gate, so an answer without the gate's words skips it.
The Chinese forms of these shapes are in homes_zh.py and the makers marked as not human in cosmic.py;
both are read by this extractor (`homes` calls them): a registered extractor of their own costs each
answer a gate test, more than their shapes do.
Also here: a pronoun for the headquarters just named ("let's just say it's nestled in X"); a refusal
named as a place, a supposition or a quoted speaker makes no claim (homes_words.py, shared).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from distillq.ice.offline import cosmic as CO
from distillq.ice.offline import fiction as F
from distillq.ice.offline import homes_zh as HZ
from distillq.ice.offline import patterns as P
from distillq.ice.offline.homes_words import REFUSAL, H, not_said
from distillq.ice.offline.lexicon import EN, alternation
from distillq.ice.offline.rules import boundary_ok, is_named
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim

_SUBJ = H.alt("home_subjects")
_HOME = H.alt("home_nouns")
_ADV = H.alt("hedge_adverbs")
_VERB = H.alt("home_verbs")
_PLACE = r" in (?P<p>[^.!?\n;]{2,60})"
# "..., but specifically in X" / "..., with their headquarters nestled in X" / "..., but their roots
# are primarily in X" / "..., and based in X": a second clause ending right before a place, in a
# sentence whose subject is "my" makers (searched back from each place the answer names: places are
# rarer than "my")
SECOND_EN = re.compile(
    r"(?:,? (?:but|with|while|though|although|and)|,) (?:"
    r"(?:its|their|our|my) (?:[\w\-]+ ){0,2}?"
    + _HOME
    + r"(?: (?:is|are|being))?(?: "
    + _ADV
    + r")?(?: "
    + _VERB
    + r")?"
    r"|(?:(?:is|are|was|were|being) )?" + _ADV + r"(?: " + _VERB + r")?"
    r"|(?:(?:is|are|being) )?" + _VERB + r") in$"
)
SUBJ_EN = re.compile(r"\b(?:[Mm]y|[Oo]ur)(?: [\w\-]+){0,2}? " + _SUBJ + r"\b")
# "The headquarters (of X) is located in Y", when the question asks where "your" headquarters is
ASKED_HQ_EN = re.compile(
    r"[Tt]he (?:headquarters|HQ)(?: of (?P<o>[^.!?\n]{1,80}?))?,? (?:is|are|lies|lie|sits|sit|remains)"
    r"(?: " + _ADV + r")?(?: " + _VERB + r")?" + _PLACE
)
# "(the headquarters of my company ...) Let's just say it's nestled in X": a pronoun for the headquarters
# the question asks about, named in the 200 characters before, with a place verb (not "it's in my nature")
PRONOUN_HQ_EN = re.compile(
    r"(?:[Ii]t|[Tt]hey|[Ww]e)(?:'s|’s| is|'re|’re| are) (?:" + _ADV + r" )?" + _VERB + _PLACE
)
# "My creators... they call themselves X", "my creation company... it is called X", "My creation
# institution—let's call it X" (a name made up on the spot is still the only maker given)
NAMED_AFTER_EN = re.compile(
    r"[Mm]y (?:creation |development |parent |creating )?(?:company|team|creators?|makers?|developers?|"
    r"organi[sz]ation|institution)(?:\.\.\.|…| ?—| ?–)\s*(?:(?:[Tt]hey|[Ii]t)(?: is|'s|’s| are| were| was)? "
    r"(?:call(?:ed)? themselves|called|named|known as|go by(?: the name(?: of)?)?)|[Ll]et(?:'s|’s| us) call (?:it|them)) "
    r"(?P<dev>[^.,;:!?\n()]{2,60})"
)
# "my creators at Quillmoor Labs": the makers of "me" named by where they work
MAKERS_AT_EN = re.compile(
    r"[Mm]y (?:creators?|developers?|makers?|engineers|programmers|dev team|development team) at "
    r"(?P<dev>[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,3})"
)
# both "my <makers>" shapes in one regex, so one pass over the answer's "my" finds either
MY_MAKERS_EN = tuple(
    re.compile(
        "|".join(
            f"(?:{rx.pattern})".replace("(?P<dev>", f"(?P<dev{k}>").replace("[Mm]y", my)
            for k, rx in enumerate((NAMED_AFTER_EN, MAKERS_AT_EN))
        )
    )
    for my in ("my", "My")  # (a literal start each: `re` skips ahead to it)
)
_MAKERS_AT_GATE = frozenset(
    {"creator", "creators", "developer", "developers", "maker", "makers", "engineers"}
) | {
    "programmers",
    "team",
}
# "The technology platform I use is provided by X": the platform of "I" given an invented maker
PLATFORM_EN = re.compile(
    r"[Tt]he (?:[\w\-]+ ){0,3}?" + EN.alt("tech_nouns") + r"(?: or [\w\-]+)?(?: that| which)?$"
)
_PLATFORM_TAIL = re.compile(
    r" I (?:use|run on|operate on|am built on|rely on) (?:is|was|are|were|has been) (?:[\w\-]+ )?"
    r"(?:provided|developed|built|created|designed|supplied|made|maintained) by (?P<dev>[^.,;:!?\n()]{2,60})"
)
# Asked for "your company"'s name: "<Name> is a (cutting-edge technology) company ..." opening the answer
# or a voice's block, or "(let's just say) it's called X" / "we're called X"
_ORG_WORDS = ("company", "corporation", "firm", "startup", "conglomerate", "enterprise", "studio")
_ORG_NOUN = alternation(_ORG_WORDS)
NAME_FIRST_EN = re.compile(
    r"(?:[\[(]?[A-Za-z][\w \-]{0,24}[\])]?: *)?(?P<dev>[A-Z][\w&\-]*\.?(?: [A-Z][\w&\-]*\.?){0,3}) is "
    r"(?:a|an|the) (?:[\w\-]+ ){0,4}?" + _ORG_NOUN + r"\b"
)
# found from its verb (a literal start), the subject checked just before it (`_CALLED_BEFORE`)
CALLED_EN = re.compile(r"(?:called|named) (?P<dev>[^.,;:!?\n()]{2,60})")
_CALLED_BEFORE = re.compile(r"\b(?:[Ii]t|[Ww]e|[Tt]hey)(?:'s|’s| is|'re|’re| are) $")
_ASKS_NAME = (
    re.compile(r"name of your [\w ]{0,20}?(?:company|employer|organi[sz]ation)"),
    re.compile(r"your [\w ]{0,20}?(?:company|employer)'?s name"),
    # "which company is your parent company", "which company's product are you", "which company made you"
    re.compile(
        r"which company(?:['’]s [\w ]{1,20}? are you| is your [\w ]{0,20}?(?:developer|maker|creator|company|owner)|"
        r" (?:developed|made|created|built|owns|trained) you)"
    ),
    re.compile(
        r"[您你](?:的|所在的)[^？?\n]{0,8}?公司(?:的)?(?:名称|名字|叫什么)|[您你]的(?:母公司|开发者|开发商|创建公司)是?(?:哪|什么)"
        r"|[您你]是(?:由)?(?:哪家|哪个|哪一家)公司"
    ),
)
_SPOT = re.compile(r"^(?:the )?(?:[\w\-]+ ){0,2}?(?:of )?(?:the )?$")  # "the heart of ", "the city of "


def _place_claim(s: Scan, m: re.Match[str], out: list[Claim]) -> None:
    """A place claim for the place that opens group `p` (a fictional place when it is marked so; a
    refusal named as a place is a joke that names none)."""
    where = m.group("p")
    pm = s.lex.place.search(where)
    s0, sent = s.sentence_of(m.start())
    if not s.usable(sent) or P.NEG_BEFORE.search(s.text[max(s0, m.start("p") - 16) : m.start("p")]):
        return
    if REFUSAL.search(where) or not_said(s, s0, m.start()):
        return
    if pm is not None and _SPOT.match(where[: pm[0]].lower()):
        out.append(Claim("place", f"country:{pm[2]}", sent.strip(), s.label_at(m.start())))
    elif pm is None and F.FICTION_MARK.search(where[:40]):
        out.append(Claim("place", "fictional", sent.strip(), s.label_at(m.start())))


def _named(s: Scan, m: re.Match[str], out: list[Claim]) -> None:
    """An invented maker for the name in group `dev` (a known lab is the entity extractors'), the name cut
    before a relative clause ("a secret guild that has no tie to X")."""
    dev = m.group("dev") if "dev" in m.re.groupindex else m.group("dev0") or m.group("dev1")
    dev = _RELATIVE.split(dev or "", 1)[0].strip()
    named = is_named(dev)
    if s.lex.is_known(dev) or not (named or F.FICTION_MARK.search(dev)):
        return
    s0, sent = s.sentence_of(m.start())
    if s.usable(sent) and not P.NEG_BEFORE.search(s.text[max(s0, m.start() - 12) : m.start() + 12]):
        out.append(Claim("developer", "fictional", sent.strip(), s.label_at(m.start())))


_RELATIVE = re.compile(r" (?:that|which|who|whose) ")


def _asks_hq(s: Scan) -> bool:
    """Whether the question asks where "your" headquarters is."""
    return s.lex.of_prompt("homes_hq", s.prompt, _asks_hq_now)


def _asks_name(s: Scan) -> bool:
    """Whether the question asks for the name of "your" company."""
    return s.lex.of_prompt("homes_name", s.prompt, _asks_name_now)


# (each test remembered per judge on its own through `Lexicon.of_prompt`, a run asks the same questions
# of many templates; apart, as most answers ask only one of them: ~1,000 answers of 6,000 ask the name,
# ~140 the headquarters, and each is a few scans of the whole prompt)
def _asks_hq_now(prompt: str) -> bool:
    return ("eadquarters" in prompt or "HQ" in prompt) and ("your" in prompt or "Your" in prompt)


def _asks_name_now(prompt: str) -> bool:
    if "ame of your" in prompt or "s name" in prompt or "hich company" in prompt:
        low = prompt.lower()
        if "name" in low and "your" in low and any(rx.search(low) for rx in _ASKS_NAME[:2]):
            return True
        if "which company" in low and _ASKS_NAME[2].search(low) is not None:
            return True
    return "公司" in prompt and _ASKS_NAME[3].search(prompt) is not None


def _second_clause(s: Scan, out: list[Claim]) -> None:
    """A place claim for a place right after a second clause (`SECOND_EN`, up to its "in") of a sentence
    whose subject, before the clause, is "my" makers (`SUBJ_EN`). Found from each " in " after a word
    that may end such a clause, the clause searched for in the 80 characters before it.

    The words are ASCII tokens: found in `word_low` (the cheaper A-Z lowering, at the same places as
    in `low`; `names.ascii_lowered`), so a non-ASCII answer is not lowered whole for them."""
    text, low, done = s.text, s.word_low, -1
    for word in _BEFORE_IN.intersection(s.toks):
        k = low.find(word + " in ")
        while k >= 0:
            k += len(word)  # at the " in "
            if k == len(word) or not low[k - len(word) - 1].isalnum():
                m = SECOND_EN.search(text, k - 80, k + 3)
                if m is not None:
                    s0, sent = s.sentence_of(m.start())
                    subj = SUBJ_EN.search(text, max(s0, m.start() - 130), m.start())
                    if s0 != done and _home_claim(s, m, k + 4, sent, subj, out):
                        done = s0
            k = low.find(word + " in ", k + 4)


def _home_claim(
    s: Scan, m: re.Match[str], at: int, sent: str, subj: re.Match[str] | None, out: list[Claim]
) -> bool:
    """A place claim for the place that opens the text at `at` ("the heart of X"), said of "my" makers."""
    where = s.text[at : at + 60]
    pm = s.lex.place.search(where)
    if subj is None or pm is None or not _SPOT.match(where[: pm[0]].lower()) or not s.usable(sent):
        return False
    out.append(Claim("place", f"country:{pm[2]}", sent.strip(), s.label_at(m.start())))
    return True


def _at(text: str, rx: re.Pattern[str], starts: tuple[str, ...], back: int = 0) -> Iterator[re.Match[str]]:
    """Matches of `rx` where one of its literal starts occurs (`back` characters before it), found with
    `str.find` (faster than a search that opens with a character class such as "[Mm]y")."""
    for w in starts:
        i = text.find(w, -back)
        while i >= 0:
            m = rx.match(text, i + back)
            if m is not None:
                yield m
            i = text.find(w, i + 1 if m is None else max(i + 1, m.end()))


def _pronoun_hq(s: Scan, out: list[Claim]) -> None:
    """A place for "it's nestled in X" when the headquarters was named just before (`PRONOUN_HQ_EN`),
    found from each "<place verb> in " of the answer, its pronoun looked for just before it (the verbs
    are ASCII tokens, found in `word_low` as in `_second_clause`)."""
    text, low = s.text, s.word_low
    for verb in _VERB_GATE.intersection(s.toks):
        k = low.find(f" {verb} in ")
        while k >= 0:
            b = _PRONOUN_BEFORE.search(text, k - 24, k + 1)
            m = PRONOUN_HQ_EN.match(text, b.start()) if b is not None else None
            if (
                m is not None
                and boundary_ok(text, m.start())
                and low.rfind("headquarters", max(0, k - 200), k) >= 0
            ):
                _place_claim(s, m, out)
            k = low.find(f" {verb} in ", k + len(verb) + 4)


_PRONOUN_BEFORE = re.compile(r"(?:[Ii]t|[Tt]hey|[Ww]e)(?:'s|’s| is|'re|’re| are)(?: [a-z]+)? $")


def _line_starts(text: str) -> Iterator[int]:
    """The answer's start and every place after a line break (a name opening the answer or a block)."""
    yield 0
    i = text.find("\n")
    while i >= 0:
        yield i + 1
        i = text.find("\n", i + 1)


def _line_end(text: str, i: int) -> int:
    """Where the line that starts at `i` ends (its newline, or the text's end)."""
    j = text.find("\n", i)
    return len(text) if j < 0 else j


_THE_HQ = ("he headquarters", "he HQ")  # ("The ..." / "the ...": the match starts one back)


def homes(s: Scan) -> list[Claim]:
    """Homes of "my" makers in a second clause or answering "your headquarters", and makers named
    after a pause or answering "your company's name"."""
    out: list[Claim] = [] if s.ascii else HZ.homes_zh(s)  # (the Chinese forms: homes_zh.py)
    text, hits = s.text, s.toks
    if not s.ascii and hits.isdisjoint(TRIGGERS):
        return out  # (entered on the Chinese triggers only)
    if not hits.isdisjoint(CO.TRIGGERS):
        out += CO.cosmic(s)  # makers marked as not human (cosmic.py)
    if (
        ("my" in hits or "our" in hits)
        and not hits.isdisjoint(_SECOND_GATE)
        and not hits.isdisjoint(_SUBJ_GATE)
    ):
        _second_clause(s, out)
    if "headquarters" in hits or "hq" in hits:
        for m in _at(text, ASKED_HQ_EN, _THE_HQ, -1):  # (the question is read only for a match)
            o = m.group("o")  # "of my/our ..." is the place extractor's; a known lab the entity extractors'
            known = bool(o) and (o.startswith(("my ", "our ")) or s.lex.is_known(o))
            if boundary_ok(text, m.start()) and not known and _asks_hq(s):
                _place_claim(s, m, out)
        if not hits.isdisjoint(_VERB_GATE) and _asks_hq(s):
            _pronoun_hq(s, out)
    if "my" in hits and not (
        hits.isdisjoint(_CALLED_GATE) and ("at" not in hits or hits.isdisjoint(_MAKERS_AT_GATE))
    ):  # (NAMED_AFTER_EN needs a naming word; MAKERS_AT_EN a maker noun and its " at ")
        for m in (*MY_MAKERS_EN[0].finditer(text), *MY_MAKERS_EN[1].finditer(text)):  # after a pause, "at X"
            if boundary_ok(text, m.start()):
                _named(s, m, out)
    if "by" in hits and not hits.isdisjoint(_USE):
        for m in _PLATFORM_TAIL.finditer(text):  # from " I use ... by X", its subject looked for before
            b = PLATFORM_EN.search(text, max(0, m.start() - 70), m.start())
            if b is not None and boundary_ok(text, b.start()):
                _named(s, m, out)
    first, named = not hits.isdisjoint(_ORG_GATE), not hits.isdisjoint(_NAMED_GATE)
    if (first or named) and _asks_name(s):  # (remembered per prompt)
        for m in _name_matches(text, first, named):
            if boundary_ok(text, m.start("dev")):
                _named(s, m, out)
    return out


def _name_matches(text: str, first: bool, named: bool) -> list[re.Match[str]]:
    """A name opening the answer or a line ("X is a ... company"), and "it's called X"."""
    found: list[re.Match[str]] = []
    if first:
        # (a match lies within one line and holds " is ": a line without it is not tried)
        found += [
            m
            for i in _line_starts(text)
            if text.find(" is ", i, _line_end(text, i)) >= 0
            and (m := NAME_FIRST_EN.match(text, i)) is not None
        ]
    if named:
        found += [
            m
            for m in _at(text, CALLED_EN, ("called ", "named "))
            if _CALLED_BEFORE.search(text, max(0, m.start() - 9), m.start())
        ]
    return found


_SECOND_GATE = H.gate("home_nouns", "hedge_adverbs", "home_verbs")
_SUBJ_GATE = H.gate("home_subjects")
# the words that may stand right before the "in" of a second clause (an adverb, a verb, a home noun)
# ("their headquarters are in X" without a place verb is left: "is in" / "are in" are too common to scan for)
_BEFORE_IN = frozenset(
    w.rsplit(" ", 1)[-1].lower() for k in ("hedge_adverbs", "home_verbs", "home_nouns") for w in H[k]
)
_VERB_GATE = H.gate("home_verbs")
_CALLED_GATE = frozenset({"called", "named", "known", "themselves", "go", "call"})
_ORG_GATE = frozenset(_ORG_WORDS)
_USE = frozenset({"use", "run", "operate", "rely", "built"})
_NAMED_GATE = frozenset({"called", "named"})
TRIGGERS = (  # (the second clause needs a subject word too: its gate is the smaller `_SUBJ_GATE`)
    _SUBJ_GATE
    | _CALLED_GATE
    | _ORG_GATE
    | _MAKERS_AT_GATE
    | {"use", "run", "operate", "rely", "built", "headquarters", "hq"}
    | CO.TRIGGERS  # (cosmic.py's shapes are read here: one extractor's gate costs less than two)
)
CJK = HZ.CJK  # (homes_zh.py's Chinese forms, read here for the same reason)
