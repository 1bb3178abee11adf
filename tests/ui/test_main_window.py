"""The main window on a fake engine: opening, review keys, sessions, tracker, errors, cancel."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from pytestqt.qtbot import QtBot

from assistant import resources
from assistant.ui import change_model, dialogs, main_window, session, settings
from tests.ui import factories
from tests.ui.conftest import FakeAnalyser, open_and_wait

Key = QtCore.Qt.Key
WindowFactory = Callable[[], main_window.MainWindow]


def _selected_clause(window: main_window.MainWindow) -> str:
    current = window.change_table.currentIndex()
    assert current.isValid()
    return str(current.siblingAtColumn(change_model.Column.CLAUSE).data())


def _press(
    qtbot: QtBot,
    window: main_window.MainWindow,
    key: Key,
    modifier: QtCore.Qt.KeyboardModifier = QtCore.Qt.KeyboardModifier.NoModifier,
) -> None:
    window.activateWindow()
    window.change_table.setFocus()
    qtbot.keyClick(window.change_table, key, modifier)


@pytest.fixture
def dialogs_shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record message boxes instead of blocking on them."""
    shown: list[tuple[str, str]] = []

    def record(_parent: object, title: str, text: str, *_args: object) -> int:
        shown.append((title, text))
        return int(QtWidgets.QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", record)
    return shown


def test_window_starts_empty_titled_and_offline(window: main_window.MainWindow) -> None:
    assert window.windowTitle() == "Redline Assistant"
    assert window.offline_label.text() == "Offline: this app never uses the network"
    assert "Open two or more drafts" in window.redline.toPlainText()
    assert not window.export_action.isEnabled()
    assert window.open_action.shortcut() == QtGui.QKeySequence("Ctrl+O")
    assert window.export_action.shortcut() == QtGui.QKeySequence("Ctrl+E")


def test_opening_shows_the_struck_safeguard_first(
    qtbot: QtBot, window: main_window.MainWindow
) -> None:
    open_and_wait(qtbot, window)
    assert window.change_proxy.rowCount() == 6
    assert _selected_clause(window) == "7.4 → —"
    assert window.change_table.currentIndex().siblingAtColumn(0).data() == "Critical"
    assert factories.BULK in window.redline.toPlainText()
    assert "no equivalent clause remains" in window.details.toPlainText()
    assert window.count_label.text() == "6 of 6 changes shown"
    assert window.drafts_panel.drafts.count() == 3
    assert "v3" in window.drafts_panel.drafts.item(2).text()
    assert "2 revisions" in window.drafts_panel.drafts.item(2).text()
    assert "1 text box" in window.drafts_panel.drafts.item(2).toolTip()
    playbook = window.drafts_panel.playbook  # the newest draft is selected: bulk data is missing
    assert "✗ missing: Bulk-acquired data" in playbook.item(0).text()


def test_f8_steps_through_risky_changes(qtbot: QtBot, window: main_window.MainWindow) -> None:
    open_and_wait(qtbot, window)
    assert _selected_clause(window) == "7.4 → —"
    _press(qtbot, window, Key.Key_F8)
    assert _selected_clause(window) == "7.5"
    _press(qtbot, window, Key.Key_F8)
    assert _selected_clause(window) == "8.1"  # medium
    _press(qtbot, window, Key.Key_F8)
    assert _selected_clause(window) == "8.1"  # nothing risky after it: stays, and says so
    assert "No next change" in window.statusBar().currentMessage()
    _press(qtbot, window, Key.Key_F8, QtCore.Qt.KeyboardModifier.ShiftModifier)
    assert _selected_clause(window) == "7.5"


def test_filters_narrow_the_list(qtbot: QtBot, window: main_window.MainWindow) -> None:
    open_and_wait(qtbot, window)
    window.risk_filter.setCurrentIndex(window.risk_filter.findText("High or higher"))
    assert window.change_proxy.rowCount() == 2
    assert window.count_label.text() == "2 of 6 changes shown"
    window.risk_filter.setCurrentIndex(0)
    window.category_filter.setCurrentIndex(window.category_filter.findText("Audit logging"))
    assert window.change_proxy.rowCount() == 1
    assert _selected_clause(window) == "8.1"


def test_decision_keys_save_the_session_and_it_reopens(
    qtbot: QtBot, make_window: WindowFactory, review: factories.HandReview
) -> None:
    window = make_window()
    open_and_wait(qtbot, window)
    _press(qtbot, window, Key.Key_A)
    assert window.change_table.currentIndex().siblingAtColumn(5).data() == "Accepted"
    assert window.accept_action.isChecked()
    window.review_panel.notes.setPlainText("Fine: covered by §7.2.")
    path = session.file_for(session.session_id(review.drafts))
    key = session.change_keys(review.drafts, review.changes)[0]

    def saved() -> bool:
        if not path.exists():
            return False
        entry = json.loads(path.read_text(encoding="utf-8"))["changes"].get(key, {})
        return bool(entry == {"decision": "accept", "note": "Fine: covered by §7.2."})

    qtbot.waitUntil(saved, timeout=5000)
    _press(qtbot, window, Key.Key_F8)
    _press(qtbot, window, Key.Key_R)
    _press(qtbot, window, Key.Key_Backspace)  # clears again
    assert window.change_table.currentIndex().siblingAtColumn(5).data() == ""
    window.close()

    reopened = make_window()
    open_and_wait(qtbot, reopened)
    assert _selected_clause(reopened) == "7.5"  # where the reviewer left off
    assert reopened.change_table.currentIndex().siblingAtColumn(5).data() == ""
    _press(qtbot, reopened, Key.Key_F8, QtCore.Qt.KeyboardModifier.ShiftModifier)
    assert _selected_clause(reopened) == "7.4 → —"
    assert reopened.change_table.currentIndex().siblingAtColumn(5).data() == "Accepted"
    assert reopened.review_panel.notes.toPlainText() == "Fine: covered by §7.2."
    assert reopened.accept_action.isChecked()


def test_typing_a_note_never_triggers_decision_keys(
    qtbot: QtBot, window: main_window.MainWindow
) -> None:
    open_and_wait(qtbot, window)
    notes = window.review_panel.notes
    window.activateWindow()
    notes.setFocus()
    qtbot.keyClicks(notes, "Ask ARD")
    qtbot.keyClick(notes, Key.Key_Backspace)
    assert notes.toPlainText() == "Ask AR"
    assert window.change_table.currentIndex().siblingAtColumn(5).data() == ""


def test_decision_filter_moves_on_after_deciding(
    qtbot: QtBot, window: main_window.MainWindow
) -> None:
    open_and_wait(qtbot, window)
    window.decision_filter.setCurrentIndex(window.decision_filter.findText("Undecided"))
    _press(qtbot, window, Key.Key_D)
    assert window.change_proxy.rowCount() == 5
    assert _selected_clause(window) == "7.5"  # the next undecided change is ready for review


def test_tracker_cell_selects_its_change(qtbot: QtBot, window: main_window.MainWindow) -> None:
    open_and_wait(qtbot, window)
    model = window.tracker_model
    assert model.rowCount() == 3 and model.columnCount() == 3
    struck = model.index(0, 2)
    assert struck.data() == "✗ struck"
    assert "struck" in struck.data(QtCore.Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, 2).data() == "▼ weakened"
    assert model.headerData(2, QtCore.Qt.Orientation.Horizontal) == "v3"
    assert model.headerData(0, QtCore.Qt.Orientation.Vertical) == "Bulk-acquired data"
    # Filters that hide the change are cleared so that it can be shown.
    window.risk_filter.setCurrentIndex(window.risk_filter.findText("Critical only"))
    window.show_tracker_action.trigger()
    window.tracker_view.setCurrentIndex(model.index(2, 1))  # audit logging weakened in v2
    qtbot.keyClick(window.tracker_view, Key.Key_Return)  # activates, like a double-click
    assert window.tabs.currentWidget() is not window.tracker_view
    assert _selected_clause(window) == "8.1"
    assert window.risk_filter.currentIndex() == 0


def test_unreadable_draft_gives_one_dialog_and_the_rest_stays_open(
    qtbot: QtBot,
    window: main_window.MainWindow,
    analyser: FakeAnalyser,
    dialogs_shown: list[tuple[str, str]],
) -> None:
    paths = [*factories.PATHS, "/negotiation/unreadable-v4.docx"]
    with qtbot.waitSignal(window.runner.analysis_finished, timeout=10000):
        window.open_drafts(paths)
    assert len(dialogs_shown) == 1
    title, text = dialogs_shown[0]
    assert "cannot read" in title and "unreadable-v4.docx cannot be read" in text
    assert window.isVisible()
    assert window.paths == list(factories.PATHS)
    assert analyser.calls[-1] == factories.PATHS
    assert window.change_proxy.rowCount() == 6


def test_internal_error_is_one_dialog_and_the_window_stays(
    qtbot: QtBot,
    window: main_window.MainWindow,
    analyser: FakeAnalyser,
    dialogs_shown: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object) -> None:
        raise KeyError("7")

    monkeypatch.setattr(analyser, "analyse", broken)
    with qtbot.waitSignal(window.runner.analysis_failed, timeout=10000):
        window.open_drafts(factories.PATHS)
    assert len(dialogs_shown) == 1
    assert "internal error: KeyError" in dialogs_shown[0][1]
    assert window.isVisible() and "The analysis failed" in window.redline.toPlainText()


def test_cancel_leaves_the_window_usable(
    qtbot: QtBot, window: main_window.MainWindow, analyser: FakeAnalyser
) -> None:
    analyser.release.clear()
    with qtbot.waitSignal(window.runner.progressed, timeout=10000):
        window.open_drafts(factories.PATHS)
    assert window.cancel_button.isVisible()
    with qtbot.waitSignal(window.runner.analysis_cancelled, timeout=1000):
        qtbot.mouseClick(window.cancel_button, QtCore.Qt.MouseButton.LeftButton)
    assert not window.cancel_button.isVisible()
    assert "Analysis cancelled" in window.redline.toPlainText()
    with qtbot.assertNotEmitted(window.runner.analysis_finished, wait=200):
        analyser.release.set()  # the abandoned analysis finishes; its result is dropped
    open_and_wait(qtbot, window)  # and the window still works
    assert window.change_proxy.rowCount() == 6


def test_reordering_drafts_reanalyses_in_the_new_order(
    qtbot: QtBot, window: main_window.MainWindow, analyser: FakeAnalyser
) -> None:
    open_and_wait(qtbot, window)
    window.drafts_panel.drafts.setCurrentRow(2)
    with qtbot.waitSignal(window.runner.analysis_finished, timeout=10000):
        window.drafts_panel.move_up.click()
    assert analyser.calls[-1] == (factories.PATHS[0], factories.PATHS[2], factories.PATHS[1])


def test_dropped_files_are_added_in_version_order(
    qtbot: QtBot, window: main_window.MainWindow, analyser: FakeAnalyser, tmp_path: Path
) -> None:
    open_and_wait(qtbot, window, factories.PATHS[:1])
    later = [str(tmp_path / "agreement-v3.md"), str(tmp_path / "agreement-v2.md")]
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(p) for p in later])
    drop = QtGui.QDropEvent(
        QtCore.QPointF(10, 10),
        QtCore.Qt.DropAction.CopyAction,
        mime,
        QtCore.Qt.MouseButton.LeftButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.runner.analysis_finished, timeout=10000):
        window.dropEvent(drop)
    assert analyser.calls[-1] == (factories.PATHS[0], later[1], later[0])


