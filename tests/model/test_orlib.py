"""Acceptance test (FORMULATION.md §3): the OR-Library capacitated warehouse
location instances, written as planner workbooks, must solve to their published
optima, and the plan tables must be consistent with the CFLP they encode."""

from __future__ import annotations

import math
from collections import defaultdict

import pytest

from support import orlib

DATA_DIR = orlib.DATA_DIR
INSTANCES = orlib.INSTANCES
PUBLISHED_OPTIMA = orlib.PUBLISHED_OPTIMA
read_cap = orlib.read_cap
region_id = orlib.region_id
service_cost = orlib.service_cost
site_id = orlib.site_id
write_cap_workbook = orlib.write_cap_workbook

OBJ_RTOL = 1e-6
FLOW_TOL = 1e-6

# All 13 solve in well under a second each with HiGHS; none needs @pytest.mark.slow.


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def planner():
    import planner as planner_mod  # an ImportError here is a failure, not a skip

    for name in ("read_workbook", "solve"):
        assert hasattr(planner_mod, name), f"planner does not export {name}"
    return planner_mod


def _tol(x: float) -> float:
    return FLOW_TOL * max(1.0, abs(x))


# --------------------------------------------------------------------------- data


def test_instance_files_present():
    for name in INSTANCES:
        assert (DATA_DIR / f"{name}.txt").is_file(), name
    assert (DATA_DIR / "SOURCES.md").is_file()


def test_published_optima_match_sources_md():
    assert orlib.read_published_optima() == PUBLISHED_OPTIMA
    assert sorted(PUBLISHED_OPTIMA) == sorted(INSTANCES)


def test_read_cap41():
    inst = read_cap(DATA_DIR / "cap41.txt")
    capacities, fixed_costs, demands, cost_matrix = inst
    assert (inst.m, inst.n) == (16, 50)
    assert len(capacities) == len(fixed_costs) == 16
    assert len(demands) == len(cost_matrix) == 50
    assert all(len(row) == 16 for row in cost_matrix)
    assert capacities == [5000.0] * 16
    assert fixed_costs[0] == 7500.0
    assert fixed_costs[10] == 0.0  # warehouse 11 has no fixed cost
    assert fixed_costs.count(7500.0) == 15
    # first customer: "146" then 16 costs over three lines
    assert demands[0] == 146.0
    assert cost_matrix[0][0] == 6739.725
    assert cost_matrix[0][6] == 4374.525
    assert cost_matrix[0][7] == 3847.1  # first value of the next line
    assert cost_matrix[0][15] == 6051.7
    assert demands[1] == 87.0
    assert cost_matrix[1][0] == 3204.8625
    assert cost_matrix[1][15] == 2838.375


def test_read_cap_layout_independent_and_strict(tmp_path):
    # same tokens, any whitespace/newline layout
    p = tmp_path / "tiny.txt"
    p.write_text("2 3\n10 5.\n\t20 0.\n1 1. 2.\n2\n4. 6.  3 3 9\n")
    inst = read_cap(p)
    assert inst.capacities == [10.0, 20.0]
    assert inst.fixed_costs == [5.0, 0.0]
    assert inst.demands == [1.0, 2.0, 3.0]
    assert inst.cost_matrix == [[1.0, 2.0], [4.0, 6.0], [3.0, 9.0]]
    assert service_cost(inst, 1, 1) == 3.0

    p.write_text("2 3\n10 5.\n20 0.\n1 1. 2.\n2 4. 6.\n3 3\n")  # one number short
    with pytest.raises(ValueError, match="needs 15 numbers, file has 14"):
        read_cap(p)
    p.write_text("2 1\ncapacity 5.\ncapacity 0.\n1 1. 2.\n")  # capa/capb/capc style
    with pytest.raises(ValueError, match="capacity"):
        read_cap(p)


def test_write_cap_workbook_cells(tmp_path):
    from openpyxl import load_workbook

    inst = read_cap(DATA_DIR / "cap41.txt")
    path = write_cap_workbook(inst, tmp_path / "cap41.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Settings", "Phases", "Areas", "Sites", "Demand", "Service"]

    rows = lambda s: list(wb[s].iter_rows(values_only=True))  # noqa: E731
    assert rows("Settings") == [("key", "value"), ("discount_rate", 0.03)]
    assert rows("Phases") == [("phase", "year", "years"), ("P1", 2030, 1)]
    assert rows("Areas")[1][0] == "A"

    sites = rows("Sites")
    assert sites[0] == ("site", "area", "max_mw [MW]", "fixed_cost_mjpy [MJPY]")
    assert len(sites) == 1 + 16
    assert sites[1] == ("W1", "A", 5000, 7500)
    assert sites[11] == ("W11", "A", 5000, 0)
    assert all(isinstance(r[0], str) for r in sites[1:])

    demand = rows("Demand")
    assert demand[0] == ("region", "phase", "demand_mw [MW]")
    assert len(demand) == 1 + 50
    assert demand[1] == ("C1", "P1", 146)
    assert demand[50][0] == "C50"

    service = rows("Service")
    assert service[0] == ("region", "site", "cost_mjpy_per_mw_year")
    assert len(service) == 1 + 50 * 16
    # No rounding by the writer; openpyxl itself serialises floats as "%.16g", so a
    # cost needing 17 significant digits comes back within ~1e-16 relative.
    exact = pytest.approx
    assert service[1] == ("C1", "W1", exact(6739.725 / 146, rel=1e-15))
    assert service[16] == ("C1", "W16", exact(6051.7 / 146, rel=1e-15))
    assert service[17] == ("C2", "W1", exact(3204.8625 / 87, rel=1e-15))
    for region, site, cost in service[1:]:
        j, i = int(region[1:]) - 1, int(site[1:]) - 1
        assert cost == exact(inst.cost_matrix[j][i] / inst.demands[j], rel=1e-15)


