"""Estimated cost per request from a price table (data file, user-overridable)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from distillq.core.types import Usage
from distillq.errors import InputFileError
from distillq.packagedata import parse_yaml


@dataclass(frozen=True)
class Price:
    input: float  # dollars per million input tokens
    output: float  # dollars per million output tokens


class PriceTable:
    """Longest-prefix lookup of `<service>/<model>`; unknown models cost 0 and are flagged."""

    def __init__(self, entries: dict[str, Price], batch_factors: dict[str, float] | None = None) -> None:
        self.entries = dict(sorted(entries.items(), key=lambda kv: -len(kv[0])))
        self.batch_factors = {k.lower(): v for k, v in (batch_factors or {}).items()}
        # Every answer is priced: remember each model's price instead of scanning the prefixes again.
        self._found: dict[str, Price | None] = {}

    @classmethod
    def load(cls, override: str | Path | None = None) -> PriceTable:
        data = resources.files("distillq.models").joinpath("data")
        entries = _parse(
            parse_yaml(data.joinpath("prices.yaml").read_text(encoding="utf-8")) or {}, "built-in prices"
        )
        factors = _factors(
            parse_yaml(data.joinpath("batch_discounts.yaml").read_text(encoding="utf-8")),
            "built-in batch discounts",
        )
        path = override or os.environ.get("DISTILLQ_PRICES")
        if path:
            p = Path(path)
            if not p.is_file():
                raise InputFileError(f"price file {p} not found: pass an existing YAML file of prices")
            try:
                user = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise InputFileError(f"price file {p} is not valid YAML: {exc}") from None
            if isinstance(user, dict) and "batch_factors" in user:
                user = dict(user)
                factors.update(_factors(user.pop("batch_factors"), f"{p} batch_factors"))
            entries.update(_parse(user, str(p)))
        return cls(entries, factors)

    def with_price(self, service: str, model: str, input: float, output: float) -> PriceTable:
        """This table plus an exact price for one model (from --price-in/--price-out)."""
        if input < 0 or output < 0:
            raise InputFileError("--price-in and --price-out must be 0 or more dollars per million tokens")
        return PriceTable({**self.entries, f"{service}/{model}": Price(input, output)}, self.batch_factors)

    def lookup(self, service: str, model: str) -> Price | None:
        key = f"{service}/{model}".lower()
        if key not in self._found:
            self._found[key] = next(
                (p for pre, p in self.entries.items() if key.startswith(pre.lower())), None
            )
        return self._found[key]

    def cost(self, service: str, model: str, usage: Usage, batch: bool = False) -> float:
        """Dollars for one answer; `batch` applies the service's batch-API factor (e.g. 0.5)."""
        price = self.lookup(service, model)
        if price is None:
            return 0.0
        dollars = (usage.input_tokens * price.input + usage.output_tokens * price.output) / 1_000_000
        return dollars * self.batch_factor(service) if batch else dollars

    def batch_factor(self, service: str) -> float:
        """Share of the live price a batch request costs; 1.0 for services without a known discount."""
        return self.batch_factors.get(service.lower(), 1.0)


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


def _factors(data: object, where: str) -> dict[str, float]:
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(
        isinstance(v, int | float) and 0 < v <= 1 for v in data.values()
    ):
        raise InputFileError(f"{where}: expected a mapping of 'service: factor' with factors in (0, 1]")
    return {str(k): float(v) for k, v in data.items()}
