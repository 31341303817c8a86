"""FORMULATION.md §4.1: what the reader refuses or warns about in the Periods and Profiles
sheets and the operations-mode columns. Each rule asserts its exact message and cell.

Unless a test says otherwise the case is ``ops_case``: ``base_case`` plus one period D
(365 days, 2 steps of 12 h, so 8760 h) in Periods row 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.operations_cases import ops_case, profile_rows
from support.workbook import base_case, input_problems, read_sheets

import planner

FLAT = profile_rows("flat", {"D": [1.0, 1.0]})


def _only_problem(tmp_path: Path, sheets: dict) -> str:
    (problem,) = input_problems(tmp_path, sheets)
    return problem


# ------------------------------------------------------------------ Profiles (errors)


def test_step_outside_the_period_is_refused(tmp_path):
    rows = profile_rows("p", {"D": [1.0, 1.0]}) + [{"profile": "p", "period": "D", "step": 3, "value": 1}]
    sheets = ops_case(Profiles=rows, Demand=[{"region": "R1", "phase": "P1", "demand_mw": 50,
                                              "profile": "p"}])
    assert _only_problem(tmp_path, sheets) == (
        "Profiles!C4: step must be in 1..2 for period D, got 3 — "
        "use a step of the period or raise D's steps")


def test_repeated_profile_period_step_is_refused(tmp_path):
    rows = FLAT + [{"profile": "flat", "period": "D", "step": 2, "value": 0.5}]
    assert _only_problem(tmp_path, ops_case(Profiles=rows)) == (
        "Profiles!A4: (flat, D, 2) appears twice (also row 3) — keep one row")


@pytest.mark.parametrize(("sheet", "row", "cell"), [
    ("AreaSupply", {"area": "A", "phase": "P1", "supply_profile": "nope"}, "AreaSupply!C2"),
    ("AreaSupply", {"area": "A", "phase": "P1", "price_profile": "nope"}, "AreaSupply!C2"),
    ("AreaSupply", {"area": "A", "phase": "P1", "surplus_profile": "nope"}, "AreaSupply!C2"),
    ("Demand", {"region": "R1", "phase": "P1", "demand_mw": 50, "profile": "nope"}, "Demand!D2"),
])
def test_unknown_profile_is_refused_at_its_cell(tmp_path, sheet, row, cell):
    sheets = ops_case(Profiles=FLAT, **{sheet: [row]})
    assert _only_problem(tmp_path, sheets) == (
        f"{cell}: profile 'nope' is not in Profiles (profiles there: flat) — "
        "correct it or add its rows to Profiles")


def test_profile_missing_a_pair_gets_one_error_naming_the_first(tmp_path):
    periods = [{"period": "D", "days": 300, "steps": 2, "step_hours": 12},
               {"period": "N", "days": 65, "steps": 2, "step_hours": 12}]
    rows = [{"profile": "sun", "period": "D", "step": 1, "value": 1}]  # D2, N1, N2 missing
    sheets = ops_case(periods, Profiles=rows,
                      Demand=[{"region": "R1", "phase": "P1", "demand_mw": 50, "profile": "sun"}],
                      AreaSupply=[{"area": "A", "phase": "P1", "surplus_profile": "sun"}])
    assert _only_problem(tmp_path, sheets) == (
        "Profiles!A2: profile 'sun' has no row for period D, step 2 (first missing pair) — "
        "give it one row per (period, step) of Periods")


def test_unnamed_incomplete_profile_is_accepted(tmp_path):
    rows = [{"profile": "spare", "period": "D", "step": 1, "value": 1}]
    case = read_sheets(tmp_path, ops_case(Profiles=rows))
    assert case.operations and case.warnings == ()


# ------------------------------------------------------------------ Periods (warning)


def test_periods_not_covering_a_year_warn_with_the_sum(tmp_path):
    sheets = ops_case([{"period": "D", "days": 300, "steps": 2, "step_hours": 12}])
    case = read_sheets(tmp_path, sheets)
    assert case.warnings == (
        "Periods!B2: the periods add up to 7200 h (sum of days x steps x step_hours), not 8760 h — "
        "the model uses them as written; check days, steps and step_hours",)


def test_periods_within_one_percent_do_not_warn(tmp_path):
    # 362 d x 24 x 1 h = 8688 h: 0.82 % short of 8760
    case = read_sheets(tmp_path, ops_case([{"period": "D", "days": 362}]))
    assert case.warnings == ()


# ------------------------------------------------------------------ ranges (schema bounds)


@pytest.mark.parametrize(("sheet", "row", "cell", "text"), [
    ("Demand", {"region": "R1", "phase": "P1", "demand_mw": 50, "flexible_share": 1.5},
     "Demand!D2", "flexible_share"),
    ("Demand", {"region": "R1", "phase": "P1", "demand_mw": 50, "flexible_share": -0.1},
     "Demand!D2", "flexible_share"),
    ("Sites", {"site": "S1", "area": "A", "max_mw": 100, "battery_efficiency": 0},
     "Sites!D2", "battery_efficiency"),
    ("Sites", {"site": "S1", "area": "A", "max_mw": 100, "battery_efficiency": 1.2},
     "Sites!D2", "battery_efficiency"),
])
def test_operations_ranges_are_refused(tmp_path, sheet, row, cell, text):
    problem = _only_problem(tmp_path, ops_case(**{sheet: [row]}))
    assert problem.startswith(f"{cell}: ") and text in problem, problem


def test_ops_columns_without_periods_get_one_warning(tmp_path):
    sheets = base_case(
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 50, "flexible_share": 0.5}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "battery_hours": 4, "battery_efficiency": 0.8}],
        AreaSupply=[{"area": "A", "phase": "P1", "surplus_mw": 10}],
    )
    case = read_sheets(tmp_path, sheets)
    assert case.warnings == (
        "AreaSupply!C2: operations-mode columns are ignored without a Periods sheet: "
        "AreaSupply.surplus_mw, Demand.flexible_share, Sites.battery_hours, Sites.battery_efficiency"
        " — add a Periods sheet to use them, or clear them",)


def test_profiles_without_periods_warn_they_are_ignored(tmp_path):
    case = read_sheets(tmp_path, base_case(Profiles=FLAT))
    assert not case.operations
    assert case.warnings == (
        "Profiles!A2: the Profiles sheet is ignored without a Periods sheet — add a Periods sheet "
        "to use it, or delete it",)


def test_load_factor_in_operations_mode_warns_once(tmp_path):
    sheets = ops_case(Sites=[{"site": "S1", "area": "A", "max_mw": 100, "load_factor": 0.8},
                             {"site": "S2", "area": "A", "max_mw": 100, "load_factor": 0.7}])
    case = read_sheets(tmp_path, sheets)
    assert case.warnings == (
        "Sites!D2: load_factor is not used in operations mode (demand and its profiles set the load "
        "at each step) — clear it, or remove the Periods sheet to plan capacity only",)


def test_capacity_case_without_ops_columns_gets_no_new_warnings(tmp_path):
    sheets = base_case(Sites=[{"site": "S1", "area": "A", "max_mw": 100, "load_factor": 0.8}],
                       Routes=[{"route": "R", "site": "S1", "ix": "X", "tbps": 2}],
                       IX=[{"ix": "X", "existing": True}])
    case = read_sheets(tmp_path, sheets)
    assert case.warnings == ()


# ------------------------------------------------------------------ edits (Case.set / without)


def test_edits_apply_the_new_rules(tmp_path):
    sheets = ops_case(Profiles=FLAT, Demand=[{"region": "R1", "phase": "P1", "demand_mw": 50,
                                              "profile": "flat"}])
    case = read_sheets(tmp_path, sheets)
    with pytest.raises(planner.InputError) as info:
        case.set("Periods.steps", None, 3)
    assert info.value.problems == [
        "Profiles!A2: profile 'flat' has no row for period D, step 3 (first missing pair) — "
        "give it one row per (period, step) of Periods"]
    with pytest.raises(planner.InputError) as info:
        case.set("Demand.profile", None, "nope")
    assert [p.split(": ", 1)[1] for p in info.value.problems] == [
        "profile 'nope' is not in Profiles (profiles there: flat) — correct it or add its rows to Profiles"]
    capacity = case.without("Periods")
    assert not capacity.operations and len(capacity.profiles) == 0
