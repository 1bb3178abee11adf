"""The bundled sample negotiation as PRODUCT.md promises it: one critical change, explained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.scenarios import suite
from tests.scenarios.conftest import ReportCache, run_compare

SAMPLE = suite.load_scenario(suite.HERE / "sample_ai_services")
AUTHOR = "Counterparty Counsel"
DATE = "2026-03-02T09:00:00Z"
_NO_MARK = re.compile(
    r"revision mark|untracked|not tracked|without track|tracking (was )?(switched|turned) off",
    re.IGNORECASE,
)


@pytest.fixture
def report(reports: ReportCache) -> suite.Report:
    """The compare@1 report of the three sample drafts."""
    return reports.report(SAMPLE)


def test_struck_bulk_data_clause_comes_first(report: suite.Report) -> None:
    """The first change is the tracked deletion of §4.2 (bulk data), critical and explained."""
    first = report["changes"][0]
    detail = suite.describe(first)
    assert first["kind"] == "deleted", detail
    assert (first["from"], first["to"]) == (1, 2), detail
    assert first["risk"] == "critical", detail
    assert first["favourable"] is False, detail
    assert "bulk_data" in first["categories"], detail
    assert "Bulk-Acquired Data" in (first["old_text"] or ""), detail
    assert first["old_ref"] == "4.2", detail
    assert first["new_text"] is None, detail
    assert first["tracked"] is True, detail
    assert first["author"] == AUTHOR, detail
    assert first["date"] == DATE, detail
    reason = first["reasons"][0]
    newer_label = report["drafts"][2]["label"]
    assert "4.2" in reason, f"first reason does not name the clause: {reason!r}"
    assert newer_label in reason, f"first reason does not name draft {newer_label!r}: {reason!r}"


def test_no_other_change_is_critical(report: suite.Report) -> None:
    """Every change after the first is below critical."""
    others = [c for c in report["changes"][1:] if c["risk"] == "critical"]
    assert not others, "\n".join(suite.describe(c) for c in others)


def test_untracked_edit_is_called_out(report: suite.Report) -> None:
    """The §6.1 carve-out typed with tracking off is untracked, high, and says so."""
    label = next(lab for lab in SAMPLE.labels if lab.tracked is False)
    matches = suite.matching_changes(label, report)
    assert len(matches) == 1, [suite.describe(c) for c in matches]
    change = matches[0]
    assert change["tracked"] is False, suite.describe(change)
    assert change["author"] is None and change["date"] is None, suite.describe(change)
    assert any(_NO_MARK.search(reason) for reason in change["reasons"]), (
        f"no reason says the edit carries no revision mark: {change['reasons']}"
    )


def test_drafts_and_revision_counts(report: suite.Report) -> None:
    """Three drafts; only v3 carries revision marks, so pair 0->1 has tracked null."""
    drafts = report["drafts"]
    assert [d["revisions"] for d in drafts[:2]] == [0, 0]
    assert drafts[2]["revisions"] > 0
    assert all(c["tracked"] is None for c in report["changes"] if c["to"] == 1)
    assert all(c["tracked"] is not None for c in report["changes"] if c["to"] == 2)


def test_json_is_deterministic(reports: ReportCache, tmp_path: Path) -> None:
    """The same inputs give byte-identical JSON."""
    paths = reports.paths(SAMPLE)
    run_compare(paths, tmp_path / "a.json")
    run_compare(paths, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
