"""Telecom: routes, IXs and cables available per phase, and each landing zone's share."""

from __future__ import annotations

import pandas as pd

from planner.results.common import ResultSheet, Solved, zone_label


def telecom_table(solved: Solved) -> pd.DataFrame:
    """Routes, IXs and cables available per phase, and each landing zone's share."""
    d = solved.data
    available = solved.available
    rows = []
    for t in d.phases:
        for f, b in d.builds:
            if f == "grid":
                continue
            row = {"kind": f, "id": b, "phase": t,
                   "available": available[f, b, t] > 0.5,
                   "site": d.route_site.get(b) if f == "route" else None,
                   "ix": d.route_ix.get(b) if f == "route" else d.cable_ix.get(b) if f == "cable" else b,
                   "zone": zone_label(d.cable_zone[b]) if f == "cable" else None,
                   "tbps": d.cable_tbps[b] if f == "cable" else float("nan"),
                   "share": float("nan")}
            rows.append(row)
        total = sum(d.cable_tbps[k] * available["cable", k, t] for k in d.cable_tbps)
        for zone in sorted(set(d.cable_zone.values()), key=zone_label):
            tbps = sum(d.cable_tbps[k] * available["cable", k, t]
                       for k in d.cable_tbps if d.cable_zone[k] == zone)
            rows.append({"kind": "landing_zone", "id": zone_label(zone), "phase": t,
                         "available": tbps > 0, "site": None, "ix": None, "zone": zone_label(zone),
                         "tbps": tbps, "share": tbps / total if total > 0 else 0.0})
    return pd.DataFrame(rows, columns=["kind", "id", "phase", "available", "site", "ix", "zone",
                                       "tbps", "share"])


SHEET = ResultSheet("Telecom", telecom_table, {"tbps": "Tbps", "share": "0-1"})
