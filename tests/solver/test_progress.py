"""The live line: what it says, how often, and that HiGHS's MIP log feeds it."""

from __future__ import annotations

import io

import planner
from planner.solver import highs
from planner.solver.options import SolveOptions
from planner.solver.progress import PLAIN_EVERY_S, ProgressLine, progress_text
from planner.solver.run import optimise
from support.workbook import write_workbook


def test_the_line_says_elapsed_best_bound_gap_and_time_left() -> None:
    text = progress_text("solving", 12.2, 697226.31, 692200.0, 0.0072, 600)
    assert text == ("solving: 12 s, best 697,226.3 MJPY, bound 692,200.0, gap 0.72 %, "
                    "588 s left")
    assert "best none yet" in progress_text("window 1/3", 1, None, 5.0, None, 10)


def test_off_a_terminal_one_plain_line_a_minute() -> None:
    stream = io.StringIO()
    line = ProgressLine("solving", 600, stream, terminal=False)
    for second in range(0, 150, 5):
        line.update(float(second), 100.0, 90.0, 0.1)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3 and lines[0].startswith("solving: 0 s") and lines[1].startswith(
        f"solving: {PLAIN_EVERY_S:.0f} s")


def test_highs_mip_log_reaches_the_line(tmp_path, monkeypatch) -> None:
    """A real MIP: HiGHS's logging callback delivers at least one report with a bound."""
    seen: list[tuple] = []

    class Spy(ProgressLine):
        def update(self, elapsed, best, bound, gap):  # type: ignore[override]
            seen.append((elapsed, best, bound, gap))

    import planner.solver.run as run

    monkeypatch.setattr(run, "ProgressLine", Spy)
    sheets = {"Phases": [{"phase": "P1", "year": 2030, "years": 1}],
              "Areas": [{"area": "A"}],
              "Sites": [{"site": f"S{i}", "area": "A", "max_mw": 30 + 7 * (i % 5),
                         "fixed_cost_mjpy": 10 + 3 * i} for i in range(12)],
              "Demand": [{"region": f"R{j}", "phase": "P1", "demand_mw": 9 + j % 4} for j in range(15)],
              "Service": [{"region": f"R{j}", "site": f"S{i}", "cost_mjpy_per_mw_year": (i * 7 + j * 3) % 11}
                          for i in range(12) for j in range(15)]}
    case = planner.read_workbook(write_workbook(tmp_path / "mip.xlsx", sheets))
    outcome = optimise(planner.build_model(case), SolveOptions(mip_gap=0.0, threads=1, progress=True))
    assert outcome.status == "optimal"
    if highs.private_access():
        assert seen and all(s[0] >= 0 for s in seen)
        assert any(s[2] is not None for s in seen)


def test_the_cli_line_reaches_stderr_past_pyomos_output_capture(tmp_path) -> None:
    """Pyomo captures file descriptor 2 while HiGHS runs; the line is written to a copy of it,
    so a planner running ``wattbit run`` into a log file sees where the solve stands."""
    import subprocess
    import sys

    from support import ROOT

    out = tmp_path / "out.xlsx"
    done = subprocess.run([sys.executable, "-m", "planner", "run", str(ROOT / "inputs" / "japan_watt_bit.xlsx"),
                           "-o", str(out), "--threads", "1", "--mip-gap", "0.01", "--capacity-only"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert "solving: " in done.stderr and " s left" in done.stderr, done.stderr
