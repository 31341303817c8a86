"""The ``wattbit`` command: argument parsing and exit codes only.

Exit codes: 0 plan written (optimal, or a time-limited plan with its gap),
1 internal error, 2 usage or solver missing, 3 input errors, 4 infeasible or
unbounded (confirmed with presolve off), 5 no plan (a limit, or HiGHS and the
elastic check disagree), 6 output could not be written, 7 the solver's plan
failed the independent check of every row and bound (written for inspection).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from planner.errors import (
    InputError,
    MissingExtraError,
    OutputError,
    SolverUnavailableError,
)
from planner.io.bundled import bundled_workbook
from planner.synth.shapes import SHAPES

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_PLAN, EXIT_OUTPUT, EXIT_UNVERIFIED = range(8)


def _parser() -> argparse.ArgumentParser:
    from planner import __version__

    parser = argparse.ArgumentParser(
        prog="wattbit",
        description="Co-plan data-centre clusters, grid and telecom (Watt-Bit) at least cost.",
    )
    parser.add_argument("--version", action="version", version=f"wattbit-planner {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on internal errors")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="solve a workbook and write the results workbook")
    run.add_argument("workbook", nargs="?", help="input .xlsx (default: the bundled Japan case)")
    run.add_argument("-o", "--output", help="results .xlsx (default: WORKBOOK_results.xlsx here)")
    _lang_flag(run, "Summary descriptions, charts and map in Japanese with ja (default: en)")
    _solver_flags(run)
    run.add_argument("-v", "--verbose", action="store_true", help="stream the HiGHS log")
    run.add_argument("--no-progress", action="store_true",
                     help="no live line (elapsed, best plan, bound, gap, time left) while solving")

    run.add_argument("--no-values", action="store_true", help="skip the Values sheet (marginal values)")
    run.add_argument("--capacity-only", action="store_true",
                     help="ignore Periods and Profiles: plan capacity per phase only (FORMULATION.md §2)")
    start = run.add_mutually_exclusive_group()
    start.add_argument("--start-heuristic", dest="start_heuristic", action="store_true", default=None,
                       help="hand HiGHS a first plan from LP rounding (default: on for large cases)")
    start.add_argument("--no-start-heuristic", dest="start_heuristic", action="store_false")
    run.add_argument("--rolling", action="store_true",
                     help="rolling horizon for cases too large to close: one window per phase "
                     "(earlier phases fixed, later relaxed), then the full MIP from that plan")
    run.add_argument("--polish-seconds", type=float, metavar="S",
                     help="with --rolling: seconds kept for the full-MIP polish, within the time "
                     "limit (default: a quarter of it; 0: none, the bound is then window 1's)")

    explain = sub.add_parser("explain", help="why (not) this site or project: re-solve with it flipped")
    explain.add_argument("workbook")
    target = explain.add_mutually_exclusive_group(required=True)
    for family in ("site", "grid", "ix", "route", "cable"):
        target.add_argument(f"--{family}", metavar="ID", help=f"the {family} to flip")
    explain.add_argument("-o", "--output", help="write the comparison to this .xlsx")
    _solver_flags(explain)

    alternatives = sub.add_parser("alternatives", help="near-optimal plans that differ from the optimum")
    alternatives.add_argument("workbook")
    alternatives.add_argument("--slack", type=float, default=0.05, help="cost premium allowed (0.05 = 5%%)")
    alternatives.add_argument("-n", type=int, default=5, help="how many alternatives")
    alternatives.add_argument("--min-difference", type=int, default=1,
                              help="least number of site/build decisions each must change")
    alternatives.add_argument("-o", "--output", help="write the Alternatives sheets to this .xlsx")
    _solver_flags(alternatives)

    sweep = sub.add_parser("sweep", help="sensitivity study: solve many variants of a workbook")
    sweep.add_argument("workbook")
    sweep.add_argument("--spec", help="TOML file or workbook with a Sweep sheet (default: WORKBOOK)")
    sweep.add_argument("-o", "--output", help="sweep results .xlsx (default: WORKBOOK_sweep.xlsx here)")
    sweep.add_argument("--workers", type=int, help="parallel workers (default: cores / threads)")
    sweep.add_argument("--scheduler", help="Dask scheduler address tcp://host:8786, or 'local' for "
                       "an in-process LocalCluster (needs pip install 'wattbit-planner[cluster]')")
    sweep.add_argument("--results", help="JSON-lines file of finished scenarios (default: OUTPUT.jsonl)")
    sweep.add_argument("--resume", action="store_true", help="skip scenarios already in --results")
    sweep.add_argument("--no-progress", action="store_true", help="no progress bar")
    sweep.add_argument("--warm-start", action="store_true",
                       help="start each re-solve from the worker's previous plan (about 4x faster on the "
                            "bundled case; a plan may then depend on which scenario its worker solved "
                            "before, within the MIP gap)")
    _solver_flags(sweep)

    compare = sub.add_parser("compare", help="the Watt-Bit comparison: solve with several flexible "
                             "shares and set cost, grid, batteries, surplus and sites side by side")
    compare.add_argument("workbook", nargs="?", help="input .xlsx in operations mode (default: the bundled case)")
    compare.add_argument("--flexible-share", type=float, nargs="+", default=[0.0, 0.2, 0.4], metavar="S",
                         help="flexible_share set on every Demand row, one solve each (default: 0 0.2 0.4)")
    compare.add_argument("--unlimited-apn", action="store_true",
                         help="also solve each share with route bandwidth (Routes.tbps) lifted")
    compare.add_argument("-o", "--output", help="write the Compare sheet to this .xlsx")
    _solver_flags(compare)

    synth = sub.add_parser("synth", help="write a synthetic case of any size (for benchmarks)")
    synth.add_argument("--sites", type=int, required=True)
    synth.add_argument("--phases", type=int, default=3)
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--periods", type=int, default=0,
                       help="representative periods (operations mode, FORMULATION.md §4); 0: none")
    synth.add_argument("--steps", type=int, default=24, help="steps per period (step_hours = 24 / steps)")
    synth.add_argument("--shape", default="base", choices=sorted(SHAPES),
                       help="tilt the costs: fixed, service, capacity, energy or grid dominated (benchmarks)")
    synth.add_argument("-o", "--output", required=True, help="workbook .xlsx to write")

    map_ = sub.add_parser("map", help="draw the map of a results workbook as a PNG")
    map_.add_argument("results")
    map_.add_argument("-o", "--output", required=True, help="PNG path")
    _lang_flag(map_, "map legend, title and site names (Sites.name_ja) in Japanese with ja")

    validate = sub.add_parser("validate", help="check a workbook without solving")
    validate.add_argument("workbook")
    screen = sub.add_parser("screen", help="the siting screen: every candidate, criterion and verdict")
    screen.add_argument("workbook", nargs="?", help="input .xlsx (default: the bundled Japan case)")
    screen.add_argument("-o", "--output", help="xlsx path (default: WORKBOOK_screen.xlsx here)")

    periods = sub.add_parser("periods", help="representative days from a year of hourly series (tsam)")
    from planner.studies.periods import add_arguments as periods_arguments

    periods_arguments(periods)
    template = sub.add_parser("template", help="write an empty input workbook with a README sheet")
    template.add_argument("output")
    _lang_flag(template, "README sheet and column descriptions in Japanese with ja "
               "(column names stay English)")
    return parser


def _lang_flag(parser: argparse.ArgumentParser, what: str) -> None:
    from planner.i18n import LANGS

    parser.add_argument("--lang", choices=LANGS, default="en", help=what)


def _solver_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mip-gap", type=float, help="relative MIP gap (default: Settings, else 1e-4)")
    parser.add_argument("--time-limit", type=float, help="seconds (default: Settings, else 600)")
    parser.add_argument("--threads", type=int, help="solver threads (default: Settings, else HiGHS)")
    parser.add_argument("--random-seed", type=int, help="solver random seed (default: Settings, else 0)")
    parser.add_argument("--decomposition", choices=("auto", "on", "off"),
                        help="operations mode: Benders decomposition by (phase, period) — auto: on for "
                             "large cases (default)")


def _options(args: argparse.Namespace, case: object, **more: object) -> object:
    """SolveOptions from the flags (None: not given) over the case's Settings sheet."""
    from planner.solver.options import SolveOptions

    flags = {"mip_gap": args.mip_gap, "time_limit": args.time_limit, "threads": args.threads,
             "random_seed": args.random_seed, "decomposition": getattr(args, "decomposition", None), **more}
    return SolveOptions.from_settings(case.settings, operations=case.operations, **flags)  # type: ignore[attr-defined]


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _print_input_error(exc: InputError) -> None:
    _say(str(exc))
    for warning in exc.warnings:
        _say(f"  warning: {warning}")


