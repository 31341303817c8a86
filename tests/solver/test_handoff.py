"""The one-pass hand-off gives HiGHS exactly the model Pyomo's stock interface gives it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pyomo.environ as pyo
import pytest
from pyomo.contrib.solver.solvers.highs import Highs

import planner
from planner import synth
from planner.model import build_model, model_data
from planner.solver.options import SolveOptions
from planner.solver.run import optimise, persistent_solver
from support import read_capacity_case

ROOT = Path(__file__).resolve().parents[2]


def _by_name(solver: Highs) -> dict[str, object]:
    """HiGHS's LP keyed by Pyomo names, whatever order the columns and rows went in."""
    import highspy

    lp = solver._solver_model.getLp()
    col_of = {solver._vars[var_id][0].name: col for var_id, col in solver._pyomo_var_to_solver_var_map.items()}
    row_name = {row: con.name for con, row in solver._pyomo_con_to_solver_con_map.items()}
    var_name = {col: name for name, col in col_of.items()}
    matrix = lp.a_matrix_
    starts, index, value = list(matrix.start_), list(matrix.index_), list(matrix.value_)
    by_row = matrix.format_ == highspy.MatrixFormat.kRowwise
    entries = {}
    for major in range(len(starts) - 1):
        for k in range(starts[major], starts[major + 1]):
            if value[k] != 0:
                row, col = (major, index[k]) if by_row else (index[k], major)
                entries[row_name[row], var_name[col]] = value[k]
    integer = list(lp.integrality_) or [0] * len(col_of)
    return {
        "matrix": entries,
        "rows": {row_name[r]: (lp.row_lower_[r], lp.row_upper_[r]) for r in row_name},
        "costs": {n: lp.col_cost_[c] for n, c in col_of.items()},
        "columns": {n: (lp.col_lower_[c], lp.col_upper_[c], int(integer[c])) for n, c in col_of.items()},
        "offset": lp.offset_,
    }


def _models():
    example = model_data(planner.read_workbook(ROOT / "inputs" / "example.xlsx"))
    japan = model_data(read_capacity_case(ROOT / "inputs" / "japan_watt_bit.xlsx"))
    yield "example", build_model(example)
    yield "japan", build_model(japan)
    yield "japan untightened", build_model(dataclasses.replace(japan, tighten=False))
    yield "synth", build_model(model_data(planner.read_workbook(synth.write(
        ROOT / ".pytest-synth-handoff.xlsx", 60, 3, seed=5))))
    (ROOT / ".pytest-synth-handoff.xlsx").unlink(missing_ok=True)
    yield "synth operations", build_model(model_data(planner.read_workbook(synth.write(
        ROOT / ".pytest-synth-handoff.xlsx", 12, 2, seed=5, periods=2, steps=4))))


@pytest.fixture(scope="module")
def cases():
    made = list(_models())
    (ROOT / ".pytest-synth-handoff.xlsx").unlink(missing_ok=True)
    return made


def test_one_pass_rows_equal_the_stock_interface(cases) -> None:
    for name, model in cases:
        ours = persistent_solver()
        ours.set_instance(model)
        assert getattr(ours, "_wattbit_rows_in_one_pass", False), name
        stock = Highs()
        stock.set_instance(model)
        got, want = _by_name(ours), _by_name(stock)
        assert got["offset"] == want["offset"] and got["rows"].keys() == want["rows"].keys(), name
        for row, bounds in want["rows"].items():  # constants may be summed in another order
            assert got["rows"][row] == pytest.approx(bounds, rel=1e-13, abs=1e-9), (name, row)
        # ours holds every variable; the stock pass only those a row or the objective uses
        assert got["costs"].keys() >= want["costs"].keys(), name
        unused = got["costs"].keys() - want["costs"].keys()
        assert all(got["costs"][n] == 0 for n in unused), name
        assert not {v for _, v in got["matrix"]} & unused, name
        for part in ("costs", "columns"):
            assert {n: got[part][n] for n in want[part]} == want[part], (name, part)
        assert got["matrix"].keys() == want["matrix"].keys(), name
        for key, coefficient in want["matrix"].items():
            assert got["matrix"][key] == pytest.approx(coefficient, rel=1e-14, abs=0), (name, key)


def _example_model() -> pyo.ConcreteModel:
    return build_model(model_data(planner.read_workbook(ROOT / "inputs" / "example.xlsx")))


