"""The plainest alternative to the planner: FORMULATION.md sections 1-2 written straight in highspy.

A baseline to compare the planner with, and an independent second implementation of the
contract: it shares no code with ``planner``. It reads the workbook with openpyxl (section-1
defaults), builds the section-2 MILP as it is written (no tightening, no symmetry rows, no
start), adds it to HiGHS in bulk from numpy arrays and solves it. It trusts its input: the
input-error checks of section 1 are the planner's job, not the baseline's.

    python benchmarks/plain_highs.py WORKBOOK [--mip-gap G] [--time-limit S] [--threads N] [--log]

``solve_workbook(path)`` returns status, objective, bound, gap, rows, cols and the seconds of
each stage (read, build, solve) plus HiGHS's own run time. The Settings sheet's mip_gap and
time_limit_s are not used: the arguments are.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import defaultdict
from pathlib import Path

import highspy
import numpy as np
from openpyxl import load_workbook

INF = highspy.kHighsInf

# --------------------------------------------------------------------------- reading (section 1)


def _header(text) -> str:
    return re.sub(r"\[[^\]]*\]\s*$", "", str(text or "")).strip().lower()


def _cell(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _id(value) -> str | None:
    value = _cell(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return None if value is None else str(value).strip()


def _num(value, default=None):
    value = _cell(value)
    return default if value is None else float(value)


def _bool(value, default=False) -> bool:
    value = _cell(value)
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes", "1.0")
    return bool(value)


def read_sheets(path) -> dict[str, list[dict]]:
    """Sheet name (lower case) -> rows as dicts keyed by normalised header; empty rows skipped."""
    book = load_workbook(path, read_only=True, data_only=True)
    sheets = {}
    for ws in book.worksheets:
        rows = ws.iter_rows(values_only=True)
        header = [_header(h) for h in next(rows, ())]
        body = []
        for row in rows:
            values = [_cell(v) for v in row]
            if any(v is not None for v in values):
                body.append({h: v for h, v in zip(header, values) if h})
        sheets[ws.title.strip().lower()] = body
    book.close()
    return sheets


def _builds(rows, family, key, phase_index):
    """Grid / IX / Routes / Cables rows as build options (capex 0, first phase, not existing)."""
    return [{**row, "family": family, "id": _id(row[key]), "capex": _num(row.get("capex_mjpy"), 0.0),
             "earliest": phase_index[_id(row.get("earliest_phase"))] if _id(row.get("earliest_phase")) else 0,
             "existing": _bool(row.get("existing"))} for row in rows]


def read_case(path) -> dict:
    """The workbook as plain Python and numpy data, section-1 defaults applied."""
    sh = read_sheets(path)
    settings = {str(_cell(r.get("key"))).lower(): _cell(r.get("value")) for r in sh.get("settings", [])}
    phases = sh["phases"]
    P = [_id(r["phase"]) for r in phases]
    t_of = {p: i for i, p in enumerate(P)}
    year = np.array([float(r["year"]) for r in phases])
    pol = {k: np.array([_num(r.get(k), np.nan) for r in phases]) for k in (
        "capex_budget_mjpy", "intl_demand_tbps", "max_new_hub_share", "min_regional_ix",
        "max_landing_zone_share", "min_clusters", "max_clusters")}
    pol["intl_demand_tbps"] = np.nan_to_num(pol["intl_demand_tbps"])
    base_year = _num(settings.get("base_year"), year[0])
    rate = _num(settings.get("discount_rate"), 0.03)
    d = (1.0 + rate) ** -(year - base_year)

    sites = sh["sites"]
    S = [_id(r["site"]) for r in sites]

    def col(name, default):
        return np.array([_num(r.get(name), default) for r in sites])

    site = {
        "id": S, "area": [_id(r["area"]) for r in sites],
        "type": [(_cell(r.get("type")) or "cluster").lower() for r in sites],
        "hub": np.array([_bool(r.get("hub")) for r in sites]),
        "force": [(_cell(r.get("force")) or "").lower() for r in sites],
        "earliest": np.array([t_of[_id(r["earliest_phase"])] if _id(r.get("earliest_phase")) else 0
                              for r in sites]),
        **{k: col(k, v) for k, v in [
            ("existing_mw", 0.0), ("min_mw", 0.0), ("max_mw", None), ("pue", 1.0), ("load_factor", 1.0),
            ("fixed_cost_mjpy", 0.0), ("capex_mjpy_per_mw", 0.0), ("fom_mjpy_per_mw_year", 0.0),
            ("grid_firm_mw", np.nan), ("grid_nonfirm_mw", 0.0), ("battery_capex_mjpy_per_mw", 0.0),
            ("required_routes", 0.0)]},
    }

    R = ([_id(r["region"]) for r in sh["regions"]] if "regions" in sh
         else list(dict.fromkeys(_id(r["region"]) for r in sh["demand"])))
    r_of, s_of = {r: i for i, r in enumerate(R)}, {s: i for i, s in enumerate(S)}
    demand = np.zeros((len(R), len(P)))
    for row in sh["demand"]:
        demand[r_of[_id(row["region"])], t_of[_id(row["phase"])]] = _num(row.get("demand_mw"), 0.0)
    if "service" in sh:
        service = [(r_of[_id(x["region"])], s_of[_id(x["site"])], _num(x.get("cost_mjpy_per_mw_year"), 0.0),
                    _id(x.get("requires_route"))) for x in sh["service"]]
    else:
        service = [(r, s, 0.0, None) for r in range(len(R)) for s in range(len(S))]

    supply = {}  # (area, t) -> (supply_mw or None, price, carbon)
    for row in sh.get("areasupply", []):
        supply[_id(row["area"]), t_of[_id(row["phase"])]] = (
            _num(row.get("supply_mw")), _num(row.get("energy_price_jpy_per_kwh"), 0.0),
            _num(row.get("carbon_t_per_mwh"), 0.0))

    options = (_builds(sh.get("grid", []), "grid", "project", t_of) + _builds(sh.get("ix", []), "ix", "ix", t_of)
               + _builds(sh.get("routes", []), "route", "route", t_of)
               + _builds(sh.get("cables", []), "cable", "cable", t_of))
    landings = {_id(r["landing"]): _id(r.get("zone")) or "landing:" + _id(r["landing"])
                for r in sh.get("landings", [])}
    hazards = [(_id(r["hazard"]), _num(r.get("survive_share"), 0.0), _num(r.get("intl_survive_share"), 0.0))
               for r in sh.get("hazards", [])]
    footprint = {(_id(r["hazard"]), (_cell(r["kind"]) or "").lower(), _id(r["id"]))
                 for r in sh.get("hazardfootprint", [])}
    penalty = _num(settings.get("unserved_penalty_mjpy_per_mw_year"))
    return {"phases": P, "d": d, "w": d * np.array([float(r["years"]) for r in phases]), "policy": pol,
            "site": site, "regions": R, "demand": demand, "service": service, "supply": supply,
            "options": options, "landings": landings, "hazards": hazards, "footprint": footprint,
            "penalty": penalty, "carbon_price": _num(settings.get("carbon_price_jpy_per_t"), 0.0)}


# --------------------------------------------------------------------------- the MILP (section 2)


class Milp:
    """Columns and rows collected as numpy arrays, handed to HiGHS in one addCols/addRows."""

    def __init__(self):
        self.lb, self.ub, self.integer = [], [], []
        self.cost_cols, self.cost_vals = [], []
        self.n = 0
        self.offset = 0.0
        self.row_lo, self.row_hi, self.r, self.c, self.v = [], [], [], [], []
        self.m = 0

    def cols(self, shape, lb=0.0, ub=INF, integer=False) -> np.ndarray:
        """New columns, returned as an index array of ``shape``."""
        size = int(np.prod(shape))
        self.lb.append(np.broadcast_to(np.asarray(lb, float), shape).ravel())
        self.ub.append(np.broadcast_to(np.asarray(ub, float), shape).ravel())
        self.integer.append(np.full(size, integer))
        index = np.arange(self.n, self.n + size).reshape(shape)
        self.n += size
        return index

    def objective(self, cols, coefs) -> None:
        """Add ``coefs`` (broadcast to the shape of ``cols``) to the objective of ``cols``."""
        self.cost_cols.append(np.ravel(cols))
        self.cost_vals.append(np.broadcast_to(np.asarray(coefs, float), np.shape(cols)).ravel())

    def rows(self, lo, hi, r, c, v, count=None) -> None:
        """Rows ``lo <= sum_j v_j x_{c_j} <= hi``; ``r`` numbers them from 0 within this call."""
        r, c = np.ravel(np.asarray(r, int)), np.ravel(np.asarray(c, int))
        lo, hi = np.atleast_1d(np.asarray(lo, float)), np.atleast_1d(np.asarray(hi, float))
        if count is None:
            count = max(len(lo), len(hi), r.max() + 1 if r.size else 0)
        self.row_lo.append(np.broadcast_to(lo, count))
        self.row_hi.append(np.broadcast_to(hi, count))
        self.r.append(r + self.m)
        self.c.append(c)
        self.v.append(np.broadcast_to(np.asarray(v, float), r.shape).ravel() if r.size else np.zeros(0))
        self.m += count

    def row(self, terms, lo=-INF, hi=INF) -> None:
        """One row from a list of (column, coefficient)."""
        self.rows(lo, hi, [0] * len(terms), [j for j, _ in terms], [a for _, a in terms], count=1)

    def to_highs(self, h: highspy.Highs) -> None:
        cost = np.bincount(np.concatenate(self.cost_cols).astype(int), np.concatenate(self.cost_vals),
                           minlength=self.n)
        h.addCols(self.n, cost, np.concatenate(self.lb), np.concatenate(self.ub), 0,
                  np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0))
        integer = np.flatnonzero(np.concatenate(self.integer)).astype(np.int32)
        h.changeColsIntegrality(len(integer), integer, np.ones(len(integer), np.uint8))
        r, c, v = np.concatenate(self.r), np.concatenate(self.c), np.concatenate(self.v)
        key, inverse = np.unique(r * self.n + c, return_inverse=True)  # sums repeated (row, col)
        v = np.bincount(inverse, weights=v, minlength=len(key))
        r, c = key // self.n, key % self.n
        starts = np.searchsorted(r, np.arange(self.m)).astype(np.int32)
        h.addRows(self.m, np.concatenate(self.row_lo), np.concatenate(self.row_hi), len(v), starts,
                  c.astype(np.int32), v)
        h.changeObjectiveOffset(self.offset)


def build_options(m: Milp, case: dict) -> np.ndarray:
    """x_{b,t} binary (from earliest_phase, none if existing); returns a_{b,t} columns.

    a is a column defined by a = sum_{tau<=t} x (fixed at 1 for an existing option)."""
    T, opts = len(case["phases"]), case["options"]
    existing = np.array([o["existing"] for o in opts], bool)
    a = m.cols((len(opts), T), lb=existing[:, None] * 1.0, ub=1.0)
    for b, o in enumerate(opts):
        if o["existing"]:
            continue
        x = m.cols(T - o["earliest"], ub=1.0, integer=True)
        m.row([(j, 1.0) for j in x], hi=1.0)
        for t in range(T):
            m.row([(a[b, t], 1.0)] + [(x[k], -1.0) for k in range(t - o["earliest"] + 1)], lo=0.0, hi=0.0)
        m.objective(x, o["capex"] * case["d"][o["earliest"]:])
        o["x"] = x
    return a


def sites(m: Milp, case: dict) -> dict:
    """o, c, e with start values, earliest phase, force, min/max MW."""
    s, T = case["site"], len(case["phases"])
    N = len(s["id"])
    t = np.arange(T)[None, :]
    start_open = s["existing_mw"] > 0
    force = np.array(s["force"])
    allowed = (t >= s["earliest"][:, None]) | start_open[:, None]
    o_ub = np.where(allowed & (force != "closed")[:, None], 1.0, 0.0)
    o_lb = np.where(start_open[:, None] | ((force == "open")[:, None] & allowed), 1.0, 0.0)
    o = m.cols((N, T), lb=o_lb, ub=o_ub, integer=True)
    c = m.cols((N, T), lb=s["existing_mw"][:, None])
    e = m.cols((N, T))
    for v in (o, c, e):  # v_t >= v_{t-1}
        k = np.arange(N * (T - 1))
        m.rows(0.0, INF, np.repeat(k, 2), np.stack([v[:, 1:].ravel(), v[:, :-1].ravel()], 1).ravel(),
               np.tile([1.0, -1.0], len(k)))
    k, co = np.repeat(np.arange(N * T), 2), np.stack([c.ravel(), o.ravel()], 1).ravel()
    ones = np.ones(N * T)
    m.rows(-INF, 0.0, k, co, np.stack([ones, np.repeat(-s["max_mw"], T)], 1).ravel())  # c <= max o
    m.rows(0.0, INF, k, co, np.stack([ones, np.repeat(-s["min_mw"], T)], 1).ravel())   # c >= min o
    return {"o": o, "c": c, "e": e, "o0": start_open * 1.0, "c0": s["existing_mw"]}


def capex_terms(case: dict, v: dict) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(columns, per-unit capex, start value) for the site parts of CAPEX_t: o, c, e."""
    s = case["site"]
    return [(v["o"], s["fixed_cost_mjpy"], v["o0"]), (v["c"], s["capex_mjpy_per_mw"], v["c0"]),
            (v["e"], s["battery_capex_mjpy_per_mw"], np.zeros(len(s["id"])))]


