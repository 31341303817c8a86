"""The wattbit command: exit codes, messages, and nothing written on bad input."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from planner.cli import EXIT_INPUT, EXIT_OK, main
from support.workbook import base_case, write_workbook

TEN_ERRORS = base_case(
    Phases=[
        {"phase": "P1", "year": 2030, "years": 3},
        {"phase": "P2", "year": 2030, "years": 0},            # 1 year not increasing, 2 years > 0
    ],
    Sites=[
        {"site": "S1", "area": "A", "max_mw": -5},             # 3 max_mw > 0
        {"site": "S2", "area": "Nowhere", "max_mw": 10},       # 4 unknown area
        {"site": "S2", "area": "A", "max_mw": 10},             # 5 duplicate id
        {"site": "S4", "area": "A", "max_mw": 10, "pue": 0.8},  # 6 pue >= 1
        {"site": "S5", "area": "A", "max_mw": "TBD"},          # 7 text in a number
        {"site": "S6", "area": "A", "max_mw": 10, "type": "mega"},  # 8 unknown type
    ],
    Demand=[
        {"region": "R1", "phase": "P1", "demand_mw": 50},
        {"region": "R1", "phase": "P3", "demand_mw": 50},      # 9 unknown phase
        {"region": "R1", "phase": "P1", "demand_mw": 60},      # 10 duplicate (region, phase)
    ],
)
TEN_CELLS = ["Phases!B3", "Phases!C3", "Sites!C2", "Sites!B3", "Sites!A4", "Sites!D5",
             "Sites!C6", "Sites!E7", "Demand!B3", "Demand!A4"]


def test_validate_reports_all_ten_planted_errors(tmp_path, capsys):
    path = write_workbook(tmp_path / "bad.xlsx", TEN_ERRORS)
    assert main(["validate", str(path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "10 problems in the input:" in err
    for cell in TEN_CELLS:
        assert f"  - {cell}: " in err, cell


def test_run_on_bad_input_writes_nothing(tmp_path, capsys):
    path = write_workbook(tmp_path / "bad.xlsx", TEN_ERRORS)
    out = tmp_path / "out.xlsx"
    before = path.read_bytes()
    assert main(["run", str(path), "-o", str(out)]) == EXIT_INPUT
    assert not out.exists() and path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx"]
    assert "Traceback" not in capsys.readouterr().err


def test_run_writes_results_with_units(tmp_path, capsys):
    path = write_workbook(tmp_path / "in.xlsx", base_case())
    out = tmp_path / "out.xlsx"
    assert main(["run", str(path), "-o", str(out), "--threads", "1"]) == EXIT_OK
    assert "optimal: cost 10.0 MJPY" in capsys.readouterr().out
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["Summary", "Sites", "Builds", "Service", "Unserved", "AreaBalance",
                               "Headroom",
                               "Costs", "Resilience", "Telecom", "Locations", "Footprints", "Values",
                               "Run", "Charts", "Timeline", "Map"]
    header = next(book["Sites"].iter_rows(max_row=1, values_only=True))
    assert header[:11] == ("site", "name", "area", "type", "hub", "lat", "lon", "phase", "open",
                           "it_mw [MW]", "new_it_mw [MW]")
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["status"] == "optimal" and summary["objective_mjpy"] == 10
    run = {r[0]: r[1] for r in book["Run"].iter_rows(min_row=2, values_only=True)}
    assert len(run["input_sha256"]) == 64 and run["option_threads"] == 1


def test_output_over_input_is_refused(tmp_path, capsys):
    path = write_workbook(tmp_path / "in.xlsx", base_case())
    before = path.read_bytes()
    assert main(["run", str(path), "-o", str(path)]) != EXIT_OK
    assert path.read_bytes() == before
    assert "is the input workbook" in capsys.readouterr().err


def test_template_has_every_sheet_and_readme(tmp_path):
    out = tmp_path / "template.xlsx"
    assert main(["template", str(out)]) == EXIT_OK
    book = load_workbook(out)
    assert book.sheetnames[0] == "README" and "Sites" in book.sheetnames
    headers = [c.value for c in book["Sites"][1]]
    assert "max_mw [MW]" in headers and "force" in headers
    assert book["Sites"].data_validations.dataValidation, "dropdowns for enumerations"
    assert main(["template", str(out)]) != EXIT_OK  # never overwrites


def test_usage_error_exit_code(capsys):
    assert main(["frobnicate"]) == 2


def test_python_dash_m_entry_point():
    import runpy
    import sys

    argv = sys.argv
    sys.argv = ["planner", "--version"]
    try:
        runpy.run_module("planner", run_name="__main__")
    except SystemExit as exc:
        assert exc.code == 0
    finally:
        sys.argv = argv


def test_explain_and_alternatives_commands(tmp_path, capsys):
    """S1 (fixed 10) serves demand 50 alone; closing it opens S2 (fixed 20): +10."""
    path = write_workbook(tmp_path / "in.xlsx", base_case())
    out = tmp_path / "explain.xlsx"
    assert main(["explain", str(path), "--site", "S1", "--threads", "1", "-o", str(out)]) == EXIT_OK
    assert "+10.0 MJPY" in capsys.readouterr().out
    assert load_workbook(out).sheetnames[:3] == ["Explain", "ExplainCosts", "ExplainChanges"]
    out = tmp_path / "alternatives.xlsx"
    assert main(["alternatives", str(path), "--slack", "1.5", "-n", "1", "--threads", "1",
                 "-o", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "optimum: 10.0 MJPY" in printed and "alt_1: 20.0 MJPY" in printed
    assert load_workbook(out).sheetnames == ["Alternatives", "AlternativeSites"]
    assert main(["explain", str(path), "--site", "NOPE"]) == EXIT_INPUT


def test_map_command_draws_a_results_workbook(tmp_path):
    path = write_workbook(tmp_path / "in.xlsx", base_case())
    results = tmp_path / "out.xlsx"
    assert main(["run", str(path), "-o", str(results), "--threads", "1"]) == EXIT_OK
    png = tmp_path / "map.png"
    assert main(["map", str(results), "-o", str(png)]) == EXIT_OK
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_sweep_cold_and_warm_start_agree(tmp_path):
    """``wattbit sweep`` writes the sweep workbook and a row per scenario; ``--warm-start``
    gives the same optimum for every scenario (mip_gap 0)."""
    import json

    example = Path(__file__).resolve().parents[1] / "inputs" / "example.xlsx"
    spec = tmp_path / "study.toml"
    spec.write_text('method = "oat"\n[[parameter]]\nname = "capex"\ntarget = "Sites.capex_mjpy_per_mw"\n'
                    'values = [0.7, 0.9, 1.2]\n', encoding="utf-8")
    objectives = {}
    for way in ("cold", "warm"):
        out = tmp_path / f"{way}.xlsx"
        flags = ["--warm-start"] if way == "warm" else []
        assert main(["sweep", str(example), "--spec", str(spec), "-o", str(out), "--workers", "1",
                     "--threads", "1", "--mip-gap", "0", "--no-progress", *flags]) == EXIT_OK
        assert {"Scenarios", "Tornado", "Run"} <= set(load_workbook(out, read_only=True).sheetnames)
        rows = [json.loads(line) for line in out.with_suffix(".jsonl").read_text().splitlines()]
        assert {r["status"] for r in rows} == {"optimal"} and len(rows) == 4  # base + 3
        objectives[way] = {r["scenario"]: r["objective"] for r in rows}
    assert objectives["warm"].keys() == objectives["cold"].keys()
    for scenario, cold in objectives["cold"].items():
        assert abs(objectives["warm"][scenario] - cold) <= 1e-7 * abs(cold)


def test_screen_without_a_workbook_screens_the_bundled_case(tmp_path, capsys):
    """`wattbit screen` alone: every bundled candidate with a verdict and its reason."""
    from planner.io.bundled import bundled_workbook
    from planner.io.reader import read_workbook

    out = tmp_path / "screen.xlsx"
    assert main(["screen", "-o", str(out)]) == EXIT_OK
    lines = [line for line in capsys.readouterr().out.splitlines() if ": " in line]
    sites = list(read_workbook(bundled_workbook()).sites.index)
    assert [line.split(":")[0] for line in lines] == sites
    verdict = {line.split(":")[0]: line.split(": ", 1)[1] for line in lines}
    # land_ha 2.0 (40 MW at 20 MW/ha) fails the hard ② criterion land_ha >= 3
    assert verdict["KKZ"].startswith("screened out — ② DC needs: enough land land_ha=2.0 fails >= 3")
    # Mito: J-SHIS 81 % > 26 % (soft, 2,000 MJPY) and no undergrounded fibre yet (soft, 0)
    assert verdict["MIT"].startswith("candidate, penalty 2000 MJPY — ② DC needs: ground stability")
    assert sum(v.startswith("screened out") for v in verdict.values()) == 1
    assert load_workbook(out, read_only=True).sheetnames == ["Verdicts", "Screen"]
