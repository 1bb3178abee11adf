"""Run the desktop app on the sample negotiation under the network audit hook, then report.

    QT_QPA_PLATFORM=offscreen python tests/integration/app_probe.py [CANARY]

Starts the app as `redline-assistant open --sample` does (`app.run` on the sample's drafts),
closes the window once the analysis is on screen (closing saves the session and the layout, as a
user's would), and prints one JSON line: the exit code, whether the analysis finished, the
network events the hook saw, and whether QtNetwork was loaded, by Python or natively. Last, it
connects an AF_UNIX socket to the path CANARY (which does not exist), so that a test tracing it
knows the trace saw this process.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

import network_audit  # a sibling module: this script's folder is first on sys.path

SETTLE_MS = 500  # let the views fill and the autosave start before closing
GIVE_UP_MS = 120_000


def main() -> None:
    """Open the sample, wait for its analysis, close the window, report."""
    events = network_audit.install()
    from PySide6 import QtCore

    from assistant.ui import app, main_window

    outcome: dict[str, Any] = {"finished": False, "failed": None}
    show = main_window.MainWindow.show

    def shown(window: main_window.MainWindow) -> None:
        show(window)

        def finished(_result: object) -> None:
            outcome["finished"] = True
            QtCore.QTimer.singleShot(SETTLE_MS, window.close)

        def failed(path: str, reason: str) -> None:
            outcome["failed"] = f"{path}: {reason}"
            window.close()

        window.runner.analysis_finished.connect(finished)
        window.runner.analysis_failed.connect(failed)

    main_window.MainWindow.show = shown  # type: ignore[method-assign]
    app.application()
    QtCore.QTimer.singleShot(GIVE_UP_MS, QtCore.QCoreApplication.quit)
    code = app.run(app.sample_paths())
    maps = Path(f"/proc/{os.getpid()}/maps")
    native = "libQt6Network" in maps.read_text() if maps.exists() else None
    outcome |= {
        "code": code,
        "events": list(events),
        "qtnetwork_module": any(name.startswith("PySide6.QtNetwork") for name in sys.modules),
        "qtnetwork_library": native,
    }
    print(json.dumps(outcome), flush=True)
    if len(sys.argv) > 1:
        with socket.socket(socket.AF_UNIX) as canary:
            canary.connect_ex(sys.argv[1])


if __name__ == "__main__":
    main()
