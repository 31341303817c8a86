"""Synthetic operations-mode cases (planner.synth.operations, ``wattbit synth --periods P --steps K``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import planner
from planner import synth
from planner.cli import main
from planner.solver.options import SolveOptions
from planner.synth.operations import BATTERY_EFFICIENCY, MAX_DIP

SUPPLY_COLUMNS = ("supply_profile", "price_profile", "surplus_mw", "surplus_profile", "surplus_price_jpy_per_kwh")
SITE_COLUMNS = ("battery_hours", "battery_efficiency", "cogen_max_mw", "cogen_capex_mjpy_per_mw",
                "cogen_fuel_jpy_per_kwh")


def _values(rows: dict) -> dict[tuple[str, str, int], float]:
    return {(r["profile"], r["period"], r["step"]): r["value"] for r in rows["Profiles"]}


def test_deterministic_and_zero_periods_is_the_capacity_case() -> None:
    first = synth.generate(40, 2, seed=3, periods=3, steps=6)
    assert first == synth.generate(40, 2, seed=3, periods=3, steps=6)
    assert first != synth.generate(40, 2, seed=4, periods=3, steps=6)
    plain = synth.generate(40, 2, seed=3)
    assert synth.generate(40, 2, seed=3, periods=0, steps=6) == plain
    assert "Periods" not in plain and "Profiles" not in plain
    # operations data changes no capacity column except supply_mw (raised to cover the dip);
    # load_factor is cleared (operations mode does not use it)
    for name in plain:
        for old, new in zip(plain[name], first[name], strict=True):
            changed = {k for k in old if old[k] != new[k]} - {"load_factor"}
            assert changed <= {"supply_mw"}, (name, changed)
            if name == "Sites":
                assert new["load_factor"] is None
            if changed:
                assert new["supply_mw"] > old["supply_mw"]


def test_periods_and_profiles_complete() -> None:
    rows = synth.generate(40, 2, seed=1, periods=5, steps=8)
    periods = rows["Periods"]
    assert len(periods) == 5
    assert sum(p["days"] for p in periods) == 365
    assert all(p["days"] >= 1 and p["steps"] == 8 and p["step_hours"] == 3.0 for p in periods)
    values = _values(rows)
    assert len(values) == len(rows["Profiles"])  # no repeated (profile, period, step)
    named = {r[c] for r in rows["AreaSupply"] for c in ("supply_profile", "price_profile", "surplus_profile")}
    named.discard(None)
    for name in named:
        for p in periods:
            for k in range(1, 9):
                assert (name, p["period"], k) in values, (name, p["period"], k)
    assert all(v >= 0 for v in values.values())
    for r in rows["AreaSupply"]:
        dips = [v for (name, _, _), v in values.items() if name == r["supply_profile"]]
        assert min(dips) < 1 and min(dips) >= 1 - MAX_DIP - 1e-9
        assert max(dips) == 1


def test_every_operations_column_in_use() -> None:
    rows = synth.generate(60, 3, seed=2, periods=2, steps=24)
    supply = rows["AreaSupply"]
    for column in SUPPLY_COLUMNS:
        assert any(r.get(column) for r in supply), column
    assert all(r["supply_profile"] and r["price_profile"] for r in supply)
    solar = [r for r in supply if r["surplus_mw"]]
    assert solar and all(r["surplus_profile"] == "SOLAR" and r["surplus_price_jpy_per_kwh"] > 0 for r in solar)
    values = _values(rows)
    noon, night = values[("SOLAR", "D01", 13)], values[("SOLAR", "D01", 1)]
    assert noon > 0.5 and night == 0
    shares = [r["flexible_share"] for r in rows["Demand"] if r["flexible_share"] is not None]
    assert shares and all(0.2 <= s <= 0.4 for s in shares)
    assert any(r["flexible_share"] is None for r in rows["Demand"])  # only some regions
    sites = rows["Sites"]
    for column in SITE_COLUMNS:
        assert any(s.get(column) for s in sites), column
    batteries = [s for s in sites if s["battery_hours"]]
    assert all(2 <= s["battery_hours"] <= 4 and s["battery_efficiency"] == BATTERY_EFFICIENCY
               and s["grid_nonfirm_mw"] > 0 for s in batteries)
    cogen = [s for s in sites if s["cogen_max_mw"]]
    assert cogen and all(s["type"] == "cluster" for s in cogen)
    assert len(cogen) < sum(s["type"] == "cluster" for s in sites)  # a few clusters, not all


def test_supply_covers_the_witness_at_every_step() -> None:
    rows, witness = synth.generate_with_witness(80, 3, seed=5, periods=4, steps=12)
    values = _values(rows)
    phases = [p["phase"] for p in rows["Phases"]]
    draw: dict[tuple[str, str], float] = {}
    for s in rows["Sites"]:
        for t, mw in enumerate(witness.it_mw.get(s["site"], [])):
            draw[(s["area"], phases[t])] = draw.get((s["area"], phases[t]), 0.0) + s["pue"] * mw
    checked = 0
    for r in rows["AreaSupply"]:
        if r["supply_mw"] is None:
            continue
        low = min(v for (name, _, _), v in values.items() if name == r["supply_profile"])
        assert r["supply_mw"] * low >= draw.get((r["area"], r["phase"]), 0.0) - 1e-6, r
        checked += 1
    assert checked >= 20


def test_workbook_reads_in_operations_mode_and_solves(tmp_path: Path) -> None:
    path = synth.write(tmp_path / "ops.xlsx", 12, 2, seed=0, periods=2, steps=4)
    case = planner.read_workbook(path)
    assert case.operations
    assert not case.warnings, case.warnings
    plan = planner.solve(case, options=SolveOptions(threads=1, random_seed=0, mip_gap=1e-4))
    assert plan.status == "optimal"
    assert "Operations" in plan.tables and len(plan.tables["Operations"]) > 0
    assert plan.objective is not None and plan.objective > 0


def test_cli_synth_periods(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c.xlsx"
    assert main(["synth", "--sites", "12", "--phases", "2", "--periods", "3", "--steps", "6",
                 "-o", str(out)]) == 0
    assert "3 periods x 6 steps" in capsys.readouterr().out
    case = planner.read_workbook(out)
    assert case.operations
    assert main(["synth", "--sites", "12", "--periods", "-1", "-o", str(tmp_path / "d.xlsx")]) != 0
