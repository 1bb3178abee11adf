"""The scenario runner's own logic, checked on synthetic compare@1 reports (no engine needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scenarios import suite


def _change(**fields: Any) -> dict[str, Any]:
    change: dict[str, Any] = {
        "from": 0,
        "to": 1,
        "kind": "modified",
        "old_ref": "7.4",
        "new_ref": "7.4",
        "old_text": "7.4 Licensee shall not run the Platform over bulk-collected datasets.",
        "new_text": "7.4 Licensee should not run the Platform over bulk-collected datasets.",
        "risk": "high",
        "favourable": False,
        "categories": ["bulk_data"],
        "reasons": ["§7.4 'shall not' was weakened to 'should not' in v2."],
        "rules": ["modality.weakened"],
        "tracked": None,
        "author": None,
        "date": None,
        "diff": [[0, "7.4 Licensee "], [-1, "shall"], [1, "should"], [0, " not run ..."]],
    }
    change.update(fields)
    return change


def _report(*changes: dict[str, Any], revisions: int = 0) -> dict[str, Any]:
    draft = {
        "path": "v.docx",
        "sha256": "0" * 64,
        "findings": [],
        "coverage": {"not_analysed": [], "warnings": []},
    }
    return {
        "schema": suite.SCHEMA,
        "drafts": [
            {**draft, "label": "v1", "revisions": 0},
            {**draft, "label": "v2", "revisions": revisions},
        ],
        "changes": list(changes),
    }


def _label(**fields: Any) -> suite.Label:
    base: dict[str, Any] = {"scenario": "t", "id": "t-01", "description": "d", "match": "x"}
    base.update(fields)
    return suite.Label(**base)


def _scenario() -> suite.Scenario:
    return suite.Scenario("t", Path("."), "", ("v1.md", "v2.md"), None, ())


def test_label_passes_when_every_expectation_holds() -> None:
    """A weakening labelled high/bulk_data passes on a matching high change."""
    label = _label(match="BULK-collected", min_risk="high", category="bulk_data", kind="modified")
    assert suite.judge(label, _report(_change())).ok


def test_label_reports_each_broken_expectation() -> None:
    """Risk, category, kind and favourable problems are each listed with the change."""
    label = _label(match="bulk", min_risk="critical", category="fine_tuning", kind="deleted")
    verdict = suite.judge(label, _report(_change(favourable=True)))
    text = "\n".join(verdict.problems)
    assert "below min_risk critical" in text
    assert "category fine_tuning missing" in text
    assert "kind 'modified'" in text
    assert "rules: ['modality.weakened']" in text


def test_zero_or_several_matches_fail_clearly() -> None:
    """A match must identify exactly one change."""
    none_found = suite.judge(_label(match="absent words"), _report(_change()))
    assert "identifies 0 changes" in none_found.problems[0]
    twice = suite.judge(_label(match="licensee"), _report(_change(), _change()))
    assert "identifies 2 changes" in twice.problems[0]


def test_pair_restricts_matching() -> None:
    """Only changes of the labelled pair are considered."""
    report = _report(_change(), _change(**{"from": 1, "to": 2}))
    assert len(suite.matching_changes(_label(match="bulk", pair=(1, 2)), report)) == 1


def test_not_reported_label_fails_when_a_change_matches() -> None:
    """reported = false means no change may match."""
    label = _label(match="bulk", reported=False)
    assert not suite.judge(label, _report(_change())).ok
    assert suite.judge(label, _report()).ok


def test_matching_ignores_quote_style_and_spacing() -> None:
    """Typographic quotes and line breaks in clause text do not defeat a label."""
    change = _change(new_text="\u201cBulk-Acquired  Data\u201d means\nany data set")
    assert suite.judge(_label(match='"Bulk-Acquired Data" means any'), _report(change)).ok


def test_summary_counts_recall_and_false_alarms() -> None:
    """Recall needs risk and category; a benign label above max_risk is a false alarm."""
    report = _report(
        _change(),
        _change(old_text="typo recieve", new_text="typo receive", risk="medium", categories=[]),
    )
    verdicts = [
        suite.judge(_label(match="bulk", min_risk="high", category="bulk_data"), report),
        suite.judge(_label(match="bulk", min_risk="high", category="fine_tuning"), report),
        suite.judge(_label(match="typo", max_risk="low"), report),
        suite.judge(_label(match="absent", max_risk="none"), report),
        suite.judge(_label(match="absent", reported=False), report),
    ]
    summary = suite.summarise(verdicts)
    assert (summary.serious, summary.caught) == (2, 1)
    assert (summary.benign, summary.false_alarms, summary.benign_unmatched) == (2, 1, 1)
    assert (summary.silent_total, summary.silent_reported) == (1, 0)
    assert summary.recall == pytest.approx(0.5)
    assert summary.false_alarm_rate == pytest.approx(0.5)


def test_contract_accepts_a_valid_report() -> None:
    """A well-formed report has no contract problems."""
    assert suite.contract_problems(_report(_change()), _scenario()) == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"risk": "severe"}, "risk 'severe'"),
        ({"kind": "inserted"}, "inserted change has old_text"),
        ({"tracked": True}, "newer draft has no revision marks"),
        ({"author": "X"}, "author/date must be null"),
        (
            {"new_text": "7.5 Licensee shall not run the Platform over bulk-collected datasets."},
            "only the clause number",
        ),
        ({"reasons": []}, "at least one reason"),
        ({"diff": [[2, "x"]]}, "diff is not a list"),
    ],
)
def test_contract_flags_bad_changes(fields: dict[str, Any], expected: str) -> None:
    """Each departure from the compare@1 change contract is reported."""
    problems = suite.contract_problems(_report(_change(**fields)), _scenario())
    assert any(expected in p for p in problems), problems


def test_contract_flags_unsorted_changes() -> None:
    """Changes must come critical first."""
    report = _report(_change(risk="low"), _change(risk="critical"))
    assert any("not sorted" in p for p in suite.contract_problems(report, _scenario()))


def test_labels_file_errors_are_clear(tmp_path: Path) -> None:
    """Unknown keys and bad risk names are refused with the label id."""
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "labels.toml").write_text(
        'drafts = ["a.md", "b.md"]\n[[change]]\nid = "bad-01"\ndescription = "d"\n'
        'match = "m"\nmin_risk = "severe"\n',
        encoding="utf-8",
    )
    with pytest.raises(suite.LabelError, match="bad-01: min_risk"):
        suite.load_scenario(folder)
