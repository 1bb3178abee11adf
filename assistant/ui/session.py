"""Review sessions: the reviewer's decisions and notes per change, kept as JSON in the data folder.

A session belongs to an ordered set of drafts (its id hashes their sha256s in order) and keys
every decision by a stable change key, never by a row number, so it reopens exactly when the same
drafts are opened again. Files are written atomically: a crash leaves the old file or the new one.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from assistant import model, resources

FORMAT = "redline-assistant/session@1"


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
    """Decisions and notes on the changes of one negotiation; `revision` counts edits."""

    id: str
    drafts: tuple[DraftRecord, ...]
    decisions: dict[str, Decision] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    revision: int = 0

    def decision(self, key: str) -> Decision | None:
        """The decision on a change, if any."""
        return self.decisions.get(key)

    def decide(self, key: str, decision: Decision | None) -> None:
        """Record (or with None, clear) the decision on a change."""
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
        if text.strip():
            self.notes[key] = text
        else:
            self.notes.pop(key, None)
        self.revision += 1

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
        return copy.deepcopy(
            {
                "format": FORMAT,
                "id": self.id,
                "revision": self.revision,
                "drafts": [
                    {"label": d.label, "path": d.path, "sha256": d.sha256} for d in self.drafts
                ],
                "changes": changes,
            }
        )


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


def open_for(drafts: Sequence[model.Draft]) -> tuple[ReviewSession, str | None]:
    """The saved session for these drafts, or a fresh one; plus a notice when a file was bad.

    An unreadable session file is renamed aside, never overwritten, so no decision is lost for good.
    """
    identifier = session_id(drafts)
    records = tuple(DraftRecord(d.label, d.path, d.sha256) for d in drafts)
    fresh = ReviewSession(identifier, records)
    path = file_for(identifier)
    if not path.exists():
        return fresh, None
    try:
        return read(path, records), None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        aside = path.with_suffix(".unreadable.json")
        with contextlib.suppress(OSError):
            os.replace(path, aside)
        return fresh, f"The saved review session could not be read ({exc}); kept as {aside.name}."


def read(path: Path, drafts: tuple[DraftRecord, ...] | None = None) -> ReviewSession:
    """Load a session file; raises ValueError for a file of another format."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} file")
    records = drafts or tuple(
        DraftRecord(str(d["label"]), str(d["path"]), str(d["sha256"])) for d in data["drafts"]
    )
    session = ReviewSession(str(data["id"]), records, revision=int(data.get("revision", 0)))
    for key, entry in dict(data["changes"]).items():
        if "decision" in entry:
            session.decisions[str(key)] = Decision(entry["decision"])
        if "note" in entry:
            session.notes[str(key)] = str(entry["note"])
    return session


_WRITE_LOCK = threading.Lock()
_WRITTEN: dict[Path, int] = {}  # revision last written per file, so a late writer never rewinds


def write(snapshot: dict[str, Any], path: Path) -> bool:
    """Write a snapshot atomically (temp file, fsync, rename); False if a newer one is on disk."""
    with _WRITE_LOCK:
        revision = int(snapshot["revision"])
        if _WRITTEN.get(path, -1) > revision:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(snapshot, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp"
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
        _WRITTEN[path] = revision
        return True


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
    more edits, so opening its drafts restores its decisions; raises ValueError or OSError.
    """
    imported = read(path)
    target = file_for(imported.id)
    if target.exists():
        try:
            if read(target).revision > imported.revision:
                return [d.path for d in imported.drafts]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # an unreadable local copy: the imported file replaces it
    write(imported.snapshot(), target)
    return [d.path for d in imported.drafts]
