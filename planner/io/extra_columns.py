"""Columns a case adds to Sites beyond the schema, kept for the siting screen (issue 16).

The schema reader reads only the columns it knows; a ``Criteria`` row may name any
Sites column, including ones the case adds (``seismic_pga``, ``water_m3_day``, ...).
These are kept as they are: numbers as float, anything else as text, blank as None.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.io.cells import is_blank


def _value(value: Any) -> Any:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return str(value).strip()


def with_extra_columns(frame: pd.DataFrame, raw: Any, row_numbers: list[int],
                       known: set[str], normalise: Any) -> pd.DataFrame:
    """``frame`` (one row per ``row_numbers``) plus the sheet's columns not in ``known``."""
    if raw is None or not raw.rows or 1 not in raw.rows:
        return frame
    extra: dict[str, int] = {}
    for col, header in sorted(raw.rows[1].items()):
        name = normalise(header)
        if name and name not in known and name not in extra:
            extra[name] = col
    if not extra:
        return frame
    frame = frame.copy()
    for name, col in extra.items():
        values = [_value(raw.rows.get(r, {}).get(col)) for r in row_numbers]
        numeric = all(v is None or isinstance(v, float) for v in values)
        frame[name] = pd.Series([float("nan") if v is None else v for v in values], dtype="float64") \
            if numeric and any(v is not None for v in values) else pd.Series(values, dtype="object")
    return frame


def read_side_sheet(path: Any, name: str, columns: list[str]) -> pd.DataFrame:
    """An optional sheet outside the schema (Criteria, Reservations) as plain rows: the named
    ``columns`` (headers matched case-blind) and its Excel ``row``; empty if absent."""
    from pathlib import Path

    from openpyxl import load_workbook

    empty = pd.DataFrame(columns=[*columns, "row"])
    if path is None or not Path(path).exists():
        return empty
    book = load_workbook(path, read_only=True, data_only=True)
    sheet = next((book[n] for n in book.sheetnames if n.strip().casefold() == name.casefold()), None)
    rows = list(sheet.iter_rows(values_only=True)) if sheet is not None else []
    book.close()
    if not rows:
        return empty
    header = [str(h).strip().casefold() if h is not None else "" for h in rows[0]]
    records = []
    for number, row in enumerate(rows[1:], start=2):
        record = {key: row[i] if i < len(row) else None for i, key in enumerate(header) if key}
        if all(is_blank(v) for v in record.values()):
            continue
        records.append({**{c: record.get(c) for c in columns}, "row": number})
    return pd.DataFrame(records, columns=[*columns, "row"])
