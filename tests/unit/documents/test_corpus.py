"""The readers on real files from ../shared/corpus (skipped when the corpus is absent)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from assistant import errors, model
from assistant.clauses import segmentation
from assistant.documents import reading

pytestmark = pytest.mark.corpus

SAMPLE_EVERY = 25  # about 50 of the 1,300 files; the full run is a one-off script, not a test
TRACKED = (
    "open-xml-powertools/TestFiles/RA001-Tracked-Revisions-01.docx",
    "open-xml-powertools/TestFiles/RP/RP002-Deleted-Text.docx",
    "open-xml-powertools/TestFiles/RP/RP003-Inserted-Text.docx",
    "open-xml-powertools/TestFiles/RP/RP009-Deleted-Table-Row.docx",
    "open-xml-powertools/TestFiles/RP/RP010-Inserted-Table-Row.docx",
    "open-xml-powertools/TestFiles/RP/RP018-MoveFrom-MoveTo-CC.docx",
    "open-xml-powertools/TestFiles/RP/RP019-Deleted-Field-Code.docx",
    "open-xml-powertools/TestFiles/RP/RP036-Vert-Merged-Cells.docx",
    "open-xml-powertools/TestFiles/FA/RevTracking/013-DeletedParagraph.docx",
    "open-xml-powertools/TestFiles/FA/RevTracking/002-DeletedNumberedParagraphs.docx",
    "python-redlines/tests/fixtures/expected_redline.docx",
    "apache-poi/test-data/document/delins.docx",
    "apache-poi/test-data/document/Tika-792.docx",
)
DOCTYPE_FILE = "apache-poi/test-data/document/ExternalEntityInText.docx"


def _catalog(corpus: Path) -> list[dict[str, str]]:
    with (corpus / "docx" / "CATALOG.tsv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t"))


def _views(document: model.Document) -> tuple[str, str]:
    return (
        "\n".join(b.text(model.View.ORIGINAL) for b in document.blocks),
        "\n".join(b.text(model.View.CURRENT) for b in document.blocks),
    )


def test_sample_reads_or_is_refused_cleanly(corpus: Path) -> None:
    rows = _catalog(corpus)[::SAMPLE_EVERY]
    rows += [row for row in _catalog(corpus) if row["path"] in TRACKED or row["pydocx"] != "ok"]
    refused: dict[str, str] = {}
    for row in rows:
        try:
            document = reading.read_document(corpus / "docx" / row["path"])
        except errors.UnreadableDocument as refusal:
            refused[row["path"]] = refusal.reason
        else:
            assert len(document.sha256) == 64
    assert all(refused.values())
    # python-docx opens these, so must we; only the DOCTYPE (XXE test) file is rightly refused.
    opened_by_python_docx = {row["path"] for row in rows if row["pydocx"] == "ok"}
    assert set(refused) & opened_by_python_docx <= {DOCTYPE_FILE}
    assert len(refused) < len(rows) // 2


@pytest.mark.parametrize("name", TRACKED)
def test_tracked_change_files_have_two_different_views(corpus: Path, name: str) -> None:
    document = reading.read_document(corpus / "docx" / name)

    original, current = _views(document)

    assert document.revisions > 0
    assert original != current


def test_tracked_revisions_carry_authors(corpus: Path) -> None:
    document = reading.read_document(corpus / "docx" / TRACKED[0])

    authors = {r.author for b in document.blocks for r in b.revisions}

    assert authors - {None}


def test_python_redlines_fixtures_read_and_differ(corpus: Path) -> None:
    folder = corpus / "docx" / "python-redlines" / "tests" / "fixtures"

    original = reading.read_document(folder / "original.docx")
    modified = reading.read_document(folder / "modified.docx")

    assert original.blocks
    assert modified.blocks
    assert original.sha256 != modified.sha256
    assert _views(original)[1] != _views(modified)[1]


def test_doctype_file_is_refused(corpus: Path) -> None:
    with pytest.raises(errors.UnreadableDocument, match="DOCTYPE"):
        reading.read_document(corpus / "docx" / DOCTYPE_FILE)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("poifs/protected_agile.docx", "a password-protected (encrypted) Word document: open"),
        ("document/bug53475-password-is-pass.docx", "a password-protected (encrypted) Word"),
        ("document/45690.docm", "a macro-enabled Word document (.docm), which is not opened"),
        ("document/60316.dotx", "a Word template (.dotx), not a draft; create a document"),
        ("integration/stress014.docx", "a Word template (.dotx) renamed to .docx"),
        ("integration/stress025.docx", "not a Word document (its main part is "),
        ("document/truncated62886.docx", "the file is damaged or truncated"),
    ],
)
def test_real_refusals_say_what_the_file_is(corpus: Path, name: str, expected: str) -> None:
    with pytest.raises(errors.UnreadableDocument) as caught:
        reading.read_document(corpus / "docx" / "apache-poi" / "test-data" / name)

    assert caught.value.reason.startswith(expected)


def test_strict_open_xml_is_refused_with_what_to_do(corpus: Path) -> None:
    path = corpus / "docx" / "mammoth" / "tests" / "test-data" / "strict-format.docx"

    with pytest.raises(errors.UnreadableDocument, match=r"Strict Open XML.*Save As"):
        reading.read_document(path)


_MARKUP = re.compile(r"<[A-Za-z/]|\*\*|\]\(|&[a-z]+;|^#|`")


def test_markdown_contracts_read_without_markup(corpus: Path) -> None:
    files = sorted((corpus / "versions").glob("*/*/tags/*.md"))
    files += sorted((corpus / "versions").glob("*/published/*.md"))
    assert files
    for path in files:
        document = reading.read_document(path)
        assert document.blocks, path
        for block in document.blocks:
            text = block.text()
            assert not _MARKUP.search(text) or text.startswith("***NOTE"), (path, text)


def test_common_paper_csa_structure(corpus: Path) -> None:
    path = corpus / "versions" / "CommonPaper__CSA" / "CSA" / "tags" / "1.0.md"

    blocks = reading.read_document(path).blocks

    assert (blocks[0].heading_level, blocks[0].text()) == (1, "Cloud Service Agreement")
    service = next(b for b in blocks if b.text() == "1. Service")
    assert (service.heading_level, service.list_level) == (2, 0)
    access = next(b for b in blocks if b.text().startswith("1.1 Access and Use."))
    assert access.list_level == 1
    assert "During the Subscription Period" in access.text()


_DOCX4J_LISTS = "docx/docx4j/docx4j-core-tests/src/test/java/org/docx4j/model/listnumbering/"
_EXPECT = re.compile(r"\[expect\](.*?)\[/expect\]")


@pytest.mark.parametrize(
    "name", ["startOverride.docx", "article-section-isLgl.docx", "article-section-NotIsLgl.docx"]
)
def test_numbering_matches_docx4j_expectations(corpus: Path, name: str) -> None:
    # docx4j's list-numbering tests type the label Word shows into each paragraph.
    blocks = reading.read_document(corpus / _DOCX4J_LISTS / name).blocks

    expected = [(m.group(1), b.label) for b in blocks if (m := _EXPECT.match(b.text()))]

    assert len(expected) >= 6
    assert all(label == want for want, label in expected), expected


# Labels Word shows, written down from the files' numbering.xml and the text that describes them
# ("Restarted to 1 from 5", "Jump to new list at 10"; POI's override file types each label).
_LABELS = {
    "apache-poi/test-data/document/ComplexNumberedLists.docx": [
        *("1.", "2.", "a.", "b.", "c.", "3.", "4."),
        *("1.", "2.", "3.", "10.", "11.", "12.", "13."),
    ],
    "apache-poi/test-data/document/NumberingWOverrides.docx": ["1", "B", "C", "A", "B", "4"],
}


@pytest.mark.parametrize("name", sorted(_LABELS))
def test_numbering_labels_of_real_lists(corpus: Path, name: str) -> None:
    blocks = reading.read_document(corpus / "docx" / name).blocks

    assert [b.label for b in blocks if b.label] == _LABELS[name]


# Open-XML-PowerTools' list-item tests: paragraph "N" carries item N in one number format.
_FORMATS = {
    "LIR004-en-US-upperRoman": ["I|", "XXVII|", "XCIX|", "MCXCIX|"],
    "LIR011-en-US-00001": ["00001|", "00027|", "00099|", "01199|"],
    "LIR001-en-US-ordinal": ["1st|", "27th|", "99th|", "1199th|"],
    "LIR002-en-US-ordinalText": [
        *("First|", "Twenty-seventh|", "Ninety-ninth|"),
        "One thousand one hundred ninety-ninth|",
    ],
    "LIR015-en-US-cardinalText": [
        *("One|", "Twenty-seven|", "Ninety-nine|"),
        "One thousand one hundred ninety-nine|",
    ],
}


@pytest.mark.parametrize("name", sorted(_FORMATS))
def test_number_formats_of_real_lists(corpus: Path, name: str) -> None:
    path = corpus / "docx" / "open-xml-powertools" / "TestFiles" / f"{name}.docx"
    labels = {b.text(): b.label for b in reading.read_document(path).blocks if b.label}

    assert [labels[n] for n in ("1", "27", "99", "1199")] == _FORMATS[name]


def test_contract_template_numbering_matches_its_cross_references(corpus: Path) -> None:
    path = "docx/open-agreements/templates/common-paper-cc-by-4.0/common-paper-csa-with-ai/"
    blocks = reading.read_document(corpus / path / "template.docx").blocks
    labelled = [(b.label, b.text()) for b in blocks if b.label]

    def text_of(label: str, after: str = "") -> str:
        start = next(i for i, (_, text) in enumerate(labelled) if text.startswith(after))
        return next(text for lab, text in labelled[start:] if lab == label)

    # The text cites "Section 8.4 (Exceptions)", "Section 12.3 (Governing Law and Chosen
    # Courts)" and "Section 5.3" with items (a) and (b).
    assert text_of("8.4").startswith("Exceptions.")
    assert text_of("12.3").startswith("Governing Law and Chosen Courts.")
    assert text_of("5.3").startswith("Termination.")
    assert text_of("(b)", after="Termination.").startswith("upon notice if the other party")


_POWERTOOLS = "docx/open-xml-powertools/TestFiles/WC/"


def test_real_footnotes_endnotes_and_text_boxes_are_read(corpus: Path) -> None:
    footnotes = reading.read_document(corpus / _POWERTOOLS / "WC034-Footnotes-After3.docx")
    endnotes = reading.read_document(corpus / _POWERTOOLS / "WC060-Endnote-Mod.docx")
    boxes = reading.read_document(corpus / _POWERTOOLS / "WC048-Text-Box-in-Cell.docx")

    assert [(b.label, b.text().strip()) for b in footnotes.blocks[-3:]] == [
        (None, "Footnotes"),
        ("fn 1", "Foo"),
        ("fn 2", "This is the footnote."),
    ]
    assert [(b.label, b.text().strip()) for b in endnotes.blocks[-1:]] == [("en i", "My Endnote")]
    in_cells = [(b.cell, b.text()) for b in boxes.blocks if b.text().startswith("Textbox")]
    assert in_cells == [
        (model.Cell(0, 0, 0), "Textbox1"),
        (model.Cell(0, 0, 1), "Textbox2"),
        (model.Cell(0, 1, 0), "Textbox3"),
    ]
    assert boxes.coverage.not_analysed == ()


def test_contract_footers_with_terms_are_read_and_furniture_listed(corpus: Path) -> None:
    path = "docx/open-agreements/templates/common-paper-cc-by-4.0/common-paper-csa-with-ai/"
    document = reading.read_document(corpus / path / "template.docx")

    texts = [b.text() for b in document.blocks]
    start = texts.index("Headers and footers")
    assert texts[start + 1 :] == [
        "Common Paper Cloud Service Agreement (Version 2.1) free to use under CC BY 4.0.",
        "Common Paper Cloud Service Agreement (draft v0.6)\tPage  of 5",  # PAGE field left out
        "Common Paper AI Addendum (Version 1.0) free to use under CC BY 4.0.",
    ]
    assert "4 short headers/footers (page furniture, not compared)" in (
        document.coverage.not_analysed
    )


_REVISION_FILES = "docx/open-xml-powertools/TestFiles/RP"


def _revision_cases() -> list[tuple[str, str]]:
    # Collected before the corpus fixture runs; an absent corpus gives no cases (a clean skip).
    folder = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / _REVISION_FILES
    cases = []
    for accepted in sorted(folder.glob("*-Accepted.docx")):
        base = accepted.name.replace("-Accepted", "")
        for outcome in ("Accepted", "Rejected"):
            copy = folder / accepted.name.replace("Accepted", outcome)
            if (folder / base).exists() and copy.exists():
                cases.append((base, outcome))
    return cases


@pytest.mark.parametrize(("name", "outcome"), _revision_cases())
def test_views_match_word_accepting_or_rejecting_every_revision(
    corpus: Path, name: str, outcome: str
) -> None:
    # Open-XML-PowerTools keeps each revision test file with Word's accepted and rejected copies:
    # our clauses in each view are Word's, numbers included, paragraph marks struck or inserted
    # and numbering changed under tracking.
    document = reading.read_document(corpus / _REVISION_FILES / name)
    copy = name.replace(".docx", f"-{outcome}.docx")
    word = reading.read_document(corpus / _REVISION_FILES / copy)
    view = model.View.CURRENT if outcome == "Accepted" else model.View.ORIGINAL

    ours = [(c.ref, c.text) for c in segmentation.segment(document.blocks, view) if c.text]
    assert ours == [(c.ref, c.text) for c in segmentation.segment(word.blocks) if c.text]
