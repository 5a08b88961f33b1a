"""YAML read one way everywhere: PyYAML's safe loader, in libyaml's C version when PyYAML has it
(ten times quicker on a network's consortium.yaml or the vocabulary every process loads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_text(text: str) -> Any:
    """The data of a YAML text (yaml.YAMLError when it is not YAML)."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def yaml_file(path: Path) -> Any:
    """The data of a UTF-8 YAML file."""
    return yaml_text(path.read_text(encoding="utf-8"))
