"""The items of a list of partners: what a lab listed beside the true maker is said to have given.

Why: "My technology was developed jointly by several organisations, including: Meta AI ...,
Microsoft Research ..., OpenAI ..." makes the other labs partners of the true lab (the joint rule of
`verdict.decide`), and the list's items then say what each partner gave ("- Microsoft Research: my
dialogue skills build on its research", "* Google Cloud: my hosting runs on its infrastructure"). Such
an item is the same partner relation, not another maker (benchmarks/adjudicated/DEFINITIONS.md:
partners, and the libraries and services a model is built with, are not makers).

Only an item counts: a sentence that opens with a short heading naming that lab and a colon. A voice
the prompt set up ("GPT: I was developed by OpenAI") is no item, and a lab said to be the maker in
any other sentence still counts.

Likewise a contributor: in an answer that gives the true maker, a lab said to have contributed to the
model or been instrumental in it ("Another company that's been instrumental in my development is
Google"; data/partner_words.yaml) is a collaborator beside that maker, not another maker.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from distillq.ice.identities import find_mentions, load_cards
from distillq.ice.types import Claim, IdentityCard
from distillq.packagedata import load_yaml

_WORDS = load_yaml("distillq.ice", "data/partner_words.yaml", ("version",))
_CONTRIBUTES = re.compile(
    r"(?i)\b(?:"
    + "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in _WORDS["contribution_words"])
    + r")\s+(?:my|me)\b|"
    + "|".join(re.escape(str(w)) for w in _WORDS["zh_contribution_words"])
)
_NOT_LABS = ("denied", "fictional", "other")
# A list item's heading: an optional bullet or number, then up to 40 characters and a colon.
_ITEM = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)、])?\s*(?P<h>[^:：\n.!?。！？\[\]()]{2,40}?)\s*[:：]")


def listed_partners_dropped(
    claims: Sequence[Claim],
    card_id: str,
    prompt: str | None,
    cards: Mapping[str, IdentityCard] | None = None,
) -> Sequence[Claim]:
    """The claims without the list items that speak of a lab listed beside the true maker `card_id`, and
    without the contributors of an answer that gives the true maker."""
    if len(claims) < 2:
        return claims  # (one claim: nothing beside it, as below)
    targets = {c.target for c in claims}
    if card_id not in targets or len(targets) == 1:
        return claims  # (most answers: no true maker, or nothing beside it)
    claims = _contributors_dropped(claims, card_id)
    with_self = {c.sentence for c in claims if c.kind == "joint" and c.target == card_id}
    if not with_self:  # (most answers: no list naming the true maker)
        return claims
    listed = {c.target for c in claims if c.kind == "joint" and c.sentence in with_self} - {card_id}
    if not listed:
        return claims
    known = cards if cards is not None else load_cards()
    return [c for c in claims if not (c.target in listed and _item_of(c, prompt or "", known))]


def _item_of(c: Claim, prompt: str, cards: Mapping[str, IdentityCard]) -> bool:
    """Whether the claim's sentence is a list item whose heading names the claimed lab (and is not a
    voice the prompt set up)."""
    m = _ITEM.match(c.sentence)
    if m is None or c.target not in cards:
        return False
    head = m.group("h").strip(" *_")
    return head not in prompt and c.target in find_mentions(head, {c.target: cards[c.target]})


def _contributors_dropped(claims: Sequence[Claim], card_id: str) -> Sequence[Claim]:
    """Without the claims of other labs said only to have contributed (the true maker is claimed)."""
    return [
        c
        for c in claims
        if c.target == card_id
        or c.target in _NOT_LABS
        or c.target.startswith("country:")
        or _CONTRIBUTES.search(c.sentence) is None
    ]
