"""Sweep specs from a TOML file or a ``Sweep`` sheet, checked with the workbook's own cell rules.

A spec names the parameters of a sensitivity study (``planner.studies.scenarios.SweepSpec``).
As TOML::

    method = "oat"            # oat | grid | lhs
    samples = 20              # lhs only
    seed = 0                  # lhs only

    [[parameter]]
    name = "demand"
    target = "Demand.demand_mw"
    op = "scale"              # scale (default) | set
    where = { region = "Kanto" }   # or an id "ISK"; leave out for all rows
    values = [0.8, 0.9, 1.1, 1.2]  # or: range = [0.8, 1.2] and steps = 5

As a ``Sweep`` sheet (in the case workbook or its own .xlsx), row 1 holds the
headers ``name, target, op, where, values, low, high, steps, base`` and one
row per parameter below; ``where`` is an id or ``column=value; column=value``,
``values`` a comma-separated list (or ``low``/``high``/``steps``), and the
optional columns ``method``, ``samples``, ``seed`` are read from the first
data row. Every bad entry is reported at once as ``Sweep!C3: problem — fix``.

Cells are parsed by ``planner.io.cells`` and targets resolved against
``planner.io.schema``, the reader's own rules.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from planner.errors import InputError
from planner.io.cells import as_text, is_blank, parse_cell, parse_number
from planner.io.reader import normalise_header
from planner.io.schema import SETTINGS_KEYS, SHEETS_BY_NAME, Column, SheetSpec
from planner.io.xlsx import UnreadableWorkbook, cell_ref, iter_sheets
from planner.studies.scenarios import METHODS, OPS, SweepSpec

SHEET = "Sweep"
PARAMETER_COLUMNS = ("name", "target", "op", "where", "values", "low", "high", "steps", "base")
SPEC_COLUMNS = ("method", "samples", "seed")
TOML_KEYS = frozenset({"method", "samples", "seed", "parameter", "parameters"})
TOML_PARAMETER_KEYS = frozenset({"name", "target", "op", "where", "values", "range", "steps", "base"})
DEFAULT_STEPS = 5
_LIST_SPLIT = re.compile(r"[;,、，]")
_WHERE_SPLIT = re.compile(r"[;；]")

At = Callable[[str], str]
"""Where a field of one parameter sits, for messages (``Sweep!E3`` or ``spec.toml: ...``)."""


# ------------------------------------------------------------------ reading specs


def read_spec(path: str | Path) -> SweepSpec:
    """A ``SweepSpec`` from a TOML file or from the ``Sweep`` sheet of an .xlsx workbook.

    Raises ``InputError`` listing every problem (``Sweep!C3: problem — fix``).
    """
    path = Path(path)
    if not path.exists():
        raise InputError([f"{path}: the sweep spec does not exist — check the path"])
    if path.is_dir():
        raise InputError([f"{path} is a folder — give a .toml spec or an .xlsx workbook with a "
                          "Sweep sheet"])
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return _spec_from_toml(path)
    if suffix in (".xlsx", ".xlsm"):
        return _spec_from_sheet(path)
    raise InputError([f"{path.name}: a sweep spec is a .toml file or an .xlsx workbook with a "
                      "Sweep sheet — rename or convert it"])


def _spec_from_toml(path: Path) -> SweepSpec:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise InputError([f"{path.name}: not valid TOML ({exc}) — fix the line it names"]) from None
    except OSError as exc:
        raise InputError([f"{path}: cannot be read ({exc.strerror or exc}) — check the path"]) from None
    problems: list[str] = []
    for key in data:
        if key not in TOML_KEYS:
            problems.append(f"{path.name}: unknown key '{key}' — use method, samples, seed and "
                            "[[parameter]] tables")
    raw_parameters = data.get("parameter", data.get("parameters", []))
    if isinstance(raw_parameters, dict):
        raw_parameters = [raw_parameters]
    if not isinstance(raw_parameters, list) or not all(isinstance(p, dict) for p in raw_parameters):
        problems.append(f"{path.name}: parameter must be a list of [[parameter]] tables — "
                        "write each parameter as a [[parameter]] table")
        raw_parameters = []
    parameters: list[dict[str, Any]] = []
    for number, raw in enumerate(raw_parameters, start=1):
        label = raw.get("name") or raw.get("target") or "?"

        def at(field: str, number: int = number, label: Any = label) -> str:
            return f"{path.name}: [[parameter]] {number} ({label}) {field}"

        for key in raw:
            if key not in TOML_PARAMETER_KEYS:
                problems.append(f"{at(key)}: unknown key — use one of "
                                f"{', '.join(sorted(TOML_PARAMETER_KEYS))}")
        fields = dict(raw)
        if "range" in fields:
            bounds = fields.pop("range")
            if not isinstance(bounds, list) or len(bounds) != 2:
                problems.append(f"{at('range')}: give range = [low, high] — two numbers")
                fields["low"] = fields["high"] = None
                fields["_bad_range"] = True
            else:
                fields["low"], fields["high"] = bounds
        checked = _check_parameter(fields, at, problems)
        if checked is not None:
            parameters.append(checked)
    settings = _check_settings({k: data.get(k) for k in SPEC_COLUMNS},
                               lambda field: f"{path.name}: {field}", problems)
    return _finish(parameters, settings, problems,
                   lambda: f"{path.name}: no [[parameter]] tables — add at least one")


def _spec_from_sheet(path: Path) -> SweepSpec:
    raw = None
    try:
        with contextlib.closing(iter_sheets(path)) as sheets:  # closes the workbook at once
            for sheet in sheets:
                if sheet.title.strip().casefold() == SHEET.casefold():
                    raw = sheet
                    break
    except UnreadableWorkbook as exc:
        raise InputError([str(exc)]) from None
    except OSError as exc:
        raise InputError([f"{path}: cannot be read ({exc.strerror or exc}) — check the path"]) from None
    if raw is None:
        raise InputError([f"{path.name}: no '{SHEET}' sheet — add one (headers: "
                          f"{', '.join(PARAMETER_COLUMNS)}) or give a TOML spec"])
    title = raw.title
    problems: list[str] = []
    header = raw.rows.get(1, {})
    columns: dict[str, int] = {}
    for number, value in sorted(header.items()):
        name = normalise_header(value)
        if is_blank(value):
            continue
        if name not in PARAMETER_COLUMNS and name not in SPEC_COLUMNS:
            problems.append(f"{cell_ref(title, 1, number)}: unknown column '{as_text(value)}' — use "
                            f"{', '.join(PARAMETER_COLUMNS + SPEC_COLUMNS)}")
        elif name in columns:
            problems.append(f"{cell_ref(title, 1, number)}: a second '{name}' column — keep one")
        else:
            columns[name] = number
    if "target" not in columns:
        problems.append(f"{cell_ref(title, 1, max(header, default=0) + 1)}: no 'target' column — "
                        "add headers name, target, op, where, values, low, high, steps, base in row 1")
        raise InputError(problems)
    parameters: list[dict[str, Any]] = []
    settings_raw: dict[str, Any] = {}
    settings_at: dict[str, str] = {}
    first_data_row = None
    for row_number in sorted(r for r in raw.rows if r > 1):
        cells = raw.rows[row_number]
        fields = {name: cells.get(col) for name, col in columns.items()}
        fields = {k: (None if is_blank(v) else v) for k, v in fields.items()}
        if all(v is None for v in fields.values()):
            continue
        if first_data_row is None:
            first_data_row = row_number

        def at(field: str, row_number: int = row_number) -> str:
            column = columns.get(field, columns.get("target", 1))
            return cell_ref(title, row_number, column)

        for name in SPEC_COLUMNS:
            if fields.get(name) is None:
                continue
            if row_number != first_data_row:
                problems.append(f"{at(name)}: {name} belongs on the first data row "
                                f"(row {first_data_row}) only — move it there")
            else:
                settings_raw[name] = fields[name]
                settings_at[name] = at(name)
        if all(fields.get(name) is None for name in PARAMETER_COLUMNS):
            continue  # a row holding only method / samples / seed
        checked = _check_parameter(fields, at, problems)
        if checked is not None:
            parameters.append(checked)
    settings = _check_settings(settings_raw, lambda field: settings_at.get(field, title), problems)
    return _finish(parameters, settings, problems,
                   lambda: f"{cell_ref(title, 2, columns['target'])}: no parameter rows — add one row "
                           "per parameter below the headers")


def _finish(parameters: list[dict[str, Any]], settings: dict[str, Any], problems: list[str],
            none_given: Callable[[], str]) -> SweepSpec:
    if not parameters and not problems:
        problems.append(none_given())
    seen: dict[str, str] = {}
    for p in parameters:
        if p["name"] in seen:
            problems.append(f"{p['_at_name']}: parameter name '{p['name']}' is used twice "
                            f"(also {seen[p['name']]}) — give each parameter its own name")
        else:
            seen[p["name"]] = p["_at_name"]
    if problems:
        raise InputError(problems)
    data = {**settings, "parameter": [{k: v for k, v in p.items() if not k.startswith("_")}
                                      for p in parameters]}
    return SweepSpec.from_dict(data)


def _check_settings(raw: dict[str, Any], at: At, problems: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    method = raw.get("method")
    if method is not None and not is_blank(method):
        text = as_text(method).casefold()
        if text not in METHODS:
            problems.append(f"{at('method')}: method must be one of {', '.join(METHODS)}, got "
                            f"'{as_text(method)}' — oat (one at a time), grid or lhs (Latin hypercube)")
        else:
            out["method"] = text
    for name, least in (("samples", 1), ("seed", 0)):
        value = raw.get(name)
        if value is None or is_blank(value):
            continue
        number, problem = parse_number(value)
        if problem is None and (number is None or not float(number).is_integer() or number < least):
            problem = f"{name} must be a whole number >= {least}, got {as_text(value)} — correct it"
        if problem:
            problems.append(f"{at(name)}: {problem}")
        else:
            out[name] = int(number)  # type: ignore[arg-type]
    return out


def _target(text: str) -> tuple[SheetSpec | None, Column | None, str | None]:
    """(sheet spec or None for Settings, column, problem)."""
    sheet, dot, column = text.partition(".")
    if not dot or not sheet or not column:
        return None, None, f"target '{text}' is not Sheet.column — write it as e.g. Demand.demand_mw"
    if sheet.casefold() == "settings":
        found = SETTINGS_KEYS.get(column)
        if found is None:
            numeric = [k for k, c in SETTINGS_KEYS.items() if c.kind in ("float", "int")]
            return None, None, f"no setting '{column}' — use one of {', '.join(numeric)}"
        return None, found, None
    spec = SHEETS_BY_NAME.get(sheet) or next(
        (s for s in SHEETS_BY_NAME.values() if s.name.casefold() == sheet.casefold()), None)
    if spec is None:
        return None, None, f"no sheet '{sheet}' — use one of {', '.join(SHEETS_BY_NAME)}"
    names = {c.name for c in spec.columns}
    if column not in names:
        numeric = [c.name for c in spec.columns if c.kind in ("float", "int")]
        return None, None, (f"{spec.name} has no column '{column}' — numeric columns are "
                            f"{', '.join(numeric) or 'none'}")
    return spec, spec.column(column), None


def _numbers(value: Any) -> tuple[list[float], str | None]:
    """A list of numbers from a TOML list, one number, or text ``0.8, 0.9, 1.1``."""
    if isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, str):
        items = [part for part in _LIST_SPLIT.split(value) if part.strip()]
    else:
        items = [value]
    numbers = []
    for item in items:
        number, problem = parse_number(item)
        if problem or number is None:
            return [], (f"'{as_text(item)}' in the values is not a number — separate numbers with "
                        "commas, e.g. 0.8, 0.9, 1.1")
        numbers.append(number)
    if not numbers:
        return [], "no values — give at least one number, e.g. 0.8, 0.9, 1.1"
    return numbers, None


def _where(value: Any, spec: SheetSpec | None, target: str) -> tuple[Any, str | None]:
    """None, an id, or {column: typed value} from an inline table or ``col=value; col=value``."""
    if value is None or is_blank(value):
        return None, None
    if spec is None:
        return None, f"settings have no rows to pick — leave where blank for {target}"
    pairs: dict[str, Any]
    if isinstance(value, dict):
        pairs = dict(value)
    else:
        text = as_text(value)
        if "=" not in text:
            if len(spec.key) != 1:
                columns = ", ".join(c.name for c in spec.columns)
                return None, (f"{spec.name} rows have no single id — pick rows as "
                              f"column=value; column=value (columns: {columns})")
            return text, None
        pairs = {}
        for part in _WHERE_SPLIT.split(text):
            if not part.strip():
                continue
            column, eq, item = part.partition("=")
            if not eq or not column.strip():
                return None, f"'{part.strip()}' is not column=value — write e.g. region=Kanto; phase=2035"
            pairs[column.strip()] = item.strip()
    names = {c.name: c for c in spec.columns}
    typed: dict[str, Any] = {}
    for column, item in pairs.items():
        found = names.get(str(column))
        if found is None:
            return None, (f"{spec.name} has no column '{column}' to pick rows by — use one of "
                          f"{', '.join(names)}")
        if found.kind == "id":  # the id column of a keyed sheet: pick by id
            typed[found.name] = as_text(item)
            continue
        parsed, problem = parse_cell(item, found)
        if problem:
            return None, f"where {column}: {problem}"
        typed[found.name] = parsed
    if not typed:
        return None, None
    if len(spec.key) == 1 and list(typed) == [spec.key[0]]:
        return typed[spec.key[0]], None  # {site = "NC"} is the id "NC"
    return typed, None


def _check_parameter(fields: dict[str, Any], at: At, problems: list[str]) -> dict[str, Any] | None:
    """A validated parameter dict for ``SweepSpec.from_dict``, or None (problems added)."""
    count = len(problems)

    def blank(name: str) -> bool:
        value = fields.get(name)
        return value is None or (not isinstance(value, list | dict) and is_blank(value))

    spec = column = None
    target = ""
    if blank("target"):
        problems.append(f"{at('target')}: target is required — write Sheet.column, e.g. Demand.demand_mw")
    else:
        target = as_text(fields["target"])
        spec, column, problem = _target(target)
        if problem:
            problems.append(f"{at('target')}: {problem}")
        elif column is not None and column.kind not in ("float", "int"):
            problems.append(f"{at('target')}: {target} holds {column.kind} values — only numeric "
                            "columns can be swept (use Case.set / lock_site in code for others)")
            column = None
        elif spec is not None:
            target = f"{spec.name}.{column.name}"  # type: ignore[union-attr]
    op = "scale" if blank("op") else as_text(fields["op"]).casefold()
    if op not in OPS:
        problems.append(f"{at('op')}: op must be scale or set, got '{as_text(fields['op'])}' — "
                        "scale multiplies the column, set replaces it")
    where, problem = (None, None) if column is None else _where(fields.get("where"), spec, target)
    if problem:
        problems.append(f"{at('where')}: {problem}")
    values: list[float] = []
    has_values = not blank("values")
    has_range = not (blank("low") and blank("high")) or fields.get("_bad_range")
    if has_values and has_range:
        problems.append(f"{at('values')}: give values or low/high (a range), not both — clear one")
    elif has_values:
        values, problem = _numbers(fields["values"])
        if problem:
            problems.append(f"{at('values')}: {problem}")
    elif has_range and not fields.get("_bad_range"):
        bounds = []
        for name in ("low", "high"):
            number, problem = (None, f"{name} is blank — give both low and high") if blank(name) \
                else parse_number(fields[name])
            if problem:
                problems.append(f"{at(name)}: {problem}")
            bounds.append(number)
        steps = DEFAULT_STEPS
        if not blank("steps"):
            number, problem = parse_number(fields["steps"])
            if problem is None and (number is None or not number.is_integer() or number < 1):
                problem = (f"steps must be a whole number >= 1, got {as_text(fields['steps'])} "
                           "— correct it")
            if problem:
                problems.append(f"{at('steps')}: {problem}")
            else:
                steps = int(number)  # type: ignore[arg-type]
        if None not in bounds and len(problems) == count:
            low, high = bounds
            if steps == 1 and low != high:
                problems.append(f"{at('steps')}: one step cannot span {low}..{high} — use steps >= 2")
            else:
                values = [float(v) for v in np.linspace(low, high, steps)]
    elif not fields.get("_bad_range"):
        problems.append(f"{at('values')}: no values — give values (e.g. 0.8, 0.9, 1.1) or low, high "
                        "and steps")
    base = None
    if not blank("base"):
        base, problem = parse_number(fields["base"])
        if problem:
            problems.append(f"{at('base')}: {problem}")
    if op == "set" and column is not None:
        for value in values:  # bounds of the column (e.g. max_mw >= 0) at the spec's cell
            _, problem = parse_cell(value, column)
            if problem:
                problems.append(f"{at('values')}: {problem}")
                break
    if len(problems) > count:
        return None
    name = target if blank("name") else as_text(fields["name"])
    return {"name": name, "target": target, "op": op, "where": where, "values": values,
            "base": base, "_at_name": at("name")}


__all__ = ["read_spec"]
