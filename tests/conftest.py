"""Shared fixtures: tiny workbooks written to tmp_path and solved deterministically."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import planner  # noqa: E402
from support.workbook import base_case, write_workbook  # noqa: E402

SOLVE = {"threads": 1, "random_seed": 0, "mip_gap": 0.0}
"""Solver settings for tests: repeatable and exact."""


@pytest.fixture
def solve_sheets(tmp_path: Path):
    """Write ``sheets`` to a workbook, read it back and solve it."""

    def _solve(sheets: dict[str, list[dict[str, Any]]], **options: Any) -> planner.Plan:
        path = write_workbook(tmp_path / "case.xlsx", sheets)
        case = planner.read_workbook(path)
        return planner.solve(case, **{**SOLVE, **options})

    return _solve


@pytest.fixture
def base() -> dict[str, list[dict[str, Any]]]:
    """A one-phase, one-area, two-site case to modify."""
    return base_case()
