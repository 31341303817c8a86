"""The bundled Japan Watt-Bit case: reproducible, sourced, and a plan a planner would accept.

The workbook is regenerated from ``inputs/build_japan_case.py`` and compared with
the committed file; every numeric column must be explained in ``Sources``; and
one solve of the case (module-scoped) is checked for the properties a planner
would check by hand — not for fixed numbers.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import planner
from support import load_script

INPUTS = Path(__file__).resolve().parents[1] / "inputs"
WORKBOOK = INPUTS / "japan_watt_bit.xlsx"
BUILDER = INPUTS / "build_japan_case.py"
NOT_DATA = {"Sources", "README", "RowNotes"}
"""Sheets that document the case; every other sheet holds model data."""
TOL = 1e-6


def _load_builder():
    return load_script(BUILDER, "build_japan_case")


def _sheet_values(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
    finally:
        wb.close()


def _bare(header: object) -> str:
    """Column name without a unit suffix such as ``[MW]``."""
    return re.sub(r"\s*\[.*\]\s*$", "", str(header)).strip().lower()


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# ---------------------------------------------------------------------------
# The workbook itself
# ---------------------------------------------------------------------------
def test_regenerated_workbook_matches_committed(tmp_path: Path) -> None:
    fresh = _load_builder().build_workbook(tmp_path / "japan.xlsx")
    committed, regenerated = _sheet_values(WORKBOOK), _sheet_values(fresh)
    assert list(regenerated) == list(committed), "sheet names or order differ"
    for sheet, rows in committed.items():
        assert regenerated[sheet] == rows, (
            f"sheet {sheet} differs from the builder's output: "
            "run `python inputs/build_japan_case.py` and commit the workbook"
        )


def test_every_numeric_column_has_a_source() -> None:
    sheets = _sheet_values(WORKBOOK)
    assert "Sources" in sheets
    src_header = [_bare(h) for h in sheets["Sources"][0]]
    assert src_header[:4] == ["sheet", "column", "source", "kind"]
    documented = {}
    for row in sheets["Sources"][1:]:
        rec = dict(zip(src_header, row))
        documented[(str(rec["sheet"]), _bare(rec["column"]))] = rec
    missing = []
    for sheet, rows in sheets.items():
        if sheet in NOT_DATA or not rows:
            continue
        header = [_bare(h) for h in rows[0]]
        for j, column in enumerate(header):
            if any(_is_number(r[j]) for r in rows[1:] if j < len(r)):
                if (sheet, column) not in documented:
                    missing.append(f"{sheet}.{column}")
    assert not missing, f"numeric columns without a Sources row: {missing}"
    kinds = {rec["kind"] for rec in documented.values()}
    assert kinds <= {"published", "derived", "assumption"}, kinds
    for key, rec in documented.items():
        assert rec["source"], f"Sources row {key} has no source"
        if rec["kind"] == "derived":
            assert rec.get("note"), f"derived figure {key} needs its arithmetic in note"


def test_case_reads_and_has_the_issue_scale() -> None:
    case = planner.read_workbook(WORKBOOK)
    assert list(case.phases["year"]) == [2030, 2033, 2037]
    assert len(case.areas) == 10
    assert len(case.sites) >= 40
    clusters = case.sites[case.sites["type"] == "cluster"]
    assert (clusters["max_mw"] >= 800).all() and (clusters["required_routes"] >= 2).all()
    hubs = case.sites[case.sites["hub"]]
    assert set(hubs["area"]) == {"TKY", "KNS"} and (hubs["existing_mw"] > 0).all()
    total = case.demand.groupby("phase")["demand_mw"].sum()
    assert 4000 <= total["around2030"] <= 6000
    assert 6000 <= total["early2030s"] <= 8000
    assert 10000 <= total["late2030s"] <= 20000


# ---------------------------------------------------------------------------
# One solve, many checks
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def case():
    # the bundled workbook carries Periods (operations mode, FORMULATION.md §4); these
    # checks are of the capacity-mode optimum, so the Periods sheet is ignored
    full = planner.read_workbook(WORKBOOK)
    return dataclasses.replace(full, periods=full.periods.iloc[0:0])


@pytest.fixture(scope="module")
def plan(case):
    return planner.solve(case, threads=1, random_seed=0)


def _phase_order(case) -> dict[str, int]:
    return {p: i for i, p in enumerate(case.phases.index)}


def _policy(case, column: str, phase: str) -> float | None:
    value = case.phases.loc[phase, column]
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def test_solves_to_optimality(plan) -> None:
    assert plan.status == "optimal"
    assert plan.objective is not None and plan.objective > 0


def test_all_demand_served(case, plan) -> None:
    unserved = plan.tables["Unserved"]
    assert (unserved["mw"].fillna(0) <= TOL).all()
    served = plan.tables["Service"].groupby(["region", "phase"])["mw"].sum()
    demand = case.demand.groupby(["region", "phase"])["demand_mw"].sum()
    for key, mw in demand.items():
        assert served.get(key, 0.0) == pytest.approx(mw, rel=1e-6, abs=1e-4), key


def test_service_only_within_site_capacity(plan) -> None:
    sites = plan.tables["Sites"].set_index(["site", "phase"])["it_mw"]
    load = plan.tables["Service"].groupby(["site", "phase"])["mw"].sum()
    for key, mw in load.items():
        assert mw <= sites[key] + 1e-4, key


def test_hub_share_cap_respected(case, plan) -> None:
    sites = plan.tables["Sites"].merge(
        case.sites[["existing_mw", "hub"]].rename(columns={"hub": "is_hub"}),
        left_on="site", right_index=True,
    )
    sites["new"] = sites["it_mw"] - sites["existing_mw"]
    for phase, rows in sites.groupby("phase"):
        share = _policy(case, "max_new_hub_share", phase)
        if share is None:
            continue
        hub_new = rows.loc[rows["is_hub"], "new"].sum()
        assert hub_new <= share * rows["new"].sum() + 1e-4, phase


def test_every_hazard_survival_met(plan) -> None:
    res = plan.tables["Resilience"]
    assert len(res) > 0
    assert (res["surviving_mw"] >= res["required_mw"] - TOL).all()
    assert (res["surviving_tbps"] >= res["required_tbps"] - TOL).all()


def test_open_clusters_have_diverse_corridors(case, plan) -> None:
    telecom = plan.tables["Telecom"]
    routes = telecom[(telecom["kind"] == "route") & telecom["available"]]
    corridor = {r: (c if isinstance(c, str) and c.strip() else r)
                for r, c in case.routes["corridor"].items()}
    sites = plan.tables["Sites"]
    open_clusters = sites[sites["open"] & (sites["type"] == "cluster")]
    assert len(open_clusters) > 0
    for _, row in open_clusters.iterrows():
        here = routes[routes["phase"] == row["phase"]]["id"]
        mine = {corridor[r] for r in here if case.routes.loc[r, "site"] == row["site"]}
        need = int(case.sites.loc[row["site"], "required_routes"])
        assert len(mine) >= need, (row["site"], row["phase"], mine)


def test_nothing_built_before_its_earliest_phase(case, plan) -> None:
    order = _phase_order(case)
    families = {"grid": case.grid, "ix": case.ix, "route": case.routes, "cable": case.cables}
    builds = plan.tables["Builds"]
    for _, b in builds[builds["phase_built"] != "existing"].iterrows():
        earliest = families[b["family"]].loc[b["id"], "earliest_phase"]
        assert order[b["phase_built"]] >= order[earliest], (b["family"], b["id"])
    sites = plan.tables["Sites"]
    for _, s in sites[sites["open"]].iterrows():
        if case.sites.loc[s["site"], "existing_mw"] > 0:
            continue
        assert order[s["phase"]] >= order[case.sites.loc[s["site"], "earliest_phase"]], s["site"]


def test_each_option_built_at_most_once(plan) -> None:
    builds = plan.tables["Builds"]
    twice = builds[builds.duplicated(["family", "id"], keep=False)]
    assert twice.empty, f"options built more than once:\n{twice}"


def test_cluster_and_regional_ix_minimums(case, plan) -> None:
    sites = plan.tables["Sites"]
    telecom = plan.tables["Telecom"]
    regional = set(case.ix.index[~case.ix["hub"].astype(bool)])
    for phase in case.phases.index:
        need = _policy(case, "min_clusters", phase)
        if need is not None:
            open_now = sites[(sites["phase"] == phase) & sites["open"] & (sites["type"] == "cluster")]
            assert open_now["site"].nunique() >= need, phase
        need = _policy(case, "min_regional_ix", phase)
        if need is not None:
            ix = telecom[(telecom["kind"] == "ix") & (telecom["phase"] == phase) & telecom["available"]]
            assert len(set(ix["id"]) & regional) >= need, phase


def test_landing_zone_share_and_area_supply(case, plan) -> None:
    telecom = plan.tables["Telecom"]
    zones = telecom[telecom["kind"] == "landing_zone"]
    for _, z in zones.iterrows():
        cap = _policy(case, "max_landing_zone_share", z["phase"])
        if cap is not None and not pd.isna(z["share"]):
            assert z["share"] <= cap + 1e-6, (z["id"], z["phase"])
    bal = plan.tables["AreaBalance"].dropna(subset=["supply_mw"])
    assert (bal["load_mw"] <= bal["supply_mw"] + bal["net_import_mw"] + 1e-4).all()


def test_plan_disperses_beyond_the_hubs(case, plan) -> None:
    """The Watt-Bit direction: new capacity mostly outside Tokyo/Osaka, clusters in several regions."""
    sites = plan.tables["Sites"]
    last = sites[sites["phase"] == case.phases.index[-1]]
    cluster_areas = set(last[last["open"] & (last["type"] == "cluster")]["area"])
    assert len(cluster_areas) >= 3, cluster_areas
    new = last["it_mw"] - last["site"].map(case.sites["existing_mw"])
    assert new[last["hub"]].sum() < 0.5 * new.sum()


def test_packaged_copy_is_the_committed_workbook():
    """`wattbit run` without a workbook solves planner/data's copy: it must be this case."""
    from planner.io.bundled import bundled_workbook

    root = Path(__file__).resolve().parent.parent
    committed = root / "inputs" / "japan_watt_bit.xlsx"
    assert bundled_workbook().name == "japan_watt_bit.xlsx"
    assert bundled_workbook().read_bytes() == committed.read_bytes()


