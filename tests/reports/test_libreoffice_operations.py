"""An operations-mode results workbook opens in LibreOffice (headless convert) with the
operations sheets and the DayCharts chart (issue 14). Skipped where LibreOffice is absent."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

import planner
from planner.solver.options import SolveOptions
from support.operations_cases import ops_case, profile_rows
from support.workbook import write_workbook

OPERATIONS_SHEETS = {"Operations", "AreaEnergy", "Shift", "RouteUse", "DayCharts", "Headroom"}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not on PATH")
def test_operations_results_survive_a_libreoffice_round_trip(tmp_path: Path) -> None:
    sheets = ops_case(
        periods=[{"period": "D", "days": 365, "steps": 3, "step_hours": 8}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "lat": 35.0, "lon": 139.0, "grid_firm_mw": 30}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 10}],
        AreaSupply=[{"area": "A", "phase": "P1", "energy_price_jpy_per_kwh": 10, "supply_mw": 20,
                     "surplus_mw": 8, "surplus_profile": "solar", "surplus_price_jpy_per_kwh": 2}],
        Profiles=profile_rows("solar", {"D": [1, 0.5, 0]}))
    plan = planner.solve(planner.read_workbook(write_workbook(tmp_path / "in.xlsx", sheets)),
                         options=SolveOptions(mip_gap=0.0, threads=1, random_seed=0))
    assert plan.status == "optimal"
    path = plan.to_excel(tmp_path / "results.xlsx")
    out = tmp_path / "converted"
    out.mkdir()
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo_profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)}, check=False)
    assert result.returncode == 0, result.stderr
    converted = load_workbook(out / "results.xlsx")
    assert OPERATIONS_SHEETS <= set(converted.sheetnames)
    assert len(converted["DayCharts"]._charts) >= 1
    original = load_workbook(path)
    for name in ("Operations", "AreaEnergy"):  # the same numbers after LibreOffice saved them
        assert [r for r in converted[name].iter_rows(values_only=True)] == \
            [r for r in original[name].iter_rows(values_only=True)]
