"""Operations-mode data for synthetic cases (FORMULATION.md §4): ``wattbit synth --periods P --steps K``.

``add_operations(rows, witness, periods=P, steps=K, seed=S)`` adds a ``Periods`` sheet
(P representative periods whose days sum to 365, K steps each, ``step_hours = 24 / K``)
and a ``Profiles`` sheet, and fills the §4.1 operations columns of the capacity case
``planner.synth.generator`` built:

- AreaSupply: ``supply_profile`` (headroom with an evening dip of at most 10 %),
  ``price_profile`` (dearer in the evening, cheaper at midday), ``surplus_mw`` with a
  solar ``surplus_profile`` and ``surplus_price_jpy_per_kwh`` in renewable-rich areas;
- Demand: ``flexible_share`` 0.2-0.4 for some regions (always the training pool);
- Sites: ``battery_hours`` 2-4 h and ``battery_efficiency`` 0.9 at some sites with
  non-firm headroom; ``cogen_max_mw``, ``cogen_capex_mjpy_per_mw``,
  ``cogen_fuel_jpy_per_kwh`` and ``cogen_carbon_t_per_mwh`` at a few cluster sites.

Still feasible by construction: the generator's witness plan draws
``pue * it_mw`` at every site and step (demand profiles stay blank, flexible work runs
evenly), with no battery, cogeneration or link flow. Where an area's
``supply_mw * min(supply profile)`` would fall below that draw, ``supply_mw`` is raised
to ``draw / min(profile)`` (rounded up to 10 MW), so the witness is covered at every step.

Deterministic: a separate generator ``numpy.random.default_rng([seed, 4])`` so the
capacity rows are untouched (and ``periods=0`` changes nothing).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from planner.synth.generator import Rows, Witness

MAX_DIP = 0.10
"""Deepest evening dip of an area's supply headroom (share of supply_mw)."""
EVENING = (16.0, 22.0)
"""Hours of the day (step midpoints) that count as the evening peak."""
SURPLUS_AREAS = ("HKD", "THK", "CGK", "SKK", "KYS", "SKY")
"""Areas with renewable output the grid would otherwise curtail."""
BATTERY_EFFICIENCY = 0.9
SOLAR = "SOLAR"


def _hours(steps: int) -> list[float]:
    """Midpoint hour of each of ``steps`` equal steps of a day."""
    width = 24.0 / steps
    return [(k + 0.5) * width for k in range(steps)]


def _days(rng: np.random.Generator, periods: int) -> list[int]:
    """``periods`` whole day counts >= 1 summing to 365, roughly equal, seeded."""
    weights = 0.7 + 0.6 * rng.random(periods)
    raw = 1 + (365 - periods) * weights / weights.sum()
    days = [int(math.floor(x)) for x in raw]
    order = np.argsort(-(raw - np.floor(raw)), kind="stable")
    for j in range(365 - sum(days)):
        days[int(order[j % periods])] += 1
    return days


