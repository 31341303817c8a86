"""FORMULATION.md §4.2 and §4.3 (operations mode), hand-computed, one test per piece.

Every case is one phase P1 (the base year, ``years`` 1, so d = w = 1), one area A unless
it says otherwise, pue 1 and no fixed costs. The default period D is 365 days x 2 steps
x 12 h, so each step stands for n_p Delta_p = 4380 h: 1 MW bought at 1 JPY/kWh for a step
costs 4380 / 1000 = 4.38 MJPY a year, and a service cost or penalty per MW-year weighs
4380 / 8760 = 1/2 per step. Three-step cases use 365 days x 3 x 8 h: 2920 h, 2.92 and 1/3.

Each test derives its optimum in the docstring, asserts it exactly, and shows the piece
binds: the optimum moves, to another hand-derived number, when its column is blank or its
rows are deactivated (``solve_ops(..., drop=...)``).
"""

from __future__ import annotations

import pyomo.environ as pyo
import pytest
from support.operations_cases import ops_case, profile_rows, solve_ops, values

from support.workbook import base_case


def approx(value: float):
    return pytest.approx(value, rel=1e-9, abs=1e-6)


THREE_STEPS = [{"period": "D", "days": 365, "steps": 3, "step_hours": 8}]
"""One period of 3 steps of 8 h: each step stands for 2920 h (2.92 MJPY per MW at 1 JPY/kWh)."""


def demand(mw: float, **columns) -> list[dict]:
    return [{"region": "R1", "phase": "P1", "demand_mw": mw, **columns}]


# --- route bandwidth (§4.2), capacity mode: one row per phase -------------------


def test_route_bandwidth_annual_sums_the_pairs_by_their_traffic(solve_ok, solve_dropped, tables):
    """Capacity mode (no Periods). R1 and R2, 20 MW each, may run at S1 (capex 1/MW) only over
    L1 (existing, 3 Tbps), or at S2 (capex 3/MW) with no route. R1 needs 0.1 Tbps per MW,
    R2 0.2: 0.1 y11 + 0.2 y21 <= 3. Each MW at S1 saves 2, so a Tbps is worth 20 MW of R1
    (saves 40) but only 5 MW of R2 (saves 10): y11 = 20 (2 Tbps), y21 = 5 (1 Tbps).
    c1 = 25, c2 = 15: 25 + 45 = 70. Dropped: all 40 MW at S1: 40."""
    sheets = bandwidth_annual_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(70.0)
    tables.assert_it_mw(plan, {"S1": 25.0, "S2": 15.0})
    assert solve_dropped(sheets, "telecom_route_bandwidth") == approx(40.0)


def bandwidth_annual_case() -> dict:
    return base_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1},
               {"site": "S2", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 3}],
        Regions=[{"region": "R1", "tbps_per_mw": 0.1}, {"region": "R2", "tbps_per_mw": 0.2}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 20},
                {"region": "R2", "phase": "P1", "demand_mw": 20}],
        Service=[{"region": "R1", "site": "S1", "requires_route": "L1"}, {"region": "R1", "site": "S2"},
                 {"region": "R2", "site": "S1", "requires_route": "L1"}, {"region": "R2", "site": "S2"}],
        IX=[{"ix": "X1", "existing": True}],
        Routes=[{"route": "L1", "site": "S1", "ix": "X1", "existing": True, "tbps": 3}],
    )


# --- route bandwidth (§4.3), operations mode: one row per step ------------------


def bandwidth_step_case(tbps: float | None = 2) -> dict:
    """R1: 20 MW x profile (1, 2). S1 (capex 1/MW) over L1 (existing, ``tbps``), 0.1 Tbps/MW;
    S2 (capex 3/MW) needs no route."""
    return ops_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1},
               {"site": "S2", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 3}],
        Regions=[{"region": "R1", "tbps_per_mw": 0.1}],
        Demand=demand(20, profile="dem"),
        Profiles=profile_rows("dem", {"D": [1, 2]}),
        Service=[{"region": "R1", "site": "S1", "requires_route": "L1"}, {"region": "R1", "site": "S2"}],
        IX=[{"ix": "X1", "existing": True}],
        Routes=[{"route": "L1", "site": "S1", "ix": "X1", "existing": True, "tbps": tbps}],
    )


