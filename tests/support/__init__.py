"""Helpers shared by every test folder: tiny workbooks from Python rows, OR-Library cases."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
"""The repository's top folder."""


def load_script(path: Path, name: str) -> ModuleType:
    """Import a script that is not part of the package (inputs/, benchmarks/) as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
