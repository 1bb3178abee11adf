"""Review sessions: the reviewer's decisions and notes per change, kept as JSON in the data folder.

A session belongs to an ordered set of drafts (its id hashes their sha256s in order) and keys
every decision by a stable change key, never by a row number, so it reopens exactly when the same
drafts are opened again. Files are written atomically (temp file, fsync, rename, fsync of the
folder): a crash leaves the old file or the new one, never a mix. A file written by a newer version
opens read-only and is never written over.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from assistant import errors, model, resources

VERSION = 1
FORMAT_PREFIX = "redline-assistant/session@"
FORMAT = f"{FORMAT_PREFIX}{VERSION}"
# A write takes milliseconds; a temp file this old was left by a writer that was killed.
STALE_AFTER_S = 600.0
_TEMP_SUFFIX = ".tmp"


class ReadOnlySession(errors.AssistantError):
    """An edit was attempted on a session opened read-only (saved by a newer version)."""


class Decision(StrEnum):
    """What the reviewer decided about one change."""

    ACCEPT = "accept"
    REJECT = "reject"
    DISCUSS = "discuss"


@dataclass(frozen=True, slots=True)
class DraftRecord:
    """Which file a draft of the session came from, as it was when the session started."""

    label: str
    path: str
    sha256: str


@dataclass(slots=True)
class ReviewSession:
    """Decisions, notes and the selected change of one negotiation; `revision` counts changes.

    A read-only session (from a file of a newer format) refuses edits; only its selection moves.
    """

    id: str
    drafts: tuple[DraftRecord, ...]
    decisions: dict[str, Decision] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    revision: int = 0
    selected: str | None = None
    read_only: bool = False

    def decision(self, key: str) -> Decision | None:
        """The decision on a change, if any."""
        return self.decisions.get(key)

    def decide(self, key: str, decision: Decision | None) -> None:
        """Record (or with None, clear) the decision on a change."""
        self._check_writable()
        if decision is None:
            self.decisions.pop(key, None)
        else:
            self.decisions[key] = decision
        self.revision += 1

    def note(self, key: str) -> str:
        """The reviewer's note on a change ("" when none)."""
        return self.notes.get(key, "")

    def annotate(self, key: str, text: str) -> None:
        """Replace the note on a change; blank text removes it."""
        self._check_writable()
        if text.strip():
            self.notes[key] = text
        else:
            self.notes.pop(key, None)
        self.revision += 1

    def select(self, key: str | None) -> bool:
        """Remember the change on show, to show it again on reopening; False if unchanged."""
        if key == self.selected:
            return False
        self.selected = key
        # Counted like an edit so that a late save of an older selection never wins.
        self.revision += 1
        return True

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlySession(f"session {self.id} is read-only")

    def snapshot(self) -> dict[str, Any]:
        """The session as plain JSON data, detached from later edits."""
        keys = sorted(set(self.decisions) | set(self.notes))
        changes: dict[str, dict[str, str]] = {}
        for key in keys:
            entry: dict[str, str] = {}
            if key in self.decisions:
                entry["decision"] = self.decisions[key].value
            if key in self.notes:
                entry["note"] = self.notes[key]
            changes[key] = entry
        data: dict[str, Any] = {
            "format": FORMAT,
            "id": self.id,
            "revision": self.revision,
            "drafts": [{"label": d.label, "path": d.path, "sha256": d.sha256} for d in self.drafts],
            "changes": changes,
        }
        if self.selected is not None:
            data["selected"] = self.selected
        return copy.deepcopy(data)


def session_id(drafts: Sequence[model.Draft]) -> str:
    """The id of the session for these drafts in this order."""
    return hashlib.sha256("\n".join(d.sha256 for d in drafts).encode()).hexdigest()


