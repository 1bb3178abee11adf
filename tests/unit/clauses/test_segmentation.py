"""Clause segmentation: refs, nesting, label stripping, headings, tables, tracked paragraphs."""

from __future__ import annotations

from typing import Any

import pytest

from assistant import model
from assistant.clauses import segmentation

INSERTED = model.Revision(model.RevisionKind.INSERTION, "Counsel", "2026-03-02T09:00:00Z")
DELETED = model.Revision(model.RevisionKind.DELETION, "Counsel", "2026-03-02T09:00:00Z")


def para(text: str, **fields: Any) -> model.Block:
    """A plain paragraph block."""
    return model.Block((model.Segment(text),), **fields)


def cell(text: str, table: int, row: int, column: int) -> model.Block:
    """A table-cell paragraph."""
    return model.Block((model.Segment(text),), cell=model.Cell(table, row, column))


def refs(blocks: list[model.Block]) -> list[tuple[str | None, str]]:
    """(ref, text) of each clause."""
    return [(c.ref, c.text) for c in segmentation.segment(blocks)]


@pytest.mark.parametrize(
    ("text", "ref", "rest"),
    [
        ("7.4 Licensee shall not.", "7.4", "Licensee shall not."),
        ("7.4. Licensee shall not.", "7.4", "Licensee shall not."),
        ("7.4.1 Licensee shall not.", "7.4.1", "Licensee shall not."),
        ("7. Licensee shall not.", "7", "Licensee shall not."),
        ("Section 7.4 Licensee shall not.", "7.4", "Licensee shall not."),
        ("SECTION 7.4. Licensee shall not.", "7.4", "Licensee shall not."),
        ("Sec. 7.4 Licensee shall not.", "7.4", "Licensee shall not."),
        ("§ 7.4 Licensee shall not.", "7.4", "Licensee shall not."),
        ("Clause 7 Licensee shall not.", "7", "Licensee shall not."),
        ("Article IV Licensee shall not.", "IV", "Licensee shall not."),
        ("ARTICLE 4 - Licensee shall not.", "4", "Licensee shall not."),
        ("(a) the Platform;", "(a)", "the Platform;"),
        ("a) the Platform;", "(a)", "the Platform;"),
        ("(iv) the Platform;", "(iv)", "the Platform;"),
        ("1) the Platform;", "(1)", "the Platform;"),
        ("(1) the Platform;", "(1)", "the Platform;"),
        ("b. the Platform;", "(b)", "the Platform;"),
        ("1. Licensee shall not.", "1", "Licensee shall not."),
        # a section of an annex or schedule
        ("A.4 The City shall not share City Data.", "A.4", "The City shall not share City Data."),
        ("B.2.1 Licensee shall not.", "B.2.1", "Licensee shall not."),
    ],
)
def test_reference_labels_are_parsed_and_removed(text: str, ref: str, rest: str) -> None:
    assert refs([para(text)]) == [(ref, rest)]


@pytest.mark.parametrize(
    "text",
    [
        "Section 3.2 of the Agreement is amended as follows.",
        "2.5 million shares shall be issued.",
        "(the Parties) agree as follows.",
        "U.S. persons are protected.",
        "U.S.C. 1801 defines it.",
        "e.g. this one.",
    ],
)
def test_prose_is_not_a_label(text: str) -> None:
    assert refs([para(text)]) == [(None, text)]


def test_nested_items_compose_with_their_parent() -> None:
    blocks = [
        para("7.4 Licensee shall not:"),
        para("(a) surveil U.S. persons;"),
        para("(i) directly;"),
        para("(ii) indirectly;"),
        para("(b) analyse bulk data;"),
        para("(h) eighth;"),
        para("(i) ninth, a letter after (h);"),
        para("7.5 Next section."),
        para("(a) first again."),
    ]
    assert [r for r, _ in refs(blocks)] == [
        "7.4",
        "7.4(a)",
        "7.4(a)(i)",
        "7.4(a)(ii)",
        "7.4(b)",
        "7.4(h)",
        "7.4(i)",
        "7.5",
        "7.5(a)",
    ]


