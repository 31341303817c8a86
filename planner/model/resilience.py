r"""Resilience family: enough capacity and cable bandwidth survives each hazard.

Formulation: models/formulation.md, section "resilience".
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData, total_demand


def add_resilience_constraints(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Add the resilience constraints, one pair per hazard h with footprint F_h.

    resilience_site_survival: :math:`\sum_{s \notin F_h} c_{s,t} \ge \rho_h \sum_r D_{r,t}`
    resilience_intl_survival: :math:`\sum_{k:\ landing(k), ix(k) \notin F_h}
    tbps_k a_{k,t} \ge \rho^{intl}_h I_t`

    Rows with no site (or no buildable cable) outside the footprint hold no
    decision; ``planner.model.precheck`` checks them instead.
    """
    outside = {
        h: [s for s in d.sites if s not in d.footprint[h]["site"]] for h in d.hazards
    }
    surviving_cables = {
        h: [
            k for k in sorted(d.cable_tbps)
            if d.cable_landing[k] not in d.footprint[h]["landing"]
            and d.cable_ix[k] not in d.footprint[h]["ix"]
        ]
        for h in d.hazards
    }
    m.hazard_phases = pyo.Set(
        initialize=[
            (h, t) for h in d.hazards for t in d.phases
            if d.survive_share[h] > 0 and total_demand(d, t) > 0 and outside[h]
        ],
        dimen=2, ordered=True, doc="(hazard, phase) with a capacity survival requirement",
    )
    m.hazard_intl_phases = pyo.Set(
        initialize=[
            (h, t) for h in d.hazards for t in d.phases
            if d.intl_survive_share[h] > 0 and d.intl_demand[t] > 0
            and any(("cable", k, tau) in m.build_phases
                    for k in surviving_cables[h] for tau in d.phases[: d.phase_pos(t) + 1])
        ],
        dimen=2, ordered=True, doc="(hazard, phase) with a bandwidth survival requirement",
    )

    @m.Constraint(m.hazard_phases, doc="IT MW outside the footprint covers the surviving share of demand")
    def resilience_site_survival(m, h, t):
        surviving = sum(m.it_mw[s, t] for s in outside[h])
        return surviving >= m.survive_share[h] * sum(m.demand_mw[r, t] for r in d.regions)

    @m.Constraint(m.hazard_intl_phases, doc="cable Tbps outside the footprint covers the surviving share")
    def resilience_intl_survival(m, h, t):
        surviving = sum(m.tbps[k] * m.available["cable", k, t] for k in surviving_cables[h])
        return surviving >= m.intl_survive_share[h] * m.intl_demand_tbps[t]
