"""``tree_value`` gives Pyomo's own value for every expression the model and HiGHS interface hold."""

from __future__ import annotations

from pathlib import Path

import pyomo.environ as pyo
import pytest

import planner
from planner.model import build_model, model_data
from planner.model.evaluate import tree_value
from planner.solver.options import SolveOptions
from planner.solver.run import optimise, persistent_solver

EXAMPLE = Path(__file__).resolve().parents[2] / "inputs" / "example.xlsx"


@pytest.fixture(scope="module", params=[False, True], ids=["fixed", "mutable"])
def solved(request: pytest.FixtureRequest) -> tuple[pyo.ConcreteModel, object]:
    data = model_data(planner.read_workbook(EXAMPLE))
    model = build_model(data, mutable=request.param)
    solver = persistent_solver()
    outcome = optimise(model, SolveOptions(mip_gap=0.0, threads=1), solver=solver)
    assert outcome.status == "optimal"
    return model, solver


def test_every_named_expression(solved) -> None:
    model, _ = solved
    checked = 0
    for expression in model.component_data_objects(pyo.Expression):
        assert tree_value(expression.expr) == pytest.approx(pyo.value(expression), rel=1e-12, abs=1e-9)
        checked += 1
    assert checked > 30


def test_the_objective(solved) -> None:
    model, _ = solved
    objective = model.total_cost
    assert tree_value(objective.expr) == pytest.approx(pyo.value(objective), rel=1e-12)


def test_every_mutable_coefficient_and_bound_of_the_interface(solved) -> None:
    """The shapes re-solves push to HiGHS: Param products, sums, negations, min and max."""
    model, solver = solved
    helpers = [h for row_helpers in solver._mutable_helpers.values() for h in row_helpers]
    helpers += [h for _, h in solver._mutable_bounds.values()]
    expressions = [e for h in helpers
                   for e in ((h.expr,) if hasattr(h, "expr") else (h.lower_expr, h.upper_expr))]
    expressions += [h.expr for h in solver._mutable_objective.linear_coefs]
    if not any(param.mutable for param in model.component_objects(pyo.Param)):
        assert not expressions  # a fixed model has nothing mutable to push
        return
    assert len(expressions) > 100
    for expression in expressions:
        assert tree_value(expression) == pytest.approx(pyo.value(expression), rel=1e-12, abs=1e-12)


def test_a_variable_without_a_value_is_none() -> None:
    model = pyo.ConcreteModel()
    model.x = pyo.Var()
    model.p = pyo.Param(initialize=2.0, mutable=True)
    assert tree_value(3 * model.x + model.p) is None
    model.x.set_value(1.5)
    assert tree_value(3 * model.x + model.p) == 6.5
    assert tree_value(-(model.p * model.x)) == -3.0
    assert tree_value(pyo.exp(model.x) + 1) == pytest.approx(pyo.value(pyo.exp(1.5) + 1))
