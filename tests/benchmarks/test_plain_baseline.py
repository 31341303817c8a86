"""The planner and the plain highspy baseline (benchmarks/plain_highs.py) reach the same optimum.

The baseline is FORMULATION.md sections 1-2 written directly in highspy, sharing no code
with ``planner``. Both solve at mip_gap 0, threads 1, random_seed 0, and their objectives
must agree within 1e-6 relative on: small hand-made workbooks that together use every
section-2 family (each case also checks, on the baseline alone, that its family binds:
blanking the family's columns moves the optimum, so agreement is not vacuous), seeded
synthetic cases from ``planner.synth`` and two OR-Library instances.
"""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from support.workbook import write_workbook

import planner
from planner import synth

from support import contract_only_copy, orlib, read_capacity_case

ROOT = Path(__file__).resolve().parents[2]
RTOL = 1e-6
SOLVE = {"mip_gap": 0.0, "threads": 1, "random_seed": 0}


@pytest.fixture(scope="module")
def baseline():
    path = ROOT / "benchmarks" / "plain_highs.py"
    spec = importlib.util.spec_from_file_location("plain_highs", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("plain_highs", module)
    spec.loader.exec_module(module)
    return module


def both(baseline, path: Path) -> tuple[float, float]:
    """(planner objective, baseline objective), both optimal."""
    plan = planner.solve(read_capacity_case(path), **SOLVE)  # the baseline is §2's model
    assert plan.status == "optimal", (plan.status, plan.messages)
    out = baseline.solve_workbook(path, **SOLVE)
    assert out["status"] == "Optimal", out
    return plan.objective, out["objective"]


def assert_same(name: str, ours: float, theirs: float) -> None:
    rel = abs(ours - theirs) / max(1.0, abs(ours))
    assert rel <= RTOL, f"{name}: planner {ours!r} vs baseline {theirs!r} (rel diff {rel:.3g})"


# --------------------------------------------------------------------------- small cases

YEARS = [2030, 2035, 2040]
SETTINGS = [{"key": "base_year", "value": 2028}, {"key": "discount_rate", "value": 0.05}]


def phases(**policy: list[Any]) -> list[dict[str, Any]]:
    """Three phases (5, 5, 10 years); each policy column given per phase."""
    rows = [{"phase": f"P{t + 1}", "year": y, "years": [5, 5, 10][t]} for t, y in enumerate(YEARS)]
    for key, values in policy.items():
        for row, value in zip(rows, values, strict=True):
            row[key] = value
    return rows


def demand(**regions: list[float]) -> list[dict[str, Any]]:
    return [{"region": r, "phase": f"P{t + 1}", "demand_mw": mw}
            for r, values in regions.items() for t, mw in enumerate(values)]


def case_sites() -> dict:
    """Start values, earliest phase, force open/closed, min/max MW, prices, carbon, fom,
    pue x load factor, service costs; headers in odd case with unit suffixes; a numeric id."""
    return {
        "Settings": SETTINGS + [{"key": " Carbon_Price_JPY_per_t ", "value": 6000}],
        "Phases": phases(),
        "Areas": [{"area": "A", "name": "Area A"}],
        "AreaSupply": [{"area": "A", "phase": f"P{t + 1}", "energy_price_jpy_per_kwh [JPY/kWh]": p,
                        "carbon_t_per_mwh": c} for t, (p, c) in enumerate([(12, .4), (14, .35), (16, .3)])],
        "Sites": [
            {"site": "E1", "area": "A", "type": "existing", "existing_mw": 40, "MAX_MW [MW]": 120,
             "capex_mjpy_per_mw": 3, "fom_mjpy_per_mw_year": 0.2, "pue": 1.3, "load_factor": 0.7,
             "hub": "yes"},
            {"site": "C1", "area": "A", "type": "cluster", "earliest_phase": "P2", "min_mw": 50,
             "MAX_MW [MW]": 200, "fixed_cost_mjpy": 100, "capex_mjpy_per_mw": 1.5,
             "fom_mjpy_per_mw_year": 0.1, "pue": 1.1, "load_factor": 0.9},
            {"site": "W1", "area": "A", "type": "welcome", "MAX_MW [MW]": 60, "min_mw": 40,
             "fixed_cost_mjpy": 30,
             "capex_mjpy_per_mw": 2.5, "pue": 1.4, "force": "open"},
            {"site": "X1", "area": "A", "type": "regional", "MAX_MW [MW]": 500,
             "capex_mjpy_per_mw": 0.1, "force": "closed"},
            {"site": 7.0, "area": "A", "type": "regional", "MAX_MW [MW]": 80, "min_mw": 30,
             "fixed_cost_mjpy": 20, "capex_mjpy_per_mw": 2, "pue": 1.2, "load_factor": 0.8},
        ],
        "Demand": demand(R1=[60, 150, 260], R2=[20, 40, 80]),
        "Service": ([{"region": "R1", "site": s, "cost_mjpy_per_mw_year": k}
                     for s, k in [("E1", 0.1), ("C1", 0.3), ("W1", 0.0), ("X1", 0.0), ("7", 0.2)]]
                    + [{"region": "R2", "site": s, "cost_mjpy_per_mw_year": k}
                       for s, k in [("E1", 0.5), ("C1", 0.1), (7, 0.05)]]),
    }


def case_unserved() -> dict:
    """Unserved penalty, restricted service and requires_route (a route of another site)."""
    return {
        "Settings": SETTINGS + [{"key": "unserved_penalty_mjpy_per_mw_year", "value": 4}],
        "Phases": phases(),
        "Areas": [{"area": "A"}],
        "Sites": [
            {"site": "S1", "area": "A", "max_mw": 50, "fixed_cost_mjpy": 10, "capex_mjpy_per_mw": 2},
            {"site": "S2", "area": "A", "max_mw": 200, "fixed_cost_mjpy": 60, "capex_mjpy_per_mw": 25},
            {"site": "S3", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 6},
        ],
        "Demand": demand(R1=[30, 60, 90], R2=[20, 40, 70]),
        "Service": [
            {"region": "R1", "site": "S1", "cost_mjpy_per_mw_year": 0.2},
            {"region": "R1", "site": "S2"},
            {"region": "R2", "site": "S1", "requires_route": "L1"},
            {"region": "R2", "site": "S3", "cost_mjpy_per_mw_year": 0.5, "requires_route": "L2"},
        ],
        "IX": [{"ix": "X1", "area": "A", "existing": True}],
        "Routes": [{"route": "L1", "site": "S1", "ix": "X1", "capex_mjpy": 40, "earliest_phase": "P2"},
                   {"route": "L2", "site": "S2", "ix": "X1", "capex_mjpy": 30}],
    }


def case_power() -> dict:
    """Firm connection, site projects (one existing, one later), non-firm + battery, area
    supply, link projects used both ways, an area without supply."""
    return {
        "Settings": SETTINGS,
        "Phases": phases(),
        "Areas": [{"area": a} for a in "ABC"],
        "AreaSupply": (
            [{"area": "A", "phase": f"P{t + 1}", "supply_mw": mw, "energy_price_jpy_per_kwh": 1}
             for t, mw in enumerate([40, 60, 80])]
            + [{"area": "B", "phase": f"P{t + 1}", "supply_mw": mw, "energy_price_jpy_per_kwh": 1.2}
               for t, mw in enumerate([60, 100, 150])]
            + [{"area": "C", "phase": f"P{t + 1}", "energy_price_jpy_per_kwh": 1.5}  # unlimited
               for t in range(2)]),  # and no row at all in P3: unlimited at price 0
        "Sites": [
            {"site": "S1", "area": "A", "max_mw": 300, "capex_mjpy_per_mw": 30, "pue": 1.2,
             "grid_firm_mw": 50, "grid_nonfirm_mw": 25, "battery_capex_mjpy_per_mw": 5},
            {"site": "S2", "area": "B", "max_mw": 300, "capex_mjpy_per_mw": 50, "pue": 1.1},
            {"site": "S3", "area": "C", "max_mw": 300, "capex_mjpy_per_mw": 80, "grid_firm_mw": 200},
        ],
        "Demand": demand(R1=[80, 150, 240]),
        "Grid": [
            {"project": "G0", "kind": "site", "site": "S1", "mw": 10, "existing": "TRUE"},
            {"project": "G1", "kind": "site", "site": "S1", "mw": 40, "capex_mjpy": 20,
             "earliest_phase": "P2"},
            {"project": "L1", "kind": "link", "from_area": "A", "to_area": "B", "mw": 40,
             "capex_mjpy": 10},
            {"project": "L2", "kind": "link", "from_area": "B", "to_area": "A", "mw": 30,
             "existing": 1},
            {"project": "L3", "kind": "link", "from_area": "C", "to_area": "A", "mw": 50,
             "capex_mjpy": 25, "earliest_phase": "P3"},
        ],
    }


def case_corridors() -> dict:
    """Required routes over corridors (shared, named, blank = own), routes needing IXs to
    build, route earliest phase, an existing route, a site without routes."""
    return {
        "Settings": SETTINGS,
        "Phases": phases(),
        "Areas": [{"area": "A"}],
        "Sites": [
            {"site": "S1", "area": "A", "max_mw": 200, "capex_mjpy_per_mw": 1, "required_routes": 2},
            {"site": "S2", "area": "A", "max_mw": 200, "capex_mjpy_per_mw": 1.4, "required_routes": 1},
            {"site": "S3", "area": "A", "max_mw": 200, "capex_mjpy_per_mw": 0.5, "required_routes": 1},
        ],
        "Demand": demand(R1=[50, 100, 150]),
        "IX": [{"ix": "X1", "area": "A", "hub": True, "existing": True},
               {"ix": "X2", "area": "A", "capex_mjpy": 30},
               {"ix": "X3", "area": "A", "capex_mjpy": 10, "earliest_phase": "P2"}],
        "Routes": [
            {"route": "L1", "site": "S1", "ix": "X1", "corridor": "north", "capex_mjpy": 5},
            {"route": "L2", "site": "S1", "ix": "X1", "corridor": "north", "capex_mjpy": 3},
            {"route": "L3", "site": "S1", "ix": "X2", "capex_mjpy": 8},
            {"route": "L4", "site": "S1", "ix": "X3", "corridor": "south", "capex_mjpy": 4,
             "earliest_phase": "P2"},
            {"route": "L5", "site": "S2", "ix": "X1", "existing": True},
        ],
    }


def case_intl() -> dict:
    """International Tbps, cables needing IXs, landing-zone share (blank zone = its own),
    min regional IX (hub IX not counted)."""
    return {
        "Settings": SETTINGS,
        "Phases": phases(intl_demand_tbps=[10, 20, 30], max_landing_zone_share=[None, 0.5, 0.4],
                         min_regional_ix=[None, 1, 3]),
        "Areas": [{"area": "A"}],
        "Sites": [{"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 5}],
        "Demand": demand(R1=[10, 10, 10]),
        "IX": [{"ix": "X1", "area": "A", "hub": True, "existing": True},
               {"ix": "X2", "area": "A", "capex_mjpy": 50},
               {"ix": "X3", "area": "A", "capex_mjpy": 30, "earliest_phase": "P2"},
               {"ix": "X4", "area": "A", "hub": "yes", "capex_mjpy": 1},
               {"ix": "X5", "area": "A", "capex_mjpy": 3}],
        "Landings": [{"landing": "LA", "zone": "Boso"}, {"landing": "LB", "zone": "Boso"},
                     {"landing": "LC", "zone": "Shima"}, {"landing": "LD"}, {"landing": "LE"}],
        "Cables": [
            {"cable": "K1", "landing": "LA", "ix": "X1", "tbps": 10, "existing": True},
            {"cable": "K2", "landing": "LB", "ix": "X1", "tbps": 10, "capex_mjpy": 20},
            {"cable": "K3", "landing": "LC", "ix": "X2", "tbps": 8, "capex_mjpy": 15},
            {"cable": "K4", "landing": "LD", "ix": "X1", "tbps": 6, "capex_mjpy": 12},
            {"cable": "K5", "landing": "LE", "ix": "X3", "tbps": 12, "capex_mjpy": 18,
             "earliest_phase": "P2"},
        ],
    }


def case_hazards() -> dict:
    """Site survival (total demand, served or not) and international survival, footprints
    of kind site, landing and ix."""
    sheets = case_intl()
    sheets["Settings"] = SETTINGS + [{"key": "unserved_penalty_mjpy_per_mw_year", "value": 30}]
    sheets["Phases"] = phases(intl_demand_tbps=[10, 20, 30])
    sheets["Sites"] = [
        {"site": "S1", "area": "A", "max_mw": 200, "fixed_cost_mjpy": 5, "capex_mjpy_per_mw": 1},
        {"site": "S2", "area": "A", "max_mw": 200, "fixed_cost_mjpy": 20, "capex_mjpy_per_mw": 1.5},
        {"site": "S3", "area": "A", "max_mw": 200, "fixed_cost_mjpy": 40, "capex_mjpy_per_mw": 2},
    ]
    sheets["Demand"] = demand(R1=[50, 80, 120])
    sheets["Service"] = [{"region": "R1", "site": "S1"}, {"region": "R1", "site": "S2"}]
    sheets["Hazards"] = [{"hazard": "H1", "survive_share": 0.4, "intl_survive_share": 0.5},
                         {"hazard": "H2", "survive_share": 0.3}]
    sheets["HazardFootprint"] = [
        {"hazard": "H1", "kind": "site", "id": "S1"}, {"hazard": "H1", "kind": "landing", "id": "LA"},
        {"hazard": "H1", "kind": "ix", "id": "X2"},
        {"hazard": "H2", "kind": "site", "id": "S2"}, {"hazard": "H2", "kind": "ix", "id": "X1"},
    ]
    return sheets


def case_hub() -> dict:
    """Hub share of the capacity added since the start (an existing hub site)."""
    return {
        "Settings": SETTINGS,
        "Phases": phases(max_new_hub_share=[0.5, None, 0.3]),
        "Areas": [{"area": "A"}],
        "Sites": [
            {"site": "H1", "area": "A", "hub": True, "existing_mw": 50, "max_mw": 300,
             "capex_mjpy_per_mw": 1},
            {"site": "H2", "area": "A", "hub": "TRUE", "max_mw": 300, "capex_mjpy_per_mw": 1.2},
            {"site": "N1", "area": "A", "hub": "no", "max_mw": 300, "capex_mjpy_per_mw": 2,
             "fixed_cost_mjpy": 15},
        ],
        "Demand": demand(R1=[100, 200, 300]),
    }


def case_budget() -> dict:
    """Undiscounted capex budget per phase over sites, battery-free builds and a route."""
    return {
        "Settings": SETTINGS,
        "Phases": phases(capex_budget_mjpy=[150, 120, None]),
        "Areas": [{"area": "A"}],
        "Sites": [
            {"site": "S1", "area": "A", "max_mw": 300, "fixed_cost_mjpy": 30, "capex_mjpy_per_mw": 1,
             "required_routes": 1},
            {"site": "S2", "area": "A", "max_mw": 300, "capex_mjpy_per_mw": 0.5,
             "fom_mjpy_per_mw_year": 0.3},
            {"site": "S3", "area": "A", "existing_mw": 20, "max_mw": 40, "fom_mjpy_per_mw_year": 0.05},
        ],
        "Demand": demand(R1=[120, 200, 320]),
        "IX": [{"ix": "X1", "area": "A", "capex_mjpy": 25}],
        "Routes": [{"route": "L1", "site": "S1", "ix": "X1", "capex_mjpy": 15}],
    }


def case_clusters() -> dict:
    """min/max clusters: only type cluster counts (not welcome, regional or existing)."""
    return {
        "Settings": SETTINGS,
        "Phases": phases(min_clusters=[1, 2, None], max_clusters=[1, 2, 2]),
        "Areas": [{"area": "A"}],
        "Sites": [
            {"site": "C1", "area": "A", "max_mw": 80, "fixed_cost_mjpy": 40, "capex_mjpy_per_mw": 1},
            {"site": "C2", "area": "A", "type": "cluster", "max_mw": 80, "fixed_cost_mjpy": 30,
             "capex_mjpy_per_mw": 1.2},
            {"site": "C3", "area": "A", "type": "cluster", "max_mw": 200, "fixed_cost_mjpy": 10,
             "capex_mjpy_per_mw": 0.8, "earliest_phase": "P2"},
            {"site": "W", "area": "A", "type": "welcome", "max_mw": 100, "fixed_cost_mjpy": 5,
             "capex_mjpy_per_mw": 5},
            {"site": "E", "area": "A", "type": "existing", "existing_mw": 30, "max_mw": 30},
        ],
        "Demand": demand(R1=[30, 150, 330]),
    }


def case_defaults() -> dict:
    """No Settings, Service or AreaSupply sheet; a region with no demand; a missing
    (region, phase) Demand row; ids written as numbers."""
    return {
        "Phases": [{"phase": 1, "year": 2030, "years": 2}, {"phase": 2.0, "year": 2032, "years": 3}],
        "Areas": [{"area": 10}],
        "Regions": [{"region": "R1"}, {"region": "R2"}, {"region": 3}],
        "Sites": [
            {"site": "S1", "area": 10.0, "max_mw": 100, "fixed_cost_mjpy": 10, "capex_mjpy_per_mw": 1,
             "earliest_phase": 2},
            {"site": "S2", "area": "10", "max_mw": 100, "fixed_cost_mjpy": 3, "capex_mjpy_per_mw": 2,
             "min_mw": 25},
        ],
        "Demand": [{"region": "R1", "phase": 1, "demand_mw": 20}, {"region": "R1", "phase": 2, "demand_mw": 70},
                   {"region": 3, "phase": "2", "demand_mw": 5}],
    }


def drop(sheets: dict, *what: str) -> dict:
    """A copy with ``Sheet.column`` blanked in every row, or ``Sheet`` removed."""
    sheets = copy.deepcopy(sheets)
    for item in what:
        name, _, column = item.partition(".")
        if not column:
            del sheets[name]
            continue
        for row in sheets[name]:
            for key in [k for k in row if k.strip().lower().startswith(column)]:
                row[key] = None
    return sheets


CASES = {
    # name: (sheets, what to blank to show the family binds)
    "sites_force_minmax": (case_sites, ["Sites.force", "Sites.min_mw"]),
    "unserved_requires_route": (case_unserved, ["Service.requires_route"]),
    "power_links_battery": (case_power, ["AreaSupply.supply_mw", "Sites.grid_firm_mw",
                                         "Sites.grid_nonfirm_mw", "Grid"]),
    "corridors": (case_corridors, ["Routes.corridor"]),
    "intl_zones_regional_ix": (case_intl, ["Phases.max_landing_zone_share", "Phases.min_regional_ix"]),
    "hazards": (case_hazards, ["Hazards"]),
    "hub_share": (case_hub, ["Phases.max_new_hub_share"]),
    "budget": (case_budget, ["Phases.capex_budget_mjpy"]),
    "clusters": (case_clusters, ["Phases.min_clusters", "Phases.max_clusters"]),
    "defaults": (case_defaults, []),
}


@pytest.mark.parametrize("name", CASES)
def test_family_case_same_optimum(name, baseline, tmp_path):
    make, blank = CASES[name]
    sheets = make()
    path = write_workbook(tmp_path / f"{name}.xlsx", sheets)
    ours, theirs = both(baseline, path)
    assert_same(name, ours, theirs)
    for item in blank:  # each family named binds: without it the optimum moves
        loose = write_workbook(tmp_path / "loose.xlsx", drop(sheets, item))
        out = baseline.solve_workbook(loose, **SOLVE)
        assert out["objective"] is not None, (name, item, out)
        assert abs(out["objective"] - theirs) > RTOL * max(1.0, abs(theirs)), (
            f"{name}: blanking {item} leaves the optimum at {theirs}: the case does not exercise it")


def test_every_family_is_in_some_case():
    """The small cases together name every section-2 family's input."""
    used = set()
    for make, _ in CASES.values():
        for sheet, rows in make().items():
            used.add(sheet)
            used.update(f"{sheet}.{k.strip().lower().split(' [')[0]}" for row in rows for k in row
                        if row[k] is not None)
            if sheet == "Settings":
                used.update(f"Settings.{row['key'].strip().lower()}" for row in rows)
    needed = {
        "Sites.existing_mw", "Sites.min_mw", "Sites.earliest_phase", "Sites.force", "Sites.pue",
        "Sites.load_factor", "Sites.fom_mjpy_per_mw_year", "Sites.grid_firm_mw", "Sites.grid_nonfirm_mw",
        "Sites.battery_capex_mjpy_per_mw", "Sites.required_routes", "Sites.hub", "Sites.type",
        "Settings.unserved_penalty_mjpy_per_mw_year", "Settings.carbon_price_jpy_per_t",
        "Service.requires_route", "Service.cost_mjpy_per_mw_year", "AreaSupply.supply_mw",
        "AreaSupply.carbon_t_per_mwh", "Grid.existing", "Grid.earliest_phase", "Routes.corridor",
        "Routes.existing", "Cables.existing", "Cables.earliest_phase", "IX.hub", "Landings.zone",
        "Phases.intl_demand_tbps", "Phases.max_landing_zone_share", "Phases.min_regional_ix",
        "Phases.max_new_hub_share", "Phases.capex_budget_mjpy", "Phases.min_clusters",
        "Phases.max_clusters", "Hazards.survive_share", "Hazards.intl_survive_share", "HazardFootprint",
    }
    assert needed <= used, needed - used


# --------------------------------------------------------------------------- "must be read and solved"
# FORMULATION.md section 1: "Everything else this section allows must be read and solved, at
# most with a warning: max_mw = 0, base_year later than the first phase's year, ids that
# differ only by case or character width, a grid link from an area to itself, a repeated
# HazardFootprint row (the footprint is a set)." The planner reads each (with a warning)
# and must reach the independent baseline's optimum.


def allowed_max_mw_0() -> dict:
    sheets = case_sites()
    sheets["Sites"].append({"site": "Z", "area": "A", "MAX_MW [MW]": 0})
    sheets["Service"].append({"region": "R1", "site": "Z"})
    return sheets


def allowed_late_base_year() -> dict:
    sheets = case_sites()
    sheets["Settings"] = [{"key": "base_year", "value": 2033}, {"key": "discount_rate", "value": 0.05}]
    return sheets


def allowed_case_ids() -> dict:
    sheets = case_sites()  # "e1" and "Ｅ１" are ids of their own, next to "E1"
    sheets["Sites"] += [{"site": "e1", "area": "A", "MAX_MW [MW]": 50, "existing_mw": 50},
                        {"site": "Ｅ１", "area": "A", "MAX_MW [MW]": 50, "existing_mw": 20}]
    sheets["Service"] += [{"region": "R1", "site": "e1"}, {"region": "R1", "site": "Ｅ１"}]
    return sheets


def allowed_self_link() -> dict:
    sheets = case_power()
    sheets["Grid"].append({"project": "LS", "kind": "link", "from_area": "A", "to_area": "A", "mw": 100})
    return sheets


def allowed_repeated_footprint() -> dict:
    sheets = case_hazards()
    sheets["HazardFootprint"].append({"hazard": "H1", "kind": "site", "id": "S1"})
    return sheets


ALLOWED = {"max_mw_0": allowed_max_mw_0, "base_year_after_first_phase": allowed_late_base_year,
           "ids_differing_by_case_or_width": allowed_case_ids, "link_to_own_area": allowed_self_link,
           "repeated_footprint_row": allowed_repeated_footprint}


@pytest.mark.parametrize("name", ALLOWED)
def test_contract_allowed_input_same_optimum(name, baseline, tmp_path):
    path = write_workbook(tmp_path / f"{name}.xlsx", ALLOWED[name]())
    out = baseline.solve_workbook(path, **SOLVE)
    assert out["status"] == "Optimal", out
    ours, theirs = both(baseline, path)
    assert_same(name, ours, theirs)


# --------------------------------------------------------------------------- synthetic cases

SYNTH = [(20, 3, 0), (30, 3, 1), (40, 2, 2), (25, 4, 3)]


@pytest.mark.parametrize("sites,phases_,seed", SYNTH)
def test_synthetic_same_optimum(sites, phases_, seed, baseline, tmp_path):
    path = synth.write(tmp_path / f"synth_{sites}_{phases_}_{seed}.xlsx", sites, phases_, seed)
    ours, theirs = both(baseline, path)
    assert_same(f"synth({sites}, {phases_}, seed {seed})", ours, theirs)


# --------------------------------------------------------------------------- OR-Library


@pytest.mark.parametrize("name", ["cap41", "cap72"])
def test_orlib_same_optimum(name, baseline, tmp_path):
    path = orlib.write_cap_workbook(orlib.DATA_DIR / f"{name}.txt", tmp_path / f"{name}.xlsx")
    ours, theirs = both(baseline, path)
    assert_same(name, ours, theirs)
    published = orlib.PUBLISHED_OPTIMA[name]
    assert abs(theirs - published) / published <= RTOL, (name, theirs, published)


# --------------------------------------------------------------------------- the bundled case


def test_japan_case_same_optimum(baseline, tmp_path):  # about 8 s for the two solves
    """The bundled data under section 2 alone (its screen, reservations, consent, route
    bandwidth and operations sheets taken out: the baseline implements none of them)."""
    path = contract_only_copy(ROOT / "inputs" / "japan_watt_bit.xlsx", tmp_path)
    ours, theirs = both(baseline, path)
    assert_same("japan_watt_bit", ours, theirs)
