"""Charts, timeline and map of a solved plan (issue 6, item 4)."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

import planner
from planner.errors import InputError, OutputError
from planner.io.writer import write_tables
from planner.reports.charts import add_charts, chart_tables
from planner.reports.mapping import add_map_sheet, read_result_tables, render_map
from planner.reports.timeline import FAMILY_COLOURS, add_timeline

pytest.importorskip("matplotlib")

EXAMPLE = Path(__file__).resolve().parents[2] / "inputs" / "example.xlsx"
SOLVE = {"threads": 1, "random_seed": 0}
REF = re.compile(r"^'?(?P<sheet>[^'!]+)'?!\$(?P<c0>[A-Z]+)\$(?P<r0>\d+):\$(?P<c1>[A-Z]+)\$(?P<r1>\d+)$")


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    plan = planner.run(EXAMPLE, **SOLVE)
    assert plan.has_solution
    return plan.tables


@pytest.fixture(scope="module")
def map_png(tables, tmp_path_factory) -> Path:
    return render_map(tables, tmp_path_factory.mktemp("map") / "map.png")


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def _book_with_charts(tables) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    add_charts(book, tables)
    return book


# ---------------------------------------------------------------- map


def test_map_png_is_a_real_picture(map_png):
    assert map_png.is_file()
    width, height = _png_size(map_png)
    assert width > 800 and height > 600
    assert map_png.stat().st_size > 20_000


def test_map_skips_points_without_coordinates_and_missing_outline(tables, tmp_path):
    broken = {k: v.copy() for k, v in tables.items()}
    broken["Sites"].loc[broken["Sites"]["site"] == "NC", ["lat", "lon"]] = float("nan")
    broken["Locations"]["lat"] = float("nan")
    out = render_map(broken, tmp_path / "m.png", outline=tmp_path / "no_such.geojson")
    assert _png_size(out)[0] > 800


def test_map_sheet_holds_the_image(map_png):
    book = Workbook()
    add_map_sheet(book, map_png)
    assert "Map" in book.sheetnames
    assert len(book["Map"]._images) == 1


def test_map_from_a_results_workbook(tables, tmp_path):
    """What ``wattbit map RESULTS.xlsx -o map.png`` does."""
    results = write_tables(tables, tmp_path / "results.xlsx")
    out = render_map(read_result_tables(results), tmp_path / "from_xlsx.png")
    assert out.stat().st_size > 20_000


def test_map_errors_say_what_to_do(tables, tmp_path):
    with pytest.raises(InputError, match="no such results workbook"):
        read_result_tables(tmp_path / "missing.xlsx")
    (tmp_path / "not.xlsx").write_text("plain text")
    with pytest.raises(InputError, match="cannot be read"):
        read_result_tables(tmp_path / "not.xlsx")
    with pytest.raises(OutputError, match="does not exist"):
        render_map(tables, tmp_path / "no_folder" / "map.png")


# ---------------------------------------------------------------- charts


def test_pivots_are_sums_of_the_result_tables(tables):
    pivots = chart_tables(tables)
    assert set(pivots) == {"new_it_mw_by_area", "capex_by_category", "intl_tbps_by_zone"}

    sites = tables["Sites"]
    expected = sites.groupby(["area", "phase"])["new_it_mw"].sum()
    mw = pivots["new_it_mw_by_area"]
    for (area, phase), value in expected.items():
        got = mw.at[area, phase] if area in mw.index else 0.0
        assert got == pytest.approx(value, abs=1e-6)
    assert mw.to_numpy().sum() == pytest.approx(sites["new_it_mw"].sum(), abs=1e-6)

    costs = tables["Costs"]
    _assert_pivot_holds(pivots["capex_by_category"],
                        costs[costs["kind"] == "capex"].groupby(["category", "phase"])["undiscounted_mjpy"].sum())
    telecom = tables["Telecom"]
    _assert_pivot_holds(pivots["intl_tbps_by_zone"],
                        telecom[telecom["kind"] == "landing_zone"].groupby(["id", "phase"])["tbps"].sum())


def _assert_pivot_holds(pivot, values) -> None:
    """Every (row, phase) total of a results table appears in the chart's pivot (0 if absent)."""
    for (row, phase), value in values.items():
        got = pivot.at[row, phase] if row in pivot.index else 0.0
        assert got == pytest.approx(value, abs=1e-6)


