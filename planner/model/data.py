"""``ModelData``: the case reduced to the plain numbers and index sets the model uses.

Everything here is derived from a ``Case`` once, in sorted or sheet order, so
the model is built the same way every time (order-stable LP files).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from planner.case import Case

HOURS_FACTOR = 8.76
"""8760 h/yr x 1000 kWh/MWh / 1e6 JPY/MJPY: JPY/kWh on 1 MW for a year -> MJPY."""

BuildKey = tuple[str, str]
"""A build option: (family, id) with family in grid, ix, route, cable."""


@dataclass(frozen=True, order=True)
class Group:
    """A landing zone or a fibre corridor, as a key no typed text can equal.

    ``kind`` says where the group comes from: ``zone`` / ``corridor`` for one a
    planner named (``name`` is the text of Landings.zone / Routes.corridor), or
    ``landing`` / ``route`` for the group of its own that a blank cell gives
    (``name`` is that landing's or route's id). A typed zone ``landing:L1`` is
    ``Group("zone", "landing:L1")``, never landing L1's ``Group("landing", "L1")``.
    Keys are not strings (and not tuples, which Pyomo would flatten into the
    index), so nothing can merge them with ids; show them with ``group_label``.
    """

    kind: str
    name: str


def zone_key(landing: object, zone: object) -> Group:
    """The landing zone of ``landing``: its typed ``zone``, or a zone of its own if blank."""
    if isinstance(zone, str) and zone:
        return Group("zone", zone)
    return Group("landing", str(landing))


def corridor_key(route: object, corridor: object) -> Group:
    """The corridor of ``route``: its typed ``corridor``, or a corridor of its own if blank."""
    if isinstance(corridor, str) and corridor:
        return Group("corridor", corridor)
    return Group("route", str(route))


def group_label(key: object) -> str:
    """The text to show planners for a zone or corridor key.

    A typed zone or corridor shows as typed; a blank one as its landing's or
    route's id. Anything else (a plain id) shows as ``str``.
    """
    return key.name if isinstance(key, Group) else str(key)


def _num(value: object, default: float = 0.0) -> float:
    if value is None:
        return default
    number = float(value)  # type: ignore[arg-type]
    return default if math.isnan(number) else number


def _opt(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


@dataclass
class ModelData:
    """Index sets and parameters in model notation (see models/formulation.md)."""

    phases: list[str]
    phase_index: dict[str, int]
    discount: dict[str, float]
    weight: dict[str, float]
    sites: list[str]
    site_area: dict[str, str]
    existing_mw: dict[str, float]
    min_mw: dict[str, float]
    max_mw: dict[str, float]
    pue: dict[str, float]
    site_earliest: dict[str, int]
    force: dict[str, str | None]
    fixed_cost: dict[str, float]
    capex_per_mw: dict[str, float]
    battery_capex: dict[str, float]
    site_fom: dict[str, float]
    site_energy_cost: dict[tuple[str, str], float]
    site_carbon_cost: dict[tuple[str, str], float]
    grid_firm: dict[str, float]
    grid_nonfirm: dict[str, float]
    required_routes: dict[str, int]
    hub_sites: list[str]
    cluster_sites: list[str]
    regions: list[str]
    demand: dict[tuple[str, str], float]
    service_pairs: list[tuple[str, str]]
    service_cost: dict[tuple[str, str], float]
    service_route: dict[tuple[str, str], str]
    unserved_penalty: float | None
    areas: list[str]
    supply: dict[tuple[str, str], float]
    builds: list[BuildKey]
    build_capex: dict[BuildKey, float]
    build_earliest: dict[BuildKey, int]
    build_existing: dict[BuildKey, bool]
    site_projects: dict[str, list[BuildKey]]
    project_mw: dict[BuildKey, float]
    links: list[BuildKey]
    link_ends: dict[BuildKey, tuple[str, str]]
    route_site: dict[str, str]
    route_ix: dict[str, str]
    route_corridor: dict[str, Group]
    cable_tbps: dict[str, float]
    cable_ix: dict[str, str]
    cable_zone: dict[str, Group]
    cable_landing: dict[str, str]
    ix_hub: dict[str, bool]
    intl_demand: dict[str, float]
    phase_policy: dict[str, dict[str, float | None]]
    hazards: list[str]
    survive_share: dict[str, float]
    intl_survive_share: dict[str, float]
    footprint: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    build_lock: dict[BuildKey, str] = field(default_factory=dict)
    """Planner locks on options: "built" (must be built) or "forbidden" (never built)."""
    cogen_max: dict[str, float] = field(default_factory=dict)
    """Sites.cogen_max_mw per site (0: no on-site generation)."""
    cogen_capex: dict[str, float] = field(default_factory=dict)
    """Sites.cogen_capex_mjpy_per_mw per site."""
    region_tbps_per_mw: dict[str, float] = field(default_factory=dict)
    """Regions.tbps_per_mw per region (0: its work uses no route bandwidth)."""
    route_tbps: dict[str, float] = field(default_factory=dict)
    """Routes.tbps for the routes that have one (a route not listed is unlimited)."""
    tighten: bool = True
    """Use data-derived big-M values and the redundant-but-tightening rows (same optimum)."""
    operations: bool = False
    """Operations mode (FORMULATION.md §4.3): a non-empty Periods sheet."""
    periods: list[str] = field(default_factory=list)
    """Representative periods p in sheet order (operations mode only)."""
    period_days: dict[str, float] = field(default_factory=dict)
    """n_p: days of a year period p stands for."""
    period_steps: dict[str, int] = field(default_factory=dict)
    """K_p: steps of period p (a cycle: step 1 follows step K_p)."""
    step_hours: dict[str, float] = field(default_factory=dict)
    """Delta_p: hours per step of period p."""
    profiles: dict[str, dict[tuple[str, int], float]] = field(default_factory=dict)
    """Profiles: profile id -> (period, step) -> value."""
    demand_profile: dict[tuple[str, str], str] = field(default_factory=dict)
    """Demand.profile per (region, phase) where one is named."""
    flexible_share: dict[tuple[str, str], float] = field(default_factory=dict)
    """beta_{r,t}: Demand.flexible_share per (region, phase) where > 0."""
    flexible_only: set[tuple[str, str]] = field(default_factory=set)
    """(region, site) pairs that may serve only flexible work (Service.flexible_only)."""
    area_energy: dict[tuple[str, str], dict[str, object]] = field(default_factory=dict)
    """Per (area, phase) AreaSupply row: price, carbon, surplus_mw, surplus_price and profile ids."""
    battery_hours: dict[str, float] = field(default_factory=dict)
    """H_s: Sites.battery_hours per site (0: the battery only backs non-firm headroom)."""
    battery_efficiency: dict[str, float] = field(default_factory=dict)
    """eta_s: round-trip efficiency per site."""
    cogen_fuel: dict[str, float] = field(default_factory=dict)
    """Sites.cogen_fuel_jpy_per_kwh per site."""
    cogen_carbon: dict[str, float] = field(default_factory=dict)
    """Sites.cogen_carbon_t_per_mwh per site."""
    carbon_price: float = 0.0
    """Settings.carbon_price_jpy_per_t."""

    def profile(self, name: object, p: str, k: int) -> float:
        """pi(p, k) of profile ``name``; 1 where no profile is named."""
        if not isinstance(name, str) or not name:
            return 1.0
        return self.profiles[name][(p, k)]

    def steps(self) -> list[tuple[str, int]]:
        """Every (period, step) in order."""
        return [(p, k) for p in self.periods for k in range(1, self.period_steps[p] + 1)]

    def previous_step(self, p: str, k: int) -> int:
        """The step before k in period p's cycle (K_p before step 1)."""
        return self.period_steps[p] if k == 1 else k - 1

    def inflexible_mw(self, r: str, t: str, p: str, k: int) -> float:
        """DI_{r,t,p,k} = (1 - beta) D pi^D(p,k): work that must run at step k [MW]."""
        share = self.flexible_share.get((r, t), 0.0)
        return (1.0 - share) * self.demand[(r, t)] * self.profile(self.demand_profile.get((r, t)), p, k)

    def flexible_mwstep(self, r: str, t: str, p: str) -> float:
        """EF_{r,t,p} = beta D sum_k pi^D(p,k): flexible work of the period [MW x steps]."""
        share = self.flexible_share.get((r, t), 0.0)
        if share == 0.0:
            return 0.0
        name = self.demand_profile.get((r, t))
        return share * self.demand[(r, t)] * sum(
            self.profile(name, p, k) for k in range(1, self.period_steps[p] + 1))

    def hours_weight(self, p: str) -> float:
        """n_p Delta_p: hours of a year one step of period p stands for."""
        return self.period_days[p] * self.step_hours[p]

    def available_from(self, key: BuildKey) -> int:
        """Position of the first phase an option can be available (0 if existing)."""
        return 0 if self.build_existing[key] else self.build_earliest[key]

    def buildable(self, key: BuildKey, t: str) -> bool:
        """Whether option ``key`` may be built in or before phase ``t``."""
        return (
            not self.build_existing[key]
            and self.build_lock.get(key) != "forbidden"
            and self.build_earliest[key] <= self.phase_index[t]
        )

    def capacity_bound(self, s: str, t: str) -> float:
        """Most IT MW site ``s`` can hold in phase ``t`` given every limit on its power.

        min(max_mw, connection / pue, area room / pue), where the connection is
        the firm limit plus every reinforcement that could be built by ``t``
        plus non-firm headroom, and the area room is its supply plus every link
        into it that could exist by ``t`` (a link from the area to itself brings
        nothing: its flow leaves and enters the same balance). Each term is implied by a power row,
        so using it as the big-M of ``site_capacity_max`` changes no optimum.
        """
        bound = self.max_mw[s]
        if not self.tighten or self.operations:
            return bound  # in operations mode batteries and cogeneration let IT MW exceed the connection
        pos = self.phase_index[t]

        def could_exist(key: BuildKey) -> bool:
            return self.build_existing[key] or (
                self.build_lock.get(key) != "forbidden" and self.build_earliest[key] <= pos
            )

        if s in self.grid_firm:
            reinforcement = sum(self.project_mw[g] for g in self.site_projects.get(s, []) if could_exist(g))
            bound = min(bound, (self.grid_firm[s] + reinforcement + self.grid_nonfirm[s]) / self.pue[s])
        area = self.site_area[s]
        if (area, t) in self.supply:
            imports = sum(self.project_mw[g] for g, ends in self.link_ends.items()
                          if area in ends and ends[0] != ends[1] and could_exist(g))
            bound = min(bound, (self.supply[(area, t)] + imports) / self.pue[s])
        return max(bound, 0.0)

    def phase_pos(self, t: str) -> int:
        """0-based position of phase ``t``."""
        return self.phase_index[t]

    def site_corridors(self, s: str) -> dict[Group, list[str]]:
        """Corridor -> routes of site ``s`` (sorted)."""
        corridors: dict[Group, list[str]] = {}
        for route in sorted(r for r, site in self.route_site.items() if site == s):
            corridors.setdefault(self.route_corridor[route], []).append(route)
        return corridors


