"""Operations mode's sheets: Operations, AreaEnergy and Shift, and the per-step reads they share.

A step of period p stands for n_p x Delta_p hours of a year (``ModelData.hours_weight``),
so a year's energy is the weighted sum of the step values and an annual mean MW is that
sum over 8760 h. Ids (site, area, region, phase, period, step) join the rows back to the
input sheets.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

import pandas as pd

from planner.model.data import ModelData
from planner.results.common import ResultSheet, Solved, values_of

HOURS_PER_YEAR = 8760.0


class StepValues:
    """The per-step variables of a solved operations model, read once."""

    def __init__(self, solved: Solved) -> None:
        m = solved.model
        self.data: ModelData = solved.data
        self.served = values_of(m.served_step_mw)
        self.unserved = values_of(m.unserved_step_mw)
        self.flexible = values_of(m.flexible_run_mw)
        self.charge = values_of(m.battery_charge_mw)
        self.discharge = values_of(m.battery_discharge_mw)
        self.stored = values_of(m.battery_stored_mwh)
        self.cogen = values_of(m.cogen_output_mw)
        self.grid = values_of(m.grid_energy_mw)
        self.surplus = values_of(m.surplus_used_mw)
        self.flows = values_of(m.link_flow_step_mw)

    def weight(self, p: str) -> float:
        return self.data.hours_weight(p)

    @cached_property
    def running(self) -> dict[tuple[str, str, str, int], float]:
        """(site, phase, period, step) -> IT MW running."""
        out: dict[tuple[str, str, str, int], float] = defaultdict(float)
        for (_r, s, t, p, k), mw in self.served.items():
            out[s, t, p, k] += mw
        return out

    def draw(self, s: str, t: str, p: str, k: int) -> float:
        """G = pue x running + charge - discharge - generation [MW]."""
        key = (s, t, p, k)
        return (self.data.pue[s] * self.running.get(key, 0.0) + self.charge.get(key, 0.0)
                - self.discharge.get(key, 0.0) - self.cogen.get(key, 0.0))

    def annual_mean(self, values: dict, key_of) -> dict:  # type: ignore[no-untyped-def]
        """Sum of value x hours over the year / 8760, grouped by ``key_of(index)`` (index ends p, k)."""
        out: dict = defaultdict(float)
        for index, value in values.items():
            out[key_of(index)] += value * self.weight(index[-2]) / HOURS_PER_YEAR
        return dict(out)

    def peak(self, values: dict, key_of) -> dict:  # type: ignore[no-untyped-def]
        """Largest value over the steps, grouped by ``key_of(index)`` of a summed step total."""
        totals: dict = defaultdict(float)
        for index, value in values.items():
            totals[key_of(index), index[-2], index[-1]] += value
        out: dict = {}
        for (key, _p, _k), value in totals.items():
            out[key] = max(out.get(key, 0.0), value)
        return out


def step_values(solved: Solved) -> StepValues:
    """The solved model's per-step values, cached on ``solved`` (several sheets read them)."""
    cached = solved.__dict__.get("_step_values")
    if cached is None:
        cached = solved.__dict__["_step_values"] = StepValues(solved)
    return cached


def surplus_available_mw(d: ModelData, a: str, t: str, p: str, k: int) -> float:
    """W x pi^W: the surplus the area could use at the step [MW]."""
    row = d.area_energy.get((a, t))
    if not row:
        return 0.0
    return float(row["surplus_mw"] or 0.0) * d.profile(row["surplus_profile"], p, k)


def operations_table(solved: Solved) -> pd.DataFrame:
    """Site x phase x period x step: running IT MW, grid draw, battery and cogeneration."""
    d, v = solved.data, step_values(solved)
    rows = []
    for s in d.sites:
        for t in d.phases:
            for p, k in d.steps():
                key = (s, t, p, k)
                rows.append({"site": s, "phase": t, "period": p, "step": k,
                             "hours_per_step": v.weight(p), "running_mw": v.running.get(key, 0.0), "grid_draw_mw": v.draw(*key),
                             "battery_charge_mw": v.charge.get(key, 0.0),
                             "battery_discharge_mw": v.discharge.get(key, 0.0),
                             "battery_stored_mwh": v.stored.get(key, 0.0),
                             "cogen_output_mw": v.cogen.get(key, 0.0)})
    return pd.DataFrame(rows)


