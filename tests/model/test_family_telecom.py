"""Telecom family, hand-computed: telecom_needs_ix, telecom_corridor_available,
telecom_corridors_required, telecom_intl_demand, telecom_landing_zone_share,
telecom_regional_ix, plus existing options and blank corridor / zone defaults.

Every case keeps the base case's sites (S1 fixed 10, S2 fixed 20, demand 50).
"""

from __future__ import annotations

import pytest

from support.workbook import base_case


def approx(value: float):
    return pytest.approx(value, rel=1e-9, abs=1e-6)


def phase(**policy: object) -> list[dict[str, object]]:
    return [{"phase": "P1", "year": 2030, "years": 1, **policy}]


def available(plan, kind: str, ident: str, t: str = "P1") -> bool:
    rows = plan.tables["Telecom"]
    row = rows[(rows["kind"] == kind) & (rows["id"] == ident) & (rows["phase"] == t)]
    assert len(row) == 1
    return bool(row["available"].iloc[0])


# --- telecom_needs_ix (routes) ------------------------------------------------


def route_ix_case(s2_fixed: float, ix_existing: bool = False) -> dict:
    return base_case(
        Sites=[
            {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
             "required_routes": 1},
            {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": s2_fixed},
        ],
        IX=[{"ix": "X1", "area": "A", "capex_mjpy": 20, "existing": ix_existing}],
        Routes=[{"route": "L1", "site": "S1", "ix": "X1", "capex_mjpy": 5}],
    )


def test_telecom_needs_ix_route_needs_its_ix(solve_ok, solve_dropped, tables):
    """S1 (fixed 10) needs one route; its only route L1 (5) ends at IX X1, which
    must be built (20): 10 + 5 + 20 = 35 > S2 at 30: optimum 30 at S2.
    Dropped: L1 without X1: 10 + 5 = 15 at S1."""
    sheets = route_ix_case(s2_fixed=30)
    plan = solve_ok(sheets)
    assert plan.objective == approx(30.0)
    assert tables.opened(plan) == {"S2"}
    assert tables.built(plan, "route") == {} and tables.built(plan, "ix") == {}
    assert solve_dropped(sheets, "telecom_needs_ix") == approx(15.0)


def test_route_and_its_ix_built_together(solve_ok, tables):
    """S2 fixed 40: S1 + L1 + X1 = 35 < 40: L1 and X1 built in P1: 35."""
    plan = solve_ok(route_ix_case(s2_fixed=40))
    assert plan.objective == approx(35.0)
    assert tables.built(plan, "route") == {"L1": "P1"}
    assert tables.built(plan, "ix") == {"X1": "P1"}
    assert available(plan, "route", "L1") and available(plan, "ix", "X1")


def test_existing_ix_needs_no_build(solve_ok, tables):
    """X1 existing: S1 + L1 = 15 < 30: 15, X1 listed as existing."""
    plan = solve_ok(route_ix_case(s2_fixed=30, ix_existing=True))
    assert plan.objective == approx(15.0)
    assert tables.built(plan, "ix") == {"X1": "existing"}
    assert tables.built(plan, "route") == {"L1": "P1"}


def route_phase_case(earliest: str | None) -> dict:
    sheets = route_ix_case(s2_fixed=20, ix_existing=True)
    sheets.update(
        Settings=[{"key": "discount_rate", "value": 0}],
        Phases=[{"phase": "P1", "year": 2030, "years": 1},
                {"phase": "P2", "year": 2035, "years": 1}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 50},
                {"region": "R1", "phase": "P2", "demand_mw": 50}],
    )
    sheets["Routes"][0]["earliest_phase"] = earliest
    return sheets


def test_route_earliest_phase_delays_the_site(solve_ok, tables):
    """Two phases, no discount, demand 50 in both. S1 (fixed 10) needs route L1
    (5, existing IX), which can be built only from P2: S1 cannot be open in P1,
    so S2 (20) opens in P1 and serves both phases: 20 (S1 + L1 later would add 15)."""
    plan = solve_ok(route_phase_case("P2"))
    assert plan.objective == approx(20.0)
    assert tables.opened(plan, "P1") == {"S2"} and tables.opened(plan, "P2") == {"S2"}
    assert tables.built(plan, "route") == {}