def _rows(frame: pd.DataFrame, *columns: str) -> Iterator[tuple[Any, ...]]:
    """(index, column values...) per row, without building a Series per row as iterrows does."""
    return zip(frame.index, *(frame[c].tolist() for c in columns), strict=True)


def _build_options(case: Case, data: dict[str, object]) -> None:
    frames = {"grid": case.grid, "ix": case.ix, "route": case.routes, "cable": case.cables}
    position = {p: i for i, p in enumerate(case.phase_ids)}
    builds: list[BuildKey] = []
    capex: dict[BuildKey, float] = {}
    earliest: dict[BuildKey, int] = {}
    existing: dict[BuildKey, bool] = {}
    for family, frame in frames.items():
        for option, cost, first, exists in _rows(frame, "capex_mjpy", "earliest_phase", "existing"):
            key = (family, str(option))
            builds.append(key)
            capex[key] = _num(cost)
            earliest[key] = position[first]
            existing[key] = bool(exists)
    data.update(builds=builds, build_capex=capex, build_earliest=earliest, build_existing=existing)


def _time_fields(case: Case) -> dict[str, object]:
    """Phases, their positions, discount factors d_t and weights w_t = d_t * years_t."""
    phases = case.phase_ids
    rate = float(case.settings["discount_rate"])
    base_year = int(case.settings["base_year"])
    discount = {p: (1.0 + rate) ** -(int(case.phases.at[p, "year"]) - base_year) for p in phases}
    policy_columns = ("capex_budget_mjpy", "max_new_hub_share", "min_regional_ix",
                      "max_landing_zone_share", "min_clusters", "max_clusters")
    return {
        "phases": phases,
        "phase_index": {p: i for i, p in enumerate(phases)},
        "discount": discount,
        "weight": {p: discount[p] * float(case.phases.at[p, "years"]) for p in phases},
        "intl_demand": {t: _num(case.phases.at[t, "intl_demand_tbps"]) for t in phases},
        "phase_policy": {t: {c: _opt(case.phases.at[t, c]) for c in policy_columns} for t in phases},
    }


