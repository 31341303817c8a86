"""Policy family, hand-computed: policy_hub_share, policy_min_clusters,
policy_max_clusters, policy_capex_budget.
"""

from __future__ import annotations

import pytest

from support.workbook import base_case


def approx(value: float):
    return pytest.approx(value, rel=1e-9, abs=1e-6)


def phase(**policy: object) -> list[dict[str, object]]:
    return [{"phase": "P1", "year": 2030, "years": 1, **policy}]


# --- policy_hub_share -------------------------------------------------------------


def hub_case(share: float | None = 0.4, existing: float | None = None) -> dict:
    return base_case(
        Phases=phase(max_new_hub_share=share),
        Sites=[
            {"site": "S1", "area": "A", "hub": True, "existing_mw": existing, "max_mw": 100,
             "capex_mjpy_per_mw": 1},
            {"site": "S2", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 2},
        ],
    )


def test_policy_hub_share_caps_new_hub_capacity(solve_ok, solve_dropped, tables):
    """Demand 50; hub S1 1/MW, S2 2/MW; at most 40% of new MW in hubs:
    c1 <= 0.4 (c1 + c2)  <=>  c1 <= 2/3 c2. With c1 + c2 = 50: c2 = 30, c1 = 20:
    20 + 60 = 80. Dropped (or share blank): all 50 at S1: 50."""
    sheets = hub_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(80.0)
    assert tables.site(plan, "S1")["it_mw"] == approx(20.0)
    assert tables.site(plan, "S2")["it_mw"] == approx(30.0)
    assert solve_dropped(sheets, "policy_hub_share") == approx(50.0)
    assert solve_ok(hub_case(share=None)).objective == approx(50.0)


def test_hub_share_counts_only_capacity_added(solve_ok, solve_dropped, tables):
    """S1 already runs 30 MW (existing, not new). 20 more MW needed:
    n1 <= 0.4 (n1 + c2) with n1 + c2 = 20: n1 = 8, c2 = 12: 8 + 24 = 32.
    Dropped: 20 new MW at S1: 20."""
    sheets = hub_case(existing=30)
    plan = solve_ok(sheets)
    assert plan.objective == approx(32.0)
    assert tables.site(plan, "S1")["new_it_mw"] == approx(8.0)
    assert tables.site(plan, "S2")["it_mw"] == approx(12.0)
    assert solve_dropped(sheets, "policy_hub_share") == approx(20.0)


def hub_since_start_case() -> dict:
    sheets = hub_case()
    sheets.update(
        Settings=[{"key": "discount_rate", "value": 0}],
        Phases=[{"phase": "P1", "year": 2030, "years": 1},
                {"phase": "P2", "year": 2035, "years": 1, "max_new_hub_share": 0.4}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 50},
                {"region": "R1", "phase": "P2", "demand_mw": 100}],
    )
    return sheets


def test_hub_share_counts_capacity_added_since_the_start(solve_ok, tables):
    """Two phases, no discount; demand 50 in P1, 100 in P2; cap 40% only in P2.
    The cap covers all MW added since the start, not just in P2:
    c1 <= 2/3 c2 and c1 + c2 = 100 in P2: c1 = 40, c2 = 60 (P1 needs S2 >= 10,
    fine). Capex 40 x 1 + 60 x 2 = 160.
    (Were it only the MW added within P2: P1 50 at S1, P2 +20 S1 +30 S2: 130.)"""
    plan = solve_ok(hub_since_start_case())
    assert plan.objective == approx(160.0)
    assert tables.site(plan, "S1", "P2")["it_mw"] == approx(40.0)
    assert tables.site(plan, "S2", "P2")["it_mw"] == approx(60.0)


# --- policy_min_clusters ----------------------------------------------------------


