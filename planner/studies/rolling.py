"""Fix-and-optimise (rolling horizon) for cases too large to close exactly.

One window per phase, on the full model: the integer decisions of earlier
phases are fixed at the values already chosen, those of this phase stay
integer, those of later phases are relaxed to their bounds (so the window
still sees what later phases will need). The last window leaves a complete
plan. The full MIP is then solved with that plan as its start ("polish"), so
HiGHS's dual bound from the full model is what the gap is measured against.

The bound reported is valid for the case, never a window's own: window 1 fixes
nothing and only relaxes, so its dual bound is a lower bound of the full MIP
too; later windows fix decisions, so theirs are not, and are never used. The
case's bound is the better of window 1's and the polish's; when window 1's
already proves the rolling plan within the MIP gap, the polish is skipped.

All windows and the polish run on one HiGHS instance: decisions are fixed and
relaxed through column bounds and integrality only (``solver.highs.binaries_fixed``), and HiGHS tries the previous
window's plan as a start of the next (measured: clearing it made windows slower).

A window can be infeasible although the case is not (a choice fixed in an
earlier phase may leave a later phase no integer way out, e.g. under a capex
budget); then the plain full MIP is solved with the time left, and the plan
says so.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass, field
from typing import Any

import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from planner.case import Case
from planner.model import build_model, infeasible_rows, model_data
from planner.model.data import ModelData
from planner.pipeline import add_tables, finish, plan_from_data, verify
from planner.plan import Plan
from planner.solver.highs import binaries_fixed
from planner.solver.options import SolveOptions
from planner.solver.outcome import SolveOutcome, relative_gap
from planner.solver.run import optimise, persistent_solver

POLISH_SHARE = 0.25
"""Share of the time limit kept for the full-MIP polish when ``polish_seconds`` is None
(the polish also gets whatever the windows leave)."""
WINDOW_STRETCH = 2.0
"""A window may use this many times its even share of the window time left: early
windows decide the most and solve the largest integer problems."""


@dataclass(frozen=True)
class WindowResult:
    """How one window ended. Its objective and bound are of the window model
    (later phases relaxed, earlier ones fixed), not of the case, except that the
    last window's objective is the cost of the rolling plan."""

    phase: str
    status: str
    objective: float | None
    bound: float | None
    seconds: float
    integer_vars: int
    """Integer variables kept integer in this window (the rest are fixed or relaxed)."""


@dataclass
class RollingResult:
    """A rolling-horizon solve: the plan and how it was reached."""

    plan: Plan
    windows: list[WindowResult] = field(default_factory=list)
    plan_objective: float | None = None
    """MJPY present value of the rolling plan (the last window), before the polish."""
    plan_seconds: float | None = None
    """Seconds from the start of solving to the rolling plan."""
    polish: SolveOutcome | None = None
    fallback: str | None = None
    """Why the plain full MIP was solved instead (None when the windows succeeded)."""


def phase_of(var: Any, phases: set[str]) -> str | None:
    """The phase a variable belongs to: the last element of its index, if that is a phase.

    Every time-indexed variable of ``build_model`` has its phase last
    (``site_open[s, t]``, ``build[f, b, t]``).
    """
    key = var.index()
    last = key[-1] if isinstance(key, tuple) else key
    return last if last in phases else None


def integer_vars_by_phase(model: pyo.ConcreteModel, phases: list[str]) -> dict[str | None, list[Any]]:
    """Integer variables still to decide (not fixed, lb < ub), grouped by phase.

    Found generically (``is_integer``), so a family added later is rolled too.
    Variables without a phase (key None) stay integer in every window.
    """
    phase_set = set(phases)
    groups: dict[str | None, list[Any]] = {t: [] for t in phases}
    for var in model.component_data_objects(pyo.Var, descend_into=True):
        if not var.is_integer() or var.fixed or (var.lb is not None and var.lb == var.ub):
            continue
        groups.setdefault(phase_of(var, phase_set), []).append(var)
    return groups


def _best_bound(*bounds: float | None) -> float | None:
    """The largest finite lower bound (minimisation), or None."""
    finite = [b for b in bounds if b is not None and math.isfinite(b)]
    return max(finite) if finite else None


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.6g}"


def rolling_plan(case: Case, options: SolveOptions, **keywords: Any) -> Plan:
    """Solve ``case`` phase by phase, then polish on the full MIP; a normal ``Plan``.

    ``options.time_limit`` covers everything (windows and polish). The polish
    gets at least ``polish_seconds`` (default: a quarter of the time limit) plus
    what the windows leave. It is skipped when window 1's bound already proves
    the rolling plan within ``options.mip_gap``, and with ``polish_seconds=0``
    (the plan is then reported with window 1's bound). See
    ``rolling_horizon`` for the keywords and the windows.
    """
    return rolling_horizon(case, options, **keywords).plan


