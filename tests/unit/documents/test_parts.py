"""Text outside the main flow: footnotes, endnotes, headers, footers, text boxes, graphics."""

from __future__ import annotations

from pathlib import Path

from assistant import model
from assistant.clauses import segmentation
from tests.unit.documents import wordml
from tests.unit.documents.wordml import cell, deleted, ins, note_ref, note_text, p, row, t, table

CURRENT = model.View.CURRENT
ORIGINAL = model.View.ORIGINAL
HEADER = "word/header1.xml"
FOOTER = "word/footer1.xml"
LONG = "This agreement is confidential and subject to Rule 408 settlement privilege."


def _footnotes(*entries: tuple[str, str]) -> dict[str, str | bytes]:
    return {"word/footnotes.xml": wordml.notes("footnote", *entries)}


def _shown(document: model.Document) -> list[tuple[str | None, str]]:
    return [(b.label, b.text()) for b in document.blocks]


def test_footnotes_follow_the_body_in_reference_order_with_labels(tmp_path: Path) -> None:
    body = p(t("Use is limited."), note_ref("7")) + p(t("Data stays here."), note_ref("3"))
    parts = _footnotes(
        ("3", note_text("Provider shall not export data.")),
        ("7", note_text("Provider shall not train models.")),
    )

    document = wordml.read(tmp_path, body, parts=parts)

    assert _shown(document) == [
        (None, "Use is limited."),
        (None, "Data stays here."),
        (None, "Footnotes"),
        ("fn 1", " Provider shall not train models."),
        ("fn 2", " Provider shall not export data."),
    ]
    assert document.blocks[2].heading_level == 1
    assert document.coverage.not_analysed == ()


def test_a_safeguard_in_a_footnote_is_a_clause_of_its_own(tmp_path: Path) -> None:
    body = p(t("1. Use Restrictions")) + p(t("Customer may use the Platform."), note_ref("1"))
    parts = _footnotes(("1", note_text("Customer shall not analyse bulk-acquired data.")))

    clauses = segmentation.segment(wordml.read(tmp_path, body, parts=parts).blocks)

    assert clauses[-1].text == "Customer shall not analyse bulk-acquired data."
    assert clauses[-1].heading == ("Footnotes",)
    assert clauses[-2].text == "Customer may use the Platform."


def test_endnotes_are_numbered_in_lower_roman_by_default(tmp_path: Path) -> None:
    body = p(t("A"), note_ref("1", "endnote"), note_ref("2", "endnote"))
    endnotes = wordml.notes(
        "endnote", ("1", note_text("One.", "endnote")), ("2", note_text("Two.", "endnote"))
    )

    document = wordml.read(tmp_path, body, parts={"word/endnotes.xml": endnotes})

    assert _shown(document)[1:] == [(None, "Endnotes"), ("en i", " One."), ("en ii", " Two.")]


def test_note_number_format_and_start_from_the_section(tmp_path: Path) -> None:
    body = p(t("A"), note_ref("1"), note_ref("2", custom=True), t("*"), note_ref("3"))
    body += '<w:sectPr><w:footnotePr><w:numFmt w:val="upperLetter"/><w:numStart w:val="3"/>'
    body += "</w:footnotePr></w:sectPr>"
    parts = _footnotes(("1", note_text("x")), ("2", note_text("y")), ("3", note_text("z")))

    labels = [b.label for b in wordml.read(tmp_path, body, parts=parts).blocks]

    assert labels == [None, None, "fn C", None, "fn D"]  # a custom mark takes no number


def test_tracked_changes_inside_footnotes(tmp_path: Path) -> None:
    note = p(t("Provider "), deleted("shall not"), ins(t("may")), t(" sell data."))
    parts = _footnotes(("1", note))

    document = wordml.read(tmp_path, p(t("Body"), note_ref("1")), parts=parts)

    assert document.blocks[-1].text(ORIGINAL) == "Provider shall not sell data."
    assert document.blocks[-1].text(CURRENT) == "Provider may sell data."
    assert document.revisions == 2


