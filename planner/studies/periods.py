"""Representative days for operations mode: cluster a year of hourly series with tsam.

``build_periods`` turns a year of hourly series (8760 rows, one column per series,
named ``kind:id`` such as ``solar:KYS``, ``wind:HKD``, ``price:TKY``,
``headroom:TKY``, ``demand:TYO``) into N representative days and gives:

* ``Periods`` — ``period, days, steps, step_hours`` (+ a ``note``), days summing to
  365, in the order of FORMULATION.md section 4.1 (sheet order is period order;
  periods are ordered by the first day of the year they stand for);
* ``Profiles`` — the long table ``profile, period, step, value`` with every
  (profile, period, step) exactly once and values >= 0. **Profile ids are the
  series names unchanged** (``solar:KYS`` ...), and the values are the series'
  own values: a series file therefore holds profile multipliers in the sense of
  section 4.1 (capacity factor for a surplus/solar shape, multiplier on
  ``supply_mw`` for headroom, on the energy price for price, on ``demand_mw`` for
  demand);
* an accuracy table per series: RMSE of the reconstructed hourly year against the
  original (in the series' units, and normalised by the series' range), the
  annual energy error (%), and the error of the extreme value (the peak; for a
  ``headroom`` series the trough).

How the days are formed:

1. hours are averaged into steps of ``step_hours`` (1, 2, 3, 4, 6, 8, 12 or 24);
2. each ``extremes`` series keeps its extreme day as a period of its own (1 day):
   the day holding its highest hour, or its lowest hour for a ``headroom:``
   series (the day the grid is tightest). Two extremes on one day share it;
3. the remaining days are clustered by tsam (``tsam.aggregate``; hierarchical
   clustering, medoid representatives, column means preserved) into
   ``days - (number of extreme days)`` clusters. Series that are the same every
   day carry no information for the clustering: they are left out of it and
   reproduced exactly.

``days`` is the total number of periods written, extremes included, so the size
of the operations model is known in advance (it grows with days x steps).

tsam is optional (``pip install 'wattbit-planner[ops]'``); it is imported inside
``build_periods``. ``read_series`` and ``write_periods`` need only openpyxl.

Command line (to be wired as ``wattbit periods``)::

    python -m planner.studies.periods SERIES.csv|xlsx -o OUT.xlsx --case CASE.xlsx \\
        --days 8 [--extreme headroom:TKY ...] [--step-hours 2]
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from planner.errors import InputError, MissingExtraError, OutputError

HOURS_PER_YEAR = 8760
DAYS_PER_YEAR = 365
STEP_HOURS = (1, 2, 3, 4, 6, 8, 12, 24)
"""Allowed ``step_hours``: the divisors of 24 (a day is a whole number of steps)."""

TROUGH_KINDS = frozenset({"headroom"})
"""Series kinds whose extreme day is the day of their lowest hour (tightest grid)."""

SERIES_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*:[^\s:]+$")
"""A series name: ``kind:id`` (kind a word, id without blanks or colons)."""

TIME_HEADERS = frozenset({"", "time", "timestamp", "datetime", "date", "hour", "index"})
"""A first column with one of these headers is a time index and is skipped."""

PERIODS_COLUMNS = ("period", "days", "steps", "step_hours", "note")
PROFILES_COLUMNS = ("profile", "period", "step", "value")
ACCURACY_COLUMNS = ("series", "rmse", "nrmse", "energy_error_pct", "extreme_error_pct")

_MAX_PROBLEMS = 20
_VALUE_DECIMALS = 6


@dataclass(frozen=True)
class PeriodSet:
    """Representative days built from a year of hourly series.

    ``periods`` and ``profiles`` are the ``Periods`` and ``Profiles`` sheets of
    FORMULATION.md section 4.1; ``accuracy`` has one row per series;
    ``assignment`` maps each day of the year (1..365) to its period;
    ``extremes`` maps each extreme series to the period that keeps its day.
    """

    periods: pd.DataFrame
    profiles: pd.DataFrame
    accuracy: pd.DataFrame
    assignment: pd.Series
    extremes: dict[str, str] = field(default_factory=dict)
    step_hours: int = 1
    seconds: float = 0.0

    def sheets(self) -> dict[str, pd.DataFrame]:
        """The two workbook sheets, by name."""
        return {"Periods": self.periods, "Profiles": self.profiles}

    def reconstruct(self) -> pd.DataFrame:
        """The hourly year the periods stand for (8760 rows, one column per profile)."""
        return _reconstruct(self.profiles, self.assignment, self.step_hours)

    def summary(self) -> str:
        """One line: periods, steps, mean normalised RMSE, worst energy error."""
        acc = self.accuracy
        return (
            f"{len(self.periods)} periods x {int(self.periods['steps'].iloc[0])} steps of "
            f"{self.step_hours} h; mean nRMSE {acc['nrmse'].mean():.4f}, worst energy error "
            f"{acc['energy_error_pct'].abs().max():.3f} %, built in {self.seconds:.2f} s"
        )


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------
def build_periods(
    series: pd.DataFrame,
    days: int,
    *,
    extremes: Iterable[str] = (),
    step_hours: int = 1,
    representation: str = "medoid",
) -> PeriodSet:
    """Cluster a year of hourly ``series`` into ``days`` representative days.

    ``series``: 8760 rows (hour 0 = 1 January 00:00-01:00), one numeric column
    per series named ``kind:id``, values >= 0. ``days``: number of periods in
    all, 1..365, extreme days included. ``extremes``: series whose extreme day
    (peak; trough for ``headroom:``) is kept as a period of its own.
    ``step_hours``: hours per step (a divisor of 24); hours are averaged.
    ``representation``: tsam's representative of a cluster, ``"medoid"`` (a real
    day, default) or ``"mean"``.
    """
    started = time.perf_counter()
    extremes = list(dict.fromkeys([extremes] if isinstance(extremes, str) else extremes))
    values, names = _check_series(series)
    _check_arguments(names, days, extremes, step_hours, representation)
    steps = 24 // step_hours
    n_series = len(names)

    hourly = values.reshape(DAYS_PER_YEAR, 24, n_series)
    stepped = hourly.reshape(DAYS_PER_YEAR, steps, step_hours, n_series).mean(axis=2)

    extreme_day: dict[str, int] = {}
    for name in extremes:
        column = values[:, names.index(name)]
        hour = int(np.argmin(column)) if _kind(name) in TROUGH_KINDS else int(np.argmax(column))
        extreme_day[name] = hour // 24
    special = sorted(set(extreme_day.values()))
    if len(special) >= days and len(special) < DAYS_PER_YEAR:
        raise InputError([(
            f"days {days}: the {len(special)} extreme day(s) leave no day for the rest of the "
            f"year — ask for more than {len(special)} days or fewer extremes"
        )])
    ordinary = [d for d in range(DAYS_PER_YEAR) if d not in set(special)]
    n_clusters = days - len(special)

    labels, representatives = _cluster(stepped, ordinary, n_clusters, step_hours, representation)

    # Periods: ordinary clusters and extreme days, in order of their first day.
    groups: list[tuple[int, list[int], np.ndarray, str]] = []
    for label, rep in representatives.items():
        members = [ordinary[i] for i in np.flatnonzero(labels == label)]
        groups.append((members[0], members, rep, "cluster"))
    for day in special:
        which = ", ".join(n for n, d in extreme_day.items() if d == day)
        groups.append((day, [day], stepped[day], f"extreme: {which}"))
    groups.sort(key=lambda g: g[0])
    width = max(2, len(str(len(groups))))
    period_ids = [f"P{i + 1:0{width}d}" for i in range(len(groups))]

    assignment = np.empty(DAYS_PER_YEAR, dtype=object)
    period_rows, profile_blocks = [], []
    for pid, (first, members, rep, kind) in zip(period_ids, groups):
        assignment[members] = pid
        note = (f"{len(members)} days from {_date(first)}" if kind == "cluster"
                else f"{_date(first)} kept ({kind})")
        period_rows.append({"period": pid, "days": len(members), "steps": steps,
                            "step_hours": step_hours, "note": note})
        block = np.round(np.clip(rep, 0.0, None), _VALUE_DECIMALS)  # (steps, n_series)
        profile_blocks.append(block)

    periods = pd.DataFrame(period_rows, columns=list(PERIODS_COLUMNS))
    profiles = _long_profiles(names, period_ids, profile_blocks, steps)
    assignment_series = pd.Series(assignment, index=pd.RangeIndex(1, DAYS_PER_YEAR + 1, name="day"),
                                  name="period")
    rebuilt = _reconstruct(profiles, assignment_series, step_hours)
    accuracy = accuracy_table(series.set_axis(names, axis=1), rebuilt)
    period_of_day = dict(zip(range(DAYS_PER_YEAR), assignment))
    return PeriodSet(
        periods=periods,
        profiles=profiles,
        accuracy=accuracy,
        assignment=assignment_series,
        extremes={name: period_of_day[day] for name, day in extreme_day.items()},
        step_hours=step_hours,
        seconds=time.perf_counter() - started,
    )


def _cluster(
    stepped: np.ndarray,
    ordinary: list[int],
    n_clusters: int,
    step_hours: int,
    representation: str,
) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """Labels of the ordinary days and each cluster's representative (steps x series)."""
    data = stepped[ordinary]  # (n_days, steps, n_series)
    n_days, steps, n_series = data.shape
    if n_days == 0:
        return np.empty(0, dtype=int), {}
    if n_clusters >= n_days:  # every day its own period: exact, no clustering needed
        labels = np.arange(n_days)
        return labels, {i: data[i] for i in range(n_days)}

    varying = [j for j in range(n_series) if np.ptp(data[:, :, j], axis=0).max() > 0]
    if not varying:  # nothing tells the days apart: contiguous blocks, exact anyway
        labels = (np.arange(n_days) * n_clusters) // n_days
        return labels, {c: data[labels == c][0] for c in range(n_clusters)}

    tsam = _import_tsam()
    columns = [f"c{j}" for j in varying]
    frame = pd.DataFrame(
        data[:, :, varying].reshape(n_days * steps, len(varying)),
        columns=columns,
        index=pd.date_range("2001-01-01", periods=n_days * steps, freq=f"{step_hours}h"),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tsam warns about values clipped to the original bounds
        result = tsam.aggregate(
            frame,
            n_clusters=n_clusters,
            period_duration=24,
            temporal_resolution=step_hours,
            cluster=tsam.ClusterConfig(method="hierarchical", representation=representation),
            preserve_column_means=True,
        )
    labels = np.asarray(result.cluster_assignments, dtype=int)
    reps_frame = result.cluster_representatives
    clusters = reps_frame.index.get_level_values(0)
    representatives: dict[int, np.ndarray] = {}
    for label in np.unique(labels):
        block = data[0].copy()  # day-invariant columns are the same on every day: exact
        block[:, varying] = reps_frame[clusters == label][columns].to_numpy(dtype=float)
        representatives[int(label)] = block
    return labels, representatives


def _import_tsam():
    try:
        import tsam
    except ImportError as exc:
        raise MissingExtraError(
            "representative days need tsam, which is not installed — run: "
            "pip install 'wattbit-planner[ops]'"
        ) from exc
    if not hasattr(tsam, "aggregate"):
        raise MissingExtraError(
            f"tsam {getattr(tsam, '__version__', '?')} is too old (no tsam.aggregate) — run: "
            "pip install -U 'wattbit-planner[ops]'"
        )
    return tsam


def _long_profiles(names: list[str], period_ids: list[str], blocks: list[np.ndarray],
                   steps: int) -> pd.DataFrame:
    rows_profile, rows_period, rows_step, rows_value = [], [], [], []
    for j, name in enumerate(names):
        for pid, block in zip(period_ids, blocks):
            rows_profile.extend([name] * steps)
            rows_period.extend([pid] * steps)
            rows_step.extend(range(1, steps + 1))
            rows_value.extend(float(v) for v in block[:, j])
    return pd.DataFrame({"profile": rows_profile, "period": rows_period,
                         "step": rows_step, "value": rows_value})


def _reconstruct(profiles: pd.DataFrame, assignment: pd.Series, step_hours: int) -> pd.DataFrame:
    names = list(dict.fromkeys(profiles["profile"]))
    periods = list(dict.fromkeys(profiles["period"]))
    steps = int(profiles["step"].max())
    cube = (profiles.set_index(["period", "profile", "step"])["value"]
            .unstack("step").reindex(columns=range(1, steps + 1)))
    index_of = {p: i for i, p in enumerate(periods)}
    table = np.stack([cube.loc[p].reindex(names).to_numpy(dtype=float).T for p in periods])  # (P, steps, n)
    days = np.array([index_of[p] for p in assignment.to_numpy()])
    hourly = np.repeat(table[days], step_hours, axis=1)  # (365, 24, n)
    return pd.DataFrame(hourly.reshape(HOURS_PER_YEAR, len(names)), columns=names)


def accuracy_table(original: pd.DataFrame, rebuilt: pd.DataFrame) -> pd.DataFrame:
    """RMSE, range-normalised RMSE, annual energy error and extreme-value error per series."""
    rows = []
    for name in original.columns:
        x = original[name].to_numpy(dtype=float)
        r = rebuilt[name].to_numpy(dtype=float)
        rmse = float(np.sqrt(np.mean((r - x) ** 2)))
        span = float(x.max() - x.min())
        nrmse = rmse / span if span > 0 else (0.0 if rmse == 0 else math.inf)
        total = float(x.sum())
        energy = 100.0 * (float(r.sum()) - total) / total if total > 0 else 0.0
        if _kind(name) in TROUGH_KINDS:
            ref, got = float(x.min()), float(r.min())
        else:
            ref, got = float(x.max()), float(r.max())
        extreme = 100.0 * (got - ref) / abs(ref) if ref != 0 else 0.0
        rows.append({"series": name, "rmse": rmse, "nrmse": nrmse,
                     "energy_error_pct": energy, "extreme_error_pct": extreme})
    return pd.DataFrame(rows, columns=list(ACCURACY_COLUMNS))


def _check_series(series: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    if not isinstance(series, pd.DataFrame):
        raise TypeError(f"series must be a pandas DataFrame, got {type(series).__name__}")
    names = [str(c) for c in series.columns]
    problems = []
    if len(series) != HOURS_PER_YEAR:
        problems.append(f"series: {len(series)} rows, need {HOURS_PER_YEAR} (one per hour of a "
                        "365-day year) — drop 29 February of a leap year, fill missing hours")
    if not names:
        problems.append("series: no columns — add one column per series, named kind:id")
    seen: set[str] = set()
    for name in names:
        if not SERIES_NAME.match(name):
            problems.append(f"series column '{name}': not a series name — name it kind:id, e.g. solar:KYS")
        if name in seen:
            problems.append(f"series column '{name}' appears twice — keep one")
        seen.add(name)
    if problems:
        raise InputError(problems)
    try:
        values = series.to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError([f"series: non-numeric values ({exc}) — read the file with read_series"]) from exc
    for j, name in enumerate(names):
        bad = np.flatnonzero(~np.isfinite(values[:, j]) | (values[:, j] < 0))
        if bad.size:
            i = int(bad[0])
            problems.append(f"series column '{name}' hour {i} ({_date(i // 24)} {i % 24:02d}:00): "
                            f"{values[i, j]!r} — values must be finite and >= 0 "
                            f"({bad.size} such hour(s))")
    if problems:
        raise InputError(problems)
    return values, names


def _check_arguments(names: list[str], days: int, extremes: list[str], step_hours: int,
                     representation: str) -> None:
    problems = []
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)) or not 1 <= days <= DAYS_PER_YEAR:
        problems.append(f"days {days!r}: must be a whole number from 1 to {DAYS_PER_YEAR}")
    if isinstance(step_hours, bool) or step_hours not in STEP_HOURS:
        problems.append(f"step_hours {step_hours!r}: must divide 24 — use one of "
                        f"{', '.join(map(str, STEP_HOURS))}")
    for name in extremes:
        if name not in names:
            near = [n for n in names if n.casefold() == str(name).casefold()]
            hint = f"did you mean '{near[0]}'?" if near else "name one of the series' columns"
            problems.append(f"extreme '{name}': no such series — {hint}")
    if representation not in ("medoid", "mean"):
        problems.append(f"representation '{representation}': use 'medoid' or 'mean'")
    if problems:
        raise InputError(problems)


