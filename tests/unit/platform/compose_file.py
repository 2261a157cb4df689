"""docker-compose.yml as the tests read it: the parsed file, and the default
a ``${NAME:-default}`` value takes when the environment does not set NAME."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[3]


def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))


def default_of(value: object) -> str:
    """``${NAME:-default}`` -> ``default``; any other value as it is."""
    match = re.fullmatch(r"\$\{\w+:-(.*)\}", str(value))
    return match.group(1) if match else str(value)