def test_a_deleted_reference_deletes_its_footnote(tmp_path: Path) -> None:
    reference = wordml.ins(note_ref("1"), tag="del")
    body = p(t("Body"), reference, note_ref("2"))
    parts = _footnotes(("1", note_text("Struck safeguard.")), ("2", note_text("Kept.")))

    document = wordml.read(tmp_path, body, parts=parts)

    struck, kept = document.blocks[-2:]
    assert struck.text(CURRENT) == ""
    assert struck.text(ORIGINAL) == " Struck safeguard."
    assert struck.mark is not None and struck.mark.kind is model.RevisionKind.DELETION
    assert kept.text(CURRENT) == " Kept."
    assert (struck.label, kept.label) == ("fn 1", "fn 1")  # each view numbers its own notes


def test_the_notes_heading_goes_when_every_reference_is_deleted(tmp_path: Path) -> None:
    body = p(t("Body"), wordml.ins(note_ref("1"), tag="del"))
    parts = _footnotes(("1", note_text("Struck.")))

    document = wordml.read(tmp_path, body, parts=parts)

    assert wordml.texts(document, CURRENT) == ["Body", "", ""]
    assert wordml.texts(document, ORIGINAL) == ["Body", "Footnotes", " Struck."]


def test_unreferenced_footnotes_are_listed_not_read(tmp_path: Path) -> None:
    parts = _footnotes(("1", note_text("Orphan.")), ("2", note_text("Used.")))

    document = wordml.read(tmp_path, p(t("Body"), note_ref("2")), parts=parts)

    assert [b.text() for b in document.blocks] == ["Body", "Footnotes", " Used."]
    assert document.coverage.not_analysed == (
        "1 footnote not referenced in the text (Word does not show it; not compared)",
    )


def test_comments_anchor_inside_footnotes_and_after_the_last_body_paragraph(
    tmp_path: Path,
) -> None:
    body = p(t("Body"), note_ref("1")) + '<w:commentRangeStart w:id="5"/>'
    note = p('<w:commentRangeStart w:id="6"/>', t("Noted."))
    comments = wordml.comments(("5", "Bob", "Trailing"), ("6", "Eve", "In a note"))

    document = wordml.read(
        tmp_path, body, parts={**_footnotes(("1", note)), "word/comments.xml": comments}
    )

    assert [c.block for c in document.comments] == [0, 2]
    assert document.blocks[2].text() == "Noted."


def _with_header(
    tmp_path: Path, header: str, footer: str, sections: str, body: str = ""
) -> model.Document:
    return wordml.read(
        tmp_path,
        (body or p(t("Body"))) + sections,
        parts={HEADER: wordml.header(header), FOOTER: wordml.header(footer, tag="ftr")},
        relationships={HEADER: "header", FOOTER: "footer"},
    )


def test_headers_with_terms_are_read_once_and_furniture_is_listed(tmp_path: Path) -> None:
    page = '<w:fldSimple w:instr=" PAGE ">' + t("3") + "</w:fldSimple>"
    sections = p(
        t("Section one"), ppr=wordml.section(header_default="rId1", header_first="rId1")
    ) + wordml.section(header_default="rId1", footer_default="rId2")

    document = _with_header(tmp_path, p(t(LONG)), p(t("Confidential – page "), page), sections)

    assert [b.text() for b in document.blocks] == [
        "Body",
        "Section one",
        "Headers and footers",
        LONG,
    ]
    assert document.coverage.not_analysed == (
        "1 short header/footer (page furniture, not compared)",
    )


def test_revisions_in_short_headers_are_counted_in_the_note(tmp_path: Path) -> None:
    footer = p(t("Draft "), ins(t("v4")), deleted("v3"))

    document = _with_header(
        tmp_path,
        p(t("Confidential")),
        footer,
        wordml.section(header_default="rId1", footer_default="rId2"),
    )

    assert document.coverage.not_analysed == (
        "2 short headers/footers (page furniture, 2 tracked revisions, not compared)",
    )
    assert document.revisions == 0


