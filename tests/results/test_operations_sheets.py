"""Results in operations mode: the Operations, AreaEnergy, Shift and RouteUse sheets, the
Summary KPIs, and the existing sheets read per step (hand-derived figures and invariants)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from pytest import approx

import planner
from planner.solver.options import SolveOptions
from support.operations_cases import ops_case, profile_rows
from support.workbook import write_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model"))
from test_formulation_docs import every_family_case, operations_case  # noqa: E402

OPTIONS = SolveOptions(mip_gap=0.0, threads=1, random_seed=0, time_limit=120)
THREE_STEPS = [{"period": "D", "days": 365, "steps": 3, "step_hours": 8}]
OPERATIONS_SHEETS = {"Operations", "AreaEnergy", "Shift", "RouteUse"}


def solve(tmp_path: Path, sheets: dict, name: str = "ops.xlsx") -> planner.Plan:
    plan = planner.solve(planner.read_workbook(write_workbook(tmp_path / name, sheets)), options=OPTIONS)
    assert plan.status == "optimal", plan.messages
    return plan


def metric(plan: planner.Plan, name: str) -> float:
    summary = plan.tables["Summary"]
    return float(summary.loc[summary["metric"] == name, "value"].iloc[0])


def surplus_case() -> dict:
    """10 MW flat at S1 for a year of three 8 h steps (2920 h each); grid 10 JPY/kWh; surplus
    8 MW x (1, 0.5, 0) at 2 JPY/kWh. Optimum: w = (8, 4, 0), h = (2, 6, 10)."""
    return ops_case(
        periods=THREE_STEPS,
        Sites=[{"site": "S1", "area": "A", "max_mw": 100}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 10}],
        AreaSupply=[{"area": "A", "phase": "P1", "energy_price_jpy_per_kwh": 10, "surplus_mw": 8,
                     "surplus_profile": "solar", "surplus_price_jpy_per_kwh": 2}],
        Profiles=profile_rows("solar", {"D": [1, 0.5, 0]}),
    )


@pytest.fixture(scope="module")
def surplus_plan(tmp_path_factory: pytest.TempPathFactory) -> planner.Plan:
    return solve(tmp_path_factory.mktemp("surplus"), surplus_case())


@pytest.fixture(scope="module")
def every_plan(tmp_path_factory: pytest.TempPathFactory) -> planner.Plan:
    return solve(tmp_path_factory.mktemp("every"), operations_case())


def test_surplus_sheets_and_kpis_are_the_hand_derived_figures(surplus_plan: planner.Plan) -> None:
    """Surplus used 2920 x (8 + 4) MWh = 35.04 GWh of 35.04 available (share 1); grid energy
    2920 x 18 MWh at 10 JPY/kWh = 525.6 MJPY and surplus 2920 x 12 x 2 / 1000 = 70.08 MJPY."""
    energy = surplus_plan.tables["AreaEnergy"]
    assert list(energy["surplus_used_mw"]) == approx([8.0, 4.0, 0.0], abs=1e-6)
    assert list(energy["grid_energy_mw"]) == approx([2.0, 6.0, 10.0], abs=1e-6)
    assert list(energy["surplus_available_mw"]) == approx([8.0, 4.0, 0.0])
    assert set(energy["hours_per_step"]) == {2920.0}
    assert metric(surplus_plan, "surplus_absorbed_gwh_per_year") == approx(35.04)
    assert metric(surplus_plan, "surplus_absorbed_share") == approx(1.0)
    assert metric(surplus_plan, "energy_cost_grid_mjpy_last_phase") == approx(525.6)
    assert metric(surplus_plan, "energy_cost_surplus_mjpy_last_phase") == approx(70.08)
    assert metric(surplus_plan, "grid_peak_mw:A") == approx(10.0)
    assert metric(surplus_plan, "grid_mean_mw:A") == approx(6.0)
    service = surplus_plan.tables["Service"]
    assert list(service["mw"]) == approx([10.0])  # the annual mean of 10 MW flat
    assert surplus_plan.tables["Sites"]["grid_draw_mw"].iloc[0] == approx(10.0)


def test_area_energy_balances_at_every_step(every_plan: planner.Plan) -> None:
    """dc draw + net export = grid energy + surplus used, row by row."""
    energy = every_plan.tables["AreaEnergy"]
    lhs = energy["dc_draw_mw"] + energy["net_export_mw"]
    rhs = energy["grid_energy_mw"] + energy["surplus_used_mw"]
    assert (lhs - rhs).abs().max() < 1e-6
    assert (energy["surplus_used_mw"] <= energy["surplus_available_mw"] + 1e-6).all()
    limited = energy["supply_limit_mw"].notna()
    assert (energy.loc[limited, "grid_energy_mw"] <= energy.loc[limited, "supply_limit_mw"] + 1e-6).all()


def test_operations_battery_state_follows_charge_and_discharge(every_plan: planner.Plan) -> None:
    """soc_k = soc_{k-1} + 12 h x (0.9 b+ - b-), cyclic, at CL1 (4 h battery, efficiency 0.9)."""
    ops = every_plan.tables["Operations"]
    cl1 = ops[ops["site"] == "CL1"]
    for (_phase, _period), group in cl1.groupby(["phase", "period"]):
        soc = list(group["battery_stored_mwh"])
        for i in range(len(group)):
            change = 12.0 * (0.9 * group["battery_charge_mw"].iloc[i] - group["battery_discharge_mw"].iloc[i])
            assert soc[i] == approx(soc[i - 1] + change, abs=1e-6)
    assert (ops["grid_draw_mw"] >= -1e-6).all()


def test_costs_sum_to_the_objective_and_opex_has_the_operations_categories(every_plan: planner.Plan) -> None:
    costs = every_plan.tables["Costs"]
    assert costs["discounted_mjpy"].sum() == approx(every_plan.objective, rel=1e-9)
    assert {"energy", "surplus", "cogen_fuel", "carbon", "service", "unserved", "fom"} <= set(
        costs.loc[costs["kind"] == "opex", "category"])


def test_shift_counts_the_flexible_work_of_the_year(every_plan: planner.Plan) -> None:
    """R_TK's flexible work: 0.3 x 60 MW x 8760 h in P1 and 0.3 x 100 x 8760 in P2."""
    shift = every_plan.tables["Shift"].set_index(["region", "phase"])
    assert shift.at[("R_TK", "P1"), "flexible_mwh"] == approx(0.3 * 60 * 8760)
    assert shift.at[("R_TK", "P2"), "flexible_mwh"] == approx(0.3 * 100 * 8760)
    assert (shift["flexible_moved_mwh"] <= shift["flexible_mwh"] + 1e-6).all()
    use = every_plan.tables["RouteUse"]
    assert (use["tbps_used_peak"] <= use["tbps"] + 1e-9).all()


