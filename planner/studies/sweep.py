"""Sensitivity studies: many variants of one case, solved fast, in parallel, resumable.

A ``SweepSpec`` names parameters (``Sheet.column`` targets scaled or set) and
a method: one-at-a-time ranges (tornado), a full grid, or a Latin hypercube
sample. ``sweep`` runs the scenarios on any ``concurrent.futures.Executor``
(a local process pool by default, a Dask client's executor on a cluster);
each worker keeps a ``Resolver`` so variants that change numbers only re-use
the built model. Every finished scenario is appended at once to a JSON-lines
file, so ``resume=True`` skips what is done and a crashed worker loses only
the scenario it was solving.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import multiprocessing
import os
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from planner.case import Case
from planner.errors import InputError
from planner.plan import Plan
from planner.solver.options import SolveOptions
from planner.studies.scenarios import Parameter, SweepSpec, apply_scenario

_SPAWN = multiprocessing.get_context("spawn")
"""Workers start fresh: a forked copy of a process that already ran HiGHS can deadlock
in HiGHS's thread scheduler."""


# ---------------------------------------------------------------- worker side

_WORKER = threading.local()


def _resolver(token: str, options: SolveOptions, warm_start: bool) -> Any:
    from planner.studies.resolver import Resolver

    cache = getattr(_WORKER, "resolvers", None)
    if cache is None:
        cache = _WORKER.resolvers = {}
    if token not in cache:
        cache[token] = Resolver(options, warm_start=warm_start)
    return cache[token]


def kpis(plan: Plan) -> dict[str, float]:
    """Headline numbers of a plan, one column each."""
    out: dict[str, float] = {}
    sites = plan.tables["Sites"]
    for (area, phase), mw in sites.groupby(["area", "phase"], sort=False)["new_it_mw"].sum().items():
        out[f"new_mw|{area}|{phase}"] = float(mw)
    builds = plan.tables["Builds"]
    for family in ("grid", "route", "cable", "ix"):
        out[f"capex_mjpy|{family}"] = float(builds.loc[builds["family"] == family, "capex_mjpy"].sum())
    resilience = plan.tables["Resilience"]
    for row in resilience.itertuples():
        if row.required_mw > 0:
            out[f"surviving_share|{row.hazard}|{row.phase}"] = row.surviving_mw / row.required_mw
    return out


def decisions(plan: Plan) -> list[tuple[str, str, str]]:
    """(family, id, phase) of every site opening and build, from the result tables."""
    rows = []
    sites = plan.tables["Sites"]
    for site, group in sites[sites["open"]].groupby("site", sort=False):
        rows += [("site", str(site), str(t)) for t in group["phase"]]
    builds = plan.tables["Builds"]
    rows += [(r.family, str(r.id), str(r.phase_built)) for r in builds.itertuples()
             if r.phase_built != "existing"]
    return rows


def run_scenario(case: Case, spec: SweepSpec, scenario_id: int, values: dict[str, float],
                 options: SolveOptions, token: str, warm_start: bool = False,
                 running_dir: str | None = None) -> dict[str, Any]:
    """Solve one scenario in a worker; never raises (errors become a failed row)."""
    marker = Path(running_dir) / f"{scenario_id}.{os.getpid()}" if running_dir else None
    if marker is not None:
        marker.touch()
    row: dict[str, Any] = {"scenario": scenario_id, "params": values, "worker": os.getpid()}
    clock = time.perf_counter()
    try:
        variant = apply_scenario(case, spec, values)
        resolver = _resolver(token, options, warm_start)
        plan = resolver.plan(variant)
        row.update(status=plan.status, objective=plan.objective, bound=plan.bound, gap=plan.gap,
                   timings=plan.timings, messages=plan.messages[:5])
        if plan.has_solution:
            row.update(kpis=kpis(plan), decisions=decisions(plan))
    except InputError as exc:
        row.update(status="input_error", error="; ".join(exc.problems))
    except Exception as exc:  # a scenario must never take the sweep down
        row.update(status="failed", error=f"{type(exc).__name__}: {exc}",
                   traceback=traceback.format_exc(limit=5))
    row["seconds"] = time.perf_counter() - clock
    if marker is not None:
        marker.unlink(missing_ok=True)
    return row


# ---------------------------------------------------------------- main side


