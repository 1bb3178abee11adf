"""Desktop probe (offscreen): launch-to-window time, and the longest UI-thread stall of an analysis.

    python tests/bench/ui_probe.py --sample        # prints shown=SECONDS, exits once shown
    python tests/bench/ui_probe.py OLD NEW ...     # also analysed=SECONDS and stall=SECONDS

Runs what `redline-assistant open` runs (assistant.ui.app.run). Launch time counts from
$BENCH_LAUNCHED_AT (the parent's time.time() before it started this process), else from when
this script began. The stall is the longest gap between ticks of a 10 ms timer on the UI thread,
less the 10 ms, from the window showing until shortly after the result was put on screen.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

LAUNCHED = float(os.environ.get("BENCH_LAUNCHED_AT") or time.time())
TICK_MS = 10
SETTLE_MS = 300  # keep ticking after the result arrives: filling the views is UI-thread work
GIVE_UP_MS = 180_000


class Probe:
    """Timestamps the event loop: when the window shows, and the gaps between timer ticks."""

    def __init__(self, analyse: bool) -> None:
        self.analyse = analyse
        self.last = 0.0
        self.worst = 0.0
        self.timer: Any = None

    def shown(self, window: Any) -> None:
        """The event loop runs with the window shown: report, then exit or start ticking."""
        from PySide6 import QtCore

        print(f"shown={time.time() - LAUNCHED:.4f}", flush=True)
        if not self.analyse:
            os._exit(0)
        window.runner.analysis_finished.connect(self.finished)
        window.runner.analysis_failed.connect(self.failed)
        self.timer = QtCore.QTimer()
        self.timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.last = time.perf_counter()
        self.timer.start()
        QtCore.QTimer.singleShot(GIVE_UP_MS, self.give_up)

    def tick(self) -> None:
        """One timer tick: how late was it?"""
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last - TICK_MS / 1000)
        self.last = now

    def finished(self, _result: object) -> None:
        """The result reached the window; measure a little longer, then report."""
        from PySide6 import QtCore

        print(f"analysed={time.time() - LAUNCHED:.4f}", flush=True)
        QtCore.QTimer.singleShot(SETTLE_MS, self.report)

    def failed(self, path: str, reason: str) -> None:
        """The analysis failed: say so and stop."""
        print(f"failed: {path} {reason}", flush=True)
        os._exit(1)

    def report(self) -> None:
        """Print the longest stall and stop."""
        self.tick()
        print(f"stall={self.worst:.4f}", flush=True)
        os._exit(0)

    def give_up(self) -> None:
        """The analysis never finished."""
        print("timeout", flush=True)
        os._exit(1)


def main() -> None:
    """Start the app as `open` does, with the window's show() instrumented."""
    from PySide6 import QtCore

    from assistant.ui import app, main_window

    args = sys.argv[1:]
    sample = args == ["--sample"]
    paths = app.sample_paths() if sample else args
    probe = Probe(analyse=not sample)
    show = main_window.MainWindow.show

    def instrumented(window: Any) -> None:
        show(window)
        QtCore.QTimer.singleShot(0, lambda: probe.shown(window))

    main_window.MainWindow.show = instrumented  # type: ignore[method-assign]
    sys.exit(app.run(paths))


if __name__ == "__main__":
    main()
