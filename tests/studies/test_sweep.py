"""Sensitivity studies (issue 5): persistent re-solves, scenario specs, pool vs Dask,
crash isolation and resume, spec files, the sweep workbook and regret."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

import planner
from planner.case import Case
from planner.model import build_model, model_data
from planner.solver.options import SolveOptions
from planner.studies.resolver import Resolver
from planner.studies.sweep import SweepSpec, apply_scenario, sweep
from planner.reports.sweep_workbook import write_sweep_workbook
from planner.studies.sweep_spec import read_spec

from support.workbook import base_case, write_workbook

SOLVE = {"threads": 1, "random_seed": 0, "mip_gap": 0.0}
"""Solver settings for tests: repeatable and exact."""

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inputs" / "example.xlsx"
EXACT = 1e-7
"""Relative tolerance on objectives solved with mip_gap=0."""


@pytest.fixture(scope="module")
def example() -> Case:
    return planner.read_workbook(EXAMPLE)


def _lines(path: Path) -> list[dict[str, Any]]:
    """The complete rows of a JSON-lines results file (a line cut by a kill is skipped)."""
    rows = []
    if not path.exists():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            pass
    return rows


def _decision_sets(result) -> dict[int, set[tuple[str, str, str]]]:
    return {int(r["scenario"]): {tuple(d) for d in r.get("decisions") or []} for r in result.rows}


def _objectives(result) -> dict[int, float]:
    return {int(r["scenario"]): r["objective"] for r in result.rows}


# ------------------------------------------------------------ persistent re-solves


def _random_variant(case: Case, rng: np.random.Generator) -> Case:
    """Two different random numeric edits (only numbers change, never the index sets)."""
    edits = [
        lambda c: c.scale("Demand.demand_mw", rng.uniform(0.8, 1.1)),
        lambda c: c.scale("Demand.demand_mw", rng.uniform(0.7, 1.15), {"region": "Training"}),
        lambda c: c.scale("Sites.capex_mjpy_per_mw", rng.uniform(0.6, 1.5)),
        lambda c: c.scale("Sites.fixed_cost_mjpy", rng.uniform(0.3, 2.0), "WZ"),
        lambda c: c.scale("AreaSupply.energy_price_jpy_per_kwh", rng.uniform(0.5, 1.5)),
        lambda c: c.scale("Grid.capex_mjpy", rng.uniform(0.5, 2.0)),
        lambda c: c.set("Settings.discount_rate", None, round(rng.uniform(0.0, 0.08), 4)),
        lambda c: c.set("Sites.max_mw", "NC", round(rng.uniform(500, 1000))),
    ]
    for k in rng.choice(len(edits), size=2, replace=False):
        case = edits[int(k)](case)
    return case


def test_persistent_resolve_matches_fresh_build(example: Case) -> None:
    """Acceptance: 10 random parameter changes re-solved in place give the objective of a fresh build."""
    rng = np.random.default_rng(2024)
    resolver = Resolver(SolveOptions.from_settings(example.settings, **SOLVE), warm_start=True)
    base = resolver.plan(example)
    assert base.status == "optimal"
    compared = 0
    for _ in range(10):
        variant = _random_variant(example, rng)
        persistent = resolver.plan(variant)
        fresh = planner.solve(variant, **SOLVE)
        assert persistent.status == fresh.status == "optimal"
        assert persistent.objective == pytest.approx(fresh.objective, rel=EXACT)
        assert "update" in persistent.timings  # it went through the persistent path
        compared += 1
    assert compared == 10
    assert resolver.rebuilds == 1
    assert resolver.updates >= 8


def test_cold_resolver_matches_too(example: Case) -> None:
    """Without the warm start the persistent path gives the same objectives."""
    rng = np.random.default_rng(7)
    resolver = Resolver(SolveOptions.from_settings(example.settings, **SOLVE), warm_start=False)
    for _ in range(3):
        variant = _random_variant(example, rng)
        assert resolver.plan(variant).objective == pytest.approx(
            planner.solve(variant, **SOLVE).objective, rel=EXACT)
    assert resolver.rebuilds == 1 and resolver.updates == 2


def test_changed_index_sets_rebuild(example: Case) -> None:
    """A variant with other sets (hazards switched off, a site forced open) is rebuilt, and still right."""
    resolver = Resolver(SolveOptions.from_settings(example.settings, **SOLVE))
    resolver.plan(example)
    for rebuilds, variant in enumerate((example.without("HazardFootprint").without("Hazards"),
                                        example.lock_site("WZ", "open")), start=2):
        plan = resolver.plan(variant)
        assert resolver.rebuilds == rebuilds and "build" in plan.timings
        assert plan.objective == pytest.approx(planner.solve(variant, **SOLVE).objective, rel=EXACT)


def test_resolve_reports_this_solves_highs_seconds(example: Case) -> None:
    """HiGHS's run clock accumulates over re-solves of one instance; each plan reports its own run."""
    rng = np.random.default_rng(3)
    resolver = Resolver(SolveOptions.from_settings(example.settings, **SOLVE))
    resolver.plan(example)
    highs = solve = 0.0
    for _ in range(8):
        plan = resolver.plan(_random_variant(example, rng))
        highs += plan.timings["highs"]
        solve += plan.timings["solve"]
    assert highs <= solve


