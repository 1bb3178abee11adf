"""Safeguard lineage: for each safeguard category, its state in every draft of the negotiation."""

from __future__ import annotations

from collections.abc import Sequence

from assistant import model, taxonomy


def track(
    drafts: Sequence[model.Draft], changes: Sequence[model.Change], tax: taxonomy.Taxonomy
) -> tuple[tuple[model.LineageCell, ...], ...]:
    """Rows of the tracker, one per safeguard category found in any draft, in taxonomy order."""
    found = {f.category for d in drafts for f in d.findings}
    for change in changes:
        found.update(change.assessment.categories)
    rows = []
    for category in tax.categories:
        if category.kind is not taxonomy.Kind.SAFEGUARD or category.id not in found:
            continue
        rows.append(tuple(_cells(category.id, drafts, changes)))
    return tuple(rows)


def _cells(
    category: str, drafts: Sequence[model.Draft], changes: Sequence[model.Change]
) -> list[model.LineageCell]:
    cells: list[model.LineageCell] = []
    seen_before = False
    for index, draft in enumerate(drafts):
        refs = tuple(dict.fromkeys(f.ref or "" for f in draft.findings if f.category == category))
        present = bool(refs)
        related = tuple(
            i
            for i, c in enumerate(changes)
            if c.to_draft == index and category in c.assessment.categories
        )
        previous = cells[-1].state if cells else None
        was_present = previous in (
            model.Presence.PRESENT,
            model.Presence.WEAKENED,
            model.Presence.REINSTATED,
        )
        if index == 0:
            state = model.Presence.PRESENT if present else model.Presence.ABSENT
        elif not present:
            state = model.Presence.STRUCK if was_present else model.Presence.ABSENT
        elif not was_present and seen_before:
            state = model.Presence.REINSTATED
        elif any(_weakens(changes[i]) for i in related):
            state = model.Presence.WEAKENED
        else:
            state = model.Presence.PRESENT
        seen_before = seen_before or present
        cells.append(
            model.LineageCell(category, index, state, tuple(r for r in refs if r), related)
        )
    return cells


def _weakens(change: model.Change) -> bool:
    verdict = change.assessment
    return not verdict.favourable and verdict.risk.rank >= model.Risk.MEDIUM.rank
