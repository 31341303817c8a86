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


CHECKS: tuple[Callable[[Tables, Layouts, dict[str, Any], _Sink], None], ...] = (
    check_unique_keys,
    check_references,
    check_phases,
    check_sites,
    check_grid,
    check_existing_needs_ix,
    check_scaling,
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