# ------------------------------------------------------------ scenarios of a spec


def _spec(method: str, **extra: Any) -> SweepSpec:
    return SweepSpec.from_dict({"method": method, **extra, "parameter": [
        {"name": "demand", "target": "Demand.demand_mw", "values": [0.8, 1.0, 1.2]},
        {"name": "capex", "target": "Sites.capex_mjpy_per_mw", "range": [0.5, 1.5], "steps": 3},
        {"name": "nc_max", "target": "Sites.max_mw", "where": "NC", "op": "set",
         "values": [600, 800, 1000], "base": 1000},
    ]})


def test_oat_scenarios() -> None:
    scenarios = _spec("oat").scenarios()
    assert scenarios[0] == {}
    # each parameter's values except its base (1.0 for scale, base= for set)
    assert scenarios[1:] == [{"demand": 0.8}, {"demand": 1.2}, {"capex": 0.5}, {"capex": 1.5},
                             {"nc_max": 600.0}, {"nc_max": 800.0}]


def test_grid_scenarios() -> None:
    scenarios = _spec("grid").scenarios()
    assert scenarios[0] == {}
    assert len(scenarios) == 1 + 3 * 3 * 3
    combos = {tuple(sorted(s.items())) for s in scenarios[1:]}
    assert len(combos) == 27
    assert {"demand": 1.2, "capex": 0.5, "nc_max": 800.0} in scenarios


def test_lhs_scenarios_are_stratified_and_reproducible() -> None:
    n = 12
    spec = _spec("lhs", samples=n, seed=42)
    scenarios = spec.scenarios()
    assert len(scenarios) == n + 1 and scenarios[0] == {}
    for p in spec.parameters:
        low, high = min(p.values), max(p.values)
        column = np.array([s[p.name] for s in scenarios[1:]])
        assert ((column >= low) & (column <= high)).all()
        strata = np.floor((column - low) / (high - low) * n).astype(int)
        assert sorted(strata) == list(range(n))  # each of n strata hit exactly once
    assert _spec("lhs", samples=n, seed=42).scenarios() == scenarios
    assert _spec("lhs", samples=n, seed=43).scenarios() != scenarios


def test_bad_parameter_refused_before_any_solve(example: Case, tmp_path: Path) -> None:
    spec = SweepSpec.from_dict({"parameter": [
        {"name": "nc", "target": "Sites.max_mw", "where": "NOPE", "op": "set", "values": [1]}]})
    with pytest.raises(planner.InputError, match="NOPE"):
        sweep(example, spec, workers=1, results_path=tmp_path / "r.jsonl", progress=False)
    assert not (tmp_path / "r.jsonl").exists()


