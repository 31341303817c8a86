"""Cross-sheet checks, one function per rule, and the final shaping of the tables.

Each ``check_*`` adds problems naming the offending cell; all run, even when
some cells failed to parse (those hold ``None`` and are passed over), so a
planner sees every problem at once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from planner.io.schema import SHEETS, SHEETS_BY_NAME
from planner.io.xlsx import cell_ref


class _Sink(Protocol):
    def add(self, where: str, message: str) -> None: ...
    def warn(self, where: str, message: str) -> None: ...


@dataclass(frozen=True)
class SheetLayout:
    """Where a table's rows and columns sit in the workbook."""

    title: str
    rows: list[int]
    columns: dict[str, int]
    cells: dict[str, str] | None = None
    """For key | value sheets (Settings): the cell holding each key's value."""

    def ref(self, position: int, column: str) -> str:
        """Cell of table row ``position`` in ``column``."""
        row = self.rows[position] if position < len(self.rows) else 2
        return cell_ref(self.title, row, self.columns.get(column, 1))


Tables = dict[str, pd.DataFrame]
Layouts = dict[str, SheetLayout]


def _records(tables: Tables, sheet: str) -> Iterator[tuple[int, dict[str, Any]]]:
    yield from enumerate(tables[sheet].to_dict("records"))


def _ids(tables: Tables, sheet: str) -> set[str]:
    spec = SHEETS_BY_NAME[sheet]
    return {v for v in tables[sheet][spec.key[0]] if isinstance(v, str)}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


SET_SHEETS = frozenset({"HazardFootprint"})
"""Sheets whose rows form a set: a repeated row says nothing new and is read once."""


def check_unique_keys(tables: Tables, layout: Layouts, settings: dict[str, Any], out: _Sink) -> None:
    """Ids unique in their sheet; (area, phase), (region, phase), (region, site) likewise.

    Ids are compared exactly (after trimming): ``DC1``, ``dc1`` and ``ＤＣ１`` are
    three ids. Two ids of one sheet that differ only by case or character width
    get a warning, since one may be a typo of the other. A repeated HazardFootprint
    row is read once (the footprint is a set), with a warning.
    """
    for spec in SHEETS:
        if not spec.key or spec.name not in tables:
            continue
        first: dict[tuple[Any, ...], int] = {}
        folded_first: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
        for pos, record in _records(tables, spec.name):
            key = tuple(record[k] for k in spec.key)
            if any(k is None for k in key):
                continue
            where = layout[spec.name].ref(pos, spec.key[0])
            shown = ", ".join(str(k) for k in key)
            if key in first:
                other = layout[spec.name].rows[first[key]]
                if spec.name in SET_SHEETS:
                    out.warn(where, f"({shown}) repeats row {other} — read once")
                else:
                    out.add(where, f"({shown}) appears twice (also row {other}) — keep one row")
                continue
            first[key] = pos
            if len(spec.key) != 1:
                continue
            folded = tuple(_fold(k) if isinstance(k, str) else k for k in key)
            if folded in folded_first:
                other_pos, other_key = folded_first[folded]
                other_shown = ", ".join(str(k) for k in other_key)
                out.warn(
                    where,
                    f"({shown}) differs from ({other_shown}) in row "
                    f"{layout[spec.name].rows[other_pos]} only by case or character width — "
                    "read as two different ids; rename one if they are meant to be the same",
                )
                continue
            folded_first[folded] = (pos, key)


def _region_ids(tables: Tables) -> set[str]:
    if len(tables["Regions"]):
        return _ids(tables, "Regions")
    return {v for v in tables["Demand"]["region"] if isinstance(v, str)}


def check_references(tables: Tables, layout: Layouts, settings: dict[str, Any], out: _Sink) -> None:
    """Every reference names an existing id of the sheet it points to."""
    known = {name: _ids(tables, name) for name in SHEETS_BY_NAME if SHEETS_BY_NAME[name].key}
    known["Regions"] = _region_ids(tables)
    for spec in SHEETS:
        for column in spec.columns:
            if column.kind != "ref" or column.ref is None:
                continue
            if spec.name == "Demand" and column.name == "region" and not len(tables["Regions"]):
                continue
            if spec.name == "Profiles" and not len(tables["Periods"]):
                continue  # ignored without Periods (check_operations warns)
            targets = known[column.ref]
            for pos, record in _records(tables, spec.name):
                value = record[column.name]
                if value is None or value in targets:
                    continue
                hint = f"add it to {column.ref}" if targets else f"the {column.ref} sheet is empty or missing"
                out.add(
                    layout[spec.name].ref(pos, column.name),
                    f"'{value}' is not in {column.ref} — correct it or {hint}",
                )
    footprint_sheet = {"site": "Sites", "landing": "Landings", "ix": "IX"}
    for pos, record in _records(tables, "HazardFootprint"):
        sheet = footprint_sheet.get(record["kind"] or "")
        if sheet and record["id"] is not None and record["id"] not in known[sheet]:
            out.add(
                layout["HazardFootprint"].ref(pos, "id"),
                f"'{record['id']}' is not in {sheet} — correct it or add it to {sheet}",
            )


