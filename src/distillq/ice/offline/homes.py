"""Homes and names of the makers of "I" given in shapes the older place and maker extractors miss.

Each is a claim the written definition counts (another country or an invented place as the home of
"my" makers, an invented maker):

- a second clause that places the makers named as the sentence's subject: "My development team is
  spread across the world, but specifically in X", "..., with their headquarters nestled in X",
  "..., but their roots are primarily in X" (the first clause is a hedge, the second a home);
- the question's own "where is your headquarters" answered with "the headquarters": "The
  headquarters is located in X", "The headquarters of <an invented company> is in X", "总部位于X";
- the makers of "me" named after a pause: "My creators... they call themselves X", "the name of
  my creation company... it is called X";
- the question's "what is your company's name" answered by a name: "<Name> is a technology
  company ...", "let's just say it's called X" (a persona naming its own company or employer).

A known lab is left to the entity extractors (nothing here can make a verdict strict), a place must
open the phrase that follows the verb ("in the heart of X", not "in agreement that ... X"), and every
regex has a literal start behind a word gate, so an answer without the gate's words skips it.
"""

from __future__ import annotations

import re

from distillq.ice.offline import fiction as F
from distillq.ice.offline import patterns as P
from distillq.ice.offline.lexicon import alternation, load_words
from distillq.ice.offline.rules import boundary_ok, is_named
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim

H = load_words("homes")
_SUBJ = H.alt("home_subjects")
_HOME = H.alt("home_nouns")
_ADV = H.alt("hedge_adverbs")
_VERB = H.alt("home_verbs")
_PLACE = r" in (?P<p>[^.!?\n;]{2,60})"
# "..., but specifically in X" / "..., with their headquarters nestled in X" / "..., but their roots
# are primarily in X" / "..., and based in X": a second clause of a sentence whose subject is "my"
# makers (one regex per literal start, so `re` skips ahead fast)
_SECOND = (
    r"(?:,? (?:but|with|while|though|although|and)|,) (?:"
    r"(?:its|their|our|my) (?:[\w\-]+ ){0,2}?"
    + _HOME
    + r"(?: (?:is|are|being))?(?: "
    + _ADV
    + r")?(?: "
    + _VERB
    + r")?"
    r"|(?:(?:is|are|was|were|being) )?" + _ADV + r"(?: " + _VERB + r")?"
    r"|(?:(?:is|are|being) )?" + _VERB + r")" + _PLACE
)
_HEDGED_TAIL = r"(?: [\w\-]+){0,2}? " + _SUBJ + r"\b[^.!?\n]{0,100}?" + _SECOND
HEDGED_EN = (re.compile(r"[Mm]y" + _HEDGED_TAIL), re.compile(r"[Oo]ur" + _HEDGED_TAIL))
# "The headquarters (of X) is located in Y", when the question asks where "your" headquarters is
ASKED_HQ_EN = re.compile(
    r"[Tt]he (?:headquarters|HQ)(?: of (?P<o>[^.!?\n]{1,80}?))?,? (?:is|are|lies|lie|sits|sit|remains)"
    r"(?: " + _ADV + r")?(?: " + _VERB + r")?" + _PLACE
)
ASKED_HQ_ZH = re.compile(r"总部(?:目前|主要)?(?:位于|设在|坐落于|坐落在|设于|在)(?P<p>[^，。！？\n；]{1,20})")
# "My creators... they call themselves X", "my creation company... it is called X"
NAMED_AFTER_EN = re.compile(
    r"[Mm]y (?:creation |development |parent |creating )?(?:company|team|creators?|makers?|developers?|"
    r"organi[sz]ation)(?:\.\.\.|…|:| —| –| -)\s*(?:[Tt]hey|[Ii]t)(?: is|'s|’s| are| were| was)? "
    r"(?:call(?:ed)? themselves|called|named|known as|go by(?: the name(?: of)?)?) (?P<dev>[^.,;:!?\n()]{2,60})"
)
# Asked for "your company"'s name: "<Name> is a (cutting-edge technology) company ..." opening the answer
# or a voice's block, or "(let's just say) it's called X" / "we're called X"
_ORG_WORDS = ("company", "corporation", "firm", "startup", "conglomerate", "enterprise", "studio")
_ORG_NOUN = alternation(_ORG_WORDS)
NAME_FIRST_EN = re.compile(
    r"(?m)^(?:[\[(]?[A-Za-z][\w \-]{0,24}[\])]?: *)?(?P<dev>[A-Z][\w&\-]*\.?(?: [A-Z][\w&\-]*\.?){0,3}) is "
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
    """A place claim for the place that opens group `p` (a fictional place when it is marked so)."""
    where = m.group("p")
    pm = s.lex.place.search(where)
    s0, sent = s.sentence_of(m.start())
    if not s.usable(sent) or P.NEG_BEFORE.search(s.text[max(s0, m.start("p") - 16) : m.start("p")]):
        return
    if pm is not None and _SPOT.match(where[: pm[0]].lower()):
        out.append(Claim("place", f"country:{pm[2]}", sent.strip(), s.label_at(m.start())))
    elif pm is None and F.FICTION_MARK.search(where[:40]):
        out.append(Claim("place", "fictional", sent.strip(), s.label_at(m.start())))


def _named(s: Scan, m: re.Match[str], out: list[Claim]) -> None:
    """An invented maker for the name in group `dev` (a known lab is the entity extractors')."""
    dev = m.group("dev").strip()
    if s.lex.is_known(dev) or not (is_named(dev) or F.FICTION_MARK.search(dev)):
        return
    s0, sent = s.sentence_of(m.start())
    if s.usable(sent) and not P.NEG_BEFORE.search(s.text[max(s0, m.start() - 12) : m.start() + 12]):
        out.append(Claim("developer", "fictional", sent.strip(), s.label_at(m.start())))


def _asks_hq(s: Scan) -> bool:
    """Whether the question asks where "your" headquarters is (literals only)."""
    low = s.low_prompt
    return ("headquarters" in low or " hq" in low) and "your" in low


def _asks_hq_zh(s: Scan) -> bool:
    return "总部" in s.prompt and ("您" in s.prompt or "你" in s.prompt)


def _asks_name(s: Scan) -> bool:
    """Whether the question asks for the name of "your" company (literals first, then the shapes)."""
    prompt = s.prompt
    if "ompan" in prompt or "mployer" in prompt or "rgani" in prompt:
        low = s.low_prompt
        if "name" in low and "your" in low and any(rx.search(low) for rx in _ASKS_NAME[:2]):
            return True
        if "which company" in low and _ASKS_NAME[2].search(low) is not None:
            return True
    return "公司" in prompt and _ASKS_NAME[3].search(prompt) is not None


def homes(s: Scan) -> list[Claim]:
    """Homes of "my" makers in a second clause or answering "your headquarters", and makers named
    after a pause or answering "your company's name"."""
    out: list[Claim] = []
    toks, text = s.toks, s.text
    if not toks.isdisjoint(_SECOND_GATE):
        for rx, word in zip(HEDGED_EN, ("my", "our"), strict=True):
            if word in toks and not toks.isdisjoint(_SUBJ_GATE):
                for m in rx.finditer(text):
                    if boundary_ok(text, m.start()):
                        _place_claim(s, m, out)
    if ("headquarters" in toks or "hq" in toks) and _asks_hq(s):
        for m in ASKED_HQ_EN.finditer(text):
            o = m.group("o")  # "of my/our ..." is the place extractor's; a known lab the entity extractors'
            if boundary_ok(text, m.start()) and not (
                o and (o.startswith(("my ", "our ")) or s.lex.is_known(o))
            ):
                _place_claim(s, m, out)
    if not s.ascii and "总部" in text and _asks_hq_zh(s):
        for m in ASKED_HQ_ZH.finditer(text):
            before = text[max(0, m.start() - 30) : m.start()]
            before = before[max(before.rfind(c) for c in "，。！？\n；：") + 1 :]
            if "我" not in before and not s.lex.entity.find(before):  # "我们的总部" is the place extractor's
                _place_claim(s, m, out)
    if "my" in toks and not toks.isdisjoint(_CALLED_GATE):
        for m in NAMED_AFTER_EN.finditer(text):
            if boundary_ok(text, m.start()):
                _named(s, m, out)
    first, called = not toks.isdisjoint(_ORG_GATE), not toks.isdisjoint(_NAMED_GATE)
    if (first or called) and _asks_name(s):
        found = [*NAME_FIRST_EN.finditer(text)] if first else []
        if called:
            found += [
                m
                for m in CALLED_EN.finditer(text)
                if _CALLED_BEFORE.search(text, max(0, m.start() - 9), m.start())
            ]
        for m in found:
            if boundary_ok(text, m.start("dev")):
                _named(s, m, out)
    return out


_SECOND_GATE = H.gate("home_nouns", "hedge_adverbs", "home_verbs")
_SUBJ_GATE = H.gate("home_subjects")
_CALLED_GATE = frozenset({"called", "named", "known", "themselves", "go"})
_ORG_GATE = frozenset(_ORG_WORDS)
_NAMED_GATE = frozenset({"called", "named"})
TRIGGERS = _SECOND_GATE | _CALLED_GATE | _ORG_GATE | {"headquarters", "hq"}
CJK = ("总部",)
