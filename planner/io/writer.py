"""Write result tables to a workbook: units in headers, atomic, never over an input.

The writer only formats; it adds no numbers of its own.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import tempfile
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from planner.errors import OutputError

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="305496")
_FORMULA_START = ("=", "+", "-", "@")


def header_with_unit(column: str, units: Mapping[str, str]) -> str:
    """``it_mw`` -> ``it_mw [MW]``; columns without a unit stay as they are."""
    unit = units.get(column)
    return f"{column} [{unit}]" if unit else column


def _cell_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalar -> Python
    if isinstance(value, str):
        cleaned = ILLEGAL_CHARACTERS_RE.sub("", value)
        if cleaned != value:
            warnings.warn(f"control characters removed from {value!r} (Excel cannot hold them)",
                          UserWarning, stacklevel=2)
        return cleaned
    return value


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def safe_sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet title: <= 31 characters, none of []:*?/\\, not blank."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip("' ") or "Sheet"
    if base.casefold() == "history":
        base = "History_"
    title, number = base[:31], 1
    while title.casefold() in {t.casefold() for t in taken}:
        number += 1
        suffix = f"~{number}"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title)
    return title


def write_sheet(book: Workbook, name: str, frame: pd.DataFrame,
                units: Mapping[str, str] | None = None) -> Any:
    """Append ``frame`` as a sheet: bold header with units, text never a formula,
    floats with three decimals (up to six below 1, so a 0.0075 % gap reads as such)."""
    sheet = book.create_sheet(safe_sheet_name(name, set(book.sheetnames)))
    headers = [header_with_unit(str(c), units or {}) for c in frame.columns]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for record in frame.itertuples(index=False, name=None):
        sheet.append([_cell_value(v) for v in record])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                cell.data_type = "s"  # user text is never a formula
            elif isinstance(cell.value, float):
                cell.number_format = "#,##0.000###" if abs(cell.value) < 1 else "#,##0.000"
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        width = max([len(header)] + [len(str(v)) for v in frame.iloc[:200, index - 1]]) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 48)
    return sheet


def check_output_path(path: Path, inputs: list[Path]) -> None:
    """Refuse paths that would overwrite an input or cannot be written."""
    target = path.resolve()
    for source in inputs:
        if source.exists() and (target == source.resolve() or (target.exists() and target.samefile(source))):
            raise OutputError(f"{path} is the input workbook — choose another output name (inputs are never overwritten)")
    if target.suffix.lower() != ".xlsx":
        raise OutputError(f"{path}: the output must be an .xlsx file — end the name with .xlsx")
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"folder {folder} does not exist — create it or choose another output path")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"folder {folder} is not writable — choose another output path")
    lock = folder / f"~${target.name}"
    if lock.exists():
        raise OutputError(f"{path} is open in Excel ({lock.name} exists) — close it and run again")


def write_tables(
    tables: dict[str, pd.DataFrame],
    path: str | Path,
    inputs: list[Path] | None = None,
    *,
    units: Mapping[str, str] | None = None,
    decorate: Callable[[Workbook], None] | None = None,
) -> Path:
    """Write one sheet per table atomically (see ``write_book_atomically``).

    ``units`` maps column names to the unit shown in the header; ``decorate``
    may add sheets of its own (the reports' charts and map) before saving.
    """
    path = Path(path)
    check_output_path(path, inputs or [])
    book = Workbook()
    book.remove(book.active)
    for name, frame in tables.items():
        write_sheet(book, name, frame, units)
    if decorate is not None:
        decorate(book)
    return write_book_atomically(book, path)


def _file_mode(path: Path) -> int:
    """The mode ``path`` has, or a new file's usual mode (0666 less the umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def write_book_atomically(book: Workbook, path: Path, *, overwrite: bool = True) -> Path:
    """Save to a temp file in the target folder, fsync, then rename over ``path``.

    A crash at any moment leaves the previous file or none, never half a workbook.
    """
    if not overwrite and path.exists():
        raise OutputError(f"{path} already exists — choose a new name or delete it first")
    if not path.resolve().parent.is_dir():
        raise OutputError(f"folder {path.resolve().parent} does not exist — create it or choose another path")
    temp: Path | None = None
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.resolve().parent)
        os.close(handle)
        temp = Path(temp_name)
        os.chmod(temp, _file_mode(path))  # mkstemp makes it owner-only; a workbook is shared
        book.save(temp)
        with temp.open("rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except OSError as exc:
        raise OutputError(f"{path} could not be written ({exc.strerror or exc}) — check the folder and disk") from exc
    finally:
        if temp is not None:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    return path
