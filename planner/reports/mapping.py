"""A map of the plan (PNG via matplotlib), a ``Map`` sheet, and reading results back.

``render_map(read_result_tables("results.xlsx"), Path("map.png"))`` is all
``wattbit map`` needs. matplotlib is imported only inside ``render_map`` (Agg
backend), so the rest of the planner does not depend on it. ``lang="ja"`` draws
every word in Japanese (``planner.i18n``) in matplotlib-fontja's IPAexGothic
(``fonts_for``), and names sites by ``Sites.name_ja`` where the case gives one.

The outline is the bundled GSI Global Map Japan prefectures file
(``planner/data/japan_prefectures_gmjpn_lowres.geojson``, see
``planner/data/MAP_SOURCES.md``); its attribution is printed on every map.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import json
import logging
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from planner.errors import InputError, OutputError
from planner.i18n import check_lang, label
from planner.reports.timeline import EXISTING, japanese_names, phase_id, phase_order, site_summary

OUTLINE_FILE = "japan_prefectures_gmjpn_lowres.geojson"
ATTRIBUTION_JA = "出典：国土地理院ウェブサイト（https://www.gsi.go.jp/kankyochiri/gm_jpn.html）を加工して作成"
ATTRIBUTION_EN = ("Outline: GSI Global Map Japan (https://www.gsi.go.jp/kankyochiri/gm_jpn.html), "
                  "processed by hfu/gmjpn21pref and wattbit-planner")
EXTENT = (122.0, 149.0, 24.0, 46.0)
"""lon min, lon max, lat min, lat max."""
KANTO = (138.95, 141.05, 34.75, 36.75)
"""Extent of the Kanto inset (drawn when several sites crowd Tokyo)."""
DPI = 150
NOT_TABLES = {"Charts", "Map", "WelcomeMap"}
"""Sheets of a results workbook that are pictures, not tables."""

PHASE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
                 "#000000")
"""Opening-phase colours (Okabe-Ito, colour-blind safe); existing sites are grey."""
EXISTING_COLOUR = "#8C8C8C"
HAZARD_COLOURS = ("#D62728", "#9467BD", "#8C564B", "#E377C2", "#BCBD22", "#17BECF", "#FF7F0E")
GRID_COLOUR = "#E08214"
ROUTE_COLOUR = "#2166AC"
CABLE_COLOUR = "#1B9E9E"
LAND, LAND_EDGE, SEA = "#F3F0E8", "#B9B3A6", "#EAF2F8"

_UNIT_SUFFIX = re.compile(r"\s*\[[^\]]*\]\s*$")


# ---------------------------------------------------------------- reading results


def _column_values(values: list[Any]) -> pd.Series:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype=float)
    if present and all(isinstance(v, bool) for v in present) and len(present) == len(values):
        return pd.Series(values, dtype=bool)
    if present and all(isinstance(v, str) for v in present):
        return pd.Series(values).astype("str").where(pd.Series([v is not None for v in values]))
    if not present:
        return pd.Series([float("nan")] * len(values), dtype=float)
    return pd.Series(values, dtype=object)


def read_result_tables(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read a results workbook back into ``{sheet: DataFrame}``.

    Headers lose their `` [unit]`` suffix (``it_mw [MW]`` -> ``it_mw``), so the
    frames have the column names of ``plan.tables``. Cells keep their stored
    type (phase ids written as text stay text); all-number columns become
    float. Picture sheets (Charts, Map) are skipped. A missing or unreadable
    file raises ``InputError``.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError([f"{path}: no such results workbook — give the .xlsx that `wattbit run` wrote"])
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip/XML errors of a file that is not an .xlsx
        raise InputError([f"{path}: cannot be read as an .xlsx workbook ({exc}) — "
                          "give the results workbook that `wattbit run` wrote"]) from exc
    try:
        tables: dict[str, pd.DataFrame] = {}
        for sheet in book.worksheets:
            if sheet.title in NOT_TABLES:
                continue
            rows = list(sheet.iter_rows(values_only=True))
            if not rows or not any(v is not None for v in rows[0]):
                continue
            header = list(rows[0])
            while header and header[-1] is None:
                header.pop()
            names = [_UNIT_SUFFIX.sub("", str(h)) if h is not None else f"column_{i + 1}"
                     for i, h in enumerate(header)]
            body = [list(r[:len(names)]) + [None] * (len(names) - len(r)) for r in rows[1:]
                    if any(v is not None for v in r[:len(names)])]
            tables[sheet.title] = pd.DataFrame(
                {name: _column_values([r[i] for r in body]) for i, name in enumerate(names)})
        return tables
    finally:
        book.close()


# ---------------------------------------------------------------- geometry helpers


def _outline_path(outline: Path | None) -> Path | None:
    if outline is not None:
        return Path(outline)
    candidate = resources.files("planner") / "data" / OUTLINE_FILE
    return Path(str(candidate)) if candidate.is_file() else None


def _outline_polygons(path: Path | None) -> list[list[tuple[float, float]]]:
    """Exterior and interior rings of every (Multi)Polygon, as lon/lat lists."""
    if path is None or not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    features = data.get("features", [data]) if isinstance(data, dict) else []
    rings: list[list[tuple[float, float]]] = []
    for feature in features:
        geometry = feature.get("geometry") or {}
        kind, coords = geometry.get("type"), geometry.get("coordinates") or []
        polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
        for polygon in polygons:
            for ring in polygon:
                if len(ring) >= 3:
                    rings.append([(float(x), float(y)) for x, y, *_ in ring])
    return rings


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (Andrew's monotone chain), counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _buffered_hull(points: list[tuple[float, float]], radius_deg: float,
                   aspect: float) -> list[tuple[float, float]]:
    """Hull of discs of ``radius_deg`` (latitude degrees) around ``points``: a rounded footprint."""
    ring = []
    for lon, lat in points:
        for k in range(36):
            a = 2 * math.pi * k / 36
            ring.append((lon + radius_deg * math.cos(a) * aspect, lat + radius_deg * math.sin(a)))
    return _hull(ring)


def _coords(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], tuple[float, float]]:
    """(kind, id) -> (lon, lat) from Locations (and Sites as a fallback); NaN points left out."""
    out: dict[tuple[str, str], tuple[float, float]] = {}
    sites = tables.get("Sites")
    if sites is not None and {"site", "lat", "lon"} <= set(sites):
        for s, lat, lon in zip(sites["site"], sites["lat"], sites["lon"]):
            out[("site", phase_id(s) or "")] = (_num(lon), _num(lat))
    locations = tables.get("Locations")
    if locations is not None and {"kind", "id", "lat", "lon"} <= set(locations):
        for k, i, lat, lon in zip(locations["kind"], locations["id"], locations["lat"], locations["lon"]):
            out[(str(k), phase_id(i) or "")] = (_num(lon), _num(lat))
    return {k: v for k, v in out.items() if not (math.isnan(v[0]) or math.isnan(v[1]))}


def _num(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _area_centres(tables: dict[str, pd.DataFrame]) -> dict[str, tuple[float, float]]:
    """Mean coordinates of each area's sites (Locations, else Sites)."""
    points: dict[str, list[tuple[float, float]]] = {}
    locations = tables.get("Locations")
    source = None
    if locations is not None and {"kind", "area", "lat", "lon"} <= set(locations):
        source = locations[locations["kind"].astype(str) == "site"]
    elif tables.get("Sites") is not None:
        source = tables["Sites"].drop_duplicates("site")
    if source is None:
        return {}
    for area, lat, lon in zip(source["area"], source["lat"], source["lon"]):
        a, x, y = phase_id(area), _num(lon), _num(lat)
        if a and not (math.isnan(x) or math.isnan(y)):
            points.setdefault(a, []).append((x, y))
    return {a: (sum(p[0] for p in v) / len(v), sum(p[1] for p in v) / len(v)) for a, v in points.items()}


