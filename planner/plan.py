"""``solve(case) -> Plan`` and ``run(input, output)``: the pipeline end to end.

read_workbook -> build_model -> solve_model -> extract_tables -> write_tables
"""

from __future__ import annotations

import datetime as dt
import platform
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

import pandas as pd
import pyomo.environ as pyo

from planner.case import Case
from planner.diagnose import diagnose
from planner.io.reader import read_workbook
from planner.io.writer import write_tables
from planner.model import build_model, infeasible_rows, model_data
from planner.model.data import ModelData
from planner.results import extract_tables
from planner.solve import SolveOptions, solve_model, solver_version

NO_SOLUTION_HINTS: dict[str, str] = {
    "infeasible": "no plan meets every constraint — see Diagnostics; relax a limit or set an unserved penalty",
    "unbounded": "the cost can fall without limit — check for negative costs or missing bounds",
    "infeasible_or_unbounded": "HiGHS could not tell infeasible from unbounded — check costs and limits",
    "time_limit_no_solution": "the time limit ended before any plan was found — raise time_limit_s",
    "interrupted_no_solution": "the watchdog stopped a solve that overran its time limit, before "
                               "any plan was found — raise time_limit_s",
    "error": "HiGHS stopped with an error — run with -v to see its log",
}


@dataclass
class Plan:
    """A solved (or unsolvable) case: status, cost, bound and plain result tables."""

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    build_seconds: float
    solve_seconds: float
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    options: SolveOptions = field(default_factory=SolveOptions)
    case: Case | None = field(default=None, repr=False)
    model_stats: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage: read (when run() read the workbook), build, solve, extract, values."""

    @property
    def has_solution(self) -> bool:
        """Whether the plan holds decisions (optimal or an incumbent at a limit)."""
        return self.objective is not None

    def to_excel(self, path: str | Path, *, pictures: bool = True) -> Path:
        """Write the results workbook atomically (never over the input workbook).

        ``pictures`` adds native charts, a build timeline and a map (a few seconds).
        """
        inputs = [Path(self.case.source)] if self.case and self.case.source else []
        return write_tables(self.tables, path, inputs=inputs, pictures=pictures)


def resolve_options(
    case: Case,
    mip_gap: float | None = None,
    time_limit: float | None = None,
    threads: int | None = None,
    random_seed: int | None = None,
    log: bool = False,
    log_stream: TextIO | None = None,
    start_heuristic: bool | None = None,
) -> SolveOptions:
    """Arguments win over the Settings sheet, which wins over the defaults."""
    s = case.settings

    def pick(argument: Any, key: str) -> Any:
        return argument if argument is not None else s.get(key)

    return SolveOptions(
        mip_gap=float(pick(mip_gap, "mip_gap")),
        time_limit=float(pick(time_limit, "time_limit_s")),
        threads=pick(threads, "threads"),
        random_seed=int(pick(random_seed, "random_seed") or 0),
        log=log,
        log_stream=log_stream,
        start_heuristic=start_heuristic,
    )


def _versions() -> dict[str, str]:
    names = ("wattbit-planner", "pyomo", "highspy", "pandas", "numpy", "openpyxl")
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def summary_table(plan: Plan) -> pd.DataFrame:
    """The Summary sheet: status, cost, bound, gap, messages (shared with planner.rolling)."""
    rows: list[tuple[str, Any, str]] = [
        ("status", plan.status, ""),
        ("objective_mjpy", plan.objective, "MJPY PV"),
        ("best_bound_mjpy", plan.bound, "MJPY PV"),
        ("mip_gap", plan.gap, "0-1"),
        ("build_seconds", round(plan.build_seconds, 3), "s"),
        ("solve_seconds", round(plan.solve_seconds, 3), "s"),
    ]
    sites = plan.tables.get("Sites")
    if sites is not None and len(sites):
        last = sites[sites["phase"] == sites["phase"].iloc[-1]]
        rows += [
            ("sites_open_last_phase", int(last["open"].sum()), "sites"),
            ("it_mw_last_phase", float(last["it_mw"].sum()), "MW"),
            ("new_it_mw_total", float(sites["new_it_mw"].sum()), "MW"),
        ]
    costs = plan.tables.get("Costs")
    if costs is not None and len(costs):
        rows.append(("capex_undiscounted_mjpy",
                     float(costs.loc[costs["kind"] == "capex", "undiscounted_mjpy"].sum()), "MJPY"))
    unserved = plan.tables.get("Unserved")
    if unserved is not None and len(unserved):
        rows.append(("unserved_mw_max_phase", float(unserved.groupby("phase")["mw"].sum().max()), "MW"))
    for message in plan.messages:
        rows.append(("message", message, ""))
    return pd.DataFrame(rows, columns=["metric", "value", "unit"])


def run_table(plan: Plan, case: Case, started: str) -> pd.DataFrame:
    """The Run sheet: input hash, versions, options, model size, seconds per stage."""
    o = plan.options
    rows: list[tuple[str, Any]] = [
        ("started_at", started),
        ("input_file", case.source or ""),
        ("input_sha256", case.sha256 or ""),
        ("python", platform.python_version()),
        ("highs", solver_version()),
        *((f"version_{k}", v) for k, v in _versions().items()),
        ("option_mip_gap", o.mip_gap),
        ("option_time_limit_s", o.time_limit),
        ("option_threads", o.threads if o.threads is not None else "HiGHS default"),
        ("option_random_seed", o.random_seed),
        *((f"model_{k}", v) for k, v in plan.model_stats.items()),
        *((f"seconds_{k}", round(v, 3)) for k, v in plan.timings.items()),
        *(("input_warning", w) for w in case.warnings),
    ]
    return pd.DataFrame(rows, columns=["key", "value"])


def solve(
    case: Case,
    *,
    mip_gap: float | None = None,
    time_limit: float | None = None,
    threads: int | None = None,
    random_seed: int | None = None,
    log: bool = False,
    log_stream: TextIO | None = None,
    explain_infeasible: bool = True,
    values: bool = False,
    start_heuristic: bool | None = None,
) -> Plan:
    """Build and solve a case; ``None`` options come from its Settings sheet, then defaults.

    An infeasible case is re-solved elastically (``explain_infeasible``) and the
    shortfalls land in ``plan.tables["Diagnostics"]`` and ``plan.messages``.
    ``values`` adds a ``Values`` table of marginal values (one extra LP solve).
    ``start_heuristic`` first finds a plan by LP rounding and hands it to HiGHS
    (None: automatically on large models).
    """
    options = resolve_options(case, mip_gap, time_limit, threads, random_seed, log, log_stream,
                              start_heuristic)
    plan, _ = solve_data(case, model_data(case), options, explain_infeasible=explain_infeasible,
                         values=values)
    return plan


def solve_data(
    case: Case,
    data: ModelData,
    options: SolveOptions,
    *,
    explain_infeasible: bool = True,
    values: bool = False,
) -> tuple[Plan, pyo.ConcreteModel | None]:
    """Solve model data derived from ``case`` (possibly with locks); also return the model.

    For the report modules (explain, values, alternatives) that need the solved
    model itself; everyone else uses ``solve``.
    """
    started = dt.datetime.now().isoformat(timespec="seconds")
    clock = time.perf_counter()
    problems = infeasible_rows(data)
    model = None
    if problems:
        plan = Plan("infeasible", None, None, None, time.perf_counter() - clock, 0.0,
                    messages=problems, options=options, case=case)
        diagnostics = pd.DataFrame(
            [("precheck", "", "", float("nan"), "", p) for p in problems],
            columns=["constraint", "index", "phase", "shortfall", "unit", "message"],
        )
        if explain_infeasible:  # where exactly: the elastic re-solve names phases and regions
            elastic = diagnose(data, options)
            diagnostics = pd.concat([diagnostics, elastic], ignore_index=True)
            plan.messages.extend(elastic["message"])
        plan.tables["Diagnostics"] = diagnostics
    else:
        model = build_model(data)
        build_seconds = time.perf_counter() - clock
        outcome = solve_model(model, options)
        plan = Plan(outcome.status, outcome.objective, outcome.bound, outcome.gap,
                    build_seconds, outcome.solve_seconds, options=options, case=case,
                    model_stats=outcome.model_stats)
        plan.timings.update(build=build_seconds, solve=outcome.solve_seconds)
        if outcome.status == "interrupted":
            plan.messages.append("the watchdog stopped a solve that overran its time limit; "
                                 "this is the best plan found by then")
        if outcome.has_solution:
            clock = time.perf_counter()
            plan.tables = extract_tables(model, data, case)
            plan.timings["extract"] = time.perf_counter() - clock
            if values:
                from planner.values import values_table

                clock = time.perf_counter()
                plan.tables["Values"] = values_table(model, data, options)
                plan.timings["values"] = time.perf_counter() - clock
        elif outcome.status in NO_SOLUTION_HINTS:
            plan.messages.append(NO_SOLUTION_HINTS[outcome.status])
        if outcome.status in ("infeasible", "infeasible_or_unbounded") and explain_infeasible:
            diagnostics = diagnose(data, options)
            plan.tables["Diagnostics"] = diagnostics
            plan.messages.extend(diagnostics["message"])
    plan.tables = {"Summary": summary_table(plan), **plan.tables, "Run": run_table(plan, case, started)}
    return plan, model


def run(input_path: str | Path, output_path: str | Path | None = None, **solve_kwargs: Any) -> Plan:
    """Read, solve and (if a path is given) write the results workbook.

    A plan writes every results sheet; an infeasible case writes Summary,
    Diagnostics and Run so the planner sees why.
    """
    clock = time.perf_counter()
    case = read_workbook(input_path)
    read_seconds = time.perf_counter() - clock
    plan = solve(case, **solve_kwargs)
    plan.timings = {"read": read_seconds, **plan.timings}
    plan.tables["Run"] = pd.concat(
        [plan.tables["Run"], pd.DataFrame([("seconds_read", round(read_seconds, 3))], columns=["key", "value"])],
        ignore_index=True,
    )
    if output_path is not None and (plan.has_solution or "Diagnostics" in plan.tables):
        plan.to_excel(output_path)
    return plan
