r"""Telecom family: routes and cables need their IX, sites need diverse corridors,
international demand is met by cables spread over landing zones.

Formulation: models/formulation.md, section "telecom".
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData


def add_telecom_constraints(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Add the telecom constraints.

    telecom_needs_ix: :math:`a_{l,t} \le a_{ix(l),t}` for routes and
    :math:`a_{k,t} \le a_{ix(k),t}` for cables (options that may be built by t
    whose IX is not existing)
    telecom_corridor_available: :math:`z_{s,q,t} \le \sum_{l \in q} a_{l,t}`
    telecom_corridors_required: :math:`\sum_q z_{s,q,t} \ge R_s\, o_{s,t}`
    telecom_intl_demand: :math:`\sum_k tbps_k a_{k,t} \ge I_t`
    telecom_landing_zone_share: :math:`\sum_{k \in Z} tbps_k a_{k,t} \le
    \sigma_t \sum_k tbps_k a_{k,t}`
    telecom_regional_ix: :math:`\sum_{x\ not\ hub} a_{x,t} \ge N_t`
    telecom_route_bandwidth: :math:`\sum_{(r,s): route(r,s) = l} \beta_r y_{r,s,t} \le
    tbps_l a_{l,t}` (routes with tbps given, phases with such a pair serving a region
    whose tbps_per_mw :math:`\beta_r > 0`)

    Rows whose every term is settled by the data (all options existing) have
    no decision in them; ``planner.model.precheck`` checks them instead.
    """
    may_build = {(f, b, t) for (f, b, t) in m.build_phases}

    def buildable_by(f: str, b: str, t: str) -> bool:
        pos = d.phase_pos(t)
        return any((f, b, tau) in may_build for tau in d.phases[: pos + 1])

    needs = [("route", l, d.route_ix[l]) for l in d.route_ix] + [
        ("cable", k, d.cable_ix[k]) for k in d.cable_ix
    ]
    m.needs_ix_phases = pyo.Set(
        initialize=[
            (f, b, t) for (f, b, x) in needs for t in d.phases
            if not d.build_existing[("ix", x)] and buildable_by(f, b, t)
        ],
        dimen=3, ordered=True, doc="(route or cable, phase) that may exist before its IX",
    )

    @m.Constraint(m.needs_ix_phases, doc="a route or cable is available only with its IX")
    def telecom_needs_ix(m, f, b, t):
        x = d.route_ix[b] if f == "route" else d.cable_ix[b]
        return m.available[f, b, t] <= m.available["ix", x, t]

    corridors = {s: d.site_corridors(s) for s in d.sites if d.required_routes[s] > 0}
    m.corridor_phases = pyo.Set(
        initialize=[(s, q, t) for s, qs in corridors.items() for q in qs for t in d.phases],
        dimen=3, ordered=True, doc="(site, corridor, phase) for sites that need routes",
    )
    m.corridor_used = pyo.Var(
        m.corridor_phases, bounds=(0, 1), doc="z[s,q,t]: corridor q counts for site s",
    )
    m.route_sites = pyo.Set(initialize=list(corridors), ordered=True, doc="sites needing routes")

    @m.Constraint(m.corridor_phases, doc="a corridor counts only if a route in it is available")
    def telecom_corridor_available(m, s, q, t):
        return m.corridor_used[s, q, t] <= sum(
            m.available["route", l, t] for l in corridors[s][q]
        )

    @m.Constraint(m.route_sites, m.phases, doc="an open site has required_routes distinct corridors")
    def telecom_corridors_required(m, s, t):
        used = sum(m.corridor_used[s, q, t] for q in corridors[s])
        return used >= d.required_routes[s] * m.site_open[s, t]

    cables = sorted(d.cable_tbps)

    def cable_capacity(t: str, subset: list[str]) -> object:
        return sum(m.tbps[k] * m.available["cable", k, t] for k in subset)

    def has_decision(t: str, subset: list[str]) -> bool:
        return any(buildable_by("cable", k, t) for k in subset)

    m.intl_phases = pyo.Set(
        initialize=[t for t in d.phases if d.intl_demand[t] > 0 and has_decision(t, cables)],
        ordered=True, doc="phases with international demand and cable choices",
    )

    @m.Constraint(m.intl_phases, doc="cable capacity covers international demand [Tbps]")
    def telecom_intl_demand(m, t):
        return cable_capacity(t, cables) >= m.intl_demand_tbps[t]

    zones = sorted(set(d.cable_zone.values()))
    zone_cables = {z: [k for k in cables if d.cable_zone[k] == z] for z in zones}
    m.zone_phases = pyo.Set(
        initialize=[
            (z, t) for t in d.phases if d.phase_policy[t]["max_landing_zone_share"] is not None
            for z in zones if has_decision(t, cables)
        ],
        dimen=2, ordered=True, doc="(landing zone, phase) under a zone-share cap",
    )

    @m.Constraint(m.zone_phases, doc="one landing zone carries at most its share of cable Tbps")
    def telecom_landing_zone_share(m, z, t):
        return cable_capacity(t, zone_cables[z]) <= m.max_landing_zone_share[t] * cable_capacity(t, cables)

    regional = sorted(x for x, hub in d.ix_hub.items() if not hub)
    m.regional_ix_phases = pyo.Set(
        initialize=[
            t for t in d.phases
            if (d.phase_policy[t]["min_regional_ix"] or 0) > 0
            and any(buildable_by("ix", x, t) for x in regional)
        ],
        ordered=True, doc="phases with a minimum number of regional IXs and IX choices",
    )

    @m.Constraint(m.regional_ix_phases, doc="enough IXs outside the Tokyo/Osaka hubs")
    def telecom_regional_ix(m, t):
        count = sum(m.available["ix", x, t] for x in regional)
        return count >= m.min_regional_ix[t]

    _add_route_bandwidth(m, d)


def _add_route_bandwidth(m: pyo.ConcreteModel, d: ModelData) -> None:
    """telecom_route_bandwidth (see ``add_telecom_constraints``)."""
    route_traffic: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for (r, s, t) in m.service_phases:
        l = d.service_route.get((r, s))
        if l in d.route_tbps and d.region_tbps_per_mw.get(r, 0.0) > 0:
            route_traffic.setdefault((l, t), []).append((r, s))
    m.route_bandwidth_phases = pyo.Set(
        initialize=[(l, t) for l in sorted(d.route_tbps) for t in d.phases if (l, t) in route_traffic],
        dimen=2, ordered=True, doc="(route with a capacity, phase) carrying some region's traffic",
    )
    if d.operations:
        m.route_bandwidth_steps = pyo.Set(
            initialize=[(l, t, p, k) for (l, t) in m.route_bandwidth_phases for (p, k) in d.steps()],
            dimen=4, ordered=True, doc="(route with a capacity, phase, period, step) carrying traffic",
        )

        @m.Constraint(m.route_bandwidth_steps,
                      doc="traffic of the pairs requiring a route within its capacity, every step [Tbps]")
        def telecom_route_bandwidth(m, l, t, p, k):
            traffic = sum(m.tbps_per_mw[r] * m.served_step_mw[r, s, t, p, k] for (r, s) in route_traffic[l, t])
            return traffic <= m.route_tbps[l] * m.available["route", l, t]
        return

    @m.Constraint(m.route_bandwidth_phases,
                  doc="traffic of the pairs requiring a route within its capacity [Tbps]")
    def telecom_route_bandwidth(m, l, t):
        traffic = sum(m.tbps_per_mw[r] * m.served_mw[r, s, t] for (r, s) in route_traffic[l, t])
        return traffic <= m.route_tbps[l] * m.available["route", l, t]
