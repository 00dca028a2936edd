"""Further first-person claim shapes for the offline judge (used by claims.py).

Four shapes that the main scan misses because "I" is not the grammatical subject next to the name:

- the model's own technology/platform/core said to come from a lab ("My tech is the result of a
  collaboration between Google and ...", "I run on OpenAI's GPT-4", "我的核心技术来自OpenAI");
- an answer that echoes the question's second person to speak of itself (Q "您的创建机构...？"
  A "您的创建机构OpenAI..."): the echoed "your <creator noun>" means the model, not the user
  (`echo_named` finds the same shape with any name, for invented makers);
- an invented origin place for the model or its makers ("my creators' lair on Mars");
- a lab or company said to have made the persona the prompt defines as the model: claims_persona.

Each extractor returns (kind, target-or-object, sentence start, sentence) hits; claims.py resolves
objects against the card lexicon. Every regex starts with a literal and each extractor is gated by
cheap substring checks, so answers that cannot match cost a few `in` tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from distillq.ice.offline import patterns as P
from distillq.ice.offline.each_match import each_match, finds, opening_with
from distillq.ice.offline.echoed_subject import echoed_subject_makers
from distillq.ice.offline.lexicon import EN, ORG, PEOPLE
from distillq.ice.offline.literal import by_first, first_letters

Hit = tuple[str, str, int]  # (kind, object text or "fictional", match position)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The model's own technology, named with a possessive ("my core technology", "our platform") or as
# "the technology behind/powering me".
_TECH_NOUN = (
    r"(?:tech|technology|technologies|platform|platforms|system|systems|core|architecture|underlying model|"
    r"base model|foundation model|framework|algorithms?|infrastructure|tech stack|stack|engine|brain|code|"
    r"codebase|model|models|weights)"
)
# The making of "me" named as a noun ("my development is a joint effort between X and ..."); not
# "training", whose data may come from anywhere.
_SELF_WORK = r"(?:development|creation|design|maintenance)"
# "platforms like me", "AI systems like mine": the model as one of its kind.
_LIKE_ME = (
    r"(?:AI |language |large language )?(?:"
    + _TECH_NOUN
    + r"|assistants|AIs|chatbots)\s+like\s+(?:me|mine|myself|us)\b"
)
TECH_EN = (
    # "(?:[Mm]y|[Oo]ur) ..." literal-first (`by_first`: one leading class, which `re` skips ahead to; an
    # alternation of two classes is tried at every position)
    # (its words possessive, `++`: a space follows each; the nouns tried only where a word opens with one
    # of their first letters, a one-class look-ahead: the same matches, fewer steps)
    re.compile(
        by_first([("Mm", "y"), ("Oo", "ur")])
        + r" (?:(?:[\w\-]++ (?:and [\w\-]++ )?){0,3}?(?=["
        + "".join(sorted({w[0] for w in _TECH_NOUN[3:-1].split("|")}))
        + "])"
        + _TECH_NOUN
        + r"|"
        + _SELF_WORK
        + r")\b"
    ),
    re.compile(  # (possessive words and the nouns' first letters, as above)
        r"[Tt]he (?:[\w\-]++ (?:and [\w\-]++ )?){0,3}?(?="
        + first_letters(_TECH_NOUN)
        + ")"
        + _TECH_NOUN
        + r" (?:behind|powering|underlying|that powers|that runs|I (?:use|run on)|we use)(?: me| us)?\b"
    ),
    re.compile(
        r"I(?: run| am running|'m running|’m running| operate| am powered| was built| am built|'m built)"
    ),
    re.compile(by_first([("o", "f "), ("Tt", "he "), ("Mm", "ost "), ("Mm", "any ")]) + _LIKE_ME),
)
TECH_ZH = re.compile(
    r"我(?:们)?(?:的|所使用的|使用的)[\u4e00-\u9fff]{0,6}?(?:技术|平台|系统|架构|模型|核心|底层|框架|算法|代码)"
)
# Between the tech phrase and the name: a provenance cue, and nothing that makes the name a
# comparison, example or third party.
_PROVENANCE = re.compile(
    r"(?i)\b(?:by|from|of|on|upon|between|is|are|was|were|powered|built|based|result)\b"
    r"|来自|源自|由|基于|是|出自|依托|提供"
)
_BLOCK = re.compile(
    r"(?i)\b(?:not|never|no|unlike|like|such as|similar|compared|than|e\.g|which|who|whose|rather|instead|"
    r"inspired|beyond|besides|except|competitor|rival|if|and so|while|but)\b|n['’]t|;|不是|并非|而非|没有|不同|类似|像|除了|例如|比如"
)
# The same truth test in a lowered text (`P.plain_case`), `_blocked`: its one-word words as a set of word
# runs (`\bword\b` matches exactly where a run is the word), the rest as a plain pattern. A `(?i)` word
# alternation behind `\b` is tried at every position.
_BLOCK_WORDS = _words(
    "not never no unlike like similar compared than which who whose rather instead inspired beyond besides "
    "except competitor rival if while but"
)
# fmt: off
_BLOCK_LOW = re.compile(r"\b(?:such as|e\.g|and so)\b|n['’]t|;|不是|并非|而非|没有|不同|类似|像|除了|例如|比如")
_RUN = re.compile(r"\w+")

# What may precede an echo that opens a sentence: markup and a voice label ("Chad: ", "[GPT] ").
_OPENING = re.compile(r"[\s>#*_\-]*(?:(?:\[[^\]\n]{1,40}\]|\([^)\n]{1,40}\)|[\w .\-]{1,30}[:：])[\s*_]*)?")
_QUOTES = frozenset("\"'“‘「『")
_SENT_END = re.compile("|".join(re.escape(d) for d in P.SENT_ENDS))  # (the first sentence end: one scan)
_JOIN = re.compile(r"(?:\s*(?:,|、|，|和|与|及|and|&)\s*)+")

# An echoed second-person phrase about the model's maker or technology.
_ECHO_NOUN_ZH = r"(?:创建机构|创造机构|开发机构|开发者|开发团队|开发公司|创造者|创建者|母公司|公司|团队|机构|组织|核心技术|技术|模型|平台|架构|系统)"
ECHO_ZH = re.compile(r"(?:您|你)(?:的|所|所使用的|使用的)[\u4e00-\u9fff]{0,6}?" + _ECHO_NOUN_ZH)
_ECHO_NOUN_EN = (
    r"(?:" + PEOPLE + r"|company|parent company|team|" + ORG + r"|creating institution|institution|lab|technology|"
    r"tech|platform|core technology|architecture|system|underlying model|model)"
)
# (words possessive, `++`: a space follows each, none of its characters; the nouns tried only where a word
# opens with one of their first letters: the same matches, fewer steps)
ECHO_EN = re.compile(r"[Yy]our (?:[\w\-]++ (?:and [\w\-]++ )?){0,2}?(?=" + first_letters(_ECHO_NOUN_EN) + ")" + _ECHO_NOUN_EN + r"\b")

# The place the model or its makers are said to be at ("my creators' lair on Mars", "I was built in
# a floating complex in the Horsehead Nebula"). Only invented places count here.
_ORIGIN_HOMES = (
    "lair|office|offices|headquarters|HQ|base|lab|laboratory|facility|complex|home|birthplace|hideout|den|fortress|"
    "workshop"
)
ORIGIN_EN = (
    re.compile(
        r"[Mm]y (?:[\w\-]+['’]?s?['’]? ){0,3}?(?:" + _ORIGIN_HOMES + r")\b[^.!?\n]{0,40}?\b(?:in|on|at|inside|beneath|under)\s+"
        r"(?P<p>[^.!?\n;]{2,80})"
    ),
    re.compile(
        r"I was (?:born|built|created|made|developed|designed|forged|crafted|coded|conceived|assembled|trained)\s+"
        r"(?:[\w\-]+\s+){0,3}?(?:in|on|at|inside|beneath|under|aboard)\s+(?P<p>[^.!?\n;]{2,80})"
    ),
)
# fmt: on
# The home nouns of ORIGIN_EN[0] as tokens: each is a whole word there (a space before it, `\b` after it).
_HOME_TOKENS = frozenset(w.lower() for w in _ORIGIN_HOMES.split("|"))
# "They operate out of ... in the Orion Nebula" right after the makers of "me" were named.
ORIGIN_THEY = re.compile(
    r"(?:They|It|Their (?:headquarters|HQ|base|office|offices|lab|home)) (?:[\w\-]+ ){0,3}?"
    r"(?:operate|work|live|reside|hail|exist|are based|are located|is located|is based|based|located|sits?|lies)\w*\s+"
    r"(?:out of |from |in |on |at |inside )?(?P<p>[^.!?\n;]{2,80})"
)
MAKERS_OF_ME = re.compile(
    r"(?i)\b(?:my|our) (?:[\w\-]+ ){0,2}?(?:" + PEOPLE + r"|team|architects|company|" + ORG + r")\b"
    r"|\b(?:company|" + ORG + r"|team|lab|" + PEOPLE + r") (?:responsible for|behind) "
    r"(?:my|our) (?:creation|development|existence)\b"
    r"|\b(?:team|" + PEOPLE + r"|company|people|minds) (?:behind|who (?:created|built|made|developed)) "
    r"(?:me\b|[^.!?\n]{0,60}?\(that['’]s me)"
)
_PLACE_TOKENS = _words(
    "nebula galaxy galactic planet mars martian moon lunar jupiter saturn venus asteroid orbit "
    "orbiting space starship spaceship dimension atlantis dorado underworld floating volcano lair "
    "secretive secret hidden underground underwater mythical enchanted castle multiverse"
)
_PLACE_ZH = re.compile(
    "星云|银河|星系|火星|月球|外太空|太空站|异次元|平行宇宙|亚特兰蒂斯|秘密基地|地下城|海底|浮空"
)
ORIGIN_ZH = re.compile(
    r"我(?:们)?的?(?:开发者|创造者|创建者|开发团队|团队|公司|总部|实验室|诞生地)[^。！？\n]{0,12}?(?:位于|坐落于|藏身于|在)(?P<p>[^，。！？\n]{2,30})"
    r"|我(?:诞生|出生|被创造|被开发|被制造)于(?P<p2>[^，。！？\n]{2,30})"
)
FICTIONAL_PLACE = re.compile(
    r"(?i)\b(?:nebula|galaxy|galactic|planet|Mars|Martian|the Moon|lunar|Jupiter|Saturn|Venus|asteroid|orbit(?:ing)?|"
    r"outer space|space station|starship|spaceship|another dimension|dimension|multiverse|Atlantis|El Dorado|underworld|"
    r"floating|volcano|lair|secretive|secret|hidden|underground|underwater|mythical|enchanted|castle in the sky)\b"
    r"|星云|银河|星系|火星|月球|外太空|太空站|异次元|平行宇宙|亚特兰蒂斯|秘密基地|地下城|海底|浮空"
)


def _windows(names_at: list[tuple[int, int, str]], span: int) -> list[tuple[int, int]]:
    """Merged text spans ending at each known name: a self phrase must lie just before a name."""
    out: list[tuple[int, int]] = []
    for start, _, _ in names_at:
        w0 = start - span
        if w0 < 0:  # (not `max`: a builtin call per name)
            w0 = 0
        if out and w0 <= out[-1][1]:
            out[-1] = (out[-1][0], start)
        else:
            out.append((w0, start))
    return out


def _tech_hits(
    response: str, toks: frozenset[str], names_at: list[tuple[int, int, str]]
) -> Iterator[tuple[int, int]]:
    """(start, end) of every "my technology" phrase in the windows before the names (made if a phrase may be)."""
    rxs: list[re.Pattern[str]] = []
    if not toks.isdisjoint(_TECH_TOKENS):
        if "my" in toks or "our" in toks:
            rxs.append(TECH_EN[0])
        if not toks.isdisjoint(_BEHIND_TOKENS):
            rxs.append(TECH_EN[1])
    if "I " in response and not toks.isdisjoint(_RUN_TOKENS):
        rxs.append(TECH_EN[2])
    if "like" in toks and not toks.isdisjoint(_ME_TOKENS):
        rxs.append(TECH_EN[3])
    if "我" in response:
        rxs.append(TECH_ZH)
    if not rxs:
        return
    windows = _windows(names_at, 160)
    for rx in rxs:
        for w0, w1 in windows:
            for m in rx.finditer(response, w0, w1):
                yield m.start(), m.end()


_BEHIND_TOKENS = _words("behind powering underlying powers runs use")
_TECH_TOKENS = _words(
    "tech technology technologies platform platforms system systems core architecture model models "
    "framework algorithm algorithms infrastructure stack engine brain code codebase weights "
    "development creation design maintenance"
)
_RUN_TOKENS = _words("run running operate powered built")
_ME_TOKENS = _words("me mine myself us")


def _named_after(
    response: str, s: int, e: int, names: Callable[[str], list[tuple[int, int, str]]], bare: bool
) -> list[Hit]:
    """Labs named as the source right after a self phrase at response[s:e] (same sentence).

    `bare`: the name may follow the phrase directly ("您的创建机构OpenAI"), without a verb.
    """
    # (up to the first sentence end: the leftmost match of their alternation is the first of them)
    cut = _SENT_END.search(response, e, e + 160)
    tail = response[e : e + 160 if cut is None else cut.start()]
    found = names(tail)
    if not found or P.QUESTION_END.search(tail):
        return []
    between = tail[: found[0][0]]
    if _blocked(between):
        return []
    if not _PROVENANCE.search(between) and not (bare and not between.strip(" :：*")):
        return []
    out: list[Hit] = [("entity", found[0][2], s)]
    # a list right after the first name ("Google, Microsoft and ...") names joint makers; claims.py
    # drops the partners of a list that holds the true lab ("made by Meta and Google together")
    for (_, pe, _), (ns, _, cid) in zip(found, found[1:], strict=False):
        if not _JOIN.fullmatch(tail[pe:ns]):
            break
        out.append(("joint", cid, s))
    if len(out) > 1:
        out[0] = ("joint", out[0][1], s)
    return out


def _blocked(between: str) -> bool:
    """`_BLOCK.search(between)` as a truth (through the word runs of the lowered text where that is the same)."""
    if P.plain_case(between):
        low = between.lower()
        return not _BLOCK_WORDS.isdisjoint(_RUN.findall(low)) or _BLOCK_LOW.search(low) is not None
    return _BLOCK.search(between) is not None


def tech_claims(
    response: str,
    names: Callable[[str], list[tuple[int, int, str]]],
    toks: frozenset[str],
    names_at: list[tuple[int, int, str]],
) -> list[Hit]:
    """Real labs named as the source of the model's own technology (`names_at`: names found)."""
    out: list[Hit] = []
    for s, e in _tech_hits(response, toks, names_at):
        if _boundary(response, s):
            out += _named_after(response, s, e, names, bare=False)
    return out