# ------------------------------------------------------------ process pool and Dask

SIX = {"method": "oat", "parameter": [
    {"name": "demand", "target": "Demand.demand_mw", "values": [0.9, 1.1]},
    {"name": "capex", "target": "Sites.capex_mjpy_per_mw", "values": [0.8, 1.2]},
    {"name": "nc_max", "target": "Sites.max_mw", "where": "NC", "op": "set", "values": [600]},
]}


@pytest.fixture(scope="module")
def pool_sweep(example: Case, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("pool")
    spec = SweepSpec.from_dict(SIX)
    result = sweep(example, spec, workers=2, results_path=folder / "pool.jsonl", progress=False, **SOLVE)
    return result


def test_pool_and_dask_cluster_agree(example: Case, pool_sweep) -> None:
    """Acceptance: a 6-scenario sweep on a Dask LocalCluster and on the process pool agree."""
    distributed = pytest.importorskip("distributed")
    spec = SweepSpec.from_dict(SIX)
    assert len(spec.scenarios()) == 6
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        dask = sweep(example, spec, executor=client.get_executor(), progress=False, **SOLVE)
        dask_workers = set(client.run(os.getpid).values())
    pool = pool_sweep
    assert sorted(_objectives(pool)) == sorted(_objectives(dask)) == list(range(6))
    assert all(r["status"] == "optimal" for r in pool.rows + dask.rows)
    for scenario, objective in _objectives(pool).items():
        assert _objectives(dask)[scenario] == pytest.approx(objective, rel=1e-9)
    assert _decision_sets(dask) == _decision_sets(pool)
    assert {r["worker"] for r in dask.rows} <= dask_workers  # it really ran on the cluster
    assert {r["worker"] for r in pool.rows}.isdisjoint(dask_workers)
    # and both equal a fresh build of every scenario
    for scenario, values in enumerate(spec.scenarios()):
        fresh = planner.solve(apply_scenario(example, spec, values), **SOLVE)
        assert _objectives(pool)[scenario] == pytest.approx(fresh.objective, rel=EXACT)


# ------------------------------------------------------------ crashes and resume

EIGHT = {"method": "oat", "parameter": [
    {"name": "demand", "target": "Demand.demand_mw", "values": [0.85, 0.95, 1.05]},
    {"name": "capex", "target": "Sites.capex_mjpy_per_mw", "values": [0.7, 0.9, 1.1, 1.3]},
]}


def _ppid(pid: int) -> int | None:
    try:
        import psutil

        return psutil.Process(pid).ppid()
    except ImportError:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[1])
    except Exception:
        return None


class _Killer(threading.Thread):
    """Kills (SIGKILL) every worker of ours seen solving ``victim``, via the sweep's marker files."""

    def __init__(self, folder: Path, victim: int) -> None:
        super().__init__(daemon=True)
        self.folder, self.victim = folder, victim
        self.stop = threading.Event()
        self.killed: list[int] = []

    def run(self) -> None:
        while not self.stop.is_set():
            for marker in self.folder.glob(".sweep-running-*/*"):
                scenario, _, pid_text = marker.name.partition(".")
                if scenario != str(self.victim) or not pid_text.isdigit():
                    continue
                pid = int(pid_text)
                if pid in self.killed or _ppid(pid) != os.getpid():
                    continue  # only our own pool's workers
                try:
                    os.kill(pid, signal.SIGKILL)
                    self.killed.append(pid)
                except ProcessLookupError:
                    pass
            time.sleep(0.002)


