"""The packaged data files read the same through libyaml as through PyYAML's pure-Python loader.

`parse_yaml` prefers libyaml for speed (some files are read on every start); a file that the two
read differently would make results depend on how PyYAML was built.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import distillq
from distillq.packagedata import load_yaml, parse_yaml

FILES = sorted(Path(distillq.__file__).parent.rglob("*.yaml"))


def test_there_are_packaged_yaml_files() -> None:
    assert len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(Path(distillq.__file__).parent)))
def test_libyaml_and_pure_python_agree(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert parse_yaml(text) == yaml.safe_load(text)


def test_load_yaml_names_a_missing_key() -> None:
    from distillq.errors import InputFileError

    with pytest.raises(InputFileError, match="lacks 'no-such-key'"):
        load_yaml("distillq.models", "data/providers.yaml", required=("providers", "no-such-key"))
