"""The welcome-zone map: drawn from Headroom when the case limits something, never otherwise."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from planner.reports.welcome_map import band, render_welcome_map, welcome_layer


def tables(connectable: list[float]) -> dict[str, pd.DataFrame]:
    sites = pd.DataFrame({"site": ["S1", "S2"], "area": ["A", "A"], "lat": [35.0, 43.0],
                          "lon": [139.0, 141.3], "phase": ["P1", "P1"]})
    headroom = pd.DataFrame({"level": ["site", "site", "area"], "area": ["A", "A", "A"],
                             "site": ["S1", "S2", ""], "phase": ["P1"] * 3,
                             "firm_mw": [80.0, math.nan, 100.0], "firm_left_mw": [35.0, math.nan, 55.0],
                             "connectable_mw": [*connectable, 55.0]})
    return {"Sites": sites, "Headroom": headroom}


def test_bands_follow_connectable_mw() -> None:
    assert band(600)[1] == "500 MW or more" and band(500)[1] == "500 MW or more"
    assert band(99.9)[1] == "1 to 100 MW" and band(0.5)[1] == "none left" and band(0)[1] == "none left"
    assert band(math.nan)[1] == "no limit in the case"


def test_map_is_drawn_when_a_site_is_limited(tmp_path: Path) -> None:
    layer = welcome_layer(tables([35.0, math.nan]))
    assert list(layer["site"]) == ["S1", "S2"] and layer["lat"].tolist() == [35.0, 43.0]
    path = render_welcome_map(tables([35.0, math.nan]), tmp_path / "w.png")
    assert path is not None and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_map_when_nothing_is_limited(tmp_path: Path) -> None:
    assert render_welcome_map(tables([math.nan, math.nan]), tmp_path / "w.png") is None
    assert not (tmp_path / "w.png").exists()
