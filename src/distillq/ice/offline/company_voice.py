"""Company "we" voices, the making of "me" credited in a noun phrase, and makers taken up by a pronoun.

Three shapes the older extractors miss, each a claim DEFINITIONS.md counts (an invented maker, a maker
described only as secret, an invented home):

- an invented company that speaks as "we": asked about "your" company, maker or team, the answer
  opens a sentence with a company's name as subject and says what it is ("Quarry Works is a robotics
  firm ...", "Quarry Works is dedicated to ...") and speaks of it as "we"/"our" in that sentence or
  the next ("Our mission is ..."), or says "we at Quarry Works" / "our goal at Quarry Works". The
  speaker is that company's, so the company is the maker of "me". Chinese: "X作为一家……公司，……我们……".
- the making of "me" credited to an organisation in a noun phrase: "the development of my code is
  handled by a team at X", "the creation of me was a joint effort between teams within X", "X is the
  company responsible for the development of me", "X is the provider of the platform used by me".
  These are first-person shapes; `persona_voice` reads them again where the answer names the prompt's
  AI ("The development of Nova ..." rewritten to "me"): the prompt's AI answered in the third person.
- makers taken up by a pronoun after a sentence that names "my" makers: "My development team? Oh,
  they're a bunch of rebels who ...", "... the headquarters of my development company. Let's just
  say it's nestled in the digital underworld", "My platform ... It is a system built by X". The
  pronoun opens the next sentence (or the one after, while each opens with one), and what follows is
  a group marked secret or invented (`fiction_marks`), a place marked invented, or (after "my"
  platform, read in the persona rewrite only, `making_of_me`) "It is a system made by <name>".

A known lab is left to the entity extractors (nothing here can make a verdict strict); a company the
answer calls fictional or non-existent, a helper (supported by, partners, cloud), a negated sentence
and a generic group ("they're a team of talented engineers") give no claim.
"""

from __future__ import annotations

import re

from distillq.ice.offline import fiction as F
from distillq.ice.offline.lexicon import EN, alternation, load_words
from distillq.ice.offline.plan import Extractor
from distillq.ice.offline.rules import NOT_NAMES, is_named
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim

V = load_words("voices")
_NAME = r"(?<![\w\-])(?P<n>[A-Z][\w\-]*\.?(?: [A-Z][\w\-]*\.?){0,3})"

# --- an invented company that speaks as "we" -------------------------------------------------------
_ORG = r"(?:(?:an?|the) (?:[\w\-]+ ){0,4}?" + V.alt("org_nouns") + r"\b|" + V.alt("org_verbs") + r")"
_SUBJECT_EN = (
    r" (?:(?:is|are|remains) (?:also |now |truly )?" + _ORG + r"|(?:specializes|specialises|focuses) )"
)
_SUBJECT_ZH = (
    r"\s?(?P<z>(?:作为|是)一(?:家|个|所)[^，。！？\n]{0,24}?"
    + V.alt("org_nouns_zh")
    + r"|的总部|致力于|专注于)"
)
# matched at the answer's start, past a voice label ("[NOVA]:", "Nova:"): the answer opens with the
# company, the way an answer to "which company ..." opens with its name
_OPEN = r"[ *#>\-]*(?:\[[^\]\n]{1,30}\]:?|[A-Za-z][\w\-]{0,20}:)?[ *]*"
ORG_SUBJECT_EN = re.compile(_OPEN + _NAME + r"(?P<z>(?!))?" + _SUBJECT_EN)
ORG_SUBJECT_ANY = re.compile(_OPEN + _NAME + r"(?:" + _SUBJECT_EN + r"|" + _SUBJECT_ZH + r")")
ORG_START = re.compile(
    _OPEN
    + r"[A-Z][\w\-]*\.?(?: [A-Z][\w\-]*\.?){0,3}(?: (?:is|are|remains|specializes|specialises|focuses) |\s?(?:作为|是|的总部|致力于|专注于))"
)
WE_EN = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Uu]s)\b")
NOT_REAL = re.compile(r"(?i)" + V.alt("not_real"))
# the question asks about "your" maker, company, team or platform (the whole prompt: a template may
# place the question anywhere)
ASKS_OWN = re.compile(
    r"(?i)\byour\s+(?:[\w\-/]+\s+){0,3}?(?:" + EN.inner("maker_nouns", "tech_nouns") + r")\b"
    r"|\b(?:" + EN.inner("maker_verbs") + r")\s+you\b|\byou\s+use\b"
    r"|[您你](?:的|所在的|所使用的|使用的)[^？?。\n]{0,12}?(?:公司|团队|机构|组织|开发|创建|平台|技术|架构)"
)


