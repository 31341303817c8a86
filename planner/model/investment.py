r"""Investment family: each build option is built at most once (or as a planner locks it).

Formulation: models/formulation.md, section "investment".
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData


def add_investment_constraints(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Add the investment constraints.

    investment_build_once: :math:`\sum_t x_{b,t} \le 1` for every option not yet built,
    so availability :math:`a_{b,t} = \sum_{\tau \le t} x_{b,\tau}` is 0 or 1.
    investment_build_required: :math:`\sum_t x_{b,t} \ge 1` for options a planner
    locked as built (``ModelData.build_lock``; off unless a lock is set).
    """
    phases_of: dict[tuple[str, str], list[str]] = {}
    for f, b, t in m.build_phases:
        phases_of.setdefault((f, b), []).append(t)
    m.buildable = pyo.Set(
        initialize=[k for k in d.builds if k in phases_of], dimen=2, ordered=True,
        doc="options that may still be built in some phase",
    )
    m.required_builds = pyo.Set(
        initialize=[k for k in d.builds if d.build_lock.get(k) == "built" and k in phases_of],
        dimen=2, ordered=True, doc="options a planner locked as built",
    )

    @m.Constraint(m.buildable, doc="an option is built at most once")
    def investment_build_once(m, f, b):
        return sum(m.build[f, b, t] for t in phases_of[(f, b)]) <= 1

    @m.Constraint(m.required_builds, doc="a locked option is built in some phase")
    def investment_build_required(m, f, b):
        return sum(m.build[f, b, t] for t in phases_of[(f, b)]) >= 1
