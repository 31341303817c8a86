r"""Symmetry family: interchangeable candidate sites are used in sheet order.

Formulation: models/formulation.md, section "symmetry".

Two sites are *interchangeable* when the model reads exactly the same numbers
and sets for them (``site_signature``): swapping their ids maps every feasible
plan to a feasible plan of the same cost, so the branch-and-bound would
otherwise explore each plan once per ordering of such sites. The rows below
keep one ordering only; they change no optimum (proof in the formulation).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Hashable
from typing import Any

import pyomo.environ as pyo

from planner.model.data import ModelData

SITE_FIELDS = (
    "site_area", "existing_mw", "min_mw", "max_mw", "pue", "site_earliest", "force",
    "fixed_cost", "capex_per_mw", "battery_capex", "site_fom", "grid_firm", "grid_nonfirm",
    "required_routes", "cogen_max", "cogen_capex", "battery_hours", "battery_efficiency",
    "cogen_fuel", "cogen_carbon",
)
"""ModelData dicts keyed by site (a missing key, e.g. a blank grid_firm_mw, is a value too)."""

SITE_PHASE_FIELDS = ("site_energy_cost", "site_carbon_cost")
"""ModelData dicts keyed by (site, phase)."""

SITE_LIST_FIELDS = ("hub_sites", "cluster_sites")
"""ModelData lists of sites: membership is part of the signature."""

SERVICE_FIELDS = ("service_pairs", "service_cost", "service_route", "flexible_only")
"""(region, site) data: the site's regions, each with its cost and required route."""

REFERENCE_FIELDS = ("site_projects", "route_site", "footprint")
"""Fields that name sites from other families. A site with a grid project or a route is
never interchangeable (the project or route belongs to it alone); hazard footprints are
compared as the set of hazards whose footprint holds the site."""

SITE_FREE_FIELDS = (
    "phases", "phase_index", "discount", "weight", "sites", "regions", "demand",
    "unserved_penalty", "areas", "supply", "builds", "build_capex", "build_earliest",
    "build_existing", "project_mw", "links", "link_ends", "route_ix", "route_corridor",
    "cable_tbps", "cable_ix", "cable_zone", "cable_landing", "ix_hub", "intl_demand",
    "phase_policy", "hazards", "survive_share", "intl_survive_share", "build_lock", "tighten",
    "region_tbps_per_mw", "route_tbps", "operations", "periods", "period_days", "period_steps",
    "step_hours", "profiles", "demand_profile", "flexible_share", "area_energy", "carbon_price",
)
"""Fields keyed by phases, regions, areas, build options, cables or hazards: the same for
every site (their ids are other sheets' ids, even where one equals a site id)."""

KNOWN_FIELDS = frozenset(
    SITE_FIELDS + SITE_PHASE_FIELDS + SITE_LIST_FIELDS + SERVICE_FIELDS + REFERENCE_FIELDS
    + SITE_FREE_FIELDS
)
"""Every ModelData field this module has classified. A field added later and not listed
here is read conservatively (``_unknown_field_view``)."""

_BLANK = ("<blank>",)
_NAN = ("<nan>",)


def _canon(value: Any) -> Hashable:
    """A hashable, exactly comparable form of one value (NaN equals NaN, lists become tuples)."""
    if isinstance(value, float) and math.isnan(value):
        return _NAN
    if isinstance(value, dict):
        return tuple(sorted(((_canon(k), _canon(v)) for k, v in value.items()), key=repr))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted((_canon(v) for v in value), key=repr))
    if isinstance(value, (list, tuple)):
        return tuple(_canon(v) for v in value)
    return value  # type: ignore[no-any-return]


def _mentions(value: Any, s: str) -> bool:
    """Whether ``s`` occurs anywhere in ``value`` (keys, values, nested containers)."""
    if isinstance(value, str):
        return value == s
    if isinstance(value, dict):
        return any(_mentions(k, s) or _mentions(v, s) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_mentions(v, s) for v in value)
    return False


def _unknown_field_view(value: Any, d: ModelData, s: str) -> tuple[bool, Hashable]:
    """(usable, view) of a field this module does not know.

    A dict keyed by exactly the sites is compared by its value at ``s``; a field
    that names ``s`` in any other way makes ``s`` not interchangeable (usable False).
    """
    if isinstance(value, dict) and set(value) == set(d.sites):
        return not any(_mentions(v, s) for v in value.values()), _canon(value[s])
    return not _mentions(value, s), None


