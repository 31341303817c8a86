"""Sites family, hand-computed: site_open_monotone, site_capacity_monotone,
site_capacity_max, site_capacity_min, site_battery_monotone, and the site
defaults of FORMULATION.md §1 (earliest_phase, force, existing sites, min_mw).

Each test derives the optimum in its docstring and asserts it to 1e-6; where
a constraint is named, ``solve_dropped`` re-solves without it to show it binds.
Multi-phase cases set discount_rate 0, so every phase (years = 1) weighs 1.
"""

from __future__ import annotations

import pytest

from support.workbook import base_case


def approx(value: float):
    return pytest.approx(value, rel=1e-9, abs=1e-6)


NO_DISCOUNT = [{"key": "discount_rate", "value": 0}]


def two_phases(**p1: object) -> list[dict[str, object]]:
    return [
        {"phase": "P1", "year": 2030, "years": 1, **p1},
        {"phase": "P2", "year": 2035, "years": 1},
    ]


def demand(p1: float, p2: float) -> list[dict[str, object]]:
    return [
        {"region": "R1", "phase": "P1", "demand_mw": p1},
        {"region": "R1", "phase": "P2", "demand_mw": p2},
    ]


# --- site_open_monotone -------------------------------------------------------


def open_monotone_case(min_clusters: int | None = 1) -> dict:
    return base_case(
        Settings=NO_DISCOUNT,
        Phases=two_phases(min_clusters=min_clusters),
        Sites=[
            {"site": "C1", "area": "A", "type": "cluster", "max_mw": 100,
             "fixed_cost_mjpy": 10, "capex_mjpy_per_mw": 1},
            {"site": "W", "area": "A", "type": "welcome", "max_mw": 100,
             "capex_mjpy_per_mw": 1},
        ],
        Demand=demand(10, 10),
    )


def test_site_open_monotone_keeps_a_site_open(solve_ok, solve_dropped, tables):
    """min_clusters 1 in P1 only forces cluster C1 open in P1: fixed 10.
    10 MW of demand costs capex 1 x 10 = 10 wherever it sits (C1 or W).
    C1 stays open in P2 at no cost: optimum 10 + 10 = 20.
    Dropped: C1 could close in P2 with no capacity and the fixed cost term
    10 x (o_P2 - o_P1) = -10 would pay it back: 10 + 10 - 10 = 10."""
    sheets = open_monotone_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(20.0)
    assert tables.site(plan, "C1", "P1")["open"] and tables.site(plan, "C1", "P2")["open"]
    assert tables.cost(plan, "site_fixed", "P1") == approx(10.0)
    assert tables.cost(plan, "site_fixed", "P2") == approx(0.0)
    assert solve_dropped(sheets, "site_open_monotone") == approx(10.0)


def test_site_open_monotone_without_the_cluster_floor(solve_ok, tables):
    """No min_clusters: only W (no fixed cost) opens: capex 10 x 1 = 10."""
    plan = solve_ok(open_monotone_case(min_clusters=None))
    assert plan.objective == approx(10.0)
    assert tables.opened(plan, "P1") == {"W"} and tables.opened(plan, "P2") == {"W"}


# --- site_capacity_monotone ---------------------------------------------------


def capacity_monotone_case() -> dict:
    return base_case(
        Settings=NO_DISCOUNT,
        Phases=two_phases(),
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
                "capex_mjpy_per_mw": 1}],
        Demand=demand(50, 20),
    )


def test_site_capacity_monotone_capacity_never_shrinks(solve_ok, solve_dropped, tables):
    """S1 alone (fixed 10, capex 1/MW); demand 50 in P1, 20 in P2.
    P1: 10 + 50 x 1 = 60; P2 keeps 50 MW (nothing added): optimum 60.
    Dropped: P2 shrinks to 20 MW and capex 1 x (20 - 50) = -30 pays back: 30."""
    sheets = capacity_monotone_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(60.0)
    for phase in ("P1", "P2"):
        tables.assert_it_mw(plan, {"S1": 50.0}, phase)
    assert tables.site(plan, "S1", "P2")["new_it_mw"] == approx(0.0)
    assert solve_dropped(sheets, "site_capacity_monotone") == approx(30.0)