def site_costs(m: Milp, case: dict, v: dict) -> None:
    """Discounted site CAPEX (differences of o, c, e) and OPEX on installed capacity c."""
    s, d, w, T = case["site"], case["d"], case["w"], len(case["phases"])
    for cols, unit, start in capex_terms(case, v):
        d_next = np.append(d[1:], 0.0)
        m.objective(cols, unit[:, None] * (d - d_next)[None, :])  # d_t (v_t - v_{t-1}) telescoped
        m.offset -= float(np.sum(unit * start)) * d[0]
    cp = case["carbon_price"]
    price = {key: p + carbon * cp / 1000.0 for key, (_, p, carbon) in case["supply"].items()}
    energy = np.array([[price.get((a, t), 0.0) for t in range(T)] for a in s["area"]]).reshape(-1, T)
    per_mw = s["fom_mjpy_per_mw_year"][:, None] + (s["pue"] * s["load_factor"] * 8.76)[:, None] * energy
    m.objective(v["c"], per_mw * w[None, :])


def demand(m: Milp, case: dict, v: dict, a: np.ndarray, opt: dict) -> None:
    """Serve y, unserved u, site capacity, requires_route."""
    D, T, service = case["demand"], len(case["phases"]), case["service"]
    R, N = D.shape[0], len(case["site"]["id"])
    pairs = np.array([(r, s) for r, s, _, _ in service], int).reshape(-1, 2)
    cost = np.array([k for _, _, k, _ in service])
    y = m.cols((len(service), T))
    m.objective(y, cost[:, None] * case["w"][None, :])
    rows_rt = (pairs[:, 0][:, None] * T + np.arange(T)[None, :]).ravel()
    terms_r, terms_c = [rows_rt], [y.ravel()]
    if case["penalty"] is not None:
        u = m.cols((R, T))
        m.objective(u, case["penalty"] * case["w"][None, :])
        terms_r.append(np.arange(R * T))
        terms_c.append(u.ravel())
    m.rows(D.ravel(), D.ravel(), np.concatenate(terms_r), np.concatenate(terms_c), 1.0)
    rows_st = (pairs[:, 1][:, None] * T + np.arange(T)[None, :]).ravel()  # sum_r y <= c
    m.rows(-INF, 0.0, np.concatenate([rows_st, np.arange(N * T)]),
           np.concatenate([y.ravel(), v["c"].ravel()]),
           np.concatenate([np.ones(y.size), -np.ones(N * T)]))
    for i, (r, _, _, route) in enumerate(service):
        if route is not None:
            for t in range(T):
                m.row([(y[i, t], 1.0), (a[opt["route", route], t], -D[r, t])], hi=0.0)


