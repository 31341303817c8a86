"""Unit suffixes in headers: accepted when they agree, refused when they clearly do not.

``max_mw [MW]`` and ``max_mw [百万円]``-style labels are ignored as the contract
says; but a label naming a *different* unit of the same quantity (``[kW]`` on
an MW column, ``[億円]`` on an MJPY column) means the numbers are in the wrong
unit, and reading them anyway would be a silent wrong answer.
"""

from __future__ import annotations

import unicodedata

_WRONG: dict[str, tuple[str, ...]] = {
    "MW": ("kw", "gw", "万kw", "kva", "w"),
    "MJPY": ("jpy", "円", "億円", "千円", "万円", "yen", "bjpy", "usd", "$"),
    "Tbps": ("gbps", "mbps", "pbps", "bps"),
}
_BASE = {"MW": "MW", "MJPY": "MJPY", "MJPY/MW": "MJPY", "MJPY/MW/yr": "MJPY", "Tbps": "Tbps"}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold().replace(" ", "")


def unit_conflict(expected: str, label: str) -> str | None:
    """A problem sentence if ``label`` names another unit than ``expected``, else None."""
    base = _BASE.get(expected)
    if not base or not label:
        return None
    given = _fold(label)
    if base == "MJPY":
        given = given.split("/")[0]
    if given in _WRONG[base]:
        return (f"unit [{label}] differs from the column's unit [{expected}] — convert the values "
                f"to {expected} and label the header [{expected}]")
    return None
