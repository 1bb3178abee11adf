"""The trained sentence classifier: its wiring into detection, its manifest, and reproducibility."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy
import pytest

from assistant import errors, model, resources
from assistant.clauses import build, detection, training
from tests.fixtures.models import stale_sources

# A transfer restriction worded so that no assignment pattern matches it; the classifier does.
PARAPHRASE = (
    "Licensee may not transfer any of its rights hereunder to a third party without the written"
    " approval of Licensor."
)
# The same subject with no deontic cue: the classifier scores it, but it is no finding.
UNCUED = (
    "Transfer of any of its rights hereunder to a third party without the written approval of"
    " Licensor is void."
)
# A list item no assignment pattern matches, which the model scores far above any threshold it has
# chosen (0.89-0.92 by the last two trainings; thresholds have ranged 0.45-0.65), so the test
# below checks the lead-in's cue and not a retraining's noise.
ITEM = (
    "transfer any of its rights or obligations under this Agreement to any third party without the"
    " written approval of Licensor;"
)


SAMPLE = (
    "Neither party may assign this Agreement without the other party's prior consent.",
    "Customer shall have the right to audit Supplier's books and records.",
    "In no event shall either party's aggregate liability exceed the fees paid.",
    "During the Term, Distributor shall not sell any competing products.",
    PARAPHRASE,
)


def clause(text: str, ref: str | None = "1") -> model.Clause:
    return model.Clause(ref, (), text, text)


def findings(detector: detection.RuleDetector, *clauses: model.Clause) -> list[model.Finding]:
    return list(detector.detect(clauses)[0])


@pytest.fixture(scope="module")
def rules_only(pipeline: Path) -> detection.RuleDetector:
    return detection.RuleDetector(pipeline, packs=[], use_classifier=False)


@pytest.mark.model
def test_model_finding_carries_its_rule_id_and_evidence(
    detector: detection.RuleDetector, rules_only: detection.RuleDetector
) -> None:
    text = f"Scope. {PARAPHRASE}"
    assert findings(rules_only, clause(text, "9.1")) == []
    (finding,) = findings(detector, clause(text, "9.1"))
    assert finding == model.Finding(
        category="assignment",
        text=PARAPHRASE,
        ref="9.1",
        rule="assignment" + detection.MODEL_RULE_SUFFIX,
        form=model.Form.PROHIBITION,
        clause=0,
        start=text.index(PARAPHRASE),
        end=len(text),
    )


@pytest.mark.model
def test_model_finding_needs_a_cue(detector: detection.RuleDetector) -> None:
    assert findings(detector, clause(UNCUED)) == []
    # ... which a list item takes from its lead-in, as a rule finding does.
    assert findings(detector, clause(ITEM, "7(a)")) == []
    items = [clause("Licensee shall not:", "7"), clause(ITEM, "7(a)")]
    assert [(f.category, f.rule, f.clause) for f in findings(detector, *items)] == [
        ("assignment", "assignment.model", 1)
    ]


@pytest.mark.model
def test_a_rule_names_the_finding_when_both_fire(detector: detection.RuleDetector) -> None:
    text = "Neither party may assign this Agreement without the prior written consent of the other."
    (finding,) = findings(detector, clause(text))
    assert finding.rule == "assignment.assign_without_consent"


@pytest.mark.model
def test_classifier_only_adds_findings(
    detector: detection.RuleDetector, rules_only: detection.RuleDetector
) -> None:
    clauses = [clause(text) for text in SAMPLE]
    with_model, alone = set(findings(detector, *clauses)), set(findings(rules_only, *clauses))
    assert alone <= with_model
    added = with_model - alone
    assert added and all(f.rule.endswith(detection.MODEL_RULE_SUFFIX) for f in added)


@pytest.mark.model
def test_detection_with_the_classifier_is_deterministic(pipeline: Path) -> None:
    texts = [PARAPHRASE, UNCUED, "Licensee shall not sublicense, assign or transfer the licence."]
    runs = [
        findings(detection.RuleDetector(pipeline, packs=[]), *(clause(t) for t in texts))
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert any(f.rule.endswith(detection.MODEL_RULE_SUFFIX) for f in runs[0])


@pytest.mark.model
def test_classifier_is_loaded_from_models_through_resources(
    pipeline: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    real = resources.model_path

    def recording(name: str) -> Path:
        asked.append(name)
        return real(name)

    monkeypatch.setattr(resources, "model_path", recording)
    detection.RuleDetector(pipeline, packs=[])
    assert asked == [training.MODEL]
    assert real(training.MODEL).parent.name == "models"


def test_missing_classifier_is_a_resource_error(pipeline: Path, tmp_path: Path) -> None:
    with pytest.raises(errors.ResourceError, match="cannot load"):
        detection.RuleDetector(pipeline, packs=[], classifier=tmp_path / "nowhere")


@pytest.mark.model
def test_token_views_score_as_docs_do(pipeline: Path) -> None:
    """The classifier reads slices of the clause's token array; scores equal a Doc per sentence."""
    path = resources.model_path(training.MODEL)
    classifier = detection._Classifier(path)
    textcat = training.load(path).get_pipe(training.COMPONENT)
    nlp = build.load(pipeline)
    text = f"Definitions. {PARAPHRASE} Neither party may assign this Agreement. Fees are due."
    doc = nlp(text)
    parsed = detection._sentences(doc, text)
    indices = list(range(len(parsed.starts)))
    bounds = [*parsed.starts[1:], len(doc)]
    docs = [doc[parsed.starts[i] : bounds[i]].as_doc() for i in indices]
    views = classifier.views(doc, parsed, indices)
    assert len(indices) == 4
    numpy.testing.assert_array_equal(
        numpy.asarray(classifier._model.predict(views)), numpy.asarray(textcat.predict(docs))
    )


