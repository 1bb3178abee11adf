"""The audit log: what was opened, analysed, exported and decided, in a tamper-evident chain.

Each record is one JSON line holding the SHA-256 of the previous record, so editing, deleting or
reordering a record breaks the chain. Cutting records off the end leaves a valid chain, so the
count and head hash are also kept in a checkpoint file beside it (a second place), rewritten
atomically after every append. A record that cannot be written raises AuditError, and callers
let it stop the action it records (NIST SP 800-53 AU-5: alert on logging failure).
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import getpass
import hashlib
import json
import os
import platform
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant import errors, model, resources

LOG_NAME = "audit.jsonl"
CHECKPOINT_NAME = "audit.checkpoint.json"
_GENESIS = "0" * 64

try:  # POSIX: serialise appends between the app and the command line
    import fcntl
except ImportError:  # pragma: no cover - Windows has no fcntl; appends are then not locked
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Verification:
    """The result of checking the log: how many records held, and the first problem found."""

    records: int
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the whole log verified."""
        return self.problem is None


def folder() -> Path:
    """Where the log lives: the user data folder."""
    return resources.data_home()


def append(action: str, details: Mapping[str, Any], *, outcome: str = "success") -> None:
    """Add one record; raises AuditError when it cannot be written durably."""
    log, checkpoint = folder() / LOG_NAME, folder() / CHECKPOINT_NAME
    try:
        with _locked(log) as handle:
            count, head = _tail(handle)
            record: dict[str, Any] = {
                "seq": count + 1,
                "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "action": action,
                "outcome": outcome,
                "who": _who(),
                "where": platform.node(),
                "details": dict(details),
                "prev": head,
            }
            record["hash"] = _digest(record)
            handle.seek(0, os.SEEK_END)
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
            _write_checkpoint(checkpoint, count + 1, record["hash"])
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise errors.AuditError(f"cannot write the audit log in {log.parent}: {reason}") from exc


def drafts_details(drafts: Sequence[model.Draft]) -> dict[str, Any]:
    """What identifies an analysis: each draft's path, hash and label."""
    return {"drafts": [{"path": d.path, "sha256": d.sha256, "label": d.label} for d in drafts]}


def analysis_details(
    drafts: Sequence[model.Draft], changes: Sequence[model.Change]
) -> dict[str, Any]:
    """An analysis record: the drafts, and how many changes came out at each risk level."""
    counts = collections.Counter(c.assessment.risk.value for c in changes)
    return drafts_details(drafts) | {"changes": {r.value: counts[r.value] for r in model.Risk}}


def verify(log_folder: Path | None = None) -> Verification:
    """Check every record's chain link and hash, and the checkpoint's count and head."""
    base = log_folder or folder()
    log = base / LOG_NAME
    if not log.exists():
        return Verification(0)
    head, count = _GENESIS, 0
    try:
        with log.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    return Verification(count, f"record {number} is not valid JSON")
                if not isinstance(record, dict) or record.get("seq") != number:
                    return Verification(count, f"record {number} is out of sequence")
                if record.get("prev") != head:
                    return Verification(count, f"record {number} does not follow record {count}")
                if record.get("hash") != _digest(record):
                    return Verification(count, f"record {number} was altered")
                head, count = record["hash"], number
        checkpoint = json.loads((base / CHECKPOINT_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Verification(count, "the checkpoint is missing")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Verification(count, f"unreadable: {exc}")
    if checkpoint.get("count") != count or checkpoint.get("head") != head:
        return Verification(count, f"the checkpoint expects {checkpoint.get('count')} records")
    return Verification(count)


def _digest(record: Mapping[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _who() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


@contextlib.contextmanager
def _locked(log: Path) -> Iterator[Any]:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a+", encoding="utf-8") as handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield handle
        finally:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _tail(handle: Any) -> tuple[int, str]:
    """The count and head hash of the log as written (the last line holds both)."""
    handle.seek(0)
    last = None
    for line in handle:
        if line.strip():
            last = line
    if last is None:
        return 0, _GENESIS
    try:
        record = json.loads(last)
        return int(record["seq"]), str(record["hash"])
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise OSError(0, f"the last audit record is damaged ({exc}); run 'audit verify'") from exc


def _write_checkpoint(path: Path, count: int, head: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump({"count": count, "head": head}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
