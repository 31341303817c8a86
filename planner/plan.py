"""``Plan``: a solved (or unsolvable) case in plain values: status, cost, bound, tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planner.case import Case
from planner.solver.options import SolveOptions


@dataclass
class Plan:
    """A solved (or unsolvable) case: status, cost, bound and plain result tables."""

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    build_seconds: float
    solve_seconds: float
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    options: SolveOptions = field(default_factory=SolveOptions)
    case: Case | None = field(default=None, repr=False)
    model_stats: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage: read (when run() read the workbook), build, solve, extract, values."""
    checks: dict[str, object] = field(default_factory=dict)
    """The independent check of the plan against every row and bound (see Run)."""

    @property
    def has_solution(self) -> bool:
        """Whether the plan holds decisions (optimal or an incumbent at a limit)."""
        return self.objective is not None

    def to_excel(self, path: str | Path, *, pictures: bool = True, lang: str = "en") -> Path:
        """Write the results workbook atomically (never over the input workbook).

        ``pictures`` adds native charts, a build timeline and a map (a few seconds).
        ``lang="ja"`` adds Japanese descriptions to Summary and labels the charts and
        map in Japanese (sheet and column names stay as they are).
        """
        from planner.reports.workbook import write_plan_workbook

        inputs = [Path(self.case.source)] if self.case and self.case.source else []
        return write_plan_workbook(self.tables, path, inputs=inputs, pictures=pictures, lang=lang)
