"""The command line end to end: the JSON contract, exit codes, and one-line errors on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assistant import cli, resources
from assistant.review import audit
from tests.fixtures import docx_builder as dx

pytestmark = pytest.mark.model

V1 = """# Services Agreement

1. Use Restrictions

1.1 Customer shall not use the Services to analyse bulk-acquired data.

1.2 Customer shall not use the Services for domestic surveillance of U.S. persons.

2. Payment

2.1 Fees are due within thirty (30) days of invoice.
"""


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_struck_clause_in_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "v1.md", V1)
    new = _write(
        tmp_path,
        "v2.md",
        V1.replace(
            "1.1 Customer shall not use the Services to analyse bulk-acquired data.\n\n", ""
        ).replace("1.2 ", "1.1 "),
    )
    code, out, err = _run(["compare", old, new, "--format", "json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    assert document["schema"] == "redline-assistant/compare@1"
    assert [d["label"] for d in document["drafts"]] == ["v1", "v2"]
    first = document["changes"][0]
    assert first["kind"] == "deleted" and first["risk"] == "critical"
    assert first["old_ref"] == "1.1" and first["new_ref"] is None
    assert first["categories"] == ["bulk_data"] and first["tracked"] is None
    assert "§1.1" in first["reasons"][0] and "v2" in first["reasons"][0]
    # The surveillance clause was only renumbered: not reported at all.
    assert all("surveillance" not in (c["old_text"] or "") for c in document["changes"])
    expected_keys = {
        "from", "to", "kind", "old_ref", "new_ref", "old_text", "new_text", "risk", "favourable",
        "categories", "reasons", "rules", "tracked", "author", "date", "diff",
    }  # fmt: skip
    assert expected_keys <= set(first)


def test_output_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "v1.md", V1)
    new = _write(tmp_path, "v2.md", V1.replace("shall not use", "should not use"))
    outputs = []
    for name in ("a.json", "b.json"):
        assert (
            _run(["compare", old, new, "--format", "json", "-o", str(tmp_path / name)], capsys)[0]
            == 0
        )
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_fail_on_threshold_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "v1.md", V1)
    new = _write(
        tmp_path,
        "v2.md",
        V1.replace(
            "shall not use the Services to analyse", "should not use the Services to analyse"
        ),
    )
    assert _run(["compare", old, new, "--fail-on", "high"], capsys)[0] == 3
    assert _run(["compare", old, new, "--fail-on", "critical"], capsys)[0] == 0


def test_single_docx_with_revisions_compares_its_two_views(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = dx.DocSpec(
        (
            dx.Para("1. Use Restrictions", style="Heading 1"),
            dx.Para(
                "1.1 Customer may use the Services for the Authorized Uses"
                "{+ and any lawful purpose+}."
            ),
            dx.Para(
                "1.2 Customer shall not use the Services to analyse bulk-acquired data.",
                change="deleted",
            ),
            dx.Para("1.3 Invoices are payable monthly."),
        ),
        revision=dx.Revision("Agency Counsel", "2026-04-01T10:00:00Z"),
    )
    path = dx.build_docx(spec, tmp_path / "msa.docx")
    code, out, err = _run(["compare", str(path), "--format", "json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    assert [d["label"] for d in document["drafts"]] == ["msa (original)", "msa (current)"]
    assert document["drafts"][0]["sha256"] == document["drafts"][1]["sha256"]
    by_risk = {c["risk"]: c for c in document["changes"]}
    struck = by_risk["critical"]
    assert struck["kind"] == "deleted" and struck["categories"] == ["bulk_data"]
    assert struck["tracked"] is True and struck["author"] == "Agency Counsel"
    lawful = by_risk["high"]
    assert "any_lawful_purpose" in lawful["categories"]
    assert lawful["tracked"] is True and lawful["author"] == "Agency Counsel"
    assert lawful["date"] == "2026-04-01T10:00:00Z"


def test_untracked_edit_in_a_tracked_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = _write(tmp_path, "v1.md", V1)
    spec = dx.DocSpec(
        (
            dx.Para("1. Use Restrictions", style="Heading 1"),
            # Edited with tracking off: the file's original view already differs from v1.
            dx.Para(
                "1.1 Customer shall not, where practicable, use the Services to analyse "
                "bulk-acquired data."
            ),
            dx.Para(
                "1.2 Customer shall not use the Services for {-domestic surveillance-}"
                "{+unlawful domestic surveillance+} of U.S. persons."
            ),
            dx.Para("2. Payment", style="Heading 1"),
            dx.Para("2.1 Fees are due within thirty (30) days of invoice."),
        )
    )
    newer = str(dx.build_docx(spec, tmp_path / "v2.docx"))
    code, out, err = _run(["compare", previous, newer, "--format", "json"], capsys)
    assert code == 0, err
    changes = {c["new_ref"]: c for c in json.loads(out)["changes"]}
    assert changes["1.1"]["tracked"] is False
    assert any("without a revision mark" in r for r in changes["1.1"]["reasons"])
    assert changes["1.2"]["tracked"] is True and changes["1.2"]["author"] == "Counterparty Counsel"


def test_markdown_report_ranks_and_explains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _write(tmp_path, "v1.md", V1)
    new = _write(
        tmp_path,
        "v2.md",
        V1.replace(
            "bulk-acquired data.", "bulk-acquired data, except as authorized by the Agency."
        ),
    )
    code, out, _ = _run(["compare", old, new], capsys)
    assert code == 0
    assert "HIGH" in out and "§1.1" in out and "**, except as authorized by the Agency**" in out


def _bad_inputs(folder: Path) -> dict[str, Path]:
    files = {
        "not a docx": folder / "fake.docx",
        "empty": folder / "empty.docx",
        "encrypted": folder / "locked.docx",
        "truncated": folder / "cut.docx",
        "wrong encoding": folder / "latin1.txt",
        "legacy doc": folder / "old.doc",
    }
    files["not a docx"].write_text("hello, I am plain text", encoding="utf-8")
    files["empty"].write_bytes(b"")
    files["encrypted"].write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512)
    good = dx.build_docx(
        dx.DocSpec((dx.Para("1.1 Customer shall not do it."),)), folder / "good.docx"
    )
    files["truncated"].write_bytes(good.read_bytes()[:300])
    files["wrong encoding"].write_bytes("Clause 1. Le Client ne doit pas céder.".encode("latin-1"))
    files["legacy doc"].write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512)
    return files


@pytest.mark.parametrize(
    "case", ["not a docx", "empty", "encrypted", "truncated", "wrong encoding", "legacy doc"]
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, case: str) -> None:
    bad = _bad_inputs(tmp_path)[case]
    good = tmp_path / "v1.md"
    good.write_text(V1, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "compare", str(good), str(bad)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_and_bad_invocation_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["compare", "does-not-exist.docx", "other.docx"], capsys)[0] == 2
    with pytest.raises(SystemExit) as stop:
        cli.main(["compare", "--format", "yaml", "a", "b"])
    assert stop.value.code == 2


def test_scan_jsonl_keeps_going_past_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path, "good.md", V1)
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(bad, "w") as package:
        package.writestr("hello.txt", "no document here")
    code, out, err = _run(["scan", str(bad), good, "--format", "jsonl"], capsys)
    assert code == 2
    entries = [json.loads(line) for line in out.splitlines()]
    assert [e["ok"] for e in entries] == [False, True]
    assert entries[0]["error"] and entries[0]["schema"] == "redline-assistant/scan@1"
    assert {f["category"] for f in entries[1]["findings"]} >= {"bulk_data", "domestic_surveillance"}
    assert "bad.docx" in err


def test_compare_is_audited_and_the_log_verifies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _write(tmp_path, "v1.md", V1)
    new = _write(tmp_path, "v2.md", V1.replace("shall not use", "should not use"))
    assert (
        _run(["compare", old, new, "--format", "json", "-o", str(tmp_path / "r.json")], capsys)[0]
        == 0
    )
    code, out, _ = _run(["audit", "verify"], capsys)
    assert code == 0 and "2 records" in out  # the analysis and the export
    log = resources.data_home() / audit.LOG_NAME
    log.write_text(log.read_text(encoding="utf-8").replace('"cli"', '"app"'), encoding="utf-8")
    code, _, err = _run(["audit", "verify"], capsys)
    assert code == 2 and "altered" in err


def test_unwritable_audit_log_blocks_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (resources.data_home() / audit.LOG_NAME).mkdir()
    old = _write(tmp_path, "v1.md", V1)
    target = tmp_path / "report.json"
    code, _, err = _run(["compare", old, old, "--format", "json", "-o", str(target)], capsys)
    assert code == 1 and "audit log" in err and not target.exists()


def test_report_on_a_console_that_is_not_utf8(tmp_path: Path) -> None:
    old = _write(tmp_path, "v1.md", V1)
    new = _write(tmp_path, "v2.md", V1.replace("shall not use", "should not use"))
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "compare", old, new],
        capture_output=True, timeout=120, check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "HIGH" in result.stdout.decode("utf-8")