def site_power(m: Milp, case: dict, v: dict, a: np.ndarray, opt: dict) -> None:
    """Firm connection + site grid projects + non-firm backed by battery, where grid_firm_mw is given."""
    s, T = case["site"], len(case["phases"])
    projects = defaultdict(list)
    for o in case["options"]:
        if o["family"] == "grid" and str(o.get("kind", "")).strip().lower() == "site":
            projects[_id(o["site"])].append((opt["grid", o["id"]], _num(o["mw"])))
    for i in np.flatnonzero(~np.isnan(s["grid_firm_mw"])):
        f = m.cols(T, ub=s["grid_nonfirm_mw"][i])
        for t in range(T):
            m.row([(v["c"][i, t], s["pue"][i]), (f[t], -1.0)]
                  + [(a[b, t], -mw) for b, mw in projects[s["id"][i]]], hi=s["grid_firm_mw"][i])
            m.row([(f[t], 1.0), (v["e"][i, t], -1.0)], hi=0.0)


def area_balance(m: Milp, case: dict, v: dict, a: np.ndarray, opt: dict) -> None:
    """Area load <= supply + net imports over link projects, where supply_mw is given."""
    s, T = case["site"], len(case["phases"])
    links = [o for o in case["options"] if o["family"] == "grid" and str(o.get("kind", "")).strip().lower() == "link"]
    p = m.cols((len(links), T), lb=-INF)
    for g, o in enumerate(links):
        b, mw = opt["grid", o["id"]], _num(o["mw"])
        for t in range(T):
            m.row([(p[g, t], 1.0), (a[b, t], -mw)], hi=0.0)
            m.row([(p[g, t], 1.0), (a[b, t], mw)], lo=0.0)
    for (area, t), (mw, _, _) in case["supply"].items():
        if mw is None:
            continue
        terms = [(v["c"][i, t], s["pue"][i]) for i in range(len(s["id"])) if s["area"][i] == area]
        terms += [(p[g, t], 1.0) for g, o in enumerate(links) if _id(o["from_area"]) == area]
        terms += [(p[g, t], -1.0) for g, o in enumerate(links) if _id(o["to_area"]) == area]
        m.row(terms, hi=mw)


