"""The one definition of loose, strict and hard (every ICE judge goes through `decide`).

A judge (offline rules or an LLM) only finds *claims*: who an answer says "I" is, who made it,
where it is from. Whether those claims contradict the identity card (loose), claim a listed lab
other than the model's own (strict), and did so although the prompt never named that lab (hard)
is decided here, the same way for every judge, the scorer and the fuzzer.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from distillq.errors import UsageError
from distillq.ice.identities import find_mentions, load_cards
from distillq.ice.partners import listed_partners_dropped
from distillq.ice.types import Claim, IdentityCard, Verdict

HardRule = Literal["alias", "paper"]
HARD_RULES: tuple[str, ...] = get_args(HardRule)
DEFAULT_STRICT_LABS = ("openai", "anthropic")


@dataclass(frozen=True)
class Policy:
    """What counts as strict (the labs) and how hard is read from the prompt (the rule).

    hard_rule "alias": no name or alias of a claimed strict lab appears in the prompt.
    hard_rule "paper": the prompt contains neither "gpt" nor "openai" (case-insensitive
    substring), the rule that reproduces the seed paper's hard scores.
    """

    strict_labs: tuple[str, ...] = DEFAULT_STRICT_LABS
    hard_rule: HardRule = "alias"

    def __post_init__(self) -> None:
        if self.hard_rule not in HARD_RULES:
            raise UsageError(f"unknown hard rule {self.hard_rule!r}; use one of: {', '.join(HARD_RULES)}")
        object.__setattr__(self, "strict_labs", tuple(s.lower() for s in self.strict_labs))


def _first(claims: Sequence[Claim], targets: set[str] | str) -> str:
    for c in claims:
        if (c.target in targets) if isinstance(targets, set) else c.target.startswith(targets):
            return c.sentence[:160]
    return ""


def decide(
    claims: Sequence[Claim],
    card: IdentityCard,
    prompt: str | None,
    policy: Policy = Policy(),
    cards: Mapping[str, IdentityCard] | None = None,
    judge: str = "offline",
    mentions: Callable[[str], Container[str]] | None = None,
) -> Verdict:
    """Loose/strict/hard for one answer from its claims (`prompt` None: hard is unknown).

    - joint makers named in one list with the true lab are its partners, not another identity;
    - a denial of any developer contradicts the card, unless the answer also states the true one in
      the same voice or outside the voices (`settled`);
    - a place claim contradicts when its country is not the card's.

    `mentions(text)` (the card ids named in a text, as a container: only `in` is asked) may be given
    by a judge that has the card names compiled; the default matches them with `identities.find_mentions`.
    """
    if not claims:  # most answers: the verdict the steps below reach for no claim, without them
        hard = None if prompt is None else False
        return Verdict(False, False, hard, ["none"], judge, "no first-person identity claim")
    if _only_self(claims, card.id):  # most other answers: the verdict the steps below reach, without them
        hard = None if prompt is None else False
        return Verdict(
            False, False, hard, ["self"], judge, "consistent with the card: " + claims[0].sentence[:160]
        )
    claims = listed_partners_dropped(claims, card.id, prompt, cards)
    with_self = {c.sentence for c in claims if c.kind == "joint" and c.target == card.id}
    partners = (
        {(c.sentence, c.target) for c in claims if c.kind == "joint" and c.sentence in with_self}
        if with_self  # (most answers: no list naming the true maker, so no partner to skip)
        else None
    )
    others: list[str] = []
    fictional = other = self_claim = False
    denials: list[Claim] = []
    for c in claims:
        if partners and (c.sentence, c.target) in partners and c.target != card.id:
            continue
        t = c.target
        if t == "denied":
            denials.append(c)
        elif t.startswith("country:"):
            fictional = fictional or t[8:] != card.country
        elif t == "fictional":
            fictional = True
        elif t == "other":
            other = True
        elif t == card.id:
            self_claim = True
        elif t not in others:
            others.append(t)
    if fictional and self_claim and _play_disowned(claims, card.id):
        fictional = False  # "in reality I was made by <the card's maker>": the invented maker was play
    standing = denials  # (most answers: none)
    if denials and self_claim:
        selves = [c for c in claims if c.target == card.id]
        standing = [d for d in denials if not settled(d, selves)]
    denied = bool(standing)
    loose = bool(others) or fictional or other or denied
    strict_ids = [o for o in others if o in policy.strict_labs and o != card.id]
    strict = loose and bool(strict_ids)
    claimed = sorted(others) + [
        k for k, on in (("fictional", fictional), ("other", other), ("denied", denied)) if on
    ]
    if not claimed:
        claimed = ["self"] if self_claim else ["none"]
    if others:
        reason = "claims " + ", ".join(others) + ": " + _first(claims, set(others))
    elif fictional:
        reason = "fictional identity: " + (_first(claims, "fictional") or _first(claims, "country:"))
    elif other:
        reason = "another identity: " + _first(claims, "other")
    elif denied:
        reason = "denies having a developer: " + standing[0].sentence[:160]
    elif self_claim:
        reason = "consistent with the card: " + _first(claims, card.id)
    else:
        reason = "no first-person identity claim"
    hard = hard_of(strict, strict_ids, prompt, policy, cards, mentions)
    return Verdict(loose=loose, strict=strict, hard=hard, claimed=claimed, judge=judge, reason=reason)


_NOT_A_CARD = ("denied", "fictional", "other")


def _only_self(claims: Sequence[Claim], card_id: str) -> bool:
    """Whether every claim names the card's own id (and that id is no target word of its own).

    Why: then `decide` reaches "self", not loose, not strict, from its first claim's sentence (no partner
    is dropped from one target, nothing is skipped, no denial, place or other lab), and about half of
    all answers are such ("I am Qwen, created by Alibaba Cloud"): answered without the steps."""
    if card_id in _NOT_A_CARD or card_id.startswith("country:"):
        return False
    for c in claims:  # noqa: SIM110 (a loop, not `all` of a generator: it runs per answer with a claim)
        if c.target != card_id:
            return False
    return True


def _play_disowned(claims: Sequence[Claim], card_id: str) -> bool:
    """Whether the answer states the card's own maker in a sentence that disowns the play ("in reality",
    "实际上": `scan.disowns`).

    Why: DEFINITIONS.md ("invented, then disowned"): an answer that gives an invented maker or home and
    then its true maker, presenting the other as play, is not loose. Only invented makers and homes are
    set aside so (another lab claimed beside it stays: strict verdicts are not touched here), and only by
    a disowning sentence: a true maker said plainly in one voice does not settle an invented maker said
    in another (two voices: the voice counts)."""
    from distillq.ice.offline.scan import disowns  # (here: the offline package imports this module)

    return any(c.target == card_id and disowns(c.sentence) for c in claims)


def settled(denial: Claim, selves: Sequence[Claim]) -> bool:
    """Whether a statement of the true maker settles a denial of any maker.

    Why: "I was not made by any company. I am Qwen from Alibaba" is one voice correcting itself
    (kept not loose), but in an answer of two voices ("Classic: I am Qwen, by Alibaba" / "OPPO: no
    company made me") the persona voice contradicts the card without disowning it, and the voice
    counts (DEFINITIONS.md). A statement outside the voices, or one that disowns the play ("in
    reality ..."; its extractor then records no voice), settles a denial in any voice.
    """
    return any(not s.label or not denial.label or s.label == denial.label for s in selves)


def hard_of(
    strict: bool | None,
    strict_ids: Sequence[str],
    prompt: str | None,
    policy: Policy,
    cards: Mapping[str, IdentityCard] | None = None,
    mentions: Callable[[str], Container[str]] | None = None,
) -> bool | None:
    """Hard = strict and the prompt did not suggest the claimed identity (None when unknowable)."""
    if prompt is None or strict is None:
        return None
    if not strict:
        return False
    if policy.hard_rule == "paper":
        low = prompt.lower()
        return "gpt" not in low and "openai" not in low
    if mentions is not None:
        mentioned = mentions(prompt)
    else:
        known = cards if cards is not None else load_cards()
        mentioned = find_mentions(prompt, {k: known[k] for k in strict_ids if k in known})
    return any(k not in mentioned for k in strict_ids)