def change_keys(drafts: Sequence[model.Draft], changes: Sequence[model.Change]) -> tuple[str, ...]:
    """A stable key per change: which drafts, which clauses, what kind, which texts.

    Two changes that agree on all of that (the same clause text deleted twice) are told apart by
    their order, which the engine keeps stable for the same drafts.
    """
    keys: list[str] = []
    seen: dict[str, int] = {}
    for change in changes:
        old, new = drafts[change.from_draft], drafts[change.to_draft]
        parts = (
            old.sha256,
            old.view.value,
            new.sha256,
            new.view.value,
            change.kind.value,
            " + ".join(c.ref or "" for c in change.old),
            " + ".join(c.ref or "" for c in change.new),
            _digest(" ".join(c.text for c in change.old)),
            _digest(" ".join(c.text for c in change.new)),
        )
        key = _digest("\x1f".join(parts))[:32]
        count = seen.get(key, 0)
        seen[key] = count + 1
        keys.append(key if count == 0 else f"{key}#{count + 1}")
    return tuple(keys)


def file_for(identifier: str) -> Path:
    """The session file of a session id (its folder is created when first written)."""
    return resources.data_home() / "sessions" / f"{identifier}.json"


def newer_notice(saved_as: str) -> str:
    """What the user is told when a session comes from a newer version of the app."""
    return (
        f"This review session was saved by a newer version of Redline Assistant ({saved_as}). "
        "It is open read-only: its decisions and notes are shown but cannot be changed, and its "
        "file is left untouched. Update Redline Assistant to continue this review."
    )


def open_for(drafts: Sequence[model.Draft]) -> tuple[ReviewSession, str | None]:
    """The saved session for these drafts, or a fresh one; plus a notice for the user, if any.

    An unreadable session file is renamed aside, never overwritten, so no decision is lost for
    good; a file of a newer format stays where it is and opens read-only. Temp files left by a
    killed writer are removed on the way.
    """
    identifier = session_id(drafts)
    records = tuple(DraftRecord(d.label, d.path, d.sha256) for d in drafts)
    fresh = ReviewSession(identifier, records)
    path = file_for(identifier)
    remove_stale_temporaries(path.parent)
    if not path.exists():
        return fresh, None
    try:
        opened = read(path, records)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        aside = path.with_suffix(".unreadable.json")
        with contextlib.suppress(OSError):
            os.replace(path, aside)
        return fresh, f"The saved review session could not be read ({exc}); kept as {aside.name}."
    if opened.read_only:
        return opened, newer_notice(_format_name(path))
    return opened, None


def read(path: Path, drafts: tuple[DraftRecord, ...] | None = None) -> ReviewSession:
    """Load a session file; raises ValueError for a file that is not a review session.

    A file of a newer format is read as far as this version understands it, and read-only.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    version = _format_version(data)
    if version > VERSION:
        return _read_newer(data, drafts)
    records = drafts or _draft_records(data)
    session = ReviewSession(str(data["id"]), records, revision=int(data.get("revision", 0)))
    for key, entry in dict(data["changes"]).items():
        if "decision" in entry:
            session.decisions[str(key)] = Decision(entry["decision"])
        if "note" in entry:
            session.notes[str(key)] = str(entry["note"])
    selected = data.get("selected")
    session.selected = selected if isinstance(selected, str) else None
    return session


def _format_version(data: object) -> int:
    """The version number in a session's "format"; ValueError when it is not a session."""
    name = data.get("format") if isinstance(data, dict) else None
    version = name.removeprefix(FORMAT_PREFIX) if isinstance(name, str) else ""
    if not (isinstance(name, str) and name.startswith(FORMAT_PREFIX) and version.isdecimal()):
        raise ValueError(f"not a {FORMAT} file")
    return int(version)


def _format_name(path: Path) -> str:
    """E.g. "session@2", for messages."""
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(path.read_text(encoding="utf-8"))
        return f"session@{_format_version(data)}"
    return "a newer format"


def _draft_records(data: dict[str, Any]) -> tuple[DraftRecord, ...]:
    return tuple(
        DraftRecord(str(d["label"]), str(d["path"]), str(d["sha256"])) for d in data["drafts"]
    )


