"""The redline HTML and view, and the details pane."""

from __future__ import annotations

import html as html_module

from PySide6 import QtGui
from pytestqt.qtbot import QtBot

from assistant.ui import appearance, details, redline
from tests.ui import factories

INK = appearance.Inks("red", "blue", "green", "orange", "grey")


def test_deletion_is_struck_through_in_red(review: factories.HandReview) -> None:
    html = redline.redline_html(review.changes[0], review.drafts, INK)
    assert f"<span style='color:red'><del>{factories.BULK}</del></span>" in html
    assert "§ 7.4 → —" in html
    assert "7. Use Restrictions" in html
    assert "v2 → v3" in html


def test_insertion_is_underlined_in_blue(review: factories.HandReview) -> None:
    html = redline.redline_html(review.changes[3], review.drafts, INK)
    assert f"<span style='color:blue'><u>{html_module.escape(factories.SECRET)}</u></span>" in html


def test_word_edit_marks_only_the_changed_words(review: factories.HandReview) -> None:
    html = redline.redline_html(review.changes[1], review.drafts, INK)
    assert "<del>shall</del>" in html
    assert "<u>should</u>" in html
    assert "A human operator " in html
    assert "<del>A human" not in html


def test_moved_clause_is_green(review: factories.HandReview) -> None:
    html = redline.redline_html(review.changes[4], review.drafts, INK)
    assert f"<span style='color:green'>{factories.NOTICES}</span>" in html


def test_text_is_escaped(review: factories.HandReview) -> None:
    from dataclasses import replace

    from assistant import model

    change = replace(review.changes[0], diff=(model.Edit(model.Op.DELETE, "<b>a & b</b>"),))
    assert "&lt;b&gt;a &amp; b&lt;/b&gt;" in redline.redline_html(change, review.drafts, INK)


def test_view_renders_strike_and_underline(qtbot: QtBot, review: factories.HandReview) -> None:
    view = redline.RedlineView()
    qtbot.addWidget(view)
    view.show_change(review.changes[1], review.drafts)
    text = view.toPlainText()
    start = text.index("shall")
    cursor = QtGui.QTextCursor(view.document())
    cursor.setPosition(start + 1)
    assert cursor.charFormat().fontStrikeOut()
    cursor.setPosition(text.index("should") + 1)
    assert cursor.charFormat().fontUnderline()


def test_details_explain_the_change(review: factories.HandReview) -> None:
    critical = details.details_html(review.changes[0], review.drafts, factories.LABELS)
    assert "no equivalent clause remains" in critical
    assert "<code>safeguard.struck</code>" in critical
    assert "Bulk-acquired data" in critical
    assert "Tracked change by Counterparty Counsel, 2 Mar 2026, 09:00 UTC." in critical
    assert "v2 §7.4: “Licensee shall not run" in critical  # evidence from the detector
    high = details.details_html(review.changes[1], review.drafts, factories.LABELS)
    assert "Made without a revision mark" in high
    assert "Buyer Counsel: We cannot accept this." in high
    medium = details.details_html(review.changes[2], review.drafts, factories.LABELS)
    assert "The newer draft has no revision marks." in medium
