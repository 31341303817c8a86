"""Sweep benchmark: rebuild vs persistent re-solve, cold vs warm start, 1 vs 2 workers.

Usage::

    python benchmarks/sweep.py                    # 50 one-at-a-time scenarios on the Japan case
    python benchmarks/sweep.py --scenarios 10     # fewer (round-robin over the 5 parameters)
    python benchmarks/sweep.py --no-workers       # skip the 1-vs-2-worker sweeps
    python benchmarks/sweep.py --json out.json    # keep the raw numbers

Scenarios: 5 parameters x 10 values, one at a time, on the bundled case
(``inputs/japan_watt_bit.xlsx``): site capex per MW x0.70..1.30, area energy
price x0.70..1.30, grid project capex x0.50..1.50, the discount rate
0.5 %..7.5 % and demand x0.80..0.98 (the bundled case has no unserved penalty,
so demand is only swept downward). None of them changes an index set, so the
re-solves never rebuild.

Each scenario is solved three ways, interleaved so that machine load hits all
three alike:

* **rebuild**: ``planner.solve(variant)`` (model data, build, HiGHS, extract,
  summary tables) every time;
* **cold**: one ``planner.resolve.Resolver(warm_start=False)`` for the whole
  run: changed Params are pushed to the persistent HiGHS model;
* **warm**: the same with ``warm_start=True`` (the previous scenario's site and
  build decisions, completed by an LP for the new numbers, are handed to HiGHS
  as a start; the LP's seconds count as HiGHS's). With a start, HiGHS's sub-MIP
  plan search (RINS, RENS, root reduced-cost; ``planner.solver.run.plan_search_options``)
  is off;
* **nosearch**: cold, but with that plan search off too, so the start's own
  share of the warm gain can be told from the setting's.

The resolvers solve the base case first (their one build, not counted).
Per scenario and way: **HiGHS** = HiGHS's own run time (for the persistent
model, the difference of ``Highs.getRunTime()`` around the run, since that
clock accumulates over re-solves); **other** = wall - HiGHS, split into
*prep* (model data + build, or model data + Param update), *handoff*
(``solve_model`` outside HiGHS: pushing changes and the start, solution load)
and *extract* (``extract_tables``). Applying the scenario to the case
(``Case.scale``/``set``, validated) is the same for every way and shown apart
as *edit*.

Finally ``planner.sweep`` runs all scenarios (plus the base case) with
``workers=1`` and ``workers=2`` (``threads=1`` each) and the speed-up is
printed. Targets (issue 5): other(rebuild) / other(re-solve) >= 5, median
warm / median cold <= 0.8, 2 workers >= 1.7x faster than 1. On a shared
machine the timings are noisy; compare within one run.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import planner  # noqa: E402
import planner.pipeline as plan_module  # noqa: E402
import planner.studies.resolver as resolve_module  # noqa: E402
from planner.solver.options import SolveOptions  # noqa: E402
from planner.studies.resolver import Resolver  # noqa: E402
from planner.solver.run import plan_search_options  # noqa: E402
from planner.studies.sweep import SweepSpec, apply_scenario, sweep  # noqa: E402

PARAMETERS = (
    {"name": "site_capex", "target": "Sites.capex_mjpy_per_mw", "values": np.linspace(0.70, 1.30, 10)},
    {"name": "energy_price", "target": "AreaSupply.energy_price_jpy_per_kwh",
     "values": np.linspace(0.70, 1.30, 10)},
    {"name": "grid_capex", "target": "Grid.capex_mjpy", "values": np.linspace(0.50, 1.50, 10)},
    {"name": "discount_rate", "target": "Settings.discount_rate", "op": "set",
     "values": np.linspace(0.005, 0.075, 10), "base": 0.03},
    {"name": "demand", "target": "Demand.demand_mw", "values": np.linspace(0.80, 0.98, 10)},
)
WAYS = ("rebuild", "cold", "warm", "nosearch")


class HighsClock:
    """Wraps ``solve_model`` where the planner calls it and notes HiGHS's own seconds of each run."""

    def __init__(self) -> None:
        self.last: float | None = None

    def wrap(self, original: Any) -> Any:
        def optimise(model: Any, options: Any, *, solver: Any = None, warm_start: bool = False,
                        **keywords: Any) -> Any:
            highs = getattr(solver, "_solver_model", None)
            before = highs.getRunTime() if highs is not None else None
            outcome = original(model, options, solver=solver, warm_start=warm_start, **keywords)
            if before is not None:  # persistent: its run clock accumulates over re-solves
                self.last = solver._solver_model.getRunTime() - before
            else:
                self.last = outcome.highs_seconds or 0.0
            return outcome

        return optimise


