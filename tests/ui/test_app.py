"""Start-up: the window comes before the engine; the bundled sample end to end (needs the model)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6 import QtWidgets
from pytestqt.qtbot import QtBot

from assistant.ui import app, change_model, main_window, worker
from tests.conftest import ROOT
from tests.ui import factories
from tests.ui.conftest import FakeAnalyser


def test_importing_the_app_loads_neither_the_engine_nor_spacy() -> None:
    probe = (
        "import sys, assistant.ui.app, assistant.ui.main_window;"
        "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith('assistant.clauses')"
        " or m.startswith('assistant.review')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


def test_sample_paths_are_the_bundled_docx_sorted() -> None:
    paths = app.sample_paths()
    assert paths == sorted(paths)
    assert all(p.endswith(".docx") for p in paths)


def test_run_shows_the_window_and_opens_the_drafts_in_order(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, analyser: FakeAnalyser
) -> None:
    monkeypatch.setattr(worker, "EngineAnalyser", lambda: analyser)
    shown: list[main_window.MainWindow] = []

    def exec_briefly() -> int:
        window = next(
            w
            for w in QtWidgets.QApplication.topLevelWidgets()
            if isinstance(w, main_window.MainWindow) and w.isVisible()
        )
        shown.append(window)
        qtbot.waitUntil(lambda: window.result is not None, timeout=10000)
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QtWidgets.QApplication, "exec", staticmethod(exec_briefly))
    assert app.run(list(reversed(factories.PATHS))) == 0
    assert shown[0].windowTitle() == "Redline Assistant"
    assert analyser.calls == [tuple(reversed(factories.PATHS))]  # the command line's order


@pytest.mark.model
def test_sample_negotiation_shows_the_struck_safeguard_first(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    samples = app.sample_paths()
    if not samples:
        pytest.skip("resources/samples has no .docx drafts")
    failures: list[str] = []
    monkeypatch.setattr(
        QtWidgets.QMessageBox, "warning", lambda _parent, _title, text: failures.append(text)
    )
    window = main_window.MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_drafts(samples)
    qtbot.waitUntil(lambda: window.result is not None or bool(failures), timeout=60000)
    assert not failures
    first = window.change_proxy.index(0, change_model.Column.RISK)
    assert first.data() == "Critical"
    assert window.change_table.currentIndex().row() == 0
    categories = first.siblingAtColumn(change_model.Column.CATEGORIES).data()
    assert "bulk" in categories.lower()
    assert "Counterparty Counsel" in window.details.toPlainText()
