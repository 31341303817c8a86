"""The Watt-Bit comparison: where is moving bits cheaper than moving watts?

Solves one case several times with a different share of flexible work (work that may
run at any step of its period and at flexible-only sites over the APN) and, on
request, with the APN's route bandwidth lifted, then sets the plans side by side:
cost, grid reinforcements and their MW, batteries and cogeneration built, surplus
renewables absorbed, and which sites change against the first variant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from planner.case import Case
from planner.errors import InputError
from planner.pipeline import solve
from planner.plan import Plan
from planner.solver.options import SolveOptions

SURPLUS_METRIC = "surplus_absorbed_gwh_per_year"
"""The Summary metric the comparison reads surplus absorbed from (operations mode only)."""


@dataclass(frozen=True)
class Variant:
    """One solve of the comparison: the flexible share set on every Demand row."""

    flexible_share: float
    unlimited_apn: bool = False

    @property
    def label(self) -> str:
        text = f"flexible {self.flexible_share:.0%}"
        return text + ", APN unlimited" if self.unlimited_apn else text


def variant_case(case: Case, variant: Variant) -> Case:
    """The case with every Demand row's flexible_share set (and route tbps cleared if asked)."""
    edited = case.set("Demand.flexible_share", None, variant.flexible_share)
    if variant.unlimited_apn and len(edited.routes):
        edited = edited.set("Routes.tbps", None, None)
    return edited


def _last_phase(frame: pd.DataFrame, case: Case) -> pd.DataFrame:
    return frame[frame["phase"] == case.phase_ids[-1]] if len(frame) else frame


def _surplus(plan: Plan) -> float | None:
    summary = plan.tables.get("Summary")
    if summary is None or not len(summary):
        return None
    rows = summary[summary["metric"] == SURPLUS_METRIC]
    return float(rows["value"].iloc[0]) if len(rows) else None


def plan_figures(plan: Plan, case: Case) -> dict[str, object]:
    """One variant's row: cost, grid built, batteries, cogeneration, surplus, open sites."""
    builds = plan.tables.get("Builds", pd.DataFrame(columns=["family", "id", "mw"]))
    grid = builds[builds["family"] == "grid"]
    sites = _last_phase(plan.tables.get("Sites", pd.DataFrame(columns=["phase"])), case)
    open_sites = sorted(sites.loc[sites["open"].astype(bool), "site"]) if len(sites) else []
    return {
        "status": plan.status,
        "total_cost_mjpy": plan.objective,
        "gap": plan.gap,
        "grid_projects_built": len(grid),
        "grid_mw_built": float(grid["mw"].fillna(0).sum()) if len(grid) else 0.0,
        "grid_projects": ", ".join(sorted(grid["id"])) if len(grid) else "",
        "battery_mw": float(sites["battery_mw"].sum()) if len(sites) else 0.0,
        "cogen_mw": float(sites["cogen_mw"].sum()) if "cogen_mw" in sites and len(sites) else 0.0,
        "surplus_absorbed_gwh_per_year": _surplus(plan),
        "sites_open": ", ".join(open_sites),
    }


def compare(case: Case, flexible_shares: Sequence[float], *, unlimited_apn: bool = False,
            options: SolveOptions | None = None, values: bool = False) -> pd.DataFrame:
    """Solve each variant and return one row per variant, differences against the first.

    With ``unlimited_apn`` each share is solved twice: with the case's route tbps and with
    the APN unlimited, which shows what bandwidth costs. Columns ending ``_vs_first`` are
    the variant minus the first variant (grid MW not built is the first's MW minus this).
    """
    if not flexible_shares:
        raise InputError(["compare: give at least one flexible share, e.g. --flexible-share 0 0.2 0.4"])
    bad = [s for s in flexible_shares if not 0.0 <= s <= 1.0]
    if bad:
        raise InputError([f"compare: a flexible share must be in 0..1, got {v:g}" for v in bad])
    if not case.operations:
        raise InputError(["compare: the case has no Periods sheet — flexible work moves only in "
                          "operations mode (FORMULATION.md §4); add Periods and Profiles "
                          "(wattbit periods) first"])
    variants = [Variant(s, apn) for s in flexible_shares for apn in ((False, True) if unlimited_apn else (False,))]
    rows: list[dict[str, object]] = []
    for variant in variants:
        plan = solve(variant_case(case, variant), options=options, values=values)
        rows.append({"variant": variant.label, "flexible_share": variant.flexible_share,
                     "unlimited_apn": variant.unlimited_apn, **plan_figures(plan, case)})
    table = pd.DataFrame(rows)
    first = rows[0]
    first_sites = set(str(first["sites_open"]).split(", ")) - {""}
    table["cost_vs_first_mjpy"] = [
        (r["total_cost_mjpy"] - first["total_cost_mjpy"])  # type: ignore[operator]
        if r["total_cost_mjpy"] is not None and first["total_cost_mjpy"] is not None else None
        for r in rows]
    table["grid_mw_not_built_vs_first"] = [first["grid_mw_built"] - r["grid_mw_built"] for r in rows]  # type: ignore[operator]
    changed = []
    for r in rows:
        sites = set(str(r["sites_open"]).split(", ")) - {""}
        parts = [f"+{s}" for s in sorted(sites - first_sites)] + [f"-{s}" for s in sorted(first_sites - sites)]
        changed.append(" ".join(parts))
    table["sites_changed_vs_first"] = changed
    return table


def format_table(table: pd.DataFrame) -> str:
    """The comparison as a fixed-width text table (one column per variant)."""
    shown = ["total_cost_mjpy", "cost_vs_first_mjpy", "gap", "grid_projects_built", "grid_mw_built",
             "grid_mw_not_built_vs_first", "battery_mw", "cogen_mw", "surplus_absorbed_gwh_per_year",
             "sites_changed_vs_first"]
    wide = table.set_index("variant")[shown].T

    def cell(value: object, metric: str) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return "n/a"
        if metric == "gap":
            return f"{float(value):.2%}"  # type: ignore[arg-type]
        if isinstance(value, (int, float)):
            return f"{value:,.1f}" if isinstance(value, float) else f"{value:,d}"
        return str(value) or "-"

    text = pd.DataFrame({col: [cell(v, m) for m, v in wide[col].items()] for col in wide.columns},
                        index=wide.index)
    return text.to_string()
