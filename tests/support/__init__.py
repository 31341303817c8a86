"""Helpers shared by every test folder: tiny workbooks from Python rows, OR-Library cases."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
"""The repository's top folder."""


def load_script(path: Path, name: str) -> ModuleType:
    """Import a script that is not part of the package (inputs/, benchmarks/) as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_capacity_case(path: Path):  # type: ignore[no-untyped-def]
    """Read a workbook in capacity mode (FORMULATION.md §2): its Periods sheet, if any, ignored,
    as ``wattbit run --capacity-only`` does. The bundled Japan case carries Periods."""
    import planner

    case = planner.read_workbook(path)
    return case.without("Periods") if case.operations else case


EXTENSION_SHEETS = ("Periods", "Profiles", "Reservations", "Criteria")
"""Sheets beyond the contract's section 2 that the bundled case carries."""
EXTENSION_COLUMNS = {"Sites": ("consent", "consent_phase"), "Routes": ("tbps",), "Regions": ("tbps_per_mw",)}
"""Columns beyond section 2 whose values change the bundled case's optimum."""


def contract_only_copy(path: Path, folder: Path) -> Path:
    """A copy of a workbook with the extension sheets deleted and the extension columns blank:
    the model of FORMULATION.md section 2 alone, as ``benchmarks/plain_highs.py`` writes it."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for name in EXTENSION_SHEETS:
        if name in book.sheetnames:
            del book[name]
    for name, columns in EXTENSION_COLUMNS.items():
        if name not in book.sheetnames:
            continue
        sheet = book[name]
        header = [str(cell.value or "").split(" [")[0] for cell in sheet[1]]  # headers carry units
        for column in columns:
            if column in header:
                j = header.index(column) + 1
                for row in range(2, sheet.max_row + 1):
                    sheet.cell(row=row, column=j).value = None
    out = Path(folder) / f"{Path(path).stem}_contract_only.xlsx"
    book.save(out)
    return out
