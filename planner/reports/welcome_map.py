"""The welcome-zone map of the plan (issue 16 point 4), from the Headroom table.

Like the grid operators' welcome-zone maps (ウェルカムゾーンマップ), it shows where large
load can still connect without new transmission — here after the plan's last phase:
each site coloured by the firm MW a newcomer could still connect there
(``Headroom.connectable_mw``), each area labelled with the supply left of its supply.
Drawn only when the case limits some connection or supply (else every site is
"no limit" and the map says nothing).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from planner.errors import OutputError
from planner.i18n import check_lang, label
from planner.reports.mapping import (
    ATTRIBUTION_EN,
    ATTRIBUTION_JA,
    DPI,
    EXTENT,
    LAND,
    LAND_EDGE,
    SEA,
    _area_centres,
    fonts_for,
    _outline_path,
    _outline_polygons,
)

BANDS: tuple[tuple[float, str, str], ...] = (
    (500.0, "#1A7F37", "welcome.band_500"),
    (100.0, "#74C476", "welcome.band_100"),
    (1.0, "#F2B134", "welcome.band_1"),
    (-math.inf, "#D62728", "welcome.band_none"),
)
"""(lower bound of connectable MW, colour, legend label key in ``planner.i18n``), first match wins."""
NO_LIMIT = ("#6BAED6", "welcome.no_limit")


def welcome_layer(tables: dict[str, pd.DataFrame]) -> pd.DataFrame | None:
    """The last phase's site rows of Headroom with coordinates, or None if nothing is limited."""
    headroom, sites = tables.get("Headroom"), tables.get("Sites")
    if headroom is None or sites is None or headroom.empty or "connectable_mw" not in headroom:
        return None
    last = headroom["phase"].iloc[-1]
    rows = headroom[(headroom["phase"] == last) & (headroom["level"] == "site")]
    connectable = pd.to_numeric(rows["connectable_mw"], errors="coerce")
    if connectable.isna().all():
        return None
    where = sites.drop_duplicates("site").set_index("site")[["lat", "lon"]].apply(pd.to_numeric, errors="coerce")
    layer = rows.assign(connectable_mw=connectable).join(where, on="site")
    return layer[layer["lat"].notna() & layer["lon"].notna()]


def band(connectable_mw: float, lang: str = "en") -> tuple[str, str]:
    """Colour and legend label of a site's connectable MW."""
    if math.isnan(connectable_mw):
        return NO_LIMIT[0], label(NO_LIMIT[1], lang)
    return next((colour, label(key, lang)) for lower, colour, key in BANDS if connectable_mw >= lower)


def render_welcome_map(tables: dict[str, pd.DataFrame], path: Path, outline: Path | None = None,
                       lang: str = "en") -> Path | None:
    """Draw the welcome-zone map to ``path`` (PNG); None when the case limits nothing.
    ``lang="ja"``: words in Japanese, in matplotlib-fontja's font."""
    layer = welcome_layer(tables)
    if layer is None or layer.empty:
        return None
    with fonts_for(check_lang(lang)):
        return _draw(tables, layer, path, outline, lang)


def _draw(tables: dict[str, pd.DataFrame], layer: pd.DataFrame, path: Path, outline: Path | None,
          lang: str) -> Path:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.collections import PolyCollection
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
    except ImportError as exc:
        raise OutputError("drawing the map needs matplotlib — install it with `pip install matplotlib`") from exc

    lon0, lon1, lat0, lat1 = EXTENT
    fig = Figure(figsize=(9, 9), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.04, 0.96, 0.9))
    ax.set_facecolor(SEA)
    ax.add_collection(PolyCollection(_outline_polygons(_outline_path(outline)), facecolors=LAND,
                                     edgecolors=LAND_EDGE, linewidths=0.35, zorder=1))
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1.0 / math.cos(math.radians((lat0 + lat1) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    colours = [band(v)[0] for v in layer["connectable_mw"]]
    ax.scatter(layer["lon"], layer["lat"], s=46, c=colours, edgecolors="white", linewidths=0.8, zorder=5)

    headroom = tables["Headroom"]
    last = headroom["phase"].iloc[-1]
    areas = headroom[(headroom["phase"] == last) & (headroom["level"] == "area")]
    centres = _area_centres(tables)
    for area, left, supply in zip(areas["area"], areas["firm_left_mw"], areas["firm_mw"], strict=True):
        if str(area) in centres:
            lon, lat = centres[str(area)]
            ax.annotate(label("welcome.area", lang, area=area, left=f"{float(left):,.0f}",
                              supply=f"{float(supply):,.0f}"), (lon, lat),
                        xytext=(0, 12), textcoords="offset points", ha="center", fontsize=6.5,
                        color="#1F3B2A", zorder=9,
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "#7FA58A",
                              "linewidth": 0.6, "alpha": 0.9})
    handles = [Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor=colour,
                      markeredgecolor="white", label=label(key, lang)) for _lower, colour, key in BANDS]
    handles.append(Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor=NO_LIMIT[0],
                          markeredgecolor="white", label=label(NO_LIMIT[1], lang)))
    ax.legend(handles=handles, title=label("welcome.legend", lang), loc="upper left",
              fontsize=7.5, title_fontsize=8, framealpha=0.92)
    fig.text(0.5, 0.972, label("welcome.title", lang, last=last), ha="center", fontsize=14,
             weight="bold", color="#222222")
    fig.text(0.5, 0.95, label("welcome.subtitle", lang), ha="center", fontsize=8, color="#444444")
    attribution = ATTRIBUTION_EN if lang == "en" else f"{ATTRIBUTION_JA}\n{ATTRIBUTION_EN}"
    fig.text(0.985, 0.01, attribution, ha="right", va="bottom", fontsize=6, color="#555555")
    try:
        fig.savefig(path, dpi=DPI, format="png", facecolor="white")
    except OSError as exc:
        raise OutputError(f"{path} could not be written ({exc.strerror or exc}) — check the folder and disk") from exc
    return path