def test_route_bandwidth_binds_at_every_step(tmp_path):
    """Work is 20 MW at step 1 and 40 at step 2; L1's 2 Tbps carry 20 MW at every step.
    Step 2: 20 at S1, 20 at S2 (step 1 fits either). c1 = 20, c2 = 20: 20 + 60 = 80.
    Dropped (or tbps blank): all at S1, c1 = 40: 40."""
    objective, m = solve_ops(tmp_path, bandwidth_step_case())
    assert objective == approx(80.0)
    assert len(m.telecom_route_bandwidth) == 2  # one row per (route, phase, period, step)
    assert pyo.value(m.it_mw["S1", "P1"]) == approx(20.0) and pyo.value(m.it_mw["S2", "P1"]) == approx(20.0)
    # step 2's 40 MW: 20 over L1, 20 at S2 (step 1's 20 may run at either, both have room)
    assert pyo.value(m.served_step_mw["R1", "S1", "P1", "D", 2]) == approx(20.0)
    assert pyo.value(m.served_step_mw["R1", "S2", "P1", "D", 2]) == approx(20.0)
    assert solve_ops(tmp_path, bandwidth_step_case(), drop=["telecom_route_bandwidth"])[0] == approx(40.0)
    assert solve_ops(tmp_path, bandwidth_step_case(tbps=None))[0] == approx(40.0)


# --- cogeneration backs non-firm headroom: f <= e + kappa -----------------------


def cogen_backing_case(cogen_max: float | None = 10) -> dict:
    """Work 50 MW flat. S1: capex 1/MW, firm 30, non-firm 20, battery 2/MW (no hours),
    cogeneration up to ``cogen_max`` at 1.5/MW whose fuel (1000 JPY/kWh) is never worth
    burning; S2: capex 4/MW."""
    return ops_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1, "grid_firm_mw": 30,
                "grid_nonfirm_mw": 20, "battery_capex_mjpy_per_mw": 2, "cogen_max_mw": cogen_max,
                "cogen_capex_mjpy_per_mw": 1.5, "cogen_fuel_jpy_per_kwh": 1000},
               {"site": "S2", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 4}],
    )


def test_cogeneration_capacity_backs_nonfirm_headroom(tmp_path):
    """Running cogeneration costs 4.38 x 1000 per MW-step, so q = 0 and the draw at S1 is its
    load. A MW above the firm 30 costs 1 + 1.5 backed by cogeneration, 1 + 2 by battery, 4 at
    S2: S1 takes 50 with f = 20 = kappa 10 + e 10: 50 + 15 + 20 = 85.
    cogen_max blank: f = e = 20: 50 + 40 = 90. Dropped power_nonfirm_battery: f needs no
    backing: 50."""
    objective, m = solve_ops(tmp_path, cogen_backing_case())
    assert objective == approx(85.0)
    assert pyo.value(m.cogen_mw["S1", "P1"]) == approx(10.0)
    assert pyo.value(m.battery_mw["S1", "P1"]) == approx(10.0)
    assert pyo.value(m.nonfirm_mw["S1", "P1"]) == approx(20.0)
    assert values(m.cogen_output_mw, "S1") == pytest.approx([0.0, 0.0], abs=1e-6)
    assert solve_ops(tmp_path, cogen_backing_case(cogen_max=None))[0] == approx(90.0)
    assert solve_ops(tmp_path, cogen_backing_case(), drop=["power_nonfirm_battery"])[0] == approx(50.0)


# --- flexible work moves between the steps of its period -----------------------


def flexible_case(share: float | None = 0.5) -> dict:
    """R1: 10 MW x profile D1 (3, 1), D2 (1, 1), flexible_share ``share``; S1 capex 1/MW."""
    return ops_case(
        periods=[{"period": "D1", "days": 180, "steps": 2, "step_hours": 12},
                 {"period": "D2", "days": 185, "steps": 2, "step_hours": 12}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1}],
        Demand=demand(10, profile="dem", flexible_share=share),
        Profiles=profile_rows("dem", {"D1": [3, 1], "D2": [1, 1]}),
    )


def pool_flexible_work_across_periods(m: pyo.ConcreteModel) -> None:
    """The relaxation the contract forbids: one flexible budget for the whole year."""
    m.workload_flexible_energy.deactivate()
    m.pooled_flexible = pyo.Constraint(
        expr=sum(m.flexible_run_mw[i] for i in m.flexible_run_mw)
        == sum(m.workload_flexible_energy[i].upper for i in m.workload_flexible_energy))


