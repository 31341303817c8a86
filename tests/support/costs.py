"""The Costs table recomputed from a plan's other tables and the input case.

Written from FORMULATION.md §2 alone (it reads nothing of ``planner.model`` or
``planner.results``): the decisions come from the result tables (Sites, Builds,
Service, Unserved), the prices from the case, and the formulas are the
contract's:

    d_t = (1 + r)^-(year_t - base_year),  w_t = d_t * years_t
    CAPEX_t = sum_s [fixed_s (o_{s,t} - o_{s,t-1}) + capex_s (c_{s,t} - c_{s,t-1})
                     + battery_s (e_{s,t} - e_{s,t-1})
                     + cogen_capex_s (kappa_{s,t} - kappa_{s,t-1})] + sum_b capex_b x_{b,t}
    OPEX_t  = sum_s c_{s,t} [fom_s + pue_s lf_s 8.76 (price_{a(s),t}
                             + carbon_{a(s),t} carbon_price / 1000)]
              + sum cost_{r,s} y_{r,s,t} + penalty sum_r u_{r,t}

with o_{s,0} = [existing_mw_s > 0], c_{s,0} = existing_mw_s, e_{s,0} = kappa_{s,0} = 0
(cogeneration, kappa = Sites.cogen_mw, is FORMULATION.md §4.2's row in both modes).
Capex rows are CAPEX_t's terms (undiscounted) and d_t times them; opex rows are
years_t times OPEX_t's terms (undiscounted) and w_t times them.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

CAPEX = ("site_fixed", "site_capacity", "battery", "cogeneration", "grid", "ix", "route", "cable")
OPEX = ("fom", "energy", "carbon", "service", "unserved")
FAMILY_FRAMES = {"grid": "grid", "ix": "ix", "route": "routes", "cable": "cables"}


def number(value: Any, default: float = 0.0) -> float:
    """A cell as a float; blank (None / NaN) is ``default``."""
    if value is None:
        return default
    value = float(value)
    return default if math.isnan(value) else value


def discounting(case: Any) -> tuple[dict[str, float], dict[str, float]]:
    """d_t and w_t per phase, from discount_rate, base_year and the Phases sheet."""
    rate = number(case.settings.get("discount_rate"), 0.03)
    years = {t: int(case.phases.at[t, "year"]) for t in case.phases.index}
    base = case.settings.get("base_year")
    base = int(base) if base is not None else years[case.phases.index[0]]
    d = {t: (1.0 + rate) ** -(years[t] - base) for t in case.phases.index}
    w = {t: d[t] * number(case.phases.at[t, "years"]) for t in case.phases.index}
    return d, w


def _site_terms(case: Any, sites: pd.DataFrame, t: str, before: str | None) -> dict[str, float]:
    """site_fixed, site_capacity, battery, cogeneration (CAPEX_t) and fom, energy, carbon (OPEX_t
    per year)."""
    supply = {(str(r["area"]), str(r["phase"])): r for r in case.area_supply.to_dict("records")}
    carbon_price = number(case.settings.get("carbon_price_jpy_per_t"))
    now = sites[sites["phase"] == t].set_index("site")
    prior = sites[sites["phase"] == before].set_index("site") if before is not None else None
    terms = dict.fromkeys(("site_fixed", "site_capacity", "battery", "cogeneration", "fom", "energy",
                           "carbon"), 0.0)
    for s, info in case.sites.iterrows():
        row = now.loc[s]
        existing = number(info["existing_mw"])
        was_open = bool(prior.at[s, "open"]) if prior is not None else existing > 0
        had_mw = float(prior.at[s, "it_mw"]) if prior is not None else existing
        had_battery = float(prior.at[s, "battery_mw"]) if prior is not None else 0.0
        had_cogen = float(prior.at[s, "cogen_mw"]) if prior is not None else 0.0
        it_mw = float(row["it_mw"])
        assert float(row["new_it_mw"]) == pytest.approx(it_mw - had_mw, rel=1e-9, abs=1e-9), (s, t)
        terms["site_fixed"] += number(info["fixed_cost_mjpy"]) * (int(bool(row["open"])) - int(was_open))
        terms["site_capacity"] += number(info["capex_mjpy_per_mw"]) * (it_mw - had_mw)
        terms["battery"] += number(info["battery_capex_mjpy_per_mw"]) * (
            float(row["battery_mw"]) - had_battery)
        terms["cogeneration"] += number(info.get("cogen_capex_mjpy_per_mw")) * (
            float(row["cogen_mw"]) - had_cogen)
        mwh_per_mw_year = number(info["pue"], 1.0) * number(info["load_factor"], 1.0) * 8.76
        area = supply.get((str(info["area"]), t), {})
        terms["fom"] += number(info["fom_mjpy_per_mw_year"]) * it_mw
        terms["energy"] += it_mw * mwh_per_mw_year * number(area.get("energy_price_jpy_per_kwh"))
        terms["carbon"] += (it_mw * mwh_per_mw_year * number(area.get("carbon_t_per_mwh"))
                            * carbon_price / 1000.0)
    return terms


def _build_terms(case: Any, builds: pd.DataFrame, t: str) -> dict[str, float]:
    """grid, ix, route, cable: each option's input capex in the phase Builds says it was built."""
    terms = {}
    for family, frame in FAMILY_FRAMES.items():
        inputs = getattr(case, frame)
        mine = builds[(builds["family"] == family) & (builds["phase_built"] == t)]
        total = 0.0
        for option, reported in zip(mine["id"], mine["capex_mjpy"], strict=True):
            capex = number(inputs.at[option, "capex_mjpy"])
            assert float(reported) == pytest.approx(capex, rel=1e-12, abs=1e-12), (family, option)
            total += capex
        terms[family] = total
    return terms