def _energy_costs(case: Case) -> dict[str, object]:
    """Energy and carbon cost per installed IT MW and year, per site and phase."""
    supply_rows = {(r["area"], r["phase"]): r for r in case.area_supply.to_dict("records")}
    carbon_price = float(case.settings["carbon_price_jpy_per_t"])
    energy_cost: dict[tuple[str, str], float] = {}
    carbon_cost: dict[tuple[str, str], float] = {}
    for s, area, pue, load_factor in _rows(case.sites, "area", "pue", "load_factor"):
        mwh_per_mw_year = pue * load_factor * HOURS_FACTOR
        for t in case.phase_ids:
            supply_row = supply_rows.get((area, t))
            price = _num(supply_row["energy_price_jpy_per_kwh"]) if supply_row else 0.0
            carbon = _num(supply_row["carbon_t_per_mwh"]) if supply_row else 0.0
            energy_cost[(str(s), t)] = mwh_per_mw_year * price
            carbon_cost[(str(s), t)] = mwh_per_mw_year * carbon * carbon_price / 1000.0
    return {"site_energy_cost": energy_cost, "site_carbon_cost": carbon_cost}


def _site_fields(case: Case, position: dict[str, int]) -> dict[str, object]:
    """Per-site columns, keyed by site id."""
    sites_df = case.sites

    def column(name: str, convert=_num) -> dict[str, object]:  # type: ignore[no-untyped-def]
        return {str(s): convert(v) for s, v in sites_df[name].items()}

    return {
        "sites": list(sites_df.index),
        "site_area": column("area", lambda a: a),
        "existing_mw": column("existing_mw"),
        "min_mw": column("min_mw"),
        "max_mw": column("max_mw", float),
        "pue": column("pue", float),
        "site_earliest": column("earliest_phase", lambda p: position[p]),
        "force": column("force", lambda f: f),
        "fixed_cost": column("fixed_cost_mjpy"),
        "capex_per_mw": column("capex_mjpy_per_mw"),
        "battery_capex": column("battery_capex_mjpy_per_mw"),
        "site_fom": column("fom_mjpy_per_mw_year"),
        "grid_firm": {str(s): float(v) for s, v in sites_df["grid_firm_mw"].items() if _opt(v) is not None},
        "grid_nonfirm": column("grid_nonfirm_mw"),
        "required_routes": column("required_routes", lambda v: int(v or 0)),
        "cogen_max": column("cogen_max_mw"),
        "cogen_capex": column("cogen_capex_mjpy_per_mw"),
        "hub_sites": [str(s) for s, h in sites_df["hub"].items() if h],
        "cluster_sites": [str(s) for s, k in sites_df["type"].items() if k == "cluster"],
    }


