"""Every use of Pyomo's private HiGHS-interface attributes, in one module.

Pyomo's persistent ``highs`` interface (``pyomo.contrib.solver.solvers.highs``)
is used through its public API everywhere else. Four speed-ups need more:
columns and rows handed to HiGHS in bulk, a targeted push of changed Params,
starting plans, and fixing integers on the HiGHS model itself. They read or
write these private attributes of the interface:

- ``_solver_model`` (the ``highspy.Highs`` object)
- ``_pyomo_var_to_solver_var_map``, ``_vars``, ``_referenced_variables``
- ``_pyomo_con_to_solver_con_map``, ``_solver_con_to_pyomo_con_map``,
  ``_active_constraints``, ``_named_expressions``, ``_vars_referenced_by_con``
- ``_mutable_helpers``, ``_mutable_bounds``, ``_mutable_objective``, ``_sol``,
  ``_last_results_object``; the helper classes ``_MutableObjectiveCoefficient``,
  ``_MutableVarBounds``, ``_MutableConstraintBounds``, ``_MutableLinearCoefficient``
- the methods ``add_block``, ``_add_variables`` and ``add_constraints`` (overridden)

They are used only with a Pyomo release in ``TESTED_PYOMO`` (CI runs the
hand-off tests on the lowest and the highest) and only after ``self_check``
has handed a small model over both ways and found the same rows. Otherwise
the stock interface is used as it is, with one log line: slower, never wrong.
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from typing import Any

import numpy as np
import pyomo.environ as pyo

from planner.errors import SolverUnavailableError
from planner.model.evaluate import tree_value

INSTALL_HINT = "HiGHS is not available — install it with: pip install highspy"
TESTED_PYOMO = ((6, 10, 0), (6, 11, 0))
"""Pyomo releases the private hand-off is tested on: lowest included, highest excluded
(the same range as pyproject.toml's pin)."""

log = logging.getLogger(__name__)


def _pyomo_version() -> tuple[int, int, int]:
    from pyomo.version import version_info

    return tuple(int(part) for part in version_info[:3])  # type: ignore[return-value]


def _stock_class() -> Any:
    try:
        import highspy  # noqa: F401
        from pyomo.contrib.solver.solvers.highs import Highs
    except ImportError as exc:
        raise SolverUnavailableError(INSTALL_HINT) from exc
    return Highs


@cache
def _batched_class() -> Any:
    Highs = _stock_class()

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

    return BatchedHighs


def _add_fixed_rows(solver: Any, cons: list[Any]) -> None:
    """Every row of a model without mutable Params or fixed Vars, in one walk per row.

    Leaves the interface's bookkeeping as its own ``add_constraints`` would
    (referenced variables, constraint maps; no named expressions or mutable
    helpers, since nothing can change), so loading, duals and later updates work.
    """
    import highspy
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


def _check_model() -> pyo.ConcreteModel:
    """A small model with every row shape the planner builds (constants on both sides,
    ranged and equality rows, a zero coefficient, a named expression, an objective offset)."""
    m = pyo.ConcreteModel()
    m.I = pyo.Set(initialize=[1, 2, 3])
    m.p = pyo.Param(m.I, initialize={1: 2.0, 2: 0.0, 3: 5.5})
    m.x = pyo.Var(m.I, domain=pyo.Binary)
    m.y = pyo.Var(m.I, bounds=(0, 10))
    m.e = pyo.Expression(expr=sum(m.p[i] * m.y[i] for i in m.I) + 4)
    m.le = pyo.Constraint(m.I, rule=lambda m, i: m.y[i] + 3 <= 8 * m.x[i] + m.p[i])
    m.rng = pyo.Constraint(expr=pyo.inequality(1, m.e - m.y[1], 30))
    m.eq = pyo.Constraint(expr=m.y[1] + 2 * m.y[2] == 3 + m.p[2] * m.x[3])
    m.ge = pyo.Constraint(expr=-(m.x[1] + m.x[2]) >= -1)
    m.obj = pyo.Objective(expr=m.e + sum(m.x[i] for i in m.I) + 7)
    return m


def _rows_by_name(solver: Any) -> dict[str, tuple[float, float, dict[str, float]]]:
    h = solver._solver_model
    lp = h.getLp()
    names = {col: solver._vars[var_id][0].name for var_id, col in solver._pyomo_var_to_solver_var_map.items()}
    import highspy

    matrix = lp.a_matrix_
    by_row = matrix.format_ == highspy.MatrixFormat.kRowwise
    rows: dict[int, dict[str, float]] = {}
    for outer in range(lp.num_row_ if by_row else lp.num_col_):
        for k in range(matrix.start_[outer], matrix.start_[outer + 1]):
            row, col = (outer, matrix.index_[k]) if by_row else (matrix.index_[k], outer)
            rows.setdefault(row, {})[names[col]] = round(matrix.value_[k], 12)
    return {con.name: (lp.row_lower_[row], lp.row_upper_[row], rows.get(row, {}))
            for con, row in solver._pyomo_con_to_solver_con_map.items()}


@cache
def private_access() -> bool:
    """Whether the private speed-ups may be used: a tested Pyomo and a passing self-check."""
    version = _pyomo_version()
    low, high = TESTED_PYOMO
    if not low <= version < high:
        log.warning("Pyomo %s is outside the tested range %s to below %s: using Pyomo's stock "
                    "HiGHS hand-off (slower, same answers)", ".".join(map(str, version)),
                    ".".join(map(str, low)), ".".join(map(str, high)))
        return False
    try:
        ok = self_check()
    except SolverUnavailableError:
        raise  # not an answer about the internals: ask again once HiGHS is there
    except Exception as exc:  # any surprise in the internals means: do not rely on them
        log.warning("the one-pass HiGHS hand-off failed its self-check (%s): using Pyomo's stock "
                    "hand-off", exc)
        return False
    if not ok:
        log.warning("the one-pass HiGHS hand-off gave other rows than Pyomo's own on its self-check: "
                    "using Pyomo's stock hand-off")
    return ok


def self_check() -> bool:
    """Hand a small model to HiGHS through the batched one-pass path and the stock one;
    True when HiGHS holds the same rows, bounds and coefficients both ways."""
    model = _check_model()
    batched, stock = _batched_class()(), _stock_class()()
    if not batched.available():
        raise SolverUnavailableError(INSTALL_HINT)
    batched.set_instance(model)
    stock.set_instance(model)
    return _rows_by_name(batched) == _rows_by_name(stock)


def new_interface() -> Any:
    """A fresh HiGHS interface: the batched one where ``private_access()``, else Pyomo's stock."""
    _stock_class()  # highspy importable now, not only when the class was first made
    solver = _batched_class()() if private_access() else _stock_class()()
    if not solver.available():
        raise SolverUnavailableError(INSTALL_HINT)
    return solver


def solver_version() -> str:
    """HiGHS version as text, or 'unavailable'."""
    try:
        solver = _stock_class()()
        return ".".join(str(p) for p in solver.version()) if solver.available() else "unavailable"
    except SolverUnavailableError:
        return "unavailable"


def highspy_of(solver: Any) -> Any | None:
    """The interface's ``highspy.Highs`` object, if it has one and we may use it."""
    if solver is None or not private_access():
        return None
    return getattr(solver, "_solver_model", None)


def holds(solver: Any, model: pyo.ConcreteModel) -> bool:
    """Whether ``solver`` already holds ``model`` (a re-solve)."""
    return solver is not None and getattr(solver, "_model", None) is model


def cancel(solver: Any) -> bool:
    """Ask a running HiGHS to stop; False while there is no HiGHS object yet."""
    highs = getattr(solver, "_solver_model", None)
    if highs is None:
        return False
    highs.cancelSolve()
    return True


def run_clock(solver: Any | None) -> float:
    """Seconds HiGHS has run so far in this solver's instance (0 before any)."""
    highs = getattr(solver, "_solver_model", None) if solver is not None else None
    return float(highs.getRunTime()) if highs is not None else 0.0


def column_variables(solver: Any) -> dict[int, Any]:
    """HiGHS column -> Pyomo variable (once per instance: re-solves keep the columns)."""
    found = getattr(solver, "_wattbit_column_variables", None)
    if found is None:
        found = {col: solver._vars[var_id][0] for var_id, col in solver._pyomo_var_to_solver_var_map.items()}
        solver._wattbit_column_variables = found
    return found


def column_of(solver: Any, var: Any) -> int | None:
    """The HiGHS column of a Pyomo variable (None if HiGHS does not hold it)."""
    return solver._pyomo_var_to_solver_var_map.get(id(var))


def integer_columns(solver: Any) -> tuple[np.ndarray, list[Any]]:
    """HiGHS's integer columns and their Pyomo variables (once per instance)."""
    import highspy

    found = getattr(solver, "_wattbit_integer_columns", None)
    if found is None:
        integrality = solver._solver_model.getLp().integrality_
        var_at = column_variables(solver)
        integer = [i for i, kind in enumerate(integrality) if kind == highspy.HighsVarType.kInteger]
        found = (np.array(integer, dtype=np.int32), [var_at[col] for col in integer])
        solver._wattbit_integer_columns = found
    return found


def _set_integrality(h: Any, columns: np.ndarray, integer: bool) -> None:
    import highspy

    kind = highspy.HighsVarType.kInteger if integer else highspy.HighsVarType.kContinuous
    if len(columns):
        h.changeColsIntegrality(len(columns), columns, np.array([kind] * len(columns)))


def _column_bounds(h: Any, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lp = h.getLp()
    return np.asarray(lp.col_lower_)[columns], np.asarray(lp.col_upper_)[columns]


@contextlib.contextmanager
def binaries_fixed(solver: Any, fixed: Mapping[Any, float],
                   relaxed: Iterable[Any] | None = None) -> Iterator[None]:
    """Fix the Pyomo integer variables in ``fixed`` (a ComponentMap: Pyomo variables do not hash)
    at their values and relax ``relaxed``
    (None: every integer variable) to continuous, for the duration of the block.

    On HiGHS's own model (column bounds and integrality, two calls each way),
    so nothing is handed over again; the stock path fixes and relaxes the Pyomo
    variables instead. Either way everything is as it was afterwards. Used by
    marginal values (duals of the LP left), the rolling horizon (earlier phases
    fixed, later ones relaxed) and the starting plans.
    """
    h = highspy_of(solver)
    if h is None:
        with _pyomo_binaries_fixed(solver, fixed, relaxed):
            yield
        return
    columns = solver._pyomo_var_to_solver_var_map
    fix_cols = np.array([columns[id(var)] for var in fixed], dtype=np.int32)
    fix_values = np.array([fixed[var] for var in fixed], dtype=np.float64)
    if relaxed is None:
        relax_cols = integer_columns(solver)[0]
    else:
        relax_cols = np.array([columns[id(var)] for var in relaxed], dtype=np.int32)
    lower, upper = _column_bounds(h, fix_cols)
    _set_integrality(h, relax_cols, integer=False)
    if len(fix_cols):
        h.changeColsBounds(len(fix_cols), fix_cols, fix_values, fix_values)
    try:
        yield
    finally:
        if len(fix_cols):
            h.changeColsBounds(len(fix_cols), fix_cols, lower, upper)
        _set_integrality(h, relax_cols, integer=True)


_CONTINUOUS = {"Binary": pyo.UnitInterval, "NonNegativeIntegers": pyo.NonNegativeReals,
               "Integers": pyo.Reals, "NonPositiveIntegers": pyo.NonPositiveReals}


@contextlib.contextmanager
def _pyomo_binaries_fixed(solver: Any, fixed: Mapping[Any, float],
                          relaxed: Iterable[Any] | None) -> Iterator[None]:
    """``binaries_fixed`` through the Pyomo variables (any Pyomo release; slower)."""
    model = getattr(solver, "_model", None)
    if relaxed is None:
        relaxed = [] if model is None else [v for v in model.component_data_objects(pyo.Var)
                                            if v.is_integer()]
    relaxed = list(relaxed)
    was_fixed = [(var, var.fixed) for var in fixed]
    saved_domain = [(var, var.domain) for var in relaxed]
    for var in relaxed:
        var.domain = _CONTINUOUS.get(var.domain.name, pyo.Reals)
    for var, value in fixed.items():
        var.fix(value)
    try:
        yield
    finally:
        for var, domain in saved_domain:
            var.domain = domain
        for var, already in was_fixed:
            if not already:
                var.unfix()


def run_lp(solver: Any) -> np.ndarray | None:
    """Run HiGHS as it stands (integers already relaxed); the column values if optimal."""
    import highspy

    h = solver._solver_model
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.array(h.getSolution().col_value, dtype=np.float64)


def set_start(solver: Any, values: np.ndarray) -> None:
    """Hand HiGHS a starting plan (a value for every column)."""
    h = solver._solver_model
    h.setSolution(len(values), np.arange(len(values), dtype=np.int32), values)


def quiet(solver: Any, *, time_limit: float, threads: int | None = None) -> None:
    """HiGHS's log off and its limits set, for the LPs that prepare a MIP solve."""
    h = solver._solver_model
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    if threads is not None:
        h.setOptionValue("threads", int(threads))


def loud(solver: Any) -> None:
    """HiGHS's log back on (Pyomo captures it on the next solve)."""
    solver._solver_model.setOptionValue("output_flag", True)


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


def _batch(values: dict[int, Any]) -> tuple[int, np.ndarray, np.ndarray]:
    at = np.fromiter(values, dtype=np.int32, count=len(values))
    return len(at), at, np.array(list(values.values()), dtype=np.float64)


def push_changes(solver: Any, changed: list[Any]) -> int:
    """Re-evaluate only the coefficients, bounds and costs that read a changed Param.

    Costs and bounds go to HiGHS in one call per kind (the helpers' own
    ``update`` makes one call each); matrix coefficients have no batch call.
    Returns how many helpers were re-evaluated.
    """
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
    if costs:
        h.changeColsCost(*_batch(costs))
    if col_bounds:
        count, at, pairs = _batch(col_bounds)
        h.changeColsBounds(count, at, pairs[:, 0].copy(), pairs[:, 1].copy())
    if row_bounds:
        count, at, pairs = _batch(row_bounds)
        h.changeRowsBounds(count, at, pairs[:, 0].copy(), pairs[:, 1].copy())
    return len(helpers)


def attach_callbacks(solver: Any, should_stop: Callable[[], bool],
                     on_log: Callable[[float, float | None, float | None, float | None], None] | None
                     ) -> Callable[[], None]:
    """Subscribe to HiGHS's MIP interrupt (stop once ``should_stop()``) and MIP log
    (``on_log(seconds, best, bound, gap)``) events; returns what unsubscribes them.

    The interrupt is checked by HiGHS itself at every MIP interrupt point, so a
    stop asked before HiGHS starts is not lost (``cancelSolve`` before ``run``
    is). Without the callback API (an older highspy) nothing is attached.
    """
    h = highspy_of(solver)
    if h is None or not hasattr(h, "cbMipInterrupt"):
        return lambda: None

    def interrupt(event: Any) -> None:
        if should_stop():
            event.interrupt()

    def logged(event: Any) -> None:
        out = event.data_out
        best, bound, gap = out.mip_primal_bound, out.mip_dual_bound, out.mip_gap
        on_log(float(out.running_time), best if math.isfinite(best) and abs(best) < 1e50 else None,
               bound if math.isfinite(bound) and abs(bound) < 1e50 else None,
               gap if math.isfinite(gap) and abs(gap) < 1e50 else None)

    h.cbMipInterrupt.subscribe(interrupt)
    if on_log is not None:
        h.cbMipLogging.subscribe(logged)

    def detach() -> None:
        h.cbMipInterrupt.unsubscribe(interrupt)
        if on_log is not None:
            h.cbMipLogging.unsubscribe(logged)

    return detach
