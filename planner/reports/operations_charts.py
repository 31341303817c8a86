"""Operations mode: one representative day per chosen area as a native Excel chart.

For the areas with the largest DC load in the last phase, the period standing for the most
days is drawn step by step: the sources stacked (grid energy, surplus used, net import,
on-site generation, battery discharge) against the line of what the area's DCs take (IT
load at the meter plus battery charging plus net export). The pivot the chart plots is on
the same sheet, so every bar's number is visible and the chart stays live.
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font

from planner.i18n import label

SHEET = "DayCharts"
AREAS_DRAWN = 3
SOURCES = ("grid_energy_mw", "surplus_used_mw", "net_import_mw", "cogen_output_mw", "battery_discharge_mw")
DEMAND = "dc_take_mw"


def day_table(tables: dict[str, pd.DataFrame], area: str, phase: str, period: str) -> pd.DataFrame:
    """Step x (sources..., dc_take_mw) for one area, phase and period [MW]."""
    energy = tables["AreaEnergy"]
    ops = tables["Operations"].merge(tables["Sites"][["site", "area"]].drop_duplicates(), on="site")
    e = energy[(energy["area"] == area) & (energy["phase"] == phase) & (energy["period"] == period)]
    o = ops[(ops["area"] == area) & (ops["phase"] == phase) & (ops["period"] == period)]
    site = o.groupby("step")[["grid_draw_mw", "battery_charge_mw", "battery_discharge_mw",
                              "cogen_output_mw"]].sum()
    day = e.set_index("step")[["grid_energy_mw", "surplus_used_mw", "net_export_mw"]].join(site, how="left").fillna(0.0)
    it_load = day["grid_draw_mw"] - day["battery_charge_mw"] + day["battery_discharge_mw"] + day["cogen_output_mw"]
    day["net_import_mw"] = (-day["net_export_mw"]).clip(lower=0.0)
    day[DEMAND] = it_load + day["battery_charge_mw"] + day["net_export_mw"].clip(lower=0.0)
    return day[list(SOURCES) + [DEMAND]].reset_index()


def chosen_days(tables: dict[str, pd.DataFrame]) -> list[tuple[str, str, str]]:
    """(area, last phase, the period of most days) for the areas with the most DC load."""
    energy = tables["AreaEnergy"]
    last = energy["phase"].iloc[-1]
    final = energy[energy["phase"] == last]
    load = final.groupby("area", sort=False)["dc_draw_mw"].max().sort_values(ascending=False)
    weights = energy.drop_duplicates("period").set_index("period")["hours_per_step"]
    period = str(weights.idxmax())
    return [(str(a), str(last), period) for a, mw in load.head(AREAS_DRAWN).items() if mw > 0]


def add_day_charts(book: Workbook, tables: dict[str, pd.DataFrame], lang: str = "en") -> None:
    """The DayCharts sheet (operations mode only; nothing otherwise); ``lang`` words titles,
    axes and the series (the table's header cells)."""
    if not {"AreaEnergy", "Operations", "Sites"} <= set(tables) or not len(tables["AreaEnergy"]):
        return
    days = chosen_days(tables)
    if not days:
        return
    sheet = book.create_sheet(SHEET)
    row = 1
    for area, phase, period in days:
        table = day_table(tables, area, phase, period)
        heading = label("day.heading", lang, area=area, phase=phase, period=period)
        sheet.cell(row=row, column=1, value=heading).font = Font(bold=True)
        header = row + 1
        for col, name in enumerate(table.columns, start=1):
            sheet.cell(row=header, column=col, value=label(f"day.{name}", lang))
        for i, record in enumerate(table.itertuples(index=False), start=header + 1):
            for col, value in enumerate(record, start=1):
                sheet.cell(row=i, column=col, value=float(value) if col > 1 else int(value))
        last = header + len(table)
        bars = BarChart()
        bars.type, bars.grouping, bars.overlap = "col", "stacked", 100
        bars.title = label("day.title", lang, area=area, phase=phase, period=period)
        bars.y_axis.title, bars.x_axis.title = label("day.y", lang), label("day.x", lang)
        bars.add_data(Reference(sheet, min_col=2, max_col=1 + len(SOURCES), min_row=header, max_row=last),
                      titles_from_data=True)
        steps = Reference(sheet, min_col=1, min_row=header + 1, max_row=last)
        bars.set_categories(steps)
        line = LineChart()
        line.add_data(Reference(sheet, min_col=2 + len(SOURCES), min_row=header, max_row=last),
                      titles_from_data=True)
        line.set_categories(steps)
        bars += line
        bars.height, bars.width = 8, 16
        sheet.add_chart(bars, f"I{row}")
        row = max(last, row + 16) + 2