def _flow_terms(case: Any, service: pd.DataFrame, unserved: pd.DataFrame, t: str) -> dict[str, float]:
    """service (cost per MW-year on served MW) and unserved (penalty on unserved MW), per year."""
    cost = {(str(r["region"]), str(r["site"])): number(r.get("cost_mjpy_per_mw_year"))
            for r in case.service.to_dict("records")}
    flows = service[service["phase"] == t]
    served = sum(cost.get((str(r), str(s)), 0.0) * float(mw)
                 for r, s, mw in zip(flows["region"], flows["site"], flows["mw"], strict=True))
    penalty = number(case.settings.get("unserved_penalty_mjpy_per_mw_year"))
    left = float(unserved.loc[unserved["phase"] == t, "mw"].sum())
    return {"service": served, "unserved": penalty * left}


def recomputed_costs(case: Any, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The Costs table as FORMULATION.md §2 gives it for the decisions in ``tables``."""
    d, w = discounting(case)
    phases = list(case.phases.index)
    rows = []
    for pos, t in enumerate(phases):
        before = phases[pos - 1] if pos > 0 else None
        terms = {**_site_terms(case, tables["Sites"], t, before), **_build_terms(case, tables["Builds"], t),
                 **_flow_terms(case, tables["Service"], tables["Unserved"], t)}
        years = number(case.phases.at[t, "years"])
        for c in CAPEX:
            rows.append({"phase": t, "kind": "capex", "category": c,
                         "undiscounted_mjpy": terms[c], "discounted_mjpy": d[t] * terms[c]})
        for c in OPEX:
            rows.append({"phase": t, "kind": "opex", "category": c,
                         "undiscounted_mjpy": years * terms[c], "discounted_mjpy": w[t] * terms[c]})
    return pd.DataFrame(rows)


def assert_costs_recomputed(plan: Any, case: Any | None = None, rel: float = 1e-9,
                            abs_tol: float = 1e-6) -> pd.DataFrame:
    """Every Costs row equals its recomputation, and the recomputed total is the objective."""
    case = case if case is not None else plan.case
    want = recomputed_costs(case, plan.tables).set_index(["phase", "category"])
    got = plan.tables["Costs"].set_index(["phase", "category"])
    assert sorted(got.index) == sorted(want.index), "Costs rows are not one per phase and category"
    for key, row in want.iterrows():
        assert got.at[key, "kind"] == row["kind"], key
        for column in ("undiscounted_mjpy", "discounted_mjpy"):
            assert float(got.at[key, column]) == pytest.approx(row[column], rel=rel, abs=abs_tol), (
                key, column, float(got.at[key, column]), row[column])
    assert want["discounted_mjpy"].sum() == pytest.approx(plan.objective, rel=rel, abs=abs_tol)
    return want
