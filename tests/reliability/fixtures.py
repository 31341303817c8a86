"""Fixture builders for the reliability catalogue (T01-T40) and the fuzz test.

Every builder writes into a folder the test owns (``tmp_path``); nothing here
touches ``planner/``. Workbooks are written with openpyxl (``workbook.py``) and,
where a fault cannot be produced through openpyxl (cached formula values,
zip bombs, DTDs, external links, macros), the saved ``.xlsx`` is rewritten at
the zip/XML level with ``rewrite_member``; ``convert_with_libreoffice`` makes a
workbook "saved by a spreadsheet application" (data/README.md).
"""

from __future__ import annotations

import math
import os
import random
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.cli import main
from support.workbook import base_case, write_workbook

Sheets = dict[str, list[dict[str, Any]]]

__all__ = [
    "CliResult", "Sheets", "assert_problem", "base_case", "convert_with_libreoffice",
    "facility_case", "libreoffice_case", "problems_of", "read_sheet", "rewrite_member", "rich_case",
    "run_cli", "sheet_member", "soffice", "validate_cli", "write_workbook",
]


# --------------------------------------------------------------------------- cases


def rich_case() -> Sheets:
    """``base_case`` plus one row (or two) in every build family: Grid, IX, Routes, Landings, Cables.

    Solves to optimality in well under a second; used by T07/T08 and the fuzz test.
    """
    return base_case(
        Phases=[
            {"phase": "P1", "year": 2030, "years": 5, "intl_demand_tbps": 10},
            {"phase": "P2", "year": 2035, "years": 5, "intl_demand_tbps": 20},
        ],
        Areas=[{"area": "A", "name": "Area A"}, {"area": "B", "name": "Area B"}],
        Sites=[
            {"site": "S1", "area": "A", "max_mw": 100, "fixed_cost_mjpy": 10,
             "grid_firm_mw": 40, "required_routes": 1},
            {"site": "S2", "area": "B", "max_mw": 100, "fixed_cost_mjpy": 20},
        ],
        Demand=[
            {"region": "R1", "phase": "P1", "demand_mw": 50},
            {"region": "R1", "phase": "P2", "demand_mw": 80},
        ],
        Grid=[
            {"project": "G1", "kind": "site", "site": "S1", "mw": 60, "capex_mjpy": 5},
            {"project": "G2", "kind": "link", "from_area": "A", "to_area": "B", "mw": 50,
             "capex_mjpy": 8},
        ],
        IX=[
            {"ix": "X1", "name": "Tokyo IX", "area": "A", "hub": True, "existing": True},
            {"ix": "X2", "name": "Sapporo IX", "area": "B", "capex_mjpy": 3},
        ],
        Routes=[
            {"route": "L1", "site": "S1", "ix": "X1", "corridor": "C1", "capex_mjpy": 2},
            {"route": "L2", "site": "S2", "ix": "X2", "corridor": "C2", "capex_mjpy": 2},
        ],
        Landings=[{"landing": "LD1", "zone": "Boso"}, {"landing": "LD2", "zone": "Shima"}],
        Cables=[
            {"cable": "K1", "landing": "LD1", "ix": "X1", "tbps": 15, "existing": True},
            {"cable": "K2", "landing": "LD2", "ix": "X1", "tbps": 20, "capex_mjpy": 30},
        ],
    )


