r"""Cogeneration family: on-site generation capacity, never removed, only at open sites.

Formulation: models/formulation.md, section "cogeneration" (FORMULATION.md §4.2).
It backs non-firm headroom in ``power_nonfirm_battery`` and its capex is the
``cogeneration`` category of ``capex_by_category``; both read ``cogen_mw``.
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData


def add_cogeneration_constraints(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Add the cogeneration constraints (sites with cogen_max_mw > 0 only).

    cogen_capacity_monotone: :math:`\kappa_{s,t} \ge \kappa_{s,t-1}` (later phases;
    :math:`\kappa_{s,0} = 0` is the variable's lower bound)
    cogen_capacity_max: :math:`\kappa_{s,t} \le \overline{\kappa}_s\, o_{s,t}`
    """
    m.cogen_later_phases = pyo.Set(
        initialize=[(s, t) for s in m.cogen_sites for t in d.phases[1:]],
        dimen=2, ordered=True, doc="(cogeneration site, phase with a predecessor)",
    )
    previous = {t: d.phases[i - 1] for i, t in enumerate(d.phases) if i > 0}

    @m.Constraint(m.cogen_later_phases, doc="on-site generation is never removed [MW]")
    def cogen_capacity_monotone(m, s, t):
        return m.cogen_mw[s, t] >= m.cogen_mw[s, previous[t]]

    @m.Constraint(m.cogen_sites, m.phases, doc="on-site generation within cogen_max_mw, only if open [MW]")
    def cogen_capacity_max(m, s, t):
        return m.cogen_mw[s, t] <= m.cogen_max_mw[s] * m.site_open[s, t]
