"""Scale benchmark: where the time goes on synthetic cases of N sites x P phases.

Usage::

    python benchmarks/scale.py                 # N in 50 200 1000 3000, P in 3 6
    python benchmarks/scale.py --quick         # N in 50 200 only
    python benchmarks/scale.py --sites 1000 --phases 3 --time-limit 60
    python benchmarks/scale.py --workbook inputs/japan_watt_bit.xlsx   # only this workbook, same stages
    python benchmarks/scale.py --quick --workbook inputs/japan_watt_bit.xlsx   # both
    python benchmarks/scale.py --no-root       # skip the LP relaxation bound

Each case runs in its own child process (so peak memory is that case's) and is
timed stage by stage: generate (planner.synth.generate), write the case .xlsx,
read+validate (planner.read_workbook), data (planner.model.model_data), build
(planner.model.build_model), solve (planner.solver.run.optimise with
SolveOptions(time_limit, mip_gap=0.01, threads=1)) split into HiGHS's own run
time (outcome.highs_seconds) and the rest (hand-off to HiGHS, solution load),
extract (planner.results.registry.extract_tables) and write results
(planner.io.writer.write_tables). "wall" is the planner pipeline, read through
write results (not generating or writing the synthetic case); "HiGHS %" is
HiGHS's run time over that wall. From the HiGHS log: time to the first
incumbent, time to a gap <= 1 %, and the dual bound at the end of the root node
(after cuts). Afterwards (not in the wall) every integer variable is relaxed
(``core.relax_integer_vars``) and the LP is solved: "LP bound" and "LP gap" =
(objective - LP bound) / objective show how tight the formulation is. Peak RSS
is ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` before that LP solve.

Tables are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from table import cell  # benchmarks/ is the script's folder

SIZES = (50, 200, 1000, 3000)
QUICK_SIZES = (50, 200)
PHASES = (3, 6)
MIP_GAP = 0.01
MARK = "RESULT "
START_HEURISTIC = (True if "--start-heuristic" in sys.argv
                   else False if "--no-start-heuristic" in sys.argv else None)
"""The LP-rounding start (planner.heuristic): forced on, off, or the planner's default
(on above planner.solver.run.AUTO_START_BINARIES binaries); "1st inc" includes its time."""

_TABLE_LINE = re.compile(
    r"^\s*(?P<src>[A-Za-z])?\s+(?P<nodes>\d+)\s+(?P<queue>\d+)\s+(?P<leaves>\d+)\s+(?P<expl>[\d.]+%)\s+"
    r"(?P<bound>\S+)\s+(?P<sol>\S+)\s+(?P<gap>\S+)\s+.*?(?P<time>[\d.]+)s\s*$"
)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_log(log: str) -> dict[str, float | None]:
    """First-incumbent time, time to gap <= 1 %, and the dual bound at the end of the root node."""
    first = to_gap = root_bound = None
    for line in log.splitlines():
        match = _TABLE_LINE.match(line)
        if not match:
            continue
        seconds = float(match["time"])
        sol = _number(match["sol"])
        if first is None and sol is not None:
            first = seconds
        gap = match["gap"]
        if to_gap is None and gap.endswith("%") and _number(gap[:-1]) is not None and float(gap[:-1]) <= 100 * MIP_GAP:
            to_gap = seconds
        if match["expl"] == "0.00%" and match["nodes"] == "0":
            root_bound = _number(match["bound"])
    return {"first_incumbent_s": first, "gap_1pct_s": to_gap, "root_bound": root_bound}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_case(sites: int | None, phases: int | None, seed: int, time_limit: float, root: bool,
             workbook: str | None = None) -> dict[str, Any]:
    """Time every stage of one case in this process; return plain numbers."""
    import pyomo.environ as pyo

    import planner
    from planner import synth
    from planner.reports.workbook import write_plan_workbook
    from planner.model import build_model, model_data
    from planner.results.registry import extract_tables
    from planner.solver.options import SolveOptions
    from planner.solver.run import optimise

    r: dict[str, Any] = {"case": workbook and Path(workbook).stem or f"N={sites} P={phases}"}
    with tempfile.TemporaryDirectory() as tmp:
        if workbook is None:
            clock = time.perf_counter()
            rows = synth.generate(sites, phases, seed)
            r["generate"] = time.perf_counter() - clock
            clock = time.perf_counter()
            path = synth.write_rows(rows, Path(tmp) / "case.xlsx")
            r["write_case"] = time.perf_counter() - clock
            del rows
        else:
            path = Path(workbook)
        clock = time.perf_counter()
        case = planner.read_workbook(path)
        r["read"] = time.perf_counter() - clock
        clock = time.perf_counter()
        data = model_data(case)
        r["data"] = time.perf_counter() - clock
        clock = time.perf_counter()
        model = build_model(data)
        r["build"] = time.perf_counter() - clock
        options = SolveOptions(time_limit=time_limit, mip_gap=MIP_GAP, threads=1, random_seed=0,
                               start_heuristic=START_HEURISTIC)
        outcome = optimise(model, options)
        r["solve"] = outcome.solve_seconds
        r["highs"] = outcome.highs_seconds or 0.0
        r["handoff"] = outcome.solve_seconds - r["highs"]
        r.update(status=outcome.status, objective=outcome.objective, bound=outcome.bound, gap=outcome.gap,
                 size=outcome.model_stats.get("size", ""))
        r.update(parse_log(outcome.log))
        before_run = r["handoff"]  # hand-off plus the start heuristic, all before HiGHS's clock
        for key in ("first_incumbent_s", "gap_1pct_s"):
            if r.get(key) is not None:
                r[key] += before_run
        r["extract"] = r["write_results"] = 0.0
        if outcome.has_solution:
            clock = time.perf_counter()
            tables = extract_tables(model, data, case)
            r["extract"] = time.perf_counter() - clock
            clock = time.perf_counter()
            write_plan_workbook(tables, Path(tmp) / "plan.xlsx", pictures=False)
            r["write_results"] = time.perf_counter() - clock
        r["wall"] = sum(r[k] for k in ("read", "data", "build", "solve", "extract", "write_results"))
        r["highs_share"] = r["highs"] / r["wall"] if r["wall"] else None
        r["peak_rss_mb"] = peak_rss_mb()
        r["lp_bound"] = r["lp_seconds"] = r["lp_gap"] = None
        if root:
            import dataclasses

            plain = build_model(dataclasses.replace(data, tighten=False))
            pyo.TransformationFactory("core.relax_integer_vars").apply_to(plain)
            lp_plain = optimise(plain, SolveOptions(time_limit=min(time_limit, 120.0), threads=1))
            r["lp_bound_plain"] = lp_plain.objective if lp_plain.status == "optimal" else None
            pyo.TransformationFactory("core.relax_integer_vars").apply_to(model)
            lp = optimise(model, SolveOptions(time_limit=min(time_limit, 120.0), threads=1))
            r["lp_seconds"] = lp.solve_seconds
            if lp.status == "optimal":
                r["lp_bound"] = lp.objective
                if outcome.objective:
                    r["lp_gap"] = (outcome.objective - lp.objective) / abs(outcome.objective)
                if outcome.objective and r.get("lp_bound_plain") is not None:
                    r["lp_gap_plain"] = (outcome.objective - r["lp_bound_plain"]) / abs(outcome.objective)
    return r


COLUMNS = [
    ("case", "case", "str"), ("gen", "generate", "s"), ("wcase", "write_case", "s"),
    ("read", "read", "s"), ("data", "data", "s"), ("build", "build", "s"),
    ("handoff", "handoff", "s"), ("HiGHS", "highs", "s"), ("extract", "extract", "s"),
    ("wres", "write_results", "s"), ("wall", "wall", "s"), ("HiGHS%", "highs_share", "%"),
    ("1st inc", "first_incumbent_s", "s"), ("gap<=1%", "gap_1pct_s", "s"), ("status", "status", "str"),
    ("objective", "objective", "obj"), ("bound", "bound", "obj"), ("gap", "gap", "%"),
    ("root bnd", "root_bound", "obj"), ("LP bnd", "lp_bound", "obj"), ("LP gap", "lp_gap", "%"),
    ("LP gap untightened", "lp_gap_plain", "%"),
    ("RSS MB", "peak_rss_mb", "mb"),
]


def print_table(results: list[dict[str, Any]]) -> None:
    cells = [[h for h, _, _ in COLUMNS]]
    for r in results:
        cells.append([cell(r.get(key), kind) if kind != "str" else str(r.get(key, "-")) for _, key, kind in COLUMNS])
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS))]
    for n, row in enumerate(cells):
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    for r in results:
        if r.get("size"):
            print(f"  {r['case']}: {r['size']}")


def _child(args: argparse.Namespace, sites: int | None, phases: int | None, workbook: str | None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--one", "--seed", str(args.seed), "--time-limit", str(args.time_limit)]
    cmd += ["--workbook", workbook] if workbook else ["--sites", str(sites), "--phases", str(phases)]
    if args.no_root:
        cmd.append("--no-root")
    if args.start_heuristic:
        cmd.append("--start-heuristic")
    if args.no_start_heuristic:
        cmd.append("--no-start-heuristic")
    name = workbook or f"N={sites} P={phases}"
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.time_limit * 3 + 600)
    for line in done.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
    return {"case": name, "status": f"failed ({done.returncode}): {' | '.join(tail)}"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, nargs="+", help=f"site counts (default {SIZES})")
    ap.add_argument("--phases", type=int, nargs="+", help=f"phase counts (default {PHASES})")
    ap.add_argument("--quick", action="store_true", help=f"only N in {QUICK_SIZES}")
    ap.add_argument("--time-limit", type=float, default=300.0, help="HiGHS time limit per case [s]")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workbook", action="append",
                    help="run an existing workbook (repeatable; alone it skips the synthetic sizes)")
    ap.add_argument("--no-root", action="store_true", help="skip the LP relaxation bound")
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--start-heuristic", action="store_true",
                    help="force the LP-rounding start on (default: the planner's automatic choice)")
    ap.add_argument("--no-start-heuristic", action="store_true", help="force it off")
    args = ap.parse_args(argv)

    if args.one:  # child: one case, one JSON line
        workbook = args.workbook[0] if args.workbook else None
        result = run_case(args.sites[0] if args.sites else None, args.phases[0] if args.phases else None,
                          args.seed, args.time_limit, not args.no_root, workbook)
        print(MARK + json.dumps(result), flush=True)
        return 0

    sizes = args.sites or (QUICK_SIZES if args.quick else SIZES)
    if args.workbook and not (args.sites or args.quick):
        sizes = ()  # only the given workbooks
    phases = args.phases or PHASES
    jobs: list[tuple[int | None, int | None, str | None]] = [(n, p, None) for n in sizes for p in phases]
    jobs += [(None, None, w) for w in args.workbook or []]
    print(f"scale benchmark: mip_gap {MIP_GAP}, time limit {args.time_limit:g} s, threads 1, seed {args.seed}",
          flush=True)
    results = []
    for n, p, w in jobs:
        r = _child(args, n, p, w)
        results.append(r)
        print(f"  done {r['case']}: {r.get('status')} wall {cell(r.get('wall'))} s "
              f"(HiGHS {cell(r.get('highs'))} s), gap {cell(r.get('gap'), '%')}", flush=True)
    print()
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
