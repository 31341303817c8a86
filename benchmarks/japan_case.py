"""Time the bundled Japan Watt-Bit case: read, build, solve and write seconds.

Usage::

    python benchmarks/japan_case.py [WORKBOOK] [--threads N] [--mip-gap G] [--repeat K] [--capacity-only]

Prints the mode (operations when the workbook has Periods, else capacity), the model
size, one line per run with every stage's seconds and, with ``--repeat`` > 1, the median
of each stage. Target (issues 3 and 14): under 60 s end to end on 2 cores, in either mode.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import planner

DEFAULT = Path(__file__).resolve().parents[1] / "inputs" / "japan_watt_bit.xlsx"


def run_once(path: Path, threads: int | None, mip_gap: float | None,
             capacity_only: bool = False) -> dict[str, object]:
    clock = time.perf_counter()
    case = planner.read_workbook(path)
    if capacity_only and case.operations:
        case = case.without("Periods")
    read_s = time.perf_counter() - clock
    plan = planner.solve(case, mip_gap=mip_gap, threads=threads, random_seed=0)
    if not plan.has_solution:
        raise SystemExit(f"no plan: status {plan.status}")
    with tempfile.TemporaryDirectory() as tmp:
        clock = time.perf_counter()
        plan.to_excel(Path(tmp) / "plan.xlsx")
        write_s = time.perf_counter() - clock
    return {
        "read": read_s, "build": plan.build_seconds, "solve": plan.solve_seconds,
        "write": write_s, "total": read_s + plan.build_seconds + plan.solve_seconds + write_s,
        "objective": plan.objective, "gap": plan.gap or 0.0, "status": plan.status,
        "mode": "operations" if case.operations else "capacity", "size": plan.model_stats,
        "stages": dict(plan.timings),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbook", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--threads", type=int, default=None, help="HiGHS threads (default: HiGHS)")
    ap.add_argument("--mip-gap", type=float, default=None, help="relative gap (default: case/1e-4)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--capacity-only", action="store_true", help="ignore Periods (section-2 model)")
    args = ap.parse_args(argv)

    print(f"{args.workbook.name}: threads={args.threads or 'auto'} mip_gap={args.mip_gap or 'default'}")
    runs = []
    for i in range(args.repeat):
        r = run_once(args.workbook, args.threads, args.mip_gap, args.capacity_only)
        runs.append(r)
        if i == 0:
            size = ", ".join(f"{k} {v}" for k, v in r["size"].items())  # type: ignore[union-attr]
            print(f"mode: {r['mode']}; model: {size}")
        print(f"run {i + 1}: read {r['read']:.2f} s  build {r['build']:.2f} s  "
              f"solve {r['solve']:.2f} s  write {r['write']:.2f} s  total {r['total']:.2f} s  "
              f"({r['status']}, objective {r['objective']:,.0f} MJPY, gap {r['gap']:.2e})")
        stages = "  ".join(f"{k} {v:.2f} s" for k, v in r["stages"].items())  # type: ignore[union-attr]
        print(f"       stages inside solve: {stages}")
    if len(runs) > 1:
        med = {k: statistics.median(r[k] for r in runs) for k in ("read", "build", "solve", "write", "total")}
        print("median: " + "  ".join(f"{k} {v:.2f} s" for k, v in med.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