FONTJA_PACKAGE, FONTJA_FILE = "matplotlib_fontja", ("fonts", "ipaexg.ttf")
"""matplotlib-fontja (a core dependency) ships IPAexGothic; found without importing the package,
whose import would switch matplotlib's global default font."""


def fontja_file() -> Path | None:
    """The Japanese font file matplotlib-fontja ships, if it is installed."""
    spec = importlib.util.find_spec(FONTJA_PACKAGE)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder).joinpath(*FONTJA_FILE)
        if candidate.is_file():
            return candidate
    return None


@functools.cache
def _cjk_font() -> str | None:
    """A font family that can draw kana and kanji: matplotlib-fontja's, else an installed one."""
    from matplotlib import font_manager

    shipped = fontja_file()
    if shipped is not None:
        font_manager.fontManager.addfont(str(shipped))  # registers it; the default font stays
        return font_manager.FontProperties(fname=str(shipped)).get_name()
    wanted = ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "TakaoGothic",
              "VL Gothic", "Hiragino Sans", "Yu Gothic", "MS Gothic", "Source Han Sans JP",
              "Noto Sans CJK", "Droid Sans Fallback")
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in wanted:
        if name in names:
            return name
    return None


# ---------------------------------------------------------------- drawing


def _builds(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    columns = ["family", "id", "phase_built", "kind", "site", "from_area", "to_area", "ix",
               "landing", "mw", "tbps"]
    builds = tables.get("Builds")
    if builds is None or builds.empty or "family" not in builds:
        return pd.DataFrame(columns=columns)
    frame = builds.copy()
    for column in columns:
        if column not in frame:
            frame[column] = None
    for column in ("family", "phase_built", "kind"):
        frame[column] = frame[column].map(lambda v: phase_id(v) or "")
    return frame


def _marker_size(mw: float, scale: float) -> float:
    """Marker area (pt²) proportional to MW, with a floor so small sites stay visible."""
    return 14.0 + scale * max(mw, 0.0)


def _radius(mw: float, scale: float) -> float:
    """Radius in points of a site disc (scatter ``s`` is the squared diameter)."""
    return math.sqrt(_marker_size(mw, scale)) / 2


def _draw_layer(ax, *, phases, colours, sites, builds, coords, centres, hazards,
                aspect, scale, labels, names, inset=False) -> None:
    """Footprints, links, routes, cables, IX/landing markers, sites and labels (not the outline)."""
    from matplotlib.patches import Polygon as MplPolygon

    lw = 1.0 if not inset else 1.3
    # hazard footprints
    for (hazard, _name), colour in zip(hazards, HAZARD_COLOURS * 3):
        pts = [coords[k] for k in hazards[(hazard, _name)] if k in coords]
        if not pts:
            continue
        shape = _buffered_hull(pts, 0.45 if not inset else 0.12, aspect)
        ax.add_patch(MplPolygon(shape, closed=True, facecolor=colour, alpha=0.13, edgecolor="none",
                                zorder=2))
        ax.add_patch(MplPolygon(shape, closed=True, facecolor="none", edgecolor=colour, alpha=0.75,
                                linewidth=1.1, linestyle=(0, (4, 2)), zorder=2.1))
    # grid links between areas (line between the areas' mean site coordinates)
    link_labels: list[tuple] = []
    for _, b in builds[(builds["family"] == "grid") & (builds["kind"] == "link")].iterrows():
        a, z = centres.get(phase_id(b.get("from_area")) or ""), centres.get(phase_id(b.get("to_area")) or "")
        if a is None or z is None:
            continue
        new = b["phase_built"] != EXISTING
        width = 1.5 + 3.0 * min(_num(b.get("mw")) / 5000.0, 1.0) if not math.isnan(_num(b.get("mw"))) else 2.0
        colour = GRID_COLOUR if new else "#9A9A9A"
        ax.plot([a[0], z[0]], [a[1], z[1]], color=colour, linewidth=width, solid_capstyle="round",
                alpha=0.9 if new else 0.6, zorder=4.6 if new else 3)
        ax.scatter([a[0], z[0]], [a[1], z[1]], s=16, facecolor="white", edgecolor=colour,
                   linewidths=1.2, zorder=4.7 if new else 3.1)
        if new and not math.isnan(_num(b.get("mw"))):
            link_labels.append((f"{_num(b.get('mw')):,.0f} MW", (a[0] + z[0]) / 2, (a[1] + z[1]) / 2,
                                0.0, {"color": "#A0520A", "weight": "bold"}))
    # fibre routes site -> IX
    for _, b in builds[builds["family"] == "route"].iterrows():
        a = coords.get(("site", phase_id(b.get("site")) or ""))
        z = coords.get(("ix", phase_id(b.get("ix")) or ""))
        if a is None or z is None:
            continue
        new = b["phase_built"] != EXISTING
        ax.plot([a[0], z[0]], [a[1], z[1]], color=ROUTE_COLOUR if new else "#8FA9C4",
                linewidth=(0.9 if new else 0.6) * lw, alpha=0.8 if new else 0.6, zorder=4)
    # cables landing -> IX (dashed)
    landings_used: set[str] = set()
    for _, b in builds[builds["family"] == "cable"].iterrows():
        landing = phase_id(b.get("landing")) or ""
        a, z = coords.get(("landing", landing)), coords.get(("ix", phase_id(b.get("ix")) or ""))
        if a is None or z is None:
            continue
        landings_used.add(landing)
        new = b["phase_built"] != EXISTING
        ax.plot([a[0], z[0]], [a[1], z[1]], color=CABLE_COLOUR if new else "#86BDBD",
                linewidth=(1.6 if new else 1.0) * lw, linestyle=(0, (3, 1.5)), zorder=4.5)
    # IX and landing markers
    for _, b in builds[builds["family"] == "ix"].iterrows():
        ix = phase_id(b.get("ix")) or phase_id(b.get("id")) or ""
        if ("ix", ix) not in coords:
            continue
        x, y = coords[("ix", ix)]
        new = b["phase_built"] != EXISTING
        ax.scatter([x], [y], marker="s", s=34 if not inset else 48, facecolor="white",
                   edgecolor="#7B3294" if new else "#333333", linewidths=1.6 if new else 1.1, zorder=7)
    for landing in sorted(landings_used):
        x, y = coords[("landing", landing)]
        ax.scatter([x], [y], marker="^", s=36 if not inset else 50, facecolor=CABLE_COLOUR,
                   edgecolor="white", linewidths=0.6, zorder=7)
    # grid reinforcements at sites: a ring
    for _, b in builds[(builds["family"] == "grid") & (builds["kind"] == "site")].iterrows():
        site = phase_id(b.get("site")) or ""
        if ("site", site) not in coords:
            continue
        x, y = coords[("site", site)]
        mw = float(sites.loc[site, "final_mw"]) if site in sites.index else 0.0
        ring = math.sqrt(_marker_size(mw, scale)) + 7.0
        ax.scatter([x], [y], s=ring * ring, facecolor="none", edgecolor=GRID_COLOUR,
                   linewidths=1.6, zorder=5.8)
    # sites: never opened (hollow), then opened, largest first so small ones stay on top
    closed = sites[sites["open_phase"].map(phase_id).isna()]
    if "screened" in closed and closed["screened"].any():
        out = closed[closed["screened"]]
        ax.scatter(out["lon"], out["lat"], s=14, marker="x", color="#BBBBBB", linewidths=0.9, zorder=5.4)
        closed = closed[~closed["screened"]]
    if len(closed):
        ax.scatter(closed["lon"], closed["lat"], s=12, facecolor="white", edgecolor="#9A9A9A",
                   linewidths=0.8, zorder=5.5)
    opened = sites[sites["open_phase"].map(phase_id).notna()].sort_values("final_mw", ascending=False)
    if len(opened):
        ax.scatter(opened["lon"], opened["lat"], s=[_marker_size(m, scale) for m in opened["final_mw"]],
                   c=[colours.get(phase_id(p) or "", EXISTING_COLOUR) for p in opened["open_phase"]],
                   edgecolors="white", linewidths=0.8, alpha=0.92, zorder=6)
    items = [(names.get(str(site), str(site)), row["lon"], row["lat"], _radius(row["final_mw"], scale), {})
             for site, row in opened.iterrows() if labels and labels(site, row)]
    discs = [(row["lon"], row["lat"], _radius(row["final_mw"], scale)) for _site, row in opened.iterrows()]
    _place_labels(ax, items + link_labels, discs, fontsize=6.5 if not inset else 7.5)


def _ems(text: str) -> float:
    """Width of ``text`` in font sizes: 0.62 a character, 1 for a kana or kanji (full width)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.62 for c in text)


def _place_labels(ax, items, discs, fontsize: float) -> None:
    """Label markers without overlaps: try eight spots round each marker, biggest first.

    ``items``: (text, lon, lat, marker radius in points, text style); ``discs``: markers to keep
    clear of. A label that fits nowhere is left out (its marker still shows).
    """
    import matplotlib.patheffects as pe

    ax.apply_aspect()
    fig = ax.figure
    px = fig.dpi / 72.0
    to_px = ax.transData.transform
    box = ax.get_window_extent()
    taken: list[tuple[float, float, float, float]] = []
    disc_px = [(*to_px((x, y)), r * px) for x, y, r in discs]

    def overlaps(b):
        x0, y0, x1, y1 = b
        if x0 < box.x0 or x1 > box.x1 or y0 < box.y0 or y1 > box.y1:
            return True
        for a in taken:
            if x0 < a[2] and a[0] < x1 and y0 < a[3] and a[1] < y1:
                return True
        for cx, cy, r in disc_px:
            nx, ny = min(max(cx, x0), x1), min(max(cy, y0), y1)
            if (nx - cx) ** 2 + (ny - cy) ** 2 < (r * 0.92) ** 2:
                return True
        return False

    halo = [pe.withStroke(linewidth=2.2, foreground="white")]
    for text, x, y, radius, style in sorted(items, key=lambda i: -i[3]):
        cx, cy = to_px((x, y))
        w, h = _ems(text) * fontsize * px, fontsize * 1.05 * px
        gap = radius * px + 1.5 * px
        spots = [(gap, -h / 2), (-gap - w, -h / 2), (-w / 2, gap), (-w / 2, -gap - h),
                 (gap * 0.72, gap * 0.72), (-gap * 0.72 - w, gap * 0.72),
                 (gap * 0.72, -gap * 0.72 - h), (-gap * 0.72 - w, -gap * 0.72 - h)]
        for dx, dy in spots:
            b = (cx + dx, cy + dy, cx + dx + w, cy + dy + h)
            if not overlaps(b):
                taken.append(b)
                ax.annotate(text, (x, y), xytext=((dx) / px, (dy) / px), textcoords="offset points",
                            ha="left", va="bottom", fontsize=fontsize,
                            **{"color": "#222222", **style}, path_effects=halo, zorder=8,
                            annotation_clip=False)
                break


def surplus_absorbed_gwh(tables: dict[str, pd.DataFrame]) -> dict[str, float]:
    """Operations mode: surplus renewables the plan's DCs absorb per area in the last phase [GWh/yr]."""
    energy = tables.get("AreaEnergy")
    if energy is None or energy.empty or not {"surplus_used_mw", "hours_per_step"} <= set(energy):
        return {}
    last = energy[energy["phase"] == energy["phase"].iloc[-1]]
    used = (last["surplus_used_mw"].astype(float) * last["hours_per_step"].astype(float)).groupby(last["area"]).sum()
    return {str(a): float(v) / 1000.0 for a, v in used.items() if v > 0}


def _draw_surplus_absorbed(ax, tables: dict[str, pd.DataFrame],  # type: ignore[no-untyped-def]
                           centres: dict[str, tuple[float, float]], lang: str = "en") -> None:
    """A label per area: the surplus renewables absorbed (operations mode only)."""
    for area, gwh in surplus_absorbed_gwh(tables).items():
        if area in centres:
            lon, lat = centres[area]
            ax.annotate(label("map.surplus", lang, area=area, gwh=f"{gwh:,.0f}"), (lon, lat), xytext=(0, -14),
                        textcoords="offset points", ha="center", fontsize=6.5, color="#7A5C00", zorder=9,
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "#FFF3B0", "edgecolor": "#D4A800",
                              "linewidth": 0.6, "alpha": 0.9})


