"""The pipeline end to end: read -> build -> solve -> extract -> write.

``solve(case) -> Plan`` and ``run(input, output)`` are the public entry
points; ``plan_from_data`` is the same solve for model data a study has
changed (locks, flipped decisions), returning the solved model too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path
from typing import Any, TextIO

import pandas as pd
import pyomo.environ as pyo

from planner.case import Case
from planner.case.reservations import prepare as prepare_reservations
from planner.case.screen import prepare as prepare_case
from planner.i18n import check_lang
from planner.io.reader import read_workbook
from planner.model import build_model, infeasible_rows, model_data
from planner.model.check import plan_violations
from planner.model.data import ModelData
from planner.plan import Plan
from planner.results import diagnostics
from planner.results.consent import consent_table, has_consent
from planner.results.registry import extract_tables
from planner.results.reservations import reservations_table
from planner.results.run import run_table
from planner.results.summary import summary_table
from planner.results.values import values_table
from planner.solver.options import SolveOptions
from planner.solver.outcome import NO_SOLUTION_HINTS, SolveOutcome
from planner.solver.run import optimise
from planner.studies import decomposition
from planner.studies.infeasibility import diagnose, elastic_diagnosis

INFEASIBLE = ("infeasible", "infeasible_or_unbounded")
UNVERIFIED = "unverified"
"""Status of a plan the solver called a plan but that breaks a row or bound of the model."""
SOLVER_DISAGREES = "solver_disagrees"
"""Status when HiGHS says infeasible but the elastic re-solve needs no shortfall at all."""


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
    options: SolveOptions | None = None,
) -> Plan:
    """Build and solve a case; ``None`` options come from its Settings sheet, then defaults.

    An infeasible case is re-solved elastically (``explain_infeasible``) and the
    shortfalls land in ``plan.tables["Diagnostics"]`` and ``plan.messages``.
    ``values`` adds a ``Values`` table of marginal values (one extra LP solve).
    ``start_heuristic`` first finds a plan by LP rounding and hands it to HiGHS
    (None: automatically on large models). ``options`` replaces all the solver keywords.
    """
    if options is None:
        options = SolveOptions.from_settings(
            case.settings, operations=case.operations, mip_gap=mip_gap, time_limit=time_limit, threads=threads,
            random_seed=random_seed, log=log, log_stream=log_stream, start_heuristic=start_heuristic)
    original = case
    case, screen = prepare_case(case)  # the siting screen and consent (issue 16)
    case, reserved = prepare_reservations(case)  # grid reservations, planner/case/reservations.py
    plan, _ = plan_from_data(case, model_data(case), options, explain_infeasible=explain_infeasible,
                             values=values or len(reserved) > 0)
    if len(reserved) and plan.has_solution:
        plan.tables = {**plan.tables, "Reservations": reservations_table(original, reserved, plan.tables)}
    if has_consent(case) and plan.has_solution:
        def resolver(changed: Case) -> Plan:
            return plan_from_data(changed, model_data(changed), options, explain_infeasible=False)[0]

        plan.tables = {**plan.tables, "Consent": consent_table(plan, case, resolver)}
    if len(screen):
        plan.tables = {**plan.tables, "Screen": screen}
        plan.messages.extend(f"Sites: '{s}' kept out of the plan by the screen ({r})"
                             for s, r in screen.drop_duplicates("site").set_index("site")["verdict"].items()
                             if r.startswith("screened out"))
    return plan


def _precheck_plan(case: Case, data: ModelData, options: SolveOptions, problems: list[str],
                   explain_infeasible: bool, seconds: float) -> Plan:
    """The plan of a case its data alone shows infeasible: no solve, only Diagnostics."""
    plan = Plan("infeasible", None, None, None, seconds, 0.0, messages=problems, options=options, case=case)
    found = diagnostics.precheck_rows(problems)
    if explain_infeasible:  # where exactly: the elastic re-solve names phases and regions
        elastic = diagnose(data, options)
        found = pd.concat([found, elastic], ignore_index=True)
        plan.messages.extend(elastic["message"])
    plan.tables["Diagnostics"] = found
    return plan


def confirmed(model: pyo.ConcreteModel, outcome: SolveOutcome, options: SolveOptions,
              data: ModelData) -> tuple[SolveOutcome, bool]:
    """An "infeasible" from HiGHS, re-solved with presolve off before it is believed.

    HiGHS's MIP presolve has declared feasible models infeasible (ERGO-Code/HiGHS
    #1164, #1517, #1958, #2388, #3090, ...); presolve off found the plan each time.
    Returns the outcome to report and whether presolve misjudged the case.
    """
    if outcome.status not in INFEASIBLE:
        return outcome, False
    again = optimise(model, options, data=data, presolve=False)
    return (again, True) if again.has_solution else (outcome, False)


def verify(plan: Plan, model: pyo.ConcreteModel) -> None:
    """Check the loaded plan against every row and bound of the model, independently of
    HiGHS's own report (which has called infeasible plans optimal, ERGO-Code/HiGHS #1710).

    The largest violations go to Run; a plan beyond the tolerance keeps its tables for
    inspection but its status says ``unverified``.
    """
    clock = time.perf_counter()
    check = plan_violations(model)
    plan.timings["check"] = time.perf_counter() - clock
    plan.checks.update(max_row_violation=check.max_row_violation, worst_row=check.worst_row or "",
                       max_row_violation_relative=check.max_row_violation_relative,
                       max_bound_violation=check.max_bound_violation, worst_bound=check.worst_bound or "",
                       max_integrality_violation=check.max_integrality_violation,
                       worst_integer=check.worst_integer or "", plan_verified=check.ok())
    if not check.ok():
        plan.messages.append(
            f"HiGHS reported '{plan.status}', but the plan breaks the model: row {check.worst_row} by "
            f"{check.max_row_violation:.3g}, bound {check.worst_bound} by {check.max_bound_violation:.3g}, "
            f"integrality {check.worst_integer} by {check.max_integrality_violation:.3g} — do not use it; "
            "re-run with another random_seed or mip_gap and report the case")
        plan.status = UNVERIFIED


def _infeasible_explained(plan: Plan, data: ModelData, options: SolveOptions) -> pyo.ConcreteModel | None:
    """Diagnostics for an infeasible plan; if the elastic re-solve needs no shortfall at all,
    the case is feasible after all: the untightened model is solved (presolve off) for a plan.

    Returns the model that holds a plan, if one was found this way.
    """
    diagnosis = elastic_diagnosis(data, options)
    if diagnosis.total_shortfall is None or diagnosis.total_shortfall > 1e-6:
        plan.tables["Diagnostics"] = diagnosis.table
        plan.messages.extend(diagnosis.table["message"])
        return None
    untightened = dataclasses.replace(data, tighten=False)
    plain = build_model(untightened)
    again = optimise(plain, options, data=untightened, presolve=False)
    if again.has_solution:
        plan.status, plan.objective, plan.bound, plan.gap = again.status, again.objective, again.bound, again.gap
        plan.messages.append("HiGHS declared the case infeasible, but the elastic re-solve needed no "
                             "shortfall; the untightened model solved with presolve off gave this plan")
        return plain
    if plan.status == "infeasible_or_unbounded":  # feasible, so HiGHS's other answer holds
        plan.status = "unbounded"
        plan.messages.append("HiGHS could not tell infeasible from unbounded; the elastic re-solve "
                             "needed no shortfall, so the case is feasible and its cost unbounded")
        return None
    plan.status = SOLVER_DISAGREES
    plan.messages.append("HiGHS declared the case infeasible (also with presolve off), but the elastic "
                         "re-solve found a plan with no shortfall at all: the case is feasible and HiGHS "
                         "could not find its plan — report the case; try another random_seed")
    return None


VALUES_SKIPPED = ("no Values sheet: the case was solved by decomposition, and marginal values need the "
                  "whole model's LP with the plan's binaries fixed, as large as the model itself — "
                  "planner.marginal_values(case) computes them on request")


def capacity_plan_start(model: pyo.ConcreteModel, case: Case, data: ModelData, options: SolveOptions) -> bool:
    """Operations mode: set the capacity model's sites and builds on ``model`` as a start.

    The capacity model (Periods ignored) is solved at the same gap within a quarter of the
    time limit; its binaries are a plan of the operations model too whenever it is feasible
    there, which HiGHS checks (``warm_start`` re-solves the continuous part). Locks and
    screens are in ``data``, so the start is taken from the same decisions. Returns whether
    a start was set; the optimum never depends on it.
    """
    capacity_data = dataclasses.replace(model_data(case.without("Periods")), build_lock=data.build_lock,
                                        force=data.force)
    if infeasible_rows(capacity_data):
        return False
    capacity = build_model(capacity_data)
    quick = options.replace(time_limit=max(1.0, options.time_limit / 4), log=False, progress=False,
                            capacity_start=False)
    outcome = optimise(capacity, quick, data=capacity_data)
    if outcome.objective is None:
        return False
    for name in ("site_open", "build"):
        source = getattr(capacity, name)
        for index, var in getattr(model, name).items():
            if not var.fixed and index in source and source[index].value is not None:
                var.set_value(round(source[index].value))
    for var in model.component_data_objects(pyo.Var):
        if var.value is None:
            var.set_value(max(var.lb or 0.0, 0.0) if var.ub is None or var.ub >= 0 else var.ub)
    return True


def plan_from_data(
    case: Case,
    data: ModelData,
    options: SolveOptions,
    *,
    explain_infeasible: bool = True,
    values: bool = False,
) -> tuple[Plan, pyo.ConcreteModel | None]:
    """Solve model data derived from ``case`` (possibly with locks); also return the model.

    For the studies (explain, values, alternatives) that need the solved model
    itself; everyone else uses ``solve``.
    """
    started = dt.datetime.now().isoformat(timespec="seconds")
    clock = time.perf_counter()
    problems = infeasible_rows(data)
    if problems:
        plan = _precheck_plan(case, data, options, problems, explain_infeasible, time.perf_counter() - clock)
        return finish(plan, case, started), None
    model = build_model(data)
    build_seconds = time.perf_counter() - clock
    start_seconds, warm = 0.0, False
    split = decomposition.decomposed_outcome(model, options, data) if decomposition.wanted(model, options) else None
    if split is not None:
        plan, model = _finish_solved(case, data, model, split, options, build_seconds, started, False)
        if values:
            plan.messages.append(VALUES_SKIPPED)
        return plan, model
    if data.operations and options.capacity_start:
        clock = time.perf_counter()
        warm = capacity_plan_start(model, case, data, options)
        start_seconds = time.perf_counter() - clock
    ops_options = options.replace(time_limit=max(1.0, options.time_limit - start_seconds)) if warm else options
    outcome, misjudged = confirmed(model, optimise(model, ops_options, data=data, warm_start=warm), options, data)
    return _finish_solved(case, data, model, outcome, options, build_seconds, started, values,
                          misjudged=misjudged, start_seconds=start_seconds, explain_infeasible=explain_infeasible)


def _finish_solved(case: Case, data: ModelData, model: pyo.ConcreteModel, outcome: SolveOutcome,
                   options: SolveOptions, build_seconds: float, started: str, values: bool, *,
                   misjudged: bool = False, start_seconds: float = 0.0,
                   explain_infeasible: bool = True) -> tuple[Plan, pyo.ConcreteModel]:
    """The plan of a solved model (status and messages, checks, tables, Summary and Run), and the
    model its tables were read from (the elastic re-solve's, when that rescued the case)."""
    plan = Plan(outcome.status, outcome.objective, outcome.bound, outcome.gap, build_seconds,
                outcome.solve_seconds, options=options, case=case, model_stats=outcome.model_stats)
    plan.timings.update(build=build_seconds, solve=outcome.solve_seconds)
    if start_seconds:
        plan.timings["capacity_start"] = start_seconds
    if outcome.termination == "decomposition":
        plan.messages.append(outcome.log)
    if misjudged:
        plan.messages.append("HiGHS's presolve declared the case infeasible; re-solved with presolve "
                             "off, which found this plan (a known HiGHS presolve fault)")
        plan.checks["presolve_misjudged"] = True
    if outcome.status == "interrupted":
        plan.messages.append("the watchdog stopped a solve that overran its time limit; "
                             "this is the best plan found by then")
    if outcome.status in INFEASIBLE and explain_infeasible:
        rescued = _infeasible_explained(plan, data, options)
        if rescued is not None:
            model = rescued
    if plan.has_solution:
        verify(plan, model)
        add_tables(plan, model, data, case, values=values and plan.status != UNVERIFIED)
    elif plan.status in NO_SOLUTION_HINTS:
        plan.messages.append(NO_SOLUTION_HINTS[plan.status])
    return finish(plan, case, started), model


def add_tables(plan: Plan, model: pyo.ConcreteModel, data: ModelData, case: Case, *,
               values: bool = False) -> None:
    """The decision tables (and Values) of a solved model, each stage timed."""
    clock = time.perf_counter()
    plan.tables = extract_tables(model, data, case)
    plan.timings["extract"] = time.perf_counter() - clock
    if values:
        clock = time.perf_counter()
        plan.tables["Values"] = values_table(model, data, plan.options)
        plan.timings["values"] = time.perf_counter() - clock


def finish(plan: Plan, case: Case, started: str) -> Plan:
    """Summary first and Run last, from what the plan now holds."""
    body = {k: v for k, v in plan.tables.items() if k not in ("Summary", "Run")}
    plan.tables = {"Summary": summary_table(plan), **body, "Run": run_table(plan, case, started)}
    return plan


def run(input_path: str | Path, output_path: str | Path | None = None, *, lang: str = "en",
        **solve_kwargs: Any) -> Plan:
    """Read, solve and (if a path is given) write the results workbook.

    A plan writes every results sheet; an infeasible case writes Summary,
    Diagnostics and Run so the planner sees why. ``lang="ja"``: the workbook's
    Summary descriptions, charts and map in Japanese (``Plan.to_excel``).
    """
    check_lang(lang)
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
        plan.to_excel(output_path, lang=lang)
    return plan
