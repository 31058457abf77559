"""Scenario files for the analysis and CLI tests, written from the engine tests' centre."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from tests.sim.scenarios import centre


def write_scenario(path: Path, data: dict[str, Any] | None = None, **changes: Any) -> Path:
    """Write the test centre (with dotted-path changes) as a YAML scenario file."""
    yaml = YAML()
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data if data is not None else centre(**changes), handle)
    return path


SHORT = {"experiment.horizon": "12 weeks", "experiment.warm_up": "2 weeks"}
