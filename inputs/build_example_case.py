"""Build ``example.xlsx``: a tiny two-area, two-phase case that touches every sheet.

Run ``python inputs/build_example_case.py``; it writes inputs/example.xlsx and the copy
shipped in the package (planner/data/example.xlsx). Numbers are illustrative only.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

SHEETS: dict[str, list[tuple]] = {
    "Settings": [("key", "value"), ("discount_rate", 0.03), ("mip_gap", 1e-4)],
    "Phases": [
        ("phase", "year", "years", "intl_demand_tbps", "max_new_hub_share", "min_clusters"),
        ("2030", 2030, 3, 20, 0.6, 0),
        ("2035", 2035, 5, 40, 0.4, 1),
    ],
    "Areas": [("area", "name"), ("East", "East grid"), ("North", "North grid")],
    "AreaSupply": [
        ("area", "phase", "supply_mw", "energy_price_jpy_per_kwh", "carbon_t_per_mwh"),
        ("East", "2030", 600, 18, 0.45), ("East", "2035", 700, 18, 0.40),
        ("North", "2030", 300, 14, 0.30), ("North", "2035", 900, 13, 0.20),
    ],
    "Sites": [
        ("site", "name", "area", "lat", "lon", "type", "hub", "existing_mw", "min_mw", "max_mw [MW]",
         "earliest_phase", "pue", "fixed_cost_mjpy", "capex_mjpy_per_mw", "fom_mjpy_per_mw_year",
         "grid_firm_mw", "grid_nonfirm_mw", "battery_capex_mjpy_per_mw", "required_routes"),
        ("HUB", "Hub campus", "East", 35.80, 140.12, "existing", True, 200, 0, 500, None, 1.4, 0, 1200, 30,
         350, 100, 150, 0),
        ("NC", "North cluster", "North", 43.18, 141.29, "cluster", False, 0, 100, 1000, None, 1.2, 8000, 1000,
         25, 200, 0, 0, 2),
        ("WZ", "Welcome zone", "East", 36.40, 139.95, "welcome", False, 0, 0, 200, None, 1.3, 1500, 1100, 28,
         260, 0, 0, 0),
    ],
    "Demand": [("region", "phase", "demand_mw"), ("Metro", "2030", 300), ("Metro", "2035", 450),
               ("Training", "2035", 250)],
    "Service": [
        ("region", "site", "cost_mjpy_per_mw_year", "requires_route"),
        ("Metro", "HUB", 0, None), ("Metro", "WZ", 1, None), ("Metro", "NC", 3, "NC-X1"),
        ("Training", "HUB", 0, None), ("Training", "NC", 0, None), ("Training", "WZ", 0, None),
    ],
    "Grid": [
        ("project", "kind", "site", "from_area", "to_area", "mw", "capex_mjpy", "earliest_phase"),
        ("NC-SS", "site", "NC", None, None, 800, 30000, "2035"),
        ("N-E link", "link", None, "North", "East", 300, 60000, "2035"),
    ],
    "IX": [("ix", "name", "area", "lat", "lon", "hub", "capex_mjpy", "existing"),
           ("X-EAST", "East IX", "East", 35.68, 139.77, True, 0, True),
           ("X-NORTH", "North IX", "North", 43.06, 141.35, False, 900, False)],
    "Routes": [("route", "site", "ix", "corridor", "capex_mjpy", "earliest_phase", "latency_ms"),
               ("NC-X1", "NC", "X-EAST", "coast", 2500, None, 9),
               ("NC-X2", "NC", "X-NORTH", "inland", 600, None, 2)],
    "Landings": [("landing", "name", "zone", "lat", "lon"),
                 ("L-E", "East landing", "East coast", 35.05, 139.95),
                 ("L-N", "North landing", "North coast", 42.63, 141.60)],
    "Cables": [("cable", "landing", "ix", "tbps", "capex_mjpy", "earliest_phase", "existing"),
               ("C-OLD", "L-E", "X-EAST", 30, 0, None, True),
               ("C-NEW", "L-N", "X-NORTH", 20, 40000, None, False)],
    "Hazards": [("hazard", "name", "survive_share", "intl_survive_share"),
                ("quake-east", "East earthquake", 0.2, 0.3)],
    "HazardFootprint": [("hazard", "kind", "id"), ("quake-east", "site", "HUB"),
                        ("quake-east", "site", "WZ"), ("quake-east", "landing", "L-E")],
}


def build_workbook(path: Path) -> Path:
    """Write the example workbook to ``path``."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in SHEETS.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "example.xlsx"
    build_workbook(target)
    if len(sys.argv) == 1:
        shutil.copyfile(target, HERE.parent / "planner" / "data" / "example.xlsx")
    print(f"wrote {target}")