def test_killed_worker_loses_only_its_scenario_and_resume_completes(example: Case,
                                                                    tmp_path: Path) -> None:
    """Acceptance: a worker killed mid-sweep; the others finish, the lost one is failed, resume ends it."""
    spec = SweepSpec.from_dict(EIGHT)
    n = len(spec.scenarios())
    assert n == 8
    results = tmp_path / "crash.jsonl"
    victim = 3
    killer = _Killer(tmp_path, victim)
    killer.start()
    try:
        first = sweep(example, spec, workers=2, results_path=results, progress=False, **SOLVE)
    finally:
        killer.stop.set()
        killer.join()
    assert killer.killed, "the victim's worker was never seen"
    by_id = {r["scenario"]: r for r in first.rows}
    assert sorted(by_id) == list(range(n))
    assert by_id[victim]["status"] == "failed" and by_id[victim]["error"]
    assert all(r["status"] == "optimal" for i, r in by_id.items() if i != victim)
    lines = _lines(results)
    assert sorted(r["scenario"] for r in lines) == list(range(n))  # one row each, written at once
    assert not list(tmp_path.glob(".sweep-running-*"))  # markers cleaned up

    resumed = sweep(example, spec, workers=2, results_path=results, resume=True, progress=False, **SOLVE)
    new_lines = _lines(results)[len(lines):]
    assert [r["scenario"] for r in new_lines] == [victim]  # nothing finished was solved again
    assert new_lines[0]["status"] == "optimal"
    after = {r["scenario"]: r for r in resumed.rows}
    assert sorted(after) == list(range(n))
    assert all(r["status"] == "optimal" for r in after.values())
    for i, row in by_id.items():
        if i != victim:  # the very rows of the first run: same worker pid, same seconds
            assert (after[i]["worker"], after[i]["seconds"]) == (row["worker"], row["seconds"])
    fresh = planner.solve(apply_scenario(example, spec, spec.scenarios()[victim]), **SOLVE)
    assert after[victim]["objective"] == pytest.approx(fresh.objective, rel=EXACT)


def test_resume_after_the_whole_run_is_killed(example: Case, tmp_path: Path) -> None:
    spec_dict = {"method": "oat", "parameter": [
        {"name": "demand", "target": "Demand.demand_mw", "values": [0.8, 0.85, 0.9, 0.95, 1.05]},
        {"name": "capex", "target": "Sites.capex_mjpy_per_mw", "values": [0.6, 0.7, 0.8, 0.9, 1.1, 1.2]},
    ]}
    spec = SweepSpec.from_dict(spec_dict)
    n = len(spec.scenarios())
    results = tmp_path / "killed.jsonl"
    code = (
        "import planner\n"
        "from planner.studies.sweep import SweepSpec, sweep\n"
        f"case = planner.read_workbook({str(EXAMPLE)!r})\n"
        f"spec = SweepSpec.from_dict({spec_dict!r})\n"
        f"sweep(case, spec, workers=1, results_path={str(results)!r}, progress=False,"
        f" threads=1, random_seed=0, mip_gap=0.0)\n"
    )
    log = (tmp_path / "child.log").open("w")
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=log, stderr=log,
                             start_new_session=True)  # its own group: the pool dies with it
    try:
        deadline = time.monotonic() + 120
        while len(_lines(results)) < 2:
            assert child.poll() is None, (tmp_path / "child.log").read_text()
            assert time.monotonic() < deadline, "no rows appeared"
            time.sleep(0.01)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        log.close()
    before = _lines(results)
    done = {r["scenario"]: r for r in before}
    assert 2 <= len(done) < n, "the run must be killed part-way"
    assert all(r["status"] == "optimal" for r in before)

    resumed = sweep(example, spec, workers=1, results_path=results, resume=True, progress=False, **SOLVE)
    added = _lines(results)[len(before):]
    assert sorted(r["scenario"] for r in added) == sorted(set(range(n)) - set(done))
    after = {r["scenario"]: r for r in resumed.rows}
    assert sorted(after) == list(range(n))
    assert all(r["status"] == "optimal" for r in after.values())
    for i, row in done.items():
        assert (after[i]["worker"], after[i]["seconds"]) == (row["worker"], row["seconds"])
    assert {r["worker"] for r in added}.isdisjoint({r["worker"] for r in before})


