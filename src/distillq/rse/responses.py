"""Readers for model responses in the formats RSE meets, aligned across models by prompt.

Supported: our `responses.jsonl` (prompt_id, prompt, model, response), AlpacaEval outputs
(instruction, output, generator; JSON list or JSONL, gzipped or not) and Arena-Hard
`model_answer/*.jsonl` (uid, model, messages with the assistant's content maybe {"answer": ...}).
Alignment keeps only prompts every model answered, and reports the rest instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distillq.errors import InputFileError
from distillq.jsonio import file_stem as _stem
from distillq.jsonio import read_records

_SUFFIXES = (".jsonl", ".json", ".jsonl.gz", ".json.gz")


@dataclass(frozen=True)
class ResponseItem:
    """One model's answer to one prompt."""

    model: str
    prompt_id: str | None
    prompt: str | None
    response: str
    sample: int | None = None  # epoch / sample index when a model answered a prompt several times


@dataclass
class Alignment:
    """Responses on a full models x prompts grid, plus what had to be left out and why."""

    models: list[str]
    prompt_keys: list[str]
    prompts: list[str]
    responses: list[list[str]]  # responses[model_index][prompt_index]
    missing: dict[str, list[str]] = field(default_factory=dict)  # model -> prompt keys it lacks
    # model -> prompt index -> further samples (epochs at temperature > 0), for the noise ceiling
    extra_samples: dict[str, dict[int, list[str]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, dict[str, str]]:
        return {
            m: dict(zip(self.prompt_keys, rs, strict=True))
            for m, rs in zip(self.models, self.responses, strict=True)
        }


def _content_text(content: Any) -> str | None:
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        ans = content.get("answer", content.get("text", content.get("content")))
        return ans if isinstance(ans, str) else None
    if isinstance(content, list):  # OpenAI-style content parts
        parts = [p.get("text", "") for p in content if isinstance(p, dict)]
        return "".join(parts) if parts else None
    return None


def parse_response_record(obj: dict[str, Any], default_model: str) -> ResponseItem | None:
    """Recognise one record of any supported response format; None when unrecognised."""
    if "response" in obj and isinstance(obj.get("response"), str):  # ours
        pid = obj.get("prompt_id")
        epoch = obj.get("epoch", obj.get("sample"))
        return ResponseItem(
            model=str(obj.get("model") or default_model),
            prompt_id=None if pid is None else str(pid),
            prompt=obj.get("prompt") if isinstance(obj.get("prompt"), str) else None,
            response=obj["response"],
            sample=epoch if isinstance(epoch, int) and not isinstance(epoch, bool) else None,
        )
    if "output" in obj and isinstance(obj.get("instruction"), str):  # AlpacaEval
        out = obj["output"]
        return ResponseItem(
            model=str(obj.get("generator") or default_model),
            prompt_id=None,
            prompt=obj["instruction"],
            response=out if isinstance(out, str) else "",
        )
    if isinstance(obj.get("messages"), list):  # Arena-Hard model_answer
        msgs = [m for m in obj["messages"] if isinstance(m, dict)]
        user = next((_content_text(m.get("content")) for m in msgs if m.get("role") == "user"), None)
        answers = [_content_text(m.get("content")) for m in msgs if m.get("role") == "assistant"]
        if not answers or answers[-1] is None:
            return None
        uid = obj.get("uid", obj.get("question_id"))
        return ResponseItem(
            model=str(obj.get("model") or default_model),
            prompt_id=None if uid is None else str(uid),
            prompt=user,
            response=answers[-1],
        )
    return None


def expand_inputs(inputs: list[Path]) -> list[Path]:
    """Folders become their response files (sorted); files pass through."""
    files: list[Path] = []
    for p in inputs:
        p = Path(p)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.name.endswith(_SUFFIXES))
            if not found:
                raise InputFileError(f"{p}: folder holds no .json/.jsonl(.gz) response files")
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            raise InputFileError(f"{p}: no such file or folder")
    return files


