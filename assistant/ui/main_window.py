"""The main window: drafts, ranked change list, redline, details, safeguard tracker, review."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from assistant import errors, model
from assistant.ui import (
    appearance,
    change_model,
    details,
    dialogs,
    draft_files,
    drafts_panel,
    exporting,
    notices,
    outcome,
    redline,
    session,
    settings,
    tracker,
    worker,
)

EMPTY_HINT = (
    "Open two or more drafts of an agreement: File → Open Drafts… (Ctrl+O), drop the files on "
    "this window, or try File → Open Sample Negotiation."
)
OFFLINE_NOTE = "Offline: this app never uses the network"
READ_ONLY_NOTE = "Read-only session"
# Edits reach the disk at most this long after they are made: the first edit after a save starts
# the clock and later ones do not restart it, so steady typing cannot postpone the save.
AUTOSAVE_MS = 2000
_SAVE_TOPIC = "save"
_SESSION_TOPIC = "session"

_RISK_FILTERS = (
    ("All risks", None),
    ("Low or higher", model.Risk.LOW),
    ("Medium or higher", model.Risk.MEDIUM),
    ("High or higher", model.Risk.HIGH),
    ("Critical only", model.Risk.CRITICAL),
)
_DECISION_FILTERS = (
    ("Any decision", None),
    ("Undecided", change_model.UNDECIDED),
    ("Accepted", session.Decision.ACCEPT.value),
    ("Rejected", session.Decision.REJECT.value),
    ("To discuss", session.Decision.DISCUSS.value),
)


class MainWindow(QtWidgets.QMainWindow):
    """One negotiation under review; the analysis runs on the thread pool, never on this thread."""

    def __init__(
        self,
        analyser: outcome.Analyser | None = None,
        *,
        store: QtCore.QSettings | None = None,
        autosave_ms: int = AUTOSAVE_MS,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowTitle(dialogs.TITLE)
        self.setAcceptDrops(True)
        self._store = store if store is not None else settings.open_settings()
        self.runner = worker.AnalysisRunner(analyser or worker.EngineAnalyser(), self)
        self.saver = worker.SessionSaver(self)
        self._paths: list[str] = []
        self._outcome: outcome.Outcome | None = None
        self._save_error: str | None = None  # why the last save failed: edits wait in memory
        self._restoring = False  # selecting the change on show at opening is not a user's move
        self._autosave = QtCore.QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(autosave_ms)
        self._build_actions()
        self._build_widgets()
        self._build_menus()
        self._build_status_bar()
        self._connect_signals()
        self._set_tab_order()
        self._restore_layout()
        self._show_empty(EMPTY_HINT)

    # Construction ----------------------------------------------------------------------------

    def _action(self, text: str, *shortcuts: QtGui.QKeySequence | str) -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        action.setShortcuts([QtGui.QKeySequence(s) for s in shortcuts])
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _build_actions(self) -> None:
        keys = QtGui.QKeySequence.StandardKey
        self.open_action = self._action("&Open Drafts…", QtGui.QKeySequence(keys.Open))
        self.open_action.setStatusTip("Open the drafts of a negotiation, replacing the open one")
        self.add_action = self._action("&Add Drafts…")
        self.add_action.setStatusTip("Add later drafts to the open negotiation")
        self.sample_action = self._action("Open &Sample Negotiation")
        self.save_session_action = self._action("Save Session &As…", "Ctrl+Shift+S")
        self.save_session_action.setEnabled(False)
        self.open_session_action = self._action("Open &Session…", "Ctrl+Shift+O")
        self.export_action = self._action("&Export…", "Ctrl+E")
        self.export_action.setEnabled(False)
        self.export_action.setStatusTip(
            "Export a Word redline with tracked changes and risk comments, or a report"
        )
        self.quit_action = self._action("&Quit", QtGui.QKeySequence(keys.Quit))
        self.accept_action = self._action("&Accept", "A")
        self.reject_action = self._action("&Reject", "R")
        self.discuss_action = self._action("&Discuss", "D")
        self.clear_action = self._action("&Clear Decision", "U", "Backspace")
        for action, tip in (
            (self.accept_action, "Accept the selected change (A)"),
            (self.reject_action, "Reject the selected change (R)"),
            (self.discuss_action, "Mark the selected change for discussion (D)"),
            (self.clear_action, "Clear the decision on the selected change (U or Backspace)"),
        ):
            action.setStatusTip(tip)
            action.setToolTip(tip)
        for action in self._decision_actions():
            action.setCheckable(True)
        self.next_risky_action = self._action("&Next Risky Change", "F8")
        self.previous_risky_action = self._action("&Previous Risky Change", "Shift+F8")
        for action in (self.next_risky_action, self.previous_risky_action):
            action.setStatusTip("Step through the changes at medium risk or higher")
        self.reanalyse_action = self._action("Analyse A&gain", "F5")
        self.cancel_action = self._action("&Cancel Analysis", "Esc")
        self.cancel_action.setStatusTip("Stop the analysis; the window stays as it is")
        self.cancel_action.setEnabled(False)
        self.show_changes_action = self._action("&Changes", "Ctrl+1")
        self.show_tracker_action = self._action("Safeguard &Tracker", "Ctrl+2")
        self.about_action = self._action("&About Redline Assistant")

    def _decision_actions(self) -> tuple[QtGui.QAction, ...]:
        return (self.accept_action, self.reject_action, self.discuss_action)

    def _build_widgets(self) -> None:
        self.drafts_panel = drafts_panel.DraftsPanel()
        self.risk_filter = self._combo("Minimum risk", _RISK_FILTERS)
        self.category_filter = self._combo("Category", (("All categories", None),))
        self.decision_filter = self._combo("Decision", _DECISION_FILTERS)
        self.count_label = QtWidgets.QLabel()
        self.count_label.setAccessibleName("Number of changes shown")
        self.count_label.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight)
        ignored = QtWidgets.QSizePolicy.Policy.Ignored  # the count may be cut, the filters not
        self.count_label.setSizePolicy(ignored, QtWidgets.QSizePolicy.Policy.Preferred)
        filters = QtWidgets.QHBoxLayout()
        for combo in (self.risk_filter, self.category_filter, self.decision_filter):
            filters.addWidget(combo)  # their first entries ("All risks", ...) say what they filter
        filters.addWidget(self.count_label, 1)

        self.change_model = change_model.ChangeListModel(self)
        self.change_proxy = change_model.ChangeFilterProxyModel(self)
        self.change_proxy.setSourceModel(self.change_model)
        self.change_table = self._change_table()
        changes_page = QtWidgets.QWidget()
        changes_layout = QtWidgets.QVBoxLayout(changes_page)
        changes_layout.setContentsMargins(0, 4, 0, 0)
        changes_layout.addLayout(filters)
        changes_layout.addWidget(self.change_table)

        self.tracker_model = tracker.SafeguardTrackerModel(self)
        self.tracker_view = tracker.SafeguardTrackerView()
        self.tracker_view.setModel(self.tracker_model)
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setAccessibleName("Changes and safeguard tracker")
        self.tabs.setAccessibleDescription("Ctrl+1 shows the changes, Ctrl+2 the safeguard tracker")
        self.tabs.addTab(changes_page, "Changes")
        self.tabs.addTab(self.tracker_view, "Safeguard tracker")
        self._changes_page = changes_page

        self.redline = redline.RedlineView()
        self.details = details.DetailsView()
        actions = (*self._decision_actions(), self.clear_action)
        self.review_panel = details.ReviewPanel(actions)

        self.detail_splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.detail_splitter.setObjectName("detail_splitter")
        for pane in (self.redline, self.details, self.review_panel):
            self.detail_splitter.addWidget(pane)
        self.detail_splitter.setSizes([250, 380, 150])
        self.main_splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("main_splitter")
        for column in (self.drafts_panel, self.tabs, self.detail_splitter):
            self.main_splitter.addWidget(column)
        self.main_splitter.setSizes([240, 660, 420])
        self.main_splitter.setStretchFactor(1, 1)
        self.notice = notices.NoticeBar()
        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.notice)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)

    def _combo(self, name: str, entries: Sequence[tuple[str, object]]) -> QtWidgets.QComboBox:
        combo = QtWidgets.QComboBox()
        combo.setAccessibleName(f"{name} filter")
        # Narrow windows may squeeze the combo boxes; the popups still show whole entries.
        combo.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        combo.setMinimumContentsLength(len(entries[0][0]))  # "All categories" is never cut
        for text, value in entries:
            combo.addItem(text, value)
        return combo

    def _change_table(self) -> QtWidgets.QTableView:
        table = QtWidgets.QTableView()
        table.setObjectName("changes")
        table.setAccessibleName("Changes, riskiest first")
        table.setAccessibleDescription(
            "One row per change between two drafts: risk, kind, clause, categories, drafts and "
            "your decision. A, R and D decide; F8 and Shift+F8 step through the risky changes."
        )
        table.setModel(self.change_proxy)
        table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the list; the arrow keys move in it
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setIconSize(QtCore.QSize(16, 16))
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(
            change_model.Column.CATEGORIES, QtWidgets.QHeaderView.ResizeMode.Stretch
        )
        for column, width in (
            (change_model.Column.RISK, 125),
            (change_model.Column.KIND, 75),
            (change_model.Column.CLAUSE, 85),
            (change_model.Column.DRAFTS, 70),
            (change_model.Column.DECISION, 75),
        ):
            table.setColumnWidth(column, width)
        table.setSortingEnabled(True)
        table.sortByColumn(change_model.Column.RISK, QtCore.Qt.SortOrder.DescendingOrder)
        return table

    def _build_menus(self) -> None:
        bar = self.menuBar()
        files = bar.addMenu("&File")
        files.setToolTipsVisible(True)
        files.addActions([self.open_action, self.add_action, self.sample_action])
        self.recent_menu = files.addMenu("Open &Recent")
        files.addSeparator()
        files.addAction(self.open_session_action)
        files.addAction(self.save_session_action)
        files.addAction(self.export_action)
        files.addSeparator()
        files.addAction(self.quit_action)
        view = bar.addMenu("&View")
        view.addActions([self.show_changes_action, self.show_tracker_action])
        review = bar.addMenu("&Review")
        review.addActions([*self._decision_actions(), self.clear_action])
        review.addSeparator()
        review.addActions([self.next_risky_action, self.previous_risky_action])
        review.addSeparator()
        review.addActions([self.reanalyse_action, self.cancel_action])
        bar.addMenu("&Help").addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress_label = QtWidgets.QLabel()
        self.progress_bar = QtWidgets.QProgressBar()
        self.progress_bar.setRange(0, 0)  # busy: the engine reports steps, not fractions
        self.progress_bar.setMaximumWidth(120)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setAccessibleName("Analysis in progress")
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the analysis (Esc); the window stays as it is")
        self.cancel_button.setAccessibleName("Cancel the analysis")
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            bar.addWidget(widget)
            widget.hide()
        self.read_only_label = QtWidgets.QLabel(READ_ONLY_NOTE)
        self.read_only_label.setToolTip("Saved by a newer version: decisions cannot be changed")
        bar.addPermanentWidget(self.read_only_label)
        self.read_only_label.hide()
        self.offline_label = QtWidgets.QLabel(OFFLINE_NOTE)
        bar.addPermanentWidget(self.offline_label)

    def _set_tab_order(self) -> None:
        """Tab goes left to right through the panes, then down the detail column."""
        panel = self.drafts_panel
        chain: list[QtWidgets.QWidget] = [
            panel.drafts,
            panel.move_up,
            panel.move_down,
            panel.playbook,
            self.tabs,
            self.risk_filter,
            self.category_filter,
            self.decision_filter,
            self.change_table,
            self.tracker_view,
            self.redline,
            self.details,
            *self.review_panel.buttons,
            self.review_panel.notes,
        ]
        for first, second in itertools.pairwise(chain):
            QtWidgets.QWidget.setTabOrder(first, second)

    def _connect_signals(self) -> None:
        self.open_action.triggered.connect(self._on_open_action_triggered)
        self.add_action.triggered.connect(self._on_add_action_triggered)
        self.sample_action.triggered.connect(self._on_sample_action_triggered)
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        self.recent_menu.triggered.connect(self._on_recent_menu_triggered)
        self.quit_action.triggered.connect(self.close)
        self.export_action.triggered.connect(self._on_export_action_triggered)
        self.save_session_action.triggered.connect(self._on_save_session_action_triggered)
        self.open_session_action.triggered.connect(self._on_open_session_action_triggered)
        self.accept_action.triggered.connect(self._on_accept_action_triggered)
        self.reject_action.triggered.connect(self._on_reject_action_triggered)
        self.discuss_action.triggered.connect(self._on_discuss_action_triggered)
        self.clear_action.triggered.connect(self._on_clear_action_triggered)
        self.next_risky_action.triggered.connect(self._on_next_risky_action_triggered)
        self.previous_risky_action.triggered.connect(self._on_previous_risky_action_triggered)
        self.reanalyse_action.triggered.connect(self._on_reanalyse_action_triggered)
        self.show_changes_action.triggered.connect(self._on_show_changes_action_triggered)
        self.show_tracker_action.triggered.connect(self._on_show_tracker_action_triggered)
        self.about_action.triggered.connect(self._on_about_action_triggered)
        self.cancel_action.triggered.connect(self._on_cancel_action_triggered)
        self.cancel_button.clicked.connect(self.cancel_action.trigger)
        self.notice.dismiss.clicked.connect(self._on_notice_dismissed)
        for combo in (self.risk_filter, self.category_filter, self.decision_filter):
            combo.currentIndexChanged.connect(self._on_filter_index_changed)
        self.change_table.selectionModel().currentRowChanged.connect(
            self._on_change_table_current_row_changed
        )
        for proxy_signal in (
            self.change_proxy.rowsInserted,
            self.change_proxy.rowsRemoved,
            self.change_proxy.modelReset,
            self.change_proxy.layoutChanged,
        ):
            proxy_signal.connect(self._on_change_proxy_rows_changed)
        self.tracker_view.activated.connect(self._on_tracker_view_activated)
        self.drafts_panel.order_changed.connect(self._on_drafts_panel_order_changed)
        self.review_panel.note_edited.connect(self._on_review_panel_note_edited)
        self.runner.analysis_started.connect(self._on_runner_analysis_started)
        self.runner.progressed.connect(self._on_runner_progressed)
        self.runner.analysis_finished.connect(self._on_runner_analysis_finished)
        self.runner.analysis_failed.connect(self._on_runner_analysis_failed)
        self.runner.analysis_cancelled.connect(self._on_runner_analysis_cancelled)
        self.saver.session_saved.connect(self._on_saver_session_saved)
        self.saver.session_save_failed.connect(self._on_saver_session_save_failed)
        self._autosave.timeout.connect(self._on_autosave_timeout)

    # Public API ------------------------------------------------------------------------------

    @property
    def result(self) -> outcome.Outcome | None:
        """The analysis on show, if any."""
        return self._outcome

    @property
    def paths(self) -> list[str]:
        """The drafts of the open negotiation, in order."""
        return list(self._paths)

    def open_drafts(self, paths: Sequence[str]) -> None:
        """Open a negotiation: these drafts in this order, replacing the open one."""
        self._save_session_soon()
        self.notice.withdraw()  # notices are about the negotiation that is closing
        self._paths = list(dict.fromkeys(paths))
        if self._paths:
            self._analyse()
        else:
            self._show_empty(EMPTY_HINT)

    def add_drafts(self, paths: Sequence[str]) -> None:
        """Add drafts after the open ones, in a sensible order of their own."""
        added = [p for p in draft_files.sensible_order(paths) if p not in self._paths]
        if added:
            self.open_drafts([*self._paths, *added])

    def warm_up(self) -> None:
        """Load the detector in the background so that the first analysis is quick."""
        self.runner.warm_up()

    # Opening ---------------------------------------------------------------------------------

    def _analyse(self) -> None:
        self._clear_outcome()
        self._show_change(None, "Analysing the drafts…")
        self.runner.start(self._paths)

    def _show_empty(self, message: str) -> None:
        self._clear_outcome()
        self._show_change(None, message)

    def _clear_outcome(self) -> None:
        self._outcome = None
        self._save_error = None
        self.export_action.setEnabled(False)
        self.save_session_action.setEnabled(False)
        self.read_only_label.hide()
        self.change_model.clear()
        self.tracker_model.clear()
        self.drafts_panel.show_pending(self._paths)

    def _show_outcome(self, result: outcome.Outcome) -> None:
        review = result.review
        self._outcome = result
        read_only = result.session.read_only
        self.export_action.setEnabled(len(review.drafts) >= 2)
        self.save_session_action.setEnabled(not read_only)  # a copy would lose the newer parts
        self.read_only_label.setVisible(read_only)
        if result.notice:
            self.notice.show_notice(_SESSION_TOPIC, result.notice)
        self.change_model.show_outcome(result)
        self.tracker_model.show_review(review, result.labels)
        self.drafts_panel.show_drafts(review.drafts, result.labels)
        self._fill_category_filter(result)
        self._update_count()
        for column in (change_model.Column.RISK, change_model.Column.CLAUSE):
            self.change_table.resizeColumnToContents(column)
        if self.change_proxy.rowCount() > 0:
            self._restoring = True
            try:
                self._select_proxy_row(self._remembered_proxy_row(result))
            finally:
                self._restoring = False
        elif len(review.drafts) < 2:
            self._show_change(None, "One draft is open. Add a later draft to see what changed.")
        elif not review.changes:
            self._show_change(None, "These drafts say the same thing: no change to report.")
        else:
            self._show_change(None, "No change passes the filters.")
        self.change_table.setFocus()
        self.statusBar().showMessage(_summary(review), 10000)

    def _remembered_proxy_row(self, result: outcome.Outcome) -> int:
        """The row of the change the session had on show, if the filters let it be seen; else 0."""
        remembered = result.session.selected
        if remembered in result.keys:
            source = self.change_model.index(result.keys.index(remembered), 0)
            row = self.change_proxy.mapFromSource(source).row()
            if row >= 0:
                return row
        return 0

    def _fill_category_filter(self, result: outcome.Outcome) -> None:
        chosen = self.category_filter.currentData()
        blocked = self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem("All categories", None)
        labelled = [
            (appearance.category_label(result.labels, c), c)
            for c in self.change_model.category_ids()
        ]
        for label, category in sorted(labelled, key=lambda entry: entry[0].casefold()):
            self.category_filter.addItem(label, category)
        self.category_filter.setCurrentIndex(max(0, self.category_filter.findData(chosen)))
        self.category_filter.blockSignals(blocked)
        self._apply_filters()

    def _apply_filters(self) -> None:
        risk = self.risk_filter.currentData()
        self.change_proxy.set_filters(
            minimum=model.Risk(risk) if risk else None,
            category=self.category_filter.currentData(),
            decision=self.decision_filter.currentData(),
        )

    # Selection and review --------------------------------------------------------------------

    def _current_source_row(self) -> int | None:
        current = self.change_table.currentIndex()
        if not current.isValid() or self._outcome is None:
            return None
        return self.change_proxy.mapToSource(current).row()

    def _select_proxy_row(self, row: int) -> None:
        index = self.change_proxy.index(row, 0)
        self.change_table.setCurrentIndex(index)
        self.change_table.scrollTo(index)

    def _show_change(self, row: int | None, message: str = "Select a change to see it.") -> None:
        if row is None or self._outcome is None:
            self.redline.show_message(message)
            self.details.clear()
            self.review_panel.show_note("", enabled=False)
            for action in (*self._decision_actions(), self.clear_action):
                action.setEnabled(False)
            return
        drafts = self._outcome.review.drafts
        change = self.change_model.change(row)
        self.redline.show_change(change, drafts)
        self.details.setHtml(details.details_html(change, drafts, self._outcome.labels))
        key = self.change_model.key(row)
        reviewed = self._outcome.session
        self.review_panel.show_note(
            reviewed.note(key), enabled=True, editable=not reviewed.read_only
        )
        self._sync_decision_actions(row)

    def _sync_decision_actions(self, row: int) -> None:
        decided = self.change_model.decision(row)
        editable = self._outcome is not None and not self._outcome.session.read_only
        decisions = (session.Decision.ACCEPT, session.Decision.REJECT, session.Decision.DISCUSS)
        for action, decision in zip(self._decision_actions(), decisions, strict=True):
            action.setEnabled(editable)
            action.setChecked(decided is decision)
        self.clear_action.setEnabled(editable and decided is not None)

    def _record_decision(self, decision: session.Decision | None) -> None:
        row = self._current_source_row()
        if row is None or self._outcome is None or self._outcome.session.read_only:
            return
        from assistant.review import audit  # deferred: the window shows before the engine loads

        key = self.change_model.key(row)
        try:
            audit.append(
                "decided",
                {"session": self._outcome.session.id, "change": key,
                 "decision": decision.value if decision else None},
            )  # fmt: skip
        except errors.AuditError as exc:  # an unrecorded decision is not taken
            dialogs.report_failure(self, f"{exc}. The decision was not recorded.", "decision")
            return
        proxy_row = self.change_table.currentIndex().row()
        self._outcome.session.decide(key, decision)
        self.change_model.refresh_decision(row)  # may filter the row out under a decision filter
        current = self._current_source_row()
        if current is not None:
            self._sync_decision_actions(current)
        elif self.change_proxy.rowCount() > 0:
            self._select_proxy_row(min(proxy_row, self.change_proxy.rowCount() - 1))
        self._schedule_save()
        word = change_model.DECISION_WORDS[decision] if decision else "Decision cleared"
        ref = change_model.clause_text(self.change_model.change(row))
        self.statusBar().showMessage(f"{word}: § {ref}", 3000)

    def _step_risky(self, step: int) -> None:
        count = self.change_proxy.rowCount()
        current = self.change_table.currentIndex()
        row = (current.row() if current.isValid() else (-1 if step > 0 else count)) + step
        while 0 <= row < count:
            source = self.change_proxy.mapToSource(self.change_proxy.index(row, 0)).row()
            if self.change_model.change(source).assessment.risk.rank >= model.Risk.MEDIUM.rank:
                self._select_proxy_row(row)
                self.change_table.setFocus()
                return
            row += step
        where = "next" if step > 0 else "previous"
        self.statusBar().showMessage(f"No {where} change at medium risk or higher.", 4000)

    def _reveal_change(self, source_row: int) -> None:
        """Select a change in the list, clearing the filters if they hide it."""
        source_index = self.change_model.index(source_row, 0)
        if not self.change_proxy.mapFromSource(source_index).isValid():
            for combo in (self.risk_filter, self.category_filter, self.decision_filter):
                combo.setCurrentIndex(0)
        self.tabs.setCurrentWidget(self._changes_page)
        self._select_proxy_row(self.change_proxy.mapFromSource(source_index).row())
        self.change_table.setFocus()

    def _update_count(self) -> None:
        shown, total = self.change_proxy.rowCount(), self.change_model.rowCount()
        self.count_label.setText(f"{shown} of {total} changes shown" if total else "")

    # Sessions --------------------------------------------------------------------------------

    def _schedule_save(self) -> None:
        """Save within AUTOSAVE_MS of the first unsaved change (a throttle, not a debounce)."""
        if not self._autosave.isActive():
            self._autosave.start()

    def _unsaved(self) -> bool:
        return self._outcome is not None and (
            self._autosave.isActive() or self._save_error is not None
        )

    def _save_session_soon(self) -> None:
        """Write pending edits of the open session now (on the saver's thread) before it goes."""
        if self._unsaved() and self._outcome is not None:
            self._autosave.stop()
            self.saver.save_later(self._outcome.session, self._outcome.session_file)

    def _remember_selection(self, row: int | None) -> None:
        """Keep the change on show in the session, so that reopening shows it again."""
        if self._restoring or row is None or self._outcome is None:
            return
        reviewed = self._outcome.session
        if reviewed.select(self.change_model.key(row)) and not reviewed.read_only:
            self._schedule_save()

    # Layout ----------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self._store.value("window/geometry")
        if not (isinstance(geometry, QtCore.QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1320, 820)
        for key, splitter in (
            ("window/main_splitter", self.main_splitter),
            ("window/detail_splitter", self.detail_splitter),
        ):
            state = self._store.value(key)
            if isinstance(state, QtCore.QByteArray):
                splitter.restoreState(state)

    def _save_layout(self) -> None:
        self._store.setValue("window/geometry", self.saveGeometry())
        self._store.setValue("window/main_splitter", self.main_splitter.saveState())
        self._store.setValue("window/detail_splitter", self.detail_splitter.saveState())
        self._store.sync()

    # Qt events -------------------------------------------------------------------------------

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802
        """Stop the analysis, write the session and the layout, then close.

        If the session cannot be written, the user chooses between closing and losing the
        latest edits or staying (to free some space, or to save the session elsewhere).
        """
        if self._unsaved() and self._outcome is not None:
            self._autosave.stop()
            reviewed, path = self._outcome.session, self._outcome.session_file
            saved = self.saver.save_now(reviewed, path)
            if not saved and not dialogs.confirm_close_unsaved(self, self._save_error or ""):
                event.ignore()
                return
        self.runner.cancel()
        self._save_layout()
        super().closeEvent(event)

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:  # noqa: N802
        """Accept files dragged from a file manager."""
        if _local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:  # noqa: N802
        """Add dropped files as later drafts."""
        paths = _local_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_drafts(paths)

    # Slots -----------------------------------------------------------------------------------

    def _on_open_action_triggered(self) -> None:
        paths = dialogs.ask_for_drafts(self)
        if paths:
            self.open_drafts(draft_files.sensible_order(paths))

    def _on_add_action_triggered(self) -> None:
        self.add_drafts(dialogs.ask_for_drafts(self))

    def _on_sample_action_triggered(self) -> None:
        samples = draft_files.sample_paths()
        if samples:
            self.open_drafts(samples)
        else:
            self.statusBar().showMessage("The sample negotiation is not installed.", 5000)

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        entries = settings.recent_negotiations(self._store)
        for entry in entries:
            names = ", ".join(draft_files.display_name(p) for p in entry)
            action = self.recent_menu.addAction(names if len(names) < 90 else names[:87] + "…")
            action.setData(entry)
            action.setToolTip("\n".join(entry))
        if not entries:
            self.recent_menu.addAction("No recent negotiations").setEnabled(False)

    def _on_recent_menu_triggered(self, action: QtGui.QAction) -> None:
        entry = action.data()
        if isinstance(entry, list) and entry:
            self.open_drafts([str(p) for p in entry])

    def _on_accept_action_triggered(self) -> None:
        self._record_decision(session.Decision.ACCEPT)

    def _on_reject_action_triggered(self) -> None:
        self._record_decision(session.Decision.REJECT)

    def _on_discuss_action_triggered(self) -> None:
        self._record_decision(session.Decision.DISCUSS)

    def _on_clear_action_triggered(self) -> None:
        self._record_decision(None)

    def _on_next_risky_action_triggered(self) -> None:
        self._step_risky(1)

    def _on_previous_risky_action_triggered(self) -> None:
        self._step_risky(-1)

    def _on_reanalyse_action_triggered(self) -> None:
        if self._paths:
            self.open_drafts(self._paths)

    def _on_show_changes_action_triggered(self) -> None:
        self.tabs.setCurrentWidget(self._changes_page)
        self.change_table.setFocus()

    def _on_show_tracker_action_triggered(self) -> None:
        self.tabs.setCurrentWidget(self.tracker_view)
        self.tracker_view.setFocus()

    def _on_export_action_triggered(self) -> None:
        if self._outcome is None:
            return
        result = self._outcome
        drafts = result.review.drafts
        suggested = str(Path(drafts[-1].path).with_name(f"{Path(drafts[-1].path).stem}-redline"))
        target = dialogs.ask_export_target(self, suggested)
        if target is None:
            return
        path, fmt = target
        try:
            written = exporting.export(result, path, fmt)
        except (OSError, errors.AuditError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            dialogs.report_failure(self, f"{path}: {reason}", "export")
            return
        self.statusBar().showMessage(f"Exported {written}", 5000)

    def _on_save_session_action_triggered(self) -> None:
        if self._outcome is None:
            return
        suggested = Path(self._outcome.review.drafts[-1].path).stem + ".redline-session.json"
        path = dialogs.ask_session_target(self, suggested)
        if path is None:
            return
        try:
            session.write(self._outcome.session.snapshot(), Path(path))
        except OSError as exc:
            dialogs.report_failure(self, f"{path}: {exc.strerror or exc}", "saving the session")
            return
        self.statusBar().showMessage(f"Session saved as {path}", 5000)

    def _on_open_session_action_triggered(self) -> None:
        path = dialogs.ask_session_file(self)
        if path is None:
            return
        try:
            paths = session.import_file(Path(path))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            dialogs.report_failure(self, f"{path} is not a readable session: {exc}", "opening")
            return
        self.open_drafts(paths)

    def _on_about_action_triggered(self) -> None:
        dialogs.show_about(self)

    def _on_cancel_action_triggered(self) -> None:
        self.runner.cancel()

    def _on_notice_dismissed(self) -> None:
        self.change_table.setFocus()  # focus was on the button that is gone now

    def _on_filter_index_changed(self, _index: int) -> None:
        self._apply_filters()
        if not self.change_table.currentIndex().isValid() and self.change_proxy.rowCount():
            self._select_proxy_row(0)

    def _on_change_table_current_row_changed(
        self, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex
    ) -> None:
        row = self.change_proxy.mapToSource(current).row() if current.isValid() else None
        self._show_change(row)
        self._remember_selection(row)

    def _on_change_proxy_rows_changed(self) -> None:
        self._update_count()

    def _on_tracker_view_activated(self, index: QtCore.QModelIndex) -> None:
        cell = self.tracker_model.cell(index)
        if cell is None or not cell.changes:
            self.statusBar().showMessage("No change in this draft explains this cell.", 4000)
            return
        self._reveal_change(cell.changes[0])

    def _on_drafts_panel_order_changed(self, paths: list[str]) -> None:
        if paths != self._paths:
            self.open_drafts(paths)

    def _on_review_panel_note_edited(self, text: str) -> None:
        row = self._current_source_row()
        if row is None or self._outcome is None or self._outcome.session.read_only:
            return
        self._outcome.session.annotate(self.change_model.key(row), text)
        self._schedule_save()

    def _on_runner_analysis_started(self) -> None:
        self.cancel_action.setEnabled(True)
        self.progress_label.setText("Analysing…")
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            widget.show()

    def _on_runner_progressed(self, message: str) -> None:
        self.progress_label.setText(message[:1].upper() + message[1:] + "…")

    def _on_runner_analysis_finished(self, result: object) -> None:
        self._hide_progress()
        assert isinstance(result, outcome.Outcome)
        self._show_outcome(result)
        settings.remember_negotiation(self._store, self._paths)

    def _on_runner_analysis_failed(self, path: str, reason: str) -> None:
        """The one place analysis errors become dialogs: one per unreadable file."""
        self._hide_progress()
        if not path:
            dialogs.report_failure(self, reason)
            self._show_empty(f"The analysis failed: {reason}")
            return
        dialogs.report_unreadable(self, path, reason)
        remaining = draft_files.without(self._paths, path)
        if remaining == self._paths:  # not one of ours (the engine named another file)
            self._show_empty(f"The analysis failed: {reason}")
            return
        self._paths = remaining
        if remaining:
            self._analyse()  # the rest of the negotiation stays open
        else:
            self._show_empty(EMPTY_HINT)

    def _on_runner_analysis_cancelled(self) -> None:
        self._hide_progress()
        self._show_empty("Analysis cancelled. Press F5 (Review → Analyse Again) to restart it.")
        self.statusBar().showMessage("Analysis cancelled.", 4000)

    def _on_saver_session_saved(self, _path: str) -> None:
        if self._save_error is not None:
            self._save_error = None
            self.notice.withdraw(_SAVE_TOPIC)
        self.statusBar().showMessage("Review session saved.", 2000)

    def _on_saver_session_save_failed(self, reason: str) -> None:
        """Say it once, and keep saying it until a save works; the edits stay in memory."""
        failing = self._save_error is not None
        self._save_error = reason
        if failing:
            return
        self.notice.show_notice(
            _SAVE_TOPIC,
            f"The review session cannot be saved ({reason}). Your decisions and notes are kept "
            "in this window, and saving is tried again with your next change. Free some space, "
            "or keep a copy elsewhere with File → Save Session As….",
        )

    def _on_autosave_timeout(self) -> None:
        if self._outcome is not None:
            self.saver.save_later(self._outcome.session, self._outcome.session_file)

    def _hide_progress(self) -> None:
        self.cancel_action.setEnabled(False)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            widget.hide()


def _summary(review: outcome.Review) -> str:
    """E.g. "3 drafts · 42 changes: 1 critical, 6 high"."""
    counts: dict[model.Risk, int] = {}
    for change in review.changes:
        counts[change.assessment.risk] = counts.get(change.assessment.risk, 0) + 1
    risky = [
        f"{counts[r]} {r.value}"
        for r in (model.Risk.CRITICAL, model.Risk.HIGH, model.Risk.MEDIUM)
        if counts.get(r)
    ]
    text = f"{len(review.drafts)} drafts · {len(review.changes)} changes"
    return text + (": " + ", ".join(risky) if risky else "")


def _local_files(mime: QtCore.QMimeData) -> list[str]:
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
