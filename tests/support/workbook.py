"""Write small test workbooks from plain Python rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook


def write_workbook(path: Path, sheets: dict[str, list[dict[str, Any]]]) -> Path:
    """One sheet per key; row 1 is the union of the rows' keys in first-seen order."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        headers: list[str] = []
        for row in rows:
            headers.extend(k for k in row if k not in headers)
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(h) for h in headers])
    book.save(path)
    return path


def base_case(**overrides: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """A one-phase, one-area case with two sites and one region; override any sheet."""
    sheets: dict[str, list[dict[str, Any]]] = {
        "Phases": [{"phase": "P1", "year": 2030, "years": 1}],
        "Areas": [{"area": "A", "name": "Area A"}],
        "Sites": [
            {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10},
            {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 20},
        ],
        "Demand": [{"region": "R1", "phase": "P1", "demand_mw": 50}],
    }
    sheets.update(overrides)
    return sheets


def read_sheets(tmp_path: Path, sheets: dict[str, list[dict[str, Any]]]) -> Any:
    """Write ``sheets`` to ``tmp_path/in.xlsx`` and read it as a case."""
    import planner

    return planner.read_workbook(write_workbook(tmp_path / "in.xlsx", sheets))


def input_problems(tmp_path: Path, sheets: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The reader's messages for ``sheets``, which must be refused."""
    import pytest

    import planner

    with pytest.raises(planner.InputError) as info:
        read_sheets(tmp_path, sheets)
    return info.value.problems
