"""Symmetry family: site_open_order and site_capacity_order (planner/model/symmetry.py).

The rows exist only between interchangeable sites (every number and set the
model reads for them is equal), only with ``ModelData.tighten`` and only in an
immutable model; they never change the optimum, and among the copies of a plan
they keep the one that uses the earlier sites of the Sites sheet.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import pyomo.environ as pyo
import pytest

import planner
from planner import synth
from planner.model.data import ModelData, model_data
from planner.model.symmetry import KNOWN_FIELDS, site_signature, symmetric_groups
from planner.solver.options import SolveOptions
from planner.solver.run import optimise
from support.workbook import base_case, write_workbook

EXACT = SolveOptions(mip_gap=0.0, time_limit=120.0, threads=1, random_seed=0)
JAPAN = Path(__file__).resolve().parents[2] / "inputs" / "japan_watt_bit.xlsx"


def approx(value: float) -> Any:
    return pytest.approx(value, rel=1e-9, abs=1e-6)


def data_of(tmp_path: Path, sheets: dict[str, list[dict[str, Any]]], name: str = "case") -> ModelData:
    return model_data(planner.read_workbook(write_workbook(tmp_path / f"{name}.xlsx", sheets)))


def rows(m: pyo.ConcreteModel, name: str) -> set[tuple[str, ...]]:
    return {tuple(index) for index in getattr(m, name)}


def optimum(d: ModelData, *, drop_symmetry: bool = False) -> tuple[float, pyo.ConcreteModel]:
    m = planner.build_model(d)
    if drop_symmetry:
        m.site_open_order.deactivate()
        m.site_capacity_order.deactivate()
    outcome = optimise(m, EXACT)
    assert outcome.status == "optimal", outcome.status
    return outcome.objective, m


def value(var: Any) -> float:
    return float(pyo.value(var))


# --- a hand-computed case with three identical sites --------------------------


HALF = 2 ** 0.2 - 1
"""A discount rate that halves money over the five years from P1 to P2."""


def three_identical(discount: float = 0.0, **site: Any) -> dict[str, list[dict[str, Any]]]:
    """A1, A2, A3: max 40 MW, fixed 10, capex 1/MW. Demand 50 in P1 (2030), 100 in P2 (2035)."""
    template = {"area": "A", "max_mw": 40, "fixed_cost_mjpy": 10, "capex_mjpy_per_mw": 1, **site}
    return base_case(
        Settings=[{"key": "discount_rate", "value": discount}],
        Phases=[{"phase": "P1", "year": 2030, "years": 1}, {"phase": "P2", "year": 2035, "years": 1}],
        Sites=[{"site": s, **template} for s in ("A1", "A2", "A3")],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 50},
                {"region": "R1", "phase": "P2", "demand_mw": 100}],
    )


def test_three_identical_sites_same_optimum_with_and_without_the_rows(tmp_path):
    """P2 money counts half (d = 0.5). 50 MW needs two 40 MW sites in P1 (fixed 20,
    capex 50); 100 MW needs the third in P2 (fixed 10 + capex 50, at half: 30): 100,
    whichever sites are used (opening the third early costs 105), so the rows, which
    only pick among equal plans, leave 100. With the rows: A1 and A2 open in P1, A3 in
    P2, and A1 >= A2 >= A3 in capacity in each phase."""
    d = data_of(tmp_path, three_identical(HALF))
    assert symmetric_groups(d) == [["A1", "A2", "A3"]]
    with_rows, m = optimum(d)
    without_rows, _ = optimum(d, drop_symmetry=True)
    untightened, _ = optimum(dataclasses.replace(d, tighten=False))
    assert with_rows == approx(100.0)
    assert without_rows == approx(100.0)
    assert untightened == approx(100.0)
    pairs = {("A1", "A2"), ("A2", "A3")}
    assert rows(m, "site_open_order") == {(s, n, t) for s, n in pairs for t in ("P1", "P2")}
    assert rows(m, "site_capacity_order") == {(s, n, t) for s, n in pairs for t in ("P1", "P2")}
    assert [round(value(m.site_open[s, "P1"])) for s in ("A1", "A2", "A3")] == [1, 1, 0]
    assert [round(value(m.site_open[s, "P2"])) for s in ("A1", "A2", "A3")] == [1, 1, 1]
    for t, total in (("P1", 50.0), ("P2", 100.0)):
        capacity = [value(m.it_mw[s, t]) for s in ("A1", "A2", "A3")]
        assert sum(capacity) == approx(total)
        assert capacity[0] >= capacity[1] - 1e-6 and capacity[1] >= capacity[2] - 1e-6


def test_the_rows_cut_off_the_mirrored_plan(tmp_path):
    """Opening A2 and A3 but not A1 in P1 is a copy of the optimum (same 100) that the
    rows exclude: with them the model is infeasible, without them it still costs 100."""
    d = data_of(tmp_path, three_identical(HALF))

    def mirrored(data: ModelData) -> str:
        m = planner.build_model(data)
        m.site_open["A1", "P1"].fix(0)
        m.site_open["A2", "P1"].fix(1)
        m.site_open["A3", "P1"].fix(1)
        outcome = optimise(m, EXACT)
        assert outcome.status != "optimal" or outcome.objective == approx(100.0)
        return outcome.status

    assert mirrored(d) == "infeasible"
    assert mirrored(dataclasses.replace(d, tighten=False)) == "optimal"


def test_capacity_order_with_min_mw_and_batteries(tmp_path):
    """Three identical sites with min_mw 10, firm 20 MW + 30 MW non-firm backed by
    batteries (5/MW), max 50, fixed 10, capex 1/MW; demand 50 in P1 and 90 in P2, no
    discount, so a plan costs 10 per site opened + 1 per MW and 5 per battery MW held
    at the end. 90 MW over three sites needs at least 90 - 3 x 20 = 30 MW of battery:
    30 + 90 + 150 = 270; over two sites 90 - 40 = 50 MW: 20 + 90 + 250 = 360.
    Optimum 270 with the ordering rows and without them."""
    d = data_of(tmp_path, three_identical(
        max_mw=50, min_mw=10, grid_firm_mw=20, grid_nonfirm_mw=30, battery_capex_mjpy_per_mw=5,
    ) | {"Demand": [{"region": "R1", "phase": "P1", "demand_mw": 50},
                    {"region": "R1", "phase": "P2", "demand_mw": 90}]})
    assert symmetric_groups(d) == [["A1", "A2", "A3"]]
    with_rows, m = optimum(d)
    without_rows, _ = optimum(d, drop_symmetry=True)
    assert with_rows == approx(270.0)
    assert without_rows == approx(270.0)
    assert len(m.site_capacity_order) == 4


# --- which sites are interchangeable -------------------------------------------


def route_on_s2(sheets: dict[str, list[dict[str, Any]]]) -> None:
    sheets["IX"] = [{"ix": "X1", "area": "A", "existing": True}]
    sheets["Routes"] = [{"route": "RT1", "site": "S2", "ix": "X1", "existing": True}]


def project_on_s2(sheets: dict[str, list[dict[str, Any]]]) -> None:
    sheets["Grid"] = [{"project": "G1", "kind": "site", "site": "S2", "mw": 10, "capex_mjpy": 5}]


def hazard_on_s2(sheets: dict[str, list[dict[str, Any]]]) -> None:
    sheets["Hazards"] = [{"hazard": "H1", "survive_share": 0.2}]
    sheets["HazardFootprint"] = [{"hazard": "H1", "kind": "site", "id": "S2"}]


def service_cost_on_s2(sheets: dict[str, list[dict[str, Any]]]) -> None:
    for row in sheets["Service"]:
        if row["site"] == "S2":
            row["cost_mjpy_per_mw_year"] = 2


def no_service_at_s2(sheets: dict[str, list[dict[str, Any]]]) -> None:
    sheets["Service"] = [row for row in sheets["Service"] if row["site"] != "S2"]


def area_supply_differs(sheets: dict[str, list[dict[str, Any]]]) -> None:
    sheets["Areas"].append({"area": "B", "name": "Area B"})
    sheets["AreaSupply"].append({"area": "B", "phase": "P1", "energy_price_jpy_per_kwh": 20})
    sheets["Sites"][1]["area"] = "B"


SITE_COLUMNS = {
    "max_mw": 90, "min_mw": 5, "existing_mw": 5, "pue": 1.2, "load_factor": 0.9,
    "fixed_cost_mjpy": 11, "capex_mjpy_per_mw": 2, "fom_mjpy_per_mw_year": 1,
    "grid_firm_mw": 100, "grid_nonfirm_mw": 5, "battery_capex_mjpy_per_mw": 3,
    "required_routes": 1, "earliest_phase": "P2", "force": "open", "hub": True, "type": "welcome",
}
SHEET_CHANGES = {
    "route": route_on_s2, "grid_project": project_on_s2, "hazard_footprint": hazard_on_s2,
    "service_cost": service_cost_on_s2, "no_service_pair": no_service_at_s2,
    "area_with_prices": area_supply_differs,
}


def one_of_three(**changes: Any) -> dict[str, list[dict[str, Any]]]:
    """S1, S2, S3 identical (two phases, one region served everywhere at cost 1, an energy
    price in area A so that pue and load_factor reach the costs)."""
    template = {"area": "A", "max_mw": 100, "fixed_cost_mjpy": 10, "capex_mjpy_per_mw": 1,
                "grid_nonfirm_mw": 0, "battery_capex_mjpy_per_mw": 1, "type": "cluster"}
    sheets = base_case(
        Phases=[{"phase": "P1", "year": 2030, "years": 1}, {"phase": "P2", "year": 2035, "years": 1}],
        Sites=[{"site": s, **template} for s in ("S1", "S2", "S3")],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 50},
                {"region": "R1", "phase": "P2", "demand_mw": 80}],
        Service=[{"region": "R1", "site": s, "cost_mjpy_per_mw_year": 1} for s in ("S1", "S2", "S3")],
        AreaSupply=[{"area": "A", "phase": "P1", "energy_price_jpy_per_kwh": 10}],
    )
    sheets["Sites"][1].update(changes)
    return sheets


def test_identical_sites_have_rows_between_consecutive_ones(tmp_path):
    d = data_of(tmp_path, one_of_three())
    assert symmetric_groups(d) == [["S1", "S2", "S3"]]
    m = planner.build_model(d)
    assert rows(m, "symmetric_site_pairs") == {("S1", "S2"), ("S2", "S3")}
    assert len(m.site_open_order) == 4 and len(m.site_capacity_order) == 4


@pytest.mark.parametrize("column", sorted(SITE_COLUMNS))
def test_a_site_that_differs_in_one_column_has_no_rows(tmp_path, column):
    """S2 differs in one Sites column: only S1 and S3 are paired (and S2 nowhere)."""
    sheets = one_of_three(**{column: SITE_COLUMNS[column]})
    d = data_of(tmp_path, sheets)
    assert symmetric_groups(d) == [["S1", "S3"]]
    m = planner.build_model(d)
    assert rows(m, "symmetric_site_pairs") == {("S1", "S3")}
    assert all("S2" not in index for index in rows(m, "site_open_order"))
    assert all("S2" not in index for index in rows(m, "site_capacity_order"))
    assert len(m.site_open_order) > 0


@pytest.mark.parametrize("change", sorted(SHEET_CHANGES))
def test_a_site_that_differs_in_another_sheet_has_no_rows(tmp_path, change):
    """S2 named differently by Routes, Grid, HazardFootprint, Service or its area's prices."""
    sheets = one_of_three()
    SHEET_CHANGES[change](sheets)
    d = data_of(tmp_path, sheets)
    assert symmetric_groups(d) == [["S1", "S3"]]
    assert rows(planner.build_model(d), "symmetric_site_pairs") == {("S1", "S3")}