def test_route_earliest_phase_defaults_to_the_first_phase(solve_ok, tables):
    """earliest_phase blank = P1: S1 + L1 in P1: 15."""
    plan = solve_ok(route_phase_case(None))
    assert plan.objective == approx(15.0)
    assert tables.built(plan, "route") == {"L1": "P1"}
    assert tables.opened(plan, "P1") == {"S1"}


# --- telecom_needs_ix (cables) and telecom_intl_demand ---------------------------


LANDINGS = [{"landing": "LA", "zone": "Boso"}, {"landing": "LB", "zone": "Shima"},
            {"landing": "LC", "zone": "Kitaibaraki"}]


def cable_ix_case() -> dict:
    return base_case(
        Phases=phase(intl_demand_tbps=10),
        IX=[{"ix": "X1", "area": "A", "capex_mjpy": 20},
            {"ix": "X2", "area": "A", "existing": True}],
        Landings=LANDINGS[:2],
        Cables=[{"cable": "K1", "landing": "LA", "ix": "X1", "tbps": 10, "capex_mjpy": 5},
                {"cable": "K2", "landing": "LB", "ix": "X2", "tbps": 10, "capex_mjpy": 15}],
    )


def test_telecom_needs_ix_cable_needs_its_ix(solve_ok, solve_dropped, tables):
    """International demand 10 Tbps. K1 (10 Tbps, 5) lands at IX X1 (to build, 20):
    5 + 20 = 25; K2 (10 Tbps, 15) at existing X2: 15. Optimum S1 10 + K2 15 = 25.
    Dropped: K1 without X1: 10 + 5 = 15."""
    sheets = cable_ix_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(25.0)
    assert tables.built(plan, "cable") == {"K2": "P1"}
    assert solve_dropped(sheets, "telecom_needs_ix") == approx(15.0)


def intl_case(demand: float | None, k3_existing: bool = False) -> dict:
    return base_case(
        Phases=phase(intl_demand_tbps=demand),
        IX=[{"ix": "X1", "area": "A", "existing": True}],
        Landings=LANDINGS,
        Cables=[
            {"cable": "K1", "landing": "LA", "ix": "X1", "tbps": 6, "capex_mjpy": 3},
            {"cable": "K2", "landing": "LB", "ix": "X1", "tbps": 6, "capex_mjpy": 4},
            {"cable": "K3", "landing": "LC", "ix": "X1", "tbps": 10, "capex_mjpy": 8,
             "existing": k3_existing},
        ],
    )


def test_telecom_intl_demand_buys_cables(solve_ok, solve_dropped, tables):
    """10 Tbps needed: K1 + K2 (12 Tbps) 3 + 4 = 7 < K3 (10 Tbps) 8; K1 or K2
    alone (6) is short. Optimum S1 10 + 7 = 17. Dropped: no cable: 10."""
    sheets = intl_case(10)
    plan = solve_ok(sheets)
    assert plan.objective == approx(17.0)
    assert tables.built(plan, "cable") == {"K1": "P1", "K2": "P1"}
    assert tables.cost(plan, "cable") == approx(7.0)
    assert solve_dropped(sheets, "telecom_intl_demand") == approx(10.0)


def test_intl_demand_met_by_one_cable(solve_ok, tables):
    """6 Tbps needed: K1 alone (3): 10 + 3 = 13."""
    plan = solve_ok(intl_case(6))
    assert plan.objective == approx(13.0)
    assert tables.built(plan, "cable") == {"K1": "P1"}


def test_intl_demand_blank_is_zero(solve_ok, tables):
    """intl_demand_tbps blank = 0: no cable: 10."""
    plan = solve_ok(intl_case(None))
    assert plan.objective == approx(10.0)
    assert tables.built(plan, "cable") == {}