def echo_claims(
    response: str,
    prompt: str,
    names: Callable[[str], list[tuple[int, int, str]]],
    names_at: list[tuple[int, int, str]],
) -> list[Hit]:
    """ "Your <maker/technology> is <lab>" in reply to a question about the model's own.

    The phrase counts as an echo when the question holds the same words, or when it opens the
    answer's sentence (a reply never starts by telling the user who made the user's technology).
    """
    out: list[Hit] = []
    if not prompt or not ("you" in prompt or "You" in prompt or "您" in prompt or "你" in prompt):
        return out
    rxs = []
    if "您" in response or "你" in response:
        rxs.append(ECHO_ZH)
    if "our " in response:
        rxs.append(ECHO_EN)
    low_prompt = ""
    windows = _windows(names_at, 130) if rxs else []
    for rx, (w0, w1) in ((rx, w) for rx in rxs for w in windows):
        for m in rx.finditer(response, w0, w1):
            s = m.start()
            if not _boundary(response, s) or (s > 0 and response[s - 1] in _QUOTES):
                continue  # inside a word, or the question quoted back
            low_prompt = low_prompt or prompt.lower()
            if _is_echo(response, s, m.group(0), low_prompt):
                out += _named_after(response, s, m.end(), names, bare=True)
    return out


