"""Build the bundled Japan Watt-Bit case: ``inputs/japan_watt_bit.xlsx``.

Usage::

    python inputs/build_japan_case.py [OUT.xlsx]

The workbook follows the schema of FORMULATION.md section 1 (sheet and column
names, units: MJPY, MW, IT MW, Tbps). Every figure below comes from the research
notes ``japan_facts.md`` (cited as §n), is derived from them (arithmetic in the
``Sources`` sheet), or is a stated assumption. The script only needs openpyxl and
the standard library, and its output is deterministic: the same data gives the
same cell values every time (a test regenerates it and compares).

Layout: data tables first (one block per sheet), then the derivation rules,
then a small writer.
"""

from __future__ import annotations

import math
import shutil
import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

DEFAULT_OUT = Path(__file__).resolve().parent / "japan_watt_bit.xlsx"

# ---------------------------------------------------------------------------
# Conventions and unit costs
# ---------------------------------------------------------------------------
FX_JPY_PER_USD = 150  # §0 conventions: ¥150/US$ for derived conversions (assumption)

# DC construction cost, MJPY per IT MW (= US$/W x FX)
CAPEX_TOKYO = round(15.15 * FX_JPY_PER_USD)  # §9.1 Turner & Townsend 2025-26, Tokyo $15.15/W
CAPEX_OSAKA = round(14.12 * FX_JPY_PER_USD)  # §9.1 Turner & Townsend 2025-26, Osaka $14.12/W
CAPEX_METRO = round(13.24 * FX_JPY_PER_USD)  # §9.1 C&W 2025 Japan mid $13.24/W (other big cities)
CAPEX_REGIONAL = round(10.45 * FX_JPY_PER_USD)  # §9.1 C&W 2025 Japan low $10.45/W (greenfield)
# Project-level figures where published (§9.1 APL, receiving-capacity basis x PUE 1.3 -> per IT MW)
CAPEX_PROJECT = {
    "KTK": round(125_000 / 120 * 1.3),  # APL Kitakyushu ¥125 bn / 120 MW -> 1,354
    "ITO": round(300_000 / 300 * 1.3),  # APL Itoshima >¥300 bn / 300 MW -> 1,300
}
FOM_SHARE = 0.015  # assumption: fixed O&M 1.5 % of capex per year

BATTERY_MJPY_PER_MW = 136  # §9.3 [D] 2-h BESS at ¥68k/kWh = ¥136 M/MW
SUBSTATION_MJPY_PER_MW = 183  # §2 [D] Inzai: ¥220 bn for 1.1 -> 2.3 GW = 183 MJPY/MW
EHV_LINE_MJPY_PER_KM = 500  # §3.3 [D] overhead EHV ¥0.2-0.9 bn/km, mid value
FIBRE_MJPY_PER_KM = 5.5  # §8 [D] fibre on poles/existing ducts ¥2-9 M/km, mid value
UNDERGROUND_MJPY_PER_KM = 180  # §3.3/§8 operators' share of a utility corridor ¥180 M/km
ROUTE_FACTOR = 1.3  # §8 fibre route length = 1.3 x great-circle distance
MS_PER_KM = 0.005  # §8 ~5 µs/km one-way in fibre
SUBSEA_MJPY_PER_KM = 3.9  # §5.3 [D] FASTER US$300 M / 11,629 km at ¥150/$

# Service (who may serve whom)
LOCAL_RADIUS_KM = 250  # assumption: latency-sensitive demand within 250 km great-circle ≈ 1.6 ms one way over fibre (x 1.3 route, 5 µs/km; §8: 100 km APN demo < 1 ms RTT)
NO_ROUTE_RADIUS_KM = 60  # assumption: within 60 km the metro network suffices; farther needs the site's APN route
TRANSPORT_MJPY_PER_MW_YEAR_KM = 0.02  # assumption: network transport + latency cost, ¥20k per MW-year per km

# ---------------------------------------------------------------------------
# Settings and Phases
# ---------------------------------------------------------------------------
SETTINGS = [
    ("base_year", 2025),  # money in 2025 yen, discounted to 2025 (assumption)
    ("discount_rate", 0.03),  # assumption: 3 %/yr real (FORMULATION default)
    # operations mode (Periods present): 1 % gap within 120 s; see inputs/README.md for the
    # measured run. Capacity mode (--capacity-only) keeps the 1e-4 default.
    ("operations_mip_gap", 0.01),
    ("operations_time_limit_s", 120),
]

# phase, year, years, intl_demand_tbps, max_new_hub_share, min_regional_ix,
# max_landing_zone_share, min_clusters
# Years: 2028-2031 (4), 2032-2034 (3), 2035-2040 (6): the paper's three horizons (§1.1).
PHASES = [
    ("around2030", 2030, 4, 600, 0.35, None, 0.60, None),
    ("early2030s", 2033, 3, 900, 0.30, None, 0.50, 2),  # GW-class clusters by early 2030s (§1.1)
    ("late2030s", 2037, 6, 1300, 0.20, 7, 0.45, 4),  # MRI vision: 5 large clusters (§1.3)
]

# ---------------------------------------------------------------------------
# Areas: the ten grid areas, per-phase supply for DC load, price, carbon
# ---------------------------------------------------------------------------
# area, name, PUE of new builds (climate, assumption), land price for DC
# sites in ¥/m² (assumption unless noted), supply_mw per phase (grid draw
# available for all DC load), energy price JPY/kWh per phase, carbon t/MWh per phase
AREAS = [
    # area  name        pue   land  supply (2030, 2033, 2037)  price (JPY/kWh)      carbon (t/MWh)
    ("HKD", "Hokkaido", 1.20, 10_000, (800, 2000, 4000), (17.0, 16.5, 16.0), (0.50, 0.40, 0.30)),
    ("THK", "Tohoku", 1.25, 12_000, (1200, 2200, 3500), (17.5, 17.0, 16.5), (0.45, 0.38, 0.30)),
    # Tokyo: ~1.9 GW existing DC draw + ~5 GW east headroom ~2030 (§2); 2037: + TEPCO's
    # 9.54 GW DC forecast for FY2037 (§4.2); 2033 in between
    ("TKY", "Tokyo", 1.35, 113_000, (6900, 8900, 11500), (22.0, 22.5, 23.0), (0.45, 0.40, 0.35)),
    ("CBU", "Chubu", 1.32, 30_000, (1000, 1300, 1800), (21.0, 21.0, 21.0), (0.42, 0.37, 0.32)),
    # Hokuriku 2030: welcome-zone substations 200+300+300+50 MW (§2) + Toyama
    ("HKR", "Hokuriku", 1.28, 15_000, (1000, 1800, 3200), (17.5, 17.5, 17.0), (0.45, 0.40, 0.33)),
    ("KNS", "Kansai", 1.37, 150_000, (1500, 2200, 3200), (20.5, 20.5, 21.0), (0.30, 0.28, 0.25)),
    ("CGK", "Chugoku", 1.30, 15_000, (600, 1200, 2000), (20.0, 20.0, 20.0), (0.55, 0.48, 0.40)),
    ("SKK", "Shikoku", 1.36, 15_000, (200, 300, 400), (20.0, 19.5, 19.5), (0.40, 0.36, 0.32)),
    ("KYS", "Kyushu", 1.34, 20_000, (1000, 2200, 4000), (17.0, 16.0, 15.5), (0.35, 0.30, 0.25)),
    ("OKN", "Okinawa", 1.45, 30_000, (100, 150, 250), (25.0, 25.0, 25.0), (0.70, 0.65, 0.60)),
]
HUB_PUE_UPLIFT = 0.05  # assumption: hubs carry older, less efficient stock

# ---------------------------------------------------------------------------
# Sites
# ---------------------------------------------------------------------------
# site, name, area, lat, lon, type, hub, existing_mw, min_mw, max_mw,
# earliest phase, grid_firm_mw (meter MW; None = unlimited), grid_nonfirm_mw,
# required_routes, land price override ¥/m² (None = area value), land ha override
# Coordinates: J-SHIS points (§0, §7.2), prefectural offices (§7.1), landing
# points (§5.1); "~" marks approximate town centres (assumption).
# Existing MW (start state ≈ end-2024 stock): Greater Tokyo 1,136 MW operating +
# 223 MW under construction (H2-2024, §4.3) = 1,359 MW, split across hubs by
# assumption; Kansai ≈ 20 % share of DC supply (§4.3) -> 550 MW incl. SoftBank
# Sakai 150 MW (2026, §9.2); small regional stock (assumption).
SITES = [
    # --- Tokyo hubs (existing) ---
    ("INZ", "Inzai (Otsuka)", "TKY", 35.8083, 140.1179, "existing", True, 500, 0, 1700, "around2030", 2300, 300, 1, 188_000, None),  # §2 Inzai supply 2.3 GW (2027); C&W Inzai $1,253/m²
    ("SHR", "Shiroi", "TKY", 35.7838, 140.0659, "existing", True, 150, 0, 450, "around2030", 650, 100, 1, 188_000, None),
    ("TAM", "Tama (Karakida)", "TKY", 35.6104, 139.4026, "existing", True, 150, 0, 400, "around2030", 550, 80, 1, 564_000, None),  # C&W Sagamihara $3,759/m²
    ("SGM", "Sagamihara", "TKY", 35.5883, 139.3617, "existing", True, 120, 0, 400, "around2030", 500, 80, 1, 564_000, None),
    ("OTM", "Central Tokyo (Otemachi/Koto)", "TKY", 35.6810, 139.7670, "existing", True, 250, 0, 400, "around2030", 480, 40, 1, 1_692_000, None),  # C&W Central Tokyo $11,278/m²
    ("SAI", "Saitama", "TKY", 35.8578, 139.6478, "existing", True, 90, 0, 300, "around2030", 300, 50, 1, 470_000, None),  # C&W Saitama $3,133/m²
    ("YKH", "Yokohama/Kawasaki", "TKY", 35.4475, 139.6423, "existing", True, 99, 0, 300, "around2030", 300, 50, 1, 940_000, None),  # C&W Kawasaki $6,266/m²
    # --- TEPCO east welcome zone (Chiba/Ibaraki/Tochigi, ~5 GW headroom ~2030, §2) ---
    ("TSK", "Tsukuba (TEPCO EHV site call)", "TKY", 36.0800, 140.1100, "welcome", False, 0, 100, 1500, "around2030", 900, 200, 1, 113_000, None),  # ~coords; C&W Inzai low $752/m²
    ("KSW", "Kashiwa/Nagareyama", "TKY", 35.8700, 139.9700, "welcome", False, 0, 100, 1200, "around2030", 700, 150, 1, 150_000, None),  # ~coords
    ("CHB", "Chiba (Keiyo)", "TKY", 35.6046, 140.1232, "welcome", False, 0, 100, 800, "around2030", 500, 100, 1, 150_000, None),
    ("UTS", "Utsunomiya (Tochigi)", "TKY", 36.5658, 139.8835, "welcome", False, 0, 100, 900, "around2030", 800, 150, 1, 60_000, None),
    ("MIT", "Mito (Ibaraki)", "TKY", 36.3418, 140.4468, "welcome", False, 0, 80, 600, "around2030", 500, 100, 1, 50_000, None),
    ("MAE", "Maebashi/Takasaki (Gunma)", "TKY", 36.3912, 139.0609, "regional", False, 0, 20, 120, "around2030", 75, 25, 1, 50_000, None),  # §2 66 kV lines in the 50-75 MW bin
    # --- Kansai hubs and outskirts ---
    ("OSK", "Central Osaka (Dojima)", "KNS", 34.6865, 135.5190, "existing", True, 150, 0, 300, "around2030", 350, 40, 1, 1_090_000, None),  # C&W Central Osaka $7,268/m²
    ("MIN", "Minoh (Saito)", "KNS", 34.8577, 135.5099, "existing", True, 150, 0, 600, "around2030", 500, 100, 1, 244_000, None),  # C&W North Osaka $1,629/m²
    ("SAK", "Sakai (Takumi-cho)", "KNS", 34.5969, 135.4336, "existing", True, 150, 0, 400, "around2030", 560, 80, 1, 188_000, 45),  # §9.2 SoftBank 150->400 MW, 45 ha
    ("KHN", "Seika (Keihanna)", "KNS", 34.7470, 135.7817, "existing", True, 100, 0, 600, "around2030", 400, 100, 1, 188_000, None),  # C&W Keihanna $1,253/m²
    ("KOB", "Kobe Nishi", "KNS", 34.7339, 135.0279, "welcome", False, 0, 60, 500, "around2030", 350, 80, 1, 120_000, None),  # §2 Kansai T&D +30 % at 4 SS
    # --- Hokuriku (welcome-zone substations, §2; Nanto plan, §1.3) ---
    ("NAN", "Nanto Campus (Toyama)", "HKR", 36.5500, 136.8800, "cluster", False, 0, 400, 3100, "around2030", 520, 100, 2, None, None),  # §1.3 3.1 GW plan, 400 MW ph1 RFS end-2028
    ("SHK", "Shika / Shin-Noto", "HKR", 37.0769, 136.7542, "cluster", False, 0, 200, 1000, "around2030", 300, 60, 2, None, None),  # §2 Shin-Noto SS 300 MW
    ("NKN", "Nakanoto / Naka-Noto", "HKR", 36.9580, 136.9151, "welcome", False, 0, 60, 240, "around2030", 300, 0, 1, None, None),  # §2 Naka-Noto SS 300 MW
    ("NOM", "Nomi (Ishikawa Science Park)", "HKR", 36.4491, 136.5940, "welcome", False, 0, 40, 160, "around2030", 200, 0, 1, None, None),  # §2 Minami-Kanazawa SS 200 MW
    ("KKZ", "Kanazawa north", "HKR", 36.5947, 136.6256, "regional", False, 0, 10, 40, "around2030", 50, 0, 1, None, None),  # §2 Kita-Kanazawa SS 50 MW
    # --- Hokkaido (§1.3; §9.2) ---
    ("ISK", "Ishikari (Shinko-chuo)", "HKD", 43.1797, 141.2948, "cluster", False, 0, 300, 2000, "around2030", 300, 100, 2, None, None),
    ("TMK", "Tomakomai (Kashiwabara)", "HKD", 42.6777, 141.7601, "cluster", False, 0, 300, 1200, "around2030", 400, 100, 2, None, 70),  # §9.2 SoftBank 50->300+ MW, 70 ha
    ("CHT", "Chitose", "HKD", 42.8200, 141.6500, "regional", False, 0, 20, 200, "late2030s", 150, 30, 1, None, None),  # ~coords
    ("SPR", "Sapporo (city DCs)", "HKD", 43.0644, 141.3474, "existing", False, 60, 0, 150, "around2030", 150, 0, 1, 60_000, None),
    # --- Tohoku + Niigata (§1.3) ---
    ("SND", "Sendai (Izumi)", "THK", 38.3553, 140.8457, "cluster", False, 0, 300, 1500, "early2030s", 300, 100, 2, 40_000, None),
    ("AKT", "Akita (Japan-Sea wind)", "THK", 39.7182, 140.1034, "cluster", False, 0, 300, 1000, "early2030s", 200, 100, 2, None, None),
    ("NIG", "Niigata", "THK", 37.9017, 139.0227, "regional", False, 0, 30, 300, "early2030s", 250, 50, 1, 20_000, None),
    ("FKS", "Fukushima", "THK", 37.7501, 140.4668, "regional", False, 0, 20, 200, "around2030", 150, 30, 1, None, None),
    ("MOR", "Morioka", "THK", 39.7035, 141.1527, "regional", False, 0, 20, 150, "late2030s", 120, 20, 1, None, None),
    ("AOM", "Aomori", "THK", 40.8243, 140.7401, "regional", False, 0, 20, 200, "late2030s", 150, 30, 1, None, None),
    # --- Chubu (welcome zone map, §2) ---
    ("NGY", "Nagoya (Sakae)", "CBU", 35.1654, 136.9008, "existing", False, 80, 0, 300, "around2030", 250, 40, 1, 200_000, None),
    ("GIF", "Gifu (Chubu welcome zone)", "CBU", 35.3912, 136.7222, "welcome", False, 0, 50, 400, "around2030", 301, 50, 1, None, None),  # §2 Chubu bin 301-1,000 MW
    ("NAG", "Nagano", "CBU", 36.6513, 138.1810, "regional", False, 0, 20, 150, "late2030s", 120, 20, 1, None, None),
    # --- Chugoku (§0 low hazard) ---
    ("MAT", "Matsue (Hokuryo)", "CGK", 35.4979, 133.0611, "cluster", False, 0, 300, 1000, "early2030s", 200, 60, 2, None, None),
    ("HIR", "Hiroshima (Tomominami)", "CGK", 34.4494, 132.3840, "cluster", False, 0, 300, 1000, "early2030s", 300, 60, 2, 40_000, None),
    ("OKY", "Okayama", "CGK", 34.6613, 133.9344, "regional", False, 0, 20, 150, "around2030", 120, 20, 1, 30_000, None),
    # --- Shikoku ---
    ("TKM", "Takamatsu", "SKK", 34.3401, 134.0430, "regional", False, 0, 20, 150, "around2030", 120, 20, 1, None, None),
    ("MTY", "Matsuyama", "SKK", 33.8416, 132.7659, "regional", False, 0, 20, 100, "late2030s", 80, 20, 1, None, None),
    # --- Kyushu (§1.3 APL Itoshima 300 MW & Kitakyushu 120 MW; NTT Fukuoka 2029, §4.2) ---
    ("KTK", "Kitakyushu (Hibikino)", "KYS", 33.8916, 130.7099, "cluster", False, 0, 120, 1000, "around2030", 160, 60, 2, None, None),  # §9.2 6.3 ha, 120 MW by 2027
    ("FUK", "Fukuoka (Momochihama)", "KYS", 33.5944, 130.3538, "cluster", False, 0, 200, 800, "around2030", 300, 60, 2, 80_000, None),
    ("ITO", "Itoshima", "KYS", 33.5980, 130.1510, "cluster", False, 0, 300, 1000, "around2030", 400, 60, 2, None, None),  # §9.2 12.2 ha, 300 MW from 2029
    ("KUM", "Kumamoto", "KYS", 32.7904, 130.7423, "regional", False, 0, 20, 200, "early2030s", 150, 30, 1, None, None),
    ("NGS", "Nagasaki", "KYS", 32.7445, 129.8730, "regional", False, 0, 20, 100, "late2030s", 80, 20, 1, None, None),
    ("KGS", "Kagoshima", "KYS", 31.5602, 130.5579, "regional", False, 0, 20, 100, "late2030s", 80, 20, 1, None, None),
    # --- Okinawa ---
    ("NAH", "Naha / Urasoe", "OKN", 26.2115, 127.6811, "existing", False, 20, 0, 100, "around2030", 60, 40, 1, None, None),  # non-firm headroom backed by batteries (assumption)
]