@pytest.mark.model
def test_shipped_classifier_is_up_to_date() -> None:
    stale = stale_sources(resources.model_path(training.MODEL), training.sources())
    assert not stale, f"models/{training.MODEL} is out of date ({', '.join(stale)}): make model"


def test_manifest_covers_data_code_and_rules() -> None:
    keys = set(training.sources())
    assert {"resources/training/cuad_tuning.jsonl.gz", "assistant/clauses/training.py"} <= keys
    assert set(build.sources()) <= keys  # thresholds are chosen together with the rules


@pytest.mark.model
def test_shipped_thresholds_come_from_cross_validation() -> None:
    path = resources.model_path(training.MODEL)
    manifest = json.loads((path / build.MANIFEST).read_text(encoding="utf-8"))
    chosen = training.thresholds(path)
    assert set(chosen) <= set(training.CATEGORIES)
    for category, row in manifest["cross_validation"].items():
        if row["threshold"] is None:
            continue
        (p0, r0), (p1, r1) = row["rules"], row["rules_and_model"]
        assert p1 >= p0 and r1 >= r0, category  # never chosen at a loss on the tuning half
        if category in training.AI_USE:  # a model finding must at least lean to its category
            assert row["threshold"] >= training.OWN_DATA_FLOOR, category


def tiny_data(path: Path) -> Path:
    """Six small contracts, two sentences labelled in each."""
    lines = []
    for n in range(6):
        sentences = [
            f"Party {n} shall not assign this Agreement without consent.",
            f"Party {n} shall keep records open to audit on notice.",
            f"Party {n} shall pay the fees within {n + 10} days.",
        ]
        record = {
            "contract": f"c{n}.txt",
            "sentences": sentences,
            "cats": [["assignment"], ["audit_rights"], []],
            "labels": {"assignment": [[0]], "audit_rights": [[1]]},
            "unreached": {},
        }
        lines.append(json.dumps(record))
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))
    return path


