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
