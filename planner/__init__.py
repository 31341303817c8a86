"""wattbit-planner: co-plan data-centre clusters, grid and telecom for Japan (MILP).

Python API::

    import planner
    case = planner.read_workbook("inputs/japan_watt_bit.xlsx")
    plan = planner.solve(case, mip_gap=1e-4, time_limit=600)
    plan.tables["Sites"]; plan.to_excel("results.xlsx")
    planner.explain(case, site="ISK").summary
    planner.alternatives(case, slack=0.02, n=3).to_table()
    planner.marginal_values(case)
    planner.sweep(case, planner.SweepSpec.from_dict({...}))
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
from planner.pipeline import run, solve
from planner.plan import Plan
from planner.solver.options import SolveOptions
from planner.studies.alternatives import Alternatives, alternatives
from planner.studies.explain import Explanation, explain
from planner.studies.marginal import marginal_values
from planner.studies.scenarios import Parameter, SweepSpec
from planner.studies.sweep import SweepResult, sweep

try:
    __version__ = metadata.version("wattbit-planner")
except metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Alternatives", "Case", "Explanation", "InputError", "OutputError", "Parameter", "Plan",
    "PlannerError", "SolveOptions", "SolverUnavailableError", "SweepResult", "SweepSpec",
    "alternatives", "build_model", "explain", "marginal_values", "read_workbook", "run", "solve",
    "sweep", "__version__",
]
