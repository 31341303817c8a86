"""Representative days (planner/studies/periods.py) and the Japan hourly series."""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from support.workbook import base_case, write_workbook

from planner.errors import InputError, OutputError
from planner.studies import periods as P

REPO = Path(__file__).resolve().parents[2]
JAPAN_CSV = REPO / "inputs" / "japan_hourly_series.csv"
HOURS = np.arange(8760)
HOUR_OF_DAY, DAY = HOURS % 24, HOURS // 24


def daily_shape() -> pd.DataFrame:
    """Series that are the same every day (but vary within the day)."""
    return pd.DataFrame({
        "solar:A": np.clip(np.sin((HOUR_OF_DAY - 6) / 12 * np.pi), 0, None).round(4),
        "price:A": 1 + 0.5 * np.cos(HOUR_OF_DAY / 24 * 2 * np.pi),
        "demand:R": np.ones(8760),
    })


def varied_year(seed: int = 0) -> pd.DataFrame:
    """A year whose days differ: seasonal solar, random wind, a headroom dip on day 40."""
    rng = np.random.default_rng(seed)
    season = 0.6 + 0.4 * np.sin((DAY - 80) / 365 * 2 * np.pi)
    headroom = np.ones(8760)
    headroom[(DAY % 7 == 3) & (HOUR_OF_DAY >= 17) & (HOUR_OF_DAY <= 19)] = 0.9
    headroom[(DAY == 40) & (HOUR_OF_DAY == 18)] = 0.6
    wind = rng.random(8760)
    wind[200 * 24 + 5] = 5.0  # the wind peak is on day 200
    frame = daily_shape()
    frame["solar:A"] = frame["solar:A"] * season
    frame["wind:B"] = wind
    frame["headroom:T"] = headroom
    return frame


def check_tables(ps: P.PeriodSet, days: int, step_hours: int, names: list[str]) -> None:
    steps = 24 // step_hours
    periods = ps.periods
    assert list(periods.columns[:4]) == ["period", "days", "steps", "step_hours"]
    assert len(periods) == days and periods["period"].is_unique
    assert periods["days"].sum() == 365 and (periods["days"] > 0).all()
    assert (periods["steps"] == steps).all() and (periods["step_hours"] == step_hours).all()
    assert (periods["days"] * periods["steps"] * periods["step_hours"]).sum() == 8760
    profiles = ps.profiles
    assert list(profiles.columns) == ["profile", "period", "step", "value"]
    keys = profiles[["profile", "period", "step"]]
    assert not keys.duplicated().any()
    expected = {(n, p, k) for n in names for p in periods["period"] for k in range(1, steps + 1)}
    assert set(map(tuple, keys.itertuples(index=False))) == expected
    assert (profiles["value"] >= 0).all()
    assert sorted(ps.assignment.unique()) == sorted(periods["period"])
    assert ps.assignment.value_counts().sort_index().tolist() == \
        periods.set_index("period")["days"].sort_index().tolist()


# ---------------------------------------------------------------------------
# build_periods
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("days", [1, 3, 7, 12, 365])
def test_same_every_day_is_reproduced_exactly(days):
    frame = daily_shape()
    ps = P.build_periods(frame, days)
    check_tables(ps, days, 1, list(frame.columns))
    assert ps.accuracy["rmse"].max() < 1e-6  # profiles keep 6 decimals
    assert ps.accuracy["energy_error_pct"].abs().max() < 1e-6
    pd.testing.assert_frame_equal(ps.reconstruct(), frame, check_exact=False, atol=1e-6)


@pytest.mark.parametrize("days", [2, 6, 12])
def test_day_invariant_series_stay_exact_when_others_are_clustered(days):
    pytest.importorskip("tsam")
    frame = varied_year()
    ps = P.build_periods(frame, days)
    check_tables(ps, days, 1, list(frame.columns))
    acc = ps.accuracy.set_index("series")
    for name in ("price:A", "demand:R"):
        assert acc.loc[name, "rmse"] < 1e-6
        assert abs(acc.loc[name, "energy_error_pct"]) < 1e-6
    assert acc.loc["wind:B", "rmse"] > 0  # the random series is not reproduced


