"""The paragraph of FORMULATION.md §1 on what is refused and what must be read and solved.

"Refused as input errors as well (each names its cell): a unit suffix that names a
different unit than the column's; discount_rate outside [0, 1); latency_ms < 0;
lat outside [-90, 90] or lon outside [-180, 180]; a phase whose min_clusters
exceeds its max_clusters. Everything else this section allows must be read and
solved, at most with a warning: max_mw = 0, base_year later than the first phase's
year, ids that differ only by case or character width, a grid link from an area to
itself, a repeated HazardFootprint row (the footprint is a set)."

Each refused rule asserts the exact ``Sheet!Cell`` of its message. Each accepted
rule is read and solved (mip_gap 0, threads 1, random_seed 0) and its optimum,
derived by hand in the docstring, is asserted exactly. Unless a test says
otherwise the case is ``base_case``: one phase P1 (2030, years 1) whose year is
the base year, so d = w = 1; one area A; S1 (fixed 10) and S2 (fixed 20), each
100 MW; region R1 demands 50 MW.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.workbook import base_case, input_problems, read_sheets

import planner
from planner.io.schema import SHEETS
from planner.io.template import header_text


def approx(value: float):
    return pytest.approx(value, rel=1e-9, abs=1e-6)


_read = read_sheets
_refused = input_problems


def _only_problem(tmp_path: Path, sheets: dict) -> str:
    (problem,) = _refused(tmp_path, sheets)
    return problem


def _solved(solve_sheets, sheets: dict) -> planner.Plan:
    plan = solve_sheets(sheets)
    assert plan.status == "optimal", (plan.status, plan.messages)
    return plan


def _warnings_at(case: planner.Case, cell: str) -> list[str]:
    return [w for w in case.warnings if w.startswith(f"{cell}: ")]


def _opened(plan: planner.Plan) -> set[str]:
    rows = plan.tables["Sites"]
    return set(rows[rows["open"].astype(bool)]["site"])


# ----------------------------------------------------------------------------- refused


IX_X = [{"ix": "X", "existing": True}]


@pytest.mark.parametrize(("sheets", "cell", "label", "unit"), [
    (base_case(Sites=[{"site": "S1", "area": "A", "max_mw [kW]": 100000}]),
     "Sites!C1", "kW", "MW"),
    (base_case(Sites=[{"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy [億円]": 1}]),
     "Sites!D1", "億円", "MJPY"),
    (base_case(Sites=[{"site": "S1", "area": "A", "max_mw": 100,
                       "capex_mjpy_per_mw [MJPY/kW]": 1}]),
     "Sites!D1", "MJPY/kW", "MJPY/MW"),
    (base_case(Sites=[{"site": "S1", "area": "A", "max_mw": 100, "lat [rad]": 0.6}]),
     "Sites!D1", "rad", "deg"),
    (base_case(Phases=[{"phase": "P1", "year": 2030, "years [months]": 12}]),
     "Phases!C1", "months", "yr"),
    (base_case(AreaSupply=[{"area": "A", "phase": "P1", "energy_price_jpy_per_kwh [JPY/MWh]": 9}]),
     "AreaSupply!C1", "JPY/MWh", "JPY/kWh"),
    (base_case(AreaSupply=[{"area": "A", "phase": "P1", "carbon_t_per_mwh [kg-CO2/MWh]": 400}]),
     "AreaSupply!C1", "kg-CO2/MWh", "t-CO2/MWh"),
    (base_case(IX=IX_X, Routes=[{"route": "R", "site": "S1", "ix": "X", "latency_ms [s]": 0.01}]),
     "Routes!D1", "s", "ms"),
    (base_case(IX=IX_X, Landings=[{"landing": "L"}],
               Cables=[{"cable": "K", "landing": "L", "ix": "X", "tbps [Gbps]": 400}]),
     "Cables!D1", "Gbps", "Tbps"),
])
def test_unit_suffix_naming_another_unit_is_refused(tmp_path, sheets, cell, label, unit):
    """The reader never converts: a header whose unit is not the column's names its cell."""
    assert _only_problem(tmp_path, sheets) == (
        f"{cell}: unit [{label}] differs from the column's unit [{unit}] — convert the values "
        f"to {unit} and label the header [{unit}]")


