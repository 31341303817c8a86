"""Values: what one more unit of a limit is worth, in planners' units.

The binaries (sites open, options built) are fixed at the optimum and the
remaining LP is re-solved for its duals. A value is the present-value cost
saved by relaxing the limit by one unit with the discrete plan unchanged.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
import pyomo.environ as pyo

from planner.model import build_model
from planner.model.data import ModelData, group_label, total_demand
from planner.solver.options import SolveOptions
from planner.solver.run import duals_with_binaries_fixed

COLUMNS = ["constraint", "index", "phase", "what", "value_mjpy_per_unit", "unit", "binding"]


@dataclass(frozen=True)
class ValueRow:
    """How one constraint's dual becomes a planner's marginal value."""

    what: str
    unit: str
    per_unit: float = 1.0


def _describe(name: str, index: tuple, d: ModelData) -> ValueRow | None:
    if name == "power_site_firm":
        return ValueRow(f"1 MW more firm grid at site {index[0]}", "MJPY/MW")
    if name == "power_area_balance":
        return ValueRow(f"1 MW more supply in area {index[0]}", "MJPY/MW")
    if name == "policy_capex_budget":
        return ValueRow("1 MJPY more capex budget", "MJPY/MJPY")
    if name == "telecom_landing_zone_share":
        return ValueRow(f"1 Tbps more allowed in landing zone {group_label(index[0])}", "MJPY/Tbps")
    if name == "telecom_intl_demand":
        return ValueRow("1 Tbps less international demand", "MJPY/Tbps")
    if name == "resilience_site_survival":
        return ValueRow(f"hazard {index[0]} survive_share one point lower", "MJPY/point",
                        0.01 * total_demand(d, index[-1]))
    if name == "resilience_intl_survival":
        return ValueRow(f"hazard {index[0]} intl_survive_share one point lower", "MJPY/point",
                        0.01 * d.intl_demand[index[-1]])
    if name == "policy_hub_share":
        return ValueRow("1 MW more new capacity allowed in the hubs", "MJPY/MW")
    if name == "demand_balance":
        return ValueRow(f"1 MW less demand in region {index[0]}", "MJPY/MW")
    return None


STEP_ROWS = ("dispatch_grid_energy_max", "dispatch_site_firm")
"""Operations-mode rows, one per step, whose limit is one workbook figure: its marginal value is
the sum over the steps of each step's dual times what one more unit of the figure adds there
(the supply profile for an area's supply_mw, 1 for a site's grid_firm_mw)."""


def _step_weight(name: str, index: tuple, d: ModelData) -> float:
    if name == "dispatch_grid_energy_max":
        a, t, p, k = index
        return d.profile(d.area_energy[(a, t)]["supply_profile"], p, k)
    return 1.0


def _describe_step(name: str, index: tuple) -> ValueRow:
    if name == "dispatch_grid_energy_max":
        return ValueRow(f"1 MW more supply in area {index[0]} (every step, by its profile)", "MJPY/MW")
    return ValueRow(f"1 MW more firm grid at site {index[0]} (every step)", "MJPY/MW")


def values_table(model: pyo.ConcreteModel, d: ModelData, options: SolveOptions) -> pd.DataFrame:
    """Marginal values of a solved model's limits (binaries fixed at their values).

    The duals come from the untightened model (``tighten=False``): a derived
    big-M would otherwise take over the dual of the limit it was derived from.
    """
    plain = build_model(dataclasses.replace(d, tighten=False))
    for name in ("site_open", "build"):
        solved, target = getattr(model, name), getattr(plain, name)
        for index, var in target.items():
            var.set_value(round(solved[index].value or 0.0))
    rows = []
    summed: dict[tuple[str, tuple], float] = {}
    for con, dual in duals_with_binaries_fixed(plain, options).items():
        name = con.parent_component().name
        index = con.index() if isinstance(con.index(), tuple) else (con.index(),)
        if name in STEP_ROWS:  # <= rows: relaxing raises the bound
            key = (name, index[:2])
            summed[key] = summed.get(key, 0.0) - dual * _step_weight(name, index, d)
            continue
        row = _describe(name, index, d)
        if row is None:
            continue
        # Relaxing a <= row raises its upper bound; relaxing a >= row lowers its lower bound.
        value = dual if con.equality or con.has_lb() else -dual
        rows.append({
            "constraint": name, "index": ", ".join(map(group_label, index)), "phase": index[-1],
            "what": row.what, "value_mjpy_per_unit": value * row.per_unit, "unit": row.unit,
            "binding": abs(dual) > 1e-9,
        })
    for (name, index), value in summed.items():
        row = _describe_step(name, index)
        rows.append({
            "constraint": name, "index": ", ".join(map(group_label, index)), "phase": index[-1],
            "what": row.what, "value_mjpy_per_unit": value, "unit": row.unit, "binding": abs(value) > 1e-9,
        })
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["constraint", "index"], kind="stable").reset_index(drop=True)
