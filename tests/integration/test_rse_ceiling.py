"""Noise ceiling from repeated samples: `rse compare` on files with epochs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from distillq.rse.compare import compare
from distillq.rse.responses import load_aligned

WORDS = [
    "tide",
    "moon",
    "sea",
    "water",
    "pull",
    "gravity",
    "coast",
    "wave",
    "ocean",
    "earth",
    "orbit",
    "force",
    "daily",
    "cycle",
]


def _write(path: Path, model: str, answers: dict[int, list[str]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for epoch, texts in answers.items():
            for k, t in enumerate(texts):
                fh.write(
                    json.dumps(
                        {
                            "prompt_id": f"p{k}",
                            "prompt": f"q{k}",
                            "model": model,
                            "response": t,
                            "epoch": epoch,
                        }
                    )
                    + "\n"
                )


def test_ceiling_and_relative_similarity(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)

    def text() -> str:
        return " ".join(rng.choice(WORDS, size=30)) + "."

    base = [text() for _ in range(30)]
    # B answers each prompt twice, varying a little; "copy" answers like B's first sample varies.
    b1 = [t + " " + text()[:20] for t in base]
    b2 = [t + " " + text()[:20] for t in base]
    copy = [t + " " + text()[:20] for t in base]
    other = [text() for _ in range(30)]
    _write(tmp_path / "b.jsonl", "B", {0: b1, 1: b2})
    _write(tmp_path / "copy.jsonl", "copy", {0: copy})
    _write(tmp_path / "other.jsonl", "other", {0: other})
    _write(tmp_path / "other2.jsonl", "other2", {0: [text() for _ in range(30)]})
    al = load_aligned([tmp_path])
    assert al.extra_samples["B"][0] == [b2[0]] and "copy" not in al.extra_samples
    assert al.responses[al.models.index("B")][0] == b1[0]  # the lowest epoch is the answer
    summary = compare([tmp_path], tmp_path / "out", candidates=["B"])
    ceiling = summary["noise_ceiling"]
    assert ceiling["B"] is not None and 0 < ceiling["B"] < 1 and ceiling["other"] is None
    rows = {m: v["ranking"][0] for m, v in summary["attribution"]["models"].items()}
    assert 0.9 < rows["copy"]["similarity_vs_ceiling"] < 1.1  # as close to B as B is to itself
    assert rows["other"]["similarity_vs_ceiling"] < rows["copy"]["similarity_vs_ceiling"] - 0.1