def facility_case(n_sites: int = 60, n_regions: int = 150, seed: int = 7) -> Sheets:
    """A seeded capacitated facility location case (one phase, one area).

    Sites S0.. with max_mw 200-400 and fixed_cost 5000-9000; regions R0.. with
    demand 20-60 MW; every (region, site) pair in Service at 1000 x the
    euclidean distance between random points. Hard enough that HiGHS does not
    prove optimality in a fraction of a second, easy enough to find incumbents.
    """
    rng = random.Random(seed)
    site_xy = [(rng.random(), rng.random()) for _ in range(n_sites)]
    region_xy = [(rng.random(), rng.random()) for _ in range(n_regions)]
    sites = [
        {"site": f"S{i}", "area": "A", "max_mw": rng.randint(200, 400),
         "fixed_cost_mjpy": rng.randint(5000, 9000)}
        for i in range(n_sites)
    ]
    demand = [
        {"region": f"R{j}", "phase": "P1", "demand_mw": rng.randint(20, 60)}
        for j in range(n_regions)
    ]
    service = [
        {"region": f"R{j}", "site": f"S{i}",
         "cost_mjpy_per_mw_year": round(1000 * math.dist(region_xy[j], site_xy[i]), 3)}
        for j in range(n_regions)
        for i in range(n_sites)
    ]
    return {
        "Phases": [{"phase": "P1", "year": 2030, "years": 1}],
        "Areas": [{"area": "A", "name": "Area A"}],
        "Sites": sites,
        "Demand": demand,
        "Service": service,
    }


def libreoffice_case(formulas: bool = True) -> Sheets:
    """``rich_case`` with text ids that look like numbers or NA, full-width text, lat/lon,
    booleans as TRUE and as "no", and (``formulas``) two formula cells — or their values.

    The source of ``data/libreoffice_7.4.xlsx`` (see ``convert_with_libreoffice``).
    """
    sheets = rich_case()
    sheets["Sites"] = [
        {"site": "0123", "name": "Ｔｏｋｙｏ　ＤＣ", "area": "A", "max_mw": "=40+60" if formulas else 100,
         "fixed_cost_mjpy": 10, "hub": True, "grid_firm_mw": 40, "required_routes": 1},
        {"site": "NA", "area": "B", "max_mw": 100, "fixed_cost_mjpy": "=4*5" if formulas else 20,
         "hub": "no", "lat": 35.5, "lon": 139.7},
    ]
    sheets["Routes"][0]["site"] = "0123"
    sheets["Routes"][1]["site"] = "NA"
    sheets["Grid"][0]["site"] = "0123"
    return sheets


