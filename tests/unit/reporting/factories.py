"""Small model objects for report tests: drafts from (ref, text) lists, changes between them."""

from __future__ import annotations

from collections.abc import Sequence

from assistant import model

Spec = tuple[str | None, str] | tuple[str | None, str, tuple[str, ...]]


def clause(ref: str | None, text: str, heading: tuple[str, ...] = ()) -> model.Clause:
    """A clause whose original text equals its text."""
    return model.Clause(ref=ref, heading=heading, text=text, original_text=text)


def draft(label: str, specs: Sequence[Spec], **extra: object) -> model.Draft:
    """A draft of the given clauses: (ref, text) or (ref, text, heading path)."""
    clauses = tuple(clause(*spec) for spec in specs)
    return model.Draft(
        label=label,
        path=f"{label}.md",
        sha256="0" * 64,
        view=model.View.CURRENT,
        revisions=0,
        clauses=clauses,
        **extra,  # type: ignore[arg-type]
    )


def verdict(
    risk: model.Risk = model.Risk.NONE,
    reasons: tuple[str, ...] = (),
    rules: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    favourable: bool = False,
) -> model.Assessment:
    """An assessment with the given level and words."""
    return model.Assessment(risk, favourable, categories, reasons, rules)


def change(
    drafts: Sequence[model.Draft],
    kind: model.ChangeKind,
    old: Sequence[int],
    new: Sequence[int],
    *,
    pair: tuple[int, int] = (0, 1),
    assessment: model.Assessment | None = None,
    diff: Sequence[model.Edit] | None = None,
    tracked: bool | None = None,
    author: str | None = None,
    date: str | None = None,
) -> model.Change:
    """A change between two drafts naming clauses by index; diff: delete old, insert new."""
    old_clauses = tuple(drafts[pair[0]].clauses[i] for i in old)
    new_clauses = tuple(drafts[pair[1]].clauses[i] for i in new)
    if diff is None:
        before = " ".join(c.text for c in old_clauses)
        after = " ".join(c.text for c in new_clauses)
        diff = tuple(
            model.Edit(op, text)
            for op, text in ((model.Op.DELETE, before), (model.Op.INSERT, after))
            if text
        )
    return model.Change(
        from_draft=pair[0],
        to_draft=pair[1],
        kind=kind,
        old=old_clauses,
        new=new_clauses,
        diff=tuple(diff),
        assessment=assessment or verdict(),
        tracked=tracked,
        author=author,
        date=date,
        order=new[0] if new else 0,
    )