@pytest.mark.parametrize(("sheets", "cell", "label"), [
    (base_case(Sites=[{"site": "S1", "area": "A", "max_mw": 100, "load_factor [%]": 0.8}]),
     "Sites!D1", "%"),
    (base_case(Settings=[{"key": "discount_rate [%]", "value": 3}]), "Settings!A2", "%"),
])
def test_unit_suffix_on_a_plain_number_is_refused(tmp_path, sheets, cell, label):
    """Shares and rates take no unit: ``[%]`` means the numbers are percentages (a Settings
    key's suffix is checked like a header's, at the key's cell)."""
    problem = _only_problem(tmp_path, sheets)
    assert problem.startswith(f"{cell}: unit [{label}] differs from the column's unit: "), problem
    assert problem.endswith(f"convert the values and remove [{label}]"), problem


def test_every_unit_the_template_writes_and_its_spellings_are_accepted(solve_sheets):
    """The template's own headers (``max_mw [MW]``, ``cost_mjpy_per_mw_year [MJPY/MW/yr]``, ...)
    and other spellings of the same units, or descriptions, are ignored: the base case with
    every header so labelled solves to its optimum, S1 alone: 10."""
    sheets = base_case(
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10},
               {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 20}],
        Settings=[{"key": "carbon_price_jpy_per_t [JPY/t-CO2]", "value": 0}],
    )
    specs = {s.name: s for s in SHEETS}
    labelled = {
        name: [{header_text(specs[name].column(k)) if k in {c.name for c in specs[name].columns}
                else k: v for k, v in row.items()} for row in rows]
        for name, rows in sheets.items() if name != "Settings"
    }
    labelled["Settings"] = sheets["Settings"]
    labelled["Sites"][0]["fom_mjpy_per_mw_year [百万円/MW·年]"] = 0
    labelled["Sites"][0]["min_mw (MW IT)"] = 0
    labelled["Sites"][0]["pue [MW/MW]"] = 1
    labelled["Sites"][0]["lat [°]"] = 35
    assert "max_mw [MW]" in labelled["Sites"][0] and "years [yr]" in labelled["Phases"][0]
    plan = _solved(solve_sheets, labelled)
    assert plan.objective == approx(10.0)


@pytest.mark.parametrize("rate", [1, 1.0, 3, 1.5, -0.01])
def test_discount_rate_outside_0_to_1_is_refused(tmp_path, rate):
    """[0, 1): 1 itself is refused (3 meant as 3 % is the usual slip)."""
    problem = _only_problem(tmp_path, base_case(Settings=[{"key": "discount_rate", "value": rate}]))
    sign, limit = (">=", 0) if rate < 0 else ("<", 1)
    shown = int(rate) if float(rate).is_integer() else rate
    assert problem == (f"Settings!B2: discount_rate must be {sign} {limit}, got {shown} — "
                       "type the rate as a fraction (3 % is 0.03)")


def test_discount_rate_just_below_1_is_read_and_solved(solve_sheets):
    """0.999 is in [0, 1): read and solved; one phase at the base year, so the optimum is 10."""
    plan = _solved(solve_sheets, base_case(Settings=[{"key": "discount_rate", "value": 0.999}]))
    assert plan.objective == approx(10.0)


def test_negative_latency_is_refused(tmp_path):
    sheets = base_case(IX=IX_X, Routes=[{"route": "R", "site": "S1", "ix": "X", "latency_ms": -0.5}])
    assert _only_problem(tmp_path, sheets) == (
        "Routes!D2: latency_ms must be >= 0, got -0.5 — correct the value")



