r"""Rows the studies add to a built model: near-optimal alternatives and the elastic diagnosis.

They are not part of the planning model (``build_model`` never adds them);
``planner.studies.alternatives`` and ``planner.studies.infeasibility`` do, on
their own copy. Each is documented in models/formulation.md under "addons".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pyomo.environ as pyo


def add_alternatives_constraints(m: pyo.ConcreteModel, optimum: float, slack: float) -> None:
    r"""Cap the cost near the optimum and prepare the no-good cuts.

    alternatives_cost_cap:  total_cost <= (1 + slack) * optimum + 1e-6 * max(1, |optimum|)

    (the last term keeps the optimum itself inside the cap despite round-off).
    """
    m.alternatives_cost_cap = pyo.Constraint(
        expr=m.total_cost.expr <= (1.0 + slack) * optimum + 1e-6 * max(1.0, abs(optimum)))
    m.alternatives_no_good = pyo.ConstraintList()


def add_no_good_cut(m: pyo.ConcreteModel, decisions: Sequence[Any], values: Sequence[int],
                    min_difference: int) -> None:
    r"""Exclude every plan within ``min_difference`` decisions of ``values``.

    alternatives_no_good:  sum_{i: x̂_i = 1} (1 - x_i) + sum_{i: x̂_i = 0} x_i >= h
    """
    distance = sum((1 - var) if value == 1 else var
                   for var, value in zip(decisions, values, strict=True))
    m.alternatives_no_good.add(distance >= min_difference)


def add_elastic_rows(m: pyo.ConcreteModel, weights: dict[str, float]
                     ) -> list[tuple[str, object, Any]]:
    r"""Give every row of the families in ``weights`` a non-negative slack; minimise their sum.

    elastic_slack:      sigma_i >= 0, one per relaxed row i
    row i, <= form:     body_i - sigma_i <= upper_i
    row i, >= or = :    lower_i <= body_i + sigma_i (<= upper_i)   (equality: shortfall only)
    elastic_violation:  min sum_i weight_{family(i)} * sigma_i   (total_cost deactivated)

    Returns (family, index, slack) per relaxed row.
    """
    m.elastic_slack = pyo.VarList(domain=pyo.NonNegativeReals)
    slacks: list[tuple[str, object, Any]] = []
    terms = []
    for name, weight in weights.items():
        component = m.component(name)
        if component is None:
            continue
        for index, row in component.items():
            lower, body, upper = row.lower, row.body, row.upper
            slack = m.elastic_slack.add()
            if lower is not None:
                row.set_value((lower, body + slack, upper))
            else:
                row.set_value((None, body - slack, upper))
            slacks.append((name, index, slack))
            terms.append(weight * slack)
    m.total_cost.deactivate()
    m.elastic_violation = pyo.Objective(expr=sum(terms), sense=pyo.minimize,
                                        doc="weighted shortfall of the relaxed rows")
    return slacks


ADDON_COMPONENTS: tuple[str, ...] = ("alternatives_cost_cap", "alternatives_no_good",
                                     "elastic_slack", "elastic_violation")
"""Component names the add-ons create (the drift test checks each is documented)."""


def addon_names(m: pyo.ConcreteModel) -> Iterable[str]:
    """The add-on components present on ``m``."""
    return [name for name in ADDON_COMPONENTS if m.component(name) is not None]