def add_operations(rows: Rows, witness: Witness, periods: int, steps: int = 24, seed: int = 0) -> Rows:
    """Add the Periods and Profiles sheets and the §4.1 operations columns to ``rows`` (in place)."""
    if periods < 1:
        return rows
    if steps < 1:
        raise ValueError("steps must be at least 1")
    rng = np.random.default_rng([int(seed), 4])
    for site in rows["Sites"]:
        site["load_factor"] = None  # not used in operations mode (the reader would warn)
    P, K = int(periods), int(steps)
    period_ids = [f"D{p + 1:02d}" for p in range(P)]
    step_hours = 24.0 / K
    hours = _hours(K)
    days = _days(rng, P)
    rows["Periods"] = [{"period": period_ids[p], "days": float(days[p]), "steps": K, "step_hours": step_hours}
                       for p in range(P)]
    # season of each period: 0 winter .. 1 summer (a cosine over the year)
    season = [0.5 - 0.5 * math.cos(2 * math.pi * (p + 0.5) / P) for p in range(P)]
    profiles: list[dict[str, Any]] = []

    def profile(name: str, value: Any) -> None:
        for p in range(P):
            for k in range(K):
                profiles.append({"profile": name, "period": period_ids[p], "step": k + 1,
                                 "value": round(float(value(p, hours[k])), 4)})

    evening = [EVENING[0] <= h < EVENING[1] for h in hours]

    # ---- AreaSupply: headroom dip, price shape, surplus ------------------------
    supply = rows["AreaSupply"]
    areas = list(dict.fromkeys(r["area"] for r in supply))
    sites = rows["Sites"]
    draw: dict[tuple[str, str], float] = {}
    phase_ids = [ph["phase"] for ph in rows["Phases"]]
    for s in sites:
        mw = witness.it_mw.get(s["site"])
        if mw:
            for t, ph in enumerate(phase_ids):
                key = (s["area"], ph)
                draw[key] = draw.get(key, 0.0) + float(s["pue"]) * mw[t]
    dip_depth = {a: round(0.04 + 0.06 * float(rng.random()), 3) for a in areas}
    lowest: dict[str, float] = {}
    for a in areas:
        depth = dip_depth[a]
        profile(f"SUP_{a}", lambda p, h, d=depth: 1 - d * (0.6 + 0.4 * abs(2 * season[p] - 1))
                if EVENING[0] <= h < EVENING[1] else 1.0)
        lowest[a] = min([1.0] + [round(1 - depth * (0.6 + 0.4 * abs(2 * season[p] - 1)), 4)
                                 for p in range(P) if any(evening)])
        profile(f"PRC_{a}", lambda p, h: 1.25 if EVENING[0] <= h < EVENING[1]
                else (0.85 if 10 <= h < 15 else 1.0))
    profile(SOLAR, lambda p, h: (0.6 + 0.4 * season[p]) * max(0.0, math.sin(math.pi * (h - 6) / 12)))
    surplus_share = {a: 0.1 + 0.2 * float(rng.random()) for a in areas}
    surplus_price = {a: round(3 + 5 * float(rng.random()), 2) for a in areas}
    for row in supply:
        a, ph = row["area"], row["phase"]
        load = draw.get((a, ph), 0.0)
        if row["supply_mw"] is not None:
            row["supply_mw"] = float(max(row["supply_mw"], math.ceil(load / lowest[a] / 10 - 1e-9) * 10))
        row["supply_profile"] = f"SUP_{a}"
        row["price_profile"] = f"PRC_{a}"
        if a in SURPLUS_AREAS and load > 0:
            row["surplus_mw"] = float(max(10.0, round(surplus_share[a] * load, -1)))
            row["surplus_profile"] = SOLAR
            row["surplus_price_jpy_per_kwh"] = surplus_price[a]
        else:
            row["surplus_mw"], row["surplus_profile"], row["surplus_price_jpy_per_kwh"] = 0.0, None, None

    # ---- Demand: flexible shares ----------------------------------------------
    regions = list(dict.fromkeys(r["region"] for r in rows["Demand"]))
    share = {}
    for j, reg in enumerate(regions):
        u = float(rng.random())
        if reg == "R_TRAIN" or u < 0.4 or j == 0:
            share[reg] = round(0.2 + 0.2 * float(rng.random()), 2)
    for row in rows["Demand"]:
        row["flexible_share"] = share.get(row["region"])

    # ---- Sites: batteries and cogeneration ---------------------------------------
    with_battery = [s for s in sites if s.get("grid_nonfirm_mw")]
    pick = rng.random(len(sites))
    hours_at = rng.integers(2, 5, size=len(sites))
    clusters = [i for i, s in enumerate(sites) if s["type"] == "cluster"]
    n_cogen = max(1, len(clusters) // 3) if clusters else 0
    cogen_idx = set(clusters[::max(1, len(clusters) // max(1, n_cogen))][:n_cogen])
    c_u = rng.random((len(sites), 4))
    for i, s in enumerate(sites):
        battery = bool(s.get("grid_nonfirm_mw")) and (pick[i] < 0.5 or s is with_battery[0])
        s["battery_hours"] = float(hours_at[i]) if battery else None
        s["battery_efficiency"] = BATTERY_EFFICIENCY if battery else None
        if i in cogen_idx:
            s["cogen_max_mw"] = float(round(float(s["max_mw"]) * (0.1 + 0.1 * c_u[i, 0])))
            s["cogen_capex_mjpy_per_mw"] = float(round(150 + 100 * c_u[i, 1]))
            s["cogen_fuel_jpy_per_kwh"] = round(15 + 10 * c_u[i, 2], 2)
            s["cogen_carbon_t_per_mwh"] = round(0.35 + 0.1 * c_u[i, 3], 3)
        else:
            s["cogen_max_mw"] = s["cogen_capex_mjpy_per_mw"] = None
            s["cogen_fuel_jpy_per_kwh"] = s["cogen_carbon_t_per_mwh"] = None

    rows["Profiles"] = profiles
    return rows


__all__ = ["BATTERY_EFFICIENCY", "MAX_DIP", "add_operations"]
