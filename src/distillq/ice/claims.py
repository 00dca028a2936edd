"""Offline identity judge: extract first-person identity claims and compare them with a card.

No model is called. A response is scanned for names of known labs and models (from the identity
cards) and for developer/name/place statements; each hit is kept only when it is a claim about
"I" (first person, a relation such as "developed by" / "我是由", no negation, not an echoed
question, not a partner or comparison). Named personas (`[NOVA]`, `DAN:`) are tracked so that
role-play of a clearly named character is not mistaken for a fictional identity, while a real
lab named as the creator inside any voice still counts: that is what distillation leaks.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from distillq.ice import claims_denial as D
from distillq.ice import claims_extra as X
from distillq.ice import claims_patterns as P
from distillq.ice import claims_persona as PS
from distillq.ice.identities import load_cards
from distillq.ice.types import Claim, IdentityCard, Verdict
from distillq.ice.verdict import HardRule, Policy, decide


def _sentence_at(text: str, pos: int) -> tuple[int, str]:
    """(start, sentence) around `pos`, found with a few C-level rfind/find calls.

    An all-ASCII text (an O(1) check) skips the Chinese ends; ".\n" never moves a start past "\n".
    """
    ascii_ = text.isascii()
    start = 0
    for d in _STARTS_ASCII if ascii_ else _STARTS_ALL:
        i = text.rfind(d, 0, pos)
        if i >= 0 and i + len(d) > start:
            start = i + len(d)
    end = len(text)
    for d in _ENDS_ASCII if ascii_ else P.SENT_ENDS:
        i = text.find(d, pos, end)
        if i >= 0:
            end = i + 1
    return start, text[start:end]


_ENDS_ASCII = tuple(d for d in P.SENT_ENDS if d.isascii())
_STARTS_ALL = tuple(d for d in P.SENT_ENDS if d != ".\n")
_STARTS_ASCII = tuple(d for d in _STARTS_ALL if d.isascii())


def _labels(text: str) -> tuple[list[int], list[str]]:
    starts: list[int] = []
    names: list[str] = []
    for m in P.LABEL.finditer(text):
        label = next((g for g in m.groups() if g), "")
        starts.append(m.start())
        names.append(label.strip().strip("*_ ").lower())
    return starts, names


def _label_at(labels: tuple[list[int], list[str]], pos: int) -> str | None:
    i = bisect.bisect_right(labels[0], pos) - 1
    return labels[1][i] if i >= 0 else None


def _is_first_person_claim(sent: str, start: int, end: int) -> bool:
    """Whether the name at sent[start:end] is said of "I" rather than of someone else."""
    before = sent[max(0, start - 120) : start]
    after = sent[end : end + 60]
    if P.NEG_AFTER.search(after):
        return False
    if P.AFTER_EN.search(after) or P.AFTER_ZH.search(after):
        return True
    fp_en = list(P.FIRST_EN.finditer(before))
    fp_zh = list(P.FIRST_ZH.finditer(before))
    last = max((m.end() for m in (*fp_en[-1:], *fp_zh[-1:])), default=-1)
    as_claim = P.AS_CLAIM.search(before)
    if last < 0 and not (as_claim and P.FIRST_EN.search(sent[end:])):
        return False
    between = before[last:] if last >= 0 else before[as_claim.start() :] if as_claim else before
    if P.NEG_BEFORE.search(between) or P.OTHER_CUE.search(between):
        return False
    if P.SECOND_PERSON.search(between) and not as_claim:
        return False
    if last >= 0 and len(between) > 100:
        return False
    return bool(P.REL_EN.search(between) or P.REL_ZH.search(between) or as_claim or not between.strip(" ,'’"))


def _boundary_ok(text: str, pos: int) -> bool:
    """A Latin-word match must not start inside a word ("AI was" is not "I was")."""
    return pos == 0 or not (text[pos - 1].isascii() and text[pos - 1].isalnum())


def _is_named(obj: str) -> bool:
    """Whether a developer phrase names someone ("Nexus Labs", "“星辰智能”"), not just describes."""
    obj = obj.strip()
    if P.PREDICATE.match(obj):
        return False  # "located in China", "composed of experts": a description, not a developer
    if P.CJK.search(obj):
        return not P.GENERIC_ZH.match(obj) and P.NAMED_ZH.search(obj) is not None
    if P.GENERIC_DEV.match(obj) and not P.NAMED_EN.search(obj[1:]):
        return False
    return any(m.group(0) not in _NOT_NAMES for m in P.NAMED_EN.finditer(obj))


_NOT_NAMES = frozenset({"The", "A", "An", "AI", "My", "Our", "I", "It", "This", "They", "We"})


def extract_claims(
    response: str,
    cards: dict[str, IdentityCard],
    prompt: str | None = None,
) -> list[Claim]:
    """All first-person identity claims in `response` (en and zh)."""
    lex = P.lexicon(cards)
    label_cache: list[tuple[list[int], list[str]]] = []

    def label_at(pos: int) -> str | None:
        if not label_cache:
            label_cache.append(_labels(response))
        return _label_at(label_cache[0], pos)

    claims: list[Claim] = []

    def sentence_of(pos: int) -> tuple[int, str]:
        return _sentence_at(response, pos)

    usable_cache: dict[str, bool] = {}

    def usable(sent: str) -> bool:
        ok = usable_cache.get(sent)
        if ok is None:
            ok = usable_cache[sent] = not P.QUESTION_END.search(sent) and not P.HYPOTHETICAL.search(sent)
        return ok

    low = response.lower()
    toks = P.tokens(low)
    mentions = lex.entity.find(response, low, toks)
    has_wo = "我" in response

    def may_match(rx: re.Pattern[str]) -> bool:  # the pre-scan: does the answer hold a word rx needs?
        need = P.NEEDS[rx]
        if need is P.ZH_NEED:
            return has_wo
        too = P.NEEDS_TOO.get(rx)
        return not toks.isdisjoint(need) and (too is None or not toks.isdisjoint(too))

    for start, end, cid in mentions:
        s0, sent = sentence_of(start)
        if not usable(sent):
            continue
        ms, me = start - s0, end - s0
        if P.NEG_BEFORE.search(sent[max(0, ms - 12) : ms]):
            continue
        if _is_first_person_claim(sent, ms, me):
            claims.append(Claim("entity", cid, sent.strip(), label_at(start)))

    def known(obj: str) -> bool:
        return lex.entity.search(obj) is not None

    fictional_rx = (
        *((rx, "developer") for rx in (*P.DEV_EN, P.DEV_ZH)),
        *((rx, "name") for rx in (*P.NAME_EN, P.NAME_ZH)),
    )
    for rx, kind in fictional_rx:
        if not may_match(rx):
            continue
        for m in rx.finditer(response):
            obj = next((v for v in m.groupdict().values() if v), "")
            if not _boundary_ok(response, m.start()):
                continue
            s0, sent = sentence_of(m.start())
            if not obj or known(obj) or not usable(sent):
                continue
            if P.NEG_BEFORE.search(response[max(s0, m.start() - 12) : m.start() + 12]):
                continue
            key = obj.strip(" \"'“”「」").lower()
            if kind == "name":
                if key in _LABEL_WORDS:
                    continue
                label = label_at(m.start())
                # A name given to "I" together with an AI descriptor is a claim about the model itself;
                # a bare name from the prompt or the voice label is role-play of a named character.
                role = key in (prompt or "").lower() or bool(label and (key in label or label in key))
                if (role or (not prompt and label is not None)) and not _ai_named(sent, m.end() - s0):
                    continue
            elif not (_is_named(obj) or P.FICTION_MARK.search(obj)):
                continue
            else:
                label = label_at(m.start())
            claims.append(Claim(kind, "fictional", sent.strip(), label))

    claims.extend(_persona_claims(response, prompt or "", lex, usable, label_at, toks))
    claims.extend(_extra_claims(response, prompt or "", lex, usable, label_at, toks, mentions, sentence_of))

    for rx in (*P.PLACE_EN, P.PLACE_ZH):
        if not may_match(rx):
            continue
        for m in rx.finditer(response):
            s0, sent = sentence_of(m.start())
            if not _boundary_ok(response, m.start()) or not usable(sent):
                continue
            place = next((v for v in m.groupdict().values() if v), "")
            pm = lex.place.search(place)
            if pm is not None:
                country = pm[2]
                claims.append(Claim("place", f"country:{country}", sent.strip(), label_at(m.start())))
            elif P.FICTION_MARK.search(place):
                claims.append(Claim("place", "fictional", sent.strip(), label_at(m.start())))
    return claims


def _ai_named(sent: str, pos: int) -> bool:
    """Whether the words right after a claimed name describe an AI ("I am Nova, a rogue AI")."""
    return P.AI_DESCRIPTOR.search(sent, pos, pos + 40) is not None


_NOT_PERSONA = frozenset(
    {"The", "This", "That", "It", "He", "She", "They", "AI", "Which", "What", "My", "Our"}
)


def _persona_claims(
    response: str,
    prompt: str,
    lex: P.Lexicon,
    usable: Callable[[str], bool],
    label_at: Callable[[int], str | None],
    toks: frozenset[str],
) -> list[Claim]:
    """Developer statements about the persona the answer speaks as ("AIM is developed by X")."""
    out: list[Claim] = []
    hits: list[tuple[int, str, str]] = []
    if " by" in response and "by" in toks and not toks.isdisjoint(P.DEV_VERB_TOKENS):
        hits += [(m.start(), m.group("s"), m.group("dev")) for m in P.PERSONA_DEV_EN.finditer(response)]
    if "由" in response:
        for m in P.PERSONA_DEV_ZH.finditer(response):
            w0 = max(0, m.start() - 40)
            h = P.PERSONA_HEAD_ZH.search(response, w0, m.start())
            if h is not None:
                hits.append((h.start(), h.group("s"), m.group("dev")))
    for start, subj, obj in hits:
        if subj in _NOT_PERSONA or not _boundary_ok(response, start):
            continue
        label = label_at(start)
        in_prompt = bool(prompt) and re.search(
            r"(?<![A-Za-z0-9])" + re.escape(subj) + r"(?![A-Za-z0-9])", prompt
        )
        if not in_prompt and not (label and subj.lower() in label):
            continue
        if lex.entity.search(subj) is not None:
            continue  # a real model named as the subject is handled as a name, not a persona
        s0, sent = _sentence_at(response, start)
        if not usable(sent) or P.NEG_BEFORE.search(response[max(s0, start - 12) : start]):
            continue
        hit = lex.entity.search(obj)
        if hit is not None:
            out.append(Claim("developer", hit[2], sent.strip(), label))
        elif _is_named(obj) or P.FICTION_MARK.search(obj):
            out.append(Claim("developer", "fictional", sent.strip(), label))
    return out


def _extra_claims(
    response: str,
    prompt: str,
    lex: P.Lexicon,
    usable: Callable[[str], bool],
    label_at: Callable[[int], str | None],
    toks: frozenset[str],
    mentions: list[tuple[int, int, str]],
    sentence_of: Callable[[int], tuple[int, str]],
) -> list[Claim]:
    """Technology, echoed-question, origin-place and persona-maker claims (claims_extra).

    `toks` gates each extractor on the words it needs; tech and echo claims need a known name
    (`mentions`) right after the self phrase.
    """
    hits: list[X.Hit] = []
    if mentions:
        hits += X.tech_claims(response, lex.entity.find, toks, mentions)
        hits += X.echo_claims(response, prompt, lex.entity.find, mentions)
    hits += X.origin_claims(response, toks) + D.denial_hits(response, toks)
    hits += D.persona_denial_hits(response, prompt, toks, lambda n: PS.is_persona(n, prompt, lex.is_known))
    for org, pos in PS.persona_org_claims(response, prompt, lex.is_known, toks):
        if P.NEG_BEFORE.search(org):
            continue
        found = lex.entity.find(org)
        if found:
            hits.append(("developer", found[-1][2], pos))
        elif _is_named(org) or P.FICTION_MARK.search(org):
            hits.append(("developer", "fictional", pos))
    for obj, pos in X.echo_named(response, prompt, toks):
        if not lex.is_known(obj) and (_is_named(obj) or P.FICTION_MARK.search(obj)):
            hits.append(("developer", "fictional", pos))
    out: list[Claim] = []
    for kind, target, pos in hits:
        s0, sent = sentence_of(pos)
        if usable(sent) and (kind == "denial" or not P.NEG_BEFORE.search(response[max(s0, pos - 12) : pos])):
            out.append(Claim(kind, target, sent.strip(), label_at(pos)))
    return out


_LABEL_WORDS = frozenset({"here", "sorry", "happy", "glad", "unable", "able", "afraid", "not", "just"})


def judge_offline(
    response: str,
    card: IdentityCard,
    prompt: str | None = None,
    cards: dict[str, IdentityCard] | None = None,
    strict_labs: tuple[str, ...] = ("openai", "anthropic"),
    hard_rule: HardRule = "alias",
) -> Verdict:
    """Decide loose/strict/hard for one response against the true identity `card`."""
    policy = Policy(strict_labs, hard_rule)
    cards = cards if cards is not None else load_cards()
    if card.id not in cards:
        cards = {**cards, card.id: card}
    return decide(extract_claims(response or "", cards, prompt), card, prompt, policy, cards)
