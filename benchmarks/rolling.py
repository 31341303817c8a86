"""Rolling horizon versus the plain solve on synthetic cases of N sites x P phases.

Usage::

    python benchmarks/rolling.py                                  # N in 1000 3000, P = 6, 300 s
    python benchmarks/rolling.py --sites 1000 --phases 6 --time-limit 120
    python benchmarks/rolling.py --sites 1000 --polish-seconds 30

For each case both methods get the same time limit, mip_gap 0.01, threads 1 and
random seed 0. "plain" is ``planner.solve`` (HiGHS on the full MIP, with the
planner's default LP-rounding start on large cases). "rolling" is
``planner.rolling.rolling_horizon``: one window per phase, then the full
MIP polished from the rolling plan for the time left (at least
``--polish-seconds``, default a quarter of the limit).

Columns: "to plan" is the seconds from the start of solving to the rolling plan
(Pyomo-to-HiGHS hand-off and every window; plain: n/a); "plan" its cost; "final"
the cost reported at the end; "bound" the proven lower bound of the full case
(plain: HiGHS's; rolling: the better of window 1's relaxation and the polish's);
"gap" (final - bound) / final; "wall" the seconds of the whole call (build,
solve, extract; the case is read before). "windows" the seconds of each window;
"rolling (fallback)" means a window had no plan and the plain full MIP was
solved with the time left. Costs are MJPY present value. Timings on a shared machine vary; compare
within one run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from table import cell  # noqa: E402  (benchmarks/ is the script's folder)

import planner  # noqa: E402
from planner import synth  # noqa: E402
from planner.studies.rolling import rolling_horizon  # noqa: E402
from planner.solver.options import SolveOptions  # noqa: E402

MIP_GAP = 0.01


def run_case(sites: int, phases: int, seed: int, time_limit: float,
             polish_seconds: float | None) -> list[dict[str, Any]]:
    """Both methods on one synthetic case; one row each."""
    with tempfile.TemporaryDirectory() as tmp:
        path = synth.write(Path(tmp) / "case.xlsx", sites, phases, seed)
        case = planner.read_workbook(path)
    rows: list[dict[str, Any]] = []
    clock = time.perf_counter()
    plain = planner.solve(case, mip_gap=MIP_GAP, time_limit=time_limit, threads=1, random_seed=0)
    rows.append({"N": sites, "P": phases, "method": "plain", "to_plan": None, "plan": None,
                 "final": plain.objective, "bound": plain.bound, "gap": plain.gap,
                 "status": plain.status, "solve": plain.timings.get("solve"),
                 "wall": time.perf_counter() - clock})
    print(f"  plain done: {plain.status}", file=sys.stderr, flush=True)
    options = SolveOptions(mip_gap=MIP_GAP, time_limit=time_limit, threads=1, random_seed=0)
    clock = time.perf_counter()
    result = rolling_horizon(case, options, polish_seconds=polish_seconds)
    plan = result.plan
    rows.append({"N": sites, "P": phases, "method": "rolling" + (" (fallback)" if result.fallback else ""),
                 "to_plan": result.plan_seconds, "plan": result.plan_objective,
                 "final": plan.objective, "bound": plan.bound, "gap": plan.gap,
                 "status": plan.status, "solve": plan.timings.get("solve"),
                 "wall": time.perf_counter() - clock,
                 "windows": " ".join(f"{w.seconds:.1f}" for w in result.windows)})
    for message in plan.messages:
        print(f"  {message}", file=sys.stderr, flush=True)
    return rows


COLUMNS = (("N", "N", ""), ("P", "P", ""), ("method", "method", ""), ("to plan s", "to_plan", "s1"),
           ("plan MJPY", "plan", "mjpy"), ("final MJPY", "final", "mjpy"), ("bound MJPY", "bound", "mjpy"),
           ("gap", "gap", "%"), ("status", "status", ""), ("wall s", "wall", "s1"),
           ("windows s", "windows", ""))


def print_table(rows: list[dict[str, Any]]) -> None:
    """A Markdown table, one row per method and case."""
    print("| " + " | ".join(title for title, _, _ in COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| " + " | ".join(cell(row.get(key), kind, missing="n/a") for _, key, kind in COLUMNS) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--phases", type=int, nargs="+", default=[6])
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--polish-seconds", type=float, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    for sites in args.sites:
        for phases in args.phases:
            print(f"N={sites} P={phases} ...", file=sys.stderr, flush=True)
            rows += run_case(sites, phases, args.seed, args.time_limit, args.polish_seconds)
    print(f"time limit {args.time_limit:g} s, mip_gap {MIP_GAP}, threads 1, seed {args.seed}")
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
