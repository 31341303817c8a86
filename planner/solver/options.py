"""``SolveOptions``: the one place solver defaults live.

The Settings sheet's solver keys are generated from ``SOLVER_SETTINGS``, and
``SolveOptions.from_settings`` applies the precedence: an argument wins over
the Settings sheet, which wins over these defaults.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, TextIO

MIP_GAP = 1e-4
TIME_LIMIT_S = 600.0
RANDOM_SEED = 0


@dataclass(frozen=True)
class SolverSetting:
    """A Settings-sheet key that feeds ``SolveOptions`` (the schema builds its Column)."""

    key: str
    field: str
    kind: Literal["float", "int"]
    doc: str
    default: Any = None
    unit: str = ""
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    operations: bool = False
    """Read only in operations mode, where it takes the place of the key of the same field."""


SOLVER_SETTINGS: tuple[SolverSetting, ...] = (
    SolverSetting("mip_gap", "mip_gap", "float", "relative MIP gap at which the solver stops",
                  default=MIP_GAP, ge=0.0, le=1.0),
    SolverSetting("time_limit_s", "time_limit", "float", "solver time limit", default=TIME_LIMIT_S,
                  unit="s", gt=0.0),
    SolverSetting("threads", "threads", "int", "solver threads (blank: HiGHS decides)", ge=0),
    SolverSetting("random_seed", "random_seed", "int", "solver random seed", default=RANDOM_SEED,
                  ge=0),
    SolverSetting("operations_mip_gap", "mip_gap", "float",
                  "relative MIP gap in operations mode (blank: mip_gap)", ge=0.0, le=1.0, operations=True),
    SolverSetting("operations_time_limit_s", "time_limit", "float",
                  "solver time limit in operations mode (blank: time_limit_s)", unit="s", gt=0.0,
                  operations=True),
)


@dataclass(frozen=True)
class SolveOptions:
    """Solver options; ``threads=None`` leaves HiGHS's own default."""

    mip_gap: float = MIP_GAP
    time_limit: float = TIME_LIMIT_S
    threads: int | None = None
    random_seed: int = RANDOM_SEED
    log: bool = False
    log_stream: TextIO | None = None
    start_heuristic: bool | None = None
    """Hand HiGHS a plan from LP rounding first (``planner.solver.starts``); None: only for
    models with more than ``AUTO_START_BINARIES`` binaries, where it pays off."""
    highs_options: tuple[tuple[str, Any], ...] = ()
    """Further HiGHS options as (name, value) pairs, set last on every MIP solve."""
    capacity_start: bool = True
    """Operations mode: solve the case's capacity model first (FORMULATION.md §2, seconds on
    most cases) and hand its sites and builds to HiGHS as the first plan (``pipeline``)."""
    decomposition: Literal["auto", "on", "off"] | None = None
    """Operations mode: Benders decomposition by (phase, period) (``studies.decomposition``);
    None or "auto": on for models with more than ``DECOMPOSE_STEP_COLUMNS`` per-step columns."""
    progress: bool = False
    """Show one live line (elapsed, best plan, bound, gap, time left) while HiGHS runs."""
    progress_label: str = "solving"
    """What the line says it is doing (e.g. ``window 2/3``)."""

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None = None, *, operations: bool = False,
                      **overrides: Any) -> SolveOptions:
        """Options for a case: ``overrides`` (None = not given) over ``settings`` over defaults.

        In operations mode (``operations``) the ``operations_*`` keys, where set, take the
        place of the plain keys of the same field."""
        settings = settings or {}
        values: dict[str, Any] = {}
        given = {f: overrides.pop(f) for f in {s.field for s in SOLVER_SETTINGS} if overrides.get(f) is not None}
        overrides = {k: v for k, v in overrides.items() if k not in {s.field for s in SOLVER_SETTINGS}}
        ordered = sorted(SOLVER_SETTINGS, key=lambda s: s.operations)  # operations keys read last
        for setting in ordered:
            if setting.operations and not operations:
                continue
            value = given.get(setting.field)
            if value is None:
                value = settings.get(setting.key)
            if value is not None:
                values[setting.field] = float(value) if setting.kind == "float" else int(value)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes: Any) -> SolveOptions:
        """A copy with ``changes``."""
        return dataclasses.replace(self, **changes)
