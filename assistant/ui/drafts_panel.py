"""The drafts panel: the drafts in order (reorderable); for the selected one, its playbook status,
what the reader could not analyse, and the comments in the file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6 import QtCore, QtGui, QtWidgets

from assistant import model
from assistant.ui import appearance, draft_files

_PATH_ROLE = QtCore.Qt.ItemDataRole.UserRole
_PLAYBOOK_TITLE = "Playbook, coverage, comments"

_PLAYBOOK_SYMBOLS = {
    model.PlaybookStatus.MISSING: "✗ missing",
    model.PlaybookStatus.WEAK: "▼ weak",
    model.PlaybookStatus.PRESENT: "✓ present",
}


def draft_summary(draft: model.Draft) -> str:
    """Two lines for the list: label and revision count, then the file name."""
    count = draft.revisions
    marks = f"{count} revision{'s' if count != 1 else ''}" if count else "no revision marks"
    return f"{draft.label} · {marks}\n{draft_files.display_name(draft.path)}"


_VIEW_WORDS = {
    model.View.CURRENT: "current view (tracked changes accepted)",
    model.View.ORIGINAL: "original view (tracked changes rejected)",
}


def draft_tooltip(draft: model.Draft) -> str:
    """The full path, the file's fingerprint, and whatever the reader could not analyse."""
    lines = [
        draft.path,
        f"SHA-256 {draft.sha256}",
        f"{_VIEW_WORDS[draft.view].capitalize()} · {len(draft.clauses)} clauses · "
        f"{len(draft.findings)} safeguard sentences found",
    ]
    lines += [f"Not analysed: {note}" for note in draft.coverage.not_analysed]
    lines += [f"Warning: {note}" for note in draft.coverage.warnings]
    return "\n".join(lines)


def playbook_lines(draft: model.Draft, labels: Mapping[str, str]) -> list[str]:
    """A draft against the playbook (missing and weak first), its coverage notes, its comments."""
    ranked = sorted(draft.playbook, key=lambda e: e.status is model.PlaybookStatus.PRESENT)
    lines = [
        f"{_PLAYBOOK_SYMBOLS[entry.status]}: "
        f"{appearance.category_label(labels, entry.category)}"
        + (f" (§{', §'.join(entry.refs)})" if entry.refs else "")
        + ("" if entry.status is model.PlaybookStatus.PRESENT else f": {entry.message}")
        for entry in ranked
    ]
    lines += [f"Not analysed: {note}" for note in draft.coverage.not_analysed]
    lines += [f"Warning: {note}" for note in draft.coverage.warnings]
    lines += [
        f"Comment by {c.author or 'an unknown author'}"
        + (f" ({appearance.when(c.date)})" if c.date else "")
        + f": {c.text}"
        for c in draft.comments
    ]
    return lines


class DraftList(QtWidgets.QListWidget):
    """A list whose items the user reorders by dragging; reports the drop as `reordered`."""

    reordered = QtCore.Signal()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:  # noqa: N802
        """Let Qt move the item, then say so (Qt's own move signals vary between versions)."""
        before = [self.item(i).data(_PATH_ROLE) for i in range(self.count())]
        super().dropEvent(event)
        after = [self.item(i).data(_PATH_ROLE) for i in range(self.count())]
        if after != before:
            self.reordered.emit()


