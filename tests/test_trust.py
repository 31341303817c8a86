"""Trust in every answer: an 'infeasible' is confirmed, every plan is checked independently."""

from __future__ import annotations

import importlib

import pytest

import planner
from planner.cli import EXIT_UNVERIFIED, main
from planner.solver.outcome import SolveOutcome
from support.workbook import base_case, write_workbook

pipeline = importlib.import_module("planner.pipeline")
SOLVE = {"mip_gap": 0.0, "threads": 1, "random_seed": 0}


def _infeasible() -> SolveOutcome:
    return SolveOutcome("infeasible", "provenInfeasible", False, None, None, None, 0.01, 0.01, "test", "")


@pytest.fixture
def case(tmp_path) -> planner.Case:
    return planner.read_workbook(write_workbook(tmp_path / "case.xlsx", base_case()))


def test_presolve_infeasible_is_re_solved_without_presolve(case, monkeypatch) -> None:
    """HiGHS's presolve says infeasible (faked); presolve off finds the optimum (10), and
    Summary and Run record that presolve misjudged the case."""
    real = pipeline.optimise
    calls: list[bool] = []

    def presolve_misjudges(model, options, *, presolve=True, **kw):
        calls.append(presolve)
        return _infeasible() if presolve else real(model, options, presolve=presolve, **kw)

    monkeypatch.setattr(pipeline, "optimise", presolve_misjudges)
    plan = planner.solve(case, **SOLVE)
    assert calls == [True, False]
    assert plan.status == "optimal" and plan.objective == pytest.approx(10.0)
    assert any("presolve" in m for m in plan.messages)
    run = dict(plan.tables["Run"].itertuples(index=False, name=None))
    summary = plan.tables["Summary"]
    assert run["check_presolve_misjudged"] is True
    assert summary[(summary.metric == "message") & summary.value.str.contains("presolve")].shape[0] == 1


def test_a_truly_infeasible_case_stays_infeasible(tmp_path) -> None:
    sheets = base_case(Demand=[{"region": "R1", "phase": "P1", "demand_mw": 150}],
                       Sites=[{"site": "S1", "area": "A", "max_mw": 100, "min_mw": 100, "fixed_cost_mjpy": 10,
                               "force": "open"},
                              {"site": "S2", "area": "A", "max_mw": 100, "min_mw": 60, "fixed_cost_mjpy": 20,
                               "force": "open"}],
                       Service=[{"region": "R1", "site": "S1"}])
    plan = planner.solve(planner.read_workbook(write_workbook(tmp_path / "inf.xlsx", sheets)), **SOLVE)
    assert plan.status == "infeasible" and "Diagnostics" in plan.tables
    assert plan.tables["Diagnostics"]["shortfall"].sum() == pytest.approx(50.0)


def test_zero_elastic_shortfall_is_never_reported_infeasible(case, monkeypatch) -> None:
    """HiGHS says infeasible on the (tightened) model, with presolve on and off; the
    elastic re-solve needs no shortfall, so the untightened model is solved: the plan."""
    real = pipeline.optimise

    def tightened_fails(model, options, **kw):
        return _infeasible() if kw["data"].tighten else real(model, options, **kw)

    monkeypatch.setattr(pipeline, "optimise", tightened_fails)
    plan = planner.solve(case, **SOLVE)
    assert plan.status == "optimal" and plan.objective == pytest.approx(10.0), plan.messages
    assert any("elastic re-solve needed no shortfall" in m for m in plan.messages)


def test_zero_shortfall_with_no_plan_anywhere_says_the_solver_disagrees(case, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "optimise", lambda model, options, **kw: _infeasible())
    plan = planner.solve(case, **SOLVE)
    assert plan.status == "solver_disagrees" and plan.status != "infeasible"
    assert any("elastic" in m for m in plan.messages)


def _violating(real):
    def solve_then_break(model, options, **kw):
        outcome = real(model, options, **kw)
        model.served_mw["R1", "S1", "P1"].set_value(20.0)  # demand 50 now served 20 + 0
        return outcome
    return solve_then_break


def test_a_plan_that_breaks_a_row_is_not_a_normal_plan(case, monkeypatch) -> None:
    """A fake solver returns a plan violating demand_balance by 30 MW: the independent check
    finds it, the status says unverified and Run names the row."""
    monkeypatch.setattr(pipeline, "optimise", _violating(pipeline.optimise))
    plan = planner.solve(case, **SOLVE)
    assert plan.status == "unverified"
    run = dict(plan.tables["Run"].itertuples(index=False, name=None))
    assert run["check_worst_row"] == "demand_balance[R1,P1]"
    assert run["check_max_row_violation"] == pytest.approx(30.0)
    assert run["check_plan_verified"] is False


def test_every_plan_records_its_check(case) -> None:
    plan = planner.solve(case, **SOLVE)
    run = dict(plan.tables["Run"].itertuples(index=False, name=None))
    assert run["check_plan_verified"] is True and run["check_max_row_violation"] <= 1e-9
    assert run["check_max_integrality_violation"] <= 1e-9


def test_the_cli_exits_7_on_an_unverified_plan(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(pipeline, "optimise", _violating(pipeline.optimise))
    path = write_workbook(tmp_path / "case.xlsx", base_case())
    out = tmp_path / "out.xlsx"
    assert main(["run", str(path), "-o", str(out), "--threads", "1", "--no-progress"]) == EXIT_UNVERIFIED
    assert "unverified" in capsys.readouterr().err and out.exists()