def _demand_fields(case: Case) -> dict[str, object]:
    """Demand per region and phase, the allowed service pairs and their costs."""
    regions = list(case.regions.index)
    demand = {(r, t): 0.0 for r in regions for t in case.phase_ids}
    for r in case.demand.to_dict("records"):
        demand[(r["region"], r["phase"])] = float(r["demand_mw"])
    if case.service_given:
        service_records = case.service.to_dict("records")
        pairs = [(r["region"], r["site"]) for r in service_records]
        cost = {(r["region"], r["site"]): _num(r["cost_mjpy_per_mw_year"]) for r in service_records}
        route_of = {(r["region"], r["site"]): r["requires_route"]
                    for r in service_records if r["requires_route"]}
    else:
        pairs = [(r, s) for r in regions for s in case.sites.index]
        cost = {pair: 0.0 for pair in pairs}
        route_of = {}
    penalty = case.settings.get("unserved_penalty_mjpy_per_mw_year")
    tbps_per_mw = {str(r): _num(v) for r, v in case.regions["tbps_per_mw"].items()}
    return {"regions": regions, "region_tbps_per_mw": tbps_per_mw, "demand": demand, "service_pairs": pairs, "service_cost": cost,
            "service_route": route_of, "unserved_penalty": None if penalty is None else float(penalty)}