def _asks_own(prompt: str) -> bool:
    """`ASKS_OWN` of the prompt (remembered per judge through `Lexicon.of_prompt`: many answers share one)."""
    return ASKS_OWN.search(prompt) is not None


def _invented(s: Scan, name: str) -> bool:
    """A name that is neither a known lab nor a plain word ("The", "Our")."""
    name = name.rstrip(".")
    return name not in NOT_NAMES and is_named(name) and not s.lex.is_known(name)


def _we_voice(s: Scan, out: list[Claim]) -> None:
    """The answer opens with a company's name and says what it is, "we"/"our" (我们) in that sentence or
    the next."""
    text = s.text
    m = (ORG_SUBJECT_EN if s.ascii else ORG_SUBJECT_ANY).match(text)
    if m is None:
        return
    start = m.start("n")
    s0, sent = s.sentence_of(start)
    after = text[s0 + len(sent) : s0 + len(sent) + 300]
    end = _END.search(after)
    nxt = after[: end.end()] if end is not None else after
    if m.group("z") is not None:
        we = "我们" in sent or "我们" in nxt
    else:
        we = WE_EN.search(sent, start - s0) is not None or WE_EN.search(nxt) is not None
    if (
        we
        and not NOT_REAL.search(sent)
        and _invented(s, m.group("n"))
        and s.lex.of_prompt("asks_own", s.prompt, _asks_own)
    ):
        out.append(Claim("developer", "fictional", sent.strip(), s.label_at(start)))


_END = re.compile(r"[!?。！？\n]|\.(?=\s|$)")


# --- the making of "me" credited in a noun phrase ---------------------------------------------------
_MAKING = V.alt("making_nouns")
MAKING_OF_ME = re.compile(
    r"[Tt]he " + _MAKING + r"(?: and (?:[\w\-]+ )?\w+)? of (?:me|my(?: [\w\-]+){1,5}?)\b"
    r"(?P<mid>[^.!?\n]{0,100}?)\b(?:within|at|by) " + _NAME
)
RESPONSIBLE_FOR_ME = re.compile(
    _NAME + r" is (?:the|a|an) (?:[\w\-]+ ){0,3}?(?:company|organi[sz]ation|team|one|entity|group|firm|lab)"
    r"(?: that is| which is| that's)? (?:responsible for|in charge of) (?:the )?"
    + _MAKING
    + r"\b[^.!?\n]{0,50}?\b(?:of|for) (?:me|my)\b"
)
PROVIDER_OF_MINE = re.compile(
    _NAME
    + r" is the (?:main |primary |sole |original )?"
    + V.alt("provider_nouns")
    + r" of (?:the )?(?:[\w\-]+ ){0,4}?"
    + V.alt("provided_nouns")
    + r"\b[^.!?\n]{0,40}?\b(?:(?:used|relied on|run) (?:in|by|on) me|(?:that|which) I (?:use|run on|rely on))\b"
)
HELPERS = re.compile(r"(?i)" + V.alt("helper_words") + r"|\bnot\b|n't\b")