def test_flexible_work_moves_within_its_period_never_across(tmp_path):
    """DI = 0.5 x 10 x profile: D1 (15, 5), D2 (5, 5); EF = 0.5 x 10 x sum: D1 20, D2 10.
    Levelling D1: (15 + 5 + 20) / 2 = 20 at each step (v = 5, 15); D2: (5 + 5 + 10) / 2 = 10
    (any v summing to 10 fits under c). c = 20: 20.
    Pooled across periods (the relaxation): 60 MW-steps over 4 steps is 15 a step, which
    covers D1's inflexible 15: c = 15: 15. flexible_share blank: c = 10 x 3 = 30: 30."""
    objective, m = solve_ops(tmp_path, flexible_case())
    assert objective == approx(20.0)
    assert values(m.flexible_run_mw, "R1", "P1", "D1") == pytest.approx([5.0, 15.0], abs=1e-6)
    assert sum(values(m.flexible_run_mw, "R1", "P1", "D2")) == approx(10.0)  # c = 20 leaves D2 free
    assert solve_ops(tmp_path, flexible_case(), extra=pool_flexible_work_across_periods)[0] == approx(15.0)
    assert solve_ops(tmp_path, flexible_case(share=None))[0] == approx(30.0)


# --- flexible_only pairs ---------------------------------------------------------


def flexible_only_case(flexible_only: bool | None = True) -> dict:
    """R1: 10 MW flat, flexible_share 0.4. S1 (near) capex 3/MW; S2 (far, ``flexible_only``)
    capex 1/MW."""
    return ops_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 3},
               {"site": "S2", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1}],
        Demand=demand(10, flexible_share=0.4),
        Service=[{"region": "R1", "site": "S1"},
                 {"region": "R1", "site": "S2", "flexible_only": flexible_only}],
    )


def test_flexible_only_pair_runs_only_flexible_work(tmp_path):
    """DI = 6 MW a step must run at S1; the flexible 0.4 x 10 x 2 = 8 MW-steps run at S2,
    spread 4 + 4. c1 = 6, c2 = 4: 18 + 4 = 22.
    flexible_only blank, or workload_latency_bound dropped: all 10 at S2: 10."""
    objective, m = solve_ops(tmp_path, flexible_only_case())
    assert objective == approx(22.0)
    assert values(m.served_step_mw, "R1", "S1") == pytest.approx([6.0, 6.0], abs=1e-6)
    assert values(m.served_step_mw, "R1", "S2") == pytest.approx([4.0, 4.0], abs=1e-6)
    assert solve_ops(tmp_path, flexible_only_case(), drop=["workload_latency_bound"])[0] == approx(10.0)
    assert solve_ops(tmp_path, flexible_only_case(flexible_only=None))[0] == approx(10.0)


# --- battery arbitrage: efficiency and the cyclic state --------------------------


def battery_case(hours: float | None = 6, efficiency: float | None = 0.8, **s1: object) -> dict:
    """R1: 10 MW flat at S1 (capex 0). Grid price 10 JPY/kWh x profile (1, 3). S1 battery:
    5/MW, ``hours`` h, ``efficiency``."""
    return ops_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "battery_capex_mjpy_per_mw": 5,
                "battery_hours": hours, "battery_efficiency": efficiency, **s1}],
        Demand=demand(10),
        AreaSupply=[{"area": "A", "phase": "P1", "energy_price_jpy_per_kwh": 10, "price_profile": "price"}],
        Profiles=profile_rows("price", {"D": [1, 3]}),
    )


