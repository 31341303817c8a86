r"""Power family: a site's draw fits its connection, an area's load fits its supply.

Formulation: models/formulation.md, section "power".
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData


def add_nonfirm_backing(m: pyo.ConcreteModel) -> None:
    r"""power_nonfirm_battery: :math:`f_{s,t} \le e_{s,t} + \kappa_{s,t}`, in both modes."""

    @m.Constraint(m.battery_sites, m.phases,
                  doc="non-firm headroom used only with battery or on-site generation backing [MW]")
    def power_nonfirm_battery(m, s, t):
        cogen = m.cogen_mw[s, t] if s in m.cogen_sites else 0
        return m.nonfirm_mw[s, t] <= m.battery_mw[s, t] + cogen


def add_power_constraints(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Add the power constraints.

    power_site_firm: :math:`pue_s c_{s,t} \le G_s + \sum_{g \in P_s} mw_g a_{g,t} + f_{s,t}`
    (sites with grid_firm_mw; :math:`f` only where non-firm headroom exists)
    power_nonfirm_battery: :math:`f_{s,t} \le e_{s,t} + \kappa_{s,t}` (:math:`\kappa` only at
    sites with cogen_max_mw > 0; :math:`f \le` grid_nonfirm_mw is a bound)
    power_link_max / power_link_min: :math:`-mw_g a_{g,t} \le p_{g,t} \le mw_g a_{g,t}`
    (candidate links; an existing link's limit is a variable bound)
    power_area_balance: :math:`\sum_{s \in a} pue_s c_{s,t} \le S_{a,t}
    - \sum_{g\ from\ a} p_{g,t} + \sum_{g\ to\ a} p_{g,t}` (areas with supply_mw)
    """
    m.firm_site_phases = pyo.Set(
        initialize=[(s, t) for s in d.sites if s in d.grid_firm for t in d.phases],
        dimen=2, ordered=True, doc="(site, phase) with a firm connection limit",
    )
    m.candidate_link_phases = pyo.Set(
        initialize=[(f, g, t) for (f, g, t) in m.link_phases if not d.build_existing[(f, g)]],
        dimen=3, ordered=True, doc="(link, phase) whose capacity depends on it being built",
    )
    sites_in = {a: [s for s in d.sites if d.site_area[s] == a] for a in d.areas}
    linked = {end for ends in d.link_ends.values() for end in ends}
    m.supplied_area_phases = pyo.Set(
        initialize=[
            (a, t) for a in d.areas for t in d.phases
            if (a, t) in d.supply and (sites_in[a] or a in linked)
        ],
        dimen=2, ordered=True, doc="(area, phase) with limited supply and sites or links",
    )

    @m.Constraint(m.firm_site_phases, doc="grid draw within the firm + reinforced + non-firm connection [MW]")
    def power_site_firm(m, s, t):
        reinforcement = sum(
            m.project_mw[g] * m.available[g[0], g[1], t] for g in d.site_projects.get(s, [])
        )
        nonfirm = m.nonfirm_mw[s, t] if s in m.battery_sites else 0
        return m.pue[s] * m.it_mw[s, t] <= m.grid_firm_mw[s] + reinforcement + nonfirm

    add_nonfirm_backing(m)

    @m.Constraint(m.candidate_link_phases, doc="flow within the built link capacity [MW]")
    def power_link_max(m, f, g, t):
        return m.link_flow_mw[f, g, t] <= m.project_mw[f, g] * m.available[f, g, t]

    @m.Constraint(m.candidate_link_phases, doc="reverse flow within the built link capacity [MW]")
    def power_link_min(m, f, g, t):
        return m.link_flow_mw[f, g, t] >= -m.project_mw[f, g] * m.available[f, g, t]

    @m.Constraint(m.supplied_area_phases, doc="DC grid draw within the area's supply plus net imports [MW]")
    def power_area_balance(m, a, t):
        load = sum(m.pue[s] * m.it_mw[s, t] for s in sites_in[a])
        exports = sum(
            m.link_flow_mw[f, g, t] for (f, g) in d.links
            if d.link_ends[(f, g)][0] == a and (f, g, t) in m.link_phases
        )
        imports = sum(
            m.link_flow_mw[f, g, t] for (f, g) in d.links
            if d.link_ends[(f, g)][1] == a and (f, g, t) in m.link_phases
        )
        return load <= m.supply_mw[a, t] - exports + imports
