"""Where a long solve stands: one live line from HiGHS's MIP log callback.

On a terminal the line is redrawn in place (tqdm); elsewhere (a log file, CI)
a plain line is written once a minute, so a long run leaves a readable trail.
"""

from __future__ import annotations

import math
import os
import sys
import time
from typing import Any, TextIO

PLAIN_EVERY_S = 60.0
"""Seconds between plain lines when the stream is not a terminal."""


def _money(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "none yet"
    return f"{value:,.1f}"


def progress_text(label: str, elapsed: float, best: float | None, bound: float | None,
                  gap: float | None, time_limit: float) -> str:
    """``solving: 12 s, best 697,226.3 MJPY, bound 692,200.0, gap 0.72 %, 588 s left``."""
    gap_text = "n/a" if gap is None or not math.isfinite(gap) else f"{100 * gap:.2f} %"
    left = max(0.0, time_limit - elapsed)
    return (f"{label}: {elapsed:,.0f} s, best {_money(best)} MJPY, bound {_money(bound)}, "
            f"gap {gap_text}, {left:,.0f} s left")


class ProgressLine:
    """Receives HiGHS's MIP log events and shows them as one line."""

    def __init__(self, label: str, time_limit: float, stream: TextIO | None = None,
                 *, terminal: bool | None = None) -> None:
        self.label = label
        self.time_limit = time_limit
        self._own: TextIO | None = None
        if stream is None:  # Pyomo captures fd 2 while HiGHS runs: write to a copy of it
            stream = self._own = _stderr_copy()
        self.stream = stream
        self.terminal = self.stream.isatty() if terminal is None else terminal
        self.last_plain = -math.inf
        self.lines = 0
        self._bar: Any = None
        self.started = time.perf_counter()

    def update(self, elapsed: float, best: float | None, bound: float | None,
               gap: float | None) -> None:
        """One report from HiGHS (its own clock in ``elapsed``)."""
        text = progress_text(self.label, elapsed, best, bound, gap, self.time_limit)
        if self.terminal:
            if self._bar is None:
                from tqdm import tqdm

                self._bar = tqdm(total=None, bar_format="{desc}", file=self.stream, mininterval=0.5,
                                 leave=False)
            self._bar.set_description_str(text)
            self.lines += 1
        elif elapsed - self.last_plain >= PLAIN_EVERY_S:
            print(text, file=self.stream, flush=True)
            self.last_plain = elapsed
            self.lines += 1

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        if self._own is not None:
            if self._own is not sys.stderr:
                self._own.close()
            self._own = None


def _stderr_copy() -> TextIO:
    """A stream on a duplicate of standard error's file descriptor (or stderr itself)."""
    try:
        return os.fdopen(os.dup(sys.stderr.fileno()), "w", buffering=1, encoding="utf-8")
    except (AttributeError, OSError, ValueError):  # no real descriptor (e.g. under a test runner)
        return sys.stderr
