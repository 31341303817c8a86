"""Starting plans for HiGHS: LP rounding for large cases, the previous plan for re-solves.

Both run their LPs on the very HiGHS instance that then solves the MIP (no
second hand-off), through ``highs.binaries_fixed``, and leave the plan set
as HiGHS's start.

The rounding: solve the LP relaxation; open every site the LP uses and build
every option from the first phase the LP makes any of it available (rounding
up keeps capacity-type rows feasible); give every open site the diverse
routes it needs; fix those binaries and solve the remaining LP. If that LP is
feasible, its plan is the start, so a good incumbent exists from the first
second instead of after the root node.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from planner.model.data import ModelData
from planner.solver import highs
from planner.solver.options import SolveOptions

THRESHOLDS = (1e-6, 0.5)
"""Rounding thresholds tried in turn: round up anything used, then majority rounding."""


def _round(m: pyo.ConcreteModel, threshold: float) -> ComponentMap:
    """0/1 for every free binary from the LP values: monotone in time by construction."""
    rounded = ComponentMap()
    if hasattr(m, "site_open"):
        for var in m.site_open.values():
            if not var.fixed and var.lb != var.ub:
                rounded[var] = 1 if (var.value or 0.0) > threshold else 0
    built: dict[tuple[str, str], list[Any]] = {}
    for (f, b, _t), var in m.build.items():
        built.setdefault((f, b), []).append(var)
    for options in built.values():
        cumulative, chosen = 0.0, None
        for var in options:
            cumulative += var.value or 0.0
            if chosen is None and cumulative > threshold:
                chosen = var
        for var in options:
            rounded[var] = 1 if var is chosen else 0
    for var in m.component_data_objects(pyo.Var):
        if var.is_binary() and not var.fixed:
            rounded.setdefault(var, round(var.value or 0.0))
    return rounded


def _repair_routes(m: pyo.ConcreteModel, d: ModelData, rounded: ComponentMap) -> None:
    """Give every site rounded open the diverse routes (and their IXs) it needs, in time."""
    phases = d.phases

    def built_by(f: str, b: str, t: str) -> bool:
        if d.build_existing[(f, b)]:
            return True
        return any(rounded.get(m.build[f, b, tau], 0) == 1 for tau in phases[: phases.index(t) + 1]
                   if (f, b, tau) in m.build_phases)

    def build_by(f: str, b: str, t: str) -> bool:
        """Build (f, b) at the earliest allowed phase <= t; False if it cannot be."""
        if built_by(f, b, t):
            return True
        allowed = [tau for tau in phases[: phases.index(t) + 1] if (f, b, tau) in m.build_phases]
        if not allowed:
            return False
        for tau in phases:
            if (f, b, tau) in m.build_phases:
                rounded[m.build[f, b, tau]] = 1 if tau == allowed[0] else 0
        return True

    for s in d.sites:
        need = d.required_routes[s]
        if need <= 0:
            continue
        corridors = d.site_corridors(s)
        for t in phases:
            var = m.site_open[s, t]
            if not (var.lb == var.ub == 1 or rounded.get(var, 0) == 1):
                continue
            covered = [q for q, routes in corridors.items() if any(built_by("route", r, t) for r in routes)]
            for q, routes in corridors.items():
                if len(covered) >= need:
                    break
                if q in covered:
                    continue
                for r in routes:
                    if build_by("ix", d.route_ix[r], t) and build_by("route", r, t):
                        covered.append(q)
                        break


def rounded_plan(m: pyo.ConcreteModel, d: ModelData | None, threshold: float) -> ComponentMap:
    """0/1 for every free binary from the LP values the model's variables hold.

    Sites the LP uses open, options the LP makes available are built from
    that phase on, and every open site gets the diverse routes it needs.
    """
    rounded = _round(m, threshold)
    if d is not None:
        _repair_routes(m, d, rounded)
    return rounded


def rounding_start(solver: Any, model: pyo.ConcreteModel, data: ModelData | None,
                   options: SolveOptions) -> bool:
    """LP relaxation, rounding and a repair LP; True if a start was set."""
    columns, _ = highs.integer_columns(solver)
    if not len(columns):
        return False
    var_at = highs.column_variables(solver)
    highs.quiet(solver, time_limit=options.time_limit, threads=options.threads)
    start = None
    try:
        with highs.binaries_fixed(solver, {}):
            relaxed = highs.run_lp(solver)
            if relaxed is None:
                return False
            for threshold in THRESHOLDS:
                for col, value in enumerate(relaxed):
                    var_at[col].set_value(value, skip_validation=True)
                plan = rounded_plan(model, data, threshold)
                fixed = ComponentMap((var, float(value)) for var, value in plan.items()
                                     if highs.column_of(solver, var) is not None)
                with highs.binaries_fixed(solver, fixed, relaxed=()):
                    start = highs.run_lp(solver)
                if start is not None:
                    break
    finally:
        highs.loud(solver)
    if start is None:
        return False
    start[columns] = np.round(start[columns])
    highs.set_start(solver, start)
    return True


def previous_plan_start(solver: Any, options: SolveOptions) -> bool:
    """Hand HiGHS the plan the variables hold, completed for the current numbers.

    The integer decisions are kept and every continuous value is re-solved as
    an LP (the previous flows need not fit changed demands); if that LP is
    infeasible the old plan no longer works and no start is given.
    """
    columns, variables = highs.integer_columns(solver)
    if not len(columns) or any(var.value is None for var in variables):
        return False
    kept = ComponentMap((var, float(round(var.value))) for var in variables)
    highs.quiet(solver, time_limit=options.time_limit, threads=options.threads)
    try:
        with highs.binaries_fixed(solver, kept):
            start = highs.run_lp(solver)
    finally:
        highs.loud(solver)
    if start is None:
        return False
    start[columns] = [kept[var] for var in variables]
    highs.set_start(solver, start)
    return True
