"""``wattbit run --lang ja`` (issue 16 point 6): Summary descriptions, charts and map in
Japanese, sites named by ``Sites.name_ja``, and a font that draws kana and kanji."""

from __future__ import annotations

import string
import warnings
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import planner
from planner.cli import EXIT_OK, main
from planner.i18n import LABELS, SUMMARY_DESCRIPTIONS, label, summary_description
from planner.reports import mapping
from planner.reports.mapping import fontja_file, fonts_for, render_map
from planner.reports.timeline import timeline_table
from planner.solver.options import SolveOptions
from support.operations_cases import ops_case
from support.workbook import base_case, write_workbook

pytest.importorskip("matplotlib")

OPTIONS = SolveOptions(mip_gap=0.0, threads=1, random_seed=0)
GLYPH_MISSING = "missing from font"


def sites_with_names() -> list[dict]:
    """S1 (Ishikari, 石狩) is cheaper and opens; S2 has no Japanese name."""
    return [
        {"site": "S1", "name": "Ishikari", "name_ja": "石狩", "area": "A", "lat": 43.2, "lon": 141.3,
         "max_mw": 100, "fixed_cost_mjpy": 10},
        {"site": "S2", "area": "A", "lat": 35.7, "lon": 139.7, "max_mw": 100, "fixed_cost_mjpy": 20},
    ]


@pytest.fixture(scope="module")
def named_case(tmp_path_factory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("ja") / "in.xlsx", base_case(Sites=sites_with_names()))


@pytest.fixture(scope="module")
def named_tables(named_case) -> dict[str, pd.DataFrame]:
    plan = planner.solve(planner.read_workbook(named_case), options=OPTIONS)
    assert plan.status == "optimal" and plan.objective == pytest.approx(10.0)
    return plan.tables


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# ---------------------------------------------------------------- every label translated


@pytest.mark.parametrize("table", [LABELS, SUMMARY_DESCRIPTIONS], ids=["labels", "summary"])
def test_every_english_label_has_a_japanese_one_with_the_same_fields(table) -> None:
    missing = sorted(set(table["en"]) - set(table["ja"]))
    assert missing == [], f"no Japanese for {missing}"
    assert sorted(set(table["ja"]) - set(table["en"])) == []
    for key, english in table["en"].items():
        assert table["ja"][key].strip(), key
        assert fields(table["ja"][key]) <= fields(english) | {"0"}, key


def test_summary_descriptions_fill_the_phase_or_area() -> None:
    assert summary_description("new_it_mw_outside_hubs:P2", "ja") == "東京・大阪の集積地以外での新規 IT 容量（P2）"
    assert summary_description("grid_peak_mw:TKY", "ja").startswith("エリア TKY の")
    assert summary_description("objective_mjpy", "ja") == "総費用（現在価値）"
    assert summary_description("no_such_metric", "ja") == ""
    with pytest.raises(ValueError, match="en, ja"):
        label("map.title", "fr")


def _described(summary: pd.DataFrame) -> list[str]:
    """Metrics of ``summary`` that have no Japanese description."""
    return [m for m in summary["metric"] if not summary_description(m, "ja")]


@pytest.fixture(scope="module")
def ops_plan(tmp_path_factory) -> planner.Plan:
    """An operations-mode plan with a supply limit (so the welcome-zone map is drawn)."""
    sheets = ops_case(
        AreaSupply=[{"area": "A", "phase": "P1", "supply_mw": 200, "energy_price_jpy_per_kwh": 10,
                     "surplus_mw": 5}],
        Demand=[{"region": "R1", "phase": "P1", "demand_mw": 50, "flexible_share": 0.2}],
        Sites=sites_with_names(),
    )
    path = write_workbook(tmp_path_factory.mktemp("ops") / "ops.xlsx", sheets)
    plan = planner.solve(planner.read_workbook(path), options=OPTIONS)
    assert plan.has_solution
    return plan


