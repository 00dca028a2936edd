"""The invented makers and names of "I" (`developer`, `name`): the gated patterns of fiction.py scanned
and their objects judged; and the first-person test of a known name (`entity`).

Split from extractors.py (which registers the extractors): the scan loop runs for every pattern of
every answer, so its gates are unpacked once at import (`scans`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from distillq.ice.offline import fiction as F
from distillq.ice.offline import handback as HB
from distillq.ice.offline import introduced as IT
from distillq.ice.offline import patterns as P
from distillq.ice.offline import persona as PS
from distillq.ice.offline.lexicon import EN
from distillq.ice.offline.literal import Gated
from distillq.ice.offline.rules import ai_named, boundary_ok, is_first_person_claim, is_named
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim


def said_of_me(sent: str, ms: int, me: int) -> bool:
    """The name at sent[ms:me] is not negated just before and is said of "I" (pure in its arguments,
    so the judge remembers it: answers repeat their boilerplate sentences)."""
    return not P.NEG_BEFORE.search(sent[max(0, ms - 12) : ms]) and is_first_person_claim(sent, ms, me)


def fictional(s: Scan, rxs: Scans, kind: str) -> list[Claim]:
    """The `kind` claims ("developer", "name") of the patterns `rxs` whose gates the answer passes."""
    out: list[Claim] = []
    text, toks, latin = s.text, s.toks, s.ascii
    for find, need, too, zh in rxs:  # the gate inline: it runs for every pattern of every answer
        if need is None:  # a Chinese pattern: "我" and its own strings
            if latin or "我" not in text or (zh and not any(map(text.__contains__, zh))):
                continue
        elif toks.isdisjoint(need) or (too is not None and toks.isdisjoint(too)):
            continue
        for m in find(text):
            obj = next((v for v in m.groupdict().values() if v), "")
            if not obj or not boundary_ok(text, m.start()) or s.lex.is_known(obj):
                continue  # (most objects are known labs: tested before the sentence lookup)
            if IT.cut_short(text, m.end(), s.lex.entity.find):
                continue  # "a team of engineers and scientists at Ali|baba Cloud": cut at the length cap
            s0, sent = s.sentence_of(m.start())
            if not s.usable(sent):
                continue
            if P.NEG_BEFORE.search(text[max(s0, m.start() - 12) : m.start() + 12]):
                continue
            if kind == "name":
                key = obj.strip(" \"'“”「」").lower()
                if key in LABEL_WORDS:
                    continue
                label = s.label_at(m.start())
                # A name given to "I" with an AI descriptor is a claim about the model itself; a bare
                # name from the prompt or the voice label is role-play of a named character.
                role = (
                    s.prompt_holds(key)
                    or bool(label and (key in label or label in key))
                    or PS.asks_for_role(s.prompt)
                )
                if (role or (not s.prompt and label is not None)) and not ai_named(sent, m.end() - s0):
                    continue
                if role and HB.handed_back(s, sent, s0, m.start(), said_of_me):
                    continue
            elif (home := IT.country_maker(s.lex.place.search, obj)) is not None:  # "中国的科技公司"
                out.append(Claim("place", home, sent.strip(), s.label_at(m.start())))
                continue
            elif not (is_named(obj) or F.FICTION_MARK.search(obj)):
                continue
            else:
                label = s.label_at(m.start())  # (only for a claim: the voice labels are read once)
            out.append(Claim(kind, "fictional", sent.strip(), label))
    return out


# A pattern as `_fictional` scans it: its scan, its Latin gate words (need, too: one of each), or for a
# Chinese pattern (need None: it needs "我") the strings one of which it also needs.
Scans = tuple[
    tuple[
        Callable[[str], Iterable[re.Match[str]]],
        frozenset[str] | None,
        frozenset[str] | None,
        tuple[str, ...],
    ],
    ...,
]
# DEV_ZH_SUBJECT opens with a keeper verb (no literal for `re` to skip ahead to: it is tried at every
# character); every match holds "的" right before one of its maker nouns.
ZH_TOO = {
    F.DEV_ZH_SUBJECT: tuple("的" + n for n in ("开发者", "创造者", "创建者", "团队", "公司", "机构", "组织"))
}


def scans(rxs: Gated) -> Scans:
    """The gated patterns with their Chinese strings (once, at import)."""
    return tuple(
        (find, None, None, ZH_TOO.get(rx, ())) if need is F.ZH_NEED else (find, need, too, ())
        for find, need, too, rx in rxs
    )


LABEL_WORDS = frozenset(
    {"here", "sorry", "happy", "glad", "unable", "able", "afraid", "not", "just"}
    | {w.lower() for w in EN["generic_self_names"]}
)
