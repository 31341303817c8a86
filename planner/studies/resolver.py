"""Fast re-solves for sensitivity studies: keep the model and HiGHS, change numbers only.

A ``Resolver`` builds the model once with mutable parameters. Solving a
variant whose index sets are the same (only costs, demands, limits differ)
pushes the changed values to the persistent HiGHS model and, optionally,
starts from the previous plan; a variant with other sets is rebuilt.
"""

from __future__ import annotations

import dataclasses
import math
import time
from typing import Any

import pyomo.environ as pyo

from planner.case import Case
from planner.model import build_model, infeasible_rows, model_data
from planner.model.data import ModelData
from planner.model.parameters import update_parameters
from planner.pipeline import verify
from planner.plan import Plan
from planner.results.registry import extract_tables
from planner.solver.options import SolveOptions
from planner.solver.run import optimise, persistent_solver

PARAMETER_FIELDS = frozenset({
    "demand", "max_mw", "min_mw", "pue", "grid_firm", "grid_nonfirm", "supply", "fixed_cost",
    "capex_per_mw", "battery_capex", "build_capex", "site_fom", "site_energy_cost",
    "site_carbon_cost", "service_cost", "project_mw", "cable_tbps", "intl_demand",
    "survive_share", "intl_survive_share", "discount", "weight", "phase_policy", "unserved_penalty",
    "cogen_max", "cogen_capex", "region_tbps_per_mw", "route_tbps",
})
"""ModelData fields held in Params: only their pattern (keys, sign, blank) shapes the model."""


def _sign(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dict):
        return tuple((k, _sign(v)) for k, v in value.items())
    return (value > 0) - (value < 0)


def structure_key(d: ModelData) -> dict[str, Any]:
    """Everything that decides the model's index sets; equal keys mean a re-solve can reuse it."""
    key: dict[str, Any] = {}
    for f in dataclasses.fields(d):
        value = getattr(d, f.name)
        if f.name in PARAMETER_FIELDS:
            key[f.name] = _sign(value) if isinstance(value, dict) else _sign(value)
        else:
            key[f.name] = value
    return key


class Resolver:
    """Solve many variants of one case, reusing the model and HiGHS where the sets allow.

    ``warm_start`` hands HiGHS the previous plan and skips its sub-MIP plan
    search (``planner.solver.run.plan_search_options``): on the bundled case the
    median re-solve takes 0.25x the cold time (benchmarks/sweep.py). Off by
    default so that a scenario's plan never depends on which scenario the
    same worker solved before it; objectives agree within the MIP gap.
    """

    def __init__(self, options: SolveOptions, *, warm_start: bool = False) -> None:
        self.options = options
        self.warm_start = warm_start
        self._model: pyo.ConcreteModel | None = None
        self._solver: Any = None
        self._structure: dict[str, Any] | None = None
        self.rebuilds = 0
        self.updates = 0

    def plan(self, case: Case) -> Plan:
        """Solve ``case``; ``plan.timings`` splits build/update, solve, HiGHS and extract."""
        clock = time.perf_counter()
        d = model_data(case)
        problems = infeasible_rows(d)
        if problems:
            return Plan("infeasible", None, None, None, time.perf_counter() - clock, 0.0,
                        messages=problems, options=self.options, case=case)
        structure = structure_key(d)
        reused = self._model is not None and structure == self._structure
        changed = None
        if reused:
            changed = update_parameters(self._model, d)
            self.updates += 1
        else:
            self._model = build_model(d, mutable=True)
            self._solver = persistent_solver()
            self._structure = structure
            self.rebuilds += 1
        prepare = time.perf_counter() - clock
        outcome = optimise(self._model, self.options, solver=self._solver, data=d,
                           warm_start=reused and self.warm_start, changed=changed)
        plan = Plan(outcome.status, outcome.objective, outcome.bound, outcome.gap, prepare,
                    outcome.solve_seconds, options=self.options, case=case,
                    model_stats=outcome.model_stats)
        plan.timings = {"update" if reused else "build": prepare, "solve": outcome.solve_seconds,
                        "highs": outcome.highs_seconds or 0.0}
        if outcome.has_solution:
            verify(plan, self._model)
            clock = time.perf_counter()
            plan.tables = extract_tables(self._model, d, case)
            plan.timings["extract"] = time.perf_counter() - clock
        else:
            # the next variant must not start from a plan that was never loaded
            for var in self._model.component_data_objects(pyo.Var):
                var.value = None
        return plan


def evaluate_decisions(case: Case, decisions: list[tuple[str, str, str]] | list[list[str]],
                       options: SolveOptions) -> float | None:
    """Cost of ``case`` with every site opening and build fixed as in ``decisions``.

    ``decisions`` are (family, id, phase) rows as ``planner.studies.sweep.decisions``
    gives them; returns None when that plan cannot serve this case.
    """
    d = model_data(case)
    if infeasible_rows(d):
        return None
    # another case's plan may open the later of two identical sites: no symmetry rows here
    m = build_model(dataclasses.replace(d, tighten=False))
    chosen = {tuple(row) for row in decisions}
    for (s, t), var in m.site_open.items():
        if var.lb != var.ub:
            var.fix(1 if ("site", s, t) in chosen else 0)
    for (f, b, t), var in m.build.items():
        var.fix(1 if (f, b, t) in chosen else 0)
    outcome = optimise(m, options)
    return outcome.objective if outcome.has_solution else None
