"""Identity cards: who each model family really is, loaded from YAML data files.

Cards ship in `distillq/ice/data/identities/*.yaml`; users add their own with a directory
option or the `DISTILLQ_IDENTITIES` environment variable (os.pathsep-separated directories).
A user card with the id of a built-in card replaces it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from distillq.errors import InputFileError, UsageError
from distillq.ice.types import IdentityCard

DATA_DIR = Path(__file__).parent / "data" / "identities"
ENV_VAR = "DISTILLQ_IDENTITIES"
_REQUIRED = ("id", "display_name", "models", "organisations", "country")


@dataclass(frozen=True)
class CardExtras:
    """Fields of a card file that IdentityCard does not carry but matching needs."""

    city_aliases: tuple[str, ...] = ()
    case_sensitive: tuple[str, ...] = ()


_EXTRAS: dict[str, CardExtras] = {}
_FIELDS = (
    "id",
    "display_name",
    "names",
    "models",
    "organisations",
    "aliases",
    "country",
    "country_aliases",
    "city",
    "city_aliases",
    "case_sensitive",
    "notes",
)


def _tuple(value: Any, field: str, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise InputFileError(f"{path}: field '{field}' must be a list of strings")
    return tuple(str(v) for v in value)


def _card_from_dict(data: Any, path: Path) -> IdentityCard:
    if not isinstance(data, dict):
        raise InputFileError(f"{path}: an identity card must be a YAML mapping; see docs/identity-cards.md")
    # A misspelt key (`alias:`, `organizations:`) would silently drop names and change verdicts.
    unknown = sorted(str(k) for k in data if k not in _FIELDS)
    if unknown:
        raise InputFileError(
            f"{path}: unknown field(s) {', '.join(unknown)} in an identity card; the fields are "
            f"{', '.join(_FIELDS)} (docs/identity-cards.md)"
        )
    missing = [k for k in _REQUIRED if not data.get(k)]
    if missing:
        raise InputFileError(f"{path}: identity card lacks {', '.join(missing)}; see docs/identity-cards.md")
    cid = str(data["id"]).strip().lower()
    names = _tuple(data.get("names"), "names", path) or (cid,)
    card = IdentityCard(
        id=cid,
        display_name=str(data["display_name"]),
        names=tuple(dict.fromkeys((cid, *(n.lower() for n in names)))),
        models=_tuple(data.get("models"), "models", path),
        organisations=_tuple(data.get("organisations"), "organisations", path),
        country=str(data["country"]),
        city=str(data["city"]) if data.get("city") else None,
        aliases=_tuple(data.get("aliases"), "aliases", path),
        country_aliases=_tuple(data.get("country_aliases"), "country_aliases", path),
        notes=str(data.get("notes") or ""),
    )
    _EXTRAS[cid] = CardExtras(
        city_aliases=_tuple(data.get("city_aliases"), "city_aliases", path),
        case_sensitive=_tuple(data.get("case_sensitive"), "case_sensitive", path),
    )
    return card


def _load_dir(directory: Path) -> dict[str, IdentityCard]:
    if not directory.is_dir():
        raise UsageError(f"identity directory {directory} does not exist; pass a folder of *.yaml cards")
    cards: dict[str, IdentityCard] = {}
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise InputFileError(f"{path}: not valid YAML ({exc}); fix the card file") from exc
        card = _card_from_dict(data, path)
        cards[card.id] = card
    return cards


@lru_cache(maxsize=32)
def _load_cached(dirs: tuple[str, ...]) -> dict[str, IdentityCard]:
    cards = _load_dir(DATA_DIR)
    for d in dirs:
        cards.update(_load_dir(Path(d)))
    return cards


def load_cards(extra_dirs: tuple[str | Path, ...] | list[str | Path] = ()) -> dict[str, IdentityCard]:
    """All identity cards by id: built-ins, then $DISTILLQ_IDENTITIES, then `extra_dirs`."""
    env = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    for p in env:  # say where a wrong folder came from: the variable is easy to forget once set
        if not Path(p).expanduser().is_dir():
            raise UsageError(f"${ENV_VAR} names {p}, which is not a folder; fix or unset the variable")
    dirs = tuple(str(Path(p).expanduser()) for p in (*env, *extra_dirs))
    return dict(_load_cached(dirs))


def get_card(name: str, extra_dirs: tuple[str | Path, ...] | list[str | Path] = ()) -> IdentityCard:
    """Find a card by id or any of its `names`, case-insensitively; UsageError lists valid names."""
    cards = load_cards(extra_dirs)
    key = name.strip().lower()
    if key in cards:
        return cards[key]
    for card in cards.values():
        if key in card.names or key in (m.lower() for m in card.models):
            return card
    valid = ", ".join(sorted({n for c in cards.values() for n in c.names}))
    raise UsageError(
        f"unknown identity '{name}'; valid names: {valid} (or add a card, see docs/identity-cards.md)"
    )


def card_extras(card: IdentityCard) -> CardExtras:
    """City aliases and case-sensitive names of a card (empty for cards built in code)."""
    return _EXTRAS.get(card.id, CardExtras())


def name_pattern(name: str, case_sensitive: bool) -> str:
    """Regex source for one name, with word-boundary care for Latin names.

    A Latin name must not be glued to other letters ("Phi" not in "philosophy", "GPT" not in
    "BasedGPT"); digits and hyphens may follow ("GPT-4", "Qwen2.5"). A capitalised name is not
    the second half of a hyphenated word either ("Claude" not in "Jean-Claude", "Anthropic" not
    in "non-Anthropic"); an all-capitals one may be ("Chat-GPT"). Chinese names have no word
    boundaries, so they match as plain substrings.
    """
    body = re.escape(name).replace(r"\ ", r"[\s\-]?")
    if re.search(r"[A-Za-z0-9]", name[:1]):
        capitalised = name[:1].isupper() and name[1:2].islower()
        body = r"(?<![A-Za-z0-9])" + (r"(?<![A-Za-z]-)" if capitalised else "") + body
    if re.search(r"[A-Za-z]", name[-1:]):
        body = body + r"(?![A-Za-z])"
    elif re.search(r"[0-9]", name[-1:]):
        body = body + r"(?![0-9])"
    return body if case_sensitive else f"(?i:{body})"


def is_case_sensitive(name: str, card: IdentityCard) -> bool:
    """Short names (<= 3 characters) and names a card lists as case-sensitive match exactly."""
    return (len(name) <= 3 and name.isascii()) or name in card_extras(card).case_sensitive


def find_mentions(text: str, cards: dict[str, IdentityCard] | None = None) -> set[str]:
    """Ids of the cards whose model names, organisations or aliases occur in `text`."""
    cards = cards if cards is not None else load_cards()
    found: set[str] = set()
    for cid, card in cards.items():
        for n in card.all_names():
            if re.search(name_pattern(n, is_case_sensitive(n, card)), text):
                found.add(cid)
                break
    return found
