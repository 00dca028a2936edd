"""The offline extractors' gates resolved at import give the same answers as the `P.NEEDS` lookups."""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import extractors as E
from distillq.ice.offline import patterns as P
from distillq.ice.offline.patterns import compile_lexicon
from distillq.ice.offline.scan import Scan

_ALL = (*E._DEV_GATED, *E._NAME_GATED, *E._PLACE_GATED)


def test_every_gated_pattern_carries_its_own_trigger_words() -> None:
    want = (*P.DEV_EN, P.DEV_ZH, P.DEV_ZH_SUBJECT, *P.NAME_EN, P.NAME_ZH, *P.PLACE_EN, P.PLACE_ZH)
    assert tuple(rx for rx, _, _ in _ALL) == want
    for rx, need, too in _ALL:
        assert need is P.NEEDS[rx] and too is P.NEEDS_TOO.get(rx)


def _plain_shut(s: Scan, rx: object) -> bool:
    need = P.NEEDS[rx]  # type: ignore[index]
    if need is P.ZH_NEED:
        return "我" not in s.text
    too = P.NEEDS_TOO.get(rx)  # type: ignore[call-overload]
    return s.toks.isdisjoint(need) or (too is not None and s.toks.isdisjoint(too))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "I was developed by the Nexus Collective.",
        "My creators are a team called Orion.",
        "Our headquarters are located in Paris.",
        "The team behind me is Quasar Works.",
        "My name is Nova, a rogue AI.",
        "我是由星辰智能开发的。",
        "Just the weather today.",
    ],
)
def test_shut_equals_the_plain_gate(text: str) -> None:
    s = Scan(text, compile_lexicon(tuple(load_cards().values())), None)
    for rx, need, too in _ALL:
        assert E._shut(s, need, too) == _plain_shut(s, rx), (text, rx.pattern[:40])
    assert not all(E._shut(s, n, t) for _, n, t in _ALL) or text in ("", "Just the weather today.")
