"""Run: what produced the results — input hash, versions, options, model size, seconds per stage."""

from __future__ import annotations

import platform
from importlib import metadata
from typing import Any

import pandas as pd

from planner.case import Case
from planner.plan import Plan
from planner.solver.highs import solver_version

PACKAGES = ("wattbit-planner", "pyomo", "highspy", "pandas", "numpy", "openpyxl")
COLUMNS = ["key", "value"]


def versions() -> list[tuple[str, str]]:
    """(``version_<package>``, version) rows, HiGHS's own and Python's first."""
    found = [("python", platform.python_version()), ("highs", solver_version())]
    for name in PACKAGES:
        try:
            found.append((f"version_{name}", metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((f"version_{name}", "not installed"))
    return found


def run_table(plan: Plan, case: Case, started: str) -> pd.DataFrame:
    """The Run sheet of a plan."""
    o = plan.options
    rows: list[tuple[str, Any]] = [
        ("started_at", started),
        ("input_file", case.source or ""),
        ("input_sha256", case.sha256 or ""),
        *versions(),
        ("option_mip_gap", o.mip_gap),
        ("option_time_limit_s", o.time_limit),
        ("option_threads", o.threads if o.threads is not None else "HiGHS default"),
        ("option_random_seed", o.random_seed),
        *((f"model_{k}", v) for k, v in plan.model_stats.items()),
        *((f"check_{k}", v) for k, v in plan.checks.items()),
        *((f"seconds_{k}", round(v, 3)) for k, v in plan.timings.items()),
        *(("input_warning", w) for w in case.warnings),
    ]
    return pd.DataFrame(rows, columns=COLUMNS)
