"""Synthetic planning cases at any size, Japan-like in shape and feasible by construction.

``generate(sites=N, phases=P, seed=S)`` returns the rows of every workbook sheet
(sheet name -> list of row dicts with FORMULATION.md column names);
``write(path, N, P, S)`` saves them as an .xlsx the reader accepts. The same
arguments always give the same rows (``numpy.random.default_rng(seed)``).

Shape: ten grid areas on Japan's geography (lat 31-45, lon 129-145), existing
hub sites around Tokyo and Osaka, welcome-zone, cluster and regional
candidates scattered around each area's centre; demand regions
(``max(10, N // 20)`` plus a national latency-tolerant training pool) served by
their 10-20 nearest sites; site grid connections with non-firm headroom,
batteries and reinforcements; area links; existing and candidate IXs, routes
in named corridors, landings in zones and cables; three hazards whose
footprints follow geography; every per-phase policy column in use.

Feasible by construction: a *witness* plan is built alongside the data (open
every usable site at its earliest phase, fill each to a share of its size, build
every candidate route, IX and cable as early as allowed) and every limit is set
so that the witness meets it: demand is what the witness serves, supply and
firm connections cover its load, budgets, hub share, cluster counts, zone share,
regional IX count and survival shares are at least what it achieves.
``_generate`` also returns the witness so tests can check it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from planner.io.schema import SETTINGS, SHEETS
from planner.model.data import zone_key

Rows = dict[str, list[dict[str, Any]]]

# ---------------------------------------------------------------------------
# Geography and area data (Japan-like; the tenth area is a synthetic south
# Kyushu so everything stays inside lat 31-45, lon 129-145)
# ---------------------------------------------------------------------------
# area, name, centre lat, lon, spread lat, lon (deg), weight (share of sites),
# PUE, land price JPY/m2, energy price JPY/kWh in the first phase, change per
# phase, carbon t/MWh in the first phase, supply margin range (tight in hubs)
AREAS: tuple[tuple[Any, ...], ...] = (
    ("HKD", "Hokkaido", 43.06, 141.35, 0.55, 0.85, 0.08, 1.20, 10_000, 17.0, -0.3, 0.50, (1.4, 2.5)),
    ("THK", "Tohoku", 38.90, 140.60, 1.00, 0.45, 0.09, 1.25, 12_000, 17.5, -0.3, 0.45, (1.3, 2.2)),
    ("TKY", "Tokyo", 35.85, 139.75, 0.40, 0.50, 0.28, 1.35, 113_000, 22.0, 0.3, 0.45, (1.02, 1.08)),
    ("CBU", "Chubu", 35.20, 137.20, 0.40, 0.55, 0.10, 1.32, 30_000, 21.0, 0.0, 0.42, (1.1, 1.5)),
    ("HKR", "Hokuriku", 36.60, 136.80, 0.30, 0.40, 0.05, 1.28, 15_000, 17.5, -0.1, 0.45, (1.4, 2.5)),
    ("KNS", "Kansai", 34.75, 135.50, 0.30, 0.40, 0.14, 1.37, 150_000, 20.5, 0.2, 0.30, (1.02, 1.08)),
    ("CGK", "Chugoku", 34.80, 133.00, 0.35, 0.75, 0.06, 1.30, 15_000, 20.0, 0.0, 0.55, (1.2, 2.0)),
    ("SKK", "Shikoku", 33.80, 133.50, 0.25, 0.65, 0.05, 1.36, 15_000, 20.0, -0.2, 0.40, (1.2, 1.8)),
    ("KYS", "Kyushu", 33.30, 130.60, 0.45, 0.35, 0.10, 1.34, 20_000, 17.0, -0.4, 0.35, (1.3, 2.2)),
    ("SKY", "South Kyushu", 31.75, 130.60, 0.22, 0.30, 0.05, 1.38, 12_000, 18.0, -0.2, 0.40, (1.3, 2.0)),
)
AREA_IDS = tuple(a[0] for a in AREAS)
LAT_RANGE = (31.0, 45.0)
LON_RANGE = (129.0, 145.0)
TOKYO = (35.69, 139.69)

# Areas next to each other on the grid: existing link MW
ADJACENT = (
    ("HKD", "THK", 900), ("THK", "TKY", 5000), ("TKY", "CBU", 2100), ("CBU", "HKR", 1500),
    ("CBU", "KNS", 2500), ("HKR", "KNS", 1500), ("KNS", "CGK", 3000), ("KNS", "SKK", 1400),
    ("CGK", "SKK", 1200), ("CGK", "KYS", 2800), ("KYS", "SKY", 1500),
)

# ix, name, area, lat, lon, hub (the existing IXs)
EXISTING_IX = (
    ("IX_TYO", "Tokyo (Otemachi)", "TKY", 35.681, 139.767, True),
    ("IX_OSA", "Osaka (Dojima)", "KNS", 34.694, 135.502, True),
    ("IX_NGO", "Nagoya", "CBU", 35.165, 136.901, False),
    ("IX_FUK", "Fukuoka", "KYS", 33.607, 130.418, False),
    ("IX_SEN", "Sendai", "THK", 38.269, 140.872, False),
    ("IX_SAP", "Sapporo", "HKD", 43.064, 141.347, False),
)

# landing, name, zone (None = a zone of its own), lat, lon
LANDINGS = (
    ("L_CHIKURA", "Chikura", "Boso", 34.970, 139.961),
    ("L_MARUYAMA", "Maruyama", "Boso", 35.005, 139.975),
    ("L_MINAMIBOSO", "Minamiboso", "Boso", 34.974, 139.955),
    ("L_SHIMA", "Shima", "Shima", 34.337, 136.874),
    ("L_AJIGAURA", "Ajigaura", "Ibaraki", 36.384, 140.612),
    ("L_KITAIBARAKI", "Kitaibaraki", "Ibaraki", 36.802, 140.751),
    ("L_TOMAKOMAI", "Tomakomai", "Hokkaido", 42.600, 141.600),
    ("L_ISHIKARI", "Ishikari", "Hokkaido", 43.171, 141.316),
    ("L_KITAKYUSHU", "Kitakyushu", "Kyushu", 33.839, 131.032),
    ("L_ITOSHIMA", "Itoshima", "Kyushu", 33.598, 130.151),
    ("L_NAOETSU", "Naoetsu", "Japan-Sea", 37.170, 138.242),
    ("L_AKITA", "Akita", "Japan-Sea", 39.692, 140.040),
    ("L_KAGOSHIMA", "Kagoshima", None, 31.560, 130.560),
)
# cable, landing, ix, tbps, capex MJPY, earliest phase position (clipped), existing
CABLES = (
    ("C_CHIKURA", "L_CHIKURA", "IX_TYO", 100, 0, 0, True),
    ("C_MARUYAMA", "L_MARUYAMA", "IX_TYO", 180, 0, 0, True),
    ("C_MINAMIBOSO", "L_MINAMIBOSO", "IX_TYO", 30, 0, 0, True),
    ("C_SHIMA_TYO", "L_SHIMA", "IX_TYO", 100, 0, 0, True),
    ("C_SHIMA_OSA", "L_SHIMA", "IX_OSA", 100, 0, 0, True),
    ("C_AJIGAURA", "L_AJIGAURA", "IX_TYO", 40, 0, 0, True),
    ("C_KITAKYUSHU", "L_KITAKYUSHU", "IX_FUK", 5, 0, 0, True),
    ("C_E2A_TMK", "L_TOMAKOMAI", "IX_SAP", 96, 24_375, 0, False),
    ("C_E2A_ITO", "L_ITOSHIMA", "IX_FUK", 96, 24_375, 0, False),
    ("C_BOSO_NEW", "L_MARUYAMA", "IX_TYO", 300, 45_240, 0, False),
    ("C_SHIMA_NEW", "L_SHIMA", "IX_OSA", 200, 19_500, 0, False),
    ("C_JSEA_NAO", "L_NAOETSU", "IX_TYO", 100, 7_800, 1, False),
    ("C_JSEA_AKT", "L_AKITA", "IX_SEN", 80, 9_750, 2, False),
    ("C_KTK_NEW", "L_KITAKYUSHU", "IX_FUK", 120, 7_800, 1, False),
    ("C_ISK_NEW", "L_ISHIKARI", "IX_SAP", 100, 11_700, 2, False),
    ("C_KGS_NEW", "L_KAGOSHIMA", "IX_FUK", 60, 6_000, 1, False),
)

# hazard, name, target survive_share, target intl_survive_share
HAZARDS = (
    ("HZ_NANKAI", "Nankai Trough megaquake", 0.70, 0.25),
    ("HZ_TOKYO", "Tokyo inland earthquake", 0.45, 0.30),
    ("HZ_TRENCH", "Japan Trench earthquake", 0.80, 0.50),
)

# Unit costs (as in inputs/build_japan_case.py)
CAPEX_TOKYO, CAPEX_OSAKA, CAPEX_METRO, CAPEX_REGIONAL = 2272, 2118, 1986, 1568
BATTERY_MJPY_PER_MW = 136
SUBSTATION_MJPY_PER_MW = 183
EHV_LINE_MJPY_PER_KM = 500
FIBRE_MJPY_PER_KM = 5.5
UNDERGROUND_MJPY_PER_KM = 180
ROUTE_FACTOR = 1.3
MS_PER_KM = 0.005
TRANSPORT_MJPY_PER_MW_YEAR_KM = 0.1
CAMPUS_WORKS_MJPY = {"cluster": 10_000, "welcome": 3_000, "regional": 1_000, "existing": 0}
MW_PER_HA = {"cluster": 33, "welcome": 25, "regional": 20, "existing": 25}

# Witness: each usable site is filled to FILL * GROWTH[t] of its max_mw
FILL = 0.4
TRAINING_SHARE = 0.3
"""Share of a site's witness service that goes to the national training pool."""
TRAINING_REGION = "R_TRAIN"