def test_word_numbering_label_gives_the_ref_and_the_text_is_kept() -> None:
    blocks = [
        para("Licensee shall not:", label="3.2."),
        para("analyse bulk data;", label="(b)"),
        para("sub-item;", label="1.", list_level=2),
        para("Bullet text.", label="•"),
    ]
    assert refs(blocks) == [
        ("3.2", "Licensee shall not:"),
        ("3.2(b)", "analyse bulk data;"),
        ("3.2(b)(1)", "sub-item;"),
        (None, "Bullet text."),
    ]


def test_headings_set_the_path_and_the_parent_ref() -> None:
    blocks = [
        para("7. Use Restrictions"),
        para("Licensee shall comply with this Section."),
        para("(a) no surveillance;"),
        para("7.4 Bulk Data. Licensee shall not run bulk data."),
        para("USE POLICY"),
        para("Provider may suspend access."),
    ]
    clauses = segmentation.segment(blocks)
    section = ("7. Use Restrictions",)
    assert [(c.ref, c.heading, c.text) for c in clauses] == [
        (None, section, "Licensee shall comply with this Section."),
        ("7(a)", section, "no surveillance;"),
        ("7.4", section, "Bulk Data. Licensee shall not run bulk data."),
        (None, ("USE POLICY",), "Provider may suspend access."),
    ]


def test_heading_levels_nest_and_close() -> None:
    blocks = [
        para("Part One", heading_level=1),
        para("Scope", heading_level=2),
        para("Text one."),
        para("Part Two", heading_level=1),
        para("Text two."),
    ]
    assert [c.heading for c in segmentation.segment(blocks)] == [
        ("Part One", "Scope"),
        ("Part Two",),
    ]


def test_heading_styled_prose_is_a_clause() -> None:
    text = "Bulk Data. Licensee shall not run the Platform over bulk-collected datasets."
    clauses = segmentation.segment([para(text, heading_level=2, label="7.4")])
    assert [(c.ref, c.text) for c in clauses] == [("7.4", text)]


def test_a_labelled_heading_with_a_colon_is_a_heading() -> None:
    """ "Schedule 2: Log Retention" styled as a heading opens a section; the colon after the
    label starts no sentence (a styled "Note: the Supplier shall ..." is still prose)."""
    blocks = [
        para("Schedule 2: Log Retention", heading_level=1),
        para("Text."),
        para("Note: the Supplier shall keep all logs.", heading_level=1),
    ]
    assert [(c.heading, c.text) for c in segmentation.segment(blocks)] == [
        (("Schedule 2: Log Retention",), "Text."),
        (("Schedule 2: Log Retention",), "Note: the Supplier shall keep all logs."),
    ]


def test_label_alone_on_its_line_numbers_the_next_line() -> None:
    blocks = [para("ARTICLE IV"), para("USE RESTRICTIONS"), para("(a) no bulk data."), para("7.4")]
    blocks.append(para("Licensee shall not."))
    clauses = segmentation.segment(blocks)
    assert [(c.ref, c.heading, c.text, c.blocks) for c in clauses] == [
        ("IV(a)", ("ARTICLE IV USE RESTRICTIONS",), "no bulk data.", (2,)),
        ("7.4", ("ARTICLE IV USE RESTRICTIONS",), "Licensee shall not.", (3, 4)),
    ]


def test_renumbering_does_not_change_the_text() -> None:
    old = segmentation.segment([para("7.4 Licensee shall not run bulk data.")])
    new = segmentation.segment([para("7.5. Licensee shall not run bulk data.")])
    assert old[0].text == new[0].text
    assert (old[0].ref, new[0].ref) == ("7.4", "7.5")


def test_tracked_renumbering_strips_each_view_s_own_label() -> None:
    block = model.Block(
        (
            model.Segment("7.4", DELETED),
            model.Segment("7.5", INSERTED),
            model.Segment(" Licensee shall not run bulk data."),
        )
    )
    (clause,) = segmentation.segment([block])
    assert (clause.ref, clause.text, clause.original_text) == (
        "7.5",
        "Licensee shall not run bulk data.",
        "Licensee shall not run bulk data.",
    )
    assert clause.revisions == (DELETED, INSERTED)


