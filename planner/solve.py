"""The only module that knows HiGHS: options in, a plain ``SolveOutcome`` out.

HiGHS is reached through ``pyomo.contrib.solver``'s persistent ``highs``
interface, always with ``load_solutions=False`` and no exception on a
non-optimal end, so every ending (time limit with or without a plan,
infeasible, unbounded) maps to a status word instead of a traceback.
"""

from __future__ import annotations

import io
import math
import re
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, TextIO

import pyomo.environ as pyo

from planner.errors import SolverUnavailableError
from planner.model.evaluate import tree_value

INSTALL_HINT = "HiGHS is not available — install it with: pip install highspy"


@dataclass(frozen=True)
class SolveOptions:
    """Solver options; ``None`` leaves HiGHS's own default."""

    mip_gap: float = 1e-4
    time_limit: float = 600.0
    threads: int | None = None
    random_seed: int = 0
    log: bool = False
    log_stream: TextIO | None = None
    start_heuristic: bool | None = None
    """Hand HiGHS a plan from LP rounding first (``planner.heuristic``); None: only for
    models with more than ``AUTO_START_BINARIES`` binaries, where it pays off."""
    highs_options: tuple[tuple[str, Any], ...] = ()
    """Further HiGHS options as (name, value) pairs, set last on every MIP solve."""


@dataclass(frozen=True)
class SolveOutcome:
    """How a solve ended, in plain values (no solver objects)."""

    status: str
    termination: str
    has_solution: bool
    objective: float | None
    bound: float | None
    gap: float | None
    solve_seconds: float
    highs_seconds: float | None
    solver_version: str
    log: str

    @property
    def model_stats(self) -> dict[str, str]:
        """Size and coefficient ranges as HiGHS reported them (empty if not logged)."""
        return model_stats(self.log)


_STATS = re.compile(r"^(?:MIP|LP)\s+has\s+(.*)$|^\s+(Matrix|Cost|Bound|RHS)\s+(\[.*?\])(.*)$")


def model_stats(log: str) -> dict[str, str]:
    """``{"size": "59 rows; 40 cols; ...", "range_matrix": "[4e-01, 1e+03]", ...}``."""
    stats: dict[str, str] = {}
    for line in log.splitlines()[:20]:
        match = _STATS.match(line)
        if not match:
            continue
        if match.group(1):
            stats["size"] = match.group(1).strip()
        else:
            key = f"range_{match.group(2).lower()}{match.group(4).strip().replace('(', '_').replace(')', '').replace('-', '_')}"
            stats.setdefault(key, match.group(3))
    return stats


def _highs_class() -> Any:
    try:
        import highspy  # noqa: F401
        from pyomo.contrib.solver.solvers.highs import Highs
    except ImportError as exc:
        raise SolverUnavailableError(INSTALL_HINT) from exc

    class BatchedHighs(Highs):
        """Pyomo's HiGHS interface, handing over all columns in one call and, for a
        model with nothing mutable, all rows in one pass.

        The stock ``set_instance`` adds columns constraint by constraint (two
        highspy calls per row, most of them empty); adding every variable
        first makes the row pass find none new. The stock row pass walks each
        constraint three times (variables, standard repn, bounds), keeping
        what re-solves of mutable Params need; ``_add_fixed_rows`` walks it
        once. Same model, same maps.
        """

        def add_block(self, block: Any) -> None:
            variables = list(block.component_data_objects(pyo.Var, descend_into=True))
            self.add_variables(variables)
            # only this first hand-off: rows re-added by a later update() may hold fixed Vars,
            # whose references the stock pass keeps and the one pass would fold away
            self._wattbit_one_pass = not any(v.fixed for v in variables) and not any(
                p.mutable for p in block.component_objects(pyo.Param, descend_into=True))
            try:
                super().add_block(block)
            finally:
                self._wattbit_one_pass = False

        def _add_variables(self, variables: list[Any]) -> None:
            if variables:
                super()._add_variables(variables)

        def add_constraints(self, cons: list[Any]) -> None:
            if getattr(self, "_wattbit_one_pass", False) and cons:
                _add_fixed_rows(self, cons)
                self._wattbit_rows_in_one_pass = True
            else:
                super().add_constraints(cons)

    solver = BatchedHighs()
    if not solver.available():
        raise SolverUnavailableError(INSTALL_HINT)
    return solver


