"""Tightening changes no optimum: ``ModelData.tighten`` (data-derived big-Ms, the rows
implied by the contract's, symmetry breaking) only cuts off fractional points, so the
tightened and the untightened model have the same optimum (mip_gap 0, one thread,
seed 0, to 1e-9 relative).

Checked on every case the per-family tests solve (their modules' ``CASES``, which
``solve_ok`` keeps complete) and on 20 seeded synthetic cases (10-30 sites, 2-3 phases).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyomo.environ as pyo
import pytest

import planner
from planner import synth
from planner.model import build_model, model_data
from planner.solver.options import SolveOptions
from planner.solver.run import optimise
from support.families import FAMILY_MODULES, MODEL_TESTS, family_cases
from support.workbook import write_workbook

SOLVE = SolveOptions(mip_gap=0.0, time_limit=120.0, threads=1, random_seed=0,
                     highs_options=(("mip_feasibility_tolerance", 1e-9),))
"""Exact solves. At HiGHS's default MIP feasibility tolerance (1e-6) the untightened
model may violate a row by 1e-6 (demand:site_capacity serves 1e-6 MW at a closed site:
59.999999 for 60), which is the solver's slack, not a different optimum."""
FAMILY_CASES = family_cases()
SYNTH = {f"seed{seed}-{10 + 10 * (seed % 3)}sites-{2 + seed % 2}phases":
         (10 + 10 * (seed % 3), 2 + seed % 2, seed) for seed in range(20)}


def rows(model: pyo.ConcreteModel) -> int:
    return sum(len(c) for c in model.component_objects(pyo.Constraint, active=True))


def both_optima(case: planner.Case) -> dict[bool, tuple[float, int]]:
    """tighten -> (optimum, rows) of the case's model built that way."""
    data = model_data(case)
    found = {}
    for tighten in (True, False):
        model = build_model(dataclasses.replace(data, tighten=tighten))
        outcome = optimise(model, SOLVE)
        assert outcome.status == "optimal", (tighten, outcome.status)
        found[tighten] = (outcome.objective, rows(model))
    return found


def assert_same_optimum(found: dict[bool, tuple[float, int]]) -> None:
    (tight, _), (plain, _) = found[True], found[False]
    assert tight == pytest.approx(plain, rel=1e-9, abs=1e-9), f"tightened {tight!r} != untightened {plain!r}"


def test_every_family_module_lists_its_cases() -> None:
    """The family modules named in tests/support/families.py are exactly tests/model's."""
    on_disk = {p.stem for p in MODEL_TESTS.glob("test_family_*.py")} - {"test_family_coverage"}
    assert on_disk == set(FAMILY_MODULES)
    assert len(FAMILY_CASES) > 50


@pytest.mark.parametrize("name", FAMILY_CASES)
def test_family_case_same_optimum_tightened_or_not(name: str, tmp_path: Path) -> None:
    case = planner.read_workbook(write_workbook(tmp_path / "case.xlsx", FAMILY_CASES[name]()))
    assert_same_optimum(both_optima(case))


@pytest.mark.parametrize("name", SYNTH)
def test_synthetic_case_same_optimum_tightened_or_not(name: str, tmp_path: Path) -> None:
    """Here the tightening is really there: the tightened model holds more rows."""
    sites, phases, seed = SYNTH[name]
    case = planner.read_workbook(synth.write(tmp_path / "synth.xlsx", sites, phases, seed=seed))
    found = both_optima(case)
    assert found[True][1] > found[False][1], "tighten=True added no rows"
    assert_same_optimum(found)