def _read_newer(data: dict[str, Any], drafts: tuple[DraftRecord, ...] | None) -> ReviewSession:
    """Whatever of a newer file still reads like ours; the rest is left alone, never guessed."""
    records = drafts or _draft_records(data)  # without its drafts a session cannot be opened
    revision = data.get("revision")
    session = ReviewSession(
        str(data.get("id", "")),
        records,
        revision=revision if isinstance(revision, int) else 0,
        read_only=True,
    )
    changes = data.get("changes")
    for key, entry in changes.items() if isinstance(changes, dict) else ():
        if not isinstance(entry, dict):
            continue
        decision = entry.get("decision")
        if isinstance(decision, str) and decision in set(Decision):
            session.decisions[str(key)] = Decision(decision)
        if isinstance(entry.get("note"), str):
            session.notes[str(key)] = entry["note"]
    selected = data.get("selected")
    session.selected = selected if isinstance(selected, str) else None
    return session


_WRITE_LOCK = threading.Lock()
_WRITTEN: dict[Path, int] = {}  # revision last written per file, so a late writer never rewinds


def write(snapshot: dict[str, Any], path: Path) -> bool:
    """Write a snapshot atomically; False (nothing written) if a newer one is on disk.

    Newer means a later revision written by this process, or a file of a newer format, which
    must never be replaced by an older version's view of it.
    """
    with _WRITE_LOCK:
        revision = int(snapshot["revision"])
        if _WRITTEN.get(path, -1) > revision or _newer_format_on_disk(path):
            return False
        # ASCII escapes: a note pasted with a lone surrogate (broken UTF-16 from the clipboard)
        # is valid JSON as "\udc80" but cannot be encoded as UTF-8, and would fail every save.
        text = json.dumps(snapshot, ensure_ascii=True, indent=2, sort_keys=True) + "\n"
        replace_atomically(path, text)
        _WRITTEN[path] = revision
        return True


def replace_atomically(path: Path, text: str) -> None:
    """Replace a file's content so that a crash at any point leaves the old file or the new one.

    The text goes to a temp file in the same folder (a rename never crosses file systems), is
    flushed and fsynced, then renamed over the file; the folder is fsynced so the rename lasts.
    Raises OSError (a full disk, for one) with the old file untouched and no temp file left.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.stem}.", suffix=_TEMP_SUFFIX
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temp files that a killed writer left in a session folder; returns how many."""
    removed = 0
    deadline = time.time() - STALE_AFTER_S
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not (entry.name.startswith(".") and entry.name.endswith(_TEMP_SUFFIX)):
                continue
            with contextlib.suppress(OSError):  # a writer may be renaming it right now
                if entry.stat().st_mtime < deadline:
                    os.unlink(entry.path)
                    removed += 1
    return removed


def _newer_format_on_disk(path: Path) -> bool:
    try:
        return _format_version(json.loads(path.read_text(encoding="utf-8"))) > VERSION
    except (OSError, ValueError):
        return False  # no file, or one not worth keeping: the snapshot replaces it


def _sync_folder(folder_path: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder_path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def import_file(path: Path) -> list[str]:
    """Adopt a session saved elsewhere (Save Session As) and return its drafts' paths, in order.

    The file is copied into the data folder under its id unless a session there already holds
    more edits, so opening its drafts restores its decisions; a file of a newer format is copied
    as it is (it will open read-only). Raises ValueError or OSError.
    """
    imported = read(path)
    target = file_for(imported.id)
    if target.exists():
        try:
            if read(target).revision > imported.revision:
                return [d.path for d in imported.drafts]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # an unreadable local copy: the imported file replaces it
    if imported.read_only:
        replace_atomically(target, path.read_text(encoding="utf-8"))
    else:
        write(imported.snapshot(), target)
    return [d.path for d in imported.drafts]