def test_every_summary_metric_of_a_capacity_and_an_operations_plan_is_described(named_tables, ops_plan) -> None:
    assert _described(named_tables["Summary"]) == []
    plan = ops_plan
    metrics = set(plan.tables["Summary"]["metric"])
    assert {"surplus_absorbed_gwh_per_year", "battery_throughput_gwh_per_year", "grid_peak_mw:A",
            "energy_cost_grid_mjpy_last_phase"} <= metrics
    assert _described(plan.tables["Summary"]) == []


# ---------------------------------------------------------------- the font


def test_the_japanese_font_is_found() -> None:
    shipped = fontja_file()
    assert shipped is not None and shipped.name == "ipaexg.ttf", "pip install matplotlib-fontja"
    assert mapping._cjk_font() == "IPAexGothic"


def _draw_text(text: str, lang: str, tmp_path: Path) -> list[str]:
    """Warnings raised drawing ``text`` in ``lang``'s fonts."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with warnings.catch_warnings(record=True) as caught, fonts_for(lang):
        warnings.simplefilter("always")
        fig = Figure(figsize=(4, 1))
        FigureCanvasAgg(fig)
        fig.text(0.05, 0.5, text, fontsize=9, weight="bold")
        fig.savefig(tmp_path / f"{lang}.png")
    return [str(w.message) for w in caught]


def test_japanese_labels_draw_without_missing_glyphs(tmp_path) -> None:
    every_label = " ".join(LABELS["ja"].values()) + " 石狩 北海道 東京 大阪 ワット・ビット連携 海底ケーブル"
    assert [w for w in _draw_text(every_label, "ja", tmp_path) if GLYPH_MISSING in w] == []
    # and the check can fail: the English fonts have no kanji
    assert any(GLYPH_MISSING in w for w in _draw_text("系統", "en", tmp_path))


def test_without_a_japanese_font_no_map_is_drawn_in_japanese(named_tables, tmp_path, monkeypatch) -> None:
    """Never a map with empty boxes: without the font, ja refuses and says what to install."""
    monkeypatch.setattr(mapping, "_cjk_font", lambda: None)
    with pytest.raises(planner.OutputError, match="pip install matplotlib-fontja"):
        render_map(named_tables, tmp_path / "boxes.png", lang="ja")
    assert not (tmp_path / "boxes.png").exists()
    assert render_map(named_tables, tmp_path / "en.png").is_file()


def _texts_of_map(tables, path: Path, lang: str, monkeypatch) -> tuple[list[str], list[str]]:
    """Every text on the map drawn in ``lang``, and the warnings raised drawing it."""
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    seen: list[str] = []
    save = Figure.savefig

    def keep(fig, *args, **kwargs):
        seen.extend(t.get_text() for t in fig.findobj(Text) if t.get_text())
        return save(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_map(tables, path, lang=lang)
    return seen, [str(w.message) for w in caught]


def test_map_in_japanese_names_sites_by_name_ja(named_tables, tmp_path, monkeypatch) -> None:
    texts, caught = _texts_of_map(named_tables, tmp_path / "ja.png", "ja", monkeypatch)
    assert [w for w in caught if GLYPH_MISSING in w] == []
    assert "石狩" in texts and "S1" not in texts  # the opened site, by its Japanese name
    assert label("map.title", "ja") in texts and label("map.sites", "ja") in texts
    assert label("map.network", "ja") in texts and label("map.opens", "ja", phase="P1") in texts
    assert "Network" not in texts
    english, _ = _texts_of_map(named_tables, tmp_path / "en.png", "en", monkeypatch)
    assert "S1" in english and "石狩" not in english and "Network" in english
    assert "Watt-Bit plan: data-centre sites, grid and telecom" in english


def test_timeline_in_japanese_uses_name_ja(named_tables) -> None:
    assert timeline_table(named_tables, "ja")["what"].tolist() == ["開設 S1 石狩 +50 MW"]
    assert timeline_table(named_tables)["what"].tolist() == ["site S1 Ishikari +50 MW"]


# ---------------------------------------------------------------- the results workbook


def test_run_lang_ja_writes_japanese_summary_charts_and_map(named_case, tmp_path) -> None:
    ja, en = tmp_path / "ja.xlsx", tmp_path / "en.xlsx"
    assert main(["run", str(named_case), "-o", str(ja), "--threads", "1", "--lang", "ja"]) == EXIT_OK
    assert main(["run", str(named_case), "-o", str(en), "--threads", "1"]) == EXIT_OK
    book_ja, book_en = load_workbook(ja), load_workbook(en)
    assert book_ja.sheetnames == book_en.sheetnames
    summary = [r for r in book_ja["Summary"].iter_rows(values_only=True)]
    assert summary[0] == ("metric", "value", "unit", "description")
    described = {r[0]: r[3] for r in summary[1:]}
    assert described["objective_mjpy"] == "総費用（現在価値）"
    assert described["sites_open_last_phase"] == "最終フェーズで稼働するサイト数"
    assert described["new_it_mw_outside_hubs:P1"] == "東京・大阪の集積地以外での新規 IT 容量（P1）"
    assert all(described.values())
    assert [c.value for c in book_en["Summary"][1]] == ["metric", "value", "unit"]  # English as before
    assert book_ja["Charts"]["A1"].value == "エリア別・フェーズ別の新規 IT 容量 [MW]"
    assert book_en["Charts"]["A1"].value == "New IT capacity by area and phase [MW]"
    assert book_ja["Map"]["A1"].value == label("map.sheet_title", "ja")
    locations = [r for r in book_ja["Locations"].iter_rows(values_only=True)]
    assert locations[0][:4] == ("kind", "id", "name", "name_ja") and locations[1][3] == "石狩"
    # the map of the written workbook, again in Japanese
    assert main(["map", str(ja), "-o", str(tmp_path / "map.png"), "--lang", "ja"]) == EXIT_OK


def test_operations_charts_and_welcome_map_in_japanese(ops_plan, tmp_path) -> None:
    from planner.reports.welcome_map import band

    assert band(600, "ja")[1] == "500 MW 以上" and band(float("nan"), "ja")[1].startswith("制約なし")
    book = load_workbook(ops_plan.to_excel(tmp_path / "ops_ja.xlsx", lang="ja"))
    day = book["DayCharts"]
    assert day["A1"].value == "エリア A、P1、代表期間 D [MW]"
    assert [c.value for c in day[2]] == ["ステップ", "系統からの電力", "余剰再エネ（出力制御の回避）",
                                         "他エリアからの受電（正味）", "サイト内発電", "蓄電池の放電",
                                         "データセンターの負荷（充電・他エリアへの送電を含む）"]
    assert book["WelcomeMap"]["A1"].value == label("welcome.sheet_title", "ja")
    english = load_workbook(ops_plan.to_excel(tmp_path / "ops_en.xlsx"))
    assert english["DayCharts"]["A1"].value == "Area A, P1, period D [MW]"
    assert english["WelcomeMap"]["A1"].value.startswith("Welcome zones after the plan — firm MW")


def test_python_api_takes_lang(named_case, tmp_path) -> None:
    out = tmp_path / "api.xlsx"
    plan = planner.run(named_case, out, lang="ja", threads=1, random_seed=0)
    assert "description" not in plan.tables["Summary"]  # the plan's own tables stay language-neutral
    header = [c.value for c in load_workbook(out)["Summary"][1]]
    assert header == ["metric", "value", "unit", "description"]
    with pytest.raises(ValueError, match="en, ja"):
        planner.run(named_case, tmp_path / "fr.xlsx", lang="fr")


def test_without_name_ja_locations_are_as_before(tmp_path) -> None:
    plan = planner.solve(planner.read_workbook(write_workbook(tmp_path / "in.xlsx", base_case())),
                         options=OPTIONS)
    assert list(plan.tables["Locations"].columns) == ["kind", "id", "name", "area", "zone", "lat", "lon"]
