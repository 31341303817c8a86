"""The Consent results sheet: the sites the plan opens, by when each needs local consent,
and what the plan costs if it is refused (issue 16).

The cost if refused is a re-solve with the site locked closed (as ``planner.studies.explain``
flips a site), only for sites whose ``consent`` is ``in_talks`` or ``none`` (``agreed`` sites
and sites with a blank consent get no re-solve). The re-solves run automatically for small
cases (at most ``AUTO_SITES`` candidates and ``AUTO_RESOLVES`` re-solves); otherwise the column
is blank and ``note`` says so — ask for them with ``consent_table(plan, case, resolver, resolve=True)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

COLUMNS = ["site", "name", "consent", "open_phase", "consent_needed_by", "it_mw",
           "cost_if_refused_mjpy", "note"]
AUTO_SITES = 30
AUTO_RESOLVES = 5


def has_consent(case: Any) -> bool:
    """Whether any site states its consent (the sheet is written only then)."""
    return "consent" in case.sites.columns and case.sites["consent"].notna().any()


def _opened(plan: Any, case: Any) -> list[tuple[str, str, float]]:
    """(site, first open phase, final IT MW) of the sites the plan opens (existing sites excluded)."""
    sites = plan.tables.get("Sites")
    if sites is None or sites.empty:
        return []
    order = {p: i for i, p in enumerate(case.phase_ids)}
    out = []
    for site, rows in sites.groupby("site", sort=False):
        if float(case.sites.loc[site, "existing_mw"] or 0.0) > 0:
            continue
        opened = rows[rows["open"].astype(bool)]
        if len(opened):
            first = min(opened["phase"], key=lambda p: order[p])
            last = max(rows["phase"], key=lambda p: order[p])
            out.append((str(site), str(first), float(rows.loc[rows["phase"] == last, "it_mw"].sum())))
    return out


def consent_table(plan: Any, case: Any, resolver: Callable[[Any], Any], *,
                  resolve: bool | None = None) -> pd.DataFrame:
    """One row per site the plan opens; ``resolver(case) -> Plan`` re-solves a changed case
    (the pipeline passes its own, so this module imports no pipeline); ``resolve`` None =
    automatically for small cases.
    """
    opened = _opened(plan, case)
    pending = [s for s, _, _ in opened if str(case.sites.loc[s].get("consent") or "") in ("in_talks", "none")]
    if resolve is None:
        resolve = len(case.sites) <= AUTO_SITES and len(pending) <= AUTO_RESOLVES
    rows = []
    for site, phase, mw in opened:
        consent = case.sites.loc[site].get("consent")
        cost, note = None, ""
        if site in pending:
            if resolve:
                closed = case.lock_site(site, "closed")
                again = resolver(closed)
                if again.objective is None or plan.objective is None:
                    note = f"refusal leaves no feasible plan ({again.status})"
                else:
                    cost = again.objective - plan.objective
                    note = "re-solved with the site closed"
            else:
                note = "re-solve skipped (large case): use consent_table(plan, case, resolver, resolve=True)"
        elif consent == "agreed":
            note = "consent agreed"
        else:
            note = "consent not stated"
        year = case.phases.loc[phase, "year"]
        rows.append({"site": site, "name": case.sites.loc[site].get("name"), "consent": consent,
                     "open_phase": phase, "consent_needed_by": f"{phase} ({int(year)})", "it_mw": mw,
                     "cost_if_refused_mjpy": cost, "note": note})
    return pd.DataFrame(rows, columns=COLUMNS)