# Campus works on opening, MJPY, by type (assumption): roads, water, security,
# undergrounded telecom entry; plus land = hectares x land price.
CAMPUS_WORKS_MJPY = {"cluster": 10_000, "welcome": 3_000, "regional": 1_000, "existing": 0}
# Land need in ha per IT MW by type: GX zones ask >= 30 ha for ~1 GW (§1.2, §9.2 [D] <= 33 MW/ha)
MW_PER_HA = {"cluster": 33, "welcome": 25, "regional": 20, "existing": 25}
MIN_CLUSTER_HA = 30  # §1.2 GX DC zones: stable site of >= 30 ha

# ---------------------------------------------------------------------------
# Regions and demand
# ---------------------------------------------------------------------------
# Total DC demand, IT MW, per phase: §4.2 [D] phase mapping: ~2030 4.4-6 GW,
# early 2030s 6-7.7 GW, late 2030s 10-20 GW.
TOTAL_DEMAND_MW = {"around2030": 5000, "early2030s": 7000, "late2030s": 15000}
# Latency-tolerant (training) share of demand: assumption, rising with AI training.
TRAINING_SHARE = {"around2030": 0.25, "early2030s": 0.35, "late2030s": 0.45}
# region, name, lat, lon, share of latency-sensitive demand. Tokyo 60 % and Kansai
# 20 % follow the Kanto/Kansai split (§4.3) and CRIEPI's 62 % Tokyo share (§4.2);
# the rest is spread by population (assumption).
REGIONS = [
    ("TYO", "Tokyo metropolitan", 35.6892, 139.6916, 0.60),
    ("OSA", "Osaka / Kansai", 34.6865, 135.5190, 0.20),
    ("NGO", "Nagoya / Chubu", 35.1802, 136.9067, 0.06),
    ("FKO", "Fukuoka / Kyushu", 33.6068, 130.4182, 0.05),
    ("SEN", "Sendai / Tohoku", 38.2687, 140.8722, 0.03),
    ("SAP", "Sapporo / Hokkaido", 43.0644, 141.3474, 0.02),
    ("HRS", "Hiroshima / Chugoku", 34.3960, 132.4596, 0.02),
    ("KNZ", "Kanazawa / Hokuriku", 36.5947, 136.6256, 0.01),
    ("TAK", "Takamatsu / Shikoku", 34.3401, 134.0430, 0.005),
    ("OKI", "Naha / Okinawa", 26.2115, 127.6811, 0.005),
]
TRAINING_REGION = ("TRN", "National training pool (latency-tolerant)")
REGION_IX = {  # the IX that serves each region's users
    "TYO": "IX_TYO", "OSA": "IX_OSA", "NGO": "IX_NGO", "FKO": "IX_FUK", "SEN": "IX_SEN",
    "SAP": "IX_SAP", "HRS": "IX_HIR", "KNZ": "IX_KNZ", "TAK": "IX_OSA", "OKI": "IX_OKI",
}

# ---------------------------------------------------------------------------
# Grid: site reinforcements and inter-area links
# ---------------------------------------------------------------------------
# Site projects: project, site, MW at the meter, earliest phase, km of new EHV line
# (assumption). capex = 183 MJPY/MW x MW + 500 MJPY/km x km (§2, §3.3 [D]).
GRID_SITE = [
    ("GS_INZ", "INZ", 600, "early2030s", 5),  # §2 TEPCO ¥220 bn to early 2030s
    ("GS_TSK", "TSK", 2500, "late2030s", 15),  # §2 2-3 new 500/154 kV SS -> 6-9 GW by 2040
    ("GS_KSW", "KSW", 2500, "late2030s", 10),  # §2 Kashiwa(+Nagareyama) SS site call
    ("GS_UTS", "UTS", 800, "early2030s", 20),
    ("GS_NAN1", "NAN", 1300, "early2030s", 20),  # §1.3 Nanto 3.1 GW plan
    ("GS_NAN2", "NAN", 2300, "late2030s", 35),
    ("GS_SHK", "SHK", 1000, "early2030s", 15),
    ("GS_ISK1", "ISK", 1200, "early2030s", 25),
    ("GS_ISK2", "ISK", 1300, "late2030s", 40),
    ("GS_TMK", "TMK", 1100, "early2030s", 12),
    ("GS_SND", "SND", 1600, "early2030s", 18),
    ("GS_AKT", "AKT", 1100, "late2030s", 30),
    ("GS_MAT", "MAT", 1100, "late2030s", 35),
    ("GS_HIR", "HIR", 1100, "early2030s", 22),
    ("GS_KTK", "KTK", 1200, "early2030s", 8),
    ("GS_FUK", "FUK", 800, "early2030s", 10),
    ("GS_ITO", "ITO", 1000, "early2030s", 28),
]
# Links: project, from_area, to_area, MW, capex MJPY, earliest phase, existing
GRID_LINK = [
    # §3.2 Tohoku-Tokyo AC reinforcement 5.73 -> 10.28 GW, ¥153 bn, Nov 2027 (committed)
    ("GL_THK_TKY_AC", "THK", "TKY", 4550, 153_000, "around2030", True),
    # §3.2 Tokyo-Chubu FC 2.1 -> 3.0 GW, end FY2027 (committed)
    ("GL_FC_3GW", "TKY", "CBU", 900, 0, "around2030", True),
    # §3.2 Hokkaido-Honshu HVDC Japan-Sea route 2 GW, ¥1.5-1.8 trn, early 2030s
    ("GL_HVDC_JSEA", "HKD", "TKY", 2000, 1_650_000, "early2030s", False),
    # §3.1/§3.2 Pacific side +2 GW (master plan; ¥0.75-0.9 trn/GW [D])
    ("GL_HVDC_PAC", "HKD", "THK", 2000, 1_650_000, "late2030s", False),
    # §3.1 FC 3.0 -> 5.7 GW, ¥400-430 bn, 2030s
    ("GL_FC_57GW", "TKY", "CBU", 2700, 415_000, "late2030s", False),
    # §3.2 Chugoku-Kyushu (Kanmon) HVDC +1 GW, ¥441.2 bn, 11-13.5 yr works
    ("GL_KANMON", "CGK", "KYS", 1000, 441_200, "late2030s", False),
]

# ---------------------------------------------------------------------------
# Telecom: IX, routes, landings, cables
# ---------------------------------------------------------------------------
# ix, name, area, lat, lon, hub, capex MJPY (assumption), earliest phase, existing (§6)
IXS = [
    ("IX_TYO", "Tokyo (Otemachi: JPIX/JPNAP/BBIX/Equinix)", "TKY", 35.6810, 139.7670, True, 0, "around2030", True),
    ("IX_OSA", "Osaka (Dojima: JPIX/JPNAP/BBIX)", "KNS", 34.6940, 135.5020, True, 0, "around2030", True),
    ("IX_NGO", "Nagoya (JPIX)", "CBU", 35.1654, 136.9008, False, 0, "around2030", True),
    ("IX_FUK", "Fukuoka (JPIX/BBIX)", "KYS", 33.6068, 130.4182, False, 0, "around2030", True),
    ("IX_SEN", "Sendai (BBIX regional)", "THK", 38.2687, 140.8722, False, 0, "around2030", True),
    ("IX_SAP", "Sapporo", "HKD", 43.0644, 141.3474, False, 0, "around2030", True),
    ("IX_OKI", "Okinawa (RIX / BBIX)", "OKN", 26.2115, 127.6811, False, 0, "around2030", True),
    # candidate regional IXs at clusters (capex: assumption, 2-3 carrier-neutral PoPs + fabric)
    ("IX_KNZ", "Kanazawa (BBIX OCX point 2025)", "HKR", 36.5947, 136.6256, False, 2400, "around2030", False),
    ("IX_TOY", "Toyama / Nanto", "HKR", 36.6953, 137.2113, False, 2300, "early2030s", False),
    ("IX_TMK", "Tomakomai", "HKD", 42.6777, 141.7601, False, 2200, "early2030s", False),
    ("IX_KTK", "Kitakyushu", "KYS", 33.8916, 130.7099, False, 2500, "early2030s", False),
    ("IX_MAT", "Matsue", "CGK", 35.4722, 133.0508, False, 2100, "early2030s", False),
    ("IX_HIR", "Hiroshima", "CGK", 34.3960, 132.4596, False, 2800, "early2030s", False),
    ("IX_NIG", "Niigata", "THK", 37.9017, 139.0227, False, 2600, "early2030s", False),
    ("IX_AKT", "Akita", "THK", 39.7182, 140.1034, False, 2000, "late2030s", False),
]

