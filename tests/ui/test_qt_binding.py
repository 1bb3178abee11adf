"""The installed Qt binding is one the app can live with."""

from __future__ import annotations

import sys

from PySide6 import QtCore


class _Source(QtCore.QObject):
    pinged = QtCore.Signal()


def test_emit_keeps_references_to_true() -> None:
    """PySide6 6.12.0 dropped a reference to True on every emit(), aborting Python 3.11 after a
    few hundred signals; pyproject.toml excludes it, and this catches a binding that regresses."""
    source = _Source()
    before = sys.getrefcount(True)
    results = [source.pinged.emit() for _ in range(50)]
    assert sys.getrefcount(True) - before >= results.count(True)
