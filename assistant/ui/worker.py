"""Work off the UI thread: analyses on the global pool, session saves on a thread of their own."""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore

from assistant import errors
from assistant.ui import outcome, session

if TYPE_CHECKING:
    from assistant.review import analysis

_log = logging.getLogger(__name__)


class EngineAnalyser:
    """The real use case; loads the spaCy detector once, on first use, on a worker thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._detector: analysis.Detector | None = None
        self._labels: dict[str, str] | None = None

    def prepare(self) -> None:
        """Load the detector now (idempotent)."""
        self._detector_loaded(lambda _message: None)

    def analyse(self, paths: Sequence[str], progress: outcome.Progress) -> outcome.Review:
        """Run `analysis.analyse` with the shared detector."""
        from assistant.review import (
            analysis,  # deferred: the window shows before the engine loads
            audit,
        )

        detector = self._detector_loaded(progress)
        review = analysis.analyse(paths, detector, progress=progress)
        audit.append(
            "analysed", audit.analysis_details(review.drafts, review.changes) | {"by": "app"}
        )
        return review

    def category_labels(self) -> Mapping[str, str]:
        """Labels from the taxonomy; ids stand in for them if the taxonomy cannot be read."""
        from assistant import taxonomy  # deferred with the rest of the engine

        with self._lock:
            if self._labels is None:
                try:
                    self._labels = {c.id: c.label for c in taxonomy.load().categories}
                except errors.ResourceError:
                    _log.exception("taxonomy unreadable; showing category ids")
                    return {}
            return self._labels

    def _detector_loaded(self, progress: outcome.Progress) -> analysis.Detector:
        from assistant.review import analysis

        with self._lock:  # two analyses started together must not load spaCy twice
            if self._detector is None:
                progress("loading the restriction detector")
                # The pipeline is a few hundred thousand long-lived objects. Left in the
                # collector's care, every full collection on this thread walks them all while
                # holding the GIL, freezing the UI thread for 60-80 ms at a time: no collection
                # while they are built, and once built they are frozen, never scanned again
                # (refcounting still frees what they drop).
                gc.disable()
                try:
                    self._detector = analysis.default_detector()
                finally:
                    gc.freeze()
                    gc.enable()
            return self._detector


class _Cancelled(Exception):
    """Raised inside a cancelled analysis at its next progress report, to stop it early."""


class _TaskSignals(QtCore.QObject):
    """What one analysis task reports, tagged with its generation number."""

    progressed = QtCore.Signal(int, str)
    analysis_finished = QtCore.Signal(int, object)
    analysis_failed = QtCore.Signal(int, str, str)


class AnalysisTask(QtCore.QRunnable):
    """Analyses drafts and opens their review session, all off the UI thread."""

    def __init__(
        self,
        analyser: outcome.Analyser,
        paths: Sequence[str],
        generation: int,
        cancelled: threading.Event,
    ) -> None:
        super().__init__()
        self.signals = _TaskSignals()
        self._analyser = analyser
        self._paths = tuple(paths)
        self._generation = generation
        self._cancelled = cancelled

    def run(self) -> None:
        """Analyse, then report exactly one of finished or failed (nothing once cancelled)."""
        try:
            result = self._outcome()
        except _Cancelled:
            return
        except errors.UnreadableDocument as exc:
            self.signals.analysis_failed.emit(self._generation, exc.path, exc.reason)
        except errors.AuditError as exc:  # an unrecorded analysis is not shown
            self.signals.analysis_failed.emit(self._generation, "", str(exc))
        except Exception as exc:  # the last line of defence: an engine bug must not kill the UI
            _log.exception("analysis failed")
            reason = f"internal error: {type(exc).__name__}: {exc}"
            self.signals.analysis_failed.emit(self._generation, "", reason)
        else:
            if not self._cancelled.is_set():
                self.signals.analysis_finished.emit(self._generation, result)

    def _outcome(self) -> outcome.Outcome:
        review = self._analyser.analyse(self._paths, self._report)
        self._report("opening the review session")
        labels = dict(self._analyser.category_labels())
        reviewed, notice = session.open_for(review.drafts)
        keys = session.change_keys(review.drafts, review.changes)
        path = session.file_for(reviewed.id)
        return outcome.Outcome(self._paths, review, labels, reviewed, path, keys, notice)

    def _report(self, message: str) -> None:
        if self._cancelled.is_set():
            raise _Cancelled
        self.signals.progressed.emit(self._generation, message)


class _WarmUp(QtCore.QRunnable):
    """Loads the detector in the background while the user picks files."""

    def __init__(self, analyser: outcome.Analyser) -> None:
        super().__init__()
        self._analyser = analyser

    def run(self) -> None:
        """Prepare the analyser; failures surface later, when an analysis needs it."""
        try:
            self._analyser.prepare()
        except Exception:  # reported by the analysis that needs the detector, in a dialog
            _log.exception("warm-up failed")


class AnalysisRunner(QtCore.QObject):
    """Starts analyses one at a time; a newer start or a cancel makes older results be ignored."""

    progressed = QtCore.Signal(str)
    analysis_started = QtCore.Signal()
    analysis_finished = QtCore.Signal(object)  # an outcome.Outcome
    analysis_failed = QtCore.Signal(str, str)  # path ("" when not about one file), reason
    analysis_cancelled = QtCore.Signal()

    def __init__(self, analyser: outcome.Analyser, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._analyser = analyser
        self._generation = 0
        self._cancel = threading.Event()
        self._running = False

    @property
    def running(self) -> bool:
        """Whether an analysis is under way (and not cancelled)."""
        return self._running

    def start(self, paths: Sequence[str]) -> None:
        """Analyse these drafts, abandoning any analysis still running."""
        self._cancel.set()
        self._generation += 1
        self._cancel = threading.Event()
        task = AnalysisTask(self._analyser, paths, self._generation, self._cancel)
        task.signals.progressed.connect(self._on_task_progressed)
        task.signals.analysis_finished.connect(self._on_task_finished)
        task.signals.analysis_failed.connect(self._on_task_failed)
        self._running = True
        self.analysis_started.emit()
        QtCore.QThreadPool.globalInstance().start(task)

    def cancel(self) -> None:
        """Stop the running analysis at its next progress report and drop its result."""
        if not self._running:
            return
        self._cancel.set()
        self._generation += 1
        self._running = False
        self.analysis_cancelled.emit()

    def warm_up(self) -> None:
        """Load the slow parts of the analyser in the background."""
        QtCore.QThreadPool.globalInstance().start(_WarmUp(self._analyser))

    def _on_task_progressed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.progressed.emit(message)

    def _on_task_finished(self, generation: int, result: object) -> None:
        if generation == self._generation:
            self._running = False
            self.analysis_finished.emit(result)

    def _on_task_failed(self, generation: int, path: str, reason: str) -> None:
        if generation == self._generation:
            self._running = False
            self.analysis_failed.emit(path, reason)


class _SaveSignals(QtCore.QObject):
    session_saved = QtCore.Signal(str)
    session_save_failed = QtCore.Signal(str)


def save_failure(path: Path, exc: OSError) -> str:
    """Why a session could not be saved, in words ("…: No space left on device")."""
    return f"{path}: {exc.strerror or exc}"


class _SaveTask(QtCore.QRunnable):
    """Writes one session snapshot."""

    def __init__(self, snapshot: dict[str, Any], path: Path, signals: _SaveSignals) -> None:
        super().__init__()
        self._snapshot = snapshot
        self._path = path
        self._signals = signals

    def run(self) -> None:
        """Write atomically and report the outcome (nothing when a newer save got there first)."""
        try:
            written = session.write(self._snapshot, self._path)
        except OSError as exc:
            self._report(self._signals.session_save_failed, save_failure(self._path, exc))
        else:
            if written:
                self._report(self._signals.session_saved, str(self._path))

    @staticmethod
    def _report(signal: QtCore.SignalInstance, message: str) -> None:
        # The window may have closed (deleting the signals object) while the file was written;
        # the file is safe either way, and nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(message)


class SessionSaver(QtCore.QObject):
    """Saves sessions on a pool of its own (autosave) or on the calling thread (when closing).

    Read-only sessions are never written. One thread of its own writes snapshots in the order
    they were taken, and never waits behind an analysis on the global pool.
    """

    session_saved = QtCore.Signal(str)
    session_save_failed = QtCore.Signal(str)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        # One signals object for all tasks, owned here: tasks never outlive the window's QObject
        # tree in a way that matters, and no per-task object is deleted while still emitting.
        self._signals = _SaveSignals(self)
        self._signals.session_saved.connect(self.session_saved)
        self._signals.session_save_failed.connect(self.session_save_failed)
        self._pool = QtCore.QThreadPool(self)  # waits for its writes when deleted
        self._pool.setMaxThreadCount(1)

    def save_later(self, reviewed: session.ReviewSession, path: Path) -> None:
        """Snapshot now, write on the saver's thread."""
        if not reviewed.read_only:
            self._pool.start(_SaveTask(reviewed.snapshot(), path, self._signals))

    def save_now(self, reviewed: session.ReviewSession, path: Path) -> bool:
        """Write immediately on this thread (used when the window closes); False if it failed."""
        if reviewed.read_only:
            return True
        self._pool.waitForDone()  # an earlier snapshot must not land after this one
        try:
            session.write(reviewed.snapshot(), path)
        except OSError as exc:
            self.session_save_failed.emit(save_failure(path, exc))
            return False
        return True