def test_resume_with_another_spec_solves_the_new_values(example: Case, tmp_path: Path) -> None:
    results = tmp_path / "r.jsonl"
    first = {"parameter": [{"name": "demand", "target": "Demand.demand_mw", "values": [0.9]}]}
    second = {"parameter": [{"name": "demand", "target": "Demand.demand_mw", "values": [0.8]}]}
    sweep(example, SweepSpec.from_dict(first), workers=1, results_path=results, progress=False, **SOLVE)
    resumed = sweep(example, SweepSpec.from_dict(second), workers=1, results_path=results,
                    resume=True, progress=False, **SOLVE)
    assert {r["scenario"]: r["params"] for r in resumed.rows} == {0: {}, 1: {"demand": 0.8}}


# ------------------------------------------------------------ spec files

TOML = """
method = "lhs"
samples = 6
seed = 11

[[parameter]]
name = "demand"
target = "Demand.demand_mw"
where = { region = "Metro", phase = 2035 }
values = [0.9, 1.1]

[[parameter]]
name = "capex"
target = "Sites.capex_mjpy_per_mw"
range = [0.8, 1.2]
steps = 3

[[parameter]]
name = "nc_max"
target = "Sites.max_mw"
op = "set"
where = "NC"
values = [600, 900]
base = 1000
"""

SHEET_HEADERS = ["name", "target", "op", "where", "values", "low", "high", "steps", "base",
                 "method", "samples", "seed"]
SHEET_ROWS = [
    ["demand", "Demand.demand_mw", None, "region=Metro; phase=2035", "0.9, 1.1", None, None, None, None,
     "lhs", 6, 11],
    ["capex", "Sites.capex_mjpy_per_mw", "scale", None, None, 0.8, 1.2, 3],
    ["nc_max", "Sites.max_mw", "set", "NC", "600, 900", None, None, None, 1000],
]



def _spec_problems(path: Path, rows: list[list[object]]) -> list[str]:
    """Write ``rows`` as a Sweep sheet; the spec must be refused: its messages."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sweep_sheet(book, rows)
    book.save(path)
    with pytest.raises(planner.InputError) as info:
        read_spec(path)
    return info.value.problems

def _sweep_sheet(book: openpyxl.Workbook, rows: list[list[Any]]) -> None:
    sheet = book.create_sheet("Sweep")
    sheet.append(SHEET_HEADERS)
    for row in rows:
        sheet.append(row)


def test_read_spec_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "spec.toml"
    path.write_text(TOML, encoding="utf-8")
    spec = read_spec(path)
    assert (spec.method, spec.samples, spec.seed) == ("lhs", 6, 11)
    demand, capex, nc = spec.parameters
    assert demand.where == {"region": "Metro", "phase": "2035"}  # typed like the Demand sheet
    assert capex.values == (0.8, 1.0, 1.2) and capex.op == "scale"
    assert (nc.op, nc.where, nc.values, nc.base_value) == ("set", "NC", (600.0, 900.0), 1000)
    assert len(spec.scenarios()) == 7


def test_toml_problems_listed_at_once(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('method = "random"\n[[parameter]]\ntarget = "Sites.maxmw"\nvalue = [1]\n'
                    '[[parameter]]\ntarget = "Demand.demand_mw"\nvalues = [0.9, "x"]\n', encoding="utf-8")
    with pytest.raises(planner.InputError) as info:
        read_spec(path)
    text = "\n".join(info.value.problems)
    assert "method must be one of" in text
    assert "maxmw" in text and "unknown key" in text and "'x'" in text
    assert len(info.value.problems) >= 4


def test_read_spec_from_sweep_sheet_equals_toml(tmp_path: Path) -> None:
    toml = tmp_path / "spec.toml"
    toml.write_text(TOML, encoding="utf-8")
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sweep_sheet(book, SHEET_ROWS)
    book.save(tmp_path / "spec.xlsx")
    assert read_spec(tmp_path / "spec.xlsx") == read_spec(toml)


def test_sweep_sheet_in_the_case_workbook(example: Case, tmp_path: Path) -> None:
    """The CLI's default: the Sweep sheet sits in the case workbook, which still reads."""
    path = tmp_path / "case_with_sweep.xlsx"
    shutil.copy(EXAMPLE, path)
    book = openpyxl.load_workbook(path)
    _sweep_sheet(book, SHEET_ROWS)
    book.save(path)
    case = planner.read_workbook(path)
    assert list(case.sites.index) == list(example.sites.index)
    spec = read_spec(path)
    assert [p.name for p in spec.parameters] == ["demand", "capex", "nc_max"]
    for values in spec.scenarios():
        apply_scenario(case, spec, values)  # every scenario is a valid case


