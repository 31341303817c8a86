"""Synthetic cases (planner.synth): deterministic, valid, feasible, buildable at scale."""

from __future__ import annotations

from pathlib import Path

import pyomo.environ as pyo

import planner
from planner import synth
from planner.io.schema import OPERATIONS_SHEETS, SHEETS
from planner.model import build_model, model_data
from planner.solver.options import SolveOptions
from planner.solver.run import optimise

FAMILIES = [spec.name for spec in SHEETS if spec not in OPERATIONS_SHEETS]


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    first = synth.generate(50, 3, seed=1)
    assert first == synth.generate(50, 3, seed=1)
    assert first != synth.generate(50, 3, seed=2)


def test_every_sheet_and_policy_in_use() -> None:
    rows = synth.generate(50, 3, seed=1)
    assert set(FAMILIES) <= set(rows)
    assert all(rows[name] for name in FAMILIES), [n for n in FAMILIES if not rows[n]]
    settings = {r["key"]: r["value"] for r in rows["Settings"]}
    assert "unserved_penalty_mjpy_per_mw_year" in settings
    assert settings["unserved_penalty_mjpy_per_mw_year"] is None
    phases = rows["Phases"]
    assert [p["year"] for p in phases][0] == 2030
    assert all(b["year"] - a["year"] in (2, 3) for a, b in zip(phases, phases[1:], strict=False))
    for column in ("capex_budget_mjpy", "intl_demand_tbps", "max_new_hub_share", "min_regional_ix",
                   "max_landing_zone_share", "min_clusters", "max_clusters"):
        assert all(p[column] is not None for p in phases), column
    sites = rows["Sites"]
    assert {s["type"] for s in sites} == {"existing", "welcome", "cluster", "regional"}
    assert all(31 <= s["lat"] <= 45 and 129 <= s["lon"] <= 145 for s in sites)
    assert any(s["hub"] for s in sites)
    assert all(s["required_routes"] == 2 for s in sites if s["type"] == "cluster")
    assert any(s["grid_firm_mw"] is not None and s["grid_nonfirm_mw"] > 0 for s in sites)
    assert {g["kind"] for g in rows["Grid"]} == {"site", "link"}
    assert any(r["requires_route"] for r in rows["Service"])
    assert {r["existing"] for r in rows["Cables"]} == {True, False}
    assert {r["existing"] for r in rows["IX"]} == {True, False}
    assert {h["kind"] for h in rows["HazardFootprint"]} == {"site", "landing", "ix"}
    assert len(rows["Areas"]) == 10


def test_cluster_sites_have_two_corridors() -> None:
    rows = synth.generate(50, 3, seed=1)
    corridors: dict[str, set[str]] = {}
    for r in rows["Routes"]:
        corridors.setdefault(r["site"], set()).add(r["corridor"] or r["route"])
    clusters = [s["site"] for s in rows["Sites"] if s["type"] == "cluster"]
    assert clusters and all(len(corridors[s]) >= 2 for s in clusters)


def test_written_workbook_reads(tmp_path: Path) -> None:
    path = synth.write(tmp_path / "synth.xlsx", 50, 3, seed=1)
    case = planner.read_workbook(path)
    assert len(case.sites) == 50
    assert case.settings["unserved_penalty_mjpy_per_mw_year"] is None
    assert len(case.phases) == 3 and case.service_given


def test_small_case_solves_to_optimal_with_all_demand_served(tmp_path: Path) -> None:
    case = planner.read_workbook(synth.write(tmp_path / "s30.xlsx", 30, 3, seed=0))
    plan = planner.solve(case, threads=1, random_seed=0, time_limit=60)
    assert plan.status == "optimal", plan.messages
    unserved = plan.tables["Unserved"]
    assert unserved.empty or float(unserved["mw"].sum()) <= 1e-6


def test_witness_plan_is_feasible_at_six_phases(tmp_path: Path) -> None:
    """With every binary fixed to the generator's witness, the LP is feasible."""
    rows, witness = synth.generate_with_witness(200, 6, seed=3)
    case = planner.read_workbook(synth.write_rows(rows, tmp_path / "s200.xlsx"))
    data = model_data(case)
    model = build_model(data)
    for (s, t), var in model.site_open.items():
        var.fix(int(s in witness.open_sites and data.phase_pos(t) >= witness.open_sites[s]))
    for (f, b, t), var in model.build.items():
        var.fix(int(witness.builds.get((f, b)) == data.phase_pos(t)))
    outcome = optimise(model, SolveOptions(time_limit=60, threads=1))
    assert outcome.status == "optimal"


def test_large_case_reads_and_builds(tmp_path: Path) -> None:
    case = planner.read_workbook(synth.write(tmp_path / "s200p6.xlsx", 200, 6, seed=0))
    model = planner.build_model(case)
    assert len(model.phases) == 6
    assert sum(1 for v in model.component_data_objects(pyo.Var) if v.is_binary()) > 1000