# Routes: route, site, ix, corridor (None = its own), earliest phase, existing,
# km of undergrounded entry (assumption), detour factor on top of 1.3 (assumption).
# The first route of each site is its primary APN route (used for the training pool).
ROUTES = [
    # Tokyo and Osaka hubs: existing metro fibre
    ("R_INZ_TYO", "INZ", "IX_TYO", None, "around2030", True, 0, 1.0),
    ("R_SHR_TYO", "SHR", "IX_TYO", None, "around2030", True, 0, 1.0),
    ("R_TAM_TYO", "TAM", "IX_TYO", None, "around2030", True, 0, 1.0),
    ("R_SGM_TYO", "SGM", "IX_TYO", None, "around2030", True, 0, 1.0),
    ("R_OTM_TYO", "OTM", "IX_TYO", None, "around2030", True, 0, 1.0),
    ("R_SAI_TYO", "SAI", "IX_TYO", None, "around2030", True, 0, 1.0),
    ("R_YKH_TYO", "YKH", "IX_TYO", None, "around2030", True, 0, 1.0),
    ("R_OSK_OSA", "OSK", "IX_OSA", None, "around2030", True, 0, 1.0),
    ("R_MIN_OSA", "MIN", "IX_OSA", None, "around2030", True, 0, 1.0),
    ("R_SAK_OSA", "SAK", "IX_OSA", None, "around2030", True, 0, 1.0),
    ("R_KHN_OSA", "KHN", "IX_OSA", None, "around2030", True, 0, 1.0),
    ("R_SPR_SAP", "SPR", "IX_SAP", None, "around2030", True, 0, 1.0),
    ("R_NGY_NGO", "NGY", "IX_NGO", None, "around2030", True, 0, 1.0),
    ("R_NAH_OKI", "NAH", "IX_OKI", None, "around2030", True, 0, 1.0),
    # Welcome sites: new APN access
    ("R_TSK_TYO", "TSK", "IX_TYO", "Joban", "around2030", False, 2, 1.0),
    ("R_KSW_TYO", "KSW", "IX_TYO", "Joban", "around2030", False, 2, 1.0),
    ("R_CHB_TYO", "CHB", "IX_TYO", "Keiyo", "around2030", False, 2, 1.0),
    ("R_UTS_TYO", "UTS", "IX_TYO", "Tohoku trunk", "around2030", False, 2, 1.0),
    ("R_MIT_TYO", "MIT", "IX_TYO", "Joban", "around2030", False, 2, 1.0),
    ("R_MAE_TYO", "MAE", "IX_TYO", "Joetsu", "around2030", False, 2, 1.0),
    ("R_KOB_OSA", "KOB", "IX_OSA", None, "around2030", False, 2, 1.0),
    ("R_NKN_TYO", "NKN", "IX_TYO", "Hokuriku-Joetsu", "around2030", False, 2, 1.0),
    ("R_NOM_OSA", "NOM", "IX_OSA", "Hokuriku-Kansai", "around2030", False, 2, 1.0),
    ("R_NOM_KNZ", "NOM", "IX_KNZ", "Kanazawa metro", "around2030", False, 2, 1.0),
    ("R_KKZ_OSA", "KKZ", "IX_OSA", "Hokuriku-Kansai", "around2030", False, 2, 1.0),
    ("R_GIF_NGO", "GIF", "IX_NGO", None, "around2030", False, 2, 1.0),
    # Regional small DCs: one route to the nearest existing IX
    ("R_CHT_SAP", "CHT", "IX_SAP", None, "late2030s", False, 2, 1.0),
    ("R_NIG_TYO", "NIG", "IX_TYO", "Joetsu", "early2030s", False, 2, 1.0),
    ("R_FKS_SEN", "FKS", "IX_SEN", "Tohoku trunk", "around2030", False, 2, 1.0),
    ("R_MOR_SEN", "MOR", "IX_SEN", "Tohoku trunk", "late2030s", False, 2, 1.0),
    ("R_AOM_SEN", "AOM", "IX_SEN", "Tohoku trunk", "late2030s", False, 2, 1.0),
    ("R_NAG_TYO", "NAG", "IX_TYO", "Joetsu", "late2030s", False, 2, 1.0),
    ("R_OKY_OSA", "OKY", "IX_OSA", "Sanyo", "around2030", False, 2, 1.0),
    ("R_TKM_OSA", "TKM", "IX_OSA", "Seto bridges", "around2030", False, 2, 1.0),
    ("R_MTY_OSA", "MTY", "IX_OSA", "Seto bridges", "late2030s", False, 2, 1.1),
    ("R_KUM_FUK", "KUM", "IX_FUK", None, "early2030s", False, 2, 1.0),
    ("R_NGS_FUK", "NGS", "IX_FUK", None, "late2030s", False, 2, 1.0),
    ("R_KGS_FUK", "KGS", "IX_FUK", None, "late2030s", False, 2, 1.0),
    # Cluster candidates: >= 2 diverse corridors, undergrounded entry 5 km (§1.2)
    ("R_ISK_TYO_PAC", "ISK", "IX_TYO", "Tohoku Pacific", "around2030", False, 5, 1.0),  # §8 Ishikari-Otemachi APN 2026
    ("R_ISK_TYO_JSEA", "ISK", "IX_TYO", "Japan-Sea", "early2030s", False, 5, 1.15),
    ("R_ISK_SAP", "ISK", "IX_SAP", "Sapporo metro", "around2030", False, 5, 1.0),
    ("R_TMK_TYO_PAC", "TMK", "IX_TYO", "Tohoku Pacific", "around2030", False, 5, 1.0),
    ("R_TMK_SAP", "TMK", "IX_SAP", "Doo expressway", "around2030", False, 5, 1.0),
    ("R_TMK_TMK", "TMK", "IX_TMK", "Tomakomai port", "early2030s", False, 5, 1.0),
    ("R_SND_TYO", "SND", "IX_TYO", "Tohoku trunk", "early2030s", False, 5, 1.0),
    ("R_SND_SEN", "SND", "IX_SEN", "Sendai metro", "early2030s", False, 5, 1.0),
    ("R_SND_NIG", "SND", "IX_NIG", "Japan-Sea", "early2030s", False, 5, 1.2),
    ("R_AKT_TYO", "AKT", "IX_TYO", "Japan-Sea", "early2030s", False, 5, 1.15),
    ("R_AKT_SEN", "AKT", "IX_SEN", "Ou", "early2030s", False, 5, 1.1),
    ("R_AKT_AKT", "AKT", "IX_AKT", "Akita local", "late2030s", False, 5, 1.0),
    ("R_NAN_TYO", "NAN", "IX_TYO", "Hokuriku-Joetsu", "around2030", False, 5, 1.0),
    ("R_NAN_OSA", "NAN", "IX_OSA", "Hokuriku-Kansai", "around2030", False, 5, 1.0),
    ("R_NAN_TOY", "NAN", "IX_TOY", "Toyama local", "early2030s", False, 5, 1.0),
    ("R_SHK_OSA", "SHK", "IX_OSA", "Hokuriku-Kansai", "around2030", False, 5, 1.05),
    ("R_SHK_TYO", "SHK", "IX_TYO", "Hokuriku-Joetsu", "around2030", False, 5, 1.05),
    ("R_SHK_KNZ", "SHK", "IX_KNZ", "Noto", "around2030", False, 5, 1.1),
    ("R_MAT_OSA", "MAT", "IX_OSA", "San'in", "early2030s", False, 5, 1.1),
    ("R_MAT_HIR", "MAT", "IX_HIR", "Chugoku mountains", "early2030s", False, 5, 1.1),
    ("R_MAT_MAT", "MAT", "IX_MAT", "Matsue local", "early2030s", False, 5, 1.0),
    ("R_HIR_OSA", "HIR", "IX_OSA", "Sanyo", "early2030s", False, 5, 1.0),
    ("R_HIR_FUK", "HIR", "IX_FUK", "Sanyo west", "early2030s", False, 5, 1.0),
    ("R_HIR_HIR", "HIR", "IX_HIR", "Hiroshima metro", "early2030s", False, 5, 1.0),
    ("R_KTK_OSA", "KTK", "IX_OSA", "Sanyo", "around2030", False, 5, 1.0),
    ("R_KTK_FUK", "KTK", "IX_FUK", "Kyushu expressway", "around2030", False, 5, 1.0),
    ("R_KTK_KTK", "KTK", "IX_KTK", "Hibikino local", "early2030s", False, 5, 1.0),
    ("R_FUK_FUK", "FUK", "IX_FUK", "Fukuoka metro", "around2030", False, 5, 1.0),
    ("R_FUK_OSA", "FUK", "IX_OSA", "Sanyo", "around2030", False, 5, 1.0),
    ("R_FUK_TYO", "FUK", "IX_TYO", "Shikoku-Pacific", "early2030s", False, 5, 1.2),
    ("R_ITO_FUK", "ITO", "IX_FUK", "Kyushu west", "around2030", False, 5, 1.0),
    ("R_ITO_OSA", "ITO", "IX_OSA", "Sanyo", "around2030", False, 5, 1.0),
    ("R_ITO_KTK", "ITO", "IX_KTK", "Kyushu north coast", "early2030s", False, 5, 1.0),
]

# Landings: landing, name, zone, lat, lon (§5.1 TeleGeography town points;
# Tomakomai [D] approximate; zones per §5.2 and the issue)
LANDINGS = [
    ("L_CHIKURA", "Chikura", "Boso", 34.970, 139.961),
    ("L_MARUYAMA", "Maruyama", "Boso", 35.005, 139.975),
    ("L_MINAMIBOSO", "Minamiboso", "Boso", 34.974, 139.961),
    ("L_SHIMA", "Shima", "Shima", 34.337, 136.874),
    ("L_KITAIBARAKI", "Kitaibaraki", "Ibaraki", 36.802, 140.751),
    ("L_AJIGAURA", "Ajigaura", "Ibaraki", 36.384, 140.612),
    ("L_TAKAHAGI", "Takahagi", "Ibaraki", 36.713, 140.718),
    ("L_TOMAKOMAI", "Tomakomai (planned)", "Hokkaido", 42.600, 141.600),
    ("L_ISHIKARI", "Ishikari", "Hokkaido", 43.171, 141.316),
    ("L_KITAKYUSHU", "Kitakyushu", "Kyushu", 33.839, 131.032),
    ("L_ITOSHIMA", "Itoshima (planned)", "Kyushu", 33.598, 130.151),
    ("L_NAOETSU", "Naoetsu", "Japan-Sea", 37.170, 138.242),
    ("L_AKITA", "Akita", "Japan-Sea", 39.692, 140.344),
    ("L_OKINAWA", "Okinawa", "Okinawa", 26.212, 127.681),
]

# Cables (international): cable, landing, ix, tbps, km (for capex) or capex, earliest, existing
# Existing capacities are aggregated per landing and are assumptions except
# FASTER 60 Tbps (§5.3); candidates: E2A > 192 Tbps split across its two new
# landings (§5.2); capex = km x 3.9 MJPY/km (§5.3 [D]) unless noted.
CABLES = [
    ("C_CHIKURA", "L_CHIKURA", "IX_TYO", 100, 0, "around2030", True),  # JIH, APCN-2, EAC-C2C, Unity, SJC, FASTER(60)
    ("C_MARUYAMA", "L_MARUYAMA", "IX_TYO", 180, 0, "around2030", True),  # AJC, TPE, ASE, APG, NCP, JUPITER
    ("C_MINAMIBOSO", "L_MINAMIBOSO", "IX_TYO", 30, 0, "around2030", True),  # JGA-N (+JUNO, Apricot planned)
    ("C_SHIMA_TYO", "L_SHIMA", "IX_TYO", 100, 0, "around2030", True),  # PC-1, FASTER, Topaz, SJC2 ...
    ("C_SHIMA_OSA", "L_SHIMA", "IX_OSA", 100, 0, "around2030", True),  # AJC, APG, JUPITER, EAC-C2C ...
    ("C_IBARAKI", "L_AJIGAURA", "IX_TYO", 40, 0, "around2030", True),  # PC-1, EAC-C2C, APCN-2, Topaz
    ("C_KITAKYUSHU", "L_KITAKYUSHU", "IX_FUK", 5, 0, "around2030", True),  # KJCN, GOKI
    ("C_OKINAWA", "L_OKINAWA", "IX_OKI", 10, 0, "around2030", True),  # SeaMeWe-3, GOKI, ASE branch
    ("C_E2A_TMK", "L_TOMAKOMAI", "IX_SAP", 96, 24_375, "around2030", False),  # §5.2 E2A RFS H2-2028
    ("C_E2A_ITO", "L_ITOSHIMA", "IX_FUK", 96, 24_375, "around2030", False),
    ("C_FNF_TMK", "L_TOMAKOMAI", "IX_TMK", 150, 165_000, "early2030s", False),  # §5.2 Far North Fiber US$1.1 bn
    ("C_BOSO_NEW", "L_MARUYAMA", "IX_TYO", 300, 45_240, "around2030", False),  # 11,600 km trans-Pacific
    ("C_SHIMA_NEW", "L_SHIMA", "IX_OSA", 200, 19_500, "around2030", False),  # 5,000 km intra-Asia
    ("C_JSEA_NAO", "L_NAOETSU", "IX_NIG", 100, 7_800, "early2030s", False),  # 2,000 km Japan-Sea side
    ("C_JSEA_AKT", "L_AKITA", "IX_AKT", 80, 9_750, "late2030s", False),  # 2,500 km Japan-Sea side
    ("C_KTK_NEW", "L_KITAKYUSHU", "IX_KTK", 120, 7_800, "early2030s", False),  # 2,000 km intra-Asia
    ("C_ISK_NEW", "L_ISHIKARI", "IX_SAP", 100, 11_700, "late2030s", False),  # 3,000 km (cf. Cinia Finland-Ishikari plan §5.2)
]

