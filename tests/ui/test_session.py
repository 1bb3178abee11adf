"""Review sessions: stable change keys, atomic JSON files, reopening."""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path

import pytest

from assistant.ui import session
from tests.ui import factories


def test_change_keys_are_unique_and_stable(review: factories.HandReview) -> None:
    keys = session.change_keys(review.drafts, review.changes)
    assert len(set(keys)) == len(keys)
    assert keys == session.change_keys(review.drafts, review.changes)
    # The engine may reorder changes (a new sort) without moving a decision to another change.
    reordered = tuple(reversed(review.changes))
    assert session.change_keys(review.drafts, reordered) == tuple(reversed(keys))


def test_identical_changes_get_distinct_keys(review: factories.HandReview) -> None:
    twice = (review.changes[0], review.changes[0])
    first, second = session.change_keys(review.drafts, twice)
    assert first != second


def test_session_round_trips_through_an_atomic_file(review: factories.HandReview) -> None:
    reviewed, notice = session.open_for(review.drafts)
    assert notice is None and not reviewed.decisions
    key = session.change_keys(review.drafts, review.changes)[0]
    reviewed.decide(key, session.Decision.REJECT)
    reviewed.annotate(key, "Reinstate §7.4.")
    path = session.file_for(reviewed.id)
    assert session.write(reviewed.snapshot(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == session.FORMAT
    assert data["changes"][key] == {"decision": "reject", "note": "Reinstate §7.4."}
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left behind
    again, _notice = session.open_for(review.drafts)
    assert again.decision(key) is session.Decision.REJECT
    assert again.note(key) == "Reinstate §7.4."


def test_a_note_with_a_lone_surrogate_is_saved(review: factories.HandReview) -> None:
    # Text pasted from a broken UTF-16 source reaches Python as a lone surrogate.
    reviewed, _notice = session.open_for(review.drafts)
    key = session.change_keys(review.drafts, review.changes)[0]
    reviewed.annotate(key, "broken paste \udc80 here")
    assert session.write(reviewed.snapshot(), session.file_for(reviewed.id))
    again, _notice = session.open_for(review.drafts)
    assert again.note(key) == "broken paste \udc80 here"


def test_other_draft_order_is_another_session(review: factories.HandReview) -> None:
    swapped = (review.drafts[1], review.drafts[0], review.drafts[2])
    assert session.session_id(swapped) != session.session_id(review.drafts)


def test_older_snapshot_never_overwrites_a_newer_one(tmp_path: Path) -> None:
    reviewed = session.ReviewSession("order", ())
    reviewed.annotate("k", "first")
    old = reviewed.snapshot()
    reviewed.annotate("k", "second")
    target = tmp_path / "order.json"
    assert session.write(reviewed.snapshot(), target)
    assert not session.write(old, target)
    assert "second" in target.read_text(encoding="utf-8")


def test_unreadable_session_is_set_aside_not_lost(review: factories.HandReview) -> None:
    path = session.file_for(session.session_id(review.drafts))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    reviewed, notice = session.open_for(review.drafts)
    assert notice is not None and "could not be read" in notice
    assert not reviewed.decisions
    assert path.with_suffix(".unreadable.json").read_text(encoding="utf-8") == "{not json"


def test_blank_note_removes_it() -> None:
    reviewed = session.ReviewSession("x", (session.DraftRecord("v1", "a", "0" * 64),))
    reviewed.annotate("k", "text")
    reviewed.annotate("k", "  ")
    assert reviewed.note("k") == "" and "k" not in reviewed.snapshot()["changes"]


def _newer_file(review: factories.HandReview, key: str) -> Path:
    """A session file as a later version might write it: format @2 and fields we do not know."""
    path = session.file_for(session.session_id(review.drafts))
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": "redline-assistant/session@2",
        "id": session.session_id(review.drafts),
        "revision": 7,
        "drafts": [{"label": d.label, "path": d.path, "sha256": d.sha256} for d in review.drafts],
        "changes": {
            key: {"decision": "reject", "note": "Escalate.", "assignee": "legal"},
            "other": {"decision": "escalate"},  # a decision this version does not know
        },
        "reviewers": ["a", "b"],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_newer_session_opens_read_only_and_is_never_written(
    review: factories.HandReview,
) -> None:
    key = session.change_keys(review.drafts, review.changes)[0]
    path = _newer_file(review, key)
    before = path.read_bytes()
    reviewed, notice = session.open_for(review.drafts)
    assert reviewed.read_only
    assert notice is not None and "newer version" in notice and "session@2" in notice
    assert reviewed.decision(key) is session.Decision.REJECT
    assert reviewed.note(key) == "Escalate."
    assert reviewed.decision("other") is None
    with pytest.raises(session.ReadOnlySession):
        reviewed.decide(key, session.Decision.ACCEPT)
    with pytest.raises(session.ReadOnlySession):
        reviewed.annotate(key, "mine")
    # Even a snapshot of a writable session of ours is refused over the newer file.
    ours = session.ReviewSession(reviewed.id, reviewed.drafts, revision=99)
    assert not session.write(ours.snapshot(), path)
    assert path.read_bytes() == before
    assert not path.with_suffix(".unreadable.json").exists()


def test_newer_session_imported_verbatim(review: factories.HandReview, tmp_path: Path) -> None:
    key = session.change_keys(review.drafts, review.changes)[0]
    local = _newer_file(review, key)
    copy = tmp_path / "shared.redline-session.json"
    local.replace(copy)
    assert session.import_file(copy) == [d.path for d in review.drafts]
    assert local.read_bytes() == copy.read_bytes()


def test_not_a_session_is_refused(tmp_path: Path) -> None:
    for text in ('{"format": "redline-assistant/compare@1"}', '{"format": "x/session@two"}', "[]"):
        path = tmp_path / "s.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError, match="not a redline-assistant/session@1 file"):
            session.read(path)


def test_selected_change_round_trips(review: factories.HandReview) -> None:
    reviewed, _notice = session.open_for(review.drafts)
    key = session.change_keys(review.drafts, review.changes)[2]
    assert reviewed.select(key) and not reviewed.select(key)
    assert session.write(reviewed.snapshot(), session.file_for(reviewed.id))
    again, _notice = session.open_for(review.drafts)
    assert again.selected == key


def test_full_disk_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.json"
    reviewed = session.ReviewSession("s", ())
    reviewed.annotate("k", "kept")
    assert session.write(reviewed.snapshot(), target)
    before = target.read_bytes()

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(session.os, "fsync", full)
    reviewed.annotate("k", "lost")
    with pytest.raises(OSError, match="No space left") as raised:
        session.write(reviewed.snapshot(), target)
    assert raised.value.errno == errno.ENOSPC
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def test_stale_temp_files_are_removed_when_a_session_opens(
    review: factories.HandReview,
) -> None:
    folder = session.file_for(session.session_id(review.drafts)).parent
    folder.mkdir(parents=True, exist_ok=True)
    stale, fresh, other = folder / ".abc.x1.tmp", folder / ".abc.x2.tmp", folder / "notes.tmp"
    for path in (stale, fresh, other):
        path.write_text("{", encoding="utf-8")
    old = time.time() - session.STALE_AFTER_S - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    session.open_for(review.drafts)
    assert not stale.exists()
    assert fresh.exists()  # may belong to a writer that is still running
    assert other.exists()  # not one of ours
