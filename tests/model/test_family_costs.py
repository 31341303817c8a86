"""The objective, hand-computed: discounting (discount_rate, base_year), phase
years weights, fixed O&M, energy price x pue x load_factor x 8.76, carbon
price, service cost, unserved penalty, battery capex; and the Costs table
(per category and phase, undiscounted and present value, summing to the
objective — ``solve_ok`` checks the sum on every plan in tests/model).
"""

from __future__ import annotations

import pytest

from support.workbook import base_case


def approx(value: float):
    return pytest.approx(value, rel=1e-9, abs=1e-6)


# --- discounting and years weights -------------------------------------------------


def discounting_case() -> dict:
    return base_case(
        Settings=[{"key": "discount_rate", "value": 0.25}],
        Phases=[{"phase": "P1", "year": 2030, "years": 1},
                {"phase": "P2", "year": 2032, "years": 5}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
                "capex_mjpy_per_mw": 1, "fom_mjpy_per_mw_year": 0.5}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 20},
                {"region": "R1", "phase": "P2", "demand_mw": 40}],
    )


def test_discounting_and_years_weights(solve_ok, tables):
    """Rate 25%, base year = first phase year 2030 (default). P1 2030, years 1:
    d 1, w 1. P2 2032, years 5: d = 1.25^-2 = 0.64, w = 0.64 x 5 = 3.2.
    S1 only: fixed 10, capex 1/MW, fom 0.5/MW/yr; demand 20 in P1, 40 in P2.
    P1: 10 + 20 + fom 20 x 0.5 = 30 + 10 = 40.
    P2: capex 20 x 0.64 = 12.8; fom 40 x 0.5 = 20/yr x 3.2 = 64.
    Optimum 40 + 12.8 + 64 = 116.8 (building all 40 MW in P1 would cost
    10 + 40 + 20 + 64 = 134)."""
    plan = solve_ok(discounting_case())
    assert plan.objective == approx(116.8)
    assert tables.site(plan, "S1", "P1")["it_mw"] == approx(20.0)
    assert tables.site(plan, "S1", "P2")["it_mw"] == approx(40.0)
    expected = {  # (category, phase): (undiscounted, discounted)
        ("site_fixed", "P1"): (10.0, 10.0),
        ("site_capacity", "P1"): (20.0, 20.0),
        ("fom", "P1"): (10.0, 10.0),
        ("site_fixed", "P2"): (0.0, 0.0),
        ("site_capacity", "P2"): (20.0, 12.8),
        ("fom", "P2"): (100.0, 64.0),  # 20/yr for 5 years; 20 x 3.2
    }
    for (category, t), (undiscounted, discounted) in expected.items():
        assert tables.cost(plan, category, t, "undiscounted_mjpy") == approx(undiscounted)
        assert tables.cost(plan, category, t) == approx(discounted)
    costs = plan.tables["Costs"]
    others = costs[~costs.set_index(["category", "phase"]).index.isin(list(expected))]
    assert others["discounted_mjpy"].abs().max() == approx(0.0)


def base_year_case() -> dict:
    return base_case(Settings=[{"key": "discount_rate", "value": 0.25},
                               {"key": "base_year", "value": 2028}])


def test_base_year_setting(solve_ok, tables):
    """Base case (S1 fixed 10 in 2030) discounted to base_year 2028 at 25%:
    10 x 1.25^-2 = 6.4."""
    plan = solve_ok(base_year_case())
    assert plan.objective == approx(6.4)
    assert tables.cost(plan, "site_fixed", "P1", "undiscounted_mjpy") == approx(10.0)


def default_discount_case() -> dict:
    return base_case(
        Phases=[{"phase": "P1", "year": 2030, "years": 1},
                {"phase": "P2", "year": 2040, "years": 1}],
        Demand=[{"region": "R1", "phase": "P2", "demand_mw": 50}],
    )


def test_default_discount_rate_and_base_year(solve_ok, tables):
    """No Settings: rate 0.03, base year 2030 (the first phase). Demand only in
    P2 (2040): S1 opens then: 10 x 1.03^-10 = 7.440939148967249."""
    plan = solve_ok(default_discount_case())
    assert plan.objective == approx(7.440939148967249)
    assert plan.objective == approx(10 * 1.03 ** -10)
    assert tables.opened(plan, "P1") == set() and tables.opened(plan, "P2") == {"S1"}


def test_first_phase_is_undiscounted_by_default(solve_ok):
    """Base case, default settings: d = 1.03^0 = 1: 10."""
    assert solve_ok(base_case()).objective == approx(10.0)


