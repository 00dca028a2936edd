"""Structural similarity: do two responses share a markdown skeleton?

A distilled student copies its teacher's layout habits (headings, numbered steps, bold
lead-ins, closing summaries) even when wording differs, so layout is evidence of its own.
Each response becomes a vector of non-negative counts; two vectors are compared feature by
feature with 1 - |a - b| / (a + b) (1 when both are absent), and the mean is taken with the
length ratio min/max as one more feature.
"""

from __future__ import annotations

import re

import numpy as np

FEATURES: tuple[str, ...] = (
    "headings",
    "bullets",
    "numbered",
    "code_blocks",
    "table_rows",
    "bold",
    "inline_code",
    "paragraphs",
    "colon_leads",
)

_PATTERNS = {
    "headings": re.compile(r"^\s{0,3}#{1,6}\s", re.M),
    "bullets": re.compile(r"^\s*[-*+\u2022]\s+\S", re.M),
    "numbered": re.compile(r"^\s*\d{1,3}[.)\u3001]\s*\S", re.M),
    "code_blocks": re.compile(r"^\s*```", re.M),
    "table_rows": re.compile(r"^\s*\|.*\|\s*$", re.M),
    "bold": re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"),
    "inline_code": re.compile(r"(?<!`)`[^`\n]+`(?!`)"),
    "colon_leads": re.compile(r"[:\uff1a]\s*$", re.M),
}
_PARA = re.compile(r"\n\s*\n")


# A pattern cannot match a text without one of these substrings; `in` is far cheaper than a regex.
_NEEDS: dict[str, tuple[str, ...]] = {
    "headings": ("#",),
    "bullets": ("-", "*", "+", "\u2022"),
    "code_blocks": ("```",),
    "table_rows": ("|",),
    "bold": ("**", "__"),
    "inline_code": ("`",),
    "colon_leads": (":", "\uff1a"),
}


def structure_vector(text: str) -> np.ndarray:
    """Counts of each layout feature of one response, in FEATURES order."""
    out = np.zeros(len(FEATURES), dtype=np.float32)
    for i, name in enumerate(FEATURES):
        if name == "paragraphs":
            out[i] = len([p for p in _PARA.split(text) if p.strip()]) if "\n" in text else bool(text.strip())
        elif not any(s in text for s in _NEEDS.get(name, ("",))):
            continue
        elif name == "code_blocks":
            out[i] = len(_PATTERNS[name].findall(text)) // 2
        else:
            out[i] = len(_PATTERNS[name].findall(text))
    return out


def structural_tensor(responses: list[list[str]]) -> np.ndarray:
    """Per-prompt structural similarity, shape (prompts, models, models)."""
    n_models = len(responses)
    n_prompts = len(responses[0]) if n_models else 0
    feats = np.zeros((n_prompts, n_models, len(FEATURES) + 1), dtype=np.float32)
    for m, rs in enumerate(responses):
        for p, text in enumerate(rs):
            feats[p, m, :-1] = structure_vector(text)
            feats[p, m, -1] = len(text)
    out = np.empty((n_prompts, n_models, n_models), dtype=np.float32)
    step = 64  # prompts at a time: the (prompts, models, models, features) temporaries stay small
    for start in range(0, n_prompts, step):
        out[start : start + step] = _pairwise(feats[start : start + step])
    return out


def _pairwise(feats: np.ndarray) -> np.ndarray:
    """(prompts, models, features) -> (prompts, models, models) mean per-feature similarity."""
    a = feats[:, :, None, :]
    b = feats[:, None, :, :]
    total = a + b
    with np.errstate(invalid="ignore", divide="ignore"):
        canberra = np.where(total > 0, 1.0 - np.abs(a - b) / np.where(total > 0, total, 1.0), 1.0)
    # The last column (length) uses the plain ratio min/max, which is 1 - |a-b|/max rather than /sum.
    lo = np.minimum(a[..., -1], b[..., -1])
    hi = np.maximum(a[..., -1], b[..., -1])
    canberra[..., -1] = np.where(hi > 0, lo / np.where(hi > 0, hi, 1.0), 1.0)
    return np.asarray(canberra.mean(axis=-1), dtype=np.float32)