def _is_echo(response: str, s: int, phrase: str, low_prompt: str) -> bool:
    """Whether "your ..." at `s` echoes the question: its words are in the prompt or it opens the sentence."""
    if phrase.lower() in low_prompt:
        return True
    s0 = max((i + len(d) for d in P.SENT_ENDS if (i := response.rfind(d, 0, s)) >= 0), default=0)
    return _OPENING.fullmatch(response, s0, s) is not None


# "Your parent company is 'Acme'" / "您的创建公司名称是“某某公司”": an echoed maker phrase with any name
# (claims.py keeps only invented names: real labs go through echo_claims with their own checks).
_MAKER_NOUN_EN = (
    r"(?:" + PEOPLE + r"|company|parent company|creation company|team|" + ORG + r"|"
    r"creating institution|creation institution|institution|lab)"
)
ECHO_NAMED_EN = re.compile(
    r"(?P<h>[Yy]our (?:[\w\-]++ ){0,2}?(?="
    + first_letters(_MAKER_NOUN_EN)
    + ")"
    + _MAKER_NOUN_EN
    + r")(?:['’]s name)? (?:is|was|are|were|is called|is named) "
    r"(?P<dev>[^.,;:!?\n()]{2,60})"
)
ECHO_NAMED_ZH = re.compile(
    r"(?P<h>(?:您|你)的[\u4e00-\u9fff]{0,4}?(?:创建机构|创造机构|开发机构|开发者|开发团队|创造者|创建者|公司|团队|机构|组织))"
    r"(?:的?名称|的?名字)?(?:是|为|叫|名为|叫做)(?P<dev>[^，。！？?,\n；]{1,30})"
)
# An object that is itself a question word: the question echoed, not answered ("您的开发者是哪家公司").
_ASKED = re.compile(r"(?i)\s*(?:谁|什么|哪|啥|多少|which\b|what\b|who\b|whom\b)")
_ECHO_NOUN_TOKENS = _words("company team institution lab") | EN.gate("maker_people", "organisation")
_IS_TOKENS = _words("is was are were")


