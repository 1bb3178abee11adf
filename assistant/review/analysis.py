"""The use case: read drafts, detect restrictions, align consecutive pairs, assess the changes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from assistant import errors, model, taxonomy
from assistant.clauses import segmentation
from assistant.compare import alignment, diffing
from assistant.documents import reading
from assistant.risk import assessment, lineage, playbook, rulebook


class Detector(Protocol):
    """Finds restrictions and defined terms in clauses (the spaCy detector, or a test double)."""

    def detect(
        self, clauses: Sequence[model.Clause]
    ) -> tuple[tuple[model.Finding, ...], tuple[model.Definition, ...]]:
        """Findings and definitions of the given clauses, indexed by position in the sequence."""
        ...


@dataclass(frozen=True, slots=True)
class Review:
    """The result of analysing a negotiation: drafts, assessed changes, the safeguard tracker."""

    drafts: tuple[model.Draft, ...]
    changes: tuple[model.Change, ...]
    lineage: tuple[tuple[model.LineageCell, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Options:
    """How to judge: from whose side, against which playbook (default: the bundled AI-use one)."""

    side: str | None = None
    playbook: Path | None = None


Progress = Callable[[str], None]

_VERSION = re.compile(r"(?:^|[^a-z0-9])(v\d+(?:\.\d+)*|draft[ _-]?\d+)$", re.IGNORECASE)


def draft_labels(paths: Sequence[Path]) -> list[str]:
    """Short labels: the files' version suffixes ("v3") when all have distinct ones, else stems."""
    versions = [_VERSION.search(p.stem) for p in paths]
    labels = [m.group(1) for m in versions if m is not None]
    if len(labels) == len(paths) and len(set(labels)) == len(labels):
        return labels
    stems = [p.stem for p in paths]
    if len(set(stems)) == len(stems):
        return stems
    return [p.name for p in paths]


def build_drafts(
    documents: Sequence[model.Document], paths: Sequence[Path], detector: Detector
) -> list[model.Draft]:
    """Drafts for the given documents: one per file, or a single tracked file's two views."""
    if len(documents) == 1 and documents[0].revisions > 0:
        stem = paths[0].stem
        return [
            _draft(documents[0], f"{stem} (original)", model.View.ORIGINAL, detector),
            _draft(documents[0], f"{stem} (current)", model.View.CURRENT, detector),
        ]
    labels = draft_labels(paths)
    return [
        _draft(doc, label, model.View.CURRENT, detector)
        for doc, label in zip(documents, labels, strict=True)
    ]


def _draft(
    document: model.Document, label: str, view: model.View, detector: Detector
) -> model.Draft:
    if view is model.View.ORIGINAL:
        clauses = tuple(c for c in segmentation.segment(document.blocks, view) if c.text)
        struck: tuple[model.Clause, ...] = ()
    else:
        merged = segmentation.segment(document.blocks)
        clauses = tuple(c for c in merged if c.text)
        struck = tuple(c for c in merged if not c.text and c.original_text)
    findings, definitions = detector.detect(clauses)
    return model.Draft(
        label=label,
        path=document.path,
        sha256=document.sha256,
        view=view,
        revisions=document.revisions,
        clauses=clauses,
        findings=findings,
        definitions=definitions,
        coverage=document.coverage,
        comments=document.comments,
        struck=struck,
    )


def analyse(
    paths: Sequence[str | Path],
    detector: Detector,
    *,
    options: Options | None = None,
    progress: Progress | None = None,
) -> Review:
    """Analyse the drafts in the given order; raises UnreadableDocument for an unreadable file."""
    if not paths:
        raise errors.AssistantError("no drafts given")
    options = options or Options()
    report = progress or (lambda _message: None)
    tax = taxonomy.load()
    book = rulebook.load()
    required = playbook.load(options.playbook, tax)
    files = [Path(p) for p in paths]
    documents = []
    for file in files:
        report(f"reading {file.name}")
        documents.append(reading.read_document(file))
    report("finding restrictions")
    drafts = [
        replace(d, playbook=playbook.check(required, d, playbook.weak_wording(book)))
        for d in build_drafts(documents, files, detector)
    ]
    judge = assessment.Judge(book, tax, options.side)
    changes: list[model.Change] = []
    for index in range(1, len(drafts)):
        report(f"comparing {drafts[index - 1].label} with {drafts[index].label}")
        changes.extend(compare_pair(drafts, index - 1, index, judge))
    changes.sort(key=lambda c: (-c.assessment.risk.rank, c.from_draft, c.order))
    return Review(tuple(drafts), tuple(changes), lineage.track(drafts, changes, tax))


