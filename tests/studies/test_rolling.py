"""Rolling horizon: a feasible plan, an honest bound, earlier phases kept, and a fallback."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pyomo.environ as pyo
import pytest

import planner
from planner import synth
from planner.studies import rolling
from planner.cli import EXIT_OK, EXIT_USAGE, main
from planner.model import build_model, model_data
from planner.solver.options import SolveOptions
from support.costs import assert_costs_recomputed
from support.workbook import write_workbook

EXAMPLE = Path(planner.__file__).parent / "data" / "example.xlsx"
GAP = 1e-6
OPTIONS = SolveOptions(mip_gap=GAP, time_limit=120.0, threads=1, random_seed=0)
BOUND_TOL = 1e-6


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> planner.Case:
    return planner.read_workbook(synth.write(tmp_path_factory.mktemp("rolling") / "s30.xlsx", 30, 3, 1))


@pytest.fixture(scope="module")
def example() -> planner.Case:
    return planner.read_workbook(EXAMPLE)


def _exact(case: planner.Case) -> float:
    plan = planner.solve(case, mip_gap=0.0, threads=1, random_seed=0)
    assert plan.status == "optimal"
    return plan.objective


@pytest.mark.parametrize("name", ["synthetic", "example"])
def test_polished_plan_is_the_optimum_and_the_bound_is_valid(name, request):
    case = request.getfixturevalue(name)
    exact = _exact(case)
    result = rolling.rolling_horizon(case, OPTIONS)
    plan = result.plan
    assert result.fallback is None and len(result.windows) == len(case.phases)
    assert result.plan_objective >= exact * (1 - 1e-9)          # a plan of the full case
    assert plan.status == "optimal"
    assert exact * (1 - 1e-9) <= plan.objective <= exact * (1 + GAP) + 1e-6
    assert plan.bound <= exact * (1 + BOUND_TOL)
    assert plan.gap <= GAP
    assert_costs_recomputed(plan, case)  # the tables price at the objective, by the contract
    assert any(m.startswith("rolling horizon: ") for m in plan.messages)
    assert {"Summary", "Sites", "Builds", "Run"} <= set(plan.tables)


@pytest.mark.parametrize("name", ["synthetic", "example"])
def test_without_polish_the_bound_is_window_ones_relaxation(name, request):
    """No full solve: the only bound left is window 1's, which fixes nothing, so it holds."""
    case = request.getfixturevalue(name)
    exact = _exact(case)
    result = rolling.rolling_horizon(case, OPTIONS, polish_seconds=0)
    plan = result.plan
    assert result.polish is None and "polish" not in plan.timings
    assert plan.objective == pytest.approx(result.plan_objective, rel=1e-9)
    assert plan.objective >= exact * (1 - 1e-9)
    assert plan.bound == pytest.approx(result.windows[0].bound, rel=1e-12)
    assert plan.bound <= exact * (1 + BOUND_TOL)
    assert plan.gap == pytest.approx((plan.objective - plan.bound) / plan.objective, rel=1e-9)
    assert_costs_recomputed(plan, case)  # the tables price at the objective, by the contract


def test_no_polish_when_window_one_already_proves_the_gap(example):
    """The example's rolling plan is within 1.0 % of window 1's bound: at a 2 % gap
    there is nothing left to prove, so the full MIP is not solved."""
    exact = _exact(example)
    result = rolling.rolling_horizon(example, dataclasses.replace(OPTIONS, mip_gap=0.02))
    plan = result.plan
    assert result.polish is None and plan.status == "optimal"
    assert plan.bound == result.windows[0].bound <= exact * (1 + BOUND_TOL)
    assert 0 < plan.gap <= 0.02
    assert "polish not needed" in plan.messages[-1]


def _integer_values(model: pyo.ConcreteModel, phases: list[str]) -> dict[str, dict[str, float]]:
    """Every site_open and build value by phase, however the window holds it (fixed, free, relaxed)."""
    values: dict[str, dict[str, float]] = {t: {} for t in phases}
    for var in [*model.site_open.values(), *model.build.values()]:
        values[rolling.phase_of(var, set(phases))][var.name] = var.value
    return values