def _cmd_validate(args: argparse.Namespace) -> int:
    from planner.io.reader import read_workbook

    case = read_workbook(args.workbook)
    for warning in case.warnings:
        _say(f"warning: {warning}")
    print(
        f"{args.workbook}: OK — {len(case.phases)} phases, {len(case.sites)} sites, "
        f"{len(case.regions)} regions, {len(case.grid)} grid projects, {len(case.routes)} routes, "
        f"{len(case.cables)} cables"
    )
    return EXIT_OK


def _cmd_screen(args: argparse.Namespace) -> int:
    from planner.results.screen import screen_workbook

    workbook = Path(args.workbook) if args.workbook else bundled_workbook()
    output = args.output or Path.cwd() / f"{workbook.stem}_screen.xlsx"
    result = screen_workbook(workbook, output)
    for row in result.itertuples():
        print(f"{row.site}: {row.verdict} — {row.reason}")
    _say(f"wrote {output}")
    return EXIT_OK


def _default_output(workbook: Path) -> Path:
    return Path.cwd() / f"{workbook.stem}_results.xlsx"


def _cmd_run(args: argparse.Namespace) -> int:
    from planner.io.reader import read_workbook
    from planner.io.writer import check_output_path
    from planner.pipeline import solve

    workbook = Path(args.workbook) if args.workbook else bundled_workbook()
    output = Path(args.output) if args.output else _default_output(workbook)
    if output.resolve() == workbook.resolve() or (
        output.exists() and workbook.exists() and output.samefile(workbook)
    ):
        _say(f"{output} is the input workbook — choose another output name with -o "
             "(inputs are never overwritten)")
        return EXIT_USAGE
    if args.polish_seconds is not None and not args.rolling:
        _say("--polish-seconds applies only with --rolling")
        return EXIT_USAGE
    started = time.perf_counter()
    case = read_workbook(workbook)
    check_output_path(output, [workbook])
    if args.capacity_only and case.operations:
        case = case.without("Periods")  # its warnings are the capacity model's
        _say("capacity only: Periods and Profiles ignored")
    for warning in case.warnings:
        _say(f"warning: {warning}")
    options = _options(args, case, log=args.verbose, log_stream=sys.stderr,
                       start_heuristic=args.start_heuristic,
                       progress=not (args.verbose or args.no_progress))
    if args.rolling:
        from planner.studies.rolling import rolling_plan

        if args.polish_seconds is not None and not 0 <= args.polish_seconds <= options.time_limit:
            _say(f"--polish-seconds must be between 0 and the time limit ({options.time_limit:g} s)")
            return EXIT_USAGE
        _say(f"solving {workbook.name} by rolling horizon: {len(case.sites)} sites, "
             f"{len(case.phases)} phases ...")
        plan = rolling_plan(case, options, polish_seconds=args.polish_seconds,
                            values=not args.no_values)
    else:
        _say(f"solving {workbook.name}: {len(case.sites)} sites, {len(case.phases)} phases ...")
        plan = solve(case, options=options, values=not args.no_values)
    for message in plan.messages:
        _say(f"  {message}")
    if not plan.has_solution:
        if "Diagnostics" in plan.tables:
            plan.to_excel(output, lang=args.lang)
            _say(f"{plan.status}: no plan; diagnostics written to {output}")
        else:
            _say(f"{plan.status}: no plan written")
        return EXIT_INFEASIBLE if plan.status in ("infeasible", "unbounded", "infeasible_or_unbounded") else EXIT_NO_PLAN
    plan.to_excel(output, lang=args.lang)
    if plan.status == "unverified":
        _say(f"unverified: the solver's plan breaks the model's rows (see Summary and Run); "
             f"written to {output} for inspection only")
        return EXIT_UNVERIFIED
    gap = f"{plan.gap:.4%}" if plan.gap is not None else "n/a"
    print(
        f"{plan.status}: cost {plan.objective:,.1f} MJPY (present value), gap {gap}, "
        f"{time.perf_counter() - started:.1f} s -> {output}"
    )
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace) -> int:
    from planner.io.reader import read_workbook
    from planner.io.writer import write_tables
    from planner.studies.explain import explain

    case = read_workbook(args.workbook)
    target = {f: getattr(args, f) for f in ("site", "grid", "ix", "route", "cable") if getattr(args, f)}
    explanation = explain(case, **target, options=_options(args, case))
    print(explanation.summary)
    if len(explanation.binding):
        print("Newly binding: " + ", ".join(
            f"{r.constraint}[{r.index}]" for r in explanation.binding.head(12).itertuples()))
    if args.output:
        write_tables(explanation.to_tables(), args.output, inputs=[Path(args.workbook)])
    return EXIT_OK


