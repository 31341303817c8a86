"""The workbook schema: one ``SheetSpec`` per sheet, one ``Column`` per column.

This module is the only place that knows sheet and column names, their types,
defaults, units and bounds (FORMULATION.md §1). The reader, the template
writer and the README sheet all read it, so the three never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from planner.solver.options import SOLVER_SETTINGS

ColumnKind = Literal["id", "text", "ref", "float", "int", "bool", "enum"]


@dataclass(frozen=True)
class Column:
    """One workbook column.

    ``kind`` decides parsing: ``id`` (unique text key), ``ref`` (text naming an
    id in ``ref`` sheet), ``text``, ``float``, ``int``, ``bool``, ``enum``
    (one of ``choices``). ``required`` means a blank cell is an error; a blank
    optional cell takes ``default`` (``None`` = no value). Numbers must satisfy
    every bound given: ``ge`` (>=), ``gt`` (>), ``le`` (<=), ``lt`` (<); ``hint``
    replaces the generic fix in a bound's message.
    """

    name: str
    kind: ColumnKind
    doc: str
    unit: str = ""
    required: bool = False
    default: Any = None
    ref: str | None = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    choices: tuple[str, ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class SheetSpec:
    """One workbook sheet: its columns, key and whether it must be present."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    required: bool = False
    attr: str = ""
    _by_name: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({c.name: c for c in self.columns})

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        return self._by_name[name]


def _money(name: str, doc: str, unit: str = "MJPY") -> Column:
    return Column(name, "float", doc, unit=unit, default=0.0, ge=0.0)


def _coordinates() -> tuple[Column, Column]:
    """lat and lon (WGS84 degrees, for maps), as every located sheet has them."""
    return (Column("lat", "float", "latitude (WGS84)", unit="deg", ge=-90.0, le=90.0),
            Column("lon", "float", "longitude (WGS84)", unit="deg", ge=-180.0, le=180.0))


def _build_columns() -> tuple[Column, ...]:
    """Columns every build option (Grid, IX, Routes, Cables) shares."""
    return (
        _money("capex_mjpy", "one-time cost of building it"),
        Column(
            "earliest_phase", "ref", "first phase in which it may be built",
            ref="Phases", default=None,
        ),
        Column("existing", "bool", "already built (no decision, available from the start)",
               default=False),
    )


SETTINGS_KEYS: dict[str, Column] = {
    c.name: c
    for c in (
        Column("base_year", "int", "year to which money is discounted (default: year of the first phase)",
               unit="year"),
        Column("discount_rate", "float", "annual real discount rate (0.03 is 3 %)", default=0.03,
               ge=0.0, lt=1.0, hint="type the rate as a fraction (3 % is 0.03)"),
        Column("unserved_penalty_mjpy_per_mw_year", "float",
               "blank: all demand must be served; a number: unserved demand allowed at this cost",
               unit="MJPY/MW/yr", ge=0.0),
        Column("carbon_price_jpy_per_t", "float", "cost of emissions", unit="JPY/t-CO2",
               default=0.0, ge=0.0),
        # the solver's keys, defaults and bounds live in planner.solver.options only
        *(Column(k.key, k.kind, k.doc, unit=k.unit, default=k.default, ge=k.ge, gt=k.gt, le=k.le)
          for k in SOLVER_SETTINGS),
    )
}

SETTINGS = SheetSpec(
    "Settings",
    "Run-wide settings as key | value rows; every key is optional.",
    (
        Column("key", "text", "setting name (see the list in the README sheet)", required=True),
        Column("value", "text", "setting value"),
    ),
    attr="settings",
)

PHASES = SheetSpec(
    "Phases",
    "Planning phases in time order, with the policy limits of each.",
    (
        Column("phase", "id", "phase id", required=True),
        Column("year", "int", "representative year (strictly increasing down the sheet)",
               unit="year", required=True),
        Column("years", "float", "years the phase stands for (opex weight)", unit="yr",
               required=True, gt=0.0),
        Column("capex_budget_mjpy", "float", "most capex spent in the phase (blank: no cap)",
               unit="MJPY", ge=0.0),
        Column("intl_demand_tbps", "float", "international bandwidth needed", unit="Tbps",
               default=0.0, ge=0.0),
        Column("reclaim_share", "float",
               "share of speculative grid reservations released in the phase (Reservations sheet)",
               default=0.0, ge=0.0, le=1.0),
        Column("max_new_hub_share", "float",
               "most share of new IT MW (since the start) in hub sites (blank: no cap)",
               ge=0.0, le=1.0),
        Column("min_regional_ix", "int", "least number of non-hub IXs available", ge=0),
        Column("max_landing_zone_share", "float",
               "most share of cable Tbps landing in one zone (blank: no cap)", ge=0.0, le=1.0),
        Column("min_clusters", "int", "least number of open cluster sites", ge=0),
        Column("max_clusters", "int", "most number of open cluster sites", ge=0),
    ),
    key=("phase",),
    required=True,
    attr="phases",
)

