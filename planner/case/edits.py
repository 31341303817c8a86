"""Changing a case in code: modified copies, each validated like workbook input.

Targets are named ``Sheet.column`` (``Demand.demand_mw``, ``Sites.max_mw``,
``Grid.capex_mjpy``, ``Settings.discount_rate``); rows are picked by id
(``"ISK"``), by column values (``{"region": "Kanto"}``) or all (``None``).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import pandas as pd

from planner.errors import InputError
from planner.io import checks
from planner.io.cells import parse_cell
from planner.io.schema import SETTINGS_KEYS, SHEETS, SHEETS_BY_NAME, Column, SheetSpec

if TYPE_CHECKING:  # Case calls these; importing it here would be a cycle
    from planner.case.core import Case

Where = str | dict[str, Any] | None
FAMILY_SHEETS = {"grid": "Grid", "ix": "IX", "route": "Routes", "cable": "Cables"}


def _target(target: str) -> tuple[SheetSpec | None, Column]:
    sheet, _, column = target.partition(".")
    if sheet == "Settings":
        if column not in SETTINGS_KEYS:
            raise InputError([f"{target}: unknown setting — use one of {', '.join(SETTINGS_KEYS)}"])
        return None, SETTINGS_KEYS[column]
    spec = SHEETS_BY_NAME.get(sheet)
    names = {c.name for c in spec.columns} if spec else set()
    if spec is None or column not in names:
        raise InputError([f"{target}: no such sheet.column — write it as e.g. Sites.max_mw"])
    return spec, spec.column(column)


def _rows(frame: pd.DataFrame, spec: SheetSpec, where: Where, target: str) -> pd.Index:
    if where is None:
        return frame.index
    if isinstance(where, str):
        if len(spec.key) != 1 or where not in frame.index:
            raise InputError([f"{target}: no row '{where}' in {spec.name} — give an existing id "
                              "or a dict of column values"])
        return pd.Index([where])
    flat = frame.reset_index() if len(spec.key) == 1 else frame
    mask = pd.Series(True, index=flat.index)
    for column, value in where.items():
        if column not in flat.columns:
            raise InputError([f"{target}: cannot select rows by '{column}' — not a {spec.name} column"])
        mask &= flat[column] == value
    if not mask.any():
        raise InputError([f"{target}: no {spec.name} row matches {where}"])
    chosen = flat.index[mask.to_numpy()]
    return frame.index[chosen] if len(spec.key) == 1 else chosen


def _replace(case: Case, spec: SheetSpec, frame: pd.DataFrame) -> Case:
    edited = dataclasses.replace(case, **{spec.attr: frame})
    validate(edited)
    return edited


def scale(case: Case, target: str, factor: float, where: Where = None) -> Case:
    """Multiply a numeric column (of the rows ``where`` picks) by ``factor``."""
    spec, column = _target(target)
    if column.kind not in ("float", "int"):
        raise InputError([f"{target}: only numeric columns can be scaled"])
    if spec is None:
        value = case.settings.get(column.name)
        return set_value(case, target, None, None if value is None else value * factor)
    frame = getattr(case, spec.attr).copy()
    rows = _rows(frame, spec, where, target)
    frame.loc[rows, column.name] = frame.loc[rows, column.name] * factor
    return _replace(case, spec, frame)


def set_value(case: Case, target: str, where: Where, value: Any) -> Case:
    """Set one column of the rows ``where`` picks (or a setting) to ``value``."""
    spec, column = _target(target)
    if value is not None:
        parsed, problem = parse_cell(value, column)
        if problem:
            raise InputError([f"{target}: {problem}"])
        value = parsed
    if spec is None:
        return _validated_settings(case, {**case.settings, column.name: value})
    frame = getattr(case, spec.attr).copy()
    rows = _rows(frame, spec, where, target)
    if column.kind in ("float", "int") and value is None:
        value = float("nan")
    frame.loc[rows, column.name] = value
    return _replace(case, spec, frame)


def _validated_settings(case: Case, settings: dict[str, Any]) -> Case:
    edited = dataclasses.replace(case, settings=settings)
    validate(edited)
    return edited


def lock_site(case: Case, site: str, state: str | None) -> Case:
    """Force a site ``"open"`` or ``"closed"`` (``None`` removes the lock)."""
    if state not in ("open", "closed", None):
        raise InputError([f"Sites.force: lock must be open, closed or None, got {state!r}"])
    return set_value(case, "Sites.force", site, state)


def lock_build(case: Case, family: str, option: str, state: str | None) -> Case:
    """Require (``"built"``) or forbid (``"forbidden"``) a grid project, IX, route or cable."""
    sheet = FAMILY_SHEETS.get(family)
    if sheet is None:
        raise InputError([f"lock: family must be one of {', '.join(FAMILY_SHEETS)}, got {family!r}"])
    if option not in getattr(case, SHEETS_BY_NAME[sheet].attr).index:
        raise InputError([f"{sheet}: no {family} '{option}' to lock"])
    if state not in ("built", "forbidden", None):
        raise InputError([f"{sheet}: lock must be built, forbidden or None, got {state!r}"])
    locks = {k: v for k, v in case.locks.items() if k != (family, option)}
    if state is not None:
        locks[(family, option)] = state
    return dataclasses.replace(case, locks=locks)


def without(case: Case, sheet: str) -> Case:
    """Switch an optional family off: the sheet is treated as missing."""
    spec = SHEETS_BY_NAME.get(sheet)
    if spec is None or spec.required or spec.name == "Settings":
        raise InputError([f"{sheet}: only optional sheets can be switched off"])
    dependents = {"Hazards": ["HazardFootprint"], "Periods": ["Profiles"]}.get(spec.name, [])
    emptied = {s.attr: getattr(case, s.attr).iloc[0:0].copy()
               for s in [spec] + [SHEETS_BY_NAME[name] for name in dependents]}
    kept = case.warnings if spec.name != "Periods" else tuple(  # the operations-mode warnings go with it
        w for w in case.warnings if "operations mode" not in w)
    edited = dataclasses.replace(case, **emptied, warnings=kept,
                                 sheets_present=case.sheets_present - {spec.name, *dependents})
    validate(edited)
    return edited


class _Collect:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        pass


def validate(case: Case) -> None:
    """Check every value against the schema and the cross-sheet rules, as the reader does."""
    out = _Collect()
    tables: dict[str, pd.DataFrame] = {}
    layout: dict[str, checks.SheetLayout] = {}
    for spec in SHEETS:
        if spec.name == "Settings":
            continue
        frame = getattr(case, spec.attr)
        flat = frame.reset_index() if len(spec.key) == 1 else frame.reset_index(drop=True)
        rows = case.rows.get(spec.name, [])
        layout[spec.name] = checks.SheetLayout(spec.name, list(rows) + [0] * (len(flat) - len(rows)),
                                               {c.name: i for i, c in enumerate(spec.columns, 1)})
        for column in spec.columns:
            if column.kind not in ("float", "int") or column.name not in flat:
                continue
            for pos, value in enumerate(flat[column.name]):
                if value is None or (isinstance(value, float) and value != value):
                    if column.required:
                        out.add(layout[spec.name].ref(pos, column.name), f"{column.name} is required")
                    continue
                _, problem = parse_cell(value, column)
                if problem:
                    out.add(layout[spec.name].ref(pos, column.name), problem)
        tables[spec.name] = flat
    for name, value in case.settings.items():
        column = SETTINGS_KEYS.get(name)
        if column is not None and value is not None:
            _, problem = parse_cell(value, column)
            if problem:
                out.add(f"Settings.{name}", problem)
    checks.run_all(tables, layout, dict(case.settings), out)
    if out.problems:
        raise InputError(out.problems)