# ---------------------------------------------------------------------------
# The siting screen, reservations and consent (issue 16)
# ---------------------------------------------------------------------------
def test_screen_keeps_every_existing_site_and_names_its_reasons() -> None:
    """A hard failure locks a site closed, which an operating DC cannot be."""
    from planner.case.screen import prepare, screened_out

    case = planner.read_workbook(WORKBOOK)
    prepared, table = prepare(case)
    assert set(table["site"]) == set(case.sites.index)
    out = screened_out(table)
    assert out == ["KKZ"]  # 40 MW at 20 MW/ha = 2 ha < 3 ha
    assert not (case.sites.loc[out, "existing_mw"] > 0).any()
    # soft: ground risk 2,000 MJPY on Mito's opening cost (J-SHIS-nearest 81 % > 26 %)
    assert prepared.sites.loc["MIT", "fixed_cost_mjpy"] == pytest.approx(
        case.sites.loc["MIT", "fixed_cost_mjpy"] + 2000)


def test_reservations_leave_supply_and_inzais_connection() -> None:
    from planner.case.reservations import prepare

    case = planner.read_workbook(WORKBOOK)
    prepared, table = prepare(case)
    before = case.area_supply.set_index(["area", "phase"])["supply_mw"]
    after = prepared.area_supply.set_index(["area", "phase"])["supply_mw"]
    # Tokyo around 2030: 6,900 - 1,000 committed - 2,300 speculative (reclaim 0)
    assert after[("TKY", "around2030")] == pytest.approx(3600)
    # early 2030s: half the speculative MW released, 8,900 - 1,000 - 1,150
    assert after[("TKY", "early2030s")] == pytest.approx(6750)
    assert after[("KYS", "early2030s")] == pytest.approx(2200 - 100 - 100)
    assert (after > 0).all() and (after <= before).all()
    # Inzai's firm connection: 2,300 - 800 speculative held there around 2030
    assert prepared.sites.loc["INZ", "grid_firm_mw"] == pytest.approx(1500)


def test_consent_delays_only_sites_without_it() -> None:
    case = planner.read_workbook(WORKBOOK)
    delayed = case.sites[case.sites["consent_phase"].notna()]
    assert set(delayed.index) == {"MAE", "FKS", "OKY", "TKM"}
    assert (delayed["consent"] == "none").all() and (delayed["earliest_phase"] == "around2030").all()
    assert set(case.sites["consent"]) == {"agreed", "in_talks", "none"}
    assert case.sites.loc[case.sites["existing_mw"] > 0, "consent"].eq("agreed").all()
