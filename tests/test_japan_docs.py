"""The Japan case's documentation tells the truth about its data.

``inputs/README.md`` and the workbook's ``Sources`` sheet state figures that the
builder (``inputs/build_japan_case.py``) computes: the service radii, the row count
of every sheet, the counts in "The case in numbers" and the phase table. These
tests parse the figures out of the prose and compare them with the builder's
constants and with the committed workbook (read with ``planner.read_workbook``),
so changing the data without the docs, or the docs without the data, fails here.
No solve: this module is fast.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

import planner
from support import load_script

INPUTS = Path(__file__).resolve().parents[1] / "inputs"
WORKBOOK = INPUTS / "japan_watt_bit.xlsx"
BUILDER = INPUTS / "build_japan_case.py"
README = INPUTS / "README.md"
TRAINING = "TRN"

# Sheet name -> attribute of planner.Case holding its rows (sheets the reader keeps).
CASE_TABLES = {
    "Phases": "phases", "Areas": "areas", "AreaSupply": "area_supply", "Sites": "sites",
    "Regions": "regions", "Demand": "demand", "Service": "service", "Grid": "grid",
    "IX": "ix", "Routes": "routes", "Landings": "landings", "Cables": "cables",
    "Hazards": "hazards", "HazardFootprint": "hazard_footprint",
}


def _load_builder():
    return load_script(BUILDER, "build_japan_case_docs")


@pytest.fixture(scope="module")
def builder():
    return _load_builder()


@pytest.fixture(scope="module")
def case():
    return planner.read_workbook(WORKBOOK)


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def prose(readme) -> str:
    """The README with all whitespace runs collapsed, so wrapped sentences match."""
    return " ".join(readme.split())


@pytest.fixture(scope="module")
def raw_sheets() -> dict[str, list[tuple]]:
    """Every sheet's non-blank rows (header included), as openpyxl reads them."""
    wb = load_workbook(WORKBOOK, read_only=True, data_only=True)
    try:
        return {
            ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)
                       if any(v is not None for v in r)]
            for ws in wb
        }
    finally:
        wb.close()


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _one(pattern: str, text: str, what: str) -> re.Match:
    found = re.search(pattern, text)
    assert found, f"inputs/README.md no longer states {what} (pattern {pattern!r})"
    return found


def _section(text: str, start: str, end: str) -> str:
    assert start in text, f"inputs/README.md has no {start!r}"
    body = text.split(start, 1)[1]
    return body.split(end, 1)[0] if end in body else body


def _sources_note(raw_sheets, sheet: str, column: str) -> str:
    rows = raw_sheets["Sources"]
    header = [str(h).split("[")[0].strip().lower() for h in rows[0]]
    for row in rows[1:]:
        rec = dict(zip(header, row))
        if rec["sheet"] == sheet and str(rec["column"]).split("[")[0].strip() == column:
            return str(rec["note"])
    raise AssertionError(f"Sources has no row for {sheet}.{column}")


# ---------------------------------------------------------------------------
# Service radii
# ---------------------------------------------------------------------------
def test_readme_service_radius_is_the_builders(builder, readme, prose) -> None:
    serve = _section(prose, "**Who may serve whom", "- **DC costs")
    local = _one(r"sites within ([\d,]+) km", serve, "the local service radius")
    assert _int(local.group(1)) == builder.LOCAL_RADIUS_KM
    no_route = _one(r"farther than ([\d,]+) km", serve, "the no-route radius")
    assert _int(no_route.group(1)) == builder.NO_ROUTE_RADIUS_KM
    # every "within N km" in the README (the assumption and the Service row) is this radius
    radii = {_int(n) for n in re.findall(r"within ([\d,]+) km", prose)}
    assert radii == {builder.LOCAL_RADIUS_KM}, radii


def test_sources_sheet_service_radius_is_the_builders(builder, raw_sheets) -> None:
    note = _sources_note(raw_sheets, "Service", "cost_mjpy_per_mw_year")
    radii = {_int(n) for n in re.findall(r"within ([\d,]+) km", note)}
    assert radii == {builder.LOCAL_RADIUS_KM}, note
    note = _sources_note(raw_sheets, "Service", "requires_route")
    radii = {_int(n) for n in re.findall(r"farther than ([\d,]+) km", note)}
    assert radii == {builder.NO_ROUTE_RADIUS_KM}, note


