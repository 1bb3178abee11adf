"""A self-contained HTML report: risk summary, safeguard tracker, playbook, then every change.

One file with inline CSS and no script, link or image, printable. The markup is XHTML-style (every
element closed, only XML's five escapes), so an XML parser reads it and Qt's rich-text engine
renders the same text to PDF. Risk is always spelled out with an icon, never told by colour alone.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant import model
from assistant.reporting import legend

Lineage = Sequence[Sequence[model.LineageCell]]

# Legal colour convention: deletions red and struck, insertions blue and underlined, moves green.
_CSS = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt;
       color: #111; }
h1 { font-size: 16pt; margin-bottom: 0.2em; }
h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.4em; }
h3 { font-size: 11pt; margin: 1em 0 0.3em 0; }
table { border-collapse: collapse; }
th, td { border: 1px solid #aaa; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background-color: #eee; }
.note { color: #444; }
.redline { border-left: 3px solid #bbb; padding: 0.3em 0.6em; margin: 0.4em 0;
           background-color: #fafafa; }
del, .del { color: #c00000; text-decoration: line-through; }
ins, .ins { color: #0033cc; text-decoration: underline; }
.moved { color: #007a33; text-decoration: underline; }
.risk-critical { color: #8b0000; font-weight: bold; }
.risk-high { color: #b34700; font-weight: bold; }
.risk-medium { color: #7a6000; font-weight: bold; }
.risk-low { color: #2f5f2f; }
.risk-none { color: #555; }
.state-struck, .state-weakened, .status-missing, .status-weak { font-weight: bold; }
@media print {
  body { margin: 0; font-size: 9pt; }
  .change { page-break-inside: avoid; break-inside: avoid; }
  h2 { page-break-after: avoid; break-after: avoid; }
}
"""


