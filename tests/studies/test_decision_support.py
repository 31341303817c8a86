"""explain, marginal values and alternatives on cases solved by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

import planner
from planner.studies.alternatives import alternatives
from planner.studies.explain import explain
from planner.studies.marginal import marginal_values
from support import read_capacity_case
from support.workbook import base_case, write_workbook

SOLVE = {"threads": 1, "random_seed": 0, "mip_gap": 0.0}


def _case(tmp_path: Path, sheets: dict) -> planner.Case:
    return planner.read_workbook(write_workbook(tmp_path / "case.xlsx", sheets))


def test_explain_reports_the_exact_cost_of_flipping_a_site(tmp_path):
    """Demand 50; S1 fixed 10, S2 fixed 20 -> optimum opens S1 (10).
    Closing S1 forces S2 open: 20, so the flip costs +10, all in site_fixed of P1."""
    explanation = explain(_case(tmp_path, base_case()), site="S1", **SOLVE)
    assert explanation.base.objective == pytest.approx(10.0, abs=1e-9)
    assert explanation.flipped.objective == pytest.approx(20.0, abs=1e-9)
    assert explanation.cost_difference == pytest.approx(10.0, abs=1e-9)
    costs = explanation.costs.set_index(["phase", "category"])["difference_mjpy"]
    assert costs[("P1", "site_fixed")] == pytest.approx(10.0, abs=1e-9)
    assert costs.drop(("P1", "site_fixed")).abs().max() < 1e-9
    assert set(explanation.changes["id"]) == {"S1", "S2"}
    assert "opens site S1 in P1" in explanation.summary and "+10.0 MJPY" in explanation.summary


def test_explain_forcing_open_an_unused_site(tmp_path):
    """Forcing S2 open (fixed 20) lets it serve all 50 MW, so S1 stays closed:
    20 - 10 = +10, and S1 closes as a knock-on."""
    explanation = explain(_case(tmp_path, base_case()), site="S2", **SOLVE)
    assert explanation.flipped_decision == "is forced open"
    assert explanation.cost_difference == pytest.approx(10.0, abs=1e-9)
    assert "site S1 P1 -> closed" in "; ".join(explanation.changes["change"])


def test_explain_an_infeasible_flip_names_the_family(tmp_path):
    """One site only: closing it leaves demand unserved -> infeasible, with the reason."""
    sheets = base_case(Sites=[{"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10}])
    explanation = explain(_case(tmp_path, sheets), site="S1", **SOLVE)
    assert explanation.cost_difference is None
    assert "infeasible" in explanation.summary and "total demand 50 MW" in explanation.summary


def test_marginal_value_of_firm_grid_at_a_binding_site(tmp_path):
    """S1 costs 1 MJPY/MW, S2 3 MJPY/MW, demand 50, S1's firm grid 30 MW (pue 1).
    Optimum: 30 at S1 + 20 at S2 = 30 + 60 = 90. One more firm MW at S1 moves 1 MW
    from S2 to S1 and saves 3 - 1 = 2 MJPY: the value is 2 MJPY/MW. One MW less demand
    saves the marginal S2 MW: 3 MJPY/MW."""
    sheets = base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1, "grid_firm_mw": 30},
        {"site": "S2", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 3},
    ])
    values = marginal_values(_case(tmp_path, sheets), **SOLVE).set_index(["constraint", "index"])
    firm = values.loc[("power_site_firm", "S1, P1")]
    assert firm["value_mjpy_per_unit"] == pytest.approx(2.0, abs=1e-9) and firm["binding"]
    assert values.loc[("demand_balance", "R1, P1"), "value_mjpy_per_unit"] == pytest.approx(3.0)


def test_marginal_value_with_pue_and_discounting(tmp_path):
    """As above with pue 1.25 and the phase 5 years after the base year at 10%:
    firm 30 MW holds 24 IT MW at S1; 1 firm MW more = 0.8 IT MW moved, saving
    0.8 x 2 = 1.6 undiscounted, x 1.1^-5 present value."""
    sheets = base_case(
        Settings=[{"key": "discount_rate", "value": 0.1}, {"key": "base_year", "value": 2025}],
        Sites=[
            {"site": "S1", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 1, "grid_firm_mw": 30,
             "pue": 1.25},
            {"site": "S2", "area": "A", "max_mw": 100, "capex_mjpy_per_mw": 3},
        ],
    )
    values = marginal_values(_case(tmp_path, sheets), **SOLVE).set_index(["constraint", "index"])
    expected = 1.6 * 1.1 ** -5
    assert values.loc[("power_site_firm", "S1, P1"), "value_mjpy_per_unit"] == pytest.approx(expected)


def test_alternatives_are_within_slack_and_distinct(tmp_path):
    """Three sites with fixed costs 10, 11, 12 and demand 50 (each holds 100):
    plans open one site each: 10, 11, 12. With slack 15% (cap 11.5) only S2 qualifies
    besides the optimum."""
    sheets = base_case(Sites=[
        {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10},
        {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 11},
        {"site": "S3", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 12},
    ])
    result = alternatives(_case(tmp_path, sheets), slack=0.15, n=3, h=1, **SOLVE)
    assert result.costs == pytest.approx([10.0, 11.0])
    table = result.to_table()
    assert list(table["sites_open"]) == ["S1", "S2"]
    assert result.robust_core == []
    result = alternatives(_case(tmp_path, sheets), slack=0.25, n=3, h=2, **SOLVE)
    assert result.costs == pytest.approx([10.0, 11.0, 12.0])
    assert min(result.differences[1:]) >= 2


@pytest.mark.slow
def test_alternatives_on_the_bundled_case():
    root = Path(__file__).resolve().parents[2]
    case = read_capacity_case(root / "inputs" / "japan_watt_bit.xlsx")
    result = alternatives(case, slack=0.01, n=3, h=2, threads=1, random_seed=0)
    assert len(result.plans) == 4
    for cost in result.costs[1:]:
        assert cost <= (1.01 + 1e-6) * result.optimum
    assert all(d >= 2 for d in result.differences[1:])