@contextmanager
def fonts_for(lang: str) -> Iterator[None]:
    """With ``ja``, every text of the figure in the Japanese font (DejaVu Sans for anything it
    lacks); with ``en``, matplotlib's defaults as they are. Without a Japanese font, ``ja``
    raises ``OutputError``: a map must never show empty boxes for kana and kanji."""
    if lang != "ja":
        yield
        return
    font = _cjk_font()
    if font is None:
        raise OutputError("drawing Japanese labels needs a Japanese font — install it with "
                          "`pip install matplotlib-fontja` (or draw the map with --lang en)")
    import matplotlib

    log = logging.getLogger("matplotlib.font_manager")
    level = log.level
    log.setLevel(logging.ERROR)  # IPAexGothic has no bold face: bold titles use the regular one
    try:
        with matplotlib.rc_context({"font.family": [font, "DejaVu Sans"]}):
            yield
    finally:
        log.setLevel(level)


def _in_language(draw: Callable[..., Path]) -> Callable[..., Path]:
    """``draw(tables, path, outline, lang)`` run inside ``fonts_for(lang)``."""
    @functools.wraps(draw)
    def drawn(tables: dict[str, pd.DataFrame], path: Path, outline: Path | None = None,
              lang: str = "en") -> Path:
        with fonts_for(check_lang(lang)):
            return draw(tables, path, outline, lang)
    return drawn


