"""Demand family, hand-computed: demand_balance, demand_site_capacity,
demand_route_required, plus the Service defaults (missing sheet = every pair
at cost 0; listed pairs only) and the unserved penalty.
"""

from __future__ import annotations

import pytest

from support.workbook import base_case


def approx(value: float):
    return pytest.approx(value, rel=1e-9, abs=1e-6)


def served(plan, region: str, site: str, phase: str = "P1") -> float:
    rows = plan.tables["Service"]
    rows = rows[(rows["region"] == region) & (rows["site"] == site) & (rows["phase"] == phase)]
    return float(rows["mw"].sum())


def assert_served(plan, expected: dict[tuple[str, str], float]) -> None:
    """Each (region, site) pair serves the expected MW in P1."""
    got = {pair: served(plan, *pair) for pair in expected}
    assert got == pytest.approx(expected, abs=1e-6), got


# --- demand_balance -----------------------------------------------------------


def test_demand_balance_forces_service(solve_ok, solve_dropped, tables):
    """Base case: demand 50, S1 fixed 10, S2 fixed 20, no Service sheet (every
    pair allowed at cost 0): S1 opens and serves 50: 10.
    Dropped: nothing need be served: 0."""
    sheets = base_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(10.0)
    assert_served(plan, {("R1", "S1"): 50.0, ("R1", "S2"): 0.0})
    assert solve_dropped(sheets, "demand_balance") == approx(0.0)


def penalty_case(penalty: float) -> dict:
    return base_case(Settings=[{"key": "unserved_penalty_mjpy_per_mw_year", "value": penalty}])


def test_cheap_unserved_penalty_leaves_demand_unserved(solve_ok, tables):
    """Penalty 0.1 MJPY/MW/yr: leaving 50 MW unserved costs 5 < opening S1 (10): 5."""
    plan = solve_ok(penalty_case(0.1))
    assert plan.objective == approx(5.0)
    assert tables.opened(plan) == set()
    unserved = plan.tables["Unserved"]
    assert unserved.set_index("region").loc["R1", "mw"] == approx(50.0)
    assert tables.cost(plan, "unserved") == approx(5.0)


def test_dear_unserved_penalty_serves_demand(solve_ok, tables):
    """Penalty 1 MJPY/MW/yr: unserved 50 would cost 50 > 10 for S1; and partial
    service saves nothing (S1's fixed cost covers any amount): 10, all served."""
    plan = solve_ok(penalty_case(1))
    assert plan.objective == approx(10.0)
    assert plan.tables["Unserved"]["mw"].sum() == approx(0.0)


def partial_penalty_case(capex: float) -> dict:
    return base_case(
        Settings=[{"key": "unserved_penalty_mjpy_per_mw_year", "value": 2}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
                "capex_mjpy_per_mw": capex}],
    )


def test_penalty_covers_only_the_part_capacity_cannot(solve_ok, tables):
    """One site S1 (fixed 10, capex 3/MW, max 100), penalty 2 MJPY/MW/yr, demand 50.
    Serving costs 3/MW > 2/MW unserved, and opening adds 10: all unserved, 100.
    With capex 1/MW: serving 50 costs 10 + 50 = 60 < 100: 60."""
    dear = solve_ok(partial_penalty_case(3))
    assert dear.objective == approx(100.0)
    assert dear.tables["Unserved"]["mw"].sum() == approx(50.0)
    cheap = solve_ok(partial_penalty_case(1))
    assert cheap.objective == approx(60.0)
    assert served(cheap, "R1", "S1") == approx(50.0)


# --- demand_site_capacity -----------------------------------------------------


def site_capacity_case() -> dict:
    return base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
         "capex_mjpy_per_mw": 1},
        {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 20,
         "capex_mjpy_per_mw": 2},
    ])


def test_demand_site_capacity_needs_built_capacity(solve_ok, solve_dropped, tables):
    """S1 fixed 10 + capex 1/MW x 50 = 60 (S2 fixed 20 + 2/MW x 50 = 120): 60.
    Dropped: demand can be served with no capacity built, nothing opens: 0."""
    sheets = site_capacity_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(60.0)
    assert tables.site(plan, "S1")["it_mw"] == approx(50.0)
    assert served(plan, "R1", "S1") == approx(50.0)
    assert solve_dropped(sheets, "demand_site_capacity") == approx(0.0)


def shared_site_case() -> dict:
    return base_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 30},
                {"region": "R2", "phase": "P1", "demand_mw": 40}],
    )


