"""The sweep results tables: Scenarios, KPIs, Tornado and the sweep's Run sheet.

``planner.reports.sweep_workbook`` writes them (with the tornado chart).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner.results.run import versions
from planner.studies.sweep import FINISHED, SweepResult

KPI_LABELS = {
    "new_mw": ("new MW", "MW"),
    "capex_mjpy": ("capex", "MJPY"),
    "surviving_share": ("surviving share", "0-1"),
}
"""Readable name and unit of each KPI family (the first part of ``kpi|a|b`` columns)."""

SCENARIO_UNITS = {"objective": "MJPY PV", "bound": "MJPY PV", "gap": "0-1", "seconds": "s"}
_LEADING = ("scenario",)
_FIXED = ("status", "objective", "bound", "gap", "seconds")
_TRAILING = ("error", "worker")


def _kpi_header(column: str) -> str:
    family, *rest = column.split("|")
    label, unit = KPI_LABELS.get(family, (family, ""))
    text = " ".join([label, *rest])
    return f"{text} [{unit}]" if unit else text


def scenarios_table(result: SweepResult) -> pd.DataFrame:
    """``result.scenarios`` in a fixed column order with readable headers.

    ``param|demand`` -> ``param: demand`` (blank = the base case's value),
    ``seconds|highs`` -> ``highs [s]``, ``new_mw|East|2030`` -> ``new MW East 2030 [MW]``.
    """
    frame = result.scenarios
    if frame.empty:
        return pd.DataFrame(columns=["scenario", *(f"param: {p.name}" for p in result.spec.parameters),
                                     *(f"{c} [{SCENARIO_UNITS[c]}]" if c in SCENARIO_UNITS else c
                                       for c in (*_FIXED, *_TRAILING))])
    params = [f"param|{p.name}" for p in result.spec.parameters]
    for column in params:
        if column not in frame:
            frame[column] = float("nan")
    stages = ("build", "update", "solve", "highs", "extract")
    timings = sorted((c for c in frame if c.startswith("seconds|")),
                     key=lambda c: stages.index(c[8:]) if c[8:] in stages else len(stages))
    kpi_columns = [c for c in frame if "|" in c and c not in params and c not in timings]
    order = [*_LEADING, *params, *(c for c in _FIXED if c in frame), *timings,
             *(c for c in _TRAILING if c in frame), *kpi_columns]
    frame = frame[order]
    names = {}
    for column in frame.columns:
        if column.startswith("param|"):
            names[column] = f"param: {column.removeprefix('param|')}"
        elif column.startswith("seconds|"):
            stage = column.removeprefix("seconds|")
            names[column] = f"{'HiGHS' if stage == 'highs' else stage} [s]"
        elif column in SCENARIO_UNITS:
            names[column] = f"{column} [{SCENARIO_UNITS[column]}]"
        elif column in kpi_columns:
            names[column] = _kpi_header(column)
    return frame.rename(columns=names)


def kpi_table(result: SweepResult) -> pd.DataFrame:
    """KPIs in long form: scenario, kpi, area/hazard/family, phase, value, unit."""
    records = []
    for row in sorted(result.rows, key=lambda r: r["scenario"]):
        for key, value in (row.get("kpis") or {}).items():
            family, *rest = key.split("|")
            label, unit = KPI_LABELS.get(family, (family, ""))
            records.append({"scenario": row["scenario"], "kpi": family,
                            "area/hazard/family": rest[0] if rest else None,
                            "phase": rest[1] if len(rest) > 1 else None,
                            "value": value, "unit": unit})
    return pd.DataFrame(records, columns=["scenario", "kpi", "area/hazard/family", "phase", "value",
                                          "unit"])


TORNADO_HEADERS = {
    "low_value": "low value", "high_value": "high value",
    "objective_low_mjpy": "objective at low [MJPY PV]",
    "objective_high_mjpy": "objective at high [MJPY PV]",
    "delta_low_mjpy": "change at low [MJPY PV]", "delta_high_mjpy": "change at high [MJPY PV]",
}


def tornado_table(result: SweepResult) -> pd.DataFrame:
    columns = ["parameter", *TORNADO_HEADERS]
    solved = [r for r in result.rows if r.get("objective") is not None]
    if not solved:  # SweepResult.tornado() needs at least one solved row
        return pd.DataFrame(columns=columns)
    return result.tornado()[columns]


def _format_values(values: Iterable[float]) -> str:
    return ", ".join(f"{v:g}" for v in values)


def run_table(result: SweepResult, inputs: Iterable[str | Path] = ()) -> pd.DataFrame:
    """Key/value rows: when, inputs, versions, the spec, and how many scenarios ended how."""
    spec = result.spec
    total = len(spec.scenarios())
    statuses = Counter(str(r.get("status")) for r in result.rows)
    rows: list[tuple[str, Any]] = [
        ("written_at", dt.datetime.now().isoformat(timespec="seconds")),
        *(("input_file", str(Path(p).resolve())) for p in inputs),
        *versions(),
        ("method", spec.method),
    ]
    if spec.method == "lhs":
        rows += [("samples", spec.samples), ("seed", spec.seed)]
    for p in spec.parameters:
        where = p.where
        if isinstance(where, dict):
            where = "; ".join(f"{k}={v}" for k, v in where.items())
        rows += [
            (f"parameter.{p.name}.target", p.target),
            (f"parameter.{p.name}.op", p.op),
            (f"parameter.{p.name}.where", where if where is not None else "(all rows)"),
            (f"parameter.{p.name}.values", _format_values(p.values)),
            (f"parameter.{p.name}.base", p.base_value if p.base_value is not None else "(as in the case)"),
        ]
    seconds = [float(r["seconds"]) for r in result.rows if r.get("seconds") is not None]
    done = sum(n for status, n in statuses.items() if status in FINISHED)
    rows += [
        ("scenarios", total),
        ("done", done),
        ("solved", sum(1 for r in result.rows if r.get("objective") is not None)),
        ("failed", statuses.get("failed", 0)),
        ("input_error", statuses.get("input_error", 0)),
        ("not_run", max(0, total - len({r["scenario"] for r in result.rows}))),
        *((f"status_{status}", n) for status, n in sorted(statuses.items())),
        ("seconds_total", round(sum(seconds), 3)),
        ("seconds_median", round(float(np.median(seconds)), 3) if seconds else None),
    ]
    return pd.DataFrame(rows, columns=["key", "value"])
