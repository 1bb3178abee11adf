"""Drives the real app in a child process for the kill -9 test: reviews, then waits to be killed.

`python -m tests.ui.session_probe work DRAFT...` opens the drafts in a main window on the real
engine and reviews the way a user does (keys on the change list, typing in the notes); once the
app says the session is saved it keeps typing, prints "ready" and runs until it is killed.
`python -m tests.ui.session_probe report DRAFT...` opens the same drafts in a fresh window and
prints what the reviewer sees: the selected change and each row's decision and note.
Every line printed is one JSON object. Nothing here reaches into the app's internals.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore, QtTest, QtWidgets

from assistant.ui import app, change_model, main_window

Key = QtCore.Qt.Key
NOTE_TOP = "Reinstate the bulk-data ban."
NOTE_THIRD = "Fine as drafted."
SAVED = "Review session saved."
TYPING_MS = 150  # one keystroke per tick while the kill may come
_TIMEOUT_MS = 90_000


def _say(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


def _wait(application: QtWidgets.QApplication, done: Callable[[], bool], what: str) -> None:
    deadline = QtCore.QDeadlineTimer(_TIMEOUT_MS)
    while not done():
        if deadline.hasExpired():
            _say(error=f"timed out waiting for {what}")
            sys.exit(1)
        application.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _opened(paths: list[str]) -> tuple[QtWidgets.QApplication, main_window.MainWindow, float]:
    """A shown window with the drafts analysed, and how long that took in seconds."""
    started = time.monotonic()
    application = app.application()
    window = main_window.MainWindow()
    window.show()
    finished: list[bool] = []
    window.runner.analysis_finished.connect(lambda _result: finished.append(True))
    window.runner.analysis_failed.connect(lambda path, reason: _say(error=f"{path}: {reason}"))
    window.open_drafts(paths)
    _wait(application, lambda: bool(finished), "the analysis")
    window.activateWindow()
    return application, window, time.monotonic() - started


def row_id(window: main_window.MainWindow, row: int) -> str:
    """What tells one row from another for a reader: every column but the decision."""
    columns = [c for c in change_model.Column if c is not change_model.Column.DECISION]
    return " | ".join(str(window.change_proxy.index(row, c).data()) for c in columns)


def _press(window: main_window.MainWindow, key: Key) -> None:
    window.change_table.setFocus()
    QtTest.QTest.keyClick(window.change_table, key)


def _type(window: main_window.MainWindow, text: str) -> None:
    notes = window.review_panel.notes
    notes.setFocus()
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    QtTest.QTest.keyClicks(notes, text)


def work(paths: list[str]) -> int:
    """Review three changes, wait for the autosave, then keep typing until killed."""
    application, window, _seconds = _opened(paths)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    # One burst, with no event loop in between: one autosave must catch all of it.
    _press(window, Key.Key_R)
    _type(window, NOTE_TOP)
    _press(window, Key.Key_Down)
    _press(window, Key.Key_D)
    _press(window, Key.Key_Down)
    _press(window, Key.Key_A)
    _type(window, NOTE_THIRD)
    decided = [
        {"row": row_id(window, r), "decision": window.change_proxy.index(r, 5).data()}
        for r in range(3)
    ]
    burst = time.monotonic()
    _say(decided=decided, notes={decided[0]["row"]: NOTE_TOP, decided[2]["row"]: NOTE_THIRD})
    _wait(application, lambda: SAVED in messages, "the autosave")
    _say(saved_after_s=round(time.monotonic() - burst, 3))
    typed: list[str] = []

    def keystroke() -> None:
        typed.append(str(len(typed) % 10))
        _type(window, typed[-1])

    typing = QtCore.QTimer()
    typing.timeout.connect(keystroke)
    typing.start(TYPING_MS)
    messages.clear()
    _wait(application, lambda: SAVED in messages, "an autosave while typing")
    _say(ready=True)
    return application.exec()  # until the kill


def report(paths: list[str]) -> int:
    """Print what a fresh window shows for the drafts: selection, decisions, notes."""
    application, window, seconds = _opened(paths)
    current = window.change_table.currentIndex()
    selected = row_id(window, current.row()) if current.isValid() else None
    rows = []
    for row in range(window.change_proxy.rowCount()):
        window.change_table.setCurrentIndex(window.change_proxy.index(row, 0))
        decision = window.change_proxy.index(row, change_model.Column.DECISION).data()
        note = window.review_panel.notes.toPlainText()
        if decision or note:
            rows.append({"row": row_id(window, row), "decision": decision, "note": note})
    _say(selected=selected, rows=rows, reopened_in_s=round(seconds, 3))
    window.close()
    application.processEvents()
    return 0


if __name__ == "__main__":
    mode, *drafts = sys.argv[1:]
    sys.exit(work(drafts) if mode == "work" else report(drafts))