def _kind(name: str) -> str:
    return name.split(":", 1)[0].casefold()


def _date(day: int) -> str:
    """'3 Jan' for day index 2 (a 365-day year)."""
    stamp = pd.Timestamp(2001, 1, 1) + pd.Timedelta(days=int(day))
    return f"{stamp.day} {stamp.strftime('%b')}"


# ---------------------------------------------------------------------------
# Reading series
# ---------------------------------------------------------------------------
def read_series(path: str | Path) -> pd.DataFrame:
    """Read hourly series from a .csv or .xlsx file (8760 data rows under a header row).

    Row 1 names the series (``kind:id``); a first column headed ``time``,
    ``timestamp``, ``datetime``, ``date``, ``hour`` or blank is a time index and
    is skipped (rows must be in time order from 1 January 00:00). An .xlsx file
    is read from its sheet ``Series`` if it has one, else its first sheet.
    Every problem names the file, the cell and the fix (``InputError``).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError([f"{path}: file not found — check the path"])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows, where = _csv_rows(path), path.name
    elif suffix in (".xlsx", ".xlsm"):
        rows, sheet = _xlsx_rows(path)
        where = f"{path.name} {sheet}"
    else:
        raise InputError([f"{path}: unsupported file type '{path.suffix}' — use .csv or .xlsx"])
    return _parse_rows(rows, where)


def _csv_rows(path: Path) -> list[list[object]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as stream:
            sample = stream.read(4096)
            stream.seek(0)
            delimiter = ";" if sample.count(";") > sample.count(",") else ","
            return [row for row in csv.reader(stream, delimiter=delimiter)]
    except UnicodeDecodeError as exc:
        raise InputError([f"{path.name}: not UTF-8 text ({exc.reason}) — save it as CSV UTF-8"]) from exc
    except (OSError, csv.Error) as exc:
        raise InputError([f"{path.name}: cannot be read as CSV ({exc}) — check the file"]) from exc


def _xlsx_rows(path: Path) -> tuple[list[list[object]], str]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError([f"{path.name}: cannot be read as a workbook ({exc}) — save it as .xlsx"]) from exc
    try:
        names = book.sheetnames
        sheet = next((n for n in names if n.casefold() == "series"), names[0])
        rows = [list(row) for row in book[sheet].iter_rows(values_only=True)]
    finally:
        book.close()
    return rows, sheet


def _parse_rows(rows: list[list[object]], where: str) -> pd.DataFrame:
    from openpyxl.utils import get_column_letter

    def cell(row: int, col: int) -> str:  # 1-based row and column
        return f"{where}!{get_column_letter(col)}{row}"

    def blank(value: object) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    while rows and all(blank(v) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise InputError([f"{where}: empty — put the series names in row 1 and 8760 hours below"])
    header = list(rows[0])
    while header and blank(header[-1]):
        header.pop()
    first = "" if not header or blank(header[0]) else str(header[0]).strip().casefold()
    start = 1 if first in TIME_HEADERS else 0
    problems: list[str] = []
    names: list[str] = []
    seen: dict[str, int] = {}
    for col in range(start, len(header)):
        name = "" if blank(header[col]) else str(header[col]).strip()
        if not SERIES_NAME.match(name):
            problems.append(f"{cell(1, col + 1)}: header '{name}' is not a series name — "
                            "name it kind:id, e.g. solar:KYS")
        elif name in seen:
            problems.append(f"{cell(1, col + 1)}: '{name}' appears twice (also column "
                            f"{get_column_letter(seen[name] + 1)}) — keep one")
        seen.setdefault(name, col)
        names.append(name)
    if not names:
        problems.append(f"{cell(1, start + 1)}: no series columns — add one column per series, named kind:id")
    if problems:
        raise InputError(problems)

    body = rows[1:]
    if len(body) != HOURS_PER_YEAR:
        hint = (" — drop 29 February (a leap year has 8784 hours)" if len(body) == 8784
                else " — one row per hour of a 365-day year; fill the missing hours")
        raise InputError([(f"{where}: {len(body)} data rows (rows 2-{len(body) + 1}), need "
                           f"{HOURS_PER_YEAR}{hint}")])
    values = np.empty((HOURS_PER_YEAR, len(names)))
    count = 0
    for i, row in enumerate(body):
        for k, col in enumerate(range(start, start + len(names))):
            raw = row[col] if col < len(row) else None
            problem = None
            if blank(raw):
                problem = "blank — fill in a number (0 if there is none)"
            else:
                number = _number(raw)
                if number is None:
                    problem = f"'{raw}' is not a number — type a plain number such as 0.25"
                elif not math.isfinite(number):
                    problem = f"{raw!r} is not a finite number — type a plain number"
                elif number < 0:
                    problem = (f"{number:g} is negative — series are profile multipliers and "
                               "must be >= 0")
                else:
                    values[i, k] = number
            if problem:
                count += 1
                if count <= _MAX_PROBLEMS:
                    problems.append(f"{cell(i + 2, col + 1)} ({names[k]}, hour {i}): {problem}")
    if count > _MAX_PROBLEMS:
        problems.append(f"{where}: ... and {count - _MAX_PROBLEMS} more such cells")
    if problems:
        raise InputError(problems)
    return pd.DataFrame(values, columns=names, index=pd.RangeIndex(HOURS_PER_YEAR, name="hour"))


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Writing the sheets into a copy of a case workbook
# ---------------------------------------------------------------------------
def write_periods(workbook_path: str | Path, period_set: PeriodSet, output_path: str | Path) -> Path:
    """Copy ``workbook_path`` to ``output_path`` with the Periods and Profiles sheets added.

    Existing Periods/Profiles sheets are replaced in place; new ones go before
    the documentation sheets (Sources, RowNotes) or at the end. The input is
    never overwritten, and the output is written to a temp file then moved.
    """
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    from planner.io.writer import check_output_path, write_book_atomically

    source, target = Path(workbook_path), Path(output_path)
    if not source.is_file():
        raise InputError([f"{source}: case workbook not found — check the path"])
    check_output_path(target, [source])
    try:
        book = load_workbook(source)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError([f"{source}: cannot be read as a workbook ({exc}) — save it as .xlsx"]) from exc
    bold = Font(bold=True)
    for name, table in period_set.sheets().items():
        position = None
        for existing in list(book.sheetnames):
            if existing.strip().casefold() == name.casefold():
                position = book.sheetnames.index(existing)
                book.remove(book[existing])
        if position is None:
            docs = [i for i, n in enumerate(book.sheetnames) if n in ("Sources", "RowNotes")]
            position = docs[0] if docs else len(book.sheetnames)
        sheet = book.create_sheet(name, position)
        columns = list(table.columns)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = bold
        for row in table.itertuples(index=False):
            sheet.append([_plain(v) for v in row])
        for j, column in enumerate(columns, start=1):
            letter = sheet.cell(row=1, column=j).column_letter
            sheet.column_dimensions[letter].width = 40 if column == "note" else max(10, len(column) + 4)
        sheet.freeze_panes = "A2"
    return write_book_atomically(book, target)


def _plain(value: object) -> object:
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return value


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The arguments of ``wattbit periods`` (for wiring into the main CLI)."""
    parser.add_argument("series", help="hourly series, .csv or .xlsx (8760 rows, columns kind:id)")
    parser.add_argument("-o", "--output", required=True,
                        help="workbook to write (a copy of --case with Periods and Profiles)")
    parser.add_argument("--case", help="case workbook to copy (default: the bundled case)")
    parser.add_argument("--days", type=int, required=True,
                        help="number of representative days, extreme days included")
    parser.add_argument("--extreme", action="append", default=[], metavar="SERIES",
                        help="keep this series' peak day (trough for headroom:) as its own period; "
                             "repeatable")
    parser.add_argument("--step-hours", type=int, default=1, choices=STEP_HOURS,
                        help="hours per step (hours are averaged; default 1)")
    return parser


