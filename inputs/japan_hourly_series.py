"""Generate a synthetic year of hourly series for the Japan case: ``inputs/japan_hourly_series.csv``.

Usage::

    python inputs/japan_hourly_series.py [OUT.csv]

Offline (no downloads), seeded and deterministic. The areas, their reference
cities and the regions are those of ``inputs/build_japan_case.py``. Every value
is a **profile multiplier** in the sense of FORMULATION.md section 4.1, so that
``planner/studies/periods.py`` can turn the year into representative days:

=====================  =====================================================================
column                 meaning (hour 0 = 1 January 00:00-01:00 JST, a 365-day year)
=====================  =====================================================================
``solar:<area>``       PV output per MW installed (capacity factor, 0..1)
``wind:<area>``        wind output per MW installed (capacity factor, 0..1)
``surplus:<area>``     curtailed PV per MW of PV installed (the area's 出力制御; a
                       ``surplus_profile`` for ``surplus_mw`` = MW of PV whose curtailment
                       the DCs may take)
``price:<area>``       multiplier on the area's energy price (time mean 1)
``headroom:TKY|KNS``   multiplier on the area's ``supply_mw`` (1, dipping at the evening net peak)
``demand:<region>``    multiplier on ``demand_mw`` (flat 1: DC load is flat; the flexible share
                       is a scalar per region, ``FLEXIBLE_SHARE`` below)
=====================  =====================================================================

How each series is made
-----------------------
*Solar.* pvlib clear-sky irradiance (Ineichen, pvlib's bundled Linke turbidity) at the
area's reference city, transposed to a 20° south-facing plane (isotropic sky). Cloudiness:
each area's monthly relative sunshine (sunshine hours / possible hours) follows a seasonal
template (Pacific side, Japan-Sea side or Okinawa) scaled so that the year's sunshine
hours equal the city's 1991-2020 normal. A day's relative sunshine s is drawn from a Beta
distribution around the month's value (Gaussian copula, AR(1) from day to day, correlated
between areas). Irradiance on a day is clear-sky x (0.25 + 0.5 s) / 0.75 (Ångström-Prescott,
FAO-56 coefficients). The performance ratio is set so that the mean capacity factor over
the ten areas is METI's measured 13.8 %.

*Wind.* Hub-height speed with a Weibull marginal (shape k = 2) whose scale has a winter
maximum; a Gaussian AR(1) process (e-folding time 48 h, so day-to-day correlation
exp(-1/2) = 0.61) drives it through the Weibull quantile. The innovations of the ten areas
are correlated as exp(-d / 311 km). A generic power curve (cut-in 3, rated 12, cut-out
25 m/s) turns speed into output; each area's Weibull scale is set so that its annual
capacity factor is the national 20.8 %.

*Grid load, net load, curtailment, price, headroom.* Each area has a grid-load model:
heating/cooling degrees from a seasonal temperature curve plus a daily AR(1) anomaly,
a diurnal shape with a winter evening peak (17-19 h) and a summer afternoon peak, and
lower load on weekends and holidays. Net load = load - PV - wind, with the area's PV
energy share from its VRE-to-minimum-demand ratio. Curtailment is the PV above a
must-run floor of net load; the floor is set so that curtailed / PV energy is the area's
published FY2024 curtailment rate. The price multiplier is 0.01 JPY/kWh (JEPX's floor)
while curtailing and otherwise rises as (net load above the floor)^1.5, capped at 4 and
scaled to a time mean of 1. Headroom (Tokyo, Kansai) is 1 except in the top 5 % of
net-load hours, where it falls linearly to 1 - depth at the year's net-load peak; depth is
0.30 for Tokyo and 0.20 for Kansai. The dips therefore sit at the evening net peak, when
demand is high and PV has gone (as in the June 2022 Tokyo alerts, 15-20 h, and winter
evenings, 17-18 h): about 435 h a year, 95 % of them at 15-22 h, mostly December-February.

Sources
-------
[S] secondary source; [D] derived by us (arithmetic in the note); ASSUMPTION: no published
figure found in the stored material. The same table is in ``inputs/hourly_sources.md``.

=====================================  ============================================  ==========================================================================
item                                   value                                         source
=====================================  ============================================  ==========================================================================
area reference points                  Sapporo, Sendai, Tokyo, Nagoya, Kanazawa,     ``build_japan_case.REGIONS`` (the case's region cities)
                                       Osaka, Hiroshima, Takamatsu, Fukuoka, Naha
annual sunshine hours (1991-2020)      1718.0, 1836.9, 1933.3, 2141.3, 1711.2,       JMA daily data aggregated by https://small-circle-fx.com/kishodai1991-2020_nisshojikan_year_ave/ [S]
                                       2048.6, 2033.1, 2047.5, 1889.4, 1727.1 h
Pacific-side monthly template          relative sunshine 60.9 54.3 47.0 44.4 42.2    Tokyo dekad 日照率 1961-2012 (JMA data), http://okatabi.hill-in-biei.com/archives/22120253.html [S]; monthly = mean of dekads [D]
                                       29.6 34.0 43.7 33.8 39.3 48.3 58.2 %
Japan-Sea monthly template             Kanazawa h: Jan 62, Feb 85, Mar 150, Apr 190, anchors: Aug 221.5 h (1981-2010 normal, Hokkoku Shimbun via https://kkb-jp.com/chairman/2015/06/05/kanazawa-is-from-spring-autumn-sunshine-hours-than-in-tokyo-long [S]);
                                       May 205, Jun 165, Jul 175, Aug 221.5,         Dec 68.9 h normal (https://news.infoseek.co.jp/amp/article/mainichi_20250114k0000m040169000c [S]); Jan ≈ 1/3 of Tokyo, winter < 1/2 (same [S]);
                                       Sep 160, Oct 155, Nov 110, Dec 68.9           ~70 h winter / ~180 h summer months (Kanazawa LMO via http://sakuraso.jp/house/modules/engei/index.php/content0687.html [S]); other months ASSUMPTION (interpolated)
Okinawa monthly template               Naha h: 93 93 115 130 160 180 250 230 200     ASSUMPTION (shape only; scaled to the 1727.1 h normal)
                                       170 130 110
template per area                      HKD ½ Pacific + ½ Japan-Sea; HKR Japan-Sea;   ASSUMPTION
                                       KYS 0.7 Pacific + 0.3 Japan-Sea; OKN Okinawa;
                                       others Pacific
Ångström-Prescott                      Rs = (0.25 + 0.50 n/N) Ra; clear sky 0.75 Ra  FAO-56 eq. 35-36 (Allen et al. 1998), via https://www.progressivegardening.com/agricultural-engineering/rs-%5Bas-bs-n-n-ra532.html and NCL radsol_fao56 docs
daily sunshine spread                  Beta, concentration 3; AR(1) 0.4 day to day;  ASSUMPTION
                                       correlation exp(-d / 500 km)
PV plane                               tilt 20°, azimuth 180°                        ASSUMPTION
PV capacity factor (national mean)     13.8 %                                        METI 調達価格等算定委員会: measured Jul 2015-Jun 2016, ≥10 kW all 13.8 % (≥1 MW 15.1 %, ≥2 MW 16.3 %), http://techon.nikkeibp.co.jp/atcl/news/16/120505319/ [S]
wind capacity factor                   20.8 % every area                             IEA Wind TCP, Japan 2020 national capacity factor, https://iea-wind.org/about-iea-wind-tcp/members/japan/ ; same in every area: ASSUMPTION
Weibull shape k                        2.0 (Rayleigh)                                ASSUMPTION (typical value, e.g. Finnish wind atlas k≈2, http://www.tuuliatlas.fi/mallinnus/mallinnus_2_1.html; NEDO's map gives k per mesh, not used)
wind seasonal scale                    1 + 0.15 cos(2π(doy - 15)/365)                ASSUMPTION (winter monsoon maximum)
wind persistence                       AR(1), e-folding 48 h                         ASSUMPTION anchored on "windy/non-windy periods last 2-10 days", https://thundersaidenergy.com/downloads/inter-correlations-between-offshore-wind-farms/embed/ [S]
wind correlation length                L = 311 km: corr = exp(-d/L)                  [D] from Giebel: 12-h averaged wind power changes correlate 0.2 at 500 km, L = 500/ln 5, https://gc.transnational-renewables.org/Lecture_Magdeburg_2001_-_Slide_43 [S]
power curve                            cut-in 3, rated 12, cut-out 25 m/s, cubic     ASSUMPTION (generic)
curtailment rate FY2024 (solar+wind)   HKD 0.04, THK 1.3, CBU 0.3, HKR 0.9, KNS 2.1, METI 次世代電力系統WG (4th, 2025-09-24) via http://neiaap.net/article/49afc16d-a628-49ee-b627-98bfd00ddb80 [S]
                                       CGK 2.3, SKK 3.2, KYS 4.8, OKN 0.15 %         (Kyushu FY2023 8.3 %, 1.29 TWh: https://asuguri.jp/output-curtailment-kyuden/ [S])
curtailment rate Tokyo                 0.042 %                                       FY2025 outlook, same source (no FY2024 figure)
VRE / minimum demand                   THK 1.34, CGK 1.58, SKK 1.52, KYS 1.67        FY2025 outlook, 第1回 次世代電力系統WG via https://blog.eco-megane.jp/2025%E5%B9%B4%E5%BA%A6%E3%81%AE%E5%87%BA%E5%8A%9B%E5%88%B6%E5%BE%A1%E7%9F%AD%E6%9C%9F%E8%A6%8B%E9%80%9A%E3%81%97 [S]
PV energy share, other areas           HKD 7, TKY 9, CBU 11, HKR 6, KNS 8, OKN 7 %   ASSUMPTION around Japan's 9.9 % solar share of generation in 2022 (https://en.iwiki.icu/wiki/Solar_power_in_Japan [S])
wind energy share                      HKD 4, THK 5, other areas 0.5 %               ASSUMPTION around the national 0.89 % (IEA Wind TCP 2020, above)
curtailment is PV                      curtailment applied to PV only                REI: "curtailment is essentially solar curtailment", https://www.renewable-ei.org/en/activities/column/REupdate/20240411.php
price floor                            0.01 JPY/kWh                                  JEPX minimum; daytime 0.01 JPY/kWh in Kyushu/West on weekends and weekdays in Feb-Mar 2023, http://techon.nikkeibp.co.jp/energy/atcl/19/feature/00003/00035/ [S]; https://zecpower.co.jp/zp-article-11/ [S]
price curve                            (net load above floor)^1.5, cap 4 x mean      ASSUMPTION
heating sensitivity                    3.3 % of mean load per °C below 14 °C         [D] TEPCO: in March 1 °C colder = +1 GW demand (Nikkei 2022-03-23, https://www.nikkei.com/article/DGXZQOUA231NW0T20C22A3000000/) over ~30 GW mean Tokyo load (ASSUMPTION); 14 °C threshold ASSUMPTION
cooling sensitivity                    3.0 % per °C above 22 °C                      ASSUMPTION
Tokyo temperature normals              Jan 5.2 °C, Aug 26.4 °C (1981-2010)           JMA via https://adeac.jp/minato-city/texthtml/d110110/mp100110-110110/ht000450
other areas' temperature normals       see ``TEMPERATURE``                           ASSUMPTION (approximate JMA normals, not in the stored material)
daily temperature anomaly              AR(1) 0.7, σ 2.5 °C, corr exp(-d / 800 km)   ASSUMPTION
diurnal load shape                     night 0.80, evening bump at 18 h, summer      ASSUMPTION; winter peak 17-18 h in TEPCO でんき予報 (https://w3.ikebukuro-net.jp/archives/info/denki202212 [S])
                                       afternoon bump at 14.5 h
weekend / holiday load                 Sat -8 %, Sun and holidays -12 % (daytime)    ASSUMPTION; low weekend demand is why Kyushu curtails on weekends (https://techon.nikkeibp.co.jp/atcl/news/16/101511588/ [S])
holidays                               2023 national holidays + 1-3 Jan, 13-16 Aug,  Cabinet Office 国民の祝日 (2023); customary company holidays ASSUMPTION
                                       29-31 Dec
headroom window                        top 5 % net-load hours; depth TKY 0.30,       ASSUMPTION; tight hours at the evening net peak: Tokyo alerts June 2022 "15-20 h, as PV falls" (https://www.watch.impress.co.jp/docs/news/1420685.html [S]),
                                       KNS 0.20                                      27 June 2022 16 h usage 98 % (Nikkei via https://greta.5ch.net/test/read.cgi/poverty/1656297426/630-729 [S])
DC load                                flat (multiplier 1)                           ASSUMPTION (the brief: DC load flat)
flexible share (training pool TRN)     0.25                                          ASSUMPTION anchored on Emerald AI's field test: 25 % lower AI-cluster power for 3 h with QoS kept (arXiv:2507.00909, https://www.emergentmind.com/papers/2507.00909); London >30 % up to 10 h ([S] https://coindesk.cc/nvidia-and-oracle-study-shows-ai-data-centers-can-cut-power-by-30-during-grid-stress-77038.html)
flexible share (user regions)          0.10                                          ASSUMPTION (batch and back-office share of latency-bound regions); cf. Duke "Rethinking Load Growth" (2025): ~100 GW of US headroom at 0.5 % curtailment of uptime (https://theronris.com/article/rethinking-load-growth-assessing-the-potential-for-integration-of-large-flexible-loads-in-us-power-systems)
seed                                   20250101                                      —
=====================================  ============================================  ==========================================================================
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_japan_case import AREAS, REGIONS, TRAINING_REGION, km_between  # noqa: E402

DEFAULT_OUT = HERE / "japan_hourly_series.csv"
SEED = 20250101
YEAR = 2023  # the weekday calendar (1 January 2023 is a Sunday); 365 days
HOURS = 8760
DAYS = 365

# --- area reference points (the case's region city in each grid area) -----
AREA_CITY = {"HKD": "SAP", "THK": "SEN", "TKY": "TYO", "CBU": "NGO", "HKR": "KNZ",
             "KNS": "OSA", "CGK": "HRS", "SKK": "TAK", "KYS": "FKO", "OKN": "OKI"}
AREA_IDS = [a[0] for a in AREAS]
ENERGY_PRICE = {a[0]: a[5][0] for a in AREAS}  # around2030 JPY/kWh, for the price floor
_CITY = {r[0]: (r[2], r[3]) for r in REGIONS}
POINT = {area: _CITY[city] for area, city in AREA_CITY.items()}

# --- solar ---------------------------------------------------------------
SUNSHINE_HOURS = {  # annual normals 1991-2020 of the reference city [S]
    "HKD": 1718.0, "THK": 1836.9, "TKY": 1933.3, "CBU": 2141.3, "HKR": 1711.2,
    "KNS": 2048.6, "CGK": 2033.1, "SKK": 2047.5, "KYS": 1889.4, "OKN": 1727.1,
}
PACIFIC_RATIO = [0.609, 0.543, 0.470, 0.444, 0.422, 0.296, 0.340, 0.437, 0.338, 0.393, 0.483, 0.582]
JAPAN_SEA_HOURS = [62, 85, 150, 190, 205, 165, 175, 221.5, 160, 155, 110, 68.9]  # Kanazawa
OKINAWA_HOURS = [93, 93, 115, 130, 160, 180, 250, 230, 200, 170, 130, 110]  # ASSUMPTION
TEMPLATE = {  # weights of (Pacific, Japan-Sea, Okinawa)
    "HKD": (0.5, 0.5, 0.0), "THK": (1, 0, 0), "TKY": (1, 0, 0), "CBU": (1, 0, 0),
    "HKR": (0, 1, 0), "KNS": (1, 0, 0), "CGK": (1, 0, 0), "SKK": (1, 0, 0),
    "KYS": (0.7, 0.3, 0.0), "OKN": (0, 0, 1),
}
ANGSTROM_A, ANGSTROM_B = 0.25, 0.50  # FAO-56
SUNSHINE_CONCENTRATION = 3.0  # Beta(s*c, (1-s)*c)
SUNSHINE_AR1 = 0.4
SUNSHINE_CORR_KM = 500.0
PV_TILT, PV_AZIMUTH = 20.0, 180.0
PV_CF_TARGET = 0.138  # METI measured, >= 10 kW

# --- wind ----------------------------------------------------------------
WIND_CF_TARGET = 0.208  # IEA Wind TCP, Japan 2020
WEIBULL_K = 2.0
WIND_SEASON_AMPLITUDE = 0.15
WIND_TAU_HOURS = 48.0
WIND_CORR_KM = 500.0 / math.log(5.0)  # 311 km [D]
CUT_IN, RATED, CUT_OUT = 3.0, 12.0, 25.0

# --- grid load, curtailment, price, headroom ------------------------------
TEMPERATURE = {  # (January, August) mean °C; Tokyo sourced, others ASSUMPTION
    "HKD": (-3.2, 22.4), "THK": (2.0, 24.4), "TKY": (5.2, 26.4), "CBU": (4.8, 28.2),
    "HKR": (4.0, 27.0), "KNS": (6.2, 28.8), "CGK": (5.4, 28.2), "SKK": (5.9, 28.5),
    "KYS": (6.9, 28.1), "OKN": (17.3, 29.1),
}
HEAT_PER_DEG, HEAT_BELOW = 0.033, 14.0
COOL_PER_DEG, COOL_ABOVE = 0.030, 22.0
TEMP_AR1, TEMP_SIGMA, TEMP_CORR_KM = 0.7, 2.5, 800.0
SATURDAY_DROP, SUNDAY_DROP = 0.08, 0.12
CURTAILMENT_RATE = {  # FY2024 actual (TKY: FY2025 outlook), solar + wind
    "HKD": 0.0004, "THK": 0.013, "TKY": 0.00042, "CBU": 0.003, "HKR": 0.009,
    "KNS": 0.021, "CGK": 0.023, "SKK": 0.032, "KYS": 0.048, "OKN": 0.0015,
}
VRE_TO_MIN_DEMAND = {"THK": 1.34, "CGK": 1.58, "SKK": 1.52, "KYS": 1.67}  # FY2025 outlook
PV_SHARE = {"HKD": 0.07, "TKY": 0.09, "CBU": 0.11, "HKR": 0.06, "KNS": 0.08, "OKN": 0.07}
WIND_SHARE = {"HKD": 0.04, "THK": 0.05}
WIND_SHARE_OTHER = 0.005
PRICE_FLOOR_JPY = 0.01
PRICE_EXPONENT, PRICE_CAP = 1.5, 4.0
HEADROOM_QUANTILE = 0.95
HEADROOM_DEPTH = {"TKY": 0.30, "KNS": 0.20}

# --- DC demand ------------------------------------------------------------
FLEXIBLE_SHARE = {r[0]: 0.10 for r in REGIONS}
FLEXIBLE_SHARE[TRAINING_REGION[0]] = 0.25
"""Demand.flexible_share per region (a scalar, not a series): see the sources table."""

HOLIDAYS_2023 = [  # national holidays (Cabinet Office) and customary company holidays
    "01-01", "01-02", "01-03", "01-09", "02-11", "02-23", "03-21", "04-29", "05-03", "05-04",
    "05-05", "07-17", "08-11", "08-13", "08-14", "08-15", "08-16", "09-18", "09-23", "10-09",
    "11-03", "11-23", "12-29", "12-30", "12-31",
]


# ---------------------------------------------------------------------------
def _distance_matrix(ids: list[str]) -> np.ndarray:
    return np.array([[km_between(*POINT[a], *POINT[b]) for b in ids] for a in ids])


def _correlated_normals(rng: np.random.Generator, n: int, corr: np.ndarray) -> np.ndarray:
    """n draws of a standard normal vector with correlation ``corr`` (rows = draws)."""
    chol = np.linalg.cholesky(corr + 1e-9 * np.eye(len(corr)))
    return rng.standard_normal((n, len(corr))) @ chol.T


def _ar1(rng: np.random.Generator, n: int, phi: float, corr: np.ndarray) -> np.ndarray:
    """Stationary AR(1) with unit variance per column and innovations correlated by ``corr``."""
    eps = _correlated_normals(rng, n, corr)
    out = np.empty_like(eps)
    out[0] = eps[0]
    scale = math.sqrt(1.0 - phi * phi)
    for t in range(1, n):
        out[t] = phi * out[t - 1] + scale * eps[t]
    return out


def _calendar() -> tuple[pd.DatetimeIndex, np.ndarray, np.ndarray]:
    """Hour stamps (JST), day of year (1..365) per day, and day type per day (0 work, 1 Sat, 2 Sun/holiday)."""
    stamps = pd.date_range(f"{YEAR}-01-01 00:00", periods=HOURS, freq="h")
    days = pd.date_range(f"{YEAR}-01-01", periods=DAYS, freq="D")
    holidays = {pd.Timestamp(f"{YEAR}-{md}") for md in HOLIDAYS_2023}
    kind = np.array([2 if (d.weekday() == 6 or d in holidays) else 1 if d.weekday() == 5 else 0
                     for d in days])
    return stamps, days.day_of_year.to_numpy(), kind


def _daylength(lat: float, doy: np.ndarray) -> np.ndarray:
    """Possible sunshine hours N (FAO-56 eq. 34 with the sunset hour angle)."""
    decl = 0.409 * np.sin(2 * np.pi * doy / 365 - 1.39)
    ws = np.arccos(np.clip(-np.tan(math.radians(lat)) * np.tan(decl), -1, 1))
    return 24 / np.pi * ws


def monthly_relative_sunshine(area: str) -> np.ndarray:
    """Relative sunshine n/N per month for an area, scaled to its annual sunshine normal."""
    lat = POINT[area][0]
    days = pd.date_range(f"{YEAR}-01-01", periods=DAYS, freq="D")
    month = days.month.to_numpy() - 1
    possible = np.array([_daylength(lat, days.day_of_year.to_numpy()[month == m]).sum() for m in range(12)])
    sea = np.array(JAPAN_SEA_HOURS) / possible
    okinawa = np.array(OKINAWA_HOURS) / possible
    wp, ws, wo = TEMPLATE[area]
    ratio = wp * np.array(PACIFIC_RATIO) + ws * sea + wo * okinawa
    ratio *= SUNSHINE_HOURS[area] / float((ratio * possible).sum())
    return np.clip(ratio, 0.02, 0.95)


def solar_series(rng: np.random.Generator, stamps: pd.DatetimeIndex) -> tuple[pd.DataFrame, float]:
    """Capacity factors per area and the performance ratio that meets the national target."""
    import pvlib

    times = (stamps + pd.Timedelta(minutes=30)).tz_localize("Asia/Tokyo")  # mid-hour
    dist = _distance_matrix(AREA_IDS)
    z = _ar1(rng, DAYS, SUNSHINE_AR1, np.exp(-dist / SUNSHINE_CORR_KM))  # (365, areas)
    u = stats.norm.cdf(z)
    month = pd.date_range(f"{YEAR}-01-01", periods=DAYS, freq="D").month.to_numpy() - 1
    raw = {}
    for j, area in enumerate(AREA_IDS):
        lat, lon = POINT[area]
        site = pvlib.location.Location(lat, lon, tz="Asia/Tokyo")
        clear = site.get_clearsky(times, model="ineichen")
        sun = site.get_solarposition(times)
        poa = pvlib.irradiance.get_total_irradiance(
            PV_TILT, PV_AZIMUTH, sun["apparent_zenith"], sun["azimuth"],
            clear["dni"], clear["ghi"], clear["dhi"])["poa_global"].fillna(0).to_numpy()
        s_month = monthly_relative_sunshine(area)[month]
        c = SUNSHINE_CONCENTRATION
        s_day = stats.beta.ppf(u[:, j], s_month * c, (1 - s_month) * c)
        derate = (ANGSTROM_A + ANGSTROM_B * s_day) / (ANGSTROM_A + ANGSTROM_B)
        raw[f"solar:{area}"] = np.clip(poa, 0, None) / 1000.0 * np.repeat(derate, 24)
    frame = pd.DataFrame(raw)
    pr = PV_CF_TARGET / float(frame.mean().mean())
    return (frame * pr).clip(upper=1.0), pr


def _power_curve(v: np.ndarray) -> np.ndarray:
    out = np.where((v >= CUT_IN) & (v < RATED), (v ** 3 - CUT_IN ** 3) / (RATED ** 3 - CUT_IN ** 3), 0.0)
    return np.where((v >= RATED) & (v < CUT_OUT), 1.0, out)


def wind_series(rng: np.random.Generator, doy_hour: np.ndarray) -> pd.DataFrame:
    dist = _distance_matrix(AREA_IDS)
    z = _ar1(rng, HOURS, math.exp(-1.0 / WIND_TAU_HOURS), np.exp(-dist / WIND_CORR_KM))
    u = np.clip(stats.norm.cdf(z), 1e-12, 1 - 1e-12)
    shape = (-np.log1p(-u)) ** (1.0 / WEIBULL_K)  # Weibull quantile with scale 1
    season = 1.0 + WIND_SEASON_AMPLITUDE * np.cos(2 * np.pi * (doy_hour - 15) / 365)
    out = {}
    for j, area in enumerate(AREA_IDS):
        lo, hi = 1.0, 30.0  # Weibull scale (m/s) by bisection on the annual capacity factor
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            cf = _power_curve(mid * season * shape[:, j]).mean()
            lo, hi = (mid, hi) if cf < WIND_CF_TARGET else (lo, mid)
        out[f"wind:{area}"] = _power_curve(0.5 * (lo + hi) * season * shape[:, j])
    return pd.DataFrame(out)


def grid_load(rng: np.random.Generator, doy: np.ndarray, kind: np.ndarray) -> pd.DataFrame:
    """Grid load per area in units of its annual mean (8760 x areas)."""
    dist = _distance_matrix(AREA_IDS)
    anomaly = TEMP_SIGMA * _ar1(rng, DAYS, TEMP_AR1, np.exp(-dist / TEMP_CORR_KM))
    hour = np.arange(24)
    daytime = 1 / (1 + np.exp(-(hour - 7.0))) - 1 / (1 + np.exp(-(hour - 22.5)))  # 0 at night, 1 in the day
    evening = np.exp(-0.5 * ((hour - 18.0) / 1.5) ** 2)
    afternoon = np.exp(-0.5 * ((hour - 14.5) / 2.0) ** 2)
    day_weight = 0.4 + 0.6 * daytime
    out = {}
    for j, area in enumerate(AREA_IDS):
        jan, aug = TEMPERATURE[area]
        mean, amp = (jan + aug) / 2, (aug - jan) / 2
        temp = mean - amp * np.cos(2 * np.pi * (doy - 20) / 365) + anomaly[:, j]  # coldest ~20 Jan
        weather = 1 + HEAT_PER_DEG * np.clip(HEAT_BELOW - temp, 0, None) \
                    + COOL_PER_DEG * np.clip(temp - COOL_ABOVE, 0, None)
        summer = np.clip((temp - COOL_ABOVE) / 5.0, 0, 1)  # 0..1: how much of a cooling day
        diurnal = (0.80 + 0.22 * daytime[None, :]
                   + (0.06 * (1 - summer))[:, None] * evening[None, :]
                   + (0.05 * summer)[:, None] * afternoon[None, :])
        drop = np.select([kind == 1, kind == 2], [SATURDAY_DROP, SUNDAY_DROP], 0.0)
        load = weather[:, None] * diurnal * (1 - drop[:, None] * day_weight[None, :])
        out[area] = (load / load.mean()).reshape(HOURS)
    return pd.DataFrame(out)


def _floor_for_rate(net: np.ndarray, pv: np.ndarray, rate: float) -> float:
    """Must-run floor of net load at which curtailed / PV energy equals ``rate``."""
    total = pv.sum()
    lo, hi = float(net.min()) - 1.0, float(net.max())
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        cut = np.minimum(pv, np.clip(mid - net, 0, None)).sum() / total
        lo, hi = (mid, hi) if cut < rate else (lo, mid)
    return 0.5 * (lo + hi)


def grid_series(load: pd.DataFrame, solar: pd.DataFrame, wind: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Surplus, price and headroom series, and per-area facts for the sanity print."""
    out, facts = {}, {}
    for area in AREA_IDS:
        cf, wcf, ld = solar[f"solar:{area}"].to_numpy(), wind[f"wind:{area}"].to_numpy(), load[area].to_numpy()
        share = (VRE_TO_MIN_DEMAND[area] * ld.min() * cf.mean() if area in VRE_TO_MIN_DEMAND
                 else PV_SHARE[area])
        pv = share * cf / cf.mean()  # PV output in units of mean load
        net = ld - pv - WIND_SHARE.get(area, WIND_SHARE_OTHER) * wcf / wcf.mean()
        floor = _floor_for_rate(net, pv, CURTAILMENT_RATE[area])
        curtailed = np.minimum(pv, np.clip(floor - net, 0, None))
        out[f"surplus:{area}"] = curtailed * cf.mean() / share  # per MW of PV installed
        above = np.clip(net - floor, 0, None) ** PRICE_EXPONENT
        low = PRICE_FLOOR_JPY / ENERGY_PRICE[area]
        price = low + (1 - low) * above / above.mean()
        for _ in range(20):  # cap, then rescale to a time mean of 1
            price = np.minimum(price, PRICE_CAP)
            price = low + (price - low) * (1 - low) / (price.mean() - low)
        out[f"price:{area}"] = np.minimum(price, PRICE_CAP)
        facts[area] = {"pv_share": share, "floor": floor,
                       "curtailed_pct": 100 * curtailed.sum() / pv.sum(), "net": net}
        if area in HEADROOM_DEPTH:
            q = np.quantile(net, HEADROOM_QUANTILE)
            dip = np.clip((net - q) / (net.max() - q), 0, 1)
            out[f"headroom:{area}"] = 1 - HEADROOM_DEPTH[area] * dip
    return pd.DataFrame(out), facts


