"""Train the sentence classifier `models/redline_cats` from the labelled sentences in `resources/`.

Run as `python -m assistant.clauses.training` (`make model`). The data
(resources/training/README.md) is `cuad_tuning.jsonl.gz`, the cued sentences of the CUAD tuning
half labelled from the expert spans, and `ai_use_sentences.jsonl`, safeguard and risk-language
sentences of the AI-use pack with near-miss distractors, written for this project. The model is
a bag-of-words `textcat_multilabel` over the six commercial categories CUAD labels and the
AI-use categories. Each category's threshold is chosen by cross-validation, scoring the rules
and the model together at clause level as the evaluation does. CUAD sentences are negatives for
the AI-use categories no commercial contract states (NOT_COMMERCIAL), so a threshold for those
that fires on ordinary contracts loses precision and is not chosen. Everything is seeded and
sorted, so the same data gives the same model, byte for byte.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.language import Language
from spacy.training import Example
from thinc.api import Adam, fix_random_seed

from assistant import errors, resources
from assistant.clauses import build, sentences

MODEL = "redline_cats"
COMPONENT = "textcat_multilabel"
DATA = "training/cuad_tuning.jsonl.gz"
AI_USE_DATA = "training/ai_use_sentences.jsonl"
# The CUAD categories the model scores (the columns eval_cuad maps to them).
COMMERCIAL = (
    "non_compete",
    "exclusivity",
    "non_solicit",
    "assignment",
    "audit_rights",
    "liability_cap",
)
# The AI-use pack's categories (resources/packs/ai_use/taxonomy.toml; a test keeps them equal).
AI_USE = (
    "domestic_surveillance",
    "bulk_data",
    "autonomous_weapons",
    "human_oversight",
    "fine_tuning",
    "secure_environment",
    "audit_logging",
    "technical_safeguards",
    "independent_assessment",
    "purpose_limitation",
    "enforcement",
    "any_lawful_purpose",
    "override",
)
CATEGORIES = COMMERCIAL + AI_USE
# AI-use categories no commercial contract should state (issue 9 counts their findings on CUAD as
# false alarms), so CUAD sentences are true negatives for them when thresholds are scored. The
# others (human oversight, purpose limits, audit logs, overrides, "any lawful purpose" ...) can
# occur in commercial contracts, which CUAD does not label for them: CUAD's findings of those
# are neither right nor wrong. CUAD sentences still train them as negatives: the rare commercial
# override is noise the model bears, and without those negatives it took any short "shall not"
# lead-in for human oversight.
NOT_COMMERCIAL = (
    "domestic_surveillance",
    "bulk_data",
    "autonomous_weapons",
    "fine_tuning",
    "secure_environment",
    "technical_safeguards",
)
# The categories CUAD's labels score (a CUAD sentence without the label is a true negative).
CUAD_SCORED = COMMERCIAL + NOT_COMMERCIAL
# AI-use sentences are spread over this many pseudo-contracts, so every fold holds some of each.
AI_USE_GROUPS = 30
SEED = 0
FOLDS = 3
EPOCHS = 6
BATCH = 64
POSITIVE_REPEAT = 3  # each labelled sentence is seen this many times per epoch (rare classes)
HASH_LENGTH = 2**17  # BOW feature table rows: the model's size is this times the labels
NGRAMS = 2
LEARN_RATE = 0.001
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 20))  # 0.10 ... 0.95
# The lowest threshold for an AI-use category: precision on the sentences written for this project
# says little about the sentences of real contracts, so a model finding must at least lean to its
# category. At 0.10 "Employee records shall be maintained by the human resources department" was
# human oversight. CUAD's negatives do not make up for it in NOT_COMMERCIAL: at 0.35 "will not
# submit Sensitive Data to the Cloud Service" (Bonterms Cloud Terms 9.2(b)) was fine-tuning.
OWN_DATA_FLOOR = 0.5
# Words a sentence needs before the model may file it under a category whose definition is a
# breadth of scope: "any lawful purpose" is use for *any* lawful purpose, language that swallows
# enumerated restrictions, while "The Government's use must be lawful." is a compliance duty that
# every model trained here scores about 0.64 (docs/detection.md, session 6). The words are those
# of the category's training sentences: any, all, every ..., "limited only by law", "other
# than", "without let or hindrance", a negated restriction.
_LIMIT = r"(?:restrict\w*|limit\w*|prohibit\w*|forbid\w*|barred|exclud\w*|let)"
_BREADTH = re.compile(
    r"\b(?:any|all|every|anything|however|whatever|whichever|whenever|only|solely|sole|nothing"
    r"|unrestricted|unlimited|unfettered|other\s+than|such\s+other|sees?\s+fit"
    rf"|(?:no|without)\s+(?:[\w-]+\s+)?{_LIMIT}|(?:not|never)\s+(?:be\s+)?{_LIMIT})\b"
    rf"|n[\'’]t\s+(?:be\s+)?{_LIMIT}\b",
    re.IGNORECASE,
)
MODEL_NEEDS: dict[str, re.Pattern[str]] = {"any_lawful_purpose": _BREADTH}


def admits(category: str, sentence: str) -> bool:
    """Whether the model may file this sentence under the category (see MODEL_NEEDS)."""
    needed = MODEL_NEEDS.get(category)
    return needed is None or needed.search(sentence) is not None


# Rebuilt from the config, or not needed: the bag of words hashes tokens, it keeps no strings.
_NOT_SAVED = ("tokenizer", "vocab")


@dataclass(frozen=True, slots=True)
class Contract:
    """One contract's cued sentences, their categories, and each expert span as sentence ids."""

    name: str
    sentences: tuple[str, ...]
    cats: tuple[frozenset[str], ...]
    labels: dict[str, tuple[tuple[int, ...], ...]]
    unreached: dict[str, int]
    # The categories its sentences are labelled for, when thresholds are scored: a finding of
    # one of these in an unlabelled sentence is wrong; findings of the others are not counted.
    scored: frozenset[str]
    # The categories its sentences train, as positives or negatives (no loss on the others).
    trains: frozenset[str]


