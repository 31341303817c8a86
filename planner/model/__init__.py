"""The MILP: ``build_model(case)`` assembles one module per constraint family.

Order matters only where a family uses another's components: sets and
variables first, then cost expressions (the budget rows use them), then the
families, then the objective.
"""

from __future__ import annotations

from collections.abc import Callable

import pyomo.environ as pyo

from planner.case import Case
from planner.model.cogeneration import add_cogeneration_constraints
from planner.model.costs import add_cost_expressions, add_objective
from planner.model.data import ModelData, model_data
from planner.model.demand import add_demand_constraints
from planner.model.dispatch import add_dispatch_constraints
from planner.model.investment import add_investment_constraints
from planner.model.operations_variables import add_operations_sets, add_operations_variables
from planner.model.parameters import add_parameters
from planner.model.policy import add_policy_constraints
from planner.model.power import add_power_constraints
from planner.model.precheck import infeasible_rows
from planner.model.resilience import add_resilience_constraints
from planner.model.sites import add_sites_constraints
from planner.model.storage import add_storage_constraints
from planner.model.symmetry import add_symmetry_constraints
from planner.model.telecom import add_telecom_constraints
from planner.model.variables import add_sets, add_variables
from planner.model.workload import add_workload_constraints

CONSTRAINT_FAMILIES: tuple[Callable[[pyo.ConcreteModel, ModelData], None], ...] = (
    add_investment_constraints,
    add_sites_constraints,
    add_demand_constraints,
    add_power_constraints,
    add_cogeneration_constraints,
    add_telecom_constraints,
    add_resilience_constraints,
    add_policy_constraints,
    add_symmetry_constraints,
)
"""Section 2's families, in build order."""

OPERATIONS_FAMILIES: tuple[Callable[[pyo.ConcreteModel, ModelData], None], ...] = tuple(
    {add_demand_constraints: add_workload_constraints,
     add_power_constraints: add_dispatch_constraints}.get(f, f) for f in CONSTRAINT_FAMILIES
) + (add_storage_constraints,)
"""Operations mode (FORMULATION.md §4.3): workload replaces demand, dispatch replaces power."""


def build_model(case: Case | ModelData, *, mutable: bool = False) -> pyo.ConcreteModel:
    """Build the Pyomo model of a case (no solving, no I/O).

    ``mutable`` builds the parameters as mutable Params, for re-solves that
    change numbers without rebuilding (``planner.studies.resolver``).
    """
    d = case if isinstance(case, ModelData) else model_data(case)
    m = pyo.ConcreteModel(name="wattbit")
    add_sets(m, d)
    add_parameters(m, d, mutable=mutable)
    add_variables(m, d)
    if d.operations:
        add_operations_sets(m, d)
        add_operations_variables(m, d)
    add_cost_expressions(m, d)
    for add_family in OPERATIONS_FAMILIES if d.operations else CONSTRAINT_FAMILIES:
        add_family(m, d)
    add_objective(m, d)
    return m


__all__ = ["CONSTRAINT_FAMILIES", "OPERATIONS_FAMILIES", "ModelData", "build_model", "infeasible_rows", "model_data"]
