"""Lexical similarity: a symmetric character n-gram F-score (sacrebleu's chrF with beta = 1).

Character n-grams work for languages without spaces (Chinese) and for code. For speed, the
n-grams of a block of prompts are hashed with numpy, and the multiset overlap
sum_g min(count_a(g), count_b(g)) is computed as a matrix product: the k-th occurrence of an
n-gram in a response becomes its own binary column, so a dot product counts min(count_a, count_b).
Columns only one response has are dropped, and each prompt's shared columns form a small dense
0/1 matrix multiplied by BLAS (exact: the sums are integers far below float32's 2^24).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

DEFAULT_ORDERS: tuple[int, ...] = (1, 2, 3, 4)
DEFAULT_SKETCH = 4  # keep 1 in 4 distinct n-grams of order >= 2; 1 means exact
_BASE = np.uint64(1_000_003)
_PROMPT_MIX = np.uint64(0x9E3779B97F4A7C15)
_DOC_BITS = 12  # up to 4096 responses per block


def _normalise(text: str) -> str:
    # chrF ignores whitespace; case carries little meaning for similarity of content.
    # str.split() and re's \s agree on what whitespace is (both use Py_UNICODE_ISSPACE).
    return "".join(text.lower().split()).replace("\0", "")


def _hashes(cps: np.ndarray, orders: tuple[int, ...]) -> dict[int, np.ndarray]:
    """Polynomial hash of every n-gram start, per order, each order built from the one before."""
    out: dict[int, np.ndarray] = {}
    h = cps
    with np.errstate(over="ignore"):
        for n in range(1, max(orders) + 1):
            if n > 1:
                length = cps.size - n + 1
                if length <= 0:
                    break
                h = h[:length] * _BASE + cps[n - 1 : n - 1 + length]
            if n in orders:
                out[n] = h
    return out


def _shared_columns(
    key: np.ndarray, n_models: int, n_prompts: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted (gram, doc) keys -> (model, column, prompt bounds) of the shared occurrence columns.

    The k-th occurrence of an n-gram in a response is column (gram, k); a column only one
    response has adds nothing to any pair, so it is dropped. Columns come grouped by prompt.
    """
    sdoc = (key & np.uint64((1 << _DOC_BITS) - 1)).astype(np.int64)
    gram = key >> np.uint64(_DOC_BITS)
    idx = np.arange(key.size)
    run_start = np.ones(key.size, dtype=bool)
    run_start[1:] = key[1:] != key[:-1]
    rank = idx - np.maximum.accumulate(np.where(run_start, idx, 0))
    group_start = np.ones(key.size, dtype=bool)
    group_start[1:] = gram[1:] != gram[:-1]
    group = np.cumsum(group_start) - 1
    first = np.flatnonzero(group_start)
    width = np.maximum.reduceat(rank, first) + 1
    offsets = np.concatenate(([0], np.cumsum(width)[:-1]))
    col = offsets[group] + rank
    nnz = np.bincount(col)
    keep = nnz[col] >= 2
    col, sdoc = col[keep], sdoc[keep]
    col_prompt = np.zeros(nnz.size, dtype=np.int64)
    col_prompt[col] = sdoc // n_models
    shared = np.flatnonzero(nnz >= 2)
    order = shared[np.argsort(col_prompt[shared], kind="stable")]
    new_col = np.empty(nnz.size, dtype=np.int64)
    new_col[order] = np.arange(order.size)
    bounds = np.concatenate(([0], np.cumsum(np.bincount(col_prompt[order], minlength=n_prompts))))
    return sdoc % n_models, new_col[col], bounds


def _char_overlaps(
    cps: np.ndarray, doc_of_pos: np.ndarray, n_prompts: int, n_models: int
) -> tuple[np.ndarray, np.ndarray]:
    """Order 1 without hashing: each prompt's (models x characters) counts, min-summed pairwise."""
    chars = cps != 0
    code = cps[chars]
    doc = doc_of_pos[chars]
    lut = np.cumsum(np.bincount(code, minlength=1) > 0) - 1
    n_chars = int(lut[-1]) + 1 if code.size else 1
    flat = np.bincount(doc * n_chars + lut[code], minlength=n_prompts * n_models * n_chars)
    table = flat.reshape(n_prompts, n_models, n_chars).astype(np.int32)
    overlaps = np.empty((n_prompts, n_models, n_models), dtype=np.float64)
    for p in range(n_prompts):
        c = table[p][:, table[p].any(axis=0)]
        overlaps[p] = np.minimum(c[:, None, :], c[None, :, :]).sum(axis=-1)
    return table.sum(axis=-1), overlaps


def _block_overlaps(
    texts: list[str], n_models: int, orders: tuple[int, ...], sketch: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """For texts ordered (prompt, model): overlaps[o, p, a, b] and counts[o, p, a].

    overlaps are exact integer sums of min(count_a, count_b) over n-grams; each prompt's
    (models x shared columns) 0/1 matrix is multiplied by its transpose with BLAS (float32 is
    exact for these integer sums).
    """
    n_docs = len(texts)
    n_prompts = n_docs // n_models
    joined = "\0".join(texts) + "\0"
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    sep_pos = np.flatnonzero(cps == 0)
    doc_of_pos = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(sep_pos, prepend=-1))
    room = sep_pos[doc_of_pos] - np.arange(cps.size)  # characters left in the response at each position
    overlaps = np.zeros((len(orders), n_prompts, n_models, n_models), dtype=np.float64)
    counts = np.zeros((len(orders), n_prompts, n_models), dtype=np.float64)
    hashes = _hashes(cps.astype(np.uint64), orders) if max(orders) > 1 else {}
    diag = np.arange(n_models)
    for oi, n in enumerate(orders):
        if n == 1:
            counts[oi], overlaps[oi] = _char_overlaps(cps, doc_of_pos, n_prompts, n_models)
            continue
        if n not in hashes:
            continue
        h = hashes[n]
        valid = room[: h.size] >= n
        if sketch > 1 and n > 1:
            # Consistent sampling: keep an n-gram everywhere or nowhere, decided by its hash.
            with np.errstate(over="ignore"):
                valid &= ((h * _PROMPT_MIX) >> np.uint64(40)) % np.uint64(sketch) == 0
        doc = doc_of_pos[: h.size][valid]
        if doc.size == 0:
            continue
        prompt = (doc // n_models).astype(np.uint64)
        with np.errstate(over="ignore"):
            hv = h[valid] + prompt * _PROMPT_MIX
        key = (hv << np.uint64(_DOC_BITS)) | doc.astype(np.uint64)
        key.sort()
        cnt = np.bincount(doc, minlength=n_docs).reshape(n_prompts, n_models)
        counts[oi] = cnt
        model, col, bounds = _shared_columns(key, n_models, n_prompts)
        ones = np.zeros((n_models, max(int(bounds[-1]), 1)), dtype=np.float32)
        ones[model, col] = 1.0
        for p in range(bounds.size - 1):
            part = ones[:, bounds[p] : bounds[p + 1]]
            overlaps[oi, p] = part @ part.T
        overlaps[oi][:, diag, diag] = cnt
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