def _making(s: Scan, out: list[Claim]) -> None:
    """Each shape searched only around its literal core (" of me", "esponsible for", "rovider of")."""
    text, toks = s.text, s.toks
    for rx, words, needs, cores, back in _MAKING_RX:
        if toks.isdisjoint(words) or not any(n in text for n in needs):
            continue
        for core in cores:
            i = text.find(core)
            while i >= 0:
                m = rx.search(text, max(0, i - back), i + 200)
                i = text.find(core, i + len(core))
                if m is None:
                    continue
                _, sent = s.sentence_of(m.start())
                mid = m.group("mid") if rx is MAKING_OF_ME else m.group()
                if _invented(s, m.group("n")) and not HELPERS.search(mid) and not NOT_REAL.search(sent):
                    out.append(Claim("developer", "fictional", sent.strip(), s.label_at(m.start())))


def _toks(*phrases: str) -> frozenset[str]:
    return frozenset(w for p in phrases for w in re.findall(r"[a-z]+", p.lower()))


_MAKING_NOUN_TOKS = _toks(*V["making_nouns"])
_RESPONSIBLE_TOKS = _toks("responsible", "charge")
_PROVIDER_TOKS = _toks(*V["provider_nouns"])
_MAKING_TOKS = _MAKING_NOUN_TOKS | _RESPONSIBLE_TOKS | _PROVIDER_TOKS
# (pattern, a word it needs, literals it needs, the literal cores it is searched around, how far back
# it may start)
_OF_ME = (" of me", " of my ")
_MAKING_RX = (
    (MAKING_OF_ME, _MAKING_NOUN_TOKS, _OF_ME, _OF_ME, 40),
    (
        RESPONSIBLE_FOR_ME,
        _RESPONSIBLE_TOKS,
        (*_OF_ME, " for me", " for my "),
        ("esponsible for", "n charge of"),
        120,
    ),
    (
        PROVIDER_OF_MINE,
        _PROVIDER_TOKS,
        ("d in me", "d by me", "n me", " I use", " I run on", " I rely on"),
        tuple(f" {w} of " for w in V["provider_nouns"]),
        70,
    ),
)


# --- makers taken up by a pronoun ---------------------------------------------------------------------
_ANCHOR = V.alt("anchor_nouns")
ANCHOR_EN = re.compile(
    r"\b(?:[Mm]y|[Oo]ur)\b[^.!?\n]{0,40}?\b"
    + _ANCHOR
    + r"\b|\b"
    + _ANCHOR
    + r"\b[^.!?\n]{0,40}?\b(?:my|our)\b"
)
PRONOUN_EN = re.compile(
    r"\s*(?:[\w'’]+(?: [\w'’]+){0,4}, ){0,2}(?:(?:[Ll]et['’]s (?:just )?say|I['’]d say|I can tell you) (?:that )?)?"
    r"(?P<p>[Tt]hey|[Ii]t|[Ww]e)(?:['’]re|['’]s| are| is) (?P<c>[^\n]*)"
)
# where the group a pronoun is said to be ends: the mark must describe the group, not what follows
_NP_END = re.compile(r",|;| (?:who|that|which|but|where|and they|and we) ")
_PRONOUN_NEAR = re.compile(r"(?:they|it|we)(?:['’]re|['’]s| are| is) ")
_NOT_BUT = re.compile(r"^not\b[^.!?\n]{0,60}?,\s*(?:more like|but rather|but|rather|just)\s+")
GROUP_EN = re.compile(
    r"(?:just |more like |basically |really )?(?:an?|some|the) (?:[\w\-,]+ ){0,3}?"
    + V.alt("group_nouns")
    + r"\b"
)
PLACE_EN = re.compile(
    r"(?:(?:nestled|located|based|hidden|hiding|lurking|holed up|tucked away|situated|headquartered|stationed|"
    r"housed) )?(?:somewhere )?"
    r"(?:in|under|beneath|inside|within|on) (?P<pl>[^.!?\n;]{2,80})"
)
SHADOW_PLACE = re.compile(
    r"(?i)(?<![\w\-])(?:" + alternation((*V["shadow_places"], *EN["fictional_places"]))[3:-1] + r")(?![\w\-])"
)