# ---------------------------------------------------------------------------
# Hazards (§7.3) and footprints (§7.2/§7.3; §5.2 tsunami zones)
# ---------------------------------------------------------------------------
# hazard, name, survive_share, intl_survive_share (policy assumptions)
HAZARDS = [
    ("HZ_NANKAI", "Nankai Trough megaquake", 0.70, 0.25),
    ("HZ_TOKYO", "Tokyo inland (south Kanto M7.3)", 0.45, 0.30),
    ("HZ_TRENCH", "Japan / Chishima Trench", 0.80, 0.50),
]
FOOTPRINTS = {
    # Nankai: >= 6-lower in 31 prefectures; tsunami priority zones incl. Minamiboso
    # and Shima (§5.2, §7.3); sites with high J-SHIS values in Kinki/Tokai/Shikoku
    "HZ_NANKAI": {
        "site": ["OSK", "SAK", "KHN", "KOB", "NGY", "GIF", "TKM", "MTY"],
        "landing": ["L_SHIMA", "L_CHIKURA", "L_MARUYAMA", "L_MINAMIBOSO"],
        "ix": ["IX_OSA", "IX_NGO"],
    },
    # Tokyo inland: 首都直下 emergency area (§7.3); J-SHIS 23-59 % at the hubs (§7.2)
    "HZ_TOKYO": {
        "site": ["INZ", "SHR", "TAM", "SGM", "OTM", "SAI", "YKH", "TSK", "KSW", "CHB"],
        "landing": [],
        "ix": ["IX_TYO"],
    },
    # Trench: Pacific coast Hokkaido-Ibaraki (§7.3 note; Tomakomai 13 %, Mito 81 %)
    "HZ_TRENCH": {
        "site": ["TMK", "SND", "MIT", "FKS"],
        "landing": ["L_KITAIBARAKI", "L_AJIGAURA", "L_TAKAHAGI", "L_TOMAKOMAI"],
        "ix": ["IX_SEN", "IX_TMK"],
    },
}


# ---------------------------------------------------------------------------
# The siting screen in the paper's order (issue 16): ① power ② DC needs ③ disperse
# ---------------------------------------------------------------------------
# Japanese site names (place names; the readers of the working group read Japanese).
NAME_JA = {
    "INZ": "千葉・印西（大塚）", "SHR": "千葉・白井", "TAM": "東京・多摩（唐木田）",
    "SGM": "神奈川・相模原", "OTM": "東京都心（大手町・江東）", "SAI": "埼玉",
    "YKH": "神奈川・横浜／川崎", "TSK": "茨城・つくば", "KSW": "千葉・柏／流山",
    "CHB": "千葉（京葉）", "UTS": "栃木・宇都宮", "MIT": "茨城・水戸",
    "MAE": "群馬・前橋／高崎", "OSK": "大阪都心（堂島）", "MIN": "大阪・箕面（彩都）",
    "SAK": "大阪・堺（匠町）", "KHN": "京都・精華（けいはんな）", "KOB": "兵庫・神戸西",
    "NAN": "富山・南砺キャンパス", "SHK": "石川・志賀／新能登", "NKN": "石川・中能登",
    "NOM": "石川・能美（いしかわサイエンスパーク）", "KKZ": "石川・金沢北",
    "ISK": "北海道・石狩（新港中央）", "TMK": "北海道・苫小牧（柏原）", "CHT": "北海道・千歳",
    "SPR": "北海道・札幌（市内DC）", "SND": "宮城・仙台（泉）", "AKT": "秋田（日本海側洋上風力）",
    "NIG": "新潟", "FKS": "福島", "MOR": "岩手・盛岡", "AOM": "青森",
    "NGY": "愛知・名古屋（栄）", "GIF": "岐阜（中部ウェルカムゾーン）", "NAG": "長野",
    "MAT": "島根・松江（北陵）", "HIR": "広島（伴南）", "OKY": "岡山", "TKM": "香川・高松",
    "MTY": "愛媛・松山", "KTK": "福岡・北九州（ひびきの）", "FUK": "福岡（百道浜）",
    "ITO": "福岡・糸島", "KUM": "熊本", "NGS": "長崎", "KGS": "鹿児島", "NAH": "沖縄・那覇／浦添",
}

# ground_risk: P(JMA intensity >= 6-lower within 30 years), %, at the nearest point with a
# published value: the J-SHIS Y2024 points of §7.2 and the prefectural offices of §7.1
# (latest edition per office: 2020 > 2018 > 2016). lat, lon, %, label.
GROUND_POINTS = [
    # §7.2 J-SHIS Y2024 (average case, all earthquakes, 250 m mesh)
    (43.1797, 141.2948, 2.61, "J-SHIS Ishikari"), (42.6777, 141.7601, 13.08, "J-SHIS Tomakomai"),
    (38.3553, 140.8457, 5.56, "J-SHIS Sendai Izumi"), (35.8083, 140.1179, 59.23, "J-SHIS Inzai"),
    (35.7838, 140.0659, 36.22, "J-SHIS Shiroi"), (35.6104, 139.4026, 22.74, "J-SHIS Tama"),
    (35.5883, 139.3617, 46.17, "J-SHIS Sagamihara"), (35.1654, 136.9008, 48.04, "J-SHIS Nagoya Sakae"),
    (34.8605, 135.5350, 7.51, "J-SHIS Ibaraki (Osaka)"), (34.8577, 135.5099, 3.13, "J-SHIS Minoh"),
    (34.5969, 135.4336, 58.65, "J-SHIS Sakai"), (34.7470, 135.7817, 20.26, "J-SHIS Seika"),
    (34.7339, 135.0279, 14.58, "J-SHIS Kobe Nishi"), (35.4979, 133.0611, 1.26, "J-SHIS Matsue"),
    (34.4494, 132.3840, 1.06, "J-SHIS Hiroshima"), (33.5944, 130.3538, 6.69, "J-SHIS Fukuoka"),
    (33.8916, 130.7099, 2.43, "J-SHIS Kitakyushu"), (37.0769, 136.7542, 1.60, "J-SHIS Shika"),
    (37.3013, 136.9588, 1.35, "J-SHIS Wajima"), (37.0227, 136.8987, 2.02, "J-SHIS Nanao"),
    (36.9580, 136.9151, 2.39, "J-SHIS Nakanoto"), (36.4491, 136.5940, 4.89, "J-SHIS Nomi"),
    # §7.1 prefectural offices (edition in the label)
    (43.0644, 141.3474, 1.6, "Sapporo 2018"), (40.8243, 140.7401, 5.7, "Aomori 2018"),
    (39.7035, 141.1527, 6.3, "Morioka 2020"), (38.2687, 140.8722, 7.6, "Sendai 2020"),
    (39.7182, 140.1034, 8.1, "Akita 2018"), (38.2401, 140.3625, 3.8, "Yamagata 2018"),
    (37.7501, 140.4668, 9.3, "Fukushima 2020"), (36.3418, 140.4468, 81.0, "Mito 2020"),
    (36.5658, 139.8835, 12.7, "Utsunomiya 2020"), (36.3912, 139.0609, 7.2, "Maebashi 2018"),
    (35.8578, 139.6478, 60.0, "Saitama 2020"), (35.6046, 140.1232, 62.0, "Chiba 2020"),
    (35.6892, 139.6916, 48.0, "Tokyo (Shinjuku) 2018"), (35.4475, 139.6423, 38.0, "Yokohama 2020"),
    (37.9017, 139.0227, 15.0, "Niigata 2020"), (36.6953, 137.2113, 5.2, "Toyama 2016"),
    (36.5947, 136.6256, 6.5, "Kanazawa 2016"), (36.0652, 136.2216, 12.0, "Fukui 2016"),
    (36.6513, 138.1810, 5.5, "Nagano 2016"), (35.3912, 136.7222, 27.0, "Gifu 2016"),
    (34.9770, 138.3831, 70.0, "Shizuoka 2020"), (35.1802, 136.9067, 46.0, "Nagoya 2018"),
    (34.6865, 135.5190, 30.0, "Osaka 2020"), (34.6913, 135.1831, 45.0, "Kobe 2016"),
    (35.4722, 133.0508, 2.1, "Matsue 2016"), (34.6613, 133.9344, 41.0, "Okayama 2016"),
    (34.3960, 132.4596, 21.0, "Hiroshima 2016"), (34.3401, 134.0430, 61.0, "Takamatsu 2016"),
    (33.8416, 132.7659, 44.0, "Matsuyama 2016"), (33.6068, 130.4182, 8.1, "Fukuoka 2016"),
    (32.7445, 129.8730, 3.0, "Nagasaki 2020"), (32.7904, 130.7423, 11.0, "Kumamoto 2020"),
    (31.5602, 130.5579, 18.0, "Kagoshima 2016"), (26.2115, 127.6811, 20.0, "Naha 2016"),
]

# transport_km: great-circle km to the nearest airport with scheduled flights (the case's
# definition of transport access; coordinates: the airports' reference points, OpenFlights /
# OurAirports data as mirrored in public code; Naha: assumption from the airport's position).
AIRPORTS = [
    ("CTS", 42.78728, 141.68134), ("OKD", 43.110374, 141.382), ("HKD", 41.776127, 140.81581),
    ("AOJ", 40.738758, 140.68922), ("HNA", 39.426926, 141.13077), ("AXT", 39.61177, 140.22015),
    ("GAJ", 38.410645, 140.36583), ("SDJ", 38.135555, 140.92389), ("FKS", 37.226665, 140.43279),
    ("KIJ", 37.951992, 139.11325), ("IBR", 36.181667, 140.41472), ("NRT", 35.773212, 140.38744),
    ("HND", 35.54907, 139.78453), ("MMJ", 36.233334, 137.96666), ("TOY", 36.64245, 137.18945),
    ("KMQ", 36.40237, 136.41342), ("NTQ", 37.294678, 136.9568), ("NGO", 34.858334, 136.80528),
    ("NKM", 35.25389, 136.91957), ("ITM", 34.790974, 135.44171), ("KIX", 34.43533, 135.24397),
    ("UKB", 34.6373, 135.2284), ("OKJ", 34.76022, 133.85277), ("HIJ", 34.43611, 132.91945),
    ("IZO", 35.41485, 132.88576), ("YGJ", 35.500652, 133.24448), ("TAK", 34.219017, 134.01825),
    ("MYJ", 33.822224, 132.70416), ("UBJ", 33.933395, 131.27489), ("KKJ", 33.842793, 131.03375),
    ("FUK", 33.584286, 130.4439), ("HSG", 33.153828, 130.30278), ("NGS", 32.9144, 129.92258),
    ("KMJ", 32.834133, 130.85799), ("KOJ", 31.801224, 130.71562), ("OKA", 26.1958, 127.6459),
]

# Land for the campus, ha: the area the land price charges (site_rows: max IT MW at
# MW_PER_HA, clusters >= 30 ha; Tomakomai 70 ha and Sakai 45 ha published, §9.2).
# fibre_underground: TRUE where the site already has a fibre route in metro ducts (an
# existing route in Routes); the others need their undergrounded entry built, which the
# route capex already prices (2 or 5 km at 180 MJPY/km, §3.3), so the criterion costs 0.
# Local consent (assumption, from the project facts of §1.3 and §9.2): agreed for the
# operating sites and the announced projects; in_talks where a utility, a prefecture or a
# regional agreement has invited DCs; none elsewhere. A site with no consent yet may open
# one phase after its earliest phase at the soonest (consent_phase).
CONSENT = {
    **{s: "agreed" for s in ("INZ", "SHR", "TAM", "SGM", "OTM", "SAI", "YKH", "OSK", "MIN", "SAK",
                             "KHN", "SPR", "NGY", "NAH")},  # operating DCs
    "TMK": "agreed", "ITO": "agreed", "KTK": "agreed", "NAN": "agreed",  # announced projects (§1.3, §9.2)
    "ISK": "agreed",  # Hokkaido DC cluster, APN to Otemachi 2026 (§0, §8)
    # TEPCO substation site call (§2), Hokuriku/Chubu welcome zones (§2), Kansai T&D SS (§2)
    **{s: "in_talks" for s in ("TSK", "KSW", "CHB", "UTS", "MIT", "KOB", "SHK", "NKN", "NOM", "KKZ", "GIF")},
    # NTT East / Tohoku EPCO / DBJ agreement to attract DCs, 2025-10 (§1.3); NTT Fukuoka 2029 (§4.2)
    **{s: "in_talks" for s in ("SND", "AKT", "NIG", "FUK")},
    **{s: "none" for s in ("MAE", "CHT", "FKS", "MOR", "AOM", "NAG", "MAT", "HIR", "OKY", "TKM",
                           "MTY", "KUM", "NGS", "KGS")},
}
NEXT_PHASE = {"around2030": "early2030s", "early2030s": "late2030s", "late2030s": "late2030s"}

