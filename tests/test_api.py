"""The public API as the README documents it: everything at ``planner.``, in ``__all__``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import planner

EXAMPLE = Path(__file__).resolve().parents[1] / "inputs" / "example.xlsx"
SOLVE = {"mip_gap": 0.0, "threads": 1, "random_seed": 0}


@pytest.fixture(scope="module")
def case() -> planner.Case:
    return planner.read_workbook(EXAMPLE)


def test_everything_documented_is_exported() -> None:
    for name in ("read_workbook", "solve", "run", "explain", "alternatives", "marginal_values",
                 "sweep", "SweepSpec", "Case", "Plan", "SolveOptions", "PlannerError", "InputError",
                 "OutputError", "SolverUnavailableError"):
        assert name in planner.__all__ and hasattr(planner, name), name
    assert callable(planner.explain) and callable(planner.sweep) and callable(planner.solve)


def test_explain_a_site_at_the_top_level(case) -> None:
    base = planner.solve(case, **SOLVE)
    new = case.sites.index[case.sites["existing_mw"] == 0]
    sites = base.tables["Sites"]
    opened = sites[sites["open"] & sites["site"].isin(new)]["site"].iloc[0]
    explanation = planner.explain(case, site=opened, **SOLVE)
    assert explanation.base.objective == pytest.approx(base.objective)
    assert explanation.flipped_decision == "stays closed"
    if explanation.cost_difference is not None:
        assert explanation.cost_difference >= -1e-6 * abs(base.objective)  # the optimum was optimal
    assert opened in explanation.summary


def test_alternatives_at_the_top_level(case) -> None:
    result = planner.alternatives(case, slack=0.02, n=3, **SOLVE)
    assert result.costs[0] == pytest.approx(planner.solve(case, **SOLVE).objective)
    assert len(result.costs) <= 4
    for cost in result.costs[1:]:
        assert result.costs[0] - 1e-6 <= cost <= 1.02 * result.costs[0] + 1e-6 * abs(result.costs[0])
    assert all(d >= 1 for d in result.differences[1:])


def test_marginal_values_at_the_top_level(case) -> None:
    values = planner.marginal_values(case, options=planner.SolveOptions(mip_gap=0.0, threads=1))
    assert isinstance(values, pd.DataFrame) and len(values)
    assert {"constraint", "what", "value_mjpy_per_unit", "binding"} <= set(values.columns)


def test_sweep_at_the_top_level(case) -> None:
    spec = planner.SweepSpec.from_dict({"method": "oat", "parameter": [
        {"name": "demand", "target": "Demand.demand_mw", "values": [0.9, 1.1]}]})
    result = planner.sweep(case, spec, workers=1, progress=False, **SOLVE)
    frame = result.scenarios
    assert len(frame) == 3 and set(frame["status"]) == {"optimal"}
    base = frame.loc[frame["scenario"] == 0, "objective"].iloc[0]
    assert base == pytest.approx(planner.solve(case, **SOLVE).objective, rel=1e-9)
    by_value = frame.set_index("scenario")["objective"]
    assert by_value[1] <= base <= by_value[2]  # less demand never costs more


def test_options_precedence(case) -> None:
    settings = {"mip_gap": 0.05, "time_limit_s": 30.0, "random_seed": 4}
    options = planner.SolveOptions.from_settings(settings, mip_gap=0.001, threads=None)
    assert (options.mip_gap, options.time_limit, options.random_seed, options.threads) == (0.001, 30.0, 4, None)
    assert planner.SolveOptions.from_settings({}) == planner.SolveOptions()