def test_workbook_service_pairs_lie_within_the_radius(builder, case, prose) -> None:
    """The committed Service sheet was built with the documented radius."""
    users = case.service[case.service["region"] != TRAINING]
    local = users[~users["flexible_only"].astype(bool)]
    km = local["cost_mjpy_per_mw_year"] / builder.TRANSPORT_MJPY_PER_MW_YEAR_KM
    assert km.max() <= builder.LOCAL_RADIUS_KM + 0.5  # cost is rounded to 0.01 MJPY = 0.5 km
    near = local[km <= builder.NO_ROUTE_RADIUS_KM - 0.5]
    assert near["requires_route"].isna().all()
    far = local[km > builder.NO_ROUTE_RADIUS_KM + 0.5]
    assert far["requires_route"].notna().all()
    pairs = _one(r"(\d+) local pairs within ([\d,]+) km and (\d+) training-pool pairs",
                 prose, "the Service pair split")
    assert int(pairs.group(1)) == len(local)
    assert _int(pairs.group(2)) == builder.LOCAL_RADIUS_KM
    assert int(pairs.group(3)) == (case.service["region"] == TRAINING).sum()
    told = _one(r"That gives (\d+) local \(region, site\) pairs", prose, "the local pair count")
    assert int(told.group(1)) == len(local)
    # beyond the radius: flexible work only, over a route: exactly the builder's pairs
    far = users[users["flexible_only"].astype(bool)]
    far_km = far["cost_mjpy_per_mw_year"] / builder.TRANSPORT_MJPY_PER_MW_YEAR_KM
    assert (far_km > builder.LOCAL_RADIUS_KM - 0.5).all() and far["requires_route"].notna().all()
    assert sorted(zip(far["region"], far["site"], far["requires_route"])) == sorted(builder.FAR_FLEX_PAIRS)
    told = _one(r"(\d+) flexible-only pairs? beyond it", prose, "the flexible-only pair count")
    assert int(told.group(1)) == len(far)


# ---------------------------------------------------------------------------
# Sheet by sheet
# ---------------------------------------------------------------------------
def _sheet_table(readme: str) -> dict[str, str]:
    table = _section(readme, "## Sheet by sheet", "\n## ")
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+?) \|", table, flags=re.MULTILINE)
    assert rows, "the sheet-by-sheet table is missing"
    return dict(rows)


def test_sheet_table_lists_every_sheet_in_order(readme, raw_sheets) -> None:
    assert list(_sheet_table(readme)) == list(raw_sheets)


def test_sheet_table_row_counts_match_the_workbook(readme, raw_sheets, case) -> None:
    wrong = []
    for sheet, told in _sheet_table(readme).items():
        if sheet == "README":
            continue
        rows = len(raw_sheets[sheet]) - 1  # minus the header row
        if not re.fullmatch(r"[\d,]+", told.strip()) or _int(told.strip()) != rows:
            wrong.append(f"{sheet}: README says {told.strip()}, workbook has {rows}")
        if sheet in CASE_TABLES:
            assert len(getattr(case, CASE_TABLES[sheet])) == rows, sheet
    assert not wrong, wrong


# ---------------------------------------------------------------------------
# The case in numbers
# ---------------------------------------------------------------------------
def test_case_in_numbers_counts_match_the_workbook(prose, case) -> None:
    sites, grid, ix, routes, cables = case.sites, case.grid, case.ix, case.routes, case.cables
    types = sites["type"].value_counts()
    existing = sites[sites["existing_mw"] > 0]
    hubs = sites[sites["hub"].astype(bool)]

    m = _one(r"\*\*(\d+) sites:\*\*", prose, "the site count")
    assert int(m.group(1)) == len(sites)
    m = _one(r"(\d+) existing sites with ([\d,]+) MW between them", prose, "the existing sites")
    assert (int(m.group(1)), _int(m.group(2))) == (len(existing), existing["existing_mw"].sum())
    m = _one(r"The (\d+) hub sites in Tokyo and Osaka hold ([\d,]+) MW: ([\d,]+) MW in Greater "
             r"Tokyo .*? and ([\d,]+) MW in Kansai", prose, "the hub sites")
    assert int(m.group(1)) == len(hubs)
    assert _int(m.group(2)) == hubs["existing_mw"].sum()
    assert _int(m.group(3)) == hubs.loc[hubs["area"] == "TKY", "existing_mw"].sum()
    assert _int(m.group(4)) == hubs.loc[hubs["area"] == "KNS", "existing_mw"].sum()
    for pattern, kind in ((r"(\d+) welcome-zone sites", "welcome"),
                          (r"(\d+) GW-class cluster candidates", "cluster"),
                          (r"(\d+) regional small-DC sites", "regional")):
        assert int(_one(pattern, prose, f"the {kind} count").group(1)) == types.get(kind, 0), kind
    clusters = sites[sites["type"] == "cluster"]
    m = _one(r"Each has ([\d,]+)–([\d,]+) MW as its first phase, ([\d,]+)–([\d,]+) MW at most",
             prose, "the cluster sizes")
    assert (_int(m.group(1)), _int(m.group(2))) == (clusters["min_mw"].min(), clusters["min_mw"].max())
    assert (_int(m.group(3)), _int(m.group(4))) == (clusters["max_mw"].min(), clusters["max_mw"].max())

    m = _one(r"(\d+) site reinforcements and (\d+) inter-area links", prose, "the grid projects")
    kinds = grid["kind"].value_counts()
    assert (int(m.group(1)), int(m.group(2))) == (kinds.get("site", 0), kinds.get("link", 0))
    m = _one(r"(\d+) existing IXs \(Tokyo and Osaka are the hubs\) and (\d+) candidate regional IXs",
             prose, "the IX counts")
    built = ix["existing"].astype(bool)
    assert (int(m.group(1)), int(m.group(2))) == (built.sum(), (~built).sum())
    m = _one(r"(\d+) routes, (\d+) of them existing", prose, "the route counts")
    assert (int(m.group(1)), int(m.group(2))) == (len(routes), routes["existing"].astype(bool).sum())
    m = _one(r"(\d+) landing points in (\d+) zones", prose, "the landings")
    assert (int(m.group(1)), int(m.group(2))) == (len(case.landings), case.landings["zone"].nunique())
    m = _one(r"(\d+) existing cable groups \(([\d,]+) Tbps, (\d+) % of it landing on Boso\) and "
             r"(\d+) candidate systems", prose, "the cables")
    old = cables[cables["existing"].astype(bool)]
    boso = old["landing"].map(case.landings["zone"]).eq("Boso")
    assert int(m.group(1)) == len(old) and int(m.group(4)) == len(cables) - len(old)
    assert _int(m.group(2)) == old["tbps"].sum()
    assert int(m.group(3)) == round(100 * old.loc[boso, "tbps"].sum() / old["tbps"].sum())


