"""Read a planning workbook into a validated ``Case``.

Every problem is collected, per cell, before anything fails: the planner gets
one ``InputError`` listing them all as ``Sheet!Cell: problem — fix``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.utils.cell import get_column_letter, range_boundaries

from planner.case import Case
from planner.errors import InputError
from planner.io import checks
from planner.io.cells import as_text, is_blank, parse_cell
from planner.io.extra_columns import with_extra_columns
from planner.io.schema import (
    HAZARD_FOOTPRINT,
    SETTINGS,
    SETTINGS_KEYS,
    SHEETS,
    SITES,
    Column,
    SheetSpec,
)
from planner.io.units import unit_conflict
from planner.io.xlsx import (
    ExternalLinksWarning,
    RawSheet,
    UnreadableWorkbook,
    cell_ref,
    iter_sheets,
)

_CONSTANT_FORMULAS = {"=TRUE()", "=FALSE()"}
"""How LibreOffice saves typed booleans: values, not computations."""
_FOLDED = re.compile("[\uff0b-\uff19\u2212\u3000\uff25\uff45]")
logger = logging.getLogger(__name__)
_UNIT_SUFFIX = re.compile(r"\s*[\[(（［](.*)[\])）］]\s*$")


def normalise_header(text: Any) -> str:
    """``' Max MW [MW] '`` -> ``'max_mw'``: case, spaces and unit suffix ignored."""
    name = unicodedata.normalize("NFKC", as_text(text))
    name = _UNIT_SUFFIX.sub("", name).strip().casefold()
    return re.sub(r"[\s\-]+", "_", name)


def _unit_problem(column: Column, header: Any) -> str | None:
    """The problem with a header's unit suffix, if it names another unit than the column's.

    Only numbers carry units; a suffix on a text, id or flag column is a label.
    """
    if column.kind not in ("float", "int"):
        return None
    suffix = _UNIT_SUFFIX.search(unicodedata.normalize("NFKC", as_text(header)))
    return unit_conflict(column.unit, suffix.group(1), column.name) if suffix else None


class _Problems:
    """Collects problems and warnings with their cell references."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.formula_warned = False
        self.settings_cells: dict[str, str] = {}

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")


def _match_sheets(raw_sheets: list[RawSheet], out: _Problems) -> dict[str, RawSheet]:
    by_key = {spec.name.casefold(): spec for spec in SHEETS}
    found: dict[str, RawSheet] = {}
    for raw in raw_sheets:
        key = raw.title.strip().casefold()
        spec = by_key.get(key)
        if spec is None:
            folded = unicodedata.normalize("NFKC", raw.title).strip().casefold()
            near = by_key.get(folded) or by_key.get(folded.replace(" ", ""))
            if near is not None:
                out.add(
                    f"sheet '{raw.title}'",
                    f"not a sheet name the planner knows — did you mean '{near.name}'? rename it",
                )
            continue
        if spec.name in found:
            out.add(
                f"sheet '{raw.title}'",
                f"a second sheet named like '{spec.name}' ('{found[spec.name].title}') — keep one",
            )
            continue
        found[spec.name] = raw
    for spec in SHEETS:
        if spec.required and spec.name not in found:
            names = ", ".join(f"'{r.title}'" for r in raw_sheets) or "none"
            out.add(f"sheet '{spec.name}'", f"required sheet is missing (sheets found: {names}) — add it")
    return found


