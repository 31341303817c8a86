"""Siting screen and consent (issue 16): hand-computed optima on the base case.

Base case: one phase (years 1), area A, sites S1 (fixed 10) and S2 (fixed 20),
both max 100 MW, region R1 needs 50 MW. Without a screen the plan opens S1.
"""

from __future__ import annotations

import pandas as pd
import pytest

import planner
from planner.case.screen import prepare
from support.workbook import base_case, input_problems, write_workbook

SOLVE = {"threads": 1, "random_seed": 0, "mip_gap": 0.0}


def _opened(plan) -> set[str]:
    sites = plan.tables["Sites"]
    col = "open" if "open" in sites.columns else "opened"
    return set(sites.loc[sites[col].astype(bool), "site"])


def _solve(tmp_path, sheets):
    case = planner.read_workbook(write_workbook(tmp_path / "case.xlsx", sheets))
    return planner.solve(case, **SOLVE)


def _sites(**extra):
    return [
        {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10, **extra.get("S1", {})},
        {"site": "S2", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 20, **extra.get("S2", {})},
    ]


def test_no_screen_leaves_the_optimum(tmp_path):
    plain = _solve(tmp_path, base_case())
    assert "Screen" not in plain.tables
    assert plain.objective == pytest.approx(_solve(tmp_path, base_case(Sites=_sites())).objective)


def test_hard_criterion_removes_the_cheaper_site(tmp_path):
    plain = _solve(tmp_path, base_case())
    sheets = base_case(
        Sites=_sites(S1={"land_ha": 5}, S2={"land_ha": 40}),
        Criteria=[{"criterion": "land", "column": "land_ha", "rule": ">=", "threshold": 20,
                   "step": 2, "hard": True}])
    plan = _solve(tmp_path, sheets)
    # S1 (fixed 10) is screened out: the plan pays S2's 20 instead, everything else equal.
    assert plan.objective == pytest.approx(plain.objective + 10.0)
    screen = plan.tables["Screen"]
    s1 = screen.set_index("site").loc["S1"]
    assert not s1["passed"] and s1["verdict"] == "screened out: land"
    assert any("'S1' kept out" in m for m in plan.messages)


def test_soft_criterion_adds_exactly_its_penalty(tmp_path):
    plain = _solve(tmp_path, base_case())
    sheets = base_case(
        Sites=_sites(S1={"fibre_underground": False}, S2={"fibre_underground": True}),
        Criteria=[{"criterion": "fibre", "column": "fibre_underground", "rule": "in",
                   "threshold": "true", "step": 2, "hard": False, "penalty_mjpy": 4}])
    plan = _solve(tmp_path, sheets)
    # S1 still wins (10 + 4 < 20): the optimum rises by exactly the penalty.
    assert plan.objective == pytest.approx(plain.objective + 4.0)
    sheets["Criteria"][0]["penalty_mjpy"] = 15
    # 10 + 15 > 20: the plan moves to S2, cost +10 over the plain plan.
    assert _solve(tmp_path, sheets).objective == pytest.approx(plain.objective + 10.0)


def test_text_and_extra_columns_in_step_order(tmp_path):
    case = planner.read_workbook(write_workbook(tmp_path / "c.xlsx", base_case(
        Sites=_sites(S1={"ground_risk": "high"}, S2={"ground_risk": "low"}))))
    import pandas as pd
    criteria = pd.DataFrame([
        {"criterion": "ground", "column": "ground_risk", "rule": "in", "threshold": "low, medium",
         "step": 2, "hard": True, "penalty_mjpy": None, "row": 2},
        {"criterion": "power", "column": "max_mw", "rule": ">=", "threshold": 50, "step": 1,
         "hard": True, "penalty_mjpy": None, "row": 3}])
    prepared, table = prepare(case, criteria)
    assert list(table[table.site == "S1"]["step"]) == [1, 2]
    assert prepared.sites.loc["S1", "force"] == "closed"
    assert prepared.sites.loc["S2", "force"] != "closed"


def test_bad_criteria_name_the_cell(tmp_path):
    sheets = base_case(Criteria=[{"criterion": "x", "column": "nope", "rule": "=>", "threshold": "a",
                                  "step": 4, "hard": True}])
    with pytest.raises(planner.InputError) as info:
        _solve(tmp_path, sheets)
    text = "\n".join(info.value.problems)
    assert "Criteria!B2: unknown Sites column 'nope'" in text
    assert "Criteria!C2: rule must be" in text
    assert "Criteria!E2: step must be" in text


