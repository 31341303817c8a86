"""FORMULATION.md §4.2 rows in both modes, hand-computed: telecom_route_bandwidth and the
cogeneration family (cogen_capacity_monotone, cogen_capacity_max, the kappa term of
power_nonfirm_battery, the cogeneration capex category and so the capex budget).

Every case is one phase (P1 = base year, 1 year, so d = w = 1) unless it says
otherwise, pue 1, no fixed costs: the objective is a sum of per-MW numbers.
"""

from __future__ import annotations

import pytest

import planner
from support.workbook import base_case, input_problems, write_workbook


def approx(value: float):
    return pytest.approx(value, rel=1e-9, abs=1e-6)


# --- telecom_route_bandwidth ---------------------------------------------------


def bandwidth_case(route_tbps: float | None = 2, tbps_per_mw: float | None = 0.1,
                   existing: bool = True) -> dict:
    """R1 (50 MW) at S1 (capex 1/MW) needs route L1; at S2 (capex 3/MW) it needs none."""
    return base_case(
        Sites=[
            {"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1},
            {"site": "S2", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 3},
        ],
        Regions=[{"region": "R1", "tbps_per_mw": tbps_per_mw}],
        Service=[
            {"region": "R1", "site": "S1", "requires_route": "L1"},
            {"region": "R1", "site": "S2"},
        ],
        IX=[{"ix": "X1", "existing": True}],
        Routes=[{"route": "L1", "site": "S1", "ix": "X1", "existing": existing, "capex_mjpy": 5,
                 "tbps": route_tbps}],
    )


def telecom_route(plan: planner.Plan, route: str, t: str = "P1"):
    rows = plan.tables["Telecom"]
    row = rows[(rows["kind"] == "route") & (rows["id"] == route) & (rows["phase"] == t)]
    assert len(row) == 1
    return row.iloc[0]


def test_route_bandwidth_moves_demand_to_a_dearer_site(solve_ok, solve_dropped, tables):
    """L1 (existing) carries 2 Tbps; R1's work needs 0.1 Tbps per MW, so S1 serves at most
    2 / 0.1 = 20 MW and S2 (3/MW) the other 30: 20 + 90 = 110.
    Dropped: all 50 MW at S1: 50."""
    sheets = bandwidth_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(110.0)
    assert tables.site(plan, "S1")["it_mw"] == approx(20.0)
    assert tables.site(plan, "S2")["it_mw"] == approx(30.0)
    route = telecom_route(plan, "L1")
    assert route["tbps"] == approx(2.0) and route["tbps_used"] == approx(2.0)
    assert solve_dropped(sheets, "telecom_route_bandwidth") == approx(50.0)


def test_route_bandwidth_of_a_candidate_route(solve_ok, solve_dropped, tables):
    """L1 a candidate (capex 5): building it lets S1 serve 20 MW: 20 + 5 + 30 x 3 = 115 <
    150 (all at S2). Dropped: L1 built and S1 serves all 50: 50 + 5 = 55."""
    sheets = bandwidth_case(existing=False)
    plan = solve_ok(sheets)
    assert plan.objective == approx(115.0)
    assert tables.built(plan, "route") == {"L1": "P1"}
    assert tables.site(plan, "S1")["it_mw"] == approx(20.0)
    assert solve_dropped(sheets, "telecom_route_bandwidth") == approx(55.0)


# --- cogeneration --------------------------------------------------------------


def cogen_case(cogen_max: float | None = 10, cogen_capex: float | None = 1.5,
               s2: dict | None = None, budget: float | None = None) -> dict:
    """Demand 50. S1: capex 1/MW, firm 30, non-firm 20, battery 2/MW, cogeneration up to
    ``cogen_max`` at ``cogen_capex``/MW. S2: capex 4/MW (or ``s2``'s costs)."""
    sheets = base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1,
         "grid_firm_mw": 30, "grid_nonfirm_mw": 20, "battery_capex_mjpy_per_mw": 2,
         "cogen_max_mw": cogen_max, "cogen_capex_mjpy_per_mw": cogen_capex},
        {"site": "S2", "area": "A", "max_mw": 100, **(s2 or {"capex_mjpy_per_mw": 4})},
    ])
    if budget is not None:
        sheets["Phases"] = [{"phase": "P1", "year": 2030, "years": 1, "capex_budget_mjpy": budget}]
    return sheets