AREAS = SheetSpec(
    "Areas",
    "The grid areas (Hokkaido, Tohoku, Tokyo, ...).",
    (
        Column("area", "id", "area id", required=True),
        Column("name", "text", "label"),
    ),
    key=("area",),
    required=True,
    attr="areas",
)

AREA_SUPPLY = SheetSpec(
    "AreaSupply",
    "Power available for DC load, energy price and carbon intensity per area and phase.",
    (
        Column("area", "ref", "grid area", ref="Areas", required=True),
        Column("phase", "ref", "phase", ref="Phases", required=True),
        Column("supply_mw", "float", "power available for all DC load (blank: unlimited)",
               unit="MW", ge=0.0),
        Column("energy_price_jpy_per_kwh", "float", "energy price", unit="JPY/kWh",
               default=0.0, ge=0.0),
        Column("carbon_t_per_mwh", "float", "emission factor", unit="t-CO2/MWh",
               default=0.0, ge=0.0),
        Column("supply_profile", "text",
               "operations mode: Profiles id multiplying supply_mw per step (blank: 1)"),
        Column("price_profile", "text",
               "operations mode: Profiles id multiplying energy_price_jpy_per_kwh per step (blank: 1)"),
        Column("surplus_mw", "float",
               "operations mode: renewable output the grid would otherwise curtail, usable by the area's DCs",
               unit="MW", default=0.0, ge=0.0),
        Column("surplus_profile", "text",
               "operations mode: Profiles id multiplying surplus_mw per step (blank: 1)"),
        Column("surplus_price_jpy_per_kwh", "float",
               "operations mode: price of surplus energy (it carries no carbon)", unit="JPY/kWh",
               default=0.0, ge=0.0),
    ),
    key=("area", "phase"),
    attr="area_supply",
)

SITE_TYPES = ("cluster", "welcome", "regional", "existing")

SITES = SheetSpec(
    "Sites",
    "Candidate and existing data-centre sites.",
    (
        Column("site", "id", "site id", required=True),
        Column("name", "text", "label (default: the id)"),
        Column("name_ja", "text",
               "label in Japanese (optional); the map and results of --lang ja use it instead of name"),
        Column("area", "ref", "grid area", ref="Areas", required=True),
        *_coordinates(),
        Column("type", "enum", "cluster, welcome, regional or existing", default="cluster",
               choices=SITE_TYPES),
        Column("hub", "bool", "lies in an existing DC hub (Tokyo, Osaka)", default=False),
        Column("existing_mw", "float", "IT MW already operating", unit="MW", default=0.0,
               ge=0.0),
        Column("min_mw", "float", "least IT MW once opened", unit="MW", default=0.0, ge=0.0),
        Column("max_mw", "float", "most IT MW (land, permits); 0: the site can hold no capacity",
               unit="MW", required=True, ge=0.0),
        Column("earliest_phase", "ref", "first phase in which it may open", ref="Phases"),
        # Siting screen and local consent (issue 16; planner/case/screen.py): optional.
        Column("land_ha", "float", "land available for the campus", unit="ha", ge=0.0),
        Column("transport_km", "float", "distance to the nearest interchange or airport",
               unit="km", ge=0.0),
        Column("ground_risk", "text", "ground-stability class or number (Nankai, Tokyo inland)"),
        Column("fibre_underground", "bool", "undergrounded, redundant telecom reaches the site",
               default=False),
        Column("consent", "enum", "local-government consent: agreed, in_talks or none",
               choices=("agreed", "in_talks", "none")),
        Column("consent_phase", "ref", "first phase it may open given consent (blank: earliest_phase)",
               ref="Phases"),
        Column("pue", "float", "power usage effectiveness", default=1.0, ge=1.0),
        Column("load_factor", "float", "average share of IT capacity in use", default=1.0,
               gt=0.0, le=1.0),
        _money("fixed_cost_mjpy", "one-time cost to open (land, site works)"),
        _money("capex_mjpy_per_mw", "cost per IT MW added", unit="MJPY/MW"),
        _money("fom_mjpy_per_mw_year", "fixed O&M per IT MW per year", unit="MJPY/MW/yr"),
        Column("grid_firm_mw", "float",
               "firm grid connection for the whole DC load at the meter (blank: unlimited)",
               unit="MW", ge=0.0),
        Column("grid_nonfirm_mw", "float",
               "extra connection usable only if backed by on-site battery", unit="MW",
               default=0.0, ge=0.0),
        _money("battery_capex_mjpy_per_mw", "cost per MW of battery/flexibility",
               unit="MJPY/MW"),
        Column("required_routes", "int", "distinct fibre corridors the site needs once open",
               default=0, ge=0),
        Column("cogen_max_mw", "float",
               "most on-site generation (cogeneration, gas engines); it backs non-firm headroom "
               "like a battery (0: none)", unit="MW", default=0.0, ge=0.0),
        _money("cogen_capex_mjpy_per_mw", "cost per MW of on-site generation added",
               unit="MJPY/MW"),
        Column("battery_hours", "float",
               "operations mode: energy per MW of battery (0: the battery only backs non-firm headroom)",
               unit="h", default=0.0, ge=0.0),
        Column("battery_efficiency", "float", "operations mode: battery round-trip efficiency",
               default=0.9, gt=0.0, le=1.0),
        Column("cogen_fuel_jpy_per_kwh", "float", "operations mode: fuel cost per kWh generated on site",
               unit="JPY/kWh", default=0.0, ge=0.0),
        Column("cogen_carbon_t_per_mwh", "float", "operations mode: emissions per MWh generated on site",
               unit="t-CO2/MWh", default=0.0, ge=0.0),
        Column("force", "enum", "blank, open or closed: a planner's lock",
               choices=("open", "closed")),
    ),
    key=("site",),
    required=True,
    attr="sites",
)