def make_spec(count: int) -> SweepSpec:
    """``count`` one-at-a-time scenarios, taken round-robin over the parameters."""
    chosen: dict[str, list[float]] = {p["name"]: [] for p in PARAMETERS}
    for k in range(count):
        p = PARAMETERS[k % len(PARAMETERS)]
        index = k // len(PARAMETERS)
        if index >= len(p["values"]):
            raise SystemExit(f"at most {len(PARAMETERS) * 10} scenarios")
        chosen[p["name"]].append(round(float(p["values"][index]), 6))
    return SweepSpec.from_dict({"method": "oat", "parameter": [
        {**p, "values": chosen[p["name"]]} for p in PARAMETERS if chosen[p["name"]]]})


def split(wall: float, highs: float, plan: Any, way: str) -> dict[str, float]:
    t = plan.timings
    extract = t.get("extract", 0.0)
    if way == "rebuild":  # planner.solve: timings build, solve, extract
        handoff = t.get("solve", 0.0) - highs
        prep = wall - t.get("solve", 0.0) - extract
    else:  # Resolver: timings build|update, solve, highs (cumulative), extract
        prep = t.get("update", t.get("build", 0.0))
        handoff = wall - prep - highs - extract
    return {"wall": wall, "highs": highs, "other": wall - highs, "prep": prep, "handoff": handoff,
            "extract": extract, "objective": plan.objective, "status": plan.status}


def median(rows: list[dict[str, Any]], way: str, key: str) -> float:
    values = [r[way][key] for r in rows if r[way]["objective"] is not None]
    return statistics.median(values) if values else float("nan")