def test_existing_cable_counts_toward_intl_demand(solve_ok, tables):
    """K3 (10 Tbps) exists: 10 Tbps is met with no build: 10."""
    plan = solve_ok(intl_case(10, k3_existing=True))
    assert plan.objective == approx(10.0)
    assert tables.built(plan, "cable") == {"K3": "existing"}


# --- telecom_landing_zone_share -------------------------------------------------


def zone_case(share: float | None = 0.5, la2_zone: str | None = "Boso",
              no_zones: bool = False) -> dict:
    sheets = base_case(
        Phases=phase(intl_demand_tbps=10, max_landing_zone_share=share),
        IX=[{"ix": "X1", "area": "A", "existing": True}],
        Landings=[{"landing": "LA", "zone": "Boso"}, {"landing": "LA2", "zone": la2_zone},
                  {"landing": "LB", "zone": "Shima"}],
        Cables=[
            {"cable": "K1", "landing": "LA", "ix": "X1", "tbps": 10, "capex_mjpy": 5},
            {"cable": "K2", "landing": "LA2", "ix": "X1", "tbps": 10, "capex_mjpy": 6},
            {"cable": "K3", "landing": "LB", "ix": "X1", "tbps": 10, "capex_mjpy": 8},
        ],
    )
    if no_zones:  # two landings, no zone column; K1 and K2 both land at LA
        sheets["Landings"] = [{"landing": "LA"}, {"landing": "LB"}]
        sheets["Cables"][1]["landing"] = "LA"
    return sheets


def test_telecom_landing_zone_share_spreads_cables(solve_ok, solve_dropped, tables):
    """10 Tbps needed, no zone may carry more than 50%. K1 alone (5) is 100%
    Boso; K1 + K2 both land in Boso; K1 + K3 = 13 is 50/50 Boso/Shima (K2 + K3
    = 14 is dearer). Optimum 10 + 13 = 23. Dropped: K1 alone: 10 + 5 = 15."""
    sheets = zone_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(23.0)
    assert tables.built(plan, "cable") == {"K1": "P1", "K3": "P1"}
    zones = plan.tables["Telecom"]
    zones = zones[zones["kind"] == "landing_zone"].set_index("id")
    assert zones.loc["Boso", "share"] == approx(0.5)
    assert zones.loc["Shima", "share"] == approx(0.5)
    assert solve_dropped(sheets, "telecom_landing_zone_share") == approx(15.0)


def test_blank_zone_is_a_zone_of_its_own(solve_ok, tables):
    """LA2's zone blank: K1 (LA, Boso) + K2 (LA2, own zone) = 11 is 50/50: 21."""
    plan = solve_ok(zone_case(la2_zone=None))
    assert plan.objective == approx(21.0)
    assert tables.built(plan, "cable") == {"K1": "P1", "K2": "P1"}


def test_all_zones_blank_each_landing_is_its_own_zone(solve_ok, tables):
    """No landing has a zone: LA and LB are each a zone of their own. K1 and K2
    both land at LA (one zone), K3 at LB. Cap 50%: K1 + K3 = 13 (50/50): 23
    (K1 alone = 100% at LA, K1 + K2 = 100% at LA)."""
    plan = solve_ok(zone_case(no_zones=True))
    assert plan.objective == approx(23.0)
    assert tables.built(plan, "cable") == {"K1": "P1", "K3": "P1"}


def test_no_zone_cap_without_the_column(solve_ok, tables):
    """max_landing_zone_share blank: K1 alone: 15."""
    plan = solve_ok(zone_case(share=None))
    assert plan.objective == approx(15.0)
    assert tables.built(plan, "cable") == {"K1": "P1"}


# --- telecom_corridor_available -------------------------------------------------


def corridor_case(l2_corridor: str | None = "C") -> dict:
    return base_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
                "required_routes": 2}],
        IX=[{"ix": "X1", "area": "A", "existing": True}],
        Routes=[
            {"route": "L1", "site": "S1", "ix": "X1", "corridor": "C", "capex_mjpy": 1},
            {"route": "L2", "site": "S1", "ix": "X1", "corridor": l2_corridor,
             "capex_mjpy": 1},
            {"route": "L3", "site": "S1", "ix": "X1", "capex_mjpy": 10},
        ],
    )


