"""Reservations results sheet: the marginal value of reclaimed MW, hand-derived.

S1 (area A) costs 1 MJPY/MW, S2 (area B) 3 MJPY/MW, no fixed costs; R1 needs 50 MW.
A's supply 100 MW carries an 80 MW speculative reservation; reclaim_share 0.25 frees 20:
supply 40, so S1 builds 40 MW and S2 10 MW (cost 40 + 30 = 70). One more reclaimed MW
moves 1 MW from S2 to S1: worth 3 - 1 = 2 MJPY/MW. The plan uses all 20 MW reclaimed.
"""

from __future__ import annotations

import pytest

import planner
from support.workbook import base_case, write_workbook

SOLVE = {"threads": 1, "random_seed": 0, "mip_gap": 0.0}


def test_reclaimed_mw_value(tmp_path):
    sheets = base_case(
        Phases=[{"phase": "P1", "year": 2030, "years": 1, "reclaim_share": 0.25}],
        Areas=[{"area": "A", "name": "Area A"}, {"area": "B", "name": "Area B"}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1},
               {"site": "S2", "area": "B", "max_mw": 100, "capex_mjpy_per_mw": 3}],
        AreaSupply=[{"area": "A", "phase": "P1", "supply_mw": 100}],
        Reservations=[{"area": "A", "phase": "P1", "holder": "X", "mw": 80, "status": "speculative"}])
    plan = planner.solve(planner.read_workbook(write_workbook(tmp_path / "c.xlsx", sheets)), **SOLVE)
    assert plan.objective == pytest.approx(70.0)
    row = plan.tables["Reservations"].iloc[0]
    assert row["reclaimed_mw"] == pytest.approx(20.0)
    assert row["used_of_reclaimed_mw"] == pytest.approx(20.0)
    assert row["value_mjpy_per_mw"] == pytest.approx(2.0)
