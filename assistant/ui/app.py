"""Start the desktop app: `run(paths)` is what `redline-assistant [open FILES...]` calls."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6 import QtCore, QtGui, QtWidgets

import assistant
from assistant.ui import dialogs, draft_files, main_window

_SHUTDOWN_GRACE_MS = 30000


def sample_paths() -> list[str]:
    """The bundled sample negotiation's drafts, sorted (for `--sample` and `make run`)."""
    return draft_files.sample_paths()


def application() -> QtWidgets.QApplication:
    """The QApplication, created once, with the names QSettings and the desktop use."""
    existing = QtWidgets.QApplication.instance()
    app = (
        existing
        if isinstance(existing, QtWidgets.QApplication)
        else QtWidgets.QApplication(sys.argv[:1])
    )
    app.setApplicationName(dialogs.TITLE)
    app.setApplicationDisplayName(dialogs.TITLE)
    app.setOrganizationName("Redline Assistant")
    app.setApplicationVersion(assistant.__version__)
    app.setDesktopFileName("redline-assistant")
    app.setWindowIcon(QtGui.QIcon.fromTheme("redline-assistant"))  # installed by packaging/
    return app


def run(paths: Sequence[str]) -> int:
    """Show the main window, open the given drafts in the given order, run until it closes."""
    app = application()
    window = main_window.MainWindow()
    window.show()
    # Paint the window before the engine starts loading: its first paint runs Python code (the
    # models' data, the delegates) that would otherwise wait on the engine's imports for the GIL,
    # a stall of about 100 ms just as the window appears.
    app.processEvents()
    if paths:
        QtCore.QTimer.singleShot(0, lambda: window.open_drafts(list(paths)))
    else:
        window.warm_up()
    code = app.exec()
    # A cancelled analysis stops at its next step; let it, so that Python never shuts down under
    # a pool thread that is still running (loading spaCy takes about a second).
    QtCore.QThreadPool.globalInstance().waitForDone(_SHUTDOWN_GRACE_MS)
    return code
