"""Details of one change (reasons, rules, evidence, provenance, comments) and its review panel."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence

from PySide6 import QtCore, QtGui, QtWidgets

from assistant import model
from assistant.ui import appearance


def provenance_text(change: model.Change) -> str:
    """Who made the change, as far as the newer file's revision marks tell."""
    if change.tracked is None:
        return "The newer draft has no revision marks."
    if not change.tracked:
        return "Made without a revision mark: the newer file's tracked changes do not show it."
    who = change.author or "an unnamed author"
    when = f", {appearance.when(change.date)}" if change.date else ""
    return f"Tracked change by {who}{when}."


def details_html(
    change: model.Change, drafts: Sequence[model.Draft], labels: Mapping[str, str]
) -> str:
    """Everything the engine says about a change, as HTML."""
    verdict = change.assessment
    old, new = drafts[change.from_draft], drafts[change.to_draft]
    direction = "strengthens a safeguard" if verdict.favourable else "not in your favour"
    if verdict.risk is model.Risk.NONE and not verdict.favourable:
        direction = "no effect on a safeguard"
    sections = [
        f"<h3>{appearance.RISK_WORDS[verdict.risk]} risk <small>({direction})</small></h3>",
        _list("Why", verdict.reasons),
        _paragraph("Rules", ", ".join(f"<code>{_escape(r)}</code>" for r in verdict.rules)),
        _paragraph(
            "Categories",
            _escape(", ".join(appearance.category_label(labels, c) for c in verdict.categories)),
        ),
        _list(
            "Evidence",
            [*_evidence(old, change.old, labels), *_evidence(new, change.new, labels)],
        ),
        _paragraph("Provenance", _escape(provenance_text(change))),
        _list(
            "Comments",
            [*_comments(old, change.old), *_comments(new, change.new)],
        ),
    ]
    return "".join(s for s in sections if s)


def _evidence(
    draft: model.Draft, clauses: Iterable[model.Clause], labels: Mapping[str, str]
) -> list[str]:
    """The restriction sentences the detector found in the involved clauses of one draft."""
    involved = set(clauses)
    indices = {i for i, c in enumerate(draft.clauses) if c in involved}
    return [
        f"{draft.label} §{f.ref or '—'}: “{f.text}” "
        f"({appearance.category_label(labels, f.category)}, {f.form.value}, rule {f.rule})"
        for f in draft.findings
        if f.clause in indices
    ]


def _comments(draft: model.Draft, clauses: Iterable[model.Clause]) -> list[str]:
    """Reviewer comments anchored in the involved clauses of one draft."""
    blocks = {b for c in clauses for b in c.blocks}
    return [
        f"{draft.label}, {c.author or 'unknown author'}"
        + (f" ({appearance.when(c.date)})" if c.date else "")
        + f": {c.text}"
        for c in draft.comments
        if c.block is not None and c.block in blocks
    ]


def _paragraph(title: str, body_html: str) -> str:
    return f"<p><b>{title}:</b> {body_html}</p>" if body_html else ""


def _list(title: str, items: Sequence[str]) -> str:
    if not items:
        return ""
    entries = "".join(f"<li>{_escape(item)}</li>" for item in items)
    return f"<p><b>{title}:</b></p><ul>{entries}</ul>"


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


class DetailsView(QtWidgets.QTextBrowser):
    """Shows `details_html` of the selected change."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("details")
        self.setOpenLinks(False)
        self.setAccessibleName("Details of the selected change")
        self.setAccessibleDescription(
            "Risk, reasons, rules, categories, evidence, who made the change, and comments"
        )


class ReviewPanel(QtWidgets.QWidget):
    """Decision buttons (bound to the window's actions) and the notes of the selected change."""

    note_edited = QtCore.Signal(str)

    def __init__(
        self, actions: Sequence[QtGui.QAction], parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel("Decision:"))
        self.buttons: list[QtWidgets.QToolButton] = []
        for action in actions:
            button = QtWidgets.QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)  # reachable with Tab
            button.setAccessibleName(action.text().replace("&", ""))
            button.setAccessibleDescription(action.statusTip())
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch(1)
        self.notes = QtWidgets.QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setAccessibleName("Notes on the selected change")
        self.notes.setAccessibleDescription("Your notes, saved automatically with the session")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.notes)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.notes.textChanged.connect(self._on_notes_text_changed)

    def show_note(self, text: str, *, enabled: bool, editable: bool = True) -> None:
        """Show a change's note without reporting it as an edit (read-only unless `editable`)."""
        blocked = self.notes.blockSignals(True)
        self.notes.setPlainText(text)
        self.notes.blockSignals(blocked)
        self.notes.setEnabled(enabled)
        self.notes.setReadOnly(not editable)
        self.notes.setPlaceholderText(
            "Notes on this change (saved automatically)" if editable else "No note"
        )

    def _on_notes_text_changed(self) -> None:
        self.note_edited.emit(self.notes.toPlainText())
