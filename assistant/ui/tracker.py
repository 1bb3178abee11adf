"""The safeguard tracker: safeguard categories × drafts, each cell what became of the safeguard."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from assistant import model
from assistant.ui import appearance, outcome

_Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex
_ROLE = QtCore.Qt.ItemDataRole

_STATE_HELP: Mapping[model.Presence, str] = {
    model.Presence.PRESENT: "present",
    model.Presence.WEAKENED: "weakened by a change in this draft",
    model.Presence.STRUCK: "struck: present before, gone in this draft",
    model.Presence.REINSTATED: "reinstated after having been struck",
    model.Presence.ABSENT: "absent",
}


_NEEDS_ATTENTION = (model.Presence.STRUCK, model.Presence.WEAKENED)


def cell_tooltip(cell: model.LineageCell, category: str, draft: str) -> str:
    """Plain words for one cell, including where the safeguard sits and what explains it."""
    lines = [f"{category} in {draft}: {_STATE_HELP[cell.state]}"]
    if cell.refs:
        lines.append("Found in §" + ", §".join(cell.refs))
    if cell.changes:
        count = len(cell.changes)
        lines.append(f"{count} related change{'s' if count > 1 else ''}: activate to show it")
    return "\n".join(lines)


class SafeguardTrackerModel(QtCore.QAbstractTableModel):
    """Rows are safeguard categories, columns are drafts; cells are lineage cells."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[tuple[model.LineageCell, ...], ...] = ()
        self._drafts: tuple[model.Draft, ...] = ()
        self._labels: Mapping[str, str] = {}

    def show_review(self, review: outcome.Review, labels: Mapping[str, str]) -> None:
        """Show a review's lineage."""
        self.beginResetModel()
        self._rows, self._drafts, self._labels = review.lineage, review.drafts, labels
        self.endResetModel()

    def clear(self) -> None:
        """Show nothing."""
        self.beginResetModel()
        self._rows, self._drafts = (), ()
        self.endResetModel()

    def cell(self, index: _Index) -> model.LineageCell | None:
        """The lineage cell at an index, if valid."""
        if not index.isValid():
            return None
        return self._rows[index.row()][index.column()]

    def rowCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008, N802
        """Number of safeguard categories tracked."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008, N802
        """Number of drafts."""
        return 0 if parent.isValid() else len(self._drafts)

    def headerData(  # noqa: N802
        self, section: int, orientation: QtCore.Qt.Orientation, role: int = _ROLE.DisplayRole
    ) -> Any:
        """Draft labels across, category labels down."""
        if role not in (_ROLE.DisplayRole, _ROLE.ToolTipRole):
            return None
        if orientation is QtCore.Qt.Orientation.Horizontal:
            draft = self._drafts[section]
            return draft.label if role == _ROLE.DisplayRole else draft.path
        return self._category_label(section)

    def data(self, index: _Index, role: int = _ROLE.DisplayRole) -> Any:
        """Symbol and word, a colour for states needing attention, and an explaining tooltip."""
        cell = self.cell(index)
        if cell is None:
            return None
        if role in (_ROLE.DisplayRole, _ROLE.AccessibleTextRole):
            return appearance.presence_text(cell.state)
        if role == _ROLE.ToolTipRole:
            draft = self._drafts[cell.draft].label
            return cell_tooltip(cell, self._category_label(index.row()), draft)
        if role == _ROLE.ForegroundRole:
            return appearance.presence_colour(cell.state, QtGui.QGuiApplication.palette())
        if role == _ROLE.FontRole and cell.state in _NEEDS_ATTENTION:
            font = QtGui.QFont()
            font.setBold(True)
            return font
        if role == _ROLE.TextAlignmentRole:
            return QtCore.Qt.AlignmentFlag.AlignCenter
        return None

    def _category_label(self, row: int) -> str:
        return appearance.category_label(self._labels, self._rows[row][0].category)


class SafeguardTrackerView(QtWidgets.QTableView):
    """The tracker table: one cell selectable; activation (double-click, Enter) shows its change."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tracker")
        self.setAccessibleName("Safeguard tracker")
        self.setAccessibleDescription(
            "Safeguard categories down, drafts across: what became of each safeguard in each "
            "draft. Enter on a cell shows the change that explains it."
        )
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move in it
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(
            QtWidgets.QHeaderView.ResizeMode.ResizeToContents
        )
