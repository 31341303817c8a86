"""Fuzzing: mutated workbooks end in a Plan or an InputError — never another exception.

A valid small workbook (``rich_case``: every build family, plus Service,
AreaSupply, Hazards and Settings) is mutated the way many hands edit a
workbook: cell types swapped (number / text / bool / blank), signs flipped,
huge or tiny numbers, ids changed to unknown ones, rows deleted or
duplicated, whole sheets deleted. Each mutant is written with openpyxl, read
with ``planner.read_workbook`` and, if it reads, solved (threads 1, 5 s).
Every InputError problem must start with where it is: ``Sites!C3:``,
``sheet 'Sites':`` or the file's name.
"""

from __future__ import annotations

import copy
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner
from fixtures import rich_case, write_workbook

FILE_NAME = "fuzz.xlsx"
WHERE = re.compile(
    r"^(?:"
    r"(?:'[^']+'|[A-Za-z]\w*)![A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?: "  # Sites!C3: / 'My Sheet'!C3: / Sites!B2:B3:
    r"|sheet '[^']+': "                                               # sheet 'Sites':
    rf"|{re.escape(FILE_NAME)}[: ]"                                   # fuzz.xlsx: / fuzz.xlsx is ...
    r")"
)
"""Where a problem is: a cell (or range), a sheet, or the file."""


def fuzz_base() -> dict[str, list[dict[str, Any]]]:
    """``rich_case`` plus Service, AreaSupply, Hazards/HazardFootprint and Settings."""
    sheets = rich_case()
    sheets["Service"] = [
        {"region": "R1", "site": "S1", "cost_mjpy_per_mw_year": 1.5},
        {"region": "R1", "site": "S2", "cost_mjpy_per_mw_year": 2.5, "requires_route": "L2"},
    ]
    sheets["AreaSupply"] = [
        {"area": "A", "phase": "P1", "supply_mw": 500, "energy_price_jpy_per_kwh": 12},
        {"area": "B", "phase": "P2", "supply_mw": 300, "carbon_t_per_mwh": 0.4},
    ]
    sheets["Hazards"] = [{"hazard": "H1", "name": "Nankai", "survive_share": 0.3,
                          "intl_survive_share": 0.2}]
    sheets["HazardFootprint"] = [{"hazard": "H1", "kind": "site", "id": "S1"},
                                 {"hazard": "H1", "kind": "landing", "id": "LD2"}]
    sheets["Settings"] = [{"key": "discount_rate", "value": 0.05},
                          {"key": "unserved_penalty_mjpy_per_mw_year", "value": 1000}]
    return sheets


BASE = fuzz_base()
SHEET_NAMES = list(BASE)

VALUES = st.one_of(
    st.sampled_from([None, "", "  ", True, False, 0, 1, -1, 0.5, -0.5, 1e-9, 1e6, 1e9, 1e12,
                     1e14, -1e14, 1e16, 1e300, "N/A", "TBD", "#DIV/0!", "１，２００", "－５",
                     "1.2万", "yes", "no", "open", "closed", "link", "site", "P1", "P2", "A", "B",
                     "S1", "X1", "LD1", "R1", "ZZZ", "ｓ１", "=1+1", "2030年"]),
    st.integers(min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=6),  # openpyxl refuses control chars
)

