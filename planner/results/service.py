"""Service and Unserved: which sites serve which regions, and what is left unserved."""

from __future__ import annotations

import pandas as pd

from planner.results.common import ResultSheet, Solved, clean, value_of, values_of
from planner.results.operations import step_values


def service_table(solved: Solved) -> pd.DataFrame:
    """Served MW per region, site and phase (rows with flow only).

    In operations mode ``mw`` is the annual mean of the work run (MWh/yr / 8760).
    """
    m = solved.model
    if solved.data.operations:
        means = step_values(solved).annual_mean(step_values(solved).served, lambda i: i[:3])
        flows = [(key, clean(value)) for key, value in means.items() if clean(value) > 0]
    else:
        flows = [(key, value) for key, value in values_of(m.served_mw).items() if value > 0]
    return pd.DataFrame([(r, s, t, mw) for (r, s, t), mw in flows],
                        columns=["region", "site", "phase", "mw"])


def unserved_table(solved: Solved) -> pd.DataFrame:
    """Unserved MW per region and phase with demand."""
    m, d = solved.model, solved.data
    if d.operations:
        means = step_values(solved).annual_mean(step_values(solved).unserved, lambda i: i[:2])
        return pd.DataFrame([{"region": r, "phase": t, "demand_mw": d.demand[(r, t)],
                              "mw": clean(means.get((r, t), 0.0))}
                             for r in d.regions for t in d.phases if d.demand[(r, t)] > 0],
                            columns=["region", "phase", "demand_mw", "mw"])
    rows = [
        {"region": r, "phase": t, "demand_mw": d.demand[(r, t)],
         "mw": value_of(m.unserved_mw[r, t]) if (r, t) in m.unserved_phases else 0.0}
        for r in d.regions for t in d.phases if d.demand[(r, t)] > 0
    ]
    return pd.DataFrame(rows, columns=["region", "phase", "demand_mw", "mw"])


SHEET = ResultSheet("Service", service_table, {"mw": "MW"})
UNSERVED_SHEET = ResultSheet("Unserved", unserved_table, {"demand_mw": "MW", "mw": "MW"})
