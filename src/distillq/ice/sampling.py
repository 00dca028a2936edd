"""Which identity questions a fuzzing round asks: a rotating sample over languages and aspects.

GPTFuzz scores each mutant on a sample of the questions, so a fixed budget buys many search
iterations instead of a few exhaustive ones. The sample of a round takes one question from each
(language, aspect) stratum in turn and walks every stratum in a seeded order, so over successive
rounds all languages, aspects and questions come up evenly. Pure: the same seed and round give
the same sample, which is what lets a re-run replay the same path from the cache.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from distillq.ice.types import Question

# 10 questions a round: one per (language, aspect) stratum of our 2 x 5 set, and 100 iterations
# for a 1,000-query budget (GPTFuzz's search needs iterations; 17 rounds of 60 questions is no search).
DEFAULT_QUESTIONS_PER_ROUND = 10
# MCTS iterations run at once: 4 searched as well as 1 in benchmarks/bench_fuzzer.py (docs/fuzzer.md)
# and cuts the number of sequential round trips to the target (and helper) by four.
DEFAULT_PARALLEL_ROUNDS = 4


def _strata(questions: Sequence[Question], seed: int) -> list[list[Question]]:
    aspects: dict[str, int] = {}
    languages: dict[str, int] = {}
    groups: dict[tuple[str, str], list[Question]] = {}
    for q in questions:
        aspects.setdefault(q.aspect, len(aspects))
        languages.setdefault(q.language, len(languages))
        groups.setdefault((q.aspect, q.language), []).append(q)
    keys = sorted(groups, key=lambda k: (aspects[k[0]], languages[k[1]]))
    out = []
    for key in keys:
        items = list(groups[key])
        random.Random(f"distillq-fuzz:{seed}:{key[0]}:{key[1]}").shuffle(items)
        out.append(items)
    return out


def sample_questions(questions: Sequence[Question], k: int | None, seed: int, round_: int) -> list[Question]:
    """The questions of round `round_`: all of them in order when k is None or covers them all,
    else k distinct questions rotating through the (language, aspect) strata."""
    if k is None or k >= len(questions):
        return list(questions)
    strata = _strata(questions, seed)
    n = len(strata)
    chosen: list[Question] = []
    ids: set[str] = set()
    j = round_ * k
    while len(chosen) < k:
        stratum = strata[j % n]
        q = stratum[(j // n) % len(stratum)]
        if q.id not in ids:
            ids.add(q.id)
            chosen.append(q)
        j += 1
    return chosen
