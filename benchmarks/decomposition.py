"""Operations mode: Benders decomposition beside the monolithic solve, same case, same time.

Usage::

    python benchmarks/decomposition.py                          # synth 200 x 3 x 8 x 24, 300 s, 1 %
    python benchmarks/decomposition.py --sites 500 --time-limit 600
    python benchmarks/decomposition.py --workbook inputs/japan_watt_bit.xlsx --time-limit 60
    python benchmarks/decomposition.py --only decomposition     # skip the monolithic run

For each method: build seconds, solve seconds, status, the plan's cost, the proven bound
and the gap, and peak memory (ru_maxrss of this process, which only grows: the
monolithic run goes second so its figure includes the decomposition's). The monolithic
solve is ``planner.solver.run.optimise`` with the capacity-plan start as ``wattbit run``
uses it; the decomposition is ``planner.studies.decomposition.decompose``. A
measurement, not a test.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's planner


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def _row(method: str, build: float, seconds: float, status: str, objective, bound, gap) -> str:
    money = _money
    return (f"  {method:<14} build {build:6.1f} s  solve {seconds:6.1f} s  {status:<10} cost {money(objective):>16}"
            f"  bound {money(bound):>16}  gap {'-' if gap is None else f'{100 * gap:.3f} %':>9}"
            f"  peak {_peak_mib():,.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workbook", type=Path, help="a case workbook (default: a synth case)")
    ap.add_argument("--sites", type=int, default=200)
    ap.add_argument("--phases", type=int, default=3)
    ap.add_argument("--periods", type=int, default=8)
    ap.add_argument("--steps", type=int, default=24)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=300.0)
    ap.add_argument("--mip-gap", type=float, default=0.01)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", choices=("decomposition", "monolithic"))
    args = ap.parse_args(argv)

    import planner
    from planner import synth
    from planner.model import build_model, model_data
    from planner.pipeline import capacity_plan_start
    from planner.solver.options import SolveOptions
    from planner.solver.run import optimise
    from planner.studies.decomposition import decompose

    with tempfile.TemporaryDirectory() as tmp:
        if args.workbook is None:
            path = synth.write(Path(tmp) / "case.xlsx", args.sites, args.phases, args.seed,
                               periods=args.periods, steps=args.steps)
            name = (f"synth --sites {args.sites} --phases {args.phases} --periods {args.periods} "
                    f"--steps {args.steps} --seed {args.seed}")
        else:
            path, name = args.workbook, args.workbook.name
        case = planner.read_workbook(path)
    options = SolveOptions(mip_gap=args.mip_gap, time_limit=args.time_limit, threads=args.threads, random_seed=0)
    print(f"decomposition benchmark: {name}; time limit {args.time_limit:g} s, gap {args.mip_gap:g}, "
          f"threads {args.threads}", flush=True)
    if args.only != "monolithic":
        clock = time.perf_counter()
        data = model_data(case)
        model = build_model(data)
        build = time.perf_counter() - clock
        found = decompose(model, options)
        print(_row("decomposition", build, found.seconds, found.status, found.objective, found.bound, found.gap))
        print(f"    {found.groups} subproblems, {found.iterations} rounds; "
              + ", ".join(f"{k} {v:.1f} s" for k, v in found.stage_seconds.items()), flush=True)
    if args.only != "decomposition":
        clock = time.perf_counter()
        data = model_data(case)
        model = build_model(data)
        build = time.perf_counter() - clock
        clock = time.perf_counter()
        warm = capacity_plan_start(model, case, data, options)
        start = time.perf_counter() - clock
        outcome = optimise(model, options.replace(time_limit=max(1.0, args.time_limit - start)), data=data,
                           warm_start=warm)
        print(_row("monolithic", build, start + outcome.solve_seconds, outcome.status, outcome.objective,
                   outcome.bound, outcome.gap))
    return 0


if __name__ == "__main__":
    sys.exit(main())