@pytest.mark.parametrize("days", [4, 8, 12])
def test_energy_is_preserved_by_the_clustering(days):
    pytest.importorskip("tsam")
    ps = P.build_periods(varied_year(), days)
    assert ps.accuracy["energy_error_pct"].abs().max() < 0.1


def test_extreme_days_are_kept_as_their_own_period():
    pytest.importorskip("tsam")
    frame = varied_year()
    ps = P.build_periods(frame, 6, extremes=["wind:B", "headroom:T"])
    check_tables(ps, 6, 1, list(frame.columns))
    assert set(ps.extremes) == {"wind:B", "headroom:T"}
    for name, day in (("wind:B", 200), ("headroom:T", 40)):  # peak; trough for headroom
        period = ps.extremes[name]
        assert ps.assignment.loc[day + 1] == period
        assert ps.periods.set_index("period").loc[period, "days"] == 1
        assert name in ps.periods.set_index("period").loc[period, "note"]
    rebuilt = ps.reconstruct()
    for day in (200, 40):
        hours = slice(day * 24, day * 24 + 24)
        np.testing.assert_allclose(rebuilt.iloc[hours].to_numpy(), frame.iloc[hours].to_numpy(), atol=1e-6)
    acc = ps.accuracy.set_index("series")
    assert acc.loc["wind:B", "extreme_error_pct"] == pytest.approx(0, abs=1e-6)
    assert acc.loc["headroom:T", "extreme_error_pct"] == pytest.approx(0, abs=1e-6)


def test_without_extremes_the_trough_is_lost():
    pytest.importorskip("tsam")
    ps = P.build_periods(varied_year(), 3)
    assert ps.accuracy.set_index("series").loc["headroom:T", "extreme_error_pct"] > 10


def test_two_extremes_on_one_day_share_a_period():
    pytest.importorskip("tsam")
    frame = varied_year()
    frame["wind:C"] = frame["wind:B"]
    ps = P.build_periods(frame, 4, extremes=["wind:B", "wind:C"])
    assert ps.extremes["wind:B"] == ps.extremes["wind:C"]
    assert len(ps.periods) == 4


def test_periods_are_in_order_of_their_first_day_and_ids_are_stable():
    pytest.importorskip("tsam")
    ps = P.build_periods(varied_year(), 8, extremes=["headroom:T"])
    first = [int(ps.assignment[ps.assignment == p].index.min()) for p in ps.periods["period"]]
    assert first == sorted(first)
    assert ps.periods["period"].tolist() == [f"P{i:02d}" for i in range(1, 9)]
    again = P.build_periods(varied_year(), 8, extremes=["headroom:T"])
    pd.testing.assert_frame_equal(ps.profiles, again.profiles)  # deterministic


@pytest.mark.parametrize("step_hours", [2, 3, 4])
def test_step_hours_divide_the_steps_and_average_the_hours(step_hours):
    frame = daily_shape()
    hourly = P.build_periods(frame, 3)
    coarse = P.build_periods(frame, 3, step_hours=step_hours)
    check_tables(coarse, 3, step_hours, list(frame.columns))
    assert len(coarse.profiles) * step_hours == len(hourly.profiles)
    assert (coarse.periods["steps"] * step_hours == hourly.periods["steps"]).all()
    day = frame["price:A"].to_numpy()[:24]
    values = coarse.profiles.query("profile == 'price:A' and period == 'P01'")["value"].to_numpy()
    np.testing.assert_allclose(values, day.reshape(-1, step_hours).mean(axis=1), atol=1e-6)
    acc = coarse.accuracy.set_index("series")
    assert abs(acc.loc["price:A", "energy_error_pct"]) < 1e-4  # means keep the energy
    assert acc.loc["price:A", "rmse"] > 0  # but not the hours within a step


def test_step_hours_with_clustering():
    pytest.importorskip("tsam")
    ps = P.build_periods(varied_year(), 5, extremes=["headroom:T"], step_hours=2)
    check_tables(ps, 5, 2, list(varied_year().columns))