@dataclass
class Witness:
    """A feasible plan the data was built around (for tests)."""

    open_sites: dict[str, int] = field(default_factory=dict)
    """Site -> position of the phase it opens (existing sites: 0)."""
    builds: dict[tuple[str, str], int] = field(default_factory=dict)
    """(family, id) -> position of the phase it is built (candidates only)."""
    it_mw: dict[str, list[float]] = field(default_factory=dict)
    """Site -> IT MW per phase."""


def _km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> np.ndarray:
    """Great-circle km, broadcasting over arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _ceil(x: float, step: float = 1.0) -> float:
    return math.ceil(x / step - 1e-9) * step


def _floor(x: float, step: float = 1.0) -> float:
    return math.floor(x / step + 1e-9) * step


def _r(x: float, digits: int = 1) -> float:
    return round(float(x), digits)


def _scatter(rng: np.random.Generator, areas: np.ndarray, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Points around their areas' centres, clipped to the Japan box."""
    centre = np.array([(a[2], a[3]) for a in AREAS])
    spread = np.array([(a[4], a[5]) for a in AREAS]) * scale
    lat = centre[areas, 0] + rng.normal(size=len(areas)) * spread[areas, 0]
    lon = centre[areas, 1] + rng.normal(size=len(areas)) * spread[areas, 1]
    return (np.round(np.clip(lat, *LAT_RANGE), 4), np.round(np.clip(lon, *LON_RANGE), 4))


