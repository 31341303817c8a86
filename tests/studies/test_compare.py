"""The Watt-Bit comparison (planner.studies.compare) and run --capacity-only, hand-derived."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pytest import approx

import planner
from planner.cli import main
from planner.errors import InputError
from planner.solver.options import SolveOptions
from planner.studies.compare import compare
from support.operations_cases import ops_case, profile_rows
from support.workbook import base_case, write_workbook

OPTIONS = SolveOptions(mip_gap=0.0, threads=1, random_seed=0, time_limit=120)


def solar_case() -> dict:
    """10 MW at S1 (capex 0) over three 8 h steps (2920 h each); grid 10 JPY/kWh; surplus
    15 MW in step 1 only, at 2 JPY/kWh.
    Share 0: 10 MW every step, surplus 10 in step 1: 2.92 x (10 x 20 + 2 x 10) = 642.4.
    Share 0.5: 5 MW must run each step and 15 MW-steps may run at any step; step 1 then runs
    at least 15, which surplus covers: grid 30 - 15 = 15 MW-steps, 2.92 x (10 x 15 + 2 x 15) = 525.6."""
    return ops_case(
        periods=[{"period": "D", "days": 365, "steps": 3, "step_hours": 8}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 10}],
        AreaSupply=[{"area": "A", "phase": "P1", "energy_price_jpy_per_kwh": 10, "surplus_mw": 15,
                     "surplus_profile": "noon", "surplus_price_jpy_per_kwh": 2}],
        Profiles=profile_rows("noon", {"D": [1, 0, 0]}),
    )


def test_compare_sets_the_shares_side_by_side(tmp_path: Path) -> None:
    case = planner.read_workbook(write_workbook(tmp_path / "solar.xlsx", solar_case()))
    table = compare(case, [0.0, 0.5], options=OPTIONS).set_index("variant")
    assert table.at["flexible 0%", "total_cost_mjpy"] == approx(642.4)
    assert table.at["flexible 50%", "total_cost_mjpy"] == approx(525.6)
    assert table.at["flexible 50%", "cost_vs_first_mjpy"] == approx(525.6 - 642.4)
    assert table.at["flexible 0%", "surplus_absorbed_gwh_per_year"] == approx(29.2)
    assert table.at["flexible 50%", "surplus_absorbed_gwh_per_year"] == approx(43.8)
    assert table.at["flexible 50%", "sites_changed_vs_first"] == ""


def test_compare_refuses_a_capacity_case_and_bad_shares(tmp_path: Path) -> None:
    case = planner.read_workbook(write_workbook(tmp_path / "cap.xlsx", base_case()))
    with pytest.raises(InputError, match="no Periods sheet"):
        compare(case, [0.0])
    ops = planner.read_workbook(write_workbook(tmp_path / "solar.xlsx", solar_case()))
    with pytest.raises(InputError, match="0..1, got 1.5"):
        compare(ops, [0.0, 1.5])


def test_run_capacity_only_ignores_periods(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Capacity mode: 10 MW x 8760 h at 10 JPY/kWh = 876 (load factor 1, no surplus)."""
    path = write_workbook(tmp_path / "solar.xlsx", solar_case())
    out = tmp_path / "cap_results.xlsx"
    assert main(["run", str(path), "-o", str(out), "--capacity-only", "--threads", "1",
                 "--mip-gap", "0", "--no-progress", "--no-values"]) == 0
    assert "capacity only" in capsys.readouterr().err
    sheets = pd.read_excel(out, sheet_name=None)
    assert "Operations" not in sheets
    summary = sheets["Summary"].set_index("metric")
    assert float(summary.at["objective_mjpy", "value"]) == approx(876.0)