REGIONS = SheetSpec(
    "Regions",
    "Demand regions (optional: else the regions named in Demand).",
    (
        Column("region", "id", "region id", required=True),
        Column("name", "text", "label"),
        *_coordinates(),
        Column("tbps_per_mw", "float",
               "traffic per IT MW of the region's work served over a route (Service.requires_route)",
               unit="Tbps/MW", default=0.0, ge=0.0),
    ),
    key=("region",),
    attr="regions",
)

DEMAND = SheetSpec(
    "Demand",
    "IT MW of compute demand per region and phase (a missing row is 0).",
    (
        Column("region", "ref", "region", ref="Regions", required=True),
        Column("phase", "ref", "phase", ref="Phases", required=True),
        Column("demand_mw", "float", "IT MW demanded", unit="MW", required=True, ge=0.0),
        Column("profile", "text", "operations mode: Profiles id multiplying demand_mw per step (blank: 1)"),
        Column("flexible_share", "float",
               "operations mode: share of the work that may run at any step of the same period",
               default=0.0, ge=0.0, le=1.0),
    ),
    key=("region", "phase"),
    required=True,
    attr="demand",
)

SERVICE = SheetSpec(
    "Service",
    "Which sites may serve which region, at what cost (missing sheet: all pairs, cost 0).",
    (
        Column("region", "ref", "region", ref="Regions", required=True),
        Column("site", "ref", "site", ref="Sites", required=True),
        Column("cost_mjpy_per_mw_year", "float", "cost of serving 1 MW for a year",
               unit="MJPY/MW/yr", default=0.0, ge=0.0),
        Column("requires_route", "ref", "route that must be built before this pair serves",
               ref="Routes"),
        Column("flexible_only", "bool",
               "operations mode: the pair serves only flexible work (a site too far for latency-bound work)",
               default=False),
    ),
    key=("region", "site"),
    attr="service",
)

GRID = SheetSpec(
    "Grid",
    "Proactive grid builds: site reinforcements and area links.",
    (
        Column("project", "id", "project id", required=True),
        Column("kind", "enum", "site (raises a site's firm connection) or link (between areas)",
               required=True, choices=("site", "link")),
        Column("site", "ref", "site reinforced (kind site)", ref="Sites"),
        Column("from_area", "ref", "link end (kind link)", ref="Areas"),
        Column("to_area", "ref", "link end (kind link)", ref="Areas"),
        Column("mw", "float", "capacity added", unit="MW", required=True, gt=0.0),
        *_build_columns(),
    ),
    key=("project",),
    attr="grid",
)

IX = SheetSpec(
    "IX",
    "Internet exchanges, existing and candidate.",
    (
        Column("ix", "id", "IX id", required=True),
        Column("name", "text", "label"),
        Column("area", "ref", "grid area", ref="Areas"),
        *_coordinates(),
        Column("hub", "bool", "in an existing hub (Tokyo, Osaka)", default=False),
        *_build_columns(),
    ),
    key=("ix",),
    attr="ix",
)

