"""OR-Library capacitated warehouse location instances for the acceptance tests.

FORMULATION.md §3: with one phase whose year is the base year and ``years`` = 1,
sites carrying only ``fixed_cost_mjpy`` and ``max_mw``, ``Demand`` = customer
demands and ``Service.cost_mjpy_per_mw_year`` = allocation cost / demand, the
planner's model is the (splittable) capacitated facility location problem, so
the OR-Library instances must reproduce their published optima.

File format (see ``data/orlib/SOURCES.md``), whitespace/newline separated:
``m n``; then for each warehouse ``capacity fixed_cost``; then for each customer
``demand`` followed by m numbers, the cost of allocating ALL of that customer's
demand to each warehouse.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "orlib"

INSTANCES = [
    "cap41", "cap42", "cap43", "cap44",
    "cap51",
    "cap61", "cap62", "cap63", "cap64",
    "cap71", "cap72", "cap73", "cap74",
]

# Published optima (OR-Library file ``capopt``), as tabulated in data/orlib/SOURCES.md.
# Kept literal here so an accidental edit of SOURCES.md cannot move the target;
# test_orlib.py checks that the two agree.
PUBLISHED_OPTIMA = {
    "cap41": 1040444.375,
    "cap42": 1098000.450,
    "cap43": 1153000.450,
    "cap44": 1235500.450,
    "cap51": 1025208.225,
    "cap61": 932615.750,
    "cap62": 977799.400,
    "cap63": 1014062.050,
    "cap64": 1045650.250,
    "cap71": 932615.750,
    "cap72": 977799.400,
    "cap73": 1010641.450,
    "cap74": 1034976.975,
}

PHASE = "P1"
YEAR = 2030
AREA = "A"


class CapInstance(NamedTuple):
    """Unpacks as ``(capacities, fixed_costs, demands, cost_matrix)``.

    ``cost_matrix[j][i]`` is the cost of allocating all of customer j's demand to
    warehouse i (customer-major, as in the file).
    """

    capacities: list[float]
    fixed_costs: list[float]
    demands: list[float]
    cost_matrix: list[list[float]]

    @property
    def m(self) -> int:
        return len(self.capacities)

    @property
    def n(self) -> int:
        return len(self.demands)


def _number(token: str, what: str, path: Path) -> float:
    try:
        return float(token)
    except ValueError:
        hint = ""
        if token.lower() == "capacity":
            hint = (
                " (the capa/capb/capc variants write the word 'capacity' and give "
                "the capacity separately; only numeric capacities are supported)"
            )
        raise ValueError(f"{path}: {what}: expected a number, got {token!r}{hint}") from None


def _count(token: str, what: str, path: Path) -> int:
    value = _number(token, what, path)
    if value != int(value) or value <= 0:
        raise ValueError(f"{path}: {what}: expected a positive integer, got {token!r}")
    return int(value)


def read_cap(path) -> CapInstance:
    """Parse an OR-Library ``cap*`` file -> (capacities, fixed_costs, demands, cost_matrix)."""
    path = Path(path)
    tokens = path.read_text().split()
    if len(tokens) < 2:
        raise ValueError(f"{path}: expected 'm n' at the start, file has {len(tokens)} tokens")
    m = _count(tokens[0], "number of warehouses m", path)
    n = _count(tokens[1], "number of customers n", path)
    expected = 2 + 2 * m + n * (1 + m)
    if len(tokens) != expected:
        raise ValueError(
            f"{path}: m={m}, n={n} needs {expected} numbers, file has {len(tokens)}"
        )
    pos = 2
    capacities: list[float] = []
    fixed_costs: list[float] = []
    for i in range(m):
        capacities.append(_number(tokens[pos], f"capacity of warehouse {i + 1}", path))
        fixed_costs.append(_number(tokens[pos + 1], f"fixed cost of warehouse {i + 1}", path))
        pos += 2
    demands: list[float] = []
    cost_matrix: list[list[float]] = []
    for j in range(n):
        demands.append(_number(tokens[pos], f"demand of customer {j + 1}", path))
        pos += 1
        row = [
            _number(tokens[pos + i], f"cost of customer {j + 1} at warehouse {i + 1}", path)
            for i in range(m)
        ]
        cost_matrix.append(row)
        pos += m
    assert pos == len(tokens)
    return CapInstance(capacities, fixed_costs, demands, cost_matrix)


def site_id(i: int) -> str:
    """Site id of warehouse i (0-based)."""
    return f"W{i + 1}"


def region_id(j: int) -> str:
    """Region id of customer j (0-based)."""
    return f"C{j + 1}"


def service_cost(instance: CapInstance, j: int, i: int) -> float:
    """Per-MW-year service cost: allocation cost / demand (exact float division)."""
    d = instance.demands[j]
    return instance.cost_matrix[j][i] / d if d else 0.0


def write_cap_workbook(instance, path, *, unit_suffixes: bool = True) -> Path:
    """Write the CFLP instance as a planner workbook (FORMULATION.md §1 and §3).

    ``instance`` is a CapInstance (or a path to a cap*.txt file). Some headers carry
    a unit suffix (``max_mw [MW]``) to exercise that path of the reader, unless
    ``unit_suffixes`` is False. Service costs are exact float quotients; note that
    openpyxl serialises floats with "%.16g", so a quotient needing 17 significant
    digits is read back within ~1e-16 relative (immaterial to the 1e-6 check).
    """
    from openpyxl import Workbook

    if not isinstance(instance, CapInstance):
        instance = read_cap(instance)
    capacities, fixed_costs, demands, cost_matrix = instance
    path = Path(path)

    def h(name: str, unit: str) -> str:
        return f"{name} [{unit}]" if unit_suffixes else name

    wb = Workbook()
    ws = wb.active
    ws.title = "Settings"
    ws.append(["key", "value"])
    ws.append(["discount_rate", 0.03])  # irrelevant with one phase at the base year

    ws = wb.create_sheet("Phases")
    ws.append(["phase", "year", "years"])
    ws.append([PHASE, YEAR, 1])

    ws = wb.create_sheet("Areas")
    ws.append(["area", "name"])
    ws.append([AREA, "Area A"])

    ws = wb.create_sheet("Sites")
    ws.append(["site", "area", h("max_mw", "MW"), h("fixed_cost_mjpy", "MJPY")])
    for i, (cap, fixed) in enumerate(zip(capacities, fixed_costs)):
        ws.append([site_id(i), AREA, cap, fixed])

    ws = wb.create_sheet("Demand")
    ws.append(["region", "phase", h("demand_mw", "MW")])
    for j, d in enumerate(demands):
        ws.append([region_id(j), PHASE, d])

    ws = wb.create_sheet("Service")
    ws.append(["region", "site", "cost_mjpy_per_mw_year"])
    for j in range(len(demands)):
        for i in range(len(capacities)):
            ws.append([region_id(j), site_id(i), service_cost(instance, j, i)])

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def read_published_optima(sources_md=DATA_DIR / "SOURCES.md") -> dict[str, float]:
    """The ``| file | capacity | fixed cost | published optimum |`` table of SOURCES.md."""
    optima: dict[str, float] = {}
    for line in Path(sources_md).read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"cap\w+", cells[0]):
            optima[cells[0]] = float(cells[3])
    return optima
