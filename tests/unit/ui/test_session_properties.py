"""Hypothesis: a review session written to its file and read back is the same session.

session.py holds no Qt, so it is tested here without a display. Sessions are built the way the
app builds them (decide, annotate, in any order, on any change keys) and written atomically.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.ui import session

keys = st.one_of(
    st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),  # as change_keys makes them
    st.text(min_size=1, max_size=40),
)
records = st.builds(session.DraftRecord, st.text(max_size=30), st.text(max_size=80), st.text())
edits = st.lists(
    st.tuples(
        keys,
        st.one_of(st.none(), st.sampled_from(session.Decision)),
        st.one_of(st.none(), st.text(max_size=200)),
    ),
    max_size=20,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the sessions are written, one new file per example."""
    return tmp_path_factory.mktemp("sessions")


@given(
    identifier=st.text(min_size=1, max_size=64),
    drafts=st.lists(records, max_size=4).map(tuple),
    changes=edits,
)
@settings(max_examples=100, deadline=None)
def test_a_saved_session_loads_as_it_was(
    folder: Path,
    identifier: str,
    drafts: tuple[session.DraftRecord, ...],
    changes: list[tuple[str, session.Decision | None, str | None]],
) -> None:
    reviewed = session.ReviewSession(identifier, drafts)
    for key, decision, note in changes:
        reviewed.decide(key, decision)
        if note is not None:
            reviewed.annotate(key, note)
    path = folder / f"{uuid.uuid4().hex}.json"

    assert session.write(reviewed.snapshot(), path)
    loaded = session.read(path)

    assert loaded.id == reviewed.id
    assert loaded.drafts == reviewed.drafts
    assert loaded.decisions == reviewed.decisions
    assert loaded.notes == reviewed.notes
    assert loaded.revision == reviewed.revision
    assert loaded.snapshot() == reviewed.snapshot()


@given(changes=edits)
@settings(max_examples=30, deadline=None)
def test_reading_a_session_for_its_drafts_keeps_the_drafts_given(
    folder: Path, changes: list[tuple[str, session.Decision | None, str | None]]
) -> None:
    records_now = (session.DraftRecord("v1", "/moved/a.docx", "a" * 64),)
    reviewed = session.ReviewSession("id", (session.DraftRecord("v1", "/old/a.docx", "a" * 64),))
    for key, decision, note in changes:
        reviewed.decide(key, decision)
        reviewed.annotate(key, note or "")
    path = folder / f"{uuid.uuid4().hex}.json"
    session.write(reviewed.snapshot(), path)

    loaded = session.read(path, records_now)

    assert loaded.drafts == records_now  # the files as opened now, wherever they moved
    assert (loaded.decisions, loaded.notes) == (reviewed.decisions, reviewed.notes)
