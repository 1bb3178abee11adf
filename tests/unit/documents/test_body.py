"""Reading order and text of .docx bodies: runs, fields, wrappers, tables, styles, comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import errors, model
from tests.unit.documents import wordml
from tests.unit.documents.wordml import cell, p, row, style, styles, t, table

CURRENT = model.View.CURRENT
ORIGINAL = model.View.ORIGINAL


def _field(instruction: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{t(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r>", "a\tb"),
        ("<w:r><w:t>a</w:t><w:br/><w:t>b</w:t></w:r>", "a\nb"),
        ("<w:r><w:t>a</w:t><w:cr/><w:t>b</w:t></w:r>", "a\nb"),
        ('<w:r><w:t>a</w:t><w:br w:type="page"/><w:t>b</w:t></w:r>', "a\nb"),
        ("<w:r><w:t>non</w:t><w:noBreakHyphen/><w:t>compete</w:t></w:r>", "non-compete"),
        ("<w:r><w:t>sub</w:t><w:softHyphen/><w:t>processor</w:t></w:r>", "subprocessor"),
        ('<w:r><w:t>a</w:t><w:sym w:font="Symbol" w:char="F0B7"/><w:t>b</w:t></w:r>', "ab"),
        ('<w:r><w:sym w:font="Arial" w:char="00A7"/><w:t>3</w:t></w:r>', "§3"),
        ('<w:r><w:t xml:space="preserve">  spaced  </w:t></w:r>', "  spaced  "),
    ],
)
def test_run_content_becomes_text(tmp_path: Path, run: str, expected: str) -> None:
    (block,) = wordml.read(tmp_path, p(run)).blocks

    assert block.text() == expected


def test_field_instructions_are_not_text_but_results_are(tmp_path: Path) -> None:
    body = p(t("See Section "), _field(" REF _Ref123 \\r \\h ", "4.2"), t("."))

    assert wordml.texts(wordml.read(tmp_path, body)) == ["See Section 4.2."]


def test_nested_fields_and_simple_fields(tmp_path: Path) -> None:
    inner = _field(" PAGE ", "7")
    outer = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> IF </w:instrText></w:r>"
        f"{inner}"
        '<w:r><w:instrText> = 7 "yes" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{t('yes')}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    simple = f'<w:fldSimple w:instr=" DOCPROPERTY Party ">{t("Acme")}</w:fldSimple>'

    document = wordml.read(tmp_path, p(outer, t(" "), simple))

    assert wordml.texts(document) == ["yes Acme"]


def test_deleted_field_instructions_are_not_text(tmp_path: Path) -> None:
    run = '<w:r><w:delInstrText xml:space="preserve"> HYPERLINK "x" </w:delInstrText></w:r>'
    body = p(wordml.ins(run, tag="del"), wordml.deleted("old link"))

    (block,) = wordml.read(tmp_path, body).blocks

    assert block.text(ORIGINAL) == "old link"


def test_unterminated_field_does_not_swallow_later_paragraphs(tmp_path: Path) -> None:
    broken = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>X</w:instrText></w:r>'

    document = wordml.read(tmp_path, p(broken) + p(t("Still read.")))

    assert wordml.texts(document) == ["", "Still read."]


def test_wrappers_are_descended(tmp_path: Path) -> None:
    sdt = (
        "<w:sdt><w:sdtPr><w:alias w:val='Party'/></w:sdtPr>"
        f"<w:sdtContent>{t('Acme')}</w:sdtContent></w:sdt>"
    )
    link = f'<w:hyperlink r:id="rId9">{t(" terms")}</w:hyperlink>'
    smart = f'<w:smartTag w:uri="u" w:element="place">{t(" in Paris")}</w:smartTag>'
    custom = f'<w:customXml w:element="clause">{t(" today")}</w:customXml>'
    block_sdt = f"<w:sdt><w:sdtContent>{p(t('Block control'))}</w:sdtContent></w:sdt>"

    document = wordml.read(tmp_path, p(sdt, link, smart, custom) + block_sdt)

    assert wordml.texts(document) == ["Acme terms in Paris today", "Block control"]


def test_hidden_text_is_left_out_and_listed(tmp_path: Path) -> None:
    hidden = "<w:r><w:rPr><w:vanish/></w:rPr><w:t>secret carve-out</w:t></w:r>"
    shown = '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>shown</w:t></w:r>'

    document = wordml.read(tmp_path, p(t("Visible "), hidden, shown))

    assert wordml.texts(document) == ["Visible shown"]
    assert "hidden text (1 run, left out of both views)" in document.coverage.not_analysed


def test_text_hidden_by_a_style_is_left_out_and_listed(tmp_path: Path) -> None:
    definitions = styles(
        style("Secret", "Secret para", ppr="").replace(
            "</w:style>", "<w:rPr><w:vanish/></w:rPr></w:style>"
        ),
        '<w:style w:type="character" w:styleId="Quiet"><w:name w:val="Quiet"/>'
        "<w:rPr><w:vanish/></w:rPr></w:style>",
        '<w:style w:type="character" w:styleId="Loud"><w:name w:val="Loud"/>'
        '<w:rPr><w:vanish w:val="0"/></w:rPr></w:style>',
    )
    quiet = '<w:r><w:rPr><w:rStyle w:val="Quiet"/></w:rPr><w:t>carve-out</w:t></w:r>'
    loud = '<w:r><w:rPr><w:rStyle w:val="Loud"/></w:rPr><w:t>shown</w:t></w:r>'
    body = p(t("Kept "), quiet) + p(t("gone "), loud, ppr='<w:pStyle w:val="Secret"/>')

    document = wordml.read(tmp_path, body, parts={"word/styles.xml": definitions})

    assert wordml.texts(document) == ["Kept ", "shown"]
    assert "hidden text (2 runs, left out of both views)" in document.coverage.not_analysed


def test_alt_chunks_objects_and_equations_are_listed(tmp_path: Path) -> None:
    body = (
        '<w:altChunk r:id="rId7"/>'
        + p('<w:r><w:object w:dxaOrig="10" w:dyaOrig="10"/></w:r>')
        + p("<m:oMathPara><m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath></m:oMathPara>")
    )

    notes = wordml.read(tmp_path, body).coverage.not_analysed

    assert notes == (
        "1 embedded object",
        "1 altChunk (imported content)",
        "1 equation (read as plain text)",
    )


def test_equations_read_as_text_with_their_revisions(tmp_path: Path) -> None:
    math = (
        "<m:oMathPara><m:oMath><m:r><m:t>Fee=</m:t></m:r>"
        f"<m:r>{wordml.ins('<m:t>2</m:t>')}</m:r><m:r>{wordml.ins('<m:t>3</m:t>', tag='del')}</m:r>"
        "<m:sSup><m:sSupPr><m:ctrlPr><w:rPr><w:ins w:id='4' w:author='x'/></w:rPr></m:ctrlPr>"
        "</m:sSupPr><m:e><m:r><m:t>r</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup>"
        "</m:sSup></m:oMath></m:oMathPara>"
    )

    document = wordml.read(tmp_path, p(t("Where "), math))

    assert wordml.texts(document, ORIGINAL) == ["Where Fee=3r2"]
    assert wordml.texts(document, CURRENT) == ["Where Fee=2r2"]
    assert document.revisions == 2


def test_external_template_and_linked_image_are_warned_not_followed(tmp_path: Path) -> None:
    document = wordml.read(
        tmp_path,
        p(t("Body")),
        external={
            "attachedTemplate": "http://attacker.example/t.dotm",
            "image": "file://server/share/logo.png",
            "hyperlink": "https://example.com",
        },
    )

    assert document.coverage.warnings == (
        "external template link (not followed): http://attacker.example/t.dotm",
        "1 linked image (not followed)",
    )


def test_template_link_in_settings_rels_is_warned(tmp_path: Path) -> None:
    settings_rels = (
        f'<Relationships xmlns="{wordml.RELS_NS}"><Relationship Id="rId1" '
        f'Type="{wordml.REL_TYPE}attachedTemplate" Target="\\\\host\\share\\x.dotm" '
        'TargetMode="External"/></Relationships>'
    )
    parts = {"word/_rels/settings.xml.rels": settings_rels}

    document = wordml.read(tmp_path, p(t("Body")), parts=parts)

    assert document.coverage.warnings == (
        "external template link (not followed): \\\\host\\share\\x.dotm",
    )


def test_tables_in_reading_order_with_cells(tmp_path: Path) -> None:
    body = (
        p(t("Before"))
        + table(
            row(cell(p(t("a")), p(t("a2"))), cell(p(t("b")))), row(cell(p(t("c"))), cell(p(t("d"))))
        )
        + p(t("Between"))
        + table(row(cell(p(t("x")))))
    )

    document = wordml.read(tmp_path, body)

    assert wordml.texts(document) == ["Before", "a", "a2", "b", "c", "d", "Between", "x"]
    assert [b.cell for b in document.blocks] == [
        None,
        model.Cell(0, 0, 0),
        model.Cell(0, 0, 0),
        model.Cell(0, 0, 1),
        model.Cell(0, 1, 0),
        model.Cell(0, 1, 1),
        None,
        model.Cell(1, 0, 0),
    ]


def test_nested_tables_carry_the_inner_cell(tmp_path: Path) -> None:
    inner = table(row(cell(p(t("in1"))), cell(p(t("in2")))))
    body = table(row(cell(p(t("out")), inner), cell(p(t("right"))))) + table(row(cell(p(t("z")))))

    document = wordml.read(tmp_path, body)

    assert wordml.texts(document) == ["out", "in1", "in2", "right", "z"]
    assert [b.cell for b in document.blocks] == [
        model.Cell(0, 0, 0),
        model.Cell(1, 0, 0),
        model.Cell(1, 0, 1),
        model.Cell(0, 0, 1),
        model.Cell(2, 0, 0),
    ]


def test_merged_cells_do_not_duplicate_text(tmp_path: Path) -> None:
    restart = '<w:vMerge w:val="restart"/>'
    body = table(
        row(
            cell(p(t("Term")), tcpr=restart), cell(p(t("One year")), tcpr='<w:gridSpan w:val="2"/>')
        ),
        row(cell(p(), tcpr="<w:vMerge/>"), cell(p(t("x"))), cell(p(t("y")))),
        row(cell(p(t("Stale copy")), tcpr='<w:vMerge w:val="continue"/>'), cell(p(t("z")))),
    )

    document = wordml.read(tmp_path, body)

    assert wordml.texts(document) == ["Term", "One year", "x", "y", "z"]
    assert [b.cell for b in document.blocks] == [
        model.Cell(0, 0, 0),
        model.Cell(0, 0, 1),
        model.Cell(0, 1, 1),
        model.Cell(0, 1, 2),
        model.Cell(0, 2, 1),
    ]


def test_rows_and_cells_inside_content_controls(tmp_path: Path) -> None:
    wrapped_row = f"<w:sdt><w:sdtContent>{row(cell(p(t('r0'))))}</w:sdtContent></w:sdt>"
    wrapped_cell = f"<w:customXml w:element='c'>{cell(p(t('r1c0')))}</w:customXml>"

    document = wordml.read(tmp_path, table(wrapped_row, row(wrapped_cell, cell(p(t("r1c1"))))))

    assert wordml.texts(document) == ["r0", "r1c0", "r1c1"]
    assert [b.cell for b in document.blocks][1:] == [model.Cell(0, 1, 0), model.Cell(0, 1, 1)]


def test_headings_from_styles_outline_levels_and_title(tmp_path: Path) -> None:
    definitions = styles(
        style("Normal", "Normal"),
        style("Title", "Title"),
        style("Heading1", "heading 1", "<w:outlineLvl w:val='0'/>"),
        style("Heading2", "heading 2", based_on="Heading1"),
        style("Clause", "Clause Heading", "<w:outlineLvl w:val='2'/>"),
        style("Sub", "Sub Clause", based_on="Clause"),
        style("Body", "Body Text", "<w:outlineLvl w:val='9'/>", based_on="Heading2"),
    ).replace('w:styleId="Normal"', 'w:default="1" w:styleId="Normal"')
    body = (
        p(t("Agreement"), ppr='<w:pStyle w:val="Title"/>')
        + p(t("Definitions"), ppr='<w:pStyle w:val="Heading1"/>')
        + p(t("Data"), ppr='<w:pStyle w:val="Heading2"/>')
        + p(t("Use"), ppr='<w:pStyle w:val="Sub"/>')
        + p(t("Direct"), ppr='<w:outlineLvl w:val="1"/>')
        + p(t("Plain"), ppr='<w:pStyle w:val="Body"/>')
        + p(t("Demoted"), ppr='<w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/>')
        + p(t("Default"))
        + p(t("Unknown"), ppr='<w:pStyle w:val="Missing"/>')
    )

    document = wordml.read(tmp_path, body, parts={"word/styles.xml": definitions})

    assert [b.heading_level for b in document.blocks] == [0, 1, 2, 3, 2, None, None, None, None]
    assert [b.style for b in document.blocks] == [
        "Title",
        "heading 1",
        "heading 2",
        "Sub Clause",
        "Normal",
        "Body Text",
        "heading 1",
        "Normal",
        "Missing",
    ]


def test_style_loops_do_not_hang(tmp_path: Path) -> None:
    definitions = styles(style("A", "Alpha", based_on="B"), style("B", "Beta", based_on="A"))

    document = wordml.read(
        tmp_path, p(t("x"), ppr='<w:pStyle w:val="A"/>'), parts={"word/styles.xml": definitions}
    )

    assert document.blocks[0].heading_level is None


def test_comments_with_authors_anchored_to_blocks(tmp_path: Path) -> None:
    body = (
        p(t("First"))
        + p('<w:commentRangeStart w:id="0"/>', t("Second"), '<w:commentRangeEnd w:id="0"/>')
        + p(t("Third"), '<w:r><w:commentReference w:id="1"/></w:r>')
        + table(row(cell(p('<w:commentRangeStart w:id="2"/>', t("Cell")))))
    )
    notes = wordml.comments(
        ("0", "Bob", "Why?"),
        ("1", "Carol", "Agreed"),
        ("2", "Dan", "Check"),
        ("7", "Eve", "Orphan"),
    )

    document = wordml.read(tmp_path, body, parts={"word/comments.xml": notes})

    assert document.comments == (
        model.Comment("Bob", wordml.DATE, "Why?", 1),
        model.Comment("Carol", wordml.DATE, "Agreed", 2),
        model.Comment("Dan", wordml.DATE, "Check", 3),
        model.Comment("Eve", wordml.DATE, "Orphan", None),
    )


def test_empty_body_and_document_without_body(tmp_path: Path) -> None:
    assert wordml.read(tmp_path, "").blocks == ()
    document = f"{wordml.XML_HEAD}<w:document {wordml.NAMESPACES}/>"
    assert wordml.read(tmp_path, "", document=document).blocks == ()


def test_deep_nesting_of_content_controls_does_not_crash(tmp_path: Path) -> None:
    depth = 120
    inner = "<w:sdt><w:sdtContent>" * depth + t("deep") + "</w:sdtContent></w:sdt>" * depth

    assert wordml.texts(wordml.read(tmp_path, p(inner))) == ["deep"]


def test_deep_block_nesting_reads_or_refuses_without_recursion_errors(tmp_path: Path) -> None:
    nested = "<w:customXml w:element='x'>" * 250 + p(t("deep")) + "</w:customXml>" * 250
    too_deep = "<w:customXml w:element='x'>" * 300 + p(t("deep")) + "</w:customXml>" * 300

    assert wordml.texts(wordml.read(tmp_path, nested)) == ["deep"]
    with pytest.raises(errors.UnreadableDocument, match="Excessive depth"):
        wordml.read(tmp_path, too_deep)


def test_path_and_sha256(tmp_path: Path) -> None:
    import hashlib

    data = wordml.build(p(t("x")))
    path = wordml.write(tmp_path, data)

    from assistant.documents import reading

    document = reading.read_document(path)

    assert document.path == str(path)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
