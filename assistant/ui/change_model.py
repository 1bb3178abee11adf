"""The change list: a table model over the changes of a review, and its filtering proxy."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import IntEnum
from typing import Any

from PySide6 import QtCore

from assistant import model
from assistant.ui import appearance, outcome, session

_Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex
_ROLE = QtCore.Qt.ItemDataRole


class Column(IntEnum):
    """The columns of the change list, in display order."""

    RISK = 0
    KIND = 1
    CLAUSE = 2
    CATEGORIES = 3
    DRAFTS = 4
    DECISION = 5


_HEADERS = {
    Column.RISK: "Risk",
    Column.KIND: "Change",
    Column.CLAUSE: "Clause",
    Column.CATEGORIES: "Categories",
    Column.DRAFTS: "Drafts",
    Column.DECISION: "Decision",
}

DECISION_WORDS: Mapping[session.Decision, str] = {
    session.Decision.ACCEPT: "Accepted",
    session.Decision.REJECT: "Rejected",
    session.Decision.DISCUSS: "To discuss",
}

UNDECIDED = "undecided"  # the decision filter's value for changes without a decision


def clause_refs(clauses: tuple[model.Clause, ...]) -> str:
    """References of one side of a change ("7.4", "3.1 + 3.2", "—" when the side is empty)."""
    if not clauses:
        return "—"
    return " + ".join(c.ref or (c.heading[-1] if c.heading else "unnumbered") for c in clauses)


def clause_text(change: model.Change) -> str:
    """The clause column: old reference → new reference."""
    old, new = clause_refs(change.old), clause_refs(change.new)
    return old if old == new else f"{old} → {new}"


class ChangeListModel(QtCore.QAbstractTableModel):
    """One row per change of a review, in the review's order (riskiest first)."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._review: outcome.Review | None = None
        self._keys: tuple[str, ...] = ()
        self._labels: Mapping[str, str] = {}
        self._session: session.ReviewSession | None = None

    def show_outcome(self, result: outcome.Outcome) -> None:
        """Replace the rows with the changes of a finished analysis."""
        self.beginResetModel()
        self._review = result.review
        self._keys = result.keys
        self._labels = result.labels
        self._session = result.session
        self.endResetModel()

    def clear(self) -> None:
        """Show no changes."""
        self.beginResetModel()
        self._review, self._keys, self._session = None, (), None
        self.endResetModel()

    def change(self, row: int) -> model.Change:
        """The change shown in a row."""
        assert self._review is not None
        return self._review.changes[row]

    def key(self, row: int) -> str:
        """The stable session key of the change in a row."""
        return self._keys[row]

    def decision(self, row: int) -> session.Decision | None:
        """The reviewer's decision on the change in a row."""
        return self._session.decision(self._keys[row]) if self._session else None

    def refresh_decision(self, row: int) -> None:
        """Tell views (and the proxy) that a row's decision changed."""
        cell = self.index(row, Column.DECISION)
        self.dataChanged.emit(cell, cell, [_ROLE.DisplayRole])

    def category_ids(self) -> list[str]:
        """Every category some change touches, in order of first appearance."""
        if self._review is None:
            return []
        found = (c for change in self._review.changes for c in change.assessment.categories)
        return list(dict.fromkeys(found))

    def rowCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008, N802
        """Number of changes (a flat table: no children)."""
        if parent.isValid() or self._review is None:
            return 0
        return len(self._review.changes)

    def columnCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008, N802
        """Number of columns."""
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: QtCore.Qt.Orientation, role: int = _ROLE.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation is QtCore.Qt.Orientation.Horizontal and role == _ROLE.DisplayRole:
            return _HEADERS[Column(section)]
        return None

    def data(self, index: _Index, role: int = _ROLE.DisplayRole) -> Any:
        """Text, risk icon and tooltip of a cell."""
        if not index.isValid() or self._review is None:
            return None
        change = self._review.changes[index.row()]
        column = Column(index.column())
        if role in (_ROLE.DisplayRole, _ROLE.AccessibleTextRole):
            return self._text(index.row(), change, column)
        if role == _ROLE.DecorationRole and column is Column.RISK:
            return appearance.risk_icon(change.assessment.risk)
        if role == _ROLE.ToolTipRole:
            return "\n".join(change.assessment.reasons) or None
        return None

    def sort_key(self, row: int, column: int) -> tuple[Any, ...]:
        """What a column sorts by: risk by rank, clauses by their numbers, the rest by text."""
        change = self.change(row)
        if column == Column.RISK:
            return (change.assessment.risk.rank, not change.assessment.favourable)
        if column == Column.CLAUSE:  # where the clause now is; where it was, for deletions
            return (
                _natural(clause_refs(change.new or change.old)),
                _natural(clause_refs(change.old)),
            )
        if column == Column.DRAFTS:
            return (change.from_draft, change.to_draft)
        return (self._text(row, change, Column(column)).casefold(),)

    def _text(self, row: int, change: model.Change, column: Column) -> str:
        assert self._review is not None
        if column is Column.RISK:
            return appearance.risk_text(change.assessment)
        if column is Column.KIND:
            return appearance.KIND_WORDS[change.kind]
        if column is Column.CLAUSE:
            return clause_text(change)
        if column is Column.CATEGORIES:
            labels = (
                appearance.category_label(self._labels, c) for c in change.assessment.categories
            )
            return ", ".join(labels)
        if column is Column.DRAFTS:
            drafts = self._review.drafts
            return f"{drafts[change.from_draft].label} → {drafts[change.to_draft].label}"
        decision = self.decision(row)
        return DECISION_WORDS[decision] if decision else ""


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A key that orders "7.10" after "7.9"."""
    parts = re.findall(r"\d+|\D+", text)
    return tuple((0, int(p)) if p.isdigit() else (1, p.casefold()) for p in parts)


class ChangeFilterProxyModel(QtCore.QSortFilterProxyModel):
    """Filters the change list by minimum risk, category and decision; sorts by real order."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._minimum: model.Risk | None = None
        self._category: str | None = None
        self._decision: str | None = None  # None, UNDECIDED or a session.Decision value

    def set_filters(
        self,
        *,
        minimum: model.Risk | None = None,
        category: str | None = None,
        decision: str | None = None,
    ) -> None:
        """Show only changes at or above `minimum`, touching `category`, with that `decision`."""
        self.beginFilterChange()
        self._minimum, self._category, self._decision = minimum, category, decision
        self.endFilterChange(QtCore.QSortFilterProxyModel.Direction.Rows)

    def source(self) -> ChangeListModel:
        """The change list model this proxy filters."""
        source = self.sourceModel()
        assert isinstance(source, ChangeListModel)
        return source

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        """Whether a change passes all three filters."""
        changes = self.source()
        change = changes.change(source_row)
        verdict = change.assessment
        if self._minimum is not None and verdict.risk.rank < self._minimum.rank:
            return False
        if self._category is not None and self._category not in verdict.categories:
            return False
        if self._decision is not None:
            decided = changes.decision(source_row)
            wanted = None if self._decision == UNDECIDED else session.Decision(self._decision)
            return decided is wanted
        return True

    def lessThan(self, left: _Index, right: _Index) -> bool:  # noqa: N802
        """Compare by the column's sort key; equal keys keep the review's order either way."""
        changes = self.source()
        a = changes.sort_key(left.row(), left.column())
        b = changes.sort_key(right.row(), right.column())
        if a != b:
            return a < b
        # Qt reverses the comparison for a descending sort: reverse the tie-break too.
        if self.sortOrder() is QtCore.Qt.SortOrder.DescendingOrder:
            return left.row() > right.row()
        return left.row() < right.row()
