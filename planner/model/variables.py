r"""Index sets, decision variables and the availability of build options.

Sets are filtered from the data, so a variable exists only where a decision
exists: ``build`` only from an option's earliest phase on and never for an
existing option; ``battery_mw``/``nonfirm_mw`` only at sites that can use
non-firm headroom; ``cogen_mw`` only at sites with cogen_max_mw > 0;
``served_mw`` only for allowed pairs with demand.
Decisions the data already settles (a site before its earliest phase, a
forced or existing site) are fixed through variable bounds.
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData


def _site_open_bounds(d: ModelData, s: str, t: str) -> tuple[int, int]:
    pos = d.phase_pos(t)
    if d.existing_mw[s] > 0:
        return (1, 1)
    if d.force[s] == "closed" or pos < d.site_earliest[s]:
        return (0, 0)
    if d.force[s] == "open":
        return (1, 1)
    return (0, 1)


def add_sets(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Index sets, each filtered from the data."""
    m.phases = pyo.Set(initialize=d.phases, ordered=True, doc="planning phases t")
    m.later_phases = pyo.Set(initialize=d.phases[1:], ordered=True, doc="phases with a predecessor")
    m.sites = pyo.Set(initialize=d.sites, ordered=True, doc="DC sites s")
    m.regions = pyo.Set(initialize=d.regions, ordered=True, doc="demand regions r")
    m.areas = pyo.Set(initialize=d.areas, ordered=True, doc="grid areas a")
    m.battery_sites = pyo.Set(
        initialize=[s for s in d.sites if (s in d.grid_firm and d.grid_nonfirm[s] > 0)
                    or d.battery_hours.get(s, 0.0) > 0],
        ordered=True,
        doc="sites with non-firm headroom to back, or (operations mode) batteries with hours",
    )
    m.cogen_sites = pyo.Set(
        initialize=[s for s in d.sites if d.cogen_max.get(s, 0.0) > 0],
        ordered=True,
        doc="sites that may add on-site generation (cogen_max_mw > 0)",
    )
    m.builds = pyo.Set(initialize=d.builds, dimen=2, ordered=True, doc="build options (family, id)")
    m.build_phases = pyo.Set(
        initialize=[
            (f, b, t)
            for (f, b) in d.builds
            if not d.build_existing[(f, b)] and d.build_lock.get((f, b)) != "forbidden"
            for t in d.phases
            if d.phase_pos(t) >= d.build_earliest[(f, b)]
        ],
        dimen=3,
        ordered=True,
        doc="(option, phase) where building is allowed",
    )
    m.candidate_builds = pyo.Set(
        initialize=[k for k in d.builds if not d.build_existing[k]], dimen=2, ordered=True,
        doc="build options not yet built",
    )
    m.service_phases = pyo.Set(
        initialize=[
            (r, s, t) for (r, s) in d.service_pairs for t in d.phases if d.demand[(r, t)] > 0
        ],
        dimen=3,
        ordered=True,
        doc="(region, site, phase) where the site may serve the region's demand",
    )
    penalty_on = d.unserved_penalty is not None
    m.unserved_phases = pyo.Set(
        initialize=[
            (r, t) for r in d.regions for t in d.phases if penalty_on and d.demand[(r, t)] > 0
        ],
        dimen=2,
        ordered=True,
        doc="(region, phase) where demand may go unserved at a penalty",
    )
    m.link_phases = pyo.Set(
        initialize=[(f, g, t) for (f, g) in d.links for t in d.phases
                    if d.phase_pos(t) >= d.available_from((f, g))],
        dimen=3,
        ordered=True,
        doc="(link, phase) where a link may carry power",
    )


def add_variables(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Decision variables with bounds taken from the data."""
    m.site_open = pyo.Var(
        m.sites, m.phases, within=pyo.Binary,
        bounds=lambda m, s, t: _site_open_bounds(d, s, t),
        doc="o[s,t]: site s is open in phase t",
    )
    m.it_mw = pyo.Var(
        m.sites, m.phases, within=pyo.NonNegativeReals,
        bounds=lambda m, s, t: (d.existing_mw[s], m.max_mw[s]),
        doc="c[s,t]: IT capacity installed [MW]",
    )
    m.battery_mw = pyo.Var(
        m.battery_sites, m.phases, within=pyo.NonNegativeReals,
        doc="e[s,t]: battery/flexibility installed [MW]",
    )
    m.nonfirm_mw = pyo.Var(
        m.battery_sites, m.phases, within=pyo.NonNegativeReals,
        bounds=lambda m, s, t: (0.0, m.grid_nonfirm_mw[s]),
        doc="f[s,t]: non-firm connection used [MW] (f <= grid_nonfirm_mw)",
    )
    m.cogen_mw = pyo.Var(
        m.cogen_sites, m.phases, within=pyo.NonNegativeReals,
        doc="kappa[s,t]: on-site generation installed [MW]",
    )
    m.build = pyo.Var(m.build_phases, within=pyo.Binary, doc="x[b,t]: option b built in phase t")
    m.available = pyo.Expression(
        m.builds, m.phases, rule=lambda m, f, b, t: _available(m, d, f, b, t),
        doc="a[b,t] = sum_{tau<=t} x[b,tau] (1 for existing options)",
    )
    if d.operations:
        return  # operations mode runs load per step: planner.model.operations_variables
    m.served_mw = pyo.Var(
        m.service_phases, within=pyo.NonNegativeReals,
        bounds=lambda m, r, s, t: (0.0, m.demand_mw[r, t]),
        doc="y[r,s,t]: region r's demand served at site s [MW]",
    )
    m.unserved_mw = pyo.Var(
        m.unserved_phases, within=pyo.NonNegativeReals,
        bounds=lambda m, r, t: (0.0, m.demand_mw[r, t]),
        doc="u[r,t]: demand not served [MW]",
    )
    m.link_flow_mw = pyo.Var(
        m.link_phases, within=pyo.Reals,
        bounds=lambda m, f, g, t: (-m.project_mw[f, g], m.project_mw[f, g]),
        doc="p[g,t]: flow on link g, positive from from_area to to_area [MW]",
    )


def _available(m: pyo.ConcreteModel, d: ModelData, f: str, b: str, t: str) -> object:
    if d.build_existing[(f, b)]:
        return 1
    pos = d.phase_pos(t)
    return sum(m.build[f, b, tau] for tau in d.phases[: pos + 1] if (f, b, tau) in m.build_phases)
