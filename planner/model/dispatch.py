r"""Dispatch family (operations mode): site draw fits its connection, area energy is bought or surplus.

FORMULATION.md §4.3 "Site power", "Cogeneration" and "Area energy balance";
models/formulation.md, section "dispatch". It replaces the power family's site and area
rows when the case has Periods; ``power_nonfirm_battery`` is shared with that family.
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData
from planner.model.power import add_nonfirm_backing


def add_dispatch_constraints(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Add the dispatch constraints.

    dispatch_no_export: :math:`G_{s,t,p,k} \ge 0` (sites with a battery that stores or on-site
    generation; elsewhere :math:`G` is a sum of non-negative terms)
    dispatch_site_firm: :math:`G_{s,t,p,k} \le G_s + \sum_{g \in P_s} mw_g a_{g,t} + f_{s,t}`
    (sites with grid_firm_mw)
    cogen_output_max: :math:`q_{s,t,p,k} \le \kappa_{s,t}`
    dispatch_area_balance: :math:`\sum_{s \in a} G_{s,t,p,k} + \sum_{g\ from\ a} p_{g,t,p,k}
    - \sum_{g\ to\ a} p_{g,t,p,k} = h_{a,t,p,k} + w_{a,t,p,k}` (areas with sites or links)
    dispatch_grid_energy_max: :math:`h_{a,t,p,k} \le S_{a,t}\, \pi^S_{a,t}(p,k)` (areas with supply_mw)
    dispatch_surplus_max: :math:`w_{a,t,p,k} \le W_{a,t}\, \pi^W_{a,t}(p,k)` (areas with surplus_mw > 0)
    dispatch_link_max / dispatch_link_min: :math:`-mw_g a_{g,t} \le p_{g,t,p,k} \le mw_g a_{g,t}`
    (candidate links; an existing link's limit is a variable bound)
    """
    add_nonfirm_backing(m)
    steps = d.steps()
    m.export_site_steps = pyo.Set(
        initialize=[(s, t, p, k) for (s, t, p, k) in m.site_steps
                    if (s, t, p, k) in m.storage_steps or (s, t, p, k) in m.cogen_steps],
        dimen=4, ordered=True, doc="(site, phase, period, step) whose draw could turn negative",
    )
    m.firm_site_steps = pyo.Set(
        initialize=[(s, t, p, k) for s in d.sites if s in d.grid_firm for t in d.phases for (p, k) in steps],
        dimen=4, ordered=True, doc="(site, phase, period, step) with a firm connection limit",
    )
    sites_in = {a: [s for s in d.sites if d.site_area[s] == a] for a in d.areas}
    linked = {end for ends in d.link_ends.values() for end in ends}
    m.balance_area_steps = pyo.Set(
        initialize=[(a, t, p, k) for (a, t, p, k) in m.area_steps if sites_in[a] or a in linked],
        dimen=4, ordered=True, doc="(area, phase, period, step) with sites or links",
    )
    m.supplied_area_steps = pyo.Set(
        initialize=[(a, t, p, k) for (a, t, p, k) in m.balance_area_steps if (a, t) in d.supply],
        dimen=4, ordered=True, doc="(area, phase, period, step) with limited supply",
    )
    m.candidate_link_steps = pyo.Set(
        initialize=[(f, g, t, p, k) for (f, g, t, p, k) in m.link_steps if not d.build_existing[(f, g)]],
        dimen=5, ordered=True, doc="(link, phase, period, step) whose capacity depends on it being built",
    )

    @m.Constraint(m.export_site_steps, doc="a site does not export to the grid [MW]")
    def dispatch_no_export(m, s, t, p, k):
        return m.grid_draw_mw[s, t, p, k] >= 0

    @m.Constraint(m.firm_site_steps, doc="draw within the firm + reinforced + non-firm connection [MW]")
    def dispatch_site_firm(m, s, t, p, k):
        reinforcement = sum(m.project_mw[g] * m.available[g[0], g[1], t] for g in d.site_projects.get(s, []))
        nonfirm = m.nonfirm_mw[s, t] if s in m.battery_sites else 0
        return m.grid_draw_mw[s, t, p, k] <= m.grid_firm_mw[s] + reinforcement + nonfirm

    @m.Constraint(m.cogen_steps, doc="on-site generation within its installed MW [MW]")
    def cogen_output_max(m, s, t, p, k):
        return m.cogen_output_mw[s, t, p, k] <= m.cogen_mw[s, t]

    exports = {a: [g for g in d.links if d.link_ends[g][0] == a] for a in d.areas}
    imports = {a: [g for g in d.links if d.link_ends[g][1] == a] for a in d.areas}

    @m.Constraint(m.balance_area_steps, doc="DC draw plus net exports = grid energy + surplus used [MW]")
    def dispatch_area_balance(m, a, t, p, k):
        draw = sum(m.grid_draw_mw[s, t, p, k] for s in sites_in[a])
        out = sum(m.link_flow_step_mw[f, g, t, p, k] for (f, g) in exports[a] if (f, g, t, p, k) in m.link_steps)
        into = sum(m.link_flow_step_mw[f, g, t, p, k] for (f, g) in imports[a] if (f, g, t, p, k) in m.link_steps)
        surplus = m.surplus_used_mw[a, t, p, k] if (a, t, p, k) in m.surplus_steps else 0
        return draw + out - into == m.grid_energy_mw[a, t, p, k] + surplus

    @m.Constraint(m.supplied_area_steps, doc="grid energy within the area's supply at that step [MW]")
    def dispatch_grid_energy_max(m, a, t, p, k):
        profile = d.profile(d.area_energy[(a, t)]["supply_profile"], p, k)
        return m.grid_energy_mw[a, t, p, k] <= m.supply_mw[a, t] * profile

    @m.Constraint(m.surplus_steps, doc="surplus used within what the area would curtail [MW]")
    def dispatch_surplus_max(m, a, t, p, k):
        row = d.area_energy[(a, t)]
        return m.surplus_used_mw[a, t, p, k] <= float(row["surplus_mw"]) * d.profile(row["surplus_profile"], p, k)

    @m.Constraint(m.candidate_link_steps, doc="flow within the built link capacity [MW]")
    def dispatch_link_max(m, f, g, t, p, k):
        return m.link_flow_step_mw[f, g, t, p, k] <= m.project_mw[f, g] * m.available[f, g, t]

    @m.Constraint(m.candidate_link_steps, doc="reverse flow within the built link capacity [MW]")
    def dispatch_link_min(m, f, g, t, p, k):
        return m.link_flow_step_mw[f, g, t, p, k] >= -m.project_mw[f, g] * m.available[f, g, t]
