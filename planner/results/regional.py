"""Regional KPIs (issue 16 point 5): how much of the plan's new capacity lands outside the hubs.

Per phase, from the Sites table and the case: new IT MW outside the Tokyo/Osaka hubs
(Sites.hub false) and its share of all new IT MW, the site capex (fixed cost of sites
opened plus capex per MW of new IT MW) outside the hubs, and how many grid areas gain DC
capacity. Rows are named ``metric:phase``.
"""

from __future__ import annotations

import pandas as pd

from planner.case import Case


def regional_kpis(sites: pd.DataFrame | None, case: Case | None) -> list[tuple[str, float, str]]:
    """Summary rows (empty without a Sites table or case)."""
    if sites is None or case is None or not len(sites):
        return []
    info = case.sites
    rows: list[tuple[str, float, str]] = []
    previous_open: dict[str, bool] = {s: float(info.at[s, "existing_mw"] or 0) > 0 for s in info.index}
    for phase in dict.fromkeys(sites["phase"]):
        now = sites[sites["phase"] == phase]
        outside = now[~now["hub"].astype(bool)]
        new_total = float(now["new_it_mw"].clip(lower=0).sum())
        new_outside = float(outside["new_it_mw"].clip(lower=0).sum())
        opened = [s for s, is_open in zip(outside["site"], outside["open"], strict=True)
                  if bool(is_open) and not previous_open.get(s, False)]
        capex = sum(float(info.at[s, "fixed_cost_mjpy"] or 0) for s in opened) + sum(
            float(info.at[s, "capex_mjpy_per_mw"] or 0) * max(0.0, float(mw))
            for s, mw in zip(outside["site"], outside["new_it_mw"], strict=True))
        areas = now.loc[now["new_it_mw"] > 1e-9, "area"].nunique()
        rows += [
            (f"new_it_mw_outside_hubs:{phase}", new_outside, "MW"),
            (f"new_it_share_outside_hubs:{phase}", new_outside / new_total if new_total > 0 else 0.0, "0-1"),
            (f"site_capex_outside_hubs_mjpy:{phase}", capex, "MJPY"),
            (f"areas_gaining_capacity:{phase}", float(areas), "areas"),
        ]
        previous_open.update({s: bool(o) for s, o in zip(now["site"], now["open"], strict=True)})
    return rows
