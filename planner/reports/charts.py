"""Native Excel charts of a plan on a ``Charts`` sheet, with the pivot tables they plot.

Each chart's series point at cells of its pivot table on the same sheet, so
the numbers behind every bar are visible and the chart stays live if a
planner edits them. The pivots are plain sums of the result tables:

* new IT MW by area × phase (``Sites.new_it_mw``),
* capex, undiscounted, by category × phase (``Costs`` rows of kind capex),
* international Tbps available by landing zone × phase (``Telecom`` rows of
  kind landing_zone).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.pagebreak import Break

from planner.i18n import label
from planner.reports.timeline import TOL, phase_id, phase_order

SHEET = "Charts"


@dataclass(frozen=True)
class ChartSpec:
    """One chart: its pivot's key; its words are ``chart.<key>.title/row/y`` in ``planner.i18n``."""

    key: str
    stacked: bool

    def title(self, lang: str = "en") -> str:
        return label(f"chart.{self.key}.title", lang)

    def row_label(self, lang: str = "en") -> str:
        return label(f"chart.{self.key}.row", lang)

    def y_title(self, lang: str = "en") -> str:
        return label(f"chart.{self.key}.y", lang)


SPECS: tuple[ChartSpec, ...] = (
    ChartSpec("new_it_mw_by_area", True),
    ChartSpec("capex_by_category", True),
    ChartSpec("intl_tbps_by_zone", True),
)
"""The three charts, in sheet order."""


def _pivot(frame: pd.DataFrame, rows: str, value: str, phases: list[str], row_name: str) -> pd.DataFrame:
    """Sum ``value`` by ``rows`` × phase; rows in first-seen order, all-zero rows dropped."""
    data = pd.DataFrame({
        row_name: frame[rows].astype(object).map(lambda v: phase_id(v) or ""),
        "phase": frame["phase"].map(phase_id),
        "value": pd.to_numeric(frame[value], errors="coerce").fillna(0.0).astype(float),
    })
    order = list(dict.fromkeys(data[row_name]))
    table = data.pivot_table(index=row_name, columns="phase", values="value", aggfunc="sum",
                             fill_value=0.0, sort=False)
    table = table.reindex(index=order, columns=phases, fill_value=0.0).astype(float)
    table = table.where(table.abs() > TOL, 0.0)
    table = table.loc[(table.abs() > TOL).any(axis=1)]
    table.columns.name = "phase"
    table.index.name = row_name
    return table


def chart_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The pivot tables the charts plot, keyed like ``SPECS`` (rows × phase columns).

    A table whose source is missing, empty or all zero is left out.
    """
    phases = phase_order(tables)
    out: dict[str, pd.DataFrame] = {}
    if not phases:
        return out
    sites = tables.get("Sites")
    if sites is not None and not sites.empty and {"area", "phase", "new_it_mw"} <= set(sites):
        out["new_it_mw_by_area"] = _pivot(sites, "area", "new_it_mw", phases, "area")
    costs = tables.get("Costs")
    needed = {"kind", "category", "phase", "undiscounted_mjpy"}
    if costs is not None and not costs.empty and needed <= set(costs):
        capex = costs[costs["kind"].astype(str) == "capex"]
        if not capex.empty:
            out["capex_by_category"] = _pivot(capex, "category", "undiscounted_mjpy", phases, "category")
    telecom = tables.get("Telecom")
    if telecom is not None and not telecom.empty and {"kind", "id", "phase", "tbps"} <= set(telecom):
        zones = telecom[telecom["kind"].astype(str) == "landing_zone"]
        if not zones.empty:
            out["intl_tbps_by_zone"] = _pivot(zones, "id", "tbps", phases, "landing_zone")
    return {k: v for k, v in out.items() if not v.empty}


_TITLE_FONT = Font(bold=True, size=12)
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="305496")
_CHART_ROWS = 22
"""Rows a chart of ``_CHART_HEIGHT_CM`` covers at the default row height."""
_CHART_WIDTH_CM = 18.0
_CHART_HEIGHT_CM = 10.5


def _title(text: str, size_pt: float, bold: bool = True) -> Title:
    """A chart or axis title with an explicit font size (the defaults are large in LibreOffice)."""
    props = CharacterProperties(sz=round(size_pt * 100), b=bold)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def page_setup(sheet) -> None:
    """Print/PDF: landscape A4, one page wide."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def _bar_chart(spec: ChartSpec, sheet_name: str, header_row: int, first_row: int,
               table: pd.DataFrame, lang: str = "en") -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked" if spec.stacked else "clustered"
    if spec.stacked:
        chart.overlap = 100
    chart.gapWidth = 60
    chart.title = _title(spec.title(lang), 12)
    chart.y_axis.title = _title(spec.y_title(lang), 9)
    chart.x_axis.title = _title(label("chart.phase", lang), 9)
    chart.y_axis.numFmt = "#,##0"
    chart.x_axis.delete = False  # openpyxl >= 3.1 hides axes unless told otherwise
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.width = _CHART_WIDTH_CM
    chart.height = _CHART_HEIGHT_CM
    n_phases = table.shape[1]
    quoted = quote_sheetname(sheet_name)
    last_col = get_column_letter(1 + n_phases)
    for i in range(len(table)):
        row = first_row + i
        series = Series(f"{quoted}!$B${row}:${last_col}${row}", title=None)
        series.tx = SeriesLabel(strRef=StrRef(f"{quoted}!$A${row}"))
        chart.series.append(series)
    categories = Reference(range_string=f"{quoted}!$B${header_row}:${last_col}${header_row}")
    chart.set_categories(categories)
    return chart


