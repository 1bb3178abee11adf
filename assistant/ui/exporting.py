"""File → Export: the analysis on show, with the reviewer's decisions, to a redline or a report."""

from __future__ import annotations

import hashlib
from pathlib import Path

from assistant.ui import outcome


def export(result: outcome.Outcome, path: str, fmt: str) -> str:
    """Write the export and record it in the audit log first; returns the path written.

    Raises OSError when the file cannot be written and AuditError when the log cannot be.
    """
    # Deferred: the reporting and audit code loads only when the user exports.
    from assistant.reporting import exports, html
    from assistant.review import audit

    review = result.review
    notes = {}
    for index, key in enumerate(result.keys):
        decision = result.session.decision(key)
        note = result.session.note(key)
        if decision is not None or note:
            notes[index] = html.ReviewerNote(decision.value if decision else None, note)
    chosen = exports.Format(fmt)
    output = exports.render(review.drafts, review.changes, review.lineage, chosen, notes=notes)
    data = output.encode("utf-8") if isinstance(output, str) else output
    audit.append(
        "exported",
        audit.drafts_details(review.drafts)
        | {"by": "app", "output": {"path": path, "format": fmt,
                                   "sha256": hashlib.sha256(data).hexdigest()}},
    )  # fmt: skip
    exports.write(output, Path(path))
    return path