def test_telecom_corridor_available_counts_corridors_not_routes(
        solve_ok, solve_dropped, tables):
    """S1 (fixed 10, the only site) needs 2 distinct corridors. L1 and L2 (1 each)
    share corridor C, so they count once; L3 (10) is its own corridor:
    optimum 10 + 1 + 10 = 21 with L3 and one of L1/L2.
    Dropped: a corridor counts without any route: 10."""
    sheets = corridor_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(21.0)
    routes = tables.built(plan, "route")
    assert "L3" in routes and len(routes) == 2
    assert solve_dropped(sheets, "telecom_corridor_available") == approx(10.0)


def test_blank_corridor_is_a_corridor_of_its_own(solve_ok, tables):
    """L2's corridor blank: L1 (C) and L2 (own) are distinct: 10 + 1 + 1 = 12."""
    plan = solve_ok(corridor_case(l2_corridor=None))
    assert plan.objective == approx(12.0)
    assert tables.built(plan, "route") == {"L1": "P1", "L2": "P1"}


# --- telecom_corridors_required -------------------------------------------------


def required_case(required: int | None) -> dict:
    return base_case(
        Sites=[
            {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
             "required_routes": required},
            {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 20},
        ],
        IX=[{"ix": "X1", "area": "A", "existing": True}],
        Routes=[{"route": "L1", "site": "S1", "ix": "X1", "capex_mjpy": 15}],
    )


def test_telecom_corridors_required_makes_routes_a_cost_of_opening(
        solve_ok, solve_dropped, tables):
    """S1 (fixed 10) needs 1 route, L1 costs 15: 25 > S2 (no route need) at 20:
    optimum 20 at S2. Dropped (or required_routes blank = 0): S1 alone: 10."""
    sheets = required_case(1)
    plan = solve_ok(sheets)
    assert plan.objective == approx(20.0)
    assert tables.opened(plan) == {"S2"}
    assert tables.built(plan, "route") == {}
    assert solve_dropped(sheets, "telecom_corridors_required") == approx(10.0)
    plan = solve_ok(required_case(None))
    assert plan.objective == approx(10.0)
    assert tables.opened(plan) == {"S1"} and tables.built(plan, "route") == {}


def route_when_open_case() -> dict:
    sheets = required_case(1)
    sheets.update(
        Settings=[{"key": "discount_rate", "value": 0.25}],
        Phases=[{"phase": "P1", "year": 2030, "years": 1},
                {"phase": "P2", "year": 2031, "years": 1}],
        Sites=sheets["Sites"][:1],
        Demand=[{"region": "R1", "phase": "P2", "demand_mw": 50}],
    )
    return sheets


def test_route_built_when_the_site_opens(solve_ok, tables):
    """Two phases, discount rate 25%: P2 (2031) is discounted by 1/1.25 = 0.8.
    Demand only in P2, only S1 (fixed 10, 1 route, L1 15): S1 opens in P2 and
    L1 is built in P2 (in P1 it would cost 15 instead of 0.8 x 15 = 12):
    0.8 x (10 + 15) = 20."""
    plan = solve_ok(route_when_open_case())
    assert plan.objective == approx(20.0)
    assert tables.opened(plan, "P1") == set() and tables.opened(plan, "P2") == {"S1"}
    assert tables.built(plan, "route") == {"L1": "P2"}


# --- investment_build_once (each option is built at most once) -------------------


def build_once_case() -> dict:
    return base_case(
        Settings=[{"key": "discount_rate", "value": 0}],
        Phases=[{"phase": "P1", "year": 2030, "years": 1},
                {"phase": "P2", "year": 2035, "years": 1, "intl_demand_tbps": 20}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 50}],
        IX=[{"ix": "X1", "area": "A", "existing": True}],
        Landings=LANDINGS[:2],
        Cables=[{"cable": "K1", "landing": "LA", "ix": "X1", "tbps": 10, "capex_mjpy": 5},
                {"cable": "K2", "landing": "LB", "ix": "X1", "tbps": 20, "capex_mjpy": 12}],
    )