def _add_fixed_rows(solver: Any, cons: list[Any]) -> None:
    """Every row of a model without mutable Params or fixed Vars, in one walk per row.

    Leaves the interface's bookkeeping as its own ``add_constraints`` would
    (referenced variables, constraint maps; no named expressions or mutable
    helpers, since nothing can change), so loading, duals and later updates work.
    """
    import highspy
    import numpy as np
    from pyomo.contrib.solver.common.util import IncompatibleModelError
    from pyomo.repn.linear import LinearRepnVisitor
    from pyomo.repn.util import VarRecorder

    visitor = LinearRepnVisitor(subexpression_cache={}, var_recorder=VarRecorder({}, None))
    referenced = solver._referenced_variables
    columns = solver._pyomo_var_to_solver_var_map
    first_row = len(solver._pyomo_con_to_solver_con_map)
    lower: list[float] = []
    upper: list[float] = []
    starts: list[int] = []
    indices: list[int] = []
    values: list[float] = []
    for row, con in enumerate(cons, start=first_row):
        if con in solver._named_expressions:
            raise ValueError(f"Constraint {con.name} has already been added")
        low, body, high = con.to_bounded_expression(evaluate_bounds=True)
        repn = visitor.walk_expression(body)
        if repn.nonlinear is not None:
            raise IncompatibleModelError(f"Highs interface does not support the nonlinear row {con.name}")
        scale = repn.multiplier
        starts.append(len(values))
        variables = []
        for var_id, coefficient in repn.linear.items():
            variables.append(solver._vars[var_id][0])
            referenced[var_id][0][con] = None
            if coefficient:
                indices.append(columns[var_id])
                values.append(scale * coefficient)
        constant = scale * repn.constant
        lower.append(-highspy.kHighsInf if low is None else low - constant)
        upper.append(highspy.kHighsInf if high is None else high - constant)
        solver._active_constraints[con] = con.expr
        solver._named_expressions[con] = []
        solver._vars_referenced_by_con[con] = variables
        solver._pyomo_con_to_solver_con_map[con] = row
        solver._solver_con_to_pyomo_con_map[row] = con
    solver._sol = None
    if solver._last_results_object is not None:
        solver._last_results_object.solution_loader.invalidate()
    solver._solver_model.addRows(len(lower), np.array(lower, dtype=np.double), np.array(upper, dtype=np.double),
                                 len(values), np.array(starts, dtype=np.int32), np.array(indices, dtype=np.int32),
                                 np.array(values, dtype=np.double))


def solver_version() -> str:
    """HiGHS version as text, or 'unavailable'."""
    try:
        return ".".join(str(p) for p in _highs_class().version())
    except SolverUnavailableError:
        return "unavailable"


def _status_word(termination: str, has_solution: bool) -> str:
    words = {
        "convergenceCriteriaSatisfied": "optimal",
        "provenInfeasible": "infeasible",
        "locallyInfeasible": "infeasible",
        "unbounded": "unbounded",
        "infeasibleOrUnbounded": "infeasible_or_unbounded",
        "maxTimeLimit": "time_limit",
        "iterationLimit": "limit",
        "objectiveLimit": "limit",
        "interrupted": "interrupted",
    }
    word = words.get(termination, "error")
    if word in ("time_limit", "limit", "interrupted") and not has_solution:
        return f"{word}_no_solution"
    return word


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """|objective - bound| / |objective| (0 when both are 0)."""
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    diff = abs(objective - bound)
    if diff == 0:
        return 0.0
    return diff / max(abs(objective), 1e-10)


def watchdog_seconds(time_limit: float) -> float:
    """When to stop a solve that ignores its time limit: 10% (at least 5 s) later."""
    return time_limit + max(5.0, 0.1 * time_limit)


class _Watchdog:
    """Asks HiGHS to stop once ``seconds`` have passed, retrying until HiGHS exists."""

    def __init__(self, solver: Any, seconds: float) -> None:
        self.solver = solver
        self.fired_at: float | None = None
        self._stopped = threading.Event()
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        if self.fired_at is None:
            self.fired_at = time.perf_counter()
        while not self._stopped.is_set():
            highs = getattr(self.solver, "_solver_model", None)
            if highs is not None:  # the persistent interface keeps its highspy object
                highs.cancelSolve()
                return
            self._stopped.wait(0.1)  # still translating the model: try again shortly

    def stop(self) -> None:
        self._stopped.set()
        self._timer.cancel()


