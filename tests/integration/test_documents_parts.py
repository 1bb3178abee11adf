"""End to end: safeguards in footnotes, text boxes and PDF drafts are found and compared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import cli
from tests.unit.documents import pdfs, wordml
from tests.unit.documents.wordml import note_ref, note_text, p, t

pytestmark = pytest.mark.model

BULK = "Customer shall not use the Services to analyse bulk-acquired data."
SURVEILLANCE = "Customer shall not use the Services for domestic surveillance of U.S. persons."


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _docx(folder: Path, name: str, body: str, footnote: str | None) -> str:
    parts: dict[str, str | bytes] = {}
    if footnote is not None:
        parts["word/footnotes.xml"] = wordml.notes("footnote", ("1", note_text(footnote)))
    return str(wordml.write(folder, wordml.build(body, parts=parts), name))


def test_a_safeguard_struck_from_a_footnote_is_critical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = p(t("1. Use of the Services")) + p(t(f"1.1 {SURVEILLANCE}"), note_ref("1"))
    old = _docx(tmp_path, "v1.docx", body, BULK)
    new = _docx(tmp_path, "v2.docx", body.replace(note_ref("1"), ""), None)

    code, out, err = _run(["compare", old, new, "--format", "json"], capsys)

    assert code == 0, err
    first = json.loads(out)["changes"][0]
    assert (first["kind"], first["risk"], first["old_text"]) == ("deleted", "critical", BULK)
    assert "bulk_data" in first["categories"]


def test_a_tracked_weakening_inside_a_text_box_is_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    box = p(t("Customer "), wordml.deleted("shall not"), wordml.ins(t("may")), t(BULK[18:]))
    drawing = (
        f"<w:r><w:pict><v:textbox><w:txbxContent>{box}</w:txbxContent></v:textbox></w:pict></w:r>"
    )
    path = str(wordml.write(tmp_path, wordml.build(p(t("Terms"), drawing))))

    code, out, err = _run(["compare", path, "--format", "json"], capsys)

    assert code == 0, err
    document = json.loads(out)
    assert [d["revisions"] for d in document["drafts"]] == [2, 2]
    change = document["changes"][0]
    assert change["risk"] in ("high", "critical")
    assert change["tracked"] is True and change["author"] == wordml.AUTHOR


def _pdf(folder: Path, name: str, *clauses: str) -> str:
    lines: list[pdfs.Line] = [(200, 720, 16, "SERVICES AGREEMENT"), (72, 690, 11, "1. USE")]
    y = 665.0
    for clause in clauses:
        lines += pdfs.paragraph(clause, y)
        y = lines[-1][1] - 25
    path = folder / name
    path.write_bytes(pdfs.build([lines]))
    return str(path)


def test_pdf_drafts_are_compared_clause_by_clause(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _pdf(tmp_path, "v1.pdf", f"1.1 {BULK}", f"1.2 {SURVEILLANCE}")
    new = _pdf(tmp_path, "v2.pdf", f"1.1 {SURVEILLANCE}")

    code, out, err = _run(["compare", old, new, "--format", "json"], capsys)

    assert code == 0, err
    changes = json.loads(out)["changes"]
    assert len(changes) == 1  # 1.2 renumbered to 1.1 is not a change
    assert (changes[0]["kind"], changes[0]["risk"]) == ("deleted", "critical")
    assert (changes[0]["old_ref"], changes[0]["old_text"]) == ("1.1", BULK)


def test_scan_reads_a_pdf_and_refuses_a_scanned_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _pdf(tmp_path, "good.pdf", f"1.1 {BULK}")
    scanned = tmp_path / "scanned.pdf"
    scanned.write_bytes(pdfs.build([[]]))

    code, out, err = _run(["scan", good, str(scanned), "--format", "jsonl"], capsys)

    assert code == 2
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["ok"] and first["clauses"] == 1
    assert [f["category"] for f in first["findings"]] == ["bulk_data"]
    assert first["coverage"]["not_analysed"][0].startswith("PDF text layer")
    assert not second["ok"]
    assert second["error"] == "has no text layer (a scan?): run OCR or open the .docx"
    assert "scanned.pdf" in err
