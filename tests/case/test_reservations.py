"""Grid reservations (issue 16): hand-computed optima.

Areas A and B; S1 in A (fixed 10), S2 in B (fixed 20), both max 100 MW; R1 needs 50 MW;
A's supply is 100 MW in P1. An 80 MW speculative reservation in A leaves 100 - 80 = 20 MW,
too little for S1 alone: the optimum opens S2 (20). reclaim_share 0.5 releases 40 MW:
supply 60 >= 50, S1 opens again (10); the plan uses 50 - 20 = 30 MW of the 40 reclaimed.
"""

from __future__ import annotations

import pytest

import planner
from support.workbook import base_case, write_workbook

SOLVE = {"threads": 1, "random_seed": 0, "mip_gap": 0.0}


def _sheets(share=None, status="speculative", site=None, firm=None):
    phase = {"phase": "P1", "year": 2030, "years": 1}
    if share is not None:
        phase["reclaim_share"] = share
    s1 = {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10}
    if firm is not None:
        s1["grid_firm_mw"] = firm
    sheets = base_case(
        Phases=[phase],
        Areas=[{"area": "A", "name": "Area A"}, {"area": "B", "name": "Area B"}],
        Sites=[s1, {"site": "S2", "area": "B", "max_mw": 100, "fixed_cost_mjpy": 20}],
        AreaSupply=[{"area": "A", "phase": "P1", "supply_mw": 100}])
    if status is not None:
        row = {"area": "A", "phase": "P1", "holder": "X Corp", "mw": 80, "status": status}
        if site:
            row["site"] = site
        sheets["Reservations"] = [row]
    return sheets


def _solve(tmp_path, sheets):
    return planner.solve(planner.read_workbook(write_workbook(tmp_path / "case.xlsx", sheets)), **SOLVE)


def test_without_reservations_unchanged(tmp_path):
    plan = _solve(tmp_path, _sheets(status=None))
    assert plan.objective == pytest.approx(10.0)
    assert "Reservations" not in plan.tables


@pytest.mark.parametrize(("share", "cost"), [(0.0, 20.0), (0.25, 20.0), (0.375, 10.0), (0.5, 10.0), (1.0, 10.0)])
def test_reclaim_share_restores_supply(tmp_path, share, cost):
    # occupied = 80 (1 - share); S1 alone fits when 100 - occupied >= 50, i.e. share >= 0.375.
    plan = _solve(tmp_path, _sheets(share))
    assert plan.objective == pytest.approx(cost)
    row = plan.tables["Reservations"].iloc[0]
    assert row["reclaimed_mw"] == pytest.approx(80 * share)
    assert row["supply_after_mw"] == pytest.approx(100 - 80 * (1 - share))
    assert row["used_of_reclaimed_mw"] == pytest.approx(30.0 if cost == 10.0 else 0.0)


def test_committed_reservations_are_not_reclaimed(tmp_path):
    plan = _solve(tmp_path, _sheets(1.0, status="committed"))
    assert plan.objective == pytest.approx(20.0)
    assert plan.tables["Reservations"].iloc[0]["reclaimed_mw"] == 0.0


def test_site_reservation_occupies_its_firm_connection(tmp_path):
    # S1's firm connection 120 MW minus the 80 MW reserved there = 40 < 50: S2 opens.
    sheets = _sheets(0.0, site="S1", firm=120)
    sheets["AreaSupply"][0]["supply_mw"] = 1000
    assert _solve(tmp_path, sheets).objective == pytest.approx(20.0)


def test_bad_reservation_names_the_cell(tmp_path):
    sheets = _sheets(0.0)
    sheets["Reservations"][0].update(area="Z", status="maybe", mw=-1)
    with pytest.raises(planner.InputError) as info:
        _solve(tmp_path, sheets)
    text = "\n".join(info.value.problems)
    assert "Reservations!A2: area 'Z'" in text and "Reservations!E2: status" in text
    assert "Reservations!D2: mw" in text