# criterion, Sites column, rule, threshold, step, hard, penalty_mjpy
CRITERIA = [
    # ① power first: TEPCO's large-supply potential map shows substations with >= 50 MW spare
    ("firm power", "grid_firm_mw", ">=", 50, 1, True, None),
    # ② what DC operation needs
    ("enough land", "land_ha", ">=", 3, 2, True, None),
    ("ground stability", "ground_risk", "<=", 26, 2, False, 2000),
    ("undergrounded fibre", "fibre_underground", "in", "TRUE", 2, False, 0),
    ("transport access", "transport_km", "<=", 60, 2, False, 500),
    # ③ disperse from today's hubs (the cap itself is Phases.max_new_hub_share)
    ("outside the hubs", "hub", "in", "FALSE", 3, False, 0),
]

# ---------------------------------------------------------------------------
# Grid reservations (系統の空押さえ) and their discipline
# ---------------------------------------------------------------------------
# area, phase, holder, mw, status, site. The Tokyo queue of 特高 demand applications is
# 9.27 GW for FY2025-29 (2025-06), Kyushu's 4.95 GW (2025-09), and Inzai/Shiroi alone has
# ~40 DCs / ~2.5 GW waiting, with reservations held without use reported there. Which part
# of each queue lies outside this plan's demand, and which part is speculative, is not
# published: the MW below are assumptions sized against the queues. Rows repeat for the
# early 2030s (applications for FY2025-29 still hold then); reclaim_share releases part.
RESERVATIONS = [
    ("TKY", "around2030", "Inzai/Shiroi DC applicants outside this plan", 800, "speculative", "INZ"),
    ("TKY", "around2030", "Tokyo-area large loads outside this plan (semiconductor, other)", 1000, "committed", None),
    ("TKY", "around2030", "Tokyo-area DC applications outside this plan", 1500, "speculative", None),
    ("KYS", "around2030", "Kyushu large loads outside this plan (semiconductor, other)", 100, "committed", None),
    ("KYS", "around2030", "Kyushu DC applications outside this plan", 200, "speculative", None),
    ("TKY", "early2030s", "Inzai/Shiroi DC applicants outside this plan", 800, "speculative", "INZ"),
    ("TKY", "early2030s", "Tokyo-area large loads outside this plan (semiconductor, other)", 1000, "committed", None),
    ("TKY", "early2030s", "Tokyo-area DC applications outside this plan", 1500, "speculative", None),
    ("KYS", "early2030s", "Kyushu large loads outside this plan (semiconductor, other)", 100, "committed", None),
    ("KYS", "early2030s", "Kyushu DC applications outside this plan", 200, "speculative", None),
]
# share of the speculative MW released per phase: none around 2030 (the 2025 payment-deadline
# rule only applies to new contracts), half in the early 2030s (assumption), none needed later
RECLAIM_SHARE = {"around2030": 0.0, "early2030s": 0.5, "late2030s": None}

# ---------------------------------------------------------------------------
# APN bandwidth and work beyond latency (FORMULATION.md §4.1)
# ---------------------------------------------------------------------------
# Regions.tbps_per_mw: route traffic per IT MW served remotely. Tokyo's IX port capacity
# 73.5 Tbps (§6, 2024) over Greater Tokyo's 1,136 MW operating (§4.3, H2-2024) = 0.065.
# The training pool moves bulk data off-peak (assumption: 0).
TBPS_PER_MW = round(73.5 / 1136, 3)
# Routes.tbps on the clusters' long-haul APN routes: 40 wavelengths of 100 G (the 100 G-class
# APN service of §8) = 4 Tbps per route (assumption); metro and regional routes unlimited.
ROUTE_TBPS = 4.0
# Beyond latency (Service.flexible_only): Tokyo's flexible work may run at Ishikari, over the
# APN route Ishikari-Otemachi (from spring 2026, §8), ~840 km away, beyond the local radius.
# More such pairs (every cluster with a route to IX_TYO or IX_OSA) made the operations run
# 70-130 s instead of < 60 s on 2 cores (inputs/README.md), so the case keeps this one.
FAR_FLEX_PAIRS = [("TYO", "ISK", "R_ISK_TYO_PAC")]

