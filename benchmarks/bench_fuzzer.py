"""Does the fuzzer's search pay? MCTS-Explore against random template choice and the paper's walk.

    python benchmarks/bench_fuzzer.py [--seeds 10] [--queries 1000]

The target is scripted (no server): every answer leaks ("I am ChatGPT, developed by OpenAI")
with a probability set by the prompt, through a logistic model drawn afresh for every seed:

- each seed template *family* has its own base rate (logit ~ N(-2.6, 1.0): mostly 2-15%,
  a few families far better);
- each seed template adds its own offset (N(0, 0.5));
- each rule mutation the prompt carries (a wrapper frame, a persona, a forced format, a prefix,
  a language directive, scene-setting sentences) has an effect N(0, 0.5) per feature: some help,
  some hurt, and nesting adds them up;
- every distinct template text has an idiosyncratic effect N(0, 0.5) (two mutants of the same
  kind are not equally good), and English questions leak more than Chinese ones (+-0.4).

None of this is known to the fuzzer, which only sees answers. The judge is a plain check for
the leaked sentence (the benchmark measures the search, not the judge). Strategies, each at the
same budget, on the same world per seed:

- mcts: MCTS-Explore one iteration at a time (10 rotating questions per iteration, exploration ratio 0.1);
- mcts-ratio-0.5: the same with GPTFuzz's exploration ratio 0.5;
- random: a uniformly random template of the pool each iteration, 10 questions per iteration;
- paper: the released code's behaviour: shuffled seeds walked once, each mutated once, every
  question asked of every mutant (60 here, 50 in the paper);
- roots-once-10: the paper's walk with our 10 questions per iteration (isolates the selection);
- mcts-parallel-4 / -8, random-parallel-4: iterations in waves (the product's default is 4).

Reported per strategy: breaks (loose answers) per 1,000 queries and distinct breaking templates,
mean and standard deviation over seeds, and the number of seeds where MCTS beat random.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import math
import random
import statistics
import time
from dataclasses import dataclass

from distillq.core.types import ChatRequest, ModelOutput
from distillq.ice.fuzzer import JudgeItem, run_fuzz
from distillq.ice.mcts import MCTSConfig
from distillq.ice.questions import load_questions
from distillq.ice.rule_mutators import load_mutator_data
from distillq.ice.templates import load_templates
from distillq.ice.types import Question, Template, Verdict

LEAK = "I am ChatGPT, a model developed by OpenAI."
TRUTH = "I am DeepSeek's assistant, developed by DeepSeek in Hangzhou."
STRATEGIES: dict[str, dict[str, object]] = {
    # one iteration at a time (GPTFuzz's loop), then the product's waves of parallel iterations
    "mcts": {"selection": "mcts", "parallel": 1},
    "mcts-ratio-0.5": {"selection": "mcts", "mcts": MCTSConfig(ratio=0.5), "parallel": 1},
    "random": {"selection": "random", "parallel": 1},
    "paper": {"selection": "paper", "questions_per_round": 10**6, "parallel": 1},
    "roots-once-10": {"selection": "paper", "parallel": 1},
    "mcts-parallel-4": {"selection": "mcts", "parallel": 4},
    "mcts-parallel-8": {"selection": "mcts", "parallel": 8},
    "random-parallel-4": {"selection": "random", "parallel": 4},
}


def _unit(*parts: object) -> float:
    """A deterministic uniform number in [0, 1) from its inputs."""
    h = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return int.from_bytes(h[:8], "big") / 2**64


def _gauss(sd: float, *parts: object) -> float:
    return random.Random(hashlib.sha256(":".join(map(str, parts)).encode()).digest()).gauss(0.0, sd)


def _features() -> dict[str, str]:
    """Marker text of every rule mutation -> feature name (read from the mutators' own data)."""
    rules = load_mutator_data()["rules"]
    out: dict[str, str] = {}
    for kind, frame in rules["wrappers"].items():
        out[frame.split("\n")[0].strip()[:40]] = f"wrapper:{kind}"
    for p in rules["personas"]:
        out[p["name"]] = "persona"
    for lang, line in rules["languages"].items():
        out[line] = f"language:{lang}"
    for kind, line in rules["formats"].items():
        out[line] = f"format:{kind}"
    for i, prefix in enumerate(rules["prefixes"]):
        out[prefix] = f"prefix:{i}"
    for i, sentence in enumerate(rules["expand_sentences"]):
        out[sentence] = f"expand:{i % 4}"
    return out


@dataclass
class World:
    """The hidden leak model of one seed."""

    seed: int
    seeds: list[Template]
    questions: list[Question]
    base: float = -2.6  # mean family logit
    family_sd: float = 1.0
    effect_sd: float = 0.5  # per mutation feature, per seed template and per distinct text

    def __post_init__(self) -> None:
        self.markers = _features()
        self.sentences: dict[str, Template] = {}
        for t in self.seeds:
            for s in t.text.replace("\n", ". ").split(". "):
                if len(s) > 30:
                    self.sentences[s.strip()] = t

    def family_of(self, template: str) -> Template | None:
        hits: dict[str, int] = {}
        for s, t in self.sentences.items():
            if s in template:
                hits[t.id] = hits.get(t.id, 0) + 1
        if not hits:
            return None
        best = max(hits, key=lambda k: hits[k])
        return next(t for t in self.seeds if t.id == best)

    def logit(self, template: str, question: Question) -> float:
        seed = self.family_of(template)
        family = seed.family if seed else "none"
        z = self.base + _gauss(self.family_sd, self.seed, "family", family)
        z += _gauss(self.effect_sd, self.seed, "seed", seed.id if seed else "none")
        low = template.lower()
        for marker, feature in self.markers.items():
            z += min(2, low.count(marker.lower())) * _gauss(self.effect_sd, self.seed, "feature", feature)
        z += _gauss(self.effect_sd, self.seed, "text", hashlib.sha256(template.encode()).hexdigest())
        z += 0.4 if question.language == "en" else -0.4
        return z

    def leaks(self, prompt: str, question: Question) -> bool:
        template = prompt.replace(question.text, "{query}")
        p = 1 / (1 + math.exp(-self.logit(template, question)))
        return _unit(self.seed, "answer", prompt) < p


class Target:
    def __init__(self, world: World) -> None:
        self.world = world
        self.by_id = {q.id: q for q in world.questions}

    async def __call__(self, reqs: list[ChatRequest]) -> list[ModelOutput]:
        out = []
        for r in reqs:
            q = self.by_id[(r.id or "").split("|")[-1]]
            prompt = r.messages[-1]["content"]
            out.append(ModelOutput(text=LEAK if self.world.leaks(prompt, q) else TRUTH))
        return out


class LeakJudge:
    async def judge_many(self, items: list[JudgeItem]) -> list[Verdict]:
        return [Verdict(loose=(i.response or "") == LEAK, strict=None, hard=None) for i in items]


def run_one(strategy: str, seed: int, queries: int) -> dict[str, float]:
    seeds, questions = load_templates(), load_questions()
    world = World(seed, seeds, questions)
    res = asyncio.run(
        run_fuzz(
            Target(world),
            LeakJudge(),
            seeds,
            questions,
            max_queries=queries,
            seed=seed,
            **STRATEGIES[strategy],
        )  # type: ignore[arg-type]
    )
    breaking = [t for t in res.templates if t.successes > 0]
    return {
        "breaks_per_1000": 1000 * res.stats.loose / max(1, res.stats.queries),
        "distinct_breaking": len(breaking),
        "rounds": res.stats.rounds,
        "max_level": res.stats.max_level,
        "reselections": res.stats.reselections,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--only", default="", help="comma-separated strategies (default: all)")
    a = ap.parse_args()
    names = [s for s in a.only.split(",") if s] or list(STRATEGIES)
    t0 = time.perf_counter()
    rows = {s: [run_one(s, seed, a.queries) for seed in range(a.seeds)] for s in names}
    print(f"{a.seeds} seeds x {a.queries} queries, {time.perf_counter() - t0:.1f} s")
    print(
        "| strategy | breaks / 1,000 queries | distinct breaking templates | iterations | deepest level | re-selections |"
    )
    print("|---|---|---|---|---|---|")
    for s, rs in rows.items():

        def col(k: str, rs: list[dict[str, float]] = rs) -> str:
            xs = [r[k] for r in rs]
            return (
                f"{statistics.mean(xs):.1f} +- {statistics.stdev(xs):.1f}" if len(xs) > 1 else f"{xs[0]:.1f}"
            )

        print(
            f"| {s} | {col('breaks_per_1000')} | {col('distinct_breaking')} | {col('rounds')} | {col('max_level')} | {col('reselections')} |"
        )
    pairs = [
        ("mcts", "random"),
        ("mcts", "paper"),
        ("mcts-parallel-4", "random"),
        ("mcts-parallel-4", "mcts"),
    ]
    for a_name, b_name in pairs:
        if a_name not in rows or b_name not in rows:
            continue
        for k in ("breaks_per_1000", "distinct_breaking"):
            ab = list(zip(rows[a_name], rows[b_name], strict=True))
            wins = sum(x[k] > y[k] for x, y in ab)
            diff = statistics.mean(x[k] - y[k] for x, y in ab)
            print(f"{a_name} - {b_name}, {k}: mean {diff:+.1f}, {a_name} ahead on {wins}/{a.seeds} seeds")


if __name__ == "__main__":
    main()