def test_cogeneration_backs_nonfirm_before_a_dearer_battery(solve_ok, solve_dropped, tables):
    """A non-firm MW at S1 costs 1 + 1.5 backed by cogeneration, 1 + 2 by battery, 4 at S2.
    S1 takes all 50 MW: 20 non-firm, backed by the 10 MW cogeneration allows (15) and
    10 MW battery (20): 50 + 15 + 20 = 85.
    Dropped cogen_capacity_max: 20 MW cogeneration, no battery: 50 + 30 = 80.
    Dropped power_nonfirm_battery: non-firm needs no backing: 50."""
    sheets = cogen_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(85.0)
    row = tables.site(plan, "S1")
    assert row["it_mw"] == approx(50.0) and row["nonfirm_mw"] == approx(20.0)
    assert row["cogen_mw"] == approx(10.0) and row["battery_mw"] == approx(10.0)
    assert tables.cost(plan, "cogeneration") == approx(15.0)
    assert tables.cost(plan, "battery") == approx(20.0)
    assert solve_dropped(sheets, "cogen_capacity_max") == approx(80.0)
    assert solve_dropped(sheets, "power_nonfirm_battery") == approx(50.0)


def test_cogeneration_capex_counts_in_the_budget(solve_ok, solve_dropped, tables):
    """S2 costs 4/MW/yr of O&M instead of capex (outside the budget); cogeneration up to 20.
    Unbudgeted: S1 50 MW with 20 MW cogeneration: capex 50 + 30 = 80.
    Budget 65 on capex c1 + 1.5 kappa (battery 2/MW is dearer per MW of backing):
    c1 = 30 + f, f = kappa, 30 + 2.5 f <= 65 gives f = 14 (each non-firm MW saves
    4 - 2.5 = 1.5): capex 30 + 14 + 21 = 65, S2 6 MW x 4 = 24: 89.
    (Were cogeneration capex left out of the budget, 50 + 30 counted 50 <= 65: 80.)
    Dropped policy_capex_budget: 80."""
    sheets = cogen_case(cogen_max=20, s2={"fom_mjpy_per_mw_year": 4}, budget=65)
    plan = solve_ok(sheets)
    assert plan.objective == approx(89.0)
    row = tables.site(plan, "S1")
    assert row["it_mw"] == approx(44.0) and row["cogen_mw"] == approx(14.0)
    assert row["battery_mw"] == approx(0.0)
    assert tables.cost(plan, "cogeneration") == approx(21.0)
    assert tables.site(plan, "S2")["it_mw"] == approx(6.0)
    assert solve_dropped(sheets, "policy_capex_budget") == approx(80.0)


def monotone_case() -> dict:
    """Two phases (discount 0, 1 year each), demand 50 in both, cogeneration up to 20 at 1.5,
    and a free site reinforcement G1 (+20 MW firm at S1) from P2 on."""
    sheets = cogen_case(cogen_max=20)
    sheets["Settings"] = [{"key": "discount_rate", "value": 0}]
    sheets["Phases"] = [{"phase": "P1", "year": 2030, "years": 1},
                        {"phase": "P2", "year": 2031, "years": 1}]
    sheets["Demand"] = [{"region": "R1", "phase": "P1", "demand_mw": 50},
                        {"region": "R1", "phase": "P2", "demand_mw": 50}]
    sheets["Grid"] = [{"project": "G1", "kind": "site", "site": "S1", "mw": 20,
                       "earliest_phase": "P2"}]
    return sheets