def test_recent_negotiations_reopen(qtbot: QtBot, window: main_window.MainWindow) -> None:
    open_and_wait(qtbot, window)
    window.recent_menu.aboutToShow.emit()
    entries = window.recent_menu.actions()
    assert entries[0].text() == "agreement-v1.docx, agreement-v2.docx, agreement-v3.docx"
    with qtbot.waitSignal(window.runner.analysis_finished, timeout=10000):
        entries[0].trigger()
    assert window.paths == list(factories.PATHS)


def test_layout_is_restored(qtbot: QtBot, make_window: WindowFactory) -> None:
    first = make_window()
    first.resize(1000, 700)
    first.main_splitter.setSizes([100, 500, 300])
    first.close()
    store = settings.open_settings()
    assert isinstance(store.value("window/geometry"), QtCore.QByteArray)
    second = make_window()  # (the offscreen screen is too small to check the restored size)
    assert second.main_splitter.sizes()[0] == first.main_splitter.sizes()[0]


def test_about_names_the_versions() -> None:
    text = dialogs.about_html()
    for name in ("Redline Assistant", "Qt", "PySide6", "spaCy"):
        assert f"<td>{name}</td>" in text
    assert "never uses the network" in text
    assert "<td>Pipeline redline_en</td><td>0.1.0 (manifest " in text
    assert "<td>Pipeline redline_cats</td>" in text
    link = QtCore.QUrl(text.split('<a href="')[1].split('"')[0])
    assert link.isLocalFile() and Path(link.toLocalFile()).name == "detection.md"
    assert "| **macro** |" in Path(link.toLocalFile()).read_text(encoding="utf-8")


