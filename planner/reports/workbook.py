"""The results workbook of a plan: the tables (``io.writer``) plus charts, timeline and map."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from planner.errors import OutputError
from planner.i18n import check_lang, label, summary_description
from planner.io.writer import write_tables
from planner.reports.charts import add_charts
from planner.reports.mapping import add_map_sheet, render_map
from planner.reports.operations_charts import add_day_charts
from planner.reports.timeline import add_timeline
from planner.reports.welcome_map import render_welcome_map
from planner.results.registry import UNITS, sheet_order


def add_pictures(book: Workbook, tables: dict[str, pd.DataFrame], lang: str = "en") -> None:
    """Charts, DayCharts (operations mode), Timeline, Map and WelcomeMap (when the case limits a
    connection or supply) sheets, labelled in ``lang``; without matplotlib only the maps are dropped."""
    add_charts(book, tables, lang=lang)
    add_day_charts(book, tables, lang=lang)
    add_timeline(book, tables, lang=lang)
    try:
        with tempfile.TemporaryDirectory() as folder:
            add_map_sheet(book, render_map(tables, Path(folder) / "map.png", lang=lang), lang=lang)
            welcome = render_welcome_map(tables, Path(folder) / "welcome.png", lang=lang)
            if welcome is not None:
                add_map_sheet(book, welcome, sheet_name="WelcomeMap", title=label("welcome.sheet_title", lang))
    except OutputError as exc:
        logging.getLogger(__name__).warning("no Map sheet: %s", exc)


def describe_summary(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``summary`` with a ``description`` column saying what each metric means in ``lang``
    (the metric names stay as they are, so a workbook reads the same in every language)."""
    return summary.assign(description=[summary_description(m, lang) for m in summary["metric"]])


def write_plan_workbook(tables: dict[str, pd.DataFrame], path: str | Path,
                        inputs: list[Path] | None = None, *, pictures: bool = True,
                        lang: str = "en") -> Path:
    """One sheet per table in the registry's order, units in headers; pictures if asked
    (and if the plan has sites to draw). ``lang="ja"``: a Japanese ``description``
    column in Summary, and charts, timeline and map labelled in Japanese."""
    check_lang(lang)
    if lang != "en" and "Summary" in tables:
        tables = {**tables, "Summary": describe_summary(tables["Summary"], lang)}

    def decorate(book: Workbook) -> None:
        add_pictures(book, tables, lang)

    draw = pictures and "Sites" in tables
    return write_tables(sheet_order(tables), path, inputs, units=UNITS,
                        decorate=decorate if draw else None)
