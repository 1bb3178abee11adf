"""The drafts panel shows what the core reports about each draft: coverage, playbook, comments."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from assistant import model
from assistant.ui import appearance, drafts_panel, main_window
from tests.ui import factories
from tests.ui.conftest import FakeAnalyser, open_and_wait


def test_tooltip_names_the_file_its_fingerprint_view_and_what_was_not_analysed(
    review: factories.HandReview,
) -> None:
    tip = drafts_panel.draft_tooltip(review.drafts[2])
    assert factories.PATHS[2] in tip
    assert f"SHA-256 {'2' * 64}" in tip
    assert "Current view (tracked changes accepted) · 5 clauses" in tip
    assert "Not analysed: 1 text box" in tip


def test_playbook_lists_every_requirement_missing_first_with_where_found(
    review: factories.HandReview,
) -> None:
    entries = (
        model.PlaybookEntry("human_oversight", model.PlaybookStatus.PRESENT, "ok", ("7.5",)),
        model.PlaybookEntry("bulk_data", model.PlaybookStatus.MISSING, "A binding prohibition."),
        model.PlaybookEntry("audit_logging", model.PlaybookStatus.WEAK, "Only 'should'.", ("8.1",)),
    )
    draft = replace(review.drafts[2], playbook=entries)
    lines = drafts_panel.playbook_lines(draft, factories.LABELS)
    assert lines[:3] == [
        "✗ missing: Bulk-acquired data: A binding prohibition.",
        "▼ weak: Audit logging (§8.1): Only 'should'.",
        "✓ present: Human oversight (§7.5)",
    ]
    assert lines[3] == "Not analysed: 1 text box"


def test_every_comment_of_a_draft_is_listed_even_outside_changed_clauses(
    qtbot: QtBot,
    window: main_window.MainWindow,
    analyser: FakeAnalyser,
    review: factories.HandReview,
) -> None:
    loose = model.Comment(None, "2026-03-04T16:30:00Z", "Check the schedule.", block=None)
    drafts = (
        *review.drafts[:2],
        replace(review.drafts[2], comments=(*review.drafts[2].comments, loose)),
    )
    analyser.review = replace(review, drafts=drafts)
    open_and_wait(qtbot, window)
    listed = [
        window.drafts_panel.playbook.item(i).text()
        for i in range(window.drafts_panel.playbook.count())
    ]
    assert "Comment by Buyer Counsel: We cannot accept this." in listed
    assert "Comment by an unknown author (4 Mar 2026, 16:30 UTC): Check the schedule." in listed
    assert window.drafts_panel.playbook_title.text() == "Playbook, coverage, comments: v3"


def test_dates_read_like_dates() -> None:
    assert appearance.when("2026-03-02T09:00:00Z") == "2 Mar 2026, 09:00 UTC"
    assert appearance.when("2026-03-02T09:00:00+02:00") == "2 Mar 2026, 09:00 UTC+0200"
    assert appearance.when("2026-03-02") == "2 Mar 2026"
    assert appearance.when("last Tuesday") == "last Tuesday"  # what the file says, unparsed
