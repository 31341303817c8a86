"""Why this site (or project), and why not that one: re-solve with the decision flipped.

The answer a planner can defend: what flipping the decision costs, in which
category and phase, which limits start to bind, and what else moves.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pandas as pd
import pyomo.environ as pyo

from planner.case import Case
from planner.errors import InputError
from planner.model.data import BuildKey, ModelData, group_label, model_data
from planner.pipeline import plan_from_data
from planner.plan import Plan
from planner.solver.options import SolveOptions

FAMILY_SHEETS = {"site": "Sites", "grid": "Grid", "ix": "IX", "route": "Routes", "cable": "Cables"}
BINDING_TOLERANCE = 1e-6


@dataclass
class Explanation:
    """The base plan, the flipped plan, and their differences."""

    family: str
    id: str
    base_decision: str
    flipped_decision: str
    base: Plan
    flipped: Plan
    costs: pd.DataFrame = field(default_factory=pd.DataFrame)
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    binding: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def cost_difference(self) -> float | None:
        """Flipped minus base objective [MJPY PV]; None when the flip is infeasible."""
        if self.base.objective is None or self.flipped.objective is None:
            return None
        return self.flipped.objective - self.base.objective

    @property
    def summary(self) -> str:
        """One paragraph in planners' words."""
        head = f"{self.family} {self.id}: the optimal plan {self.base_decision}"
        if self.cost_difference is None:
            reasons = "; ".join(self.flipped.messages) or self.flipped.status
            return f"{head}. A plan in which it {self.flipped_decision} is infeasible: {reasons}"
        lines = [f"{head}. If it {self.flipped_decision} instead, the plan costs "
                 f"{self.cost_difference:+,.1f} MJPY (present value)."]
        if len(self.costs):
            top = self.costs.reindex(self.costs["difference_mjpy"].abs().sort_values(ascending=False).index)
            parts = [f"{r.category} {r.phase} {r.difference_mjpy:+,.1f}" for r in top.head(4).itertuples()
                     if abs(r.difference_mjpy) > 1e-6]
            if parts:
                lines.append("Largest changes: " + ", ".join(parts) + ".")
        if len(self.changes):
            lines.append("Knock-on: " + "; ".join(self.changes["change"].head(8)) + ".")
        return " ".join(lines)

    def to_tables(self) -> dict[str, pd.DataFrame]:
        """Sheets for a results workbook."""
        summary = pd.DataFrame([("summary", self.summary),
                                ("cost_difference_mjpy", self.cost_difference),
                                ("base_objective_mjpy", self.base.objective),
                                ("flipped_objective_mjpy", self.flipped.objective),
                                ("flipped_status", self.flipped.status)], columns=["metric", "value"])
        tables = {"Explain": summary, "ExplainCosts": self.costs, "ExplainChanges": self.changes,
                  "ExplainBinding": self.binding}
        if "Diagnostics" in self.flipped.tables:
            tables["ExplainDiagnostics"] = self.flipped.tables["Diagnostics"]
        return tables


def _binding_rows(m: pyo.ConcreteModel | None) -> set[tuple[str, str]]:
    """(constraint, index) of inequality rows holding with equality at the solution."""
    if m is None:
        return set()
    rows = set()
    for con in m.component_data_objects(pyo.Constraint, active=True):
        if con.equality:
            continue
        body = pyo.value(con.body, exception=False)
        if body is None:
            continue
        scale = max(1.0, abs(body))
        tight_upper = con.has_ub() and abs(pyo.value(con.upper) - body) <= BINDING_TOLERANCE * scale
        tight_lower = con.has_lb() and abs(body - pyo.value(con.lower)) <= BINDING_TOLERANCE * scale
        if tight_upper or tight_lower:
            name = con.parent_component().name
            index = con.index()
            key = index if isinstance(index, tuple) else (index,)
            rows.add((name, ", ".join(map(group_label, key))))
    return rows


