"""Sites: one row per site and phase (open, IT MW, battery, cogeneration, non-firm use, grid draw)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.results.common import ResultSheet, Solved, values_of
from planner.results.operations import step_values


def sites_table(solved: Solved) -> pd.DataFrame:
    """One row per site and phase: open, IT MW, battery, cogeneration, non-firm use, grid draw."""
    m, d, case = solved.model, solved.data, solved.case
    phases = len(d.phases)
    info = case.sites.loc[list(d.sites)]
    it_mw = values_of(m.it_mw)
    is_open = values_of(m.site_open)
    battery = values_of(m.battery_mw)
    nonfirm = values_of(m.nonfirm_mw)
    cogen = values_of(m.cogen_mw)
    keys = [(s, t) for s in d.sites for t in d.phases]
    it = np.array([it_mw[k] for k in keys])
    previous = it.reshape(-1, phases).copy()
    previous[:, 1:] = previous[:, :-1]
    previous[:, 0] = [d.existing_mw[s] for s in d.sites]

    def per_row(column: str) -> np.ndarray:
        return np.repeat(info[column].to_numpy(), phases)

    return pd.DataFrame({
        "site": np.repeat(np.array(d.sites, dtype=object), phases),
        "name": per_row("name"), "area": per_row("area"), "type": per_row("type"),
        "hub": np.repeat(info["hub"].astype(bool).to_numpy(), phases),
        "lat": per_row("lat"), "lon": per_row("lon"),
        "phase": np.tile(np.array(d.phases, dtype=object), len(d.sites)),
        "open": np.array([is_open[k] > 0.5 for k in keys], dtype=bool),
        "it_mw": it, "new_it_mw": it - previous.ravel(),
        "battery_mw": np.array([battery.get(k, 0.0) for k in keys]),
        "cogen_mw": np.array([cogen.get(k, 0.0) for k in keys]),
        "nonfirm_mw": np.array([nonfirm.get(k, 0.0) for k in keys]),
        "grid_draw_mw": _peak_draw(solved, keys) if d.operations
        else np.repeat([d.pue[s] for s in d.sites], phases) * it,
    })


def _peak_draw(solved: Solved, keys: list[tuple[str, str]]) -> np.ndarray:
    """Operations mode: the largest grid draw of any step, per (site, phase) [MW]."""
    v = step_values(solved)
    steps = solved.data.steps()
    return np.array([max((v.draw(s, t, p, k) for p, k in steps), default=0.0) for s, t in keys])


SHEET = ResultSheet("Sites", sites_table, {"it_mw": "MW", "new_it_mw": "MW", "battery_mw": "MW",
                                            "cogen_mw": "MW", "nonfirm_mw": "MW", "grid_draw_mw": "MW"})