def _headroom_gw(case, phase: str) -> float:
    """IT GW the openable sites' connections hold (firm + non-firm + site projects by then)."""
    order = {p: i for i, p in enumerate(case.phases.index)}
    projects = case.grid[case.grid["kind"] == "site"]
    total = 0.0
    for site, s in case.sites.iterrows():
        if not (s["existing_mw"] > 0 or order[s["earliest_phase"]] <= order[phase]):
            continue
        mine = projects[(projects["site"] == site)
                        & projects["earliest_phase"].map(order).le(order[phase])]
        meter = s["grid_firm_mw"] + (s["grid_nonfirm_mw"] or 0) + mine["mw"].sum()
        room = min(s["max_mw"], meter / s["pue"])
        if room >= s["min_mw"] - 1e-9:  # a site that cannot reach min_mw cannot open
            total += room
    return total / 1000


def test_headroom_for_choice_matches_the_connections(prose, case) -> None:
    m = _one(r"can take ([\d.]+) / ([\d.]+) / ([\d.]+) GW of IT load", prose, "the headroom")
    for told, phase in zip(m.groups(), case.phases.index):
        decimals = len(told.split(".")[1]) if "." in told else 0
        assert abs(float(told) - _headroom_gw(case, phase)) <= 0.5 * 10 ** -decimals + 1e-9, phase


def _phase_row(readme: str, label: str) -> list[str]:
    table = _section(readme, "## The case in numbers", "\n- **")
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == label:
            return cells[1:]
    raise AssertionError(f"phase table has no row {label!r}")


def _number(cell: str) -> float | None:
    if cell in ("–", "-", ""):
        return None
    return float(cell.split("(")[0].replace(",", "").replace("%", "").strip())


def test_phase_table_matches_the_workbook(readme, case) -> None:
    phases = case.phases
    years = _phase_row(readme, "phase year (years it stands for)")
    for cell, (phase, row) in zip(years, phases.iterrows()):
        m = re.fullmatch(r"(\d{4}) \((\d{4})–(\d{2}), (\d+)\)", cell)
        assert m, cell
        start = int(m.group(2))
        assert int(m.group(1)) == row["year"] and int(m.group(4)) == row["years"], phase
        assert (start // 100) * 100 + int(m.group(3)) - start + 1 == row["years"], phase
    demand = case.demand.groupby("phase")["demand_mw"].sum()
    training = case.demand[case.demand["region"] == TRAINING].set_index("phase")["demand_mw"]
    checks = {
        "DC demand, IT MW": lambda p: demand[p],
        "of which the latency-tolerant training pool": lambda p: training[p],
        "international demand, Tbps": lambda p: phases.loc[p, "intl_demand_tbps"],
        "cap on the share of new IT MW in the Tokyo/Osaka hubs":
            lambda p: 100 * phases.loc[p, "max_new_hub_share"],
        "clusters open, at least": lambda p: phases.loc[p, "min_clusters"],
        "regional (non-hub) IXs, at least": lambda p: phases.loc[p, "min_regional_ix"],
        "largest landing-zone share of cable capacity":
            lambda p: 100 * phases.loc[p, "max_landing_zone_share"],
    }
    for label, actual in checks.items():
        for cell, phase in zip(_phase_row(readme, label), phases.index):
            value = actual(phase)
            value = None if value is None or value != value else float(value)  # NaN -> None
            told = _number(cell)
            assert (told is None) == (value is None), (label, phase, cell, value)
            if told is not None:
                assert told == pytest.approx(value), (label, phase, cell, value)
    for cell, phase in zip(_phase_row(readme, "of which the latency-tolerant training pool"),
                           phases.index):
        share = re.search(r"\((\d+) %\)", cell)
        assert share and int(share.group(1)) == round(100 * training[phase] / demand[phase]), cell