def test_charts_sheet_has_three_charts_pointing_at_the_pivots(tables):
    book = _book_with_charts(tables)
    assert "Charts" in book.sheetnames
    sheet = book["Charts"]
    charts = sheet._charts
    assert len(charts) == 3
    pivots = chart_tables(tables)
    keys = ["new_it_mw_by_area", "capex_by_category", "intl_tbps_by_zone"]
    for chart, key in zip(charts, keys):
        pivot = pivots[key]
        assert chart.title is not None and chart.x_axis.title is not None and chart.y_axis.title is not None
        assert "[" in _text(chart.y_axis.title)  # unit in the axis title
        assert len(chart.series) == len(pivot)
        for series, (label, values) in zip(chart.series, pivot.iterrows()):
            ref = REF.match(series.val.numRef.f)
            assert ref, series.val.numRef.f
            assert ref["sheet"] == "Charts"
            row = int(ref["r0"])
            assert int(ref["r1"]) == row
            assert ref["c0"] == "B" and ref["c1"] == chr(ord("A") + pivot.shape[1])
            assert sheet.cell(row, 1).value == str(label)
            cells = [sheet.cell(row, c).value for c in range(2, 2 + pivot.shape[1])]
            assert cells == pytest.approx(values.tolist())
            assert series.tx.strRef.f.endswith(f"$A${row}")
            categories = series.cat.numRef.f if series.cat.numRef else series.cat.strRef.f
            header_row = int(REF.match(categories)["r0"])
            header = [sheet.cell(header_row, c).value for c in range(2, 2 + pivot.shape[1])]
            assert header == list(pivot.columns)
    assert charts[0].grouping == "stacked" and charts[1].grouping == "stacked"


def _text(title) -> str:
    return "".join(run.t for p in title.tx.rich.p for run in (p.r or []))


def test_charts_survive_saving(tables, tmp_path):
    path = tmp_path / "charts.xlsx"
    _book_with_charts(tables).save(path)
    with zipfile.ZipFile(path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == 3
        xml = archive.read(charts[0]).decode()
    # first chart, first series: row 3 (title row 1, header row 2), phases in B:C
    assert re.search(r"<(c:)?f>'?Charts'?!\$B\$3:\$C\$3</(c:)?f>", xml), xml[:500]


def test_missing_or_empty_tables_are_skipped(tables):
    book = Workbook()
    add_charts(book, {})
    assert "Charts" not in book.sheetnames
    only_sites = {"Sites": tables["Sites"], "Costs": tables["Costs"].iloc[0:0]}
    add_charts(book, only_sites)
    assert len(book["Charts"]._charts) == 1


# ---------------------------------------------------------------- timeline


def test_timeline_has_a_row_per_opened_site_and_build(tables):
    book = Workbook()
    add_timeline(book, tables)
    sheet = book["Timeline"]
    header = [c.value for c in sheet[1]]
    phases = list(dict.fromkeys(tables["Sites"]["phase"]))
    assert header == ["family", "id", "what", *phases]

    sites = tables["Sites"]
    first = sites.groupby("site").first()
    existing = first["it_mw"] - first["new_it_mw"] > 1e-6
    new_sites = {s for s, g in sites.groupby("site") if not existing[s] and g["open"].any()}
    grown = {s for s, g in sites.groupby("site") if existing[s] and (g["new_it_mw"] > 1e-6).any()}
    builds = tables["Builds"]
    built = builds[builds["phase_built"] != "existing"]
    expected = ({("site", s) for s in new_sites} | {("expansion", s) for s in grown}
                | {(f, b) for f, b in zip(built["family"], built["id"])})

    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] in FAMILY_COLOURS]
    assert {(r[0], r[1]) for r in rows} == expected
    assert len(rows) == len(expected)

    # filled from the phase it appears on, empty before
    start = {("site", s): g.loc[g["open"], "phase"].iloc[0]
             for s, g in sites.groupby("site") if s in new_sites}
    start |= {(f, b): t for f, b, t in zip(built["family"], built["id"], built["phase_built"])}
    for r in range(2, 2 + len(rows)):
        key = (sheet.cell(r, 1).value, sheet.cell(r, 2).value)
        if key not in start:
            continue
        first_col = 4 + phases.index(start[key])
        for c in range(4, 4 + len(phases)):
            filled = sheet.cell(r, c).fill.fill_type == "solid"
            assert filled == (c >= first_col), (key, c)
        colour = sheet.cell(r, first_col).fill.fgColor.rgb
        assert colour.endswith(FAMILY_COLOURS[key[0]])


# ---------------------------------------------------------------- reading results back


def test_read_result_tables_round_trips_sites(tables, tmp_path):
    path = write_tables(tables, tmp_path / "results.xlsx")
    back = read_result_tables(path)
    assert "Sites" in back and "it_mw" in back["Sites"].columns  # unit suffix stripped
    pd.testing.assert_frame_equal(back["Sites"], tables["Sites"], check_dtype=False)
    assert back["Builds"]["phase_built"].tolist() == tables["Builds"]["phase_built"].tolist()


# ---------------------------------------------------------------- LibreOffice


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not on PATH")
def test_workbook_with_charts_and_map_converts_to_pdf(tables, map_png, tmp_path):
    path = write_tables(tables, tmp_path / "results.xlsx")
    book = load_workbook(path)
    add_charts(book, tables)
    add_timeline(book, tables)
    add_map_sheet(book, map_png)
    book.save(path)
    profile = tmp_path / "lo_profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / "results.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 20_000
