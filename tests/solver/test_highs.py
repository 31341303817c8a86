"""The private hand-off: used only on the tested Pyomo range and after its self-check;
otherwise Pyomo's stock path, with one log line and the same answers."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

import planner
from planner.solver import highs
from support import read_capacity_case

ROOT = Path(__file__).resolve().parents[2]
JAPAN = ROOT / "inputs" / "japan_watt_bit.xlsx"


@pytest.fixture
def fresh_access():
    highs.private_access.cache_clear()
    yield
    highs.private_access.cache_clear()


def test_pyproject_pins_the_tested_range() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    low, high = re.search(r'"pyomo>=([0-9.]+),<([0-9.]+)"', text).groups()
    tested_low, tested_high = highs.TESTED_PYOMO

    def as_tuple(version: str) -> tuple[int, ...]:
        parts = tuple(int(p) for p in version.split("."))
        return parts + (0,) * (3 - len(parts))

    assert (as_tuple(low), as_tuple(high)) == (tested_low, tested_high)


def test_the_installed_pyomo_passes_the_self_check(fresh_access) -> None:
    assert highs.self_check()
    assert highs.private_access()


def test_the_self_check_can_fail(fresh_access, monkeypatch) -> None:
    """A hand-off that drops a coefficient is caught: the rows differ from the stock pass."""
    real = highs._add_fixed_rows

    def lossy(solver, cons):
        real(solver, cons)
        solver._solver_model.changeCoeff(0, 0, 123.0)

    monkeypatch.setattr(highs, "_add_fixed_rows", lossy)
    assert not highs.self_check()


def test_outside_the_range_the_stock_path_gives_the_same_optimum(fresh_access, monkeypatch, caplog) -> None:
    case = read_capacity_case(JAPAN)
    fast = planner.solve(case, mip_gap=0.0, threads=1, random_seed=0, values=True)
    highs.private_access.cache_clear()
    monkeypatch.setattr(highs, "_pyomo_version", lambda: (6, 99, 0))
    with caplog.at_level(logging.WARNING, logger="planner.solver.highs"):
        stock = planner.solve(case, mip_gap=0.0, threads=1, random_seed=0, values=True)
    warnings = [r for r in caplog.records if "outside the tested range" in r.getMessage()]
    assert len(warnings) == 1, [r.getMessage() for r in caplog.records]
    assert not highs.private_access()
    assert type(highs.new_interface()).__name__ == "Highs"
    assert stock.status == fast.status == "optimal"
    assert stock.objective == pytest.approx(fast.objective, rel=1e-9)
    # duals of a degenerate LP are not unique (and differ between HiGHS releases), so the
    # Values tables must price the same limits, not necessarily at the same numbers
    fv = fast.tables["Values"].set_index(["constraint", "index"])
    sv = stock.tables["Values"].set_index(["constraint", "index"])
    assert len(fv) and sorted(fv.index) == sorted(sv.index)


def test_rolling_horizon_on_the_stock_path(fresh_access, monkeypatch) -> None:
    """binaries_fixed's Pyomo-level path: the rolling horizon ends with the same plan cost."""
    from planner.solver.options import SolveOptions
    from planner.studies.rolling import rolling_horizon

    case = read_capacity_case(JAPAN)
    options = SolveOptions(mip_gap=0.0, threads=1, time_limit=120)
    fast = rolling_horizon(case, options, polish_seconds=0)
    highs.private_access.cache_clear()
    monkeypatch.setattr(highs, "_pyomo_version", lambda: (6, 99, 0))
    stock = rolling_horizon(case, options, polish_seconds=0)
    assert fast.plan_objective == pytest.approx(stock.plan_objective, rel=1e-6)