def test_tracked_deleted_and_inserted_paragraphs() -> None:
    blocks = [
        para("Kept."),
        model.Block((model.Segment("7.4 Licensee shall not run bulk data.", DELETED),)),
        model.Block((model.Segment("New clause.", INSERTED),), mark=INSERTED),
        model.Block((model.Segment("   "),)),
    ]
    clauses = segmentation.segment(blocks)
    assert [(c.ref, c.text, c.original_text, c.blocks) for c in clauses] == [
        (None, "Kept.", "Kept.", (0,)),
        ("7.4", "", "Licensee shall not run bulk data.", (1,)),
        (None, "New clause.", "", (2,)),
    ]
    assert clauses[1].revisions == (DELETED,)
    assert clauses[2].revisions == (INSERTED, INSERTED)


def test_deleted_heading_heads_nothing() -> None:
    blocks = [
        model.Block((model.Segment("7. Use Restrictions", DELETED),)),
        para("Licensee shall not."),
    ]
    assert [(c.heading, c.text) for c in segmentation.segment(blocks)] == [
        ((), "Licensee shall not.")
    ]


def test_table_rows_are_clauses_with_cells_joined() -> None:
    blocks = [
        para("SCHEDULE OF RESTRICTIONS"),
        cell("Category", 0, 0, 0),
        cell("Limit", 0, 0, 1),
        cell("Bulk data", 0, 1, 0),
        cell("Not permitted.", 0, 1, 1),
        cell("Second paragraph.", 0, 1, 1),
        cell("", 0, 2, 0),
        cell("", 0, 2, 1),
        cell("Logs", 1, 0, 0),
        para("After the table."),
    ]
    clauses = segmentation.segment(blocks)
    assert [(c.text, c.blocks) for c in clauses] == [
        ("Category | Limit", (1, 2)),
        ("Bulk data | Not permitted. Second paragraph.", (3, 4, 5)),
        ("Logs", (8,)),
        ("After the table.", (9,)),
    ]
    assert all(c.ref is None and c.heading == ("SCHEDULE OF RESTRICTIONS",) for c in clauses)


def test_a_struck_paragraph_mark_runs_the_paragraph_on_into_the_next() -> None:
    # Word's accept-all: the two paragraphs become one, with the second one's numbering.
    blocks = [
        model.Block(
            (model.Segment("Licensee shall not run bulk data"), model.Segment(".", DELETED)),
            mark=DELETED,
        ),
        model.Block(
            (
                model.Segment("Licensee shall not buy data from brokers.", DELETED),
                model.Segment(" or data bought from brokers.", INSERTED),
            ),
            label="7.4",
        ),
    ]
    (clause,) = segmentation.segment(blocks)
    assert (clause.ref, clause.text, clause.blocks) == (
        "7.4",
        "Licensee shall not run bulk data or data bought from brokers.",
        (0, 1),
    )
    # the rejected view keeps the paragraphs apart, and the struck mark is a revision of the clause
    assert clause.original_text == (
        "Licensee shall not run bulk data. Licensee shall not buy data from brokers."
    )
    assert clause.revisions == (DELETED, DELETED, DELETED, INSERTED)
    original = segmentation.segment(blocks, model.View.ORIGINAL)
    assert [(c.text, c.original_text, c.blocks, c.revisions) for c in original] == [
        ("Licensee shall not run bulk data.", "Licensee shall not run bulk data.", (0,), ()),
        (
            "Licensee shall not buy data from brokers.",
            "Licensee shall not buy data from brokers.",
            (1,),
            (),
        ),
    ]