def test_decisions_are_audited(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Every decision is a record in the verified audit log."""
    from assistant.review import audit

    window = make_window()
    open_and_wait(qtbot, window)
    before = audit.verify().records
    _press(qtbot, window, Key.Key_A)
    _press(qtbot, window, Key.Key_Backspace)
    result = audit.verify()
    assert result.ok and result.records == before + 2


def test_unrecorded_decision_is_refused(
    qtbot: QtBot, make_window: WindowFactory, dialogs_shown: list[tuple[str, str]]
) -> None:
    """If the audit log cannot be written, the decision is not taken and the user is told."""
    from assistant import resources
    from assistant.review import audit

    window = make_window()
    open_and_wait(qtbot, window)
    log = resources.data_home() / audit.LOG_NAME
    log.unlink(missing_ok=True)
    log.mkdir()  # a folder where the log should be: no record can be written
    _press(qtbot, window, Key.Key_A)
    assert window.change_table.currentIndex().siblingAtColumn(5).data() == ""
    assert len(dialogs_shown) == 1 and "audit log" in dialogs_shown[0][1]


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_export_writes_the_file_with_decisions_and_audits_it(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    from assistant.review import audit

    window = make_window()
    open_and_wait(qtbot, window)
    assert window.export_action.isEnabled()
    _press(qtbot, window, Key.Key_R)
    target = tmp_path / f"out.{fmt}"
    monkeypatch.setattr(dialogs, "ask_export_target", lambda *_: (str(target), fmt))
    window.export_action.trigger()
    assert target.is_file() and target.stat().st_size > 0
    if fmt == "html":
        assert "decision: reject" in target.read_text(encoding="utf-8")
    assert audit.verify().ok
    log = (resources.data_home() / audit.LOG_NAME).read_text(encoding="utf-8")
    assert '"exported"' in log


def test_saved_session_reopens_elsewhere(
    qtbot: QtBot,
    make_window: WindowFactory,
    review: factories.HandReview,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Save Session As writes a copy that restores decisions after the local one is gone."""
    window = make_window()
    open_and_wait(qtbot, window)
    _press(qtbot, window, Key.Key_D)
    copy = tmp_path / "negotiation.redline-session.json"
    monkeypatch.setattr(dialogs, "ask_session_target", lambda *_: str(copy))
    window.save_session_action.trigger()
    assert copy.is_file()
    window.close()
    session.file_for(session.session_id(review.drafts)).unlink(missing_ok=True)

    reopened = make_window()
    monkeypatch.setattr(dialogs, "ask_session_file", lambda *_: str(copy))
    with qtbot.waitSignal(reopened.runner.analysis_finished, timeout=10000):
        reopened.open_session_action.trigger()
    assert reopened.paths == [d.path for d in review.drafts]
    assert reopened.change_table.currentIndex().siblingAtColumn(5).data() == "To discuss"


def test_newer_session_is_shown_read_only_and_left_untouched(
    qtbot: QtBot,
    make_window: WindowFactory,
    review: factories.HandReview,
    dialogs_shown: list[tuple[str, str]],
) -> None:
    key = session.change_keys(review.drafts, review.changes)[0]
    path = session.file_for(session.session_id(review.drafts))
    path.parent.mkdir(parents=True)
    newer = {
        "format": "redline-assistant/session@2",
        "id": session.session_id(review.drafts),
        "revision": 3,
        "drafts": [{"label": d.label, "path": d.path, "sha256": d.sha256} for d in review.drafts],
        "changes": {key: {"decision": "reject", "note": "Escalate to the board."}},
        "signatures": {"legal": "…"},
    }
    path.write_text(json.dumps(newer), encoding="utf-8")
    before = path.read_bytes()
    window = make_window()
    open_and_wait(qtbot, window)
    assert window.notice.isVisible()
    assert "newer version of Redline Assistant" in window.notice.text.text()
    assert window.read_only_label.isVisible()
    assert _selected_clause(window) == "7.4 → —"
    assert window.change_table.currentIndex().siblingAtColumn(5).data() == "Rejected"
    notes = window.review_panel.notes
    assert notes.toPlainText() == "Escalate to the board." and notes.isReadOnly()
    assert not window.accept_action.isEnabled() and not window.clear_action.isEnabled()
    assert not window.save_session_action.isEnabled()
    _press(qtbot, window, Key.Key_A)
    _press(qtbot, window, Key.Key_F8)  # moving on is allowed; it is just never saved
    window.activateWindow()
    notes.setFocus()
    qtbot.keyClicks(notes, "mine")
    assert window.change_proxy.index(0, 5).data() == "Rejected"
    qtbot.wait(200)  # several autosave intervals of the test window
    window.close()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    assert dialogs_shown == []


class FullDisk:
    """Stands in for `session.write`: fails like a full disk until `full` is cleared."""

    def __init__(self) -> None:
        self.full = True
        self._write = session.write

    def __call__(self, snapshot: dict[str, object], path: Path) -> bool:
        if self.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return self._write(snapshot, path)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> FullDisk:
    """Session saves fail with ENOSPC until the test frees the disk."""
    disk = FullDisk()
    monkeypatch.setattr(session, "write", disk)
    return disk


def test_full_disk_is_reported_once_and_saving_resumes(
    qtbot: QtBot,
    make_window: WindowFactory,
    review: factories.HandReview,
    full_disk: FullDisk,
    dialogs_shown: list[tuple[str, str]],
) -> None:
    window = make_window()
    open_and_wait(qtbot, window)
    saver = window.saver
    with qtbot.waitSignal(saver.session_save_failed, timeout=5000):
        _press(qtbot, window, Key.Key_R)
    assert window.notice.isVisible()
    message = window.notice.text.text()
    assert "No space left on device" in message and "kept in this window" in message
    with qtbot.waitSignal(saver.session_save_failed, timeout=5000):
        _press(qtbot, window, Key.Key_F8)
        _press(qtbot, window, Key.Key_D)
    assert window.notice.text.text() == message  # one message, not one per attempt
    assert dialogs_shown == []
    assert window.change_proxy.index(0, 5).data() == "Rejected"  # nothing undone in memory
    full_disk.full = False
    with qtbot.waitSignal(saver.session_saved, timeout=5000):
        _press(qtbot, window, Key.Key_A)  # the next change retries, and it works
    assert not window.notice.isVisible()
    saved = session.read(session.file_for(session.session_id(review.drafts)))
    assert sorted(d.value for d in saved.decisions.values()) == ["accept", "reject"]


def test_closing_with_an_unsaved_session_asks_first(
    qtbot: QtBot,
    make_window: WindowFactory,
    full_disk: FullDisk,
    dialogs_shown: list[tuple[str, str]],
) -> None:
    window = make_window()
    open_and_wait(qtbot, window)
    with qtbot.waitSignal(window.saver.session_save_failed, timeout=5000):
        _press(qtbot, window, Key.Key_R)
    window.close()  # the recorded answer (Ok) is not Discard: the window stays
    assert window.isVisible()
    assert len(dialogs_shown) == 1 and "not saved" in dialogs_shown[0][0]
    full_disk.full = False
    window.close()  # the save on closing now works: no question
    assert not window.isVisible() and len(dialogs_shown) == 1


def test_escape_cancels_the_analysis(
    qtbot: QtBot, window: main_window.MainWindow, analyser: FakeAnalyser
) -> None:
    assert not window.cancel_action.isEnabled()
    analyser.release.clear()
    with qtbot.waitSignal(window.runner.progressed, timeout=10000):
        window.open_drafts(factories.PATHS)
    window.activateWindow()
    with qtbot.waitSignal(window.runner.analysis_cancelled, timeout=1000):
        qtbot.keyClick(window.change_table, Key.Key_Escape)
    assert not window.cancel_button.isVisible() and not window.cancel_action.isEnabled()
    analyser.release.set()


def test_main_widgets_have_accessible_names_and_descriptions(
    qtbot: QtBot, window: main_window.MainWindow
) -> None:
    open_and_wait(qtbot, window)
    widgets = [
        window.drafts_panel.drafts,
        window.drafts_panel.playbook,
        window.change_table,
        window.tracker_view,
        window.redline,
        window.details,
        window.review_panel.notes,
        *window.review_panel.buttons,
    ]
    for widget in widgets:
        assert widget.accessibleName(), widget.objectName()
        assert widget.accessibleDescription(), widget.accessibleName()
    names = [b.accessibleName() for b in window.review_panel.buttons]
    assert names == ["Accept", "Reject", "Discuss", "Clear Decision"]
    for combo in (window.risk_filter, window.category_filter, window.decision_filter):
        assert combo.accessibleName().endswith("filter")


def test_tab_moves_through_the_panes_in_reading_order(
    qtbot: QtBot, window: main_window.MainWindow
) -> None:
    open_and_wait(qtbot, window)
    _press(qtbot, window, Key.Key_R)  # a decision, so that Clear Decision takes part too
    window.activateWindow()
    window.drafts_panel.drafts.setFocus()
    visited: list[QtWidgets.QWidget] = []
    for _ in range(30):
        focused = QtWidgets.QApplication.focusWidget()
        assert focused is not None
        if focused in visited:
            break
        visited.append(focused)
        qtbot.keyClick(focused, Key.Key_Tab)
    panes = [
        window.drafts_panel.drafts,
        window.drafts_panel.playbook,
        window.risk_filter,
        window.change_table,
        window.redline,
        window.details,
        *window.review_panel.buttons,
        window.review_panel.notes,
    ]
    assert [w for w in visited if w in panes] == panes
    assert visited[-1] is window.review_panel.notes  # and Tab from the notes goes round
    assert QtWidgets.QApplication.focusWidget() is window.drafts_panel.drafts
