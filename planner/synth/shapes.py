"""Shapes of synthetic case (issue 15 point 1): the same generated network with its costs
tilted, so a benchmark sees cases dominated by different families, not one generator's mix.

Each shape only scales cost columns (and a capex budget by the capex factor), so every shape keeps the base case's feasible witness
(``generate_with_witness``): a shape can change which plan is optimal, never whether one exists.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.synth.generator import Rows

SHAPES: dict[str, dict[tuple[str, str], float]] = {
    "base": {},
    "fixed": {("Sites", "fixed_cost_mjpy"): 5.0},
    "service": {("Service", "cost_mjpy_per_mw_year"): 10.0},
    "capacity": {("Sites", "capex_mjpy_per_mw"): 3.0},
    "energy": {("AreaSupply", "energy_price_jpy_per_kwh"): 3.0},
    "grid": {("Grid", "capex_mjpy"): 4.0},
}
"""Shape name -> (sheet, column) -> factor on that cost column."""


def shaped(rows: "Rows", shape: str) -> "Rows":
    """A copy of ``rows`` with the shape's cost columns scaled; raises KeyError for an unknown shape."""
    factors = SHAPES[shape]
    out = copy.deepcopy(rows)
    for (sheet, column), factor in factors.items():
        for row in out.get(sheet, []):
            value = row.get(column)
            if isinstance(value, int | float) and not isinstance(value, bool):
                row[column] = round(value * factor, 6)
    capex = [f for (sheet, column), f in factors.items() if sheet in ("Sites", "Grid") and "capex" in column
             or column == "fixed_cost_mjpy"]
    for row in out.get("Phases", []):  # a capex budget grows with the capex, so the witness still fits
        budget = row.get("capex_budget_mjpy")
        if capex and isinstance(budget, int | float) and not isinstance(budget, bool):
            row["capex_budget_mjpy"] = round(budget * max(capex), 6)
    return out