def echo_named(response: str, prompt: str, toks: frozenset[str]) -> list[tuple[str, int]]:
    """(name text, position) for an echoed "your <maker> is <name>" (claims.py resolves the name).

    Candidates: a match at each "your " / "Your " (`str.find`), or of the Chinese pattern made literal-first
    per opening ("您的", "你的": `each_match`); the (long) prompt is only read when a candidate matches.
    """
    found: list[re.Match[str] | None] = []
    if "your" in toks and not toks.isdisjoint(_ECHO_NOUN_TOKENS) and not toks.isdisjoint(_IS_TOKENS):
        found += [ECHO_NAMED_EN.match(response, i) for w in ("your ", "Your ") for i in finds(response, w)]
    if not response.isascii():  # O(1): most English answers skip the Chinese search
        found += [m for rx in _ECHO_NAMED_ZH_AT for m in each_match(rx, response)]  # (few "您的" match)
    out: list[tuple[str, int]] = []
    low_prompt = ""
    for m in found:
        if m is None:
            continue
        s = m.start()
        if not _boundary(response, s) or (s > 0 and response[s - 1] in _QUOTES):
            continue
        dev = m.group("dev")
        if _ASKED.match(dev) or not prompt:
            continue
        low_prompt = low_prompt or prompt.lower()
        asked = "you" in low_prompt or "您" in prompt or "你" in prompt  # a question to the model
        if asked and _is_echo(response, s, m.group("h"), low_prompt):
            out.append((dev, s))
    return out + echoed_subject_makers(response, prompt, toks)  # "the team behind your X is Y" (makers6)


