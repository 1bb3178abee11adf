"""The redline of one change: its word diff as HTML in the legal colour convention."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6 import QtCore, QtWidgets

from assistant import model
from assistant.ui import appearance, change_model

LEGEND = "Deleted text is struck through, inserted text underlined, moved text marked in green."


def redline_html(change: model.Change, drafts: Sequence[model.Draft], ink: appearance.Inks) -> str:
    """The change as HTML: where it is, then deletions struck in red, insertions underlined in blue.

    A moved clause's unchanged words are green; its own edits keep the red and blue marks.
    """
    old, new = drafts[change.from_draft], drafts[change.to_draft]
    where = change_model.clause_text(change)
    headings = _heading_path(change)
    parts = [
        f"<h3>§ {_escape(where)}</h3>",
        f"<p style='color:{ink.muted}'>{_escape(headings)}</p>" if headings else "",
        f"<p style='color:{ink.muted}'>{_escape(old.label)} → {_escape(new.label)} · "
        f"{appearance.KIND_WORDS[change.kind].lower()}</p>",
        f"<p>{''.join(_edit_html(edit, change.kind, ink) for edit in change.diff)}</p>",
        f"<p style='color:{ink.muted}'><small>{_escape(LEGEND)}</small></p>",
    ]
    return "".join(parts)


def _edit_html(edit: model.Edit, kind: model.ChangeKind, ink: appearance.Inks) -> str:
    text = _escape(edit.text)
    if edit.op is model.Op.DELETE:
        return f"<span style='color:{ink.deleted}'><del>{text}</del></span>"
    if edit.op is model.Op.INSERT:
        return f"<span style='color:{ink.inserted}'><u>{text}</u></span>"
    if kind is model.ChangeKind.MOVED:
        return f"<span style='color:{ink.moved}'>{text}</span>"
    return text


def _heading_path(change: model.Change) -> str:
    """The headings above the clause, outermost first (the newer side's, if it has one)."""
    side = change.new or change.old
    return " › ".join(side[0].heading) if side else ""


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


class RedlineView(QtWidgets.QTextBrowser):
    """Shows the redline of the selected change; re-renders when the palette turns light or dark."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redline")
        self.setOpenLinks(False)
        self.setAccessibleName("Redline of the selected change")
        self.setAccessibleDescription(LEGEND)
        self._shown: tuple[model.Change, tuple[model.Draft, ...]] | None = None
        self._message = ""

    def show_change(self, change: model.Change, drafts: Sequence[model.Draft]) -> None:
        """Render one change."""
        self._shown = (change, tuple(drafts))
        self._render()

    def show_message(self, text: str) -> None:
        """Show a hint instead of a change (nothing opened, nothing selected)."""
        self._shown, self._message = None, text
        self._render()

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802
        """Pick colours readable on the new palette."""
        super().changeEvent(event)
        if event.type() is QtCore.QEvent.Type.PaletteChange:
            self._render()

    def _render(self) -> None:
        if self._shown is None:
            self.setHtml(f"<p>{_escape(self._message)}</p>")
            return
        change, drafts = self._shown
        self.setHtml(redline_html(change, drafts, appearance.inks(self.palette())))
