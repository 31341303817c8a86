r"""Near-optimal alternatives: different plans that cost at most (1 + slack) x the optimum.

Each new plan must differ from every earlier one in at least ``h`` site or
build decisions (a Hamming no-good cut over the binaries
:math:`\sum_{i: \hat x_i = 1} (1 - x_i) + \sum_{i: \hat x_i = 0} x_i \ge h`), and is
the cheapest such plan. Sites open in every alternative are the robust core.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pyomo.environ as pyo

from planner.case import Case
from planner.errors import InputError
from planner.model.addons import add_alternatives_constraints, add_no_good_cut
from planner.model.data import model_data
from planner.pipeline import plan_from_data
from planner.plan import Plan
from planner.results.registry import extract_tables
from planner.solver.options import SolveOptions
from planner.solver.run import optimise


@dataclass
class Alternatives:
    """The optimum and up to ``n`` near-optimal alternatives."""

    optimum: float
    slack: float
    min_difference: int
    plans: list[dict[str, pd.DataFrame]] = field(default_factory=list)
    costs: list[float] = field(default_factory=list)
    differences: list[int] = field(default_factory=list)
    """Least Hamming distance of each alternative to all earlier plans (optimum first)."""

    def site_table(self) -> pd.DataFrame:
        """Per site: open (last phase) in the optimum and in each alternative."""
        frames = {}
        for k, tables in enumerate(self.plans):
            sites = tables["Sites"]
            last = sites[sites["phase"] == sites["phase"].iloc[-1]].set_index("site")
            frames["optimum" if k == 0 else f"alt_{k}"] = last["open"]
        frame = pd.DataFrame(frames)
        frame["open_in_all"] = frame.all(axis=1)
        frame["open_in_some"] = frame.drop(columns="open_in_all").any(axis=1)
        return frame.reset_index()

    @property
    def robust_core(self) -> list[str]:
        """Sites open (in the last phase) in every plan found."""
        table = self.site_table()
        return list(table.loc[table["open_in_all"], "site"])

    def to_table(self) -> pd.DataFrame:
        """One row per plan: cost, its premium over the optimum, distance, sites open."""
        rows = []
        for k, (tables, cost) in enumerate(zip(self.plans, self.costs, strict=True)):
            sites = tables["Sites"]
            last = sites[(sites["phase"] == sites["phase"].iloc[-1]) & sites["open"]]
            builds = tables["Builds"]
            rows.append({
                "plan": "optimum" if k == 0 else f"alt_{k}",
                "objective_mjpy": cost,
                "premium": cost / self.optimum - 1.0 if self.optimum else 0.0,
                "min_hamming_to_earlier": self.differences[k] if k else None,
                "sites_open": ", ".join(last["site"]),
                "builds": ", ".join(f"{r.family}:{r.id}@{r.phase_built}" for r in builds.itertuples()
                                    if r.phase_built != "existing"),
            })
        return pd.DataFrame(rows)


def _decisions(m: pyo.ConcreteModel) -> list[pyo.Var]:
    """Free binaries: site openings and builds that the data does not settle."""
    return [v for v in m.component_data_objects(pyo.Var) if v.is_binary() and v.lb != v.ub]


def alternatives(
    case: Case,
    *,
    slack: float = 0.05,
    n: int = 5,
    h: int = 1,
    options: SolveOptions | None = None,
    **overrides: object,
) -> Alternatives:
    """Find up to ``n`` plans within ``(1 + slack)`` of the optimum, each ``h`` decisions apart."""
    if slack < 0 or n < 1 or h < 1:
        raise ValueError("slack must be >= 0, n >= 1 and h >= 1")
    options = options or SolveOptions.from_settings(case.settings, operations=case.operations, **overrides)
    data = model_data(case)
    base, m = plan_from_data(case, data, options)
    if m is None or base.objective is None:
        raise InputError([f"the case has no plan ({base.status}) — alternatives need one"])
    result = Alternatives(optimum=base.objective, slack=slack, min_difference=h)
    result.plans.append(_plan_tables(base))
    result.costs.append(base.objective)
    decisions = _decisions(m)
    found = [[round(v.value or 0.0) for v in decisions]]
    add_alternatives_constraints(m, base.objective, slack)
    for _ in range(n):
        add_no_good_cut(m, decisions, found[-1], h)
        outcome = optimise(m, options, data=data)
        if not outcome.has_solution or outcome.objective is None:
            break
        vector = [round(v.value or 0.0) for v in decisions]
        result.differences.append(min(_distance(vector, old) for old in found))
        found.append(vector)
        result.costs.append(outcome.objective)
        result.plans.append(extract_tables(m, data, case))
    result.differences.insert(0, 0)
    return result


def _distance(a: list[int], b: list[int]) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


def _plan_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    return {k: v for k, v in plan.tables.items() if k not in ("Summary", "Run")}