def check_phases(tables: Tables, layout: Layouts, settings: dict[str, Any], out: _Sink) -> None:
    """Years strictly increase down the sheet; cluster bounds are consistent.

    A base_year after the first phase is allowed (with a warning): d_t > 1 then.
    """
    previous: int | None = None
    for pos, record in _records(tables, "Phases"):
        year = record["year"]
        if year is None:
            continue
        if previous is not None and year <= previous:
            out.add(
                layout["Phases"].ref(pos, "year"),
                f"year {year} is not after the previous phase's {previous} — "
                "list phases in time order with distinct years",
            )
        previous = year
        low, high = record["min_clusters"], record["max_clusters"]
        if low is not None and high is not None and low > high:
            out.add(
                layout["Phases"].ref(pos, "min_clusters"),
                f"min_clusters {low} > max_clusters {high} — lower one or raise the other",
            )
    base_year = settings.get("base_year")
    first = next((y for y in tables["Phases"]["year"] if y is not None), None)
    if base_year is not None and first is not None and base_year > first:
        cells = layout["Settings"].cells if "Settings" in layout else None
        where = (cells or {}).get("base_year", "Settings")
        out.warn(where, f"base_year {base_year} is after the first phase ({first}): money of earlier "
                 "phases is compounded forward to it (discount factor above 1) — fine if meant, "
                 f"else use a year <= {first}")


def check_sites(tables: Tables, layout: Layouts, settings: dict[str, Any], out: _Sink) -> None:
    """Capacity bounds in order; a forced-closed site cannot already operate.

    ``max_mw`` = 0 is allowed (a site that can hold no capacity); existing_mw and
    min_mw above it are still errors.
    """
    for pos, s in _records(tables, "Sites"):
        ref = layout["Sites"].ref
        max_mw, existing, min_mw = s["max_mw"], s["existing_mw"], s["min_mw"]
        if max_mw is not None and existing is not None and existing > max_mw:
            out.add(ref(pos, "existing_mw"),
                    f"existing_mw {existing:g} > max_mw {max_mw:g} — raise max_mw or correct existing_mw")
        if max_mw is not None and min_mw is not None and min_mw > max_mw:
            out.add(ref(pos, "min_mw"), f"min_mw {min_mw:g} > max_mw {max_mw:g} — lower min_mw")
        if s["force"] == "closed" and existing is not None and existing > 0:
            out.add(ref(pos, "force"),
                    f"site is forced closed but has existing_mw {existing:g} — clear force or existing_mw")


def check_grid(tables: Tables, layout: Layouts, settings: dict[str, Any], out: _Sink) -> None:
    """A site project names a site; a link names both its areas.

    A link from an area to itself is allowed (with a warning): its flow leaves and
    enters the same area balance, so it cancels and the link carries nothing.
    """
    for pos, g in _records(tables, "Grid"):
        ref = layout["Grid"].ref
        if g["kind"] == "site" and g["site"] is None:
            out.add(ref(pos, "site"), "a kind 'site' project needs the site it reinforces — fill in site")
        if g["kind"] == "link":
            if g["from_area"] is None or g["to_area"] is None:
                out.add(ref(pos, "from_area"), "a kind 'link' project needs from_area and to_area — fill both")
            elif g["from_area"] == g["to_area"]:
                out.warn(ref(pos, "to_area"),
                         f"link joins area '{g['to_area']}' to itself, so it carries no power — "
                         "fine if meant, else name two different areas")


def check_existing_needs_ix(tables: Tables, layout: Layouts, settings: dict[str, Any], out: _Sink) -> None:
    """An existing route or cable cannot end at an IX that does not exist yet."""
    existing_ix = {
        i for i, e in zip(tables["IX"]["ix"], tables["IX"]["existing"], strict=True) if e
    }
    for sheet in ("Routes", "Cables"):
        for pos, r in _records(tables, sheet):
            if r["existing"] and r["ix"] is not None and r["ix"] not in existing_ix:
                out.add(
                    layout[sheet].ref(pos, "ix"),
                    f"existing {sheet[:-1].lower()} ends at IX '{r['ix']}', which is not existing — "
                    "mark the IX existing or the "
                    f"{sheet[:-1].lower()} not existing",
                )