def test_sweep_sheet_bad_cells_named(tmp_path: Path) -> None:
    rows = [list(r) for r in SHEET_ROWS]
    rows[1][4] = None
    rows[2][4] = "600, lots"  # E4
    problems = _spec_problems(tmp_path / "one_bad.xlsx", rows)
    assert len(problems) == 1
    assert problems[0].startswith("Sweep!E4: ")
    assert "lots" in problems[0] and " — " in problems[0]

    rows = [list(r) for r in SHEET_ROWS]
    rows[0][1] = "Demand.demand"   # B2
    rows[1][2] = "multiply"        # C3
    rows[2][3] = "site=NC"         # D4 is fine ({site: NC} is the id NC) ...
    rows[2][4] = "-5"              # ... but E4: max_mw must be >= 0
    rows.append(["fom", "Sites.fom_mjpy_per_mw_year", None, None, "1.1", None, None, None, None,
                 "sometimes"])     # J5: method on a later row
    cells = sorted(p.split(":")[0] for p in _spec_problems(tmp_path / "many_bad.xlsx", rows))
    assert cells == ["Sweep!B2", "Sweep!C3", "Sweep!E4", "Sweep!J5"]


def test_read_spec_missing_sheet(tmp_path: Path) -> None:
    with pytest.raises(planner.InputError, match="no 'Sweep' sheet"):
        read_spec(EXAMPLE)
    with pytest.raises(planner.InputError, match="does not exist"):
        read_spec(tmp_path / "nope.toml")


# ------------------------------------------------------------ sweep workbook


def test_write_sweep_workbook(pool_sweep, tmp_path: Path) -> None:
    result = pool_sweep
    out = write_sweep_workbook(result, tmp_path / "study.xlsx", inputs=[EXAMPLE])
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Scenarios", "KPIs", "SiteFrequency", "Decisions", "Tornado", "Run"]

    scenarios = book["Scenarios"]
    headers = [c.value for c in scenarios[1]]
    assert headers[:4] == ["scenario", "param: demand", "param: capex", "param: nc_max"]
    assert "objective [MJPY PV]" in headers and "HiGHS [s]" in headers
    assert not any("|" in str(h) for h in headers)
    assert scenarios.max_row == 1 + len(result.rows)

    kpis = book["KPIs"]
    assert [c.value for c in kpis[1]] == ["scenario", "kpi", "area/hazard/family", "phase", "value", "unit"]
    assert kpis.max_row == 1 + sum(len(r["kpis"]) for r in result.rows)
    assert {row[1] for row in kpis.iter_rows(min_row=2, values_only=True)} == {
        "new_mw", "capex_mjpy", "surviving_share"}

    decisions = book["Decisions"]
    assert decisions.max_row == 1 + len(result.decisions)

    tornado = book["Tornado"]
    table = result.tornado()
    n = len(table)
    assert [c.value for c in tornado["A"][1:n + 1]] == list(table["parameter"])
    (chart,) = tornado._charts
    assert chart.type == "bar"  # horizontal bars
    refs = [(s.tx.strRef.f, s.val.numRef.f, s.cat.strRef.f if s.cat.strRef else s.cat.numRef.f)
            for s in chart.series]
    assert refs == [("'Tornado'!F1", f"'Tornado'!$F$2:$F${n + 1}", f"'Tornado'!$A$2:$A${n + 1}"),
                    ("'Tornado'!G1", f"'Tornado'!$G$2:$G${n + 1}", f"'Tornado'!$A$2:$A${n + 1}")]
    assert "low" in tornado["F1"].value and "high" in tornado["G1"].value
    low = [c.value for c in tornado["F"][1:n + 1]]
    assert low == pytest.approx(list(table["delta_low_mjpy"]))

    run = {k: v for k, v in book["Run"].iter_rows(min_row=2, values_only=True)}
    assert run["scenarios"] == 6 and run["done"] == 6 and run["failed"] == 0
    assert run["method"] == "oat" and run["parameter.nc_max.target"] == "Sites.max_mw"
    assert run["version_highspy"] and run["highs"]

    with pytest.raises(planner.OutputError, match="input"):
        write_sweep_workbook(result, EXAMPLE, inputs=[EXAMPLE])