# ---------------------------------------------------------------------------
# Sources: one row per numeric column (and the main text columns)
# ---------------------------------------------------------------------------
F = "shared/research/japan_facts.md"
SOURCES = [
    ("Settings", "value", "FORMULATION.md defaults; base year = today's money", "assumption",
     "base_year 2025; discount_rate 0.03 real per year"),
    ("Phases", "year", F + " §1.1 (three horizons of 取りまとめ1.0)", "published",
     "around 2030 / early 2030s / late 2030s represented by 2030, 2033, 2037"),
    ("Phases", "years", F + " §1.1", "assumption", "2028-2031 (4), 2032-2034 (3), 2035-2040 (6) = 13 years"),
    ("Phases", "intl_demand_tbps", "no published figure found", "assumption",
     "existing international capacity ≈ 565 Tbps (sum of Cables existing rows); demand grows ~12 %/yr: 600, 900, 1,300"),
    ("Phases", "max_new_hub_share", F + " §4.3 (80-90 % of DCs in Tokyo+Osaka); seed paper (disperse from hubs)", "assumption",
     "policy lever: at most 35 %, 30 %, 20 % of new IT MW (added since the start) in the Tokyo/Osaka hubs"),
    ("Phases", "min_regional_ix", F + " §6 (98 % of IX capacity in Tokyo+Osaka; regional IX policy)", "assumption",
     "5 existing non-hub IXs (Nagoya, Fukuoka, Sendai, Sapporo, Okinawa); 7 required by the late 2030s"),
    ("Phases", "max_landing_zone_share", F + " §5.2 (landings concentrated on Boso and Shima)", "assumption",
     "existing Boso share 310/565 = 55 %; cap 60 %, 50 %, 45 %"),
    ("Phases", "min_clusters", F + " §1.1 (GW-class clusters by early 2030s); §1.3 (MRI: 5 large clusters)", "assumption",
     "2 clusters open by the early 2030s, 4 by the late 2030s"),
    ("AreaSupply", "supply_mw", F + " §2 (TEPCO ~5 GW east headroom ~2030; 6-9 GW by 2040; Hokuriku WZ 850 MW); §4.2 (TEPCO 9.54 GW DC by FY2037)", "derived",
     "Tokyo: existing DC draw 1,359 MW x 1.40 ≈ 1,900 + ~5,000 east headroom = 6,900 (2030); 8,900 (2033, +2,000 as new east substations start; TEPCO's +7 GW consumption by FY2033 is an upper bound); 1,900 + 9,540 (TEPCO DC demand FY2037) ≈ 11,500 (2037). Hokuriku 2030: welcome-zone 850 MW + Toyama ≈ 1,000. Other areas and later Hokuriku phases: assumption, renewable-rich areas (Hokkaido, Tohoku, Kyushu, Hokuriku) with the largest supply growth (+2,200 to +3,200 MW from 2030 to 2037, at most +1,700 elsewhere outside Tokyo; 3,200-4,000 MW each by 2037, the most after Tokyo together with Kansai's 3,200)"),
    ("AreaSupply", "energy_price_jpy_per_kwh", "no published DC power price by area found", "assumption",
     "indicative extra-high-voltage price incl. ≈¥0.4-0.5/kWh master-plan grid cost (§3.1); renewable-rich areas cheaper and falling (local surplus / PPAs), Tokyo rising with congestion"),
    ("AreaSupply", "carbon_t_per_mwh", F + " §4.2 (7th Strategic Energy Plan: RE 40-50 % by FY2040)", "assumption",
     "indicative grid emission factors, falling toward 2040; reported only (carbon price 0)"),
    ("Sites", "lat", F + " §0, §7.1, §7.2 (J-SHIS points, prefectural offices)", "published",
     "Tsukuba, Kashiwa, Chitose are approximate town centres (assumption); Nanto city centre [D]"),
    ("Sites", "lon", F + " §0, §7.1, §7.2", "published", "as lat"),
    ("Sites", "existing_mw", F + " §4.3 (Greater Tokyo 1,136 MW + 223 MW UC, H2-2024; Kanto ~60 % / Kansai ~20 %); §9.2 (Sakai 150 MW)", "derived",
     "Tokyo hubs 1,359 = 1,136 + 223, split by assumption (Inzai 500 ...); Kansai 550 ≈ Kansai share; Sapporo 60, Nagoya 80, Naha 20 assumption; total 2,069 vs 2,365 MVA market estimate end-2024 (§4.2)"),
    ("Sites", "min_mw", F + " §1.3, §9.2 (first phases: Nanto 400, Tomakomai 300, Itoshima 300, Kitakyushu 120 MW)", "derived",
     "clusters: first-phase size; welcome/regional: smallest sensible build (assumption)"),
    ("Sites", "max_mw", F + " §1.2 (~1 GW per GX zone), §1.3 (Nanto 3.1 GW), §2 (Inzai 2.3 GW draw), §9.2 (campus sizes)", "derived",
     "Inzai 1,700 ≈ 2,300 / 1.35 (Tokyo new-build PUE; the hub's own PUE is 1.40); Hokuriku welcome sites = substation MW / PUE; clusters GW-class; regional 40-300 (assumption)"),
    ("Sites", "pue", "no PUE figures in the research notes", "assumption",
     "new builds by climate: Hokkaido 1.20 ... Okinawa 1.45; hubs +0.05 for older stock"),
    ("Sites", "load_factor", F + " §4.1 (OCCTO: DC load factor ~80 %)", "published", "0.8 everywhere"),
    ("Sites", "fixed_cost_mjpy", F + " §9.1 (C&W land prices US$/m²), §1.2 (>= 30 ha), §9.2 (campus sizes)", "derived",
     "land ha x ¥/m² (C&W mid x ¥150/$ for Inzai, Keihanna, North/Central Osaka, Saitama, Sagamihara, Kawasaki, Central Tokyo; Tsukuba at C&W Inzai low $752/m²; else assumption) + campus works (cluster 10,000, welcome 3,000, regional 1,000 MJPY; assumption); ha = max_mw / (33 cluster, 25 welcome, 20 regional) MW/ha, clusters >= 30 ha, Tomakomai 70 ha (§9.2); existing sites 0 (already open)"),
    ("Sites", "capex_mjpy_per_mw", F + " §9.1 (T&T Tokyo $15.15/W, Osaka $14.12/W; C&W Japan $10.45/13.24/16.02 per W)", "derived",
     "Tokyo area 15.15 x 150 = 2,272 (2,272.5 rounded half-even); Kansai 14.12 x 150 = 2,118; other big cities (Sapporo, Sendai, Nagoya, Fukuoka, Hiroshima, Naha) 13.24 x 150 = 1,986; elsewhere 10.45 x 150 = 1,568; APL projects (receiving-capacity basis x PUE 1.3): Kitakyushu 125,000 / 120 x 1.3 = 1,354, Itoshima 300,000 / 300 x 1.3 = 1,300"),
    ("Sites", "fom_mjpy_per_mw_year", "no O&M figures in the research notes", "assumption", "1.5 % of capex per year"),
    ("Sites", "grid_firm_mw", F + " §2 (Hokuriku SS 200/300/300/50 MW; Chubu bin 301+ MW; TEPCO east ~5 GW; Inzai 2.3 GW; Gunma 50-75 MW bins), §9.2 (Nanto 400, Itoshima 300, Kitakyushu 120 MW x PUE)", "derived",
     "meter MW; published or derived where cited (Hokuriku and Chubu substations, Gunma bin, Inzai; Nanto 520, Itoshima 400, Kitakyushu 160 ≈ first phase x PUE); elsewhere assumption: other clusters 200-400 (Akita and Matsue 200, below their 300 MW first phase x PUE, so they open only with their late-2030s site projects), TEPCO east welcome sites 500-900 (3,400 of the ~5 GW), Kobe 350, hubs other than Inzai 300-650, Sapporo 150, Nagoya 250, Naha 60, regional 80-250"),
    ("Sites", "grid_nonfirm_mw", "seed paper: 空き容量③ (capacity that assumes load shedding on a fault)", "assumption",
     "mostly 15-25 % of firm headroom (32 of 48 sites); 0 at Naka-Noto, Nomi, Kanazawa north and Sapporo, 8-15 % at five hubs (Otemachi, Osaka, Inzai, Sakai, Tama), 30-67 % at Matsue, Ishikari, Maebashi, Sendai, Kitakyushu, Akita and Naha; usable only with on-site battery/flexibility"),
    ("Sites", "battery_capex_mjpy_per_mw", F + " §9.3 (¥54k + ¥14k per kWh FY2024)", "derived", "2-h BESS: 68k x 2,000 kWh = ¥136 M per MW"),
    ("Sites", "required_routes", F + " §1.2 (undergrounded, redundant telecom for DC zones)", "assumption",
     "clusters 2 diverse corridors, others 1"),
    ("Sites", "type", F + " §1.3, §2", "published", "existing hubs, TEPCO/Hokuriku/Chubu welcome zones, GX cluster candidates, regional small DCs"),
    ("Sites", "earliest_phase", F + " §1.3, §9.2 (Nanto RFS end-2028, Itoshima 2029, Kitakyushu 2027, Tomakomai FY2026), §1.2 (GX zones selected 2026)", "derived",
     "clusters: around2030 for the dated projects (Nanto, Tomakomai, Itoshima, Kitakyushu) and for Ishikari, Shika and Fukuoka (assumption); early2030s for Sendai, Akita, Matsue, Hiroshima; regional: 7 late2030s (paper's roadmap), Niigata and Kumamoto early2030s, the rest around2030 (assumption); existing and welcome sites around2030"),
    ("Regions", "lat", F + " §7.1 (prefectural offices)", "published", "training pool has no location"),
    ("Regions", "lon", F + " §7.1", "published", "as lat"),
    ("Demand", "demand_mw", F + " §4.1-4.3 (OCCTO DC 4.4 GW FY2030, 6.2 GW FY2034; WoodMac 6.6-7.7 GW 2034; TEPCO 9.54 GW FY2037; §4.2 [D] phase mapping)", "derived",
     "total 5,000 / 7,000 / 15,000 IT MW; training pool 25 / 35 / 45 % (assumption); the rest split Tokyo 60 %, Kansai 20 % (§4.3; CRIEPI 62 %, §4.2), others by population (assumption)"),
    ("Service", "cost_mjpy_per_mw_year", F + " §8 (~5 µs/km; 100 km DC pairs < 1 ms RTT)", "assumption",
     f"local demand may use sites within {LOCAL_RADIUS_KM} km (great-circle); cost ¥20k per MW-year per km of distance; training pool 0 (latency-tolerant)"),
    ("Service", "requires_route", F + " §8 (APN lets DCs sit farther from users)", "assumption",
     f"pairs farther than {NO_ROUTE_RADIUS_KM} km, and every training-pool pair, need the site's APN route"),
    ("Grid", "mw", F + " §3.1, §3.2 (project capacities), §2 (TEPCO new SS 6-9 GW / 2-3 SS)", "published",
     "links: published capacities; site projects: substation sizes per cluster plan (assumption where unpublished)"),
    ("Grid", "capex_mjpy", F + " §3.2 (¥153 bn, ¥1.5-1.8 trn, ¥400-430 bn, ¥441.2 bn), §2 (Inzai ¥220 bn / 1.2 GW), §3.3 (¥0.2-0.9 bn/km)", "derived",
     "links: published (mid of ranges); Pacific HVDC 2 GW x ¥0.825 trn/GW (mid of §3.1's ¥0.75-0.9 trn/GW) = 1,650,000; the two committed (existing) links are not charged; site projects: 183 MJPY/MW x MW + 500 MJPY/km x km of new EHV line (km: assumption)"),
    ("Grid", "earliest_phase", F + " §3.2 (Nov 2027, end FY2027, early 2030s, 11-13.5 yr works)", "derived",
     "committed 2027 projects existing; HVDC Japan-Sea early2030s; Pacific, FC 5.7 GW, Kanmon late2030s; site projects early2030s or late2030s (assumption)"),
    ("IX", "lat", F + " §6, §7.1 (city coordinates)", "published", "city-level points"),
    ("IX", "lon", F + " §6, §7.1", "published", "as lat"),
    ("IX", "capex_mjpy", "no IX build cost found", "assumption", "2,000-2,800 MJPY per new regional IX (carrier-neutral PoPs + fabric), varied by city"),
    ("Routes", "capex_mjpy", F + " §8 (fibre ¥2-9 M/km on poles/ducts; ¥180 M/km underground corridor; route = 1.3 x straight line)", "derived",
     "great-circle km x 1.3 x detour x 5.5 MJPY/km + undergrounded km x 180 MJPY/km"),
    ("Routes", "latency_ms", F + " §8 (~5 µs/km)", "derived", "great-circle km x 1.3 x detour x 0.005 ms/km (one-way)"),
    ("Routes", "corridor", F + " §1.2 (redundant routes), §5.2 (Japan-Sea missing link)", "assumption", "named physical corridors"),
    ("Landings", "lat", F + " §5.1 (TeleGeography town points)", "published", "Tomakomai approximate [D]"),
    ("Landings", "lon", F + " §5.1", "published", "as lat"),
    ("Landings", "zone", F + " §5.2", "published", "Boso, Shima, Ibaraki, Hokkaido, Kyushu, Japan-Sea, Okinawa"),
    ("Cables", "tbps", F + " §5.2, §5.3 (FASTER 60 Tbps; E2A > 192 Tbps)", "assumption",
     "existing aggregated per landing (assumption, only FASTER sourced); E2A 192 split 96 + 96; others assumption"),
    ("Cables", "capex_mjpy", F + " §5.3 (FASTER US$300 M / 11,629 km => ¥3.9 M/km; Far North Fiber US$1.1 bn)", "derived",
     "km x 3.9 MJPY/km; E2A 12,500 km x 3.9 / 2 landings = 24,375; Far North Fiber 1.1 bn x 150 = 165,000"),
    ("Hazards", "survive_share", F + " §7.3 (Nankai, Tokyo inland, trench)", "assumption",
     "share of total demand that capacity outside the footprint must cover"),
    ("Hazards", "intl_survive_share", F + " §5.2 (2011: landing station lost, 6 months repair)", "assumption",
     "share of international demand carried by cables outside the footprint"),
    ("HazardFootprint", "id", F + " §5.2, §7.2, §7.3", "derived",
     "Nankai: Kinki/Tokai/Shikoku sites, Boso and Shima landings (tsunami priority zones), Osaka/Nagoya IX; Tokyo inland: the seven Tokyo hubs and Tsukuba, Kashiwa, Chiba, Tokyo IX, no landings; trench: Pacific coast Hokkaido-Ibaraki"),
    # operations mode (FORMULATION.md §4); the hourly year and its sources: inputs/hourly_sources.md
    ("Periods", "days", "inputs/build_japan_periods.py (tsam) on inputs/japan_hourly_series.csv", "derived",
     "5 representative days of 6 x 4-h steps; the days of tightest headroom in Tokyo and Kansai kept as periods of their own; accuracy and model size in inputs/README.md"),
    ("Periods", "steps", "inputs/build_japan_periods.py", "derived", "24 h / step_hours"),
    ("Periods", "step_hours", "inputs/build_japan_periods.py", "assumption", "4-h steps, chosen for solve time (inputs/README.md)"),
    ("Profiles", "step", "inputs/build_japan_periods.py", "derived", "step number 1..steps within the day"),
    ("Profiles", "value", "inputs/hourly_sources.md (the generated hourly year, clustered)", "derived",
     "profile ids are the series names (solar:, wind:, surplus:, price:, headroom:, demand:)"),
    ("AreaSupply", "supply_profile", "inputs/hourly_sources.md (headroom dips: top 5 % net-load hours)", "assumption",
     "headroom:TKY depth 0.30, headroom:KNS 0.20 at the evening net peak (Tokyo alerts 15-20 h, winter peak 17-18 h); other areas flat"),
    ("AreaSupply", "price_profile", "inputs/hourly_sources.md (price multiplier, time mean 1)", "derived",
     "JEPX floor 0.01 JPY/kWh while curtailing, else a net-load shape"),
    ("AreaSupply", "surplus_mw", "inputs/hourly_sources.md (METI 次世代電力系統WG FY2024 curtailment: KYS 4.8 %, 0.75 TWh)", "assumption",
     "MW of PV whose curtailment the DCs may take; Kyushu derived: 0.75 TWh / 4.8 % = 15.6 TWh / (8760 h x 13.8 % CF) ≈ 12,900 MW; other areas assumption (PV fleet, rounded)"),
    ("AreaSupply", "surplus_profile", "inputs/hourly_sources.md (curtailment fitted to the FY2024 rates by area)", "derived",
     "curtailed PV output per MW of PV"),
    ("AreaSupply", "surplus_price_jpy_per_kwh", "inputs/hourly_sources.md (JEPX floor price 0.01 JPY/kWh)", "assumption",
     "surplus bought at the JEPX floor"),
    ("Demand", "profile", "inputs/hourly_sources.md (DC load flat)", "assumption", "demand:<region> = 1 at every step"),
    ("Demand", "flexible_share", "inputs/hourly_sources.md (Emerald AI field test 25 %; Duke 2025 for scale)", "assumption",
     "training pool 0.25, user regions 0.10"),
    ("Sites", "battery_hours", F + " §9.3 (2-h BESS priced by battery_capex_mjpy_per_mw)", "derived", "welcome-zone and regional sites: 2 h"),
    ("Sites", "battery_efficiency", "FORMULATION.md §4.1 default", "assumption", "0.9 round trip"),
    ("Sites", "cogen_max_mw", "no figure in the research notes", "assumption", "clusters: 100 MW of gas engines"),
    ("Sites", "cogen_capex_mjpy_per_mw", "no figure in the research notes", "assumption",
     "200 MJPY/MW (¥200k/kW), above the battery's 136, so batteries stay the cheaper backing"),
    ("Sites", "cogen_fuel_jpy_per_kwh", "no figure in the research notes", "assumption", "20 JPY/kWh (LNG ~9 JPY/kWh-thermal / 45 %)"),
    ("Sites", "cogen_carbon_t_per_mwh", "no figure in the research notes", "assumption", "0.40 t/MWh (gas 0.18 t/MWh-thermal / 45 %)"),
    # the siting screen, reservations and consent (issue 16)
    ("Sites", "name_ja", "place names of the sites (prefecture and town)", "published", "Japanese names of the sites, for the working group's readers"),
    ("Sites", "land_ha", F + " §1.2 (>= 30 ha per GX DC zone), §9.2 (Tomakomai ~70 ha, Sakai ~45 ha; 4-33 MW/ha)", "derived",
     "the hectares the land price charges: max IT MW / (33 cluster, 25 welcome or existing, 20 regional) MW/ha (assumption), clusters >= 30 ha; Tomakomai 70 and Sakai 45 published; the published first-phase campuses of Itoshima (12.2 ha), Kitakyushu (6.3 ha) and Nanto (13.1 ha) are smaller than the GW-class candidates"),
    ("Sites", "transport_km", "airport reference points (OpenFlights / OurAirports data as mirrored in public code; Naha: assumption)", "derived",
     "great-circle km from the site to the nearest of 36 airports with scheduled flights (the case's measure of transport access; the research notes found no transport criterion, §1.2)"),
    ("Sites", "ground_risk", F + " §7.1 (prefectural offices, latest edition 2020 > 2018 > 2016), §7.2 (J-SHIS Y2024 points)", "derived",
     "P(JMA intensity >= 6-lower within 30 years), %, at the nearest point with a published value (the site's own J-SHIS point where there is one)"),
    ("Sites", "fibre_underground", F + " §1.2 (undergrounded and redundant telecom for DC zones)", "assumption",
     "TRUE where the site already has a fibre route in metro ducts (an existing route), else FALSE: the undergrounded entry is built with the route and priced in Routes.capex_mjpy"),
    ("Sites", "consent", F + " §1.3 (announced projects, NTT East / Tohoku EPCO / DBJ agreement 2025-10), §2 (welcome zones, TEPCO site call), §9.2", "assumption",
     "agreed: operating DCs and the announced projects (Tomakomai, Itoshima, Kitakyushu, Nanto, Ishikari); in_talks: welcome-zone sites and regions with an agreement to attract DCs; none: the rest"),
    ("Sites", "consent_phase", F + " §1.2 (GX zones selected ~summer 2026), §2 (~2.5 yrs from contract to connection)", "assumption",
     "sites with consent none and earliest phase around2030 may open from the early 2030s at the soonest"),
    ("Criteria", "threshold", "https://www.itmedia.co.jp/smartjapan/spv/2511/28/news054_3.html (TEPCO PG large-supply potential map: substations with >= 50 MW spare at 154/66 kV); " + F + " §7.1-7.2 (J-SHIS)", "assumption",
     "① firm power grid_firm_mw >= 50 MW (the potential map's smallest spare capacity, hard); ② land_ha >= 3 ha (assumption, hard), ground_risk <= 26 % (J-SHIS's top class, about once in 100 years; soft), fibre_underground in TRUE (soft), transport_km <= 60 km (assumption, soft); ③ hub in FALSE (soft)"),
    ("Criteria", "step", "seed paper: ① power infrastructure first, ② overlay DC needs (telecom, ground, land, transport), ③ disperse from the hubs", "published",
     "the step of the paper each criterion belongs to"),
    ("Criteria", "penalty_mjpy", "no figure in the research notes", "assumption",
     "ground stability 2,000 MJPY on opening (seismic isolation and ground works, ~1 % of a 100 MW Tokyo build at 2,272 MJPY/MW); transport 500 MJPY (access road); fibre 0 (its undergrounded entry is in the route capex); outside the hubs 0 (dispersal is Phases.max_new_hub_share)"),
    ("Reservations", "mw", "https://www.itmedia.co.jp/smartjapan/spv/2509/30/news034.html (特高 demand applications FY2025-29: 18.38 GW national, Tokyo 9.27 GW, 2025-06); https://www.itmedia.co.jp/smartjapan/spv/2511/28/news054_3.html (19.92 GW national, Kyushu 4.95 GW = 29 % of its peak, 2025-09); https://www.itmedia.co.jp/smartjapan/articles/2504/01/news079_3.html (Inzai/Shiroi ~40 DCs, ~2.5 GW waiting; 空押さえ reported at Inzai)", "assumption",
     "the queues are published, the part outside this plan and its speculative share are not: Tokyo 1,000 MW committed + 1,500 speculative + 800 speculative at Inzai (of its ~2.5 GW); Kyushu 100 committed + 200 speculative; each row for around2030 and again for early2030s"),
    ("Reservations", "status", "https://www.itmedia.co.jp/smartjapan/spv/2509/30/news034_2.html (次世代電力系統WG: payment deadline 3 months after approval, else the application is cancelled)", "assumption",
     "committed: loads that will connect (semiconductor, other large users); speculative: applications the discipline rules can release"),
    ("Phases", "reclaim_share", "https://www.itmedia.co.jp/smartjapan/spv/2509/30/news034_2.html (discipline rules of 2025)", "assumption",
     "0 around2030 (the rules apply to new contracts), 0.5 in the early 2030s; blank late2030s (no reservations then)"),
    ("Regions", "tbps_per_mw", F + " §6 (Tokyo IX port capacity 73.5 Tbps, 2024), §4.3 (Greater Tokyo 1,136 MW operating, H2-2024)", "derived",
     "73.5 / 1,136 = 0.065 Tbps per IT MW for every user region; training pool 0 (bulk data moved off-peak, assumption)"),
    ("Routes", "tbps", F + " §8 (100 G-class APN service, GPU over APN testbed)", "assumption",
     "the clusters' new APN routes: 40 wavelengths x 100 G = 4 Tbps each; metro, welcome and regional routes blank (unlimited)"),
    ("Service", "flexible_only", F + " §8 (APN Ishikari DC <-> Otemachi from spring 2026)", "assumption",
     "Tokyo's flexible work may also run at Ishikari, beyond the local radius, over its APN route to the Tokyo IX; cost by the same per-km rule; local and training-pool pairs blank (all work)"),
]