def read_response_file(path: Path) -> list[ResponseItem]:
    """All response items of one file; InputFileError (with line) on the first bad record."""
    items: list[ResponseItem] = []
    for lineno, obj in read_records(path):
        if ("response" in obj and obj["response"] is None) or (
            "instruction" in obj and obj.get("output", "") is None
        ):
            continue  # a recorded failure: the prompt is reported missing for this model, not scored
        item = parse_response_record(obj, _stem(path))
        if item is None:
            raise InputFileError(
                f"{path}:{lineno}: not a response record (expected response, output+instruction, or messages)"
            )
        if item.prompt_id is None and not item.prompt:
            raise InputFileError(f"{path}:{lineno}: response has neither a prompt id nor a prompt text")
        items.append(item)
    if not items:
        raise InputFileError(f"{path}: no usable responses (the file is empty or every answer failed)")
    return items


def load_responses(
    inputs: list[Path], extra: dict[str, dict[str, list[str]]] | None = None
) -> dict[str, dict[str, ResponseItem]]:
    """model -> prompt key -> item, before alignment. Keys are ids, or prompt text when no id is known.

    Prompts that carry an id in one file and only a text in another are matched through the text.
    Records with an `epoch` (or `sample`) index are samples: the lowest index is the answer, the
    others go to `extra[model][key]` for the noise ceiling. Without an index a later duplicate
    replaces an earlier one, like a re-run.
    """
    items = [it for f in expand_inputs(list(inputs)) for it in read_response_file(f)]
    text_to_id = {it.prompt.strip(): it.prompt_id for it in items if it.prompt_id and it.prompt}
    out: dict[str, dict[str, ResponseItem]] = {}
    samples: dict[tuple[str, str], list[ResponseItem]] = {}
    for it in items:
        if it.prompt_id is not None:
            key = it.prompt_id
        else:
            text = (it.prompt or "").strip()
            key = text_to_id.get(text, text)
        if it.sample is None:
            out.setdefault(it.model, {})[key] = it
        else:
            samples.setdefault((it.model, key), []).append(it)
    for (model, key), its in samples.items():
        its.sort(key=lambda x: x.sample or 0)
        out.setdefault(model, {})[key] = its[0]
        if extra is not None and len(its) > 1:
            extra.setdefault(model, {})[key] = [x.response for x in its[1:]]
    return out


def align(
    by_model: dict[str, dict[str, ResponseItem]], extra: dict[str, dict[str, list[str]]] | None = None
) -> Alignment:
    """Keep the prompts every model answered, in first-seen order; report what each model lacks."""
    models = list(by_model)
    order: list[str] = []
    seen: set[str] = set()
    for m in models:
        for k in by_model[m]:
            if k not in seen:
                seen.add(k)
                order.append(k)
    common = [k for k in order if all(k in by_model[m] for m in models)]
    missing = {m: [k for k in order if k not in by_model[m]] for m in models}
    missing = {m: ks for m, ks in missing.items() if ks}
    prompts = []
    for k in common:
        text = next((by_model[m][k].prompt for m in models if by_model[m][k].prompt), None)
        prompts.append(text or k)
    responses = [[by_model[m][k].response for k in common] for m in models]
    extra_samples = {
        m: {i: (extra or {})[m][k] for i, k in enumerate(common) if k in (extra or {}).get(m, {})}
        for m in models
    }
    return Alignment(
        models=models,
        prompt_keys=common,
        prompts=prompts,
        responses=responses,
        missing=missing,
        extra_samples={m: v for m, v in extra_samples.items() if v},
    )


def load_aligned(inputs: list[Path]) -> Alignment:
    """Read and align in one call; InputFileError if fewer than two models remain."""
    extra: dict[str, dict[str, list[str]]] = {}
    al = align(load_responses(inputs, extra), extra)
    if len(al.models) < 2:
        raise InputFileError("need responses from at least two models to compare; pass more files")
    if not al.prompt_keys:
        raise InputFileError("the models share no prompts; check that they answered the same prompt set")
    return al
