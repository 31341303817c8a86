"""Acceptance bookkeeping for the family tests (issue 2): every constraint of the
contract model binds on a family test's case, shown by solving it with and
without that constraint; and the contract constraints are the model's rows.

(The costs per category are checked against an independent recomputation on
every family plan by ``solve_ok`` and on the bundled cases by
tests/results/test_costs_recomputed.py.)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyomo.environ as pyo
import pytest

import planner
from planner.model.data import model_data
from planner.solver.options import SolveOptions
from planner.solver.run import optimise
from support.families import model_test_module
from support.workbook import write_workbook

EXAMPLE = Path(planner.__file__).parent / "data" / "example.xlsx"

CONTRACT_CONSTRAINTS = {
    "investment_build_once",
    "site_open_monotone", "site_capacity_monotone", "site_capacity_max",
    "site_capacity_min", "site_battery_monotone",
    "demand_balance", "demand_site_capacity", "demand_route_required",
    "power_site_firm", "power_nonfirm_battery", "power_link_max", "power_link_min",
    "power_area_balance",
    "telecom_needs_ix", "telecom_corridor_available", "telecom_corridors_required",
    "telecom_intl_demand", "telecom_landing_zone_share", "telecom_regional_ix",
    "resilience_site_survival", "resilience_intl_survival",
    "policy_hub_share", "policy_min_clusters", "policy_max_clusters", "policy_capex_budget",
}
"""FORMULATION.md §2, one name per constraint (as the model components are named)."""


BINDS = {
    # constraint: (family module, id in its CASES, optimum, optimum with the constraint dropped),
    # each pair hand-derived in the docstring of the family test that solves that case
    "investment_build_once": ("telecom", "build_once", 22.0, 20.0),
    "site_open_monotone": ("sites", "open_monotone", 20.0, 10.0),
    "site_capacity_monotone": ("sites", "capacity_monotone", 60.0, 30.0),
    "site_capacity_max": ("sites", "capacity_max", 20.0, 0.0),
    "site_capacity_min": ("sites", "min_mw", 80.0, 60.0),
    "site_battery_monotone": ("sites", "battery_monotone", 20.0, 0.0),
    "demand_balance": ("demand", "base", 10.0, 0.0),
    "demand_site_capacity": ("demand", "site_capacity", 60.0, 0.0),
    "demand_route_required": ("demand", "route", 20.0, 10.0),
    "power_site_firm": ("power", "firm", 110.0, 50.0),
    "power_nonfirm_battery": ("power", "nonfirm", 90.0, 50.0),
    "power_link_max": ("power", "link_into_a", 75.0, 70.0),
    "power_link_min": ("power", "link_out_of_a", 75.0, 70.0),
    "power_area_balance": ("power", "area_balance", 110.0, 50.0),
    "telecom_needs_ix": ("telecom", "route_ix", 30.0, 15.0),
    "telecom_corridor_available": ("telecom", "corridor", 21.0, 10.0),
    "telecom_corridors_required": ("telecom", "corridors_required", 20.0, 10.0),
    "telecom_intl_demand": ("telecom", "intl_demand", 17.0, 10.0),
    "telecom_landing_zone_share": ("telecom", "zone_share", 23.0, 15.0),
    "telecom_regional_ix": ("telecom", "regional_ix", 17.0, 10.0),
    "resilience_site_survival": ("resilience", "site_survival", 105.0, 60.0),
    "resilience_intl_survival": ("resilience", "intl_survival", 18.0, 15.0),
    "policy_hub_share": ("policy", "hub_share", 80.0, 50.0),
    "policy_min_clusters": ("policy", "min_clusters", 30.0, 1.0),
    "policy_max_clusters": ("policy", "max_clusters", 35.0, 30.0),
    "policy_capex_budget": ("policy", "budget", 120.0, 100.0),
}
"""Where each contract constraint binds: a case of the family tests (their own builder)."""

SOLVE = SolveOptions(mip_gap=0.0, time_limit=60.0, threads=1, random_seed=0)


def untightened_model(sheets: dict, path: Path) -> pyo.ConcreteModel:
    """The contract model of ``sheets``: built without the optional tightening rows and
    data-derived big-Ms, which are implied by the contract's rows and would stand in for
    a dropped one."""
    data = model_data(planner.read_workbook(write_workbook(path, sheets)))
    return planner.build_model(dataclasses.replace(data, tighten=False))


def test_every_contract_constraint_has_a_case_where_it_binds():
    assert set(BINDS) == CONTRACT_CONSTRAINTS


@pytest.mark.parametrize("name", sorted(BINDS))
def test_dropping_the_constraint_moves_the_optimum(name, tmp_path):
    """Solved with every row: the tabled optimum; with this constraint deactivated (it has
    rows in the case, so something is dropped): the other tabled optimum, a different one."""
    family, ident, optimum, dropped = BINDS[name]
    assert optimum != pytest.approx(dropped, rel=1e-9, abs=1e-6)
    sheets = model_test_module(f"test_family_{family}").CASES[ident]()
    model = untightened_model(sheets, tmp_path / "case.xlsx")
    outcome = optimise(model, SOLVE)
    assert outcome.status == "optimal" and outcome.objective == pytest.approx(optimum, rel=1e-9, abs=1e-6)
    component = getattr(model, name)
    assert isinstance(component, pyo.Constraint) and len(component) > 0, f"{name} has no rows here"
    component.deactivate()
    outcome = optimise(model, SOLVE)
    assert outcome.status == "optimal", outcome.status
    assert outcome.objective == pytest.approx(dropped, rel=1e-9, abs=1e-6)


def test_contract_constraints_are_the_model_rows():
    """The example case, built without optional tightening, has rows only in
    contract constraints, and every contract constraint is a model component."""
    data = model_data(planner.read_workbook(EXAMPLE))
    if hasattr(data, "tighten"):
        data.tighten = False
    model = planner.build_model(data)
    components = {c.local_name: c for c in model.component_objects(pyo.Constraint)}
    assert CONTRACT_CONSTRAINTS - set(components) == set()
    with_rows = {name for name, c in components.items() if len(c) > 0}
    assert with_rows - CONTRACT_CONSTRAINTS == set()
