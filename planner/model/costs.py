r"""Cost expressions and the objective: present value of capex and opex.

Formulation: models/formulation.md, section "objective".
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData

CAPEX_CATEGORIES = ("site_fixed", "site_capacity", "battery", "cogeneration", "grid", "ix", "route",
                    "cable")
OPEX_CATEGORIES = ("fom", "energy", "carbon", "service", "unserved")
OPERATIONS_OPEX_CATEGORIES = ("fom", "energy", "surplus", "cogen_fuel", "carbon", "service", "unserved")
"""Operations mode prices energy per step by source: grid (energy), surplus, on-site fuel."""


def add_cost_expressions(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Named cost expressions per category and phase, undiscounted [MJPY].

    capex_by_category[site_fixed,t] = :math:`\sum_s F_s (o_{s,t} - o_{s,t-1})`,
    site_capacity: :math:`\sum_s K_s (c_{s,t} - c_{s,t-1})`, battery:
    :math:`\sum_s K^e_s (e_{s,t} - e_{s,t-1})`, cogeneration:
    :math:`\sum_s K^\kappa_s (\kappa_{s,t} - \kappa_{s,t-1})`, grid/ix/route/cable:
    :math:`\sum_b K_b x_{b,t}`; with :math:`o_{s,0} = [C^0_s > 0]`,
    :math:`c_{s,0} = C^0_s`, :math:`e_{s,0} = \kappa_{s,0} = 0`.
    opex_by_category[.,t] (per year): fom :math:`\sum_s fom_s c_{s,t}`, energy
    :math:`\sum_s pue_s lf_s 8.76\, price_{a(s),t} c_{s,t}`, carbon likewise with
    :math:`carbon_{a(s),t} \cdot cp / 1000`, service :math:`\sum cost_{r,s} y_{r,s,t}`,
    unserved :math:`penalty \sum_r u_{r,t}`.
    """
    m.capex_categories = pyo.Set(initialize=CAPEX_CATEGORIES, ordered=True, doc="capex categories")
    m.opex_categories = pyo.Set(initialize=OPERATIONS_OPEX_CATEGORIES if d.operations else OPEX_CATEGORIES,
                                ordered=True, doc="opex categories")

    def previous(var: pyo.Var, s: str, t: str, start: float) -> object:
        pos = d.phase_pos(t)
        return var[s, d.phases[pos - 1]] if pos > 0 else start

    build_families = {"grid", "ix", "route", "cable"}

    def capex_rule(m: pyo.ConcreteModel, category: str, t: str) -> object:
        if category == "site_fixed":
            return sum(
                m.fixed_cost_mjpy[s] * (m.site_open[s, t]
                                        - previous(m.site_open, s, t, 1.0 if d.existing_mw[s] > 0 else 0.0))
                for s in d.sites
            )
        if category == "site_capacity":
            return sum(
                m.capex_mjpy_per_mw[s] * (m.it_mw[s, t] - previous(m.it_mw, s, t, d.existing_mw[s]))
                for s in d.sites
            )
        if category == "battery":
            return sum(
                m.battery_capex_mjpy_per_mw[s] * (m.battery_mw[s, t] - previous(m.battery_mw, s, t, 0.0))
                for s in m.battery_sites
            )
        if category == "cogeneration":
            return sum(
                m.cogen_capex_mjpy_per_mw[s] * (m.cogen_mw[s, t] - previous(m.cogen_mw, s, t, 0.0))
                for s in m.cogen_sites
            )
        assert category in build_families
        return sum(
            m.build_capex_mjpy[f, b] * m.build[f, b, t]
            for (f, b) in d.builds
            if f == category and (f, b, t) in m.build_phases
        )

    def opex_rule(m: pyo.ConcreteModel, category: str, t: str) -> object:
        if d.operations and category != "fom":
            return operations_opex(m, d, category, t)
        if category == "fom":
            return sum(m.fom_mjpy_per_mw_year[s] * m.it_mw[s, t] for s in d.sites)
        if category == "energy":
            return sum(m.energy_cost_mjpy_per_mw_year[s, t] * m.it_mw[s, t] for s in d.sites)
        if category == "carbon":
            return sum(m.carbon_cost_mjpy_per_mw_year[s, t] * m.it_mw[s, t] for s in d.sites)
        if category == "service":
            return sum(m.service_cost_mjpy_per_mw_year[r, s] * m.served_mw[r, s, tau]
                       for (r, s, tau) in m.service_phases if tau == t)
        assert category == "unserved"
        return sum(m.unserved_penalty_mjpy_per_mw_year * m.unserved_mw[r, tau]
                   for (r, tau) in m.unserved_phases if tau == t)

    m.capex_by_category = pyo.Expression(m.capex_categories, m.phases, rule=capex_rule,
                                         doc="capex incurred in the phase, undiscounted [MJPY]")
    m.opex_by_category = pyo.Expression(m.opex_categories, m.phases, rule=opex_rule,
                                        doc="opex per year of the phase, undiscounted [MJPY/yr]")
    m.capex = pyo.Expression(
        m.phases, rule=lambda m, t: sum(m.capex_by_category[c, t] for c in m.capex_categories),
        doc="CAPEX_t, undiscounted [MJPY]",
    )
    m.opex = pyo.Expression(
        m.phases, rule=lambda m, t: sum(m.opex_by_category[c, t] for c in m.opex_categories),
        doc="OPEX_t per year, undiscounted [MJPY/yr]",
    )