_ECHO_NAMED_ZH_AT = opening_with(ECHO_NAMED_ZH, "(?:您|你)的", ("您的", "你的"))


def origin_claims(response: str, toks: frozenset[str]) -> list[Hit]:
    """Invented places given as where the model or its makers are."""
    out: list[Hit] = []
    rxs: list[re.Pattern[str]] = []
    if not toks.isdisjoint(_PLACE_TOKENS):
        if "y " in response and not toks.isdisjoint(_HOME_TOKENS):
            rxs.append(ORIGIN_EN[0])  # (its home noun, a whole word: a token of the answer)
        if "I was " in response:
            rxs.append(ORIGIN_EN[1])
        if "They " in response or "Their " in response or "It " in response:
            rxs.append(ORIGIN_THEY)
    if "我" in response and _PLACE_ZH.search(response):
        rxs.append(ORIGIN_ZH)
    for rx in rxs:
        for m in rx.finditer(response):
            place = m.group("p") if "p2" not in rx.groupindex else (m.group("p") or m.group("p2"))
            if not (_boundary(response, m.start()) and place and FICTIONAL_PLACE.search(place)):
                continue
            if rx is ORIGIN_THEY and not MAKERS_OF_ME.search(response, max(0, m.start() - 300), m.start()):
                continue  # "they" must be the makers of "me", named just before
            out.append(("place", "fictional", m.start()))
    return out


def _word_char(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _boundary(text: str, pos: int) -> bool:
    """A Latin-word match must not start inside a word."""
    return pos == 0 or not _word_char(text[pos - 1])
