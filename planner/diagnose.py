"""Why is a case infeasible? An elastic re-solve answers in planners' words.

Every row of the relaxable families gets a non-negative slack, and the
elastic model minimises the weighted slack alone: the answer is the
smallest set of shortfalls that would make the plan possible, each reported
as "phase: what is short, by how much — what to change".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pyomo.environ as pyo

from planner.model import build_model
from planner.model.data import ModelData
from planner.solve import SolveOptions, solve_model

SLACK_TOLERANCE = 1e-6


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
        f"{i[1]}: landing zone {str(i[0]).removeprefix('landing:')} holds {v:,.1f} Tbps above its "
        "allowed share — raise Phases.max_landing_zone_share or add cables landing elsewhere")),
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


def _as_tuple(index: object) -> tuple:
    return index if isinstance(index, tuple) else (index,)


def make_elastic(m: pyo.ConcreteModel) -> list[tuple[str, object, pyo.Var]]:
    """Add slacks to every relaxable row and make weighted slack the objective."""
    m.elastic_slack = pyo.VarList(domain=pyo.NonNegativeReals)
    slacks: list[tuple[str, object, pyo.Var]] = []
    penalty_terms = []
    for name, rule in RELAXABLE.items():
        component = m.component(name)
        if component is None:
            continue
        for index, row in component.items():
            lower, body, upper = row.lower, row.body, row.upper
            slack = m.elastic_slack.add()
            if lower is not None and upper is not None:  # equality: shortfall only
                row.set_value((lower, body + slack, upper))
            elif lower is not None:
                row.set_value((lower, body + slack, None))
            else:
                row.set_value((None, body - slack, upper))
            slacks.append((name, index, slack))
            penalty_terms.append(rule.weight * slack)
    m.total_cost.deactivate()
    m.elastic_violation = pyo.Objective(expr=sum(penalty_terms), sense=pyo.minimize,
                                        doc="weighted shortfall of the relaxed rows")
    return slacks


def diagnose(d: ModelData, options: SolveOptions) -> pd.DataFrame:
    """Shortfalls that explain an infeasible case, one row each (empty if none found)."""
    m = build_model(dataclasses.replace(d, tighten=False))  # derived big-Ms would hide the slack
    slacks = make_elastic(m)
    outcome = solve_model(m, options)
    columns = ["constraint", "index", "phase", "shortfall", "unit", "message"]
    if not outcome.has_solution:
        message = (f"the elastic re-solve ended '{outcome.status}': the conflict lies in rules "
                   "that are not relaxed (site sizes, build order) — check min_mw, earliest_phase and force")
        return pd.DataFrame([("", "", "", float("nan"), "", message)], columns=columns)
    rows = []
    for name, index, slack in slacks:
        value = pyo.value(slack)
        if value is None or value <= SLACK_TOLERANCE:
            continue
        key = _as_tuple(index)
        phase = key[-1]
        rule = RELAXABLE[name]
        rows.append((name, ", ".join(map(str, key)), phase, float(value), rule.unit,
                     rule.explain(key, float(value))))
    return pd.DataFrame(rows, columns=columns)
