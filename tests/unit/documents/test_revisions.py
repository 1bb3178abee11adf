"""Tracked changes in .docx bodies: both views, authors, dates, marks, rows, counts."""

from __future__ import annotations

from pathlib import Path

from assistant import model
from tests.unit.documents import wordml
from tests.unit.documents.wordml import AUTHOR, DATE, deleted, ins, mark, p, t

ORIGINAL = model.View.ORIGINAL
CURRENT = model.View.CURRENT
Kind = model.RevisionKind


def test_insertion_and_deletion_give_two_views(tmp_path: Path) -> None:
    body = p(t("Provider "), deleted("shall"), ins(t("may")), t(" not retain data."))

    document = wordml.read(tmp_path, body)

    (block,) = document.blocks
    assert block.text(ORIGINAL) == "Provider shall not retain data."
    assert block.text(CURRENT) == "Provider may not retain data."
    assert document.revisions == 2


def test_segments_carry_kind_author_and_date(tmp_path: Path) -> None:
    body = p(t("A "), ins(t("new"), author="Bob", date="2024-06-02T08:30:00Z"), deleted("old"))

    (block,) = wordml.read(tmp_path, body).blocks

    assert block.segments == (
        model.Segment("A "),
        model.Segment("new", model.Revision(Kind.INSERTION, "Bob", "2024-06-02T08:30:00Z")),
        model.Segment("old", model.Revision(Kind.DELETION, AUTHOR, DATE)),
    )


def test_adjacent_segments_with_the_same_revision_merge(tmp_path: Path) -> None:
    body = p(t("one "), t("two "), ins(t("three ") + t("four")), ins(t(" five")))

    (block,) = wordml.read(tmp_path, body).blocks

    assert [s.text for s in block.segments] == ["one two ", "three four five"]


def test_moves_hide_text_in_the_matching_view(tmp_path: Path) -> None:
    body = p(deleted("Clause A.", tag="moveFrom")) + p(
        t("Clause B. "), ins(t("Clause A."), tag="moveTo")
    )

    document = wordml.read(tmp_path, body)

    assert wordml.texts(document, ORIGINAL) == ["Clause A.", "Clause B. "]
    assert wordml.texts(document, CURRENT) == ["", "Clause B. Clause A."]
    kinds = [s.revision.kind for b in document.blocks for s in b.segments if s.revision]
    assert kinds == [Kind.MOVE_FROM, Kind.MOVE_TO]


def test_fully_deleted_paragraph_has_a_deleted_mark(tmp_path: Path) -> None:
    body = p(t("Kept.")) + p(deleted("No bulk data analysis."), ppr=f"<w:rPr>{mark('del')}</w:rPr>")

    document = wordml.read(tmp_path, body)

    struck = document.blocks[1]
    assert struck.text(CURRENT) == ""
    assert struck.text(ORIGINAL) == "No bulk data analysis."
    assert struck.mark == model.Revision(Kind.DELETION, AUTHOR, DATE)
    assert document.revisions == 2  # the w:del around the text and the paragraph mark


def test_fully_inserted_paragraph_is_the_reverse(tmp_path: Path) -> None:
    body = p(ins(t("Any lawful purpose.")), ppr=f"<w:rPr>{mark('ins')}</w:rPr>")

    (block,) = wordml.read(tmp_path, body).blocks

    assert block.text(ORIGINAL) == ""
    assert block.text(CURRENT) == "Any lawful purpose."
    assert block.mark is not None
    assert block.mark.kind is Kind.INSERTION
    assert len(block.revisions) == 2


def test_row_revision_applies_to_every_cell_paragraph(tmp_path: Path) -> None:
    deleted_row = wordml.row(
        wordml.cell(p(t("Audit"))), wordml.cell(p(t("yearly"))), trpr=mark("del", author="Bob")
    )
    body = wordml.table(
        wordml.row(wordml.cell(p(t("Right"))), wordml.cell(p(t("When")))), deleted_row
    )

    document = wordml.read(tmp_path, body)

    assert wordml.texts(document, ORIGINAL) == ["Right", "When", "Audit", "yearly"]
    assert wordml.texts(document, CURRENT) == ["Right", "When", "", ""]
    row_marks = [b.mark for b in document.blocks[2:]]
    assert row_marks == [model.Revision(Kind.DELETION, "Bob", DATE)] * 2
    assert document.revisions == 1


def test_inserted_row_keeps_the_more_specific_run_author(tmp_path: Path) -> None:
    new_row = wordml.row(
        wordml.cell(p(ins(t("Logs kept 90 days"), author="Carol"))), trpr=mark("ins")
    )

    (block,) = wordml.read(tmp_path, wordml.table(new_row)).blocks

    assert block.text(ORIGINAL) == ""
    assert block.segments[0].revision == model.Revision(Kind.INSERTION, "Carol", DATE)
    assert block.mark == model.Revision(Kind.INSERTION, AUTHOR, DATE)


def test_text_inserted_then_deleted_is_in_neither_view(tmp_path: Path) -> None:
    body = p(t("Keep"), ins(deleted(" draft wording", author="Bob")), t("."))

    document = wordml.read(tmp_path, body)

    assert document.blocks[0].segments == (model.Segment("Keep."),)
    assert document.revisions == 2


def test_formatting_only_revisions_are_noted_not_counted(tmp_path: Path) -> None:
    change = f'<w:rPrChange w:id="3" w:author="{AUTHOR}"><w:rPr/></w:rPrChange>'
    run = f"<w:r><w:rPr><w:b/>{change}</w:rPr><w:t>Bold now</w:t></w:r>"
    ppr_change = f'<w:pPrChange w:id="4" w:author="{AUTHOR}"><w:pPr/></w:pPrChange>'

    document = wordml.read(tmp_path, p(run, ppr=ppr_change) + p(run))

    assert document.revisions == 0
    assert "3 formatting-only revisions" in document.coverage.not_analysed


def test_deleted_field_and_paragraph_mark_in_a_cell(tmp_path: Path) -> None:
    cell = wordml.cell(p(deleted("Struck cell text")), tcpr="")
    body = wordml.table(wordml.row(cell))

    (block,) = wordml.read(tmp_path, body).blocks

    assert block.text(ORIGINAL) == "Struck cell text"
    assert block.text(CURRENT) == ""
    assert block.cell == model.Cell(0, 0, 0)


def test_deleted_cell_mark_applies_to_its_paragraphs(tmp_path: Path) -> None:
    cell = wordml.cell(p(t("Gone")), tcpr=mark("cellDel"))

    document = wordml.read(tmp_path, wordml.table(wordml.row(cell)))

    assert wordml.texts(document, CURRENT) == [""]
    assert wordml.texts(document, ORIGINAL) == ["Gone"]
    assert document.revisions == 1


def test_revision_count_includes_every_mark_element(tmp_path: Path) -> None:
    body = (
        p(ins(t("a")), deleted("b"), ppr=f"<w:rPr>{mark('ins')}</w:rPr>")
        + p(deleted("c", tag="moveFrom"))
        + p(ins(t("c"), tag="moveTo"))
        + wordml.table(wordml.row(wordml.cell(p(t("r"))), trpr=mark("ins")))
    )

    assert wordml.read(tmp_path, body).revisions == 6


def test_revision_without_author_or_date(tmp_path: Path) -> None:
    body = p('<w:ins w:id="1"><w:r><w:t>x</w:t></w:r></w:ins>')

    (block,) = wordml.read(tmp_path, body).blocks

    assert block.segments[0].revision == model.Revision(Kind.INSERTION, None, None)