def area_energy_table(solved: Solved) -> pd.DataFrame:
    """Area x phase x period x step: grid energy, surplus used and available, net link export."""
    d, v = solved.data, step_values(solved)
    export: dict[tuple[str, str, str, int], float] = defaultdict(float)
    for (f, g, t, p, k), flow in v.flows.items():
        src, dst = d.link_ends[(f, g)]
        export[src, t, p, k] += flow
        export[dst, t, p, k] -= flow
    draw: dict[tuple[str, str, str, int], float] = defaultdict(float)
    for s in d.sites:
        for t in d.phases:
            for p, k in d.steps():
                draw[d.site_area[s], t, p, k] += v.draw(s, t, p, k)
    rows = []
    for a in d.areas:
        for t in d.phases:
            limit = d.supply.get((a, t))
            row_profile = d.area_energy.get((a, t), {}).get("supply_profile")
            for p, k in d.steps():
                key = (a, t, p, k)
                rows.append({"area": a, "phase": t, "period": p, "step": k,
                             "hours_per_step": v.weight(p), "dc_draw_mw": draw.get(key, 0.0),
                             "grid_energy_mw": v.grid.get(key, 0.0),
                             "supply_limit_mw": limit * d.profile(row_profile, p, k) if limit is not None
                             else float("nan"),
                             "surplus_used_mw": v.surplus.get(key, 0.0),
                             "surplus_available_mw": surplus_available_mw(d, a, t, p, k),
                             "net_export_mw": export.get(key, 0.0)})
    return pd.DataFrame(rows)


def shift_table(solved: Solved) -> pd.DataFrame:
    """Per region and phase: flexible work moved in time, work at flexible-only sites, peak route use."""
    d, v = solved.data, step_values(solved)
    rows = []
    for r in d.regions:
        for t in d.phases:
            if d.demand.get((r, t), 0.0) <= 0:
                continue
            moved = 0.0
            flexible_total = 0.0
            for p, k in d.steps():
                share = d.flexible_share.get((r, t), 0.0)
                flat = share * d.demand[(r, t)] * d.profile(d.demand_profile.get((r, t)), p, k)
                placed = v.flexible.get((r, t, p, k), 0.0)
                moved += max(0.0, placed - flat) * v.weight(p)
                flexible_total += placed * v.weight(p)
            at_far = sum(mw * v.weight(p) for (rr, s, tt, p, _k), mw in v.served.items()
                         if rr == r and tt == t and (r, s) in d.flexible_only)
            rows.append({"region": r, "phase": t, "flexible_mwh": flexible_total,
                         "flexible_moved_mwh": moved, "flexible_only_served_mwh": at_far})
    return pd.DataFrame(rows, columns=["region", "phase", "flexible_mwh", "flexible_moved_mwh",
                                       "flexible_only_served_mwh"])


def route_use_table(solved: Solved) -> pd.DataFrame:
    """Per route and phase: peak-step Tbps used against capacity (routes some pair requires)."""
    d, v = solved.data, step_values(solved)
    traffic: dict[tuple[str, str, str, int], float] = defaultdict(float)
    for (r, s, t, p, k), mw in v.served.items():
        route = d.service_route.get((r, s))
        if route is not None:
            traffic[route, t, p, k] += d.region_tbps_per_mw.get(r, 0.0) * mw
    peak: dict[tuple[str, str], float] = {}
    for (route, t, _p, _k), tbps in traffic.items():
        peak[route, t] = max(peak.get((route, t), 0.0), tbps)
    rows = [{"route": route, "phase": t, "tbps_used_peak": used,
             "tbps": d.route_tbps.get(route, float("nan"))} for (route, t), used in sorted(peak.items())]
    return pd.DataFrame(rows, columns=["route", "phase", "tbps_used_peak", "tbps"])


