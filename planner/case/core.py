"""``Case``: a validated planning case, one DataFrame per workbook sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from planner.case import edits


@dataclass(frozen=True)
class Case:
    """Everything the model needs, validated and with defaults filled.

    Tables keyed by one id are indexed by it (``sites`` by ``site``); tables
    keyed by several columns (``demand``, ``service``, ``area_supply``,
    ``hazard_footprint``) keep a plain index. Column names are the workbook's.
    ``rows`` gives, per sheet, the workbook row of each table row (for messages).
    """

    settings: dict[str, Any]
    phases: pd.DataFrame
    areas: pd.DataFrame
    area_supply: pd.DataFrame
    sites: pd.DataFrame
    regions: pd.DataFrame
    demand: pd.DataFrame
    service: pd.DataFrame
    grid: pd.DataFrame
    ix: pd.DataFrame
    routes: pd.DataFrame
    landings: pd.DataFrame
    cables: pd.DataFrame
    hazards: pd.DataFrame
    hazard_footprint: pd.DataFrame
    periods: pd.DataFrame
    profiles: pd.DataFrame
    sheets_present: frozenset[str] = frozenset()
    source: str | None = None
    sha256: str | None = None
    warnings: tuple[str, ...] = ()
    rows: dict[str, list[int]] = field(default_factory=dict)
    locks: dict[tuple[str, str], str] = field(default_factory=dict)
    """Planner locks on build options: (family, id) -> "built" or "forbidden"."""

    @property
    def phase_ids(self) -> list[str]:
        """Phase ids in time order."""
        return list(self.phases.index)

    @property
    def service_given(self) -> bool:
        """Whether the Service sheet restricts which sites serve which regions."""
        return "Service" in self.sheets_present

    @property
    def operations(self) -> bool:
        """Whether the case is in operations mode (a non-empty Periods sheet, FORMULATION.md §4)."""
        return len(self.periods) > 0

    def phase_position(self, phase: str) -> int:
        """0-based position of ``phase`` in time order."""
        return self.phase_ids.index(phase)

    # Modified copies (validated like workbook input); see planner.case.edits.

    def scale(self, target: str, factor: float, where: Any = None) -> Case:
        """Copy with ``Sheet.column`` (rows picked by ``where``) multiplied by ``factor``."""
        return edits.scale(self, target, factor, where)

    def set(self, target: str, where: Any, value: Any) -> Case:
        """Copy with ``Sheet.column`` of the rows ``where`` picks set to ``value``."""
        return edits.set_value(self, target, where, value)

    def lock_site(self, site: str, state: str | None) -> Case:
        """Copy with a site forced "open" or "closed" (None: unlocked)."""
        return edits.lock_site(self, site, state)

    def lock_build(self, family: str, option: str, state: str | None) -> Case:
        """Copy with a build option required ("built") or "forbidden" (None: unlocked)."""
        return edits.lock_build(self, family, option, state)

    def without(self, sheet: str) -> Case:
        """Copy with an optional sheet's family switched off."""
        return edits.without(self, sheet)
