"""A Gantt-like ``Timeline`` sheet: what is opened or built in which phase.

Also the small helpers the charts and the map share: the phase order, each
site's opening phase and final capacity, and phase-id normalisation (ids read
back from a workbook may come as numbers).
"""

from __future__ import annotations

import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from planner.i18n import label

TOL = 1e-6
"""MW below this count as zero (solver noise)."""

EXISTING = "existing"

FAMILY_COLOURS: dict[str, str] = {
    "site": "2E8B57",       # green: a new site opens
    "expansion": "6B8E23",  # olive: an existing site grows
    "grid": "E08214",       # orange: grid reinforcement or link
    "ix": "7B3294",         # purple: internet exchange
    "route": "2166AC",      # blue: fibre route
    "cable": "1B9E9E",      # teal: submarine cable
}
"""Fill colour per family (hex RGB), shared with the map."""

FAMILY_ORDER = ("site", "expansion", "grid", "ix", "route", "cable")


def phase_id(value: object) -> str | None:
    """A phase id as text: ``2030.0`` and ``2030`` both give ``"2030"``; blanks give None."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
    if hasattr(value, "item") and not isinstance(value, str):
        return phase_id(value.item())
    text = str(value).strip()
    return text or None


def _text(value: object) -> str | None:
    """A cell as an id: None for blanks/NaN, integral floats without ``.0``."""
    return phase_id(value)


def phase_order(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Phases in plan order (first seen in Sites, then Costs, Telecom, Builds)."""
    seen: list[str] = []
    for name, column in (("Sites", "phase"), ("Costs", "phase"), ("Telecom", "phase"),
                         ("AreaBalance", "phase"), ("Builds", "phase_built")):
        frame = tables.get(name)
        if frame is None or column not in frame:
            continue
        for value in frame[column]:
            t = phase_id(value)
            if t is not None and t != EXISTING and t not in seen:
                seen.append(t)
        if seen and name == "Sites":
            break
    return seen


def site_summary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per site: name, area, lat, lon, existing_mw, final_mw, open_phase, mw by phase.

    ``open_phase`` is ``"existing"`` for sites with capacity before the first
    phase, the first phase the site is open for new sites, and None for sites
    never opened. ``expanded_phase`` is the first phase an existing site adds
    capacity (None if it never grows).
    """
    columns = ["site", "name", "area", "lat", "lon", "existing_mw", "final_mw", "open_phase",
               "expanded_phase", "mw"]
    sites = tables.get("Sites")
    if sites is None or sites.empty or "site" not in sites:
        return pd.DataFrame(columns=columns)
    phases = phase_order(tables)
    rows = []
    for site, group in sites.groupby(sites["site"].map(_text), sort=False):
        group = group.assign(_phase=group["phase"].map(phase_id))
        group = group.set_index("_phase")
        mw = {t: float(group.at[t, "it_mw"]) if t in group.index else 0.0 for t in phases}
        first = group.iloc[0]
        new_first = float(first.get("new_it_mw", 0.0) or 0.0)
        existing_mw = max(float(first["it_mw"]) - new_first, 0.0)
        opened = [t for t in phases if t in group.index and bool(group.at[t, "open"])]
        if existing_mw > TOL:
            open_phase: str | None = EXISTING
            grown = [t for t in phases if t in group.index
                     and float(group.at[t, "new_it_mw"]) > TOL]
            expanded = grown[0] if grown else None
        else:
            open_phase = opened[0] if opened else None
            expanded = None
        rows.append({
            "site": site, "name": _text(first.get("name")) or site,
            "area": _text(first.get("area")),
            "lat": float(first["lat"]) if pd.notna(first.get("lat")) else float("nan"),
            "lon": float(first["lon"]) if pd.notna(first.get("lon")) else float("nan"),
            "existing_mw": existing_mw,
            "final_mw": mw[phases[-1]] if phases else 0.0,
            "open_phase": open_phase, "expanded_phase": expanded, "mw": mw,
        })
    return pd.DataFrame(rows, columns=columns)


def japanese_names(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Site id -> its Japanese name (``Sites.name_ja``, carried by Locations) where one is given."""
    locations = tables.get("Locations")
    if locations is None or locations.empty or "name_ja" not in locations:
        return {}
    return {_text(i) or "": _text(n) or "" for k, i, n in
            zip(locations["kind"], locations["id"], locations["name_ja"])
            if _text(k) == "site" and _text(n)}


def _names(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], str]:
    locations = tables.get("Locations")
    if locations is None or locations.empty:
        return {}
    return {(_text(k) or "", _text(i) or ""): _text(n) or (_text(i) or "")
            for k, i, n in zip(locations["kind"], locations["id"], locations["name"])}


def _fmt(value: object, unit: str) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if math.isnan(number):
        return ""
    return f"{number:,.0f} {unit}"


def _build_what(row: pd.Series, names: dict[tuple[str, str], str], lang: str = "en") -> str:
    family = _text(row.get("family"))
    if family == "grid":
        if _text(row.get("kind")) == "link":
            ends = f"{_text(row.get('from_area'))}–{_text(row.get('to_area'))}"
            return label("timeline.link", lang, ends=ends, mw=_fmt(row.get("mw"), "MW"))
        return label("timeline.grid_site", lang, site=_text(row.get("site")), mw=_fmt(row.get("mw"), "MW"))
    if family == "ix":
        ix = _text(row.get("ix")) or _text(row.get("id")) or ""
        name = names.get(("ix", ix))
        return label("timeline.ix", lang, ix=ix) + (f" ({name})" if name and name != ix else "")
    if family == "route":
        return label("timeline.fibre", lang, site=_text(row.get("site")), ix=_text(row.get("ix")))
    if family == "cable":
        return label("timeline.cable", lang, landing=_text(row.get("landing")), ix=_text(row.get("ix")),
                     tbps=_fmt(row.get("tbps"), "Tbps")).strip()
    return f"{family} {_text(row.get('id'))}"


