"""Locations and Footprints: where everything is and what each hazard knocks out (for maps)."""

from __future__ import annotations

import pandas as pd

from planner.results.common import ResultSheet, Solved


def locations_table(solved: Solved) -> pd.DataFrame:
    """Coordinates of every site, IX, landing and region (for maps and joins)."""
    case = solved.case
    columns: dict[str, list[object]] = {c: [] for c in ("kind", "id", "name", "area", "zone", "lat", "lon")}
    for kind, frame in (("site", case.sites), ("ix", case.ix), ("landing", case.landings),
                        ("region", case.regions)):
        count = len(frame)
        columns["kind"] += [kind] * count
        columns["id"] += [str(i) for i in frame.index]
        for name in ("name", "area", "zone"):
            columns[name] += frame[name].tolist() if name in frame else [None] * count
        for name in ("lat", "lon"):
            columns[name] += frame[name].astype(float).tolist()
    return pd.DataFrame(columns)


def footprints_table(solved: Solved) -> pd.DataFrame:
    """Which sites, landings and IXs each hazard knocks out."""
    case = solved.case
    frame = case.hazard_footprint[["hazard", "kind", "id"]].copy()
    names = case.hazards["name"]
    frame.insert(1, "hazard_name", [names.get(h, h) for h in frame["hazard"]])
    return frame.reset_index(drop=True)


SHEET = ResultSheet("Locations", locations_table)
FOOTPRINTS_SHEET = ResultSheet("Footprints", footprints_table)