# --- energy: price x pue x load_factor x 8.76 ----------------------------------------


def energy_case(s1_load_factor: float = 0.5, years: float = 1, min_mw: float | None = None,
                s2_force: str | None = None) -> dict:
    sheets = base_case(
        Settings=[{"key": "discount_rate", "value": 0}],
        Phases=[{"phase": "P1", "year": 2030, "years": years}],
        Areas=[{"area": "A", "name": "Area A"}, {"area": "B", "name": "Area B"}],
        AreaSupply=[
            {"area": "A", "phase": "P1", "energy_price_jpy_per_kwh": 10},
            {"area": "B", "phase": "P1", "energy_price_jpy_per_kwh": 8},
        ],
        Sites=[
            {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10, "pue": 1.5,
             "load_factor": s1_load_factor, "min_mw": min_mw},
            {"site": "S2", "area": "B", "max_mw": 100},
        ],
    )
    if s2_force is not None:
        sheets["Sites"][1]["force"] = s2_force
    return sheets


def test_energy_cost_uses_pue_load_factor_and_price(solve_ok, tables):
    """S1 (area A, 10 JPY/kWh, pue 1.5, load factor 0.5, fixed 10):
    1.5 x 0.5 x 8.76 x 10 = 65.7 MJPY/MW/yr; 50 MW: 3285 + 10 = 3295.
    S2 (area B, 8 JPY/kWh, pue 1, lf 1): 8.76 x 8 = 70.08/MW: 3504. Optimum 3295."""
    plan = solve_ok(energy_case())
    assert plan.objective == approx(3295.0)
    assert tables.holding(plan) == {"S1"}
    assert tables.cost(plan, "energy") == approx(3285.0)


def test_full_load_factor_switches_site(solve_ok, tables):
    """S1 at load factor 1: 1.5 x 8.76 x 10 = 131.4/MW: 6580 > S2 at 3504: 3504."""
    plan = solve_ok(energy_case(s1_load_factor=1.0))
    assert plan.objective == approx(3504.0)
    assert tables.holding(plan) == {"S2"}


def test_energy_is_charged_on_installed_capacity(solve_ok, tables):
    """S1 with min_mw 60: 10 + 60 x 65.7 = 3952 > S2 at 3504, so S2 serves: 3504.
    With S2 forced closed, S1 holds 60 MW although 50 are served and pays
    energy on all 60: 60 x 65.7 = 3942, + 10 = 3952."""
    plan = solve_ok(energy_case(min_mw=60))
    assert plan.objective == approx(3504.0)
    assert tables.holding(plan) == {"S2"}
    plan = solve_ok(energy_case(min_mw=60, s2_force="closed"))
    assert plan.objective == approx(3952.0)
    assert tables.site(plan, "S1")["it_mw"] == approx(60.0)
    assert tables.cost(plan, "energy") == approx(3942.0)


def test_years_weight_opex_not_capex(solve_ok, tables):
    """The phase stands for 3 years (rate 0): fixed 10 once + 3 x 3285 = 9865."""
    plan = solve_ok(energy_case(years=3))
    assert plan.objective == approx(9865.0)
    assert tables.cost(plan, "energy", "P1", "undiscounted_mjpy") == approx(9855.0)
    assert tables.cost(plan, "site_fixed", "P1") == approx(10.0)


# --- carbon -------------------------------------------------------------------------


def carbon_case(price: float | None) -> dict:
    settings = [{"key": "discount_rate", "value": 0}]
    if price is not None:
        settings.append({"key": "carbon_price_jpy_per_t", "value": price})
    return base_case(
        Settings=settings,
        Areas=[{"area": "A", "name": "Area A"}, {"area": "B", "name": "Area B"}],
        AreaSupply=[
            {"area": "A", "phase": "P1", "energy_price_jpy_per_kwh": 10,
             "carbon_t_per_mwh": 0.5},
            {"area": "B", "phase": "P1", "energy_price_jpy_per_kwh": 11,
             "carbon_t_per_mwh": 0.1},
        ],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100},
               {"site": "S2", "area": "B", "max_mw": 100}],
    )


def test_carbon_price_moves_load_to_clean_area(solve_ok, tables):
    """Carbon price 4000 JPY/t. Per MW/yr (pue 1, lf 1):
    A: 8.76 x (10 + 0.5 x 4000 / 1000) = 8.76 x 12 = 105.12;
    B: 8.76 x (11 + 0.1 x 4) = 8.76 x 11.4 = 99.864. 50 MW at S2: 4993.2,
    of which energy 50 x 8.76 x 11 = 4818 and carbon 50 x 8.76 x 0.4 = 175.2."""
    plan = solve_ok(carbon_case(4000))
    assert plan.objective == approx(4993.2)
    assert tables.holding(plan) == {"S2"}
    assert tables.cost(plan, "energy") == approx(4818.0)
    assert tables.cost(plan, "carbon") == approx(175.2)


