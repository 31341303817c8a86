"""An empty workbook with every sheet, unit-labelled headers, dropdowns and a README sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planner.i18n import COLUMN_DOCS_JA, README_TEXT, SHEET_DOCS_JA, check_lang
from planner.io.schema import SETTINGS_KEYS, SHEETS, Column, SheetSpec
from planner.io.writer import write_book_atomically

_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")


def header_text(column: Column) -> str:
    """``max_mw [MW]`` — the reader ignores the bracketed unit."""
    return f"{column.name} [{column.unit}]" if column.unit else column.name


def _default_text(column: Column, lang: str = "en") -> str:
    words = README_TEXT[lang]
    if column.required:
        return words["required"]
    if column.default is None:
        return words["blank"]
    if isinstance(column.default, bool):
        return "TRUE" if column.default else "FALSE"
    return str(column.default)


def _rule_text(column: Column, lang: str = "en") -> str:
    words = README_TEXT[lang]
    parts = []
    if column.choices:
        parts.append(words["one_of"].format(choices=", ".join(column.choices)))
    for bound, sign in ((column.ge, ">="), (column.gt, ">"), (column.le, "<="),
                         (column.lt, "<")):
        if bound is not None:
            parts.append(f"{sign} {bound:g}")
    if column.ref:
        parts.append(words["id_from"].format(sheet=column.ref))
    return "; ".join(parts)


def column_doc(sheet: str, column: Column, lang: str = "en") -> str:
    """What ``column`` of ``sheet`` means, in ``lang`` (the Japanese lives in ``planner.i18n``)."""
    return COLUMN_DOCS_JA[(sheet, column.name)] if lang == "ja" else column.doc


def sheet_doc(spec: SheetSpec, lang: str = "en") -> str:
    """What the sheet holds, in ``lang``."""
    return SHEET_DOCS_JA[spec.name] if lang == "ja" else spec.doc


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


def _add_readme(book: Workbook, lang: str = "en") -> None:
    words = README_TEXT[lang]
    sheet = book.create_sheet("README", 0)
    sheet.append([words["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([words["intro"]])
    sheet.append([words["lang"]])
    sheet.append([])
    sheet.append([words[k] for k in ("sheet", "column", "unit", "default", "rule", "meaning")])
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    for spec in SHEETS:
        kind = words["required_sheet"] if spec.required else words["optional_sheet"]
        sheet.append([spec.name, "", "", kind, "", sheet_doc(spec, lang)])
        columns = tuple(SETTINGS_KEYS.values()) if spec.name == "Settings" else spec.columns
        for column in columns:
            sheet.append(["", column.name, column.unit, _default_text(column, lang),
                          _rule_text(column, lang), column_doc(spec.name, column, lang)])
    for letter, width in zip("ABCDEF", (16, 34, 12, 14, 30, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet["A2"].alignment = Alignment(wrap_text=False)


def write_template(path: str | Path, lang: str = "en") -> Path:
    """Write an empty input workbook (refuses to overwrite an existing file).

    ``lang="ja"`` writes the README sheet (every description) in Japanese; sheet and
    column names are the same in every language, so the workbooks are interchangeable.
    """
    lang = check_lang(lang)
    path = Path(path)
    book = Workbook()
    book.remove(book.active)
    _add_readme(book, lang)
    for spec in SHEETS:
        _add_sheet(book, spec)
    return write_book_atomically(book, path, overwrite=False)
