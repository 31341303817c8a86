"""Drift test: models/formulation.md documents exactly the constraints the code builds.

A small two-phase case exercises every constraint family, so every
``Constraint`` component of the built model has at least one row. The set of
component names must equal the set of ``### <name>`` headings in the document.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pyomo.environ as pyo
import pytest

import planner
from planner.model import infeasible_rows, model_data
from planner.model.addons import (
    ADDON_COMPONENTS,
    add_alternatives_constraints,
    add_elastic_rows,
    add_no_good_cut,
    addon_names,
)
from support.workbook import write_workbook

FORMULATION = Path(__file__).resolve().parents[2] / "models" / "formulation.md"
HEADING = re.compile(r"^###[ \t]+`?([A-Za-z_][A-Za-z0-9_]*)`?[ \t]*$", re.MULTILINE)


def every_family_case() -> dict[str, list[dict[str, Any]]]:
    """Two phases, two areas, four sites (two interchangeable): every sheet and policy column in use."""
    return {
        "Settings": [
            {"key": "discount_rate", "value": 0.03},
            {"key": "carbon_price_jpy_per_t", "value": 5000},
            {"key": "unserved_penalty_mjpy_per_mw_year", "value": 1000},
        ],
        "Phases": [
            {"phase": "P1", "year": 2030, "years": 5, "capex_budget_mjpy": 100000,
             "intl_demand_tbps": 20, "max_new_hub_share": 0.6, "min_regional_ix": 1,
             "max_landing_zone_share": 0.8, "min_clusters": 1, "max_clusters": 2},
            {"phase": "P2", "year": 2035, "years": 5, "intl_demand_tbps": 30},
        ],
        "Areas": [{"area": "TK", "name": "Tokyo"}, {"area": "HK", "name": "Hokkaido"}],
        "AreaSupply": [
            {"area": "HK", "phase": "P1", "supply_mw": 300, "energy_price_jpy_per_kwh": 12,
             "carbon_t_per_mwh": 0.3},
            {"area": "HK", "phase": "P2", "supply_mw": 400, "energy_price_jpy_per_kwh": 12},
            {"area": "TK", "phase": "P2", "energy_price_jpy_per_kwh": 18, "carbon_t_per_mwh": 0.45},
        ],
        "Sites": [
            {"site": "HUB", "area": "TK", "type": "existing", "hub": True, "existing_mw": 40,
             "max_mw": 200, "capex_mjpy_per_mw": 800, "grid_firm_mw": 150},
            {"site": "CL1", "area": "HK", "type": "cluster", "min_mw": 20, "max_mw": 150,
             "pue": 1.2, "load_factor": 0.8, "fixed_cost_mjpy": 500, "capex_mjpy_per_mw": 600,
             "fom_mjpy_per_mw_year": 5, "grid_firm_mw": 60, "grid_nonfirm_mw": 40,
             "battery_capex_mjpy_per_mw": 50, "required_routes": 2, "cogen_max_mw": 5,
             "cogen_capex_mjpy_per_mw": 30},
            {"site": "CL2", "area": "HK", "type": "cluster", "max_mw": 100, "earliest_phase": "P2",
             "fixed_cost_mjpy": 400, "capex_mjpy_per_mw": 650},
            # CL3 is CL2 again: interchangeable sites, for the symmetry rows
            {"site": "CL3", "area": "HK", "type": "cluster", "max_mw": 100, "earliest_phase": "P2",
             "fixed_cost_mjpy": 400, "capex_mjpy_per_mw": 650},
        ],
        # tbps_per_mw and Routes.tbps (RT2) build telecom_route_bandwidth
        "Regions": [{"region": "R_TK", "tbps_per_mw": 0.05}, {"region": "R_HK"}],
        "Demand": [
            {"region": "R_TK", "phase": "P1", "demand_mw": 60},
            {"region": "R_TK", "phase": "P2", "demand_mw": 100},
            {"region": "R_HK", "phase": "P1", "demand_mw": 20},
            {"region": "R_HK", "phase": "P2", "demand_mw": 60},
        ],
        "Service": [
            {"region": "R_TK", "site": "HUB", "cost_mjpy_per_mw_year": 1},
            {"region": "R_TK", "site": "CL1", "cost_mjpy_per_mw_year": 3, "requires_route": "RT2"},
            {"region": "R_HK", "site": "CL1"},
            {"region": "R_HK", "site": "CL2"},
            {"region": "R_HK", "site": "CL3"},
        ],
        "Grid": [
            {"project": "G_SITE", "kind": "site", "site": "CL1", "mw": 50, "capex_mjpy": 300},
            {"project": "G_LINK", "kind": "link", "from_area": "HK", "to_area": "TK", "mw": 100,
             "capex_mjpy": 900, "earliest_phase": "P2"},
            {"project": "G_OLD", "kind": "link", "from_area": "TK", "to_area": "HK", "mw": 30,
             "existing": True},
        ],
        "IX": [
            {"ix": "X_TK", "area": "TK", "hub": True, "existing": True},
            {"ix": "X_HK", "area": "HK", "capex_mjpy": 200},
        ],
        "Routes": [
            {"route": "RT1", "site": "CL1", "ix": "X_TK", "corridor": "east", "capex_mjpy": 100,
             "latency_ms": 9},
            {"route": "RT2", "site": "CL1", "ix": "X_HK", "corridor": "west", "capex_mjpy": 50,
             "tbps": 2},
            {"route": "RT3", "site": "CL1", "ix": "X_TK", "corridor": "east", "capex_mjpy": 120},
            {"route": "RT4", "site": "CL1", "ix": "X_HK", "capex_mjpy": 70},
            {"route": "RT5", "site": "HUB", "ix": "X_TK", "existing": True},
        ],
        # Every landing names its zone: a blank zone is read as NaN (see the note under
        # telecom_landing_zone_share in models/formulation.md).
        "Landings": [
            {"landing": "L_BOSO", "zone": "Boso"},
            {"landing": "L_KITA", "zone": "Kitaibaraki"},
            {"landing": "L_ISH", "zone": "Ishikari"},
        ],
        "Cables": [
            {"cable": "C_OLD", "landing": "L_BOSO", "ix": "X_TK", "tbps": 10, "existing": True},
            {"cable": "C_NEW", "landing": "L_KITA", "ix": "X_HK", "tbps": 20, "capex_mjpy": 1000},
            {"cable": "C_ISH", "landing": "L_ISH", "ix": "X_TK", "tbps": 15, "capex_mjpy": 800,
             "earliest_phase": "P2"},
        ],
        "Hazards": [{"hazard": "QUAKE", "survive_share": 0.3, "intl_survive_share": 0.5}],
        "HazardFootprint": [
            {"hazard": "QUAKE", "kind": "site", "id": "HUB"},
            {"hazard": "QUAKE", "kind": "landing", "id": "L_BOSO"},
            {"hazard": "QUAKE", "kind": "ix", "id": "X_TK"},
        ],
    }


def documented_constraints() -> list[str]:
    """The ``### name`` headings of models/formulation.md, in order."""
    return HEADING.findall(FORMULATION.read_text(encoding="utf-8"))