SCALE_LIMITS = (1e-5, 1e8)
"""Nonzero magnitudes outside this range make the solver's arithmetic unreliable."""


def check_scaling(tables: Tables, layout: Layouts, settings: dict[str, Any], out: _Sink) -> None:
    """Warn (before any solve) about numbers so small or large that HiGHS's tolerances bite."""
    low, high = SCALE_LIMITS
    for spec in SHEETS:
        frame = tables.get(spec.name)
        if frame is None or not len(frame):
            continue
        for column in spec.columns:
            if column.kind != "float" or column.name in ("lat", "lon") or column.name not in frame:
                continue
            values = pd.to_numeric(frame[column.name], errors="coerce").abs()
            values = values[(values > 0) & values.notna()]
            if values.empty or (values.min() >= low and values.max() <= high):
                continue
            pos = int(values.idxmax() if values.max() > high else values.idxmin())
            out.warn(
                layout[spec.name].ref(pos, column.name),
                f"{spec.name}.{column.name} ranges over [{values.min():.0e}, {values.max():.0e}] "
                f"{column.unit} — numbers outside [{low:.0e}, {high:.0e}] make the solver's "
                "results unreliable; check the unit or round tiny values to 0",
            )


PROFILE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("AreaSupply", "supply_profile"),
    ("AreaSupply", "price_profile"),
    ("AreaSupply", "surplus_profile"),
    ("Demand", "profile"),
)
"""Columns naming a Profiles id (FORMULATION.md §4.1)."""

OPS_ONLY_COLUMNS: tuple[tuple[str, str], ...] = (
    *PROFILE_COLUMNS[:2],
    ("AreaSupply", "surplus_mw"),
    ("AreaSupply", "surplus_profile"),
    ("AreaSupply", "surplus_price_jpy_per_kwh"),
    ("Demand", "profile"),
    ("Demand", "flexible_share"),
    ("Service", "flexible_only"),
    ("Sites", "battery_hours"),
    ("Sites", "battery_efficiency"),
    ("Sites", "cogen_fuel_jpy_per_kwh"),
    ("Sites", "cogen_carbon_t_per_mwh"),
)
"""Columns marked *ops* in FORMULATION.md §4.1: read only in operations mode."""

YEAR_HOURS = 8760.0
YEAR_TOLERANCE = 0.01


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _first_set(tables: Tables, sheet: str, column: str) -> int | None:
    """Position of the first row whose ``column`` differs from its default, if any."""
    frame = tables.get(sheet)
    if frame is None or column not in frame:
        return None
    default = SHEETS_BY_NAME[sheet].column(column).default
    for pos, value in enumerate(frame[column]):
        if _blank(value) or (isinstance(value, str) and not value.strip()):
            continue
        if default is not None and value == default:
            continue
        return pos
    return None


def _period_steps(tables: Tables) -> dict[str, int]:
    """Steps per period id, in sheet order (periods whose cells failed to parse left out)."""
    steps: dict[str, int] = {}
    for record in tables["Periods"].to_dict("records"):
        period, count = record["period"], record["steps"]
        if isinstance(period, str) and not _blank(count) and period not in steps:
            steps[period] = int(count)
    return steps


def check_operations(tables: Tables, layout: Layouts, settings: dict[str, Any], out: _Sink) -> None:
    """Periods and Profiles agree with each other and with the profile columns (FORMULATION.md §4.1).

    In operations mode (a non-empty Periods sheet): a Profiles step lies in 1..steps of its
    period; a named profile exists and has a row for every (period, step); the periods
    cover 8760 h within 1 % (else a warning); a site's load_factor is not used (one
    warning). Without Periods the *ops* columns and the Profiles sheet are ignored, with
    one warning each.
    """
    if "Periods" not in tables or "Profiles" not in tables:
        return
    if not len(tables["Periods"]):
        _warn_ignored(tables, layout, out)
        return
    steps = _period_steps(tables)
    have: dict[str, set[tuple[str, int]]] = {}
    first_row: dict[str, int] = {}
    for pos, record in _records(tables, "Profiles"):
        name, period, step = record["profile"], record["period"], record["step"]
        if not isinstance(name, str) or _blank(step):
            continue
        first_row.setdefault(name, pos)
        if period not in steps:
            continue  # unknown period: check_references reports it
        count = steps[period]
        if not 1 <= int(step) <= count:
            out.add(layout["Profiles"].ref(pos, "step"),
                    f"step must be in 1..{count} for period {period}, got {int(step)} — "
                    f"use a step of the period or raise {period}'s steps")
            continue
        have.setdefault(name, set()).add((period, int(step)))
    pairs = [(p, k) for p, count in steps.items() for k in range(1, count + 1)]
    checked: set[str] = set()
    for sheet, column in PROFILE_COLUMNS:
        for pos, record in _records(tables, sheet):
            name = record[column]
            if not isinstance(name, str) or not name:
                continue
            if name not in first_row:
                known = ", ".join(sorted(first_row)) or "none"
                out.add(layout[sheet].ref(pos, column),
                        f"profile '{name}' is not in Profiles (profiles there: {known}) — "
                        "correct it or add its rows to Profiles")
                continue
            if name in checked:
                continue
            checked.add(name)
            missing = next((pair for pair in pairs if pair not in have.get(name, set())), None)
            if missing is not None:
                out.add(layout["Profiles"].ref(first_row[name], "profile"),
                        f"profile '{name}' has no row for period {missing[0]}, step {missing[1]} "
                        f"(first missing pair) — give it one row per (period, step) of Periods")
    _check_year_hours(tables, layout, out)
    pos = _first_set(tables, "Sites", "load_factor")
    if pos is not None:
        out.warn(layout["Sites"].ref(pos, "load_factor"),
                 "load_factor is not used in operations mode (demand and its profiles set the load "
                 "at each step) — clear it, or remove the Periods sheet to plan capacity only")


