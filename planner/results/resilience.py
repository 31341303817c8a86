"""Resilience: capacity and bandwidth surviving each hazard against what is required."""

from __future__ import annotations

import pandas as pd

from planner.model.data import total_demand
from planner.results.common import ResultSheet, Solved, values_of


def resilience_table(solved: Solved) -> pd.DataFrame:
    """Capacity and bandwidth surviving each hazard against what is required."""
    m, d = solved.model, solved.data
    it_mw = values_of(m.it_mw)
    available = solved.available
    rows = []
    for h in d.hazards:
        fp = d.footprint[h]
        for t in d.phases:
            surviving_mw = sum(it_mw[s, t] for s in d.sites if s not in fp["site"])
            surviving_tbps = sum(
                d.cable_tbps[k] * available["cable", k, t] for k in d.cable_tbps
                if d.cable_landing[k] not in fp["landing"] and d.cable_ix[k] not in fp["ix"]
            )
            rows.append({
                "hazard": h, "phase": t,
                "surviving_mw": surviving_mw,
                "required_mw": d.survive_share[h] * total_demand(d, t),
                "surviving_tbps": surviving_tbps,
                "required_tbps": d.intl_survive_share[h] * d.intl_demand[t],
            })
    return pd.DataFrame(rows, columns=["hazard", "phase", "surviving_mw", "required_mw",
                                       "surviving_tbps", "required_tbps"])


SHEET = ResultSheet("Resilience", resilience_table, {"surviving_mw": "MW", "required_mw": "MW",
                                                     "surviving_tbps": "Tbps", "required_tbps": "Tbps"})
