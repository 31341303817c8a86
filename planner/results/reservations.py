"""The Reservations results sheet: reclaimed MW per area and phase, what the plan uses, what it is worth.

``used_of_reclaimed_mw`` is the plan's grid draw in the area beyond what supply would allow
with every reservation held (supply - committed - speculative), capped at the MW reclaimed.
``value_mjpy_per_mw`` is the marginal value of the area supply row (power_area_balance; in
operations mode dispatch_grid_energy_max, summed over the steps) from the Values table: what
one more reclaimed MW would save.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

COLUMNS = ["area", "phase", "supply_mw", "committed_mw", "speculative_mw", "reclaim_share",
           "reclaimed_mw", "supply_after_mw", "grid_draw_mw", "used_of_reclaimed_mw",
           "value_mjpy_per_mw"]


def reservations_table(original: Any, occupied: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per (area, phase) with a reservation; ``original`` is the case before reservations."""
    if occupied.empty:
        return pd.DataFrame(columns=COLUMNS)
    sites = tables.get("Sites", pd.DataFrame())
    draw = (sites.groupby(["area", "phase"])["grid_draw_mw"].sum()
            if {"area", "phase", "grid_draw_mw"} <= set(sites.columns) else pd.Series(dtype=float))
    values = tables.get("Values")
    rows = []
    sums = occupied.groupby(["area", "phase"])[["committed_mw", "speculative_mw", "reclaimed_mw",
                                                "occupied_mw"]].sum()
    supply = {(r["area"], r["phase"]): r["supply_mw"] for r in original.area_supply.to_dict("records")}
    for (area, phase), s in sums.iterrows():
        full = supply.get((area, phase))
        full = None if full is None or pd.isna(full) else float(full)
        used = float(draw.get((area, phase), 0.0))
        held = None if full is None else full - s["committed_mw"] - s["speculative_mw"]
        used_reclaimed = (0.0 if held is None else
                          min(max(used - max(held, 0.0), 0.0), float(s["reclaimed_mw"])))
        value = None
        if values is not None and len(values):
            hit = values[values["constraint"].isin(["power_area_balance", "dispatch_grid_energy_max"])
                         & values["index"].astype(str).str.startswith(f"{area},")
                         & (values["phase"].astype(str) == str(phase))]
            if len(hit):
                value = float(hit["value_mjpy_per_unit"].iloc[0])
        share = original.phases.loc[phase].get("reclaim_share", 0.0)
        rows.append({"area": area, "phase": phase, "supply_mw": full,
                     "committed_mw": s["committed_mw"], "speculative_mw": s["speculative_mw"],
                     "reclaim_share": share, "reclaimed_mw": s["reclaimed_mw"],
                     "supply_after_mw": None if full is None else max(full - s["occupied_mw"], 0.0),
                     "grid_draw_mw": used, "used_of_reclaimed_mw": used_reclaimed,
                     "value_mjpy_per_mw": value})
    return pd.DataFrame(rows, columns=COLUMNS)