def test_same_footprint_and_route_requirement_keep_sites_interchangeable(tmp_path):
    """Hazard footprints and required routes that name all three sites alike, and a
    requires_route on every pair, keep the group (they are part of the signature, equal)."""
    sheets = one_of_three()
    sheets["Hazards"] = [{"hazard": "H1", "survive_share": 0.1}]
    sheets["HazardFootprint"] = [{"hazard": "H1", "kind": "site", "id": s} for s in ("S1", "S2", "S3")]
    sheets["Sites"].append({"site": "T", "area": "A", "max_mw": 100})
    sheets["IX"] = [{"ix": "X1", "area": "A", "existing": True}]
    sheets["Routes"] = [{"route": "RT", "site": "T", "ix": "X1", "capex_mjpy": 5}]
    for row in sheets["Service"]:
        row["requires_route"] = "RT"
    d = data_of(tmp_path, sheets)
    assert symmetric_groups(d) == [["S1", "S2", "S3"]]


def test_rows_only_with_tighten_and_not_in_a_mutable_model(tmp_path):
    """The elastic/untightened paths and the re-solve model (mutable Params) get none."""
    d = data_of(tmp_path, one_of_three())
    assert len(planner.build_model(d).site_open_order) == 4
    for m in (planner.build_model(dataclasses.replace(d, tighten=False)),
              planner.build_model(d, mutable=True)):
        assert len(m.symmetric_site_pairs) == 0
        assert len(m.site_open_order) == 0 and len(m.site_capacity_order) == 0


