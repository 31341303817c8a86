"""AreaBalance: DC grid draw against supply and imports, per area and phase."""

from __future__ import annotations

import pandas as pd

from planner.results.common import ResultSheet, Solved, values_of


def area_balance_table(solved: Solved) -> pd.DataFrame:
    """DC grid draw, supply and net imports per area and phase.

    Link flows cost nothing, so where links have room the solver's flows are
    one of many equal answers; ``import_needed_mw`` is the part the plan relies on.
    """
    m, d = solved.model, solved.data
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


SHEET = ResultSheet("AreaBalance", area_balance_table, {"load_mw": "MW", "supply_mw": "MW",
                                                       "import_needed_mw": "MW", "net_import_mw": "MW"})
