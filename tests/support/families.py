"""The per-family test modules (tests/model/test_family_*.py) and the cases they solve.

Each family module lists every workbook its tests solve in ``CASES`` (id ->
zero-argument builder); ``solve_ok`` refuses a family case missing from it, so
the lists stay complete and other tests (tightening, coverage) can re-solve
exactly the family tests' cases.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

MODEL_TESTS = Path(__file__).resolve().parents[1] / "model"
FAMILY_MODULES = (
    "test_family_costs", "test_family_demand", "test_family_policy", "test_family_power",
    "test_family_resilience", "test_family_sites", "test_family_telecom",
    "test_family_section4_both", "test_family_operations",
)
"""The hand-computed family modules (test_family_coverage is bookkeeping, not a family)."""

Sheets = dict[str, list[dict[str, Any]]]


def model_test_module(name: str) -> ModuleType:
    """A module of tests/model, imported under the name pytest gives it (rootdir-less basename)."""
    if str(MODEL_TESTS) not in sys.path:
        sys.path.insert(0, str(MODEL_TESTS))
    return importlib.import_module(name)


def fingerprint(sheets: Sheets) -> str:
    """The workbook's content as text: equal for equal sheets, whatever the key order in a row."""
    return json.dumps(sheets, sort_keys=True, default=repr)


def family_cases() -> dict[str, Callable[[], Sheets]]:
    """"module:id" -> builder for every case of every family module, identical cases once."""
    found: dict[str, Callable[[], Sheets]] = {}
    seen: set[str] = set()
    for name in FAMILY_MODULES:
        for ident, build in model_test_module(name).CASES.items():
            key = fingerprint(build())
            if key not in seen:
                seen.add(key)
                found[f"{name.removeprefix('test_family_')}:{ident}"] = build
    return found
