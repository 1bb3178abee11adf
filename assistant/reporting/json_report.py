"""The `redline-assistant/compare@1` and `redline-assistant/scan@1` JSON documents (PRODUCT.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from assistant import model

COMPARE_SCHEMA = "redline-assistant/compare@1"
SCAN_SCHEMA = "redline-assistant/scan@1"

Json = dict[str, Any]


def finding(item: model.Finding) -> Json:
    """One finding as in `drafts[].findings`."""
    return {
        "category": item.category,
        "text": item.text,
        "ref": item.ref,
        "rule": item.rule,
        "form": item.form.value,
    }


def coverage(item: model.Coverage) -> Json:
    """A coverage note as in `drafts[].coverage`."""
    return {"not_analysed": list(item.not_analysed), "warnings": list(item.warnings)}


def playbook_entry(item: model.PlaybookEntry) -> Json:
    """One entry of `drafts[].playbook`."""
    return {
        "category": item.category,
        "status": item.status.value,
        "message": item.message,
        "refs": list(item.refs),
    }


def draft(item: model.Draft) -> Json:
    """One entry of `drafts`."""
    return {
        "label": item.label,
        "path": item.path,
        "sha256": item.sha256,
        "view": item.view.value,
        "revisions": item.revisions,
        "clauses": len(item.clauses),
        "findings": [finding(f) for f in item.findings],
        "playbook": [playbook_entry(p) for p in item.playbook],
        "coverage": coverage(item.coverage),
    }


def _refs(clauses: Sequence[model.Clause]) -> str | None:
    refs = [c.ref for c in clauses if c.ref]
    return " + ".join(refs) if refs else None


def _text(clauses: Sequence[model.Clause]) -> str | None:
    return " ".join(c.text for c in clauses) if clauses else None


def change(item: model.Change) -> Json:
    """One entry of `changes`."""
    verdict = item.assessment
    return {
        "from": item.from_draft,
        "to": item.to_draft,
        "kind": item.kind.value,
        "old_ref": _refs(item.old),
        "new_ref": _refs(item.new),
        "old_text": _text(item.old),
        "new_text": _text(item.new),
        "risk": verdict.risk.value,
        "favourable": verdict.favourable,
        "categories": list(verdict.categories),
        "reasons": list(verdict.reasons),
        "rules": list(verdict.rules),
        "tracked": item.tracked,
        "author": item.author,
        "date": item.date,
        "diff": [[edit.op.value, edit.text] for edit in item.diff],
    }


def compare_document(drafts: Sequence[model.Draft], changes: Sequence[model.Change]) -> Json:
    """The whole compare@1 document."""
    return {
        "schema": COMPARE_SCHEMA,
        "drafts": [draft(d) for d in drafts],
        "changes": [change(c) for c in changes],
    }


def scan_entry(
    path: str,
    draft_or_error: model.Draft | str,
    sha256: str | None = None,
) -> Json:
    """One scan@1 object: a draft's counts, or the reason it could not be read."""
    if isinstance(draft_or_error, str):
        return {
            "schema": SCAN_SCHEMA,
            "path": path,
            "sha256": sha256,
            "ok": False,
            "error": draft_or_error,
            "clauses": 0,
            "revisions": 0,
            "findings": [],
            "coverage": coverage(model.Coverage()),
        }
    item = draft_or_error
    return {
        "schema": SCAN_SCHEMA,
        "path": path,
        "sha256": item.sha256,
        "ok": True,
        "error": None,
        "clauses": len(item.clauses),
        "revisions": item.revisions,
        "findings": [finding(f) for f in item.findings],
        "coverage": coverage(item.coverage),
    }


def dumps(document: Json | list[Json], *, lines: bool = False) -> str:
    """Deterministic JSON text; one compact object per line when `lines` is set."""
    if lines:
        assert isinstance(document, list)
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in document)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
