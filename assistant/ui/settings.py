"""The app's settings (window layout, recent negotiations), kept in the user data folder."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6 import QtCore

from assistant import resources

RECENT_KEY = "recent/negotiations"
RECENT_LIMIT = 8


def open_settings() -> QtCore.QSettings:
    """The settings file: an INI in the data folder, so REDLINE_ASSISTANT_HOME moves it too."""
    path = resources.data_home() / "settings.ini"
    return QtCore.QSettings(str(path), QtCore.QSettings.Format.IniFormat)


def recent_negotiations(store: QtCore.QSettings) -> list[list[str]]:
    """Recently opened sets of drafts, newest first."""
    raw = store.value(RECENT_KEY, "[]")
    try:
        entries = json.loads(str(raw))
    except ValueError:
        return []
    if not isinstance(entries, list):
        return []
    return [[str(p) for p in entry] for entry in entries if isinstance(entry, list) and entry]


def remember_negotiation(store: QtCore.QSettings, paths: Sequence[str]) -> None:
    """Put a set of drafts at the top of the recent list."""
    entry = list(paths)
    kept = [e for e in recent_negotiations(store) if e != entry]
    # JSON keeps lists of paths intact in an INI file, whatever characters the paths contain.
    store.setValue(RECENT_KEY, json.dumps([entry, *kept][:RECENT_LIMIT]))