def test_each_window_keeps_the_earlier_phases_as_chosen(synthetic, monkeypatch):
    """Spy on every solve: window i's choices for phase i are integral, and every later
    window holds them exactly; the plan without polish is the last window's."""
    seen: list[tuple[bool, dict[str, dict[str, float]]]] = []
    real = rolling.optimise
    phases = list(model_data(synthetic).phases)

    def spy(model: pyo.ConcreteModel, options: SolveOptions, **kwargs: Any):
        outcome = real(model, options, **kwargs)
        seen.append((kwargs.get("warm_start", False), _integer_values(model, phases)))
        return outcome

    monkeypatch.setattr(rolling, "optimise", spy)
    result = rolling.rolling_horizon(synthetic, OPTIONS, polish_seconds=0)
    windows = [values for warm, values in seen if not warm]
    assert len(windows) == len(phases) == 3 and len(seen) == 3
    for j, after in enumerate(windows):
        for i in range(j):
            chosen = windows[i][phases[i]]
            assert all(abs(v - round(v)) < 1e-6 for v in chosen.values())
            assert after[phases[i]] == {k: round(v) for k, v in chosen.items()}, (j, i)
    opened = {(r.site, r.phase): bool(r.open) for r in result.plan.tables["Sites"].itertuples()}
    last = windows[-1]
    for t in phases:
        for name, value in last[t].items():
            if name.startswith("site_open["):
                site = name[len("site_open["):-1].rsplit(",", 1)[0]
                assert opened[(site, t)] == (round(value) == 1), name


def test_highs_is_restored_after_fixing_and_relaxing(synthetic):
    """binaries_fixed fixes phase 1 and relaxes phase 3 on HiGHS's own model, then puts
    every bound and integrality back."""
    import highspy
    from pyomo.common.collections import ComponentMap

    from planner.solver import highs

    model = build_model(model_data(synthetic))
    phases = list(model.phases)
    groups = rolling.integer_vars_by_phase(model, phases)
    solver = highs.new_interface()
    solver.set_instance(model)
    h = solver._solver_model
    before = h.getLp()
    fixed = ComponentMap((v, 1.0) for v in groups[phases[0]])
    with highs.binaries_fixed(solver, fixed, groups[phases[-1]]):
        inside = h.getLp()
        for v in groups[phases[0]]:
            col = highs.column_of(solver, v)
            assert inside.col_lower_[col] == inside.col_upper_[col] == 1.0
        for v in groups[phases[-1]]:
            assert inside.integrality_[highs.column_of(solver, v)] == highspy.HighsVarType.kContinuous
        for v in groups[phases[1]]:
            assert inside.integrality_[highs.column_of(solver, v)] == highspy.HighsVarType.kInteger
    after = h.getLp()
    assert list(after.col_lower_) == list(before.col_lower_)
    assert list(after.col_upper_) == list(before.col_upper_)
    assert list(after.integrality_) == list(before.integrality_)


def budget_trap() -> dict[str, list[dict[str, Any]]]:
    """Opening the cheap small site A first looks best while phase 2 is relaxed (B opens
    'three quarters', 75 of its 100 MJPY fixed cost), but a whole B then breaks phase 2's
    budget: window 2 is infeasible. The optimum opens B in phase 1 (cost 120)."""
    return {
        "Settings": [{"key": "discount_rate", "value": 0}],
        "Phases": [{"phase": "P1", "year": 2030, "years": 1},
                   {"phase": "P2", "year": 2035, "years": 1, "capex_budget_mjpy": 100}],
        "Areas": [{"area": "A", "name": "Area A"}],
        "Sites": [
            {"site": "A", "area": "A", "max_mw": 50, "capex_mjpy_per_mw": 0.1},
            {"site": "B", "area": "A", "max_mw": 200, "capex_mjpy_per_mw": 0.1, "fixed_cost_mjpy": 100},
        ],
        "Demand": [{"region": "R1", "phase": "P1", "demand_mw": 50},
                   {"region": "R1", "phase": "P2", "demand_mw": 200}],
    }


def test_an_infeasible_window_falls_back_to_the_full_mip(tmp_path):
    case = planner.read_workbook(write_workbook(tmp_path / "trap.xlsx", budget_trap()))
    assert _exact(case) == pytest.approx(120.0)
    result = rolling.rolling_horizon(case, OPTIONS)
    plan = result.plan
    assert [w.status for w in result.windows] == ["optimal", "infeasible"]
    assert result.fallback and "window 2 (phase P2)" in result.fallback
    assert plan.messages[0] == result.fallback
    assert result.fallback in set(plan.tables["Summary"]["value"])
    assert plan.status == "optimal" and plan.objective == pytest.approx(120.0)
    assert plan.bound <= 120.0 * (1 + BOUND_TOL)
    sites = plan.tables["Sites"]
    assert bool(sites[(sites.site == "B") & (sites.phase == "P1")]["open"].iloc[0])


def test_cli_run_rolling(tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    assert main(["run", str(EXAMPLE), "-o", str(out), "--rolling", "--polish-seconds", "5",
                 "--threads", "1", "--random-seed", "0", "--no-values"]) == EXIT_OK
    captured = capsys.readouterr()
    assert "rolling horizon: 2 windows" in captured.err
    assert captured.out.startswith("optimal: cost ") and out.exists()


def test_cli_polish_seconds_needs_rolling(tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    assert main(["run", str(EXAMPLE), "-o", str(out), "--polish-seconds", "5"]) == EXIT_USAGE
    assert "--rolling" in capsys.readouterr().err and not out.exists()
