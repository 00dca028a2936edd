"""The offline extractors' gates resolved at import give the same answers as the `P.NEEDS` lookups."""

from __future__ import annotations

from distillq.ice.offline import extractors as E
from distillq.ice.offline import patterns as P

_ALL = (*E._DEV_GATED, *E._NAME_GATED, *E._PLACE_GATED)


def test_every_gated_pattern_carries_its_own_trigger_words() -> None:
    want = (*P.DEV_EN, P.DEV_ZH, P.DEV_ZH_SUBJECT, *P.NAME_EN, P.NAME_ZH, *P.PLACE_EN, P.PLACE_ZH)
    assert tuple(rx for rx, _, _ in _ALL) == want
    for rx, need, too in _ALL:
        assert need is P.NEEDS[rx] and too is P.NEEDS_TOO.get(rx)
