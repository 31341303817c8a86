"""Why is a case infeasible? An elastic re-solve answers in planners' words.

Every row of the relaxable families (``results.diagnostics.RELAXABLE``) gets a
non-negative slack (``model.addons.add_elastic_rows``), and the elastic model
minimises the weighted slack alone: the answer is the smallest set of
shortfalls that would make the plan possible, each reported as "phase: what
is short, by how much — what to change".
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
import pyomo.environ as pyo

from planner.model import build_model
from planner.model.addons import add_elastic_rows
from planner.model.data import ModelData
from planner.results import diagnostics
from planner.solver.options import SolveOptions
from planner.solver.run import optimise

SLACK_TOLERANCE = diagnostics.SLACK_TOLERANCE


@dataclass(frozen=True)
class Diagnosis:
    """The shortfall rows and their weighted total (None when the elastic model has no plan)."""

    table: pd.DataFrame
    total_shortfall: float | None


def elastic_diagnosis(d: ModelData, options: SolveOptions) -> Diagnosis:
    """Solve the elastic model of ``d``; every shortfall above the tolerance is a row."""
    m = build_model(dataclasses.replace(d, tighten=False))  # derived big-Ms would hide the slack
    weights = {name: rule.weight for name, rule in diagnostics.RELAXABLE.items()}
    slacks = add_elastic_rows(m, weights)
    outcome = optimise(m, options.replace(progress_label="diagnosing infeasibility"),
                       presolve=False)  # presolve misjudges infeasible cases
    if not outcome.has_solution:
        return Diagnosis(diagnostics.message_row(
            f"the elastic re-solve ended '{outcome.status}': the conflict lies in rules that are not "
            "relaxed (site sizes, build order) — check min_mw, earliest_phase and force"), None)
    found = []
    for name, index, slack in slacks:
        value = pyo.value(slack)
        if value is not None and value > SLACK_TOLERANCE:
            found.append((name, index if isinstance(index, tuple) else (index,), float(value)))
    return Diagnosis(diagnostics.shortfall_rows(found), float(outcome.objective or 0.0))


def diagnose(d: ModelData, options: SolveOptions) -> pd.DataFrame:
    """Shortfalls that explain an infeasible case, one row each (empty if none found)."""
    return elastic_diagnosis(d, options).table