def test_battery_arbitrage_with_efficiency_and_cyclic_state(tmp_path):
    """Charge b+ at step 1 (10 JPY/kWh), discharge b- at step 2 (30). Cyclic state over the
    two 12 h steps: soc1 = soc2 + 12 x 0.8 b+, soc2 = soc1 - 12 b-, so b- = 0.8 b+; and
    soc1 - soc2 = 9.6 b+ <= 6 e, so b+ <= 0.625 e, b- <= 0.5 e. Per MW of battery:
    -0.5 x 30 x 4.38 + 0.625 x 10 x 4.38 + 5 = -33.325, so e grows until the step-2 draw
    10 - 0.5 e hits 0 (no export): e = 20, b+ = 12.5, b- = 10.
    Energy 4.38 x (22.5 x 10 + 0 x 30) = 985.5, battery 100: 1085.5.
    Efficiency 1: b- = b+ <= 0.5 e, e = 20: 4.38 x 20 x 10 + 100 = 976.
    The wrap-around row (step 1 from step 2) dropped: the battery starts step 1 with energy
    it never charged and covers both steps: e = 20 (12 x 10 <= 6 e), no energy: 100.
    No battery (hours blank): 4.38 x (100 + 300) = 1752."""
    objective, m = solve_ops(tmp_path, battery_case())
    assert objective == approx(1085.5)
    assert pyo.value(m.battery_mw["S1", "P1"]) == approx(20.0)
    assert values(m.battery_charge_mw, "S1") == pytest.approx([12.5, 0.0], abs=1e-6)
    assert values(m.battery_discharge_mw, "S1") == pytest.approx([0.0, 10.0], abs=1e-6)
    assert values(m.grid_energy_mw, "A") == pytest.approx([22.5, 0.0], abs=1e-6)
    assert solve_ops(tmp_path, battery_case(efficiency=1))[0] == approx(976.0)
    wrap = ("battery_state", ("S1", "P1", "D", 1))
    assert solve_ops(tmp_path, battery_case(), drop=[wrap])[0] == approx(100.0)
    assert solve_ops(tmp_path, battery_case(hours=None))[0] == approx(1752.0)


def test_battery_without_hours_only_backs_nonfirm(tmp_path):
    """battery_hours 0: S1 (firm 6, non-firm 20) needs f = 4 backed by e = 4 (20), and the
    battery cannot shift energy: 4.38 x (100 + 300) + 20 = 1772; it has no charge or state
    variables. Dropped power_nonfirm_battery: e = 0: 1752.
    With 6 hours (the arbitrage case): e = 20, step-1 draw 22.5 <= 6 + f (f = 16.5 <= 20):
    1085.5."""
    case = battery_case(hours=0, grid_firm_mw=6, grid_nonfirm_mw=20)
    objective, m = solve_ops(tmp_path, case)
    assert objective == approx(1772.0)
    assert pyo.value(m.battery_mw["S1", "P1"]) == approx(4.0)
    assert len(m.battery_charge_mw) == 0 and len(m.battery_state) == 0
    assert solve_ops(tmp_path, case, drop=["power_nonfirm_battery"])[0] == approx(1752.0)
    with_hours = battery_case(hours=6, grid_firm_mw=6, grid_nonfirm_mw=20)
    assert solve_ops(tmp_path, with_hours)[0] == approx(1085.5)


# --- cogeneration dispatch against price -----------------------------------------


def cogen_dispatch_case(cogen_max: float | None = 10, cogen_carbon: float | None = 0.5) -> dict:
    """Three 8 h steps. R1: 10 MW flat at S1 (capex 0). Grid 10 JPY/kWh x (1, 1.3, 2),
    0.1 t/MWh; carbon price 4000 JPY/t. S1 cogeneration up to ``cogen_max`` at 1/MW, fuel
    12 JPY/kWh, ``cogen_carbon`` t/MWh."""
    sheets = ops_case(
        periods=THREE_STEPS,
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "cogen_max_mw": cogen_max,
                "cogen_capex_mjpy_per_mw": 1, "cogen_fuel_jpy_per_kwh": 12,
                "cogen_carbon_t_per_mwh": cogen_carbon}],
        Demand=demand(10),
        AreaSupply=[{"area": "A", "phase": "P1", "energy_price_jpy_per_kwh": 10, "price_profile": "price",
                     "carbon_t_per_mwh": 0.1}],
        Profiles=profile_rows("price", {"D": [1, 1.3, 2]}),
    )
    sheets["Settings"] = [{"key": "carbon_price_jpy_per_t", "value": 4000}]
    return sheets