def _flip(case: Case, d: ModelData, base: Plan, family: str, ident: str) -> tuple[ModelData, str, str]:
    if family == "site":
        if ident not in d.sites:
            raise InputError([f"Sites: no site '{ident}' — pick an id from the Sites sheet"])
        if d.existing_mw[ident] > 0:
            raise InputError([f"Sites: site '{ident}' already operates (existing_mw > 0) and cannot be "
                              "closed — explain another site"])
        sites = base.tables["Sites"]
        opened = sites[(sites["site"] == ident) & sites["open"]]
        if len(opened):
            base_text = f"opens site {ident} in {opened['phase'].iloc[0]}"
            return dataclasses.replace(d, force={**d.force, ident: "closed"}), base_text, "stays closed"
        return (dataclasses.replace(d, force={**d.force, ident: "open"}),
                f"keeps site {ident} closed", "is forced open")
    key: BuildKey = (family, ident)
    if key not in d.build_existing:
        sheet = FAMILY_SHEETS[family]
        raise InputError([f"{sheet}: no {family} '{ident}' — pick an id from the {sheet} sheet"])
    if d.build_existing[key]:
        raise InputError([f"{FAMILY_SHEETS[family]}: '{ident}' already exists — nothing to flip"])
    builds = base.tables["Builds"]
    built = builds[(builds["family"] == family) & (builds["id"] == ident)]
    if len(built):
        return (dataclasses.replace(d, build_lock={**d.build_lock, key: "forbidden"}),
                f"builds {family} {ident} in {built['phase_built'].iloc[0]}", "is never built")
    return (dataclasses.replace(d, build_lock={**d.build_lock, key: "built"}),
            f"does not build {family} {ident}", "is built")


def _cost_difference(base: Plan, flipped: Plan) -> pd.DataFrame:
    keys = ["phase", "kind", "category"]
    a = base.tables["Costs"].set_index(keys)["discounted_mjpy"]
    b = flipped.tables["Costs"].set_index(keys)["discounted_mjpy"]
    frame = pd.DataFrame({"base_mjpy": a, "flipped_mjpy": b}).fillna(0.0)
    frame["difference_mjpy"] = frame["flipped_mjpy"] - frame["base_mjpy"]
    return frame.reset_index()


def _decision_changes(base: Plan, flipped: Plan) -> pd.DataFrame:
    rows = []
    a, b = base.tables["Sites"], flipped.tables["Sites"]
    for site in a["site"].unique():
        def first_open(frame: pd.DataFrame) -> str | None:
            opened = frame[(frame["site"] == site) & frame["open"]]
            return opened["phase"].iloc[0] if len(opened) else None

        before, after = first_open(a), first_open(b)
        mw_before = a[a["site"] == site]["it_mw"].iloc[-1]
        mw_after = b[b["site"] == site]["it_mw"].iloc[-1]
        if before != after or abs(mw_before - mw_after) > 1e-6:
            rows.append(("site", site, before, after, mw_after - mw_before,
                         f"site {site} {before or 'closed'} -> {after or 'closed'} "
                         f"({mw_after - mw_before:+,.0f} MW by the last phase)"))
    built_a = {(r.family, r.id): r.phase_built for r in base.tables["Builds"].itertuples()}
    built_b = {(r.family, r.id): r.phase_built for r in flipped.tables["Builds"].itertuples()}
    for key in sorted(set(built_a) | set(built_b)):
        if built_a.get(key) != built_b.get(key):
            rows.append((key[0], key[1], built_a.get(key), built_b.get(key), float("nan"),
                         f"{key[0]} {key[1]} {built_a.get(key) or 'not built'} -> "
                         f"{built_b.get(key) or 'not built'}"))
    return pd.DataFrame(rows, columns=["family", "id", "base", "flipped", "delta_mw", "change"])


def explain(
    case: Case,
    *,
    site: str | None = None, grid: str | None = None, ix: str | None = None,
    route: str | None = None, cable: str | None = None,
    options: SolveOptions | None = None,
    **overrides: object,
) -> Explanation:
    """Flip one decision (site open/closed, option built/not) and compare the two optima.

    ``options`` (or the solver keywords over the Settings sheet) choose how both are solved.
    """
    chosen = [(f, v) for f, v in (("site", site), ("grid", grid), ("ix", ix), ("route", route),
                                  ("cable", cable)) if v is not None]
    if len(chosen) != 1:
        raise ValueError("name exactly one of site, grid, ix, route or cable")
    family, ident = chosen[0]
    options = options or SolveOptions.from_settings(case.settings, operations=case.operations, **overrides)
    data = model_data(case)
    base, base_model = plan_from_data(case, data, options)
    if not base.has_solution:
        raise InputError([f"the case itself has no plan ({base.status}) — run wattbit run first"])
    flipped_data, base_text, flipped_text = _flip(case, data, base, family, str(ident))
    flipped, flipped_model = plan_from_data(case, flipped_data, options)
    explanation = Explanation(family, str(ident), base_text, flipped_text, base, flipped)
    if flipped.has_solution:
        explanation.costs = _cost_difference(base, flipped)
        explanation.changes = _decision_changes(base, flipped)
        newly = sorted(_binding_rows(flipped_model) - _binding_rows(base_model))
        explanation.binding = pd.DataFrame(newly, columns=["constraint", "index"])
    return explanation