def load_data(path: Path) -> list[Contract]:
    """The contracts of a training file, sorted by name; raises ResourceError if unreadable."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise errors.ResourceError(f"{path}: unreadable training file ({exc})") from exc
    contracts = []
    for number, line in enumerate(lines, start=1):
        try:
            entry = json.loads(line)
            contracts.append(
                Contract(
                    name=entry["contract"],
                    sentences=tuple(entry["sentences"]),
                    cats=tuple(frozenset(c) for c in entry["cats"]),
                    labels={
                        c: tuple(tuple(g) for g in entry["labels"].get(c, ())) for c in CATEGORIES
                    },
                    unreached={c: int(entry["unreached"].get(c, 0)) for c in CATEGORIES},
                    scored=frozenset(CUAD_SCORED),
                    trains=frozenset(CATEGORIES),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise errors.ResourceError(f"{path}:{number}: not a training record ({exc})") from exc
    return sorted(contracts, key=lambda c: c.name)


def load_ai_use(path: Path) -> list[Contract]:
    """The AI-use sentences as pseudo-contracts (`ai_use/00` ...): each labelled sentence is
    its own label, sentences are dealt round-robin by id; raises ResourceError if unreadable."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise errors.ResourceError(f"{path}: unreadable training file ({exc})") from exc
    rows: list[tuple[int, str, frozenset[str]]] = []
    for number, line in enumerate(lines, start=1):
        try:
            entry = json.loads(line)
            cats = frozenset(entry["categories"])
            if not cats <= set(AI_USE) or not isinstance(entry["text"], str):
                raise TypeError(f"categories outside the AI-use pack: {sorted(cats)}")
            rows.append((int(entry["id"]), entry["text"], cats))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise errors.ResourceError(f"{path}:{number}: not a training record ({exc})") from exc
    groups: list[list[tuple[str, frozenset[str]]]] = [[] for _ in range(AI_USE_GROUPS)]
    for ident, text, cats in sorted(rows):
        groups[ident % AI_USE_GROUPS].append((text, cats))
    return [
        Contract(
            name=f"ai_use/{n:02d}",
            sentences=tuple(text for text, _ in group),
            cats=tuple(cats for _, cats in group),
            labels={
                c: tuple((i,) for i, (_, cats) in enumerate(group) if c in cats) for c in CATEGORIES
            },
            unreached=dict.fromkeys(CATEGORIES, 0),
            scored=frozenset(AI_USE),
            trains=frozenset(AI_USE),
        )
        for n, group in enumerate(groups)
    ]


