"""Power family, hand-computed: power_site_firm, power_nonfirm_battery,
power_link_max, power_link_min, power_area_balance, plus grid projects
(site reinforcements, links, existing options) and supply defaults.
"""

from __future__ import annotations

import pytest

from support.workbook import base_case


def approx(value: float):
    return pytest.approx(value, rel=1e-9, abs=1e-6)


# --- power_site_firm ----------------------------------------------------------


def firm_case(firm: float | None = 30, grid: list | None = None) -> dict:
    sheets = base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1, "pue": 1.5,
         "grid_firm_mw": firm},
        {"site": "S2", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 3},
    ])
    if grid is not None:
        sheets["Grid"] = grid
    return sheets


def test_power_site_firm_caps_grid_draw(solve_ok, solve_dropped, tables):
    """Demand 50. S1 (capex 1/MW, pue 1.5) has a firm connection of 30 MW, so it
    holds 30 / 1.5 = 20 IT MW; S2 (3/MW) takes 30: 20 + 90 = 110.
    Dropped (or firm blank = unlimited): 50 MW at S1: 50."""
    sheets = firm_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(110.0)
    assert tables.site(plan, "S1")["it_mw"] == approx(20.0)
    assert tables.site(plan, "S1")["grid_draw_mw"] == approx(30.0)
    assert tables.site(plan, "S2")["it_mw"] == approx(30.0)
    assert solve_dropped(sheets, "power_site_firm") == approx(50.0)
    assert solve_ok(firm_case(firm=None)).objective == approx(50.0)


def reinforcement(capex: float | None, **extra: object) -> list[dict]:
    return [{"project": "G1", "kind": "site", "site": "S1", "mw": 30, "capex_mjpy": capex, **extra}]


def test_site_reinforcement_raises_the_firm_limit(solve_ok, tables):
    """Grid project G1 adds 30 MW at S1 for capex 25: S1 holds (30 + 30) / 1.5 =
    40 IT MW: 40 + 10 x 3 + 25 = 95 < 110 without it. G1 built in P1 (its
    earliest_phase defaults to the first phase)."""
    plan = solve_ok(firm_case(grid=reinforcement(25)))
    assert plan.objective == approx(95.0)
    assert tables.built(plan, "grid") == {"G1": "P1"}
    assert tables.site(plan, "S1")["it_mw"] == approx(40.0)
    assert tables.cost(plan, "grid") == approx(25.0)


def test_build_capex_defaults_to_zero(solve_ok, tables):
    """G1 with capex blank (= 0): built for free in P1: 40 + 30 = 70."""
    plan = solve_ok(firm_case(grid=reinforcement(None)))
    assert plan.objective == approx(70.0)
    assert tables.built(plan, "grid") == {"G1": "P1"}
    assert tables.site(plan, "S1")["it_mw"] == approx(40.0)


def test_dear_reinforcement_is_not_built(solve_ok, tables):
    """G1 at capex 45 would cost 40 + 30 + 45 = 115 > 110: not built, 110."""
    plan = solve_ok(firm_case(grid=reinforcement(45)))
    assert plan.objective == approx(110.0)
    assert tables.built(plan, "grid") == {}


def test_existing_reinforcement_needs_no_build(solve_ok, tables):
    """G1 existing (capex ignored): S1 holds 40 at no grid cost: 40 + 30 = 70."""
    plan = solve_ok(firm_case(grid=reinforcement(25, existing=True)))
    assert plan.objective == approx(70.0)
    assert tables.built(plan, "grid") == {"G1": "existing"}
    assert tables.cost(plan, "grid") == approx(0.0)


# --- power_nonfirm_battery ----------------------------------------------------


def nonfirm_case(nonfirm: float | None = 20, battery: float = 2) -> dict:
    return base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1,
         "grid_firm_mw": 30, "grid_nonfirm_mw": nonfirm,
         "battery_capex_mjpy_per_mw": battery},
        {"site": "S2", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 4},
    ])


