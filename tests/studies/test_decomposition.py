"""Benders decomposition of operations mode: the monolithic optimum, valid cuts, honest bounds."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyomo.environ as pyo
import pytest
from pytest import approx

import planner
from planner.model import build_model, model_data
from planner.model.check import plan_violations
from planner.solver.options import SolveOptions
from planner.solver.run import optimise
from planner.studies import decomposition
from planner.studies.decomposition import NotDecomposable, decompose
from support.operations_cases import ops_case, profile_rows
from support.workbook import base_case, write_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model"))
from test_formulation_docs import operations_case  # noqa: E402

EXACT = SolveOptions(mip_gap=1e-9, threads=1, random_seed=0, time_limit=120)


def built(tmp_path: Path, sheets: dict, name: str = "ops.xlsx") -> tuple[pyo.ConcreteModel, object]:
    data = model_data(planner.read_workbook(write_workbook(tmp_path / name, sheets)))
    return build_model(data), data


def two_period_case() -> dict:
    """Two sites, two phases, two periods: a battery, cogeneration, surplus and flexible work."""
    return ops_case(
        periods=[{"period": "W", "days": 200, "steps": 3, "step_hours": 8},
                 {"period": "S", "days": 165, "steps": 3, "step_hours": 8}],
        Phases=[{"phase": "P1", "year": 2030, "years": 3}, {"phase": "P2", "year": 2033, "years": 3}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 60, "fixed_cost_mjpy": 300, "capex_mjpy_per_mw": 20,
                "grid_firm_mw": 40, "grid_nonfirm_mw": 20, "battery_capex_mjpy_per_mw": 15,
                "battery_hours": 4, "cogen_max_mw": 10, "cogen_capex_mjpy_per_mw": 30,
                "cogen_fuel_jpy_per_kwh": 14},
               {"site": "S2", "area": "A", "max_mw": 80, "fixed_cost_mjpy": 500, "capex_mjpy_per_mw": 12}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 30, "flexible_share": 0.3, "profile": "load"},
                {"region": "R1", "phase": "P2", "demand_mw": 55, "flexible_share": 0.3, "profile": "load"}],
        AreaSupply=[{"area": "A", "phase": t, "energy_price_jpy_per_kwh": 18, "price_profile": "price",
                     "surplus_mw": 15, "surplus_profile": "solar", "surplus_price_jpy_per_kwh": 3}
                    for t in ("P1", "P2")],
        Profiles=profile_rows("load", {"W": [0.8, 1.0, 1.2], "S": [0.9, 1.1, 1.0]})
        + profile_rows("price", {"W": [0.7, 1.0, 1.6], "S": [0.8, 1.0, 1.3]})
        + profile_rows("solar", {"W": [0.0, 1.0, 0.2], "S": [0.1, 1.0, 0.4]}),
    )


def monolithic(tmp_path: Path, sheets: dict) -> float:
    model, _ = built(tmp_path, sheets, "mono.xlsx")
    outcome = optimise(model, EXACT)
    assert outcome.status == "optimal"
    return outcome.objective


@pytest.mark.parametrize("with_data", [True, False], ids=["coverage_rows", "plain_master"])
@pytest.mark.parametrize("sheets", [two_period_case, operations_case], ids=["two_periods", "every_family"])
def test_decomposition_reaches_the_monolithic_optimum(tmp_path: Path, sheets, with_data: bool) -> None:
    case = sheets()
    expected = monolithic(tmp_path, case)
    model, data = built(tmp_path, case)
    found = decompose(model, EXACT, data=data if with_data else None)
    assert found.status == "optimal"
    assert found.objective == approx(expected, rel=1e-7)
    assert found.bound <= found.objective + 1e-6 and found.bound == approx(expected, rel=1e-7)
    assert found.groups == len(data.phases) * len(data.periods)
    # the loaded plan is the reported one and meets every row of the whole model
    objective = next(model.component_data_objects(pyo.Objective, active=True))
    assert pyo.value(objective) == approx(found.objective, rel=1e-9)
    check = plan_violations(model)
    assert check.ok(), check


def test_bounds_are_monotone_and_bracket_the_optimum(tmp_path: Path) -> None:
    case = two_period_case()
    expected = monolithic(tmp_path, case)
    model, _ = built(tmp_path, case)
    found = decompose(model, EXACT)
    lowers = [lower for _s, lower, _u in found.history]
    uppers = [upper for _s, _l, upper in found.history if upper is not None]
    assert lowers == sorted(lowers) and all(lower <= expected + 1e-6 for lower in lowers)
    assert uppers == sorted(uppers, reverse=True) and all(upper >= expected - 1e-6 for upper in uppers)


def test_cuts_are_exact_at_the_point_and_below_elsewhere(tmp_path: Path) -> None:
    """Q_g is convex in x: the cut from x0 equals Q_g(x0) there and never exceeds Q_g at x1."""
    model, _ = built(tmp_path, two_period_case())
    run = decomposition._Benders(model, EXACT)
    lower = run.matrices.col_lower[run.master_columns]
    upper = np.minimum(run.matrices.col_upper[run.master_columns], lower + 100.0)
    rng = np.random.default_rng(0)
    x0, x1 = (lower + rng.random(len(lower)) * (upper - lower) for _ in range(2))
    for group in run.groups:
        at_x0 = decomposition._price(group, x0)
        q0, gradient = at_x0.value, at_x0.gradient
        q1 = decomposition._price(group, x1).value
        assert q1 >= q0 + gradient @ (x1 - x0) - 1e-6 * max(1.0, abs(q1))
        again = decomposition._price(group, x0).value
        assert again == approx(q0, rel=1e-9)


def test_coverage_rows_hold_at_the_optimum(tmp_path: Path) -> None:
    """Each coverage row is implied by the operations rows: the monolithic optimum meets it. In P2
    of the two-period case the peak inflexible work is 0.7 x 55 x 1.2 = 46.2 MW (period W) and
    the mean work 0.7 x 55 + 0.3 x 55 = 55 MW (both periods' profiles average 1)."""
    model, data = built(tmp_path, two_period_case())
    assert optimise(model, EXACT).status == "optimal"
    rows = decomposition.coverage_rows(model, data)
    assert rows and all(sum(pyo.value(v) for v in variables) >= need - 1e-6 for variables, need in rows)
    needs = sorted({round(need, 9) for variables, need in rows if variables[0].index()[1] == "P2"})
    assert needs == [approx(0.7 * 55 * 1.1), approx(46.2), approx(55.0)]


def test_service_copies_hold_at_the_optimum(tmp_path: Path) -> None:
    """The copies are relaxations of the service rows: at the monolithic optimum each copy's need
    fits the plan's capacity (a transport problem over its pairs), and the two-period case has
    one peak and one mean copy per (phase, period): 2 x 2 x 2 = 8, the P2 peak need 46.2 MW."""
    model, data = built(tmp_path, two_period_case())
    assert optimise(model, EXACT).status == "optimal"
    copies = decomposition.service_copies(model, data)
    assert len(copies) == 8
    for t, _p, _k, need, pairs in copies:  # one region: the transport problem is feasible iff this holds
        assert sum(pyo.value(model.it_mw[s, t]) for _r, s in pairs) >= need["R1"] - 1e-6
    assert [k for _t, _p, k, _n, _pairs in copies] == [3, None, 2, None] * 2  # peak steps: W 1.2, S 1.1
    assert sorted(round(need["R1"], 6) for t, _p, _k, need, _pairs in copies if t == "P2") == [
        approx(42.35), approx(46.2), approx(55.0), approx(55.0)]


def test_copy_power_rows_hold_at_the_optimum(tmp_path: Path) -> None:
    """With the copy's flows set to the optimum's own work at that step (or its period mean),
    every site-power and area-supply row of every copy holds: the rows are implied."""
    case = two_period_case()
    for row in case["AreaSupply"]:
        row["supply_mw"] = 45
    model, data = built(tmp_path, case)
    assert optimise(model, EXACT).status == "optimal"
    checked = 0
    for copy in decomposition.service_copies(model, data):
        t, p, k, _need, pairs = copy
        steps = [k] if k is not None else range(1, data.period_steps[p] + 1)
        work = [sum(pyo.value(model.served_step_mw[r, s, t, p, step]) for step in steps) / len(steps)
                for r, s in pairs]
        flows: dict[str, list[int]] = {}
        for j, (_r, s) in enumerate(pairs):
            flows.setdefault(s, []).append(j)
        rows = decomposition.copy_power_rows(model, data, copy, flows)
        assert len(rows) == 2  # S1's connection and area A's supply
        for terms, limit in rows:
            used = sum(c * (work[j] if isinstance(j, int) else pyo.value(j)) for j, c in terms)
            assert used <= limit + 1e-6
            checked += 1
    assert checked == 16


def test_capacity_mode_is_not_decomposed(tmp_path: Path) -> None:
    model, _ = built(tmp_path, base_case())
    with pytest.raises(NotDecomposable):
        decompose(model, EXACT)
    assert not decomposition.wanted(model, SolveOptions(decomposition="on"))


def test_auto_decomposes_only_large_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model, _ = built(tmp_path, two_period_case())
    assert not decomposition.wanted(model, SolveOptions())
    assert decomposition.wanted(model, SolveOptions(decomposition="on"))
    monkeypatch.setattr(decomposition, "DECOMPOSE_STEP_COLUMNS", 10)
    assert decomposition.wanted(model, SolveOptions())
    assert not decomposition.wanted(model, SolveOptions(decomposition="off"))


def test_solve_with_decomposition_writes_the_same_plan(tmp_path: Path) -> None:
    case = planner.read_workbook(write_workbook(tmp_path / "in.xlsx", two_period_case()))
    whole = planner.solve(case, options=EXACT.replace(decomposition="off"))
    split = planner.solve(case, options=EXACT.replace(decomposition="on"))
    assert split.status == "optimal" and split.objective == approx(whole.objective, rel=1e-7)
    assert any(m.startswith("Benders decomposition") for m in split.messages)
    open_whole = whole.tables["Sites"].set_index(["site", "phase"])["open"]
    open_split = split.tables["Sites"].set_index(["site", "phase"])["open"]
    assert open_split.equals(open_whole)
    assert set(split.tables) >= {"Operations", "AreaEnergy", "Shift", "Costs"}
    costs = split.tables["Costs"]
    assert costs["discounted_mjpy"].sum() == approx(split.objective, rel=1e-7)
