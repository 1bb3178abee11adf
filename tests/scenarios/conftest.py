"""Scenario fixtures: run `compare` once per scenario and print the suite summary at the end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.scenarios import suite

SUMMARY_KEY = pytest.StashKey[list[tuple[str, suite.Summary]]]()


class ReportCache:
    """Runs the CLI on each scenario once per test session and keeps the JSON report."""

    def __init__(self, workdir: Path) -> None:
        self._workdir = workdir
        self._reports: dict[str, suite.Report] = {}
        self._failures: dict[str, str] = {}

    def report(self, scenario: suite.Scenario) -> suite.Report:
        """The compare@1 report of a scenario (the CLI runs on first use)."""
        if scenario.name in self._failures:
            pytest.fail(self._failures[scenario.name], pytrace=False)
        if scenario.name not in self._reports:
            try:
                self._reports[scenario.name] = self._run(scenario)
            except Exception as exc:
                message = f"compare failed on scenario {scenario.name}: {exc!r}"
                self._failures[scenario.name] = message
                raise
        return self._reports[scenario.name]

    def paths(self, scenario: suite.Scenario) -> list[Path]:
        """The scenario's draft files (docspecs built under the session's work folder)."""
        return suite.draft_paths(scenario, self._workdir / "built")

    def _run(self, scenario: suite.Scenario) -> suite.Report:
        out = self._workdir / "reports" / f"{scenario.name}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        return run_compare(self.paths(scenario), out, scenario.side)


def run_compare(paths: list[Path], out: Path, side: str | None = None) -> suite.Report:
    """Run `compare --format json` in-process and load the report it wrote."""
    from assistant import cli  # imported late: collection must not need the engine

    argv = ["compare", *(str(p) for p in paths), "--format", "json", "-o", str(out)]
    if side:
        argv += ["--side", side]
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code
    assert code in (0, None), f"compare exited with {code} for {argv}"
    report: suite.Report = json.loads(out.read_text(encoding="utf-8"))
    return report


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ReportCache:
    """The session's scenario reports."""
    return ReportCache(tmp_path_factory.mktemp("scenarios"))


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print recall and false-alarm rate when the summary test ran."""
    sections = config.stash.get(SUMMARY_KEY, None)
    if sections is None:
        return
    terminalreporter.section("scenario suite summary")
    for title, summary in sections:
        terminalreporter.write_line(f"{title}:")
        for line in summary.lines():
            terminalreporter.write_line(f"  {line}")