def test_write_sweep_workbook_without_solved_rows(tmp_path: Path) -> None:
    from planner.studies.sweep import SweepResult

    spec = SweepSpec.from_dict(SIX)
    result = SweepResult(spec, [{"scenario": 0, "params": {}, "status": "failed", "error": "boom"}])
    out = write_sweep_workbook(result, tmp_path / "failed.xlsx")
    book = openpyxl.load_workbook(out)
    assert book["Tornado"].max_row == 1 and not book["Tornado"]._charts
    run = {k: v for k, v in book["Run"].iter_rows(min_row=2, values_only=True)}
    assert (run["failed"], run["not_run"]) == (1, 5)


def test_tornado_of_an_empty_result() -> None:
    from planner.studies.sweep import SweepResult

    assert SweepResult(SweepSpec.from_dict(SIX)).tornado().empty


def test_tornado_when_nothing_solved() -> None:
    from planner.studies.sweep import SweepResult

    rows = [{"scenario": 0, "params": {}, "status": "failed", "error": "boom"},
            {"scenario": 1, "params": {"demand": 0.9}, "status": "failed", "error": "boom"}]
    table = SweepResult(SweepSpec.from_dict(SIX), rows).tornado()
    assert table.empty or table["delta_low_mjpy"].isna().all()


def test_switching_hazards_off(example: Case) -> None:
    variant = example.without("Hazards")
    assert variant.hazard_footprint.empty
    assert planner.solve(variant, **SOLVE).status == "optimal"


# ------------------------------------------------------------ regret


def test_regret_on_a_hand_case(tmp_path: Path) -> None:
    """Two sites, 50 MW: S1 = 10 + 1/MW, S2 = 30 + 0.5/MW (one phase, one year, no discounting).

    Base: S1 60, S2 55 -> S2. Demand x0.5 (25 MW): S1 35, S2 42.5 -> S1; the base plan
    (S2) costs 42.5, regret 7.5. Demand x1.6 (80 MW): S1 90, S2 70 -> S2, regret 0.
    S2 max_mw 40: only S1 (60) serves 50 MW; the base plan cannot (NaN cost).
    """
    sheets = base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10, "capex_mjpy_per_mw": 1.0},
        {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 30, "capex_mjpy_per_mw": 0.5},
    ])
    case = planner.read_workbook(write_workbook(tmp_path / "hand.xlsx", sheets))
    spec = SweepSpec.from_dict({"parameter": [
        {"name": "demand", "target": "Demand.demand_mw", "values": [0.5, 1.6]},
        {"name": "s2_max", "target": "Sites.max_mw", "where": "S2", "op": "set", "values": [40],
         "base": 100},
    ]})
    result = sweep(case, spec, workers=1, progress=False, **SOLVE)
    objectives = _objectives(result)
    assert objectives == pytest.approx({0: 55.0, 1: 35.0, 2: 70.0, 3: 60.0})
    assert _decision_sets(result)[0] == {("site", "S2", "P1")}
    regret = result.regret(case, options=SolveOptions.from_settings(case.settings, **SOLVE)).set_index("scenario")
    assert list(regret["plan_of"].unique()) == [0]
    assert regret.loc[0, "cost_mjpy"] == pytest.approx(55.0)
    assert regret.loc[0, "regret_mjpy"] == pytest.approx(0.0)
    assert regret.loc[1, "cost_mjpy"] == pytest.approx(42.5)
    assert regret.loc[1, "regret_mjpy"] == pytest.approx(7.5)
    assert regret.loc[2, "regret_mjpy"] == pytest.approx(0.0)
    assert np.isnan(regret.loc[3, "cost_mjpy"]) and np.isnan(regret.loc[3, "regret_mjpy"])
    # the plan of scenario 1 (S1) tried in the others: base 60 - 55 = 5, x1.6 90 - 70 = 20
    other = result.regret(case, candidates=[1], options=SolveOptions.from_settings(case.settings, **SOLVE))
    other = other.set_index("scenario")
    assert other["regret_mjpy"].to_dict() == pytest.approx({0: 5.0, 1: 0.0, 2: 20.0, 3: 0.0})


