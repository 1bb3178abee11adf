"""The audit log's chain: every single-record tampering and any truncation is detected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import errors, resources
from assistant.review import audit


def _fill(count: int) -> Path:
    for number in range(count):
        audit.append("analysed", {"drafts": [f"v{number}.docx"], "changes": number})
    return resources.data_home() / audit.LOG_NAME


def _lines(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines(keepends=True)


def test_appended_records_verify() -> None:
    _fill(5)
    result = audit.verify()
    assert result.ok and result.records == 5


def test_empty_log_verifies() -> None:
    assert audit.verify().ok


@pytest.mark.parametrize("field", ["action", "time", "details", "outcome", "who"])
def test_every_single_record_edit_is_detected(field: str) -> None:
    log = _fill(6)
    original = _lines(log)
    for index in range(len(original)):
        lines = list(original)
        record = json.loads(lines[index])
        record[field] = "tampered"
        lines[index] = json.dumps(record, sort_keys=True) + "\n"
        log.write_text("".join(lines), encoding="utf-8")
        assert not audit.verify().ok, f"edit of {field} in record {index + 1} went unnoticed"
    log.write_text("".join(original), encoding="utf-8")
    assert audit.verify().ok


def test_deleting_reordering_and_truncating_are_detected() -> None:
    log = _fill(5)
    original = _lines(log)
    for lines in (
        original[:2] + original[3:],  # a record deleted
        [original[1], original[0], *original[2:]],  # two swapped
        original[:-1],  # cut off the end: only the checkpoint can tell
    ):
        log.write_text("".join(lines), encoding="utf-8")
        assert not audit.verify().ok


def test_unwritable_log_refuses_the_action() -> None:
    # A folder where the log file should be: unwritable even for root, unlike a chmod.
    (resources.data_home() / audit.LOG_NAME).mkdir()
    with pytest.raises(errors.AuditError, match="cannot write the audit log"):
        audit.append("exported", {"path": "out.docx"})


def test_damaged_last_record_refuses_further_appends() -> None:
    log = _fill(2)
    with log.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    with pytest.raises(errors.AuditError, match="damaged"):
        audit.append("analysed", {})
