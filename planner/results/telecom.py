"""Telecom: routes, IXs and cables available per phase, and each landing zone's share.

A route's ``tbps`` is its Routes.tbps (blank: unlimited) and ``tbps_used`` the traffic of
the Service pairs requiring it (Regions.tbps_per_mw x served MW; in operations mode the
peak step).
"""

from __future__ import annotations

import pandas as pd

from planner.model.data import group_label
from planner.results.common import ResultSheet, Solved, values_of
from planner.results.operations import route_use_table


def route_traffic(solved: Solved) -> dict[tuple[str, str], float]:
    """(route, phase) -> Tbps the pairs requiring the route carry (routes some pair requires)."""
    d = solved.data
    if d.operations:
        use = route_use_table(solved)
        return {(r.route, r.phase): float(r.tbps_used_peak) for r in use.itertuples()}
    traffic: dict[tuple[str, str], float] = {}
    for (r, s, t), mw in values_of(solved.model.served_mw).items():
        route = d.service_route.get((r, s))
        if route is not None:
            key = (route, t)
            traffic[key] = traffic.get(key, 0.0) + d.region_tbps_per_mw.get(r, 0.0) * mw
    return traffic


def telecom_table(solved: Solved) -> pd.DataFrame:
    """Routes, IXs and cables available per phase, and each landing zone's share."""
    d = solved.data
    available = solved.available
    traffic = route_traffic(solved)
    nan = float("nan")
    rows = []
    for t in d.phases:
        for f, b in d.builds:
            if f == "grid":
                continue
            row = {"kind": f, "id": b, "phase": t,
                   "available": available[f, b, t] > 0.5,
                   "site": d.route_site.get(b) if f == "route" else None,
                   "ix": d.route_ix.get(b) if f == "route" else d.cable_ix.get(b) if f == "cable" else b,
                   "zone": group_label(d.cable_zone[b]) if f == "cable" else None,
                   "tbps": d.cable_tbps[b] if f == "cable" else d.route_tbps.get(b, nan),
                   "tbps_used": traffic.get((b, t), 0.0) if f == "route" else nan,
                   "share": nan}
            rows.append(row)
        total = sum(d.cable_tbps[k] * available["cable", k, t] for k in d.cable_tbps)
        for zone in sorted(set(d.cable_zone.values()), key=group_label):
            tbps = sum(d.cable_tbps[k] * available["cable", k, t]
                       for k in d.cable_tbps if d.cable_zone[k] == zone)
            rows.append({"kind": "landing_zone", "id": group_label(zone), "phase": t,
                         "available": tbps > 0, "site": None, "ix": None, "zone": group_label(zone),
                         "tbps": tbps, "tbps_used": nan,
                         "share": tbps / total if total > 0 else 0.0})
    return pd.DataFrame(rows, columns=["kind", "id", "phase", "available", "site", "ix", "zone",
                                       "tbps", "tbps_used", "share"])


SHEET = ResultSheet("Telecom", telecom_table, {"tbps": "Tbps", "tbps_used": "Tbps", "share": "0-1"})
