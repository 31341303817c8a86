"""The sweep results workbook: Scenarios, KPIs, SiteFrequency, Decisions, Tornado (with a
native Excel bar chart) and Run."""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from planner.io.writer import check_output_path, write_book_atomically, write_sheet
from planner.results.sweep import (
    TORNADO_HEADERS,
    kpi_table,
    run_table,
    scenarios_table,
    tornado_table,
)
from planner.studies.sweep import SweepResult


def _add_tornado_chart(sheet: Any, rows: int, columns: list[str]) -> None:
    """A horizontal bar per parameter: change of objective at its low and high value."""
    low = columns.index("delta_low_mjpy") + 1
    high = columns.index("delta_high_mjpy") + 1
    chart = BarChart()
    chart.type = "bar"  # horizontal
    chart.grouping = "clustered"
    chart.overlap = 100
    chart.gapWidth = 40
    chart.title = "Objective change against the base case"
    chart.y_axis.title = "MJPY PV"
    chart.y_axis.number_format = "#,##0"
    chart.y_axis.majorGridlines = None
    chart.legend.position = "b"
    chart.x_axis.title = "parameter"
    chart.x_axis.scaling.orientation = "maxMin"  # largest swing at the top
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.tickLblPos = "low"  # labels clear of the bars left of zero
    for column in (low, high):
        chart.add_data(Reference(sheet, min_col=column, min_row=1, max_row=rows + 1),
                       titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows + 1))
    chart.height = max(7.5, 1.0 + 0.8 * rows)
    chart.width = 18
    sheet.add_chart(chart, f"{get_column_letter(len(columns) + 2)}2")


def write_sweep_workbook(result: SweepResult, path: str | Path, *,
                         inputs: Iterable[str | Path] = ()) -> Path:
    """Write the sweep results workbook atomically; refuses to overwrite any of ``inputs``.

    Sheets: Scenarios, KPIs, SiteFrequency, Decisions, Tornado (table and a
    native bar chart of the change at each parameter's low and high value) and Run.
    """
    path = Path(path)
    inputs = [Path(p) for p in inputs]
    check_output_path(path, inputs)
    book = Workbook()
    book.remove(book.active)
    write_sheet(book, "Scenarios", scenarios_table(result))
    write_sheet(book, "KPIs", kpi_table(result))
    frequency = result.site_frequency()
    write_sheet(book, "SiteFrequency", frequency)
    write_sheet(book, "Decisions", result.decisions)
    tornado = tornado_table(result)
    write_sheet(book, "Tornado", tornado.rename(columns=TORNADO_HEADERS))
    if len(tornado):
        _add_tornado_chart(book["Tornado"], len(tornado), list(tornado.columns))
    write_sheet(book, "Run", run_table(result, inputs))
    for name in ("Scenarios", "Run"):
        _shorten_floats(book[name])
    return write_book_atomically(book, path)


def _shorten_floats(sheet: Any) -> None:
    """Parameter values and seconds read better with the cell's general format."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, float) and not math.isnan(cell.value) and abs(cell.value) < 1000:
                cell.number_format = "General"


__all__ = ["write_sweep_workbook"]
