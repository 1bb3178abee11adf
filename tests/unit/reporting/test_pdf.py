"""The PDF report: Qt's writer, pages that carry text, the changes in the order given."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PySide6 import QtGui

from assistant import model
from assistant.reporting import html, pdf
from tests.unit.reporting import factories as f

Kind = model.ChangeKind


def pages_with_text(data: bytes) -> tuple[int, int]:
    """Page objects in a PDF, and content streams that draw text (BT … Tj/TJ … ET)."""
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    drawn = 0
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        body = match.group(1)
        with contextlib.suppress(zlib.error):  # an uncompressed stream is read as it is
            body = zlib.decompress(body)
        if b"BT" in body and re.search(rb"T[jJ]\b", body):
            drawn += 1
    return pages, drawn


def _long_review() -> tuple[list[model.Draft], list[model.Change]]:
    old = f.draft("v1", [(str(i), f"Clause number {i} says something.") for i in range(60)])
    new = f.draft("v2", [(str(i), f"Clause number {i} says another thing.") for i in range(60)])
    risks = list(model.Risk)
    changes = [
        f.change(
            [old, new],
            Kind.MODIFIED,
            [i],
            [i],
            assessment=f.verdict(risks[-1 - i % 5], (f"Reason for clause {i}.",)),
        )
        for i in range(60)
    ]
    changes.sort(key=lambda c: -c.assessment.risk.rank)
    return [old, new], changes


# Every test takes pytest-qt's `qapp`: a QGuiApplication made by pdf.py would outlive the test
# and stop the GUI tests from getting the QApplication they need in the same process.


def test_pdf_has_pages_with_text(qapp: QtGui.QGuiApplication) -> None:
    drafts, changes = _long_review()
    data = pdf.render(html.render(drafts, changes))
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    pages, drawn = pages_with_text(data)
    assert pages >= 3  # sixty changes do not fit on one page
    assert drawn >= pages


def test_pdf_text_in_ranked_order(qapp: QtGui.QGuiApplication) -> None:
    pypdf = pytest.importorskip("pypdf")  # a test-only extra: text extraction needs a PDF reader
    drafts, changes = _long_review()
    data = pdf.render(html.render(drafts, changes))
    reader = pypdf.PdfReader(io.BytesIO(data))
    # pypdf spells the gaps Qt leaves between words as tabs: compare words only.
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert all(page.extract_text().strip() for page in reader.pages)
    found = [int(n) for n in re.findall(r"Reason for clause (\d+)\.", text)]
    assert found == [int(c.assessment.reasons[0].split()[-1].rstrip(".")) for c in changes]


def test_an_existing_application_is_reused(qapp: QtGui.QGuiApplication) -> None:
    assert pdf._application() is qapp


def test_without_an_application_one_is_made_offscreen() -> None:
    script = (
        "from assistant.reporting import pdf; from PySide6 import QtGui; "
        "data = pdf.render('<p>Hello</p>'); "
        "print(QtGui.QGuiApplication.platformName(), data[:5].decode())"
    )
    environment = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=environment,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.stdout.split() == ["offscreen", "%PDF-"]