# --- site_capacity_max ------------------------------------------------------


def capacity_max_case() -> dict:
    return base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 40, "fixed_cost_mjpy": 10},
        {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 20},
    ])


def test_site_capacity_max_caps_the_cheap_site(solve_ok, solve_dropped, tables):
    """Demand 50; S1 fixed 10 but max_mw 40, S2 fixed 20 (max 100).
    S1 alone cannot hold 50; S2 alone 20 < S1 + S2 = 30: optimum 20 at S2.
    Dropped: capacity needs no open site at all: 0."""
    sheets = capacity_max_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(20.0)
    assert tables.opened(plan) == {"S2"}
    assert tables.site(plan, "S1")["it_mw"] == approx(0.0)
    assert solve_dropped(sheets, "site_capacity_max") == approx(0.0)


def test_site_capacity_max_raised_lets_the_cheap_site_win(solve_ok, tables):
    """As above with S1 max_mw 100 (the base case): S1 alone, 10.

    Capacity costs nothing here, so any size from the demand (50) to max_mw (100)
    is optimal; the test holds the range, not one solver's choice within it."""
    plan = solve_ok(base_case())
    assert plan.objective == approx(10.0)
    assert tables.opened(plan) == {"S1"}
    assert 50.0 - 1e-6 <= tables.site(plan, "S1")["it_mw"] <= 100.0 + 1e-6


def split_case() -> dict:
    return base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 30, "capex_mjpy_per_mw": 1},
        {"site": "S2", "area": "A", "max_mw": 30, "capex_mjpy_per_mw": 2},
    ])


def test_site_capacity_max_splits_demand(solve_ok, tables):
    """Demand 50; S1 max 30 capex 1/MW, S2 max 30 capex 2/MW, no fixed costs.
    S1 takes its full 30 (30), S2 the other 20 (40): optimum 70."""
    plan = solve_ok(split_case())
    assert plan.objective == approx(70.0)
    assert tables.site(plan, "S1")["it_mw"] == approx(30.0)
    assert tables.site(plan, "S2")["it_mw"] == approx(20.0)


# --- site_capacity_min --------------------------------------------------------


def min_mw_case(s2_fixed: float, min_mw: float | None = 80) -> dict:
    return base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 100, "min_mw": min_mw, "fixed_cost_mjpy": 10,
         "capex_mjpy_per_mw": 1},
        {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": s2_fixed,
         "capex_mjpy_per_mw": 1},
    ])


def test_site_capacity_min_makes_the_small_need_costly(solve_ok, solve_dropped, tables):
    """Demand 50. S1 fixed 10 + min_mw 80 x 1 = 90; S2 fixed 30 + 50 x 1 = 80.
    Optimum 80 at S2. Dropped (or min_mw blank): S1 10 + 50 = 60."""
    sheets = min_mw_case(s2_fixed=30)
    plan = solve_ok(sheets)
    assert plan.objective == approx(80.0)
    assert tables.opened(plan) == {"S2"}
    assert solve_dropped(sheets, "site_capacity_min") == approx(60.0)
    assert solve_ok(min_mw_case(s2_fixed=30, min_mw=None)).objective == approx(60.0)


def test_site_capacity_min_holds_capacity_above_demand(solve_ok, tables):
    """S2 fixed 50: S2 costs 50 + 50 = 100 > S1 at 10 + 80 = 90, so S1 opens
    with its 80 MW minimum although demand is 50 (capex on all 80)."""
    plan = solve_ok(min_mw_case(s2_fixed=50))
    assert plan.objective == approx(90.0)
    assert tables.opened(plan) == {"S1"}
    assert tables.site(plan, "S1")["it_mw"] == approx(80.0)
    assert tables.cost(plan, "site_capacity") == approx(80.0)