def _cmd_alternatives(args: argparse.Namespace) -> int:
    from planner.io.reader import read_workbook
    from planner.io.writer import write_tables
    from planner.studies.alternatives import alternatives

    case = read_workbook(args.workbook)
    result = alternatives(case, slack=args.slack, n=args.n, h=args.min_difference,
                          options=_options(args, case))
    table = result.to_table()
    for row in table.itertuples():
        print(f"{row.plan:>8}: {row.objective_mjpy:,.1f} MJPY ({row.premium:+.2%}) sites {row.sites_open}")
    print(f"robust core (open in every plan): {', '.join(result.robust_core) or 'none'}")
    if args.output:
        write_tables({"Alternatives": table, "AlternativeSites": result.site_table()}, args.output,
                     inputs=[Path(args.workbook)])
    return EXIT_OK


def _dask_executor(address: str) -> tuple[object, object]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise SolverUnavailableError(
            "Dask is not installed — run: pip install 'wattbit-planner[cluster]'"
        ) from exc
    if address == "local":
        client = Client(LocalCluster(threads_per_worker=1, processes=True))
    else:
        client = Client(address)
    return client, client.get_executor()


def _cmd_sweep(args: argparse.Namespace) -> int:
    from planner.io.reader import read_workbook
    from planner.io.writer import check_output_path
    from planner.reports.sweep_workbook import write_sweep_workbook
    from planner.studies.sweep import sweep
    from planner.studies.sweep_spec import read_spec

    workbook = Path(args.workbook)
    output = Path(args.output) if args.output else Path.cwd() / f"{workbook.stem}_sweep.xlsx"
    case = read_workbook(workbook)
    spec = read_spec(args.spec or workbook)
    check_output_path(output, [workbook])
    results = Path(args.results) if args.results else output.with_suffix(".jsonl")
    client = executor = None
    if args.scheduler:
        client, executor = _dask_executor(args.scheduler)
    try:
        result = sweep(case, spec, executor=executor, workers=args.workers, results_path=results,
                       resume=args.resume, progress=not args.no_progress, warm_start=args.warm_start,
                       options=_options(args, case, threads=args.threads or 1))
    finally:
        if client is not None:
            client.close()
    write_sweep_workbook(result, output, inputs=[workbook])
    frame = result.scenarios
    failed = int((frame["status"] == "failed").sum()) if len(frame) else 0
    print(f"{len(frame)} scenarios ({failed} failed) -> {output}; rows in {results}")
    return EXIT_OK if failed == 0 else EXIT_NO_PLAN


