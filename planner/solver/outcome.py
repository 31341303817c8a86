"""How a solve ended, in plain values: status words, gap, HiGHS's size report."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

STATUS_WORDS = {
    "convergenceCriteriaSatisfied": "optimal",
    "provenInfeasible": "infeasible",
    "locallyInfeasible": "infeasible",
    "unbounded": "unbounded",
    "infeasibleOrUnbounded": "infeasible_or_unbounded",
    "maxTimeLimit": "time_limit",
    "iterationLimit": "limit",
    "objectiveLimit": "limit",
    "interrupted": "interrupted",
}
"""Pyomo's termination conditions -> the planner's status words."""

NO_SOLUTION_HINTS: dict[str, str] = {
    "infeasible": "no plan meets every constraint — see Diagnostics; relax a limit or set an unserved penalty",
    "unbounded": "the cost can fall without limit — check for negative costs or missing bounds",
    "infeasible_or_unbounded": "HiGHS could not tell infeasible from unbounded — check costs and limits",
    "time_limit_no_solution": "the time limit ended before any plan was found — raise time_limit_s",
    "interrupted_no_solution": "the watchdog stopped a solve that overran its time limit, before "
                               "any plan was found — raise time_limit_s",
    "error": "HiGHS stopped with an error — run with -v to see its log",
}
"""What a planner should do about each way of ending without a plan."""


@dataclass(frozen=True)
class SolveOutcome:
    """How a solve ended, in plain values (no solver objects)."""

    status: str
    termination: str
    has_solution: bool
    objective: float | None
    bound: float | None
    gap: float | None
    solve_seconds: float
    highs_seconds: float | None
    solver_version: str
    log: str

    @property
    def model_stats(self) -> dict[str, str]:
        """Size and coefficient ranges as HiGHS reported them (empty if not logged)."""
        return model_stats(self.log)


def status_word(termination: str, has_solution: bool) -> str:
    """The planner's word for a termination; limits without a plan say so."""
    word = STATUS_WORDS.get(termination, "error")
    if word in ("time_limit", "limit", "interrupted") and not has_solution:
        return f"{word}_no_solution"
    return word


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """|objective - bound| / |objective| (0 when both are 0)."""
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    diff = abs(objective - bound)
    if diff == 0:
        return 0.0
    return diff / max(abs(objective), 1e-10)


_STATS = re.compile(r"^(?:MIP|LP)\s+has\s+(.*)$|^\s+(Matrix|Cost|Bound|RHS)\s+(\[.*?\])(.*)$")


def model_stats(log: str) -> dict[str, str]:
    """``{"size": "59 rows; 40 cols; ...", "range_matrix": "[4e-01, 1e+03]", ...}``."""
    stats: dict[str, str] = {}
    for line in log.splitlines()[:20]:
        match = _STATS.match(line)
        if not match:
            continue
        if match.group(1):
            stats["size"] = match.group(1).strip()
        else:
            suffix = match.group(4).strip().replace("(", "_").replace(")", "").replace("-", "_")
            stats.setdefault(f"range_{match.group(2).lower()}{suffix}", match.group(3))
    return stats