def test_cogeneration_is_never_removed(solve_ok, solve_dropped, tables):
    """P1: S1 50 MW with 20 MW cogeneration backing its non-firm 20: 50 + 30 = 80. In P2
    G1 makes the 20 firm, but the cogeneration stays (kappa_2 >= kappa_1) at no further
    cost: 80. Dropped cogen_capacity_monotone: kappa_2 = 0 refunds 1.5 x 20: 50."""
    sheets = monotone_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(80.0)
    assert tables.site(plan, "S1", "P1")["cogen_mw"] == approx(20.0)
    assert tables.site(plan, "S1", "P2")["cogen_mw"] == approx(20.0)
    assert tables.cost(plan, "cogeneration", "P2") == approx(0.0)
    assert solve_dropped(sheets, "cogen_capacity_monotone") == approx(50.0)


# --- off by default --------------------------------------------------------------


def test_blank_or_zero_columns_leave_optima_unchanged(solve_ok, tmp_path):
    """cogen_max_mw 0 or blank (cogen capex given): the battery case of test_family_power,
    a non-firm MW at 1 + 2 < 4: 50 + 40 = 90, with no cogen_mw variable. Route tbps blank
    (unlimited) or tbps_per_mw 0 / blank: all 50 MW at S1: 50, with no bandwidth row."""
    for cogen_max in (0, None):
        sheets = cogen_case(cogen_max=cogen_max)
        assert solve_ok(sheets).objective == approx(90.0)
        model = planner.build_model(planner.read_workbook(write_workbook(tmp_path / "c.xlsx", sheets)))
        assert len(model.cogen_mw) == 0 and len(model.cogen_capacity_max) == 0
    for sheets in (bandwidth_case(route_tbps=None), bandwidth_case(tbps_per_mw=0),
                   bandwidth_case(tbps_per_mw=None)):
        assert solve_ok(sheets).objective == approx(50.0)
        model = planner.build_model(planner.read_workbook(write_workbook(tmp_path / "b.xlsx", sheets)))
        assert len(model.telecom_route_bandwidth) == 0


def test_no_regions_sheet_means_no_route_traffic(solve_ok):
    """Without a Regions sheet tbps_per_mw is 0: L1's 2 Tbps limit nothing: 50."""
    sheets = bandwidth_case()
    del sheets["Regions"]
    assert solve_ok(sheets).objective == approx(50.0)


# --- reader -----------------------------------------------------------------------


def test_negative_new_columns_are_refused_by_cell(tmp_path):
    """tbps, tbps_per_mw and cogen_max_mw are >= 0; each message names its cell."""
    sheets = bandwidth_case(route_tbps=-1, tbps_per_mw=-0.5)
    sheets["Sites"][0]["cogen_max_mw"] = -3
    problems = input_problems(tmp_path, sheets)
    joined = "\n".join(problems)
    assert any(p.startswith("Routes!") and "tbps must be >= 0, got -1" in p for p in problems), joined
    assert any(p.startswith("Regions!B2: tbps_per_mw must be >= 0, got -0.5") for p in problems), joined
    assert any(p.startswith("Sites!") and "cogen_max_mw must be >= 0, got -3" in p
               for p in problems), joined


CASES = {
    "bandwidth": bandwidth_case,
    "bandwidth_candidate": lambda: bandwidth_case(existing=False),
    "bandwidth_unlimited": lambda: bandwidth_case(route_tbps=None),
    "bandwidth_no_traffic": lambda: bandwidth_case(tbps_per_mw=0),
    "bandwidth_blank_traffic": lambda: bandwidth_case(tbps_per_mw=None),
    "bandwidth_no_regions": lambda: {k: v for k, v in bandwidth_case().items() if k != "Regions"},
    "cogen": cogen_case,
    "cogen_budget": lambda: cogen_case(cogen_max=20, s2={"fom_mjpy_per_mw_year": 4}, budget=65),
    "cogen_monotone": monotone_case,
    "cogen_zero": lambda: cogen_case(cogen_max=0),
    "cogen_blank": lambda: cogen_case(cogen_max=None),
}
"""Every workbook this module solves (see tests/support/families.py)."""