def _grid_fields(case: Case) -> dict[str, object]:
    """Area supply, site grid projects and link projects."""
    site_projects: dict[str, list[BuildKey]] = {}
    project_mw: dict[BuildKey, float] = {}
    links: list[BuildKey] = []
    link_ends: dict[BuildKey, tuple[str, str]] = {}
    for g, mw, kind, site, from_area, to_area in _rows(case.grid, "mw", "kind", "site", "from_area",
                                                         "to_area"):
        key = ("grid", str(g))
        project_mw[key] = float(mw)
        if kind == "site":
            site_projects.setdefault(site, []).append(key)
        else:
            links.append(key)
            link_ends[key] = (from_area, to_area)
    supply = {(r["area"], r["phase"]): float(r["supply_mw"])
              for r in case.area_supply.to_dict("records") if _opt(r["supply_mw"]) is not None}
    return {"areas": list(case.areas.index), "supply": supply, "site_projects": site_projects,
            "project_mw": project_mw, "links": links, "link_ends": link_ends}


def _telecom_fields(case: Case) -> dict[str, object]:
    """Routes, cables, landing zones and IX hub flags."""
    landing_zone = {str(lid): zone_key(lid, zone) for lid, zone in case.landings["zone"].items()}
    return {
        "route_site": {str(r): s for r, s in case.routes["site"].items()},
        "route_ix": {str(r): x for r, x in case.routes["ix"].items()},
        "route_corridor": {str(r): corridor_key(r, c) for r, c in case.routes["corridor"].items()},
        "route_tbps": {str(r): float(v) for r, v in case.routes["tbps"].items() if _opt(v) is not None},
        "cable_tbps": {str(k): float(v) for k, v in case.cables["tbps"].items()},
        "cable_ix": {str(k): x for k, x in case.cables["ix"].items()},
        "cable_landing": {str(k): lid for k, lid in case.cables["landing"].items()},
        "cable_zone": {str(k): landing_zone[lid] for k, lid in case.cables["landing"].items()},
        "ix_hub": {str(x): bool(h) for x, h in case.ix["hub"].items()},
    }