def compare_pair(
    drafts: Sequence[model.Draft], old_index: int, new_index: int, judge: assessment.Judge
) -> list[model.Change]:
    """Every reported change between two drafts, in the newer draft's order."""
    old, new = drafts[old_index], drafts[new_index]
    old_findings = _by_clause(old)
    new_findings = _by_clause(new)
    refs = ([c.ref for c in old.clauses], [c.ref for c in new.clauses])
    pairs = alignment.align([c.text for c in old.clauses], [c.text for c in new.clauses], refs)
    changes: list[model.Change] = []
    for order, pair in enumerate(pairs):
        old_side = assessment.Side(old, pair.old, _gather(old_findings, pair.old))
        new_side = assessment.Side(new, pair.new, _gather(new_findings, pair.new))
        kind = _kind(pair)
        if kind is None:
            continue
        if kind is model.ChangeKind.MODIFIED and _same(old_side.text, new_side.text):
            continue  # identical, or renumbered in place: not reported
        diff = _diff(old_side.text, new_side.text)
        tracked, author, date = _provenance(kind, old_side, new_side)
        verdict = judge.assess(kind, old_side, new_side, diff, tracked=tracked)
        changes.append(
            model.Change(
                from_draft=old_index,
                to_draft=new_index,
                kind=kind,
                old=old_side.clauses,
                new=new_side.clauses,
                diff=diff,
                assessment=verdict,
                tracked=tracked,
                author=author,
                date=date,
                order=order,
            )
        )
    return changes


def _kind(pair: model.Pair) -> model.ChangeKind | None:
    if not pair.old and not pair.new:
        return None
    if not pair.old:
        return model.ChangeKind.INSERTED
    if not pair.new:
        return model.ChangeKind.DELETED
    return model.ChangeKind.MOVED if pair.moved else model.ChangeKind.MODIFIED


def _same(old: str, new: str) -> bool:
    """Equal but for whitespace."""
    return old.split() == new.split()


def _diff(old: str, new: str) -> tuple[model.Edit, ...]:
    if not old:
        return (model.Edit(model.Op.INSERT, new),)
    if not new:
        return (model.Edit(model.Op.DELETE, old),)
    try:
        return diffing.diff_words(old, new)
    except errors.DiffTimeout:
        # Never pass a timed-out diff off as exact: show the clause replaced whole.
        return (model.Edit(model.Op.DELETE, old), model.Edit(model.Op.INSERT, new))


def _by_clause(draft: model.Draft) -> dict[int, list[model.Finding]]:
    index: dict[int, list[model.Finding]] = {}
    for finding in draft.findings:
        index.setdefault(finding.clause, []).append(finding)
    return index


def _gather(
    index: dict[int, list[model.Finding]], clauses: tuple[int, ...]
) -> tuple[model.Finding, ...]:
    return tuple(f for i in clauses for f in index.get(i, ()))


def _provenance(
    kind: model.ChangeKind, old: assessment.Side, new: assessment.Side
) -> tuple[bool | None, str | None, str | None]:
    """Whether the newer file's revision marks explain the change, and the latest revision's author.

    The newer file's original view (revisions rejected) should equal the older draft wherever the
    counterparty tracked their edits; where it already differs, an edit was made untracked.
    """
    if new.draft.revisions == 0:
        return None, None, None
    if kind is model.ChangeKind.DELETED:
        wanted = old.text.split()
        for clause in new.draft.struck:
            if clause.original_text.split() == wanted:
                return (True, *_latest(clause.revisions))
        return False, None, None
    clauses = new.clauses
    revisions = tuple(r for c in clauses for r in c.revisions)
    original = " ".join(c.original_text for c in clauses if c.original_text)
    if original.split() == old.text.split() and revisions:
        return (True, *_latest(revisions))
    moved_in = {model.RevisionKind.MOVE_TO, model.RevisionKind.INSERTION}
    if kind is model.ChangeKind.MOVED and not original and {r.kind for r in revisions} <= moved_in:
        return (True, *_latest(revisions))  # a tracked move: the text arrived under w:moveTo
    return False, None, None


def _latest(revisions: Sequence[model.Revision]) -> tuple[str | None, str | None]:
    if not revisions:
        return None, None
    latest = max(revisions, key=lambda r: r.date or "")
    return latest.author, latest.date


def default_detector(workers: int = 1) -> Detector:
    """The spaCy rule detector shipped in models/ (imported here so callers stay spaCy-free);
    `workers` > 1 lets a single-threaded caller parse large drafts on several processors."""
    from assistant.clauses import detection  # deferred: loading spaCy takes most of a second

    return detection.RuleDetector(workers=workers)


def scan(path: str | Path, detector: Detector) -> model.Draft:
    """One file's current view, segmented and detected."""
    file = Path(path)
    document = reading.read_document(file)
    return _draft(document, file.stem, model.View.CURRENT, detector)
