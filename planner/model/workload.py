r"""Workload family (operations mode): work runs at every step, flexible work moves within its period.

FORMULATION.md §4.3 "Demand and workload shift"; models/formulation.md, section "workload".
It replaces the demand family when the case has Periods.
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData


def add_workload_constraints(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Add the workload constraints.

    workload_balance: :math:`\sum_s y_{r,s,t,p,k} + u_{r,t,p,k} = DI_{r,t,p,k} + v_{r,t,p,k}`
    workload_flexible_energy: :math:`\sum_k v_{r,t,p,k} = EF_{r,t,p}` (regions with a flexible share)
    workload_latency_bound: :math:`\sum_{s\ not\ flexible\_only} y_{r,s,t,p,k} + u_{r,t,p,k} \ge DI_{r,t,p,k}`
    (regions with a flexible-only pair; elsewhere implied by the balance)
    workload_site_capacity: :math:`\sum_r y_{r,s,t,p,k} \le c_{s,t}`
    workload_route_required: :math:`y_{r,s,t,p,k} \le (DI_{r,t,p,k} + EF_{r,t,p})\, a_{l,t}` for pairs
    whose ``requires_route`` l is not an existing route
    """
    by_region: dict[tuple[str, str], list[str]] = {}
    by_site: dict[tuple[str, str], list[str]] = {}
    for r, s, t in m.service_phases:
        by_region.setdefault((r, t), []).append(s)
        by_site.setdefault((s, t), []).append(r)
    steps = d.steps()
    m.workload_steps = pyo.Set(
        initialize=[(r, t, p, k) for r in d.regions for t in d.phases
                    if (r, t) in by_region or (r, t) in m.unserved_phases for (p, k) in steps],
        dimen=4, ordered=True, doc="(region, phase, period, step) with work and a way to run it",
    )
    m.flexible_periods = pyo.Set(
        initialize=list(dict.fromkeys((r, t, p) for (r, t, p, _k) in m.flexible_steps)),
        dimen=3, ordered=True, doc="(region, phase, period) with flexible work to place",
    )
    latency_regions = {r for (r, _s) in d.flexible_only}
    m.latency_steps = pyo.Set(
        initialize=[(r, t, p, k) for (r, t, p, k) in m.workload_steps if r in latency_regions],
        dimen=4, ordered=True, doc="(region, phase, period, step) whose latency-bound work needs near sites",
    )
    m.serving_site_steps = pyo.Set(
        initialize=[(s, t, p, k) for (s, t) in sorted(by_site, key=lambda key: (d.sites.index(key[0]),
                                                                               d.phase_pos(key[1])))
                    for (p, k) in steps],
        dimen=4, ordered=True, doc="(site, phase, period, step) that may run some work",
    )
    m.route_service_steps = pyo.Set(
        initialize=[(r, s, t, p, k) for (r, s, t, p, k) in m.service_steps
                    if (r, s) in d.service_route and not d.build_existing[("route", d.service_route[(r, s)])]],
        dimen=5, ordered=True, doc="(region, site, phase, period, step) run only over a route to be built",
    )

    def unserved(r: str, t: str, p: str, k: int) -> object:
        return m.unserved_step_mw[r, t, p, k] if (r, t, p, k) in m.unserved_steps else 0

    @m.Constraint(m.workload_steps, doc="work run + unserved = inflexible work + flexible work placed here [MW]")
    def workload_balance(m, r, t, p, k):
        served = sum(m.served_step_mw[r, s, t, p, k] for s in by_region.get((r, t), []))
        flexible = m.flexible_run_mw[r, t, p, k] if (r, t, p, k) in m.flexible_steps else 0
        return served + unserved(r, t, p, k) == d.inflexible_mw(r, t, p, k) + flexible

    @m.Constraint(m.flexible_periods, doc="flexible work of a period is all placed within it [MW x steps]")
    def workload_flexible_energy(m, r, t, p):
        placed = sum(m.flexible_run_mw[r, t, p, k] for k in range(1, d.period_steps[p] + 1))
        return placed == d.flexible_mwstep(r, t, p)

    @m.Constraint(m.latency_steps, doc="latency-bound work runs at sites not marked flexible_only [MW]")
    def workload_latency_bound(m, r, t, p, k):
        near = sum(m.served_step_mw[r, s, t, p, k] for s in by_region.get((r, t), [])
                   if (r, s) not in d.flexible_only)
        return near + unserved(r, t, p, k) >= d.inflexible_mw(r, t, p, k)

    @m.Constraint(m.serving_site_steps, doc="a site runs at most its IT capacity [MW]")
    def workload_site_capacity(m, s, t, p, k):
        return sum(m.served_step_mw[r, s, t, p, k] for r in by_site[(s, t)]) <= m.it_mw[s, t]

    @m.Constraint(m.route_service_steps, doc="a pair needing a route runs work only once it is built [MW]")
    def workload_route_required(m, r, s, t, p, k):
        bound = d.inflexible_mw(r, t, p, k) + d.flexible_mwstep(r, t, p)
        return m.served_step_mw[r, s, t, p, k] <= bound * m.available["route", d.service_route[(r, s)], t]