def test_power_nonfirm_battery_backs_nonfirm_use(solve_ok, solve_dropped, tables):
    """Demand 50, pue 1. S1: capex 1/MW, firm 30, non-firm 20 with battery
    2/MW; S2 4/MW. A non-firm MW at S1 costs 1 + 2 = 3 < 4 at S2, so S1 takes
    all 50 (20 non-firm, 20 MW battery): 50 + 40 = 90.
    Dropped: non-firm needs no battery: 50."""
    sheets = nonfirm_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(90.0)
    row = tables.site(plan, "S1")
    assert row["it_mw"] == approx(50.0)
    assert row["nonfirm_mw"] == approx(20.0) and row["battery_mw"] == approx(20.0)
    assert tables.cost(plan, "battery") == approx(40.0)
    assert solve_dropped(sheets, "power_nonfirm_battery") == approx(50.0)


def test_nonfirm_headroom_limits_battery_use(solve_ok, tables):
    """Non-firm 10 only: S1 40 MW (10 battery): 40 + 20, S2 10 x 4 = 40: 100."""
    plan = solve_ok(nonfirm_case(nonfirm=10))
    assert plan.objective == approx(100.0)
    assert tables.site(plan, "S1")["battery_mw"] == approx(10.0)
    assert tables.site(plan, "S2")["it_mw"] == approx(10.0)


def test_dear_battery_is_not_bought(solve_ok, tables):
    """Battery 5/MW: a non-firm MW costs 6 > 4 at S2: S1 30 + S2 20 x 4 = 110."""
    plan = solve_ok(nonfirm_case(battery=5))
    assert plan.objective == approx(110.0)
    assert tables.site(plan, "S1")["battery_mw"] == approx(0.0)


def test_nonfirm_defaults_to_zero(solve_ok, tables):
    """grid_nonfirm_mw blank = 0: S1 firm 30 only: 30 + 20 x 4 = 110."""
    plan = solve_ok(nonfirm_case(nonfirm=None))
    assert plan.objective == approx(110.0)
    assert tables.site(plan, "S1")["it_mw"] == approx(30.0)


# --- power_area_balance and links -----------------------------------------------


def areas_case(links: list | None = None, supply: float | None = 20, pue: float = 1.0,
               demand_mw: float | None = None) -> dict:
    sheets = base_case(
        Areas=[{"area": "A", "name": "Area A"}, {"area": "B", "name": "Area B"}],
        AreaSupply=[{"area": "A", "phase": "P1", "supply_mw": supply}],
        Sites=[
            {"site": "SA", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1, "pue": pue},
            {"site": "SB", "area": "B", "max_mw": 100, "capex_mjpy_per_mw": 3},
        ],
    )
    if links is not None:
        sheets["Grid"] = links
    if demand_mw is not None:
        sheets["Demand"] = [{"region": "R1", "phase": "P1", "demand_mw": demand_mw}]
    return sheets


def test_power_area_balance_caps_area_load(solve_ok, solve_dropped, tables):
    """Demand 50. Area A supplies 20 MW for DCs: SA (1/MW) holds 20, SB in
    area B (no supply row = unlimited, 3/MW) 30: 20 + 90 = 110.
    Dropped (or supply blank): SA takes all 50: 50."""
    sheets = areas_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(110.0)
    tables.assert_it_mw(plan, {"SA": 20.0, "SB": 30.0})
    balance = plan.tables["AreaBalance"].set_index("area")
    assert balance.loc["A", "load_mw"] == approx(20.0)
    assert solve_dropped(sheets, "power_area_balance") == approx(50.0)
    assert solve_ok(areas_case(supply=None)).objective == approx(50.0)


def test_area_balance_counts_grid_draw_with_pue(solve_ok, tables):
    """SA with pue 1.25 draws 1.25 MW per IT MW: 20 / 1.25 = 16 IT MW in A,
    34 at SB: 16 + 34 x 3 = 118."""
    plan = solve_ok(areas_case(pue=1.25))
    assert plan.objective == approx(118.0)
    assert tables.site(plan, "SA")["it_mw"] == approx(16.0)
    assert tables.site(plan, "SA")["grid_draw_mw"] == approx(20.0)