# --- site_battery_monotone ----------------------------------------------------


def battery_monotone_case() -> dict:
    return base_case(
        Settings=NO_DISCOUNT,
        Phases=two_phases(),
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "grid_firm_mw": 50,
                "grid_nonfirm_mw": 20, "battery_capex_mjpy_per_mw": 2}],
        Demand=demand(60, 60),
        Grid=[{"project": "G1", "kind": "site", "site": "S1", "mw": 20, "capex_mjpy": 0,
               "earliest_phase": "P2"}],
    )


def test_site_battery_monotone_batteries_stay(solve_ok, solve_dropped, tables):
    """S1: firm 50 MW, non-firm 20 MW, battery 2 MJPY/MW, no other cost; demand 60
    in both phases (pue 1). P1: 60 <= 50 + f needs f = 10 backed by 10 MW of
    battery: 20. In P2 a free reinforcement G1 (+20 MW, earliest P2) makes the
    battery unnecessary, but it stays: optimum 20.
    Dropped: the battery goes in P2 and 2 x (0 - 10) = -20 pays back: 0."""
    sheets = battery_monotone_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(20.0)
    assert tables.site(plan, "S1", "P1")["battery_mw"] == approx(10.0)
    assert tables.site(plan, "S1", "P1")["nonfirm_mw"] == approx(10.0)
    assert tables.site(plan, "S1", "P2")["battery_mw"] == approx(10.0)
    assert tables.cost(plan, "battery", "P1") == approx(20.0)
    assert solve_dropped(sheets, "site_battery_monotone") == approx(0.0)


# --- defaults (FORMULATION.md §1) ---------------------------------------------


def earliest_case(earliest: str | None, demand_from_p2: bool = False) -> dict:
    sheets = base_case(
        Settings=NO_DISCOUNT,
        Phases=two_phases(),
        Sites=[
            {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
             "earliest_phase": earliest},
            {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 20},
        ],
        Demand=demand(50, 50),
    )
    if demand_from_p2:  # no P1 row: 0
        sheets["Demand"] = [{"region": "R1", "phase": "P2", "demand_mw": 50}]
    return sheets


def test_earliest_phase_keeps_a_site_closed_before_it(solve_ok, tables):
    """S1 (fixed 10) may open only from P2; demand 50 in P1 needs S2 (20), which
    then also covers P2: optimum 20, S1 never opens (opening it would add 10)."""
    plan = solve_ok(earliest_case("P2"))
    assert plan.objective == approx(20.0)
    assert tables.opened(plan, "P1") == {"S2"} and tables.opened(plan, "P2") == {"S2"}


def test_earliest_phase_defaults_to_the_first_phase(solve_ok, tables):
    """earliest_phase blank = P1: S1 opens in P1 and serves both phases: 10."""
    plan = solve_ok(earliest_case(None))
    assert plan.objective == approx(10.0)
    assert tables.opened(plan, "P1") == {"S1"}


def test_site_opens_in_its_earliest_phase_when_demand_starts_there(solve_ok, tables):
    """Demand only in P2 (no P1 row = 0): S1 (earliest P2, fixed 10) opens in P2: 10."""
    plan = solve_ok(earliest_case("P2", demand_from_p2=True))
    assert plan.objective == approx(10.0)
    assert tables.opened(plan, "P1") == set() and tables.opened(plan, "P2") == {"S1"}


def force_case(force: dict[str, str], two_phase: bool = False, **s2: object) -> dict:
    sheets = base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
         "force": force.get("S1")},
        {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 20,
         "force": force.get("S2"), **s2},
    ])
    if two_phase:
        sheets.update(Settings=NO_DISCOUNT, Phases=two_phases(), Demand=demand(50, 50))
    return sheets