def test_capacity_mode_has_no_operations_sheets_or_kpis(tmp_path: Path) -> None:
    plan = solve(tmp_path, every_family_case(), "capacity.xlsx")
    assert not OPERATIONS_SHEETS & set(plan.tables)
    assert not plan.tables["Summary"]["metric"].str.startswith("surplus_").any()


def test_results_workbook_holds_the_operations_sheets(tmp_path: Path, surplus_plan: planner.Plan) -> None:
    path = surplus_plan.to_excel(tmp_path / "results.xlsx", pictures=False)
    sheets = pd.ExcelFile(path).sheet_names
    assert OPERATIONS_SHEETS <= set(sheets)
    header = pd.read_excel(path, sheet_name="Operations").columns
    assert "battery_stored_mwh [MWh]" in header and "hours_per_step [h/yr]" in header


def test_day_chart_stacks_the_sources_against_the_load(tmp_path: Path, surplus_plan: planner.Plan) -> None:
    """The surplus case's day: grid (2, 6, 10) + surplus (8, 4, 0) = DC load 10 at each step."""
    from openpyxl import load_workbook

    from planner.reports.operations_charts import SHEET, day_table

    day = day_table(surplus_plan.tables, "A", "P1", "D")
    assert list(day["grid_energy_mw"]) == approx([2.0, 6.0, 10.0], abs=1e-6)
    assert list(day["surplus_used_mw"]) == approx([8.0, 4.0, 0.0], abs=1e-6)
    assert list(day["dc_take_mw"]) == approx([10.0, 10.0, 10.0], abs=1e-6)
    path = surplus_plan.to_excel(tmp_path / "chart.xlsx")
    sheet = load_workbook(path)[SHEET]
    assert len(sheet._charts) == 1
    chart = sheet._charts[0]
    assert len(chart.series) == 5  # five sources stacked; the load is the combined line


def test_map_labels_the_surplus_absorbed_per_area(tmp_path: Path, surplus_plan: planner.Plan) -> None:
    """35.04 GWh/yr in area A (2920 h x 12 MW); the map draws with the label."""
    from planner.reports.mapping import read_result_tables, render_map, surplus_absorbed_gwh

    assert surplus_absorbed_gwh(surplus_plan.tables) == {"A": approx(35.04)}
    results = surplus_plan.to_excel(tmp_path / "map_results.xlsx", pictures=False)
    tables = read_result_tables(results)
    assert surplus_absorbed_gwh(tables) == {"A": approx(35.04)}
    assert render_map(tables, tmp_path / "map.png").stat().st_size > 0


def _supply_case(supply_mw: float) -> dict:
    """10 MW flat; S1 in area A (10 JPY/kWh, supply_mw x (1, 0.5)), S2 in area B (20 JPY/kWh,
    no limit); two 12 h steps. A's supply is used to the full at both steps."""
    return ops_case(
        Areas=[{"area": "A", "name": "A"}, {"area": "B", "name": "B"}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100}, {"site": "S2", "area": "B", "max_mw": 100}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 10}],
        AreaSupply=[{"area": "A", "phase": "P1", "energy_price_jpy_per_kwh": 10, "supply_mw": supply_mw,
                     "supply_profile": "evening"},
                    {"area": "B", "phase": "P1", "energy_price_jpy_per_kwh": 20}],
        Profiles=profile_rows("evening", {"D": [1, 0.5]}))


def test_values_of_area_supply_sum_over_the_steps(tmp_path: Path) -> None:
    """One more MW of A's supply_mw moves 1 MW (step 1) and 0.5 MW (step 2) from B to A, each step
    4380 h a year at 10 JPY/kWh less: (1 + 0.5) x 4380 x 10 / 1000 = 65.7 MJPY a year — the
    Values row, and the difference of two solves."""
    plan = planner.solve(planner.read_workbook(write_workbook(tmp_path / "a.xlsx", _supply_case(6))),
                         options=OPTIONS, values=True)
    more = planner.solve(planner.read_workbook(write_workbook(tmp_path / "b.xlsx", _supply_case(7))),
                         options=OPTIONS)
    values = plan.tables["Values"]
    row = values[values["constraint"] == "dispatch_grid_energy_max"]
    assert list(row["index"]) == ["A, P1"]
    value = float(row["value_mjpy_per_unit"].iloc[0])
    assert value == approx(65.7, rel=1e-9)  # one year at the base year: weight 1
    assert plan.objective - more.objective == approx(65.7, rel=1e-9)