def _cmd_compare(args: argparse.Namespace) -> int:
    from planner.io.reader import read_workbook
    from planner.io.writer import check_output_path, write_tables
    from planner.studies.compare import compare, format_table

    workbook = Path(args.workbook) if args.workbook else bundled_workbook()
    case = read_workbook(workbook)
    if args.output:
        check_output_path(Path(args.output), [workbook])
    count = len(args.flexible_share) * (2 if args.unlimited_apn else 1)
    _say(f"comparing {workbook.name}: {count} solves ...")
    table = compare(case, args.flexible_share, unlimited_apn=args.unlimited_apn, options=_options(args, case))
    print(format_table(table))
    if args.output:
        write_tables({"Compare": table}, args.output, inputs=[workbook])
        print(f"-> {args.output}")
    return EXIT_OK


def _cmd_synth(args: argparse.Namespace) -> int:
    from planner.synth import write

    output = Path(args.output)
    if output.exists():
        raise OutputError(f"{output} already exists — choose a new name or delete it first")
    if args.periods < 0 or args.steps < 1:
        raise OutputError(f"--periods must be >= 0 and --steps >= 1, got {args.periods} and {args.steps}")
    path = write(output, args.sites, args.phases, args.seed, periods=args.periods, steps=args.steps,
                 shape=args.shape)
    ops = f", {args.periods} periods x {args.steps} steps" if args.periods > 0 else ""
    print(f"synthetic case written: {path} ({args.sites} sites, {args.phases} phases{ops}, seed {args.seed}, "
          f"shape {args.shape})")
    return EXIT_OK


def _cmd_map(args: argparse.Namespace) -> int:
    from planner.reports.mapping import read_result_tables, render_map

    path = render_map(read_result_tables(Path(args.results)), Path(args.output), lang=args.lang)
    print(f"map written: {path}")
    return EXIT_OK


def _cmd_periods(args: argparse.Namespace) -> int:
    from planner.studies.periods import run

    return run(args)


def _cmd_template(args: argparse.Namespace) -> int:
    from planner.io.template import write_template

    path = write_template(args.output, lang=args.lang)
    print(f"template written: {path}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    commands = {"run": _cmd_run, "validate": _cmd_validate, "template": _cmd_template,
                "explain": _cmd_explain, "alternatives": _cmd_alternatives, "sweep": _cmd_sweep,
                "map": _cmd_map, "synth": _cmd_synth, "compare": _cmd_compare, "periods": _cmd_periods,
                "screen": _cmd_screen}
    try:
        return commands[args.command](args)
    except InputError as exc:
        _print_input_error(exc)
        return EXIT_INPUT
    except (SolverUnavailableError, MissingExtraError) as exc:
        _say(str(exc))
        return EXIT_USAGE
    except OutputError as exc:
        _say(f"output: {exc}")
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERNAL
    except Exception as exc:  # the last line of defence: no traceback without --debug
        if args.debug:
            traceback.print_exc()
        else:
            _say(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
