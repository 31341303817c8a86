"""Grid reservations and their discipline (系統の空押さえ, issue 16).

An optional ``Reservations`` sheet (area, phase, holder, mw, status committed|speculative,
optional site) is read here, outside the schema reader. Reserved MW occupy the area's
``supply_mw`` in that phase (a blank, unlimited supply stays unlimited) and, when a site is
named, that site's ``grid_firm_mw``. A row holds for its own phase only; repeat it for later
phases. The Phases column ``reclaim_share`` (0..1, default 0) releases that share of the
speculative MW: occupied = committed + (1 - reclaim_share) x speculative. Without the sheet
the case is unchanged.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import pandas as pd

from planner.errors import InputError
from planner.io.extra_columns import read_side_sheet

COLUMNS = ["area", "phase", "holder", "mw", "status", "site"]
STATUSES = ("committed", "speculative")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def read_reservations(path: str | Path | None) -> pd.DataFrame:
    """The Reservations sheet as plain rows (with ``row``); empty if absent."""
    return read_side_sheet(path, "Reservations", COLUMNS)


def check_reservations(res: pd.DataFrame, case: Any) -> list[str]:
    """One Reservations!Cell message per problem."""
    letter = {c: chr(ord("A") + i) for i, c in enumerate(COLUMNS)}
    problems = []
    for _, r in res.iterrows():
        at = lambda c: f"Reservations!{letter[c]}{int(r['row'])}"  # noqa: E731
        if _blank(r["area"]) or str(r["area"]).strip() not in case.areas.index:
            problems.append(f"{at('area')}: area {r['area']!r} is not in Areas — use an Areas id")
        if _blank(r["phase"]) or str(r["phase"]).strip() not in case.phases.index:
            problems.append(f"{at('phase')}: phase {r['phase']!r} is not in Phases — use a Phases id")
        try:
            if float(r["mw"]) < 0:
                raise ValueError
        except (TypeError, ValueError):
            problems.append(f"{at('mw')}: mw must be a number >= 0, got {r['mw']!r}")
        if _blank(r["status"]) or str(r["status"]).strip().casefold() not in STATUSES:
            problems.append(f"{at('status')}: status must be committed or speculative, got {r['status']!r}")
        if not _blank(r["site"]):
            site = str(r["site"]).strip()
            if site not in case.sites.index:
                problems.append(f"{at('site')}: site {site!r} is not in Sites — use a Sites id or leave blank")
            elif str(case.sites.loc[site, "area"]) != str(r["area"]).strip():
                problems.append(f"{at('site')}: site {site!r} lies in area {case.sites.loc[site, 'area']}, "
                                f"not {r['area']} — fix the area or the site")
    return problems


def occupied(res: pd.DataFrame, case: Any) -> pd.DataFrame:
    """Per (area, phase): committed, speculative, reclaimed and occupied MW."""
    rows = []
    for _, r in res.iterrows():
        phase = str(r["phase"]).strip()
        share = case.phases.loc[phase].get("reclaim_share", 0.0)
        share = 0.0 if _blank(share) else float(share)
        mw = float(r["mw"])
        speculative = str(r["status"]).strip().casefold() == "speculative"
        rows.append({"area": str(r["area"]).strip(), "phase": phase,
                     "site": None if _blank(r["site"]) else str(r["site"]).strip(),
                     "committed_mw": 0.0 if speculative else mw,
                     "speculative_mw": mw if speculative else 0.0,
                     "reclaimed_mw": share * mw if speculative else 0.0})
    frame = pd.DataFrame(rows, columns=["area", "phase", "site", "committed_mw", "speculative_mw",
                                        "reclaimed_mw"])
    frame["occupied_mw"] = frame["committed_mw"] + frame["speculative_mw"] - frame["reclaimed_mw"]
    return frame


def prepare(case: Any, res: pd.DataFrame | None = None) -> tuple[Any, pd.DataFrame]:
    """The case with reserved MW taken off supply (and firm connections); the per-row table."""
    if res is None:
        res = read_reservations(case.source)
    if not len(res):
        return case, occupied(res, case)
    problems = check_reservations(res, case)
    if problems:
        raise InputError(problems)
    table = occupied(res, case)
    supply = case.area_supply.copy()
    for (area, phase), mw in table.groupby(["area", "phase"])["occupied_mw"].sum().items():
        hit = (supply["area"] == area) & (supply["phase"] == phase)
        if hit.any():
            supply.loc[hit, "supply_mw"] = (supply.loc[hit, "supply_mw"] - mw).clip(lower=0.0)
    sites = case.sites.copy()
    named = table[table["site"].notna()]
    # A site's firm connection is one figure for all phases: the largest occupied share holds.
    for site, mw in named.groupby(["site", "phase"])["occupied_mw"].sum().groupby(level=0).max().items():
        firm = sites.loc[site, "grid_firm_mw"]
        if not _blank(firm):
            sites.loc[site, "grid_firm_mw"] = max(0.0, float(firm) - mw)
    return dataclasses.replace(case, area_supply=supply, sites=sites), table
