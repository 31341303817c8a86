"""Exceptions raised at the package's public boundaries."""

from __future__ import annotations


class PlannerError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(PlannerError):
    """The workbook (or a case edit) has problems; ``problems`` lists every one.

    Each problem reads ``Sheet!Cell: what is wrong — how to fix it`` so that a
    planner can go straight to the cell.
    """

    def __init__(self, problems: list[str], warnings: list[str] | None = None) -> None:
        self.problems = list(problems)
        self.warnings = list(warnings or [])
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the input:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


class SolverUnavailableError(PlannerError):
    """HiGHS (highspy) cannot be imported or used."""


class OutputError(PlannerError):
    """A results workbook could not be written where asked."""


class MissingExtraError(PlannerError, ImportError):
    """An optional dependency (an extra of the package, e.g. ``[ops]``) is not installed."""