def site_signature(d: ModelData, s: str) -> Hashable | None:
    """Everything the model reads for site ``s``, or None if ``s`` has no interchangeable twin.

    None for a site with existing capacity, a grid project or a route of its own,
    or one named by a field this module does not know.
    """
    if d.existing_mw[s] > 0 or d.site_projects.get(s) or s in d.route_site.values():
        return None
    signature: list[Hashable] = []
    for name in SITE_FIELDS:
        signature.append((name, _canon(getattr(d, name).get(s, _BLANK))))
    for name in SITE_PHASE_FIELDS:
        values = getattr(d, name)
        signature.append((name, tuple(_canon(values.get((s, t), _BLANK)) for t in d.phases)))
    for name in SITE_LIST_FIELDS:
        signature.append((name, s in getattr(d, name)))
    service = sorted(
        (r, _canon(d.service_cost.get((r, s), _BLANK)), _canon(d.service_route.get((r, s), _BLANK)),
         (r, s) in d.flexible_only)
        for (r, site) in d.service_pairs if site == s
    )
    signature.append(("service", tuple(service)))
    signature.append(("footprint", tuple(h for h in d.hazards if s in d.footprint[h]["site"])))
    for f in dataclasses.fields(d):
        if f.name in KNOWN_FIELDS:
            continue
        usable, view = _unknown_field_view(getattr(d, f.name), d, s)
        if not usable:
            return None
        signature.append((f.name, view))
    return tuple(signature)


def symmetric_groups(d: ModelData) -> list[list[str]]:
    """Groups of two or more interchangeable sites, each in Sites sheet order."""
    groups: dict[Hashable, list[str]] = {}
    for s in d.sites:
        signature = site_signature(d, s)
        if signature is not None:
            groups.setdefault(signature, []).append(s)
    return [group for group in groups.values() if len(group) > 1]


def _mutable(m: pyo.ConcreteModel) -> bool:
    """Whether the model was built for re-solves that change numbers in place
    (``planner.resolve``): a changed cost could make two sites differ while the
    rows below stayed, so that model gets none."""
    return bool(m.fixed_cost_mjpy.mutable)


def add_symmetry_constraints(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Add the symmetry-breaking rows (only with ``d.tighten``, and not on a mutable model).

    For each group of interchangeable sites :math:`s_1, s_2, \dots` (sheet order)
    and each consecutive pair :math:`(s, s') = (s_i, s_{i+1})`:

    site_open_order: :math:`o_{s,t} \ge o_{s',t}` where :math:`o_{s,t}` is not fixed
    site_capacity_order: :math:`c_{s,t} \ge c_{s',t}` where the sites may be open
    (:math:`o_{s,t}` not fixed at 0)
    """
    on = d.tighten and not _mutable(m)
    pairs = [
        (s, s_next) for group in (symmetric_groups(d) if on else [])
        for s, s_next in zip(group, group[1:])
    ]
    m.symmetric_site_pairs = pyo.Set(
        initialize=pairs, dimen=2, ordered=True,
        doc="(site, next interchangeable site in sheet order)",
    )
    m.symmetric_open_phases = pyo.Set(
        initialize=[(s, s_next, t) for (s, s_next) in pairs for t in d.phases
                    if m.site_open[s, t].lb != m.site_open[s, t].ub],
        dimen=3, ordered=True, doc="(pair, phase) where opening is a choice",
    )
    m.symmetric_capacity_phases = pyo.Set(
        initialize=[(s, s_next, t) for (s, s_next) in pairs for t in d.phases
                    if m.site_open[s, t].ub == 1],
        dimen=3, ordered=True, doc="(pair, phase) where the sites may hold capacity",
    )

    @m.Constraint(m.symmetric_open_phases, doc="of interchangeable sites, the earlier one opens first")
    def site_open_order(m, s, s_next, t):
        return m.site_open[s, t] >= m.site_open[s_next, t]

    @m.Constraint(m.symmetric_capacity_phases,
                  doc="of interchangeable sites, the earlier one holds at least as much [MW]")
    def site_capacity_order(m, s, s_next, t):
        return m.it_mw[s, t] >= m.it_mw[s_next, t]
