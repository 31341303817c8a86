"""Grid reservations (系統の空押さえ) and their discipline on the bundled example case.

    python examples/reservations_sweep.py

Adds a Reservations sheet to a copy of planner/data/example.xlsx: 500 MW held speculatively
in area North for 2035 (plus 100 MW committed), then solves with reclaim_share 0 %, 50 % and
100 % of the speculative MW released, printing the cost and the Reservations results sheet.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from openpyxl import load_workbook

import planner

CASE = Path(__file__).resolve().parent.parent / "planner" / "data" / "example.xlsx"
RESERVATIONS = [("area", "phase", "holder", "mw", "status"),
                ("North", "2035", "idle applicant", 500, "speculative"),
                ("North", "2035", "operating plant", 100, "committed")]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "example_reservations.xlsx"
        book = load_workbook(CASE)
        sheet = book.create_sheet("Reservations")
        for row in RESERVATIONS:
            sheet.append(row)
        book.save(path)
        case = planner.read_workbook(path)
        for share in (0.0, 0.5, 1.0):
            phases = case.phases.assign(reclaim_share=share)
            plan = planner.solve(dataclasses.replace(case, phases=phases), threads=1, random_seed=0)
            cost = "no plan" if plan.objective is None else f"{plan.objective:,.0f} MJPY"
            print(f"reclaim {share:4.0%}: {plan.status}, cost {cost}")
            table = plan.tables.get("Reservations")
            if table is not None:
                print(table[["area", "phase", "reclaimed_mw", "supply_after_mw", "used_of_reclaimed_mw",
                             "value_mjpy_per_mw"]].to_string(index=False))


if __name__ == "__main__":
    main()