def test_every_model_data_field_is_classified():
    """A field added to ModelData must be classified in symmetry.py (until then it is read
    conservatively, see the next test)."""
    names = {f.name for f in dataclasses.fields(ModelData)}
    assert names - KNOWN_FIELDS == set()


def test_an_unclassified_field_is_read_conservatively(tmp_path):
    """A field symmetry.py does not know: a per-site dict is compared by value; a field
    naming a site any other way makes that site not interchangeable."""

    @dataclasses.dataclass
    class Extended(ModelData):
        site_colour: dict = dataclasses.field(default_factory=dict)
        site_links: list = dataclasses.field(default_factory=list)

    d = data_of(tmp_path, one_of_three())
    base = {f.name: getattr(d, f.name) for f in dataclasses.fields(d)}
    same = Extended(**base, site_colour={"S1": "red", "S2": "red", "S3": "red"})
    assert symmetric_groups(same) == [["S1", "S2", "S3"]]
    colour = Extended(**base, site_colour={"S1": "red", "S2": "blue", "S3": "red"})
    assert symmetric_groups(colour) == [["S1", "S3"]]
    linked = Extended(**base, site_colour=same.site_colour, site_links=[("S3", "X")])
    assert symmetric_groups(linked) == [["S1", "S2"]]
    assert site_signature(linked, "S3") is None


