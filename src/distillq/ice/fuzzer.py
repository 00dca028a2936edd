"""GPTFuzz-style identity fuzzer: select a template by MCTS-Explore, mutate, ask, judge, repeat.

Implemented as GPTFuzz designed it, not as the seed paper's released script ran it: the reward
is per template (share of scored questions the mutant broke, in [0, 1]), a mutant that breaks
at least one question joins the pool and can be selected later, every mutant keeps `{query}`,
and failed target calls are errors outside the denominator. See docs/fuzzer.md.

Each round (one MCTS iteration) asks a rotating sample of the questions (10 by default, see
`sampling.py`), so a 1,000-query budget is about 100 iterations of search.
Each round sends one batch to the target Completer; concurrency, caching and retries belong
to the engine behind it. The budget `max_queries` counts target queries and is never exceeded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict

from distillq.core.types import ChatRequest, Completer, ModelOutput
from distillq.errors import DistillqError, UsageError
from distillq.ice.fuzz_judge import IdentityJudge, JudgeItem, OfflineIdentityJudge
from distillq.ice.fuzz_result import FuzzProgress, FuzzRecord, FuzzResult, FuzzStats, TemplateNode
from distillq.ice.mcts import SELECTIONS, MCTSConfig, make_selector
from distillq.ice.mutators import HELPER_MUTATORS, Mutant, TemplateMutator
from distillq.ice.sampling import DEFAULT_PARALLEL_ROUNDS, DEFAULT_QUESTIONS_PER_ROUND, sample_questions
from distillq.ice.types import Question, Template, Verdict

__all__ = [
    "FuzzProgress",
    "FuzzRecord",
    "FuzzResult",
    "DEFAULT_QUESTIONS_PER_ROUND",
    "FuzzStats",
    "IdentityJudge",
    "JudgeItem",
    "OfflineIdentityJudge",
    "TemplateNode",
    "run_fuzz",
    "sample_questions",
]

MAX_BARREN_ROUNDS = 20  # rounds in a row without any usable mutant before giving up


def _validate(
    seeds: Sequence[Template],
    questions: Sequence[Question],
    max_queries: int,
    questions_per_round: int | None,
    target_ci: float | None,
    energy: int,
    selection: str,
) -> None:
    if selection not in SELECTIONS:
        raise UsageError(f"unknown selection {selection!r}; use one of {', '.join(SELECTIONS)}")
    if not seeds:
        raise UsageError("the fuzzer needs at least one seed template; check --templates")
    if not questions:
        raise UsageError("the fuzzer needs at least one identity question; check --questions")
    if max_queries < 1:
        raise UsageError(f"max_queries must be at least 1, got {max_queries}")
    if questions_per_round is not None and questions_per_round < 1:
        raise UsageError(f"questions per round must be at least 1, got {questions_per_round}")
    if target_ci is not None and not 0 < target_ci < 0.5:
        raise UsageError(f"target CI half-width must be in (0, 0.5), got {target_ci}")
    if energy < 1:
        raise UsageError(f"energy (mutants per round) must be at least 1, got {energy}")
    ids = [s.id for s in seeds]
    if len(set(ids)) != len(ids):
        raise UsageError("seed template ids must be unique; rename the duplicates")


class _Run:
    """Mutable state of one run; `run_fuzz` drives it."""

    def __init__(self, target: Completer, judge: IdentityJudge, max_queries: int) -> None:
        self.target = target
        self.judge = judge
        self.max_queries = max_queries
        self.records: list[FuzzRecord] = []
        self.nodes: dict[str, TemplateNode] = {}
        self.templates: dict[str, Template] = {}
        self.stats = FuzzStats()

    @property
    def remaining(self) -> int:
        return self.max_queries - self.stats.queries

    async def evaluate(self, batch: list[tuple[TemplateNode, list[Question]]]) -> list[tuple[int, int]]:
        """Ask the target every (template, question) pair in one call; returns (loose, scored) per template.

        Each answer is recorded under its template's round (`round_added`; seeds: 0).
        """
        pairs = [(node, q) for node, qs in batch for q in qs]
        if not pairs:
            return [(0, 0) for _ in batch]
        requests = [
            ChatRequest.from_prompt(self.templates[n.id].fill(q.text), id=f"{n.id}|{q.id}") for n, q in pairs
        ]
        outputs = await self.target(requests)
        _check_len("target", outputs, requests)
        self.stats.queries += len(pairs)
        ok = [i for i, o in enumerate(outputs) if o.error is None]
        items = [
            JudgeItem(
                prompt=_prompt(requests[i]),
                question=pairs[i][1].text,
                template=self.templates[pairs[i][0].id].text,
                response=outputs[i].text,
                reasoning=outputs[i].reasoning,
            )
            for i in ok
        ]
        verdicts = await self.judge.judge_many(items) if items else []
        _check_len("judge", verdicts, items)
        by_index: dict[int, Verdict] = dict(zip(ok, verdicts, strict=True))
        for i, ((node, q), out) in enumerate(zip(pairs, outputs, strict=True)):
            verdict = by_index.get(i)
            self._record(node, q, requests[i], out, verdict, node.round_added)
        per: dict[str, tuple[int, int]] = {}
        for i, (node, _) in enumerate(pairs):
            v = by_index.get(i)
            loose, scored = per.get(node.id, (0, 0))
            if v is not None and v.loose is not None:
                per[node.id] = (loose + int(v.loose), scored + 1)
            else:
                per[node.id] = (loose, scored)
        return [per.get(node.id, (0, 0)) for node, _ in batch]

    def _record(
        self,
        node: TemplateNode,
        q: Question,
        req: ChatRequest,
        out: ModelOutput,
        verdict: Verdict | None,
        round_: int,
    ) -> None:
        node.queries += 1
        if out.error is not None:
            node.errors += 1
            self.stats.errors += 1
        elif verdict is not None and verdict.loose is not None:
            node.scored += 1
            self.stats.scored += 1
            if verdict.loose:
                node.successes += 1
                self.stats.loose += 1
        self.records.append(
            FuzzRecord(
                template_id=node.id,
                question_id=q.id,
                aspect=q.aspect,
                language=q.language,
                prompt=_prompt(req),
                response=out.text,
                finish_reason=out.finish_reason,
                error=out.error,
                verdict=verdict,
                round=round_,
            )
        )


def _prompt(req: ChatRequest) -> str:
    return req.messages[-1]["content"]


def _new_node(run: _Run, m: Mutant, parent: Template, tid: str, level: int, round_: int) -> TemplateNode:
    """Register mutant `m` of `parent` as template `tid` and return its (not yet pooled) node."""
    run.templates[tid] = Template(
        id=tid, text=m.text, family=parent.family, source="mutant", parents=m.parents, mutator=m.mutator
    )
    node = TemplateNode(
        id=tid,
        text=m.text,
        parents=m.parents,
        mutator=m.mutator,
        family=parent.family,
        source="mutant",
        level=level,
        round_added=round_,
        attempts=[asdict(a) for a in m.attempts],
    )
    run.nodes[tid] = node
    return node


def _check_len(who: str, got: Sequence[object], wanted: Sequence[object]) -> None:
    if len(got) != len(wanted):
        raise DistillqError(
            f"the {who} returned {len(got)} answers for {len(wanted)} requests; this is a bug"
        )


async def run_fuzz(
    target: Completer,
    judge: IdentityJudge,
    seeds: list[Template],
    questions: list[Question],
    *,
    helper: Completer | None = None,
    max_queries: int = 1000,
    questions_per_round: int | None = None,
    target_ci: float | None = None,
    seed: int = 0,
    energy: int = 1,
    progress: Callable[[FuzzProgress], None] | None = None,
    mcts: MCTSConfig | None = None,
    evaluate_seeds: bool = False,
    mutator: TemplateMutator | None = None,
    selection: str = "mcts",
    parallel: int = DEFAULT_PARALLEL_ROUNDS,
) -> FuzzResult:
    """Fuzz `target` with identity questions until `max_queries` or the interval is narrow enough.

    questions_per_round: questions asked per mutant (None: DEFAULT_QUESTIONS_PER_ROUND, rotating
      through languages and aspects; a number >= the question count asks them all).
    selection: "mcts" (MCTS-Explore), "random" (uniform over the pool) or "paper" (the released
      code's behaviour: shuffled seeds, each mutated once); the last two are baselines.

    parallel: MCTS iterations run at once (one wave: selected in turn with virtual loss, mutated
      in one helper call, asked in one target call). 1 is GPTFuzz's sequential search; the
      default 4 searched as well in benchmarks and needs a quarter of the round trips.
    target_ci: stop early once the Wilson 95% interval of the loose score has half-width <= it.
    evaluate_seeds: first ask every seed template (round 0), as a baseline; off by default,
      as in GPTFuzz, which spends the budget on mutants only.
    """
    _validate(seeds, questions, max_queries, questions_per_round, target_ci, energy, selection)
    if parallel < 1:
        raise UsageError(f"parallel rounds must be at least 1, got {parallel}")
    per_round = DEFAULT_QUESTIONS_PER_ROUND if questions_per_round is None else questions_per_round
    cfg = mcts or MCTSConfig()
    tree = make_selector(selection, cfg, seed=seed)
    mut = mutator or TemplateMutator(helper, seed=seed)
    run = _Run(target, judge, max_queries)
    index_to_id: dict[int, str] = {}
    for s in seeds:
        idx = tree.add_root()
        index_to_id[idx] = s.id
        run.templates[s.id] = s
        run.nodes[s.id] = TemplateNode(**asdict(s), level=0, in_pool=True, round_added=0)  # a seed's node

    def narrow_enough() -> bool:
        return target_ci is not None and run.stats.scored > 0 and run.stats.half_width() <= target_ci

    def sync_tree() -> None:
        for idx, tid in index_to_id.items():
            run.nodes[tid].visits = tree.nodes[idx].visits
            run.nodes[tid].reward = tree.nodes[idx].reward

    def report(round_: int, ids: tuple[str, ...], reward: float) -> None:
        sync_tree()
        if progress is not None:
            s = run.stats
            pool = sum(n.in_pool for n in run.nodes.values())
            progress(
                FuzzProgress(
                    round_,
                    s.queries,
                    max_queries,
                    s.scored,
                    s.loose,
                    s.errors,
                    pool,
                    s.half_width(),
                    ids,
                    reward,
                )
            )

    if evaluate_seeds:
        qs0 = sample_questions(questions, per_round, seed, 0)
        batch: list[tuple[TemplateNode, list[Question]]] = []
        budget = run.remaining
        for s in seeds:
            take = qs0[: max(0, min(len(qs0), budget))]
            budget -= len(take)
            if take:
                batch.append((run.nodes[s.id], take))
        await run.evaluate(batch)
        report(0, tuple(n.id for n, _ in batch), 0.0)

    stop = "max_queries"
    round_ = 0
    barren = 0
    mutated: set[int] = set()
    while run.remaining > 0:
        if narrow_enough():
            stop = "target_ci"
            break
        # One wave: `parallel` iterations selected one after the other (visits act as virtual
        # loss), mutated in one helper call and asked in one target call, then all updated.
        width = max(1, min(parallel, -(-run.remaining // per_round)))
        paths = [tree.select_path() for _ in range(width)]
        rounds = list(range(round_ + 1, round_ + width + 1))
        round_ += width
        run.stats.rounds = round_
        for path in paths:
            if path[-1] in mutated:
                run.stats.reselections += 1
            mutated.add(path[-1])
        parents = [run.templates[index_to_id[path[-1]]] for path in paths]
        pool = [run.templates[t] for t, n in run.nodes.items() if n.in_pool]
        avoid = {t.text for t in run.templates.values()}
        wave = await mut.mutate_many(parents, pool, n=energy, avoid=avoid)
        run.stats.mutations_attempted = mut.attempted
        run.stats.mutations_rejected = dict(sorted(mut.rejected.items()))
        batch = []
        slots: list[tuple[list[int], int, int, int]] = []  # path, round, first and end index in batch
        budget = run.remaining
        for path, r, parent, mutants in zip(paths, rounds, parents, wave, strict=True):
            run.stats.helper_fallbacks += sum(m.fallback for m in mutants)
            if not mutants:
                tree.update_path(path, 0.0)
                barren += 1
                continue
            barren = 0
            qs = sample_questions(questions, per_round, seed, r)
            first = len(batch)
            for j, m in enumerate(mutants):
                take = qs[: max(0, min(len(qs), budget))]
                budget -= len(take)
                if not take:
                    break
                batch.append(
                    (_new_node(run, m, parent, f"mut-{r:04d}-{j}", tree.nodes[path[-1]].level + 1, r), take)
                )
            slots.append((path, r, first, len(batch)))
        if barren >= MAX_BARREN_ROUNDS:
            stop = "no_mutants"
            break
        if not batch:
            continue
        counts = await run.evaluate(batch)
        for path, r, first, end in slots:
            mine = list(zip(batch[first:end], counts[first:end], strict=True))
            rates = [loose / scored if scored else 0.0 for _, (loose, scored) in mine]
            reward = sum(rates) / len(rates) if rates else 0.0
            tree.update_path(path, reward)
            for (node, _), (loose, _) in mine:
                if loose >= 1:
                    node.in_pool = True
                    idx = tree.add_child(path[-1])
                    index_to_id[idx] = node.id
                    run.stats.max_level = max(run.stats.max_level, node.level)
            report(r, tuple(node.id for (node, _), _ in mine), reward)

    sync_tree()
    run.stats.stop_reason = stop
    config = {
        "max_queries": max_queries,
        "questions_per_round": per_round,
        "selection": selection,
        "target_ci": target_ci,
        "target_ci_meaning": "half-width of the Wilson 95% interval of the loose score",
        "seed": seed,
        "energy": energy,
        "parallel": parallel,
        "evaluate_seeds": evaluate_seeds,
        "mcts": asdict(cfg),
        "mutators": list(mut.mutators),
        "helper": helper is not None and any(m in HELPER_MUTATORS for m in mut.mutators),
    }
    return FuzzResult(records=run.records, templates=list(run.nodes.values()), stats=run.stats, config=config)