def run_sweep(case: Any, spec: SweepSpec, workers: int, options: dict[str, Any]) -> tuple[float, Any]:
    with tempfile.TemporaryDirectory() as folder:
        clock = time.perf_counter()
        result = sweep(case, spec, workers=workers, threads=1, progress=False,
                       results_path=Path(folder) / "sweep.jsonl", **options)
        return time.perf_counter() - clock, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workbook", default=str(ROOT / "inputs" / "japan_watt_bit.xlsx"))
    parser.add_argument("--scenarios", type=int, default=50, help="one-at-a-time scenarios (<= 50)")
    parser.add_argument("--mip-gap", type=float, default=None, help="default: the case's Settings")
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--no-workers", action="store_true", help="skip the 1-vs-2-worker sweeps")
    parser.add_argument("--json", help="write the raw numbers here")
    args = parser.parse_args(argv)

    case = planner.read_workbook(args.workbook)
    spec = make_spec(args.scenarios)
    scenarios = spec.scenarios()[1:]
    solve_options = {"mip_gap": args.mip_gap, "time_limit": args.time_limit, "random_seed": 0}
    options = SolveOptions.from_settings(case.settings, threads=1, **solve_options)
    print(f"{Path(args.workbook).name}: {len(scenarios)} scenarios, mip_gap {options.mip_gap}, "
          f"threads 1, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")

    clock = HighsClock()
    originals = plan_module.optimise, resolve_module.optimise
    plan_module.optimise = clock.wrap(originals[0])
    resolve_module.optimise = clock.wrap(originals[1])
    no_search = dataclasses.replace(options, highs_options=tuple(plan_search_options(True).items()))
    resolvers = {"cold": Resolver(options, warm_start=False), "warm": Resolver(options, warm_start=True),
                 "nosearch": Resolver(no_search, warm_start=False)}
    for way, resolver in resolvers.items():
        started = time.perf_counter()
        base = resolver.plan(case)
        print(f"  {way} resolver: base case built and solved in {time.perf_counter() - started:.2f} s "
              f"({base.status}, HiGHS {clock.last:.2f} s)")

    head = (f"{'#':>3} {'parameter':<14}{'value':>8} {'edit':>6} | "
            + " | ".join(f"{w + ' HiGHS':>11} {'other':>6} {'prep':>6} {'hand':>6} {'extr':>6}"
                         for w in WAYS) + " | rel.diff")
    print(head)
    print("-" * len(head))
    rows: list[dict[str, Any]] = []
    for number, values in enumerate(scenarios, start=1):
        (name, value), = values.items()
        started = time.perf_counter()
        variant = apply_scenario(case, spec, values)
        row: dict[str, Any] = {"scenario": number, "parameter": name, "value": value,
                               "edit": time.perf_counter() - started}
        for way in WAYS:
            started = time.perf_counter()
            if way == "rebuild":
                plan = planner.solve(variant, threads=1, explain_infeasible=False, **solve_options)
            else:
                plan = resolvers[way].solve(variant)
            row[way] = split(time.perf_counter() - started, clock.last or 0.0, plan, way)
        objectives = [row[w]["objective"] for w in WAYS]
        if None in objectives:
            diff = "no plan: " + ", ".join(f"{w} {row[w]['status']}" for w in WAYS)
        else:
            diff = f"{(max(objectives) - min(objectives)) / abs(max(objectives)):.1e}"
        rows.append(row)
        print(f"{number:>3} {name:<14}{value:>8.3f} {row['edit']:>6.3f} | "
              + " | ".join(f"{row[w]['highs']:>11.3f} {row[w]['other']:>6.3f} {row[w]['prep']:>6.3f} "
                           f"{row[w]['handoff']:>6.3f} {row[w]['extract']:>6.3f}" for w in WAYS)
              + f" | {diff}", flush=True)

    print("\nmedians [s]      wall   HiGHS   other    prep  handoff  extract")
    for way in WAYS:
        print(f"  {way:<10}" + "".join(f"{median(rows, way, k):>8.3f}"
                                       for k in ("wall", "highs", "other", "prep", "handoff", "extract")))
    print("  rebuilds/updates: " + ", ".join(f"{w} {r.rebuilds}/{r.updates}" for w, r in resolvers.items()))
    summary: dict[str, Any] = {
        "other_rebuild_over_cold": median(rows, "rebuild", "other") / median(rows, "cold", "other"),
        "other_rebuild_over_warm": median(rows, "rebuild", "other") / median(rows, "warm", "other"),
        "wall_warm_over_cold": median(rows, "warm", "wall") / median(rows, "cold", "wall"),
        "highs_warm_over_cold": median(rows, "warm", "highs") / median(rows, "cold", "highs"),
        "wall_cold_over_rebuild": median(rows, "cold", "wall") / median(rows, "rebuild", "wall"),
        "wall_warm_over_nosearch": median(rows, "warm", "wall") / median(rows, "nosearch", "wall"),
        "wall_nosearch_over_cold": median(rows, "nosearch", "wall") / median(rows, "cold", "wall"),
    }
    print("\ntargets")
    print(f"  non-HiGHS rebuild / re-solve (medians): cold {summary['other_rebuild_over_cold']:.1f}x, "
          f"warm {summary['other_rebuild_over_warm']:.1f}x   (target >= 5)")
    print(f"  median scenario wall warm / cold: {summary['wall_warm_over_cold']:.2f}   (target <= 0.8; "
          f"HiGHS only {summary['highs_warm_over_cold']:.2f})")
    print(f"  of which the start itself: warm / nosearch {summary['wall_warm_over_nosearch']:.2f}, "
          f"the setting alone: nosearch / cold {summary['wall_nosearch_over_cold']:.2f}")
    print(f"  median scenario wall re-solve (cold) / rebuild: {summary['wall_cold_over_rebuild']:.2f}")

    if not args.no_workers:
        plan_module.optimise, resolve_module.optimise = originals  # workers run it unwrapped
        seconds = {}
        for workers in (1, 2):
            seconds[workers], result = run_sweep(case, spec, workers, solve_options)
            statuses = {r["status"] for r in result.rows}
            print(f"  sweep workers={workers} threads=1: {seconds[workers]:.1f} s for "
                  f"{len(result.rows)} scenarios ({', '.join(sorted(statuses))}), "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
        summary["sweep_seconds"] = seconds
        summary["speedup_2_over_1"] = seconds[1] / seconds[2]
        print(f"  speed-up of 2 workers over 1: {summary['speedup_2_over_1']:.2f}x   (target >= 1.7)")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "summary": summary}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