PLAN_SEARCH_HEURISTICS = ("mip_heuristic_run_rins", "mip_heuristic_run_rens",
                          "mip_heuristic_run_root_reduced_cost")
"""HiGHS's sub-MIP heuristics that search for plans near the LP or the incumbent."""


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


AUTO_START_BINARIES = 2000
"""Above this many binaries the start heuristic is on unless switched off."""

_NO_UPDATES = {
    "check_for_new_or_removed_constraints": False, "check_for_new_or_removed_vars": False,
    "check_for_new_or_removed_params": False, "check_for_new_objective": False,
    "update_constraints": False, "update_vars": False, "update_parameters": False,
    "update_named_expressions": False, "update_objective": False,
}
_PARAMETERS_ONLY = {**_NO_UPDATES, "update_parameters": True}


def persistent_solver() -> Any:
    """A HiGHS interface to keep across re-solves of one model (see ``solve_model``)."""
    return _highs_class()


def _helpers_by_parameter(solver: Any) -> dict[int, list[Any]]:
    """Which of the interface's update helpers read each mutable Param entry (built once).

    Pyomo's own ``update_parameters`` re-evaluates every mutable coefficient,
    bound and cost; this index lets a re-solve push only what a change touches.
    """
    index = getattr(solver, "_wattbit_helpers", None)
    if index is not None:
        return index
    from pyomo.core.expr.visitor import identify_mutable_parameters

    index = {}

    def note(helper: Any, *expressions: Any) -> None:
        for expression in expressions:
            for param in identify_mutable_parameters(expression):
                index.setdefault(id(param), []).append(helper)

    for helpers in solver._mutable_helpers.values():
        for helper in helpers:
            if hasattr(helper, "expr"):
                note(helper, helper.expr)
            else:
                note(helper, helper.lower_expr, helper.upper_expr)
    for _, helper in solver._mutable_bounds.values():
        note(helper, helper.lower_expr, helper.upper_expr)
    objective = solver._mutable_objective
    note(objective.constant, objective.constant.expr)
    for helper in objective.linear_coefs:
        note(helper, helper.expr)
    solver._wattbit_helpers = index
    return index


def _number(expression: Any) -> float:
    """A coefficient or bound expression's value (Params only, so never None)."""
    return float(tree_value(expression))  # type: ignore[arg-type]


def _push_changes(solver: Any, changed: list[Any]) -> int:
    """Re-evaluate only the coefficients, bounds and costs that read a changed Param.

    Costs and bounds go to HiGHS in one call per kind (the helpers' own
    ``update`` makes one call each); matrix coefficients have no batch call.
    """
    import numpy as np
    from pyomo.contrib.solver.solvers import highs as interface

    index = _helpers_by_parameter(solver)
    solver._sol = None  # as the interface's own update does: the old solution is stale
    if solver._last_results_object is not None:
        solver._last_results_object.solution_loader.invalidate()
    helpers = {id(h): h for param in changed for h in index.get(id(param), ())}
    h = solver._solver_model
    columns = solver._pyomo_var_to_solver_var_map
    rows = solver._pyomo_con_to_solver_con_map
    costs: dict[int, float] = {}
    col_bounds: dict[int, tuple[float, float]] = {}
    row_bounds: dict[int, tuple[float, float]] = {}
    for helper in helpers.values():
        if isinstance(helper, interface._MutableObjectiveCoefficient):
            costs[columns[helper.pyomo_var_id]] = _number(helper.expr)
        elif isinstance(helper, interface._MutableVarBounds):
            col_bounds[columns[helper.pyomo_var_id]] = (_number(helper.lower_expr), _number(helper.upper_expr))
        elif isinstance(helper, interface._MutableConstraintBounds):
            row_bounds[rows[helper.con]] = (_number(helper.lower_expr), _number(helper.upper_expr))
        elif isinstance(helper, interface._MutableLinearCoefficient):
            h.changeCoeff(rows[helper.pyomo_con], columns[helper.pyomo_var_id], _number(helper.expr))
        else:
            helper.update()

    def batch(values: dict[int, Any]) -> tuple[int, Any, Any]:
        at = np.fromiter(values, dtype=np.int32, count=len(values))
        return len(at), at, np.array(list(values.values()), dtype=np.float64)

    if costs:
        h.changeColsCost(*batch(costs))
    if col_bounds:
        count, at, pairs = batch(col_bounds)
        h.changeColsBounds(count, at, pairs[:, 0].copy(), pairs[:, 1].copy())
    if row_bounds:
        count, at, pairs = batch(row_bounds)
        h.changeRowsBounds(count, at, pairs[:, 0].copy(), pairs[:, 1].copy())
    return len(helpers)