def test_training_is_reproducible(pipeline: Path, tmp_path: Path) -> None:
    data = tiny_data(tmp_path / "data.jsonl.gz")
    rules = build.load(pipeline)
    first = training.build_classifier(tmp_path / "a", rules, data)
    second = training.build_classifier(tmp_path / "b", rules, data)
    assert first == second
    files = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    assert files
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.parametrize(
    ("text", "admitted"),
    [
        ("The Government may use the Services for any lawful purpose.", True),
        ("The Department's use of the Model shall be limited only by law.", True),
        ("We don't restrict what you build, so long as it is legal.", True),
        ("It may do so without let or hindrance from the Licensor.", True),
        # a duty to act lawfully widens nothing
        ("The Government's use must be lawful.", False),
        ("Licensee shall use the Software in a lawful manner.", False),
    ],
)
def test_any_lawful_purpose_from_the_model_needs_a_word_of_breadth(
    text: str, admitted: bool
) -> None:
    assert training.admits("any_lawful_purpose", text) is admitted
    assert training.admits("assignment", text)  # the other categories need nothing


def test_unreadable_training_file_is_a_resource_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(gzip.compress(b"not json\n", mtime=0))
    with pytest.raises(errors.ResourceError, match=r"bad\.jsonl\.gz:1"):
        training.load_data(bad)


def test_ai_use_categories_are_the_packs() -> None:
    from assistant import taxonomy

    pack = next(p for p in taxonomy.load().packs if p.id == "ai_use")
    assert tuple(c.id for c in pack.categories) == training.AI_USE


def test_ai_use_sentences_become_pseudo_contracts(tmp_path: Path) -> None:
    data = tmp_path / "ai.jsonl"
    rows = [
        {
            "id": 1,
            "text": "The Model shall not be used to track citizens.",
            "categories": ["domestic_surveillance"],
            "kind": "safeguard",
        },
        {
            "id": 2,
            "text": "Vendor shall keep the data centre locked.",
            "categories": [],
            "kind": "distractor",
        },
        {
            "id": 31,
            "text": "Customer may use the System for any lawful purpose.",
            "categories": ["any_lawful_purpose"],
            "kind": "risk",
        },
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    contracts = {c.name: c for c in training.load_ai_use(data)}
    assert len(contracts) == training.AI_USE_GROUPS
    one = contracts["ai_use/01"]  # ids 1 and 31 fall in the same group, in id order
    assert one.sentences == (rows[0]["text"], rows[2]["text"])
    assert one.labels["domestic_surveillance"] == ((0,),)
    assert one.labels["any_lawful_purpose"] == ((1,),)
    assert one.labels["assignment"] == ()
    assert contracts["ai_use/02"].cats == (frozenset(),)


@pytest.mark.parametrize(
    "line",
    ['{"id": 1, "text": "x", "categories": ["assignment"]}', '{"id": 1, "text": "x"}', "nope"],
)
def test_bad_ai_use_record_is_a_resource_error(tmp_path: Path, line: str) -> None:
    data = tmp_path / "ai.jsonl"
    data.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(errors.ResourceError, match=r"ai\.jsonl:1"):
        training.load_ai_use(data)


def test_categories_a_source_does_not_label_are_not_scored_on_it(tmp_path: Path) -> None:
    """CUAD does not label overrides, which commercial contracts may state: a CUAD finding of
    one is neither right nor wrong. Commercial contracts never state surveillance limits, so a
    CUAD finding of that is wrong. AI-use sentences are unlabelled for commercial categories."""
    cuad = training.load_data(tiny_data(tmp_path / "data.jsonl.gz"))
    ai = tmp_path / "ai.jsonl"
    text = "Notwithstanding Clause 7, the Agency may use the Platform as it sees fit."
    ai.write_text(
        json.dumps({"id": 1, "text": text, "categories": ["override"], "kind": "risk"}) + "\n",
        encoding="utf-8",
    )
    contracts = cuad + training.load_ai_use(ai)
    assert "override" not in cuad[0].scored and "domestic_surveillance" in cuad[0].scored
    assert set(cuad[0].trains) == set(training.CATEGORIES)  # negatives for every category
    assert "assignment" not in contracts[-1].trains
    # A pick in every sentence: CUAD's sentences count against surveillance, not overrides.
    everywhere = [[frozenset(training.CATEGORIES)] * len(c.sentences) for c in contracts]
    assert training.clause_counts(contracts, everywhere, "override") == (1, 1, 1, 1)
    findings, right, _, _ = training.clause_counts(contracts, everywhere, "domestic_surveillance")
    assert (findings, right) == (19, 0)
