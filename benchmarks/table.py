"""How the benchmark scripts print a figure: one formatter for every table they print."""

from __future__ import annotations

from typing import Any

FORMATS = {"s": "{:.2f}", "s1": "{:.1f}", "obj": "{:.4g}", "mjpy": "{:.6g}", "mb": "{:.0f}"}
"""Seconds, objective values, MJPY and megabytes; ``%`` shows a 0-1 share in percent."""


def cell(value: Any, kind: str = "s", missing: str = "-") -> str:
    """``value`` as the kind says (``missing`` when None)."""
    if value is None:
        return missing
    if kind == "%":
        return f"{100 * value:.2f}%"
    if kind in FORMATS:
        return FORMATS[kind].format(value)
    return str(value)
