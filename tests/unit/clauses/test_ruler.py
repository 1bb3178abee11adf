"""The anchored span ruler finds exactly what spaCy's span_ruler finds."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from assistant import resources, taxonomy
from assistant.clauses import build, ruler

TEXTS = [
    "Licensee shall not surveil U.S. persons or monitor United States citizens.",
    "Notwithstanding anything to the contrary herein, the Government may use it for any lawful "
    "purpose, in its sole and absolute discretion, as directed by the Government.",
    "No Party shall analyse bulk-acquired data sets or commercially available information.",
    "Provider shall retain audit logs; Customer may inspect usage logs. Logs are kept.",
    "Recipient shall return or destroy all Confidential Information within 30 days.",
    "shall",
    "",
    # bounded gaps: the first gap allows two words, the second one to three
    "alpha beta x gamma. alpha x x x beta x gamma. alpha x beta x x x x gamma.",
    "alpha beta beta x gamma gamma; alpha x x beta beta gamma x gamma x x gamma",
    "Either party may terminate this Agreement upon written notice if the other party is in "
    "material breach of Section 4 and fails to cure such breach within thirty days.",
]

EXTRA: list[dict[str, Any]] = [
    # first tokens that are not fixed words run over the whole document
    {"label": "x", "id": "x.regex", "pattern": [{"LOWER": {"REGEX": "^surveil"}}]},
    {
        "label": "x",
        "id": "x.optional",
        "pattern": [{"LOWER": "the", "OP": "?"}, {"LOWER": "government"}],
    },
    {"label": "x", "id": "x.shape", "pattern": [{"SHAPE": "dd"}, {"LOWER": "days"}]},
    {
        "label": "x",
        "id": "x.unbounded",
        "pattern": [{"LOWER": "no"}, {"OP": "*"}, {"LOWER": "shall"}],
    },
    {"label": "x", "id": "x.phrase", "pattern": "audit logs"},
    {
        "label": "x",
        "id": "x.gaps",
        "pattern": [
            {"LOWER": {"IN": ["alpha", "omega"]}},
            {"OP": "{,2}"},
            {"LOWER": "beta"},
            {"ORTH": {"NOT_IN": ["."]}, "OP": "{1,3}"},
            {"LOWER": "gamma"},
        ],
    },
]


def _patterns() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for folder in taxonomy.bundled_pack_folders():
        found += build.read_patterns(folder / "patterns.jsonl")
    return found + build.read_patterns(resources.path(build.DEONTIC)) + EXTRA


def _spans(
    factory: str, patterns: list[dict[str, Any]], text: str
) -> list[tuple[int, int, str, str]]:
    nlp = spacy.blank("en")
    component: Any = nlp.add_pipe(factory, config={"spans_key": "found", "validate": True})
    component.add_patterns(patterns)
    doc = nlp(text)
    return sorted((s.start, s.end, s.label_, s.id_) for s in doc.spans["found"])


@pytest.mark.parametrize("text", TEXTS)
def test_same_spans_as_span_ruler(text: str) -> None:
    patterns = _patterns()
    assert _spans(ruler.FACTORY, patterns, text) == _spans("span_ruler", patterns, text)


def test_patterns_added_later_reach_only_their_own_words() -> None:
    # "alpha" and "omega" share one group until a later pack anchors a pattern on "alpha" alone.
    later = [{"label": "y", "id": "y.alpha", "pattern": [{"LOWER": "alpha"}, {"LOWER": "beta"}]}]
    text = "alpha beta x gamma. omega beta x gamma."
    nlp = spacy.blank("en")
    component: Any = nlp.add_pipe(ruler.FACTORY, config={"spans_key": "found"})
    component.add_patterns(EXTRA)
    component.add_patterns(later)
    doc = nlp(text)
    found = sorted((s.start, s.end, s.id_) for s in doc.spans["found"])
    assert found == [(0, 2, "y.alpha"), (0, 4, "x.gaps"), (5, 9, "x.gaps")]
    assert _spans(ruler.FACTORY, EXTRA + later, text) == _spans("span_ruler", EXTRA + later, text)


def test_removing_patterns_reindexes() -> None:
    nlp = spacy.blank("en")
    component: Any = nlp.add_pipe(ruler.FACTORY, config={"spans_key": "found"})
    component.add_patterns([*EXTRA, {"label": "y", "id": "y.days", "pattern": [{"LOWER": "days"}]}])
    component.remove_by_id("x.shape")
    doc = nlp("in 30 days the government")
    assert {s.id_ for s in doc.spans["found"]} == {"x.optional", "y.days"}
    component.remove("x")
    doc = nlp("in 30 days the government")
    assert [s.id_ for s in doc.spans["found"]] == ["y.days"]


def test_saved_and_loaded(tmp_path: Any) -> None:
    nlp = spacy.blank("en")
    component: Any = nlp.add_pipe(ruler.FACTORY, config={"spans_key": "found"})
    component.add_patterns(EXTRA)
    nlp.to_disk(tmp_path)
    doc = spacy.load(tmp_path)("audit logs")
    assert [s.id_ for s in doc.spans["found"]] == ["x.phrase"]
