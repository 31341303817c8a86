"""Sweep specs: the parameters of a sensitivity study and the scenarios they make.

A ``Parameter`` scales or sets one ``Sheet.column`` (rows picked by ``where``);
a ``SweepSpec`` combines parameters by a method of ``METHODS`` (``oat``,
``grid``, ``lhs``). ``apply_scenario`` makes the validated case of one scenario.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from planner.case import Case
from planner.errors import InputError

OPS = ("scale", "set")


@dataclass(frozen=True)
class Parameter:
    """One swept quantity: ``target`` (``Sheet.column``) scaled or set to each value."""

    name: str
    target: str
    values: tuple[float, ...]
    op: str = "scale"
    where: str | dict[str, Any] | None = None
    base: float | None = None
    """The value of the base case (1.0 for scale); tornado bars are drawn around it."""

    def __post_init__(self) -> None:
        if self.op not in OPS:
            raise InputError([f"Sweep parameter {self.name}: op must be scale or set, got {self.op!r}"])
        if not self.values:
            raise InputError([f"Sweep parameter {self.name}: give at least one value"])

    @property
    def base_value(self) -> float | None:
        """The value that leaves the case unchanged."""
        return 1.0 if self.op == "scale" and self.base is None else self.base


@dataclass(frozen=True)
class SweepSpec:
    """Parameters and how to combine them into scenarios."""

    parameters: tuple[Parameter, ...]
    method: str = "oat"
    samples: int = 20
    seed: int = 0

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InputError([f"Sweep: method must be one of {', '.join(METHODS)}, got {self.method!r}"])
        names = [p.name for p in self.parameters]
        if len(set(names)) != len(names):
            raise InputError(["Sweep: parameter names must be unique"])

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SweepSpec:
        """From a TOML-like dict: method, samples, seed and a list ``parameter``."""
        parameters = []
        for raw in data.get("parameter", data.get("parameters", [])):
            values = raw.get("values")
            if values is None and "range" in raw:
                low, high = raw["range"]
                values = list(np.linspace(float(low), float(high), int(raw.get("steps", 5))))
            parameters.append(Parameter(
                name=str(raw.get("name", raw.get("target"))), target=str(raw["target"]),
                values=tuple(float(v) for v in values or ()), op=str(raw.get("op", "scale")),
                where=raw.get("where"), base=raw.get("base"),
            ))
        return cls(tuple(parameters), method=str(data.get("method", "oat")),
                   samples=int(data.get("samples", 20)), seed=int(data.get("seed", 0)))

    def scenarios(self) -> list[dict[str, float]]:
        """Parameter values per scenario; an empty dict is the base case (always first)."""
        return [{}] + METHODS[self.method](self)


def apply_scenario(case: Case, spec: SweepSpec, values: dict[str, float]) -> Case:
    """The case with each parameter's value applied (validated like input)."""
    by_name = {p.name: p for p in spec.parameters}
    for name, value in values.items():
        p = by_name[name]
        case = case.scale(p.target, value, p.where) if p.op == "scale" else case.set(p.target, p.where, value)
    return case


def one_at_a_time(spec: SweepSpec) -> list[dict[str, float]]:
    """Each parameter through its values, the others at their base."""
    return [{p.name: v} for p in spec.parameters for v in p.values if v != p.base_value]


def full_grid(spec: SweepSpec) -> list[dict[str, float]]:
    """Every combination of every parameter's values."""
    names = [p.name for p in spec.parameters]
    return [dict(zip(names, combo, strict=True))
            for combo in itertools.product(*(p.values for p in spec.parameters))]


def latin_hypercube(spec: SweepSpec) -> list[dict[str, float]]:
    """``samples`` scenarios, each parameter's range cut in as many strata, one draw each."""
    rng = np.random.default_rng(spec.seed)
    n = spec.samples
    scenarios: list[dict[str, float]] = [{} for _ in range(n)]
    for p in spec.parameters:
        low, high = min(p.values), max(p.values)
        column = low + (rng.permutation(n) + rng.random(n)) / n * (high - low)
        for i in range(n):
            scenarios[i][p.name] = float(column[i])
    return scenarios


METHODS: dict[str, Callable[[SweepSpec], list[dict[str, float]]]] = {
    "oat": one_at_a_time,
    "grid": full_grid,
    "lhs": latin_hypercube,
}
"""Scenario methods by name: one function each, the base case not included."""
