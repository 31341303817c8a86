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


def operations_case() -> dict[str, list[dict[str, Any]]]:
    """The every-family case in operations mode: two periods, every section-4 column in use."""
    rows = every_family_case()
    rows["Periods"] = [{"period": "D1", "days": 200, "steps": 2, "step_hours": 12},
                       {"period": "D2", "days": 165, "steps": 2, "step_hours": 12}]
    rows["Profiles"] = [{"profile": name, "period": p, "step": k, "value": v}
                        for name, values in (("evening", (1.0, 0.8)), ("solar", (0.9, 0.1)))
                        for p in ("D1", "D2") for k, v in zip((1, 2), values, strict=True)]
    for row in rows["AreaSupply"]:
        row.update({"supply_profile": "evening", "price_profile": "evening"})
        if row["area"] == "HK":
            row.update({"surplus_mw": 30, "surplus_profile": "solar", "surplus_price_jpy_per_kwh": 2})
    rows["Demand"] = [{**r, "flexible_share": 0.3} if r["region"] == "R_TK" else r for r in rows["Demand"]]
    rows["Service"] = [{**r, "flexible_only": True} if (r["region"], r["site"]) == ("R_TK", "CL1") else r
                       for r in rows["Service"]]
    for site in rows["Sites"]:
        site.pop("load_factor", None)
        if site["site"] == "CL1":
            site.update({"battery_hours": 4, "battery_efficiency": 0.9, "cogen_fuel_jpy_per_kwh": 15,
                         "cogen_carbon_t_per_mwh": 0.4})
    return rows


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


OPERATIONS_SECTIONS = ("workload", "dispatch", "storage")
"""The ``## `` sections of families only operations mode builds."""


def operations_headings() -> set[str]:
    """The ``### name`` headings under the operations-only sections."""
    text = FORMULATION.read_text(encoding="utf-8")
    names: set[str] = set()
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        if section.split("\n", 1)[0].strip() in OPERATIONS_SECTIONS:
            names |= set(HEADING.findall(section))
    return names


def assert_documented(built: set[str], operations: bool = False) -> None:
    """built equals the documented headings (without the operations-only ones unless asked)."""
    built = built | set(ADDON_COMPONENTS)  # documented under "addons", built by the studies
    documented = set(documented_constraints())
    if not operations:
        documented -= operations_headings()
    assert built == documented, (
        f"built but not documented in {FORMULATION.name}: {sorted(built - documented)}; "
        f"documented but not built: {sorted(documented - built)}"
    )


@pytest.fixture(scope="module")
def operations_model(tmp_path_factory: pytest.TempPathFactory) -> pyo.ConcreteModel:
    path = tmp_path_factory.mktemp("formulation") / "every_family_operations.xlsx"
    case = planner.read_workbook(write_workbook(path, operations_case()))
    assert case.operations
    d = model_data(case)
    d = dataclasses.replace(d, build_lock={**d.build_lock, ("route", "RT1"): "built"})
    assert infeasible_rows(d) == []
    return planner.build_model(d)


def test_documented_constraints_equal_built_constraints(
    model: pyo.ConcreteModel, operations_model: pyo.ConcreteModel
) -> None:
    """Every heading is a component of the capacity model or of the operations model."""
    assert_documented(set(constraint_sizes(model)))
    assert_documented(set(constraint_sizes(model)) | set(constraint_sizes(operations_model)), operations=True)
    assert operations_headings() <= set(constraint_sizes(operations_model))
    assert not operations_headings() & set(constraint_sizes(model))


def test_operations_case_exercises_every_operations_constraint(operations_model: pyo.ConcreteModel) -> None:
    sizes = constraint_sizes(operations_model)
    empty = sorted(name for name, n in sizes.items() if n == 0)
    assert not empty, f"the operations case builds no row of: {empty}"


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