def rolling_horizon(
    case: Case,
    options: SolveOptions,
    *,
    polish_seconds: float | None = None,
    values: bool = False,
    explain_infeasible: bool = True,
    data: ModelData | None = None,
) -> RollingResult:
    """``rolling_plan`` that also returns each window, the rolling plan's cost and time."""
    if polish_seconds is not None and not 0 <= polish_seconds <= options.time_limit:
        raise ValueError(f"polish_seconds must be between 0 and the time limit "
                         f"({options.time_limit:g} s), got {polish_seconds:g}")
    started_at = dt.datetime.now().isoformat(timespec="seconds")
    data = data if data is not None else model_data(case)
    if infeasible_rows(data):  # the data alone is infeasible: the plain path explains why
        plan, _ = plan_from_data(case, data, options, explain_infeasible=explain_infeasible, values=values)
        return RollingResult(plan, fallback="the precheck found the case infeasible")
    clock = time.perf_counter()
    model = build_model(data)
    build_seconds = time.perf_counter() - clock
    phases = list(data.phases)
    groups = integer_vars_by_phase(model, phases)
    everything = [var for group in groups.values() for var in group]
    reserve = options.time_limit * POLISH_SHARE if polish_seconds is None else polish_seconds
    window_budget = max(0.0, options.time_limit - reserve)
    timings: dict[str, float] = {"build": build_seconds}
    windows: list[WindowResult] = []
    window_options = options.replace(start_heuristic=False)
    # (the LP-rounding start would round the relaxed later phases too; it is for full MIPs)

    solve_started = time.perf_counter()
    solver = persistent_solver()  # one HiGHS instance for every window and the polish
    solver.set_instance(model)
    timings["handoff"] = time.perf_counter() - solve_started
    window1_bound: float | None = None
    last: SolveOutcome | None = None
    fallback: str | None = None
    for k, phase in enumerate(phases):
        fixed = ComponentMap((var, float(round(var.value or 0.0)))
                             for earlier in phases[:k] for var in groups[earlier])
        relaxed = [var for later in phases[k + 1:] for var in groups[later]]
        left = window_budget - (time.perf_counter() - solve_started)
        share = max(1.0, min(left, WINDOW_STRETCH * left / (len(phases) - k)))
        clock = time.perf_counter()
        with binaries_fixed(solver, fixed, relaxed):
            outcome = optimise(model, window_options.replace(
                time_limit=share, progress_label=f"window {k + 1}/{len(phases)} ({phase})"),
                solver=solver, data=data)
        seconds = time.perf_counter() - clock
        timings[f"window_{k + 1}"] = seconds
        windows.append(WindowResult(phase, outcome.status, outcome.objective, outcome.bound, seconds,
                                    len(groups[phase]) + len(groups.get(None, []))))
        if k == 0 and outcome.bound is not None:
            window1_bound = outcome.bound  # window 1 only relaxes: a bound for the case too
        if not outcome.has_solution:
            fallback = (f"rolling horizon: window {k + 1} (phase {phase}) ended '{outcome.status}' "
                        f"with earlier phases fixed; solved the full MIP instead")
            break
        last = outcome
    rolling_seconds = time.perf_counter() - solve_started

    if fallback is not None or last is None:
        remaining = max(1.0, options.time_limit - rolling_seconds)
        plan, _ = plan_from_data(case, data, options.replace(time_limit=remaining),
                             explain_infeasible=explain_infeasible, values=values)
        plan.messages.insert(0, fallback or "rolling horizon: no window was solved")
        plan.timings.update({k: v for k, v in timings.items() if k.startswith("window_")})
        plan.options = options
        finish(plan, case, started_at)  # again: with the fallback message and timings
        return RollingResult(plan, windows, fallback=fallback)

    plan_objective = last.objective
    for var in everything:  # exact integers, so HiGHS takes the plan as it is
        var.set_value(float(round(var.value or 0.0)), skip_validation=True)
    snapshot = [(var, var.value) for var in model.component_data_objects(pyo.Var, descend_into=True)]

    polish: SolveOutcome | None = None
    objective, bound, status = plan_objective, window1_bound, "time_limit"
    proven = relative_gap(plan_objective, window1_bound)
    already_closed = proven is not None and proven <= options.mip_gap
    if not already_closed and (polish_seconds is None or polish_seconds > 0):
        remaining = max(1.0, options.time_limit - (time.perf_counter() - solve_started))
        clock = time.perf_counter()
        polish = optimise(model, options.replace(time_limit=remaining, progress_label="polish"),
                          solver=solver, data=data,
                          warm_start=True)
        timings["polish"] = time.perf_counter() - clock
        bound = _best_bound(window1_bound, polish.bound)
        if polish.has_solution and polish.objective is not None and (
                plan_objective is None or polish.objective <= plan_objective):
            objective = polish.objective
            status = polish.status
        else:  # HiGHS did not keep the rolling plan (or found only worse): report the plan
            for var, value in snapshot:
                var.set_value(value, skip_validation=True)
    gap = relative_gap(objective, bound)
    if status != "optimal" and gap is not None and gap <= options.mip_gap:
        status = "optimal"  # proven within the requested gap
    solve_seconds = time.perf_counter() - solve_started
    timings["solve"] = solve_seconds
    stats = (polish.model_stats if polish is not None else {}) or last.model_stats
    plan = Plan(status, objective, bound, gap, build_seconds, solve_seconds, options=options,
                case=case, model_stats=stats, timings=timings)
    gap_text = "n/a" if gap is None else f"{gap:.2%}"
    line = (f"rolling horizon: {len(windows)} windows in {rolling_seconds:.1f} s, "
            f"plan {_fmt(plan_objective)} MJPY")
    if polish is not None:
        line += (f", then full MIP polish ({timings['polish']:.1f} s): plan {_fmt(objective)}, "
                 f"gap {gap_text} (bound {_fmt(bound)})")
    else:
        why = "not needed" if already_closed else "none asked for"
        line += f", polish {why}: gap {gap_text} (bound {_fmt(bound)}, from window 1's relaxation)"
    plan.messages.append(line)
    if polish is not None and polish.status == "interrupted":
        plan.messages.append("the watchdog stopped the polish, which overran its time limit")
    verify(plan, model)
    add_tables(plan, model, data, case, values=values)  # adds its stages to timings
    finish(plan, case, started_at)
    return RollingResult(plan, windows, plan_objective, rolling_seconds, polish, None)
