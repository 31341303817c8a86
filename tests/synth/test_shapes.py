"""Synth shapes scale only cost columns: the witness plan stays feasible and its cost moves as derived."""

from __future__ import annotations

import pytest

from planner.synth import SHAPES, generate, shaped


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_shape_scales_only_its_cost_columns(shape: str) -> None:
    rows = generate(12, 2, 3)
    tilted = shaped(rows, shape)
    factors = SHAPES[shape]
    for sheet, sheet_rows in rows.items():
        for before, after in zip(sheet_rows, tilted[sheet], strict=True):
            for column, value in before.items():
                factor = factors.get((sheet, column))
                if (sheet, column) == ("Phases", "capex_budget_mjpy"):
                    continue
                if factor is None or not isinstance(value, int | float) or isinstance(value, bool):
                    assert after[column] == value, (sheet, column)
                else:
                    assert after[column] == pytest.approx(value * factor)
    assert rows == generate(12, 2, 3)  # the input is not changed


def test_unknown_shape_is_refused() -> None:
    with pytest.raises(KeyError):
        shaped(generate(5, 1, 0), "nonsense")
