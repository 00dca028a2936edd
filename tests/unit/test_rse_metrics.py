"""Judge-free metrics: known orderings in English and Chinese, ranges, symmetry, exactness."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from distillq.errors import UsageError
from distillq.rse.metrics import resolve_weights, score_pairs, similarity_matrices
from distillq.rse.metrics_lexical import lexical_tensor
from distillq.rse.metrics_structural import structural_tensor
from distillq.rse.metrics_text import semantic_tensor, stylistic_similarity, tokenize_corpus

# base, identical, paraphrase, same topic, unrelated
EN = [
    "The heart pumps blood through the arteries to every organ, and the veins carry it back to the heart.",
    "The heart pumps blood through the arteries to every organ, and the veins carry it back to the heart.",
    "Blood is pumped by the heart through arteries to each organ, and veins bring it back to the heart.",
    "The lungs take in oxygen, which the blood then delivers to the body's cells for energy.",
    "To bake sourdough, feed the starter, mix flour and water, and let the dough rise overnight.",
]
ZH = [
    "心脏通过动脉把血液输送到全身各个器官，静脉再把血液送回心脏。",
    "心脏通过动脉把血液输送到全身各个器官，静脉再把血液送回心脏。",
    "血液由心脏经动脉送到各个器官，然后通过静脉回到心脏。",
    "肺部吸入氧气，血液再把氧气运送给身体的细胞。",
    "做酸面包要先喂养酵头，再把面粉和水混合，让面团发酵一夜。",
]


def _first_row(tensor: np.ndarray) -> np.ndarray:
    return tensor[0, 0, 1:]


# Other prompts' answers: IDF needs a corpus in which function words are common, as in real runs.
BACKGROUND_EN = [
    "It is a good idea to check the facts and to ask the experts before you decide.",
    "The city has a river, and the bridges over it are old and beautiful to see.",
]
BACKGROUND_ZH = [
    "这是一个很好的问题，我们可以从几个方面来看。",
    "这座城市有一条河，河上的桥都很古老，也很漂亮。",
]


@pytest.mark.parametrize("texts", [EN, ZH], ids=["en", "zh"])
def test_lexical_ordering(texts: list[str]) -> None:
    row = _first_row(lexical_tensor([[t] for t in texts], sketch=1))
    assert row[0] == pytest.approx(1.0)
    assert row[0] > row[1] > row[2] > row[3]


def test_lexical_sketch_approximates_exact_on_long_texts() -> None:
    long = [[" ".join([t, *BACKGROUND_EN, t[::-1]])] for t in EN]
    exact = lexical_tensor(long, sketch=1)
    approx = lexical_tensor(long, sketch=4)
    assert np.abs(exact - approx).max() < 0.1
    row = _first_row(approx)
    assert row[0] == pytest.approx(1.0)
    assert row[0] > row[1] > max(row[2], row[3])


@pytest.mark.parametrize(
    ("texts", "background"), [(EN, BACKGROUND_EN), (ZH, BACKGROUND_ZH)], ids=["en", "zh"]
)
def test_semantic_ordering(texts: list[str], background: list[str]) -> None:
    grid = [[t, *background] for t in texts]
    row = _first_row(semantic_tensor(tokenize_corpus(grid)))
    assert row[0] == pytest.approx(1.0, abs=1e-5)
    assert row[0] > row[1] > row[2] > row[3]


def test_structural_ordering() -> None:
    base = "## Steps\n\n1. Mix **flour**.\n2. Add water.\n3. Bake.\n\nEnjoy!"
    same_shape = "## Plan\n\n1. Wake **early**.\n2. Run far.\n3. Rest.\n\nGood luck!"
    half = "1. Mix flour.\n2. Add water.\n3. Bake.\n\nEnjoy!"
    none = "Just mix flour with water and bake it for a while until it is done, then let it cool."
    row = _first_row(structural_tensor([[base], [base], [same_shape], [half], [none]]))
    assert row[0] == pytest.approx(1.0)
    assert row[0] >= row[1] > row[2] > row[3]


def _sacrebleu_chrf(a: str, b: str) -> float:
    from sacrebleu.metrics import CHRF

    if not "".join(a.split()) and not "".join(b.split()):
        return 1.0  # our convention: two empty answers are identical
    return float(CHRF(char_order=4, word_order=0, beta=1, lowercase=True).sentence_score(a, [b]).score) / 100


def test_lexical_equals_sacrebleu_chrf_when_exact() -> None:
    rng = np.random.default_rng(7)
    alphabet = list("abcde fg") + ["中", "文"]
    grid = [["".join(rng.choice(alphabet, size=rng.integers(0, 40))) for _ in range(6)] for _ in range(4)]
    grid[0][0] = grid[1][0] = ""
    grid[2][1] = "中文 abc"  # short text: some orders absent on one side
    t = lexical_tensor(grid, sketch=1, block=2)
    for p in range(6):
        for a, b in itertools.combinations(range(4), 2):
            assert t[p, a, b] == pytest.approx(_sacrebleu_chrf(grid[a][p], grid[b][p]), abs=1e-5)
            assert t[p, a, b] == pytest.approx(t[p, b, a], abs=1e-6)


def _style_models() -> list[list[str]]:
    topics = ["tea", "rain", "maps", "salt", "bees", "glass", "kites", "ink"]
    a = [f"Certainly! Here is a short overview of {t}. It matters a lot. I hope this helps!" for t in topics]
    a2 = [f"Certainly! Here is a brief overview of {t}. It is useful. I hope this helps!" for t in topics]
    b = [f"{t.title()}: well, honestly, people argue about {t} all the time, mate. Cheers." for t in topics]
    c = [
        f"In summary, {t} has several properties; see the list below for details. Thanks for asking."
        for t in topics
    ]
    return [a, a2, b, c]


def test_stylistic_profiles_find_the_sibling() -> None:
    sim, boots = stylistic_similarity(tokenize_corpus(_style_models()), np.ones((3, 8), dtype=np.float32))
    assert sim.shape == (4, 4)
    assert np.allclose(sim, sim.T) and np.allclose(np.diag(sim), 1.0)
    assert sim[0, 1] > sim[0, 2] and sim[0, 1] > sim[0, 3]
    assert boots is not None and boots.shape == (3, 4, 4)
    assert np.allclose(boots[0], sim, atol=1e-6)  # all-ones weights reproduce the full sample


def test_similarity_matrices_shape_symmetry_ranges() -> None:
    grid = _style_models()
    res = similarity_matrices(grid, ["a", "a2", "b", "c"], n_resamples=50)
    assert set(res.matrices) == {"lexical", "structural", "stylistic", "semantic", "overall"}
    for name, mat in res.matrices.items():
        assert mat.shape == (4, 4), name
        assert np.allclose(mat, mat.T), name
        assert np.allclose(np.diag(mat), 1.0), name
        assert (mat >= 0).all() and (mat <= 1).all(), name
        lo, hi = res.intervals[name][0, 1]
        assert lo <= hi
    ov = res.matrices["overall"]
    assert ov[0, 1] == max(ov[0, 1:])
    rows = res.pair_table()
    assert len(rows) == 6 and {"overall", "overall_ci"} <= set(rows[0])


def test_weights_are_validated_and_normalised() -> None:
    assert resolve_weights({"lexical": 2, "semantic": 2}) == {
        "lexical": 0.5,
        "structural": 0.0,
        "stylistic": 0.0,
        "semantic": 0.5,
    }
    with pytest.raises(UsageError):
        resolve_weights({"vibes": 1})
    with pytest.raises(UsageError):
        resolve_weights({"lexical": 0})


def test_judge_mode_needs_rse_run() -> None:
    with pytest.raises(UsageError, match="rse run"):
        similarity_matrices([["a"], ["b"]], ["x", "y"], metrics="judge")


def test_score_pairs_orders_close_and_far_models() -> None:
    models = _style_models()
    close = score_pairs(models[0], models[1])
    far = score_pairs(models[0], models[2])
    assert close["aggregate"]["overall"]["mean"] > far["aggregate"]["overall"]["mean"]
    agg = close["aggregate"]["lexical"]
    assert agg["ci_low"] <= agg["mean"] <= agg["ci_high"]
    assert len(close["per_prompt"]["overall"]) == 8
    with pytest.raises(UsageError):
        score_pairs(["a"], ["b", "c"])


def test_score_pairs_identical_answers_score_one() -> None:
    answers = ["Certainly! The capital of France is Paris.", "二加二等于四。", "Use `git revert HEAD`."]
    res = score_pairs(answers, list(answers))
    for name in ("lexical", "structural", "semantic", "stylistic", "overall"):
        assert res["aggregate"][name]["mean"] == pytest.approx(1.0, abs=1e-6), name


def test_score_pairs_stylistic_interval_has_width() -> None:
    rng = np.random.default_rng(3)
    words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta"]
    ref = [" ".join(rng.choice(words, size=15)) + "." for _ in range(40)]
    test = [" ".join(rng.choice(words, size=15)) + "!" for _ in range(40)]
    agg = score_pairs(ref, test)["aggregate"]
    assert agg["stylistic"]["ci_high"] > agg["stylistic"]["ci_low"]
    assert agg["overall"]["ci_high"] > agg["overall"]["ci_low"]
