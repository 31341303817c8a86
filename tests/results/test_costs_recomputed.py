"""The Costs table against an independent recomputation (tests/support/costs.py).

The Costs sheet is built from the model's own cost expressions, so its sum
equals the objective by construction and proves nothing. Here every row (per
phase and category, undiscounted and discounted) is recomputed with
FORMULATION.md §2's formulas from the other result tables (Sites, Builds,
Service, Unserved) and the input case alone, and must equal the sheet; the
recomputed total must equal the objective HiGHS reports. A wrong price, PUE,
load factor, carbon term, discount or years weight, in the model or in the
table, breaks one of the two.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import planner
from support.costs import CAPEX, OPEX, assert_costs_recomputed
from support.families import model_test_module
from support.workbook import write_workbook

ROOT = Path(__file__).resolve().parents[2]


def every_family_sheets(penalty: float | None = None) -> dict:
    """tests/model/test_formulation_docs.py's every-family case; ``penalty`` replaces its
    unserved penalty (10 leaves 88 MW unserved, so the unserved row is not 0)."""
    sheets = model_test_module("test_formulation_docs").every_family_case()
    if penalty is not None:
        sheets["Settings"] = [
            {**row, "value": penalty} if row["key"] == "unserved_penalty_mjpy_per_mw_year" else row
            for row in sheets["Settings"]]
    return sheets


CASES = {
    # name: (workbook or sheets builder, mip_gap): equality is about the plan found, not optimality;
    # the bundled case is read in capacity mode (its Periods ignored): this is §2's recomputation
    "japan_watt_bit": (ROOT / "inputs" / "japan_watt_bit.xlsx", 1e-4),
    "example": (ROOT / "inputs" / "example.xlsx", 0.0),
    "every_family": (every_family_sheets, 0.0),
    "every_family_unserved": (lambda: every_family_sheets(penalty=10), 0.0),
}


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, planner.Plan]:
    solved = {}
    for name, (source, gap) in CASES.items():
        if callable(source):
            source = write_workbook(tmp_path_factory.mktemp("costs") / f"{name}.xlsx", source())
        case = planner.read_workbook(source)
        if case.operations:
            case = case.without("Periods")
        plan = planner.solve(case, mip_gap=gap, threads=1, random_seed=0)
        assert plan.status == "optimal", (name, plan.status, plan.messages)
        solved[name] = plan
    return solved


@pytest.mark.parametrize("name", CASES)
def test_costs_rows_recomputed_from_the_tables_and_inputs(plans, name) -> None:
    """Each Costs row = its FORMULATION §2 recomputation; the total = the objective."""
    assert_costs_recomputed(plans[name])


def test_the_cases_exercise_every_cost_category(plans) -> None:
    """Across the cases every category is non-zero somewhere: no row is only ever 0 = 0."""
    recomputed = pd.concat([assert_costs_recomputed(p) for p in plans.values()])
    nonzero = set(recomputed.index.get_level_values("category")[recomputed["discounted_mjpy"].abs() > 1e-6])
    assert nonzero == set(CAPEX) | set(OPEX)