@dataclass
class SweepResult:
    """One row per scenario plus the decisions each took."""

    spec: SweepSpec
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def scenarios(self) -> pd.DataFrame:
        """Tidy: scenario, parameters, status, objective, bound, gap, seconds, timings, KPIs."""
        records = []
        for row in sorted(self.rows, key=lambda r: r["scenario"]):
            record = {"scenario": row["scenario"]}
            record.update({f"param|{k}": v for k, v in row.get("params", {}).items()})
            for key in ("status", "objective", "bound", "gap", "seconds", "error", "worker"):
                record[key] = row.get(key)
            record.update({f"seconds|{k}": v for k, v in (row.get("timings") or {}).items()})
            record.update(row.get("kpis") or {})
            records.append(record)
        return pd.DataFrame(records)

    @property
    def decisions(self) -> pd.DataFrame:
        """scenario, family, id, phase for every opening and build."""
        rows = [(r["scenario"], *d) for r in self.rows for d in r.get("decisions") or []]
        return pd.DataFrame(rows, columns=["scenario", "family", "id", "phase"])

    def site_frequency(self) -> pd.DataFrame:
        """Share of solved scenarios in which each site is open, per phase."""
        solved = [r for r in self.rows if r.get("decisions") is not None]
        frame = self.decisions
        frame = frame[frame["family"] == "site"]
        if not solved or frame.empty:
            return pd.DataFrame(columns=["site"])
        table = frame.groupby(["id", "phase"], sort=False)["scenario"].nunique().unstack(fill_value=0)
        return (table / len(solved)).reset_index().rename(columns={"id": "site"})

    def tornado(self) -> pd.DataFrame:
        """Per parameter: objective at its lowest and highest value against the base case."""
        frame = self.scenarios
        if "objective" in frame:
            frame["objective"] = pd.to_numeric(frame["objective"], errors="coerce")
        base_rows = frame[frame[[c for c in frame if c.startswith("param|")]].isna().all(axis=1)] \
            if any(c.startswith("param|") for c in frame) else frame
        base = float(base_rows["objective"].iloc[0]) if len(base_rows) else float("nan")
        rows = []
        for p in self.spec.parameters:
            column = f"param|{p.name}"
            if column not in frame:
                continue
            mine = frame[frame[column].notna() & frame["objective"].notna()]
            if mine.empty:
                continue
            low = mine.loc[mine[column].idxmin()]
            high = mine.loc[mine[column].idxmax()]
            rows.append({"parameter": p.name, "low_value": low[column], "high_value": high[column],
                         "objective_low_mjpy": low["objective"], "objective_high_mjpy": high["objective"],
                         "delta_low_mjpy": low["objective"] - base, "delta_high_mjpy": high["objective"] - base})
        frame = pd.DataFrame(rows, columns=["parameter", "low_value", "high_value", "objective_low_mjpy",
                                            "objective_high_mjpy", "delta_low_mjpy", "delta_high_mjpy"])
        swing = (frame["delta_high_mjpy"] - frame["delta_low_mjpy"]).abs()
        return frame.loc[swing.sort_values(ascending=False).index].reset_index(drop=True)

    def regret(self, case: Case, candidates: Iterable[int] | None = None,
               options: SolveOptions | None = None) -> pd.DataFrame:
        """Cost of each scenario under each candidate plan's decisions, minus its own optimum.

        ``candidates`` are scenario ids whose plans are tried (default: the base
        case, scenario 0). Infeasible combinations have NaN cost.
        """
        from planner.studies.resolver import evaluate_decisions

        options = options or SolveOptions.from_settings(case.settings, operations=case.operations, threads=1)
        by_id = {r["scenario"]: r for r in self.rows}
        chosen = list(candidates) if candidates is not None else [0]
        rows = []
        for candidate in chosen:
            plan_decisions = by_id[candidate].get("decisions")
            if plan_decisions is None:
                continue
            for row in self.rows:
                if row.get("objective") is None:
                    continue
                variant = apply_scenario(case, self.spec, row.get("params", {}))
                cost = evaluate_decisions(variant, plan_decisions, options)
                rows.append({"plan_of": candidate, "scenario": row["scenario"],
                             "cost_mjpy": cost, "optimum_mjpy": row["objective"],
                             "regret_mjpy": None if cost is None else cost - row["objective"]})
        return pd.DataFrame(rows, columns=["plan_of", "scenario", "cost_mjpy", "optimum_mjpy",
                                           "regret_mjpy"])


def _load_done(path: Path) -> dict[int, dict[str, Any]]:
    done: dict[int, dict[str, Any]] = {}
    if not path.exists():
        return done
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by a crash
        done[int(row["scenario"])] = row
    return done


def _same_params(saved: dict[str, Any], values: dict[str, float]) -> bool:
    if set(saved) != set(values):
        return False
    return all(abs(float(saved[k]) - float(v)) <= 1e-12 * max(1.0, abs(float(v)))
               for k, v in values.items())


def _append(path: Path | None, row: dict[str, Any]) -> None:
    if path is None:
        return
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(row, default=str) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


FINISHED = {"optimal", "time_limit", "infeasible", "unbounded", "infeasible_or_unbounded",
            "input_error", "time_limit_no_solution", "limit", "limit_no_solution"}
"""Statuses that a resume keeps; failed scenarios are tried again."""