@pytest.mark.parametrize("kwargs, fragment", [
    ({"days": 0}, "days 0"),
    ({"days": 366}, "days 366"),
    ({"days": 4, "step_hours": 5}, "step_hours 5"),
    ({"days": 4, "extremes": ["wind:Z"]}, "extreme 'wind:Z'"),
    ({"days": 1, "extremes": ["wind:B"]}, "leave no day"),
])
def test_bad_arguments_are_input_errors(kwargs, fragment):
    days = kwargs.pop("days")
    with pytest.raises(InputError) as err:
        P.build_periods(varied_year(), days, **kwargs)
    assert fragment in str(err.value)


def test_bad_series_frames_are_input_errors():
    with pytest.raises(InputError, match="8759 rows"):
        P.build_periods(daily_shape().iloc[:-1], 2)
    bad = daily_shape().rename(columns={"solar:A": "solar"})
    with pytest.raises(InputError, match="name it kind:id"):
        P.build_periods(bad, 2)
    negative = daily_shape()
    negative.loc[30, "price:A"] = -1.0
    with pytest.raises(InputError, match=r"price:A' hour 30 .*>= 0"):
        P.build_periods(negative, 2)


def test_missing_tsam_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "tsam", None)  # import tsam -> ImportError
    with pytest.raises(P.MissingExtraError, match=r"pip install 'wattbit-planner\[ops\]'"):
        P.build_periods(varied_year(), 4)
    P.build_periods(daily_shape(), 4)  # no clustering needed: works without tsam


# ---------------------------------------------------------------------------
# read_series
# ---------------------------------------------------------------------------
def write_csv(path: Path, frame: pd.DataFrame, *, time_column: bool = True) -> Path:
    out = frame.copy()
    if time_column:
        out.insert(0, "time", pd.date_range("2023-01-01", periods=len(out), freq="h").strftime("%Y-%m-%d %H:%M"))
    out.to_csv(path, index=False)
    return path


def edit_csv(path: Path, row: int, col: int, value: str) -> None:
    """Set the cell at 1-based (row, col) of a CSV file."""
    with path.open(newline="") as stream:
        rows = list(csv.reader(stream))
    rows[row - 1][col - 1] = value
    with path.open("w", newline="") as stream:
        csv.writer(stream).writerows(rows)


def test_read_series_csv_round_trip(tmp_path):
    frame = varied_year()
    back = P.read_series(write_csv(tmp_path / "s.csv", frame))
    assert list(back.columns) == list(frame.columns) and len(back) == 8760
    np.testing.assert_allclose(back.to_numpy(), frame.to_numpy())
    no_time = P.read_series(write_csv(tmp_path / "n.csv", frame, time_column=False))
    np.testing.assert_allclose(no_time.to_numpy(), frame.to_numpy())


def test_read_series_xlsx(tmp_path):
    frame = daily_shape()
    book = Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Series")
    sheet.append(["time", *frame.columns])
    for i, row in enumerate(frame.itertuples(index=False)):
        sheet.append([i, *row])
    path = tmp_path / "s.xlsx"
    book.save(path)
    back = P.read_series(path)
    np.testing.assert_allclose(back.to_numpy(), frame.to_numpy())
    sheet["C6"] = "n/a"
    book.save(path)
    with pytest.raises(InputError, match=r"s\.xlsx Series!C6 \(price:A, hour 4\): 'n/a' is not a number"):
        P.read_series(path)


@pytest.mark.parametrize("value, fragment", [
    ("", r"s\.csv!C5 \(price:A, hour 3\): blank — fill in a number"),
    ("abc", r"s\.csv!C5 \(price:A, hour 3\): 'abc' is not a number"),
    ("-0.5", r"s\.csv!C5 \(price:A, hour 3\): -0.5 is negative"),
    ("inf", r"s\.csv!C5 .*not a finite number"),
])
def test_read_series_names_the_bad_cell(tmp_path, value, fragment):
    path = write_csv(tmp_path / "s.csv", daily_shape())
    edit_csv(path, 5, 3, value)
    with pytest.raises(InputError, match=fragment) as err:
        P.read_series(path)
    assert len(err.value.problems) == 1


