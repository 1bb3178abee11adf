"""Emitting Qt signals from Python without the reference leak of PySide6 6.12's `emit`.

WORKAROUND for a PySide6 6.12.0 defect (no upstream report found yet; reproduced here with
Python 3.11): `SignalInstance.emit()` returns `True` without taking a reference to it, so every
emission from Python drops one reference to `True`. Python 3.11 does not make `True` immortal,
so after a few hundred emissions the interpreter aborts with "bool_dealloc: deallocating True".
Every signal this package emits goes through `emit()`, which gives the reference back when (and
only when) a probe at import time shows the installed PySide6 drops it.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

from PySide6 import QtCore

_PROBES = 8


class _Probe(QtCore.QObject):
    """A throwaway signal source for measuring what one emission does to `True`."""

    pinged = QtCore.Signal()


def _drops_true_reference() -> bool:
    """Whether emitting a signal from Python loses a reference to `True` on this installation."""
    if sys.version_info >= (3, 12):
        return False  # True is immortal there: a lost reference cannot free it
    probe = _Probe()
    send: Callable[[], object] = probe.pinged.emit
    before = sys.getrefcount(True)
    results = [send() for _ in range(_PROBES)]
    lost = before - sys.getrefcount(True) + results.count(True)
    # Each result in the list holds a reference the buggy emit never took: repair them first.
    for result in results:
        if result is True and lost >= _PROBES:
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
    return lost >= _PROBES


_LEAKS = _drops_true_reference()


def emit(signal: QtCore.SignalInstance, *args: object) -> None:
    """Emit `signal` with `args`, returning the reference PySide6 6.12 fails to take, if it does."""
    send: Callable[..., object] = signal.emit
    result = send(*args)
    if _LEAKS and result is True:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
