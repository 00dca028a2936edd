"""Estimated cost per request from a price table (data file, user-overridable)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from distillq.errors import InputFileError
from distillq.models.types import Usage


@dataclass(frozen=True)
class Price:
    input: float  # dollars per million input tokens
    output: float  # dollars per million output tokens


class PriceTable:
    """Longest-prefix lookup of `<service>/<model>`; unknown models cost 0 and are flagged."""

    def __init__(self, entries: dict[str, Price]) -> None:
        self.entries = dict(sorted(entries.items(), key=lambda kv: -len(kv[0])))

    @classmethod
    def load(cls, override: str | Path | None = None) -> PriceTable:
        text = resources.files("distillq.models").joinpath("data/prices.yaml").read_text(encoding="utf-8")
        entries = _parse(yaml.safe_load(text) or {}, "built-in prices")
        path = override or os.environ.get("DISTILLQ_PRICES")
        if path:
            p = Path(path)
            if not p.is_file():
                raise InputFileError(f"price file {p} not found: pass an existing YAML file of prices")
            try:
                data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise InputFileError(f"price file {p} is not valid YAML: {exc}") from None
            entries.update(_parse(data, str(p)))
        return cls(entries)

    def with_price(self, service: str, model: str, input: float, output: float) -> PriceTable:
        """This table plus an exact price for one model (from --price-in/--price-out)."""
        if input < 0 or output < 0:
            raise InputFileError("--price-in and --price-out must be 0 or more dollars per million tokens")
        return PriceTable({**self.entries, f"{service}/{model}": Price(input, output)})

    def lookup(self, service: str, model: str) -> Price | None:
        key = f"{service}/{model}".lower()
        for prefix, price in self.entries.items():
            if key.startswith(prefix.lower()):
                return price
        return None

    def cost(self, service: str, model: str, usage: Usage) -> float:
        price = self.lookup(service, model)
        if price is None:
            return 0.0
        return (usage.input_tokens * price.input + usage.output_tokens * price.output) / 1_000_000


def _parse(data: object, where: str) -> dict[str, Price]:
    if not isinstance(data, dict):
        raise InputFileError(f"{where}: expected a mapping of 'service/model: {{input: x, output: y}}'")
    out: dict[str, Price] = {}
    for key, val in data.items():
        if not isinstance(val, dict) or "input" not in val or "output" not in val:
            raise InputFileError(
                f"{where}: entry {key!r} needs 'input' and 'output' prices per million tokens"
            )
        out[str(key)] = Price(float(val["input"]), float(val["output"]))
    return out