def test_investment_build_once_no_double_capacity(solve_ok, solve_dropped, tables):
    """Two phases, no discount; 20 Tbps needed in P2 only. K1 (10 Tbps, 5),
    K2 (20 Tbps, 12): K2 alone is the cheapest way to 20 Tbps: 10 + 12 = 22
    (K1 + K2 = 17). Dropped: K1 "built" in P1 and again in P2 counts twice,
    a = 2, 20 Tbps for 10: 10 + 10 = 20."""
    sheets = build_once_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(22.0)
    assert set(tables.built(plan, "cable")) == {"K2"}
    assert not available(plan, "cable", "K1", "P2")
    assert solve_dropped(sheets, "investment_build_once") == approx(20.0)


# --- telecom_regional_ix ------------------------------------------------------


def regional_case(minimum: int | None, xr2_existing: bool = False) -> dict:
    return base_case(
        Phases=phase(min_regional_ix=minimum),
        IX=[
            {"ix": "XH", "area": "A", "hub": True, "existing": True},
            {"ix": "XR1", "area": "A", "capex_mjpy": 7},
            {"ix": "XR2", "area": "A", "capex_mjpy": 9, "existing": xr2_existing},
        ],
    )


def test_telecom_regional_ix_builds_an_ix_outside_the_hubs(
        solve_ok, solve_dropped, tables):
    """min_regional_ix 1; the existing hub IX XH does not count. Cheapest
    regional IX XR1 (7): 10 + 7 = 17. Dropped (or the column blank): 10."""
    sheets = regional_case(1)
    plan = solve_ok(sheets)
    assert plan.objective == approx(17.0)
    assert tables.built(plan, "ix") == {"XH": "existing", "XR1": "P1"}
    assert solve_dropped(sheets, "telecom_regional_ix") == approx(10.0)
    assert solve_ok(regional_case(None)).objective == approx(10.0)


def test_two_regional_ix(solve_ok, tables):
    """min_regional_ix 2: XR1 + XR2 = 16: 26."""
    plan = solve_ok(regional_case(2))
    assert plan.objective == approx(26.0)
    assert tables.built(plan, "ix") == {"XH": "existing", "XR1": "P1", "XR2": "P1"}


def test_existing_regional_ix_counts(solve_ok, tables):
    """XR2 existing already meets min_regional_ix 1: 10."""
    plan = solve_ok(regional_case(1, xr2_existing=True))
    assert plan.objective == approx(10.0)
    assert tables.built(plan, "ix") == {"XH": "existing", "XR2": "existing"}


CASES = {
    # every case a test above solves (solve_ok refuses others): id -> builder
    "route_ix": lambda: route_ix_case(s2_fixed=30),
    "route_ix_built": lambda: route_ix_case(s2_fixed=40),
    "route_ix_existing": lambda: route_ix_case(s2_fixed=30, ix_existing=True),
    "route_earliest_p2": lambda: route_phase_case("P2"),
    "route_earliest_blank": lambda: route_phase_case(None),
    "cable_ix": cable_ix_case,
    "intl_demand": lambda: intl_case(10),
    "intl_demand_one_cable": lambda: intl_case(6),
    "intl_demand_blank": lambda: intl_case(None),
    "intl_demand_existing_cable": lambda: intl_case(10, k3_existing=True),
    "zone_share": zone_case,
    "zone_share_blank_zone": lambda: zone_case(la2_zone=None),
    "zone_share_no_zones": lambda: zone_case(no_zones=True),
    "zone_share_blank": lambda: zone_case(share=None),
    "corridor": corridor_case,
    "corridor_blank": lambda: corridor_case(l2_corridor=None),
    "corridors_required": lambda: required_case(1),
    "corridors_required_blank": lambda: required_case(None),
    "route_when_open": route_when_open_case,
    "build_once": build_once_case,
    "regional_ix": lambda: regional_case(1),
    "regional_ix_blank": lambda: regional_case(None),
    "regional_ix_two": lambda: regional_case(2),
    "regional_ix_existing": lambda: regional_case(1, xr2_existing=True),
}