MUTATION = st.one_of(
    st.tuples(st.just("set"), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), VALUES),
    st.tuples(st.just("renumber"), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99),
              st.sampled_from([0, 1e-9, 1e-3, 0.999, 1, 2, 3, 1e6, 1e9, 1e12, 9.99e14])),
    st.tuples(st.just("flip_sign"), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("scale"), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99),
              st.sampled_from([1e-9, 1e3, 1e9, 1e15, 1e20])),
    st.tuples(st.just("unknown_id"), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("delete_row"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("duplicate_row"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("delete_sheet"), st.integers(0, 99)),
    st.tuples(st.just("delete_column"), st.integers(0, 99), st.integers(0, 99)),
)


def _pick(items: list, index: int) -> Any:
    return items[index % len(items)] if items else None


def mutate(sheets: dict[str, list[dict[str, Any]]], mutation: tuple) -> None:
    """Apply one mutation in place (indices wrap around, so every draw lands somewhere)."""
    kind, sheet_index, *rest = mutation
    names = list(sheets)
    if not names:
        return
    name = _pick(names, sheet_index)
    rows = sheets[name]
    if kind == "delete_sheet":
        del sheets[name]
        return
    if kind == "delete_column":
        columns = sorted({k for r in rows for k in r})
        column = _pick(columns, rest[0])
        for row in rows:
            row.pop(column, None)
        return
    if not rows:
        return
    row_index = rest[0] % len(rows)
    if kind == "delete_row":
        del rows[row_index]
        return
    if kind == "duplicate_row":
        rows.insert(row_index, copy.deepcopy(rows[row_index]))
        return
    row = rows[row_index]
    column = _pick(sorted(row), rest[1])
    if column is None:
        return
    value = row[column]
    if kind == "set":
        row[column] = rest[2]
    elif kind == "renumber" and isinstance(value, (int, float)) and not isinstance(value, bool):
        row[column] = rest[2]  # same type, another size: reaches the solver more often
    elif kind == "flip_sign" and isinstance(value, (int, float)) and not isinstance(value, bool):
        row[column] = -value
    elif kind == "scale" and isinstance(value, (int, float)) and not isinstance(value, bool):
        row[column] = value * rest[2]
    elif kind == "unknown_id":
        row[column] = f"{value}-unknown"


def check_mutant(sheets: dict[str, list[dict[str, Any]]]) -> str:
    """Write, read and solve; return 'input_error' or the plan status. Other exceptions propagate."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(Path(folder) / FILE_NAME, sheets)
        try:
            case = planner.read_workbook(path)
        except planner.InputError as error:
            assert error.problems, "an InputError with no problems"
            for problem in error.problems:
                assert WHERE.match(problem), f"problem does not say where: {problem!r}"
                assert " — " in problem, f"problem gives no fix: {problem!r}"
            return "input_error"
        plan = planner.solve(case, threads=1, time_limit=5, random_seed=0)
        assert isinstance(plan, planner.Plan)
        assert plan.status in {"optimal", "time_limit", "time_limit_no_solution", "infeasible",
                               "unbounded", "infeasible_or_unbounded"}, plan.status
        if plan.status == "optimal":
            assert plan.objective is not None and plan.objective >= -1e-6  # costs are >= 0
        return plan.status


def test_fuzz_base_case_solves():
    """The unmutated fuzz base reads and solves to optimality (else every mutant would fail alike)."""
    assert check_mutant(copy.deepcopy(BASE)) == "optimal"


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MUTATION, min_size=1, max_size=4))
def test_fuzz_mutated_workbooks_end_in_plan_or_input_error(mutations):
    """Mutated workbooks end in a Plan or an InputError naming sheet/cell — never another exception."""
    sheets = copy.deepcopy(BASE)
    for mutation in mutations:
        mutate(sheets, mutation)
    check_mutant(sheets)


def test_every_problem_names_its_cell_discount_rate(tmp_path):
    """The contract the fuzz checks, for a Settings problem the mutations above cannot reach
    (they never set discount_rate to 1): discount_rate 1 (outside [0, 1)) names its Settings cell.
    (A base_year after the first phase is allowed, with a warning: FORMULATION.md §1.)"""
    sheets = copy.deepcopy(BASE)
    sheets["Settings"][0]["value"] = 1  # Settings!B2
    with pytest.raises(planner.InputError) as info:
        planner.read_workbook(write_workbook(tmp_path / FILE_NAME, sheets))
    (problem,) = info.value.problems
    assert problem.startswith("Settings!B2: discount_rate must be < 1, got 1"), problem


def test_base_year_after_the_first_phase_warns_at_its_cell(tmp_path):
    sheets = copy.deepcopy(BASE)
    sheets["Settings"].append({"key": "base_year", "value": 2040})  # row 4
    case = planner.read_workbook(write_workbook(tmp_path / FILE_NAME, sheets))
    assert any(w.startswith("Settings!B4: base_year 2040 is after the first phase") for w in case.warnings)