def _header(spec: SheetSpec, raw: RawSheet, out: _Problems) -> tuple[dict[int, str], int] | None:
    """Map column number -> schema column name from the sheet's first row."""
    if not raw.rows:
        return None
    header_row = min(raw.rows)
    if header_row != 1:
        out.add(
            cell_ref(raw.title, 1, 1),
            f"row 1 must hold the column names (found the first content in row {header_row}) — "
            "move the header to row 1",
        )
        return None
    known = {c.name for c in spec.columns}
    columns: dict[int, str] = {}
    seen: dict[str, int] = {}
    for col, value in sorted(raw.rows[header_row].items()):
        name = normalise_header(value)
        if not name:
            continue
        if name in seen:
            out.add(
                cell_ref(raw.title, header_row, col),
                f"column '{name}' appears twice (also in column {get_column_letter(seen[name])}) "
                "— delete or rename one",
            )
            continue
        seen[name] = col
        if name in known:
            columns[col] = name
            conflict = _unit_problem(spec.column(name), value)
            if conflict:
                out.add(cell_ref(raw.title, header_row, col), conflict)
    for column in spec.columns:
        if column.required and column.name not in seen:
            out.add(
                cell_ref(raw.title, 1, max(seen.values(), default=0) + 1),
                f"required column '{column.name}' is missing — add it to row 1",
            )
    return columns, header_row


def _check_layout(raw: RawSheet, header_row: int, out: _Problems) -> None:
    for ref in raw.merged:
        _, min_row, _, max_row = range_boundaries(ref)
        if max_row is not None and max_row > header_row - 1:
            out.add(f"{raw.title}!{ref}", "merged cells inside the table — unmerge them and fill each cell")


def _read_table(
    spec: SheetSpec, raw: RawSheet, out: _Problems
) -> tuple[list[dict[str, Any]], list[int], dict[str, int]]:
    """Parse the data rows of one sheet, filling defaults; blank rows are skipped.

    Returns the records, their workbook row numbers and the column number of
    each schema column present.
    """
    header = _header(spec, raw, out)
    if header is None:
        return [], [], {}
    columns, header_row = header
    _check_layout(raw, header_row, out)
    column_of = {name: col for col, name in columns.items()}
    records: list[dict[str, Any]] = []
    row_numbers: list[int] = []
    for row_number in sorted(r for r in raw.rows if r > header_row):
        cells = raw.rows[row_number]
        values = {name: cells.get(col) for col, name in columns.items()}
        for col in columns:
            formula = raw.formulas.get((row_number, col))
            if formula is None or formula.upper() in _CONSTANT_FORMULAS:
                continue
            where = cell_ref(raw.title, row_number, col)
            if cells.get(col) is None:
                out.add(where, f"formula {formula} has no saved value — open and save the file in "
                        "Excel (or LibreOffice), or type the value")
            elif not out.formula_warned:
                out.warn(where, "formulas are read as their last saved values (first one here)")
                out.formula_warned = True
        if all(is_blank(v) for v in values.values()):
            continue
        record: dict[str, Any] = {}
        for column in spec.columns:
            value = values.get(column.name)
            if is_blank(value):
                if column.required:
                    where = cell_ref(raw.title, row_number, column_of.get(column.name, 1))
                    out.add(where, f"{column.name} is required — fill it in")
                record[column.name] = column.default
                continue
            parsed, problem = parse_cell(value, column)
            if problem:
                out.add(cell_ref(raw.title, row_number, column_of[column.name]), problem)
            elif column.kind in ("float", "int") and isinstance(value, str) and _FOLDED.search(value):
                logger.info("%s: read '%s' as %s", cell_ref(raw.title, row_number,
                                                            column_of[column.name]), value, parsed)
            record[column.name] = parsed
        records.append(record)
        row_numbers.append(row_number)
    return records, row_numbers, column_of


def _read_settings(raw: RawSheet | None, out: _Problems) -> dict[str, Any]:
    settings = {name: column.default for name, column in SETTINGS_KEYS.items()}
    if raw is None:
        return settings
    records, rows, _ = _read_table(SETTINGS, raw, out)
    seen: dict[str, int] = {}
    for record, row in zip(records, rows, strict=True):
        key = normalise_header(record["key"])
        where = cell_ref(raw.title, row, 1)
        column = SETTINGS_KEYS.get(key)
        if column is None:
            known = ", ".join(SETTINGS_KEYS)
            out.add(where, f"unknown setting '{record['key']}' — use one of {known}")
            continue
        if key in seen:
            out.add(where, f"setting '{key}' also given in row {seen[key]} — keep one")
            continue
        conflict = _unit_problem(column, record["key"])
        if conflict:
            out.add(where, conflict)
            continue
        seen[key] = row
        out.settings_cells[key] = cell_ref(raw.title, row, 2)
        value = record["value"]
        if is_blank(value):
            continue
        parsed, problem = parse_cell(value, column)
        if problem:
            out.add(cell_ref(raw.title, row, 2), problem)
        else:
            settings[key] = parsed
    return settings


