"""Word automatic numbering computed into Block.label."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from assistant import model
from assistant.documents import numbering as lists
from tests.unit.documents import wordml
from tests.unit.documents.wordml import level, mark, numbered, p, style, styles, t

LEGAL = (
    level(0, "decimal", "%1.")
    + level(1, "decimal", "%1.%2")
    + level(2, "lowerLetter", "(%3)")
    + level(3, "lowerRoman", "%4.")
)


def _labels(
    tmp_path: Path, body: str, numbering_xml: str, styles_xml: str | None = None
) -> list[str | None]:
    parts = {"word/numbering.xml": numbering_xml}
    if styles_xml is not None:
        parts["word/styles.xml"] = styles_xml
    document = wordml.read(tmp_path, body, parts=parts)
    return [b.label for b in document.blocks]


def test_multi_level_decimal_letters_and_roman(tmp_path: Path) -> None:
    body = (
        numbered("Services", 1)
        + numbered("Access", 1, 1)
        + numbered("Support", 1, 1)
        + numbered("hours", 1, 2)
        + numbered("days", 1, 2)
        + numbered("first", 1, 3)
        + numbered("second", 1, 3)
        + numbered("fourth", 1, 3).replace("fourth", "third")
        + numbered("Fees", 1)
        + numbered("Invoices", 1, 1)
        + numbered("late", 1, 2)
    )

    labels = _labels(tmp_path, body, wordml.numbering({0: LEGAL}, {1: 0}))

    assert labels == ["1.", "1.1", "1.2", "(a)", "(b)", "i.", "ii.", "iii.", "2.", "2.1", "(a)"]


def test_list_level_is_set_for_numbered_and_bulleted_paragraphs(tmp_path: Path) -> None:
    definitions = wordml.numbering({0: LEGAL, 1: level(0, "bullet", "\u2022")}, {1: 0, 2: 1})
    body = numbered("a", 1) + numbered("b", 1, 1) + numbered("dot", 2) + p(t("plain"))

    document = wordml.read(tmp_path, body, parts={"word/numbering.xml": definitions})

    assert [b.label for b in document.blocks] == ["1.", "1.1", None, None]
    assert [b.list_level for b in document.blocks] == [0, 1, 0, None]


def test_article_roman_upper_letters_and_start_values(tmp_path: Path) -> None:
    levels = level(0, "upperRoman", "Article %1", start=3) + level(1, "upperLetter", "%2)", start=1)
    body = numbered("x", 1) + numbered("y", 1, 1) + numbered("z", 1, 1) + numbered("w", 1)

    labels = _labels(tmp_path, body, wordml.numbering({0: levels}, {1: 0}))

    assert labels == ["Article III", "A)", "B)", "Article IV"]


def test_numbers_shared_across_nums_of_one_abstract_and_restart_override(tmp_path: Path) -> None:
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    definitions = wordml.numbering({0: LEGAL}, {1: 0, 2: 0, 3: (0, restart)})
    body = (
        numbered("a", 1)
        + numbered("b", 1)
        + numbered("continues", 2)
        + numbered("restarted", 3)
        + numbered("next", 3)
        + numbered("sub", 3, 1)
    )

    assert _labels(tmp_path, body, definitions) == ["1.", "2.", "3.", "1.", "2.", "2.1"]


def test_separate_abstracts_count_separately(tmp_path: Path) -> None:
    definitions = wordml.numbering({0: LEGAL, 1: LEGAL}, {1: 0, 2: 1})
    body = numbered("a", 1) + numbered("b", 2) + numbered("c", 1) + numbered("d", 2)

    assert _labels(tmp_path, body, definitions) == ["1.", "1.", "2.", "2."]


def test_lvl_restart_zero_keeps_counting_and_is_lgl_shows_decimals(tmp_path: Path) -> None:
    levels = level(0, "upperRoman", "%1.") + level(
        1, "decimal", "%1.%2", extra='<w:lvlRestart w:val="0"/><w:isLgl/>'
    )
    body = numbered("I", 1) + numbered("a", 1, 1) + numbered("II", 1) + numbered("b", 1, 1)

    labels = _labels(tmp_path, body, wordml.numbering({0: levels}, {1: 0}))

    assert labels == ["I.", "1.1", "II.", "2.2"]


def test_skipped_upper_level_uses_its_start_value(tmp_path: Path) -> None:
    body = numbered("orphan", 1, 1)

    assert _labels(tmp_path, body, wordml.numbering({0: LEGAL}, {1: 0})) == ["1.1"]


def test_numbering_inherited_from_style_with_style_bound_levels(tmp_path: Path) -> None:
    levels = level(0, "decimal", "%1.", pstyle="Heading1") + level(
        1, "decimal", "%1.%2.", pstyle="Heading2"
    )
    definitions = styles(
        style("Heading1", "heading 1", '<w:numPr><w:numId w:val="5"/></w:numPr>'),
        style(
            "Heading2", "heading 2", '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr>'
        ),
        style("Clause", "Clause", based_on="Heading2"),
        style("Heading3", "heading 3", '<w:numPr><w:numId w:val="5"/></w:numPr>'),
    )
    body = (
        p(t("Scope"), ppr='<w:pStyle w:val="Heading1"/>')
        + p(t("Use"), ppr='<w:pStyle w:val="Heading2"/>')
        + p(t("Limits"), ppr='<w:pStyle w:val="Clause"/>')
        + p(
            t("Unnumbered"),
            ppr='<w:pStyle w:val="Heading2"/><w:numPr><w:numId w:val="0"/></w:numPr>',
        )
        + p(t("Term"), ppr='<w:pStyle w:val="Heading1"/>')
        + p(t("Odd"), ppr='<w:pStyle w:val="Heading3"/>')
    )

    document = wordml.read(
        tmp_path,
        body,
        parts={
            "word/numbering.xml": wordml.numbering({0: levels}, {5: 0}),
            "word/styles.xml": definitions,
        },
    )

    assert [b.label for b in document.blocks] == ["1.", "1.1.", "1.2.", None, "2.", "3."]
    assert [b.heading_level for b in document.blocks] == [1, 2, 2, 2, 1, 3]


def test_num_style_link_resolves_to_the_numbering_style(tmp_path: Path) -> None:
    real = '<w:styleLink w:val="LegalList"/>' + LEGAL
    linked = '<w:numStyleLink w:val="LegalList"/>'
    definitions = styles(
        style("LegalList", "Legal List", '<w:numPr><w:numId w:val="1"/></w:numPr>')
    )
    body = numbered("a", 2) + numbered("b", 2, 1)

    labels = _labels(
        tmp_path,
        body,
        wordml.numbering({0: real, 1: linked}, {1: 0, 2: 1}),
        definitions,
    )

    assert labels == ["1.", "1.1"]


def test_level_override_replaces_the_level_definition(tmp_path: Path) -> None:
    schedule = level(0, "upperLetter", "Schedule %1", start=2)
    override = f'<w:lvlOverride w:ilvl="0">{schedule}</w:lvlOverride>'
    definitions = wordml.numbering({0: LEGAL}, {1: (0, override)})

    assert _labels(tmp_path, numbered("x", 1) + numbered("y", 1), definitions) == [
        "Schedule B",
        "Schedule C",
    ]


def test_undefined_or_zero_num_id_has_no_label(tmp_path: Path) -> None:
    definitions = wordml.numbering({0: LEGAL}, {1: 0})
    body = numbered("missing", 42) + numbered("removed", 0) + numbered("ok", 1)

    document = wordml.read(tmp_path, body, parts={"word/numbering.xml": definitions})

    assert [b.label for b in document.blocks] == [None, None, "1."]
    assert [b.list_level for b in document.blocks] == [None, None, 0]


def test_deleted_numbered_paragraph_keeps_its_original_label(tmp_path: Path) -> None:
    gone = f"<w:rPr>{mark('del')}</w:rPr>"
    body = (
        numbered("one", 1)
        + p(
            wordml.deleted("two"),
            ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' + gone,
        )
        + numbered("three", 1)
    )

    document = wordml.read(
        tmp_path, body, parts={"word/numbering.xml": wordml.numbering({0: LEGAL}, {1: 0})}
    )

    # Current labels for what survives acceptance; the struck clause keeps the number it had.
    assert [b.label for b in document.blocks] == ["1.", "2.", "2."]
    assert document.blocks[1].text(model.View.ORIGINAL) == "two"


def test_original_view_labels_of_renumbered_clauses(tmp_path: Path) -> None:
    from assistant.documents import body, numbering, styles

    gone = f"<w:rPr>{mark('del')}</w:rPr>"
    added = f"<w:rPr>{mark('ins')}</w:rPr>"
    reference = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    xml = (
        f"<w:body {wordml.NAMESPACES}>"
        + numbered("one", 1)
        + p(wordml.deleted("two"), ppr=reference + gone)
        + numbered("three", 1)
        + p(wordml.ins(t("new")), ppr=reference + added)
        + numbered("four", 1)
        + "</w:body>"
    )
    table = styles.Styles(None)
    definitions = numbering.Definitions(
        etree.fromstring(wordml.numbering({0: LEGAL}, {1: 0}).encode()), table
    )
    reader = body.BodyReader(table, definitions)

    reader.read(etree.fromstring(xml))

    assert [b.label for b in reader.blocks] == ["1.", "2.", "2.", "3.", "4."]
    # Rejecting the revisions gives one, two, three, four: "three" was 3 and "new" absent.
    assert [b.original_label for b in reader.blocks] == [None, None, "3.", None, None]
    original = [b.label_in(model.View.ORIGINAL) for b in reader.blocks]
    assert [
        label
        for label, b in zip(original, reader.blocks, strict=True)
        if b.text(model.View.ORIGINAL)
    ] == ["1.", "2.", "3.", "4."]


def test_a_tracked_change_of_numbering_applies_to_the_original_view_only(
    tmp_path: Path,
) -> None:
    # One paragraph gains numbering under tracking (w:pPrChange keeps the old, unnumbered
    # properties), one had its w:numPr inserted, one moved from list 2 to list 1.
    definitions = wordml.numbering({0: LEGAL, 1: level(0, "upperLetter", "%1.")}, {1: 0, 2: 1})
    was_plain = f'<w:pPrChange w:id="5" w:author="A" w:date="{wordml.DATE}"><w:pPr/></w:pPrChange>'
    inserted = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>{mark("ins")}</w:numPr>'
    was_lettered = (
        f'<w:pPrChange w:id="6" w:author="A" w:date="{wordml.DATE}"><w:pPr>'
        '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr></w:pPrChange>'
    )
    body = (
        numbered("one", 1, ppr=was_plain)
        + p(t("two"), ppr=inserted)
        + numbered("three", 1, ppr=was_lettered)
    )

    document = wordml.read(tmp_path, body, parts={"word/numbering.xml": definitions})

    assert [b.label for b in document.blocks] == ["1.", "2.", "3."]
    assert [b.label_in(model.View.ORIGINAL) for b in document.blocks] == [None, None, "A."]


def test_unsupported_format_falls_back_to_decimal_and_is_noted(tmp_path: Path) -> None:
    definitions = wordml.numbering({0: level(0, "chineseCounting", "%1、")}, {1: 0})

    document = wordml.read(tmp_path, numbered("x", 1), parts={"word/numbering.xml": definitions})

    assert document.blocks[0].label == "1、"
    assert "numbering format 'chineseCounting' shown as decimal numbers" in (
        document.coverage.not_analysed
    )


def test_missing_start_means_zero_as_in_the_standard(tmp_path: Path) -> None:
    levels = '<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'

    assert _labels(tmp_path, numbered("x", 1), wordml.numbering({0: levels}, {1: 0})) == ["0."]


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (4, "decimal", "4"),
        (4, "decimalZero", "04"),
        (14, "lowerRoman", "xiv"),
        (1999, "upperRoman", "MCMXCIX"),
        (1, "lowerLetter", "a"),
        (27, "lowerLetter", "aa"),
        (28, "upperLetter", "BB"),
        (3, "ordinal", "3rd"),
        (12, "ordinal", "12th"),
        (21, "cardinalText", "Twenty-one"),
        (1199, "cardinalText", "One thousand one hundred ninety-nine"),
        (2000, "ordinalText", "Two thousandth"),
        (7, "zeroPadded:3", "007"),
        (1234, "zeroPadded:3", "1234"),
        (3, "ordinalText", "Third"),
        (20, "ordinalText", "Twentieth"),
        (2, "decimalEnclosedParen", "(2)"),
        (1, "decimalEnclosedCircle", "\u2460"),
        (5, "none", ""),
        (5, "japaneseCounting", "5"),
    ],
)
def test_number_formats(value: int, fmt: str, expected: str) -> None:
    assert lists.format_number(value, fmt) == expected


def test_legal_numbering_keeps_zero_padding(tmp_path: Path) -> None:
    # docx4j's article-section-isLgl.docx: Word shows "Section 1.01" under "Article I."
    levels = level(0, "upperRoman", "Article %1.") + level(
        1, "decimalZero", "Section %1.%2", extra="<w:isLgl/>"
    )
    body = numbered("Name", 1) + numbered("Purpose", 1, 1)

    labels = _labels(tmp_path, body, wordml.numbering({0: levels}, {1: 0}))

    assert labels == ["Article I.", "Section 1.01"]


def test_word_2010_custom_zero_padded_format(tmp_path: Path) -> None:
    custom = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14">'
        '<w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback>'
        '<w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>'
        '<w:lvlText w:val="%1."/></w:lvl>'
    )
    other = custom.replace("001, 002, 003, ...", "A-1, A-2, ...")
    body = numbered("x", 1) + numbered("y", 1) + numbered("z", 2)

    document = wordml.read(
        tmp_path,
        body,
        parts={"word/numbering.xml": wordml.numbering({0: custom, 1: other}, {1: 0, 2: 1})},
    )

    assert [b.label for b in document.blocks] == ["001.", "002.", "1."]
    assert document.coverage.not_analysed == ()
