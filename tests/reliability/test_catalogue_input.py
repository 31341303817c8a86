"""Reliability catalogue T01-T27: hostile and careless input workbooks.

Each test quotes its case from ../shared/research/reliability.md §A4, builds its
own workbook in ``tmp_path`` and checks what the planner sees: the exit code of
``wattbit run``/``validate``, the message (sheet, cell, the fix), that no output
was written and that the input file's bytes are unchanged (``run_cli`` checks the
last two on every call). Where the catalogue names sheets our schema lacks
(Links, a units row, time series) the same fault is planted in our sheets; where
it differs from FORMULATION.md §1, FORMULATION.md wins (T02 trailing spaces, T19).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import time
import tracemalloc
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.styles import Font

import planner
from fixtures import (
    assert_problem,
    base_case,
    convert_with_libreoffice,
    libreoffice_case,
    problems_of,
    read_sheet,
    rewrite_member,
    rich_case,
    run_cli,
    sheet_member,
    soffice,
    validate_cli,
    write_workbook,
)
from planner.cli import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT

# --------------------------------------------------------------------------- helpers


def _book(tmp_path: Path, sheets: dict, name: str = "in.xlsx") -> Path:
    return write_workbook(tmp_path / name, sheets)


def _refused(capsys, path: Path) -> str:
    """Run the workbook; assert exit 3 (nothing written, input unchanged); return stderr."""
    result = run_cli(capsys, path)
    assert result.code == EXIT_INPUT, result.text
    assert "problem" in result.err and "in the input:" in result.err
    return result.err


def _edit(path: Path, edit) -> Path:
    """Open with openpyxl, apply ``edit(book)``, save."""
    book = load_workbook(path)
    edit(book)
    book.save(path)
    return path


SITES_2 = [
    {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10},
    {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 20},
]


# --------------------------------------------------------------------------- T01-T09 structure


def test_T01_required_sheet_missing(tmp_path, capsys):
    """T01 | Required sheet missing (e.g. `Sites`) | Exit 3; message lists missing sheet and the sheets found."""
    sheets = base_case()
    del sheets["Sites"]
    err = _refused(capsys, _book(tmp_path, sheets))
    assert_problem(err, "sheet 'Sites': required sheet is missing",
                   "(sheets found: 'Phases', 'Areas', 'Demand')", "add it")
    # several required sheets missing: every one is named in the same run
    sheets = {"Notes": [{"text": "nothing here"}]}
    err = _refused(capsys, _book(tmp_path, sheets, "empty.xlsx"))
    for name in ("Phases", "Areas", "Sites", "Demand"):
        assert_problem(err, f"sheet '{name}': required sheet is missing", "(sheets found: 'Notes')")


def test_T02_sheet_renamed_trailing_space_or_fullwidth(tmp_path, capsys):
    """T02 | Sheet renamed with trailing space / full-width letters | Exit 3 with "did you mean 'Sites'?"; no fuzzy auto-accept.

    FORMULATION.md §1 wins for the trailing space: "Sheet names ... (case and
    surrounding spaces ignored)", so `Sites ` and `sites` are read as Sites.
    Full-width `Ｓｉｔｅｓ` is not auto-accepted: exit 3 with the suggestion.
    """
    sheets = base_case()
    sheets["sites "] = sheets.pop("Sites")
    assert validate_cli(capsys, _book(tmp_path, sheets, "spaces.xlsx")).code == EXIT_OK

    sheets = base_case()
    sheets["Ｓｉｔｅｓ"] = sheets.pop("Sites")
    err = _refused(capsys, _book(tmp_path, sheets, "wide.xlsx"))
    assert_problem(err, "sheet 'Ｓｉｔｅｓ': not a sheet name the planner knows",
                   "did you mean 'Sites'?", "rename it")
    assert_problem(err, "sheet 'Sites': required sheet is missing")  # not auto-accepted


def test_T03_required_column_missing_or_duplicated_header(tmp_path, capsys):
    """T03 | Required column missing / duplicated header | Exit 3 naming sheet + header row + column letter."""
    sheets = base_case(Sites=[{"site": "S1", "area": "A", "fixed_cost_mjpy": 10}])
    err = _refused(capsys, _book(tmp_path, sheets, "missing.xlsx"))
    assert_problem(err, "Sites!D1: required column 'max_mw' is missing", "add it to row 1")

    path = _book(tmp_path, base_case(), "dup.xlsx")

    def duplicate(book):
        sheet = book["Sites"]
        sheet["E1"] = "Max MW"  # same column as C1 'max_mw' once case and spaces are folded
        sheet["E2"], sheet["E3"] = 5, 5

    _edit(path, duplicate)
    err = _refused(capsys, path)
    assert_problem(err, "Sites!E1: column 'max_mw' appears twice (also in column C)",
                   "delete or rename one")


@pytest.mark.parametrize("label", ["kW", "kw", "万kW", "GW"])
def test_T04_header_unit_label_contradicts_column_unit(tmp_path, capsys, label):
    """T04 | Unknown unit in units row (e.g. `万kW` when not supported, `kw` typo) | Exit 3 naming cell; supported units listed; `万kW`→10 MW only if declared.

    We have no units row: units sit in the header (`max_mw [MW]`). A label naming
    another unit of the same quantity is refused, naming the header cell and the
    column's unit. `[MW]` itself is accepted.
    """
    sheets = base_case(Sites=[{"site": "S1", "area": "A", f"max_mw [{label}]": 100000}])
    err = _refused(capsys, _book(tmp_path, sheets))
    assert_problem(err, "Sites!C1:", f"unit [{label}] differs from the column's unit [MW]",
                   "convert the values to MW and label the header [MW]")


def test_T04_money_unit_and_the_right_unit(tmp_path, capsys):
    """T04 (money, and the accepted label) | `[億円]` on an MJPY column is refused; `[MW]` on max_mw is read."""
    sheets = base_case(Sites=[{"site": "S1", "area": "A", "max_mw [MW]": 100,
                               "fixed_cost_mjpy [億円]": 3}])
    err = _refused(capsys, _book(tmp_path, sheets))
    assert_problem(err, "Sites!D1:", "unit [億円] differs from the column's unit [MJPY]")
    assert len(problems_of(err)) == 1  # [MW] on max_mw is fine


def test_T05_negative_capacity_cost_demand_all_reported(tmp_path, capsys):
    """T05 | Negative capacity / cost / demand | Exit 3 with `Sites!C14: -50 < 0`. All such errors reported in one run."""
    sites = [{"site": f"S{i}", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10} for i in range(1, 13)]
    sites.append({"site": "S13", "area": "A", "max_mw": -50, "fixed_cost_mjpy": -7})  # row 14
    sheets = base_case(
        Sites=sites,
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": -20}],
        Service=[{"region": "R1", "site": "S1", "cost_mjpy_per_mw_year": -1.5}],
    )
    err = _refused(capsys, _book(tmp_path, sheets))
    assert "4 problems in the input:" in err
    assert_problem(err, "Sites!C14: max_mw must be >= 0, got -50", "correct the value")
    assert_problem(err, "Sites!D14: fixed_cost_mjpy must be >= 0, got -7")
    assert_problem(err, "Demand!C2: demand_mw must be >= 0, got -20")
    assert_problem(err, "Service!C2: cost_mjpy_per_mw_year must be >= 0, got -1.5")


def test_T06_duplicate_site_id_with_case_and_width_variants(tmp_path, capsys):
    """T06 | Duplicate site id (incl. case/width variants `DC1` vs `ＤＣ１`) | Exit 3 listing both rows.

    FORMULATION.md §1 wins for the variants: ids are compared as text, so `DC1`,
    `ＤＣ１` and `dc2`/`DC2` are distinct ids, read and solved, each pair with a
    warning naming both rows. An exact repeat (`DC1` twice) is still refused.
    """
    sites = [
        {"site": "DC1", "area": "A", "max_mw": 100},
        {"site": "DC2", "area": "A", "max_mw": 100},
        {"site": "ＤＣ１", "area": "A", "max_mw": 100},
        {"site": "dc2", "area": "A", "max_mw": 100},
    ]
    err = _refused(capsys, _book(tmp_path, base_case(Sites=sites + [dict(sites[0])])))
    assert_problem(err, "Sites!A6: (DC1) appears twice (also row 2)", "keep one row")
    assert len(problems_of(err)) == 1  # the case/width variants are not problems

    path = _book(tmp_path, base_case(Sites=sites), "variants.xlsx")
    case = planner.read_workbook(path)
    assert list(case.sites.index) == ["DC1", "DC2", "ＤＣ１", "dc2"]
    assert [w.split(":")[0] for w in case.warnings] == ["Sites!A4", "Sites!A5"]
    assert case.warnings[0].startswith(
        "Sites!A4: (ＤＣ１) differs from (DC1) in row 2 only by case or character width — "
        "read as two different ids")
    assert case.warnings[1].startswith("Sites!A5: (dc2) differs from (DC2) in row 3")
    result = validate_cli(capsys, path)
    assert result.code == EXIT_OK, result.text
    assert "warning: Sites!A4:" in result.text


def test_T07_reference_to_unknown_id(tmp_path, capsys):
    """T07 | Link endpoint references unknown site | Exit 3 `Links!B9: 'OSK-3' not in Sites`.

    Our link-like sheets: Routes (site -> IX), Grid links (area -> area), Cables
    (landing -> IX), Service (region -> site).
    """
    sheets = rich_case()
    sheets["Routes"][1]["ix"] = "OSK-3"                 # Routes!C3
    sheets["Routes"][0]["site"] = "S9"                  # Routes!B2
    sheets["Grid"][1]["to_area"] = "Kansai"             # Grid!G3 (header order: project, kind, site, mw, capex_mjpy, from_area, to_area)
    sheets["Cables"][0]["landing"] = "LD9"              # Cables!B2
    sheets["Service"] = [{"region": "R1", "site": "OSK-3"}]
    err = _refused(capsys, _book(tmp_path, sheets))
    assert_problem(err, "Routes!C3: 'OSK-3' is not in IX", "correct it or add it to IX")
    assert_problem(err, "Routes!B2: 'S9' is not in Sites")
    assert_problem(err, "Grid!G3: 'Kansai' is not in Areas")
    assert_problem(err, "Cables!B2: 'LD9' is not in Landings")
    assert_problem(err, "Service!B2: 'OSK-3' is not in Sites")


def test_T08_self_loop_link_allowed_with_warning_reverse_link_allowed(tmp_path, capsys):
    """T08 | Self-loop link, or A→B and B→A duplicates for undirected links | Exit 3 (or warning if allowed by schema).

    FORMULATION.md §1 allows a Grid link from an area to itself: it is read and
    solved, with a warning naming its to_area cell (its flow leaves and enters the
    same area, so it carries nothing). A→B and B→A are two separate projects by
    the schema (each adds its own capacity both ways), so they are allowed.
    """
    sheets = rich_case()
    sheets["Grid"].append({"project": "G3", "kind": "link", "from_area": "B", "to_area": "B", "mw": 10})
    path = _book(tmp_path, sheets)
    result = validate_cli(capsys, path)
    assert result.code == EXIT_OK, result.text
    warning = "Grid!G4: link joins area 'B' to itself, so it carries no power"
    assert any(w.startswith(warning) for w in planner.read_workbook(path).warnings)
    assert f"warning: {warning}" in result.text

    sheets = rich_case()
    sheets["Grid"].append({"project": "G3", "kind": "link", "from_area": "B", "to_area": "A", "mw": 10})
    assert validate_cli(capsys, _book(tmp_path, sheets, "reverse.xlsx")).code == EXIT_OK


def test_T09_phases_not_increasing_duplicate_or_fractional_year(tmp_path, capsys):
    """T09 | Phases not strictly increasing / duplicate year / non-integer year | Exit 3 naming the cells."""
    sheets = base_case(Phases=[
        {"phase": "P1", "year": 2030, "years": 5},
        {"phase": "P2", "year": 2030, "years": 5},     # duplicate year (row 3)
        {"phase": "P3", "year": 2035.5, "years": 5},   # not an integer (row 4)
        {"phase": "P4", "year": 2028, "years": 5},     # goes back in time (row 5)
        {"phase": "P5", "year": "2040年", "years": 5},  # text (row 6)
    ])
    err = _refused(capsys, _book(tmp_path, sheets))
    assert_problem(err, "Phases!B3: year 2030 is not after the previous phase's 2030",
                   "list phases in time order with distinct years")
    assert_problem(err, "Phases!B4: year must be a whole number, got 2035.5", "round it")
    assert_problem(err, "Phases!B5: year 2028 is not after")
    assert_problem(err, "Phases!B6: expected a number, got '2040年'")


# --------------------------------------------------------------------------- T10-T19 cell contents


def test_T10_formula_without_cached_value(tmp_path, capsys):
    """T10 | Formula cell with no cached value (openpyxl-written) | Exit 3 naming cell and formula."""
    sheets = base_case(Sites=[{"site": "S1", "area": "A", "max_mw": "=40+60"}, SITES_2[1]])
    err = _refused(capsys, _book(tmp_path, sheets))
    assert_problem(err, "Sites!C2: formula =40+60 has no saved value",
                   "open and save the file in Excel (or LibreOffice), or type the value")


def test_T11_formula_with_cached_value_read_with_one_warning(tmp_path, capsys):
    """T11 | Formula cell with cached value (saved by Excel) | Reads cached value; warns once that formulas were used."""
    sheets = base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": "=40+60", "fixed_cost_mjpy": "=5*2"},
        {"site": "S2", "area": "A", "max_mw": "=50*2", "fixed_cost_mjpy": 20},
    ])
    path = _book(tmp_path, sheets)
    cached = {b"<f>40+60</f><v />": b"<f>40+60</f><v>100</v>",
              b"<f>5*2</f><v />": b"<f>5*2</f><v>10</v>",
              b"<f>50*2</f><v />": b"<f>50*2</f><v>100</v>"}

    def add_cached_values(xml: bytes) -> bytes:
        for old, new in cached.items():
            assert old in xml, old
            xml = xml.replace(old, new)
        return xml

    rewrite_member(path, sheet_member(path, "Sites"), add_cached_values)
    case = planner.read_workbook(path)
    assert list(case.sites["max_mw"]) == [100.0, 100.0]
    assert case.sites.loc["S1", "fixed_cost_mjpy"] == 10.0
    formula_warnings = [w for w in case.warnings if "formula" in w]
    assert formula_warnings == ["Sites!C2: formulas are read as their last saved values (first one here)"]

    result = run_cli(capsys, path)
    assert result.code == EXIT_OK, result.text
    assert result.err.count("formulas are read as their last saved values") == 1
    summary = dict((r[0], r[1]) for r in read_sheet(result.output, "Summary")[1:])
    assert summary["objective_mjpy"] == pytest.approx(10.0)


DATA = Path(__file__).parent / "data"
CASE_TABLES = ("phases", "areas", "area_supply", "sites", "regions", "demand", "service", "grid", "ix",
               "routes", "landings", "cables", "hazards", "hazard_footprint")



def _refused_within_limits(path: Path) -> list[str]:
    """Read ``path``, which must be refused without the memory a bomb would take.

    (Memory is the real limit; the seconds bound is 2 s against the minutes an
    expanded bomb takes, so it does not depend on the machine's speed.)
    """
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(planner.InputError) as info:
            planner.read_workbook(path)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seconds < 2.0 and peak < 200 * 2**20, (seconds, peak)
    return info.value.problems

def _assert_same_case(left: planner.Case, right: planner.Case) -> None:
    for name in CASE_TABLES:
        pd.testing.assert_frame_equal(getattr(left, name), getattr(right, name), obj=name)
    assert left.settings == right.settings and left.rows == right.rows


def test_T11_libreoffice_saved_workbook_reads_like_openpyxl(tmp_path, capsys):
    """T11 | Formula cell with cached value (saved by Excel) | Reads cached value; warns once that formulas were used.

    Issue 4: "a workbook written by LibreOffice reads the same as one written by
    openpyxl". data/libreoffice_7.4.xlsx is ``libreoffice_case()`` saved by
    LibreOffice 7.4 (shared strings, formulas with saved values, booleans as
    TRUE()); it reads to the same Case as the same rows (values instead of
    formulas) written by openpyxl, and solves to the same plan.
    """
    saved = shutil.copy(DATA / "libreoffice_7.4.xlsx", tmp_path / "libreoffice.xlsx")
    plain = write_workbook(tmp_path / "plain.xlsx", libreoffice_case(formulas=False))
    from_libreoffice, from_openpyxl = planner.read_workbook(saved), planner.read_workbook(plain)
    _assert_same_case(from_libreoffice, from_openpyxl)
    assert from_libreoffice.sites.loc["0123", "max_mw"] == 100.0  # =40+60, as LibreOffice saved it
    assert list(from_libreoffice.sites.index) == ["0123", "NA"]
    assert any(w.startswith("Sites!D2: formulas are read") for w in from_libreoffice.warnings)
    assert from_openpyxl.warnings == ()
    objectives = []
    for path in (saved, plain):
        result = run_cli(capsys, Path(path), tmp_path / f"out_{Path(path).stem}.xlsx")
        assert result.code == EXIT_OK, result.text
        objectives.append(dict((r[0], r[1]) for r in read_sheet(result.output, "Summary")[1:])["objective_mjpy"])
    assert objectives[0] == objectives[1]


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed")
def test_T11_libreoffice_conversion_live(tmp_path):
    """T11 (live) | the same, converting with the installed LibreOffice now (`soffice --headless --convert-to xlsx`)."""
    (tmp_path / "src").mkdir()
    source = write_workbook(tmp_path / "src" / "case.xlsx", libreoffice_case())
    saved = convert_with_libreoffice(source, tmp_path / "saved")
    plain = write_workbook(tmp_path / "plain.xlsx", libreoffice_case(formulas=False))
    with pytest.raises(planner.InputError):  # the openpyxl source: formulas without saved values
        planner.read_workbook(source)
    _assert_same_case(planner.read_workbook(saved), planner.read_workbook(plain))


def test_T11_libreoffice_workbook_warns_once():
    """T11 | Formula cell with cached value | ... warns once that formulas were used."""
    case = planner.read_workbook(DATA / "libreoffice_7.4.xlsx")
    formula_warnings = [w for w in case.warnings if "formula" in w]
    assert len(formula_warnings) == 1, formula_warnings


def test_T12_text_in_numeric_column(tmp_path, capsys):
    """T12 | Text in numeric column (`"N/A"`, `"TBD"`) | Exit 3 naming cell; original text echoed."""
    sheets = base_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": "N/A"},
               {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": "TBD"}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": "#N/A"}],
    )
    err = _refused(capsys, _book(tmp_path, sheets))
    assert_problem(err, "Sites!C2: expected a number, got 'N/A'", "type a number or leave it blank")
    assert_problem(err, "Sites!D3: expected a number, got 'TBD'")
    assert_problem(err, "Demand!C2: cell holds the error #N/A", "fix the formula or type a value")


def test_T13_fullwidth_digits_comma_minus_are_parsed(tmp_path, capsys):
    """T13 | Full-width digits / comma / minus (`１，２００`, `－５`) | Parsed to 1200 / −5; logged at INFO with cell.

    (This test: the parsing. The logging half is ``test_T13_fullwidth_parse_logged_at_info``.)
    """
    sheets = base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": "１，２００", "lon": "－５", "fixed_cost_mjpy": "１２．５"},
        {"site": "S2", "area": "A", "max_mw": "３００", "lat": "−３５．５"},  # U+2212 minus
    ])
    path = _book(tmp_path, sheets)
    case = planner.read_workbook(path)
    assert case.sites.loc["S1", "max_mw"] == 1200.0
    assert case.sites.loc["S1", "lon"] == -5.0
    assert case.sites.loc["S1", "fixed_cost_mjpy"] == 12.5
    assert case.sites.loc["S2", "max_mw"] == 300.0 and case.sites.loc["S2", "lat"] == -35.5
    assert run_cli(capsys, path).code == EXIT_OK


def test_T13_fullwidth_parse_logged_at_info(tmp_path, caplog):
    """T13 | ... | Parsed to 1200 / −5; logged at INFO with cell (the original string and the cell)."""
    sheets = base_case(Sites=[{"site": "S1", "area": "A", "max_mw": "１，２００"}, SITES_2[1]])
    with caplog.at_level(logging.INFO, logger="planner"):
        planner.read_workbook(_book(tmp_path, sheets))
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert any("Sites!C2" in m and "１，２００" in m for m in logged), logged


def test_T14_kanji_multiplier_refused(tmp_path, capsys):
    """T14 | `1.2万` or other kanji multiplier in numeric cell | Exit 3 (not silently 1.2)."""
    sheets = base_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": "1.2万"},
               {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": "３億"}],
    )
    err = _refused(capsys, _book(tmp_path, sheets))
    assert_problem(err, "Sites!C2: expected a number, got '1.2万'", "kanji multipliers (万, 億) are not read",
                   "type the full number in the column's unit")
    assert_problem(err, "Sites!D3: expected a number, got '３億'")


def test_T15_ids_NA_None_and_leading_zero_stay_text(tmp_path, capsys):
    """T15 | Site id literally `NA` / `None` / `0123` | Preserved as strings (no NaN, leading zero kept)."""
    sheets = base_case(
        Sites=[{"site": "NA", "area": "A", "max_mw": 30, "fixed_cost_mjpy": 1},
               {"site": "None", "area": "A", "max_mw": 30, "fixed_cost_mjpy": 1},
               {"site": "0123", "area": "A", "max_mw": 30, "fixed_cost_mjpy": 1}],
        Demand=[{"region": "NA", "phase": "P1", "demand_mw": 80}],
    )
    path = _book(tmp_path, sheets)
    case = planner.read_workbook(path)
    assert list(case.sites.index) == ["NA", "None", "0123"]
    assert list(case.regions.index) == ["NA"]
    result = run_cli(capsys, path)
    assert result.code == EXIT_OK, result.text
    rows = read_sheet(result.output, "Sites")
    assert [r[0] for r in rows[1:]] == ["NA", "None", "0123"]
    served = read_sheet(result.output, "Service")
    assert {r[0] for r in served[1:]} == {"NA"}
    assert {r[1] for r in served[1:]} == {"NA", "None", "0123"}


def test_T16_blank_required_and_optional_cells(tmp_path, capsys):
    """T16 | Blank cell in required numeric column (NaN) | Exit 3; optional column → documented default, logged.

    FORMULATION.md §1: "A blank optional cell takes the default" (pue 1.0,
    fixed_cost 0, type cluster). The defaults are not logged per cell.
    """
    sheets = base_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "pue": None},
               {"site": "S2", "area": "A", "max_mw": None, "pue": 1.2}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": "  "}],
    )
    err = _refused(capsys, _book(tmp_path, sheets))
    assert_problem(err, "Sites!C3: max_mw is required", "fill it in")
    assert_problem(err, "Demand!C2: demand_mw is required")
    assert len(problems_of(err)) == 2

    sheets = base_case(Sites=[{"site": "S1", "area": "A", "max_mw": 100, "pue": None,
                               "fixed_cost_mjpy": None, "type": None}])
    case = planner.read_workbook(_book(tmp_path, sheets, "defaults.xlsx"))
    s1 = case.sites.loc["S1"]
    assert (s1["pue"], s1["fixed_cost_mjpy"], s1["type"], s1["earliest_phase"]) == (1.0, 0.0, "cluster", "P1")


def test_T17_inf_huge_and_error_values(tmp_path, capsys):
    """T17 | Inf / 1e300 / #DIV/0! error value in a cell | Exit 3 naming cell."""
    sheets = base_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": 1e300},
               {"site": "S2", "area": "A", "max_mw": "inf"},
               {"site": "S3", "area": "A", "max_mw": 100, "fixed_cost_mjpy": "#DIV/0!"},
               {"site": "S4", "area": "A", "max_mw": 777}],
    )
    path = _book(tmp_path, sheets)
    # a stored double that overflows to inf when read (no spreadsheet writes it, a script might)
    rewrite_member(path, sheet_member(path, "Sites"),
                   lambda xml: xml.replace(b'<c r="C5" t="n"><v>777</v>', b'<c r="C5" t="n"><v>1E+400</v>'))
    err = _refused(capsys, path)
    assert_problem(err, "Sites!C2: number 1e+300 is out of range", "type a finite number below 1e15")
    assert_problem(err, "Sites!C3: expected a number, got 'inf'")
    assert_problem(err, "Sites!D4: cell holds the error #DIV/0!", "fix the formula or type a value")
    assert_problem(err, "Sites!C5: number inf is out of range")