def timeline_table(tables: dict[str, pd.DataFrame], lang: str = "en") -> pd.DataFrame:
    """Rows: family, id, what, start (first phase), then one column per phase.

    Site rows carry the IT MW in each phase from opening on; build rows carry
    ``"built"`` in their phase and ``""`` (still filled on the sheet) after it.
    Phases before the start are None. Existing sites that grow appear as
    ``expansion`` rows; existing build options do not appear. ``lang="ja"`` words the
    ``what`` column in Japanese and names sites by ``name_ja`` where given.
    """
    phases = phase_order(tables)
    rows: list[dict[str, object]] = []
    ja_names = japanese_names(tables) if lang == "ja" else {}
    for s in site_summary(tables).itertuples(index=False):
        opened, expanded = phase_id(s.open_phase), phase_id(s.expanded_phase)
        words = {"site": s.site, "name": ja_names.get(s.site, s.name),
                 "existing": f"{s.existing_mw:,.0f}", "final": f"{s.final_mw:,.0f}"}
        if opened == EXISTING and expanded is not None:
            start, family = expanded, "expansion"
            what = label("timeline.expand", lang, **words)
        elif opened is not None and opened != EXISTING:
            start, family = opened, "site"
            what = label("timeline.site", lang, **words)
        else:
            continue
        row: dict[str, object] = {"family": family, "id": s.site, "what": what, "start": start}
        on = False
        for t in phases:
            on = on or t == start
            row[t] = round(s.mw[t], 3) if on else None
        rows.append(row)
    builds = tables.get("Builds")
    if builds is not None and not builds.empty:
        names = _names(tables)
        for _, b in builds.iterrows():
            start = phase_id(b.get("phase_built"))
            if start is None or start == EXISTING or start not in phases:
                continue
            row = {"family": _text(b.get("family")), "id": _text(b.get("id")),
                   "what": _build_what(b, names, lang), "start": start}
            on = False
            for t in phases:
                row[t] = ("built" if t == start else "") if (on or t == start) else None
                on = on or t == start
            rows.append(row)
    frame = pd.DataFrame(rows, columns=["family", "id", "what", "start", *phases])
    if frame.empty:
        return frame
    rank = {t: i for i, t in enumerate(phases)}
    fam = {f: i for i, f in enumerate(FAMILY_ORDER)}
    key = pd.DataFrame({"p": frame["start"].map(rank), "f": frame["family"].map(lambda f: fam.get(f, 99)),
                        "i": frame["id"].astype(str)})
    order = key.sort_values(["p", "f", "i"], kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def _lighter(hex_rgb: str, amount: float = 0.55) -> str:
    r, g, b = (int(hex_rgb[i:i + 2], 16) for i in (0, 2, 4))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "".join(f"{c:02X}" for c in mix)


def add_timeline(book: Workbook, tables: dict[str, pd.DataFrame], lang: str = "en") -> None:
    """Add a ``Timeline`` sheet: one row per site opened/expanded or option built.

    Columns: family, id, what, then one column per phase; cells from the phase
    the item appears on are filled in its family's colour (the start phase
    solid, later phases lighter). Site cells show the IT MW of that phase.
    Nothing is added when the plan has no phases.
    """
    phases = phase_order(tables)
    if not phases:
        return
    frame = timeline_table(tables, lang)
    sheet = book.create_sheet("Timeline")
    headers = ["family", "id", "what", *phases]
    sheet.append(headers)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="305496")
    for cell in sheet[1]:
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
    thin = Side(style="thin", color="FFFFFF")
    for r, record in enumerate(frame.itertuples(index=False, name=None), start=2):
        row = dict(zip(frame.columns, record))
        family = str(row["family"])
        colour = FAMILY_COLOURS.get(family, "808080")
        sheet.cell(r, 1, family).font = Font(bold=True, color=colour)
        sheet.cell(r, 2, row["id"])
        sheet.cell(r, 3, row["what"])
        for c, t in enumerate(phases, start=4):
            value = row[t]
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            cell = sheet.cell(r, c, value if value != "" else None)
            solid = t == row["start"]
            cell.fill = PatternFill("solid", fgColor=colour if solid else _lighter(colour))
            cell.font = Font(color="FFFFFF" if solid else "000000", bold=solid)
            cell.alignment = Alignment(horizontal="center")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if isinstance(value, float):
                cell.number_format = "#,##0"
    sheet.freeze_panes = "D2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.column_dimensions["A"].width = 11
    sheet.column_dimensions["B"].width = max([6, *(len(str(v)) + 2 for v in frame["id"])])
    sheet.column_dimensions["C"].width = min(max([10, *(len(str(v)) + 2 for v in frame["what"])]), 60)
    for c, t in enumerate(phases, start=4):
        sheet.column_dimensions[get_column_letter(c)].width = max(len(t) + 4, 12)
    note = len(frame) + 3
    note_cell = sheet.cell(note, 1, label("timeline.note", lang))
    note_cell.font = Font(italic=True, color="595959")
