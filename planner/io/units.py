"""Unit suffixes in headers: accepted when they agree, refused when they name another unit.

``max_mw [MW]``, ``fixed_cost_mjpy (百万円)`` and descriptive labels such as
``max_mw [MW IT]`` are ignored, as the contract says. A label that names a
*different* unit than the column's (``[kW]`` on an MW column, ``[億円]`` on an
MJPY column, ``[s]`` on a ms column, ``[%]`` on a share) means the numbers are
in another unit; the reader never converts, and reading them anyway would be a
silent wrong answer, so it is an input error (FORMULATION.md §1).

A label is compared as a unit expression: ``/``-separated parts, each a product
of known unit words (``MJPY/MW/yr``, ``t-CO2/MWh``, ``JPY per kWh``). Words the
vocabulary does not know (``IT``, ``net``) are description and are skipped; a
label with no known unit word at all is description only and is ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_ATOMS: dict[str, str] = {
    # power
    "mw": "MW", "kw": "kW", "gw": "GW", "w": "W", "万kw": "万kW", "kva": "kVA", "mva": "MVA",
    # energy
    "wh": "Wh", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh",
    # money
    "mjpy": "MJPY", "百万円": "MJPY", "jpy": "JPY", "円": "JPY", "yen": "JPY", "¥": "JPY",
    "千円": "kJPY", "kjpy": "kJPY", "万円": "万JPY", "億円": "億JPY", "十億円": "BJPY",
    "bjpy": "BJPY", "usd": "USD", "$": "USD", "eur": "EUR", "€": "EUR",
    # bandwidth
    "bps": "bps", "kbps": "kbps", "mbps": "Mbps", "gbps": "Gbps", "tbps": "Tbps", "pbps": "Pbps",
    # time
    "ms": "ms", "s": "s", "sec": "s", "second": "s", "seconds": "s", "us": "us", "μs": "us",
    "min": "min", "minute": "min", "minutes": "min", "h": "h", "hr": "h", "hour": "h",
    "hours": "h", "day": "day", "days": "day", "日": "day", "month": "month", "months": "month",
    "yr": "yr", "yrs": "yr", "year": "yr", "years": "yr", "y": "yr", "年": "yr",
    # angle
    "deg": "deg", "°": "deg", "degree": "deg", "degrees": "deg", "度": "deg", "rad": "rad",
    "radian": "rad", "radians": "rad",
    # mass (CO2 markers are stripped first: t-CO2 is t)
    "t": "t", "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "kg": "kg", "g": "g",
    # share
    "%": "%", "percent": "%", "pct": "%",
}
_PHRASES = (
    (re.compile(r"\b(million|mil|mn)\s*(jpy|yen)\b"), "mjpy"),
    (re.compile(r"\b([kmgtp]?)b/s\b"), r"\1bps"),
    (re.compile(r"\s+per\s+"), "/"),
    (re.compile(r"[-_]?co2(e|eq)?"), ""),
)
_SPLIT = re.compile(r"[\s·*×・\-(),;:]+")

Unit = tuple[tuple[str, ...], tuple[str, ...]]
"""(numerator words, denominator words), each sorted: ``MJPY/MW/yr`` -> (("MJPY",), ("MW", "yr"))."""


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).strip().casefold().replace("µ", "μ")
    for pattern, replacement in _PHRASES:
        folded = pattern.sub(replacement, folded)
    return folded


def parse_unit(text: str) -> Unit | None:
    """The unit a label names, or ``None`` when it names no known unit (a description)."""
    parts = _fold(text).split("/")
    known = 0
    sides: list[list[str]] = [[], []]
    for position, part in enumerate(parts):
        for word in _SPLIT.split(part):
            atom = _ATOMS.get(word)
            if atom is not None:
                sides[0 if position == 0 else 1].append(atom)
                known += 1
    if not known:
        return None
    numerator, denominator = Counter(sides[0]), Counter(sides[1])
    common = numerator & denominator  # MW/MW and the like cancel
    return (tuple(sorted((numerator - common).elements())),
            tuple(sorted((denominator - common).elements())))


def unit_conflict(expected: str, label: str, column: str = "") -> str | None:
    """A problem sentence if ``label`` names another unit than ``expected``, else None.

    ``expected`` is the column's unit from the schema ("" for plain numbers:
    counts, shares, PUE).
    """
    if not label:
        return None
    given = parse_unit(label)
    if given is None:
        return None
    wanted = parse_unit(expected) if expected else ((), ())
    if given == wanted:
        return None
    if expected:
        return (f"unit [{label}] differs from the column's unit [{expected}] — convert the values "
                f"to {expected} and label the header [{expected}]")
    what = f"{column} takes" if column else "the column takes"
    return (f"unit [{label}] differs from the column's unit: {what} a plain number with no unit "
            f"(a share as a fraction, 30 % as 0.3) — convert the values and remove [{label}]")