def _frame(spec: SheetSpec, records: list[dict[str, Any]]) -> pd.DataFrame:
    """Typed columns: float64 for numbers, bool for flags, object (None for blank) otherwise."""
    columns: dict[str, pd.Series] = {}
    for column in spec.columns:
        values = [r[column.name] for r in records]
        if column.kind == "float":
            columns[column.name] = pd.Series(
                [float("nan") if v is None else v for v in values], dtype="float64"
            )
        elif column.kind == "bool":
            columns[column.name] = pd.Series([bool(v) for v in values], dtype="bool")
        else:
            columns[column.name] = pd.Series(values, dtype="object")
    return pd.DataFrame(columns)


def _drop_repeated_rows(spec: SheetSpec, tables: dict[str, pd.DataFrame],
                       rows: dict[str, list[int]]) -> None:
    """Keep the first of rows repeating a key, for sheets that are sets (HazardFootprint).

    ``checks.check_unique_keys`` has already warned about each repeat.
    """
    frame = tables[spec.name]
    if not len(frame):
        return
    keep = ~frame.duplicated(subset=list(spec.key), keep="first")
    if keep.all():
        return
    tables[spec.name] = frame[keep].reset_index(drop=True)
    rows[spec.name] = [r for r, k in zip(rows[spec.name], keep, strict=True) if k]


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, for the run record."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_workbook(path: str | Path) -> Case:
    """Read and validate a planning workbook; raise ``InputError`` listing every problem."""
    path = Path(path)
    out = _Problems()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ExternalLinksWarning)
            raw_sheets = list(iter_sheets(path))
        for warning in caught:
            if issubclass(warning.category, ExternalLinksWarning):
                out.warn(path.name, str(warning.message))
    except UnreadableWorkbook as exc:
        raise InputError([str(exc)]) from None
    except OSError as exc:
        raise InputError([f"{path}: cannot be read ({exc.strerror or exc}) — check the path and permissions"]) from None
    found = _match_sheets(raw_sheets, out)
    settings = _read_settings(found.get("Settings"), out)
    tables: dict[str, pd.DataFrame] = {}
    rows: dict[str, list[int]] = {}
    layout: dict[str, checks.SheetLayout] = {}
    for spec in SHEETS:
        if spec is SETTINGS:
            continue
        raw = found.get(spec.name)
        records, row_numbers, colmap = _read_table(spec, raw, out) if raw else ([], [], {})
        tables[spec.name] = _frame(spec, records)
        if spec is SITES:  # extra case columns, for the siting screen's Criteria
            tables[spec.name] = with_extra_columns(tables[spec.name], raw, row_numbers,
                                                   {c.name for c in spec.columns}, normalise_header)
        rows[spec.name] = row_numbers
        if spec.required and raw is not None and not records:
            out.add(cell_ref(raw.title, 2, 1), f"{spec.name} has no data rows — fill in at least one row")
        layout[spec.name] = checks.SheetLayout(raw.title if raw else spec.name, row_numbers, colmap)
    layout["Settings"] = checks.SheetLayout("Settings", [], {}, cells=dict(out.settings_cells))
    checks.run_all(tables, layout, settings, out)
    if out.problems:
        raise InputError(out.problems, out.warnings)
    _drop_repeated_rows(HAZARD_FOOTPRINT, tables, rows)
    case_tables = checks.finalise(tables, settings)
    return Case(
        settings=settings,
        **case_tables,
        sheets_present=frozenset(found),
        source=str(path.resolve()),
        sha256=file_sha256(path),
        warnings=tuple(out.warnings),
        rows=rows,
    )
