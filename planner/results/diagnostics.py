"""Diagnostics: why a case has no plan, one row per shortfall, in planners' words.

Each relaxable constraint family has a unit, a weight in the elastic
objective and a sentence that says what is short and what to change
(``planner.studies.infeasibility`` finds the shortfalls).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from planner.model.data import group_label

COLUMNS = ["constraint", "index", "phase", "shortfall", "unit", "message"]

SLACK_TOLERANCE = 1e-6
"""A slack at or below this is solver noise, not a shortfall."""


@dataclass(frozen=True)
class Relaxable:
    """How one constraint family is relaxed and explained."""

    unit: str
    weight: float
    explain: Callable[[tuple, float], str]


def _mw(value: float) -> str:
    return f"{value:,.1f} MW" if value < 100 else f"{value:,.0f} MW"


RELAXABLE: dict[str, Relaxable] = {
    "demand_balance": Relaxable("MW", 1.0, lambda i, v: (
        f"{i[1]}: region {i[0]} demand exceeds what can be served by {_mw(v)} — raise Sites.max_mw "
        "(or grid/supply limits) at sites that may serve it, allow more Service pairs, or set "
        "Settings unserved_penalty_mjpy_per_mw_year")),
    "power_site_firm": Relaxable("MW", 1.0, lambda i, v: (
        f"{i[1]}: site {i[0]} needs {_mw(v)} more grid connection — raise Sites.grid_firm_mw or "
        "add/advance a Grid site project there")),
    "power_area_balance": Relaxable("MW", 1.0, lambda i, v: (
        f"{i[1]}: area {i[0]} DC grid draw exceeds its supply by {_mw(v)} — raise "
        "AreaSupply.supply_mw or add/advance a Grid link into it")),
    "telecom_intl_demand": Relaxable("Tbps", 1.0, lambda i, v: (
        f"{i[0]}: international demand exceeds cable capacity by {v:,.1f} Tbps — add or advance "
        "Cables, or lower Phases.intl_demand_tbps")),
    "telecom_landing_zone_share": Relaxable("Tbps", 1.0, lambda i, v: (
        f"{i[1]}: landing zone {group_label(i[0])} holds {v:,.1f} Tbps above its "
        "allowed share — raise Phases.max_landing_zone_share or add cables landing elsewhere")),
    "telecom_route_bandwidth": Relaxable("Tbps", 1.0, lambda i, v: (
        f"{i[1]}: route {i[0]} must carry {v:,.2f} Tbps more than Routes.tbps allows — raise its "
        "tbps, add another route, or serve the region elsewhere")),
    "telecom_regional_ix": Relaxable("IX", 100.0, lambda i, v: (
        f"{i[0]}: {v:,.0f} regional IX short of Phases.min_regional_ix — add or advance "
        "candidate IX outside the hubs, or lower the minimum")),
    "telecom_corridors_required": Relaxable("corridors", 100.0, lambda i, v: (
        f"{i[1]}: site {i[0]} lacks {v:,.0f} diverse fibre corridor(s) — add Routes in other "
        "corridors or lower Sites.required_routes")),
    "resilience_site_survival": Relaxable("MW", 1.0, lambda i, v: (
        f"{i[1]}: after hazard {i[0]}, surviving capacity is {_mw(v)} short — add capacity "
        "outside its footprint or lower Hazards.survive_share")),
    "resilience_intl_survival": Relaxable("Tbps", 1.0, lambda i, v: (
        f"{i[1]}: after hazard {i[0]}, surviving cable capacity is {v:,.1f} Tbps short — add "
        "cables landing outside its footprint or lower Hazards.intl_survive_share")),
    "policy_hub_share": Relaxable("MW", 1.0, lambda i, v: (
        f"{i[0]}: new capacity in the hubs exceeds Phases.max_new_hub_share by {_mw(v)} — raise "
        "the share or allow more capacity outside the hubs")),
    "policy_min_clusters": Relaxable("clusters", 100.0, lambda i, v: (
        f"{i[0]}: {v:,.0f} cluster(s) short of Phases.min_clusters — add or open earlier cluster "
        "sites, or lower the minimum")),
    "policy_max_clusters": Relaxable("clusters", 100.0, lambda i, v: (
        f"{i[0]}: {v:,.0f} cluster(s) above Phases.max_clusters — raise the maximum")),
    "policy_capex_budget": Relaxable("MJPY", 1e-3, lambda i, v: (
        f"{i[0]}: capex exceeds Phases.capex_budget_mjpy by {v:,.0f} MJPY — raise the budget or "
        "allow builds in other phases")),
}


def precheck_rows(problems: Iterable[str]) -> pd.DataFrame:
    """Rows for problems the data alone shows (before any solve)."""
    return pd.DataFrame([("precheck", "", "", float("nan"), "", p) for p in problems], columns=COLUMNS)


def shortfall_rows(shortfalls: Iterable[tuple[str, tuple, float]]) -> pd.DataFrame:
    """Rows for (family, index, shortfall) found by the elastic re-solve."""
    rows = []
    for name, key, value in shortfalls:
        rule = RELAXABLE[name]
        rows.append((name, ", ".join(map(group_label, key)), key[-1], value, rule.unit,
                     rule.explain(key, value)))
    return pd.DataFrame(rows, columns=COLUMNS)


def message_row(message: str) -> pd.DataFrame:
    """One row that only says something (the elastic re-solve itself had no answer)."""
    return pd.DataFrame([("", "", "", float("nan"), "", message)], columns=COLUMNS)
