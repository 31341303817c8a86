r"""Operations mode's sets and variables: load, storage and energy at every (phase, period, step).

FORMULATION.md §4.3; models/formulation.md, section "operations variables". Each set is
filtered from the data, so a variable exists only where the decision does: charge and
state only at sites with battery hours, generation only at sites with cogeneration,
surplus only where an area has some, unserved work only when a penalty is set.
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData


def _step_bound(d: ModelData, r: str, t: str, p: str, k: int) -> float:
    """DI + EF: the most of region r's work one step can hold [MW]."""
    return d.inflexible_mw(r, t, p, k) + d.flexible_mwstep(r, t, p)


def add_operations_sets(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Periods, steps and the (…, phase, period, step) index sets."""
    steps = d.steps()
    m.periods = pyo.Set(initialize=d.periods, ordered=True, doc="representative periods p")
    m.steps = pyo.Set(initialize=steps, dimen=2, ordered=True, doc="(period, step) k of each period")
    m.service_steps = pyo.Set(
        initialize=[(r, s, t, p, k) for (r, s, t) in m.service_phases for (p, k) in steps],
        dimen=5, ordered=True, doc="(region, site, phase, period, step) where the site may run the work",
    )
    m.unserved_steps = pyo.Set(
        initialize=[(r, t, p, k) for (r, t) in m.unserved_phases for (p, k) in steps],
        dimen=4, ordered=True, doc="(region, phase, period, step) where work may go unserved",
    )
    m.flexible_steps = pyo.Set(
        initialize=[(r, t, p, k) for r in d.regions for t in d.phases
                    if d.flexible_share.get((r, t), 0.0) > 0 and d.demand[(r, t)] > 0
                    for (p, k) in steps],
        dimen=4, ordered=True, doc="(region, phase, period, step) with flexible work to place",
    )
    m.site_steps = pyo.Set(
        initialize=[(s, t, p, k) for s in d.sites for t in d.phases for (p, k) in steps],
        dimen=4, ordered=True, doc="(site, phase, period, step)",
    )
    m.storage_sites = pyo.Set(
        initialize=[s for s in m.battery_sites if d.battery_hours.get(s, 0.0) > 0], ordered=True,
        doc="sites whose battery stores energy (battery_hours > 0)",
    )
    m.storage_steps = pyo.Set(
        initialize=[(s, t, p, k) for s in m.storage_sites for t in d.phases for (p, k) in steps],
        dimen=4, ordered=True, doc="(battery site, phase, period, step)",
    )
    m.cogen_steps = pyo.Set(
        initialize=[(s, t, p, k) for s in m.cogen_sites for t in d.phases for (p, k) in steps],
        dimen=4, ordered=True, doc="(cogeneration site, phase, period, step)",
    )
    m.area_steps = pyo.Set(
        initialize=[(a, t, p, k) for a in d.areas for t in d.phases for (p, k) in steps],
        dimen=4, ordered=True, doc="(area, phase, period, step)",
    )
    m.surplus_steps = pyo.Set(
        initialize=[(a, t, p, k) for (a, t, p, k) in m.area_steps
                    if float(d.area_energy.get((a, t), {}).get("surplus_mw", 0.0)) > 0],
        dimen=4, ordered=True, doc="(area, phase, period, step) where the area has surplus renewables",
    )
    m.link_steps = pyo.Set(
        initialize=[(f, g, t, p, k) for (f, g, t) in m.link_phases for (p, k) in steps],
        dimen=5, ordered=True, doc="(link, phase, period, step) where a link may carry power",
    )


STEP_VARIABLES: tuple[str, ...] = (
    "served_step_mw", "flexible_run_mw", "unserved_step_mw", "battery_charge_mw", "battery_discharge_mw",
    "battery_stored_mwh", "cogen_output_mw", "grid_energy_mw", "surplus_used_mw", "link_flow_step_mw",
)
"""The per-step variables; each is indexed (..., phase, period, step). Given the capacity
decisions, the rows holding them fall apart into one LP per (phase, period)
(``planner.studies.decomposition``)."""


def add_operations_variables(m: pyo.ConcreteModel, d: ModelData) -> None:
    """y, v, u, b+, b-, soc, q, h, w and link flows per step, with bounds from the data."""
    m.served_step_mw = pyo.Var(
        m.service_steps, within=pyo.NonNegativeReals,
        bounds=lambda m, r, s, t, p, k: (0.0, _step_bound(d, r, t, p, k)),
        doc="y[r,s,t,p,k]: region r's work run at site s in the step [MW]",
    )
    m.flexible_run_mw = pyo.Var(
        m.flexible_steps, within=pyo.NonNegativeReals,
        bounds=lambda m, r, t, p, k: (0.0, d.flexible_mwstep(r, t, p)),
        doc="v[r,t,p,k]: flexible work run in the step [MW]",
    )
    m.unserved_step_mw = pyo.Var(
        m.unserved_steps, within=pyo.NonNegativeReals,
        bounds=lambda m, r, t, p, k: (0.0, _step_bound(d, r, t, p, k)),
        doc="u[r,t,p,k]: work not run in the step [MW]",
    )
    m.battery_charge_mw = pyo.Var(m.storage_steps, within=pyo.NonNegativeReals,
                                  doc="b+[s,t,p,k]: battery charging [MW]")
    m.battery_discharge_mw = pyo.Var(m.storage_steps, within=pyo.NonNegativeReals,
                                     doc="b-[s,t,p,k]: battery discharging [MW]")
    m.battery_stored_mwh = pyo.Var(m.storage_steps, within=pyo.NonNegativeReals,
                                   doc="soc[s,t,p,k]: energy stored at the end of the step [MWh]")
    m.cogen_output_mw = pyo.Var(m.cogen_steps, within=pyo.NonNegativeReals,
                                doc="q[s,t,p,k]: on-site generation [MW]")
    m.grid_energy_mw = pyo.Var(m.area_steps, within=pyo.NonNegativeReals,
                               doc="h[a,t,p,k]: grid energy bought by the area's DCs [MW]")
    m.surplus_used_mw = pyo.Var(m.surplus_steps, within=pyo.NonNegativeReals,
                                doc="w[a,t,p,k]: surplus renewables used by the area's DCs [MW]")
    m.link_flow_step_mw = pyo.Var(
        m.link_steps, within=pyo.Reals,
        bounds=lambda m, f, g, t, p, k: (-m.project_mw[f, g], m.project_mw[f, g]),
        doc="p[g,t,p,k]: flow on link g in the step, positive from from_area to to_area [MW]",
    )

    site_regions: dict[tuple[str, str], list[str]] = {}
    for r, s, t in m.service_phases:
        site_regions.setdefault((s, t), []).append(r)

    def grid_draw(m: pyo.ConcreteModel, s: str, t: str, p: str, k: int) -> object:
        draw = m.pue[s] * sum(m.served_step_mw[r, s, t, p, k] for r in site_regions.get((s, t), ()))
        if (s, t, p, k) in m.storage_steps:
            draw += m.battery_charge_mw[s, t, p, k] - m.battery_discharge_mw[s, t, p, k]
        if (s, t, p, k) in m.cogen_steps:
            draw -= m.cogen_output_mw[s, t, p, k]
        return draw

    m.grid_draw_mw = pyo.Expression(
        m.site_steps, rule=grid_draw,
        doc="G[s,t,p,k] = pue * sum_r y + b+ - b- - q: the site's draw at the meter [MW]",
    )
