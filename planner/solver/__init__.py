"""The only package that knows HiGHS and Pyomo's solver interface.

``options`` (what to ask for) and ``outcome`` (how it ended) are plain values
and import nothing else of ours; ``run.optimise`` solves a built model;
``highs`` holds every use of Pyomo's private solver attributes; ``starts``
finds starting plans; ``watchdog`` stops a solve that overruns its limit.
"""

from planner.solver.options import SolveOptions
from planner.solver.outcome import SolveOutcome

__all__ = ["SolveOptions", "SolveOutcome"]
