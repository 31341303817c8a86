"""Reader: raw values, defaults, tolerant headers, and every problem reported with its cell."""

from __future__ import annotations


import pytest
from openpyxl import load_workbook
from openpyxl.styles import Font

import planner
from support.workbook import base_case, input_problems, read_sheets, write_workbook


_read = read_sheets
_problems = input_problems


def test_defaults_filled_from_the_schema(tmp_path):
    case = _read(tmp_path, base_case())
    s1 = case.sites.loc["S1"]
    assert (s1["type"], s1["hub"], s1["pue"], s1["load_factor"]) == ("cluster", False, 1.0, 1.0)
    assert s1["earliest_phase"] == "P1" and s1["name"] == "S1"
    assert case.settings["discount_rate"] == 0.03 and case.settings["base_year"] == 2030
    assert case.settings["unserved_penalty_mjpy_per_mw_year"] is None
    assert list(case.regions.index) == ["R1"]  # implied by Demand


def test_ids_stay_text(tmp_path):
    sheets = base_case(Sites=[
        {"site": "NA", "area": "A", "max_mw": 10},
        {"site": "0123", "area": "A", "max_mw": 10},
        {"site": 7.0, "area": "A", "max_mw": 10},
        {"site": "None", "area": "A", "max_mw": 10},
    ])
    case = _read(tmp_path, sheets)
    assert list(case.sites.index) == ["NA", "0123", "7", "None"]


def test_headers_ignore_case_spaces_and_unit_suffix(tmp_path):
    sheets = base_case(Sites=[{" Site ": "S1", "AREA": "A", "max_mw [MW]": 80,
                               "Fixed_Cost_MJPY (MJPY)": 5}])
    case = _read(tmp_path, sheets)
    assert case.sites.loc["S1", "max_mw"] == 80 and case.sites.loc["S1", "fixed_cost_mjpy"] == 5


def test_fullwidth_digits_and_thousands_separators_fold(tmp_path):
    sheets = base_case(Sites=[{"site": "S1", "area": "A", "max_mw": "１，２００",
                               "fixed_cost_mjpy": "１２．５"}])
    case = _read(tmp_path, sheets)
    assert case.sites.loc["S1", "max_mw"] == 1200 and case.sites.loc["S1", "fixed_cost_mjpy"] == 12.5


def test_blank_rows_are_skipped_and_rows_below_are_read(tmp_path):
    path = write_workbook(tmp_path / "in.xlsx", base_case())
    book = load_workbook(path)
    sheet = book["Sites"]
    sheet.insert_rows(3, amount=3)  # rows 3-5 blank, S2 moves to row 6
    sheet.cell(row=1_048_576, column=1).font = Font(bold=True)  # styled, empty
    book.save(path)
    case = planner.read_workbook(path)
    assert list(case.sites.index) == ["S1", "S2"]
    assert case.rows["Sites"] == [2, 6]


def test_booleans_accept_yes_no_and_numbers(tmp_path):
    sheets = base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 10, "hub": "yes"},
        {"site": "S2", "area": "A", "max_mw": 10, "hub": 0},
        {"site": "S3", "area": "A", "max_mw": 10, "hub": "TRUE"},
    ])
    case = _read(tmp_path, sheets)
    assert list(case.sites["hub"]) == [True, False, True]


def test_settings_sheet_overrides_defaults(tmp_path):
    sheets = base_case(Settings=[{"key": "discount_rate", "value": 0.05},
                                 {"key": "Unserved Penalty MJPY per MW year", "value": 9}])
    case = _read(tmp_path, sheets)
    assert case.settings["discount_rate"] == 0.05
    assert case.settings["unserved_penalty_mjpy_per_mw_year"] == 9


def test_each_bad_cell_is_named_with_a_fix(tmp_path):
    sheets = base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": -5},
        {"site": "S2", "area": "A", "max_mw": "TBD"},
        {"site": "S3", "area": "A", "max_mw": "1.2万"},
    ])
    problems = _problems(tmp_path, sheets)
    assert "Sites!C2: max_mw must be >= 0, got -5 — correct the value" in problems
    assert any(p.startswith("Sites!C3: expected a number, got 'TBD'") for p in problems)
    assert any(p.startswith("Sites!C4:") and "kanji" in p for p in problems)


def test_cross_sheet_problems(tmp_path):
    sheets = base_case(
        Sites=[
            {"site": "S1", "area": "Z", "max_mw": 10},
            {"site": "S1", "area": "A", "max_mw": 10},
            {"site": "S3", "area": "A", "max_mw": 10, "existing_mw": 20},
            {"site": "S4", "area": "A", "max_mw": 10, "min_mw": 20},
            {"site": "S5", "area": "A", "max_mw": 10, "existing_mw": 5, "force": "closed"},
        ],
        Phases=[{"phase": "P1", "year": 2033, "years": 3}, {"phase": "P2", "year": 2030, "years": 3}],
        IX=[{"ix": "X1", "existing": False}],
        Routes=[{"route": "L1", "site": "S3", "ix": "X1", "existing": True}],
    )
    problems = _problems(tmp_path, sheets)
    expected_starts = [
        "Sites!B2: 'Z' is not in Areas — correct it or add it to Areas",
        "Sites!A3: (S1) appears twice (also row 2)",
        "Sites!D4: existing_mw 20 > max_mw 10",
        "Sites!E5: min_mw 20 > max_mw 10",
        "Phases!B3: year 2030 is not after the previous phase's 2033",
        "Routes!C2: existing route ends at IX 'X1', which is not existing",
    ]
    for start in expected_starts:
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert any("forced closed but has existing_mw 5" in p for p in problems)


def test_missing_required_sheet_lists_sheets_found(tmp_path):
    sheets = base_case()
    del sheets["Sites"]
    problems = _problems(tmp_path, sheets)
    assert problems == [
        "sheet 'Sites': required sheet is missing (sheets found: 'Phases', 'Areas', 'Demand') — add it"
    ]


def test_fullwidth_sheet_name_gets_a_suggestion(tmp_path):
    sheets = base_case()
    sheets["Ｓｉｔｅｓ"] = sheets.pop("Sites")
    problems = _problems(tmp_path, sheets)
    assert any("did you mean 'Sites'?" in p for p in problems)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    with pytest.raises(planner.InputError) as info:
        planner.read_workbook(path)
    assert "not a valid .xlsx workbook (an old .xls file? save it as .xlsx)" in info.value.problems[0]


def test_a_header_unit_that_contradicts_the_column_is_refused(tmp_path):
    sheets = base_case(Sites=[{"site": "S1", "area": "A", "max_mw [kW]": 80000,
                               "fixed_cost_mjpy [億円]": 5}])
    problems = _problems(tmp_path, sheets)
    assert problems == [
        "Sites!C1: unit [kW] differs from the column's unit [MW] — convert the values to MW "
        "and label the header [MW]",
        "Sites!D1: unit [億円] differs from the column's unit [MJPY] — convert the values to MJPY "
        "and label the header [MJPY]",
    ]


def test_a_matching_or_descriptive_unit_label_is_ignored(tmp_path):
    sheets = base_case(Sites=[{"site": "S1", "area": "A", "max_mw [MW IT]": 80,
                               "fixed_cost_mjpy (百万円)": 5}])
    case = _read(tmp_path, sheets)
    assert case.sites.loc["S1", "max_mw"] == 80