def blank() -> Language:
    """An untrained classifier pipeline, tokenizing as the rule pipeline does."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": sentences.TOKENIZER}}})
    textcat: Any = nlp.add_pipe(
        COMPONENT,
        config={
            "threshold": 0.5,
            "model": {
                "@architectures": "spacy.TextCatBOW.v3",
                "exclusive_classes": False,
                "ngram_size": NGRAMS,
                "no_output_layer": False,
                "length": HASH_LENGTH,
                "nO": None,
            },
        },
    )
    for category in CATEGORIES:
        textcat.add_label(category)
    return nlp


def train(contracts: Sequence[Contract], seed: int = SEED, epochs: int = EPOCHS) -> Language:
    """A classifier trained on every sentence of these contracts (deterministic for a seed)."""
    fix_random_seed(seed)
    nlp = blank()
    texts = [text for c in contracts for text in c.sentences]
    cats = [cat for c in contracts for cat in c.cats]
    trains = [c.trains for c in contracts for _ in c.sentences]
    tokenizer: Any = nlp.tokenizer
    docs = list(tokenizer.pipe(texts))
    # A category missing from `cats` is a missing value: textcat_multilabel takes no loss on it.
    examples = [
        Example.from_dict(doc, {"cats": {c: float(c in labels) for c in sorted(sure)}})
        for doc, labels, sure in zip(docs, cats, trains, strict=True)
    ]
    order = [i for i, labels in enumerate(cats) for _ in range(POSITIVE_REPEAT if labels else 1)]
    nlp.initialize(lambda: examples)
    optimizer = Adam(LEARN_RATE)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for first in range(0, len(order), BATCH):
            batch = [examples[i] for i in order[first : first + BATCH]]
            nlp.update(batch, sgd=optimizer, losses={})
    return nlp


def score_texts(nlp: Language, texts: Sequence[str]) -> numpy.ndarray[Any, Any]:
    """Scores of each text for CATEGORIES, one row a text."""
    textcat: Any = nlp.get_pipe(COMPONENT)
    tokenizer: Any = nlp.tokenizer
    docs = list(tokenizer.pipe(texts))
    if not docs:
        return numpy.zeros((0, len(CATEGORIES)))
    scores = numpy.asarray(textcat.predict(docs))
    labels = list(textcat.labels)
    return scores[:, [labels.index(c) for c in CATEGORIES]]


def folds(contracts: Sequence[Contract], count: int = FOLDS) -> list[list[int]]:
    """Contract indices of each fold: every `count`-th contract of the sorted list."""
    return [list(range(k, len(contracts), count)) for k in range(count)]


def out_of_fold(contracts: Sequence[Contract], count: int = FOLDS) -> list[numpy.ndarray[Any, Any]]:
    """Each contract's sentence scores from a model trained on the other folds."""
    result: list[numpy.ndarray[Any, Any]] = [numpy.zeros((0, 0))] * len(contracts)
    for fold in folds(contracts, count):
        held = set(fold)
        nlp = train([c for i, c in enumerate(contracts) if i not in held])
        for i in fold:
            result[i] = score_texts(nlp, contracts[i].sentences)
    return result


def clause_counts(
    contracts: Sequence[Contract], chosen: Sequence[Sequence[frozenset[str]]], category: str
) -> tuple[int, int, int, int]:
    """Findings, right findings, labels, labels found: eval_cuad's clause-level counts."""
    findings = right = labels = found = 0
    for contract, picks in zip(contracts, chosen, strict=True):
        if category not in contract.scored:
            continue  # unlabelled for it: its findings are neither right nor wrong
        hits = {i for i, cats in enumerate(picks) if category in cats}
        findings += len(hits)
        right += sum(category in contract.cats[i] for i in hits)
        groups = contract.labels[category]
        labels += len(groups)
        found += sum(bool(hits.intersection(group)) for group in groups)
    return findings, right, labels, found


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def load(path: Path) -> Language:
    """A classifier saved by `save` (the tokenizer and vocabulary are rebuilt, not read)."""
    return spacy.load(path, exclude=list(_NOT_SAVED))


def rule_categories(rules: Language, contracts: Sequence[Contract]) -> list[list[frozenset[str]]]:
    """The CATEGORIES whose patterns match in each sentence (each sentence parsed alone)."""
    wanted = frozenset(CATEGORIES)
    texts = [text for contract in contracts for text in contract.sentences]
    found = [
        frozenset(span.label_ for span in doc.spans[build.CATEGORIES]) & wanted
        for doc in rules.pipe(texts, batch_size=256)
    ]
    out: list[list[frozenset[str]]] = []
    for contract in contracts:
        out.append(found[: len(contract.sentences)])
        found = found[len(contract.sentences) :]
    return out