def test_force_open_site(solve_ok, tables):
    """S2 forced open (20) holds all 50 MW, so S1 (10) is not needed: 20."""
    plan = solve_ok(force_case({"S2": "open"}))
    assert plan.objective == approx(20.0)
    assert tables.opened(plan) == {"S2"}


def test_force_closed_site(solve_ok, tables):
    """S1 forced closed: S2 serves the 50 MW: 20."""
    plan = solve_ok(force_case({"S1": "closed"}))
    assert plan.objective == approx(20.0)
    assert tables.opened(plan) == {"S2"}


def test_force_open_from_earliest_phase(solve_ok, tables):
    """Two phases, demand 50 each. S2 forced open from its earliest phase P2:
    P1 S1 opens (10), P2 S2 opens (20), S1 stays open: 30."""
    plan = solve_ok(force_case({"S2": "open"}, two_phase=True, earliest_phase="P2"))
    assert plan.objective == approx(30.0)
    assert tables.opened(plan, "P1") == {"S1"}
    assert tables.opened(plan, "P2") == {"S1", "S2"}


def existing_site_case() -> dict:
    return base_case(
        Sites=[
            {"site": "S0", "area": "A", "type": "existing", "existing_mw": 50,
             "max_mw": 100, "fixed_cost_mjpy": 100, "capex_mjpy_per_mw": 1},
            {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
             "capex_mjpy_per_mw": 1},
        ],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 70}],
    )


def test_existing_site_is_open_from_the_start(solve_ok, tables):
    """S0 already runs 50 MW (existing_mw 50, fixed 100, capex 1/MW, max 100).
    Demand 70: S0 is open without paying its fixed cost; 20 more MW at S0 cost
    20 < S1 at 10 + 20 x 1 = 30. Optimum 20, new_it_mw 20 at S0."""
    plan = solve_ok(existing_site_case())
    assert plan.objective == approx(20.0)
    assert tables.opened(plan) == {"S0"}
    assert tables.site(plan, "S0")["it_mw"] == approx(70.0)
    assert tables.site(plan, "S0")["new_it_mw"] == approx(20.0)
    assert tables.cost(plan, "site_fixed") == approx(0.0)


def idle_existing_case() -> dict:
    return base_case(
        Sites=[{"site": "S0", "area": "A", "existing_mw": 50, "max_mw": 100,
                "fixed_cost_mjpy": 100, "capex_mjpy_per_mw": 1}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 10}],
    )


def test_existing_site_stays_open_without_demand(solve_ok, tables):
    """An existing 50 MW site with demand 10 keeps its 50 MW and costs nothing: 0."""
    plan = solve_ok(idle_existing_case())
    assert plan.objective == approx(0.0)
    assert tables.site(plan, "S0")["open"]
    assert tables.site(plan, "S0")["it_mw"] == approx(50.0)


CASES = {
    # every case a test above solves (solve_ok refuses others): id -> builder
    "open_monotone": open_monotone_case,
    "open_monotone_no_floor": lambda: open_monotone_case(min_clusters=None),
    "capacity_monotone": capacity_monotone_case,
    "capacity_max": capacity_max_case,
    "base": base_case,
    "capacity_split": split_case,
    "min_mw": lambda: min_mw_case(s2_fixed=30),
    "min_mw_blank": lambda: min_mw_case(s2_fixed=30, min_mw=None),
    "min_mw_held": lambda: min_mw_case(s2_fixed=50),
    "battery_monotone": battery_monotone_case,
    "earliest_p2": lambda: earliest_case("P2"),
    "earliest_blank": lambda: earliest_case(None),
    "earliest_p2_demand_from_p2": lambda: earliest_case("P2", demand_from_p2=True),
    "force_open": lambda: force_case({"S2": "open"}),
    "force_closed": lambda: force_case({"S1": "closed"}),
    "force_open_from_earliest": lambda: force_case({"S2": "open"}, two_phase=True,
                                                   earliest_phase="P2"),
    "existing_site": existing_site_case,
    "existing_site_idle": idle_existing_case,
}