def _check_year_hours(tables: Tables, layout: Layouts, out: _Sink) -> None:
    total = 0.0
    for record in tables["Periods"].to_dict("records"):
        days, count, hours = record["days"], record["steps"], record["step_hours"]
        if _blank(days) or _blank(count) or _blank(hours):
            return  # a cell failed to parse and is reported already
        total += float(days) * int(count) * float(hours)
    if abs(total - YEAR_HOURS) > YEAR_TOLERANCE * YEAR_HOURS:
        out.warn(layout["Periods"].ref(0, "days"),
                 f"the periods add up to {total:g} h (sum of days x steps x step_hours), not "
                 f"{YEAR_HOURS:g} h — the model uses them as written; check days, steps and step_hours")


def _warn_ignored(tables: Tables, layout: Layouts, out: _Sink) -> None:
    """Without Periods: one warning for the *ops* columns set, one for a Profiles sheet."""
    found: list[str] = []
    where = ""
    for sheet, column in OPS_ONLY_COLUMNS:
        pos = _first_set(tables, sheet, column)
        if pos is None:
            continue
        found.append(f"{sheet}.{column}")
        where = where or layout[sheet].ref(pos, column)
    if found:
        out.warn(where, f"operations-mode columns are ignored without a Periods sheet: {', '.join(found)}"
                 " — add a Periods sheet to use them, or clear them")
    if len(tables["Profiles"]):
        out.warn(layout["Profiles"].ref(0, "profile"),
                 "the Profiles sheet is ignored without a Periods sheet — add a Periods sheet "
                 "to use it, or delete it")


CHECKS: tuple[Callable[[Tables, Layouts, dict[str, Any], _Sink], None], ...] = (
    check_unique_keys,
    check_references,
    check_phases,
    check_sites,
    check_grid,
    check_existing_needs_ix,
    check_scaling,
    check_operations,
)


def run_all(tables: Tables, layout: Layouts, settings: dict[str, Any], out: _Sink) -> None:
    """Run every cross-sheet check."""
    for check in CHECKS:
        check(tables, layout, settings, out)


def finalise(tables: Tables, settings: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Index id tables, fill defaults that depend on other sheets, name by attribute."""
    phases = tables["Phases"]
    first_phase = phases["phase"].iloc[0]
    if settings.get("base_year") is None:
        settings["base_year"] = int(phases["year"].iloc[0])
    regions = tables["Regions"]
    if not len(regions):
        ids = list(dict.fromkeys(tables["Demand"]["region"]))
        regions = pd.DataFrame({"region": ids, "name": ids, "lat": float("nan"), "lon": float("nan"),
                                "tbps_per_mw": 0.0})
    result: dict[str, pd.DataFrame] = {}
    for spec in SHEETS:
        if spec.name == "Settings":
            continue
        frame = regions.copy() if spec.name == "Regions" else tables[spec.name].copy()
        if "earliest_phase" in frame.columns:
            frame["earliest_phase"] = frame["earliest_phase"].where(
                frame["earliest_phase"].notna(), first_phase
            )
        if "name" in frame.columns and len(spec.key) == 1:
            frame["name"] = frame["name"].where(frame["name"].notna(), frame[spec.key[0]])
        if len(spec.key) == 1:
            frame = frame.set_index(spec.key[0], drop=True)
        result[spec.attr] = frame
    return result