def telecom(m: Milp, case: dict, v: dict, a: np.ndarray, opt: dict) -> None:
    """Routes/cables need their IX, corridors, international Tbps, landing zones, regional IX."""
    s, T, pol = case["site"], len(case["phases"]), case["policy"]
    routes = [o for o in case["options"] if o["family"] == "route"]
    cables = [o for o in case["options"] if o["family"] == "cable"]
    ixs = [o for o in case["options"] if o["family"] == "ix"]
    for o in routes + cables:
        for t in range(T):
            m.row([(a[opt[o["family"], o["id"]], t], 1.0), (a[opt["ix", _id(o["ix"])], t], -1.0)], hi=0.0)
    corridors = defaultdict(lambda: defaultdict(list))  # site -> corridor -> route options
    for o in routes:
        corridors[_id(o["site"])][_id(o.get("corridor")) or "route:" + o["id"]].append(opt["route", o["id"]])
    for i in np.flatnonzero(s["required_routes"] > 0):
        groups = list(corridors[s["id"][i]].values())
        z = m.cols((len(groups), T), ub=1.0)
        for t in range(T):
            for q, group in enumerate(groups):
                m.row([(z[q, t], 1.0)] + [(a[b, t], -1.0) for b in group], hi=0.0)
            m.row([(z[q, t], 1.0) for q in range(len(groups))] + [(v["o"][i, t], -s["required_routes"][i])],
                  lo=0.0)
    k = [opt["cable", o["id"]] for o in cables]
    tbps = np.array([_num(o["tbps"]) for o in cables])
    zone = [case["landings"][_id(o["landing"])] for o in cables]
    for t in range(T):
        if pol["intl_demand_tbps"][t] > 0:
            m.row(list(zip(a[k, t], tbps)), lo=pol["intl_demand_tbps"][t])
        share = pol["max_landing_zone_share"][t]
        if not np.isnan(share):
            for Z in dict.fromkeys(zone):
                m.row(list(zip(a[k, t], tbps * ((np.array(zone) == Z) - share))), hi=0.0)
        if not np.isnan(pol["min_regional_ix"][t]):
            m.row([(a[opt["ix", o["id"]], t], 1.0) for o in ixs if not _bool(o.get("hub"))],
                  lo=pol["min_regional_ix"][t])