def link(frm: str, to: str, **extra: object) -> list[dict]:
    return [{"project": "G1", "kind": "link", "from_area": frm, "to_area": to, "mw": 20,
             "capex_mjpy": 5, **extra}]


def test_power_link_max_imports_need_the_link_built(solve_ok, solve_dropped, tables):
    """Link G1 from B to A (20 MW, capex 5): positive flow B -> A lets SA hold
    20 + 20 = 40: 40 + 10 x 3 + 5 = 75 < 110 without it; G1 built in P1.
    Dropped: the flow (still within its +-20 MW bounds) needs no build: 70."""
    sheets = areas_case(links=link("B", "A"))
    plan = solve_ok(sheets)
    assert plan.objective == approx(75.0)
    assert tables.built(plan, "grid") == {"G1": "P1"}
    assert tables.site(plan, "SA")["it_mw"] == approx(40.0)
    balance = plan.tables["AreaBalance"].set_index("area")
    assert balance.loc["A", "net_import_mw"] == approx(20.0)
    assert solve_dropped(sheets, "power_link_max") == approx(70.0)


def test_power_link_min_reverse_flow_needs_the_link_built(solve_ok, solve_dropped, tables):
    """Link G1 from A to B: importing into A is a negative flow (-20), bounded
    by -mw x built: the same 75 with G1 built. Dropped power_link_min: 70."""
    sheets = areas_case(links=link("A", "B"))
    plan = solve_ok(sheets)
    assert plan.objective == approx(75.0)
    assert tables.built(plan, "grid") == {"G1": "P1"}
    assert tables.site(plan, "SA")["it_mw"] == approx(40.0)
    assert solve_dropped(sheets, "power_link_min") == approx(70.0)


def test_existing_link_carries_power_without_a_build(solve_ok, tables):
    """G1 existing: 20 MW imported for free: SA 40 + SB 10 x 3 = 70."""
    plan = solve_ok(areas_case(links=link("B", "A", existing=True)))
    assert plan.objective == approx(70.0)
    assert tables.built(plan, "grid") == {"G1": "existing"}
    assert tables.site(plan, "SA")["it_mw"] == approx(40.0)


def test_link_is_limited_by_its_mw(solve_ok, tables):
    """Even built, the 20 MW link cannot lift SA above 40: SB still holds 10.
    Raising demand to 80: SA 40, SB 40 x 3 = 120, + link 5: 165."""
    plan = solve_ok(areas_case(links=link("B", "A"), demand_mw=80))
    assert plan.objective == approx(165.0)
    assert tables.site(plan, "SA")["it_mw"] == approx(40.0)
    assert tables.site(plan, "SB")["it_mw"] == approx(40.0)


CASES = {
    # every case a test above solves (solve_ok refuses others): id -> builder
    "firm": firm_case,
    "firm_blank": lambda: firm_case(firm=None),
    "firm_reinforced": lambda: firm_case(grid=reinforcement(25)),
    "firm_reinforcement_free": lambda: firm_case(grid=reinforcement(None)),
    "firm_reinforcement_dear": lambda: firm_case(grid=reinforcement(45)),
    "firm_reinforcement_existing": lambda: firm_case(grid=reinforcement(25, existing=True)),
    "nonfirm": nonfirm_case,
    "nonfirm_10": lambda: nonfirm_case(nonfirm=10),
    "nonfirm_dear_battery": lambda: nonfirm_case(battery=5),
    "nonfirm_blank": lambda: nonfirm_case(nonfirm=None),
    "area_balance": areas_case,
    "area_balance_blank": lambda: areas_case(supply=None),
    "area_balance_pue": lambda: areas_case(pue=1.25),
    "link_into_a": lambda: areas_case(links=link("B", "A")),
    "link_out_of_a": lambda: areas_case(links=link("A", "B")),
    "link_existing": lambda: areas_case(links=link("B", "A", existing=True)),
    "link_limited": lambda: areas_case(links=link("B", "A"), demand_mw=80),
}