def default_workers(threads_per_worker: int = 1) -> int:
    """Workers so that workers x solver threads <= cores."""
    return max(1, (os.cpu_count() or 1) // max(1, threads_per_worker))


def sweep(
    case: Case,
    spec: SweepSpec,
    *,
    executor: cf.Executor | None = None,
    workers: int | None = None,
    results_path: str | Path | None = None,
    resume: bool = False,
    progress: bool = True,
    warm_start: bool = False,
    mip_gap: float | None = None,
    time_limit: float | None = None,
    threads: int | None = 1,
    random_seed: int | None = None,
    options: SolveOptions | None = None,
) -> SweepResult:
    """Solve every scenario of ``spec``; see the module docstring."""
    if options is None:
        options = SolveOptions.from_settings(case.settings, operations=case.operations, mip_gap=mip_gap, time_limit=time_limit,
                                             threads=threads, random_seed=random_seed)
    scenarios = spec.scenarios()
    for values in scenarios:  # refuse bad parameters before any solve
        apply_scenario(case, spec, values)
    path = Path(results_path) if results_path else None
    done = _load_done(path) if (path and resume) else {}
    done = {i: row for i, row in done.items()  # a row of another study is not this scenario
            if i < len(scenarios) and _same_params(row.get("params", {}), scenarios[i])}
    if path and not resume and path.exists():
        path.unlink()
    result = SweepResult(spec, [row for row in done.values() if row.get("status") in FINISHED])
    todo = [(i, v) for i, v in enumerate(scenarios)
            if i not in done or done[i].get("status") not in FINISHED]
    token = uuid.uuid4().hex
    bar = _progress(len(scenarios), len(scenarios) - len(todo), progress)
    own_pool = executor is None
    running_dir = None
    if own_pool:
        running_dir = Path(path.parent if path else Path.cwd()) / f".sweep-running-{token[:8]}"
        running_dir.mkdir(exist_ok=True)
    try:
        pending = [(i, v, False) for i, v in todo]
        while pending:
            shared = [(i, v) for i, v, alone in pending if not alone]
            alone = [(i, v) for i, v, lone in pending if lone]
            pending = []
            batches = [shared] + [[item] for item in alone]
            for batch_no, batch in enumerate(batches):
                if not batch:
                    continue
                isolated = batch_no > 0
                size = 1 if isolated else (workers or default_workers(threads or 1))
                pool = executor or cf.ProcessPoolExecutor(max_workers=size, mp_context=_SPAWN)
                broken = _run_batch(pool, batch, case, spec, options, token, warm_start,
                                    running_dir, result, path, bar, own_pool)
                for i, v in broken:
                    suspect = bool(running_dir and list(running_dir.glob(f"{i}.*")))
                    if isolated:  # it crashed its worker on its own: give up on it
                        row = {"scenario": i, "params": v, "status": "failed",
                               "error": "the worker process died while solving it (out of memory?)"}
                        result.rows.append(row)
                        _append(path, row)
                        bar.update(row)
                    else:  # suspects run again alone, the others together
                        pending.append((i, v, suspect))
                    if running_dir:
                        for marker in running_dir.glob(f"{i}.*"):
                            marker.unlink(missing_ok=True)
    finally:
        bar.close()
        if running_dir is not None:
            for marker in running_dir.glob("*"):
                marker.unlink(missing_ok=True)
            running_dir.rmdir()
    return result


def _run_batch(pool: cf.Executor, batch: list[tuple[int, dict[str, float]]], case: Case,
               spec: SweepSpec, options: SolveOptions, token: str, warm_start: bool,
               running_dir: Path | None, result: SweepResult, path: Path | None,
               bar: _progress, own_pool: bool) -> list[tuple[int, dict[str, float]]]:
    """Submit a batch, record each finished row at once; return what a dead pool lost."""
    broken: list[tuple[int, dict[str, float]]] = []
    try:
        futures = {
            pool.submit(run_scenario, case, spec, i, v, options, token, warm_start,
                        str(running_dir) if running_dir else None): (i, v)
            for i, v in batch
        }
        for future in cf.as_completed(futures):
            i, v = futures[future]
            try:
                row = future.result()
            except Exception as exc:  # the worker died, or the cluster lost it
                if own_pool and isinstance(exc, cf.process.BrokenProcessPool):
                    broken.append((i, v))
                    continue
                row = {"scenario": i, "params": v, "status": "failed",
                       "error": f"{type(exc).__name__}: {exc}"}
            result.rows.append(row)
            _append(path, row)
            bar.update(row)
    finally:
        if own_pool:
            pool.shutdown(wait=True, cancel_futures=True)
    return broken


class _progress:
    """A tqdm bar on stderr with done, failed and an ETA (silent when off or unavailable)."""

    def __init__(self, total: int, initial: int, enabled: bool) -> None:
        self.failed = 0
        self.bar = None
        if enabled:
            try:
                from tqdm import tqdm

                self.bar = tqdm(total=total, initial=initial, unit="scenario", file=sys.stderr,
                                dynamic_ncols=True, desc="sweep")
            except ImportError:
                self.bar = None

    def update(self, row: dict[str, Any]) -> None:
        if row.get("status") in ("failed", "input_error"):
            self.failed += 1
        if self.bar is not None:
            self.bar.set_postfix(failed=self.failed)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


__all__ = ["FINISHED", "Parameter", "SweepResult", "SweepSpec", "apply_scenario", "sweep"]
