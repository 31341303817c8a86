"""Reliability catalogue T36-T40: nothing lost — atomic output, unwritable targets, inputs never overwritten.

Each test quotes its case from ../shared/research/reliability.md §A4. The
results workbook is written to a temp file in the target folder and renamed
over the output (planner/io/writer.py ``write_book_atomically``); exit 6 means
the output could not be written (planner/cli.py).
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

import planner
from fixtures import base_case, read_sheet, run_cli, write_workbook
from planner.cli import EXIT_INTERNAL, EXIT_OUTPUT, EXIT_USAGE
from planner.errors import OutputError

MAIN = Path(__file__).resolve().parents[2]


def _book(tmp_path: Path, name: str = "in.xlsx") -> Path:
    return write_workbook(tmp_path / name, base_case())


def _previous(path: Path) -> bytes:
    """A complete earlier results workbook at ``path``; returns its bytes."""
    write_workbook(path, {"Summary": [{"metric": "status", "value": "previous run"}]})
    return path.read_bytes()


def _is_previous_or_complete(path: Path, previous: bytes | None) -> str:
    """What ``path`` holds after an interrupted run: 'absent', 'previous' or 'complete' (else fail)."""
    if not path.exists():
        assert previous is None, "the previous output was removed"
        return "absent"
    data = path.read_bytes()
    if previous is not None and data == previous:
        return "previous"
    with zipfile.ZipFile(path) as archive:  # a complete, valid results workbook
        assert archive.testzip() is None
    summary = {r[0]: r[1] for r in read_sheet(path, "Summary")[1:]}
    assert summary["status"] == "optimal", summary
    return "complete"


def _temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --------------------------------------------------------------------------- T36


def _failing_save(exception: BaseException):
    """A Workbook.save that writes half a zip to the target, then raises ``exception``."""

    def save(self, filename):
        Path(filename).write_bytes(b"PK\x03\x04" + b"\0" * 4096)  # the start of a zip, no more
        raise exception

    return save


@pytest.mark.parametrize("exception, code, said", [
    (OSError(errno.ENOSPC, "No space left on device"), EXIT_OUTPUT, "could not be written (No space left on device)"),
    (KeyboardInterrupt(), EXIT_INTERNAL, "interrupted"),
    (RuntimeError("openpyxl bug"), EXIT_INTERNAL, "internal error: RuntimeError: openpyxl bug"),
])
def test_T36_failure_during_save_keeps_previous_output(tmp_path, capsys, monkeypatch, exception, code, said):
    """T36 | Process killed mid-write (kill after temp created) | Previous output intact or absent; never a half-written `.xlsx` at the final name.

    In-process: the save fails half-way (disk full, Ctrl-C, a library bug).
    The previous workbook stays byte for byte, and the half-written temp file is removed.
    """
    workbook, out = _book(tmp_path), tmp_path / "out.xlsx"
    previous = _previous(out)
    monkeypatch.setattr(Workbook, "save", _failing_save(exception))
    result = run_cli(capsys, workbook, out)  # checks: out unchanged, no new files in the folder
    assert result.code == code, result.text
    assert said in result.err
    if code == EXIT_OUTPUT:
        assert f"output: {out} could not be written" in result.err and "check the folder and disk" in result.err
    assert out.read_bytes() == previous and _temp_files(tmp_path) == []


_KILL_MID_SAVE = textwrap.dedent("""
    import sys, time, zipfile
    original = zipfile.ZipFile.writestr
    calls = []

    def slow_writestr(self, *args, **kwargs):
        original(self, *args, **kwargs)
        calls.append(1)
        if len(calls) == 3:  # some parts of the results workbook are on disk
            self.fp.flush()
            print("MIDWRITE", flush=True)
            time.sleep(120)

    zipfile.ZipFile.writestr = slow_writestr
    from planner.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def test_T36_killed_mid_write_leaves_previous_output(tmp_path):
    """T36 | Process killed mid-write (kill after temp created) | Previous output intact or absent; never a half-written `.xlsx` at the final name.

    `python -m planner run` in a child process is SIGKILLed while the results
    zip is half written (the child signals the moment). The output path still
    holds the previous workbook; the only trace is the hidden temp file
    `.out.xlsx.<random>.tmp`, which a SIGKILL cannot clean up.
    """
    workbook = _book(tmp_path)
    out = tmp_path / "out.xlsx"
    previous = _previous(out)
    child = subprocess.Popen(
        [sys.executable, "-c", _KILL_MID_SAVE, "run", str(workbook), "-o", str(out), "--threads", "1",
         "--no-values"],
        cwd=MAIN, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.strip() == "MIDWRITE", (line, child.stderr.read() if child.poll() is not None else "")
        temps = _temp_files(tmp_path)
        assert len(temps) == 1 and temps[0].startswith(".out.xlsx.")
        assert (tmp_path / temps[0]).stat().st_size > 0  # half a workbook exists, under the temp name
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert out.read_bytes() == previous
    assert _is_previous_or_complete(out, previous) == "previous"
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == sorted(["in.xlsx", "out.xlsx", *_temp_files(tmp_path)])


@pytest.mark.slow
@pytest.mark.parametrize("with_previous", [True, False])
def test_T36_killed_at_any_moment(tmp_path, with_previous):
    """T36 | Process killed mid-write | Previous output intact or absent; never a half-written `.xlsx`.

    Issue 4 acceptance: "Killing `wattbit run` at any moment leaves either the
    previous output or none, never a corrupt workbook at the output path".
    The real CLI is SIGKILLed after 0.5 s, 1 s, ... until a run completes.
    """
    workbook = _book(tmp_path)
    out = tmp_path / "out.xlsx"
    seen = set()
    delay = 0.5
    while delay < 20:
        previous = _previous(out) if with_previous else None
        if not with_previous and out.exists():
            out.unlink()
        child = subprocess.Popen([sys.executable, "-m", "planner", "run", str(workbook), "-o", str(out),
                                  "--threads", "1"], cwd=MAIN,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        finished = child.poll() is not None
        child.kill()
        child.wait(timeout=30)
        seen.add(_is_previous_or_complete(out, previous))
        if finished:
            break
        delay += 0.5
    assert "complete" in seen  # the last run finished and wrote a good workbook
    assert seen & {"previous", "absent"}  # and some run was killed before it replaced the output


# --------------------------------------------------------------------------- T37


def test_T37_missing_output_folder(tmp_path, capsys):
    """T37 | Output directory read-only / missing / on full disk | Exit 6 naming path; input untouched."""
    out = tmp_path / "no" / "such" / "folder" / "out.xlsx"
    result = run_cli(capsys, _book(tmp_path), out)
    assert result.code == EXIT_OUTPUT, result.text
    assert f"output: folder {out.parent} does not exist — create it or choose another output path" in result.err
    assert not (tmp_path / "no").exists()


def test_T37_read_only_output_folder(tmp_path, capsys, monkeypatch):
    """T37 | Output directory read-only | Exit 6 naming path; input untouched.

    The folder is chmod 555. Under root (CI containers) the mode bits do not
    bind, so ``os.access`` is made to answer as it would for a normal user.
    """
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:
        real_access = os.access

        def access(path, mode, *args, **kwargs):
            if Path(path) == folder and mode & os.W_OK:
                return False
            return real_access(path, mode, *args, **kwargs)

        monkeypatch.setattr(os, "access", access)
    try:
        result = run_cli(capsys, _book(tmp_path), folder / "out.xlsx")
    finally:
        folder.chmod(0o755)
    assert result.code == EXIT_OUTPUT, result.text
    assert f"output: folder {folder} is not writable — choose another output path" in result.err
    assert list(folder.iterdir()) == []


def test_T37_disk_full_during_save(tmp_path, capsys, monkeypatch):
    """T37 | Output ... on full disk | Exit 6 naming path; input untouched; no temp file left."""
    workbook, out = _book(tmp_path), tmp_path / "out.xlsx"
    monkeypatch.setattr(Workbook, "save", _failing_save(OSError(errno.ENOSPC, "No space left on device")))
    result = run_cli(capsys, workbook, out)
    assert result.code == EXIT_OUTPUT, result.text
    assert f"output: {out} could not be written (No space left on device)" in result.err
    assert not out.exists() and _temp_files(tmp_path) == []


def test_T37_temp_file_cannot_be_created(tmp_path, capsys, monkeypatch):
    """T37 | Output directory read-only (a read-only mount, an ACL, a root-squashed share: os.access says yes,
    creating the file says no) | Exit 6 naming path."""
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    workbook, out = _book(tmp_path), tmp_path / "out.xlsx"
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run_cli(capsys, workbook, out)
    assert result.code == EXIT_OUTPUT, result.text
    assert f"{out}" in result.err and "Permission denied" in result.err


def test_T37_output_path_is_a_folder(tmp_path, capsys):
    """T37 (variant) | the output path names an existing folder | Exit 6 naming path; the folder untouched."""
    out = tmp_path / "out.xlsx"
    out.mkdir()
    result = run_cli(capsys, _book(tmp_path), out)
    assert result.code == EXIT_OUTPUT, result.text
    assert f"output: {out} could not be written" in result.err
    assert out.is_dir() and list(out.iterdir()) == [] and _temp_files(tmp_path) == []


# --------------------------------------------------------------------------- T38


def test_T38_excel_lock_file_beside_output(tmp_path, capsys):
    """T38 | Output workbook open in Excel (owner file `~$out.xlsx` present / replace raises) | Exit 6 or fallback to timestamped name, message says which."""
    out = tmp_path / "out.xlsx"
    previous = _previous(out)
    (tmp_path / "~$out.xlsx").write_bytes(b"\x07owner")
    result = run_cli(capsys, _book(tmp_path), out)
    assert result.code == EXIT_OUTPUT, result.text
    assert f"output: {out} is open in Excel (~$out.xlsx exists) — close it and run again" in result.err
    assert out.read_bytes() == previous


def test_T38_replace_refused_as_on_windows(tmp_path, capsys, monkeypatch):
    """T38 | Output workbook open in Excel (... replace raises) | Exit 6, message says which; previous output intact."""

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")  # WinError 32 on Windows

    workbook, out = _book(tmp_path), tmp_path / "out.xlsx"
    previous = _previous(out)
    monkeypatch.setattr(os, "replace", refuse)
    result = run_cli(capsys, workbook, out)
    assert result.code == EXIT_OUTPUT, result.text
    assert f"output: {out} could not be written (Permission denied)" in result.err
    assert out.read_bytes() == previous and _temp_files(tmp_path) == []


# --------------------------------------------------------------------------- T39


def test_T39_output_path_equals_input_path(tmp_path, capsys, monkeypatch):
    """T39 | Output path equals input path | Refused (exit 2) — inputs are never overwritten."""
    workbook = _book(tmp_path)
    result = run_cli(capsys, workbook, workbook, expect_output=False)
    assert result.code == EXIT_USAGE, result.text
    assert "is the input workbook — choose another output name with -o (inputs are never overwritten)" in result.err
    monkeypatch.chdir(tmp_path)  # the same file, spelled relative
    result = run_cli(capsys, workbook, Path("./sub/../in.xlsx"), expect_output=False)
    assert result.code == EXIT_USAGE, result.text
    link = tmp_path / "link.xlsx"  # a symlink to the input
    link.symlink_to(workbook)
    result = run_cli(capsys, workbook, link, expect_output=False)
    assert result.code == EXIT_USAGE, result.text
    assert link.is_symlink()


def test_T39_api_refuses_to_write_over_the_input(tmp_path):
    """T39 (Python API) | `planner.run(path, path)` and `plan.to_excel(input)` | OutputError; input unchanged."""
    workbook = _book(tmp_path)
    before = workbook.read_bytes()
    with pytest.raises(OutputError, match="is the input workbook"):
        planner.run(workbook, workbook, threads=1)
    plan = planner.solve(planner.read_workbook(workbook), threads=1)
    with pytest.raises(OutputError, match="is the input workbook"):
        plan.to_excel(workbook)
    assert workbook.read_bytes() == before
    assert load_workbook(workbook, read_only=True).sheetnames == ["Phases", "Areas", "Sites", "Demand"]


def test_T39_hard_link_to_input_is_a_usage_error(tmp_path, capsys):
    """T39 | Output path equals input path (the same file through a hard link) | Refused (exit 2)."""
    workbook = _book(tmp_path)
    link = tmp_path / "hard.xlsx"
    os.link(workbook, link)
    result = run_cli(capsys, workbook, link, expect_output=False)
    assert "is the input workbook" in result.err
    assert result.code == EXIT_USAGE, result.text


# --------------------------------------------------------------------------- T40


def test_T40_sweep_worker_crash(tmp_path, capsys):
    """T40 | Sweep: one scenario crashes a worker | Others finish; failed one marked in manifest with error; sweep exit non-zero; resume skips completed scenarios.

    A watcher kills (SIGKILL, as the OOM killer would) whichever worker process
    starts scenario 2, every time: it is tried again on its own, then marked
    failed; the other scenarios are solved; the CLI exits non-zero; a resume
    without the watcher solves scenario 2 and nothing that was done.
    """
    import json
    import os
    import signal
    import threading

    from planner.cli import main

    workbook = _book(tmp_path)
    spec = tmp_path / "spec.toml"
    spec.write_text('method = "oat"\n[[parameter]]\nname = "demand"\ntarget = "Demand.demand_mw"\n'
                    'values = [0.8, 0.9, 1.1]\n', encoding="utf-8")
    out, rows = tmp_path / "sweep.xlsx", tmp_path / "sweep.jsonl"
    stop = threading.Event()

    def kill_scenario_2() -> None:
        while not stop.is_set():
            for marker in tmp_path.glob(".sweep-running-*/2.*"):
                try:
                    os.kill(int(marker.suffix[1:]), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            stop.wait(0.01)

    watcher = threading.Thread(target=kill_scenario_2, daemon=True)
    watcher.start()
    argv = ["sweep", str(workbook), "--spec", str(spec), "-o", str(out), "--results", str(rows),
            "--workers", "2", "--threads", "1", "--no-progress"]
    try:
        assert main(argv) != 0
    finally:
        stop.set()
        watcher.join()
    done = [json.loads(line) for line in rows.read_text().splitlines()]
    by_id = {r["scenario"]: r for r in done}
    assert sorted(by_id) == [0, 1, 2, 3]
    assert by_id[2]["status"] == "failed" and "died" in by_id[2]["error"]
    assert all(by_id[i]["status"] == "optimal" for i in (0, 1, 3))
    assert out.exists()
    assert main(argv + ["--resume"]) == 0
    again = [json.loads(line) for line in rows.read_text().splitlines()][len(done):]
    assert [r["scenario"] for r in again] == [2] and again[0]["status"] == "optimal"


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_results_workbook_gets_the_usual_file_mode(tmp_path):
    """The temp file behind the atomic write is owner-only; the workbook it becomes is not:
    a new one gets 0666 less the umask, a rewritten one keeps the mode it had."""
    import pandas as pd

    from planner.io.writer import write_tables

    tables = {"Sheet": pd.DataFrame({"a": [1.0]})}
    previous = os.umask(0o022)
    try:
        fresh = write_tables(tables, tmp_path / "new.xlsx")
        assert fresh.stat().st_mode & 0o777 == 0o644
        os.chmod(fresh, 0o660)
        write_tables(tables, fresh)
        assert fresh.stat().st_mode & 0o777 == 0o660
    finally:
        os.umask(previous)