@_in_language
def render_map(tables: dict[str, pd.DataFrame], path: Path, outline: Path | None = None,
               lang: str = "en") -> Path:
    """Draw the plan on a map of Japan and write it to ``path`` (PNG, 150 dpi).

    Sites are discs sized by final-phase IT MW and coloured by opening phase
    (existing in grey, never-opened candidates hollow); orange rings mark grid
    reinforcements at a site. Built grid links join the two areas' mean site
    positions (existing ones grey), fibre routes join site and IX, cables
    (dashed) join landing and IX; IXs are squares, landings triangles. Each
    hazard's footprint is a translucent rounded hull around the assets it
    knocks out. ``outline`` defaults to the bundled GSI prefecture file; the
    map is drawn without it if the file is missing. Points with no
    coordinates are skipped. ``lang="ja"``: title, legends and labels in Japanese, sites
    named by ``name_ja`` (Locations) where given, all text in matplotlib-fontja's font.
    Returns ``path``.

    Raises ``OutputError`` if matplotlib is not installed or the PNG cannot be
    written.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.collections import PolyCollection
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
    except ImportError as exc:
        raise OutputError("drawing the map needs matplotlib — install it with "
                          "`pip install matplotlib`") from exc

    path = Path(path)
    if not path.parent.is_dir():
        raise OutputError(f"folder {path.parent} does not exist — create it or choose another path for the map")
    phases = phase_order(tables)
    colours = {t: PHASE_COLOURS[i % len(PHASE_COLOURS)] for i, t in enumerate(phases)}
    colours[EXISTING] = EXISTING_COLOUR
    sites = site_summary(tables).set_index("site")
    sites = sites.assign(lat=pd.to_numeric(sites["lat"], errors="coerce"),
                         lon=pd.to_numeric(sites["lon"], errors="coerce"),
                         final_mw=pd.to_numeric(sites["final_mw"], errors="coerce").fillna(0.0))
    sites = sites[sites["lat"].notna() & sites["lon"].notna()]  # no coordinates: not drawn
    screen = tables.get("Screen")  # the siting screen (issue 16): screened-out candidates greyed
    out = set() if screen is None or screen.empty or "verdict" not in screen else set(
        screen.loc[screen["verdict"].astype(str).str.startswith("screened out"), "site"].astype(str))
    sites = sites.assign(screened=[str(s) in out for s in sites.index])
    builds = _builds(tables)
    coords = _coords(tables)
    centres = _area_centres(tables)
    hazards: dict[tuple[str, str], list[tuple[str, str]]] = {}
    footprints = tables.get("Footprints")
    if footprints is not None and not footprints.empty and {"hazard", "kind", "id"} <= set(footprints):
        names = footprints["hazard_name"] if "hazard_name" in footprints else footprints["hazard"]
        for h, n, k, i in zip(footprints["hazard"], names, footprints["kind"], footprints["id"]):
            key = (phase_id(h) or "", phase_id(n) or phase_id(h) or "")
            hazards.setdefault(key, []).append((str(k), phase_id(i) or ""))

    lon0, lon1, lat0, lat1 = EXTENT
    aspect = 1.0 / math.cos(math.radians((lat0 + lat1) / 2))
    max_mw = float(sites["final_mw"].max()) if len(sites) else 0.0
    scale = 650.0 / max_mw if max_mw > 0 else 0.0  # largest site ~650 pt²

    fig = Figure(figsize=(10.5, 10.5), dpi=DPI)  # no pyplot: no global backend or state
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.05, 0.96, 0.89))
    ax.set_facecolor(SEA)
    rings = _outline_polygons(_outline_path(outline))
    land = PolyCollection(rings, facecolors=LAND, edgecolors=LAND_EDGE, linewidths=0.35, zorder=1)
    ax.add_collection(land)
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(aspect)
    ax.tick_params(labelsize=7, colors="#666666", length=2)
    ax.set_xticks(range(124, 149, 4))
    ax.set_yticks(range(24, 47, 4))
    ax.xaxis.set_major_formatter(lambda v, _p: f"{v:.0f}°E")
    ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0f}°N")
    for spine in ax.spines.values():
        spine.set_color("#999999")

    crowded = [s for s, r in sites.iterrows() if KANTO[0] <= r["lon"] <= KANTO[1]
               and KANTO[2] <= r["lat"] <= KANTO[3] and phase_id(r["open_phase"]) is not None]
    use_inset = len(crowded) >= 5

    def main_label(_site, row):
        """Label every site that fits, except those the Kanto inset shows."""
        return not (use_inset and KANTO[0] <= row["lon"] <= KANTO[1] and KANTO[2] <= row["lat"] <= KANTO[3])

    common = dict(phases=phases, colours=colours, sites=sites, builds=builds, coords=coords,
                  centres=centres, hazards=hazards, aspect=aspect,
                  names=japanese_names(tables) if lang == "ja" else {})
    _draw_layer(ax, scale=scale, labels=main_label, **common)

    last = phases[-1] if phases else ""
    total_mw = float(sites["final_mw"].sum()) if len(sites) else 0.0
    n_open = int(sites["open_phase"].map(phase_id).notna().sum()) if len(sites) else 0
    new_built = builds[~builds["phase_built"].isin([EXISTING, ""])]
    fig.text(0.5, 0.975, label("map.title", lang),
             ha="center", va="center", fontsize=15, weight="bold", color="#222222")
    fig.text(0.5, 0.952,
             label("map.subtitle", lang, n_open=n_open, total_mw=f"{total_mw:,.0f}", last=last,
                   n_built=len(new_built), n_phases=len(phases), plural="s" if len(phases) != 1 else ""),
             ha="center", va="center", fontsize=9.5, color="#444444")

    # Kanto inset, lower right (Pacific)
    if use_inset:
        inset = ax.inset_axes((0.655, 0.03, 0.335, 0.335))
        inset.set_facecolor(SEA)
        inset.add_collection(PolyCollection(rings, facecolors=LAND, edgecolors=LAND_EDGE,
                                            linewidths=0.5, zorder=1))
        inset.set_xlim(KANTO[0], KANTO[1])
        inset.set_ylim(KANTO[2], KANTO[3])
        inset.set_aspect(aspect)
        inset.set_xticks([])
        inset.set_yticks([])
        _draw_layer(inset, scale=scale, labels=lambda s, r: True, inset=True, **common)
        inset.set_title(label("map.inset", lang), fontsize=8, color="#333333", pad=3)
        for spine in inset.spines.values():
            spine.set_color("#666666")
        ax.indicate_inset_zoom(inset, edgecolor="#666666", linewidth=0.8, alpha=0.9)

    # legends, upper left (Sea of Japan side has no land in the frame)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=EXISTING_COLOUR,
                      markeredgecolor="white", label=label("map.existing_site", lang))]
    handles += [Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=colours[t],
                       markeredgecolor="white", label=label("map.opens", lang, phase=t)) for t in phases]
    handles += [Line2D([], [], marker="o", linestyle="", markersize=4, markerfacecolor="white",
                       markeredgecolor="#9A9A9A", label=label("map.candidate", lang))]
    renderer = fig.canvas.get_renderer()

    def below(legend, gap=0.012):
        """Axes-fraction y just under ``legend`` (to stack the next one)."""
        box = legend.get_window_extent(renderer).transformed(ax.transAxes.inverted())
        return box.x0, box.y0 - gap

    def right_of(legend, gap=0.012):
        box = legend.get_window_extent(renderer).transformed(ax.transAxes.inverted())
        return box.x1 + gap, box.y1

    first = ax.legend(handles=handles, title=label("map.sites", lang), loc="upper left",
                      bbox_to_anchor=(0.008, 0.992), borderaxespad=0, fontsize=7.5, title_fontsize=8,
                      frameon=True, framealpha=0.92, borderpad=0.7)
    ax.add_artist(first)
    if max_mw > 0:
        steps = [v for v in (50, 100, 250, 500, 1000, 2000, 5000) if v <= max_mw * 1.05]
        steps = steps[-3:] if len(steps) >= 3 else steps or [round(max_mw)]
        size_handles = [Line2D([], [], marker="o", linestyle="", markersize=math.sqrt(_marker_size(v, scale)),
                               markerfacecolor="#BBBBBB", markeredgecolor="white", label=f"{v:,} MW")
                        for v in steps]
        sizes = ax.legend(handles=size_handles, title=label("map.capacity", lang, last=last), loc="upper left",
                          bbox_to_anchor=below(first), borderaxespad=0, fontsize=7.5, title_fontsize=8,
                          labelspacing=1.4, borderpad=0.9, framealpha=0.92)
        ax.add_artist(sizes)
    network = [
        Line2D([], [], color=GRID_COLOUR, linewidth=3, marker="o", markersize=4, markerfacecolor="white",
               label=label("map.link_new", lang)),
        Line2D([], [], color="#9A9A9A", linewidth=3, alpha=0.6, marker="o", markersize=4,
               markerfacecolor="white", label=label("map.link_existing", lang)),
        Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor="none",
               markeredgecolor=GRID_COLOUR, markeredgewidth=1.8, label=label("map.reinforcement", lang)),
        Line2D([], [], color=ROUTE_COLOUR, linewidth=1.2, label=label("map.route_new", lang)),
        Line2D([], [], color="#8FA9C4", linewidth=0.9, label=label("map.route_existing", lang)),
        Line2D([], [], color=CABLE_COLOUR, linewidth=1.8, linestyle=(0, (3, 1.5)),
               label=label("map.cable_new", lang)),
        Line2D([], [], color="#86BDBD", linewidth=1.2, linestyle=(0, (3, 1.5)),
               label=label("map.cable_existing", lang)),
        Line2D([], [], marker="s", linestyle="", markersize=6, markerfacecolor="white",
               markeredgecolor="#333333", label=label("map.ix", lang)),
        Line2D([], [], marker="^", linestyle="", markersize=6, markerfacecolor=CABLE_COLOUR,
               markeredgecolor="white", label=label("map.landing", lang)),
    ]
    net = ax.legend(handles=network, title=label("map.network", lang), loc="upper left",
                    bbox_to_anchor=right_of(first),
                    borderaxespad=0, fontsize=7.5, title_fontsize=8, framealpha=0.92, borderpad=0.7)
    ax.add_artist(net)
    if hazards:
        hazard_handles = [Patch(facecolor=c, alpha=0.3, edgecolor=c, linestyle="--", label=name)
                          for (_h, name), c in zip(hazards, HAZARD_COLOURS * 3)]
        ax.legend(handles=hazard_handles, title=label("map.hazards", lang),
                  loc="upper left", bbox_to_anchor=below(net), borderaxespad=0, fontsize=7.5,
                  title_fontsize=8,
                  framealpha=0.92, borderpad=0.7)

    _draw_surplus_absorbed(ax, tables, centres, lang)
    font = _cjk_font()
    attribution = ATTRIBUTION_EN if font is None else f"{ATTRIBUTION_JA}\n{ATTRIBUTION_EN}"
    fig.text(0.985, 0.012, attribution, ha="right", va="bottom", fontsize=6.5, color="#555555",
             fontfamily=[font, "DejaVu Sans"] if font else None)
    try:
        fig.savefig(path, dpi=DPI, format="png", facecolor="white")
    except OSError as exc:
        raise OutputError(f"{path} could not be written ({exc.strerror or exc}) — check the folder and disk") from exc
    return path


def add_map_sheet(book: Workbook, png_path: str | Path, *, width_px: int = 1000, sheet_name: str = "Map",
                  title: str | None = None, lang: str = "en") -> None:
    """Add a ``Map`` (or ``sheet_name``) sheet holding the PNG (scaled to ``width_px`` wide) and its
    source note; ``title`` defaults to the plan map's, in ``lang``.

    The image bytes are read now, so the PNG may be deleted before ``book`` is saved.
    """
    from openpyxl.drawing.image import Image

    data = Path(png_path).read_bytes()
    image = Image(io.BytesIO(data))
    if image.width and image.width > width_px:
        ratio = width_px / image.width
        image.width, image.height = width_px, round(image.height * ratio)
    sheet = book.create_sheet(sheet_name)
    sheet["A1"] = title if title is not None else label("map.sheet_title", lang)
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A2"] = f"{ATTRIBUTION_JA}  /  {ATTRIBUTION_EN}"
    sheet["A2"].font = Font(italic=True, size=8, color="595959")
    sheet.add_image(image, "A4")
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # print/PDF: the whole map on one page
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
