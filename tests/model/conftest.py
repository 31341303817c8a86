"""Fixtures for the per-family acceptance tests (tests/model/test_family_*.py).

Every family test writes a tiny workbook, derives its optimum by hand in the
docstring and asserts it exactly. ``solve_ok`` also checks, on every plan: the
solve is optimal; every Costs row equals its recomputation from the Sites,
Builds, Service and Unserved tables and the inputs with FORMULATION.md §2's
formulas (tests/support/costs.py), and that total is the objective; and, in a
family module, the case is one its ``CASES`` lists (so the tightening and
coverage tests re-solve every case the family tests solve).
``solve_dropped`` rebuilds the same model with named constraints deactivated,
to show the family binds (the optimum moves).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import planner
from planner.model.data import model_data
from planner.solver.options import SolveOptions
from planner.solver.run import optimise
from support.costs import assert_costs_recomputed
from support.families import FAMILY_MODULES, fingerprint
from support.workbook import write_workbook

TOL = {"rel": 1e-9, "abs": 1e-6}
"""Exact to 1e-6 MJPY (and to 1e-9 relative on big numbers)."""


def approx(value: float) -> Any:
    return pytest.approx(value, **TOL)


def registered(module: Any, sheets: dict[str, list[dict[str, Any]]]) -> None:
    """In a family module, ``sheets`` must be one of the module's ``CASES``."""
    if module.__name__ not in FAMILY_MODULES:
        return
    known = getattr(module, "_registered_fingerprints", None)
    if known is None:
        known = {fingerprint(build()) for build in module.CASES.values()}
        module._registered_fingerprints = known
    assert fingerprint(sheets) in known, (
        f"{module.__name__} solves a case missing from its CASES: add its builder there, so "
        "tests/model/test_tightening.py solves it too")


@pytest.fixture
def solve_ok(solve_sheets, request):
    """Solve ``sheets``; assert optimal, a registered case, and Costs recomputed from the
    other tables and the inputs (each row, and the total = the objective)."""

    def _solve(sheets: dict[str, list[dict[str, Any]]], **options: Any) -> planner.Plan:
        registered(request.module, sheets)
        plan = solve_sheets(sheets, **options)
        assert plan.status == "optimal", (plan.status, plan.messages)
        assert_costs_recomputed(plan)
        return plan

    return _solve


@pytest.fixture
def solve_dropped(tmp_path: Path):
    """Objective of ``sheets`` solved with the named constraints deactivated.

    Each name must be a constraint of the model holding at least one row, so a
    test cannot pass by dropping something that was never there. The model is
    built without the optional tightening rows and big-Ms (``ModelData.tighten``)
    where the planner has them: those are implied by the contract's rows, so
    they would silently stand in for the row dropped here.
    """

    def _solve(sheets: dict[str, list[dict[str, Any]]], *names: str) -> float:
        path = write_workbook(tmp_path / "dropped.xlsx", sheets)
        case = planner.read_workbook(path)
        data = model_data(case)
        if hasattr(data, "tighten"):
            data.tighten = False
        model = planner.build_model(data)
        for name in names:
            component = getattr(model, name)
            assert len(component) > 0, f"{name} has no rows in this case"
            component.deactivate()
        outcome = optimise(
            model, SolveOptions(mip_gap=0.0, time_limit=60.0, threads=1, random_seed=0)
        )
        assert outcome.status == "optimal", outcome.status
        return outcome.objective

    return _solve


def site(plan: planner.Plan, s: str, t: str = "P1") -> pd.Series:
    """The Sites row of site ``s`` in phase ``t``."""
    rows = plan.tables["Sites"]
    row = rows[(rows["site"] == s) & (rows["phase"] == t)]
    assert len(row) == 1
    return row.iloc[0]


def assert_it_mw(plan: planner.Plan, expected: dict[str, float], t: str = "P1") -> None:
    """Each named site holds the expected IT MW in phase ``t``."""
    got = {s: float(site(plan, s, t)["it_mw"]) for s in expected}
    assert got == pytest.approx(expected, abs=1e-6), got


def built(plan: planner.Plan, family: str) -> dict[str, str]:
    """id -> phase_built (or "existing") for one build family."""
    rows = plan.tables["Builds"]
    rows = rows[rows["family"] == family]
    return dict(zip(rows["id"], rows["phase_built"], strict=True))


def opened(plan: planner.Plan, t: str = "P1") -> set[str]:
    """Sites open in phase ``t``."""
    rows = plan.tables["Sites"]
    return set(rows[(rows["phase"] == t) & rows["open"]]["site"])


def holding(plan: planner.Plan, t: str = "P1") -> set[str]:
    """Sites holding IT capacity in phase ``t`` (a site without a fixed cost may
    be open at 0 MW for free, so ``opened`` is ambiguous there)."""
    rows = plan.tables["Sites"]
    return set(rows[(rows["phase"] == t) & (rows["it_mw"] > 1e-6)]["site"])


def cost(plan: planner.Plan, category: str, t: str = "P1",
         column: str = "discounted_mjpy") -> float:
    """One Costs cell: a category's cost in phase ``t``."""
    rows = plan.tables["Costs"]
    row = rows[(rows["category"] == category) & (rows["phase"] == t)]
    assert len(row) == 1
    return float(row[column].iloc[0])


@pytest.fixture
def tables():
    """Accessors on plan tables: ``tables.site``, ``.built``, ``.opened``, ``.holding``, ``.cost``."""

    class _Tables:
        pass

    t = _Tables()
    t.site = site
    t.assert_it_mw = assert_it_mw
    t.built = built
    t.opened = opened
    t.holding = holding
    t.cost = cost
    return t
