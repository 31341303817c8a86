"""``Case`` (a validated planning case) and its modified, re-validated copies."""

from planner.case.core import Case

__all__ = ["Case"]