def test_tracked_changes_in_a_header_are_both_views(tmp_path: Path) -> None:
    header = p(t("Neither party "), deleted("shall"), ins(t("may")), t(" " + LONG))

    document = _with_header(tmp_path, header, p(), wordml.section(header_default="rId1"))

    assert document.blocks[-1].text(ORIGINAL).startswith("Neither party shall This")
    assert document.blocks[-1].text(CURRENT).startswith("Neither party may This")
    assert document.revisions == 2


def test_page_number_fields_are_not_text(tmp_path: Path) -> None:
    complex_field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{t('12')}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    simple = f'<w:fldSimple w:instr=" NUMPAGES ">{t("40")}</w:fldSimple>'
    kept = f'<w:fldSimple w:instr=" DOCPROPERTY Party ">{t("Acme")}</w:fldSimple>'

    document = wordml.read(tmp_path, p(t("Term\t"), complex_field, t(" of "), simple, kept))

    assert wordml.texts(document) == ["Term\t of Acme"]


def _box(content: str) -> str:
    return f"<w:txbxContent>{content}</w:txbxContent>"


def _drawing(box: str) -> str:
    """A text box as Word writes it: DrawingML with a VML copy for old readers."""
    return (
        "<w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def test_text_boxes_are_read_once_after_their_anchor_paragraph(tmp_path: Path) -> None:
    body = p(t("Body "), _drawing(_box(p(t("Boxed clause"))))) + p(t("Next"))

    document = wordml.read(tmp_path, body)

    assert wordml.texts(document) == ["Body ", "Boxed clause", "Next"]
    assert document.coverage.not_analysed == ()


def test_text_box_only_in_the_fallback_and_nested_boxes(tmp_path: Path) -> None:
    inner = f"<w:r><w:pict><v:textbox>{_box(p(t('Inner')))}</v:textbox></w:pict></w:r>"
    fallback_only = (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing/></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox>{_box(p(t('Outer'), inner))}</v:textbox></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )

    document = wordml.read(tmp_path, p(t("Anchor"), fallback_only))

    assert wordml.texts(document) == ["Anchor", "Outer", "Inner"]


def test_revisions_inside_and_around_text_boxes(tmp_path: Path) -> None:
    changed = _box(p(t("Licensee "), deleted("shall not"), ins(t("may")), t(" resell.")))
    inserted = ins(_drawing(_box(p(t("New box")))))
    body = p(t("A"), _drawing(changed)) + p(t("B"), inserted)

    document = wordml.read(tmp_path, body)

    assert wordml.texts(document, ORIGINAL) == ["A", "Licensee shall not resell.", "B", ""]
    assert wordml.texts(document, CURRENT) == ["A", "Licensee may resell.", "B", "New box"]
    assert document.revisions == 3


def test_a_text_box_in_a_cell_stays_in_the_cell(tmp_path: Path) -> None:
    body = table(row(cell(p(t("Cell"), _drawing(_box(p(t("Boxed"))))))))

    document = wordml.read(tmp_path, body)

    assert [b.cell for b in document.blocks] == [model.Cell(0, 0, 0)] * 2
    assert segmentation.segment(document.blocks)[0].text == "Cell Boxed"


def test_charts_diagrams_and_pictures_are_listed(tmp_path: Path) -> None:
    def graphic(uri: str) -> str:
        return (
            f'<w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="{uri}"/></a:graphic>'
            "</wp:inline></w:drawing></w:r>"
        )

    drawing_ml = "http://schemas.openxmlformats.org/drawingml/2006/"
    body = p(
        graphic(drawing_ml + "chart"),
        graphic(drawing_ml + "diagram"),
        graphic(drawing_ml + "picture"),
        '<w:r><w:pict><v:shape><v:imagedata r:id="rId5"/></v:shape></w:pict></w:r>',
    )

    notes = wordml.read(tmp_path, body).coverage.not_analysed

    assert notes == ("1 chart", "1 SmartArt diagram", "2 pictures")
