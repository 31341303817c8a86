"""The LP-rounding start: it finds a feasible plan, and never changes the optimum."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

import planner
from planner import synth
from planner.heuristic import lp_rounding_start
from planner.model import build_model, model_data
from planner.solve import SolveOptions, _solve_lp

OPTIONS = SolveOptions(threads=1, random_seed=0, mip_gap=0.0, time_limit=120)


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    path = synth.write(tmp_path_factory.mktemp("synth") / "s40.xlsx", 40, 3, 3)
    return planner.read_workbook(path)


def test_rounding_finds_a_feasible_plan(case):
    d = model_data(case)
    m = build_model(d)
    found, _ = lp_rounding_start(m, lambda model: _solve_lp(model, OPTIONS), d)
    assert found
    start_cost = pyo.value(m.total_cost)
    # the start satisfies every row of the model
    for con in m.component_data_objects(pyo.Constraint, active=True):
        body = pyo.value(con.body)
        if con.has_lb():
            assert body >= pyo.value(con.lower) - 1e-6 * max(1, abs(body)), con.name
        if con.has_ub():
            assert body <= pyo.value(con.upper) + 1e-6 * max(1, abs(body)), con.name
    exact = planner.solve(case, threads=1, random_seed=0, mip_gap=0.0)
    assert start_cost >= exact.objective - 1e-6 * exact.objective


def test_the_start_does_not_change_the_optimum(case):
    plain = planner.solve(case, threads=1, random_seed=0, mip_gap=0.0)
    started = planner.solve(case, threads=1, random_seed=0, mip_gap=0.0, start_heuristic=True)
    assert started.status == plain.status == "optimal"
    assert started.objective == pytest.approx(plain.objective, rel=1e-7)
