"""Headroom (issue 16 point 4): the welcome-zone leftovers equal the hand-derived figures."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from pytest import approx

import planner
from planner.solver.options import SolveOptions
from support.operations_cases import ops_case, profile_rows
from support.workbook import base_case, write_workbook

OPTIONS = SolveOptions(mip_gap=0.0, threads=1, random_seed=0, time_limit=60)


def headroom(tmp_path: Path, sheets: dict) -> pd.DataFrame:
    plan = planner.solve(planner.read_workbook(write_workbook(tmp_path / "in.xlsx", sheets)),
                         options=OPTIONS)
    assert plan.status == "optimal", plan.messages
    return plan.tables["Headroom"]


def row(table: pd.DataFrame, level: str, key: str) -> pd.Series:
    column = "site" if level == "site" else "area"
    found = table[(table["level"] == level) & (table[column] == key)]
    assert len(found) == 1, found
    return found.iloc[0]


def test_capacity_mode_leftovers(tmp_path: Path) -> None:
    """Demand 30 at S1 (pue 1.5, firm 80, non-firm 10, no battery): draw 45, firm left
    80 - 45 = 35, non-firm left 10. Area A supplies 100: 100 - 45 = 55 left. A newcomer at
    S1 can connect min(35, 55) = 35 MW; at S2 (no connection limit) the area's 55."""
    table = headroom(tmp_path, base_case(
        Areas=[{"area": "A", "name": "Area A"}],
        AreaSupply=[{"area": "A", "phase": "P1", "supply_mw": 100}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 40, "capex_mjpy_per_mw": 1, "pue": 1.5,
                "grid_firm_mw": 80, "grid_nonfirm_mw": 10},
               {"site": "S2", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 3}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 30}]))
    s1 = row(table, "site", "S1")
    assert (s1["firm_mw"], s1["draw_mw"], s1["firm_left_mw"]) == (approx(80), approx(45), approx(35))
    assert (s1["nonfirm_mw"], s1["nonfirm_used_mw"], s1["nonfirm_left_mw"]) == (approx(10), 0, approx(10))
    assert s1["connectable_mw"] == approx(35)
    s2 = row(table, "site", "S2")
    assert math.isnan(s2["firm_mw"]) and s2["draw_mw"] == approx(0) and s2["connectable_mw"] == approx(55)
    area = row(table, "area", "A")
    assert (area["firm_mw"], area["draw_mw"], area["firm_left_mw"]) == (approx(100), approx(45), approx(55))


def test_built_reinforcement_counts_in_the_connection(tmp_path: Path) -> None:
    """S1 firm 30 (pue 1.5) plus reinforcement G1 of 30 MW (capex 25, built: 95 < 110):
    S1 holds 40 IT MW, draw 60 = firm 60, nothing left; area A (supply 100) keeps 40."""
    table = headroom(tmp_path, base_case(
        AreaSupply=[{"area": "A", "phase": "P1", "supply_mw": 100}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1, "pue": 1.5,
                "grid_firm_mw": 30},
               {"site": "S2", "area": "B", "max_mw": 100, "capex_mjpy_per_mw": 3}],
        Areas=[{"area": "A", "name": "A"}, {"area": "B", "name": "B"}],
        Grid=[{"project": "G1", "kind": "site", "site": "S1", "mw": 30, "capex_mjpy": 25}]))
    s1 = row(table, "site", "S1")
    assert (s1["firm_mw"], s1["draw_mw"], s1["firm_left_mw"], s1["connectable_mw"]) == (
        approx(60), approx(60), approx(0), approx(0))
    assert row(table, "area", "A")["firm_left_mw"] == approx(40)
    assert set(table.loc[table["level"] == "area", "area"]) == {"A"}  # B has no supply limit


def test_operations_mode_takes_the_tightest_step(tmp_path: Path) -> None:
    """10 MW flat at S1 (pue 1, firm 15) over three 8 h steps; surplus 8 x (1, 0.5, 0) is used
    first, so the grid gives h = (2, 6, 10); supply 20 x (1, 1, 0.6) = (20, 20, 12) leaves
    (18, 14, 2): the tightest step leaves 2 of 12. S1 peaks at 10: 5 left, connectable 2."""
    table = headroom(tmp_path, ops_case(
        periods=[{"period": "D", "days": 365, "steps": 3, "step_hours": 8}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "pue": 1, "grid_firm_mw": 15}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 10}],
        AreaSupply=[{"area": "A", "phase": "P1", "energy_price_jpy_per_kwh": 10, "supply_mw": 20,
                     "supply_profile": "evening", "surplus_mw": 8, "surplus_profile": "solar",
                     "surplus_price_jpy_per_kwh": 2}],
        Profiles=profile_rows("solar", {"D": [1, 0.5, 0]}) + profile_rows("evening", {"D": [1, 1, 0.6]})))
    area = row(table, "area", "A")
    assert (area["firm_mw"], area["draw_mw"], area["firm_left_mw"]) == (approx(12), approx(10), approx(2))
    s1 = row(table, "site", "S1")
    assert (s1["draw_mw"], s1["firm_left_mw"], s1["connectable_mw"]) == (approx(10), approx(5), approx(2))


@pytest.mark.parametrize("column", ["firm_left_mw", "nonfirm_left_mw", "connectable_mw"])
def test_leftovers_are_never_negative(tmp_path: Path, column: str) -> None:
    table = headroom(tmp_path, base_case(
        AreaSupply=[{"area": "A", "phase": "P1", "supply_mw": 20}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "grid_firm_mw": 10, "grid_nonfirm_mw": 5,
                "battery_capex_mjpy_per_mw": 1}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 15}]))
    assert (table[column].dropna() >= -1e-9).all()