def generate(seed: int = SEED) -> tuple[pd.DataFrame, dict]:
    """The year of series (8760 rows, ``time`` column first) and facts for the sanity check."""
    rng = np.random.default_rng(seed)
    stamps, doy, kind = _calendar()
    doy_hour = np.repeat(doy, 24)
    solar, pr = solar_series(rng, stamps)
    wind = wind_series(rng, doy_hour)
    load = grid_load(rng, doy, kind)
    grid, facts = grid_series(load, solar, wind)
    demand = pd.DataFrame({f"demand:{r[0]}": np.ones(HOURS)
                           for r in [*REGIONS, TRAINING_REGION]})
    surplus = grid[[c for c in grid if c.startswith("surplus:")]]
    price = grid[[c for c in grid if c.startswith("price:")]]
    headroom = grid[[c for c in grid if c.startswith("headroom:")]]
    series = pd.concat([solar, wind, surplus, price, headroom, demand], axis=1).round(3)
    series.insert(0, "time", stamps.strftime("%Y-%m-%d %H:%M"))
    facts["_pr"] = pr
    facts["_hour_of_dip"] = {c: np.bincount(np.flatnonzero(headroom[c].to_numpy() < 1) % 24, minlength=24)
                             for c in headroom}
    return series, facts


def sanity_report(series: pd.DataFrame, facts: dict) -> str:
    lines = [f"PV performance ratio (calibrated to {PV_CF_TARGET:.1%} mean CF): {facts['_pr']:.3f}",
             f"{'series':<16} {'mean':>7} {'MWh/MW/yr':>10} {'min':>6} {'max':>6}  note"]
    for col in series.columns[1:]:
        x = series[col].to_numpy()
        note = ""
        kind, ident = col.split(":")
        if kind == "surplus":
            f = facts[ident]
            note = (f"curtailed {f['curtailed_pct']:.2f} % of PV (target "
                    f"{100 * CURTAILMENT_RATE[ident]:.3g} %), PV share {f['pv_share']:.1%}")
        elif kind == "headroom":
            hist = facts["_hour_of_dip"][col]
            top = ", ".join(f"{h}h:{hist[h]}" for h in np.argsort(-hist)[:4] if hist[h])
            note = f"{int((x < 1).sum())} h below 1; by hour {top}"
        elif kind == "price":
            note = f"{int((x < 0.01).sum())} h at the floor"
        lines.append(f"{col:<16} {x.mean():>7.3f} {x.sum():>10.1f} {x.min():>6.3f} {x.max():>6.3f}  {note}")
    wind = series[[c for c in series if c.startswith("wind:")]]
    corr = wind.corr().to_numpy()
    dist = _distance_matrix(AREA_IDS)
    pairs = [(dist[i, k], corr[i, k]) for i in range(len(dist)) for k in range(i + 1, len(dist))]
    for lo, hi in ((0, 300), (300, 600), (600, 1000), (1000, 3000)):
        vals = [c for d, c in pairs if lo <= d < hi]
        if vals:
            lines.append(f"wind correlation, pairs {lo}-{hi} km apart: mean {np.mean(vals):.2f} "
                         f"(exp(-d/L) at mid {math.exp(-(lo + hi) / 2 / WIND_CORR_KM):.2f}; n={len(vals)})")
    lines.append("flexible share per region: " + ", ".join(f"{k} {v:.2f}" for k, v in FLEXIBLE_SHARE.items()))
    return "\n".join(lines)


def write_csv(series: pd.DataFrame, path: str | Path) -> Path:
    path = Path(path)
    series.to_csv(path, index=False, float_format="%g", lineterminator="\n")
    return path


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    series, facts = generate()
    write_csv(series, out)
    print(sanity_report(series, facts))
    print(f"{out}: {len(series)} rows x {len(series.columns) - 1} series, {out.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
