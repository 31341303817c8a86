"""Parsing one raw cell value into the type its column asks for.

Each parser returns ``(value, problem)``; ``problem`` is ``None`` or a
sentence of the form ``"problem — fix"`` that the reader prefixes with the
sheet and cell. Nothing here raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from planner.io.schema import Column

_FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "\uff0e": ".",
        "\uff0c": ",",
        "\uff0d": "-",
        "\u2212": "-",
        "\uff0b": "+",
        "\u3000": " ",
        "\uff45": "e",
        "\uff25": "E",
    }
)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_KANJI_MULTIPLIERS = ("万", "億", "兆", "千")
_TRUE = {"true", "1", "yes", "y", "t", "on"}
_FALSE = {"false", "0", "no", "n", "f", "off"}
MAX_ABS_NUMBER = 1e15
"""Larger magnitudes are typing errors, not planning figures."""


def is_blank(value: Any) -> bool:
    """A cell counts as blank when empty or holding only spaces."""
    return value is None or (isinstance(value, str) and value.translate(_FULLWIDTH).strip() == "")


def as_text(value: Any) -> str:
    """Ids and labels as text: the number 1 or 1.0 is the id "1"."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def parse_number(value: Any) -> tuple[float | None, str | None]:
    """A finite number from a numeric cell or from text such as ``１，２００``."""
    if isinstance(value, bool):
        return None, f"expected a number, got {value!r} — type a number"
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, (dt.date, dt.datetime, dt.time)):
        return None, f"expected a number, got a date ({value}) — format the cell as a number"
    else:
        text = str(value).translate(_FULLWIDTH).strip().replace(" ", "")
        if any(k in text for k in _KANJI_MULTIPLIERS):
            return None, (
                f"expected a number, got '{value}' — kanji multipliers (万, 億) are not "
                "read; type the full number in the column's unit"
            )
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        if not _NUMBER.match(text):
            return None, f"expected a number, got '{value}' — type a number or leave it blank"
        number = float(text)
    if not math.isfinite(number) or abs(number) > MAX_ABS_NUMBER:
        return None, f"number {value!r} is out of range — type a finite number below 1e15"
    return number, None


def _check_bounds(number: float, column: Column) -> str | None:
    rules = (
        (column.ge, lambda b: number >= b, ">="),
        (column.gt, lambda b: number > b, ">"),
        (column.le, lambda b: number <= b, "<="),
        (column.lt, lambda b: number < b, "<"),
    )
    for bound, ok, sign in rules:
        if bound is not None and not ok(bound):
            shown = int(number) if number.is_integer() else number
            limit = int(bound) if float(bound).is_integer() else bound
            fix = column.hint or "correct the value"
            return f"{column.name} must be {sign} {limit}, got {shown} — {fix}"
    return None


def parse_cell(value: Any, column: Column) -> tuple[Any, str | None]:
    """Parse a non-blank cell for ``column``."""
    if isinstance(value, str) and value.startswith("#") and value.endswith(("!", "?", "A")):
        if value.upper() in {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"}:
            return None, f"cell holds the error {value} — fix the formula or type a value"
    kind = column.kind
    if kind in ("id", "ref", "text"):
        return as_text(value), None
    if kind == "enum":
        text = as_text(value).casefold()
        if text not in column.choices:
            options = ", ".join(column.choices)
            return None, f"{column.name} must be one of {options}, got '{value}' — pick one"
        return text, None
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        text = as_text(value).translate(_FULLWIDTH).casefold()
        if text in _TRUE:
            return True, None
        if text in _FALSE:
            return False, None
        return None, f"{column.name} must be TRUE or FALSE, got '{value}' — type TRUE or FALSE"
    number, problem = parse_number(value)
    if problem or number is None:
        return None, problem
    if kind == "int":
        if not number.is_integer():
            return None, f"{column.name} must be a whole number, got {value} — round it"
        problem = _check_bounds(number, column)
        return (None, problem) if problem else (int(number), None)
    problem = _check_bounds(number, column)
    return (None, problem) if problem else (number, None)
