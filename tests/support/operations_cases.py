"""Tiny operations-mode workbooks (FORMULATION.md §4) and a model-level solve for them.

``ops_case`` is ``base_case`` with a ``Periods`` sheet (so operations mode is on) and,
by default, one period ``D`` of 365 days x 2 steps x 12 h: each step stands for
n_p * Delta_p = 4380 h of the year. ``profile_rows`` writes a profile's long-format rows.
``solve_ops`` builds the model itself (so a test can deactivate rows, or add one, before
solving) and returns the objective and the solved model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyomo.environ as pyo

import planner
from planner.model.data import model_data
from planner.solver.options import SolveOptions
from planner.solver.run import optimise
from support.workbook import base_case, write_workbook

Sheets = dict[str, list[dict[str, Any]]]


def ops_case(periods: list[dict[str, Any]] | None = None, **overrides: list[dict[str, Any]]) -> Sheets:
    """``base_case`` in operations mode: one period D (365 days, 2 steps of 12 h) unless given."""
    sheets = base_case(**overrides)
    sheets["Periods"] = periods or [{"period": "D", "days": 365, "steps": 2, "step_hours": 12}]
    return sheets


def profile_rows(name: str, values: dict[str, list[float]]) -> list[dict[str, Any]]:
    """Profiles rows of ``name``: period -> the values of its steps 1..K."""
    return [{"profile": name, "period": p, "step": k, "value": v}
            for p, vs in values.items() for k, v in enumerate(vs, start=1)]


Drop = str | tuple[str, tuple[Any, ...]]
"""A constraint to deactivate: its name (every row) or (name, index) for one row."""


def solve_ops(tmp_path: Path, sheets: Sheets, drop: Iterable[Drop] = (),
              extra: Callable[[pyo.ConcreteModel], None] | None = None) -> tuple[float, pyo.ConcreteModel]:
    """Objective and solved model of ``sheets`` (threads 1, seed 0, gap 0), with the rows in
    ``drop`` deactivated (each must exist) and ``extra(model)`` applied first. The model is
    built without the optional tightening rows (they could stand in for a dropped row)."""
    path = write_workbook(tmp_path / "ops.xlsx", sheets)
    data = model_data(planner.read_workbook(path))
    assert data.operations, "the case has no Periods sheet"
    data.tighten = False
    model = planner.build_model(data)
    for item in drop:
        if isinstance(item, str):
            component = getattr(model, item)
            assert len(component) > 0, f"{item} has no rows in this case"
            component.deactivate()
        else:
            name, index = item
            getattr(model, name)[index].deactivate()
    if extra is not None:
        extra(model)
    outcome = optimise(model, SolveOptions(mip_gap=0.0, time_limit=60.0, threads=1, random_seed=0))
    assert outcome.status == "optimal", outcome.status
    return outcome.objective, model


def values(var: Any, *prefix: Any) -> list[float]:
    """The values of ``var`` over its indices starting with ``prefix``, in index order."""
    return [pyo.value(var[i]) for i in var if tuple(i[: len(prefix)]) == prefix]
