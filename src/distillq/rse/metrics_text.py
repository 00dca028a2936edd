"""Word-level metrics: semantic (TF-IDF cosine per prompt) and stylistic (distinctive profiles).

Tokens are lower-cased words, single CJK characters (Chinese and Japanese have no spaces) and
single punctuation marks. All responses are encoded once as integer ids, and every matrix is
built with numpy/scipy sparse operations, so no Python loop runs over text pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+|[^\w\s]")
_CJK_CHAR = re.compile(rf"^[{_CJK}]$")
_WORD = re.compile(r"^\w")

MIN_SUPPORT = 5  # a stylistic feature must occur in at least this many responses (corpora of 100+)
BOOT_FEATURES = 8192
HASH_BITS = 24  # 16.7M hashed columns for n-gram, opener and closer features
_MIX = np.uint64(0x9E3779B97F4A7C15)  # most distinctive features kept when bootstrapping stylistic profiles


@dataclass
class TokenCorpus:
    """All responses as token ids; document d = model * n_prompts + prompt."""

    ids: np.ndarray
    offsets: np.ndarray
    is_cjk: np.ndarray
    is_word: np.ndarray
    n_models: int
    n_prompts: int

    @property
    def vocab_size(self) -> int:
        return int(self.is_cjk.size)

    @cached_property
    def doc_of_token(self) -> np.ndarray:
        """Document of every token (computed once: the semantic and stylistic features both need it)."""
        return np.repeat(np.arange(self.offsets.size - 1), np.diff(self.offsets))


def _separator(responses: list[list[str]]) -> str:
    """A private-use character no response contains: the tokeniser's own token between responses."""
    sep = "\ue000"
    while any(sep in t for rs in responses for t in rs):
        sep = chr(ord(sep) + 1)
    return sep


def tokenize_corpus(responses: list[list[str]]) -> TokenCorpus:
    """Encode every response once; vocabulary ids are assigned in first-seen order.

    One regex pass per model over its responses joined by a separator the regex matches as a
    token of its own (no token spans it, and it breaks case context as a response end does).
    """
    sep = _separator(responses)
    vocab: dict[str, int] = {sep: -1}
    parts: list[np.ndarray] = []
    lengths: list[np.ndarray] = []
    for rs in responses:
        toks = _TOKEN.findall((sep.join(rs) + sep).lower())
        for t in dict.fromkeys(toks):
            if t not in vocab:
                vocab[t] = len(vocab) - 1
        arr = np.fromiter(map(vocab.__getitem__, toks), dtype=np.int64, count=len(toks))
        ends = np.flatnonzero(arr < 0)
        lengths.append(np.diff(ends, prepend=-1) - 1)
        parts.append(arr[arr >= 0])
    words = list(vocab)[1:]
    flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    counts = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)
    return TokenCorpus(
        ids=flat,
        offsets=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        is_cjk=np.fromiter((bool(_CJK_CHAR.match(w)) for w in words), dtype=bool, count=len(words)),
        is_word=np.fromiter((bool(_WORD.match(w)) for w in words), dtype=bool, count=len(words)),
        n_models=len(responses),
        n_prompts=len(responses[0]) if responses else 0,
    )


def _sparse_from_keys(
    docs: np.ndarray, keys: np.ndarray, n_docs: int, binary: bool, exact_below: int
) -> sparse.csr_matrix:
    """Document x feature matrix. Keys below `exact_below` (single tokens) are their own column;
    longer features are hashed into HASH_BUCKETS columns (the hashing trick: no vocabulary sort,
    rare collisions among rare n-grams, most of which the support filter drops anyway)."""
    width = exact_below + (1 << HASH_BITS)
    index = np.int32 if width < 2**31 and n_docs < 2**31 else np.int64
    cols = np.empty(keys.size, dtype=index)
    step = 1 << 22  # keys at a time: the hashing temporaries stay small
    for i in range(0, keys.size, step):
        k = keys[i : i + step].astype(np.int64, copy=False)
        with np.errstate(over="ignore"):
            hashed = (k.astype(np.uint64) * _MIX) >> np.uint64(64 - HASH_BITS)
        cols[i : i + step] = np.where(k < exact_below, k, exact_below + hashed.astype(np.int64))
    mat = sparse.csr_matrix(
        (np.ones(keys.size, dtype=np.float32), (docs.astype(index, copy=False), cols)), shape=(n_docs, width)
    )
    del cols
    mat.sum_duplicates()
    if binary:
        mat.data[:] = 1.0
    # Drop empty columns so later products do not pay for 16.7M mostly-unused ones.
    used = np.flatnonzero(np.bincount(mat.indices, minlength=mat.shape[1]))
    remap = np.zeros(mat.shape[1], dtype=mat.indices.dtype)
    remap[used] = np.arange(used.size, dtype=mat.indices.dtype)
    return sparse.csr_matrix((mat.data, remap[mat.indices], mat.indptr), shape=(n_docs, max(used.size, 1)))