def test_T17_unparseable_stored_number(tmp_path, capsys):
    """T17 (a numeric cell whose stored text is `INF`) | openpyxl cannot cast it | Exit 3 naming the sheet."""
    path = _book(tmp_path, base_case())
    rewrite_member(path, sheet_member(path, "Sites"),
                   lambda xml: xml.replace(b'<c r="C2" t="n"><v>100</v>', b'<c r="C2" t="n"><v>INF</v>'))
    err = _refused(capsys, path)
    assert_problem(err, "in.xlsx: sheet 'Sites' could not be read", "save a clean copy")


def test_T18_merged_cells_inside_table(tmp_path, capsys):
    """T18 | Merged cells inside a data table | Exit 3 naming merged range."""
    path = _book(tmp_path, base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 100}, {"site": "S2", "area": "A", "max_mw": 100}]))
    _edit(path, lambda book: book["Sites"].merge_cells("B2:B3"))
    err = _refused(capsys, path)
    assert_problem(err, "Sites!B2:B3: merged cells inside the table", "unmerge them and fill each cell")


def test_T19_blank_rows_are_skipped_and_rows_below_are_read(tmp_path, capsys):
    """T19 | Fully blank row in the middle of a table | Table ends there; rows below → warning "ignored data below blank row 57".

    FORMULATION.md §1 wins: "Empty rows are skipped" — the rows below a blank
    row ARE read, keep their real row numbers in messages, and count in the plan.
    """
    sheets = base_case(Sites=[{"site": "S1", "area": "A", "max_mw": 30, "fixed_cost_mjpy": 10},
                              {"site": "S2", "area": "A", "max_mw": 30, "fixed_cost_mjpy": 20}])
    path = _book(tmp_path, sheets)
    _edit(path, lambda book: book["Sites"].insert_rows(3, amount=3))  # S2 moves to row 6
    case = planner.read_workbook(path)
    assert list(case.sites.index) == ["S1", "S2"] and case.rows["Sites"] == [2, 6]
    result = run_cli(capsys, path)
    assert result.code == EXIT_OK, result.text  # 50 MW needs both 30 MW sites: S2 below the gap is used
    opened = {r[0] for r in read_sheet(result.output, "Sites")[1:] if r[8]}
    assert opened == {"S1", "S2"}

    _edit(path, lambda book: book["Sites"].cell(row=6, column=3, value=-1))
    err = _refused(capsys, path)
    assert_problem(err, "Sites!C6: max_mw must be >= 0, got -1")


