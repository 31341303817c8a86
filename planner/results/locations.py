"""Locations and Footprints: where everything is and what each hazard knocks out (for maps)."""

from __future__ import annotations

import pandas as pd

from planner.results.common import ResultSheet, Solved


def locations_table(solved: Solved) -> pd.DataFrame:
    """Coordinates of every site, IX, landing and region (for maps and joins); a ``name_ja``
    column after ``name`` when the case gives any site a Japanese name (``--lang ja``)."""
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
    table = pd.DataFrame(columns)
    if "name_ja" in case.sites and case.sites["name_ja"].notna().any():  # only when a case gives them
        names = case.sites["name_ja"].where(case.sites["name_ja"].notna(), None)
        table.insert(3, "name_ja", [names.get(i) if k == "site" else None
                                    for k, i in zip(table["kind"], table["id"], strict=True)])
    return table


def footprints_table(solved: Solved) -> pd.DataFrame:
    """Which sites, landings and IXs each hazard knocks out."""
    case = solved.case
    frame = case.hazard_footprint[["hazard", "kind", "id"]].copy()
    names = case.hazards["name"]
    frame.insert(1, "hazard_name", [names.get(h, h) for h in frame["hazard"]])
    return frame.reset_index(drop=True)


SHEET = ResultSheet("Locations", locations_table)
FOOTPRINTS_SHEET = ResultSheet("Footprints", footprints_table)