def operations_opex(m: pyo.ConcreteModel, d: ModelData, category: str, t: str) -> object:
    r"""One OPEX_t term of operations mode (FORMULATION.md §4.3), per year [MJPY/yr].

    With :math:`n_p \Delta_p` the hours a step stands for: energy
    :math:`\sum n_p\Delta_p\, price_{a,t}\pi^P h / 1000`, surplus :math:`\sum n_p\Delta_p\, sp_{a,t} w / 1000`,
    cogen_fuel :math:`\sum n_p\Delta_p\, fuel_s q / 1000`, carbon
    :math:`\sum n_p\Delta_p (carbon_{a,t} h + carbon_s q)\, cp / 10^6`, service
    :math:`\sum n_p\Delta_p\, cost_{r,s} y / 8760`, unserved :math:`\sum n_p\Delta_p\, penalty\, u / 8760`.
    """
    hours = {p: d.hours_weight(p) for p in d.periods}
    blank: dict[str, object] = {}

    def area(a: str) -> dict[str, object]:
        return d.area_energy.get((a, t), blank)

    if category == "energy":
        return sum(hours[p] * float(area(a).get("price", 0.0)) * d.profile(area(a).get("price_profile"), p, k)
                   * m.grid_energy_mw[a, tau, p, k] / 1000.0
                   for (a, tau, p, k) in m.area_steps if tau == t and float(area(a).get("price", 0.0)) > 0)
    if category == "surplus":
        return sum(hours[p] * float(area(a).get("surplus_price", 0.0)) * m.surplus_used_mw[a, tau, p, k] / 1000.0
                   for (a, tau, p, k) in m.surplus_steps if tau == t)
    if category == "cogen_fuel":
        return sum(hours[p] * d.cogen_fuel[s] * m.cogen_output_mw[s, tau, p, k] / 1000.0
                   for (s, tau, p, k) in m.cogen_steps if tau == t)
    if category == "carbon":
        grid = sum(hours[p] * float(area(a).get("carbon", 0.0)) * m.grid_energy_mw[a, tau, p, k]
                   for (a, tau, p, k) in m.area_steps if tau == t and float(area(a).get("carbon", 0.0)) > 0)
        onsite = sum(hours[p] * d.cogen_carbon[s] * m.cogen_output_mw[s, tau, p, k]
                     for (s, tau, p, k) in m.cogen_steps if tau == t)
        return (grid + onsite) * d.carbon_price / 1e6
    if category == "service":
        return sum(hours[p] * m.service_cost_mjpy_per_mw_year[r, s] * m.served_step_mw[r, s, tau, p, k] / 8760.0
                   for (r, s, tau, p, k) in m.service_steps if tau == t)
    assert category == "unserved"
    return sum(hours[p] * m.unserved_penalty_mjpy_per_mw_year * m.unserved_step_mw[r, tau, p, k] / 8760.0
               for (r, tau, p, k) in m.unserved_steps if tau == t)


def add_objective(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""total_cost: :math:`\min \sum_t d_t CAPEX_t + w_t OPEX_t`, with
    :math:`d_t = (1+r)^{-(year_t - base)}` and :math:`w_t = d_t \cdot years_t`.
    """
    m.total_cost = pyo.Objective(
        expr=sum(m.discount[t] * m.capex[t] + m.weight[t] * m.opex[t] for t in d.phases),
        sense=pyo.minimize,
        doc="present value of all costs [MJPY]",
    )
