"""GUI test set-up: offscreen Qt, a hand-built review, and a fake analyser instead of the engine."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported anywhere

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from assistant import errors
from assistant.ui import main_window, outcome, settings
from tests.ui import factories


class FakeAnalyser:
    """Returns a prepared review; raises for files named like "unreadable*"; can be held back."""

    def __init__(self, review: outcome.Review) -> None:
        self.review = review
        self.calls: list[tuple[str, ...]] = []
        self.release = threading.Event()
        self.release.set()

    def prepare(self) -> None:
        """Nothing slow to load."""

    def analyse(self, paths: Sequence[str], progress: outcome.Progress) -> outcome.Review:
        """The prepared review, after reporting progress (and waiting while held back)."""
        self.calls.append(tuple(paths))
        for path in paths:
            if Path(path).name.startswith("unreadable"):
                raise errors.UnreadableDocument(path, "not a readable .docx")
        progress("reading drafts")
        if not self.release.wait(timeout=10):
            raise TimeoutError("test never released the analysis")
        progress("comparing drafts")
        return self.review

    def category_labels(self) -> Mapping[str, str]:
        """Labels for the categories the hand-built review uses."""
        return factories.LABELS


@pytest.fixture
def review() -> factories.HandReview:
    """Three drafts, six changes riskiest first, and their safeguard lineage."""
    return factories.review()


@pytest.fixture
def analyser(review: factories.HandReview) -> FakeAnalyser:
    """The fake engine, returning the hand-built review."""
    return FakeAnalyser(review)


@pytest.fixture
def make_window(
    qtbot: QtBot, analyser: FakeAnalyser
) -> Iterator[Callable[[], main_window.MainWindow]]:
    """Builds shown main windows on the fake engine, with a quick autosave."""
    windows: list[main_window.MainWindow] = []

    def make() -> main_window.MainWindow:
        window = main_window.MainWindow(analyser, store=settings.open_settings(), autosave_ms=50)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    analyser.release.set()  # never leave a pool thread waiting past the test


@pytest.fixture
def window(make_window: Callable[[], main_window.MainWindow]) -> main_window.MainWindow:
    """One main window on the fake engine."""
    return make_window()


def open_and_wait(
    qtbot: QtBot, window: main_window.MainWindow, paths: Sequence[str] = factories.PATHS
) -> None:
    """Open drafts and wait until the analysis is on show."""
    with qtbot.waitSignal(window.runner.analysis_finished, timeout=10000):
        window.open_drafts(paths)
