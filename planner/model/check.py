r"""An independent feasibility check of the plan a model holds: every row and bound, in numpy.

A solver's own "optimal" is not proof of a feasible plan (HiGHS has reported
optimal for infeasible models, ERGO-Code/HiGHS #1710). ``plan_violations``
re-evaluates every active constraint and every variable bound of the Pyomo
model at the values the variables hold, without asking the solver anything
and without Pyomo's solver-side code (``pyomo.repn``, ``pyomo.contrib.solver``),
and reports the largest primal and integrality violations by name.

How rows are evaluated: one walk over each active row turns it into linear
terms :math:`k \cdot \prod_j p_j \cdot x` (a number :math:`k`, mutable Params
or other fixed sub-expressions :math:`p_j`, one variable :math:`x`) and
constant terms (the same without :math:`x`), kept as numpy arrays; a row of any
other shape (a product of two variables, ...) is evaluated directly with
``tree_value``. Each call then reads the variable values and the current value
of every :math:`p_j` (mutable Params change between re-solves, so their values
are never kept) and sums terms per row with ``np.bincount``. The walk's result
(which variables and factors each row touches, and the plain numbers in the
expression trees, which cannot change while the trees stay the same objects) is
kept per model and rebuilt when any active row, its expression object, or a
named Expression it reads has changed.

Row form: every row is read as :math:`L \le A + K \le U` with :math:`A` its
linear activity and :math:`K` its constant part, so its right-hand side as a
solver sees it is :math:`L - K` or :math:`U - K`; the relative violation
divides by :math:`\max(1, |rhs|)` of the side that is violated.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from operator import attrgetter, is_
from typing import Any

import numpy as np
import pyomo.environ as pyo
from pyomo.common.numeric_types import native_numeric_types
from pyomo.core.base.expression import ExpressionData, ScalarExpression
from pyomo.core.base.param import ParamData, ScalarParam
from pyomo.core.base.var import ScalarVar, VarData
from pyomo.core.expr.numeric_expr import (
    DivisionExpression,
    LinearExpression,
    MonomialTermExpression,
    NegationExpression,
    NPV_DivisionExpression,
    NPV_NegationExpression,
    NPV_ProductExpression,
    NPV_SumExpression,
    ProductExpression,
    SumExpression,
    _MutableLinearExpression,
    _MutableNPVSumExpression,
    _MutableSumExpression,
)
from pyomo.core.expr.numvalue import NumericConstant
from pyomo.core.expr.relational_expr import (
    EqualityExpression,
    InequalityExpression,
    RangedExpression,
)
from pyomo.core.expr.visitor import identify_variables

from planner.model.evaluate import tree_value

ROW_TOLERANCE = 1e-6
"""Default relative row tolerance of ``PlanCheck.ok`` (HiGHS's primal feasibility tolerance is 1e-7)."""

INTEGRALITY_FACTOR = 10.0
"""``PlanCheck.ok`` allows integrality violations up to this many times its tolerance."""


@dataclass(frozen=True)
class PlanCheck:
    """The largest violations of one plan, each with the row or variable it occurs at.

    Violations are 0.0 when nothing is violated (and the name is then None);
    ``inf`` marks a variable in an active row that holds no value (or a NaN),
    or a row that evaluates to NaN.
    """

    max_row_violation: float
    """Largest amount by which a row misses its bound, in the row's own units."""
    worst_row: str | None
    """Name with index of the row with ``max_row_violation``, e.g. ``demand_balance[R1,P1]``."""
    max_row_violation_relative: float
    """Largest row violation divided by max(1, |right-hand side|) of its violated side."""
    worst_row_relative: str | None
    """The row with ``max_row_violation_relative`` (can differ from ``worst_row``)."""
    max_bound_violation: float
    """Largest amount by which a variable leaves its bounds (lb == ub for variables the
    model fixes through bounds; a ``fix()``-ed variable's fixed value is its value,
    checked against its bounds like any other)."""
    worst_bound: str | None
    """The variable with ``max_bound_violation`` (or one holding no value)."""
    max_integrality_violation: float
    """Largest distance of an integer or binary variable's value from the nearest integer."""
    worst_integer: str | None
    """The variable with ``max_integrality_violation``."""
    rows: int
    """Active constraint rows checked."""
    columns: int
    """Variables checked (the model's, plus any other a row reads)."""
    unvalued: int = 0
    """Variables in active rows that hold no value; rows reading them are not scored."""

    def ok(self, tolerance: float = ROW_TOLERANCE) -> bool:
        """Whether a solver with feasibility tolerance ``tolerance`` would accept the plan.

        Rule: every row within ``tolerance`` relative to max(1, |rhs|) (so an
        absolute ``tolerance`` on rows with |rhs| <= 1, scaled with the right-hand
        side above, where round-off grows with the numbers), every bound within
        ``tolerance`` absolute, every integer within ``INTEGRALITY_FACTOR *
        tolerance`` of an integer (HiGHS's mip_feasibility_tolerance is 1e-6), and
        no variable of an active row without a value. NaN fails.
        """
        return bool(
            self.max_row_violation_relative <= tolerance
            and self.max_bound_violation <= tolerance
            and self.max_integrality_violation <= INTEGRALITY_FACTOR * tolerance
            and self.unvalued == 0
        )


# --------------------------------------------------------------------------- structure

_MUTABLE_SUMS = frozenset({_MutableSumExpression, _MutableLinearExpression, _MutableNPVSumExpression})
_SUM_KINDS = frozenset({SumExpression, LinearExpression, NPV_SumExpression}) | _MUTABLE_SUMS
_PRODUCTS = frozenset({ProductExpression, NPV_ProductExpression})
_NEGATIONS = frozenset({NegationExpression, NPV_NegationExpression})
_DIVISIONS = frozenset({DivisionExpression, NPV_DivisionExpression})
_VARS = frozenset({VarData, ScalarVar})
_NAMED = frozenset({ExpressionData, ScalarExpression})
_NUMBERS = frozenset(native_numeric_types)
_FACTOR_PARAM, _FACTOR_TREE, _FACTOR_RECIPROCAL = 0, 1, 2
_EXPR = attrgetter("expr")


class _Nonlinear(Exception):
    """A row that is not linear in the shapes the walker knows; it is evaluated directly."""


def _attach(terms: list[int], factors: list[int], term: int, fs: tuple[int, ...]) -> None:
    """Record that term ``term`` is multiplied by each factor in ``fs``."""
    for f in fs:
        terms.append(term)
        factors.append(f)


class _Walker:
    r"""Takes rows apart into terms, appended for row ``self.row``.

    A linear term :math:`k \cdot \prod_j p_j \cdot x` is one entry of ``vt_*``
    (row, :math:`k`, variable) plus one ``vp_*`` entry (term, factor) per
    :math:`p_j`; a constant term :math:`k \cdot \prod_j p_j` is the same in
    ``ct_*`` / ``cp_*``. Variables and factors are numbered on first sight into
    the structure's ``row_vars`` and ``factors``.
    """

    __slots__ = ("cp_factor", "cp_term", "ct_coef", "ct_row", "factor_index", "factors", "named",
                 "named_seen", "opaque_fixed", "row", "row_vars", "var_index", "volatile",
                 "vp_factor", "vp_term", "vt_coef", "vt_row", "vt_var")

    def __init__(self, s: _Structure) -> None:
        self.row_vars, self.factors, self.named = s.row_vars, s.factors, s.named
        self.volatile, self.opaque_fixed = s.volatile, s.opaque_fixed
        self.var_index: dict[int, int] = {}
        self.factor_index: dict[tuple[int, int], int] = {}
        self.named_seen: set[int] = set()
        self.vt_row: list[int] = []
        self.vt_coef: list[float] = []
        self.vt_var: list[int] = []
        self.vp_term: list[int] = []
        self.vp_factor: list[int] = []
        self.ct_row: list[int] = []
        self.ct_coef: list[float] = []
        self.cp_term: list[int] = []
        self.cp_factor: list[int] = []
        self.row = 0

    # ---- numbering and terms
    def var_at(self, v: Any) -> int:
        i = self.var_index.get(id(v))
        if i is None:
            i = self.var_index[id(v)] = len(self.row_vars)
            self.row_vars.append(v)
        return i

    def factor_at(self, kind: int, node: Any) -> int:
        key = (kind, id(node))
        i = self.factor_index.get(key)
        if i is None:
            i = self.factor_index[key] = len(self.factors)
            self.factors.append((kind, node))
        return i

    def add_var(self, c: float, fs: tuple[int, ...], v: Any) -> None:
        r"""The linear term :math:`c \cdot \prod_{f \in fs} p_f \cdot v`."""
        if fs:
            _attach(self.vp_term, self.vp_factor, len(self.vt_row), fs)
        self.vt_row.append(self.row)
        self.vt_coef.append(c)
        i = self.var_index.get(id(v))  # var_at, inlined for a variable seen before
        self.vt_var.append(self.var_at(v) if i is None else i)

    def add_const(self, c: float, fs: tuple[int, ...]) -> None:
        r"""The constant term :math:`c \cdot \prod_{f \in fs} p_f`."""
        if fs:
            _attach(self.cp_term, self.cp_factor, len(self.ct_row), fs)
        self.ct_row.append(self.row)
        self.ct_coef.append(c)

    # ---- rollback of a row that is not linear
    def mark(self) -> tuple[int, ...]:
        return (len(self.vt_row), len(self.vp_term), len(self.ct_row), len(self.cp_term),
                len(self.named), len(self.volatile), len(self.opaque_fixed))

    def rollback(self, marks: tuple[int, ...]) -> None:
        """Drop everything appended since ``mark()`` returned ``marks``."""
        for node, _ in self.named[marks[4]:]:
            self.named_seen.discard(id(node))
        for items, mark in zip((self.vt_row, self.vp_term, self.ct_row, self.cp_term, self.named,
                                self.volatile, self.opaque_fixed), marks):
            del items[mark:]
        del self.vt_coef[marks[0]:], self.vt_var[marks[0]:], self.vp_factor[marks[1]:]
        del self.ct_coef[marks[2]:], self.cp_factor[marks[3]:]

    # ---- fixed sub-expressions
    def fixed(self, node: Any) -> tuple[float, tuple[int, ...]] | None:
        """(number, factors) of a node without variables, or None if it may hold some."""
        kind = type(node)
        if kind in _NUMBERS:
            return node, ()
        if kind is ParamData:
            return 1.0, (self.factor_at(_FACTOR_PARAM, node),)
        if kind is NumericConstant:
            return node.value, ()
        if kind is ScalarParam:
            return (1.0, (self.factor_at(_FACTOR_TREE, node),)) if node.mutable else (node.value, ())
        if kind is NPV_NegationExpression:
            inner = self.fixed(node.args[0])
            return None if inner is None else (-inner[0], inner[1])
        if kind is NPV_ProductExpression:
            left, right = node.args
            a, b = self.fixed(left), self.fixed(right)
            if a is not None and b is not None:
                return a[0] * b[0], a[1] + b[1]
        if node.is_potentially_variable():
            return None
        return 1.0, (self.factor_at(_FACTOR_TREE, node),)

    def var_free(self, node: Any) -> tuple[float, tuple[int, ...]] | None:
        """Like ``fixed`` for a node that could hold variables but holds none now
        (kept in ``opaque_fixed``, re-checked by ``still_valid``)."""
        known = self.fixed(node)
        if known is not None:
            return known
        if next(iter(identify_variables(node, include_fixed=True)), None) is not None:
            return None
        self.opaque_fixed.append(node)
        return 1.0, (self.factor_at(_FACTOR_TREE, node),)

    def holds_no_variable(self, node: Any) -> bool:
        """Whether a row bound is fixed (evaluated each call, so only kept as a node)."""
        if type(node) in _NUMBERS or not node.is_potentially_variable():
            return True
        if next(iter(identify_variables(node, include_fixed=True)), None) is not None:
            return False
        self.opaque_fixed.append(node)
        return True

    # ---- the walk
    def walk(self, node: Any, c: float, fs: tuple[int, ...]) -> None:
        """Append the terms of ``c * prod(fs) * node``; raise ``_Nonlinear`` if it is not linear.

        Sums take their plain terms (x, k*x, k) without a further call; ``a * b`` needs
        one side fixed (a number, Params, or a tree without variables); ``n / d`` is
        ``n * (1/d)`` with ``d`` without variables. One frame per level of the tree, so
        the depth at which a row falls back to direct evaluation is Python's limit.
        """
        kind = type(node)
        if kind in _VARS:
            self.add_var(c, fs, node)
        elif kind in _SUM_KINDS:
            if kind in _MUTABLE_SUMS:
                self.volatile.append((node, node.nargs()))
            add_var, walk = self.add_var, self.walk
            for arg in node.args:
                k = type(arg)
                if k in _VARS:
                    add_var(c, fs, arg)
                elif k is MonomialTermExpression:
                    coef, v = arg.args
                    if type(coef) in _NUMBERS and type(v) in _VARS:
                        add_var(c * coef, fs, v)
                    else:
                        walk(arg, c, fs)
                elif k in _NUMBERS:
                    self.add_const(c * arg, fs)
                else:
                    walk(arg, c, fs)
        elif kind is MonomialTermExpression or kind in _PRODUCTS:
            left, right = node.args
            if type(left) in _NUMBERS:
                self.walk(right, c * left, fs)
                return
            if type(right) in _NUMBERS:
                self.walk(left, c * right, fs)
                return
            multiplier = self.fixed(left)
            other = right
            if multiplier is None:
                multiplier, other = self.fixed(right), left
            if multiplier is None:
                multiplier, other = self.var_free(left), right
            if multiplier is None:
                multiplier, other = self.var_free(right), left
            if multiplier is None:
                raise _Nonlinear
            self.walk(other, c * multiplier[0], fs + multiplier[1])
        elif kind in _NUMBERS:
            self.add_const(c * node, fs)
        elif kind in _NEGATIONS:
            self.walk(node.args[0], -c, fs)
        elif kind is ParamData:
            self.add_const(c, fs + (self.factor_at(_FACTOR_PARAM, node),))
        elif kind in _NAMED:
            if id(node) not in self.named_seen:
                self.named_seen.add(id(node))
                self.named.append((node, node.expr))
            self.walk(node.expr, c, fs)
        elif kind is NumericConstant:
            self.add_const(c * node.value, fs)
        elif kind in _DIVISIONS:
            numerator, denominator = node.args
            if self.var_free(denominator) is None:
                raise _Nonlinear
            self.walk(numerator, c, fs + (self.factor_at(_FACTOR_RECIPROCAL, denominator),))
        elif node is None:
            raise _Nonlinear
        elif not node.is_potentially_variable():
            multiplier = self.fixed(node)
            assert multiplier is not None
            self.add_const(c * multiplier[0], fs + multiplier[1])
        elif node.is_variable_type():
            self.add_var(c, fs, node)
        else:
            raise _Nonlinear


class _Structure:
    """The walk's result for one set of active rows (see the module docstring)."""

    def __init__(self, cons: list[Any]) -> None:
        self.cons = cons
        self.exprs = list(map(_EXPR, cons))
        self.row_vars: list[Any] = []
        self.named: list[tuple[Any, Any]] = []  # (named Expression, its expr when walked)
        self.volatile: list[tuple[Any, int]] = []  # (mutable sum, its nargs when walked)
        self.opaque_fixed: list[Any] = []  # potentially variable nodes used as fixed factors
        self.factors: list[tuple[int, Any]] = []  # (kind, node)
        self.direct: list[tuple[int, Any]] = []  # (row, constraint) evaluated as they stand
        self.ranged: list[tuple[int, Any, Any]] = []  # (row, lower node, upper node) to evaluate
        self.lower = np.zeros(len(cons))
        self.upper = np.zeros(len(cons))
        walker = _Walker(self)
        self._walk_rows(walker)
        self._keep(walker)

    # ---- the walk
    def _walk_rows(self, w: _Walker) -> None:
        """Walk every row: ``lhs == rhs`` and ``lhs <= rhs`` as ``lhs - rhs`` in [0, 0] or
        [-inf, 0], ``low <= body <= high`` with fixed bounds as ``body`` in [low, high]. A row
        that is not linear (or too deep) is rolled back and kept in ``direct`` with bounds
        (-inf, inf), to be evaluated as it stands."""
        lower, upper, walk = self.lower, self.upper, w.walk
        for row, (con, expr) in enumerate(zip(self.cons, self.exprs)):
            w.row = row
            marks = w.mark()
            kind = type(expr)
            try:
                if kind is EqualityExpression or kind is InequalityExpression:
                    lhs, rhs = expr.args
                    walk(lhs, 1.0, ())
                    walk(rhs, -1.0, ())
                    if kind is InequalityExpression:
                        lower[row] = -math.inf
                elif kind is RangedExpression:
                    low, body, high = expr.args
                    if not (w.holds_no_variable(low) and w.holds_no_variable(high)):
                        raise _Nonlinear
                    walk(body, 1.0, ())
                    for node, bounds in ((low, lower), (high, upper)):
                        if type(node) in _NUMBERS:
                            bounds[row] = node
                    if type(low) not in _NUMBERS or type(high) not in _NUMBERS:
                        self.ranged.append((row, low, high))
                else:
                    raise _Nonlinear
            except (_Nonlinear, RecursionError):
                w.rollback(marks)
                lower[row], upper[row] = -math.inf, math.inf
                self.direct.append((row, con))  # its variables are found on each call

    def _keep(self, w: _Walker) -> None:
        """The walker's terms as numpy arrays, and the factors split by how they are read."""
        self.vt_row = np.array(w.vt_row, dtype=np.intp)
        self.vt_coef = np.array(w.vt_coef, dtype=float)
        self.vt_var = np.array(w.vt_var, dtype=np.intp)
        self.vp_term = np.array(w.vp_term, dtype=np.intp)
        self.vp_factor = np.array(w.vp_factor, dtype=np.intp)
        self.ct_row = np.array(w.ct_row, dtype=np.intp)
        self.ct_coef = np.array(w.ct_coef, dtype=float)
        self.cp_term = np.array(w.cp_term, dtype=np.intp)
        self.cp_factor = np.array(w.cp_factor, dtype=np.intp)
        factors = self.factors
        self.param_factors = [i for i, (kind, _) in enumerate(factors) if kind == _FACTOR_PARAM]
        self.param_nodes = [factors[i][1] for i in self.param_factors]
        self.other_factors = [(i, kind, node) for i, (kind, node) in enumerate(factors)
                              if kind != _FACTOR_PARAM]
        self.row_var_ids = {id(v) for v in self.row_vars}

    # ---- validity
    def still_valid(self, cons: list[Any]) -> bool:
        """Whether ``cons`` are the rows walked, with the same expressions throughout."""
        if len(cons) != len(self.cons):
            return False
        if not all(map(is_, cons, self.cons)) or not all(
                map(is_, map(_EXPR, cons), self.exprs)):
            return False
        if not all(node.expr is expr for node, expr in self.named):
            return False
        if not all(node.nargs() == n for node, n in self.volatile):
            return False
        return all(next(iter(identify_variables(node, include_fixed=True)), None) is None
                   for node in self.opaque_fixed)

    # ---- one evaluation
    def factor_values(self) -> np.ndarray:
        values = np.empty(len(self.factors))
        if self.param_factors:
            values[self.param_factors] = np.array([_number(p._value) for p in self.param_nodes],
                                                  dtype=float)
        for i, kind, node in self.other_factors:
            value = _number(tree_value(node))
            values[i] = (1.0 / value if value else math.nan) if kind == _FACTOR_RECIPROCAL else value
        return values


def _number(value: Any) -> float:
    if value is None:
        return math.nan
    if type(value) in _NUMBERS:
        return float(value)
    return float(pyo.value(value))


def _bound_value(node: Any) -> float:
    """A row bound as a float (-inf below or +inf above is no bound, NaN stays NaN)."""
    return _number(tree_value(node))


_STRUCTURES: weakref.WeakKeyDictionary[Any, _Structure] = weakref.WeakKeyDictionary()


def _structure(model: Any, cons: list[Any]) -> _Structure:
    cached = _STRUCTURES.get(model)
    if cached is not None and cached.still_valid(cons):
        return cached
    built = _Structure(cons)
    try:
        _STRUCTURES[model] = built
    except TypeError:  # not weak-referenceable: walk again next time
        pass
    return built


# --------------------------------------------------------------------------- the check

def _cancelled_unvalued(s: _Structure, coef: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, set[int]]:
    """Variables without a value whose terms cancel in every row that names them
    (a flow from an area to itself: -p + p) read as 0; their ids are returned too.

    A solver never sees such a variable (no row really reads it) and so gives it no value.
    """
    missing = ~np.isfinite(x)
    if not missing.any():
        return x, set()
    terms = np.flatnonzero(missing[s.vt_var])
    keys = s.vt_row[terms].astype(np.int64) * len(x) + s.vt_var[terms]
    pairs, where = np.unique(keys, return_inverse=True)
    net = np.bincount(where, weights=coef[terms], minlength=len(pairs))
    read = np.unique(pairs[np.abs(net) > 1e-12] % len(x))
    absent = np.setdiff1d(np.flatnonzero(missing), read)
    absent = absent[np.isin(absent, s.vt_var[terms])]
    x = x.copy()
    x[absent] = 0.0
    return x, {id(s.row_vars[i]) for i in absent}


def _row_violations(s: _Structure) -> tuple[np.ndarray, np.ndarray, list[Any], set[int]]:
    """(absolute violation, relative violation) per row, the variables of the rows
    evaluated as they stand, and the ids of unvalued variables no row really reads."""
    n = len(s.cons)
    x = np.array([v._value for v in s.row_vars], dtype=float)  # None -> NaN
    factor = s.factor_values() if s.factors else np.empty(0)
    coef = s.vt_coef
    if len(s.vp_term):
        coef = coef.copy()
        np.multiply.at(coef, s.vp_term, factor[s.vp_factor])
    constant = s.ct_coef
    if len(s.cp_term):
        constant = constant.copy()
        np.multiply.at(constant, s.cp_term, factor[s.cp_factor])
    x, absent = _cancelled_unvalued(s, coef, x)
    activity = np.bincount(s.vt_row, weights=coef * x[s.vt_var], minlength=n)
    k = np.bincount(s.ct_row, weights=constant, minlength=n)
    unvalued = np.bincount(s.vt_row, weights=~np.isfinite(x[s.vt_var]), minlength=n) > 0
    lower, upper = s.lower, s.upper
    if s.ranged:
        lower, upper = lower.copy(), upper.copy()
        for row, low, high in s.ranged:
            lower[row] = _bound_value(low)
            upper[row] = _bound_value(high)
    with np.errstate(invalid="ignore", over="ignore"):
        rhs_low, rhs_high = lower - k, upper - k
        below, above = rhs_low - activity, activity - rhs_high
        absolute = np.maximum(np.maximum(below, above), 0.0)  # NaN stays NaN
        relative = np.zeros(n)
        hit = below > 0
        relative[hit] = below[hit] / np.maximum(1.0, np.abs(rhs_low[hit]))
        hit = above > 0
        relative[hit] = np.maximum(relative[hit], above[hit] / np.maximum(1.0, np.abs(rhs_high[hit])))
        relative[np.isnan(absolute)] = math.nan
    direct_vars: list[Any] = []
    for row, con in s.direct:
        variables = list(identify_variables(con.expr, include_fixed=True))
        direct_vars.extend(variables)
        absolute[row], relative[row], unvalued[row] = _direct_row(con, variables)
    absolute[unvalued] = 0.0
    relative[unvalued] = 0.0
    absolute[np.isnan(absolute)] = math.inf
    relative[np.isnan(relative)] = math.inf
    return absolute, relative, direct_vars, absent


def _direct_row(con: Any, variables: list[Any]) -> tuple[float, float, bool]:
    """A row of a shape the walker does not take apart, evaluated as it stands."""
    if any(v.value is None for v in variables):
        return 0.0, 0.0, True
    expr = con.expr
    if type(expr) is RangedExpression:
        parts = expr.args
    else:
        parts = con.to_bounded_expression()
    # Pyomo's own evaluator: not recursive, so no tree is too deep for it (rare rows only)
    low, body, high = (None if a is None else pyo.value(a, exception=False) for a in parts)
    if body is None:
        return math.inf, math.inf, False
    worst, relative = 0.0, 0.0
    for bound, gap in ((low, None if low is None else low - body),
                       (high, None if high is None else body - high)):
        if gap is None:
            continue
        if math.isnan(gap):
            return math.inf, math.inf, False
        if gap > 0:
            worst = max(worst, gap)
            relative = max(relative, gap / max(1.0, abs(bound)))
    return worst, relative, False


def _worst(values: np.ndarray, names: Any) -> tuple[float, str | None]:
    if len(values) == 0:
        return 0.0, None
    i = int(np.argmax(values))
    value = float(values[i])
    return (value, names(i)) if value > 0 else (0.0, None)


def _columns(model: Any, row_vars: list[Any]) -> list[Any]:
    """The model's variables, then any other variable a row reads."""
    columns = list(model.component_data_objects(pyo.Var, descend_into=True))
    seen = {id(v) for v in columns}
    for v in row_vars:
        if id(v) not in seen:
            seen.add(id(v))
            columns.append(v)
    return columns


def _bound_violations(columns: list[Any], in_rows: set[int]) -> tuple[np.ndarray, np.ndarray, int]:
    """(bound violation, integrality violation, unvalued count) per variable."""
    values = [v.value for v in columns]
    x = np.array(values, dtype=float)
    bounds = np.array([v.bounds for v in columns], dtype=float).reshape(len(columns), 2)
    lower = np.where(np.isnan(bounds[:, 0]), -math.inf, bounds[:, 0])
    upper = np.where(np.isnan(bounds[:, 1]), math.inf, bounds[:, 1])
    domains = [id(v.domain) for v in columns]
    example = dict(zip(domains, columns))  # is_integer depends on the domain alone
    integer_domain = {d: v.is_integer() for d, v in example.items()}
    integer = np.array([integer_domain[d] for d in domains], dtype=bool)
    with np.errstate(invalid="ignore"):
        bound = np.maximum(np.maximum(lower - x, x - upper), 0.0)
        integrality = np.where(integer, np.abs(x - np.round(x)), 0.0)
    missing = ~np.isfinite(x)
    unvalued = 0
    for i in np.flatnonzero(missing):
        if values[i] is None and id(columns[i]) not in in_rows:
            bound[i] = integrality[i] = 0.0  # no row reads it: nothing to check
            continue
        unvalued += values[i] is None
        bound[i] = math.inf
        integrality[i] = 0.0 if values[i] is None else math.inf
    return bound, integrality, unvalued


def plan_violations(model: Any) -> PlanCheck:
    """Evaluate every active row and every variable bound of ``model`` at its variables' values.

    Needs no solver: reads only the Pyomo model (Params at their current
    values). Rows reading a variable that holds no value are not scored; that
    variable is reported as the worst bound (violation ``inf``) and ``unvalued``
    counts it. A variable with no value that no active row reads is ignored.
    """
    cons = [c for c in model.component_data_objects(pyo.Constraint, active=True, descend_into=True)
            if c.expr is not None]
    s = _structure(model, cons)
    absolute, relative, direct_vars, absent = _row_violations(s)
    in_rows = s.row_var_ids | {id(v) for v in direct_vars} if direct_vars else s.row_var_ids
    if absent:
        in_rows = in_rows - absent
    columns = _columns(model, s.row_vars + direct_vars)
    bound, integrality, unvalued = _bound_violations(columns, in_rows)

    def row_name(i: int) -> str:
        return str(cons[i].name)

    def column_name(i: int) -> str:
        return str(columns[i].name)

    max_row, worst_row = _worst(absolute, row_name)
    max_relative, worst_relative = _worst(relative, row_name)
    max_bound, worst_bound = _worst(bound, column_name)
    max_integer, worst_integer = _worst(integrality, column_name)
    return PlanCheck(
        max_row_violation=max_row,
        worst_row=worst_row,
        max_row_violation_relative=max_relative,
        worst_row_relative=worst_relative,
        max_bound_violation=max_bound,
        worst_bound=worst_bound,
        max_integrality_violation=max_integer,
        worst_integer=worst_integer,
        rows=len(cons),
        columns=len(columns),
        unvalued=unvalued,
    )


__all__ = ["INTEGRALITY_FACTOR", "ROW_TOLERANCE", "PlanCheck", "plan_violations"]
