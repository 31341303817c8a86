"""Builds: every build option that is built (in which phase) or already exists."""

from __future__ import annotations

import pandas as pd

from planner.case import Case
from planner.model.data import ModelData
from planner.results.common import ResultSheet, Solved, value_of

BUILD_COLUMNS = ["family", "id", "phase_built", "capex_mjpy", "kind", "site", "from_area",
                 "to_area", "ix", "landing", "mw", "tbps"]


def _grid_details(case: Case) -> dict[str, dict[str, object]]:
    """What each grid project connects, read column-wise once (not a ``.loc`` per option)."""
    grid = case.grid
    return {
        str(g): {"kind": kind, "site": site, "from_area": a, "to_area": b, "mw": float(mw)}
        for g, kind, site, a, b, mw in zip(grid.index, grid["kind"], grid["site"], grid["from_area"],
                                           grid["to_area"], grid["mw"], strict=True)
    }


def _build_detail(d: ModelData, grid: dict[str, dict[str, object]], f: str, b: str) -> dict[str, object]:
    """What an option connects, so the table can be mapped and joined back to the inputs."""
    if f == "grid":
        return grid[b]
    if f == "route":
        return {"site": d.route_site[b], "ix": d.route_ix[b]}
    if f == "cable":
        return {"landing": d.cable_landing[b], "ix": d.cable_ix[b], "tbps": d.cable_tbps[b]}
    return {"ix": b}


def builds_table(solved: Solved) -> pd.DataFrame:
    """One row per build option that is built or already exists, with what it connects."""
    m, d, case = solved.model, solved.data, solved.case
    grid = _grid_details(case)
    built = {key for key, var in m.build.items() if value_of(var) > 0.5}
    rows = []
    for f, b in d.builds:
        if d.build_existing[(f, b)]:
            rows.append({"family": f, "id": b, "phase_built": "existing", "capex_mjpy": 0.0,
                         **_build_detail(d, grid, f, b)})
            continue
        for t in d.phases:
            if (f, b, t) in built:
                rows.append({"family": f, "id": b, "phase_built": t,
                             "capex_mjpy": d.build_capex[(f, b)], **_build_detail(d, grid, f, b)})
    return pd.DataFrame(rows, columns=BUILD_COLUMNS)


SHEET = ResultSheet("Builds", builds_table, {"capex_mjpy": "MJPY", "mw": "MW", "tbps": "Tbps"})