def test_demand_site_capacity_shared_by_two_regions(solve_ok, solve_dropped, tables):
    """Regions R1 (30) and R2 (40) share one site S1 (capex 1/MW, max 100).
    Its capacity must cover both: 70 MW x 1 = 70.
    Dropped: capacity may stay at 0: 0."""
    sheets = shared_site_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(70.0)
    assert_served(plan, {("R1", "S1"): 30.0, ("R2", "S1"): 40.0})
    assert solve_dropped(sheets, "demand_site_capacity") == approx(0.0)


# --- Service pairs ------------------------------------------------------------


def restricted_pairs_case() -> dict:
    return base_case(Service=[{"region": "R1", "site": "S2"}])


def test_service_sheet_restricts_pairs(solve_ok, tables):
    """Service lists only R1-S2: S1 (fixed 10) may not serve R1, so S2 opens: 20."""
    plan = solve_ok(restricted_pairs_case())
    assert plan.objective == approx(20.0)
    assert tables.opened(plan) == {"S2"}
    assert served(plan, "R1", "S2") == approx(50.0)


def blank_service_cost_case() -> dict:
    return base_case(Service=[{"region": "R1", "site": "S1", "cost_mjpy_per_mw_year": None},
                              {"region": "R1", "site": "S2", "cost_mjpy_per_mw_year": None}])


def test_service_cost_defaults_to_zero(solve_ok, tables):
    """Both pairs listed with blank cost (= 0): the base optimum 10 at S1."""
    plan = solve_ok(blank_service_cost_case())
    assert plan.objective == approx(10.0)
    assert tables.opened(plan) == {"S1"}


# --- demand_route_required ----------------------------------------------------


def route_case(existing: bool = False, route_site: str = "S1", s2_fixed: float | None = None
               ) -> dict:
    sheets = base_case(
        Service=[{"region": "R1", "site": "S1", "requires_route": "L1"},
                 {"region": "R1", "site": "S2"}],
        IX=[{"ix": "X1", "area": "A", "existing": True}],
        Routes=[{"route": "L1", "site": route_site, "ix": "X1", "capex_mjpy": 15,
                 "existing": existing}],
    )
    if s2_fixed is not None:
        sheets["Sites"][1]["fixed_cost_mjpy"] = s2_fixed
    return sheets


def test_demand_route_required_blocks_service_without_the_route(
        solve_ok, solve_dropped, tables):
    """R1 may use S1 (fixed 10) only over route L1 (capex 15): 10 + 15 = 25;
    S2 (fixed 20) needs no route: optimum 20 at S2, L1 not built.
    Dropped: S1 serves without L1: 10."""
    sheets = route_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(20.0)
    assert tables.opened(plan) == {"S2"}
    assert tables.built(plan, "route") == {}
    assert solve_dropped(sheets, "demand_route_required") == approx(10.0)


def test_requires_route_met_by_an_existing_route(solve_ok, tables):
    """L1 already exists (no build, no capex): S1 serves R1: 10."""
    plan = solve_ok(route_case(existing=True))
    assert plan.objective == approx(10.0)
    assert tables.opened(plan) == {"S1"}
    assert tables.built(plan, "route") == {"L1": "existing"}


def test_requires_route_built_when_worth_it(solve_ok, tables):
    """S2 fixed 30 instead: S1 + L1 = 25 < 30, so L1 is built in P1: 25."""
    plan = solve_ok(route_case(s2_fixed=30))
    assert plan.objective == approx(25.0)
    assert tables.built(plan, "route") == {"L1": "P1"}
    assert served(plan, "R1", "S1") == approx(50.0)


def test_requires_route_may_name_another_sites_route(solve_ok, solve_dropped, tables):
    """requires_route L1 names S2's route (FORMULATION: any route): R1 at S1
    still needs L1 built: 10 + 15 = 25 > S2 at 20, so S2: 20 (dropped: 10)."""
    sheets = route_case(route_site="S2")
    plan = solve_ok(sheets)
    assert plan.objective == approx(20.0)
    assert tables.opened(plan) == {"S2"}
    assert solve_dropped(sheets, "demand_route_required") == approx(10.0)


CASES = {
    # every case a test above solves (solve_ok refuses others): id -> builder
    "base": base_case,
    "penalty_cheap": lambda: penalty_case(0.1),
    "penalty_dear": lambda: penalty_case(1),
    "partial_penalty_dear_capex": lambda: partial_penalty_case(3),
    "partial_penalty_cheap_capex": lambda: partial_penalty_case(1),
    "site_capacity": site_capacity_case,
    "shared_site": shared_site_case,
    "restricted_pairs": restricted_pairs_case,
    "blank_service_cost": blank_service_cost_case,
    "route": route_case,
    "route_existing": lambda: route_case(existing=True),
    "route_worth_it": lambda: route_case(s2_fixed=30),
    "route_of_another_site": lambda: route_case(route_site="S2"),
}