def constraint_sizes(m: pyo.ConcreteModel) -> dict[str, int]:
    """Name -> number of rows of every active Constraint component."""
    return {c.local_name: len(c) for c in m.component_objects(pyo.Constraint, active=True)}


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> planner.Case:
    path = tmp_path_factory.mktemp("formulation") / "every_family.xlsx"
    return planner.read_workbook(write_workbook(path, every_family_case()))


@pytest.fixture(scope="module")
def model(case: planner.Case) -> pyo.ConcreteModel:
    # The only row a workbook cannot switch on is investment_build_required (a planner's
    # lock on a build option); set one lock so that it has a row too.
    d = model_data(case)
    d = dataclasses.replace(d, build_lock={**d.build_lock, ("route", "RT1"): "built"})
    assert infeasible_rows(d) == []
    return planner.build_model(d)


def test_headings_are_unique() -> None:
    headings = documented_constraints()
    duplicates = sorted({h for h in headings if headings.count(h) > 1})
    assert not duplicates, f"headings documented twice in {FORMULATION.name}: {duplicates}"


def assert_documented(built: set[str]) -> None:
    built = built | set(ADDON_COMPONENTS)  # documented under "addons", built by the studies
    documented = set(documented_constraints())
    assert built == documented, (
        f"built but not documented in {FORMULATION.name}: {sorted(built - documented)}; "
        f"documented but not built: {sorted(documented - built)}"
    )


def test_documented_constraints_equal_built_constraints(model: pyo.ConcreteModel) -> None:
    assert_documented(set(constraint_sizes(model)))


def test_workbook_build_has_the_same_constraints(case: planner.Case) -> None:
    """Built straight from the case (no lock), the model has the same components."""
    assert_documented(set(constraint_sizes(planner.build_model(case))))


def test_case_exercises_every_constraint(model: pyo.ConcreteModel) -> None:
    sizes = constraint_sizes(model)
    empty = sorted(name for name, n in sizes.items() if n == 0)
    assert not empty, f"the test case builds no row of: {empty}"


def test_addons_build_exactly_the_documented_components(case: planner.Case) -> None:
    """Each add-on builds rows on a real model, and their names are the documented ones."""
    before = set(constraint_sizes(planner.build_model(case)))
    m = planner.build_model(case)
    decisions = [v for v in m.component_data_objects(pyo.Var) if v.is_binary() and v.lb != v.ub]
    add_alternatives_constraints(m, optimum=1000.0, slack=0.05)
    add_no_good_cut(m, decisions, [0] * len(decisions), 1)
    relaxed = add_elastic_rows(m, {"demand_balance": 1.0, "power_area_balance": 1.0})
    assert relaxed and len(m.alternatives_no_good) == 1
    assert list(addon_names(m)) == list(ADDON_COMPONENTS)
    new = set(constraint_sizes(m)) - before
    assert new == {"alternatives_cost_cap", "alternatives_no_good"}
    assert_documented(before | new)
