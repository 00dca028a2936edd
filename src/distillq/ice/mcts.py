"""MCTS-Explore seed selection, as designed in GPTFuzz (Yu et al. 2023).

The template tree has the seed templates as roots and successful mutants as children of the
template they were mutated from. Each round selects one node: the best root by UCT, then walks
down the best child by UCT, stopping early with probability `stop_prob` so inner nodes keep a
chance (the "explore" in MCTS-Explore). After the round, the reward (share of questions the new
mutants broke, in [0, 1]) is added to every node of the selected path, scaled down by the depth
of the selected node (`alpha` per level) but never below `beta`, so one lineage cannot take over.

Pure and seeded: the same seed and the same rewards give the same selections.

Two baselines share the interface, for benchmarks and for reproducing the seed paper:
`RandomSelect` (a uniformly random template of the pool each round) and `RootsOnce` (the
released paper code's behaviour: the shuffled seed templates walked one by one, each mutated once).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MCTSConfig:
    """MCTS-Explore parameters (GPTFuzz's, except the exploration weight).

    ratio: weight of the UCT exploration term (higher explores more). GPTFuzz uses 0.5; with
      rewards that are shares of 10 questions (mostly under 0.3) and ~100 iterations over ~30
      seeds, 0.5 makes the bonus dwarf every reward difference and selection is close to
      round-robin: in benchmarks/bench_fuzzer.py it only ties random choice. 0.1 lets rewards
      count; see docs/fuzzer.md for the measured effect.
    alpha: reward penalty per tree level of the selected node (deep lineages earn less).
    beta: floor of the penalty multiplier, so deep successes still earn `beta * reward`.
    stop_prob: chance to stop descending at each inner node (GPTFuzz's code reuses alpha for it).
    """

    ratio: float = 0.1
    alpha: float = 0.1
    beta: float = 0.2
    stop_prob: float = 0.1


@dataclass
class MCTSNode:
    index: int
    parent: int | None
    level: int
    children: list[int] = field(default_factory=list)
    visits: int = 0
    reward: float = 0.0  # accumulated (penalised) rewards


class MCTSExplore:
    """The selection policy; node indices are assigned in insertion order."""

    def __init__(self, config: MCTSConfig | None = None, seed: int = 0) -> None:
        self.config = config or MCTSConfig()
        self.nodes: list[MCTSNode] = []
        self.roots: list[int] = []
        self.step = 0
        self.last_path: list[int] = []
        self._rng = random.Random(seed)

    def add_root(self) -> int:
        node = MCTSNode(index=len(self.nodes), parent=None, level=0)
        self.nodes.append(node)
        self.roots.append(node.index)
        return node.index

    def add_child(self, parent: int) -> int:
        p = self.nodes[parent]
        node = MCTSNode(index=len(self.nodes), parent=parent, level=p.level + 1)
        self.nodes.append(node)
        p.children.append(node.index)
        return node.index

    def uct(self, index: int, step: int | None = None) -> float:
        """Mean reward plus exploration bonus: reward/(n+1) + ratio*sqrt(2 ln t / (n+0.01))."""
        node = self.nodes[index]
        t = self.step if step is None else step
        exploit = node.reward / (node.visits + 1)
        explore = self.config.ratio * math.sqrt(2 * math.log(max(t, 1)) / (node.visits + 0.01))
        return exploit + explore

    def _best(self, candidates: list[int]) -> int:
        scores = [self.uct(i) for i in candidates]
        top = max(scores)
        tied = [i for i, s in zip(candidates, scores, strict=True) if math.isclose(s, top, rel_tol=1e-12)]
        # Seeded tie-break: GPTFuzz takes the first, which walks the seed list in its given order.
        return tied[0] if len(tied) == 1 else self._rng.choice(tied)

    def select(self) -> int:
        """Pick the node to mutate next and remember its path for `update`."""
        self.last_path = self.select_path()
        return self.last_path[-1]

    def select_path(self) -> list[int]:
        """Pick the node to mutate next; returns its path from the root, for `update_path`.

        Visits are counted at selection, so several selections before their updates (one wave of
        parallel iterations) see each other as visited: the "virtual loss" of parallel MCTS
        (Chaslot et al., 2008) that spreads a wave over different templates.
        """
        if not self.roots:
            raise ValueError(f"{type(self).__name__}.select needs at least one root")
        self.step += 1
        path = self._choose()
        for i in path:
            self.nodes[i].visits += 1
        return path

    def _choose(self) -> list[int]:
        cur = self._best(self.roots)
        path = [cur]
        while self.nodes[cur].children:
            if self._rng.random() < self.config.stop_prob:
                break
            cur = self._best(self.nodes[cur].children)
            path.append(cur)
        return path

    def penalty(self, level: int) -> float:
        """Multiplier for a reward earned by mutating a node at `level`: max(beta, 1 - alpha*level)."""
        return max(self.config.beta, 1.0 - self.config.alpha * level)

    def update(self, reward: float) -> float:
        """Credit `reward` (in [0, 1]) to the last selected path; returns the credited amount."""
        return self.update_path(self.last_path, reward)

    def update_path(self, path: list[int], reward: float) -> float:
        """Credit `reward` (in [0, 1]) to `path` (from `select_path`); returns the credited amount."""
        if not 0.0 <= reward <= 1.0:
            raise ValueError(f"reward must be in [0, 1], got {reward}")
        if not path:
            return 0.0
        credited = reward * self.penalty(self.nodes[path[-1]].level)
        for i in path:
            self.nodes[i].reward += credited
        return credited


class RandomSelect(MCTSExplore):
    """Baseline: every round, a uniformly random template of the pool (seeds and pooled mutants)."""

    def _choose(self) -> list[int]:
        return [self._rng.randrange(len(self.nodes))]


class RootsOnce(MCTSExplore):
    """The seed paper's released behaviour: shuffled seeds, each mutated once, mutants never selected.

    After the last seed, the seeds are shuffled again (the paper's budget ended before that).
    """

    def __init__(self, config: MCTSConfig | None = None, seed: int = 0) -> None:
        super().__init__(config, seed)
        self._queue: list[int] = []

    def _choose(self) -> list[int]:
        if not self._queue:
            self._queue = list(self.roots)
            self._rng.shuffle(self._queue)
        return [self._queue.pop(0)]


SELECTIONS: dict[str, type[MCTSExplore]] = {"mcts": MCTSExplore, "random": RandomSelect, "paper": RootsOnce}


def make_selector(name: str, config: MCTSConfig | None = None, seed: int = 0) -> MCTSExplore:
    """The selection policy called `name` (mcts, random or paper)."""
    if name not in SELECTIONS:
        raise ValueError(f"unknown selection {name!r}; choose from {sorted(SELECTIONS)}")
    return SELECTIONS[name](config, seed)
