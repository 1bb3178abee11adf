"""Check the labels themselves, without the engine: format, unique matches, every edit labelled."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from tests.fixtures import docx_builder
from tests.scenarios import suite

SCENARIOS = suite.load_scenarios()
LABELS = suite.all_labels(SCENARIOS)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_DELIMITER_ROW = re.compile(r"\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


@cache
def _views(scenario: suite.Scenario) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Per draft of the scenario: (paragraphs as they read, paragraphs with revisions rejected)."""
    views = []
    for entry in scenario.drafts:
        path = (scenario.folder / entry).resolve()
        spec_path = path.with_suffix(".docspec")
        if path.suffix == ".docx" and not path.exists() and spec_path.exists():
            spec = docx_builder.parse_docspec(spec_path.read_text(encoding="utf-8"))
            original = tuple(docx_builder.paragraphs(spec, "original"))
            current = tuple(docx_builder.paragraphs(spec, "current"))
        elif path.suffix == ".docx":
            read = docx_builder.read_views(path)
            original, current = tuple(read.original), tuple(read.current)
        else:
            current = original = tuple(_text_paragraphs(path))
        views.append((tuple(p for p in current if p.strip()), tuple(p for p in original if p)))
    if scenario.single_docx:
        (current, original) = views[0]
        return ((original, original), (current, current))
    return tuple(views)


def _text_paragraphs(path: Path) -> list[str]:
    """Blank-line separated paragraphs, a Markdown table row by row (the engine reads each row
    as a clause); Markdown links and emphasis reduced to their text."""
    text = path.read_text(encoding="utf-8")
    blocks = re.split(r"\n\s*\n", text)
    if path.suffix == ".md":
        blocks = [row for block in blocks for row in _table_rows(block)]
    paragraphs = [" ".join(block.split()) for block in blocks]
    if path.suffix == ".md":
        paragraphs = [_EMPHASIS.sub(r"\2", _LINK.sub(r"\1", p)) for p in paragraphs]
    return [p for p in paragraphs if p]


def _table_rows(block: str) -> list[str]:
    """A Markdown table's rows without its delimiter row; any other block as it is."""
    lines = [line.strip() for line in block.strip().splitlines()]
    if len(lines) < 2 or not all(line.startswith("|") for line in lines):
        return [block]
    return [line for line in lines if not _DELIMITER_ROW.fullmatch(line)]


def _pair_texts(scenario: suite.Scenario, pair: tuple[int, int]) -> tuple[list[str], list[str]]:
    views = _views(scenario)
    return list(views[pair[0]][0]), list(views[pair[1]][0])


def test_suite_size() -> None:
    """At least four negotiations and 45 labelled changes, with unique ids."""
    assert len(SCENARIOS) >= 4
    assert len(LABELS) >= 45
    duplicates = [i for i, n in Counter(label.id for label in LABELS).items() if n > 1]
    assert not duplicates


@pytest.mark.parametrize("label", LABELS, ids=[label.id for label in LABELS])
def test_match_is_specific(label: suite.Label) -> None:
    """A label's match occurs in at most one paragraph of each draft of its pair, and somewhere."""
    scenario = next(s for s in SCENARIOS if s.name == label.scenario)
    pair = label.pair or scenario.pairs[0]
    needle = suite.normalise(label.match)
    old, new = _pair_texts(scenario, pair)
    hits_old = [p for p in old if needle in suite.normalise(p)]
    hits_new = [p for p in new if needle in suite.normalise(p)]
    assert hits_old or hits_new, f"{label.match!r} occurs in neither draft of pair {pair}"
    assert len(hits_old) <= 1, f"{label.match!r} occurs {len(hits_old)}x in the older draft"
    assert len(hits_new) <= 1, f"{label.match!r} occurs {len(hits_new)}x in the newer draft"
    if not label.reported:
        assert hits_old and hits_new, "a must-not-report label names a clause in both drafts"


COMPLETE = [s for s in SCENARIOS if not s.partial]


@pytest.mark.parametrize("scenario", COMPLETE, ids=[s.name for s in COMPLETE])
def test_every_edit_is_labelled(scenario: suite.Scenario) -> None:
    """Every paragraph that differs between consecutive drafts is named by a label of that pair."""
    unlabelled = []
    for pair in scenario.pairs:
        needles = [
            suite.normalise(label.match)
            for label in scenario.labels
            if (label.pair or scenario.pairs[0]) == pair
        ]
        old, new = _pair_texts(scenario, pair)
        changed = [p for p in old if p not in new] + [p for p in new if p not in old]
        renumbered = {suite.without_number(p) for p in old} & {suite.without_number(p) for p in new}
        for paragraph in changed:
            if paragraph.startswith("#") or suite.without_number(paragraph) in renumbered:
                continue  # Markdown headings are structure; pure renumbering needs no label
            text = suite.normalise(paragraph)
            if not any(needle in text for needle in needles):
                unlabelled.append(f"{pair}: {paragraph[:120]}")
    assert not unlabelled, "edits without a label:\n" + "\n".join(unlabelled)


@pytest.mark.parametrize(
    "scenario", [s for s in COMPLETE if not s.single_docx], ids=lambda s: s.name
)
def test_untracked_edits_are_labelled(scenario: suite.Scenario) -> None:
    """Where a newer .docx has revisions, edits in its original view are tracked=false labels."""
    views = _views(scenario)
    for pair in scenario.pairs:
        older_current = set(views[pair[0]][0])
        newer_original = [p for p in views[pair[1]][1] if p.strip()]
        if list(newer_original) == list(views[pair[1]][0]):
            continue  # the newer draft carries no revisions
        silent = [p for p in newer_original if p not in older_current]
        untracked = [
            suite.normalise(label.match)
            for label in scenario.labels
            if label.tracked is False and (label.pair or scenario.pairs[0]) == pair
        ]
        for paragraph in silent:
            text = suite.normalise(paragraph)
            assert any(n in text for n in untracked), f"untracked edit not labelled: {paragraph}"
        assert len(silent) == len(untracked), f"{pair}: {len(silent)} untracked edits: {silent}"


def _oracle_change(label: suite.Label, scenario: suite.Scenario) -> dict[str, object]:
    """The change a perfect engine would report for a label, built from the draft texts."""
    pair = label.pair or scenario.pairs[0]
    needle = suite.normalise(label.match)
    old, new = _pair_texts(scenario, pair)
    old_text = next((p for p in old if needle in suite.normalise(p)), None)
    new_text = next((p for p in new if needle in suite.normalise(p)), None)
    return {
        "from": pair[0],
        "to": pair[1],
        "kind": label.kind or ("inserted" if old_text is None else "modified"),
        "old_text": None if label.kind == "inserted" else old_text,
        "new_text": None if label.kind == "deleted" else new_text,
        "risk": label.min_risk or label.max_risk or "low",
        "favourable": bool(label.favourable),
        "categories": [label.category] if label.category else [],
        "tracked": label.tracked,
        "author": label.author,
    }


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_labels_agree_with_a_perfect_report(scenario: suite.Scenario) -> None:
    """On a report with exactly the labelled changes, every label passes (no label overlaps)."""
    changes = [_oracle_change(label, scenario) for label in scenario.labels if label.reported]
    report = {"changes": changes}
    failures = [v for v in (suite.judge(lab, report) for lab in scenario.labels) if not v.ok]
    assert not failures, "\n".join(f"{v.label.id}: {v.problems}" for v in failures)