def _resilience_fields(case: Case) -> dict[str, object]:
    """Hazards, what must survive each, and their footprints (as sets)."""
    footprint: dict[str, dict[str, set[str]]] = {
        str(h): {"site": set(), "landing": set(), "ix": set()} for h in case.hazards.index
    }
    for r in case.hazard_footprint.to_dict("records"):
        footprint[r["hazard"]][r["kind"]].add(r["id"])
    return {
        "hazards": [str(h) for h in case.hazards.index],
        "survive_share": {str(h): _num(v) for h, v in case.hazards["survive_share"].items()},
        "intl_survive_share": {str(h): _num(v) for h, v in case.hazards["intl_survive_share"].items()},
        "footprint": footprint,
    }


def _operations_fields(case: Case) -> dict[str, object]:
    """Periods, profiles and the operations-mode columns (FORMULATION.md §4.3); empty without Periods."""
    if not case.operations:
        return {}
    periods = [str(p) for p in case.periods.index]
    profiles: dict[str, dict[tuple[str, int], float]] = {}
    for row in case.profiles.to_dict("records"):
        profiles.setdefault(str(row["profile"]), {})[(str(row["period"]), int(row["step"]))] = float(row["value"])
    demand_profile: dict[tuple[str, str], str] = {}
    flexible: dict[tuple[str, str], float] = {}
    for row in case.demand.to_dict("records"):
        key = (row["region"], row["phase"])
        if isinstance(row["profile"], str) and row["profile"]:
            demand_profile[key] = row["profile"]
        if _num(row["flexible_share"]) > 0:
            flexible[key] = _num(row["flexible_share"])
    area_energy = {
        (r["area"], r["phase"]): {
            "price": _num(r["energy_price_jpy_per_kwh"]), "carbon": _num(r["carbon_t_per_mwh"]),
            "surplus_mw": _num(r["surplus_mw"]), "surplus_price": _num(r["surplus_price_jpy_per_kwh"]),
            "supply_profile": r["supply_profile"], "price_profile": r["price_profile"],
            "surplus_profile": r["surplus_profile"],
        }
        for r in case.area_supply.to_dict("records")
    }
    flexible_only = ({(r["region"], r["site"]) for r in case.service.to_dict("records") if r["flexible_only"]}
                     if case.service_given else set())
    sites = case.sites
    return {
        "operations": True,
        "periods": periods,
        "period_days": {str(p): float(v) for p, v in case.periods["days"].items()},
        "period_steps": {str(p): int(v) for p, v in case.periods["steps"].items()},
        "step_hours": {str(p): float(v) for p, v in case.periods["step_hours"].items()},
        "profiles": profiles,
        "demand_profile": demand_profile,
        "flexible_share": flexible,
        "flexible_only": flexible_only,
        "area_energy": area_energy,
        "battery_hours": {str(s): _num(v) for s, v in sites["battery_hours"].items()},
        "battery_efficiency": {str(s): _num(v, 0.9) for s, v in sites["battery_efficiency"].items()},
        "cogen_fuel": {str(s): _num(v) for s, v in sites["cogen_fuel_jpy_per_kwh"].items()},
        "cogen_carbon": {str(s): _num(v) for s, v in sites["cogen_carbon_t_per_mwh"].items()},
        "carbon_price": float(case.settings["carbon_price_jpy_per_t"]),
    }


def model_data(case: Case) -> ModelData:
    """Derive the model's sets and parameters from a validated case, family by family."""
    time = _time_fields(case)
    options: dict[str, object] = {}
    _build_options(case, options)
    return ModelData(
        **time, **_site_fields(case, time["phase_index"]), **_energy_costs(case),  # type: ignore[arg-type]
        **_demand_fields(case), **_grid_fields(case), **_telecom_fields(case),
        **_resilience_fields(case), **_operations_fields(case), build_lock=dict(case.locks), **options,
    )


def total_demand(data: ModelData, t: str) -> float:
    """Total demand of phase ``t`` over all regions, served or not."""
    return sum(data.demand[(r, t)] for r in data.regions)