class DraftsPanel(QtWidgets.QWidget):
    """Lists the drafts; dragging or the move buttons reorder them, which re-runs the analysis."""

    order_changed = QtCore.Signal(list)  # the files, in the new order
    draft_selected = QtCore.Signal(int)  # index into the review's drafts (-1: none)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.drafts = DraftList()
        self.drafts.setObjectName("drafts")
        self.drafts.setAccessibleName("Drafts, oldest first")
        self.drafts.setAccessibleDescription(
            "The drafts of the negotiation in order; Move up and Move down reorder them"
        )
        self.drafts.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.InternalMove)
        self.drafts.setDefaultDropAction(QtCore.Qt.DropAction.MoveAction)
        self.drafts.setWordWrap(True)
        self.drafts.setSpacing(2)
        self.move_up = QtWidgets.QPushButton("Move up")
        self.move_down = QtWidgets.QPushButton("Move down")
        for button, tip in ((self.move_up, "earlier"), (self.move_down, "later")):
            button.setToolTip(f"Make the selected draft {tip} in the negotiation")
            button.setAccessibleDescription(button.toolTip())
        self.playbook = QtWidgets.QListWidget()
        self.playbook.setObjectName("playbook")
        self.playbook.setAccessibleName("Playbook status, coverage and comments of the draft")
        self.playbook.setAccessibleDescription(
            "Required safeguards, comments and what could not be analysed in the selected draft"
        )
        self.playbook.setWordWrap(True)
        # Wrapped entries must not run into each other. (Not with setSpacing: Qt then cuts
        # entries that wrap to three lines short.)
        self.playbook.setAlternatingRowColors(True)
        # Re-wrap when the width changes (a scroll bar appears, the splitter moves): without it
        # Qt keeps the first wrap and cuts long entries short.
        self.playbook.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        self.playbook_title = QtWidgets.QLabel(_PLAYBOOK_TITLE)
        moves = QtWidgets.QHBoxLayout()
        moves.addWidget(self.move_up)
        moves.addWidget(self.move_down)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(QtWidgets.QLabel("Drafts"))
        layout.addWidget(self.drafts, 3)
        layout.addLayout(moves)
        layout.addWidget(self.playbook_title)
        layout.addWidget(self.playbook, 2)
        self._labels: Mapping[str, str] = {}
        self._shown: tuple[model.Draft, ...] = ()
        self._connect_signals()
        self._update_buttons()

    def _connect_signals(self) -> None:
        self.move_up.clicked.connect(self._on_move_up_clicked)
        self.move_down.clicked.connect(self._on_move_down_clicked)
        self.drafts.reordered.connect(self._on_drafts_reordered)
        self.drafts.currentRowChanged.connect(self._on_drafts_current_row_changed)

    def show_pending(self, paths: Sequence[str]) -> None:
        """List files whose analysis has not finished yet."""
        self._shown = ()
        self._fill([(draft_files.display_name(p) + "\nreading…", p, p) for p in paths])
        self.playbook.clear()

    def show_drafts(self, drafts: Sequence[model.Draft], labels: Mapping[str, str]) -> None:
        """List analysed drafts and select the newest (whose playbook status matters most)."""
        self._shown, self._labels = tuple(drafts), labels
        self._fill([(draft_summary(d), draft_tooltip(d), d.path) for d in drafts])
        self.drafts.setCurrentRow(len(drafts) - 1)

    def paths(self) -> list[str]:
        """The files in list order, each once (a tracked file's two views are one file)."""
        items = (self.drafts.item(i) for i in range(self.drafts.count()))
        return list(dict.fromkeys(str(item.data(_PATH_ROLE)) for item in items))

    def _fill(self, rows: Sequence[tuple[str, str, str]]) -> None:
        blocked = self.drafts.blockSignals(True)
        self.drafts.clear()
        for text, tooltip, path in rows:
            item = QtWidgets.QListWidgetItem(text)
            item.setToolTip(tooltip)
            item.setData(_PATH_ROLE, path)
            self.drafts.addItem(item)
        self.drafts.blockSignals(blocked)
        self._update_buttons()

    def _show_playbook(self, row: int) -> None:
        self.playbook.clear()
        if not 0 <= row < len(self._shown):
            self.playbook_title.setText(_PLAYBOOK_TITLE)
            return
        draft = self._shown[row]
        self.playbook_title.setText(f"{_PLAYBOOK_TITLE}: {draft.label}")
        self.playbook.addItems(playbook_lines(draft, self._labels))

    def _move(self, step: int) -> None:
        row = self.drafts.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.drafts.count():
            return
        blocked = self.drafts.blockSignals(True)
        item = self.drafts.takeItem(row)
        self.drafts.insertItem(target, item)
        self.drafts.setCurrentRow(target)
        self.drafts.blockSignals(blocked)
        self._reordered()

    def _reordered(self) -> None:
        """The analysed drafts no longer match the rows: forget them until the new analysis."""
        self._shown = ()
        self._show_playbook(-1)
        self.order_changed.emit(self.paths())

    def _update_buttons(self) -> None:
        movable = len(self.paths()) > 1
        self.move_up.setEnabled(movable)
        self.move_down.setEnabled(movable)

    def _on_move_up_clicked(self) -> None:
        self._move(-1)

    def _on_move_down_clicked(self) -> None:
        self._move(1)

    def _on_drafts_reordered(self) -> None:
        self._reordered()

    def _on_drafts_current_row_changed(self, row: int) -> None:
        self._show_playbook(row)
        self.draft_selected.emit(row)