def test_carbon_price_defaults_to_zero(solve_ok, tables):
    """No carbon price: A is cheaper: 50 x 87.6 = 4380, carbon cost 0."""
    plan = solve_ok(carbon_case(None))
    assert plan.objective == approx(4380.0)
    assert tables.holding(plan) == {"S1"}
    assert tables.cost(plan, "carbon") == approx(0.0)


# --- service cost, penalty, battery ---------------------------------------------------


def service_case(cost: float) -> dict:
    return base_case(Service=[
        {"region": "R1", "site": "S1", "cost_mjpy_per_mw_year": cost},
        {"region": "R1", "site": "S2", "cost_mjpy_per_mw_year": 0},
    ])


def test_service_cost_per_mw_served(solve_ok, tables):
    """Serving R1 at S1 costs 2/MW/yr: 10 + 50 x 2 = 110 > S2 (fixed 20, free): 20."""
    plan = solve_ok(service_case(2))
    assert plan.objective == approx(20.0)
    assert tables.opened(plan) == {"S2"}


def test_cheap_service_cost(solve_ok, tables):
    """At 0.1/MW/yr: S1 10 + 50 x 0.1 = 15 < 20: 15, service cost 5."""
    plan = solve_ok(service_case(0.1))
    assert plan.objective == approx(15.0)
    assert tables.opened(plan) == {"S1"}
    assert tables.cost(plan, "service") == approx(5.0)


def penalty_battery_case(battery: float) -> dict:
    return base_case(
        Settings=[{"key": "discount_rate", "value": 0.25}, {"key": "base_year", "value": 2030},
                  {"key": "unserved_penalty_mjpy_per_mw_year", "value": 2}],
        Phases=[{"phase": "P1", "year": 2031, "years": 2}],
        Sites=[{"site": "S1", "area": "A", "max_mw": 100, "grid_firm_mw": 40,
                "grid_nonfirm_mw": 20, "battery_capex_mjpy_per_mw": battery}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 60}],
    )


def test_penalty_and_battery_are_discounted_and_weighted(solve_ok, tables):
    """Rate 25%, one phase 2031 (base year 2030): d = 0.8, years 2: w = 1.6.
    S1: firm 40, non-firm 20, battery 3/MW, nothing else; penalty 2/MW/yr;
    demand 60. Battery for the last 20 MW costs 3/MW once (PV 2.4) vs unserved
    2 x 1.6 = 3.2/MW: battery 20 x 3 x 0.8 = 48, all served. Optimum 48."""
    plan = solve_ok(penalty_battery_case(3))
    assert plan.objective == approx(48.0)
    assert tables.site(plan, "S1")["battery_mw"] == approx(20.0)
    assert tables.cost(plan, "battery", "P1", "undiscounted_mjpy") == approx(60.0)
    # Battery at 4/MW (PV 3.2 = penalty PV 3.2) ties; at 5/MW (PV 4) 20 MW go unserved:
    # 20 x 2 x 1.6 = 64.
    plan = solve_ok(penalty_battery_case(5))
    assert plan.objective == approx(64.0)
    assert plan.tables["Unserved"]["mw"].sum() == approx(20.0)
    assert tables.cost(plan, "unserved", "P1", "undiscounted_mjpy") == approx(80.0)


CASES = {
    # every case a test above solves (solve_ok refuses others): id -> builder
    "discounting": discounting_case,
    "base_year": base_year_case,
    "default_discount": default_discount_case,
    "base": base_case,
    "energy": energy_case,
    "energy_full_load": lambda: energy_case(s1_load_factor=1.0),
    "energy_min_mw": lambda: energy_case(min_mw=60),
    "energy_min_mw_s2_closed": lambda: energy_case(min_mw=60, s2_force="closed"),
    "energy_3_years": lambda: energy_case(years=3),
    "carbon_price": lambda: carbon_case(4000),
    "carbon_price_blank": lambda: carbon_case(None),
    "service_dear": lambda: service_case(2),
    "service_cheap": lambda: service_case(0.1),
    "penalty_battery_3": lambda: penalty_battery_case(3),
    "penalty_battery_5": lambda: penalty_battery_case(5),
}
