"""The LP-rounding start: it finds a feasible plan, and never changes the optimum."""

from __future__ import annotations

import pytest

import planner
from planner import synth


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    path = synth.write(tmp_path_factory.mktemp("synth") / "s40.xlsx", 40, 3, 3)
    return planner.read_workbook(path)


def test_the_start_is_used_and_does_not_change_the_optimum(case):
    plain = planner.solve(case, threads=1, random_seed=0, mip_gap=0.0)
    started = planner.solve(case, threads=1, random_seed=0, mip_gap=0.0, start_heuristic=True)
    assert started.status == plain.status == "optimal"
    assert started.objective == pytest.approx(plain.objective, rel=1e-7)


def test_the_rounded_plan_is_feasible_and_leaves_highs_as_it_was(case):
    """Rounding finds a plan whose repair LP (binaries fixed) is feasible, so it is a MIP
    solution; afterwards HiGHS has its integrality and bounds back."""
    import highspy

    from planner.model import build_model, model_data
    from planner.solver import highs, starts
    from planner.solver.options import SolveOptions

    data = model_data(case)
    m = build_model(data)
    solver = highs.new_interface()
    solver.set_instance(m)
    before = solver._solver_model.getLp()
    found = starts.rounding_start(solver, m, data, SolveOptions(threads=1))
    assert found and solver._solver_model.getRunTime() > 0
    after = solver._solver_model.getLp()
    assert list(after.integrality_) == list(before.integrality_)
    assert list(after.col_lower_) == list(before.col_lower_)
    assert list(after.col_upper_) == list(before.col_upper_)
    assert highspy.HighsVarType.kInteger in list(after.integrality_)