def _values(model: pyo.ConcreteModel) -> dict[str, float | None]:
    return {v.name: v.value for v in model.component_data_objects(pyo.Var)}


def _stock_solve(model: pyo.ConcreteModel) -> Highs:
    stock = Highs()
    results = stock.solve(model, threads=1, rel_gap=0.0, load_solutions=True,
                          solver_options={"random_seed": 0})
    assert results.termination_condition.name == "convergenceCriteriaSatisfied"
    return results


def test_the_example_optimum_is_unique() -> None:
    """Over the example's optimal face (cost <= optimum + 1e-9 relative) every variable
    stays within 1e-3 of one value (the slack moves them by ~1e-5): a variable-by-variable
    comparison of two solves of it cannot trip over a tie."""
    model = _example_model()
    optimum = _stock_solve(model).incumbent_objective
    model.total_cost.deactivate()
    model.on_the_face = pyo.Constraint(expr=model.total_cost.expr <= optimum + 1e-9 * abs(optimum))
    solver = Highs()
    for var in list(model.component_data_objects(pyo.Var)):
        ends = []
        for sense in (pyo.minimize, pyo.maximize):
            model.probe = pyo.Objective(expr=var, sense=sense)
            ends.append(solver.solve(model, threads=1, rel_gap=0.0, load_solutions=False,
                                     solver_options={"random_seed": 0}).incumbent_objective)
            model.del_component(model.probe)
        assert ends[1] - ends[0] <= 1e-3, (var.name, ends)


def test_one_pass_solves_load_the_stock_values() -> None:
    """One copy of the example solved through ``optimise`` (our one-pass hand-off), another
    through Pyomo's stock interface: every variable holds the same value (the optimum is
    unique, see above), and the values loaded price at the objective HiGHS reports."""
    ours_model, stock_model = _example_model(), _example_model()
    assert set(_values(ours_model).values()) == {None}  # nothing loaded yet, on either copy
    solver = persistent_solver()
    outcome = optimise(ours_model, SolveOptions(mip_gap=0.0, threads=1, random_seed=0), solver=solver)
    assert outcome.status == "optimal"
    assert getattr(solver, "_wattbit_rows_in_one_pass", False)  # it went through our hand-off
    results = _stock_solve(stock_model)
    ours, stock = _values(ours_model), _values(stock_model)
    assert None not in stock.values()  # the stock solve set every variable: none compared to None
    assert ours.keys() == stock.keys()
    wrong = {name: (ours[name], stock[name]) for name in stock
             if ours[name] is None or ours[name] != pytest.approx(stock[name], rel=1e-9, abs=1e-7)}
    assert not wrong, f"our hand-off loaded other values than the stock solve: {wrong}"
    assert outcome.objective == pytest.approx(results.incumbent_objective, rel=1e-12)
    assert pyo.value(ours_model.total_cost) == pytest.approx(outcome.objective, rel=1e-12)


def test_mutable_or_fixed_models_keep_the_stock_pass() -> None:
    data = model_data(planner.read_workbook(ROOT / "inputs" / "example.xlsx"))
    mutable = build_model(data, mutable=True)
    solver = persistent_solver()
    solver.set_instance(mutable)
    assert not hasattr(solver, "_wattbit_rows_in_one_pass") and solver._mutable_helpers  # re-solves need them
    fixed = build_model(data)
    next(iter(fixed.site_open.values())).fix(1)
    solver = persistent_solver()
    solver.set_instance(fixed)
    assert not hasattr(solver, "_wattbit_rows_in_one_pass")
    assert np.isfinite(solver._solver_model.getLp().col_cost_).all()


def test_rows_re_added_after_fixing_go_through_the_stock_pass() -> None:
    """update() re-adds the rows of a Var whose fixing changed; those keep the Var referenced,
    so unfixing it later restores its coefficients."""
    model = build_model(model_data(planner.read_workbook(ROOT / "inputs" / "example.xlsx")))
    solver = persistent_solver()
    solver.set_instance(model)
    before = _by_name(solver)["matrix"]
    var = next(iter(model.site_open.values()))
    var.fix(1)
    solver.update()
    assert not any(name == var.name for _, name in _by_name(solver)["matrix"])  # a fixed Var is a constant
    var.unfix()
    solver.update()
    after = _by_name(solver)["matrix"]
    assert {k for k in before if k[1] == var.name} == {k for k in after if k[1] == var.name}
    assert {k: after[k] for k in before} == pytest.approx(before, rel=1e-14)
