"""`make screenshot`: the main window on the sample negotiation, saved as a PNG for the docs.

Run as `python -m tests.ui.screenshot [OUT.png]`; renders offscreen (no display needed) with a
throwaway data folder, so no real session or audit log is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

_DEFAULT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"


def main(argv: list[str]) -> int:
    """Open the sample, wait for the analysis, save the window; exit 1 if it never finished."""
    target = Path(argv[0]) if argv else _DEFAULT
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["REDLINE_ASSISTANT_HOME"] = tempfile.mkdtemp(prefix="redline-shot-")
    from PySide6 import QtCore

    from assistant.ui import app, main_window

    application = app.application()
    window = main_window.MainWindow()
    window.resize(1400, 860)
    window.show()
    finished: list[bool] = []
    window.runner.analysis_finished.connect(lambda *_: finished.append(True))
    window.open_drafts(app.sample_paths())
    deadline = QtCore.QDeadlineTimer(60_000)
    while not finished and not deadline.hasExpired():
        application.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 50)
    if not finished:
        print("screenshot: the analysis did not finish within 60 s", file=sys.stderr)
        return 1
    application.processEvents()
    target.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(target))
    print(f"screenshot: {target}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