@dataclass(frozen=True, slots=True)
class ReviewerNote:
    """A reviewer's decision (accept, reject, discuss) and note on one change."""

    decision: str | None = None
    note: str = ""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def render(
    drafts: Sequence[model.Draft],
    changes: Sequence[model.Change],
    lineage: Lineage = (),
    *,
    notes: Mapping[int, ReviewerNote] | None = None,
    title: str = "Redline Assistant report",
) -> str:
    """The whole report; `changes` in the order given (ranked), `notes` keyed by change index."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8" />',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(title)}</h1>",
        *_drafts(drafts),
        *_summary(drafts, changes),
        *_tracker(drafts, lineage),
        *_playbook(drafts),
        *_changes(drafts, changes, notes or {}),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _drafts(drafts: Sequence[model.Draft]) -> list[str]:
    rows = [
        "<h2>Drafts</h2>",
        '<table width="100%">',
        "<tr><th>#</th><th>draft</th><th>file</th><th>view</th><th>clauses</th>"
        "<th>restrictions</th><th>tracked revisions</th><th>coverage</th></tr>",
    ]
    for index, draft in enumerate(drafts):
        notes = [f"not analysed: {n}" for n in draft.coverage.not_analysed]
        notes += [f"warning: {n}" for n in draft.coverage.warnings]
        rows.append(
            f"<tr><td>{index}</td><td>{_e(draft.label)}</td><td>{_e(Path(draft.path).name)}</td>"
            f"<td>{_e(draft.view.value)}</td><td>{len(draft.clauses)}</td>"
            f"<td>{len(draft.findings)}</td><td>{draft.revisions}</td>"
            f"<td>{'<br />'.join(_e(n) for n in notes) or '–'}</td></tr>"
        )
    rows.append("</table>")
    return rows


def _summary(drafts: Sequence[model.Draft], changes: Sequence[model.Change]) -> list[str]:
    pairs = sorted({(c.from_draft, c.to_draft) for c in changes})
    head = "".join(f"<th>{_e(drafts[a].label)} → {_e(drafts[b].label)}</th>" for a, b in pairs)
    rows = [
        "<h2>Summary of risks</h2>",
        "<table>",
        f"<tr><th>risk</th><th>changes</th>{head}</tr>",
    ]
    for risk in reversed(model.Risk):
        mine = [c for c in changes if c.assessment.risk is risk]
        cells = "".join(
            f"<td>{sum(1 for c in mine if (c.from_draft, c.to_draft) == p)}</td>" for p in pairs
        )
        rows.append(
            f'<tr><td class="risk-{risk.value}">{_e(legend.risk_label(risk))}</td>'
            f"<td>{len(mine)}</td>{cells}</tr>"
        )
    favourable = sum(1 for c in changes if c.assessment.favourable)
    rows += [
        "</table>",
        f'<p class="note">{len(changes)} changes in all, {favourable} of them favourable.</p>',
    ]
    return rows


def _tracker(drafts: Sequence[model.Draft], lineage: Lineage) -> list[str]:
    rows = ["<h2>Safeguard tracker</h2>"]
    if not lineage:
        return [*rows, '<p class="note">No safeguard found in any draft.</p>']
    head = "".join(f"<th>{_e(d.label)}</th>" for d in drafts)
    rows += ['<table width="100%">', f"<tr><th>safeguard</th>{head}</tr>"]
    for row in lineage:
        if not row:
            continue
        cells = []
        for cell in row:
            where = f" ({_e(', '.join('§' + r for r in cell.refs))})" if cell.refs else ""
            cells.append(
                f'<td class="state-{cell.state.value}">'
                f"{legend.PRESENCE_ICON[cell.state]} {_e(cell.state.value)}{where}</td>"
            )
        rows.append(f"<tr><th>{_e(row[0].category)}</th>{''.join(cells)}</tr>")
    legend_text = ", ".join(f"{icon} {state.value}" for state, icon in legend.PRESENCE_ICON.items())
    rows += ["</table>", f'<p class="note">{_e(legend_text)}</p>']
    return rows


def _playbook(drafts: Sequence[model.Draft]) -> list[str]:
    rows = ["<h2>Playbook</h2>"]
    categories = list(dict.fromkeys(e.category for d in drafts for e in d.playbook))
    if not categories:
        return [*rows, '<p class="note">No playbook requirements were checked.</p>']
    head = "".join(f"<th>{_e(d.label)}</th>" for d in drafts)
    rows += [
        '<table width="100%">',
        f"<tr><th>required safeguard</th><th>requirement</th>{head}</tr>",
    ]
    for category in categories:
        entries = [next((e for e in d.playbook if e.category == category), None) for d in drafts]
        message = next((e.message for e in entries if e is not None), "")
        cells = []
        for entry in entries:
            if entry is None:
                cells.append("<td>–</td>")
                continue
            where = f" ({_e(', '.join('§' + r for r in entry.refs))})" if entry.refs else ""
            cells.append(
                f'<td class="status-{entry.status.value}">'
                f"{legend.PLAYBOOK_ICON[entry.status]} {_e(entry.status.value)}{where}</td>"
            )
        rows.append(f"<tr><th>{_e(category)}</th><td>{_e(message)}</td>{''.join(cells)}</tr>")
    rows.append("</table>")
    return rows


def _changes(
    drafts: Sequence[model.Draft],
    changes: Sequence[model.Change],
    notes: Mapping[int, ReviewerNote],
) -> list[str]:
    rows = ["<h2>Changes, by risk</h2>"]
    if not changes:
        return [*rows, "<p>No changes between the drafts.</p>"]
    for number, change in enumerate(changes, start=1):
        rows += _change(number, change, drafts, notes.get(number - 1))
    return rows


def _change(
    number: int, change: model.Change, drafts: Sequence[model.Draft], note: ReviewerNote | None
) -> list[str]:
    verdict = change.assessment
    pair = f"{drafts[change.from_draft].label} → {drafts[change.to_draft].label}"
    risk = legend.risk_label(verdict.risk, favourable=verdict.favourable)
    rows = [
        f'<div class="change" id="change-{number}">',
        f'<h3>{number}. <span class="risk-{verdict.risk.value}">{_e(risk)}</span>: '
        f"{_e(legend.where(change))} {_e(change.kind.value)} ({_e(pair)})</h3>",
        f'<p class="redline">{redline(change)}</p>',
        "<ul>",
        *(f"<li>{_e(reason)}</li>" for reason in verdict.reasons),
    ]
    if verdict.categories:
        rows.append(f"<li>categories: {_e(', '.join(verdict.categories))}</li>")
    rows.append(f"<li>rules: {_e(', '.join(verdict.rules) or 'none')}</li>")
    origin = legend.provenance(change)
    if origin:
        rows.append(f"<li>{_e(origin)}</li>")
    if note is not None and (note.decision or note.note):
        decision = f"decision: {note.decision}" if note.decision else "no decision"
        said = f"; note: {note.note}" if note.note else ""
        rows.append(f"<li><b>reviewer {_e(decision + said)}</b></li>")
    rows += ["</ul>", "</div>"]
    return rows


def redline(change: model.Change) -> str:
    """The change's word diff as HTML: del struck red, ins underlined blue, a move in green."""
    if change.kind is model.ChangeKind.MOVED and all(e.op is model.Op.EQUAL for e in change.diff):
        text = "".join(e.text for e in change.diff)
        return f'<span class="moved">{_e(text)}</span> <i>(moved)</i>'
    parts = []
    for edit in change.diff:
        if edit.op is model.Op.DELETE:
            parts.append(f'<del class="del">{_e(edit.text)}</del>')
        elif edit.op is model.Op.INSERT:
            parts.append(f'<ins class="ins">{_e(edit.text)}</ins>')
        else:
            parts.append(_e(edit.text))
    moved = ' <i class="moved">(moved)</i>' if change.kind is model.ChangeKind.MOVED else ""
    return "".join(parts) + moved
