"""Generated zone and corridor keys live in their own namespace (FORMULATION.md §1).

A landing with a blank ``zone`` is a zone of its own, and a route with a blank
``corridor`` is a corridor of its own. No text a planner types can name that
zone or corridor: a zone literally called ``landing:L1`` is not landing L1's own
zone, and a corridor called ``route:R1`` is not route R1's own corridor.

Every case: one phase, year = base year, years = 1, so d = w = 1 and the
objective is the plain sum of fixed costs and capex. The one IX is existing
(capex 0), so cables and routes can always reach it.
"""

from __future__ import annotations

import pytest
from support.workbook import base_case

from planner.model.data import model_data


def approx(value: float):
    return pytest.approx(value, rel=1e-9, abs=1e-6)


IX = [{"ix": "X", "existing": True}]


def _zone_case(zone_of_l2: str) -> dict:
    """Three cables of 10 Tbps, 20 Tbps needed, no zone above half of what is built.

    L1 has a blank zone, L2 has zone ``zone_of_l2`` and L3 zone ``Other``.
    K1 at L1 costs 100, K2 at L2 200, K3 at L3 1000. Base sites: S1 (fixed 10)
    serves the 50 MW.
    """
    return base_case(
        Phases=[{"phase": "P1", "year": 2030, "years": 1, "intl_demand_tbps": 20,
                 "max_landing_zone_share": 0.5}],
        IX=IX,
        Landings=[{"landing": "L1"}, {"landing": "L2", "zone": zone_of_l2},
                  {"landing": "L3", "zone": "Other"}],
        Cables=[
            {"cable": "K1", "landing": "L1", "ix": "X", "tbps": 10, "capex_mjpy": 100},
            {"cable": "K2", "landing": "L2", "ix": "X", "tbps": 10, "capex_mjpy": 200},
            {"cable": "K3", "landing": "L3", "ix": "X", "tbps": 10, "capex_mjpy": 1000},
        ],
    )


@pytest.mark.parametrize("zone_of_l2", ["landing:L1", "L1", "landing: L1", "LANDING:L1"])
def test_user_zone_named_like_a_blank_zone_is_another_zone(solve_ok, tables, zone_of_l2):
    """Contract: L1's own zone and zone ``zone_of_l2`` are two zones, each holding 10 Tbps.

    K1 + K2 = 20 Tbps meets the demand, each zone holds 10/20 = 0.5 <= 0.5; any
    plan with K3 costs at least 100 + 1000. Optimum 10 (S1) + 100 + 200 = 310.
    (Merging L1 with L2 puts 20/20 in one zone: K1 + K3 would be needed, 1110.)
    """
    plan = solve_ok(_zone_case(zone_of_l2))
    assert plan.objective == approx(310.0)
    assert tables.built(plan, "cable") == {"K1": "P1", "K2": "P1"}


def test_landings_sharing_a_typed_zone_are_one_zone(solve_ok, tables):
    """Control: L1 and L2 both typed ``Boso`` are one zone (20/20 with K1 + K2 is over
    half), so K3 elsewhere is needed with the cheaper of K1, K2: 10 + 100 + 1000 = 1110."""
    sheets = _zone_case("Boso")
    sheets["Landings"][0]["zone"] = "Boso"
    plan = solve_ok(sheets)
    assert plan.objective == approx(1110.0)
    assert tables.built(plan, "cable") == {"K1": "P1", "K3": "P1"}


def _corridor_case(corridor_of_r2: str) -> dict:
    """S1 (fixed 10) needs 2 diverse corridors; S2 (fixed 200) needs none.

    Routes from S1 to X: R1 (blank corridor, capex 5), R2 (corridor
    ``corridor_of_r2``, capex 7), R3 (corridor C, capex 100).
    """
    return base_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
                "required_routes": 2},
               {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 200}],
        IX=IX,
        Routes=[
            {"route": "R1", "site": "S1", "ix": "X", "capex_mjpy": 5},
            {"route": "R2", "site": "S1", "ix": "X", "corridor": corridor_of_r2, "capex_mjpy": 7},
            {"route": "R3", "site": "S1", "ix": "X", "corridor": "C", "capex_mjpy": 100},
        ],
    )


@pytest.mark.parametrize("corridor_of_r2", ["route:R1", "R1", "corridor:R1"])
def test_user_corridor_named_like_a_blank_corridor_is_another_corridor(solve_ok, tables,
                                                                       corridor_of_r2):
    """Contract: R1's own corridor and corridor ``corridor_of_r2`` are two corridors.

    Opening S1 takes 2 corridors: R1 + R2 = 12 is the cheapest pair, so S1 costs
    10 + 12 = 22 < 200 (S2). Optimum 22. (Merging R1 with R2 would need R3:
    min(10 + 5 + 100, 200) = 115.)
    """
    plan = solve_ok(_corridor_case(corridor_of_r2))
    assert plan.objective == approx(22.0)
    assert tables.built(plan, "route") == {"R1": "P1", "R2": "P1"}
    assert tables.opened(plan) == {"S1"}


def test_routes_sharing_a_typed_corridor_are_one_corridor(solve_ok, tables):
    """Control: R1 and R2 both in corridor ``C2`` count once, so S1 needs R3:
    min(10 + 5 + 100, 200) = 115 with R1 + R3."""
    sheets = _corridor_case("C2")
    sheets["Routes"][0]["corridor"] = "C2"
    plan = solve_ok(sheets)
    assert plan.objective == approx(115.0)
    assert tables.built(plan, "route") == {"R1": "P1", "R3": "P1"}


def test_keys_are_not_text_and_show_as_planners_wrote_them(tmp_path):
    """Keys of generated groups cannot equal any typed text; ``group_label`` shows a blank
    zone as its landing's id and a blank corridor as its route's id, typed ones as typed."""
    from support.workbook import write_workbook

    import planner
    from planner.model.data import group_label

    sheets = _zone_case("landing:L1")
    sheets["Sites"][0]["required_routes"] = 1
    sheets["Routes"] = [
        {"route": "R1", "site": "S1", "ix": "X"},
        {"route": "R2", "site": "S1", "ix": "X", "corridor": "route:R1"},
    ]
    d = model_data(planner.read_workbook(write_workbook(tmp_path / "keys.xlsx", sheets)))
    zones = d.cable_zone
    assert len({zones["K1"], zones["K2"], zones["K3"]}) == 3
    assert not any(isinstance(z, str) for z in zones.values())
    assert [group_label(zones[k]) for k in ("K1", "K2", "K3")] == ["L1", "landing:L1", "Other"]
    corridors = d.route_corridor
    assert corridors["R1"] != corridors["R2"]
    assert not any(isinstance(q, str) for q in corridors.values())
    assert [group_label(corridors[r]) for r in ("R1", "R2")] == ["R1", "route:R1"]
    assert sorted(d.site_corridors("S1"), key=repr) == sorted(corridors.values(), key=repr)
