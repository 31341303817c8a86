"""The Screen sheet and `wattbit screen`: every candidate, criterion by criterion, and a verdict.

Rows come from ``planner.case.screen.screen_table`` (candidate x criterion in the paper's
step order ① power ② DC needs ③ dispersal); ``verdicts`` is one row per candidate.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from planner.case.screen import prepare

STEP_NAMES = {1: "① power first", 2: "② DC needs", 3: "③ disperse"}


def verdicts(case: Any, table: pd.DataFrame) -> pd.DataFrame:
    """One row per site: verdict, and the failed criteria as the reason."""
    rows = []
    for site in case.sites.index:
        mine = table[table["site"] == site] if len(table) else table
        verdict = mine["verdict"].iloc[0] if len(mine) else "candidate (no Criteria sheet)"
        failed = mine[~mine["passed"].astype(bool)] if len(mine) else mine
        reason = "; ".join(f"{STEP_NAMES[int(r.step)]}: {r.criterion} {r.column}={r.value} fails "
                           f"{r.rule} {r.threshold}" for r in failed.itertuples()) or "passes every criterion"
        rows.append({"site": site, "verdict": verdict.split(":")[0], "reason": reason,
                     "consent": case.sites.loc[site].get("consent"),
                     "earliest_phase": case.sites.loc[site].get("earliest_phase")})
    return pd.DataFrame(rows, columns=["site", "verdict", "reason", "consent", "earliest_phase"])


def screen_workbook(workbook: str | Path, output: str | Path) -> pd.DataFrame:
    """Read a workbook, screen it and write Screen (detail) and Verdicts sheets; return the verdicts."""
    from planner.io.reader import read_workbook

    case = read_workbook(workbook)
    prepared, table = prepare(case)
    result = verdicts(prepared, table)
    with pd.ExcelWriter(output) as writer:
        result.to_excel(writer, sheet_name="Verdicts", index=False)
        table.to_excel(writer, sheet_name="Screen", index=False)
    return result
