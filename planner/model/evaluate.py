"""Fast values of the model's own expression shapes, for result tables and re-solves.

Every cost, availability and mutable-coefficient expression this model builds
is a tree of sums, products, negations, minima and maxima over numbers,
Params and Vars. Pyomo's general evaluator walks such trees several times
slower per node; ``tree_value`` handles just these shapes and hands any other
node to it, so its answers are the same.
"""

from __future__ import annotations

import pyomo.environ as pyo
from pyomo.common.numeric_types import native_numeric_types
from pyomo.core.base.expression import ExpressionData, ScalarExpression
from pyomo.core.base.param import ParamData, ScalarParam
from pyomo.core.base.var import ScalarVar, VarData
from pyomo.core.expr.numeric_expr import (
    LinearExpression,
    MaxExpression,
    MinExpression,
    MonomialTermExpression,
    NegationExpression,
    NPV_MaxExpression,
    NPV_MinExpression,
    NPV_NegationExpression,
    NPV_ProductExpression,
    NPV_SumExpression,
    ProductExpression,
    SumExpression,
)
from pyomo.core.expr.numvalue import NumericConstant

_SUMS = frozenset({SumExpression, LinearExpression, NPV_SumExpression})
_PRODUCTS = frozenset({ProductExpression, MonomialTermExpression, NPV_ProductExpression})
_NEGATIONS = frozenset({NegationExpression, NPV_NegationExpression})
_MINIMA = frozenset({MinExpression, NPV_MinExpression})
_MAXIMA = frozenset({MaxExpression, NPV_MaxExpression})
_LEAVES = frozenset({VarData, ScalarVar, ScalarParam, NumericConstant})
_NAMED = frozenset({ExpressionData, ScalarExpression})


def tree_value(node: object) -> float | None:
    """The value of ``node``; None when a Var in it holds no value."""
    kind = type(node)
    if kind in native_numeric_types:
        return node  # type: ignore[return-value]
    if kind is ParamData:
        return node._value  # type: ignore[attr-defined]  # .value goes through a call each time
    if kind in _LEAVES:
        return node.value  # type: ignore[attr-defined]
    if kind in _PRODUCTS:
        left, right = node.args  # type: ignore[attr-defined]
        a, b = tree_value(left), tree_value(right)
        return None if a is None or b is None else a * b
    if kind in _SUMS or kind in _MINIMA or kind in _MAXIMA:
        values = [tree_value(arg) for arg in node.args]  # type: ignore[attr-defined]
        if None in values:
            return None
        return sum(values) if kind in _SUMS else min(values) if kind in _MINIMA else max(values)
    if kind in _NEGATIONS:
        value = tree_value(node.args[0])  # type: ignore[attr-defined]
        return None if value is None else -value
    if kind in _NAMED:
        return tree_value(node.expr)  # type: ignore[attr-defined]
    return pyo.value(node, exception=False)
