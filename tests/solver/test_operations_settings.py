"""Settings keys read only in operations mode (operations_mip_gap, operations_time_limit_s)."""

from __future__ import annotations

from planner.solver.options import SolveOptions

SETTINGS = {"mip_gap": 1e-4, "time_limit_s": 600.0, "operations_mip_gap": 0.01,
            "operations_time_limit_s": 120.0}


def test_capacity_mode_ignores_the_operations_keys() -> None:
    options = SolveOptions.from_settings(SETTINGS)
    assert (options.mip_gap, options.time_limit) == (1e-4, 600.0)


def test_operations_mode_reads_them_and_a_flag_still_wins() -> None:
    options = SolveOptions.from_settings(SETTINGS, operations=True)
    assert (options.mip_gap, options.time_limit) == (0.01, 120.0)
    flagged = SolveOptions.from_settings(SETTINGS, operations=True, mip_gap=0.0, threads=1)
    assert (flagged.mip_gap, flagged.time_limit, flagged.threads) == (0.0, 120.0, 1)


def test_blank_operations_keys_fall_back_to_the_plain_ones() -> None:
    options = SolveOptions.from_settings({"mip_gap": 0.002, "operations_mip_gap": None}, operations=True)
    assert options.mip_gap == 0.002