def _push_start(solver: Any, model: pyo.ConcreteModel, options: SolveOptions) -> bool:
    """Hand HiGHS the plan the variables hold, completed for the current numbers.

    The integer decisions are kept and every continuous value is re-solved as
    an LP (the previous flows need not fit changed demands); if that LP is
    infeasible the old plan no longer works and no start is given. Returns
    whether a start was set.
    """
    import highspy
    import numpy as np

    h = solver._solver_model
    columns, variables = _integer_columns(solver)
    if not len(columns) or any(var.value is None for var in variables):
        return False
    lp = h.getLp()
    lower = np.array(lp.col_lower_)[columns]
    upper = np.array(lp.col_upper_)[columns]
    kept = np.clip(np.round([float(var.value) for var in variables]), lower, upper)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(options.time_limit))
    h.changeColsIntegrality(len(columns), columns,
                            np.array([highspy.HighsVarType.kContinuous] * len(columns)))
    try:
        start = _solve_with_fixed(h, columns, kept, lower, upper)
    finally:
        h.changeColsIntegrality(len(columns), columns,
                                np.array([highspy.HighsVarType.kInteger] * len(columns)))
        h.setOptionValue("output_flag", True)
    if start is None:
        return False
    start[columns] = kept
    h.setSolution(len(start), np.arange(len(start), dtype=np.int32), start)
    return True


def _integer_columns(solver: Any) -> tuple[Any, list[Any]]:
    """HiGHS's integer columns and their Pyomo variables (once per instance: re-solves keep them)."""
    import highspy
    import numpy as np

    found = getattr(solver, "_wattbit_integer_columns", None)
    if found is None:
        integrality = solver._solver_model.getLp().integrality_
        var_at = _column_variables(solver)
        integer = [i for i, kind in enumerate(integrality) if kind == highspy.HighsVarType.kInteger]
        found = (np.array(integer, dtype=np.int32), [var_at[col] for col in integer])
        solver._wattbit_integer_columns = found
    return found


def _column_variables(solver: Any) -> dict[int, Any]:
    """HiGHS column -> Pyomo variable (once per instance: re-solves keep the columns)."""
    found = getattr(solver, "_wattbit_column_variables", None)
    if found is None:
        found = {col: solver._vars[var_id][0] for var_id, col in solver._pyomo_var_to_solver_var_map.items()}
        solver._wattbit_column_variables = found
    return found


def _solve_with_fixed(h: Any, columns: Any, values: Any, lower: Any, upper: Any) -> Any:
    """Run HiGHS (integrality already relaxed) with ``columns`` fixed at ``values``.

    Returns the column values if the LP is optimal, else None; the bounds are
    restored to ``lower``/``upper`` either way.
    """
    import highspy
    import numpy as np

    h.changeColsBounds(len(columns), columns, values, values)
    try:
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return np.array(h.getSolution().col_value, dtype=np.float64)
    finally:
        h.changeColsBounds(len(columns), columns, lower, upper)


