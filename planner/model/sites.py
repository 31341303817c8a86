r"""Sites family: opening is for good, capacity only grows within its bounds.

Formulation: models/formulation.md, section "sites".
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData


def add_sites_constraints(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Add the site constraints.

    site_open_monotone: :math:`o_{s,t} \ge o_{s,t-1}`
    site_capacity_monotone: :math:`c_{s,t} \ge c_{s,t-1}`
    site_capacity_max: :math:`c_{s,t} \le M_{s,t}\, o_{s,t}` with :math:`M_{s,t}` =
    ``ModelData.capacity_bound`` (max_mw tightened by the power limits)
    site_capacity_min: :math:`c_{s,t} \ge \underline{C}_s\, o_{s,t}` (sites with min_mw > 0)
    site_battery_monotone: :math:`e_{s,t} \ge e_{s,t-1}`

    The start values (:math:`o_{s,0}`, :math:`c_{s,0}` = existing_mw) enter as
    variable bounds, so the first phase needs no row.
    """
    m.min_mw_sites = pyo.Set(
        initialize=[s for s in d.sites if d.min_mw[s] > 0], ordered=True,
        doc="sites with a minimum size once open",
    )

    def prev(t: str) -> str:
        return d.phases[d.phase_pos(t) - 1]

    @m.Constraint(m.sites, m.later_phases, doc="an open site stays open")
    def site_open_monotone(m, s, t):
        return m.site_open[s, t] >= m.site_open[s, prev(t)]

    @m.Constraint(m.sites, m.later_phases, doc="IT capacity never shrinks [MW]")
    def site_capacity_monotone(m, s, t):
        return m.it_mw[s, t] >= m.it_mw[s, prev(t)]

    @m.Constraint(m.sites, m.phases, doc="capacity only at open sites, up to its bound [MW]")
    def site_capacity_max(m, s, t):
        return m.it_mw[s, t] <= m.capacity_bound_mw[s, t] * m.site_open[s, t]

    @m.Constraint(m.min_mw_sites, m.phases, doc="an open site has at least min_mw [MW]")
    def site_capacity_min(m, s, t):
        return m.it_mw[s, t] >= m.min_mw[s] * m.site_open[s, t]

    @m.Constraint(m.battery_sites, m.later_phases, doc="batteries are never removed [MW]")
    def site_battery_monotone(m, s, t):
        return m.battery_mw[s, t] >= m.battery_mw[s, prev(t)]
