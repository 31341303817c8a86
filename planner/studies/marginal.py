"""Marginal values of a case: solve it, then price every limit with the plan fixed."""

from __future__ import annotations

import pandas as pd

from planner.case import Case
from planner.errors import InputError
from planner.model.data import model_data
from planner.pipeline import plan_from_data
from planner.results.values import values_table
from planner.solver.options import SolveOptions


def marginal_values(case: Case, options: SolveOptions | None = None, **overrides: object) -> pd.DataFrame:
    """One row per limit and phase: its marginal value [MJPY PV per unit] and whether it binds.

    ``options`` (or the solver keywords ``mip_gap``, ``time_limit``, ``threads``,
    ``random_seed`` over the Settings sheet) choose how the case is solved first.
    """
    options = options or SolveOptions.from_settings(case.settings, operations=case.operations, **overrides)
    d = model_data(case)
    plan, model = plan_from_data(case, d, options)
    if model is None or not plan.has_solution:
        raise InputError([f"the case has no plan ({plan.status}) — marginal values need one"])
    return values_table(model, d, options)
