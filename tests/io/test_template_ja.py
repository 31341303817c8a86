"""``wattbit template --lang ja`` (issue 16 point 6): the README sheet in Japanese, the same
sheets and headers as in English, and a Japanese entry for every column and README line."""

from __future__ import annotations

import re
import string
from pathlib import Path

from openpyxl import load_workbook

import planner
from planner.cli import EXIT_OK, EXIT_USAGE, main
from planner.i18n import COLUMN_DOCS_JA, README_TEXT, SHEET_DOCS_JA
from planner.io.schema import SETTINGS_KEYS, SHEETS, SITES
from planner.io.template import write_template
from support.workbook import base_case, write_workbook

KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def schema_keys() -> set[tuple[str, str]]:
    """(sheet, column) of every schema column, and ("Settings", key) of every setting."""
    keys = {(spec.name, column.name) for spec in SHEETS for column in spec.columns}
    return keys | {("Settings", key) for key in SETTINGS_KEYS}


def missing_japanese(docs: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    """Schema entries without a Japanese description (a blank one counts as missing)."""
    return sorted(k for k in schema_keys() if not str(docs.get(k, "")).strip())


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_column_and_setting_has_a_japanese_description() -> None:
    assert missing_japanese(COLUMN_DOCS_JA) == []
    stale = sorted(set(COLUMN_DOCS_JA) - schema_keys())
    assert stale == [], f"Japanese entries for columns the schema no longer has: {stale}"
    assert {s.name for s in SHEETS} == set(SHEET_DOCS_JA)
    for key, text in [*COLUMN_DOCS_JA.items(), *SHEET_DOCS_JA.items()]:
        assert KANA_OR_KANJI.search(text), f"{key}: not Japanese: {text!r}"


def test_a_missing_translation_is_found() -> None:
    """The check above can fail: drop one entry (or blank it) and it is named."""
    dropped = dict(COLUMN_DOCS_JA)
    del dropped[("Sites", "grid_nonfirm_mw")]
    assert missing_japanese(dropped) == [("Sites", "grid_nonfirm_mw")]
    assert missing_japanese({**COLUMN_DOCS_JA, ("Settings", "mip_gap"): " "}) == [("Settings", "mip_gap")]


def test_every_readme_line_has_a_japanese_entry_with_the_same_fields() -> None:
    assert set(README_TEXT["en"]) == set(README_TEXT["ja"])
    for key, english in README_TEXT["en"].items():
        japanese = README_TEXT["ja"][key]
        assert fields(japanese) == fields(english), key
        assert japanese.strip() and japanese != english, key


def test_power_sector_terms() -> None:
    """The working group's words: grid (系統), non-firm connection, submarine cable, DC."""
    assert "非ファーム" in COLUMN_DOCS_JA[("Sites", "grid_nonfirm_mw")]
    assert "ファーム" in COLUMN_DOCS_JA[("Sites", "grid_firm_mw")]
    assert "系統" in SHEET_DOCS_JA["Grid"] and "連系線" in SHEET_DOCS_JA["Grid"]
    assert "海底ケーブル" in SHEET_DOCS_JA["Cables"] and "陸揚げ局" in SHEET_DOCS_JA["Landings"]
    assert "データセンター" in SHEET_DOCS_JA["Sites"]
    assert "系統の空押さえ" in COLUMN_DOCS_JA[("Phases", "reclaim_share")]


def _readme(path: Path) -> list[tuple]:
    return [tuple(r) for r in load_workbook(path)["README"].iter_rows(values_only=True)]


def _headers(path: Path) -> dict[str, list]:
    book = load_workbook(path)
    return {name: [c.value for c in book[name][1]] for name in book.sheetnames if name != "README"}


def test_template_ja_has_a_japanese_readme_and_the_english_headers(tmp_path: Path) -> None:
    en, ja = tmp_path / "en.xlsx", tmp_path / "ja.xlsx"
    assert main(["template", str(en)]) == EXIT_OK
    assert main(["template", "--lang", "ja", str(ja)]) == EXIT_OK
    assert _headers(ja) == _headers(en)  # the same sheets, the same column names and units
    assert load_workbook(ja).sheetnames == load_workbook(en).sheetnames
    rows = _readme(ja)
    assert rows[0][0] == "wattbit-planner 入力ワークブック"
    assert rows[4][:6] == ("シート", "列", "単位", "既定値", "条件", "意味")
    current, described = "", {}
    for row in rows[5:]:
        if row[0]:
            current = row[0]
            assert row[3] in ("必須シート", "任意シート") and row[5] == SHEET_DOCS_JA[current]
        elif row[1]:
            described[(current, row[1])] = row[5]
    settings_columns = {("Settings", c.name) for c in SHEETS[0].columns}
    assert set(described) == schema_keys() - settings_columns
    assert all(described[k] == COLUMN_DOCS_JA[k] for k in described)
    max_mw = next(r for r in rows if r[1] == "max_mw")
    assert max_mw[3] == "必須" and max_mw[4] == ">= 0"
    site_type = next(r for r in rows if r[1] == "type")
    assert site_type[4] == "cluster, welcome, regional, existing のいずれか"
    earliest = next(r for r in rows if r[1] == "earliest_phase")
    assert earliest[3] == "空欄" and earliest[4] == "Phases シートの ID"


def test_english_template_readme_is_unchanged_apart_from_the_language_line(tmp_path: Path) -> None:
    rows = _readme(write_template(tmp_path / "en.xlsx"))
    assert rows[0][0] == "wattbit-planner input workbook"
    assert rows[1][0].startswith("Fill the sheets, then run: wattbit validate THIS.xlsx")
    assert "name_ja" in rows[2][0] and "--lang ja" in rows[2][0]
    assert rows[4][:6] == ("sheet", "column", "unit", "default", "rule", "meaning")
    max_mw = next(r for r in rows if r[1] == "max_mw")
    assert max_mw[3:6] == ("required", ">= 0", SITES.column("max_mw").doc)


def test_name_ja_is_documented_in_both_languages(tmp_path: Path) -> None:
    for lang, word in (("en", "Japanese"), ("ja", "日本語")):
        rows = _readme(write_template(tmp_path / f"{lang}.xlsx", lang=lang))
        row = next(r for r in rows if r[1] == "name_ja")
        assert word in row[5] and row[3] in ("blank", "空欄")
        assert "name_ja" in rows[2][0]
    assert "name_ja [" not in " ".join(str(h) for h in _headers(tmp_path / "ja.xlsx")["Sites"])


def test_an_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["template", "--lang", "fr", str(tmp_path / "fr.xlsx")]) == EXIT_USAGE
    try:
        write_template(tmp_path / "fr.xlsx", lang="fr")
    except ValueError as exc:
        assert "en, ja" in str(exc)
    else:
        raise AssertionError("lang='fr' was accepted")
    assert not (tmp_path / "fr.xlsx").exists()


def test_sites_name_ja_is_optional_text(tmp_path: Path) -> None:
    sheets = base_case(Sites=[
        {"site": "S1", "name": "Ishikari", "name_ja": "石狩", "area": "A", "max_mw": 100},
        {"site": "S2", "area": "A", "max_mw": 100, "name_ja": None},
    ])
    case = planner.read_workbook(write_workbook(tmp_path / "in.xlsx", sheets))
    assert case.sites.loc["S1", "name_ja"] == "石狩"
    assert case.sites["name_ja"].isna().tolist() == [False, True]
    plain = planner.read_workbook(write_workbook(tmp_path / "plain.xlsx", base_case()))
    assert plain.sites["name_ja"].isna().all()