def solve_model(
    model: pyo.ConcreteModel,
    options: SolveOptions,
    *,
    solver: Any | None = None,
    warm_start: bool = False,
    changed: list[Any] | None = None,
) -> SolveOutcome:
    """Solve ``model`` with HiGHS; load the solution into it if one exists.

    ``warm_start`` hands HiGHS the values the variables hold as a starting
    plan (HiGHS drops it if it is infeasible). With a ``solver`` that already
    holds this model (a re-solve), only changed Param values are pushed to
    HiGHS: just what reads the entries in ``changed`` (the Params set since
    the last solve) when given, else every mutable coefficient.
    """
    started = time.perf_counter()
    start_found = False
    use_start = options.start_heuristic
    if use_start is None:
        use_start = _binary_count(model, solver) > AUTO_START_BINARIES
    if solver is None and (use_start or warm_start):
        solver = _highs_class()
        solver.set_instance(model)
    clock_before = _run_clock(solver)  # HiGHS's run clock adds up over an instance's runs
    if use_start and getattr(solver, "_model", None) is model and not warm_start:
        start_found, _ = _rounding_start(solver, model, options)
    solver = solver or _highs_class()
    tee: list[TextIO] = []
    extra: dict[str, Any] = {}
    if getattr(solver, "_model", None) is model:
        if changed is None:
            solver.config.auto_updates.set_value(_PARAMETERS_ONLY)
            solver.update()
        else:
            _push_changes(solver, changed)
        previous_plan = warm_start and not start_found and _push_start(solver, model, options)
        extra["auto_updates"] = _NO_UPDATES
    else:
        previous_plan = False
    if options.log:
        tee.append(options.log_stream or sys.stdout)
    solver_options: dict[str, Any] = {"random_seed": int(options.random_seed),
                                      **plan_search_options(previous_plan), **dict(options.highs_options)}
    time_left = max(1.0, options.time_limit - (time.perf_counter() - started))
    watchdog = _Watchdog(solver, watchdog_seconds(options.time_limit))
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

    # HiGHS runs in a helper thread so that a solver ignoring its time limit and
    # the watchdog's cancel cannot hold the caller: after a grace period it is left behind.
    thread = threading.Thread(target=work, name="highs-solve", daemon=True)
    thread.start()
    grace = max(0.8, 0.05 * options.time_limit)
    try:
        while thread.is_alive():
            thread.join(0.05)
            if watchdog.fired_at is not None and time.perf_counter() - watchdog.fired_at > grace:
                break
    finally:
        watchdog.stop()
    if "error" in box:
        raise box["error"]
    if "results" not in box:  # abandoned: it ignored its limit and the cancel
        return SolveOutcome("interrupted_no_solution", "interrupted", False, None, None, None,
                            time.perf_counter() - started, None, "", "")
    results = box["results"]
    seconds = time.perf_counter() - started
    termination = results.termination_condition.name
    solution_status = results.solution_status.name
    has_solution = solution_status in ("feasible", "optimal")
    if watchdog.fired_at is not None and termination in ("error", "unknown", "interrupted"):
        termination = "interrupted"  # our own watchdog stopped it; not a solver fault
    status = _status_word(termination, has_solution)
    if status in ("unbounded", "infeasible_or_unbounded", "infeasible"):
        has_solution = False
    objective = bound = None
    if has_solution:
        results.solution_loader.load_vars()
        objective = results.incumbent_objective  # HiGHS's own value, offset included
        if objective is None:
            objective = pyo.value(next(model.component_data_objects(pyo.Objective, active=True)))
        objective = float(objective)
        bound = results.objective_bound
        bound = float(bound) if bound is not None else None
        if status == "optimal" and bound is None:
            bound = objective
    highs_seconds = getattr(results.timing_info, "highs_time", None)
    log = results.solver_log if isinstance(results.solver_log, str) else ""
    return SolveOutcome(
        status=status,
        termination=termination,
        has_solution=has_solution,
        objective=objective,
        bound=bound,
        gap=relative_gap(objective, bound),
        solve_seconds=seconds,
        highs_seconds=float(highs_seconds) - clock_before if highs_seconds is not None else None,
        solver_version=".".join(str(p) for p in results.solver_version or ()),
        log=log or io.StringIO().getvalue(),
    )


def _binary_count(model: pyo.ConcreteModel, solver: Any | None) -> int:
    """Binaries in the model; counted once per persistent solver, which re-solves never re-type."""
    count = getattr(solver, "_wattbit_binaries", None) if getattr(solver, "_model", None) is model else None
    if count is None:
        count = sum(1 for v in model.component_data_objects(pyo.Var) if v.is_binary())
        if solver is not None:
            solver._wattbit_binaries = count
    return count


def _run_clock(solver: Any | None) -> float:
    """Seconds HiGHS has run so far in this solver's instance (0 before any)."""
    highs = getattr(solver, "_solver_model", None) if solver is not None else None
    return float(highs.getRunTime()) if highs is not None else 0.0