ROUTES = SheetSpec(
    "Routes",
    "Fibre / APN routes from a site to an IX.",
    (
        Column("route", "id", "route id", required=True),
        Column("site", "ref", "site it connects", ref="Sites", required=True),
        Column("ix", "ref", "IX it reaches", ref="IX", required=True),
        Column("corridor", "text", "physical corridor (blank: a corridor of its own)"),
        *_build_columns(),
        Column("latency_ms", "float", "latency (reported only)", unit="ms", ge=0.0),
        Column("tbps", "float",
               "capacity for the traffic of the Service pairs that require it (blank: unlimited)",
               unit="Tbps", ge=0.0),
    ),
    key=("route",),
    attr="routes",
)

LANDINGS = SheetSpec(
    "Landings",
    "Submarine cable landing stations.",
    (
        Column("landing", "id", "landing id", required=True),
        Column("name", "text", "label"),
        Column("zone", "text", "landing zone (blank: a zone of its own)"),
        *_coordinates(),
    ),
    key=("landing",),
    attr="landings",
)

CABLES = SheetSpec(
    "Cables",
    "Submarine cable systems, backhauled to an IX.",
    (
        Column("cable", "id", "cable id", required=True),
        Column("landing", "ref", "landing station", ref="Landings", required=True),
        Column("ix", "ref", "IX it is backhauled to", ref="IX", required=True),
        Column("tbps", "float", "capacity", unit="Tbps", required=True, gt=0.0),
        *_build_columns(),
    ),
    key=("cable",),
    attr="cables",
)

HAZARDS = SheetSpec(
    "Hazards",
    "Disasters the plan must survive, with the share of demand that must survive.",
    (
        Column("hazard", "id", "hazard id", required=True),
        Column("name", "text", "label"),
        Column("survive_share", "float", "share of total demand that sites outside the footprint must cover",
               default=0.0, ge=0.0, le=1.0),
        Column("intl_survive_share", "float",
               "share of international demand that cables outside the footprint must cover",
               default=0.0, ge=0.0, le=1.0),
    ),
    key=("hazard",),
    attr="hazards",
)

HAZARD_FOOTPRINT = SheetSpec(
    "HazardFootprint",
    "Which sites, landings and IXs each hazard knocks out.",
    (
        Column("hazard", "ref", "hazard", ref="Hazards", required=True),
        Column("kind", "enum", "site, landing or ix", required=True,
               choices=("site", "landing", "ix")),
        Column("id", "text", "id in the sheet named by kind", required=True),
    ),
    key=("hazard", "kind", "id"),
    attr="hazard_footprint",
)

PERIODS = SheetSpec(
    "Periods",
    "Operations mode (FORMULATION.md §4): representative periods of a year, in order; "
    "a non-empty sheet turns operations mode on.",
    (
        Column("period", "id", "period id", required=True),
        Column("days", "float", "days of a year the period stands for", unit="d", required=True,
               gt=0.0),
        Column("steps", "int", "time steps in the period (a cycle: step 1 follows the last)",
               default=24, ge=1),
        Column("step_hours", "float", "hours per step", unit="h", default=1.0, gt=0.0),
    ),
    key=("period",),
    attr="periods",
)

PROFILES = SheetSpec(
    "Profiles",
    "Operations mode: per-step multipliers, one row per (profile, period, step).",
    (
        Column("profile", "text", "profile id (repeated down the sheet)", required=True),
        Column("period", "ref", "period", ref="Periods", required=True),
        Column("step", "int", "step, 1..steps of the period", required=True, ge=1),
        Column("value", "float", "multiplier at that step", required=True, ge=0.0),
    ),
    key=("profile", "period", "step"),
    attr="profiles",
)

SHEETS: tuple[SheetSpec, ...] = (
    SETTINGS, PHASES, AREAS, AREA_SUPPLY, SITES, REGIONS, DEMAND, SERVICE,
    GRID, IX, ROUTES, LANDINGS, CABLES, HAZARDS, HAZARD_FOOTPRINT, PERIODS, PROFILES,
)
SHEETS_BY_NAME: dict[str, SheetSpec] = {s.name: s for s in SHEETS}
OPERATIONS_SHEETS: tuple[SheetSpec, ...] = (PERIODS, PROFILES)
"""Sheets only an operations-mode case fills (FORMULATION.md §4)."""
BUILD_FAMILIES: dict[str, SheetSpec] = {"grid": GRID, "ix": IX, "route": ROUTES, "cable": CABLES}
"""Build-option families: result name -> sheet."""