def choose_thresholds(
    contracts: Sequence[Contract],
    scores: Sequence[numpy.ndarray[Any, Any]],
    rules: Sequence[Sequence[frozenset[str]]],
) -> dict[str, dict[str, Any]]:
    """Per category, the threshold at which a model finding is added to the rules' findings.

    Chosen on out-of-fold scores: the best F1 of rules plus model among thresholds that lower
    neither precision nor recall of the rules alone; None (no model findings) when none does.
    A sentence the category does not admit (MODEL_NEEDS) is never a model finding of it.
    """
    out: dict[str, dict[str, Any]] = {}
    for k, category in enumerate(CATEGORIES):
        allowed = [[admits(category, text) for text in c.sentences] for c in contracts]

        def combined(
            threshold: float, k: int = k, category: str = category, allowed: Any = allowed
        ) -> tuple[float, float]:
            picks = [
                [
                    frozenset({category})
                    if category in rule[i] or (ok[i] and contract_scores[i, k] >= threshold)
                    else frozenset()
                    for i in range(len(rule))
                ]
                for rule, contract_scores, ok in zip(rules, scores, allowed, strict=True)
            ]
            findings, right, labels, found = clause_counts(contracts, picks, category)
            return _ratio(right, findings), _ratio(found, labels)

        base = combined(2.0)
        best: tuple[float, float | None, tuple[float, float]] = (-1.0, None, base)
        floor = 0.0 if category in COMMERCIAL else OWN_DATA_FLOOR
        for threshold in (t for t in THRESHOLDS if t >= floor):
            precision, recall = combined(threshold)
            if precision < base[0] or recall < base[1]:
                continue
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            if f1 > best[0]:
                best = (f1, threshold, (precision, recall))
        out[category] = {
            "threshold": best[1],
            "rules": [round(v, 4) for v in base],
            "rules_and_model": [round(v, 4) for v in best[2]],
        }
    return out


def sources() -> dict[str, Path]:
    """Every file the classifier depends on, by path relative to the project root: its data and
    code, and the rule pipeline's sources (the thresholds are chosen together with the rules)."""
    root = resources.path(".").parent
    files = [resources.path(DATA), resources.path(AI_USE_DATA), Path(__file__).resolve()]
    own = {path.resolve().relative_to(root).as_posix(): path for path in files}
    return {**build.sources(), **own}


def thresholds(path: Path) -> dict[str, float]:
    """The categories a saved classifier may add findings for, and their score thresholds."""
    manifest = json.loads((path / build.MANIFEST).read_text(encoding="utf-8"))
    return {
        category: float(row["threshold"])
        for category, row in manifest["cross_validation"].items()
        if row["threshold"] is not None
    }


def build_classifier(
    output: Path, rules: Language, data: Path, ai_use: Path | None = None
) -> dict[str, dict[str, Any]]:
    """Cross-validate, choose thresholds, train on all of `data` (and `ai_use`, the AI-use
    sentences) and save into `output`."""
    contracts = sorted(
        load_data(data) + (load_ai_use(ai_use) if ai_use is not None else []),
        key=lambda c: c.name,
    )
    chosen = choose_thresholds(contracts, out_of_fold(contracts), rule_categories(rules, contracts))
    nlp = train(contracts)
    save(nlp, output, {"cross_validation": chosen, "folds": FOLDS, "seed": SEED})
    return chosen


def save(nlp: Language, output: Path, extra: dict[str, Any]) -> Path:
    """Save the classifier with its manifest into `output`, replacing it atomically."""
    nlp.meta.update(
        {
            "name": MODEL,
            "version": build.VERSION,
            "description": "Sentence scores for commercial and AI-use safeguard categories.",
            "author": "Redline Assistant",
            "license": "MIT (model); trained on CUAD v1 (CC BY 4.0) and this project's sentences",
        }
    )
    manifest = {"model": MODEL, "sources": build.digests(sources()), **extra}
    return build.publish(nlp, output, _NOT_SAVED, manifest)


def main(argv: Iterable[str] | None = None) -> int:
    """Train models/redline_cats (or the folder given as the only argument)."""
    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0]) if args else resources.path(".").parent / "models" / MODEL
    started = time.perf_counter()
    try:
        rules = build.load(resources.model_path(build.MODEL))
        chosen = build_classifier(target, rules, resources.path(DATA), resources.path(AI_USE_DATA))
    except errors.ResourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for category, row in chosen.items():
        (p0, r0), (p1, r1) = row["rules"], row["rules_and_model"]
        print(
            f"{category}: threshold {row['threshold']}; cross-validated clause P/R rules"
            f" {p0:.2f} / {r0:.2f}, rules + model {p1:.2f} / {r1:.2f}"
        )
    print(f"built {target} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