def test_consent_phase_delays_an_opening(tmp_path):
    phases = [{"phase": "P1", "year": 2030, "years": 1}, {"phase": "P2", "year": 2035, "years": 1}]
    demand = [{"region": "R1", "phase": t, "demand_mw": 50} for t in ("P1", "P2")]
    before = _solve(tmp_path, base_case(Phases=phases, Demand=demand))
    assert before.objective == pytest.approx(10.0)  # S1 opens in P1 and serves both phases
    after = _solve(tmp_path, base_case(Phases=phases, Demand=demand,
                                       Sites=_sites(S1={"consent": "in_talks", "consent_phase": "P2"})))
    # S1 may not open before P2, so P1's 50 MW need S2 (fixed 20), which then serves P2 as well.
    assert after.objective == pytest.approx(20.0)
    assert _opened(after) == {"S2"}
    assert _opened(before) == {"S1"}


def test_input_problems_helper_still_reads_consent(tmp_path):
    problems = input_problems(tmp_path, base_case(Sites=_sites(S1={"consent": "maybe"})))
    assert any("consent" in p for p in problems)


def test_criterion_on_a_column_the_case_adds(tmp_path):
    plain = _solve(tmp_path, base_case())
    sheets = base_case(
        Sites=_sites(S1={"seismic_pga": 0.9}, S2={"seismic_pga": 0.3}),
        Criteria=[{"criterion": "ground (Nankai)", "column": "seismic_pga", "rule": "<=",
                   "threshold": 0.5, "step": 2, "hard": True}])
    plan = _solve(tmp_path, sheets)
    assert plan.objective == pytest.approx(plain.objective + 10.0)
    assert plan.case.sites.loc["S1", "seismic_pga"] == pytest.approx(0.9)


def test_consent_sheet_cost_if_refused(tmp_path):
    # S1 (fixed 10) opens, consent in talks; refused, S2 (fixed 20) opens instead: +10.
    plan = _solve(tmp_path, base_case(Sites=_sites(S1={"consent": "in_talks"}, S2={"consent": "agreed"})))
    table = plan.tables["Consent"].set_index("site")
    assert list(table.index) == ["S1"]
    assert table.loc["S1", "open_phase"] == "P1"
    assert table.loc["S1", "cost_if_refused_mjpy"] == pytest.approx(10.0)
    agreed = _solve(tmp_path, base_case(Sites=_sites(S1={"consent": "agreed"})))
    assert agreed.tables["Consent"].iloc[0]["cost_if_refused_mjpy"] is None or \
        pd.isna(agreed.tables["Consent"].iloc[0]["cost_if_refused_mjpy"])
    assert "Consent" not in _solve(tmp_path, base_case()).tables


def test_run_writes_screen_and_map_greys(tmp_path):
    from planner.pipeline import run
    from planner.reports.mapping import read_result_tables, render_map

    sheets = base_case(
        Sites=_sites(S1={"land_ha": 5, "lat": 35.0, "lon": 139.0}, S2={"land_ha": 40, "lat": 34.0, "lon": 135.0}),
        Criteria=[{"criterion": "land", "column": "land_ha", "rule": ">=", "threshold": 20,
                   "step": 2, "hard": True}])
    out = tmp_path / "out.xlsx"
    run(write_workbook(tmp_path / "in.xlsx", sheets), out, **SOLVE)
    tables = read_result_tables(out)
    assert "Screen" in tables and len(tables["Screen"]) == 2
    assert render_map(tables, tmp_path / "map.png").is_file()


def test_screen_command_lists_every_candidate(tmp_path, capsys):
    from planner.cli import main

    sheets = base_case(
        Sites=_sites(S1={"land_ha": 5}, S2={"land_ha": 40}),
        Criteria=[{"criterion": "land", "column": "land_ha", "rule": ">=", "threshold": 20,
                   "step": 2, "hard": True}])
    out = tmp_path / "screen.xlsx"
    assert main(["screen", str(write_workbook(tmp_path / "in.xlsx", sheets)), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "S1: screened out — ② DC needs: land land_ha=5.0 fails >= 20" in printed
    assert "S2: candidate — passes every criterion" in printed
    assert out.is_file()