@pytest.mark.parametrize(("sheet", "row", "column", "value", "message"), [
    ("Sites", {"site": "S1", "area": "A", "max_mw": 100}, "lat", 90.5, "lat must be <= 90, got 90.5"),
    ("Sites", {"site": "S1", "area": "A", "max_mw": 100}, "lon", -180.5, "lon must be >= -180, got -180.5"),
    ("Regions", {"region": "R1"}, "lat", -91, "lat must be >= -90, got -91"),
    ("Regions", {"region": "R1"}, "lon", 181, "lon must be <= 180, got 181"),
    ("IX", {"ix": "X"}, "lat", 135, "lat must be <= 90, got 135"),
    ("IX", {"ix": "X"}, "lon", -200, "lon must be >= -180, got -200"),
    ("Landings", {"landing": "L"}, "lat", -95, "lat must be >= -90, got -95"),
    ("Landings", {"landing": "L"}, "lon", 540, "lon must be <= 180, got 540"),
])
def test_lat_lon_out_of_range_is_refused_on_every_sheet(tmp_path, sheet, row, column, value, message):
    """Every sheet with lat/lon: the offending cell (column B, after the id) is named."""
    sheets = base_case(**{sheet: [{**row, column: value}]})
    assert _only_problem(tmp_path, sheets) == f"{sheet}!{'D' if sheet == 'Sites' else 'B'}2: {message} — correct the value"


@pytest.mark.parametrize("coordinate", [{"lat": 90, "lon": 180}, {"lat": -90, "lon": -180}])
def test_lat_lon_at_the_limits_are_read(solve_sheets, coordinate):
    """The limits themselves are in range; optimum 10 (S1 alone)."""
    sheets = base_case(Sites=[{"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
                               **coordinate}])
    assert _solved(solve_sheets, sheets).objective == approx(10.0)


def test_min_clusters_above_max_clusters_is_refused(tmp_path):
    sheets = base_case(Phases=[{"phase": "P1", "year": 2030, "years": 1, "min_clusters": 2,
                                "max_clusters": 1}])
    assert _only_problem(tmp_path, sheets) == (
        "Phases!D2: min_clusters 2 > max_clusters 1 — lower one or raise the other")


# ----------------------------------------------------------------------------- accepted


def test_max_mw_zero_is_read_and_solved(solve_sheets):
    """S0 (max_mw 0, fixed 1, the cheapest) can hold nothing, so S1 serves the 50 MW:
    optimum 10 (S1), S0 stays shut (opening it would cost 1 for nothing). No warning."""
    sheets = base_case(Sites=[
        {"site": "S0", "area": "A", "max_mw": 0, "fixed_cost_mjpy": 1},
        {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10},
    ])
    plan = _solved(solve_sheets, sheets)
    assert plan.objective == approx(10.0)
    assert _opened(plan) == {"S1"}
    assert plan.tables["Sites"].set_index("site").loc["S0", "it_mw"] == approx(0.0)


def test_max_mw_zero_site_may_open_empty_to_count_as_a_cluster(solve_sheets):
    """min_clusters 2 with S0 (max_mw 0, fixed 1) and S1 (fixed 10), both clusters:
    o_S0 = 1 with c_S0 <= 0 * 1 = 0 is allowed, so optimum 1 + 10 = 11 with S0 at 0 MW."""
    sheets = base_case(
        Phases=[{"phase": "P1", "year": 2030, "years": 1, "min_clusters": 2}],
        Sites=[{"site": "S0", "area": "A", "max_mw": 0, "fixed_cost_mjpy": 1},
               {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10}],
    )
    plan = _solved(solve_sheets, sheets)
    assert plan.objective == approx(11.0)
    assert _opened(plan) == {"S0", "S1"}


