"""The change list model and its filtering, sorting proxy."""

from __future__ import annotations

from PySide6 import QtCore, QtGui

from assistant import model
from assistant.ui import change_model, session
from tests.ui import factories

_ROLE = QtCore.Qt.ItemDataRole


def _outcome(review: factories.HandReview) -> change_model.outcome.Outcome:
    reviewed = session.ReviewSession("test", ())
    keys = session.change_keys(review.drafts, review.changes)
    return change_model.outcome.Outcome(
        factories.PATHS, review, factories.LABELS, reviewed, session.file_for("test"), keys
    )


def _models(
    review: factories.HandReview,
) -> tuple[change_model.ChangeListModel, change_model.ChangeFilterProxyModel]:
    changes = change_model.ChangeListModel()
    changes.show_outcome(_outcome(review))
    proxy = change_model.ChangeFilterProxyModel()
    proxy.setSourceModel(changes)
    return changes, proxy


def _column(proxy: QtCore.QAbstractItemModel, column: int) -> list[str]:
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def test_rows_are_the_changes_riskiest_first_with_icon_and_words(
    qapp: QtGui.QGuiApplication, review: factories.HandReview
) -> None:
    changes, _proxy = _models(review)
    assert changes.rowCount() == 6
    risks = _column(changes, change_model.Column.RISK)
    assert risks == ["Critical", "High", "Medium", "Low · favourable", "None", "None"]
    first = changes.index(0, change_model.Column.RISK)
    icon = first.data(_ROLE.DecorationRole)
    assert isinstance(icon, QtGui.QIcon) and not icon.isNull()
    assert changes.index(0, change_model.Column.CLAUSE).data() == "7.4 → —"
    assert changes.index(4, change_model.Column.CLAUSE).data() == "9.1 → 9.3"
    assert changes.index(0, change_model.Column.CATEGORIES).data() == "Bulk-acquired data"
    assert changes.index(0, change_model.Column.DRAFTS).data() == "v2 → v3"
    assert changes.index(0, change_model.Column.KIND).data() == "Deleted"
    assert "no equivalent clause remains" in changes.index(0, 0).data(_ROLE.ToolTipRole)


def test_risk_sorts_by_rank_not_alphabetically(
    qapp: QtGui.QGuiApplication, review: factories.HandReview
) -> None:
    _changes, proxy = _models(review)
    proxy.sort(change_model.Column.RISK, QtCore.Qt.SortOrder.AscendingOrder)
    assert _column(proxy, 0) == ["None", "None", "Low · favourable", "Medium", "High", "Critical"]
    proxy.sort(change_model.Column.RISK, QtCore.Qt.SortOrder.DescendingOrder)
    assert _column(proxy, 0) == ["Critical", "High", "Medium", "Low · favourable", "None", "None"]
    # Equal risks keep the engine's order (moved before punctuation) in both directions.
    clauses = _column(proxy, change_model.Column.CLAUSE)
    assert clauses[-2:] == ["9.1 → 9.3", "12.1"]


def test_clauses_sort_by_number(qapp: QtGui.QGuiApplication, review: factories.HandReview) -> None:
    _changes, proxy = _models(review)
    proxy.sort(change_model.Column.CLAUSE, QtCore.Qt.SortOrder.AscendingOrder)
    assert _column(proxy, change_model.Column.CLAUSE) == [
        "7.4 → —",
        "7.5",
        "8.1",
        "— → 8.2",
        "9.1 → 9.3",
        "12.1",
    ]


def test_proxy_filters_by_minimum_risk_and_category(
    qapp: QtGui.QGuiApplication, review: factories.HandReview
) -> None:
    _changes, proxy = _models(review)
    proxy.set_filters(minimum=model.Risk.HIGH)
    assert _column(proxy, 0) == ["Critical", "High"]
    proxy.set_filters(category="audit_logging")
    assert _column(proxy, change_model.Column.CLAUSE) == ["8.1"]
    proxy.set_filters(minimum=model.Risk.HIGH, category="audit_logging")
    assert proxy.rowCount() == 0
    proxy.set_filters()
    assert proxy.rowCount() == 6


def test_proxy_filters_by_decision_and_follows_new_decisions(
    qapp: QtGui.QGuiApplication, review: factories.HandReview
) -> None:
    changes, proxy = _models(review)
    proxy.set_filters(decision=session.Decision.REJECT.value)
    assert proxy.rowCount() == 0
    reviewed = changes._session
    assert reviewed is not None
    reviewed.decide(changes.key(1), session.Decision.REJECT)
    changes.refresh_decision(1)
    assert _column(proxy, change_model.Column.DECISION) == ["Rejected"]
    proxy.set_filters(decision=change_model.UNDECIDED)
    assert proxy.rowCount() == 5
    assert "Rejected" not in _column(proxy, change_model.Column.DECISION)