def _rounding_start(solver: Any, model: pyo.ConcreteModel, options: SolveOptions) -> tuple[bool, float]:
    """LP relaxation, rounding (``planner.heuristic``) and a repair LP, on HiGHS itself.

    Runs on the instance that will solve the MIP, restores its integrality and
    bounds, and leaves the repaired plan set as its starting solution. Returns
    whether it found one and HiGHS's own seconds for the two LPs.
    """
    import highspy
    import numpy as np

    from planner.heuristic import THRESHOLDS, rounded_plan

    h = solver._solver_model
    h.setOptionValue("output_flag", False)
    columns, _ = _integer_columns(solver)
    if not len(columns):
        return False, 0.0
    integer = columns.tolist()
    lp = h.getLp()
    all_lower, all_upper = np.array(lp.col_lower_), np.array(lp.col_upper_)
    lower, upper = all_lower[columns], all_upper[columns]
    var_at = _column_variables(solver)
    h.setOptionValue("time_limit", float(options.time_limit))
    if options.threads is not None:
        h.setOptionValue("threads", int(options.threads))
    h.changeColsIntegrality(len(columns), columns,
                            np.array([highspy.HighsVarType.kContinuous] * len(columns)))
    found = False
    highs_seconds = 0.0
    try:
        h.run()
        highs_seconds += h.getRunTime()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return False, highs_seconds
        relaxed = list(h.getSolution().col_value)
        for threshold in THRESHOLDS:
            for col, value in enumerate(relaxed):
                var_at[col].set_value(value, skip_validation=True)
            plan = rounded_plan(model, getattr(model, "_planner_data", None), threshold)
            chosen = [(solver._pyomo_var_to_solver_var_map[id(var)], float(value))
                      for var, value in plan.items() if id(var) in solver._pyomo_var_to_solver_var_map]
            fix_cols = np.array([c for c, _ in chosen], dtype=np.int32)
            fix_vals = np.array([v for _, v in chosen], dtype=np.float64)
            start = _solve_with_fixed(h, fix_cols, fix_vals, all_lower[fix_cols], all_upper[fix_cols])
            highs_seconds += h.getRunTime()
            found = start is not None
            if found:
                break
    finally:
        h.changeColsBounds(len(columns), columns, lower, upper)
        h.changeColsIntegrality(len(columns), columns,
                                np.array([highspy.HighsVarType.kInteger] * len(columns)))
        h.setOptionValue("output_flag", True)
    if found and start is not None:
        for col in integer:
            start[col] = round(start[col])
        every = np.arange(len(start), dtype=np.int32)
        h.setSolution(len(start), every, np.array(start, dtype=np.float64))
    return found, highs_seconds


def _solve_lp(model: pyo.ConcreteModel, options: SolveOptions) -> bool:
    """Solve the model as it stands (no integers left) and load the solution; True if optimal."""
    results = _highs_class().solve(
        model, load_solutions=False, raise_exception_on_nonoptimal_result=False,
        threads=options.threads, time_limit=options.time_limit,
        solver_options={"random_seed": int(options.random_seed)},
    )
    if results.termination_condition.name != "convergenceCriteriaSatisfied":
        return False
    results.solution_loader.load_vars()
    return True


def duals_with_binaries_fixed(model: pyo.ConcreteModel, options: SolveOptions) -> dict[Any, float]:
    """Fix every binary at its (loaded) value, solve the LP, return each row's dual.

    Duals are d(objective)/d(right-hand side) in the objective's units. The
    binaries are unfixed again afterwards; the model keeps the LP solution.
    """
    fixed = []
    for var in model.component_data_objects(pyo.Var, descend_into=True):
        if var.is_binary():
            fixed.append((var, var.fixed))
            var.domain = pyo.UnitInterval  # an LP for HiGHS, so it reports duals
            var.fix(round(var.value or 0.0))
    try:
        solver = _highs_class()
        results = solver.solve(
            model, load_solutions=False, raise_exception_on_nonoptimal_result=False,
            threads=options.threads, time_limit=options.time_limit,
            solver_options={"random_seed": int(options.random_seed)},
        )
        if results.termination_condition.name != "convergenceCriteriaSatisfied":
            return {}
        results.solution_loader.load_vars()
        return dict(results.solution_loader.get_duals())
    finally:
        for var, was_fixed in fixed:
            var.domain = pyo.Binary
            if not was_fixed:
                var.unfix()
