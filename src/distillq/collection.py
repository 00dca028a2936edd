"""The generic job: send every prompt of a file to one model and write `responses.jsonl`.

RSE and ICE use the same engine; this is the smallest complete use of it and the place where
caching, resuming and fault tolerance are exercised end to end.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distillq.core.types import ChatRequest
from distillq.errors import UsageError
from distillq.jsonio import write_jsonl_atomic
from distillq.models.engine import Engine
from distillq.models.spec import ModelSpec
from distillq.prompts import PromptRecord
from distillq.store import Store, canonical_json, request_key
from distillq.textsafe import visible

OWNER_KEY = "collect:responses.jsonl"  # store meta: which collect run wrote responses.jsonl


@dataclass
class Collected:
    run_id: str
    rows: list[dict[str, Any]]
    path: Path
    resumed: bool

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r["error"])


def collect_run_id(spec: ModelSpec, prompts: list[PromptRecord], epochs: int) -> str:
    """Same model, prompts and parameters -> same run: re-running resumes instead of starting over."""
    h = hashlib.sha256(
        canonical_json(
            {
                "kind": "collect",
                "model": spec.name,
                "base_url": spec.base_url,
                "config": spec.config.as_key(),
                "epochs": epochs,
                "prompts": [[p.id, p.messages] for p in prompts],
            }
        ).encode()
    ).hexdigest()
    return f"collect-{h[:16]}"


def collect(
    engine: Engine,
    store: Store,
    spec: ModelSpec,
    prompts: list[PromptRecord],
    out_dir: Path,
    epochs: int = 1,
    fresh: bool = False,
    overwrite: bool = False,
) -> Collected:
    """Run (or resume) a collection; rows come back, and are written, in input order.

    `out_dir/responses.jsonl` belongs to one collection: another model or prompt set is refused
    (before anything is sent) unless `overwrite`, so one run never silently replaces another's file.
    """
    requests = [ChatRequest(messages=p.messages, sample=s, id=p.id) for p in prompts for s in range(epochs)]
    run_id = collect_run_id(spec, prompts, epochs)
    path = out_dir / "responses.jsonl"
    owner = store.get_meta(OWNER_KEY)
    if owner not in (None, run_id) and path.exists() and not overwrite:
        # Growing a collection (more prompts, same model) keeps every row; anything else would drop some.
        new_keys = {request_key(spec, r) for r in requests}
        lost = sum(1 for it in store.run_items(str(owner)) if it.key not in new_keys)
        if lost:
            raise UsageError(
                f"{visible(path)} holds another collection ({owner}) with {lost} answers this one does not "
                "ask for (other prompts, model or settings): use another --out directory, or pass "
                "--overwrite to replace the file (the store keeps every answer either way)"
            )
    resumed = store.start_run(run_id, "collect", {"model": spec.name, "n": len(requests)}, fresh=fresh)
    outputs = engine.run(lambda: engine.generate(spec, requests, run_id=run_id))
    status = "done" if all(o.ok for o in outputs) else "incomplete"
    store.finish_run(run_id, status)
    rows: list[dict[str, Any]] = []
    for req, out in zip(requests, outputs, strict=True):
        rows.append(
            {
                "prompt_id": req.id,
                "sample": req.sample,
                "prompt": req.messages[-1]["content"] if req.messages else "",
                "model": spec.name,
                "response": out.text,
                "usage": {"input_tokens": out.usage.input_tokens, "output_tokens": out.usage.output_tokens},
                "finish_reason": out.finish_reason,
                "error": out.error,
                "cached": out.cached,
                **({"reasoning": out.reasoning} if out.reasoning else {}),
            }
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    write_jsonl_atomic(path, rows)
    store.set_meta(OWNER_KEY, run_id)
    return Collected(run_id, rows, path, resumed)