def format_accuracy(table: pd.DataFrame) -> str:
    """The accuracy table as aligned text, with a closing summary line."""
    width = max([len("series"), *(len(s) for s in table["series"])])
    lines = [f"{'series':<{width}}  {'rmse':>9}  {'nrmse':>7}  {'energy %':>9}  {'extreme %':>9}"]
    for row in table.itertuples(index=False):
        lines.append(f"{row.series:<{width}}  {row.rmse:>9.4f}  {row.nrmse:>7.4f}  "
                     f"{row.energy_error_pct:>+9.3f}  {row.extreme_error_pct:>+9.2f}")
    lines.append(f"{'mean':<{width}}  {table['rmse'].mean():>9.4f}  {table['nrmse'].mean():>7.4f}")
    worst = table.loc[table["energy_error_pct"].abs().idxmax()]
    lines.append(f"worst annual energy error: {worst['energy_error_pct']:+.3f} % ({worst['series']})")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Carry out parsed ``wattbit periods`` arguments; print the accuracy table."""
    case = Path(args.case) if args.case else _bundled_case()
    series = read_series(args.series)
    period_set = build_periods(series, args.days, extremes=args.extreme, step_hours=args.step_hours)
    out = write_periods(case, period_set, args.output)
    print(format_accuracy(period_set.accuracy))
    for name, pid in period_set.extremes.items():
        print(f"extreme {name}: day kept as {pid}")
    print(f"{out}: {period_set.summary()}")
    return 0


def _bundled_case() -> Path:
    from planner.io.bundled import bundled_workbook

    return bundled_workbook()


def main(argv: Sequence[str] | None = None) -> int:
    """``wattbit periods`` as a stand-alone command; returns the exit code.

    Exit codes follow ``planner.cli``: 0 written, 2 usage or tsam missing,
    3 input errors, 6 output could not be written.
    """
    parser = add_arguments(argparse.ArgumentParser(
        prog="wattbit periods",
        description="Cluster a year of hourly series into representative days and add the "
                    "Periods and Profiles sheets to a copy of a case workbook."))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code in (0, None) else 2
    try:
        return run(args)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 3
    except MissingExtraError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"output: {exc}", file=sys.stderr)
        return 6


if __name__ == "__main__":
    sys.exit(main())
