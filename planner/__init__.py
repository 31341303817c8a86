"""wattbit-planner: co-plan data-centre clusters, grid and telecom for Japan (MILP).

Python API::

    import planner
    case = planner.read_workbook("inputs/japan_watt_bit.xlsx")
    plan = planner.solve(case, mip_gap=1e-4, time_limit=600)
    plan.tables["Sites"]; plan.to_excel("results.xlsx")
"""

from __future__ import annotations

import logging
import os

# openpyxl parses with lxml instead of defusedxml when lxml is installed; keep the
# defused parser (billion laughs, external entities) unless the user says otherwise.
os.environ.setdefault("OPENPYXL_LXML", "False")
from importlib import metadata

from planner.case import Case
from planner.errors import InputError, OutputError, PlannerError, SolverUnavailableError
from planner.io.reader import read_workbook
from planner.model import build_model
from planner.plan import Plan, run, solve

try:
    __version__ = metadata.version("wattbit-planner")
except metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Case", "InputError", "OutputError", "Plan", "PlannerError", "SolverUnavailableError",
    "build_model", "read_workbook", "run", "solve", "__version__",
]
