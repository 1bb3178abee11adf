"""`make screenshot`: the main window on the sample negotiation, saved as a PNG for the docs.

Run as `python -m tests.ui.screenshot [--dark] [OUT.png]`; renders offscreen (no display needed)
with a throwaway data folder, so no real session or audit log is touched. `--dark` gives the app
the palette of a desktop set to dark mode (Fusion style, as the offscreen platform has no theme).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6 import QtGui

_DEFAULT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"

# Roughly what KDE Breeze Dark and GNOME's Adwaita dark hand to Qt.
_DARK = {
    "Window": "#2b2b2b",
    "WindowText": "#e6e6e6",
    "Base": "#1f1f1f",
    "AlternateBase": "#2a2a2a",
    "ToolTipBase": "#3a3a3a",
    "ToolTipText": "#e6e6e6",
    "PlaceholderText": "#8c8c8c",
    "Text": "#e6e6e6",
    "Button": "#353535",
    "ButtonText": "#e6e6e6",
    "BrightText": "#ff6e6e",
    "Light": "#454545",
    "Midlight": "#3a3a3a",
    "Mid": "#2f2f2f",
    "Dark": "#1a1a1a",
    "Shadow": "#000000",
    "Highlight": "#3d6fb4",
    "HighlightedText": "#ffffff",
    "Link": "#8ab4f8",
    "LinkVisited": "#c58af9",
}


def dark_palette() -> QtGui.QPalette:
    """A dark desktop palette (disabled text dimmed, as real themes do)."""
    from PySide6 import QtGui

    palette = QtGui.QPalette()
    for role, colour in _DARK.items():
        palette.setColor(QtGui.QPalette.ColorRole[role], QtGui.QColor(colour))
    disabled = QtGui.QPalette.ColorGroup.Disabled
    for role in ("WindowText", "Text", "ButtonText"):
        palette.setColor(disabled, QtGui.QPalette.ColorRole[role], QtGui.QColor("#7a7a7a"))
    return palette


def main(argv: list[str]) -> int:
    """Open the sample, wait for the analysis, save the window; exit 1 if it never finished."""
    dark = "--dark" in argv
    paths = [a for a in argv if a != "--dark"]
    target = Path(paths[0]) if paths else _DEFAULT
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["REDLINE_ASSISTANT_HOME"] = tempfile.mkdtemp(prefix="redline-shot-")
    from PySide6 import QtCore

    from assistant.ui import app, main_window

    application = app.application()
    if dark:
        application.setStyle("Fusion")
        application.setPalette(dark_palette())
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