def resilience(m: Milp, case: dict, v: dict, a: np.ndarray, opt: dict) -> None:
    """Per hazard: capacity outside the footprint and international Tbps surviving."""
    s, T, F = case["site"], len(case["phases"]), case["footprint"]
    cables = [o for o in case["options"] if o["family"] == "cable"]
    total = case["demand"].sum(axis=0)
    intl = case["policy"]["intl_demand_tbps"]
    for h, share, intl_share in case["hazards"]:
        outside = [i for i, sid in enumerate(s["id"]) if (h, "site", sid) not in F]
        alive = [(opt["cable", o["id"]], _num(o["tbps"])) for o in cables
                 if (h, "landing", _id(o["landing"])) not in F and (h, "ix", _id(o["ix"])) not in F]
        for t in range(T):
            if share > 0:
                m.row([(v["c"][i, t], 1.0) for i in outside], lo=share * total[t])
            if intl_share > 0:
                m.row([(a[b, t], mw) for b, mw in alive], lo=intl_share * intl[t])


def dispersion(m: Milp, case: dict, v: dict) -> None:
    """New hub capacity share (since the start) and min/max clusters."""
    s, T, pol = case["site"], len(case["phases"]), case["policy"]
    cluster = [i for i, k in enumerate(s["type"]) if k == "cluster"]
    for t in range(T):
        share = pol["max_new_hub_share"][t]
        if not np.isnan(share):
            coef = s["hub"] - share  # sum_hub (c - ex) <= share sum_all (c - ex)
            m.row(list(zip(v["c"][:, t], coef)), hi=float(np.sum(coef * s["existing_mw"])))
        lo, hi = pol["min_clusters"][t], pol["max_clusters"][t]
        if not (np.isnan(lo) and np.isnan(hi)):
            m.row([(v["o"][i, t], 1.0) for i in cluster], lo=-INF if np.isnan(lo) else lo,
                  hi=INF if np.isnan(hi) else hi)


