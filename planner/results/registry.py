"""The results workbook's sheets, in order, and the unit of every column.

A new decision sheet is one module with a ``ResultSheet`` and one line in
``DECISION_SHEETS``; the writer walks ``sheet_order`` and ``UNITS``.
"""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo

from planner.case import Case
from planner.model.data import ModelData
from planner.results import (
    areas,
    builds,
    costs,
    headroom,
    locations,
    operations,
    resilience,
    service,
    sites,
    telecom,
)
from planner.results.common import ResultSheet, Solved

DECISION_SHEETS: tuple[ResultSheet, ...] = (
    sites.SHEET,
    builds.SHEET,
    service.SHEET,
    service.UNSERVED_SHEET,
    areas.SHEET,
    headroom.SHEET,
    costs.SHEET,
    resilience.SHEET,
    telecom.SHEET,
    locations.SHEET,
    locations.FOOTPRINTS_SHEET,
    operations.OPERATIONS_SHEET,
    operations.AREA_ENERGY_SHEET,
    operations.SHIFT_SHEET,
    operations.ROUTE_USE_SHEET,
)
"""Sheets built from a solved model, in workbook order (after Summary)."""

PLAN_SHEETS_UNITS: dict[str, str] = {"demand_mw": "MW", "value_mjpy_per_unit": "MJPY PV/unit"}
"""Units of the Values and Diagnostics columns (their unit may also be a column)."""


def _merged_units() -> dict[str, str]:
    units: dict[str, str] = dict(PLAN_SHEETS_UNITS)
    for sheet in DECISION_SHEETS:
        for column, unit in sheet.units.items():
            if units.setdefault(column, unit) != unit:
                raise ValueError(f"column {column} has two units: {units[column]} and {unit}")
    return units


UNITS: dict[str, str] = _merged_units()
"""One unit per result column name, across sheets (``it_mw`` -> MW)."""


def extract_tables(m: pyo.ConcreteModel, d: ModelData, case: Case) -> dict[str, pd.DataFrame]:
    """All decision tables of a solved model, keyed by results-sheet name."""
    solved = Solved(m, d, case)
    return {sheet.name: sheet.table(solved) for sheet in DECISION_SHEETS
            if d.operations or not sheet.operations_only}


def sheet_order(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Summary first, then the decision sheets, Values, Diagnostics, anything else, Run last."""
    first = ["Summary", *(s.name for s in DECISION_SHEETS), "Values", "Diagnostics"]
    ordered = {name: tables[name] for name in first if name in tables}
    ordered.update({k: v for k, v in tables.items() if k not in ordered and k != "Run"})
    if "Run" in tables:
        ordered["Run"] = tables["Run"]
    return ordered
