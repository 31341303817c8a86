"""Stop a solve that ignores its own time limit."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any


def watchdog_seconds(time_limit: float) -> float:
    """When to stop a solve that ignores its time limit: 10% (at least 5 s) later."""
    return time_limit + max(5.0, 0.1 * time_limit)


class Watchdog:
    """Calls ``cancel()`` once ``seconds`` have passed, retrying until it reports success.

    ``cancel`` returns False while there is nothing to cancel yet (the model is
    still being handed to HiGHS), so the watchdog tries again shortly.
    """

    def __init__(self, cancel: Callable[[], bool], seconds: float) -> None:
        self.cancel = cancel
        self.fired_at: float | None = None
        self._stopped = threading.Event()
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        if self.fired_at is None:
            self.fired_at = time.perf_counter()
        while not self._stopped.is_set():
            if self.cancel():
                return
            self._stopped.wait(0.1)

    def stop(self) -> None:
        self._stopped.set()
        self._timer.cancel()

    def __enter__(self) -> Watchdog:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()
