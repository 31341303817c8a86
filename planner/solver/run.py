"""``optimise(model, options) -> SolveOutcome``: HiGHS on a built model, every ending a word.

HiGHS is reached through ``pyomo.contrib.solver``'s persistent ``highs``
interface, always with ``load_solutions=False`` and no exception on a
non-optimal end, so every ending (time limit with or without a plan,
infeasible, unbounded) maps to a status word instead of a traceback.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any, TextIO

import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from planner.model.data import ModelData
from planner.solver import highs, starts
from planner.solver.options import SolveOptions
from planner.solver.outcome import SolveOutcome, relative_gap, status_word
from planner.solver.progress import ProgressLine
from planner.solver.watchdog import Watchdog, watchdog_seconds

AUTO_START_BINARIES = 2000
"""Above this many binaries the start heuristic is on unless switched off."""

PLAN_SEARCH_HEURISTICS = ("mip_heuristic_run_rins", "mip_heuristic_run_rens",
                          "mip_heuristic_run_root_reduced_cost")
"""HiGHS's sub-MIP heuristics that search for plans near the LP or the incumbent."""

_NO_UPDATES = {
    "check_for_new_or_removed_constraints": False, "check_for_new_or_removed_vars": False,
    "check_for_new_or_removed_params": False, "check_for_new_objective": False,
    "update_constraints": False, "update_vars": False, "update_parameters": False,
    "update_named_expressions": False, "update_objective": False,
}
_PARAMETERS_ONLY = {**_NO_UPDATES, "update_parameters": True}


def plan_search_options(previous_plan: bool) -> dict[str, bool]:
    """HiGHS options for a re-solve: with the previous plan as its start, no sub-MIP plan search.

    Those sub-MIPs exist to find plans, and a start from a neighbouring
    scenario already is a near-optimal one; on the bundled case HiGHS's log
    showed them taking 70 % of its time, and running twice as often with a
    start as without (benchmarks/sweep.py measures what switching them off
    gains). Every solve sets all of them, so an instance
    re-used for a cold solve gets HiGHS's defaults back.
    """
    return {name: not previous_plan for name in PLAN_SEARCH_HEURISTICS}


def persistent_solver() -> Any:
    """A HiGHS interface to keep across re-solves of one model (see ``optimise``)."""
    return highs.new_interface()


def _binary_count(model: pyo.ConcreteModel, solver: Any | None) -> int:
    """Binaries in the model; counted once per persistent solver, which re-solves never re-type."""
    count = getattr(solver, "_wattbit_binaries", None) if highs.holds(solver, model) else None
    if count is None:
        count = sum(1 for v in model.component_data_objects(pyo.Var) if v.is_binary())
        if solver is not None:
            solver._wattbit_binaries = count
    return count


def _prepare(model: pyo.ConcreteModel, options: SolveOptions, solver: Any | None,
             data: ModelData | None, warm_start: bool, changed: list[Any] | None
             ) -> tuple[Any, dict[str, Any], bool]:
    """Hand the model over (or push what changed) and set a start; returns the solver,
    the extra keywords for Pyomo's ``solve`` and whether the previous plan is the start."""
    use_start = options.start_heuristic
    if use_start is None:
        use_start = _binary_count(model, solver) > AUTO_START_BINARIES
    private = highs.private_access()
    if solver is None and private and (use_start or warm_start):
        solver = highs.new_interface()
        solver.set_instance(model)
    start_found = False
    if use_start and private and highs.holds(solver, model) and not warm_start:
        start_found = starts.rounding_start(solver, model, data, options)
    solver = solver or highs.new_interface()
    extra: dict[str, Any] = {}
    previous_plan = False
    if private and not highs.holds(solver, model):
        solver.set_instance(model)  # now, so that HiGHS exists for the callbacks
        extra["auto_updates"] = _NO_UPDATES
    elif highs.holds(solver, model) and private:
        if changed is None:
            solver.config.auto_updates.set_value(_PARAMETERS_ONLY)
            solver.update()
        else:
            highs.push_changes(solver, changed)
        previous_plan = warm_start and not start_found and starts.previous_plan_start(solver, options)
        extra["auto_updates"] = _NO_UPDATES
    return solver, extra, previous_plan


def _run_in_thread(solver: Any, model: pyo.ConcreteModel, options: SolveOptions, time_left: float,
                   tee: list[TextIO], solver_options: dict[str, Any], extra: dict[str, Any],
                   spent: float = 0.0) -> tuple[Any | None, float | None]:
    """Pyomo's ``solve`` in a helper thread under a watchdog; (results or None, fired_at).

    A solver ignoring its time limit and the watchdog's cancel cannot hold the
    caller: after a grace period it is left behind (results None).
    """
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["results"] = solver.solve(
                model, tee=tee, load_solutions=False, raise_exception_on_nonoptimal_result=False,
                time_limit=time_left, rel_gap=options.mip_gap, threads=options.threads,
                solver_options=solver_options, **extra,
            )
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc

    thread = threading.Thread(target=work, name="highs-solve", daemon=True)
    grace = max(0.8, 0.05 * options.time_limit)
    line = ProgressLine(options.progress_label, options.time_limit) if options.progress else None
    with Watchdog(lambda: highs.cancel(solver), max(0.0, watchdog_seconds(options.time_limit) - spent)
                  ) as watchdog:
        detach = highs.attach_callbacks(solver, lambda: watchdog.fired_at is not None,
                                        line.update if line is not None else None)
        try:
            thread.start()
            while thread.is_alive():
                thread.join(0.05)
                if watchdog.fired_at is not None and time.perf_counter() - watchdog.fired_at > grace:
                    break
        finally:
            if not thread.is_alive():
                detach()
            if line is not None:
                line.close()
    if "error" in box:
        raise box["error"]
    return box.get("results"), watchdog.fired_at


