"""Sentence boundaries in contract prose."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from assistant.clauses import sentences


@pytest.fixture(scope="module")
def nlp() -> Any:
    """A blank English pipeline with the abbreviations and the sentence component."""
    pipeline = spacy.blank("en")
    sentences.add_abbreviations(pipeline.tokenizer)
    pipeline.add_pipe(sentences.FACTORY)
    return pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Licensee shall not surveil U.S. persons. It shall comply with the Act.",
            ["Licensee shall not surveil U.S. persons.", "It shall comply with the Act."],
        ),
        (
            "Acme Inc. shall deliver, e.g. by courier, i.e. in person. Then it ends.",
            ["Acme Inc. shall deliver, e.g. by courier, i.e. in person.", "Then it ends."],
        ),
        (
            "As set out in Sec. 3.2 and Art. 4 and No. 5. The Provider agrees.",
            ["As set out in Sec. 3.2 and Art. 4 and No. 5.", "The Provider agrees."],
        ),
        (
            "1. The Provider shall deliver. 2. The Buyer shall pay: 1. fees; 2. taxes.",
            ["1. The Provider shall deliver.", "2. The Buyer shall pay: 1. fees; 2. taxes."],
        ),
        (
            "Licensee shall not: (a) surveil; or (b) target. (c) is reserved.",
            ["Licensee shall not: (a) surveil; or (b) target.", "(c) is reserved."],
        ),
        (
            'It is "final." "Bulk Data" means data. Then (the "Term").',
            ['It is "final."', '"Bulk Data" means data.', 'Then (the "Term").'],
        ),
        ("See Exhibit A. Next one.", ["See Exhibit A.", "Next one."]),
        ("A. Scope. The Provider shall.", ["A. Scope.", "The Provider shall."]),
        ("Paid in 30 days. 2026 is the year.", ["Paid in 30 days.", "2026 is the year."]),
        ("Software, etc. and more. Next.", ["Software, etc. and more.", "Next."]),
        ("Is it? Yes! Done.", ["Is it?", "Yes!", "Done."]),
        ("Heading without stop\n\nbody text", ["Heading without stop", "body text"]),
        ("No period at the end", ["No period at the end"]),
    ],
)
def test_sentences(nlp: Any, text: str, expected: list[str]) -> None:
    assert [s.text.strip() for s in nlp(text).sents] == expected


def test_empty_text(nlp: Any) -> None:
    assert list(nlp("").sents) == []


def test_abbreviations_stay_one_token(nlp: Any) -> None:
    assert [t.text for t in nlp("Sec. 3.2, SEC. 4, sec. 5")] == [
        "Sec.",
        "3.2",
        ",",
        "SEC.",
        "4",
        ",",
        "sec.",
        "5",
    ]
