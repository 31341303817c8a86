"""The Japan case shipped inside the package: what ``wattbit run`` solves when given none."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLED_CASES = ("japan_watt_bit.xlsx", "example.xlsx")


def bundled_workbook() -> Path:
    """The bundled workbook's path (shipped in planner/data)."""
    folder = resources.files("planner") / "data"
    for name in BUNDLED_CASES:
        candidate = folder / name
        if candidate.is_file():
            return Path(str(candidate))
    raise FileNotFoundError("no bundled workbook found in planner/data")
