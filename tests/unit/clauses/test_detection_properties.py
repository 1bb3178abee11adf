"""Hypothesis: what a draft is found to restrict does not depend on how Word stored its text.

Word splits a paragraph into runs wherever formatting, spell-check marks or editing history fall,
often inside a word, and typists double spaces. Neither changes what a clause says, so neither may
change its findings: the same categories, rules, forms and sentences, read from the .docx through
the whole scan (reader, segmenter, detector). The clauses are the sample negotiation's own.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import resources
from assistant.clauses import detection
from assistant.review import analysis
from tests.unit.documents import wordml

# Between the runs of one paragraph, Word writes spell-check marks and bookmarks.
_BETWEEN = ("", '<w:proofErr w:type="spellStart"/>', '<w:bookmarkStart w:id="0" w:name="x"/>')
_FORMATS = ("", "<w:rPr><w:b/></w:rPr>", '<w:rPr><w:rFonts w:ascii="Arial"/><w:i/></w:rPr>')


@pytest.fixture(scope="module")
def clauses(detector: detection.RuleDetector) -> list[str]:
    """The texts of the sample's first draft that carry at least one finding."""
    first = sorted(resources.path("samples").glob("*.docx"))[0]
    draft = analysis.scan(first, detector)
    found = sorted({draft.clauses[f.clause].text for f in draft.findings})
    assert len(found) >= 20
    return found


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the generated drafts are written (overwritten by each example)."""
    return tmp_path_factory.mktemp("variants")


def _run(text: str, formatting: str) -> str:
    return f'<w:r>{formatting}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


Scanned = tuple[list[str], list[tuple[object, ...]], list[tuple[object, ...]]]


def _scan(
    folder: Path, name: str, paragraphs: list[str], detector: detection.RuleDetector
) -> Scanned:
    """Clause texts, findings and definitions of a .docx of the given raw XML paragraphs."""
    path = wordml.write(folder, wordml.build("".join(paragraphs)), name)
    draft = analysis.scan(path, detector)
    findings = [
        (f.clause, f.ref, f.category, f.rule, f.form, f.text, f.start, f.end)
        for f in draft.findings
    ]
    definitions = [(d.term, d.clause, d.used_in) for d in draft.definitions]
    return [c.text for c in draft.clauses], findings, definitions


@st.composite
def _stored_as_word_might(draw: st.DrawFn, text: str) -> str:
    """One paragraph of `text`: some spaces doubled, split into runs at arbitrary characters."""
    spaces = [i for i, character in enumerate(text) if character == " "]
    doubled = draw(st.sets(st.sampled_from(spaces))) if spaces else set()
    text = "".join(c * 2 if i in doubled else c for i, c in enumerate(text))
    cuts = sorted(draw(st.sets(st.integers(1, len(text) - 1), max_size=8)))
    runs = []
    for start, end in itertools.pairwise([0, *cuts, len(text)]):
        runs.append(draw(st.sampled_from(_BETWEEN)))
        runs.append(_run(text[start:end], draw(st.sampled_from(_FORMATS))))
    return f"<w:p>{''.join(runs)}</w:p>"


@given(data=st.data())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_findings_survive_run_splits_and_doubled_spaces(
    data: st.DataObject, clauses: list[str], folder: Path, detector: detection.RuleDetector
) -> None:
    texts = data.draw(st.lists(st.sampled_from(clauses), min_size=1, max_size=4), label="clauses")
    plain = [f"<w:p>{_run(text, '')}</w:p>" for text in texts]
    stored = [data.draw(_stored_as_word_might(text), label="stored") for text in texts]

    expected = _scan(folder, "plain.docx", plain, detector)
    found = _scan(folder, "stored.docx", stored, detector)

    assert expected[1], "every sampled clause carries a finding"
    assert found == expected