def _bigrams(corpus: TokenCorpus) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(doc, first id, second id) of adjacent tokens inside one document."""
    doc = corpus.doc_of_token
    same = doc[1:] == doc[:-1]
    return doc[1:][same], corpus.ids[:-1][same], corpus.ids[1:][same]


def semantic_tensor(corpus: TokenCorpus) -> np.ndarray:
    """Per-prompt TF-IDF cosine, shape (prompts, models, models).

    Features: words (punctuation dropped) plus CJK character bigrams, which play the part of
    words in Chinese. tf is sublinear (1 + log tf); idf = log((1 + D) / (1 + df)) + 1 over all
    responses, so words every model uses weigh least.
    """
    v = corpus.vocab_size
    doc = corpus.doc_of_token
    keep = corpus.is_word[corpus.ids]
    # CJK bigrams inside one document, selected before anything corpus-sized is copied.
    cjk = corpus.is_cjk[corpus.ids]
    cjk2 = cjk[:-1] & cjk[1:] & (doc[1:] == doc[:-1])
    del cjk
    b1, b2 = corpus.ids[:-1][cjk2], corpus.ids[1:][cjk2]
    docs = np.concatenate((doc[keep], doc[1:][cjk2])).astype(np.int32)
    keys = np.concatenate((corpus.ids[keep], v + b1 * v + b2))
    del keep, cjk2, b1, b2
    n_docs = corpus.n_models * corpus.n_prompts
    x = _sparse_from_keys(docs, keys, n_docs, binary=False, exact_below=v)
    x.data = 1.0 + np.log(x.data)
    df = np.bincount(x.indices, minlength=x.shape[1])
    idf = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
    x = sparse.csr_matrix(x.multiply(idf[None, :]))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x = sparse.csr_matrix(sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ x)
    n, p = corpus.n_models, corpus.n_prompts
    blocks = [x[m * p : (m + 1) * p] for m in range(n)]
    out = np.zeros((p, n, n), dtype=np.float32)
    empty = norms.reshape(n, p) == 0
    for a in range(n):
        out[:, a, a] = 1.0
        for b in range(a + 1, n):
            s = np.asarray(blocks[a].multiply(blocks[b]).sum(axis=1)).ravel()
            s = np.where(empty[a] & empty[b], 1.0, s)
            out[:, a, b] = out[:, b, a] = np.clip(s, 0.0, 1.0)
    return out


def stylistic_presence(corpus: TokenCorpus) -> sparse.csr_matrix:
    """Binary response x feature matrix of words, word bigrams, openers and closers.

    Openers/closers are the first 1-3 and last 2-3 tokens of a response: habits such as
    "Certainly! Here" or "hope this helps ." are among the most model-specific traits.
    """
    v = corpus.vocab_size
    doc = corpus.doc_of_token
    bd, b1, b2 = _bigrams(corpus)
    bigram = b1 * v  # (v + b1 * v + b2) * 8 + 1, in place: these arrays are corpus-sized
    del b1
    bigram += v
    bigram += b2
    del b2
    bigram *= 8
    bigram += 1
    parts_d = [doc.astype(np.int32), bd.astype(np.int32)]
    del bd
    parts_k = [corpus.ids, bigram]
    starts, ends = corpus.offsets[:-1], corpus.offsets[1:]
    lengths = ends - starts
    docs_all = np.arange(starts.size)
    mod = np.int64(1 << 48)
    for tag, k, from_end in ((2, 1, False), (3, 2, False), (4, 3, False), (5, 2, True), (6, 3, True)):
        ok = lengths >= k
        base = (ends[ok] - k) if from_end else starts[ok]
        h = np.zeros(int(ok.sum()), dtype=np.int64)
        for j in range(k):
            h = (h * (v + 1) + corpus.ids[base + j]) % mod
        parts_d.append(docs_all[ok].astype(np.int32))
        parts_k.append(v + h * 8 + tag)
    docs = np.concatenate(parts_d)
    parts_d.clear()
    keys = np.concatenate(parts_k)
    parts_k.clear()
    del bigram
    return _sparse_from_keys(docs, keys, starts.size, binary=True, exact_below=v)


def _profile_similarity(rates: np.ndarray) -> np.ndarray:
    """(models, features) rates -> models x models similarity in [0, 1].

    Each model's rates are first scaled to sum to one (a distribution over features), so a
    terse model is not "similar" to every other terse model just for using fewer features.
    With three or more models each profile is the Pearson residual against the mean
    distribution c of all models, (q - c) / sqrt(c) (as in correspondence analysis), so only
    what sets a model apart counts; cosine of residuals is mapped to [0, 1] by (1 + cos) / 2.
    With two models residuals are mirror images, so the distributions are compared directly.
    """
    totals = rates.sum(axis=1, keepdims=True)
    rates = rates / np.where(totals > 0, totals, 1.0)
    if rates.shape[0] >= 3:
        c = rates.mean(axis=0, keepdims=True)
        prof = (rates - c) / np.sqrt(np.clip(c, 1e-12, None))
    else:
        prof = rates
    norms = np.linalg.norm(prof, axis=1, keepdims=True)
    unit = prof / np.where(norms > 0, norms, 1.0)
    cos = unit @ unit.T
    sim = (1.0 + cos) / 2.0 if rates.shape[0] >= 3 else cos
    np.fill_diagonal(sim, 1.0)
    return np.asarray(np.clip(sim, 0.0, 1.0), dtype=np.float64)


def stylistic_features(corpus: TokenCorpus) -> sparse.csr_matrix:
    """The presence matrix restricted to features with enough support (shared with the classifier).

    Tiny corpora (e.g. a handful of answers in tests or `rse run` smoke runs) keep features shared
    by at least two answers; otherwise MIN_SUPPORT drops one-off noise.
    """
    pres = stylistic_presence(corpus)
    support = np.bincount(pres.indices, minlength=pres.shape[1])
    min_support = min(MIN_SUPPORT, max(2, (corpus.n_models * corpus.n_prompts) // 20))
    return sparse.csr_matrix(pres[:, np.flatnonzero(support >= min_support)])


def stylistic_similarity(
    corpus: TokenCorpus, weights: np.ndarray | None = None, features: sparse.csr_matrix | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Model x model stylistic similarity, and (optionally) one matrix per bootstrap resample.

    `weights` is a (resamples, prompts) array of prompt multiplicities; resampled profiles use
    the BOOT_FEATURES features whose residuals vary most across models, to bound memory.
    `features` is `stylistic_features(corpus)` when the caller already has it.
    """
    n, p = corpus.n_models, corpus.n_prompts
    pres = stylistic_features(corpus) if features is None else features
    group = sparse.csr_matrix(
        (np.ones(n * p, dtype=np.float32), (np.repeat(np.arange(n), p), np.arange(n * p))), shape=(n, n * p)
    )
    rates = np.asarray((group @ pres).todense(), dtype=np.float64) / max(p, 1)
    sim = _profile_similarity(rates)
    if weights is None:
        return sim, None
    q = rates / np.clip(rates.sum(axis=1, keepdims=True), 1e-12, None)
    c = q.mean(axis=0, keepdims=True)
    spread = ((q - c) / np.sqrt(np.clip(c, 1e-12, None))).var(axis=0)
    top = np.argsort(-spread)[:BOOT_FEATURES]
    sub = sparse.csc_matrix(pres[:, top])
    w = weights.astype(np.float64) / max(p, 1)
    blocks = [sparse.csc_matrix(sub[m * p : (m + 1) * p].T) for m in range(n)]
    boots = np.empty((w.shape[0], n, n))
    chunk = 25  # resamples at a time: (chunk, n, K) rates instead of all of them (memory)
    for start in range(0, w.shape[0], chunk):
        wc = w[start : start + chunk].T
        boot_rates = np.stack([(b @ wc).T for b in blocks], axis=1)  # (chunk, n, K)
        boots[start : start + chunk] = np.stack([_profile_similarity(r) for r in boot_rates])
    return sim, boots
