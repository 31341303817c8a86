"""AreaBalance: DC grid draw against supply and imports, per area and phase."""

from __future__ import annotations

import pandas as pd

from planner.results.common import ResultSheet, Solved, clean, values_of
from planner.results.operations import area_energy_table


def area_balance_table(solved: Solved) -> pd.DataFrame:
    """DC grid draw, supply and net imports per area and phase.

    Link flows cost nothing, so where links have room the solver's flows are
    one of many equal answers; ``import_needed_mw`` is the part the plan relies on.
    """
    m, d = solved.model, solved.data
    if d.operations:
        return _operations_balance(solved)
    it_mw = values_of(m.it_mw)
    flows = values_of(m.link_flow_mw)
    load_of = {(a, t): 0.0 for a in d.areas for t in d.phases}
    for (s, t), value in it_mw.items():
        load_of[d.site_area[s], t] += d.pue[s] * value
    net_import_of = {(a, t): 0.0 for a in d.areas for t in d.phases}
    for (f, g, t), flow in flows.items():
        src, dst = d.link_ends[(f, g)]
        if (dst, t) in net_import_of:
            net_import_of[dst, t] += flow
        if (src, t) in net_import_of:
            net_import_of[src, t] -= flow
    rows = []
    for a in d.areas:
        for t in d.phases:
            load, net_import = load_of[a, t], net_import_of[a, t]
            supply = d.supply.get((a, t), float("nan"))
            rows.append({"area": a, "phase": t, "load_mw": load, "supply_mw": supply,
                         "import_needed_mw": max(0.0, load - supply) if (a, t) in d.supply else 0.0,
                         "net_import_mw": net_import})
    return pd.DataFrame(rows)


def _operations_balance(solved: Solved) -> pd.DataFrame:
    """Operations mode: the peak step's DC draw, the supply, the most the area needs to import
    at any step, and the annual mean net import."""
    d = solved.data
    steps = area_energy_table(solved)
    steps["hours"] = steps["period"].map(d.hours_weight)
    steps["short_mw"] = (steps["dc_draw_mw"] - steps["supply_limit_mw"]).clip(lower=0.0).fillna(0.0)
    steps["import_mwh"] = -steps["net_export_mw"] * steps["hours"]
    grouped = steps.groupby(["area", "phase"], sort=False)
    rows = []
    for (a, t), group in grouped:
        rows.append({"area": a, "phase": t, "load_mw": clean(group["dc_draw_mw"].max()),
                     "supply_mw": d.supply.get((a, t), float("nan")),
                     "import_needed_mw": clean(group["short_mw"].max()),
                     "net_import_mw": clean(group["import_mwh"].sum() / 8760.0)})
    return pd.DataFrame(rows, columns=["area", "phase", "load_mw", "supply_mw", "import_needed_mw",
                                       "net_import_mw"])


SHEET = ResultSheet("AreaBalance", area_balance_table, {"load_mw": "MW", "supply_mw": "MW",
                                                       "import_needed_mw": "MW", "net_import_mw": "MW"})
