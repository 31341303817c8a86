"""Result tables from a solved model: plain DataFrames, no Pyomo beyond this module.

Column names are the workbook's snake_case names; the Excel writer adds units.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pyomo.core.base.expression import ExpressionData

from planner.case import Case
from planner.model.data import ModelData, total_demand
from planner.model.evaluate import tree_value

ZERO = 1e-9
"""Solver noise below this is reported as 0."""


def _clean(value: float | None) -> float:
    if value is None:
        return 0.0
    value = float(value)
    return 0.0 if abs(value) < ZERO else value


def _v(component: object) -> float:
    if isinstance(component, ExpressionData):
        return _clean(tree_value(component.expr))
    if getattr(component, "is_variable_type", None) is not None and component.is_variable_type():
        return _clean(component.value)  # a variable: no expression walk
    return _clean(pyo.value(component, exception=False))


def _values(component: pyo.Component) -> dict[object, float]:
    """Every entry of an indexed Var or Expression, cleaned like ``_v``, in one pass."""
    if component.ctype is pyo.Var:
        return {key: _clean(var.value) for key, var in component.items()}
    if component.ctype is pyo.Expression:
        return {key: _clean(tree_value(entry.expr)) for key, entry in component.items()}
    return {key: _v(entry) for key, entry in component.items()}


def sites_table(m: pyo.ConcreteModel, d: ModelData, case: Case) -> pd.DataFrame:
    """One row per site and phase: open, IT MW, battery, non-firm use, grid draw."""
    phases = len(d.phases)
    info = case.sites.loc[list(d.sites)]
    it_mw = _values(m.it_mw)
    is_open = _values(m.site_open)
    battery = _values(m.battery_mw)
    nonfirm = _values(m.nonfirm_mw)
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
        "nonfirm_mw": np.array([nonfirm.get(k, 0.0) for k in keys]),
        "grid_draw_mw": np.repeat([d.pue[s] for s in d.sites], phases) * it,
    })


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


def builds_table(m: pyo.ConcreteModel, d: ModelData, case: Case) -> pd.DataFrame:
    """One row per build option that is built or already exists, with what it connects."""
    grid = _grid_details(case)
    built = {key for key, var in m.build.items() if _v(var) > 0.5}
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


def locations_table(case: Case) -> pd.DataFrame:
    """Coordinates of every site, IX, landing and region (for maps and joins)."""
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


def footprints_table(case: Case) -> pd.DataFrame:
    """Which sites, landings and IXs each hazard knocks out."""
    frame = case.hazard_footprint[["hazard", "kind", "id"]].copy()
    names = case.hazards["name"]
    frame.insert(1, "hazard_name", [names.get(h, h) for h in frame["hazard"]])
    return frame.reset_index(drop=True)


def service_table(m: pyo.ConcreteModel) -> pd.DataFrame:
    """Served MW per region, site and phase (rows with flow only)."""
    flows = [(key, value) for key, value in _values(m.served_mw).items() if value > 0]
    return pd.DataFrame([(r, s, t, mw) for (r, s, t), mw in flows],
                        columns=["region", "site", "phase", "mw"])


def unserved_table(m: pyo.ConcreteModel, d: ModelData) -> pd.DataFrame:
    """Unserved MW per region and phase with demand."""
    rows = [
        {"region": r, "phase": t, "demand_mw": d.demand[(r, t)],
         "mw": _v(m.unserved_mw[r, t]) if (r, t) in m.unserved_phases else 0.0}
        for r in d.regions for t in d.phases if d.demand[(r, t)] > 0
    ]
    return pd.DataFrame(rows, columns=["region", "phase", "demand_mw", "mw"])


def area_balance_table(m: pyo.ConcreteModel, d: ModelData) -> pd.DataFrame:
    """DC grid draw, supply and net imports per area and phase.

    Link flows cost nothing, so where links have room the solver's flows are
    one of many equal answers; ``import_needed_mw`` is the part the plan relies on.
    """
    it_mw = _values(m.it_mw)
    flows = _values(m.link_flow_mw)
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


def costs_table(m: pyo.ConcreteModel, d: ModelData, case: Case) -> pd.DataFrame:
    """Cost per phase and category, undiscounted and present value.

    Capex is incurred once in its phase; opex per year is charged for the
    phase's ``years``. The discounted column sums to the objective.
    """
    rows = []
    for t in d.phases:
        years = float(case.phases.at[t, "years"])
        for c in m.capex_categories:
            value = _v(m.capex_by_category[c, t])
            rows.append({"phase": t, "kind": "capex", "category": c,
                         "undiscounted_mjpy": value, "discounted_mjpy": d.discount[t] * value})
        for c in m.opex_categories:
            value = _v(m.opex_by_category[c, t])
            rows.append({"phase": t, "kind": "opex", "category": c,
                         "undiscounted_mjpy": value * years, "discounted_mjpy": d.weight[t] * value})
    return pd.DataFrame(rows)


def resilience_table(m: pyo.ConcreteModel, d: ModelData,
                     available: dict[object, float] | None = None) -> pd.DataFrame:
    """Capacity and bandwidth surviving each hazard against what is required."""
    it_mw = _values(m.it_mw)
    available = _values(m.available) if available is None else available
    rows = []
    for h in d.hazards:
        fp = d.footprint[h]
        for t in d.phases:
            surviving_mw = sum(it_mw[s, t] for s in d.sites if s not in fp["site"])
            surviving_tbps = sum(
                d.cable_tbps[k] * available["cable", k, t] for k in d.cable_tbps
                if d.cable_landing[k] not in fp["landing"] and d.cable_ix[k] not in fp["ix"]
            )
            rows.append({
                "hazard": h, "phase": t,
                "surviving_mw": surviving_mw,
                "required_mw": d.survive_share[h] * total_demand(d, t),
                "surviving_tbps": surviving_tbps,
                "required_tbps": d.intl_survive_share[h] * d.intl_demand[t],
            })
    return pd.DataFrame(rows, columns=["hazard", "phase", "surviving_mw", "required_mw",
                                       "surviving_tbps", "required_tbps"])


def telecom_table(m: pyo.ConcreteModel, d: ModelData,
                  available: dict[object, float] | None = None) -> pd.DataFrame:
    """Routes, IXs and cables available per phase, and each landing zone's share."""
    available = _values(m.available) if available is None else available
    rows = []
    for t in d.phases:
        for f, b in d.builds:
            if f == "grid":
                continue
            row = {"kind": f, "id": b, "phase": t,
                   "available": available[f, b, t] > 0.5,
                   "site": d.route_site.get(b) if f == "route" else None,
                   "ix": d.route_ix.get(b) if f == "route" else d.cable_ix.get(b) if f == "cable" else b,
                   "zone": d.cable_zone.get(b) if f == "cable" else None,
                   "tbps": d.cable_tbps[b] if f == "cable" else float("nan"),
                   "share": float("nan")}
            rows.append(row)
        total = sum(d.cable_tbps[k] * available["cable", k, t] for k in d.cable_tbps)
        for zone in sorted(set(d.cable_zone.values())):
            tbps = sum(d.cable_tbps[k] * available["cable", k, t]
                       for k in d.cable_tbps if d.cable_zone[k] == zone)
            rows.append({"kind": "landing_zone", "id": zone.removeprefix("landing:"), "phase": t,
                         "available": tbps > 0, "site": None, "ix": None, "zone": zone.removeprefix("landing:"),
                         "tbps": tbps, "share": tbps / total if total > 0 else 0.0})
    for row in rows:
        if row["zone"]:
            row["zone"] = str(row["zone"]).removeprefix("landing:")
    return pd.DataFrame(rows, columns=["kind", "id", "phase", "available", "site", "ix", "zone",
                                       "tbps", "share"])


def extract_tables(m: pyo.ConcreteModel, d: ModelData, case: Case) -> dict[str, pd.DataFrame]:
    """All decision tables of a solved model, keyed by results-sheet name."""
    available = _values(m.available)
    return {
        "Sites": sites_table(m, d, case),
        "Builds": builds_table(m, d, case),
        "Service": service_table(m),
        "Unserved": unserved_table(m, d),
        "AreaBalance": area_balance_table(m, d),
        "Costs": costs_table(m, d, case),
        "Resilience": resilience_table(m, d, available),
        "Telecom": telecom_table(m, d, available),
        "Locations": locations_table(case),
        "Footprints": footprints_table(case),
    }