def test_cogeneration_runs_only_where_price_beats_fuel_and_carbon(tmp_path):
    """Per kWh the grid costs price + 0.1 x 4000 / 1000: 10.4, 13.4, 20.4; cogeneration
    12 + 0.5 x 4 = 14. It runs only at step 3 (at step 2 the price 13 beats the fuel 12 but
    not fuel + carbon), where it saves 6.4 x 2.92 = 18.688 per MW > 1 of capex: kappa = 10,
    q = (0, 0, 10). Grid energy 2.92 x (10 x 10 + 13 x 10) = 671.6, grid carbon
    2.92 x 0.4 x 20 = 23.36, fuel 2.92 x 12 x 10 = 350.4, cogen carbon 2.92 x 2 x 10 = 58.4,
    capex 10: 1113.76.
    cogen_carbon blank (14 -> 12): it runs at steps 2 and 3: 2.92 x (100 + 0.4 x 10 + 12 x 20)
    + 10 = 1014.48. cogen_max blank: 2.92 x (430 + 0.4 x 30) = 1290.64."""
    objective, m = solve_ops(tmp_path, cogen_dispatch_case())
    assert objective == approx(1113.76)
    assert values(m.cogen_output_mw, "S1") == pytest.approx([0.0, 0.0, 10.0], abs=1e-6)
    assert pyo.value(m.opex_by_category["cogen_fuel", "P1"]) == approx(350.4)
    assert pyo.value(m.opex_by_category["carbon", "P1"]) == approx(23.36 + 58.4)
    assert pyo.value(m.opex_by_category["energy", "P1"]) == approx(671.6)
    got, m2 = solve_ops(tmp_path, cogen_dispatch_case(cogen_carbon=None))
    assert got == approx(1014.48)
    assert values(m2.cogen_output_mw, "S1") == pytest.approx([0.0, 10.0, 10.0], abs=1e-6)
    assert solve_ops(tmp_path, cogen_dispatch_case(cogen_max=None))[0] == approx(1290.64)


# --- surplus renewables with their profile --------------------------------------


def surplus_case(surplus_mw: float | None = 8, profile: str | None = "solar") -> dict:
    """Three 8 h steps. R1: 10 MW flat at S1 (capex 0). Grid 10 JPY/kWh; surplus
    ``surplus_mw`` x profile (1, 0.5, 0) at 2 JPY/kWh."""
    return ops_case(
        periods=THREE_STEPS,
        Sites=[{"site": "S1", "area": "A", "max_mw": 100}],
        Demand=demand(10),
        AreaSupply=[{"area": "A", "phase": "P1", "energy_price_jpy_per_kwh": 10, "surplus_mw": surplus_mw,
                     "surplus_profile": profile, "surplus_price_jpy_per_kwh": 2}],
        Profiles=profile_rows("solar", {"D": [1, 0.5, 0]}),
    )


def test_surplus_is_used_up_to_its_profile_at_its_price(tmp_path):
    """w = 8 x (1, 0.5, 0) = (8, 4, 0), the rest from the grid h = (2, 6, 10):
    2.92 x (10 x 18 + 2 x 12) = 525.6 + 70.08 = 595.68.
    Profile blank: w = 8 at every step: 2.92 x (10 x 6 + 2 x 24) = 315.36. No surplus:
    2.92 x 300 = 876. Dropped dispatch_surplus_max: all 30 MW-steps from surplus: 175.2."""
    objective, m = solve_ops(tmp_path, surplus_case())
    assert objective == approx(595.68)
    assert values(m.surplus_used_mw, "A") == pytest.approx([8.0, 4.0, 0.0], abs=1e-6)
    assert values(m.grid_energy_mw, "A") == pytest.approx([2.0, 6.0, 10.0], abs=1e-6)
    assert solve_ops(tmp_path, surplus_case(profile=None))[0] == approx(315.36)
    assert solve_ops(tmp_path, surplus_case(surplus_mw=None))[0] == approx(876.0)
    assert solve_ops(tmp_path, surplus_case(), drop=["dispatch_surplus_max"])[0] == approx(175.2)


# --- price and supply profiles ---------------------------------------------------


def profiles_case(price_profile: str | None = "price", supply_profile: str | None = "supply") -> dict:
    """Three 8 h steps. R1: 10 MW flat at S1 (area A) or S2 (area B), both capex 0.
    A: supply 10 x (1, 0.5, 1), 10 JPY/kWh x (1, 1.2, 2). B: 15 JPY/kWh, unlimited."""
    return ops_case(
        periods=THREE_STEPS,
        Areas=[{"area": "A", "name": "Area A"}, {"area": "B", "name": "Area B"}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100}, {"site": "S2", "area": "B", "max_mw": 100}],
        Demand=demand(10),
        AreaSupply=[{"area": "A", "phase": "P1", "supply_mw": 10, "supply_profile": supply_profile,
                     "energy_price_jpy_per_kwh": 10, "price_profile": price_profile},
                    {"area": "B", "phase": "P1", "energy_price_jpy_per_kwh": 15}],
        Profiles=profile_rows("price", {"D": [1, 1.2, 2]}) + profile_rows("supply", {"D": [1, 0.5, 1]}),
    )


