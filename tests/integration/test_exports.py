"""Exports end to end: the .docx redline, HTML and PDF reports from the command line and the API.

The redline's two views are read back from its raw XML: accepting every revision must give the
newer draft's paragraphs and rejecting every one the older draft's (docx_redline.draft_text: the
headings that open above clauses, then one "ref text" paragraph per clause).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported anywhere

import csv
import io
import json
import re
import shutil
import stat
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from PySide6 import QtGui

from assistant import cli, model, resources
from assistant.reporting import docx_redline, exports
from assistant.review import analysis
from tests.fixtures import docx_builder as dx
from tests.unit.reporting import factories, test_pdf
from tests.unit.reporting import wordviews as wv

pytestmark = pytest.mark.model

WC_PAIRS = Path("docx/open-xml-powertools/expected/wmlcomparer_expected_revision_counts.tsv")
WC_FILES = Path("docx/open-xml-powertools/TestFiles")
WC_SAMPLE_STEP = 7  # every 7th of the 106 pairs: 16 pairs, a few seconds
DATE = "2026-03-05T10:00:00Z"


def _sample(version: int) -> Path:
    return resources.path(f"samples/ai-services-agreement-v{version}.docx")


@pytest.fixture(scope="module")
def detector() -> analysis.Detector:
    """The shipped spaCy detector, loaded once for the module."""
    return analysis.default_detector()


@pytest.fixture(scope="module")
def sample(detector: analysis.Detector) -> analysis.Review:
    """The bundled negotiation, all three drafts."""
    return analysis.analyse([_sample(1), _sample(2), _sample(3)], detector)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _comments(package: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        if "word/comments.xml" not in archive.namelist():
            return []
        root = etree.fromstring(archive.read("word/comments.xml"))
    return ["".join(t.text or "" for t in c.iter(wv.w("t"))) for c in root.iter(wv.w("comment"))]


def _check_redline(review: analysis.Review, package: bytes) -> None:
    """Both views equal both drafts; one comment per high or critical change of the pair."""
    old, new = review.drafts[-2], review.drafts[-1]
    views = wv.read(package)
    assert views.accepted == list(docx_redline.draft_text(new))
    assert views.rejected == list(docx_redline.draft_text(old))
    last = len(review.drafts) - 1
    risky = [
        c
        for c in review.changes
        if c.to_draft == last and c.assessment.risk.rank >= model.Risk.HIGH.rank
    ]
    comments = _comments(package)
    assert len(comments) == len(risky)
    for change in risky:
        assert any(
            change.assessment.risk.value.upper() in text and change.assessment.reasons[0] in text
            for text in comments
        )
    docx.Document(io.BytesIO(package))  # python-docx opens it


def test_sample_redline_from_the_command_line(
    sample: analysis.Review, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "redline.docx"
    argv = ["compare", str(_sample(2)), str(_sample(3)), "--format", "docx", "-o", str(out)]
    code, stdout, err = _run([*argv, "--author", "Our Counsel"], capsys)
    assert code == 0, err
    assert stdout == "" and err == ""
    package = out.read_bytes()
    _check_redline(sample, package)
    root = wv.document_xml(package)
    marks = [e for tag in ("ins", "del") for e in root.iter(wv.w(tag))]
    assert marks and {e.get(wv.w("author")) for e in marks} == {"Our Counsel"}
    assert any("CRITICAL" in c and "4.2" in c for c in _comments(package))


def test_more_than_two_drafts_redline_the_last_pair(
    sample: analysis.Review, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "redline.docx"
    drafts = [str(_sample(v)) for v in (1, 2, 3)]
    code, _, err = _run(["compare", *drafts, "--format", "docx", "-o", str(out)], capsys)
    assert code == 0
    assert err.strip() == "redline-assistant: the redline covers the last pair, v2 → v3"
    _check_redline(sample, out.read_bytes())
    assert {e.get(wv.w("author")) for e in wv.document_xml(out.read_bytes()).iter(wv.w("ins"))} == {
        exports.DEFAULT_AUTHOR
    }


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_binary_formats_need_a_file(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["compare", str(_sample(1)), str(_sample(2)), "--format", fmt], capsys)
    assert code == 2 and out == ""
    assert err == f"redline-assistant: --format {fmt} writes a file: give -o FILE\n"


def test_reports_ranked_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drafts = [str(_sample(v)) for v in (1, 2, 3)]
    code, out, _ = _run(["compare", *drafts, "--format", "json"], capsys)
    assert code == 0
    ranked = [(c["risk"], c["reasons"][0]) for c in json.loads(out)["changes"]]
    code, page, _ = _run(["compare", *drafts, "--format", "html"], capsys)
    assert code == 0
    root = etree.fromstring(page.encode("utf-8"))
    titles = ["".join(h.itertext()) for h in root.iter("h3")]
    levels = [re.match(r"\d+\. \S+ ([A-Z]+)", t) for t in titles]
    assert [m.group(1).lower() if m else None for m in levels] == [r for r, _ in ranked]
    lists = [next(div.iter("li")).text for div in root.iter("div")]
    assert lists == [reason for _, reason in ranked]
    for section in ("Summary of risks", "Safeguard tracker", "Playbook", "Changes, by risk"):
        assert f"<h2>{section}</h2>" in page
    assert "✗ struck" in page and "✗ missing" in page  # bulk_data struck, playbook unmet in v3

    # A PDF from a fresh process: the command line makes its own offscreen Qt application, which
    # must not be left behind in this one (the GUI tests need a QApplication of their own).
    target = tmp_path / "report.pdf"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "compare",
            *drafts,
            "--format",
            "pdf",
            "-o",
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    pages, drawn = test_pdf.pages_with_text(data)
    assert pages >= 2 and drawn >= pages
    pypdf = pytest.importorskip("pypdf")  # a test-only extra: text extraction needs a PDF reader
    text = " ".join(
        " ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages
    )
    listed = text[text.index("Changes, by risk") :]
    found = re.findall(r"\d+ ?\. \S+ (CRITICAL|HIGH|MEDIUM|LOW|NONE)", listed)
    assert [level.lower() for level in found] == [r for r, _ in ranked]


def test_markdown_has_tracker_and_playbook(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["compare", str(_sample(2)), str(_sample(3))], capsys)
    assert code == 0
    assert "## Safeguard tracker" in out and "## Playbook" in out
    assert re.search(r"\| bulk\\_data \| ✓ present \(§4\.2\) \| ✗ struck \|", out)


def test_export_api_writes_every_format(
    sample: analysis.Review, tmp_path: Path, qapp: QtGui.QGuiApplication
) -> None:
    for fmt in exports.Format:
        target = tmp_path / f"out.{fmt.value}"
        exports.export(
            sample.drafts, sample.changes, sample.lineage, fmt, target, author="A", date=DATE
        )
        assert target.stat().st_size > 0
        assert not list(tmp_path.glob(".*.tmp"))
    assert (tmp_path / "out.docx").read_bytes() == exports.render(
        sample.drafts, sample.changes, sample.lineage, exports.Format.DOCX, author="A", date=DATE
    )


def _wc_pairs(corpus: Path) -> list[tuple[str, Path, Path]]:
    with (corpus / WC_PAIRS).open(encoding="utf-8") as table:
        rows = list(csv.DictReader(table, delimiter="\t"))
    return [
        (row["test_id"], corpus / WC_FILES / row["original"], corpus / WC_FILES / row["revised"])
        for row in rows[::WC_SAMPLE_STEP]
    ]


@pytest.mark.corpus
def test_wmlcomparer_pairs_round_trip(corpus: Path, detector: analysis.Detector) -> None:
    pairs = _wc_pairs(corpus)
    assert len(pairs) >= 15
    revised = 0
    for test_id, old, new in pairs:
        review = analysis.analyse([old, new], detector)
        package = docx_redline.build(review.drafts, review.changes, date=DATE)
        try:
            _check_redline(review, package)
        except AssertionError as exc:
            raise AssertionError(f"{test_id}: {old.name} → {new.name}") from exc
        if review.changes:
            revised += 1
            root = wv.document_xml(package)
            assert any(next(root.iter(wv.w(t)), None) is not None for t in ("ins", "del")), test_id
    assert revised >= len(pairs) * 3 // 4  # most pairs differ in text, not only in formatting


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def _convert(soffice: str, source: Path, target_format: str, folder: Path) -> Path:
    folder.mkdir()
    profile = (folder / "profile").as_uri()  # a private profile: parallel runs never share one
    subprocess.run(
        [
            *(soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"),
            *("--convert-to", target_format, "--outdir", str(folder), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{source.stem}.{target_format.split(':')[0]}"


def _ends_struck() -> bytes:
    """A redline whose last clause is deleted: Word keeps the body's last paragraph mark."""
    drafts = [
        factories.draft("a", [("1", "Kept."), ("2", "Struck at the end.")]),
        factories.draft("b", [("1", "Kept, edited.")]),
    ]
    changes = [
        factories.change(drafts, model.ChangeKind.MODIFIED, [0], [0]),
        factories.change(drafts, model.ChangeKind.DELETED, [1], []),
    ]
    return docx_redline.build(drafts, changes, date=DATE)