def clusters_case(minimum: int | None = None, maximum: int | None = None,
                  extra: list | None = None) -> dict:
    return base_case(
        Phases=phase(min_clusters=minimum, max_clusters=maximum),
        Sites=[
            {"site": "C1", "area": "A", "type": "cluster", "max_mw": 30, "fixed_cost_mjpy": 10},
            {"site": "C2", "area": "A", "type": "cluster", "max_mw": 30, "fixed_cost_mjpy": 20},
            *(extra or []),
        ],
    )


REGIONAL = [{"site": "R", "area": "A", "type": "regional", "max_mw": 100, "fixed_cost_mjpy": 1}]
WELCOME = [{"site": "W", "area": "A", "type": "welcome", "max_mw": 30, "fixed_cost_mjpy": 25}]
EXISTING_CLUSTER = [{"site": "C0", "area": "A", "type": "cluster", "existing_mw": 50,
                     "max_mw": 100}]
TYPE_EXISTING = [{"site": "E", "area": "A", "type": "existing", "existing_mw": 50, "max_mw": 100}]


def test_policy_min_clusters_opens_clusters(solve_ok, solve_dropped, tables):
    """Demand 50; clusters C1 (10) and C2 (20), 30 MW each; regional R (fixed 1,
    100 MW) does not count as a cluster. At least 2 clusters open: C1 + C2 = 30
    (60 MW, R not needed). Dropped (or blank): R alone: 1."""
    sheets = clusters_case(minimum=2, extra=REGIONAL)
    plan = solve_ok(sheets)
    assert plan.objective == approx(30.0)
    assert tables.opened(plan) == {"C1", "C2"}
    assert solve_dropped(sheets, "policy_min_clusters") == approx(1.0)
    assert solve_ok(clusters_case(extra=REGIONAL)).objective == approx(1.0)


def test_existing_cluster_counts_as_open(solve_ok, tables):
    """C0 (type cluster, existing 50 MW) serves the demand for free and counts:
    min_clusters 2 needs one more: C1: 10."""
    plan = solve_ok(clusters_case(minimum=2, extra=EXISTING_CLUSTER))
    assert plan.objective == approx(10.0)
    assert tables.opened(plan) == {"C0", "C1"}


def test_type_existing_site_is_not_a_cluster(solve_ok, tables):
    """E (type existing, 50 MW running) does not count: C1 + C2 must open: 30."""
    plan = solve_ok(clusters_case(minimum=2, extra=TYPE_EXISTING))
    assert plan.objective == approx(30.0)
    assert tables.opened(plan) == {"C1", "C2", "E"}


# --- policy_max_clusters ----------------------------------------------------------


def test_policy_max_clusters_limits_clusters(solve_ok, solve_dropped, tables):
    """Demand 50; clusters C1 (10), C2 (20), 30 MW each, welcome W (fixed 25, 30 MW).
    Free: C1 + C2 = 30 (C1 + W = 35). At most 1 cluster: C1 + W = 35.
    Dropped: 30."""
    sheets = clusters_case(maximum=1, extra=WELCOME)
    plan = solve_ok(sheets)
    assert plan.objective == approx(35.0)
    assert tables.opened(plan) == {"C1", "W"}
    assert solve_dropped(sheets, "policy_max_clusters") == approx(30.0)


# --- policy_capex_budget ----------------------------------------------------------