# --- duplicated sites: the plan uses the earliest ones ------------------------


@pytest.mark.parametrize(("demand", "cost", "opened"), [
    (80, 20.0, {"B1", "B2"}),
    (120, 30.0, {"B1", "B2", "B3"}),
    (150, 45.0, {"B1", "B2", "C1"}),
])
def test_duplicated_sites_open_lowest_ids_first(solve_sheets, demand, cost, opened):
    """B1..B3 identical (max 40 MW, fixed 10), C1, C2 identical (max 100, fixed 25); one
    phase, no other cost. 80 MW: two B (20) < one C (25). 120 MW: three B (30) < C + B
    (35) < two C (50). 150 MW: C + two B (45) < two C (50) < C + three B (55); three B
    hold only 120. Each time the earliest sites of each group are the ones opened."""
    sites = ([{"site": f"B{i}", "area": "A", "max_mw": 40, "fixed_cost_mjpy": 10} for i in (1, 2, 3)]
             + [{"site": f"C{i}", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 25} for i in (1, 2)])
    plan = solve_sheets(base_case(Sites=sites, Demand=[{"region": "R1", "phase": "P1", "demand_mw": demand}]))
    assert plan.status == "optimal"
    assert plan.objective == approx(cost)
    table = plan.tables["Sites"]
    assert set(table[table["open"]]["site"]) == opened


def duplicated_synth(n_sites: int, phases: int, seed: int, copies: int) -> dict[str, list[dict[str, Any]]]:
    """A synth case where every site without existing capacity, grid project or route gets
    ``copies`` twins (id + "b", "c", ...) placed right after it, with its Service rows
    and hazard footprints."""
    sheets = copy.deepcopy(synth.generate(n_sites, phases, seed))
    named = {r["site"] for r in sheets["Routes"]} | {r["site"] for r in sheets["Grid"] if r["kind"] == "site"}
    twins: dict[str, list[str]] = {}
    new_sites = []
    for row in sheets["Sites"]:
        new_sites.append(row)
        if (row["existing_mw"] or 0) > 0 or row["site"] in named:
            continue
        twins[row["site"]] = [row["site"] + "bcdefgh"[k] for k in range(copies)]
        new_sites.extend({**row, "site": twin} for twin in twins[row["site"]])
    sheets["Sites"] = new_sites
    sheets["Service"] = [dict(r, site=s) for r in sheets["Service"]
                         for s in [r["site"], *twins.get(r["site"], [])]]
    sheets["HazardFootprint"] = [
        dict(r, id=i) for r in sheets["HazardFootprint"]
        for i in ([r["id"], *twins.get(r["id"], [])] if r["kind"] == "site" else [r["id"]])
    ]
    return sheets


def test_duplicated_synth_case_same_optimum_earliest_twins_used(tmp_path):
    """Synth N=20, P=2 with two twins of every plain candidate site: each original and its
    twins form one group; the optimum with the rows equals the one without, and in every
    group the sites used come first."""
    d = data_of(tmp_path, duplicated_synth(20, 2, 0, copies=2))
    groups = symmetric_groups(d)
    assert groups and all(len(g) == 3 and g[1] == g[0] + "b" and g[2] == g[0] + "c" for g in groups)
    with_rows, m = optimum(d)
    without_rows, _ = optimum(d, drop_symmetry=True)
    assert with_rows == approx(without_rows)
    assert any(value(m.site_open[g[0], d.phases[-1]]) > 0.5 for g in groups)  # not vacuous
    for group in groups:
        for t in d.phases:
            opened = [round(value(m.site_open[s, t])) for s in group]
            capacity = [value(m.it_mw[s, t]) for s in group]
            assert opened == sorted(opened, reverse=True), (group, t, opened)
            assert all(a >= b - 1e-6 for a, b in zip(capacity, capacity[1:], strict=False))


# --- the bundled and synthetic cases have no interchangeable sites -------------


def test_japan_case_has_no_symmetric_groups():
    """Every Japan site has a route (and some existing capacity or a grid project)."""
    d = model_data(planner.read_workbook(JAPAN))
    assert symmetric_groups(d) == []


def test_synth_case_has_no_symmetric_groups(tmp_path):
    """synth draws every site's numbers at random: no two are alike (N=50, P=3)."""
    d = model_data(planner.read_workbook(synth.write(tmp_path / "synth.xlsx", 50, 3, 0)))
    assert symmetric_groups(d) == []
