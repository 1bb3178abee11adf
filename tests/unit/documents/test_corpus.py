"""The readers on real files from ../shared/corpus (skipped when the corpus is absent)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from assistant import errors, model
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


def test_encrypted_file_is_explained(corpus: Path) -> None:
    path = corpus / "docx" / "apache-poi" / "test-data" / "poifs" / "protected_agile.docx"

    with pytest.raises(errors.UnreadableDocument, match="password"):
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