def _in_nankai(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    return (lat < 35.4) & (lon >= 132.0) & (lon <= 138.8)


def _in_tokyo(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    return _km(lat, lon, TOKYO[0], TOKYO[1]) < 70.0


def _in_trench(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    honshu = (lon >= 140.5) & (lat >= 35.9) & (lat <= 41.5)
    hokkaido_south = (lat > 41.5) & (lat <= 43.0) & (lon >= 141.3)
    return honshu | hokkaido_south


FOOTPRINT_RULES = {"HZ_NANKAI": _in_nankai, "HZ_TOKYO": _in_tokyo, "HZ_TRENCH": _in_trench}
FOOTPRINT_ZONES = {"HZ_NANKAI": {"Boso", "Shima"}, "HZ_TOKYO": set(), "HZ_TRENCH": {"Ibaraki"}}
FOOTPRINT_LANDINGS = {"HZ_TRENCH": {"L_TOMAKOMAI"}}


def generate(sites: int, phases: int = 3, seed: int = 0, periods: int = 0, steps: int = 24) -> Rows:
    """Sheet name -> rows (dicts keyed by FORMULATION.md column names) of a synthetic case.

    ``periods > 0`` adds operations-mode data (planner.synth.operations)."""
    return generate_with_witness(sites, phases, seed, periods=periods, steps=steps)[0]


def generate_with_witness(n_sites: int, n_phases: int = 3, seed: int = 0, periods: int = 0,
                          steps: int = 24) -> tuple[Rows, Witness]:
    if n_sites < 1 or n_phases < 1:
        raise ValueError("sites and phases must be at least 1")
    rng = np.random.default_rng(seed)
    N, P = int(n_sites), int(n_phases)
    witness = Witness()

    # ---- phases -----------------------------------------------------------
    spacing = rng.choice([2, 3], size=P)
    years = 2030 + np.concatenate([[0], np.cumsum(spacing[:-1])]).astype(int)
    phase_ids = [f"P{i + 1}" for i in range(P)]
    growth = np.linspace(0.3, 0.9, P) if P > 1 else np.array([0.6])

    # ---- sites ------------------------------------------------------------
    n_ex = min(N, max(4, round(0.04 * N)))
    n_new = N - n_ex
    ex_pattern = ["TKY", "KNS", "TKY", "HKD", "KNS", "TKY", "CBU", "KYS", "TKY", "THK", "KNS", "TKY"]
    ex_area = np.array([AREA_IDS.index(ex_pattern[i % len(ex_pattern)]) for i in range(n_ex)], dtype=int)
    weights = np.array([a[6] for a in AREAS])
    new_area = rng.choice(len(AREAS), size=n_new, p=weights / weights.sum())
    if n_new >= len(AREAS):
        new_area[: len(AREAS)] = np.arange(len(AREAS))
    n_cl = min(n_new, max(3, round(0.10 * N)))
    n_we = min(n_new - n_cl, max(3, round(0.16 * N)))
    new_type = np.array(["cluster"] * n_cl + ["welcome"] * n_we + ["regional"] * (n_new - n_cl - n_we))
    new_type = new_type[rng.permutation(n_new)] if n_new else new_type
    area = np.concatenate([ex_area, new_area]).astype(int)
    stype = np.concatenate([np.array(["existing"] * n_ex), new_type])
    # existing sites sit close to their metro centre; the rest spread over the area
    lat, lon = _scatter(rng, area)
    ex_lat, ex_lon = _scatter(rng, ex_area, scale=0.35)
    lat[:n_ex], lon[:n_ex] = ex_lat, ex_lon
    width = max(4, len(str(N)))
    site_ids = [f"S{i + 1:0{width}d}" for i in range(N)]
    area_code = [AREA_IDS[a] for a in area]
    hub_area = np.isin(area, [AREA_IDS.index("TKY"), AREA_IDS.index("KNS")])
    centre = np.array([(a[2], a[3]) for a in AREAS])
    near_centre = _km(lat, lon, centre[area, 0], centre[area, 1]) < 35.0
    hub = (stype == "existing") & hub_area | (stype == "welcome") & hub_area & near_centre

    u = rng.random((N, 8))
    max_mw = np.where(stype == "cluster", 600 + 1400 * u[:, 0],
                      np.where(stype == "welcome", 150 + 650 * u[:, 0], 30 + 170 * u[:, 0]))
    existing_mw = np.zeros(N)
    ex = stype == "existing"
    existing_mw[ex] = np.round(np.where(hub[ex], 100 + 300 * u[ex, 1], 40 + 120 * u[ex, 1]))
    max_mw[ex] = existing_mw[ex] * (2.2 + 1.3 * u[ex, 0])
    max_mw = np.round(max_mw)
    min_frac = np.where(stype == "cluster", 0.15 + 0.15 * u[:, 2], 0.08 + 0.12 * u[:, 2])
    min_mw = np.where(ex, 0.0, np.round(min_frac * max_mw))
    earliest = np.zeros(N, dtype=int)
    half = max(1, math.ceil(P / 2))
    earliest = np.where(stype == "cluster", rng.integers(0, half, size=N), earliest)
    earliest = np.where((stype == "welcome") & (u[:, 3] < 0.2), min(1, P - 1), earliest)
    earliest = np.where(stype == "regional", rng.integers(0, max(1, P - 1), size=N), earliest)
    pue = np.round(np.array([AREAS[a][7] for a in area]) + 0.05 * hub + 0.04 * (u[:, 4] - 0.5), 2)
    land = np.array([AREAS[a][8] for a in area])
    ha = max_mw / np.array([MW_PER_HA[t] for t in stype])
    ha = np.where(stype == "cluster", np.maximum(ha, 30), ha)
    works = np.array([CAMPUS_WORKS_MJPY[t] for t in stype])
    fixed_cost = np.where(ex, 0.0, np.round(ha * 10_000 * land * (0.6 + 0.8 * u[:, 5]) / 1e6 + works))
    metro = near_centre & ~hub_area
    base_capex = np.where(area == AREA_IDS.index("TKY"), CAPEX_TOKYO,
                          np.where(area == AREA_IDS.index("KNS"), CAPEX_OSAKA,
                                   np.where(metro, CAPEX_METRO, CAPEX_REGIONAL)))
    capex_mw = np.round(base_capex * (0.96 + 0.08 * u[:, 6]))
    fom = np.round(0.015 * capex_mw, 1)

    # ---- IX ---------------------------------------------------------------
    ix_rows: list[dict[str, Any]] = []
    ix_lat: list[float] = []
    ix_lon: list[float] = []
    ix_earliest: list[int] = []
    ix_existing: list[bool] = []
    ix_hub: list[bool] = []
    for ix, name, a, la, lo, h in EXISTING_IX:
        ix_rows.append({"ix": ix, "name": name, "area": a, "lat": la, "lon": lo, "hub": h,
                        "capex_mjpy": 0, "earliest_phase": phase_ids[0], "existing": True})
        ix_lat.append(la)
        ix_lon.append(lo)
        ix_earliest.append(0)
        ix_existing.append(True)
        ix_hub.append(h)
    # a second Tokyo hub IX and regional candidates: areas without an IX first, then at sites
    n_cand = 6 + N // 100
    cand_area = [AREA_IDS.index(a) for a in ("HKR", "CGK", "SKK", "SKY")]
    cand_area += list(rng.choice(len(AREAS), size=max(0, n_cand - 4), p=weights / weights.sum()))
    c_lat, c_lon = _scatter(rng, np.array(cand_area, dtype=int), scale=0.5)
    specs = [("IX_TY2", "Tokyo 2 (Inzai)", "TKY", 35.81, 140.12, True, 3000, 0)]
    for i, a in enumerate(cand_area):
        specs.append((f"IX_C{i + 1:02d}", f"{AREAS[a][1]} IX {i + 1}", AREA_IDS[a], float(c_lat[i]),
                      float(c_lon[i]), False, round(2000 + 800 * rng.random()),
                      0 if i < 4 else int(rng.integers(0, half))))
    for ix, name, a, la, lo, h, capex, e in specs:
        ix_rows.append({"ix": ix, "name": name, "area": a, "lat": la, "lon": lo, "hub": h,
                        "capex_mjpy": capex, "earliest_phase": phase_ids[e], "existing": False})
        ix_lat.append(la)
        ix_lon.append(lo)
        ix_earliest.append(e)
        ix_existing.append(False)
        ix_hub.append(h)
        witness.builds[("ix", ix)] = e
    ix_ids = [r["ix"] for r in ix_rows]
    ix_lat_a, ix_lon_a = np.array(ix_lat), np.array(ix_lon)
    n_existing_ix = len(EXISTING_IX)
    ix_km = _km(lat[:, None], lon[:, None], ix_lat_a[None, :], ix_lon_a[None, :])  # N x IX
    near_existing = np.argsort(ix_km[:, :n_existing_ix], axis=1)
    near_cand = n_existing_ix + np.argsort(ix_km[:, n_existing_ix:], axis=1)

    # ---- routes (first route of a site: to its nearest existing IX, from its earliest phase)
    route_rows: list[dict[str, Any]] = []
    site_routes: dict[int, list[str]] = {}
    routed = np.zeros(N, dtype=bool)
    required = np.zeros(N, dtype=int)

    def add_route(i: int, x: int, corridor: str | None, existing: bool, ug_km: float) -> None:
        rid = f"RT_{site_ids[i]}_{len(site_routes.get(i, [])) + 1}"
        e = max(int(earliest[i]), ix_earliest[x])
        km = float(ix_km[i, x]) * ROUTE_FACTOR
        capex = 0 if existing else round(km * FIBRE_MJPY_PER_KM + ug_km * UNDERGROUND_MJPY_PER_KM)
        route_rows.append({"route": rid, "site": site_ids[i], "ix": ix_ids[x], "corridor": corridor,
                           "capex_mjpy": capex, "earliest_phase": phase_ids[e], "existing": existing,
                           "latency_ms": _r(max(km, 1.0) * MS_PER_KM, 3)})
        site_routes.setdefault(i, []).append(rid)
        if not existing:
            witness.builds[("route", rid)] = e

    def corridor(i: int, x: int) -> str:
        return f"{AREAS[area[i]][1]}-{ix_ids[x]}"

    r_u = rng.random((N, 3))
    for i in range(N):
        t = stype[i]
        first, second = int(near_existing[i, 0]), int(near_existing[i, 1])
        if t == "existing":
            x = 0 if area_code[i] == "TKY" else 1 if area_code[i] == "KNS" else first
            add_route(i, x, None, True, 0)
            if r_u[i, 0] < 0.5:
                add_route(i, int(near_cand[i, 0]), corridor(i, int(near_cand[i, 0])), False, 2)
            required[i] = 1
        elif t == "cluster":
            add_route(i, first, corridor(i, first), False, 5)
            add_route(i, second, corridor(i, second), False, 5)
            add_route(i, int(near_cand[i, 0]), corridor(i, int(near_cand[i, 0])), False, 5)
            if r_u[i, 1] < 0.3:  # a parallel route in the first corridor
                add_route(i, first, corridor(i, first), False, 8)
            required[i] = 2
        elif t == "welcome":
            add_route(i, first, corridor(i, first), False, 2)
            if r_u[i, 0] < 0.5:
                add_route(i, int(near_cand[i, 0]), corridor(i, int(near_cand[i, 0])), False, 2)
            required[i] = 1
        elif r_u[i, 0] < 0.6:  # regional: most have one route, some none
            add_route(i, first, None if r_u[i, 2] < 0.5 else corridor(i, first), False, 2)
            required[i] = 1
        routed[i] = i in site_routes

    # ---- regions and service ------------------------------------------------
    n_reg = max(10, N // 20)
    reg_area = rng.choice(len(AREAS), size=n_reg, p=weights / weights.sum())
    reg_area[: len(AREAS)] = np.arange(len(AREAS))
    reg_lat, reg_lon = _scatter(rng, reg_area, scale=0.8)
    reg_lat[: len(AREAS)] = centre[:, 0]
    reg_lon[: len(AREAS)] = centre[:, 1]
    reg_ids = [f"R{i + 1:03d}" for i in range(n_reg)]
    reg_km = _km(reg_lat[:, None], reg_lon[:, None], lat[None, :], lon[None, :])  # R x N
    k_of = np.minimum(rng.integers(10, 21, size=n_reg), N)
    local_pairs: list[tuple[int, int, float, str | None]] = []
    for r in range(n_reg):
        k = int(k_of[r])
        nearest = np.argsort(reg_km[r], kind="stable")[:k]
        for rank, s in enumerate(nearest):
            km = float(reg_km[r, s])
            need = None
            if routed[s] and (rank >= (2 * k) // 3 or km > 80.0):
                need = site_routes[int(s)][0]
            local_pairs.append((r, int(s), km, need))
    local_of: dict[int, list[int]] = {}
    for r, s, _, _ in local_pairs:
        local_of.setdefault(s, []).append(r)

    # ---- witness: which sites open, and how full ---------------------------
    closable = np.array([(stype[i] != "existing") for i in range(N)])
    usable = np.array([routed[i] or i in local_of for i in range(N)])
    cluster_idx = [i for i in range(N) if stype[i] == "cluster" and usable[i]]
    skip_clusters = set(cluster_idx[::3][1:]) if len(cluster_idx) > 2 else set()
    in_w = usable & np.array([i not in skip_clusters for i in range(N)]) | ~closable
    # a few unused candidates are locked closed, one used welcome site locked open
    force: list[str | None] = [None] * N
    unused = [i for i in range(N) if closable[i] and not in_w[i]]
    for i in unused[: max(1, len(unused) // 10)] if unused else []:
        force[i] = "closed"
    welcome_w = [i for i in range(N) if stype[i] == "welcome" and in_w[i]]
    if welcome_w:
        force[welcome_w[0]] = "open"

    # training fraction of each site's service; the rest split over its local regions
    frac_local = np.where(routed, 1 - TRAINING_SHARE, 1.0)
    frac_train = np.where(routed, np.where([i in local_of for i in range(N)], TRAINING_SHARE, 1.0), 0.0)
    served = np.zeros((N, P))  # witness MW served at each site
    demand = np.zeros((n_reg + 1, P))  # last row: training pool
    for t in range(P):
        avail = in_w & (earliest <= t)
        cap = np.where(avail, FILL * growth[t] * max_mw, 0.0)
        served[:, t] = cap
        for s, regs in local_of.items():
            if cap[s] > 0:
                share = cap[s] * frac_local[s] / len(regs)
                for r in regs:
                    demand[r, t] += share
        demand[n_reg, t] = float(np.sum(cap * frac_train))
    demand = np.floor(demand * 10) / 10  # round down: the witness serves at least this
    c_w = np.zeros((N, P))
    for t in range(P):
        opened = in_w & (earliest <= t)
        c_w[:, t] = np.where(opened, np.maximum(np.maximum(existing_mw, min_mw), served[:, t]), 0.0)
        c_w[ex, t] = np.maximum(c_w[ex, t], existing_mw[ex])
    c_w = np.ceil(c_w * 100) / 100
    for i in range(N):
        if in_w[i]:
            witness.open_sites[site_ids[i]] = int(earliest[i])
            witness.it_mw[site_ids[i]] = [float(v) for v in c_w[i]]

    # ---- site power: firm connection covers the witness; headroom, batteries, projects
    firm_on = ex | (u[:, 7] < 0.6)
    firm = np.where(firm_on, pue * max_mw * (0.3 + 0.3 * r_u[:, 1]), np.nan)
    firm = np.where(firm_on, np.maximum(firm, pue * c_w[:, -1] * 1.02), np.nan)
    firm = np.ceil(firm)
    battery = firm_on & (r_u[:, 2] < 0.5)
    nonfirm = np.where(battery, np.round(pue * max_mw * (0.05 + 0.15 * u[:, 3])), 0.0)
    grid_rows: list[dict[str, Any]] = []
    g_u = rng.random((N, 4))
    for i in range(N):
        if firm_on[i] and g_u[i, 0] < 0.35 and pue[i] * max_mw[i] > firm[i] + 1:
            mw = round(min(pue[i] * max_mw[i] - firm[i], pue[i] * max_mw[i] * (0.2 + 0.3 * g_u[i, 1])))
            mw = max(mw, 1)
            km = 3 + 27 * g_u[i, 2]
            e = int(min(P - 1, earliest[i] + (g_u[i, 3] < 0.5)))
            grid_rows.append({"project": f"GS_{site_ids[i]}", "kind": "site", "site": site_ids[i],
                              "from_area": None, "to_area": None, "mw": mw,
                              "capex_mjpy": round(SUBSTATION_MJPY_PER_MW * mw + EHV_LINE_MJPY_PER_KM * km),
                              "earliest_phase": phase_ids[e], "existing": bool(g_u[i, 3] > 0.97)})
    links_per_pair = 1 + N // 1000
    for a, b, mw in ADJACENT:
        grid_rows.append({"project": f"GL_{a}_{b}", "kind": "link", "site": None, "from_area": a,
                          "to_area": b, "mw": mw, "capex_mjpy": 0, "earliest_phase": phase_ids[0],
                          "existing": True})
        for j in range(links_per_pair):
            new_mw = round(500 + 1500 * rng.random())
            grid_rows.append({"project": f"GL_{a}_{b}_N{j + 1}", "kind": "link", "site": None,
                              "from_area": a, "to_area": b, "mw": new_mw,
                              "capex_mjpy": round(new_mw * (300 + 600 * rng.random())),
                              "earliest_phase": phase_ids[int(rng.integers(0, P))], "existing": False})

    # ---- sites rows ---------------------------------------------------------
    site_rows = []
    for i in range(N):
        site_rows.append({
            "site": site_ids[i], "name": f"{AREAS[area[i]][1]} {stype[i]} {i + 1}",
            "area": area_code[i], "lat": float(lat[i]), "lon": float(lon[i]), "type": str(stype[i]),
            "hub": bool(hub[i]), "existing_mw": float(existing_mw[i]), "min_mw": float(min_mw[i]),
            "max_mw": float(max_mw[i]), "earliest_phase": phase_ids[int(earliest[i])],
            "pue": float(pue[i]), "load_factor": 0.8, "fixed_cost_mjpy": float(fixed_cost[i]),
            "capex_mjpy_per_mw": float(capex_mw[i]), "fom_mjpy_per_mw_year": float(fom[i]),
            "grid_firm_mw": None if not firm_on[i] else float(firm[i]),
            "grid_nonfirm_mw": float(nonfirm[i]),
            "battery_capex_mjpy_per_mw": round(BATTERY_MJPY_PER_MW * (0.9 + 0.2 * g_u[i, 1])),
            "required_routes": int(required[i]), "force": force[i],
        })

    region_rows = [{"region": reg_ids[r], "name": f"{AREAS[reg_area[r]][1]} region {r + 1}",
                    "lat": float(reg_lat[r]), "lon": float(reg_lon[r])} for r in range(n_reg)]
    region_rows.append({"region": TRAINING_REGION, "name": "National training pool (latency-tolerant)",
                        "lat": None, "lon": None})
    all_regions = reg_ids + [TRAINING_REGION]
    demand_rows = [{"region": all_regions[r], "phase": phase_ids[t], "demand_mw": float(demand[r, t])}
                   for r in range(n_reg + 1) for t in range(P)]
    service_rows = [{"region": reg_ids[r], "site": site_ids[s],
                     "cost_mjpy_per_mw_year": _r(TRANSPORT_MJPY_PER_MW_YEAR_KM * km, 2),
                     "requires_route": need} for r, s, km, need in local_pairs]
    service_rows += [{"region": TRAINING_REGION, "site": site_ids[s], "cost_mjpy_per_mw_year": 0.0,
                      "requires_route": site_routes[s][0]} for s in range(N) if routed[s]]

    # ---- area supply covers the witness load with a margin ---------------------
    area_load = np.zeros((len(AREAS), P))
    for t in range(P):
        np.add.at(area_load[:, t], area, pue * c_w[:, t])
    supply_rows = []
    for a, spec in enumerate(AREAS):
        low, high = spec[12]
        margin = low + (high - low) * rng.random()
        for t in range(P):
            supply = None if (spec[0] == "SKY" and t == P - 1 and P > 1) else \
                float(_ceil(max(area_load[a, t] * margin, 50.0), 10))
            supply_rows.append({
                "area": spec[0], "phase": phase_ids[t], "supply_mw": supply,
                "energy_price_jpy_per_kwh": _r(spec[9] + spec[10] * t, 2),
                "carbon_t_per_mwh": _r(spec[11] * 0.93 ** t, 3),
            })

    # ---- landings and cables (witness: every candidate at its earliest phase)
    landing_rows = [{"landing": lid, "name": nm, "zone": z, "lat": la, "lon": lo}
                    for lid, nm, z, la, lo in LANDINGS]
    zone_of = {lid: zone_key(lid, z) for lid, _, z, _, _ in LANDINGS}
    cable_specs = [(c, lid, x, tb, cx, min(e, P - 1), exi) for c, lid, x, tb, cx, e, exi in CABLES]
    for j in range(N // 300):
        lid = LANDINGS[int(rng.integers(0, len(LANDINGS)))][0]
        tb = round(50 + 150 * rng.random())
        l_lat, l_lon = next((la, lo) for l2, _, _, la, lo in LANDINGS if l2 == lid)
        x = int(np.argmin(_km(l_lat, l_lon, ix_lat_a[:n_existing_ix], ix_lon_a[:n_existing_ix])))
        cable_specs.append((f"C_X{j + 1:02d}", lid, ix_ids[x], tb, round(tb * (80 + 170 * rng.random())),
                            int(rng.integers(0, P)), False))
    cable_rows = []
    for c, lid, x, tb, cx, e, exi in cable_specs:
        cable_rows.append({"cable": c, "landing": lid, "ix": x, "tbps": float(tb), "capex_mjpy": cx,
                           "earliest_phase": phase_ids[e], "existing": exi})
        if not exi:
            witness.builds[("cable", c)] = e
    tbps_avail = np.array([sum(tb for _, _, _, tb, _, e, exi in cable_specs if exi or e <= t)
                           for t in range(P)], dtype=float)
    intl = np.floor(0.75 * tbps_avail)

    # ---- hazards ----------------------------------------------------------------
    land_lat = np.array([la for *_, la, _ in LANDINGS])
    land_lon = np.array([lo for *_, lo in LANDINGS])
    hazard_rows, footprint_rows = [], []
    total_demand = demand.sum(axis=0)
    for h, name, target, intl_target in HAZARDS:
        rule = FOOTPRINT_RULES[h]
        site_in = rule(lat, lon)
        ix_in = rule(ix_lat_a, ix_lon_a)
        land_in = np.array([zone_of[lid] in FOOTPRINT_ZONES[h] or lid in FOOTPRINT_LANDINGS.get(h, set())
                            for lid, *_ in LANDINGS]) | (rule(land_lat, land_lon) & (h != "HZ_NANKAI"))
        footprint_rows += [{"hazard": h, "kind": "site", "id": site_ids[i]} for i in np.flatnonzero(site_in)]
        footprint_rows += [{"hazard": h, "kind": "landing", "id": LANDINGS[i][0]} for i in np.flatnonzero(land_in)]
        footprint_rows += [{"hazard": h, "kind": "ix", "id": ix_ids[i]} for i in np.flatnonzero(ix_in)]
        dead_landing = {LANDINGS[i][0] for i in np.flatnonzero(land_in)}
        dead_ix = {ix_ids[i] for i in np.flatnonzero(ix_in)}
        site_ratio = min(
            (float(c_w[~site_in, t].sum()) / total_demand[t] for t in range(P) if total_demand[t] > 0),
            default=1.0,
        )
        surviving = np.array([
            sum(tb for _, lid, x, tb, _, e, exi in cable_specs
                if (exi or e <= t) and lid not in dead_landing and x not in dead_ix)
            for t in range(P)], dtype=float)
        intl_ratio = min((surviving[t] / intl[t] for t in range(P) if intl[t] > 0), default=1.0)
        hazard_rows.append({"hazard": h, "name": name,
                            "survive_share": min(target, _floor(0.95 * site_ratio, 0.01)),
                            "intl_survive_share": min(intl_target, _floor(0.95 * intl_ratio, 0.01))})

    # ---- phase policies: each at least as loose as the witness needs ----------------
    phase_rows = []
    for t in range(P):
        opened_now = in_w & closable & (earliest == t)
        prev = c_w[:, t - 1] if t > 0 else existing_mw
        capex = float(np.sum(np.where(opened_now, fixed_cost, 0.0)))
        capex += float(np.sum(capex_mw * np.maximum(c_w[:, t] - prev, 0.0)))
        capex += sum(float(row["capex_mjpy"]) for row in ix_rows + route_rows + cable_rows
                     if not row["existing"] and row["earliest_phase"] == phase_ids[t])
        new = c_w[:, t] - existing_mw
        new_all = float(np.sum(np.where(in_w, new, 0.0)))
        new_hub = float(np.sum(np.where(in_w & hub, new, 0.0)))
        hub_ratio = new_hub / new_all if new_all > 0 else 0.0
        policy_hub = 0.35 - (0.15 * t / (P - 1) if P > 1 else 0.0)
        zone_tbps: dict[str, float] = {}
        for _, lid, _, tb, _, e, exi in cable_specs:
            if exi or e <= t:
                zone_tbps[zone_of[lid]] = zone_tbps.get(zone_of[lid], 0.0) + tb
        zone_ratio = max(zone_tbps.values()) / tbps_avail[t]
        policy_zone = 0.6 - (0.15 * t / (P - 1) if P > 1 else 0.0)
        regional_cand = sum(1 for j, row in enumerate(ix_rows)
                            if not ix_existing[j] and not ix_hub[j] and ix_earliest[j] <= t)
        w_clusters = int(np.sum(in_w & (stype == "cluster") & (earliest <= t)))
        other_clusters = int(np.sum(~in_w & (stype == "cluster") & (earliest <= t)))
        phase_rows.append({
            "phase": phase_ids[t], "year": int(years[t]),
            "years": float(spacing[t]) if t < P - 1 else 3.0,
            "capex_budget_mjpy": float(_ceil(max(1.5 * capex, 1000.0), 1000)),
            "intl_demand_tbps": float(intl[t]),
            "max_new_hub_share": min(1.0, max(_r(policy_hub, 2), _ceil(hub_ratio + 0.02, 0.01))),
            "min_regional_ix": 4 + regional_cand // 2,
            "max_landing_zone_share": min(1.0, max(_r(policy_zone, 2), _ceil(zone_ratio + 0.01, 0.01))),
            "min_clusters": math.ceil(w_clusters / 4),
            "max_clusters": w_clusters + (other_clusters + 1) // 2,
        })

    rows: Rows = {
        "Settings": [
            {"key": "base_year", "value": int(years[0])},
            {"key": "discount_rate", "value": 0.03},
            {"key": "unserved_penalty_mjpy_per_mw_year", "value": None},
            {"key": "carbon_price_jpy_per_t", "value": 5000},
            {"key": "mip_gap", "value": 0.005},
            {"key": "time_limit_s", "value": 600},
        ],
        "Phases": phase_rows,
        "Areas": [{"area": a[0], "name": a[1]} for a in AREAS],
        "AreaSupply": supply_rows,
        "Sites": site_rows,
        "Regions": region_rows,
        "Demand": demand_rows,
        "Service": service_rows,
        "Grid": grid_rows,
        "IX": ix_rows,
        "Routes": route_rows,
        "Landings": landing_rows,
        "Cables": cable_rows,
        "Hazards": hazard_rows,
        "HazardFootprint": footprint_rows,
    }
    if periods > 0:
        from planner.synth.operations import add_operations

        add_operations(rows, witness, periods, steps, seed)
    return rows, witness


def write_rows(rows: Rows, path: str | Path) -> Path:
    """Write sheet rows as an .xlsx: one sheet each, header row 1 in schema column order."""
    from openpyxl import Workbook

    path = Path(path)
    book = Workbook(write_only=True)
    order = {spec.name: [c.name for c in spec.columns] for spec in (SETTINGS, *SHEETS)}
    for name, sheet_rows in rows.items():
        sheet = book.create_sheet(name)
        known = order.get(name, [])
        extra = [k for row in sheet_rows for k in row if k not in known]
        headers = [c for c in known if any(c in row for row in sheet_rows[:1])] + list(dict.fromkeys(extra))
        if not sheet_rows:
            headers = known
        sheet.append(headers)
        for row in sheet_rows:
            sheet.append([row.get(h) for h in headers])
    book.save(path)
    return path


def write(path: str | Path, sites: int, phases: int = 3, seed: int = 0, periods: int = 0,
          steps: int = 24, shape: str = "base") -> Path:
    """Generate a case (costs tilted by ``shape``, ``planner.synth.shapes``) and write it to
    ``path`` (.xlsx); return the path."""
    from planner.synth.shapes import shaped

    return write_rows(shaped(generate(sites, phases, seed, periods=periods, steps=steps), shape), path)


__all__ = ["Witness", "generate", "write", "write_rows"]