def add_charts(book: Workbook, tables: dict[str, pd.DataFrame], lang: str = "en") -> None:
    """Add a ``Charts`` sheet: each pivot table (title, header, rows) with its bar chart beside it.

    Stacked column charts for new MW by area and capex by category, and for
    international Tbps by landing zone. Missing or empty tables are skipped; no
    sheet is added when there is nothing to chart. ``lang`` words the titles and axes.
    """
    pivots = chart_tables(tables)
    if not pivots:
        return
    sheet = book.create_sheet(SHEET)
    sheet.sheet_view.showGridLines = True
    top = 1
    widest = max(p.shape[1] for p in pivots.values()) + 1
    chart_col = get_column_letter(widest + 2)
    for spec in SPECS:
        table = pivots.get(spec.key)
        if table is None:
            continue
        if top > 1:
            sheet.row_breaks.append(Break(id=top - 1))  # print/PDF: one chart per page
        sheet.cell(top, 1, spec.title(lang)).font = _TITLE_FONT
        header_row = top + 1
        headers = [spec.row_label(lang), *[str(c) for c in table.columns]]
        for c, text in enumerate(headers, start=1):
            cell = sheet.cell(header_row, c, text)
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(horizontal="center")
        first_row = header_row + 1
        number_format = "#,##0.0" if float(table.abs().to_numpy().max()) < 100 else "#,##0"
        for i, (row_name, values) in enumerate(table.iterrows()):
            sheet.cell(first_row + i, 1, str(row_name))
            for c, value in enumerate(values.tolist(), start=2):
                cell = sheet.cell(first_row + i, c, float(value))
                cell.number_format = number_format
        total_row = first_row + len(table)
        sheet.cell(total_row, 1, label("chart.total", lang)).font = Font(italic=True)
        for c in range(2, 2 + table.shape[1]):
            letter = get_column_letter(c)
            cell = sheet.cell(total_row, c, f"=SUM({letter}{first_row}:{letter}{total_row - 1})")
            cell.font = Font(italic=True)
            cell.number_format = number_format
        chart = _bar_chart(spec, sheet.title, header_row, first_row, table, lang)
        sheet.add_chart(chart, f"{chart_col}{top}")
        top += max(len(table) + 4, _CHART_ROWS + 2)
    sheet.column_dimensions["A"].width = max(14, *(len(str(i)) + 2 for p in pivots.values() for i in p.index))
    for c in range(2, widest + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 13
    page_setup(sheet)
