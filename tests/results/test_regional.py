"""Regional KPIs in Summary (issue 16 point 5), hand-derived."""

from __future__ import annotations

from pathlib import Path

from pytest import approx

import planner
from planner.solver.options import SolveOptions
from support.workbook import base_case, write_workbook


def test_new_capacity_outside_the_hubs_per_phase(tmp_path: Path) -> None:
    """P1: 30 MW at the hub H (fixed 0, capex 1/MW, cheaper) and nothing else; P2: demand 80,
    H capped at 30, so 50 MW open at R (fixed 10, capex 2/MW) in area B.
    Discounting (3 %) makes opening R only in P2 cheapest.
    P1: outside 0 MW (share 0, capex 0, 1 area); P2: 50 MW of 50 (share 1), capex 10 + 100, 1 area."""
    sheets = base_case(
        Phases=[{"phase": "P1", "year": 2030, "years": 1}, {"phase": "P2", "year": 2031, "years": 1}],
        Areas=[{"area": "A", "name": "A"}, {"area": "B", "name": "B"}],
        Sites=[{"site": "H", "area": "A", "hub": True, "max_mw": 30, "capex_mjpy_per_mw": 1},
               {"site": "R", "area": "B", "max_mw": 100, "fixed_cost_mjpy": 10, "capex_mjpy_per_mw": 2}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 30}, {"region": "R1", "phase": "P2", "demand_mw": 80}],
    )
    plan = planner.solve(planner.read_workbook(write_workbook(tmp_path / "r.xlsx", sheets)),
                         options=SolveOptions(mip_gap=0.0, threads=1, random_seed=0))
    assert plan.status == "optimal"
    summary = plan.tables["Summary"].set_index("metric")["value"]
    assert float(summary["new_it_mw_outside_hubs:P1"]) == approx(0.0)
    assert float(summary["areas_gaining_capacity:P1"]) == 1
    assert float(summary["new_it_mw_outside_hubs:P2"]) == approx(50.0)
    assert float(summary["new_it_share_outside_hubs:P2"]) == approx(1.0)
    assert float(summary["site_capex_outside_hubs_mjpy:P2"]) == approx(110.0)
    assert float(summary["areas_gaining_capacity:P2"]) == 1
