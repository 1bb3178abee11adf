"""Our compare against Word's (WmlComparer's) on 106 real pairs: change versus no change.

The oracle counts Word revisions, not our clause changes, so only zero versus non-zero is
compared (corpus README). Runs every pair in-process in about two seconds; the detector is a
stand-in because finding restrictions does not decide whether a clause changed.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant import model
from assistant.review import analysis

pytestmark = pytest.mark.corpus

_ORACLE = "docx/open-xml-powertools/expected/wmlcomparer_expected_revision_counts.tsv"
_FILES = "docx/open-xml-powertools/TestFiles"
_NOT_TEXT = "the change is not in the text (our compare reports text only): "
# Every pair where we disagree with Word, and why: none is a reader cause; the text read from
# both files is the same.
KNOWN = {
    "WC-1190": _NOT_TEXT + "a paragraph moved into a new table, same words",
    "WC-1240": _NOT_TEXT + "a picture replaced",
    "WC-1320": _NOT_TEXT + "a picture deleted from a SmartArt diagram",
    "WC-1340": _NOT_TEXT + "a picture deleted",
    "WC-1810": _NOT_TEXT + "a picture changed",
}


class _NoDetector:
    """Finds nothing: only whether clauses changed matters here."""

    def detect(
        self, clauses: Sequence[model.Clause]
    ) -> tuple[tuple[model.Finding, ...], tuple[model.Definition, ...]]:
        return (), ()


@functools.cache
def _results(corpus: Path) -> dict[str, tuple[int, int]]:
    """Word's revision count and our change count for every pair, by test id."""
    with (corpus / _ORACLE).open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    folder = corpus / _FILES
    found = {}
    for row in rows:
        review = analysis.analyse(
            [folder / row["original"], folder / row["revised"]], _NoDetector()
        )
        found[row["test_id"]] = (int(row["expected_revision_count"]), len(review.changes))
    return found


def _disagreements(corpus: Path) -> set[str]:
    return {key for key, (word, ours) in _results(corpus).items() if (word > 0) != (ours > 0)}


def test_every_pair_word_finds_identical_gives_no_changes(corpus: Path) -> None:
    identical = {key: ours for key, (word, ours) in _results(corpus).items() if word == 0}

    assert len(identical) == 4
    assert set(identical.values()) == {0}


def test_disagreements_are_the_known_ones(corpus: Path) -> None:
    results = _results(corpus)

    assert len(results) == 106
    assert _disagreements(corpus) <= set(KNOWN)


def test_agreement_on_change_versus_no_change_reaches_95_percent(corpus: Path) -> None:
    agreeing = len(_results(corpus)) - len(_disagreements(corpus))

    assert agreeing / len(_results(corpus)) >= 0.95