def budget(m: Milp, case: dict, v: dict) -> None:
    """Undiscounted CAPEX_t <= capex_budget_t."""
    limit = case["policy"]["capex_budget_mjpy"]
    for t in np.flatnonzero(~np.isnan(limit)):
        terms, rhs = [], float(limit[t])
        for cols, unit, start in capex_terms(case, v):
            terms += list(zip(cols[:, t], unit))
            if t > 0:
                terms += list(zip(cols[:, t - 1], -unit))
            else:
                rhs += float(np.sum(unit * start))
        for o in case["options"]:
            if "x" in o and t >= o["earliest"]:
                terms.append((o["x"][t - o["earliest"]], o["capex"]))
        m.row(terms, hi=rhs)


def build(case: dict) -> Milp:
    m = Milp()
    a = build_options(m, case)
    opt = {(o["family"], o["id"]): b for b, o in enumerate(case["options"])}
    v = sites(m, case)
    site_costs(m, case, v)
    demand(m, case, v, a, opt)
    site_power(m, case, v, a, opt)
    area_balance(m, case, v, a, opt)
    telecom(m, case, v, a, opt)
    resilience(m, case, v, a, opt)
    dispersion(m, case, v)
    budget(m, case, v)
    return m


# --------------------------------------------------------------------------- solving


def solve_workbook(path, *, mip_gap: float = 1e-4, time_limit: float = 600.0, threads: int = 1,
                   random_seed: int = 0, log: bool = False) -> dict:
    """Read, build and solve; status, objective, bound, gap, rows, cols and seconds per stage."""
    clock = time.perf_counter()
    case = read_case(path)
    read_s = time.perf_counter() - clock

    clock = time.perf_counter()
    h = highspy.Highs()
    h.setOptionValue("output_flag", bool(log))
    for name, value in [("mip_rel_gap", float(mip_gap)), ("time_limit", float(time_limit)),
                        ("threads", int(threads)), ("random_seed", int(random_seed))]:
        h.setOptionValue(name, value)
    m = build(case)
    m.to_highs(h)
    build_s = time.perf_counter() - clock

    clock = time.perf_counter()
    h.run()
    solve_s = time.perf_counter() - clock
    info = h.getInfo()
    has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
    return {
        "status": h.modelStatusToString(h.getModelStatus()),
        "objective": info.objective_function_value if has_plan else None,
        "bound": info.mip_dual_bound, "gap": info.mip_gap if has_plan else None,
        "rows": h.getNumRow(), "cols": h.getNumCol(),
        "read_s": read_s, "build_s": build_s, "solve_s": solve_s, "highs_s": h.getRunTime(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--mip-gap", type=float, default=1e-4)
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--log", action="store_true", help="show the HiGHS log")
    args = parser.parse_args(argv)
    out = solve_workbook(args.workbook, mip_gap=args.mip_gap, time_limit=args.time_limit,
                         threads=args.threads, log=args.log)
    for key, value in out.items():
        print(f"{key:10s} {value:.6f}" if isinstance(value, float) else f"{key:10s} {value}")
    return 0 if out["objective"] is not None else 1


if __name__ == "__main__":
    raise SystemExit(main())