def test_max_mw_zero_set_by_a_sweep_edit_is_solved(tmp_path):
    """A sweep sets Sites.max_mw of S1 to 0 (``planner.case.edits``): the edited case validates
    and S2 serves instead: optimum 20."""
    from planner.case.edits import set_value

    case = set_value(_read(tmp_path, base_case()), "Sites.max_mw", "S1", 0)
    plan = planner.solve(case, threads=1, random_seed=0, mip_gap=0.0)
    assert plan.status == "optimal" and plan.objective == approx(20.0)


def test_max_mw_zero_still_refuses_existing_or_min_mw_above_it(tmp_path):
    sheets = base_case(Sites=[
        {"site": "S1", "area": "A", "existing_mw": 5, "min_mw": 0, "max_mw": 0},
        {"site": "S2", "area": "A", "existing_mw": 0, "min_mw": 5, "max_mw": 0},
    ])
    assert _refused(tmp_path, sheets) == [
        "Sites!C2: existing_mw 5 > max_mw 0 — raise max_mw or correct existing_mw",
        "Sites!D3: min_mw 5 > max_mw 0 — lower min_mw",
    ]


def test_max_mw_zero_everywhere_is_infeasible_in_planners_words(solve_sheets):
    """Every site at max_mw 0 and 50 MW demanded: the precheck says so, no traceback."""
    sheets = base_case(Sites=[{"site": "S1", "area": "A", "max_mw": 0}])
    plan = solve_sheets(sheets)
    assert plan.status == "infeasible"
    assert any("total demand 50 MW exceeds the 0 MW" in m for m in plan.messages), plan.messages


def test_base_year_after_the_first_phase_is_read_and_solved(tmp_path, solve_sheets):
    """base_year 2032, phase 2030, r = 0.25: d = 1.25^-(2030 - 2032) = 1.5625, so S1's
    fixed 10 counts 15.625. Read with a warning at the base_year value cell."""
    sheets = base_case(Settings=[{"key": "discount_rate", "value": 0.25},
                                 {"key": "base_year", "value": 2032}])
    case = _read(tmp_path, sheets)
    assert case.settings["base_year"] == 2032
    (warning,) = _warnings_at(case, "Settings!B3")
    assert "base_year 2032 is after the first phase (2030)" in warning
    plan = _solved(solve_sheets, sheets)
    assert plan.objective == approx(15.625)


def test_ids_differing_only_by_case_or_width_are_distinct(tmp_path, solve_sheets):
    """Sites DC1 (fixed 10), dc1 (fixed 20) and ＤＣ１ (fixed 40), each 30 MW; regions R1
    (30 MW) and Ｒ１ (20 MW). Service: R1 only at dc1, Ｒ１ only at ＤＣ１. The three are
    distinct sites and the two distinct regions, so dc1 and ＤＣ１ must open and DC1 may
    serve nobody: optimum 20 + 40 = 60. Warnings name both variant rows."""
    sheets = base_case(
        Sites=[{"site": "DC1", "area": "A", "max_mw": 30, "fixed_cost_mjpy": 10},
               {"site": "dc1", "area": "A", "max_mw": 30, "fixed_cost_mjpy": 20},
               {"site": "ＤＣ１", "area": "A", "max_mw": 30, "fixed_cost_mjpy": 40}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 30},
                {"region": "Ｒ１", "phase": "P1", "demand_mw": 20}],
        Service=[{"region": "R1", "site": "dc1"}, {"region": "Ｒ１", "site": "ＤＣ１"}],
    )
    case = _read(tmp_path, sheets)
    assert list(case.sites.index) == ["DC1", "dc1", "ＤＣ１"]
    assert list(case.regions.index) == ["R1", "Ｒ１"]
    assert [w.split(": ")[0] for w in case.warnings] == ["Sites!A3", "Sites!A4"]
    assert case.warnings[1].startswith("Sites!A4: (ＤＣ１) differs from (DC1) in row 2 only by case "
                                       "or character width — read as two different ids")
    plan = _solved(solve_sheets, sheets)
    assert plan.objective == approx(60.0)
    assert _opened(plan) == {"dc1", "ＤＣ１"}


