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
_HEADINGS = (
    "the segmenter takes a short unnumbered line in title case for a heading, and headings are "
    "not compared: the edited paragraph is "
)
_NOT_TEXT = "the change is not in the text (our compare reports text only): "
# Every pair where we disagree with Word, and why. None is a reader cause: the text read from
# both files differs (first group) or is the same in both (second group).
KNOWN = {
    "WC-1230": _HEADINGS + "an equation, 'A=πr2' -> 'A=2πr2'",
    "WC-1510": _HEADINGS + "'Three' deleted, and '19.5' inserted (read as a number alone)",
    "WC-1520": _HEADINGS + "'Three' inserted, and '19.5' deleted (read as a number alone)",
    "WC-1530": _HEADINGS + "'Three' -> 'THree' and 'Nineteen' -> 'NIneteen'",
    "WC-1620": _HEADINGS + "a new footnote 'Foo'",
    "WC-1630": _HEADINGS + "a deleted footnote 'Foo'",
    "WC-1770": _HEADINGS + "a text box 'In1' -> 'In'",
    "WC-1800": _HEADINGS + "'Two' -> 'Two1'",
    "WC-1880": _HEADINGS + "a text box 'Textbox1' -> 'Textbox1a'",
    "WC-1890": _HEADINGS + "a text box 'Textbox1' -> 'Textbox1a'",
    "WC-2020": _HEADINGS + "a new endnote 'My Endnote'",
    "WC-2050": _HEADINGS + "a deleted footnote 'Test'",
    "WC-2060": _HEADINGS + "a new footnote 'Test'",
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


@pytest.mark.xfail(
    strict=True,
    reason="83% (88/106): 13 pairs edit a short title-case line that the segmenter takes for an "
    "uncompared heading (see KNOWN); 5 change pictures or layout only",
)
def test_agreement_on_change_versus_no_change_reaches_95_percent(corpus: Path) -> None:
    agreeing = len(_results(corpus)) - len(_disagreements(corpus))

    assert agreeing / len(_results(corpus)) >= 0.95
