"""Acceptance bookkeeping for the family tests (issue 2): every constraint of the
contract model has a hand-computed test in tests/model that drops it and sees
the optimum move, and the costs reported per category add up.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyomo.environ as pyo
import pytest

import planner
from planner.model.data import model_data

HERE = Path(__file__).parent
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


def dropped_in_tests() -> set[str]:
    names: set[str] = set()
    for path in HERE.glob("test_family_*.py"):
        for call in re.findall(r"solve_dropped\(([^)]*)\)", path.read_text()):
            names.update(re.findall(r'"(\w+)"', call))
    return names


def test_every_contract_constraint_is_shown_to_bind():
    """Each contract constraint is dropped in at least one hand-computed test."""
    assert CONTRACT_CONSTRAINTS - dropped_in_tests() == set()


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


def test_costs_table_adds_up_on_the_example_case():
    """Bundled example (rate 0.03, base year 2030; phases 2030 x 3 yr, 2035 x 5 yr):
    the Costs table's discounted column sums to the objective, every row is its
    undiscounted value x (1.03)^-(year - 2030), and build capex equals the Builds
    table's capex at the phase each option was built."""
    case = planner.read_workbook(EXAMPLE)
    plan = planner.solve(case, threads=1, random_seed=0, mip_gap=0.0)
    assert plan.status == "optimal"
    costs = plan.tables["Costs"]
    assert costs["discounted_mjpy"].sum() == pytest.approx(plan.objective, rel=1e-9)
    discount = {t: 1.03 ** -(int(case.phases.at[t, "year"]) - 2030) for t in case.phases.index}
    for row in costs.itertuples():
        assert row.discounted_mjpy == pytest.approx(
            discount[row.phase] * row.undiscounted_mjpy, rel=1e-9, abs=1e-6)
    builds = plan.tables["Builds"]
    builds = builds[builds["phase_built"] != "existing"]
    for family in ("grid", "ix", "route", "cable"):
        mine = builds[builds["family"] == family]
        for t in case.phases.index:
            expected = mine[mine["phase_built"] == t]["capex_mjpy"].sum()
            reported = costs[(costs["category"] == family) & (costs["phase"] == t)]
            assert reported["undiscounted_mjpy"].sum() == pytest.approx(
                expected, rel=1e-9, abs=1e-6)
    # Opex from the Sites table and the inputs: fom and energy on installed IT MW.
    sites = plan.tables["Sites"]
    supply = case.area_supply.set_index(["area", "phase"])
    for t in case.phases.index:
        years = float(case.phases.at[t, "years"])
        fom = energy = 0.0
        for row in sites[sites["phase"] == t].itertuples():
            info = case.sites.loc[row.site]
            fom += row.it_mw * (info["fom_mjpy_per_mw_year"] or 0.0)
            price = 0.0
            if (info["area"], t) in supply.index:
                price = supply.at[(info["area"], t), "energy_price_jpy_per_kwh"] or 0.0
            energy += row.it_mw * info["pue"] * info["load_factor"] * 8.76 * price
        for category, value in (("fom", fom), ("energy", energy)):
            reported = costs[(costs["category"] == category) & (costs["phase"] == t)]
            assert reported["undiscounted_mjpy"].sum() == pytest.approx(
                years * value, rel=1e-9, abs=1e-6)
