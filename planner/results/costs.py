"""Costs: per phase and category, undiscounted and present value."""

from __future__ import annotations

import pandas as pd

from planner.results.common import ResultSheet, Solved, value_of


def costs_table(solved: Solved) -> pd.DataFrame:
    """Cost per phase and category, undiscounted and present value.

    Capex is incurred once in its phase; opex per year is charged for the
    phase's ``years``. The discounted column sums to the objective.
    """
    m, d, case = solved.model, solved.data, solved.case
    rows = []
    for t in d.phases:
        years = float(case.phases.at[t, "years"])
        for c in m.capex_categories:
            value = value_of(m.capex_by_category[c, t])
            rows.append({"phase": t, "kind": "capex", "category": c,
                         "undiscounted_mjpy": value, "discounted_mjpy": d.discount[t] * value})
        for c in m.opex_categories:
            value = value_of(m.opex_by_category[c, t])
            rows.append({"phase": t, "kind": "opex", "category": c,
                         "undiscounted_mjpy": value * years, "discounted_mjpy": d.weight[t] * value})
    return pd.DataFrame(rows)


SHEET = ResultSheet("Costs", costs_table, {"undiscounted_mjpy": "MJPY", "discounted_mjpy": "MJPY PV"})