def budget_case(budget: float | None = 60) -> dict:
    return base_case(
        Phases=phase(capex_budget_mjpy=budget),
        Sites=[
            {"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 2},
            {"site": "S2", "area": "A", "max_mw": 100, "fom_mjpy_per_mw_year": 3},
        ],
    )


def test_policy_capex_budget_shifts_to_opex(solve_ok, solve_dropped, tables):
    """Demand 50; S1 capex 2/MW, S2 no capex but fom 3/MW/yr (1 year).
    Free: 50 at S1: 100. Budget 60 of capex: S1 30 MW (60), S2 20 MW (60 fom):
    120. Dropped (or budget blank): 100."""
    sheets = budget_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(120.0)
    assert tables.site(plan, "S1")["it_mw"] == approx(30.0)
    assert tables.site(plan, "S2")["it_mw"] == approx(20.0)
    assert tables.cost(plan, "site_capacity", column="undiscounted_mjpy") == approx(60.0)
    assert solve_dropped(sheets, "policy_capex_budget") == approx(100.0)
    assert solve_ok(budget_case(budget=None)).objective == approx(100.0)


def discounted_budget_case() -> dict:
    sheets = budget_case()
    sheets.update(
        Settings=[{"key": "discount_rate", "value": 0.25}],
        Phases=[{"phase": "P1", "year": 2030, "years": 1},
                {"phase": "P2", "year": 2031, "years": 1, "capex_budget_mjpy": 60}],
        Demand=[{"region": "R1", "phase": "P2", "demand_mw": 50}],
    )
    return sheets


def test_capex_budget_is_undiscounted(solve_ok, solve_dropped, tables):
    """Discount 25%, P1 2030 (d 1), P2 2031 (d 0.8); demand 50 only in P2.
    S1 capex 2/MW costs 2 in P1 or 0.8 x 2 = 1.6 in P2; S2 fom 3/MW/yr costs
    0.8 x 3 = 2.4 in P2. Budget 60 in P2 (undiscounted) allows 30 MW of S1 in
    P2 (48 PV); the other 20 MW at S1 in P1 (40) beat S2 (48):
    optimum 40 + 48 = 88. (A discounted budget would allow 37.5 MW in P2: 85.)
    Dropped: all 50 MW in P2: 80."""
    sheets = discounted_budget_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(88.0)
    assert tables.site(plan, "S1", "P1")["it_mw"] == approx(20.0)
    assert tables.site(plan, "S1", "P2")["new_it_mw"] == approx(30.0)
    assert tables.cost(plan, "site_capacity", "P2", "undiscounted_mjpy") == approx(60.0)
    assert tables.cost(plan, "site_capacity", "P2") == approx(48.0)
    assert solve_dropped(sheets, "policy_capex_budget") == approx(80.0)


def budget_builds_case() -> dict:
    return base_case(
        Phases=phase(capex_budget_mjpy=20),
        Sites=[
            {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
             "required_routes": 1},
            {"site": "S2", "area": "A", "max_mw": 100, "fom_mjpy_per_mw_year": 0.6},
        ],
        IX=[{"ix": "X1", "area": "A", "existing": True}],
        Routes=[{"route": "L1", "site": "S1", "ix": "X1", "capex_mjpy": 15}],
    )


def test_capex_budget_counts_build_options(solve_ok, solve_dropped, tables):
    """S1 (fixed 10) needs route L1 (15): capex 25; S2 has no capex but fom
    0.6/MW/yr x 50 = 30. Free: 25 at S1. Budget 20 excludes S1's 25 of capex
    (site + route): S2, 30. Dropped: 25."""
    sheets = budget_builds_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(30.0)
    assert tables.opened(plan) == {"S2"}
    assert tables.built(plan, "route") == {}
    assert solve_dropped(sheets, "policy_capex_budget") == approx(25.0)


CASES = {
    # every case a test above solves (solve_ok refuses others): id -> builder
    "hub_share": hub_case,
    "hub_share_blank": lambda: hub_case(share=None),
    "hub_share_existing": lambda: hub_case(existing=30),
    "hub_share_since_start": hub_since_start_case,
    "min_clusters": lambda: clusters_case(minimum=2, extra=REGIONAL),
    "min_clusters_blank": lambda: clusters_case(extra=REGIONAL),
    "min_clusters_existing_cluster": lambda: clusters_case(minimum=2, extra=EXISTING_CLUSTER),
    "min_clusters_type_existing": lambda: clusters_case(minimum=2, extra=TYPE_EXISTING),
    "max_clusters": lambda: clusters_case(maximum=1, extra=WELCOME),
    "budget": budget_case,
    "budget_blank": lambda: budget_case(budget=None),
    "budget_undiscounted": discounted_budget_case,
    "budget_builds": budget_builds_case,
}