README_LINES = [
    "Japan Watt-Bit case (bundled default of wattbit-planner)",
    "",
    "Plans data-centre (DC) capacity, grid reinforcements, fibre/APN routes, regional IXs and",
    "submarine cables for Japan in three phases: around 2030, early 2030s, late 2030s,",
    "following the Watt-Bit collaboration working-group paper (METI/MIC, 2025).",
    "",
    "Units: money in million JPY (MJPY, 2025 yen, discounted to 2025), power in MW",
    "(site capacity and demand in IT MW; grid figures at the meter = IT MW x PUE),",
    "bandwidth in Tbps. Every numeric column is explained in the Sources sheet",
    "(published / derived with arithmetic / assumption); RowNotes adds per-row notes.",
    "",
    "Generated by inputs/build_japan_case.py; edit that script, not this file.",
]


# ---------------------------------------------------------------------------
# Derivation rules
# ---------------------------------------------------------------------------
def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, R = 6,371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


AREA = {a[0]: a for a in AREAS}

# --- operations mode (FORMULATION.md §4.1); sources in inputs/hourly_sources.md -----
HEADROOM_AREAS = ("TKY", "KNS")  # evening-peak headroom dips (hourly_sources.md: depth 0.30 / 0.20)
# MW of PV whose curtailment (出力制御) the area's DCs may take; the surplus profile is
# curtailed output per MW of PV. Kyushu [D]: FY2024 0.75 TWh at 4.8 % -> 15.6 TWh of
# VRE / (8760 h x 13.8 % CF) ≈ 12,900 MW; other areas: assumption (PV fleet, rounded).
SURPLUS_PV_MW = {"HKD": 2_500, "THK": 9_000, "TKY": 20_000, "CBU": 12_000, "HKR": 1_200,
                 "KNS": 7_000, "CGK": 6_000, "SKK": 3_000, "KYS": 12_900, "OKN": 400}
SURPLUS_PRICE_JPY_PER_KWH = 0.01  # JEPX's floor price while curtailing (hourly_sources.md)
BATTERY_HOURS = 2  # §9.3: the 2-h BESS that BATTERY_MJPY_PER_MW prices
BATTERY_EFFICIENCY = 0.9  # assumption (FORMULATION default, Li-ion round trip)
BATTERY_SITE_TYPES = ("welcome", "regional")
# Cogeneration (gas engines) at clusters: assumption. Capex above the battery's, so in
# capacity mode batteries stay the cheaper backing of non-firm headroom.
COGEN_MAX_MW = 100
COGEN_CAPEX_MJPY_PER_MW = 200  # assumption: ¥200k/kW gas-engine plant
COGEN_FUEL_JPY_PER_KWH = 20.0  # assumption: LNG at ~¥9/kWh-thermal / 45 % efficiency
COGEN_CARBON_T_PER_MWH = 0.40  # assumption: gas 0.18 t/MWh-thermal / 45 %
FLEXIBLE_SHARE_TRAINING = 0.25  # hourly_sources.md (Emerald AI field test)
FLEXIBLE_SHARE_USERS = 0.10  # hourly_sources.md (assumption)
METRO_SITES = {"SPR", "SND", "NGY", "FUK", "HIR", "NAH"}  # big-city sites priced at C&W mid


def site_capex(site: str, area: str) -> int:
    if site in CAPEX_PROJECT:
        return CAPEX_PROJECT[site]
    if area == "TKY":
        return CAPEX_TOKYO
    if area == "KNS":
        return CAPEX_OSAKA
    if site in METRO_SITES:
        return CAPEX_METRO
    return CAPEX_REGIONAL


def site_rows() -> list[dict]:
    rows = []
    for (site, name, area, lat, lon, typ, hub, existing, min_mw, max_mw, earliest,
         firm, nonfirm, req, land_price, ha) in SITES:
        pue = AREA[area][2] + (HUB_PUE_UPLIFT if hub else 0.0)
        capex = site_capex(site, area)
        if ha is None:
            ha = max_mw / MW_PER_HA[typ]
            if typ == "cluster":
                ha = max(ha, MIN_CLUSTER_HA)
        price = land_price if land_price is not None else AREA[area][3]
        fixed = 0 if existing > 0 else round(ha * 10_000 * price / 1e6 + CAMPUS_WORKS_MJPY[typ])
        rows.append({
            "site": site, "name": name, "area": area, "lat": lat, "lon": lon,
            "type": typ, "hub": hub, "existing_mw": existing, "min_mw": min_mw,
            "max_mw": max_mw, "earliest_phase": earliest, "pue": round(pue, 2),
            "load_factor": 0.8, "fixed_cost_mjpy": fixed, "capex_mjpy_per_mw": capex,
            "fom_mjpy_per_mw_year": round(FOM_SHARE * capex, 1),
            "grid_firm_mw": firm, "grid_nonfirm_mw": nonfirm,
            "battery_capex_mjpy_per_mw": BATTERY_MJPY_PER_MW,
            "required_routes": req, "force": None,
            "battery_hours": BATTERY_HOURS if typ in BATTERY_SITE_TYPES else None,
            "battery_efficiency": BATTERY_EFFICIENCY if typ in BATTERY_SITE_TYPES else None,
            "cogen_max_mw": COGEN_MAX_MW if typ == "cluster" else None,
            "cogen_capex_mjpy_per_mw": COGEN_CAPEX_MJPY_PER_MW if typ == "cluster" else None,
            "cogen_fuel_jpy_per_kwh": COGEN_FUEL_JPY_PER_KWH if typ == "cluster" else None,
            "cogen_carbon_t_per_mwh": COGEN_CARBON_T_PER_MWH if typ == "cluster" else None,
            # the siting screen and consent (issue 16)
            "name_ja": NAME_JA[site], "land_ha": round(ha, 1),
            "transport_km": round(min(km_between(lat, lon, a_lat, a_lon) for _c, a_lat, a_lon in AIRPORTS), 1),
            "ground_risk": ground_risk(lat, lon)[0],
            "fibre_underground": site in EXISTING_ROUTE_SITES,
            "consent": CONSENT[site],
            "consent_phase": NEXT_PHASE[earliest] if CONSENT[site] == "none" and earliest == "around2030" else None,
        })
    return rows


def ground_risk(lat: float, lon: float) -> tuple[float, str]:
    """P(>= 6-lower in 30 yrs) % at the nearest GROUND_POINTS point, and that point's label."""
    best = min(GROUND_POINTS, key=lambda g: km_between(lat, lon, g[0], g[1]))
    return best[2], best[3]


EXISTING_ROUTE_SITES = {r[1] for r in ROUTES if r[5]}


SITE_XY = {s[0]: (s[3], s[4]) for s in SITES}
CLUSTER_SITES = {s[0] for s in SITES if s[5] == "cluster"}
IX_XY = {x[0]: (x[3], x[4]) for x in IXS}


def route_rows() -> list[dict]:
    rows = []
    for route, site, ix, corridor, earliest, existing, ug_km, detour in ROUTES:
        km = km_between(*SITE_XY[site], *IX_XY[ix])
        fibre_km = km * ROUTE_FACTOR * detour
        capex = 0 if existing else round(fibre_km * FIBRE_MJPY_PER_KM + ug_km * UNDERGROUND_MJPY_PER_KM)
        rows.append({
            "route": route, "site": site, "ix": ix, "corridor": corridor,
            "capex_mjpy": capex, "earliest_phase": earliest, "existing": existing,
            "latency_ms": round(max(fibre_km, 1.0) * MS_PER_KM, 2),
            "tbps": ROUTE_TBPS if site in CLUSTER_SITES and not existing else None,
        })
    return rows


def demand_rows() -> list[dict]:
    rows = []
    for phase, total in TOTAL_DEMAND_MW.items():
        training = round(total * TRAINING_SHARE[phase])
        local = total - training
        split = {r[0]: round(local * r[4]) for r in REGIONS}
        split["TYO"] += local - sum(split.values())  # rounding rest to Tokyo
        for region, *_ in REGIONS:
            rows.append({"region": region, "phase": phase, "demand_mw": split[region],
                         "profile": f"demand:{region}", "flexible_share": FLEXIBLE_SHARE_USERS})
        rows.append({"region": TRAINING_REGION[0], "phase": phase, "demand_mw": training,
                     "profile": f"demand:{TRAINING_REGION[0]}",
                     "flexible_share": FLEXIBLE_SHARE_TRAINING})
    return rows


def service_rows(routes: list[dict]) -> list[dict]:
    by_site: dict[str, list[dict]] = {}
    for r in routes:
        by_site.setdefault(r["site"], []).append(r)
    rows = []
    for region, _name, lat, lon, _share in REGIONS:
        for s in SITES:
            site = s[0]
            km = km_between(lat, lon, *SITE_XY[site])
            if km > LOCAL_RADIUS_KM or site not in by_site:
                continue
            need = None
            if km > NO_ROUTE_RADIUS_KM:
                same_ix = [r for r in by_site[site] if r["ix"] == REGION_IX[region]]
                need = (same_ix or by_site[site])[0]["route"]
            rows.append({
                "region": region, "site": site,
                "cost_mjpy_per_mw_year": round(TRANSPORT_MJPY_PER_MW_YEAR_KM * km, 2),
                "requires_route": need,
            })
    where = {r[0]: (r[2], r[3]) for r in REGIONS}
    for region, site, route in FAR_FLEX_PAIRS:  # beyond latency: flexible work only
        km = km_between(*where[region], *SITE_XY[site])
        rows.append({
            "region": region, "site": site,
            "cost_mjpy_per_mw_year": round(TRANSPORT_MJPY_PER_MW_YEAR_KM * km, 2),
            "requires_route": route, "flexible_only": True,
        })
    for s in SITES:  # training pool: any site with an APN route, via its primary route
        site = s[0]
        if site in by_site:
            rows.append({"region": TRAINING_REGION[0], "site": site,
                         "cost_mjpy_per_mw_year": 0, "requires_route": by_site[site][0]["route"]})
    return rows


def grid_rows() -> list[dict]:
    rows = []
    for project, site, mw, earliest, line_km in GRID_SITE:
        rows.append({"project": project, "kind": "site", "site": site, "from_area": None,
                     "to_area": None, "mw": mw,
                     "capex_mjpy": SUBSTATION_MJPY_PER_MW * mw + EHV_LINE_MJPY_PER_KM * line_km,
                     "earliest_phase": earliest, "existing": False})
    for project, a, b, mw, capex, earliest, existing in GRID_LINK:
        rows.append({"project": project, "kind": "link", "site": None, "from_area": a,
                     "to_area": b, "mw": mw, "capex_mjpy": capex,
                     "earliest_phase": earliest, "existing": existing})
    return rows


