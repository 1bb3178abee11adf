"""Judge `compare` on the labelled negotiations: one test per label, contract checks, summary."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.scenarios import suite
from tests.scenarios.conftest import SUMMARY_KEY, ReportCache

SCENARIOS = suite.load_scenarios()
BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}
LABELS = suite.all_labels(SCENARIOS)


KNOWN_GAPS: dict[str, str] = tomllib.loads(
    (Path(__file__).parent / "known_gaps.toml").read_text(encoding="utf-8")
)["gaps"]


@pytest.mark.parametrize("label", LABELS, ids=[label.id for label in LABELS])
def test_label(label: suite.Label, reports: ReportCache) -> None:
    """The change a label identifies is reported (or not) with the labelled risk and facts."""
    verdict = suite.judge(label, reports.report(BY_NAME[label.scenario]))
    gap = KNOWN_GAPS.get(label.id)
    if gap is not None:
        if verdict.ok:
            pytest.fail(f"{label.id} now passes: remove it from known_gaps.toml", pytrace=False)
        pytest.xfail(" ".join(gap.split()))
    if not verdict.ok:
        pytest.fail(
            f"{label.id} ({label.description}):\n" + "\n".join(verdict.problems), pytrace=False
        )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_report_contract(scenario: suite.Scenario, reports: ReportCache) -> None:
    """The report has the compare@1 shape: drafts, changes with every field, sorted by risk."""
    report = reports.report(scenario)
    problems = suite.contract_problems(report, scenario)
    if problems:
        pytest.fail(
            f"{scenario.name}: compare@1 contract broken:\n" + "\n".join(problems), pytrace=False
        )


def test_summary(reports: ReportCache, request: pytest.FixtureRequest) -> None:
    """Compute recall and false-alarm rate over every label, and over the held-out scenarios
    alone (printed in the terminal summary)."""
    verdicts = [suite.judge(label, reports.report(BY_NAME[label.scenario])) for label in LABELS]
    summary = suite.summarise(verdicts)
    heldout = suite.summarise(v for v in verdicts if BY_NAME[v.label.scenario].heldout)
    sections = [("all scenarios", summary)]
    if heldout.total:
        sections.append(("held-out scenarios only (rules never tuned on them)", heldout))
    request.config.stash[SUMMARY_KEY] = sections
    for title, numbers in sections:
        print("\n".join([f"{title}:", *numbers.lines()]))
    assert summary.total == len(LABELS)