def test_price_and_supply_profiles_move_work_between_areas(tmp_path):
    """Step 1: A at 10 (10 MW). Step 2: A at 12 < 15 but only 5 MW of supply, 5 at B.
    Step 3: A at 20 > 15: all at B. 2.92 x (100 + 60 + 75 + 150) = 1124.2.
    Supply profile blank: step 2 all at A: 2.92 x (100 + 120 + 150) = 1080.4.
    Price profile blank: step 3 at A: 2.92 x (100 + 50 + 75 + 100) = 949."""
    objective, m = solve_ops(tmp_path, profiles_case())
    assert objective == approx(1124.2)
    assert values(m.served_step_mw, "R1", "S1") == pytest.approx([10.0, 5.0, 0.0], abs=1e-6)
    assert values(m.served_step_mw, "R1", "S2") == pytest.approx([0.0, 5.0, 10.0], abs=1e-6)
    assert solve_ops(tmp_path, profiles_case(supply_profile=None))[0] == approx(1080.4)
    assert solve_ops(tmp_path, profiles_case(price_profile=None))[0] == approx(949.0)


# --- link flows per step ---------------------------------------------------------


def link_case() -> dict:
    """R1 (10 MW) runs at S1 in A, R2 (10 MW) at S2 in B, capex 0. A: supply 15 x (1, 1/3),
    B: 15 x (1/3, 1), both 10 JPY/kWh. Link G1 A -> B, 5 MW, capex 100. Penalty 876 per
    MW-year (438 per MW-step)."""
    sheets = ops_case(
        Areas=[{"area": "A", "name": "Area A"}, {"area": "B", "name": "Area B"}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100}, {"site": "S2", "area": "B", "max_mw": 100}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 10},
                {"region": "R2", "phase": "P1", "demand_mw": 10}],
        Service=[{"region": "R1", "site": "S1"}, {"region": "R2", "site": "S2"}],
        AreaSupply=[{"area": "A", "phase": "P1", "supply_mw": 15, "supply_profile": "a",
                     "energy_price_jpy_per_kwh": 10},
                    {"area": "B", "phase": "P1", "supply_mw": 15, "supply_profile": "b",
                     "energy_price_jpy_per_kwh": 10}],
        Profiles=profile_rows("a", {"D": [1, 1 / 3]}) + profile_rows("b", {"D": [1 / 3, 1]}),
        Grid=[{"project": "G1", "kind": "link", "from_area": "A", "to_area": "B", "mw": 5,
               "capex_mjpy": 100}],
    )
    sheets["Settings"] = [{"key": "unserved_penalty_mjpy_per_mw_year", "value": 876}]
    return sheets


def one_flow_for_the_year(m: pyo.ConcreteModel) -> None:
    """Section 2's single flow per phase: the link carries the same flow at every step."""
    m.same_flow = pyo.Constraint(expr=m.link_flow_step_mw["grid", "G1", "P1", "D", 1]
                                 == m.link_flow_step_mw["grid", "G1", "P1", "D", 2])


def test_link_flows_change_direction_between_steps(tmp_path):
    """Step 1: A has 15, B 5; step 2 the other way round. G1 carries 5 A -> B at step 1 and
    5 B -> A at step 2: all served, 4.38 x 10 x 40 + 100 = 1852.
    One flow for the whole year: whatever p, 10 MW-steps stay unserved, so G1 is not worth
    building: 4.38 x 10 x 30 + 10 x 438 = 5694. Dropped dispatch_link_max and _min: G1 carries
    its 5 MW unbuilt: 1752."""
    objective, m = solve_ops(tmp_path, link_case())
    assert objective == approx(1852.0)
    assert values(m.link_flow_step_mw, "grid", "G1") == pytest.approx([5.0, -5.0], abs=1e-6)
    assert solve_ops(tmp_path, link_case(), extra=one_flow_for_the_year)[0] == approx(5694.0)
    dropped = solve_ops(tmp_path, link_case(), drop=["dispatch_link_max", "dispatch_link_min"])[0]
    assert dropped == approx(1752.0)