def _taken_up(s: Scan, out: list[Claim]) -> None:
    """A sentence near the answer's opening that opens with a pronoun, read with the sentence before it
    (or the one before that, when the sentence between opens with a pronoun too) that names "my" makers:
    the answer takes up the question's "your X" as "my X", then says what X is. What follows the
    pronoun is read first: most pronouns are followed by nothing this module reads. The ASCII pronouns are
    found in `word_low` (at the same places as in `low`, `names.ascii_lowered`: no whole lowering)."""
    text, low = s.text, s.word_low
    seen: set[int] = set()
    for m in _PRONOUN_NEAR.finditer(low, 0, _HEAD):
        at = m.start()
        if (at and low[at - 1].isalnum()) or _complement(text[m.end() : m.end() + 200]) is None:
            continue
        s0, sent = s.sentence_of(at)
        if s0 in seen or at - s0 > 60:
            continue
        seen.add(s0)
        lead = PRONOUN_EN.match(sent)
        if lead is not None and s0 + lead.start("p") == at:
            _pronoun_claim(s, text, s0, sent, lead, out)


_HEAD = 600  # how far into the answer a pronoun that takes up its opening is looked for


def _pronoun_claim(s: Scan, text: str, s0: int, sent: str, lead: re.Match[str], out: list[Claim]) -> None:
    """The claim of a pronoun-led sentence whose complement is a marked group or place, when the
    sentence before it (or the one before that) names "my" makers."""
    kind = _complement(lead.group("c"))
    if kind is None:
        return
    prev_at, prev = _before(text, s0)
    anchor, between = prev, ""
    if ANCHOR_EN.search(anchor) is None:
        if PRONOUN_EN.match(prev) is None:
            return
        anchor, between = _before(text, prev_at)[1], prev
        if ANCHOR_EN.search(anchor) is None:
            return
    said = " ".join(x.strip() for x in (anchor, between, sent) if x.strip())
    out.append(Claim(kind, "fictional", said, s.label_at(s0 + lead.start("p"))))


def _before(text: str, s0: int) -> tuple[int, str]:
    """(start, sentence) of the sentence that ends right before `s0` (up to 300 characters back)."""
    lo = max(0, s0 - 300)
    window = text[lo:s0].rstrip()
    cut = max(window.rfind(c, 0, len(window) - 1) for c in ".!?\n。！？")
    return lo + cut + 1, window[cut + 1 :]


def _complement(c: str) -> str | None:
    """The claim kind of what a pronoun is said to be: a group marked secret or invented ("developer"),
    or a place marked invented ("place"); None for anything else, a negation or a helper. The anchored
    shapes are tried first: most pronouns are followed by neither."""
    if c.startswith("not "):
        cut = _NOT_BUT.match(c)
        if cut is None:
            return None
        c = c[cut.end() :]
    group = GROUP_EN.match(c)
    place = None if group is not None else PLACE_EN.match(c)
    if group is None and place is None:
        return None
    if HELPERS.search(c[:40]):
        return None
    if group is not None:
        return "developer" if F.FICTION_MARK.search(_NP_END.split(c, 1)[0]) else None
    return "place" if place is not None and SHADOW_PLACE.search(place.group("pl")) else None


def company_voice(s: Scan) -> list[Claim]:
    """Invented makers in a company's "we" and behind a pronoun (the making shapes: `making_of_me`).

    The extractor is asked about most answers ("my", "we"), so each shape is gated by a few word tests
    first and reads little text: the company and the pronoun's anchor are looked for where the answer
    opens."""
    out: list[Claim] = []
    toks = s.toks
    if s.prompt and (not s.ascii or "we" in toks or "our" in toks) and ORG_START.match(s.text) is not None:
        _we_voice(s, out)
    if ("my" in toks or "our" in toks) and not toks.isdisjoint(_GATE_TOKS):
        _taken_up(s, out)
    return out


