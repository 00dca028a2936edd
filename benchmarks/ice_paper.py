"""The seed paper's labelled ICE files in ../shared, and the identity card of each model.

Shared by validate_ice.py and bench_offline_judge.py (run them as `python benchmarks/<script>.py`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

CARD_OF = {
    "claude-3-5-sonnet-20241022": "anthropic",
    "deepseek-chat": "deepseek",
    "doubao-pro-32k": "bytedance",
    "llama3.1-70b-instruct": "meta",
    "qwen2.5-72b": "alibaba",
    "qwen2.5-7b-instruct": "alibaba",
}


def labelled_dir() -> Path:
    """../shared/data/ice-paper/labelled (or under DISTILLQ_SHARED); exits with a clear line if absent."""
    shared = Path(os.environ.get("DISTILLQ_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    folder = shared / "data/ice-paper/labelled"
    if not folder.is_dir():
        sys.exit(f"shared data not found at {shared}; set DISTILLQ_SHARED")
    return folder
