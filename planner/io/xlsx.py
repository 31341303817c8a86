"""Raw, safe access to the cells of an .xlsx file.

Opens a workbook read-only with defusedxml in force, refuses files that are
not workbooks or that would unpack to far more than they hold (zip bombs),
and streams each sheet's stored rows only, so a styled cell at row 1,048,576
costs one row, not a million. Values are the cells' cached values; formula
cells are flagged so the reader can say which cells were computed.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import get_column_letter

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 200.0
"""Largest unpacked/packed size ratio of any member; real sheets stay near 10-30."""


class ExternalLinksWarning(UserWarning):
    """The workbook takes values from other workbooks (possibly stale)."""


class UnreadableWorkbook(Exception):
    """The file cannot be opened as a workbook; the message says why and what to do."""


@dataclass
class RawSheet:
    """The stored cells of one sheet: ``rows`` maps row number -> {column: value}."""

    title: str
    rows: dict[int, dict[int, Any]] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)


def cell_ref(sheet: str, row: int, column: int) -> str:
    """``Sites!F7`` style reference (sheet names with spaces are quoted)."""
    name = f"'{sheet}'" if any(ch in sheet for ch in " -!") else sheet
    return f"{name}!{get_column_letter(column)}{row}"


def check_defusedxml() -> None:
    """Refuse to parse workbooks unless openpyxl uses defusedxml."""
    from openpyxl import xml as openpyxl_xml

    if not getattr(openpyxl_xml, "DEFUSEDXML", False):
        raise UnreadableWorkbook(
            "defusedxml is not installed, so workbooks cannot be read safely — "
            "run: pip install defusedxml"
        )


def _check_archive(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnreadableWorkbook(
            f"{path.name} is {size / 1e6:.0f} MB, above the {MAX_FILE_BYTES / 1e6:.0f} MB limit "
            "— remove unused sheets or images"
        )
    if not zipfile.is_zipfile(path):
        hint = " (an old .xls file? save it as .xlsx)" if path.suffix.lower() == ".xls" else ""
        raise UnreadableWorkbook(
            f"{path.name} is not a valid .xlsx workbook{hint} — open it in Excel and save as .xlsx"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableWorkbook(f"{path.name} is a damaged .xlsx ({exc}) — save it again") from exc
    if len(members) > MAX_MEMBERS:
        raise UnreadableWorkbook(f"{path.name} holds {len(members)} parts — not a planning workbook")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableWorkbook(
            f"{path.name} would unpack to {unpacked / 1e6:.0f} MB — refused as a possible zip bomb"
        )
    if any(m.filename.startswith("xl/externalLinks/") for m in members):
        warnings.warn(
            f"{path.name} links to other workbooks; their values are read as last saved — "
            "break the links (Data > Edit Links) to be sure",
            ExternalLinksWarning,
            stacklevel=2,
        )
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO and (
            member.file_size > 10 * 1024 * 1024
        ):
            raise UnreadableWorkbook(
                f"{path.name}: part {member.filename} expands {member.file_size / member.compress_size:.0f}"
                "-fold — refused as a possible zip bomb"
            )


def _is_unsafe_xml(exc: BaseException) -> bool:
    """Whether defusedxml refused the XML (openpyxl may wrap its exception in another)."""
    from defusedxml import DefusedXmlException

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = type(current).__name__
        if isinstance(current, DefusedXmlException) or "Entities" in name or "DTD" in name \
                or "Forbidden" in name:
            return True
        current = current.__cause__ or current.__context__
    return False


def _parser_class() -> type:
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class CachedValueParser(WorkSheetParser):  # type: ignore[misc, valid-type]
        """Keeps cached values and also notes which cells hold formulas."""

        formula_cells: dict[tuple[int, int], str]

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell = super().parse_cell(element)
            formula = element.find(FORMULA_TAG)
            if formula is not None:
                text = formula.text or "(shared formula)"
                self.formula_cells[(cell["row"], cell["column"])] = "=" + text.lstrip("=")
            return cell

    return CachedValueParser


def _stream_rows(workbook: Any, worksheet: Any) -> RawSheet:
    raw = RawSheet(worksheet.title)
    parser_cls = _parser_class()
    with worksheet._get_source() as src:
        parser = parser_cls(
            src,
            worksheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=getattr(workbook, "_timedelta_formats", set()),
        )
        parser.formula_cells = raw.formulas
        for row_number, cells in parser.parse():
            values = {c["column"]: c["value"] for c in cells if c["value"] is not None}
            if values:
                raw.rows[row_number] = values
        if parser.merged_cells is not None:
            raw.merged = [str(r.ref) for r in parser.merged_cells.mergeCell]
    return raw


def iter_sheets(path: Path) -> Iterator[RawSheet]:
    """Yield every worksheet of ``path`` as stored cells, safely."""
    import openpyxl

    check_defusedxml()
    if not path.exists():
        raise UnreadableWorkbook(f"{path} does not exist — check the path")
    if path.is_dir():
        raise UnreadableWorkbook(f"{path} is a folder — give the workbook file")
    _check_archive(path)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except UnreadableWorkbook:
        raise
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        reason = type(exc).__name__
        if _is_unsafe_xml(exc):
            raise UnreadableWorkbook(
                f"{path.name} contains unsafe XML (entity declarations) — refused; save a clean copy"
            ) from exc
        raise UnreadableWorkbook(
            f"{path.name} could not be opened as a workbook ({reason}: {exc}) — save it again as .xlsx"
        ) from exc
    try:
        for worksheet in workbook.worksheets:
            if not hasattr(worksheet, "_get_source"):
                continue  # chartsheets hold no cells
            try:
                yield _stream_rows(workbook, worksheet)
            except UnreadableWorkbook:
                raise
            except Exception as exc:
                reason = type(exc).__name__
                what = "contains unsafe XML" if _is_unsafe_xml(exc) else "could not be read"
                raise UnreadableWorkbook(
                    f"{path.name}: sheet '{worksheet.title}' {what} ({reason}) — save a clean copy"
                ) from exc
    finally:
        workbook.close()
