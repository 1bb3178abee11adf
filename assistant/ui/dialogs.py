"""Every dialog the app shows: file pickers, error reports and the About box."""

from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata

import PySide6
from PySide6 import QtCore, QtWidgets

import assistant
from assistant import errors, resources
from assistant.ui import draft_files

TITLE = "Redline Assistant"


def ask_for_drafts(parent: QtWidgets.QWidget) -> list[str]:
    """Let the user pick draft files (several at once)."""
    paths, _filter = QtWidgets.QFileDialog.getOpenFileNames(
        parent, "Open drafts", "", draft_files.DIALOG_FILTER
    )
    return list(paths)


EXPORT_FILTERS = {
    "Word redline with tracked changes (*.docx)": "docx",
    "PDF report (*.pdf)": "pdf",
    "HTML report (*.html)": "html",
    "Markdown report (*.md)": "md",
    "JSON (*.json)": "json",
}


def ask_export_target(parent: QtWidgets.QWidget, suggested: str) -> tuple[str, str] | None:
    """Let the user choose where to export and in which format ("docx", "pdf", ...)."""
    path, chosen = QtWidgets.QFileDialog.getSaveFileName(
        parent, "Export", suggested, ";;".join(EXPORT_FILTERS)
    )
    if not path:
        return None
    fmt = EXPORT_FILTERS.get(chosen, "docx")
    suffix = f".{fmt}"
    return (path if path.lower().endswith(suffix) else path + suffix), fmt


SESSION_FILTER = "Review sessions (*.redline-session.json);;All files (*)"


def ask_session_target(parent: QtWidgets.QWidget, suggested: str) -> str | None:
    """Where to save a copy of the review session."""
    path, _filter = QtWidgets.QFileDialog.getSaveFileName(
        parent, "Save session as", suggested, SESSION_FILTER
    )
    if not path:
        return None
    return path if path.endswith(".json") else path + ".redline-session.json"


def ask_session_file(parent: QtWidgets.QWidget) -> str | None:
    """A saved review session to open."""
    path, _filter = QtWidgets.QFileDialog.getOpenFileName(
        parent, "Open session", "", SESSION_FILTER
    )
    return path or None


def report_unreadable(parent: QtWidgets.QWidget, path: str, reason: str) -> None:
    """Tell the user one file could not be read, and why."""
    name = draft_files.display_name(path)
    QtWidgets.QMessageBox.warning(
        parent,
        f"{TITLE}: cannot read a draft",
        f"{name} cannot be read: {reason}\n\n{path}\n\nThe other drafts stay open.",
    )


def report_failure(parent: QtWidgets.QWidget, reason: str, what: str = "analysis") -> None:
    """Tell the user an action (by default the analysis) failed for a reason not tied to a file."""
    QtWidgets.QMessageBox.warning(parent, f"{TITLE}: {what} failed", reason)


def confirm_close_unsaved(parent: QtWidgets.QWidget, reason: str) -> bool:
    """Whether to close although the review session could not be saved (True: close)."""
    answer = QtWidgets.QMessageBox.warning(
        parent,
        f"{TITLE}: the review session is not saved",
        f"The review session could not be saved: {reason}\n\nClose anyway and lose the "
        "decisions and notes made since the last save? Cancel keeps the window open: free some "
        "space, or use File → Save Session As… to keep a copy elsewhere.",
        QtWidgets.QMessageBox.StandardButton.Discard | QtWidgets.QMessageBox.StandardButton.Cancel,
        QtWidgets.QMessageBox.StandardButton.Cancel,
    )
    return answer == QtWidgets.QMessageBox.StandardButton.Discard


def versions() -> dict[str, str]:
    """Versions shown in the About box (spaCy's read from its metadata: no import needed)."""
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        spacy_version = "not installed"
    return {
        "Redline Assistant": assistant.__version__,
        **pipelines(),
        "Qt": QtCore.qVersion(),
        "PySide6": PySide6.__version__,
        "spaCy": spacy_version,
        "Python": platform.python_version(),
    }


def pipelines() -> dict[str, str]:
    """Each shipped spaCy pipeline: name, version and the manifest digest that docs/detection.md
    quotes for the pipeline it measured (read from files: loading spaCy is not needed)."""
    found: dict[str, str] = {}
    try:
        folder = resources.model_path(".")
    except errors.ResourceError:
        return found
    for meta_file in sorted(folder.glob("*/meta.json")):
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            manifest = (meta_file.parent / "manifest.json").read_bytes()
        except (OSError, ValueError):
            continue
        digest = hashlib.sha256(manifest).hexdigest()[:12]
        found[f"Pipeline {meta.get('name', meta_file.parent.name)}"] = (
            f"{meta.get('version', '?')} (manifest {digest})"
        )
    return found


def about_html() -> str:
    """The About box text."""
    rows = "".join(
        f"<tr><td>{name}</td><td>{value}</td></tr>" for name, value in versions().items()
    )
    return (
        f"<h3>{TITLE}</h3>"
        "<p>Compares successive drafts of an agreement clause by clause and flags, ranked by "
        "risk and explained, every safeguard the other side struck or weakened.</p>"
        "<p><b>Offline:</b> this app never uses the network.</p>"
        f"<table>{rows}</table>"
        f"{_quality_link()}"
    )


def _quality_link() -> str:
    """A link to the measured precision and recall of the detector, a file shipped with the app."""
    try:
        table = resources.document("detection.md")
    except errors.ResourceError:
        return ""
    return (
        f'<p><a href="{QtCore.QUrl.fromLocalFile(str(table)).toString()}">Detection quality</a>: '
        "precision and recall per category on real contracts, for these pipelines.</p>"
    )


def show_about(parent: QtWidgets.QWidget) -> None:
    """The About box."""
    QtWidgets.QMessageBox.about(parent, f"About {TITLE}", about_html())
