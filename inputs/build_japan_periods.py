"""Build the Japan case's representative days: inputs/japan_periods.csv and japan_profiles.csv.

Reads the hourly year inputs/japan_hourly_series.csv (made by
inputs/japan_hourly_series.py) and clusters it with ``planner.studies.periods.build_periods``
(tsam) into ``DAYS`` representative days of ``24 / STEP_HOURS`` steps, keeping the
days of tightest headroom in Tokyo and Kansai as periods of their own. The two CSVs
are committed, so inputs/build_japan_case.py needs no tsam; it copies them into the
Periods and Profiles sheets. Prints the accuracy table.

    python inputs/build_japan_periods.py [--days N] [--step-hours H] [--check]

tsam is an optional extra (``pip install 'tsam>=4.1'``; install it in a venv, it caps
highspy/pandas).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
SERIES_CSV = HERE / "japan_hourly_series.csv"
PERIODS_CSV = HERE / "japan_periods.csv"
PROFILES_CSV = HERE / "japan_profiles.csv"

DAYS = 5
"""Periods in all, the two extreme days included (see inputs/README.md for the choice)."""
STEP_HOURS = 4
"""Hours per step: 6 steps a day."""
EXTREMES = ("headroom:TKY", "headroom:KNS")
"""Days of tightest grid headroom in Tokyo and Kansai, kept as periods of their own."""


def build(days: int = DAYS, step_hours: int = STEP_HOURS):
    """The PeriodSet of the Japan case (needs tsam)."""
    from planner.studies.periods import build_periods, read_series

    series = read_series(SERIES_CSV)
    return build_periods(series, days, extremes=EXTREMES, step_hours=step_hours)


def tables(period_set) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Periods and Profiles tables as written to the CSVs."""
    return period_set.periods.reset_index(drop=True), period_set.profiles.reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=DAYS)
    parser.add_argument("--step-hours", type=int, default=STEP_HOURS)
    parser.add_argument("--out-dir", type=Path, default=HERE)
    args = parser.parse_args(argv)
    period_set = build(args.days, args.step_hours)
    periods, profiles = tables(period_set)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    periods.to_csv(args.out_dir / PERIODS_CSV.name, index=False)
    profiles.to_csv(args.out_dir / PROFILES_CSV.name, index=False)
    print(period_set.summary())
    with pd.option_context("display.max_rows", None, "display.width", 120):
        print(period_set.accuracy.round(4).to_string(index=False))
    print(f"wrote {args.out_dir / PERIODS_CSV.name} and {args.out_dir / PROFILES_CSV.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