# --- the 8760-hour weighting of service cost and the unserved penalty ------------


def weighting_case(d2_days: float = 30) -> dict:
    """R1: 10 MW x profile D1 (1, 1), D2 (1, 2). S1 capex 600/MW, service cost 438 per MW-year;
    penalty 8760 per MW-year. D1 365 - ``d2_days`` days and D2 ``d2_days``, 2 steps x 12 h."""
    sheets = ops_case(
        periods=[{"period": "D1", "days": 365 - d2_days, "steps": 2, "step_hours": 12},
                 {"period": "D2", "days": d2_days, "steps": 2, "step_hours": 12}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 600}],
        Demand=demand(10, profile="dem"),
        Profiles=profile_rows("dem", {"D1": [1, 1], "D2": [1, 2]}),
        Service=[{"region": "R1", "site": "S1", "cost_mjpy_per_mw_year": 438}],
    )
    sheets["Settings"] = [{"key": "unserved_penalty_mjpy_per_mw_year", "value": 8760}]
    return sheets


def test_service_cost_and_penalty_weigh_steps_by_their_hours(tmp_path):
    """A step of D2 stands for 30 x 12 = 360 h = 360 / 8760 of a year. The peak's extra 10 MW
    (D2 step 2 only): serving costs 600 + 438 x 360 / 8760 = 618 per MW, leaving it 8760 x
    360 / 8760 = 360: left. c = 10: capex 6000, service 438 x 10 x 8760 / 8760 = 4380,
    penalty 10 x 360 = 3600: 13980.
    D2 60 days (720 h a step): serving 636 < leaving 720: c = 20: 12000 + 4380 + 438 x 10 x
    720 / 8760 = 360: 16740."""
    objective, m = solve_ops(tmp_path, weighting_case())
    assert objective == approx(13980.0)
    assert pyo.value(m.it_mw["S1", "P1"]) == approx(10.0)
    assert values(m.unserved_step_mw, "R1", "P1", "D2") == pytest.approx([0.0, 10.0], abs=1e-6)
    assert pyo.value(m.opex_by_category["service", "P1"]) == approx(4380.0)
    assert pyo.value(m.opex_by_category["unserved", "P1"]) == approx(3600.0)
    objective, m = solve_ops(tmp_path, weighting_case(d2_days=60))
    assert objective == approx(16740.0)
    assert pyo.value(m.opex_by_category["service", "P1"]) == approx(4740.0)
    assert pyo.value(m.opex_by_category["unserved", "P1"]) == approx(0.0)


CASES = {
    "bandwidth_annual": bandwidth_annual_case,
    "bandwidth_step": bandwidth_step_case,
    "bandwidth_step_unlimited": lambda: bandwidth_step_case(tbps=None),
    "cogen_backing": cogen_backing_case,
    "cogen_backing_blank": lambda: cogen_backing_case(cogen_max=None),
    "flexible": flexible_case,
    "flexible_blank": lambda: flexible_case(share=None),
    "flexible_only": flexible_only_case,
    "flexible_only_blank": lambda: flexible_only_case(flexible_only=None),
    "battery": battery_case,
    "battery_efficiency_1": lambda: battery_case(efficiency=1),
    "battery_blank_hours": lambda: battery_case(hours=None),
    "battery_no_hours_nonfirm": lambda: battery_case(hours=0, grid_firm_mw=6, grid_nonfirm_mw=20),
    "battery_hours_nonfirm": lambda: battery_case(hours=6, grid_firm_mw=6, grid_nonfirm_mw=20),
    "cogen_dispatch": cogen_dispatch_case,
    "cogen_dispatch_no_carbon": lambda: cogen_dispatch_case(cogen_carbon=None),
    "cogen_dispatch_blank": lambda: cogen_dispatch_case(cogen_max=None),
    "surplus": surplus_case,
    "surplus_flat": lambda: surplus_case(profile=None),
    "surplus_none": lambda: surplus_case(surplus_mw=None),
    "profiles": profiles_case,
    "profiles_no_supply_profile": lambda: profiles_case(supply_profile=None),
    "profiles_no_price_profile": lambda: profiles_case(price_profile=None),
    "links": link_case,
    "weighting": weighting_case,
    "weighting_60_days": lambda: weighting_case(d2_days=60),
}
"""Every workbook this module solves (see tests/support/families.py): the tightening test
re-solves each, tightened and not."""