def test_read_series_row_count_and_header_errors(tmp_path):
    short = write_csv(tmp_path / "s.csv", daily_shape().iloc[:8759])
    with pytest.raises(InputError, match=r"s\.csv: 8759 data rows .* need 8760"):
        P.read_series(short)
    leap = write_csv(tmp_path / "leap.csv", pd.concat([daily_shape(), daily_shape().iloc[:24]]))
    with pytest.raises(InputError, match="drop 29 February"):
        P.read_series(leap)
    bad = write_csv(tmp_path / "h.csv", daily_shape().rename(columns={"price:A": "price A"}))
    with pytest.raises(InputError, match=r"h\.csv!C1: header 'price A' is not a series name"):
        P.read_series(bad)
    with pytest.raises(InputError, match="file not found"):
        P.read_series(tmp_path / "missing.csv")
    (tmp_path / "x.txt").write_text("a")
    with pytest.raises(InputError, match="use .csv or .xlsx"):
        P.read_series(tmp_path / "x.txt")


def test_many_bad_cells_are_summarised(tmp_path):
    frame = daily_shape().astype(object)
    frame.iloc[:50, 1] = "x"
    with pytest.raises(InputError) as err:
        P.read_series(write_csv(tmp_path / "s.csv", frame))
    assert len(err.value.problems) == 21
    assert "and 30 more" in err.value.problems[-1]


# ---------------------------------------------------------------------------
# write_periods and the command line
# ---------------------------------------------------------------------------
def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def case(tmp_path) -> Path:
    return write_workbook(tmp_path / "case.xlsx", {**base_case(), "Sources": [{"sheet": "x"}]})


def test_write_periods_adds_sheets_and_never_touches_the_input(tmp_path, case):
    before = digest(case)
    ps = P.build_periods(daily_shape(), 3, step_hours=2)
    out = P.write_periods(case, ps, tmp_path / "ops.xlsx")
    assert digest(case) == before
    book = load_workbook(out)
    assert book.sheetnames == ["Phases", "Areas", "Sites", "Demand", "Periods", "Profiles", "Sources"]
    periods = [row for row in book["Periods"].iter_rows(values_only=True)]
    assert periods[0] == ("period", "days", "steps", "step_hours", "note")
    assert [r[:4] for r in periods[1:]] == [tuple(r) for r in ps.periods.iloc[:, :4].itertuples(index=False)]
    profiles = [row for row in book["Profiles"].iter_rows(values_only=True)]
    assert profiles[0] == ("profile", "period", "step", "value")
    assert len(profiles) - 1 == len(ps.profiles) == 3 * 12 * 3
    assert all(isinstance(r[2], int) and r[3] >= 0 for r in profiles[1:])
    assert [r[:4] for r in book["Sites"].iter_rows(values_only=True)][1][0] == "S1"
    assert not list(tmp_path.glob(".ops.xlsx.*"))  # no temp file left behind


def test_write_periods_replaces_existing_sheets_in_place(tmp_path, case):
    first = P.write_periods(case, P.build_periods(daily_shape(), 5), tmp_path / "a.xlsx")
    second = P.write_periods(first, P.build_periods(daily_shape(), 2), tmp_path / "b.xlsx")
    book = load_workbook(second)
    assert book.sheetnames == load_workbook(first).sheetnames
    assert book["Periods"].max_row == 3  # header + 2 periods


def test_write_periods_refuses_to_overwrite_the_input(case):
    before = digest(case)
    with pytest.raises(OutputError, match="input workbook"):
        P.write_periods(case, P.build_periods(daily_shape(), 2), case)
    assert digest(case) == before


def test_main_writes_and_prints_the_accuracy_table(tmp_path, case, capsys):
    series = write_csv(tmp_path / "s.csv", daily_shape())
    out = tmp_path / "ops.xlsx"
    code = P.main([str(series), "-o", str(out), "--case", str(case), "--days", "4", "--step-hours", "2"])
    assert code == 0
    text = capsys.readouterr().out
    assert "series" in text and "price:A" in text and "worst annual energy error" in text
    assert load_workbook(out)["Periods"].max_row == 5


