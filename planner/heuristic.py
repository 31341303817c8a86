"""A starting plan for HiGHS on large cases: round the LP relaxation, then repair by LP.

Solve the LP relaxation; open every site the LP uses and build every option
from the first phase the LP makes any of it available (rounding up keeps
capacity-type rows feasible); fix those binaries and solve the remaining LP.
If that LP is feasible, its plan is handed to HiGHS as a start, so a good
incumbent exists from the first second instead of after the root node.

This module decides the rounding only; ``planner.solve`` runs the LPs on the
one HiGHS instance that then solves the MIP (one hand-off in all).
"""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

THRESHOLDS = (1e-6, 0.5)
"""Rounding thresholds tried in turn: round up anything used, then majority rounding."""


def _binaries(m: pyo.ConcreteModel) -> list[Any]:
    return [v for v in m.component_data_objects(pyo.Var) if v.is_binary() and not v.fixed]


def _round(m: pyo.ConcreteModel, threshold: float) -> ComponentMap:
    """0/1 for every free binary from the LP values: monotone in time by construction."""
    rounded = ComponentMap()
    if hasattr(m, "site_open"):
        for var in m.site_open.values():
            if not var.fixed and var.lb != var.ub:
                rounded[var] = 1 if (var.value or 0.0) > threshold else 0
    built: dict[tuple[str, str], list[tuple[str, Any]]] = {}
    for (f, b, t), var in m.build.items():
        built.setdefault((f, b), []).append((t, var))
    for options in built.values():
        cumulative, chosen = 0.0, None
        for _t, var in options:
            cumulative += var.value or 0.0
            if chosen is None and cumulative > threshold:
                chosen = var
        for _t, var in options:
            rounded[var] = 1 if var is chosen else 0
    for var in _binaries(m):
        rounded.setdefault(var, round(var.value or 0.0))
    return rounded


def _repair_routes(m: pyo.ConcreteModel, d: Any, rounded: ComponentMap) -> None:
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
            is_open = var.lb == var.ub == 1 or rounded.get(var, 0) == 1
            if not is_open:
                continue
            covered = [q for q, routes in corridors.items() if any(built_by("route", r, t) for r in routes)]
            for q, routes in corridors.items():
                if len(covered) >= need:
                    break
                if q in covered:
                    continue
                for r in routes:
                    ix = d.route_ix[r]
                    if build_by("ix", ix, t) and build_by("route", r, t):
                        covered.append(q)
                        break


def rounded_plan(m: pyo.ConcreteModel, d: Any, threshold: float) -> ComponentMap:
    """0/1 for every free binary from the LP values the model's variables hold.

    Sites the LP uses open, options the LP makes available are built from
    that phase on, and every open site gets the diverse routes it needs.
    """
    rounded = _round(m, threshold)
    if d is not None:
        _repair_routes(m, d, rounded)
    return rounded
