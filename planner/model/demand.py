r"""Demand family: each region's demand is served at allowed sites (or goes unserved).

Formulation: models/formulation.md, section "demand".
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData


def add_demand_constraints(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Add the demand constraints.

    Regions with demand but no allowed site and no penalty cannot be met at
    all; ``planner.model.precheck`` reports them before any build.

    demand_balance: :math:`\sum_s y_{r,s,t} + u_{r,t} = D_{r,t}` for every
    region and phase with demand (:math:`u` only when a penalty is set)
    demand_site_capacity: :math:`\sum_r y_{r,s,t} \le c_{s,t}`
    demand_route_required: :math:`y_{r,s,t} \le D_{r,t}\, a_{l,t}` for pairs
    whose ``requires_route`` l is not an existing route
    demand_served_open: :math:`y_{r,s,t} \le \min(D_{r,t}, M_{s,t})\, o_{s,t}` (tightening,
    implied by demand_site_capacity and site_capacity_max; sites that may close)
    demand_capacity_cover: :math:`\sum_s M_{s,t}\, o_{s,t} + \sum_r u_{r,t} \ge \sum_r D_{r,t}`
    (tightening: capacity needed implies sites open)
    """
    by_region: dict[tuple[str, str], list[str]] = {}
    by_site: dict[tuple[str, str], list[str]] = {}
    for r, s, t in m.service_phases:
        by_region.setdefault((r, t), []).append(s)
        by_site.setdefault((s, t), []).append(r)

    m.demand_phases = pyo.Set(
        initialize=[
            (r, t) for r in d.regions for t in d.phases
            if (r, t) in by_region or (r, t) in m.unserved_phases
        ],
        dimen=2, ordered=True, doc="(region, phase) with demand and a way to meet it",
    )
    m.serving_site_phases = pyo.Set(
        initialize=sorted(by_site, key=lambda k: (d.sites.index(k[0]), d.phase_pos(k[1]))),
        dimen=2, ordered=True, doc="(site, phase) that may serve some demand",
    )
    m.route_service_phases = pyo.Set(
        initialize=[
            (r, s, t) for (r, s, t) in m.service_phases
            if (r, s) in d.service_route
            and not d.build_existing[("route", d.service_route[(r, s)])]
        ],
        dimen=3, ordered=True, doc="(region, site, phase) served only over a route to be built",
    )

    m.open_service_phases = pyo.Set(
        initialize=[(r, s, t) for (r, s, t) in m.service_phases
                    if d.tighten and m.site_open[s, t].lb != m.site_open[s, t].ub],
        dimen=3, ordered=True, doc="(region, site, phase) served at a site whose opening is a choice",
    )
    m.cover_phases = pyo.Set(
        initialize=[t for t in d.phases if d.tighten and any(d.demand[(r, t)] > 0 for r in d.regions)],
        ordered=True, doc="phases with demand to be held by open sites",
    )

    @m.Constraint(m.open_service_phases, doc="only an open site serves (tightening) [MW]")
    def demand_served_open(m, r, s, t):
        return m.served_mw[r, s, t] <= m.serve_bound_mw[r, s, t] * m.site_open[s, t]

    @m.Constraint(m.cover_phases, doc="open sites can hold all served demand (tightening) [MW]")
    def demand_capacity_cover(m, t):
        unserved = sum(m.unserved_mw[r, t] for r in d.regions if (r, t) in m.unserved_phases)
        return (sum(m.capacity_bound_mw[s, t] * m.site_open[s, t] for s in d.sites) + unserved
                >= sum(m.demand_mw[r, t] for r in d.regions))

    @m.Constraint(m.demand_phases, doc="served + unserved = demand [MW]")
    def demand_balance(m, r, t):
        served = sum(m.served_mw[r, s, t] for s in by_region.get((r, t), []))
        unserved = m.unserved_mw[r, t] if (r, t) in m.unserved_phases else 0
        return served + unserved == m.demand_mw[r, t]

    @m.Constraint(m.serving_site_phases, doc="a site serves at most its IT capacity [MW]")
    def demand_site_capacity(m, s, t):
        return sum(m.served_mw[r, s, t] for r in by_site[(s, t)]) <= m.it_mw[s, t]

    @m.Constraint(m.route_service_phases, doc="a pair needing a route serves only once it is built")
    def demand_route_required(m, r, s, t):
        route = d.service_route[(r, s)]
        return m.served_mw[r, s, t] <= m.demand_mw[r, t] * m.available["route", route, t]
