"""What every results sheet shares: the solved model in one place, values read cleanly."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
import pyomo.environ as pyo
from pyomo.core.base.expression import ExpressionData

from planner.case import Case
from planner.model.data import ModelData
from planner.model.evaluate import tree_value

ZERO = 1e-9
"""Solver noise below this is reported as 0."""


def clean(value: float | None) -> float:
    """A float, with None and solver noise as 0."""
    if value is None:
        return 0.0
    value = float(value)
    return 0.0 if abs(value) < ZERO else value


def value_of(component: object) -> float:
    """One Var, Expression or Param entry's value, cleaned."""
    if isinstance(component, ExpressionData):
        return clean(tree_value(component.expr))
    if getattr(component, "is_variable_type", None) is not None and component.is_variable_type():
        return clean(component.value)  # a variable: no expression walk
    return clean(pyo.value(component, exception=False))


def values_of(component: pyo.Component) -> dict[object, float]:
    """Every entry of an indexed Var or Expression, cleaned like ``value_of``, in one pass."""
    if component.ctype is pyo.Var:
        return {key: clean(var.value) for key, var in component.items()}
    if component.ctype is pyo.Expression:
        return {key: clean(tree_value(entry.expr)) for key, entry in component.items()}
    return {key: value_of(entry) for key, entry in component.items()}


@dataclass
class Solved:
    """A solved model with the data and case behind it: what a decision sheet is built from."""

    model: pyo.ConcreteModel
    data: ModelData
    case: Case

    @cached_property
    def available(self) -> dict[object, float]:
        """a_{b,t} of every build option (read once, used by several sheets)."""
        return values_of(self.model.available)


@dataclass(frozen=True)
class ResultSheet:
    """One results sheet: its name, how it is built and the unit of each column."""

    name: str
    build: object
    """``build(solved: Solved) -> pd.DataFrame`` for decision sheets."""
    units: dict[str, str] = field(default_factory=dict)
    operations_only: bool = False
    """Written only in operations mode (FORMULATION.md §4)."""

    def table(self, solved: Solved) -> pd.DataFrame:
        return self.build(solved)  # type: ignore[operator]
