r"""Parameters: every number the constraints use, as a Pyomo ``Param`` named after its column.

Built ``mutable`` for sensitivity studies, so a changed demand, cost or limit
is pushed to the persistent HiGHS model without a rebuild
(``planner.resolve``); immutable otherwise (the fastest build). Which numbers
exist is structure (decided by ``ModelData``'s sets); their values are not.
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData

PARAMETER_NAMES = (
    "demand_mw", "max_mw", "min_mw", "pue", "grid_firm_mw", "grid_nonfirm_mw", "supply_mw",
    "fixed_cost_mjpy", "capex_mjpy_per_mw", "battery_capex_mjpy_per_mw", "build_capex_mjpy",
    "fom_mjpy_per_mw_year", "energy_cost_mjpy_per_mw_year", "carbon_cost_mjpy_per_mw_year",
    "service_cost_mjpy_per_mw_year", "unserved_penalty_mjpy_per_mw_year", "project_mw", "tbps",
    "intl_demand_tbps", "survive_share", "intl_survive_share", "discount", "weight",
    "capex_budget_mjpy", "max_new_hub_share", "min_regional_ix", "max_landing_zone_share",
    "min_clusters", "max_clusters", "capacity_bound_mw", "serve_bound_mw",
    "cogen_max_mw", "cogen_capex_mjpy_per_mw", "tbps_per_mw", "route_tbps",
)
"""Every Param the model has; ``planner.resolve`` refreshes exactly these."""


def parameter_values(d: ModelData) -> dict[str, dict[object, float]]:
    """The value of every parameter, keyed like its Param (the single source for both paths)."""
    policy = d.phase_policy
    capacity = {(s, t): d.capacity_bound(s, t) for s in d.sites for t in d.phases}

    def policy_values(column: str) -> dict[object, float]:
        return {t: float(policy[t][column]) for t in d.phases if policy[t][column] is not None}

    return {
        "demand_mw": dict(d.demand),
        "max_mw": dict(d.max_mw),
        "min_mw": dict(d.min_mw),
        "pue": dict(d.pue),
        "grid_firm_mw": dict(d.grid_firm),
        "grid_nonfirm_mw": dict(d.grid_nonfirm),
        "supply_mw": dict(d.supply),
        "fixed_cost_mjpy": dict(d.fixed_cost),
        "capex_mjpy_per_mw": dict(d.capex_per_mw),
        "battery_capex_mjpy_per_mw": dict(d.battery_capex),
        "build_capex_mjpy": dict(d.build_capex),
        "fom_mjpy_per_mw_year": dict(d.site_fom),
        "energy_cost_mjpy_per_mw_year": dict(d.site_energy_cost),
        "carbon_cost_mjpy_per_mw_year": dict(d.site_carbon_cost),
        "service_cost_mjpy_per_mw_year": dict(d.service_cost),
        "unserved_penalty_mjpy_per_mw_year": {None: d.unserved_penalty or 0.0},
        "project_mw": dict(d.project_mw),
        "tbps": dict(d.cable_tbps),
        "intl_demand_tbps": dict(d.intl_demand),
        "survive_share": dict(d.survive_share),
        "intl_survive_share": dict(d.intl_survive_share),
        "discount": dict(d.discount),
        "weight": dict(d.weight),
        "capex_budget_mjpy": policy_values("capex_budget_mjpy"),
        "max_new_hub_share": policy_values("max_new_hub_share"),
        "min_regional_ix": policy_values("min_regional_ix"),
        "max_landing_zone_share": policy_values("max_landing_zone_share"),
        "min_clusters": policy_values("min_clusters"),
        "max_clusters": policy_values("max_clusters"),
        "capacity_bound_mw": capacity,
        "serve_bound_mw": {
            (r, s, t): min(d.demand[(r, t)], capacity[s, t])
            for (r, s) in d.service_pairs for t in d.phases if d.demand[(r, t)] > 0
        },
        "cogen_max_mw": dict(d.cogen_max),
        "cogen_capex_mjpy_per_mw": dict(d.cogen_capex),
        "tbps_per_mw": dict(d.region_tbps_per_mw),
        "route_tbps": dict(d.route_tbps),
    }


_DOCS = {
    "demand_mw": "D[r,t]: IT MW demanded [MW]",
    "max_mw": "most IT MW at the site [MW]",
    "min_mw": "least IT MW once open [MW]",
    "pue": "power usage effectiveness",
    "grid_firm_mw": "firm connection at the meter [MW]",
    "grid_nonfirm_mw": "non-firm headroom [MW]",
    "supply_mw": "supply for DC load [MW]",
    "fixed_cost_mjpy": "one-time cost to open [MJPY]",
    "capex_mjpy_per_mw": "capex per IT MW [MJPY/MW]",
    "battery_capex_mjpy_per_mw": "battery capex [MJPY/MW]",
    "build_capex_mjpy": "capex of a build option [MJPY]",
    "fom_mjpy_per_mw_year": "fixed O&M [MJPY/MW/yr]",
    "energy_cost_mjpy_per_mw_year": "pue x load_factor x 8.76 x price [MJPY/MW/yr]",
    "carbon_cost_mjpy_per_mw_year": "pue x load_factor x 8.76 x carbon x price/1000 [MJPY/MW/yr]",
    "service_cost_mjpy_per_mw_year": "cost of serving a region at a site [MJPY/MW/yr]",
    "unserved_penalty_mjpy_per_mw_year": "penalty on unserved demand [MJPY/MW/yr]",
    "project_mw": "capacity of a grid project [MW]",
    "tbps": "cable capacity [Tbps]",
    "intl_demand_tbps": "international demand [Tbps]",
    "survive_share": "share of demand that must survive a hazard",
    "intl_survive_share": "share of international demand that must survive a hazard",
    "discount": "d[t] = (1 + r)^-(year - base_year)",
    "weight": "w[t] = d[t] x years[t]",
    "capex_budget_mjpy": "capex budget of the phase [MJPY]",
    "max_new_hub_share": "most share of new IT MW in hubs",
    "min_regional_ix": "least number of regional IXs",
    "max_landing_zone_share": "most share of cable Tbps in one landing zone",
    "min_clusters": "least number of open clusters",
    "max_clusters": "most number of open clusters",
    "capacity_bound_mw": "M[s,t]: most IT MW the site can hold in the phase (tight big-M) [MW]",
    "serve_bound_mw": "min(D[r,t], M[s,t]): most a site can serve of a region [MW]",
    "cogen_max_mw": "most on-site generation at the site [MW]",
    "cogen_capex_mjpy_per_mw": "on-site generation capex [MJPY/MW]",
    "tbps_per_mw": "route traffic per IT MW of the region's work [Tbps/MW]",
    "route_tbps": "route capacity [Tbps]",
}


def add_parameters(m: pyo.ConcreteModel, d: ModelData, *, mutable: bool = False) -> None:
    """One Param per name in ``PARAMETER_NAMES``, indexed by the keys its data has."""
    values_by_name = parameter_values(d)
    for name, values in values_by_name.items():
        if list(values) == [None]:
            setattr(m, name, pyo.Param(initialize=values[None], mutable=mutable, doc=_DOCS[name]))
            continue
        index = pyo.Set(initialize=list(values), dimen=None, ordered=True)
        setattr(m, f"{name}_index", index)
        setattr(m, name, pyo.Param(index, initialize=values, mutable=mutable, doc=_DOCS[name],
                                   within=pyo.Reals))
    if mutable:
        m._planner_parameter_values = values_by_name  # what update_parameters compares against


def update_parameters(m: pyo.ConcreteModel, d: ModelData) -> list[pyo.Param]:
    """Set every mutable Param to ``d``'s values; return the Param entries that changed.

    Compares plain numbers with the values the model was last given, so a
    Param none of whose values changed costs one dict comparison.
    """
    changed = []
    current = m._planner_parameter_values
    new_values = parameter_values(d)
    for name, values in new_values.items():
        before = current[name]
        if values == before:
            continue
        component = getattr(m, name)
        for key, value in values.items():
            if before[key] != value:
                target = component if key is None else component[key]
                target.set_value(value)
                changed.append(target)
    m._planner_parameter_values = new_values
    return changed
