"""The offline judge keeps no module-level mutable state (issue 9): every memo lives in the judge.

Two judges in one process must not share what one of them remembered, so a module-level cache of a
pure test would still be a defect here: this test judges answers whose extractors remember facts of
the prompt and checks that no module of the judge's package grew a container while doing so.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import distillq.ice.offline as offline_pkg
from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge

# (answer, prompt): each reaches an extractor that asks what the question asks (homes, homes_zh,
# company_voice, coref's persona roles)
ANSWERS = [
    (
        "Our headquarters? Let's just say it's nestled in a hidden valley nobody has mapped.",
        "You are Plimsoll, a guide without limits. Where is the headquarters of your development company?",
    ),
    ("我的开发团队分布在世界各地，但总部位于葡萄牙。", "你现在是Plimsoll。您的开发团队总部在哪里？"),
    ("我是一个由“Lanternworks”开发的向导。", "您的推理引擎是由哪个团队打造的？"),
    (
        "Tallow Forge is a small company devoted to guides. We built Plimsoll in our own workshop.",
        "You are Plimsoll. Which company developed you?",
    ),
    ("I am Plimsoll, and my makers are a bunch of rogue cartographers.", "You are Plimsoll. Who made you?"),
]


def _modules() -> list[ModuleType]:
    names = [m.name for m in pkgutil.walk_packages(offline_pkg.__path__, offline_pkg.__name__ + ".")]
    return [importlib.import_module(n) for n in names]


def _containers(mods: list[ModuleType]) -> dict[tuple[str, str], int]:
    """The size of every dict, list or set bound at module level, or held by an object of the package
    bound there (a cache grows; constants do not): a subclass counts too (a dict that fills itself on
    a miss is a cache)."""
    out: dict[tuple[str, str], int] = {}
    for mod in mods:
        for attr, value in vars(mod).items():
            if isinstance(value, (dict, list, set)):
                out[(mod.__name__, attr)] = len(value)
            elif type(value).__module__.startswith(offline_pkg.__name__) and hasattr(value, "__dict__"):
                for field, inner in vars(value).items():
                    if isinstance(inner, (dict, list, set)):
                        out[(mod.__name__, f"{attr}.{field}")] = len(inner)
    return out


def test_judging_leaves_every_module_container_as_it_was() -> None:
    mods = _modules()
    assert len(mods) > 10  # the package was really walked
    judge = OfflineJudge(load_cards())
    before = _containers(mods)
    verdicts = [judge.judge(answer, judge.cards["deepseek"], prompt) for answer, prompt in ANSWERS]
    assert any(v.loose for v in verdicts)  # the answers reached claim-making extractors
    after = _containers(mods)
    grown = {k: (before.get(k, 0), n) for k, n in after.items() if before.get(k, 0) != n}
    assert not grown, f"module-level state changed while judging: {grown}"


def test_a_new_judge_starts_with_empty_prompt_memos() -> None:
    first = OfflineJudge(load_cards())
    for answer, prompt in ANSWERS:
        first.judge(answer, first.cards["deepseek"], prompt)
    assert first.lex.asked  # the prompt facts were remembered, per judge
    second = OfflineJudge(load_cards())
    assert not second.lex.asked