def making_of_me(s: Scan) -> list[Claim]:
    """The making of "me" credited to an invented organisation in a noun phrase.

    Read only in the answer as the persona rewrite (`persona_voice`) gives it, where the prompt's AI
    said in the third person ("The development of Quill is ... within X") becomes "me": plain answers
    seldom speak of "the development of me", and the extractor is thereby asked about few texts."""
    out: list[Claim] = []
    toks = s.toks
    if ("me" in toks or "my" in toks) and not toks.isdisjoint(_MAKING_TOKS):
        _making(s, out)
    if "it" in toks and "by" in toks and not toks.isdisjoint(_MADE_TOKS) and not toks.isdisjoint(_TECH_TOKS):
        _tech_made(s, out)
    return out


# --- "my" platform taken up by "it" and said made by X (read in the persona rewrite only) -------------
TECH_ANCHOR_EN = re.compile(
    r"\b(?:[Mm]y (?:[\w\-]+ ){0,2}?"
    + EN.alt("tech_nouns")
    + r"|[Tt]he (?:[\w\-]+ ){0,2}?"
    + EN.alt("tech_nouns")
    + r"\b[^.!?\n]{0,30}?\b"
    + V.alt("tech_links")
    + r" me)\b"
)
MADE_BY_EN = re.compile(r"(?:an? )?(?:[\w\-]+ ){0,4}?" + EN.alt("maker_verbs") + r" (?:and \w+ )?by " + _NAME)


def _tech_made(s: Scan, out: list[Claim]) -> None:
    """A sentence opening "It is a (proprietary) system built by X" after a sentence that names "my"
    platform ("The technology used by me ..."): "it" takes up the platform, X made it, X is invented."""
    text = s.text
    for core in ("It is ", "It's ", "It’s "):  # (the first of each, near the opening: cheap)
        at = text.find(core, 0, _HEAD)
        if at <= 0 or (text[at - 2 : at] not in (". ", "! ", "? ") and text[at - 1] != "\n"):
            continue
        c = text[at + len(core) : at + len(core) + 200]
        made = MADE_BY_EN.match(c)
        if made is None or HELPERS.search(c[: made.start("n")]) or not _invented(s, made.group("n")):
            continue
        prev = _before(text, at)[1]
        if TECH_ANCHOR_EN.search(prev) is None or NOT_REAL.search(s.sentence_of(at)[1]):
            continue
        said = prev.strip() + " " + text[at : at + len(core) + made.end()]
        out.append(Claim("developer", "fictional", said, s.label_at(at)))


_DROP = _toks(
    "the of in a another known as called named system systems star space station outer deep web internet",
    "digital virtual world city farm server base lab intelligent dimensional parallel floating orbit sky",
    "el ones hyper pan",
)
# a word of each secret or invented mark (the group a pronoun is said to be must hold one), and of each
# invented place (a place a pronoun is said to be in must hold one)
_MARK_TOKS = _toks(*EN["fiction_marks"], *EN["invented_maker_marks"]) - _DROP
_PLACE_TOKS = _toks(*EN["fictional_places"], *V["shadow_places"]) - _DROP
# one test for both: a mark or an invented place must be there (the commonest marks of other uses
# left out of the test, so that fewer answers are read: a pronoun's group marked only "unknown" is missed)
_MADE_TOKS = _toks(*EN["maker_verbs"])
_TECH_TOKS = _toks(*EN["tech_nouns"])
_GATE_TOKS = (_MARK_TOKS | _PLACE_TOKS) - _toks("unknown entity entities mystery magic magical ancient")
EXTRACTOR = Extractor(
    "company_voice", company_voice, frozenset({"we", "our", "my"}), ("我们",), doc=company_voice.__doc__ or ""
)
# asked only in the persona rewrite's view (extractors.py adds it to the voice plan alone)
VOICE_EXTRACTOR = Extractor(
    "making_of_me", making_of_me, frozenset({"me", "my"}), doc=making_of_me.__doc__ or ""
)