@pytest.mark.parametrize("case", ["sample", "ends struck"])
def test_libreoffice_reads_the_revisions(
    case: str, sample: analysis.Review, tmp_path: Path
) -> None:
    soffice = _soffice()
    source = tmp_path / "redline.docx"
    if case == "sample":
        package = docx_redline.build(sample.drafts, sample.changes, date=DATE)
    else:
        package = _ends_struck()
    source.write_bytes(package)
    pdf = _convert(soffice, source, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    # Re-saved by LibreOffice, the revisions and comments it understood must still give both views.
    resaved = _convert(soffice, source, "docx:MS Word 2007 XML", tmp_path / "docx").read_bytes()
    assert wv.read(resaved) == wv.read(package)
    assert len(_comments(resaved)) == len(_comments(package))


def test_redline_of_a_tracked_single_file(
    detector: analysis.Detector, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = dx.parse_docspec(
        "1.1 Customer shall not use the Services to analyse {-bulk-acquired -}data.\n"
        "1.2 Customer {-shall-}{+should+} keep audit logs.\n"
    )
    path = dx.build_docx(spec, tmp_path / "msa.docx")
    review = analysis.analyse([path], detector)
    out = tmp_path / "redline.docx"
    code, _, err = _run(["compare", str(path), "--format", "docx", "-o", str(out)], capsys)
    assert code == 0, err
    _check_redline(review, out.read_bytes())


def test_an_export_to_a_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path: Path) -> None:
    # The same path as "-o /dev/null" or "-o /dev/stdout": renaming a temp file over such a
    # target would, run as root, replace the device itself.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    exports.write("{}\n", pipe)
    reader.join(timeout=10)
    assert received == [b"{}\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
