"""The results workbook of a plan: the tables (``io.writer``) plus charts, timeline and map."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from planner.errors import OutputError
from planner.io.writer import write_tables
from planner.reports.charts import add_charts
from planner.reports.mapping import add_map_sheet, render_map
from planner.reports.operations_charts import add_day_charts
from planner.reports.timeline import add_timeline
from planner.reports.welcome_map import render_welcome_map
from planner.results.registry import UNITS, sheet_order


WELCOME_TITLE = ("Welcome zones after the plan — firm MW a large new load can still connect without "
                 "new transmission (Headroom sheet)")


def add_pictures(book: Workbook, tables: dict[str, pd.DataFrame]) -> None:
    """Charts, DayCharts (operations mode), Timeline, Map and WelcomeMap (when the case limits a
    connection or supply) sheets; without matplotlib only the maps are dropped."""
    add_charts(book, tables)
    add_day_charts(book, tables)
    add_timeline(book, tables)
    try:
        with tempfile.TemporaryDirectory() as folder:
            add_map_sheet(book, render_map(tables, Path(folder) / "map.png"))
            welcome = render_welcome_map(tables, Path(folder) / "welcome.png")
            if welcome is not None:
                add_map_sheet(book, welcome, sheet_name="WelcomeMap", title=WELCOME_TITLE)
    except OutputError as exc:
        logging.getLogger(__name__).warning("no Map sheet: %s", exc)


def write_plan_workbook(tables: dict[str, pd.DataFrame], path: str | Path,
                        inputs: list[Path] | None = None, *, pictures: bool = True) -> Path:
    """One sheet per table in the registry's order, units in headers; pictures if asked
    (and if the plan has sites to draw)."""
    def decorate(book: Workbook) -> None:
        add_pictures(book, tables)

    draw = pictures and "Sites" in tables
    return write_tables(sheet_order(tables), path, inputs, units=UNITS,
                        decorate=decorate if draw else None)