def optimise(
    model: pyo.ConcreteModel,
    options: SolveOptions,
    *,
    solver: Any | None = None,
    data: ModelData | None = None,
    warm_start: bool = False,
    changed: list[Any] | None = None,
    presolve: bool = True,
) -> SolveOutcome:
    """Solve ``model`` with HiGHS; load the solution into it if one exists.

    ``data`` lets the start heuristic repair routes. ``warm_start`` hands
    HiGHS the values the variables hold as a starting plan (completed by an
    LP; none if that LP is infeasible). With a ``solver`` that already holds
    this model (a re-solve), only changed Param values are pushed to HiGHS:
    just what reads the entries in ``changed`` (the Params set since the last
    solve) when given, else every mutable coefficient. ``presolve=False``
    switches HiGHS's presolve off (to confirm an "infeasible").
    """
    started = time.perf_counter()
    clock_before = highs.run_clock(solver)  # HiGHS's run clock adds up over an instance's runs
    solver, extra, previous_plan = _prepare(model, options, solver, data, warm_start, changed)
    tee: list[TextIO] = [options.log_stream or sys.stdout] if options.log else []
    solver_options: dict[str, Any] = {"random_seed": int(options.random_seed),
                                      **plan_search_options(previous_plan), **dict(options.highs_options)}
    if not presolve:
        solver_options["presolve"] = "off"
    time_left = max(1.0, options.time_limit - (time.perf_counter() - started))
    results, fired_at = _run_in_thread(solver, model, options, time_left, tee, solver_options, extra,
                                       spent=time.perf_counter() - started)
    if results is None:  # abandoned: it ignored its limit and the cancel
        return SolveOutcome("interrupted_no_solution", "interrupted", False, None, None, None,
                            time.perf_counter() - started, None, "", "")
    return _outcome(results, model, fired_at, time.perf_counter() - started, clock_before)


def _outcome(results: Any, model: pyo.ConcreteModel, fired_at: float | None, seconds: float,
             clock_before: float) -> SolveOutcome:
    """Pyomo's results in plain values; the plan loaded into the model if there is one."""
    termination = results.termination_condition.name
    has_solution = results.solution_status.name in ("feasible", "optimal")
    if fired_at is not None and termination in ("error", "unknown", "interrupted"):
        termination = "interrupted"  # our own watchdog stopped it; not a solver fault
    status = status_word(termination, has_solution)
    if status in ("unbounded", "infeasible_or_unbounded", "infeasible"):
        has_solution = False
    objective = bound = None
    if has_solution:
        results.solution_loader.load_vars()
        objective = results.incumbent_objective  # HiGHS's own value, offset included
        if objective is None:
            objective = pyo.value(next(model.component_data_objects(pyo.Objective, active=True)))
        objective = float(objective)
        bound = float(results.objective_bound) if results.objective_bound is not None else None
        if status == "optimal" and bound is None:
            bound = objective
    highs_seconds = getattr(results.timing_info, "highs_time", None)
    if highs_seconds is not None:  # the instance's clock also counts its earlier runs
        highs_seconds = float(highs_seconds) - clock_before
    return SolveOutcome(
        status=status, termination=termination, has_solution=has_solution, objective=objective,
        bound=bound, gap=relative_gap(objective, bound), solve_seconds=seconds,
        highs_seconds=highs_seconds,
        solver_version=".".join(str(p) for p in results.solver_version or ()),
        log=results.solver_log if isinstance(results.solver_log, str) else "",
    )


def duals_with_binaries_fixed(model: pyo.ConcreteModel, options: SolveOptions) -> dict[Any, float]:
    """Fix every binary at its (loaded) value, solve the LP left, return each row's dual.

    Duals are d(objective)/d(right-hand side) in the objective's units. The
    model is as it was afterwards, holding the LP's solution.
    """
    solver = highs.new_interface()
    solver.set_instance(model)
    binaries = ComponentMap((var, float(round(var.value or 0.0)))
                            for var in model.component_data_objects(pyo.Var, descend_into=True)
                            if var.is_binary())
    extra = {"auto_updates": _NO_UPDATES} if highs.private_access() else {}
    with highs.binaries_fixed(solver, binaries):
        results = solver.solve(
            model, load_solutions=False, raise_exception_on_nonoptimal_result=False,
            threads=options.threads, time_limit=options.time_limit,
            solver_options={"random_seed": int(options.random_seed)}, **extra,
        )
        if results.termination_condition.name != "convergenceCriteriaSatisfied":
            return {}
        results.solution_loader.load_vars()
        return dict(results.solution_loader.get_duals())
