"""A Markdown report: summary by risk, safeguard tracker, playbook, then every change by risk."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant import model
from assistant.reporting import legend

_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#|~])")
_ICON = legend.RISK_ICON


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", " ".join(text.split()))


def redline(diff: Sequence[model.Edit]) -> str:
    """The diff as Markdown: deletions struck through, insertions in bold."""
    marks = {model.Op.DELETE: "~~", model.Op.INSERT: "**", model.Op.EQUAL: ""}
    parts = []
    for edit in diff:
        core = _escape(edit.text)
        lead = " " if edit.text[:1].isspace() else ""
        trail = " " if edit.text[-1:].isspace() and core else ""
        mark = marks[edit.op] if core else ""
        parts.append(f"{lead}{mark}{core}{mark}{trail}")
    return "".join(parts)


def _title(change: model.Change, drafts: Sequence[model.Draft]) -> str:
    pair = f"{drafts[change.from_draft].label} → {drafts[change.to_draft].label}"
    risk = legend.risk_label(change.assessment.risk, favourable=change.assessment.favourable)
    return f"{risk}: {legend.where(change)} {change.kind.value} ({pair})"


def render(
    drafts: Sequence[model.Draft],
    changes: Sequence[model.Change],
    lineage: Sequence[Sequence[model.LineageCell]] = (),
) -> str:
    """The whole report; the tracker shows when `lineage` is given, the playbook when checked."""
    lines = ["# Redline Assistant report", "", "## Drafts", ""]
    for index, draft in enumerate(drafts):
        tracked = f", {draft.revisions} tracked revisions" if draft.revisions else ""
        lines.append(
            f"{index}. **{_escape(draft.label)}**: `{draft.path}` ({draft.view.value} view, "
            f"{len(draft.clauses)} clauses, {len(draft.findings)} restrictions{tracked})"
        )
        for note in draft.coverage.not_analysed:
            lines.append(f"   - not analysed: {_escape(note)}")
        for note in draft.coverage.warnings:
            lines.append(f"   - warning: {_escape(note)}")
    lines += ["", "## Summary", "", "| risk | changes |", "|---|---|"]
    for risk in reversed(model.Risk):
        count = sum(1 for c in changes if c.assessment.risk is risk)
        lines.append(f"| {_ICON[risk]} {risk.value} | {count} |")
    lines += _tracker(drafts, lineage)
    lines += _playbook(drafts)
    lines += ["", "## Changes", ""]
    if not changes:
        lines.append("No changes between the drafts.")
    for number, change in enumerate(changes, start=1):
        verdict = change.assessment
        lines += [f"### {number}. {_title(change, drafts)}", ""]
        for reason in verdict.reasons:
            lines.append(f"- {_escape(reason)}")
        if verdict.categories:
            lines.append(f"- categories: {', '.join(verdict.categories)}")
        lines.append(f"- rules: {', '.join(verdict.rules)}")
        if change.tracked is True:
            by = f" by {_escape(change.author)}" if change.author else ""
            on = f" on {change.date}" if change.date else ""
            lines.append(f"- tracked change{by}{on}")
        elif change.tracked is False:
            lines.append("- made without a revision mark")
        lines += ["", f"> {redline(change.diff)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _table_head(first: str, drafts: Sequence[model.Draft]) -> list[str]:
    labels = " | ".join(_escape(d.label) for d in drafts)
    return [f"| {first} | {labels} |", "|---" * (len(drafts) + 1) + "|"]


def _where(refs: Sequence[str]) -> str:
    return f" ({', '.join('§' + _escape(r) for r in refs)})" if refs else ""


def _tracker(
    drafts: Sequence[model.Draft], lineage: Sequence[Sequence[model.LineageCell]]
) -> list[str]:
    rows = [row for row in lineage if row]
    if not rows:
        return []
    lines = ["", "## Safeguard tracker", "", *_table_head("safeguard", drafts)]
    for row in rows:
        cells = " | ".join(
            f"{legend.PRESENCE_ICON[c.state]} {c.state.value}{_where(c.refs)}" for c in row
        )
        lines.append(f"| {_escape(row[0].category)} | {cells} |")
    return lines


def _playbook(drafts: Sequence[model.Draft]) -> list[str]:
    categories = list(dict.fromkeys(e.category for d in drafts for e in d.playbook))
    if not categories:
        return []
    lines = ["", "## Playbook", "", *_table_head("required safeguard", drafts)]
    for category in categories:
        cells = []
        for draft in drafts:
            entry = next((e for e in draft.playbook if e.category == category), None)
            cells.append(
                "–"
                if entry is None
                else f"{legend.PLAYBOOK_ICON[entry.status]} {entry.status.value}"
                f"{_where(entry.refs)}"
            )
        lines.append(f"| {_escape(category)} | {' | '.join(cells)} |")
    return lines
