"""Resilience family, hand-computed: resilience_site_survival and
resilience_intl_survival (footprints of sites, landings and IXs).
"""

from __future__ import annotations

import pytest

from support.workbook import base_case


def approx(value: float):
    return pytest.approx(value, rel=1e-9, abs=1e-6)


# --- resilience_site_survival ---------------------------------------------------


def site_hazard_case(share: float | None = 0.5, penalty: float | None = None) -> dict:
    sheets = base_case(
        Sites=[
            {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
             "capex_mjpy_per_mw": 1},
            {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 20,
             "capex_mjpy_per_mw": 2},
        ],
        Hazards=[{"hazard": "H", "name": "Nankai quake", "survive_share": share}],
        HazardFootprint=[{"hazard": "H", "kind": "site", "id": "S1"}],
    )
    if penalty is not None:
        sheets["Settings"] = [{"key": "unserved_penalty_mjpy_per_mw_year", "value": penalty}]
    return sheets


def test_resilience_site_survival_needs_capacity_outside_the_footprint(
        solve_ok, solve_dropped, tables):
    """Demand 50; hazard H hits S1 and half the demand must survive: >= 25 MW
    outside S1. S1: fixed 10, 1/MW; S2: fixed 20, 2/MW.
    S2 alone: 20 + 50 x 2 = 120; S1 + S2 with 25 each: 10 + 20 + 25 + 50 = 105.
    Optimum 105. Dropped (or survive_share blank = 0): S1 alone 10 + 50 = 60."""
    sheets = site_hazard_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(105.0)
    tables.assert_it_mw(plan, {"S1": 25.0, "S2": 25.0})
    resilience = plan.tables["Resilience"].set_index("hazard")
    assert resilience.loc["H", "surviving_mw"] == approx(25.0)
    assert resilience.loc["H", "required_mw"] == approx(25.0)
    assert solve_dropped(sheets, "resilience_site_survival") == approx(60.0)
    plan = solve_ok(site_hazard_case(share=None))
    assert plan.objective == approx(60.0)
    assert tables.opened(plan) == {"S1"}


def test_resilience_counts_total_demand_served_or_not(solve_ok, tables):
    """Unserved penalty 0.5/MW/yr: without the hazard, leaving 50 MW unserved
    (25) beats S1 (60). With it, 25 MW must exist outside S1 whatever is served:
    S2 20 + 25 x 2 = 70; those 25 MW serve for free; the other 25: S1 would
    cost 10 + 25 = 35 > 25 x 0.5 = 12.5 unserved. Optimum 70 + 12.5 = 82.5."""
    plan = solve_ok(site_hazard_case(penalty=0.5))
    assert plan.objective == approx(82.5)
    assert tables.opened(plan) == {"S2"}
    assert plan.tables["Unserved"]["mw"].sum() == approx(25.0)
    assert solve_ok(site_hazard_case(share=None, penalty=0.5)).objective == approx(25.0)


# --- resilience_intl_survival ---------------------------------------------------


def intl_hazard_case(kind: str = "landing", ident: str = "LA", share: float = 0.5) -> dict:
    return base_case(
        Phases=[{"phase": "P1", "year": 2030, "years": 1, "intl_demand_tbps": 10}],
        IX=[{"ix": "X1", "area": "A", "existing": True},
            {"ix": "X2", "area": "A", "existing": True}],
        Landings=[{"landing": "LA", "zone": "Boso"}, {"landing": "LB", "zone": "Shima"}],
        Cables=[
            {"cable": "K1", "landing": "LA", "ix": "X1", "tbps": 10, "capex_mjpy": 5},
            {"cable": "K2", "landing": "LB", "ix": "X2", "tbps": 5, "capex_mjpy": 3},
            {"cable": "K3", "landing": "LB", "ix": "X2", "tbps": 10, "capex_mjpy": 9},
        ],
        Hazards=[{"hazard": "H", "intl_survive_share": share}],
        HazardFootprint=[{"hazard": "H", "kind": kind, "id": ident}],
    )


def test_resilience_intl_survival_needs_cables_outside_the_footprint(
        solve_ok, solve_dropped, tables):
    """10 Tbps needed; hazard H hits landing LA, half must survive: >= 5 Tbps on
    cables not landing at LA. K1 (LA, 10 Tbps, 5) alone fails that;
    K1 + K2 (LB, 5 Tbps, 3) = 8; K3 (LB, 10 Tbps) alone = 9. Optimum S1 10 + 8 = 18.
    Dropped: K1 alone: 15."""
    sheets = intl_hazard_case()
    plan = solve_ok(sheets)
    assert plan.objective == approx(18.0)
    assert tables.built(plan, "cable") == {"K1": "P1", "K2": "P1"}
    resilience = plan.tables["Resilience"].set_index("hazard")
    assert resilience.loc["H", "surviving_tbps"] == approx(5.0)
    assert resilience.loc["H", "required_tbps"] == approx(5.0)
    assert solve_dropped(sheets, "resilience_intl_survival") == approx(15.0)


def test_intl_survival_footprint_on_the_ix(solve_ok, tables):
    """The same with the footprint on IX X1 (K1's backhaul) instead: 18."""
    plan = solve_ok(intl_hazard_case(kind="ix", ident="X1"))
    assert plan.objective == approx(18.0)
    assert tables.built(plan, "cable") == {"K1": "P1", "K2": "P1"}


def test_full_intl_survival(solve_ok, tables):
    """All 10 Tbps must survive LA: K2 (5) is not enough, K3 (9) is: 10 + 9 = 19."""
    plan = solve_ok(intl_hazard_case(share=1.0))
    assert plan.objective == approx(19.0)
    assert tables.built(plan, "cable") == {"K3": "P1"}


CASES = {
    # every case a test above solves (solve_ok refuses others): id -> builder
    "site_survival": site_hazard_case,
    "site_survival_blank": lambda: site_hazard_case(share=None),
    "site_survival_penalty": lambda: site_hazard_case(penalty=0.5),
    "site_survival_blank_penalty": lambda: site_hazard_case(share=None, penalty=0.5),
    "intl_survival": intl_hazard_case,
    "intl_survival_ix": lambda: intl_hazard_case(kind="ix", ident="X1"),
    "intl_survival_full": lambda: intl_hazard_case(share=1.0),
}
