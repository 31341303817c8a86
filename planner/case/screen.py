"""The siting screen in the seed paper's order and local consent (issue 16).

① power first, ② overlay what DC operation needs, ③ disperse. A ``Criteria``
sheet (criterion, column, rule, threshold, step, hard, penalty_mjpy) is read
here, not by the schema reader, so the core reader stays unchanged. ``prepare``
is the case-preparation step before ``model_data``: a candidate failing a hard
criterion is locked closed (kept out of the MILP, listed with the reason); a
soft failure adds its ``penalty_mjpy`` to the site's ``fixed_cost_mjpy``; a
``consent_phase`` later than ``earliest_phase`` becomes the earliest phase.
With no Criteria sheet and no consent_phase the case is returned unchanged.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import pandas as pd

from planner.errors import InputError
from planner.io.extra_columns import read_side_sheet

RULES = (">=", "<=", "in")
SCREEN_COLUMNS = ["site", "step", "criterion", "column", "rule", "threshold", "value", "passed",
                  "hard", "penalty_mjpy", "verdict"]
CRITERIA_COLUMNS = ["criterion", "column", "rule", "threshold", "step", "hard", "penalty_mjpy"]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().casefold() in ("true", "yes", "1", "y", "x")


def read_criteria(path: str | Path | None) -> pd.DataFrame:
    """The Criteria sheet of a workbook as plain rows (with ``row``); empty if absent."""
    return read_side_sheet(path, "Criteria", CRITERIA_COLUMNS)


def check_criteria(criteria: pd.DataFrame, sites: pd.DataFrame) -> list[str]:
    """One Criteria!Cell message per problem (unknown column, bad rule, threshold type, step)."""
    letters = {c: chr(ord("A") + i) for i, c in enumerate(CRITERIA_COLUMNS)}
    problems: list[str] = []
    known = set(sites.columns) | {"site"}
    for _, c in criteria.iterrows():
        r = int(c["row"])
        where = lambda col: f"Criteria!{letters[col]}{r}"  # noqa: E731
        if _blank(c["column"]) or str(c["column"]).strip() not in known:
            problems.append(f"{where('column')}: unknown Sites column {c['column']!r} — use one of "
                            f"{', '.join(sorted(map(str, known)))}")
        rule = "" if _blank(c["rule"]) else str(c["rule"]).strip()
        if rule not in RULES:
            problems.append(f"{where('rule')}: rule must be >=, <= or in, got {c['rule']!r}")
        if _blank(c["threshold"]):
            problems.append(f"{where('threshold')}: threshold is required — fill it in")
        elif rule in (">=", "<="):
            try:
                float(c["threshold"])
            except (TypeError, ValueError):
                problems.append(f"{where('threshold')}: rule {rule} needs a number, got {c['threshold']!r}")
        if _blank(c["step"]) or str(c["step"]).strip() not in ("1", "2", "3", "1.0", "2.0", "3.0"):
            problems.append(f"{where('step')}: step must be 1, 2 or 3 (the paper's ① ② ③), got {c['step']!r}")
        if not _blank(c["penalty_mjpy"]):
            try:
                if float(c["penalty_mjpy"]) < 0:
                    raise ValueError
            except (TypeError, ValueError):
                problems.append(f"{where('penalty_mjpy')}: penalty_mjpy must be a number >= 0, "
                                f"got {c['penalty_mjpy']!r}")
    return problems


def _passes(value: Any, rule: str, threshold: Any) -> bool:
    if _blank(value):
        return False
    if rule == "in":
        allowed = {s.strip().casefold() for s in str(threshold).split(",")}
        text = str(value).strip().casefold()
        if isinstance(value, bool):
            text = "true" if value else "false"
        return text in allowed
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return number >= float(threshold) if rule == ">=" else number <= float(threshold)


def screen_table(sites: pd.DataFrame, criteria: pd.DataFrame) -> pd.DataFrame:
    """Each candidate x criterion in step order, with its value, pass/fail and the site's verdict."""
    rows = []
    ordered = criteria.assign(_step=criteria["step"].map(lambda s: int(float(s)))).sort_values(
        ["_step", "row"], kind="stable")
    for site, s in sites.iterrows():
        site_rows = []
        for _, c in ordered.iterrows():
            column = str(c["column"]).strip()
            value = site if column == "site" else s.get(column)
            hard = _flag(c["hard"]) if not _blank(c["hard"]) else False
            penalty = 0.0 if _blank(c["penalty_mjpy"]) else float(c["penalty_mjpy"])
            site_rows.append({
                "site": site, "step": int(c["_step"]), "criterion": c["criterion"] or column,
                "column": column, "rule": str(c["rule"]).strip(), "threshold": c["threshold"],
                "value": None if _blank(value) else value,
                "passed": _passes(value, str(c["rule"]).strip(), c["threshold"]),
                "hard": hard, "penalty_mjpy": 0.0 if hard else penalty,
            })
        hard_fail = [r["criterion"] for r in site_rows if r["hard"] and not r["passed"]]
        soft_fail = [r for r in site_rows if not r["hard"] and not r["passed"]]
        if hard_fail:
            verdict = "screened out: " + ", ".join(map(str, hard_fail))
        elif soft_fail:
            verdict = (f"candidate, penalty {sum(r['penalty_mjpy'] for r in soft_fail):g} MJPY: "
                       + ", ".join(str(r["criterion"]) for r in soft_fail))
        else:
            verdict = "candidate"
        rows.extend({**r, "verdict": verdict} for r in site_rows)
    return pd.DataFrame(rows, columns=SCREEN_COLUMNS)


def screened_out(table: pd.DataFrame) -> list[str]:
    """Sites a hard criterion keeps out of the MILP."""
    if table.empty:
        return []
    return sorted(set(table.loc[table["verdict"].str.startswith("screened out"), "site"]))


def prepare(case: Any, criteria: pd.DataFrame | None = None) -> tuple[Any, pd.DataFrame]:
    """The case the MILP sees after the screen and consent, and the Screen table.

    ``criteria`` defaults to the Criteria sheet of ``case.source``. Raises ``InputError``
    with Criteria!Cell messages for a bad sheet.
    """
    if criteria is None:
        criteria = read_criteria(case.source)
    sites = case.sites.copy()
    table = pd.DataFrame(columns=SCREEN_COLUMNS)
    changed = False
    if len(criteria):
        problems = check_criteria(criteria, sites)
        if problems:
            raise InputError(problems)
        table = screen_table(sites, criteria)
        for site in screened_out(table):
            sites.loc[site, "force"] = "closed"
            changed = True
        soft = table[~table["hard"] & ~table["passed"]].groupby("site")["penalty_mjpy"].sum()
        for site, penalty in soft.items():
            if penalty and site not in screened_out(table):
                base = sites.loc[site, "fixed_cost_mjpy"]
                sites.loc[site, "fixed_cost_mjpy"] = (0.0 if _blank(base) else float(base)) + penalty
                changed = True
    if "consent_phase" in sites.columns:
        order = list(case.phases.index)
        for site, s in sites.iterrows():
            later = s["consent_phase"]
            if _blank(later):
                continue
            earliest = s.get("earliest_phase")
            if _blank(earliest) or order.index(later) > order.index(earliest):
                sites.loc[site, "earliest_phase"] = later
                changed = True
    return (dataclasses.replace(case, sites=sites) if changed else case), table
