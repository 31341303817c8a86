"""The ``wattbit`` command: argument parsing and exit codes only.

Exit codes: 0 plan written (optimal, or a time-limited plan with its gap),
1 internal error, 2 usage or solver missing, 3 input errors, 4 infeasible or
unbounded, 5 limit reached without a plan, 6 output could not be written.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from planner.errors import InputError, OutputError, SolverUnavailableError

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_PLAN, EXIT_OUTPUT = range(7)
BUNDLED_CASES = ("japan_watt_bit.xlsx", "example.xlsx")


def bundled_workbook() -> Path:
    """The workbook ``wattbit run`` solves when given none (shipped inside the package)."""
    folder = resources.files("planner") / "data"
    for name in BUNDLED_CASES:
        candidate = folder / name
        if candidate.is_file():
            return Path(str(candidate))
    raise FileNotFoundError("no bundled workbook found in planner/data")


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
    run.add_argument("--mip-gap", type=float, help="relative MIP gap (default: Settings, else 1e-4)")
    run.add_argument("--time-limit", type=float, help="seconds (default: Settings, else 600)")
    run.add_argument("--threads", type=int, help="solver threads (default: Settings, else HiGHS)")
    run.add_argument("--random-seed", type=int, help="solver random seed (default: Settings, else 0)")
    run.add_argument("-v", "--verbose", action="store_true", help="stream the HiGHS log")

    validate = sub.add_parser("validate", help="check a workbook without solving")
    validate.add_argument("workbook")

    template = sub.add_parser("template", help="write an empty input workbook with a README sheet")
    template.add_argument("output")
    return parser


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


def _default_output(workbook: Path) -> Path:
    return Path.cwd() / f"{workbook.stem}_results.xlsx"


def _cmd_run(args: argparse.Namespace) -> int:
    from planner.io.reader import read_workbook
    from planner.io.writer import check_output_path
    from planner.plan import solve

    workbook = Path(args.workbook) if args.workbook else bundled_workbook()
    output = Path(args.output) if args.output else _default_output(workbook)
    if output.resolve() == workbook.resolve():
        _say(f"{output} is the input workbook — choose another output name with -o "
             "(inputs are never overwritten)")
        return EXIT_USAGE
    started = time.perf_counter()
    case = read_workbook(workbook)
    check_output_path(output, [workbook])
    for warning in case.warnings:
        _say(f"warning: {warning}")
    _say(f"solving {workbook.name}: {len(case.sites)} sites, {len(case.phases)} phases ...")
    plan = solve(
        case, mip_gap=args.mip_gap, time_limit=args.time_limit, threads=args.threads,
        random_seed=args.random_seed, log=args.verbose, log_stream=sys.stderr,
    )
    for message in plan.messages:
        _say(f"  {message}")
    if not plan.has_solution:
        if "Diagnostics" in plan.tables:
            plan.to_excel(output)
            _say(f"{plan.status}: no plan; diagnostics written to {output}")
        else:
            _say(f"{plan.status}: no plan written")
        return EXIT_INFEASIBLE if plan.status in ("infeasible", "unbounded", "infeasible_or_unbounded") else EXIT_NO_PLAN
    plan.to_excel(output)
    gap = f"{plan.gap:.4%}" if plan.gap is not None else "n/a"
    print(
        f"{plan.status}: cost {plan.objective:,.1f} MJPY (present value), gap {gap}, "
        f"{time.perf_counter() - started:.1f} s -> {output}"
    )
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from planner.io.template import write_template

    path = write_template(args.output)
    print(f"template written: {path}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    commands = {"run": _cmd_run, "validate": _cmd_validate, "template": _cmd_template}
    try:
        return commands[args.command](args)
    except InputError as exc:
        _print_input_error(exc)
        return EXIT_INPUT
    except SolverUnavailableError as exc:
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
