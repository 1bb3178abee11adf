"""The one resolver of `resources/`, `models/` and shipped `docs/` (checkout, install or bundle)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from assistant import errors


def _root() -> Path:
    """The folder holding `resources/`, `models/` and `docs/`."""
    frozen = getattr(sys, "_MEIPASS", None)  # set by PyInstaller in a bundle
    if frozen is not None:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def path(relative: str) -> Path:
    """Absolute path of a file or folder under `resources/`; raises ResourceError if absent."""
    return _existing(_root() / "resources" / relative)


def model_path(name: str) -> Path:
    """Absolute path of a spaCy pipeline folder under `models/`."""
    return _existing(_root() / "models" / name)


def document(name: str) -> Path:
    """Absolute path of a file under `docs/` that ships with the app (the detection table)."""
    return _existing(_root() / "docs" / name)


def data_home() -> Path:
    """The user data folder (sessions, settings, audit log, user packs); created on demand."""
    override = os.environ.get("REDLINE_ASSISTANT_HOME")
    if override:
        home = Path(override)
    else:
        import platformdirs  # deferred: only needed when user data is touched

        home = Path(platformdirs.user_data_dir("redline-assistant", appauthor=False))
    home.mkdir(parents=True, exist_ok=True)
    return home


def _existing(candidate: Path) -> Path:
    if not candidate.exists():
        raise errors.ResourceError(f"bundled resource missing: {candidate}")
    return candidate