def test_targeted_push_leaves_highs_with_the_fresh_model(example: Case) -> None:
    """After pushing only the changed Params, HiGHS holds exactly the LP a fresh hand-off gives."""
    import importlib

    solve_module = importlib.import_module("planner.solver.run")
    rng = np.random.default_rng(11)
    resolver = Resolver(SolveOptions.from_settings(example.settings, **SOLVE))
    resolver.plan(example)
    for _ in range(4):
        variant = _random_variant(example, rng)
        resolver.plan(variant)
        fresh = solve_module.persistent_solver()
        fresh.set_instance(build_model(model_data(variant), mutable=True))
        kept, new = resolver._solver._solver_model.getLp(), fresh._solver_model.getLp()
        for field in ("col_cost_", "col_lower_", "col_upper_", "row_lower_", "row_upper_"):
            assert np.allclose(getattr(kept, field), getattr(new, field), rtol=1e-12, atol=0), field
        kept_matrix = {(i, j): v for i, j, v in _triplets(kept)}
        new_matrix = {(i, j): v for i, j, v in _triplets(new)}
        assert kept_matrix.keys() >= {k for k, v in new_matrix.items() if v != 0}
        assert all(new_matrix.get(k, 0.0) == pytest.approx(v, rel=1e-12, abs=0) for k, v in kept_matrix.items())


def _triplets(lp: object) -> list[tuple[int, int, float]]:
    """(row, column, value) of every stored entry, whichever way HiGHS holds the matrix."""
    import highspy

    matrix = lp.a_matrix_
    starts, index, value = list(matrix.start_), list(matrix.index_), list(matrix.value_)
    by_row = matrix.format_ == highspy.MatrixFormat.kRowwise
    return [(major, index[k], value[k]) if by_row else (index[k], major, value[k])
            for major in range(len(starts) - 1) for k in range(starts[major], starts[major + 1])]


def test_plan_search_is_off_only_while_a_previous_plan_is_the_start(example: Case) -> None:
    """A warm re-solve hands HiGHS a plan and skips its sub-MIP plan search; a cold one on the
    same instance gets HiGHS's defaults back."""
    from planner.solver.run import PLAN_SEARCH_HEURISTICS

    resolver = Resolver(SolveOptions.from_settings(example.settings, **SOLVE), warm_start=True)

    def plan_search() -> set[bool]:
        highs = resolver._solver._solver_model
        return {highs.getOptionValue(name)[1] for name in PLAN_SEARCH_HEURISTICS}

    resolver.plan(example)  # the build: nothing to start from
    assert plan_search() == {True}
    variant = example.scale("Sites.capex_mjpy_per_mw", 1.1)
    warm = resolver.plan(variant)
    assert plan_search() == {False}
    resolver.warm_start = False
    cold = resolver.plan(variant)
    assert plan_search() == {True}
    assert warm.objective == pytest.approx(cold.objective, rel=EXACT)
    assert warm.objective == pytest.approx(planner.solve(variant, **SOLVE).objective, rel=EXACT)
