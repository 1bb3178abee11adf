"""Which files the app opens as drafts, in which order, and where the bundled sample lives."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from assistant import errors, resources

SUFFIXES = (".docx", ".pdf", ".md", ".txt")
DIALOG_FILTER = "Drafts (*.docx *.pdf *.md *.txt);;All files (*)"

_VERSION = re.compile(r"(?:v|version|draft|rev)[ _-]?(\d+(?:\.\d+)*)$", re.IGNORECASE)


def is_draft(path: str) -> bool:
    """Whether a file has a suffix the readers handle (others still get a clear error on open)."""
    return Path(path).suffix.lower() in SUFFIXES


def sensible_order(paths: Iterable[str]) -> list[str]:
    """Drafts ordered by the version number in their names, else by modification time.

    A file picker or a drop hands files over in no useful order; a negotiator names drafts
    "…-v3" or at least saves them one after another.
    """
    unique = list(dict.fromkeys(paths))
    versions = [_VERSION.search(Path(p).stem) for p in unique]
    if all(versions) and len({m.group(1) for m in versions if m}) == len(unique):
        numbers = [tuple(int(n) for n in m.group(1).split(".")) for m in versions if m]
        return [p for _, p in sorted(zip(numbers, unique, strict=True))]
    return sorted(unique, key=lambda p: (_modified(p), Path(p).name))


def sample_paths() -> list[str]:
    """The bundled sample negotiation's drafts, sorted (empty if the sample is not installed)."""
    try:
        folder = resources.path("samples")
    except errors.ResourceError:
        return []
    return sorted(str(p) for p in folder.glob("*.docx"))


def _modified(path: str) -> float:
    with contextlib.suppress(OSError):
        return os.stat(path).st_mtime
    return 0.0


def display_name(path: str) -> str:
    """The file name shown for a path."""
    return Path(path).name


def without(paths: Sequence[str], removed: str) -> list[str]:
    """The paths except one (compared as resolved paths, so spellings of one file match)."""
    target = _resolved(removed)
    return [p for p in paths if _resolved(p) != target]


def _resolved(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return path