def test_an_inserted_paragraph_mark_splits_a_paragraph_only_in_the_current_view() -> None:
    blocks = [
        model.Block(
            (model.Segment("Licensee shall not run bulk data"), model.Segment(".", INSERTED)),
            mark=INSERTED,
        ),
        model.Block(
            (
                model.Segment(" or data bought from brokers", DELETED),
                model.Segment("Licensee shall not buy data from brokers", INSERTED),
                model.Segment("."),
            )
        ),
    ]
    assert [c.text for c in segmentation.segment(blocks, model.View.ORIGINAL)] == [
        "Licensee shall not run bulk data or data bought from brokers."
    ]
    assert [c.text for c in segmentation.segment(blocks)] == [
        "Licensee shall not run bulk data.",
        "Licensee shall not buy data from brokers.",
    ]


def test_a_paragraph_struck_whole_inside_a_run_on_stays_a_struck_clause() -> None:
    blocks = [
        model.Block((model.Segment("Licensee shall not run "),), mark=DELETED),
        model.Block((model.Segment("7.5 Customer may audit the logs.", DELETED),), mark=DELETED),
        model.Block((model.Segment("bulk data."),)),
    ]
    clauses = segmentation.segment(blocks)
    assert [(c.ref, c.text, c.original_text, c.blocks) for c in clauses] == [
        ("7.5", "", "Customer may audit the logs.", (1,)),
        (None, "Licensee shall not run bulk data.", "Licensee shall not run bulk data.", (0, 2)),
    ]


def test_the_original_view_takes_the_numbers_word_showed_before_the_revisions() -> None:
    # Clause 3 was struck under tracking, so Word now numbers the next clause 3; it was 4.
    blocks = [
        model.Block((model.Segment("Licensee shall not run bulk data.", DELETED),), label="3."),
        model.Block(
            (model.Segment("Customer may audit the logs."),), label="3.", original_label="4."
        ),
    ]
    current = segmentation.segment(blocks)
    original = segmentation.segment(blocks, model.View.ORIGINAL)
    assert [(c.ref, c.text) for c in current if c.text] == [("3", "Customer may audit the logs.")]
    assert [(c.ref, c.text) for c in original] == [
        ("3", "Licensee shall not run bulk data."),
        ("4", "Customer may audit the logs."),
    ]


def test_a_run_on_never_crosses_into_a_table() -> None:
    blocks = [
        model.Block((model.Segment("Licensee shall not run bulk data."),), mark=DELETED),
        cell("Term", 0, 0, 0),
        cell("12 months", 0, 0, 1),
    ]
    assert [c.text for c in segmentation.segment(blocks)] == [
        "Licensee shall not run bulk data.",
        "Term | 12 months",
    ]


def test_table_row_with_a_tracked_cell() -> None:
    blocks = [
        model.Block((model.Segment("Bulk data"),), cell=model.Cell(0, 0, 0)),
        model.Block((model.Segment("Prohibited", DELETED),), cell=model.Cell(0, 0, 1)),
    ]
    (clause,) = segmentation.segment(blocks)
    assert (clause.text, clause.original_text) == ("Bulk data", "Bulk data | Prohibited")
    assert clause.revisions == (DELETED,)


def test_whitespace_is_normalised_and_empty_blocks_skipped() -> None:
    blocks = [para(""), para("  Licensee\tshall \n not\u00a0run.  "), para("\n")]
    assert refs(blocks) == [(None, "Licensee shall not run.")]


def test_unnumbered_paragraphs_have_no_ref() -> None:
    blocks = [para("7.4 Licensee shall not:"), para("This continues the clause.")]
    assert refs(blocks) == [("7.4", "Licensee shall not:"), (None, "This continues the clause.")]


@pytest.mark.parametrize(
    "text",
    ["3. PRICE AND PAYMENT; SHIPMENT AND DELIVERY", "U.S. GOVERNMENT - RESTRICTED RIGHTS"],
)
def test_capitalised_titles_with_inner_punctuation_are_headings(text: str) -> None:
    clauses = segmentation.segment([para(text), para("Detto shall pay.")])
    assert [(c.heading, c.text) for c in clauses] == [((text,), "Detto shall pay.")]
