"""Summary: status, cost, bound, gap (in %), headline KPIs and messages of a plan."""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.plan import Plan
from planner.results.operations import operations_kpis
from planner.results.regional import regional_kpis

COLUMNS = ["metric", "value", "unit"]


def summary_table(plan: Plan) -> pd.DataFrame:
    """The Summary sheet; the gap in percent so that 0.0075 % reads as such."""
    rows: list[tuple[str, Any, str]] = [
        ("status", plan.status, ""),
        ("objective_mjpy", plan.objective, "MJPY PV"),
        ("best_bound_mjpy", plan.bound, "MJPY PV"),
        ("gap_percent", None if plan.gap is None else 100.0 * plan.gap, "%"),
        ("build_seconds", round(plan.build_seconds, 3), "s"),
        ("solve_seconds", round(plan.solve_seconds, 3), "s"),
    ]
    sites = plan.tables.get("Sites")
    if sites is not None and len(sites):
        last = sites[sites["phase"] == sites["phase"].iloc[-1]]
        rows += [
            ("sites_open_last_phase", int(last["open"].sum()), "sites"),
            ("it_mw_last_phase", float(last["it_mw"].sum()), "MW"),
            ("new_it_mw_total", float(sites["new_it_mw"].sum()), "MW"),
        ]
    costs = plan.tables.get("Costs")
    if costs is not None and len(costs):
        rows.append(("capex_undiscounted_mjpy",
                     float(costs.loc[costs["kind"] == "capex", "undiscounted_mjpy"].sum()), "MJPY"))
    unserved = plan.tables.get("Unserved")
    if unserved is not None and len(unserved):
        rows.append(("unserved_mw_max_phase", float(unserved.groupby("phase")["mw"].sum().max()), "MW"))
    rows.extend(regional_kpis(plan.tables.get("Sites"), plan.case))
    rows.extend(operations_kpis(plan.tables))
    rows.extend(("message", message, "") for message in plan.messages)
    return pd.DataFrame(rows, columns=COLUMNS)
