r"""Policy family: dispersion away from the hubs, cluster counts and capex budgets.

Formulation: models/formulation.md, section "policy".
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData


def add_policy_constraints(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Add the policy constraints (each only in phases where the Phases sheet sets it).

    policy_hub_share: :math:`\sum_{s\ hub} (c_{s,t} - C^0_s) \le
    \eta_t \sum_s (c_{s,t} - C^0_s)` (capacity added since the start)
    policy_min_clusters / policy_max_clusters: :math:`\underline{K}_t \le
    \sum_{s\ cluster} o_{s,t} \le \overline{K}_t`
    policy_capex_budget: :math:`CAPEX_t \le B_t` (undiscounted, see objective)
    """
    policy = d.phase_policy

    def phases_with(column: str) -> list[str]:
        return [t for t in d.phases if policy[t][column] is not None]

    m.hub_share_phases = pyo.Set(initialize=phases_with("max_new_hub_share"), ordered=True,
                                 doc="phases with a cap on the hubs' share of new capacity")
    m.min_cluster_phases = pyo.Set(
        initialize=[
            t for t in phases_with("min_clusters") if policy[t]["min_clusters"] > 0 and d.cluster_sites
        ],
        ordered=True, doc="phases with a minimum number of clusters",
    )
    m.max_cluster_phases = pyo.Set(
        initialize=[t for t in phases_with("max_clusters") if d.cluster_sites],
        ordered=True, doc="phases with a maximum number of clusters",
    )
    m.budget_phases = pyo.Set(initialize=phases_with("capex_budget_mjpy"), ordered=True,
                              doc="phases with a capex budget")

    @m.Constraint(m.hub_share_phases, doc="new IT MW in hubs within the share of all new IT MW")
    def policy_hub_share(m, t):
        def added(sites: list[str]) -> object:
            return sum(m.it_mw[s, t] - d.existing_mw[s] for s in sites)

        return added(d.hub_sites) <= m.max_new_hub_share[t] * added(d.sites)

    @m.Constraint(m.min_cluster_phases, doc="at least min_clusters cluster sites open")
    def policy_min_clusters(m, t):
        return sum(m.site_open[s, t] for s in d.cluster_sites) >= m.min_clusters[t]

    @m.Constraint(m.max_cluster_phases, doc="at most max_clusters cluster sites open")
    def policy_max_clusters(m, t):
        return sum(m.site_open[s, t] for s in d.cluster_sites) <= m.max_clusters[t]

    @m.Constraint(m.budget_phases, doc="undiscounted capex of the phase within its budget [MJPY]")
    def policy_capex_budget(m, t):
        return m.capex[t] <= m.capex_budget_mjpy[t]
