"""Review sessions: stable change keys, atomic JSON files, reopening."""

from __future__ import annotations

import json
from pathlib import Path

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
