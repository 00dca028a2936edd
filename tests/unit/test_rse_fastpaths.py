"""The vectorised RSE paths equal plain reference implementations on small random inputs.

`rse compare` computes every pair of models on every prompt with numpy tricks (hashed n-grams,
occurrence columns, one regex pass per model); these tests pin them to the obvious loops.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

from distillq.rse import metrics_lexical as ml
from distillq.rse.metrics_text import _TOKEN, tokenize_corpus

M64 = (1 << 64) - 1
ALPHABET = list("aab cde\n fgΣσ") + ["中", "文", "\u3002", "!", "_", "\U0001f600"]


def _grid(seed: int, n_models: int, n_prompts: int, max_len: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    grid = [
        ["".join(rng.choice(ALPHABET, size=int(rng.integers(0, max_len)))) for _ in range(n_prompts)]
        for _ in range(n_models)
    ]
    grid[0][0] = grid[1][0] = ""  # two empty answers
    grid[-1][-1] = "x"  # shorter than every order but one
    return grid


def _kept(gram: str, sketch: int) -> bool:
    """The sketch's consistent sample, computed with Python integers (mod 2^64)."""
    if sketch <= 1 or len(gram) == 1:
        return True
    h = 0
    for ch in gram:
        h = (h * 1_000_003 + ord(ch)) & M64
    return (((h * 0x9E3779B97F4A7C15) & M64) >> 40) % sketch == 0


def _reference_chrf(a: str, b: str, sketch: int, orders: tuple[int, ...] = (1, 2, 3, 4)) -> float:
    """chrF (beta = 1) from Counters of the sketched n-grams: the definition, one pair at a time."""
    a, b = ("".join(t.lower().split()).replace("\0", "") for t in (a, b))
    if not a and not b:
        return 1.0
    prec = rec = 0.0
    n_eff = 0
    for n in orders:
        ca = Counter(g for g in (a[i : i + n] for i in range(len(a) - n + 1)) if _kept(g, sketch))
        cb = Counter(g for g in (b[i : i + n] for i in range(len(b) - n + 1)) if _kept(g, sketch))
        ta, tb = sum(ca.values()), sum(cb.values())
        if ta and tb:
            ov = sum((ca & cb).values())
            prec += ov / ta
            rec += ov / tb
            n_eff += 1
    if not n_eff:
        return 0.0
    prec, rec = prec / n_eff, rec / n_eff
    return 2 * prec * rec / (prec + rec) if prec + rec > 0 else 0.0


@pytest.mark.parametrize(("sketch", "block", "workers"), [(1, 3, 1), (4, 2, 2), (2, 8, 1)])
def test_lexical_tensor_equals_the_counter_reference(sketch: int, block: int, workers: int) -> None:
    grid = _grid(11 + sketch, n_models=5, n_prompts=7, max_len=60)
    t = ml.lexical_tensor(grid, sketch=sketch, block=block, workers=workers)
    assert t.shape == (7, 5, 5)
    for p in range(7):
        for a in range(5):
            assert t[p, a, a] == 1.0
            for b in range(5):
                if a != b:
                    assert t[p, a, b] == pytest.approx(
                        _reference_chrf(grid[a][p], grid[b][p], sketch), abs=1e-6
                    )


def test_block_overlaps_are_exact_multiset_overlaps() -> None:
    grid = _grid(5, n_models=4, n_prompts=3, max_len=80)
    texts = [ml._normalise(grid[m][p]) for p in range(3) for m in range(4)]
    ov, cnt = ml._block_overlaps(texts, 4, (1, 2, 3), sketch=1)
    for oi, n in enumerate((1, 2, 3)):
        for p in range(3):
            grams = [
                Counter(texts[p * 4 + m][i : i + n] for i in range(len(texts[p * 4 + m]) - n + 1))
                for m in range(4)
            ]
            for a in range(4):
                assert cnt[oi, p, a] == sum(grams[a].values())
                for b in range(4):
                    assert ov[oi, p, a, b] == sum((grams[a] & grams[b]).values())


def _reference_tokens(responses: list[list[str]]) -> tuple[list[int], list[int], list[str]]:
    vocab: dict[str, int] = {}
    ids: list[int] = []
    lengths: list[int] = []
    for rs in responses:
        for text in rs:
            toks = [vocab.setdefault(t, len(vocab)) for t in _TOKEN.findall(text.lower())]
            ids.extend(toks)
            lengths.append(len(toks))
    return ids, lengths, list(vocab)


@pytest.mark.parametrize("with_separator_char", [False, True])
def test_tokenize_corpus_equals_per_answer_tokenising(with_separator_char: bool) -> None:
    grid = _grid(3, n_models=4, n_prompts=6, max_len=50)
    grid[1][2] = "ΑΣ word ΣΑΣ. Straße İstanbul don't snake_case"  # case context at answer ends
    grid[2][3] = "Σ"
    if with_separator_char:
        grid[3][1] = "private \ue000 use"  # the default separator appears in an answer
    corpus = tokenize_corpus(grid)
    ids, lengths, words = _reference_tokens(grid)
    assert corpus.ids.tolist() == ids
    assert np.diff(corpus.offsets).tolist() == lengths
    assert corpus.vocab_size == len(words)
    assert corpus.is_word.tolist() == [bool(re.match(r"^\w", w)) for w in words]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  \n ",
        "one paragraph, no newline",
        "a\n\nb\n\n\nc",
        "Steps:\n1. mix\n2) bake\n\u0661. arabic-indic digit",
        "- a\n* b\n+ c\n\u2022 d\n-not a bullet",
        "# H\n   ## H2\n#not",
        "```py\nx = 1\n```\nand `inline` code",
        "| a | b |\n|---|---|",
        "**bold** and __also__ but *not*",
        "ends with a colon:\n\u5217\u8868\uff1a",
    ],
)
def test_structure_vector_equals_plain_regex_counts(text: str) -> None:
    from distillq.rse.metrics_structural import _PARA, _PATTERNS, FEATURES, structure_vector

    expected = []
    for name in FEATURES:
        if name == "paragraphs":
            expected.append(len([p for p in _PARA.split(text) if p.strip()]))
        elif name == "code_blocks":
            expected.append(len(_PATTERNS[name].findall(text)) // 2)
        else:
            expected.append(len(_PATTERNS[name].findall(text)))
    assert structure_vector(text).tolist() == expected
