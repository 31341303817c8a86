"""Operations-mode benchmark: a synthetic case with representative periods, stage by stage.

Usage::

    python benchmarks/ops_synth.py                       # synth --sites 200 --phases 3 --periods 8 --steps 24
    python benchmarks/ops_synth.py --sites 50 --periods 4 --steps 6 --time-limit 60

Writes the case (planner.synth.write with periods/steps) to a temporary directory,
then times: generate (generate rows + write the .xlsx), read (planner.read_workbook),
build (planner.model.model_data + build_model), solve (planner.solver.run.optimise
with SolveOptions(time_limit, mip_gap, threads, random_seed=0)) and results/write
(planner.results.registry.extract_tables + the results workbook). Prints the model
size (rows, columns, binaries), the status, objective, bound and the gap HiGHS
reached. Without an incumbent it prints the tail of the HiGHS log (root LP time and
iterations). A measurement, not a test.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's planner


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=200)
    ap.add_argument("--phases", type=int, default=3)
    ap.add_argument("--periods", type=int, default=8)
    ap.add_argument("--steps", type=int, default=24)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=300.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--mip-gap", type=float, default=1e-4)
    ap.add_argument("--log-lines", type=int, default=40, help="HiGHS log lines to print without an incumbent")
    args = ap.parse_args(argv)

    import planner
    from planner import synth
    from planner.model import build_model, model_data
    from planner.reports.workbook import write_plan_workbook
    from planner.results.registry import extract_tables
    from planner.solver.options import SolveOptions
    from planner.solver.run import optimise

    print(f"ops benchmark: synth --sites {args.sites} --phases {args.phases} --periods {args.periods} "
          f"--steps {args.steps} --seed {args.seed}; time limit {args.time_limit:g} s, "
          f"threads {args.threads}, mip_gap {args.mip_gap:g}", flush=True)
    stages: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        clock = time.perf_counter()
        path = synth.write(Path(tmp) / "case.xlsx", args.sites, args.phases, args.seed,
                           periods=args.periods, steps=args.steps)
        stages["generate"] = time.perf_counter() - clock
        clock = time.perf_counter()
        case = planner.read_workbook(path)
        stages["read"] = time.perf_counter() - clock
        print(f"  operations mode: {case.operations}; warnings: {len(case.warnings)}", flush=True)
        clock = time.perf_counter()
        data = model_data(case)
        model = build_model(data)
        stages["build"] = time.perf_counter() - clock
        options = SolveOptions(time_limit=args.time_limit, mip_gap=args.mip_gap, threads=args.threads,
                               random_seed=0)
        outcome = optimise(model, options)
        stages["solve"] = outcome.solve_seconds
        stages["results/write"] = 0.0
        if outcome.has_solution:
            clock = time.perf_counter()
            tables = extract_tables(model, data, case)
            write_plan_workbook(tables, Path(tmp) / "plan.xlsx", pictures=False)
            stages["results/write"] = time.perf_counter() - clock
            print(f"  result sheets: {', '.join(tables)}")
    size = outcome.model_stats.get("size", "")
    numbers = dict(zip(("rows", "columns", "nonzeros"), re.findall(r"(\d+) (?:rows|cols|nonzeros)", size),
                       strict=False))
    binaries = re.search(r"\((\d+) binary\)", size)
    print(f"  model: {numbers.get('rows', '?')} rows, {numbers.get('columns', '?')} columns, "
          f"{binaries.group(1) if binaries else '?'} binaries ({size})")
    print("  seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items())
          + f" (HiGHS's own clock {outcome.highs_seconds or 0.0:.1f})")
    gap = f"{100 * outcome.gap:.3f} %" if outcome.gap is not None else "none"
    print(f"  status {outcome.status}; objective {outcome.objective}; bound {outcome.bound}; gap {gap}")
    if not outcome.has_solution:
        print("  no incumbent; HiGHS log tail:")
        for line in outcome.log.strip().splitlines()[-args.log_lines:]:
            print("    " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
