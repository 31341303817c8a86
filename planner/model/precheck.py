"""Rows the data alone decides: checked before building, reported in planners' words.

A constraint whose every term is fixed by the data (no site may serve a
region, every cable already exists, ...) holds no decision, so the model
leaves it out; if the data violates it the case is infeasible whatever is
built, and this module says which row of which sheet to change.
"""

from __future__ import annotations

from planner.model.data import ModelData, group_label, total_demand


def _existing_tbps(d: ModelData, cables: list[str]) -> float:
    return sum(d.cable_tbps[k] for k in cables if d.build_existing[("cable", k)])


def _openable_mw(d: ModelData, t: str, sites: list[str]) -> float:
    """Most IT MW the given sites could hold in phase ``t``."""
    pos = d.phase_pos(t)
    return sum(
        d.max_mw[s] for s in sites
        if d.existing_mw[s] > 0 or (d.force[s] != "closed" and d.site_earliest[s] <= pos)
    )


def _capacity_shortfalls(d: ModelData) -> list[str]:
    """Demand or hazard survival above all the capacity that could exist."""
    problems = []
    for t in d.phases:
        demand = total_demand(d, t)
        capacity = _openable_mw(d, t, d.sites)
        if d.unserved_penalty is None and demand > capacity + 1e-9:
            problems.append(
                f"{t}: total demand {demand:,.0f} MW exceeds the {capacity:,.0f} MW that all sites "
                "open by then could hold — raise Sites.max_mw, allow earlier phases, or set an "
                "unserved penalty"
            )
        for h in d.hazards:
            need = d.survive_share[h] * demand
            outside = [s for s in d.sites if s not in d.footprint[h]["site"]]
            room = _openable_mw(d, t, outside)
            if outside and need > room + 1e-9:
                problems.append(
                    f"{t}: hazard {h} needs {need:,.0f} MW outside its footprint, but sites there "
                    f"could hold only {room:,.0f} MW — add sites outside it or lower "
                    "Hazards.survive_share"
                )
    return problems


def infeasible_rows(d: ModelData) -> list[str]:
    """Messages for constraints the data violates whatever is built."""
    problems: list[str] = []
    served = {(r, t) for (r, s) in d.service_pairs for t in d.phases}
    for (r, t), demand in d.demand.items():
        if demand > 0 and (r, t) not in served and d.unserved_penalty is None:
            problems.append(
                f"{t}: region {r} demands {demand:,.0f} MW but no site may serve it — add Service "
                "rows for it, or set Settings unserved_penalty_mjpy_per_mw_year"
            )
    problems.extend(_capacity_shortfalls(d))
    cables = sorted(d.cable_tbps)
    for t in d.phases:
        if any(d.buildable(("cable", k), t) for k in cables):
            continue
        have = _existing_tbps(d, cables)
        if d.intl_demand[t] > have + 1e-9:
            problems.append(
                f"{t}: international demand {d.intl_demand[t]:g} Tbps exceeds the {have:g} Tbps of "
                "existing cables and no cable can be built by then — add Cables rows or lower "
                "Phases.intl_demand_tbps"
            )
        share = d.phase_policy[t]["max_landing_zone_share"]
        if share is not None and have > 0:
            for zone in sorted(set(d.cable_zone.values())):
                in_zone = _existing_tbps(d, [k for k in cables if d.cable_zone[k] == zone])
                if in_zone > share * have + 1e-9:
                    problems.append(
                        f"{t}: landing zone {group_label(zone)} holds {in_zone / have:.0%} of cable capacity, above "
                        f"max_landing_zone_share {share:g}, and no cable can be built by then — "
                        "raise the share or add candidate cables elsewhere"
                    )
    regional = [x for x, hub in d.ix_hub.items() if not hub]
    for t in d.phases:
        need = d.phase_policy[t]["min_regional_ix"] or 0
        if need > 0 and not any(d.buildable(("ix", x), t) for x in regional):
            have = sum(1 for x in regional if d.build_existing[("ix", x)])
            if have < need:
                problems.append(
                    f"{t}: min_regional_ix {need:g} but only {have} non-hub IX exist and none can be "
                    "built by then — add candidate IX rows or lower Phases.min_regional_ix"
                )
        need_clusters = d.phase_policy[t]["min_clusters"] or 0
        if need_clusters > 0 and not d.cluster_sites:
            problems.append(
                f"{t}: min_clusters {need_clusters:g} but no site has type 'cluster' — mark cluster "
                "sites in Sites.type or clear Phases.min_clusters"
            )
    for h in d.hazards:
        outside = [s for s in d.sites if s not in d.footprint[h]["site"]]
        for t in d.phases:
            if d.survive_share[h] > 0 and total_demand(d, t) > 0 and not outside:
                problems.append(
                    f"{t}: hazard {h} needs {d.survive_share[h]:.0%} of demand to survive but every "
                    "site lies in its footprint — add sites outside it or lower Hazards.survive_share"
                )
            surviving = [
                k for k in cables
                if d.cable_landing[k] not in d.footprint[h]["landing"]
                and d.cable_ix[k] not in d.footprint[h]["ix"]
            ]
            need = d.intl_survive_share[h] * d.intl_demand[t]
            if need > 0 and not any(d.buildable(("cable", k), t) for k in surviving):
                have = _existing_tbps(d, surviving)
                if have < need - 1e-9:
                    problems.append(
                        f"{t}: hazard {h} needs {need:g} Tbps of cables outside its footprint, only "
                        f"{have:g} exist and none can be built by then — add cables landing "
                        "elsewhere or lower Hazards.intl_survive_share"
                    )
    return problems