def test_main_exit_codes(tmp_path, case, capsys):
    series = write_csv(tmp_path / "s.csv", daily_shape())
    edit_csv(series, 9, 2, "oops")
    assert P.main([str(series), "-o", str(tmp_path / "o.xlsx"), "--case", str(case), "--days", "4"]) == 3
    assert "s.csv!B9" in capsys.readouterr().err
    good = write_csv(tmp_path / "g.csv", daily_shape())
    assert P.main([str(good), "-o", str(case), "--case", str(case), "--days", "4"]) == 6
    assert P.main([str(good), "--days", "4"]) == 2  # -o missing: usage


# ---------------------------------------------------------------------------
# The bundled Japan series
# ---------------------------------------------------------------------------
def test_japan_series_file_is_sane():
    series = P.read_series(JAPAN_CSV)
    kinds = series.columns.str.split(":").str[0]
    assert set(kinds) == {"solar", "wind", "surplus", "price", "headroom", "demand"}
    solar = series.loc[:, kinds == "solar"]
    assert solar.mean().between(0.11, 0.16).all() and solar.max().max() <= 1
    assert series.loc[:, kinds == "wind"].mean().between(0.20, 0.215).all()
    for area in [c.split(":")[1] for c in solar.columns]:
        assert (series[f"surplus:{area}"] <= series[f"solar:{area}"] + 1e-3).all()
    assert series.loc[:, kinds == "price"].mean().between(0.99, 1.01).all()
    headroom = series.loc[:, kinds == "headroom"]
    assert (headroom <= 1).all().all() and (headroom.min() < 0.9).all()
    dip_hours = np.flatnonzero(series["headroom:TKY"].to_numpy() < 1) % 24
    assert np.isin(dip_hours, range(14, 23)).mean() > 0.9  # the evening net peak
    assert (series.loc[:, kinds == "demand"] == 1).all().all()


@pytest.mark.filterwarnings("ignore:.*dayofyear is deprecated")  # inside pvlib
def test_japan_series_regenerates():
    pytest.importorskip("pvlib")
    sys.path.insert(0, str(REPO / "inputs"))
    import japan_hourly_series as gen

    fresh, _facts = gen.generate()
    committed = pd.read_csv(JAPAN_CSV)
    assert list(fresh.columns) == list(committed.columns)
    assert (fresh["time"] == committed["time"]).all()
    diff = np.abs(fresh.iloc[:, 1:].to_numpy(dtype=float) - committed.iloc[:, 1:].to_numpy(dtype=float))
    assert diff.max() <= 0.0011  # rounding to 3 decimals may flip a last digit across platforms


def test_japan_series_builds_periods():
    pytest.importorskip("tsam")
    series = P.read_series(JAPAN_CSV)
    ps = P.build_periods(series, 8, extremes=["headroom:TKY", "headroom:KNS"], step_hours=2)
    check_tables(ps, 8, 2, list(series.columns))
    acc = ps.accuracy.set_index("series")
    assert acc.loc[["headroom:TKY", "headroom:KNS"], "extreme_error_pct"].abs().max() < 5
    assert acc.loc[acc.index.str.startswith(("solar", "wind", "price")), "energy_error_pct"].abs().max() < 0.5


def test_japan_periods_csvs_are_reproduced(tmp_path) -> None:
    """inputs/build_japan_periods.py rebuilds the committed japan_periods/profiles CSVs."""
    pytest.importorskip("tsam")
    from support import load_script

    inputs = Path(__file__).resolve().parents[2] / "inputs"
    script = load_script(inputs / "build_japan_periods.py", "build_japan_periods")
    assert script.main(["--out-dir", str(tmp_path)]) == 0
    for name in ("japan_periods.csv", "japan_profiles.csv"):
        fresh = pd.read_csv(tmp_path / name)
        committed = pd.read_csv(inputs / name)
        pd.testing.assert_frame_equal(fresh, committed, check_exact=False, atol=1e-9)
