"""PDF drafts: paragraphs rebuilt from the text layer, page furniture dropped, clear refusals."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant import errors, model
from assistant.clauses import segmentation
from assistant.documents import reading
from tests.unit.documents import pdfs
from tests.unit.documents.pdfs import paragraph

pytest.importorskip("pypdf")

HEADER = (72, 750, 9, "ACME CONFIDENTIAL - Master Services Agreement v3")
INTRO = (
    "This Agreement is made between Acme Corp and Beta LLC on the date written below and "
    "sets out the terms under which Beta provides the Platform."
)
SAFEGUARD = (
    "7.4 Licensee shall not run the Platform over bulk-collected datasets or any data "
    "purchased from data brokers, nor use it for domestic surveillance of U.S. persons."
)
FINE_TUNING = "(b) no fine-tuning on classified data without the board's approval."
LOGS = "8.1 Provider shall keep usage logs for at least 24 months and give access on request."


def _read(tmp_path: Path, data: bytes, name: str = "draft.pdf") -> model.Document:
    path = tmp_path / name
    path.write_bytes(data)
    return reading.read_document(path)


def _texts(document: model.Document) -> list[str]:
    return [block.text() for block in document.blocks]


def _refusal(tmp_path: Path, data: bytes, name: str = "draft.pdf") -> str:
    with pytest.raises(errors.UnreadableDocument) as caught:
        _read(tmp_path, data, name)
    return caught.value.reason


def _contract() -> list[list[pdfs.Line]]:
    first = [
        HEADER,
        (200, 700, 16, "MASTER SERVICES AGREEMENT"),
        *paragraph(INTRO, 670),
        (72, 620, 11, "7. USE RESTRICTIONS"),
        *paragraph(SAFEGUARD, 595),
        *paragraph("(a) no autonomous targeting;", 555, x=90),
        *paragraph(
            "(b) no fine-tuning on classified data without the board's approval.", 540, x=90
        ),
        (290, 40, 9, "Page 1 of 2"),
    ]
    second = [HEADER, *paragraph(LOGS, 700), (290, 40, 9, "Page 2 of 2")]
    return [first, second]


@pytest.mark.parametrize("matrix_size", [False, True])
def test_paragraphs_are_rebuilt_and_furniture_dropped(tmp_path: Path, matrix_size: bool) -> None:
    document = _read(tmp_path, pdfs.build(_contract(), matrix_size=matrix_size))

    assert _texts(document) == [
        "MASTER SERVICES AGREEMENT",
        INTRO,
        "7. USE RESTRICTIONS",
        SAFEGUARD,
        "(a) no autonomous targeting;",
        FINE_TUNING,
        LOGS,
    ]
    assert document.revisions == 0
    assert document.coverage.not_analysed == (
        "PDF text layer: paragraphs rebuilt from lines; tables and layout not analysed",
        "4 repeated page header/footer lines and page numbers left out",
    )


def test_clause_structure_comes_from_typed_numbers(tmp_path: Path) -> None:
    clauses = segmentation.segment(_read(tmp_path, pdfs.build(_contract())).blocks)

    refs = [(c.ref, c.text[:20]) for c in clauses]
    assert refs == [
        (None, INTRO[:20]),
        ("7.4", "Licensee shall not r"),
        ("7.4(a)", "no autonomous target"),
        ("7.4(b)", "no fine-tuning on cl"),
        ("8.1", "Provider shall keep "),
    ]


def test_a_paragraph_continues_across_a_page_break(tmp_path: Path) -> None:
    long = " ".join(f"word{i}" for i in range(40)) + " end of the clause."
    lines = paragraph(long, 100, width=60)
    first = [*paragraph(INTRO, 700), *lines[:2], (290, 40, 9, "1")]
    rest = [(x, y + 647.2, size, text) for x, y, size, text in lines[2:]]  # from 720 down
    second = [*rest, *paragraph(LOGS, 650), (290, 40, 9, "2")]

    document = _read(tmp_path, pdfs.build([first, second]))

    assert _texts(document) == [INTRO, long, LOGS]


def test_a_top_line_like_the_previous_pages_top_line_is_kept(tmp_path: Path) -> None:
    def page(number: int) -> list[pdfs.Line]:
        return [
            (72, 720, 11, f"subject to Section {number} of the Agreement."),
            (72, 706.8, 11, f"{number}.1 The Customer shall pay each invoice within thirty days,"),
            (72, 693.6, 11, "unless it disputes the invoice in good faith and in writing and"),
        ]

    texts = _texts(_read(tmp_path, pdfs.build([page(1), page(2), page(3)])))

    # Each page's first line continues the clause from the page before: text, not a header.
    assert texts[1].endswith("in writing and subject to Section 2 of the Agreement.")
    assert len(texts) == 4


def test_line_end_hyphens_gaps_indents_and_short_lines(tmp_path: Path) -> None:
    lines = [
        (72, 700, 11, "Provider shall not use bulk-"),
        (72, 686.8, 11, "collected data, nor sub\u00ad"),
        (72, 673.6, 11, "contract the processing to anyone else at any time whatsoever"),
        (72, 660.4, 11, "in any country."),
        (72, 647.2, 11, "A new paragraph that follows a short line ending a sentence here"),
        (72, 634.0, 11, "and wraps."),
        (90, 620.8, 11, "An indented first line opens another paragraph of the text which"),
        (72, 607.6, 11, "goes on."),
        (72, 580, 11, "After a gap."),
    ]

    document = _read(tmp_path, pdfs.build([lines]))

    assert _texts(document) == [
        "Provider shall not use bulk-collected data, nor subcontract the processing to anyone "
        "else at any time whatsoever in any country.",
        "A new paragraph that follows a short line ending a sentence here and wraps.",
        "An indented first line opens another paragraph of the text which goes on.",
        "After a gap.",
    ]


def test_a_section_number_after_a_continuing_word_does_not_split(tmp_path: Path) -> None:
    lines = [
        (72, 700, 11, "The fees are set out in Section"),
        (72, 686.8, 11, "4.2 of the Order Form and are payable in advance."),
    ]

    assert _texts(_read(tmp_path, pdfs.build([lines]))) == [
        "The fees are set out in Section 4.2 of the Order Form and are payable in advance."
    ]


def test_capitals_disclaimer_is_one_paragraph(tmp_path: Path) -> None:
    lines = [
        (
            72,
            700,
            11,
            "THE PLATFORM IS PROVIDED AS IS AND PROVIDER DISCLAIMS ALL WARRANTIES, EXPRESS",
        ),
        (72, 686.8, 11, "OR IMPLIED, INCLUDING FITNESS FOR A PARTICULAR PURPOSE AND TITLE IN FULL"),
        (72, 673.6, 11, "TO THE EXTENT PERMITTED."),
    ]

    assert len(_read(tmp_path, pdfs.build([lines])).blocks) == 1


def test_ligatures_are_spelled_out(tmp_path: Path) -> None:
    # WinAnsi has no ligatures: codes 147 and 148 are mapped to the fi and fl glyphs.
    encoding = b"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [147 /fi /fl] >>"
    data = pdfs.build([[(72, 700, 11, "<93 6E 6520 9465 78>")]], encoding=encoding)

    assert _texts(_read(tmp_path, data)) == ["fine flex"]


def test_a_pdf_without_text_is_refused_as_a_scan(tmp_path: Path) -> None:
    data = pdfs.build([[], []])

    assert _refusal(tmp_path, data) == "has no text layer (a scan?): run OCR or open the .docx"


def test_pages_without_text_are_listed(tmp_path: Path) -> None:
    document = _read(tmp_path, pdfs.build([paragraph(INTRO, 700), []]))

    assert "1 page without text (scanned?) not analysed" in document.coverage.not_analysed


def test_a_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    data = pdfs.encrypted(pdfs.build([paragraph(INTRO, 700)]), user_password="secret")

    reason = _refusal(tmp_path, data)

    assert reason.startswith("is a password-protected (encrypted) PDF")
    assert "save an unprotected copy" in reason


def test_an_encrypted_pdf_without_an_open_password_is_read(tmp_path: Path) -> None:
    data = pdfs.encrypted(pdfs.build([paragraph(INTRO, 700)]), user_password="")

    assert _texts(_read(tmp_path, data)) == [INTRO]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "could not be read as a PDF"),
        (b"PK\x03\x04 not really", "a zip package (perhaps a .docx) with a .pdf name"),
        (b"Hello, world", "not a PDF: the file does not start with a PDF header"),
    ],
)
def test_damaged_and_misnamed_pdfs_are_refused(tmp_path: Path, data: bytes, expected: str) -> None:
    assert expected in _refusal(tmp_path, data)


def test_annotations_are_listed(tmp_path: Path) -> None:
    data = pdfs.build([paragraph(INTRO, 700)])
    annotation = b"/Annots [<< /Type /Annot /Subtype /Text /Rect [0 0 9 9] /Contents (Why?) >>]"
    data = data.replace(b"/Resources", annotation + b" /Resources")

    notes = _read(tmp_path, data).coverage.not_analysed

    assert "1 PDF annotation (comments, highlights) not analysed" in notes


_QT: list[object] = []  # the application lives for the session, as pytest-qt's does


def test_a_pdf_written_by_qt_reads_like_its_source(tmp_path: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt starts, if it has not
    qt_gui = pytest.importorskip("PySide6.QtGui")
    qt_widgets = pytest.importorskip("PySide6.QtWidgets")
    # A widgets application, so that GUI tests running later in this process can share it.
    _QT.append(qt_widgets.QApplication.instance() or qt_widgets.QApplication([]))
    clauses = "".join(
        f"<p>{n}.1 Provider shall keep usage logs for at least {n} months and shall give the "
        "Customer access to them on request, subject to the confidentiality terms.</p>"
        for n in range(8, 30)
    )
    source = (
        "<h1>MASTER SERVICES AGREEMENT</h1><h2>7. Use Restrictions</h2>"
        f"<p>{SAFEGUARD}</p><p>(a) no fine-tuning on classified data;</p>{clauses}"
    )
    document = qt_gui.QTextDocument()
    document.setHtml(source)
    path = tmp_path / "qt.pdf"
    writer = qt_gui.QPdfWriter(str(path))
    document.print_(writer)
    del writer  # finishes the file

    texts = _texts(reading.read_document(path))

    assert texts[:4] == [
        "MASTER SERVICES AGREEMENT",
        "7. Use Restrictions",
        SAFEGUARD,
        "(a) no fine-tuning on classified data;",
    ]
    assert len(texts) == 4 + 22
    assert all(t.endswith("subject to the confidentiality terms.") for t in texts[4:])


def test_a_page_tree_loop_is_refused(tmp_path: Path) -> None:
    data = pdfs.build([paragraph(INTRO, 700)])
    looped = data.replace(b"/Kids [", b"/Kids [4 0 R ")  # the page tree lists itself

    assert "could not be read as a PDF" in _refusal(tmp_path, looped)


def test_a_decompression_bomb_is_refused(tmp_path: Path) -> None:
    import zlib

    stream = zlib.compress(b"BT /F1 11 Tf 72 700 Td (x) Tj ET" + b" " * (96 * 1024 * 1024), 9)
    data = pdfs.build([[(72, 700, 11, "placeholder")]])
    start = data.index(b"<< /Length")
    end = data.index(b"endstream", start)
    header = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
    bomb = data[:start] + header + stream + b"\n" + data[end:]

    # pypdf stops inflating at its output limit instead of filling memory.
    assert "LimitReachedError" in _refusal(tmp_path, bomb)