def area_supply_rows() -> list[dict]:
    rows = []
    for area, _name, _pue, _land, supply, price, carbon in AREAS:
        for i, (phase, *_rest) in enumerate(PHASES):
            rows.append({"area": area, "phase": phase, "supply_mw": supply[i],
                         "energy_price_jpy_per_kwh": price[i], "carbon_t_per_mwh": carbon[i],
                         # operations mode (FORMULATION.md §4.1); profiles from japan_profiles.csv
                         "supply_profile": f"headroom:{area}" if area in HEADROOM_AREAS else None,
                         "price_profile": f"price:{area}",
                         "surplus_mw": SURPLUS_PV_MW[area],
                         "surplus_profile": f"surplus:{area}",
                         "surplus_price_jpy_per_kwh": SURPLUS_PRICE_JPY_PER_KWH})
    return rows


# ---------------------------------------------------------------------------
# Operations mode (FORMULATION.md §4): representative days and their profiles
# ---------------------------------------------------------------------------
PERIODS_CSV = Path(__file__).resolve().parent / "japan_periods.csv"
PROFILES_CSV = Path(__file__).resolve().parent / "japan_profiles.csv"
"""Made by inputs/build_japan_periods.py (tsam) from inputs/japan_hourly_series.csv."""


def _read_csv(path: Path) -> list[dict]:
    import csv

    def cell(col: str, text: str):
        if text == "":
            return None
        if col in ("days", "steps", "step"):
            return int(float(text))
        if col in ("step_hours", "value"):
            return float(text)
        return text

    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: cell(k, v) for k, v in row.items()} for row in csv.DictReader(fh)]


def period_rows() -> list[dict]:
    return _read_csv(PERIODS_CSV)


def profile_rows() -> list[dict]:
    return _read_csv(PROFILES_CSV)


ROW_NOTES = [
    ("Sites", "NAN", "Nanto Campus: 3.1 GW plan, phase 1 400 MW on 13.1 ha, RFS end-2028, ~250 km from Tokyo and Osaka (§1.3, §9.2)"),
    ("Sites", "TMK", "SoftBank/IDCF Tomakomai: ~70 ha, 50 MW FY2026 -> >300 MW; its first 50 MW is not counted as existing (§9.2)"),
    ("Sites", "ITO", "APL Itoshima 300 MW on 12.2 ha, ops from 2029, >¥300 bn (§9.1, §9.2)"),
    ("Sites", "KTK", "APL Kitakyushu 120 MW on 6.3 ha by autumn 2027, ¥125 bn (§9.1, §9.2)"),
    ("Sites", "INZ", "Inzai supply 1.1 GW (2022) -> 1.7 GW (2024) -> 2.3 GW (2027 plan); ~40 DCs / ~2.5 GW waiting (§2)"),
    ("Sites", "SAK", "SoftBank Sakai on the former Sharp LCD plant: 150 MW (2026) -> >250 MW (earlier 400 MW), ~45 ha (§9.2); reclaimed land, J-SHIS 58.65 % (§7.2)"),
    ("Sites", "SHK", "Hokuriku welcome zone: Shin-Noto SS 300 MW at 154 kV, ~2.5 yrs to connect (§2); Noto 2024 earthquake caveat (§7.2)"),
    ("Sites", "ISK", "Hokkaido DC cluster; APN Ishikari-Otemachi from spring 2026 (§0, §8)"),
    ("Sites", "TSK", "TEPCO PG EHV substation site call: Tsukuba >= 100,000 m² (§2)"),
    ("Sites", "KSW", "TEPCO PG EHV substation site call: Kashiwa(+Nagareyama) >= 80,000 m² (§2)"),
    ("Sites", "KKZ", "screened out by the Criteria sheet (② enough land): 2 ha for 40 MW at 20 MW/ha is below 3 ha; Kita-Kanazawa SS offers 50 MW (§2)"),
    ("Sites", "MIT", "J-SHIS-nearest value 81 % (Mito, 2020 edition, §7.1): fails ② ground stability (soft, 2,000 MJPY)"),
    ("Grid", "GL_HVDC_JSEA", "Shakotan -> Akita -> Niigata -> West Gunma, ~800 km, ¥1.5-1.8 trn; sole bidder TEPCO PG consortium (§3.2)"),
    ("Grid", "GL_THK_TKY_AC", "committed AC reinforcement, in service Nov 2027 (§3.2); its capacity is open to DC load in this case"),
    ("Cables", "C_E2A_TMK", "E2A: ~12,500 km, >192 Tbps, RFS H2-2028, lands Maruyama + Tomakomai + Itoshima; MIC 多ルート化 programme (§5.2)"),
    ("Cables", "C_FNF_TMK", "Far North Fiber (Arctic), ~15,000 km, US$1.1 bn, Tomakomai-centred landing, likely slipping (§5.2)"),
    ("Cables", "C_JSEA_NAO", "Japan-Sea side is a 'missing link' (MIC, §5.2); cost at FASTER ¥/km"),
    ("Hazards", "HZ_NANKAI", "30-yr probability 60-90 %+ or 20-50 %; ≥6-lower or ≥3 m tsunami in 31 prefectures (§7.3)"),
    ("Hazards", "HZ_TOKYO", "M7-class ~70 % in 30 yrs; 10 prefectures / 310 municipalities emergency area (§7.3)"),
]


# ---------------------------------------------------------------------------
# Writer
# ---------------------------------------------------------------------------
UNITS = {
    "value": None, "year": None, "years": "[yr]", "capex_budget_mjpy": "[MJPY]",
    "intl_demand_tbps": "[Tbps]", "supply_mw": "[MW]", "energy_price_jpy_per_kwh": "[JPY/kWh]",
    "carbon_t_per_mwh": "[t/MWh]", "existing_mw": "[MW]", "min_mw": "[MW]", "max_mw": "[MW]",
    "fixed_cost_mjpy": "[MJPY]", "capex_mjpy_per_mw": "[MJPY/MW]",
    "fom_mjpy_per_mw_year": "[MJPY/MW/yr]", "grid_firm_mw": "[MW]", "grid_nonfirm_mw": "[MW]",
    "battery_capex_mjpy_per_mw": "[MJPY/MW]", "demand_mw": "[MW]",
    "cost_mjpy_per_mw_year": "[MJPY/MW/yr]", "mw": "[MW]", "capex_mjpy": "[MJPY]",
    "latency_ms": "[ms]", "tbps": "[Tbps]", "land_ha": "[ha]", "transport_km": "[km]",
    "tbps_per_mw": "[Tbps/MW]",
}
SIDE_SHEETS = ("Criteria", "Reservations")
"""Read outside the schema reader (planner/case/screen.py, reservations.py): bare headers."""

SHEETS: list[tuple[str, list[str]]] = [
    ("Settings", ["key", "value"]),
    ("Phases", ["phase", "year", "years", "intl_demand_tbps", "max_new_hub_share",
                "min_regional_ix", "max_landing_zone_share", "min_clusters", "reclaim_share"]),
    ("Areas", ["area", "name"]),
    ("AreaSupply", ["area", "phase", "supply_mw", "energy_price_jpy_per_kwh", "carbon_t_per_mwh",
                    "supply_profile", "price_profile", "surplus_mw", "surplus_profile",
                    "surplus_price_jpy_per_kwh"]),
    ("Sites", ["site", "name", "area", "lat", "lon", "type", "hub", "existing_mw", "min_mw",
               "max_mw", "earliest_phase", "pue", "load_factor", "fixed_cost_mjpy",
               "capex_mjpy_per_mw", "fom_mjpy_per_mw_year", "grid_firm_mw", "grid_nonfirm_mw",
               "battery_capex_mjpy_per_mw", "required_routes", "force",
               "battery_hours", "battery_efficiency", "cogen_max_mw", "cogen_capex_mjpy_per_mw",
               "cogen_fuel_jpy_per_kwh", "cogen_carbon_t_per_mwh",
               "name_ja", "land_ha", "transport_km", "ground_risk", "fibre_underground",
               "consent", "consent_phase"]),
    ("Regions", ["region", "name", "lat", "lon", "tbps_per_mw"]),
    ("Demand", ["region", "phase", "demand_mw", "profile", "flexible_share"]),
    ("Service", ["region", "site", "cost_mjpy_per_mw_year", "requires_route", "flexible_only"]),
    ("Grid", ["project", "kind", "site", "from_area", "to_area", "mw", "capex_mjpy",
              "earliest_phase", "existing"]),
    ("IX", ["ix", "name", "area", "lat", "lon", "hub", "capex_mjpy", "earliest_phase", "existing"]),
    ("Routes", ["route", "site", "ix", "corridor", "capex_mjpy", "earliest_phase", "existing",
                "latency_ms", "tbps"]),
    ("Landings", ["landing", "name", "zone", "lat", "lon"]),
    ("Cables", ["cable", "landing", "ix", "tbps", "capex_mjpy", "earliest_phase", "existing"]),
    ("Hazards", ["hazard", "name", "survive_share", "intl_survive_share"]),
    ("HazardFootprint", ["hazard", "kind", "id"]),
    ("Criteria", ["criterion", "column", "rule", "threshold", "step", "hard", "penalty_mjpy"]),
    ("Reservations", ["area", "phase", "holder", "mw", "status", "site"]),
    ("Periods", ["period", "days", "steps", "step_hours", "note"]),
    ("Profiles", ["profile", "period", "step", "value"]),
    ("Sources", ["sheet", "column", "source", "kind", "note"]),
    ("RowNotes", ["sheet", "id", "note"]),
]
SHEET_COLUMNS = dict(SHEETS)
DATA_SHEETS = [name for name, _ in SHEETS if name not in ("Sources", "RowNotes")]


def table_data() -> dict[str, list[dict]]:
    """All sheets as lists of row dicts (column name -> value)."""
    routes = route_rows()
    phase_cols = SHEETS[1][1]
    return {
        "Settings": [{"key": k, "value": v} for k, v in SETTINGS],
        "Phases": [{**dict(zip(phase_cols, p)), "reclaim_share": RECLAIM_SHARE[p[0]]} for p in PHASES],
        "Areas": [{"area": a[0], "name": a[1]} for a in AREAS],
        "AreaSupply": area_supply_rows(),
        "Sites": site_rows(),
        "Regions": [{"region": r[0], "name": r[1], "lat": r[2], "lon": r[3], "tbps_per_mw": TBPS_PER_MW}
                    for r in REGIONS]
        + [{"region": TRAINING_REGION[0], "name": TRAINING_REGION[1], "lat": None, "lon": None,
            "tbps_per_mw": 0}],
        "Demand": demand_rows(),
        "Service": service_rows(routes),
        "Grid": grid_rows(),
        "IX": [dict(zip(SHEETS[9][1], x)) for x in IXS],
        "Routes": routes,
        "Landings": [dict(zip(SHEETS[11][1], x)) for x in LANDINGS],
        "Cables": [dict(zip(SHEETS[12][1], c)) for c in CABLES],
        "Hazards": [dict(zip(SHEETS[13][1], h)) for h in HAZARDS],
        "HazardFootprint": [{"hazard": h, "kind": kind, "id": i}
                            for h, fp in FOOTPRINTS.items()
                            for kind in ("site", "landing", "ix") for i in fp[kind]],
        "Criteria": [dict(zip(SHEET_COLUMNS["Criteria"], c)) for c in CRITERIA],
        "Reservations": [dict(zip(SHEET_COLUMNS["Reservations"], r)) for r in RESERVATIONS],
        "Periods": period_rows(),
        "Profiles": profile_rows(),
        "Sources": [dict(zip(SHEET_COLUMNS["Sources"], s)) for s in SOURCES],
        "RowNotes": [dict(zip(SHEET_COLUMNS["RowNotes"], n)) for n in ROW_NOTES],
    }


def _header(col: str, sheet: str = "") -> str:
    unit = None if sheet in SIDE_SHEETS else UNITS.get(col)
    return f"{col} {unit}" if unit else col


def build_workbook(path: str | Path = DEFAULT_OUT) -> Path:
    """Write the Japan case workbook to ``path`` and return the path."""
    path = Path(path)
    data = table_data()
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    readme = wb.create_sheet("README")
    for i, line in enumerate(README_LINES, start=1):
        readme.cell(row=i, column=1, value=line)
    readme.column_dimensions["A"].width = 100
    for name, cols in SHEETS:
        ws = wb.create_sheet(name)
        for j, col in enumerate(cols, start=1):
            ws.cell(row=1, column=j, value=_header(col, name)).font = bold
            ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = max(10, len(_header(col, name)) + 2)
        for i, row in enumerate(data[name], start=2):
            for j, col in enumerate(cols, start=1):
                value = row.get(col)
                if value is not None:
                    ws.cell(row=i, column=j, value=value)
        ws.freeze_panes = "A2"
    wb.properties.creator = "wattbit-planner inputs/build_japan_case.py"
    wb.properties.created = datetime(2025, 1, 1)
    wb.properties.modified = datetime(2025, 1, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


PACKAGED_COPY = Path(__file__).resolve().parent.parent / "planner" / "data" / "japan_watt_bit.xlsx"
"""The copy shipped inside the package, so `wattbit run` works from any install."""


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    print(build_workbook(out))
    if len(argv) == 1:
        shutil.copyfile(out, PACKAGED_COPY)
        print(PACKAGED_COPY)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