def test_T20_styled_empty_cell_at_last_row(tmp_path, capsys):
    """T20 | Formatted-but-empty cell at row 1,048,576 | Loads fast (<2 s) with correct row count."""
    path = _book(tmp_path, base_case())

    def style_far_cells(book):
        book["Sites"].cell(row=1_048_576, column=1).font = Font(bold=True)
        book["Sites"].cell(row=1, column=16_384).font = Font(italic=True)  # XFD1
        book["Demand"].cell(row=1_048_576, column=16_384).font = Font(bold=True)

    _edit(path, style_far_cells)
    started = time.perf_counter()
    case = planner.read_workbook(path)
    assert time.perf_counter() - started < 2.0
    assert case.rows["Sites"] == [2, 3] and case.rows["Demand"] == [2]
    assert run_cli(capsys, path).code == EXIT_OK


@pytest.mark.slow
def test_T21_large_service_sheet_reads_within_budget(tmp_path):
    """T21 | 100k-row time-series sheet | Loads within budget (read_only), memory below cap; perf test marked slow.

    Our largest table is Service (region x site): 1,000 regions x 100 sites =
    100,000 rows. Read and validated in a fresh interpreter (so neither this
    process's heap nor tracemalloc's overhead skews it): under 60 s and 500 MB
    peak RSS (measured: ~15 s, ~220 MB on a 2-core CI box). The sheet carries a
    <dimension> element as Excel writes it; without one openpyxl's read-only
    mode parses the sheet twice.
    """
    from openpyxl import Workbook

    path = tmp_path / "big.xlsx"
    book = Workbook(write_only=True)
    for title, header, rows in (
        ("Phases", ["phase", "year", "years"], [["P1", 2030, 1]]),
        ("Areas", ["area"], [["A"]]),
        ("Sites", ["site", "area", "max_mw"], [[f"S{i}", "A", 500] for i in range(100)]),
        ("Demand", ["region", "phase", "demand_mw"], [[f"R{j}", "P1", 1] for j in range(1000)]),
        ("Service", ["region", "site", "cost_mjpy_per_mw_year"],
         ([f"R{j}", f"S{i}", (i * 7 + j * 13) % 97] for j in range(1000) for i in range(100))),
    ):
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book.save(path)
    rewrite_member(path, sheet_member(path, "Service"), lambda xml: xml.replace(
        b"<sheetData>", b'<dimension ref="A1:C100001"/><sheetData>', 1))
    script = (
        "import resource, sys, time, planner\n"
        "t = time.perf_counter(); case = planner.read_workbook(sys.argv[1])\n"
        "print(len(case.service), case.rows['Service'][-1], time.perf_counter() - t,\n"
        "      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                          timeout=300, check=True)
    rows, last_row, seconds, peak_mb = done.stdout.split()
    assert (int(rows), int(last_row)) == (100_000, 100_001)
    assert float(seconds) < 60, seconds
    assert float(peak_mb) < 500, peak_mb


# --------------------------------------------------------------------------- T22-T25 files


@pytest.mark.parametrize("kind", ["not_zip", "empty", "truncated", "xls_renamed", "xls",
                                  "zip_not_workbook", "corrupt_member"])
def test_T22_malformed_xlsx(tmp_path, capsys, kind):
    """T22 | Malformed xlsx (not a zip / truncated / `.xls` renamed) | Exit 3 "not a valid .xlsx" — no `BadZipFile` traceback."""
    good = _book(tmp_path, base_case(), "good.xlsx")
    path = tmp_path / ("in.xls" if kind == "xls" else "in.xlsx")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048
    if kind == "not_zip":
        path.write_bytes(b"site,area,max_mw\nS1,A,100\n")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind in ("xls_renamed", "xls"):
        path.write_bytes(ole)
    elif kind == "zip_not_workbook":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
    else:  # a member whose compressed bytes are damaged
        shutil.copy(good, path)
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(sheet_member(path, "Sites"))
        data = bytearray(path.read_bytes())
        start = info.header_offset + 30 + len(info.filename) + 20
        data[start:start + 40] = bytes(b ^ 0xFF for b in data[start:start + 40])
        path.write_bytes(bytes(data))
    err = _refused(capsys, path)
    (problem,) = problems_of(err)
    assert problem.startswith(path.name), problem
    expected = {
        "not_zip": "is not a valid .xlsx workbook — open it in Excel and save as .xlsx",
        "empty": "is not a valid .xlsx workbook",
        "truncated": "is not a valid .xlsx workbook",
        "xls_renamed": "is not a valid .xlsx workbook",
        "xls": "is not a valid .xlsx workbook (an old .xls file? save it as .xlsx)",
        "zip_not_workbook": "could not be opened as a workbook",
        "corrupt_member": "could not be opened as a workbook",
    }[kind]
    assert expected in problem, problem
    assert "save" in problem  # the fix


def test_T22_missing_file_and_folder(tmp_path, capsys):
    """T22 (paths) | a workbook path that does not exist, or is a folder | Exit 3 with the path named."""
    err = _refused(capsys, tmp_path / "nope.xlsx")
    assert_problem(err, f"{tmp_path / 'nope.xlsx'} does not exist", "check the path")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    err = _refused(capsys, folder)
    assert_problem(err, f"{folder} is a folder", "give the workbook file")


def _bomb(path: Path, megabytes: int = 40) -> Path:
    """Replace the Sites sheet XML with a valid sheet padded by ``megabytes`` MB of blanks."""

    def inflate(xml: bytes) -> bytes:
        head, _, _ = xml.partition(b"<sheetData>")
        return head + b"<sheetData>" + b" " * (megabytes * 2**20) + b"</sheetData></worksheet>"

    return rewrite_member(path, sheet_member(path, "Sites"), inflate)


def test_T23_zip_bomb_refused_fast_and_small(tmp_path, capsys):
    """T23 | Zip bomb (tiny file, huge sheet XML) | Exit 3 before decompression, from size/ratio limits.

    Issue 4 acceptance: "A 30 MB zip bomb ... refused in under 2 s with under 200 MB of memory".
    Here the Sites XML unpacks to 40 MB from ~40 kB.
    """
    path = _bomb(_book(tmp_path, base_case()))
    with zipfile.ZipFile(path) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 40 * 2**20
    assert path.stat().st_size < 200_000
    (problem,) = _refused_within_limits(path)
    assert problem.startswith("in.xlsx: part xl/worksheets/") and "refused as a possible zip bomb" in problem
    err = _refused(capsys, path)
    assert "zip bomb" in err


def test_T23_too_many_members(tmp_path, capsys):
    """T23 (member count) | a workbook with 10,001 parts | Exit 3 before unpacking."""
    path = _book(tmp_path, base_case())
    rewrite_member(path, "xl/workbook.xml", None,
                   add={f"customXml/item{i}.xml": b"<a/>" for i in range(10_001)},
                   compression=zipfile.ZIP_STORED)
    err = _refused(capsys, path)
    assert_problem(err, "in.xlsx holds 10013 parts", "not a planning workbook")


def _billion_laughs(path: Path, member: str) -> Path:
    """Put a nested-entity DTD in ``member`` and, in the Sites sheet, use the top entity."""
    dtd = '<!DOCTYPE lolz [<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)) + "]>"

    def poison(xml: bytes) -> bytes:
        text = xml.decode()
        if text.startswith("<?xml"):
            end = text.index("?>") + 2
            text = text[:end] + dtd + text[end:]
        else:
            text = dtd + text
        return text.replace("<t>S1</t>", "<t>&lol9;</t>").encode()

    return rewrite_member(path, member, poison)


@pytest.mark.parametrize("where", ["sheet", "workbook.xml", "styles.xml"])
def test_T24_billion_laughs_refused_fast_and_small(tmp_path, capsys, where):
    """T24 | Billion-laughs entity in sheet XML | Rejected by defusedxml; exit 3 "unsafe XML"; no memory spike.

    (This test: refused, fast, small, by defusedxml. The message wording is
    ``test_T24_billion_laughs_message_says_unsafe_xml``.)
    """
    import defusedxml
    import openpyxl

    path = _book(tmp_path, base_case())
    member = {"sheet": sheet_member(path, "Sites"), "workbook.xml": "xl/workbook.xml",
              "styles.xml": "xl/styles.xml"}[where]
    _billion_laughs(path, member)
    # defusedxml is what refuses it (not a parse error of our own making)
    with pytest.raises(Exception) as info:
        openpyxl.load_workbook(path, read_only=True)
    chain, exc = [], info.value
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    assert any(isinstance(e, defusedxml.DefusedXmlException) for e in chain), chain
    _refused_within_limits(path)
    err = _refused(capsys, path)
    assert problems_of(err)[0].startswith("in.xlsx")


@pytest.mark.parametrize("where", ["sheet", "workbook.xml"])
def test_T24_billion_laughs_message_says_unsafe_xml(tmp_path, capsys, where):
    """T24 | Billion-laughs entity in sheet XML | Rejected by defusedxml; exit 3 "unsafe XML"; no memory spike."""
    path = _book(tmp_path, base_case())
    _billion_laughs(path, sheet_member(path, "Sites") if where == "sheet" else "xl/workbook.xml")
    err = _refused(capsys, path)
    assert "unsafe XML" in err, err


def test_T25_external_links_warned(tmp_path, capsys):
    """T25 | External links / macro-enabled `.xlsm` | Warn (external links) / read data only, never execute, never re-save."""
    path = _book(tmp_path, base_case())
    link = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<externalBook/></externalLink>')
    rewrite_member(path, "xl/workbook.xml", None, add={"xl/externalLinks/externalLink1.xml": link})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the reader turns it into a case warning, not a Python warning
        case = planner.read_workbook(path)
    assert any("links to other workbooks" in w for w in case.warnings), case.warnings
    result = run_cli(capsys, path)
    assert result.code == EXIT_OK, result.text
    assert "warning: in.xlsx: in.xlsx links to other workbooks" in result.err
    assert "break the links" in result.err
    run_record = {r[0]: r[1] for r in read_sheet(result.output, "Run")[1:]}
    assert "links to other workbooks" in str(run_record.get("input_warning"))


def test_T25_xlsm_read_as_data_only(tmp_path, capsys):
    """T25 (.xlsm) | macro-enabled workbook | read data only, never execute, never re-save; output must be .xlsx."""
    path = _book(tmp_path, base_case(), "in.xlsm")
    macro = b"\xd0\xcf\x11\xe0 Attribute VB_Name = \"Module1\"\nSub Auto_Open()\nShell \"calc\"\nEnd Sub"
    rewrite_member(path, "[Content_Types].xml",
                   lambda xml: xml.replace(
                       b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                       b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
                   add={"xl/vbaProject.bin": macro})
    result = run_cli(capsys, path)
    assert result.code == EXIT_OK, result.text
    with zipfile.ZipFile(result.output) as archive:
        assert not any("vba" in n.lower() for n in archive.namelist())
    result = run_cli(capsys, path, tmp_path / "out.xlsm")
    assert result.code == EXIT_OUTPUT
    assert "must be an .xlsx file" in result.err


# --------------------------------------------------------------------------- T26-T27 output text


def test_T26_formula_like_names_written_as_text(tmp_path, capsys):
    """T26 | Strings starting with `=`, `+`, `@` in names; control chars | Output cells are text, file opens cleanly; control chars stripped with a warning.

    (This test: formula-like names, and control characters stripped by the
    writer. The warning is ``test_T26_control_characters_stripped_with_warning``.)
    """
    names = ['=HYPERLINK("http://evil.example","click")', "+81 3 1234", "@SUM(A1:A9)", "-2+3"]
    sheets = base_case(Sites=[{"site": f"S{i}", "name": f"n{i}", "area": "A", "max_mw": 20,
                               "fixed_cost_mjpy": 1} for i in range(1, 5)])
    path = _book(tmp_path, sheets)

    def text_names(book):
        for row, name in enumerate(names, start=2):
            cell = book["Sites"].cell(row=row, column=2)
            cell.value = name
            cell.data_type = "s"  # a text cell that looks like a formula, as Excel stores '=...

    _edit(path, text_names)
    result = run_cli(capsys, path)
    assert result.code == EXIT_OK, result.text
    book = load_workbook(result.output)  # formulas would show as data_type 'f'
    sheet = book["Sites"]
    assert [c.value for c in sheet[1]][:2] == ["site", "name"]
    written = {sheet.cell(row=r, column=2).value: sheet.cell(row=r, column=2).data_type
               for r in range(2, sheet.max_row + 1)}
    assert set(written) == set(names)
    assert set(written.values()) == {"s"}
    for other in book.worksheets:  # wherever else a name appears (Locations, Charts, ...): text
        for row in other.iter_rows():
            for c in row:
                if c.value in names:
                    assert c.data_type == "s", (other.title, c.coordinate)
                if c.data_type == "f":  # the planner's own formulas (chart totals) only
                    assert not any(n.lstrip("=+-@")[:6] in str(c.value) for n in names), c.value

    from planner.io.writer import write_tables

    out = write_tables({"Names": pd.DataFrame({"name": ["bell\x07 and\x00nul", "tab\tok"]})},
                       tmp_path / "control.xlsx")
    assert [r[0] for r in read_sheet(out, "Names")] == ["name", "bell andnul", "tab\tok"]


def test_T26_control_characters_stripped_with_warning(tmp_path):
    """T26 | ...; control chars | ... control chars stripped with a warning."""
    from planner.io.writer import write_tables

    with pytest.warns(UserWarning, match="control character"):
        write_tables({"Names": pd.DataFrame({"name": ["bell\x07"]})}, tmp_path / "control.xlsx")


def test_T27_sheet_names_sanitised(tmp_path):
    """T27 | Long or illegal sheet names generated from scenario names | Sanitized ≤31 chars, unique, `[]:*?/\\` removed.

    Scenario names do not reach sheet names yet (sweeps: issue 5); the writer's
    contract is tested directly with table names taken from scenario names.
    """
    from planner.io.writer import write_tables

    frame = pd.DataFrame({"x": [1]})
    names = ["Scenario: high/low [2035]*?", "a" * 40 + "1", "a" * 40 + "2", "back\\slash"]
    out = write_tables({n: frame for n in names}, tmp_path / "sweep.xlsx")
    titles = load_workbook(out, read_only=True).sheetnames
    assert len(titles) == len(set(titles)) == 4
    for title in titles:
        assert len(title) <= 31 and not set(title) & set("[]:*?/\\"), title
