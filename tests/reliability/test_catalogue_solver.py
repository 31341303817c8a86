"""Reliability catalogue T28-T35: solver faults, infeasibility explained, determinism.

Each test quotes its case from ../shared/research/reliability.md §A4. Exit codes
(planner/cli.py): 0 plan written, 2 solver missing, 3 input errors, 4 infeasible
or unbounded, 5 limit without a plan.

The solver modules are patched where they are used: ``planner.solver.run``
(the solve), ``planner.solver.highs`` (the interface) and ``planner.pipeline``.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pyomo.environ as pyo
import pytest
from openpyxl import load_workbook

import planner
from fixtures import (
    assert_problem,
    base_case,
    facility_case,
    read_sheet,
    rich_case,
    run_cli,
    write_workbook,
)
from planner.cli import EXIT_INFEASIBLE, EXIT_INPUT, EXIT_NO_PLAN, EXIT_OK, EXIT_USAGE
from planner.errors import SolverUnavailableError

solve_module = importlib.import_module("planner.solver.run")
highs_module = importlib.import_module("planner.solver.highs")
plan_module = importlib.import_module("planner.pipeline")
SolveOptions = importlib.import_module("planner.solver.options").SolveOptions
SolveOutcome = importlib.import_module("planner.solver.outcome").SolveOutcome
MAIN = Path(__file__).resolve().parents[2]


def _book(tmp_path: Path, sheets: dict, name: str = "in.xlsx") -> Path:
    return write_workbook(tmp_path / name, sheets)


def _summary(path: Path) -> dict:
    return {r[0]: r[1] for r in read_sheet(path, "Summary")[1:] if r[0] != "message"}


def _assert_no_result_sheets(path: Path) -> None:
    """A no-plan workbook: Summary, Diagnostics and Run; no (empty) result sheets."""
    names = set(load_workbook(path, read_only=True).sheetnames)
    assert {"Summary", "Diagnostics", "Run"} <= names, names
    assert not names & {"Sites", "Builds", "Service", "Unserved", "Costs", "AreaBalance"}, names


def _outcome(status: str, termination: str) -> SolveOutcome:
    return SolveOutcome(status=status, termination=termination, has_solution=False, objective=None,
                        bound=None, gap=None, solve_seconds=0.01, highs_seconds=0.01,
                        solver_version="test", log="")


@pytest.fixture(scope="module")
def facility_book(tmp_path_factory) -> Path:
    """The seeded 60-site x 150-region facility case (HiGHS needs ~7 s to prove optimality)."""
    return write_workbook(tmp_path_factory.mktemp("facility") / "facility.xlsx", facility_case())


@pytest.fixture(scope="module")
def facility(facility_book) -> planner.Case:
    return planner.read_workbook(facility_book)


# --------------------------------------------------------------------------- T28


@pytest.mark.parametrize("how", ["import_fails", "solver_unavailable"])
def test_T28_highspy_missing(tmp_path, capsys, monkeypatch, how):
    """T28 | Solver/highspy missing (import patched to fail) | Exit 2 with install hint; no partial output."""
    if how == "import_fails":
        monkeypatch.setitem(sys.modules, "highspy", None)  # `import highspy` raises ImportError
    else:
        def unavailable():
            raise SolverUnavailableError(highs_module.INSTALL_HINT)

        monkeypatch.setattr(highs_module, "new_interface", unavailable)
    path = _book(tmp_path, base_case())
    result = run_cli(capsys, path)  # also: no output, no temp files, input unchanged
    assert result.code == EXIT_USAGE, result.text
    assert "HiGHS is not available — install it with: pip install highspy" in result.err
    assert "internal error" not in result.err
    with pytest.raises(SolverUnavailableError, match="pip install highspy"):
        planner.solve(planner.read_workbook(path), threads=1)


# --------------------------------------------------------------------------- T29


def test_T29_demand_above_all_capacity(tmp_path, capsys):
    """T29 | Infeasible demand (demand > all possible capacity) | Exit 4; diagnostics workbook/sheet lists node-phase shortfalls from the elastic rerun; no crash on missing results.

    (Demand above *all* capacity is caught by the pre-solve check, before any solve.)
    """
    sheets = base_case(
        Phases=[{"phase": "P1", "year": 2030, "years": 5}, {"phase": "P2", "year": 2035, "years": 5}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 150},
                {"region": "R1", "phase": "P2", "demand_mw": 260}],
    )
    result = run_cli(capsys, _book(tmp_path, sheets), expect_output=True)
    assert result.code == EXIT_INFEASIBLE, result.text
    assert "P2: total demand 260 MW exceeds the 200 MW that all sites open by then could hold" in result.err
    assert "infeasible: no plan; diagnostics written to" in result.err
    _assert_no_result_sheets(result.output)
    diagnostics = read_sheet(result.output, "Diagnostics")
    assert any("P2: total demand 260 MW exceeds the 200 MW" in str(r[-1]) for r in diagnostics[1:])
    assert _summary(result.output)["status"] == "infeasible"


def test_T29_elastic_rerun_names_region_phase_and_shortfall(tmp_path, capsys):
    """T29 | Infeasible demand | Exit 4; Diagnostics lists node-phase shortfalls from the elastic rerun.

    Total capacity (200 MW) covers total demand, but region R2 may only be
    served at S2 (100 MW): R2 is short 50 MW in P1 and 90 MW in P2.
    """
    sheets = base_case(
        Phases=[{"phase": "P1", "year": 2030, "years": 5}, {"phase": "P2", "year": 2035, "years": 5}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 20},
                {"region": "R2", "phase": "P1", "demand_mw": 150},
                {"region": "R1", "phase": "P2", "demand_mw": 10},
                {"region": "R2", "phase": "P2", "demand_mw": 190}],
        Service=[{"region": "R1", "site": "S1"}, {"region": "R2", "site": "S2"}],
    )
    result = run_cli(capsys, _book(tmp_path, sheets), expect_output=True)
    assert result.code == EXIT_INFEASIBLE, result.text
    for phase, mw in (("P1", "50.0"), ("P2", "90.0")):
        assert f"{phase}: region R2 demand exceeds what can be served by {mw} MW" in result.err
    assert "raise Sites.max_mw" in result.err and "unserved_penalty_mjpy_per_mw_year" in result.err
    rows = read_sheet(result.output, "Diagnostics")
    header = [str(h).split(" [")[0] for h in rows[0]]
    table = pd.DataFrame(rows[1:], columns=header)
    short = table[table["constraint"] == "demand_balance"]
    assert sorted(zip(short["index"], short["shortfall"])) == [("R2, P1", 50.0), ("R2, P2", 90.0)]
    assert set(table["constraint"]) == {"demand_balance"}  # nothing else needed slack
    assert _summary(result.output)["status"] == "infeasible"


def _bundled_with_doubled_demand(tmp_path: Path) -> Path:
    book = load_workbook(Path(planner.__file__).parent / "data" / "japan_watt_bit.xlsx")
    demand = book["Demand"]
    column = next(c.column for c in demand[1] if str(c.value).startswith("demand_mw"))
    for row in range(2, demand.max_row + 1):
        cell = demand.cell(row=row, column=column)
        if isinstance(cell.value, (int, float)):
            cell.value *= 2
    settings = book["Settings"]
    for row in range(2, settings.max_row + 1):
        if str(settings.cell(row=row, column=1).value).startswith("unserved"):
            settings.cell(row=row, column=2).value = None
    for sheet in ("Periods", "Profiles"):  # the capacity-mode case (T29 is about §2's rows)
        if sheet in book.sheetnames:
            del book[sheet]
    path = tmp_path / "japan_doubled.xlsx"
    book.save(path)
    return path


def test_T29_bundled_case_doubled_demand_names_phases_and_regions(tmp_path):
    """T29 / issue 4 acceptance | "An infeasible variant of the bundled case (demand doubled with no unserved penalty) yields a Diagnostics report that names the phases and regions short and the size of the shortfall"."""
    case = planner.read_workbook(_bundled_with_doubled_demand(tmp_path))
    started = time.perf_counter()
    plan = planner.solve(case, threads=1)
    assert time.perf_counter() - started < 60
    assert plan.status == "infeasible"
    diagnostics = plan.tables["Diagnostics"]
    regions = set(case.regions.index)
    named = {r for r in regions if diagnostics["message"].str.contains(f"region {r} ").any()}
    assert named, diagnostics["message"].tolist()
    assert diagnostics["shortfall"].notna().any()


def test_T29_elastic_model_feasible_when_demand_exceeds_capacity(tmp_path):
    """T29 | ... | the elastic rerun itself must always be feasible (every demand row has slack)."""
    from planner.studies.infeasibility import diagnose
    from planner.model import model_data

    sheets = base_case(Demand=[{"region": "R1", "phase": "P1", "demand_mw": 260}])
    case = planner.read_workbook(_book(tmp_path, sheets))
    table = diagnose(model_data(case), SolveOptions(threads=1))
    assert list(table["constraint"]) == ["demand_balance"], table["message"].tolist()
    assert table["shortfall"].iloc[0] == pytest.approx(60.0)


# --------------------------------------------------------------------------- T30


def test_T30_negative_costs_refused(tmp_path, capsys):
    """T30 | Unbounded / infeasible-or-unbounded (missing cost sign) | Exit 4 with "unbounded: check costs/bounds"; not reported as optimal.

    Our validation forbids negative costs, so the usual source of unboundedness
    is refused up front, naming each cell (exit 3).
    """
    sheets = base_case(
        Settings=[{"key": "carbon_price_jpy_per_t", "value": -100}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": -5},
               {"site": "S2", "area": "A", "max_mw": 100, "fom_mjpy_per_mw_year": -1}],
        AreaSupply=[{"area": "A", "phase": "P1", "energy_price_jpy_per_kwh": -3}],
        Grid=[{"project": "G1", "kind": "site", "site": "S1", "mw": 10, "capex_mjpy": -9}],
    )
    result = run_cli(capsys, _book(tmp_path, sheets))
    assert result.code == EXIT_INPUT, result.text
    err = result.err
    assert_problem(err, "Sites!D2: capex_mjpy_per_mw must be >= 0, got -5")
    assert_problem(err, "Sites!E3: fom_mjpy_per_mw_year must be >= 0, got -1")
    assert_problem(err, "AreaSupply!C2: energy_price_jpy_per_kwh must be >= 0, got -3")
    assert_problem(err, "Grid!E2: capex_mjpy must be >= 0, got -9")
    assert_problem(err, "Settings!B2: carbon_price_jpy_per_t must be >= 0, got -100")


def test_T30_solver_maps_unbounded_to_unbounded(tmp_path):
    """T30 | ... | an unbounded LP / MIP ends 'unbounded' (or 'infeasible_or_unbounded'), never optimal, no solution."""
    lp = pyo.ConcreteModel()
    lp.x = pyo.Var(within=pyo.Reals)
    lp.y = pyo.Var(within=pyo.NonNegativeReals)
    lp.row = pyo.Constraint(expr=lp.x + lp.y >= 1)
    lp.total_cost = pyo.Objective(expr=lp.x)
    outcome = solve_module.optimise(lp, SolveOptions(threads=1))
    assert (outcome.status, outcome.has_solution, outcome.objective) == ("unbounded", False, None)

    mip = pyo.ConcreteModel()
    mip.x = pyo.Var(within=pyo.Integers)
    mip.b = pyo.Var(within=pyo.Binary)
    mip.row = pyo.Constraint(expr=mip.x + 10 * mip.b <= 3)
    mip.total_cost = pyo.Objective(expr=mip.x - mip.b)
    outcome = solve_module.optimise(mip, SolveOptions(threads=1))
    assert outcome.status in ("unbounded", "infeasible_or_unbounded"), outcome.status
    assert not outcome.has_solution and outcome.objective is None


@pytest.mark.parametrize("status, termination", [("unbounded", "unbounded"),
                                                 ("infeasible_or_unbounded", "infeasibleOrUnbounded")])
def test_T30_cli_unbounded_exit_4(tmp_path, capsys, monkeypatch, status, termination):
    """T30 | Unbounded / infeasible-or-unbounded | Exit 4 with "unbounded: check costs/bounds"; not reported as optimal.

    (The case is feasible, so for HiGHS's "infeasible or unbounded" the elastic re-solve
    needs no shortfall and the planner reports the answer left: unbounded.)"""
    monkeypatch.setattr(plan_module, "optimise", lambda model, options, **_: _outcome(status, termination))
    result = run_cli(capsys, _book(tmp_path, base_case()), expect_output=False)
    assert result.code == EXIT_INFEASIBLE, result.text
    assert "unbounded: no plan" in result.err and "optimal" not in result.text
    hint = plan_module.NO_SOLUTION_HINTS["unbounded"]
    assert hint in result.err and "check" in hint and "cost" in hint
    if status == "infeasible_or_unbounded":
        assert "the elastic re-solve needed no shortfall" in result.err


# --------------------------------------------------------------------------- T31-T33


def test_T31_time_limit_with_incumbent(facility_book, capsys):
    """T31 | Time limit hit with incumbent | Output written; status FEASIBLE_TIME_LIMIT, incumbent, bound, gap recorded.

    The seeded facility case finds incumbents within ~0.1 s and proves
    optimality only after ~7 s, so a 1 s limit ends with a plan and a gap.
    """
    out = facility_book.parent / "t31.xlsx"
    result = run_cli(capsys, facility_book, out, "--time-limit", "1", "--mip-gap", "0")
    assert result.code == EXIT_OK, result.text
    assert result.out.startswith("time_limit: cost ") and "gap " in result.out
    summary = _summary(out)
    assert summary["status"] == "time_limit"
    objective, bound, gap = summary["objective_mjpy"], summary["best_bound_mjpy"], summary["gap_percent"] / 100
    assert objective > 0 and 0 < bound < objective
    assert gap == pytest.approx((objective - bound) / objective) and gap > 0
    run = {r[0]: r[1] for r in read_sheet(out, "Run")[1:]}
    assert run["option_time_limit_s"] == 1
    sites = read_sheet(out, "Sites")
    assert any(r[8] for r in sites[1:])  # a real plan: some site open


def test_T32_time_limit_without_incumbent_patched(tmp_path, capsys, monkeypatch):
    """T32 | Time limit hit without incumbent | Exit 5; Run_Info only; no results sheets.

    The solver outcome is patched: no real case ends without an incumbent
    reliably — HiGHS checks its time limit only after presolve and the root
    heuristics, which already find a plan for the facility case even with a
    0.1 ms limit. Exit 5, the hint, and nothing written (the previous output
    at the path is left as it was).
    """
    monkeypatch.setattr(plan_module, "optimise",
                        lambda model, options, **_: _outcome("time_limit_no_solution", "maxTimeLimit"))
    out = tmp_path / "previous.xlsx"
    write_workbook(out, {"Old": [{"keep": "me"}]})
    result = run_cli(capsys, _book(tmp_path, base_case()), out)
    assert result.code == EXIT_NO_PLAN, result.text
    assert "time_limit_no_solution: no plan written" in result.err
    assert "the time limit ended before any plan was found — raise time_limit_s" in result.err
    assert read_sheet(out, "Old") == [("keep",), ("me",)]  # the previous output untouched


class _FakeHighs:
    """Stands in for the persistent HiGHS interface: solve() blocks for ``seconds``.

    ``honours_cancel``: whether ``_solver_model.cancelSolve()`` (what the watchdog calls) ends it early.
    """

    def __init__(self, seconds: float, honours_cancel: bool) -> None:
        self.cancelled = threading.Event()
        self.seconds, self.honours_cancel = seconds, honours_cancel
        self._solver_model = SimpleNamespace(cancelSolve=self.cancelled.set)
        self._model = None

    def set_instance(self, model) -> None:
        self._model = model

    def solve(self, model, **_: object):
        if self.honours_cancel:
            interrupted = self.cancelled.wait(self.seconds)
        else:
            time.sleep(self.seconds)
            interrupted = False
        name = "interrupted" if interrupted else "maxTimeLimit"
        return SimpleNamespace(
            termination_condition=SimpleNamespace(name=name),
            solution_status=SimpleNamespace(name="noSolution"),
            timing_info=SimpleNamespace(highs_time=None), solver_log="", solver_version=(0, 0, 0),
            objective_bound=None,
        )


def _tiny_model() -> pyo.ConcreteModel:
    m = pyo.ConcreteModel()
    m.x = pyo.Var(within=pyo.NonNegativeReals)
    m.total_cost = pyo.Objective(expr=m.x)
    return m


def test_T33_watchdog_cancels_a_solver_that_overruns(monkeypatch):
    """T33 | Solver hangs past time limit (fake solver sleeping) | Watchdog kills child; exit 5; temp files cleaned.

    A fake solver that sleeps 20 s past a 0.1 s limit but honours HiGHS's
    cancelSolve(): the watchdog (patched to 0.3 s) stops it.
    """
    fake = _FakeHighs(seconds=20, honours_cancel=True)
    monkeypatch.setattr(highs_module, "new_interface", lambda: fake)
    monkeypatch.setattr(solve_module, "watchdog_seconds", lambda time_limit: 0.3)
    started = time.perf_counter()
    outcome = solve_module.optimise(_tiny_model(), SolveOptions(threads=1, time_limit=0.1))
    assert time.perf_counter() - started < 3
    assert fake.cancelled.is_set()
    assert outcome.status == "interrupted_no_solution" and not outcome.has_solution


def test_T33_watchdog_stops_a_solver_that_ignores_cancel(monkeypatch):
    """T33 | Solver hangs past time limit (fake solver sleeping) | Watchdog kills child; exit 5.

    The fake sleeps 3 s ignoring cancelSolve() (HiGHS#885/#947: time limits not
    honoured inside some MIP routines); the solve must still end soon after the watchdog.
    """
    monkeypatch.setattr(highs_module, "new_interface", lambda: _FakeHighs(seconds=3, honours_cancel=False))
    monkeypatch.setattr(solve_module, "watchdog_seconds", lambda time_limit: 0.2)
    started = time.perf_counter()
    outcome = solve_module.optimise(_tiny_model(), SolveOptions(threads=1, time_limit=0.1))
    assert time.perf_counter() - started < 1.5
    assert outcome.status.startswith("interrupted") or outcome.status.startswith("time_limit")


def test_T33_watchdog_ends_real_highs_solve(facility_book, capsys, monkeypatch):
    """T33 | Solver runs past its time limit | the watchdog ends it; exit 5 without a plan, else
    the plan so far with the watchdog named; nothing else written.

    Real HiGHS on the facility case (~7 s to optimality) with time_limit 60 and the
    watchdog patched to fire at once. HiGHS checks the stop request in its own MIP
    interrupt callback, so the stop cannot be lost or raced: whatever the machine's
    speed, the solve ends interrupted, never optimal.
    """
    monkeypatch.setattr(solve_module, "watchdog_seconds", lambda time_limit: 0.0)
    out = facility_book.parent / "t33.xlsx"
    result = run_cli(capsys, facility_book, out, "--time-limit", "60", "--mip-gap", "0",
                     expect_output=None)
    assert "optimal" not in result.out + result.err
    if result.code == EXIT_NO_PLAN:
        assert "interrupted_no_solution: no plan written" in result.err and not out.exists()
    else:
        assert result.code == EXIT_OK, result.text
        assert result.out.startswith("interrupted: cost ") and "watchdog" in result.err


def test_T33_watchdog_status_says_interrupted(facility, monkeypatch):
    """T33 | ... | the ended solve is reported as interrupted by the watchdog, not as a solver error."""
    monkeypatch.setattr(solve_module, "watchdog_seconds", lambda time_limit: 0.0)
    plan = planner.solve(facility, threads=1, time_limit=60, mip_gap=0)
    assert plan.status in ("interrupted", "interrupted_no_solution"), plan.status
    assert any("watchdog" in m for m in plan.messages), plan.messages


def test_T33_the_stop_reaches_highs_through_its_interrupt_callback(facility, monkeypatch):
    """The watchdog's request is read by HiGHS's MIP interrupt callback (not only cancelSolve,
    which is lost when it comes before HiGHS starts): with cancelSolve made a no-op, the
    solve still ends interrupted."""
    monkeypatch.setattr(solve_module, "watchdog_seconds", lambda time_limit: 0.0)
    monkeypatch.setattr(highs_module, "cancel", lambda solver: True)
    model = planner.build_model(facility)
    outcome = solve_module.optimise(model, SolveOptions(threads=1, time_limit=60, mip_gap=0))
    assert outcome.status in ("interrupted", "interrupted_no_solution"), outcome.status
    assert outcome.solver_version, "HiGHS itself must have stopped (not a solve left behind)"


# --------------------------------------------------------------------------- T34


def _badly_scaled(tmp_path: Path) -> Path:
    return _book(tmp_path, base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 1e-6, "capex_mjpy_per_mw": 1e9},
        {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 20, "capex_mjpy_per_mw": 1e-6},
    ]))


def test_T34_badly_scaled_input_solved_and_ranges_recorded(tmp_path, capsys):
    """T34 | Badly scaled input (1e-6 and 1e9 coefficients) | Pre-solve warning with coefficient range and offending sheet/column.

    (This test: the answer is still right and the Run sheet records HiGHS's
    coefficient ranges. The pre-solve warning is ``test_T34_presolve_scaling_warning``.)
    """
    result = run_cli(capsys, _badly_scaled(tmp_path))
    assert result.code == EXIT_OK, result.text
    summary = _summary(result.output)
    assert summary["status"] == "optimal"
    assert summary["objective_mjpy"] == pytest.approx(20 + 50 * 1e-6)  # S2, not the 1e9/MW site
    run = {r[0]: r[1] for r in read_sheet(result.output, "Run")[1:]}
    assert run["model_range_cost"] == "[1e-06, 1e+09]"


def test_T34_presolve_scaling_warning(tmp_path):
    """T34 | Badly scaled input (1e-6 and 1e9 coefficients) | Pre-solve warning with coefficient range and offending sheet/column."""
    case = planner.read_workbook(_badly_scaled(tmp_path))
    plan = planner.solve(case, threads=1)
    said = list(case.warnings) + plan.messages
    assert any("Sites" in w and "capex_mjpy_per_mw" in w and "1e+09" in w for w in said), said


# --------------------------------------------------------------------------- T35


def test_T35_same_workbook_twice_same_plan(tmp_path):
    """T35 | Same input twice (same seed/threads) | Identical LP file bytes; objective equal within gap.

    Two reads and two solves (threads 1, seed 0, gap 0) of a seeded facility
    case: the same objective and the same decisions, table for table.
    """
    path = _book(tmp_path, facility_case(n_sites=15, n_regions=40, seed=3))
    plans = [planner.solve(planner.read_workbook(path), threads=1, random_seed=0, mip_gap=0)
             for _ in range(2)]
    assert plans[0].status == plans[1].status == "optimal"
    assert plans[0].objective == plans[1].objective
    for table in ("Sites", "Service", "Builds", "Costs"):
        pd.testing.assert_frame_equal(plans[0].tables[table], plans[1].tables[table])


def test_T35_lp_files_byte_identical(tmp_path):
    """T35 | Same input twice | Identical LP file bytes — in one process, and across processes with
    different PYTHONHASHSEED (set and dict order must not leak into the model)."""
    path = _book(tmp_path, rich_case())
    files = []
    for i in range(2):
        lp = tmp_path / f"same_process_{i}.lp"
        planner.build_model(planner.read_workbook(path)).write(
            str(lp), io_options={"symbolic_solver_labels": True})
        files.append(lp.read_bytes())
    script = textwrap.dedent("""
        import sys, planner
        model = planner.build_model(planner.read_workbook(sys.argv[1]))
        model.write(sys.argv[2], io_options={"symbolic_solver_labels": True})
    """)
    for seed in ("1", "2"):
        lp = tmp_path / f"hashseed_{seed}.lp"
        subprocess.run([sys.executable, "-c", script, str(path), str(lp)], check=True, timeout=120,
                       cwd=MAIN, env={**os.environ, "PYTHONHASHSEED": seed})
        files.append(lp.read_bytes())
    assert len(files[0]) > 1000 and b"demand_balance" in files[0]
    assert all(f == files[0] for f in files[1:])
