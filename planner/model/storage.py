r"""Storage family (operations mode): batteries charge and discharge within their MW and hours.

FORMULATION.md §4.3 "Battery"; models/formulation.md, section "storage". Only sites with
battery_hours > 0 store energy; elsewhere a battery only backs non-firm headroom.
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.data import ModelData


def add_storage_constraints(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Add the battery constraints.

    battery_charge_max: :math:`b^+_{s,t,p,k} \le e_{s,t}`
    battery_discharge_max: :math:`b^-_{s,t,p,k} \le e_{s,t}`
    battery_energy_max: :math:`soc_{s,t,p,k} \le H_s\, e_{s,t}`
    battery_state: :math:`soc_{s,t,p,k} = soc_{s,t,p,k-1} + \Delta_p (\eta_s b^+_{s,t,p,k} - b^-_{s,t,p,k})`
    (cyclic: the step before 1 is :math:`K_p`)
    """

    @m.Constraint(m.storage_steps, doc="charging within the battery's MW [MW]")
    def battery_charge_max(m, s, t, p, k):
        return m.battery_charge_mw[s, t, p, k] <= m.battery_mw[s, t]

    @m.Constraint(m.storage_steps, doc="discharging within the battery's MW [MW]")
    def battery_discharge_max(m, s, t, p, k):
        return m.battery_discharge_mw[s, t, p, k] <= m.battery_mw[s, t]

    @m.Constraint(m.storage_steps, doc="energy stored within battery_hours x MW [MWh]")
    def battery_energy_max(m, s, t, p, k):
        return m.battery_stored_mwh[s, t, p, k] <= d.battery_hours[s] * m.battery_mw[s, t]

    @m.Constraint(m.storage_steps, doc="stored energy follows charge and discharge, cyclic in the period [MWh]")
    def battery_state(m, s, t, p, k):
        before = m.battery_stored_mwh[s, t, p, d.previous_step(p, k)]
        change = d.step_hours[p] * (d.battery_efficiency[s] * m.battery_charge_mw[s, t, p, k]
                                    - m.battery_discharge_mw[s, t, p, k])
        return m.battery_stored_mwh[s, t, p, k] == before + change
