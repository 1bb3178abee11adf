"""The Markdown redline keeps the spaces between words around struck and added text."""

from __future__ import annotations

from assistant import model
from assistant.reporting import markdown


def test_spaces_survive_around_marks() -> None:
    diff = (
        model.Edit(model.Op.EQUAL, "use the Services "),
        model.Edit(model.Op.DELETE, "solely "),
        model.Edit(model.Op.EQUAL, "for the "),
        model.Edit(model.Op.INSERT, "any lawful"),
        model.Edit(model.Op.EQUAL, " purpose."),
    )
    assert markdown.redline(diff) == "use the Services ~~solely~~ for the **any lawful** purpose."


def test_markup_in_contract_text_is_escaped() -> None:
    diff = (model.Edit(model.Op.INSERT, "*not* [a link]"),)
    assert markdown.redline(diff) == "**\\*not\\* \\[a link\\]**"
