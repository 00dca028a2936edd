"""Lexical similarity: a symmetric character n-gram F-score (sacrebleu's chrF with beta = 1).

Character n-grams work for languages without spaces (Chinese) and for code. For speed, the
n-grams of a block of prompts are hashed with numpy, and the multiset overlap
sum_g min(count_a(g), count_b(g)) is computed as a sparse product: the k-th occurrence of an
n-gram in a response becomes its own binary column, so a dot product counts min(count_a, count_b).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse

DEFAULT_ORDERS: tuple[int, ...] = (1, 2, 3, 4)
DEFAULT_SKETCH = 4  # keep 1 in 4 distinct n-grams of order >= 2; 1 means exact
_WS = re.compile(r"\s+")
_BASE = np.uint64(1_000_003)
_PROMPT_MIX = np.uint64(0x9E3779B97F4A7C15)
_DOC_BITS = 12  # up to 4096 responses per block


def _normalise(text: str) -> str:
    # chrF ignores whitespace; case carries little meaning for similarity of content.
    return _WS.sub("", text.lower()).replace("\0", "")


def _block_overlaps(
    texts: list[str], n_models: int, orders: tuple[int, ...], sketch: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """For texts ordered (prompt, model): overlaps[o, p, a, b] and counts[o, p, a]."""
    n_docs = len(texts)
    n_prompts = n_docs // n_models
    joined = "\0".join(texts) + "\0"
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    is_sep = cps == 0
    doc_of_pos = np.concatenate(([0], np.cumsum(is_sep)[:-1])).astype(np.int64)
    sep_prefix = np.concatenate(([0], np.cumsum(is_sep))).astype(np.int64)
    overlaps = np.zeros((len(orders), n_prompts, n_models, n_models), dtype=np.float64)
    counts = np.zeros((len(orders), n_prompts, n_models), dtype=np.float64)
    for oi, n in enumerate(orders):
        length = cps.size - n + 1
        if length <= 0:
            continue
        h = cps[:length].copy()
        with np.errstate(over="ignore"):
            for k in range(1, n):
                h = h * _BASE + cps[k : k + length]
        valid = (sep_prefix[n : n + length] - sep_prefix[:length]) == 0
        if sketch > 1 and n > 1:
            # Consistent sampling: keep an n-gram everywhere or nowhere, decided by its hash.
            with np.errstate(over="ignore"):
                valid &= ((h * _PROMPT_MIX) >> np.uint64(40)) % np.uint64(sketch) == 0
        doc = doc_of_pos[:length][valid]
        if doc.size == 0:
            continue
        prompt = (doc // n_models).astype(np.uint64)
        with np.errstate(over="ignore"):
            hv = h[valid] + prompt * _PROMPT_MIX
        key = (hv << np.uint64(_DOC_BITS)) | doc.astype(np.uint64)
        key.sort()
        sdoc = (key & np.uint64((1 << _DOC_BITS) - 1)).astype(np.int64)
        gram = key >> np.uint64(_DOC_BITS)
        idx = np.arange(key.size)
        run_start = np.ones(key.size, dtype=bool)
        run_start[1:] = key[1:] != key[:-1]
        rank = idx - np.maximum.accumulate(np.where(run_start, idx, 0))
        group_start = np.ones(key.size, dtype=bool)
        group_start[1:] = gram[1:] != gram[:-1]
        group = np.cumsum(group_start) - 1
        max_rank = np.maximum.reduceat(rank, np.flatnonzero(group_start))
        offsets = np.concatenate(([0], np.cumsum(max_rank + 1)[:-1]))
        col = offsets[group] + rank
        m = sparse.csr_matrix(
            (np.ones(key.size, dtype=np.float64), (sdoc, col)),
            shape=(n_docs, int(offsets[-1] + max_rank[-1] + 1)),
        )
        gram_mat = (m @ m.T).toarray()
        blocks = gram_mat.reshape(n_prompts, n_models, n_prompts, n_models)
        ar = np.arange(n_prompts)
        overlaps[oi] = blocks[ar, :, ar, :]
        counts[oi] = np.bincount(sdoc, minlength=n_docs).reshape(n_prompts, n_models)
    return overlaps, counts


def lexical_tensor(
    responses: list[list[str]],
    orders: tuple[int, ...] = DEFAULT_ORDERS,
    sketch: int = DEFAULT_SKETCH,
    block: int = 8,
    workers: int = 2,
) -> np.ndarray:
    """Per-prompt lexical similarity, shape (prompts, models, models), symmetric, 1 on the diagonal.

    The formula is sacrebleu's chrF with beta = 1 (symmetric), lower-cased, whitespace removed:
    n-gram precision and recall averaged over the orders both texts have, then their harmonic
    mean. With sketch=1 the values equal `sacrebleu.metrics.CHRF(word_order=0, beta=1,
    lowercase=True)` sentence scores / 100. Two empty responses count as identical (sacrebleu: 0).
    """
    n_models = len(responses)
    n_prompts = len(responses[0]) if n_models else 0
    out = np.zeros((n_prompts, n_models, n_models), dtype=np.float32)
    block = max(1, min(block, (1 << _DOC_BITS) // max(n_models, 1)))
    norm = [[_normalise(t) for t in rs] for rs in responses]

    def run(start: int) -> tuple[int, np.ndarray, np.ndarray]:
        stop = min(n_prompts, start + block)
        texts = [norm[m][p] for p in range(start, stop) for m in range(n_models)]
        ov, cnt = _block_overlaps(texts, n_models, orders, sketch)
        return start, ov, cnt

    # numpy's sort and scipy's products release the GIL, so threads use both cores.
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = list(pool.map(run, range(0, n_prompts, block)))
    for start, ov, cnt in results:
        stop = start + ov.shape[1]
        ca, cb = cnt[:, :, :, None], cnt[:, :, None, :]
        both = (ca > 0) & (cb > 0)
        # sacrebleu's chrF: precision and recall averaged over the orders both texts have, then F1.
        prec = np.where(both, ov / np.where(both, ca, 1.0), 0.0).sum(axis=0)
        rec = np.where(both, ov / np.where(both, cb, 1.0), 0.0).sum(axis=0)
        n_eff = both.sum(axis=0)
        prec, rec = prec / np.maximum(n_eff, 1), rec / np.maximum(n_eff, 1)
        f1 = np.where(prec + rec > 0, 2.0 * prec * rec / np.where(prec + rec > 0, prec + rec, 1.0), 0.0)
        empty = (cnt.sum(axis=0)[:, :, None] == 0) & (cnt.sum(axis=0)[:, None, :] == 0)
        out[start:stop] = np.where(empty, 1.0, f1)
    idx = np.arange(n_models)
    out[:, idx, idx] = 1.0
    return out