# --------------------------------------------------------------------------- solves


@pytest.mark.parametrize("name", INSTANCES)
def test_orlib_published_optimum(name, tmp_path, planner):
    inst = read_cap(DATA_DIR / f"{name}.txt")
    path = write_cap_workbook(inst, tmp_path / f"{name}.xlsx")

    case = planner.read_workbook(path)

    # the reader saw what was written (unit-suffixed headers included)
    sites = case.sites
    assert list(sites.index) == [site_id(i) for i in range(inst.m)]
    for i in range(inst.m):
        assert sites.loc[site_id(i), "max_mw"] == pytest.approx(inst.capacities[i], rel=1e-12)
        assert sites.loc[site_id(i), "fixed_cost_mjpy"] == pytest.approx(
            inst.fixed_costs[i], rel=1e-12, abs=1e-12
        )
    assert len(case.demand) == inst.n
    assert float(case.demand["demand_mw"].sum()) == pytest.approx(sum(inst.demands), rel=1e-12)
    assert len(case.service) == inst.n * inst.m

    plan = planner.solve(case, mip_gap=0.0, threads=1, random_seed=0)

    published = PUBLISHED_OPTIMA[name]
    assert plan.status == "optimal", f"{name}: status {plan.status!r}"
    assert plan.objective is not None
    assert abs(plan.objective - published) / published <= OBJ_RTOL, (
        f"{name}: objective {plan.objective!r} vs published {published!r} "
        f"(rel diff {abs(plan.objective - published) / published:.3g})"
    )

    # ---- invariants from the result tables
    service = plan.tables["Service"]
    assert set(service["phase"].astype(str)) <= {"P1"}
    served_by_region: dict[str, float] = defaultdict(float)
    served_by_site: dict[str, float] = defaultdict(float)
    service_cost_total = 0.0
    cost = {
        (region_id(j), site_id(i)): service_cost(inst, j, i)
        for j in range(inst.n)
        for i in range(inst.m)
    }
    for row in service.itertuples(index=False):
        r, s, mw = str(row.region), str(row.site), float(row.mw)
        assert mw >= -FLOW_TOL, (r, s, mw)
        served_by_region[r] += mw
        served_by_site[s] += mw
        service_cost_total += cost[(r, s)] * mw

    # every region's demand is served in full
    for j, d in enumerate(inst.demands):
        r = region_id(j)
        assert abs(served_by_region[r] - d) <= _tol(d), (
            f"{name}: region {r} served {served_by_region[r]} vs demand {d}"
        )
    unserved = plan.tables["Unserved"]
    if len(unserved):
        assert float(unserved["mw"].sum()) <= FLOW_TOL, f"{name}: unserved {unserved}"

    # each open site's served MW <= its IT MW <= max_mw; closed sites serve nothing
    site_rows = plan.tables["Sites"]
    assert len(site_rows) == inst.m  # one row per site x phase, one phase
    fixed_total = 0.0
    for row in site_rows.itertuples(index=False):
        s = str(row.site)
        i = int(s[1:]) - 1
        cap = inst.capacities[i]
        served = served_by_site.get(s, 0.0)
        it_mw = float(row.it_mw)
        if bool(row.open):
            fixed_total += inst.fixed_costs[i]
            assert served <= cap + _tol(cap), f"{name}: {s} serves {served} > max_mw {cap}"
            assert served <= it_mw + _tol(it_mw), f"{name}: {s} serves {served} > it_mw {it_mw}"
            assert it_mw <= cap + _tol(cap), f"{name}: {s} it_mw {it_mw} > max_mw {cap}"
        else:
            assert served <= FLOW_TOL, f"{name}: closed site {s} serves {served}"
            assert abs(it_mw) <= FLOW_TOL, f"{name}: closed site {s} has it_mw {it_mw}"

    # the objective is exactly the CFLP cost of the reported plan
    recomputed = fixed_total + service_cost_total
    assert math.isclose(recomputed, plan.objective, rel_tol=OBJ_RTOL), (
        f"{name}: tables give fixed {fixed_total} + service {service_cost_total} "
        f"= {recomputed}, objective {plan.objective}"
    )