def test_a_reference_must_match_its_id_exactly(tmp_path):
    """Distinct ids stay distinct in references too: Service naming ``s1`` does not reach S1."""
    sheets = base_case(Service=[{"region": "R1", "site": "s1"}])
    assert _only_problem(tmp_path, sheets) == (
        "Service!B2: 's1' is not in Sites — correct it or add it to Sites")


def test_grid_link_from_an_area_to_itself_is_read_and_cancels(tmp_path, solve_sheets):
    """Area A has 40 MW of supply, an existing 100 MW link A->A and a candidate one (capex 1);
    unserved demand costs 1000/MW. The self-link's flow leaves and enters A's balance, so it
    brings nothing: S1 (fixed 10) holds 40 MW, 10 MW go unserved: 10 + 10 * 1000 = 10010,
    and the candidate is not built. Read with a warning at each link's to_area cell."""
    sheets = base_case(
        Settings=[{"key": "unserved_penalty_mjpy_per_mw_year", "value": 1000}],
        AreaSupply=[{"area": "A", "phase": "P1", "supply_mw": 40}],
        Grid=[{"project": "G1", "kind": "link", "from_area": "A", "to_area": "A", "mw": 100,
               "existing": True},
              {"project": "G2", "kind": "link", "from_area": "A", "to_area": "A", "mw": 100,
               "capex_mjpy": 1}],
    )
    case = _read(tmp_path, sheets)
    assert list(case.grid.index) == ["G1", "G2"]
    for cell in ("Grid!D2", "Grid!D3"):
        (warning,) = _warnings_at(case, cell)
        assert "link joins area 'A' to itself, so it carries no power" in warning
    plan = _solved(solve_sheets, sheets)
    assert plan.objective == approx(10010.0)
    builds = plan.tables["Builds"]
    assert set(builds[builds["family"] == "grid"]["phase_built"]) <= {"existing"}
    balance = plan.tables["AreaBalance"].set_index("area").loc["A"]
    assert (balance["load_mw"], balance["net_import_mw"]) == (approx(40.0), approx(0.0))


def test_self_link_leaves_the_capacity_bound_alone(tmp_path):
    """The big-M of site capacity (``ModelData.capacity_bound``) counts links into the area;
    a self-link is none: S1's bound is min(100, 40 supply) = 40."""
    from planner.model.data import model_data

    sheets = base_case(
        AreaSupply=[{"area": "A", "phase": "P1", "supply_mw": 40}],
        Grid=[{"project": "G1", "kind": "link", "from_area": "A", "to_area": "A", "mw": 100}],
    )
    assert model_data(_read(tmp_path, sheets)).capacity_bound("S1", "P1") == approx(40.0)


def test_repeated_hazard_footprint_row_is_read_once(tmp_path, solve_sheets):
    """Hazard H (survive_share 0.5) knocks out S1, listed twice. Sites outside it must hold
    0.5 * 50 = 25 MW, so S2 (fixed 20) opens and serves all 50; S1 is not needed:
    optimum 20. The repeat is read once, with a warning at its row."""
    sheets = base_case(
        Hazards=[{"hazard": "H", "survive_share": 0.5}],
        HazardFootprint=[{"hazard": "H", "kind": "site", "id": "S1"},
                         {"hazard": "H", "kind": "Site", "id": "S1"},
                         {"hazard": "H", "kind": "site", "id": "S1"}],
    )
    case = _read(tmp_path, sheets)
    assert case.hazard_footprint[["hazard", "kind", "id"]].values.tolist() == [["H", "site", "S1"]]
    assert case.rows["HazardFootprint"] == [2]
    assert [w.split(": ")[0] for w in case.warnings] == ["HazardFootprint!A3", "HazardFootprint!A4"]
    assert case.warnings[0].startswith("HazardFootprint!A3: (H, site, S1) repeats row 2 — read once")
    plan = _solved(solve_sheets, sheets)
    assert plan.objective == approx(20.0)
    assert _opened(plan) == {"S2"}
