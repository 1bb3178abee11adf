"""Caps on what one hostile value can cost: labels, paragraph length, macros, PDF page work."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import errors
from assistant.documents import numbering, pdf, reading, wml
from tests.unit.documents import pdfs, wordml
from tests.unit.documents.wordml import cell, numbered, p, row, t, table

VBA = "application/vnd.ms-office.vbaProject"


def _refusal(path: Path) -> str:
    with pytest.raises(errors.UnreadableDocument) as caught:
        reading.read_document(path)
    return caught.value.reason


def _labels(tmp_path: Path, level: str, count: int = 2) -> list[str | None]:
    parts = {"word/numbering.xml": wordml.numbering({0: level}, {1: 0})}
    body = "".join(numbered(f"Clause {i}", 1) for i in range(count))
    return [block.label for block in wordml.read(tmp_path, body, parts=parts).blocks]


def test_letter_labels_stop_growing_at_thirty_letters() -> None:
    assert numbering.format_number(numbering.MAX_LETTER_VALUE, "lowerLetter") == "z" * 30
    assert numbering.format_number(numbering.MAX_LETTER_VALUE + 1, "upperLetter") == "781"
    assert numbering.format_number(2_000_000_000, "lowerLetter") == "2000000000"


def test_a_list_starting_at_two_billion_in_letters_gets_digit_labels(tmp_path: Path) -> None:
    level = wordml.level(0, "lowerLetter", "%1.", start=2_000_000_000)

    assert _labels(tmp_path, level) == ["2000000000.", "2000000001."]


def test_an_over_long_level_text_shows_no_label(tmp_path: Path) -> None:
    longest = "(" + "x" * (numbering.MAX_LEVEL_TEXT - 4) + "%1)"
    assert _labels(tmp_path, wordml.level(0, "decimal", longest))[0] == longest.replace("%1", "1")
    assert _labels(tmp_path, wordml.level(0, "decimal", "%1" * 500_000)) == [None, None]


def test_integers_beyond_32_bits_are_malformed() -> None:
    assert wml.integer(" 2147483647 ") == 2**31 - 1
    assert wml.integer("-2147483648") == -(2**31)
    assert wml.integer("2147483648") is None
    assert wml.integer("9" * 4_000) is None


def test_a_list_start_beyond_32_bits_counts_from_zero(tmp_path: Path) -> None:
    level = wordml.level(0, "decimal", "%1.", start=10**40)

    assert _labels(tmp_path, level) == ["0.", "1."]


def test_a_paragraph_longer_than_any_clause_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MAX_PARAGRAPH_CHARS", 40)
    fits = tmp_path / "fits.txt"
    fits.write_text("x" * 40 + "\n\n" + "y" * 40, encoding="utf-8")
    long = tmp_path / "long.txt"
    long.write_text("x" * 41, encoding="utf-8")

    assert len(reading.read_document(fits).blocks) == 2
    assert "more than 40 characters" in _refusal(long)


def test_a_table_row_counts_its_cells_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MAX_PARAGRAPH_CHARS", 40)
    cells = [cell(p(t("x" * 15))) for _ in range(3)]  # 45 characters in a row, 15 in a cell
    two_rows = table(row(*cells[:2]), row(*cells[:2]))

    assert len(wordml.read(tmp_path, two_rows).blocks) == 4
    path = wordml.write(tmp_path, wordml.build(table(row(*cells))), "row.docx")
    assert "paragraph or table row" in _refusal(path)


def test_a_deleted_paragraph_counts_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_PARAGRAPH_CHARS", 40)
    path = wordml.write(tmp_path, wordml.build(p(wordml.deleted("x" * 41))))

    assert "more than 40 characters" in _refusal(path)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("word/vbaProject.bin", "application/octet-stream"), ("word/macros.bin", VBA)],
)
def test_a_macro_project_in_a_docx_is_refused(tmp_path: Path, name: str, content_type: str) -> None:
    types = (
        f"{wordml.XML_HEAD}<Types "
        'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{wordml.DOCUMENT_TYPE}"/>'
        f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'
    )
    data = wordml.build(p(t("x")), parts={name: b"\xd0\xcf\x11\xe0"}, content_types=types)

    assert "VBA macro project" in _refusal(wordml.write(tmp_path, data))


def _pdf(tmp_path: Path, lines: int) -> Path:
    path = tmp_path / "draft.pdf"
    page = [(72.0, 700.0 - 14 * i, 11.0, f"Line {i} of the agreement.") for i in range(lines)]
    path.write_bytes(pdfs.build([page]))
    return path


def test_a_pdf_page_drawing_too_much_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pypdf")
    monkeypatch.setattr(pdf, "MAX_PAGE_OPERATIONS", 40)  # each line: BT, Tf, Td, Tj, ET

    assert len(reading.read_document(_pdf(tmp_path, 8)).blocks) >= 1
    assert "more than 40 operations" in _refusal(_pdf(tmp_path, 9))


def test_a_pdf_page_holding_too_many_bytes_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pypdf")
    monkeypatch.setattr(pdf, "MAX_PAGE_CONTENT_BYTES", 1024)

    assert reading.read_document(_pdf(tmp_path, 10)).blocks
    assert "KiB of drawing instructions" in _refusal(_pdf(tmp_path, 40))
