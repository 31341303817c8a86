"""Headroom: the welcome-zone view of the plan (issue 16 point 4).

Grid operators publish welcome-zone maps: where large load can still connect without
new transmission. This sheet is that view after the plan, per site and per area and
phase. A site row has its connection (``grid_firm_mw`` plus the site reinforcements the
plan has built by then, and ``grid_nonfirm_mw``), what the plan draws, what is left (firm:
connection less draw; non-firm: ``grid_nonfirm_mw`` less what the plan claims), and
``connectable_mw``: the firm load a newcomer could still add there without new
transmission, the smaller of the site's firm room and its area's. An area row has the
area's supply, the DC draw on it and the supply left.

In capacity mode the draw is ``pue * it_mw``; in operations mode it is the draw at the
tightest step (site: the peak step's draw; area: the step with the least supply left,
supply taken as ``supply_mw`` times its profile). Supply left never counts imports or
surplus renewables: those are not firm. Blank (NaN) means unlimited.
"""

from __future__ import annotations

import math

import pandas as pd

from planner.results.common import ResultSheet, Solved, values_of
from planner.results.operations import area_energy_table, step_values

HEADROOM_COLUMNS = ["level", "area", "site", "phase", "firm_mw", "nonfirm_mw", "draw_mw",
                    "nonfirm_used_mw", "firm_left_mw", "nonfirm_left_mw", "connectable_mw"]
NAN = float("nan")


def _area_rows(solved: Solved) -> dict[tuple[str, str], dict[str, float]]:
    """Supply, draw and supply left per (area, phase) with a supply limit."""
    d = solved.data
    rows: dict[tuple[str, str], dict[str, float]] = {}
    if d.operations:
        steps = area_energy_table(solved)
        steps = steps[steps["supply_limit_mw"].notna()]
        steps = steps.assign(left=steps["supply_limit_mw"] - steps["grid_energy_mw"])
        for (a, t), group in steps.groupby(["area", "phase"], sort=False):
            tight = group.loc[group["left"].idxmin()]
            rows[a, t] = {"firm_mw": float(tight["supply_limit_mw"]), "draw_mw": float(tight["grid_energy_mw"]),
                          "firm_left_mw": max(0.0, float(tight["left"]))}
        return rows
    it_mw = values_of(solved.model.it_mw)
    for (a, t), supply in d.supply.items():
        load = sum(d.pue[s] * it_mw[s, t] for s in d.sites if d.site_area[s] == a)
        rows[a, t] = {"firm_mw": supply, "draw_mw": load, "firm_left_mw": max(0.0, supply - load)}
    return rows


def _site_draw(solved: Solved) -> dict[tuple[str, str], float]:
    """The site's grid draw per phase: installed x PUE, or the peak step's draw [MW]."""
    d = solved.data
    if d.operations:
        v = step_values(solved)
        return {(s, t): max((v.draw(s, t, p, k) for p, k in d.steps()), default=0.0)
                for s in d.sites for t in d.phases}
    it_mw = values_of(solved.model.it_mw)
    return {(s, t): d.pue[s] * it_mw[s, t] for s in d.sites for t in d.phases}


def headroom_table(solved: Solved) -> pd.DataFrame:
    """Site rows, then area rows: connection or supply, the plan's draw, and what is left [MW]."""
    m, d = solved.model, solved.data
    available = values_of(m.available)
    nonfirm_used = values_of(m.nonfirm_mw)
    draw = _site_draw(solved)
    areas = _area_rows(solved)
    rows = []
    for s in d.sites:
        a = d.site_area[s]
        for t in d.phases:
            area_left = areas.get((a, t), {}).get("firm_left_mw", NAN)
            used_nonfirm = nonfirm_used.get((s, t), 0.0)
            nonfirm = d.grid_nonfirm.get(s, 0.0) if s in d.grid_firm else NAN
            if s in d.grid_firm:
                firm = d.grid_firm[s] + sum(d.project_mw[g] * available[g[0], g[1], t]
                                            for g in d.site_projects.get(s, []))
                firm_left = max(0.0, firm - draw[s, t])
                nonfirm_left = max(0.0, nonfirm - used_nonfirm)
            else:
                firm = firm_left = nonfirm_left = NAN
            connectable = min((x for x in (firm_left, area_left) if not math.isnan(x)), default=NAN)
            rows.append({"level": "site", "area": a, "site": s, "phase": t, "firm_mw": firm,
                         "nonfirm_mw": nonfirm, "draw_mw": draw[s, t], "nonfirm_used_mw": used_nonfirm,
                         "firm_left_mw": firm_left, "nonfirm_left_mw": nonfirm_left,
                         "connectable_mw": connectable})
    for a in d.areas:
        for t in d.phases:
            area = areas.get((a, t))
            if area is None:
                continue
            rows.append({"level": "area", "area": a, "site": "", "phase": t, "firm_mw": area["firm_mw"],
                         "nonfirm_mw": NAN, "draw_mw": area["draw_mw"], "nonfirm_used_mw": NAN,
                         "firm_left_mw": area["firm_left_mw"], "nonfirm_left_mw": NAN,
                         "connectable_mw": area["firm_left_mw"]})
    return pd.DataFrame(rows, columns=HEADROOM_COLUMNS)


SHEET = ResultSheet("Headroom", headroom_table, {
    "firm_mw": "MW", "nonfirm_mw": "MW", "draw_mw": "MW", "nonfirm_used_mw": "MW",
    "firm_left_mw": "MW", "nonfirm_left_mw": "MW", "connectable_mw": "MW"})