def soffice() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or next(
        (p for p in ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice") if os.path.exists(p)), None)


def convert_with_libreoffice(source: Path, folder: Path) -> Path:
    """``soffice --headless --convert-to xlsx`` (own profile dir, so parallel runs do not clash).

    LibreOffice recalculates formulas on load and saves their values, writes
    shared strings, <dimension> and booleans as TRUE() formulas: a file
    "saved by a spreadsheet", unlike openpyxl's. How data/libreoffice_7.4.xlsx was made::

        from fixtures import *  # run from tests/reliability with tests/ on sys.path
        src = write_workbook(Path("/tmp/libreoffice_7.4.xlsx"), libreoffice_case())
        convert_with_libreoffice(src, Path("data"))  # LibreOffice 7.4.7 (Debian 12)
    """
    command = soffice()
    assert command, "LibreOffice (soffice) is not installed"
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / ".lo-profile"
    subprocess.run([command, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    shutil.rmtree(profile, ignore_errors=True)
    return folder / source.name


# --------------------------------------------------------------------------- zip / XML surgery


def sheet_member(path: Path, title: str) -> str:
    """The zip member (``xl/worksheets/sheetN.xml``) holding the sheet called ``title``."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    match = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="(rId\d+)"', workbook)
    if match is None:
        match = re.search(rf'<sheet [^>]*r:id="(rId\d+)"[^>]*name="{re.escape(title)}"', workbook)
    assert match, f"sheet {title!r} not in {path}"
    target = re.search(rf'<Relationship [^>]*Id="{match.group(1)}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{match.group(1)}"', rels)
    assert target, f"no relationship for sheet {title!r}"
    name = target.group(1).lstrip("/")
    return name if name.startswith("xl/") else f"xl/{name}"


def rewrite_member(
    path: Path,
    member: str,
    transform: Callable[[bytes], bytes] | None = None,
    *,
    add: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """Rewrite ``path`` in place with ``member`` passed through ``transform``; ``add`` extra members."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    temp = path.with_suffix(".rewrite")
    with zipfile.ZipFile(temp, "w", compression) as archive:
        for info, data in members:
            if info.filename == member and transform is not None:
                data = transform(data)
            archive.writestr(info.filename, data, compress_type=compression)
        for name, data in (add or {}).items():
            archive.writestr(name, data, compress_type=compression)
    os.replace(temp, path)
    return path


def read_sheet(path: Path, title: str) -> list[tuple[Any, ...]]:
    """All rows (values only) of a sheet of a written workbook."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return [tuple(r) for r in book[title].iter_rows(values_only=True)]
    finally:
        book.close()


# --------------------------------------------------------------------------- the CLI


@dataclass
class CliResult:
    """One in-process ``wattbit`` run: exit code, captured streams, paths."""

    code: int
    out: str
    err: str
    input: Path
    output: Path

    @property
    def text(self) -> str:
        return self.out + self.err


def _snapshot(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def run_cli(
    capsys: Any,
    workbook: Path,
    output: Path | None = None,
    *extra: str,
    expect_output: bool | None = None,
) -> CliResult:
    """``wattbit run WORKBOOK -o OUTPUT --threads 1 ...`` in-process, with the invariants every
    catalogue case shares checked on the way:

    - the input workbook's bytes are unchanged;
    - no traceback reaches the user;
    - when the exit code is not 0 (and ``expect_output`` is not True), the output
      path does not exist afterwards (unless it existed before, then it is unchanged)
      and no other file appeared in its folder (no temp files left behind).
    """
    output = output if output is not None else workbook.parent / "out.xlsx"
    before_input = workbook.read_bytes() if workbook.is_file() else None
    before_output = output.read_bytes() if output.is_file() else None
    output_was_folder = output.is_dir()
    folder = output.parent
    before_files = _snapshot(folder) if folder.is_dir() else set()
    capsys.readouterr()
    argv = ["run", str(workbook), "-o", str(output), "--threads", "1", "--random-seed", "0",
            "--no-values", *extra]
    code = main(argv)
    captured = capsys.readouterr()
    result = CliResult(code, captured.out, captured.err, workbook, output)
    if before_input is not None:
        assert workbook.read_bytes() == before_input, "the input workbook was modified"
    assert "Traceback" not in result.text, result.text
    wrote = expect_output if expect_output is not None else code == 0
    if not wrote:
        if output_was_folder:
            assert output.is_dir(), f"the folder {output} was replaced"
        elif before_output is None:
            assert not output.exists(), f"{output} was written although the run failed"
        else:
            assert output.read_bytes() == before_output, f"{output} was changed although the run failed"
        if folder.is_dir():
            assert _snapshot(folder) == before_files, (
                f"files appeared in {folder}: {sorted(_snapshot(folder) - before_files)}")
    return result


def validate_cli(capsys: Any, workbook: Path) -> CliResult:
    """``wattbit validate WORKBOOK`` in-process (input unchanged, no traceback)."""
    before = workbook.read_bytes() if workbook.is_file() else None
    capsys.readouterr()
    code = main(["validate", str(workbook)])
    captured = capsys.readouterr()
    if before is not None:
        assert workbook.read_bytes() == before
    result = CliResult(code, captured.out, captured.err, workbook, workbook)
    assert "Traceback" not in result.text, result.text
    return result


def problems_of(err: str) -> list[str]:
    """The ``  - Sheet!Cell: ...`` lines of an input-error message."""
    return [line[4:] for line in err.splitlines() if line.startswith("  - ")]


def assert_problem(err: str, start: str, *fragments: str) -> str:
    """Exactly one problem line starts with ``start`` and holds each fragment; return it."""
    lines = [p for p in problems_of(err) if p.startswith(start)]
    assert lines, f"no problem starting {start!r} in:\n{err}"
    for fragment in fragments:
        assert any(fragment in line for line in lines), (fragment, lines)
    return lines[0]
