"""An empty workbook with every sheet, unit-labelled headers, dropdowns and a README sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planner.io.schema import SETTINGS_KEYS, SHEETS, Column, SheetSpec
from planner.io.writer import write_book_atomically

_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")


def header_text(column: Column) -> str:
    """``max_mw [MW]`` — the reader ignores the bracketed unit."""
    return f"{column.name} [{column.unit}]" if column.unit else column.name


def _default_text(column: Column) -> str:
    if column.required:
        return "required"
    if column.default is None:
        return "blank"
    if isinstance(column.default, bool):
        return "TRUE" if column.default else "FALSE"
    return str(column.default)


def _rule_text(column: Column) -> str:
    parts = []
    if column.choices:
        parts.append("one of " + ", ".join(column.choices))
    for bound, sign in ((column.ge, ">="), (column.gt, ">"), (column.le, "<="),
                         (column.lt, "<")):
        if bound is not None:
            parts.append(f"{sign} {bound:g}")
    if column.ref:
        parts.append(f"an id from {column.ref}")
    return "; ".join(parts)


def _add_sheet(book: Workbook, spec: SheetSpec) -> None:
    sheet = book.create_sheet(spec.name)
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=header_text(column))
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if column.required else _OPTIONAL_FILL
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(cell.value) + 2)
        choices = column.choices or (("TRUE", "FALSE") if column.kind == "bool" else ())
        if choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                        allow_blank=not column.required)
            validation.add(f"{letter}2:{letter}1000")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    if spec.name == "Settings":
        for key, column in SETTINGS_KEYS.items():
            default = column.default
            sheet.append([key, default if default is not None else None])


def _add_readme(book: Workbook) -> None:
    sheet = book.create_sheet("README", 0)
    sheet.append(["wattbit-planner input workbook"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Fill the sheets, then run: wattbit validate THIS.xlsx, then wattbit run THIS.xlsx. "
                  "Orange headers are required, blue ones optional. Money in million JPY (MJPY), "
                  "power in MW (IT MW for site capacity and demand), bandwidth in Tbps."])
    sheet.append([])
    sheet.append(["sheet", "column", "unit", "default", "rule", "meaning"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for spec in SHEETS:
        sheet.append([spec.name, "", "", "required sheet" if spec.required else "optional sheet", "", spec.doc])
        columns = tuple(SETTINGS_KEYS.values()) if spec.name == "Settings" else spec.columns
        for column in columns:
            sheet.append(["", column.name, column.unit, _default_text(column), _rule_text(column), column.doc])
    for letter, width in zip("ABCDEF", (16, 34, 12, 14, 30, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet["A2"].alignment = Alignment(wrap_text=False)


def write_template(path: str | Path) -> Path:
    """Write an empty input workbook (refuses to overwrite an existing file)."""
    path = Path(path)
    book = Workbook()
    book.remove(book.active)
    _add_readme(book)
    for spec in SHEETS:
        _add_sheet(book, spec)
    return write_book_atomically(book, path, overwrite=False)