OPERATIONS_SHEET = ResultSheet("Operations", operations_table, {
    "hours_per_step": "h/yr", "running_mw": "MW", "grid_draw_mw": "MW", "battery_charge_mw": "MW", "battery_discharge_mw": "MW",
    "battery_stored_mwh": "MWh", "cogen_output_mw": "MW"}, operations_only=True)
AREA_ENERGY_SHEET = ResultSheet("AreaEnergy", area_energy_table, {
    "hours_per_step": "h/yr", "dc_draw_mw": "MW", "grid_energy_mw": "MW", "supply_limit_mw": "MW", "surplus_used_mw": "MW",
    "surplus_available_mw": "MW", "net_export_mw": "MW"}, operations_only=True)
SHIFT_SHEET = ResultSheet("Shift", shift_table, {
    "flexible_mwh": "MWh/yr", "flexible_moved_mwh": "MWh/yr", "flexible_only_served_mwh": "MWh/yr"},
    operations_only=True)
ROUTE_USE_SHEET = ResultSheet("RouteUse", route_use_table, {"tbps_used_peak": "Tbps", "tbps": "Tbps"},
                              operations_only=True)


def operations_kpis(tables: dict[str, pd.DataFrame]) -> list[tuple[str, float, str]]:
    """Summary rows of an operations plan (empty in capacity mode), for the last phase: surplus
    absorbed, work shifted, peak against mean grid energy per area, energy cost by source (per
    year), battery throughput."""
    energy, operations = tables.get("AreaEnergy"), tables.get("Operations")
    if energy is None or operations is None or not len(energy):
        return []
    last = energy["phase"].iloc[-1]
    hours = energy["hours_per_step"]
    rows: list[tuple[str, float, str]] = []
    used = float((energy["surplus_used_mw"] * hours)[energy["phase"] == last].sum()) / 1000.0
    available = float((energy["surplus_available_mw"] * hours)[energy["phase"] == last].sum()) / 1000.0
    rows.append(("surplus_absorbed_gwh_per_year", used, "GWh/yr"))
    rows.append(("surplus_absorbed_share", used / available if available > 0 else 0.0, "0-1"))
    shift = tables.get("Shift")
    if shift is not None and len(shift):
        moved = shift.loc[shift["phase"] == last, "flexible_moved_mwh"].sum()
        rows.append(("flexible_moved_gwh_per_year", float(moved) / 1000.0, "GWh/yr"))
        far = shift.loc[shift["phase"] == last, "flexible_only_served_mwh"].sum()
        rows.append(("flexible_only_served_gwh_per_year", float(far) / 1000.0, "GWh/yr"))
    final = energy[energy["phase"] == last]
    for area, group in final.groupby("area", sort=False):
        draw = group["grid_energy_mw"]
        mean = float((draw * group["hours_per_step"]).sum() / HOURS_PER_YEAR)
        if float(draw.max()) > 0:
            rows.append((f"grid_peak_mw:{area}", float(draw.max()), "MW"))
            rows.append((f"grid_mean_mw:{area}", mean, "MW"))
    ops_last = operations[operations["phase"] == last]
    throughput = float((ops_last["battery_discharge_mw"] * ops_last["hours_per_step"]).sum()) / 1000.0
    rows.append(("battery_throughput_gwh_per_year", throughput, "GWh/yr"))
    costs = tables.get("Costs")
    if costs is not None and len(costs):
        opex = costs[(costs["kind"] == "opex") & (costs["phase"] == last)]
        for source, category in (("grid", "energy"), ("surplus", "surplus"), ("cogeneration", "cogen_fuel")):
            value = float(opex.loc[opex["category"] == category, "undiscounted_mjpy"].sum())
            rows.append((f"energy_cost_{source}_mjpy_last_phase", value, "MJPY"))
    return rows
