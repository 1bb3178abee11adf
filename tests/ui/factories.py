"""A hand-built negotiation: three drafts, six assessed changes and their safeguard lineage."""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant import model

PATHS = tuple(f"/negotiation/agreement-v{n}.docx" for n in (1, 2, 3))
LABELS = {
    "bulk_data": "Bulk-acquired data",
    "human_oversight": "Human oversight",
    "audit_logging": "Audit logging",
    "confidentiality": "Confidentiality",
}

BULK = "Licensee shall not run the Platform over bulk-collected datasets."
OVERSIGHT = "A human operator shall approve every targeting decision."
OVERSIGHT_WEAK = "A human operator should approve every targeting decision."
LOGS = "Usage logs shall be retained for 12 months."
LOGS_SHORT = "Usage logs shall be retained for 6 months."
SECRET = "Each party shall keep the other's information confidential."
NOTICES = "Notices shall be given in writing."
GOVERNING = "This Agreement is governed by the laws of England;"
GOVERNING_FIXED = "This Agreement is governed by the laws of England."


@dataclass(frozen=True, slots=True)
class HandReview:
    """Stands in for `analysis.Review` (the UI only needs its three fields)."""

    drafts: tuple[model.Draft, ...]
    changes: tuple[model.Change, ...]
    lineage: tuple[tuple[model.LineageCell, ...], ...]


def clause(
    ref: str, text: str, heading: tuple[str, ...] = ("7. Use Restrictions",)
) -> model.Clause:
    """A clause whose original text is its text."""
    return model.Clause(ref, heading, text, text, blocks=(int(ref.replace(".", "")),))


def finding(category: str, text: str, ref: str, index: int) -> model.Finding:
    """A prohibition found in clause `index`."""
    return model.Finding(category, text, ref, f"{category}.rule", model.Form.PROHIBITION, index)


def verdict(
    risk: model.Risk,
    categories: tuple[str, ...],
    reason: str,
    rule: str,
    *,
    favourable: bool = False,
) -> model.Assessment:
    """An assessment with one reason and one rule."""
    return model.Assessment(risk, favourable, categories, (reason,), (rule,))


def review() -> HandReview:
    """The negotiation, changes sorted riskiest first as the engine sorts them."""
    v1 = (
        clause("7.4", BULK),
        clause("7.5", OVERSIGHT),
        clause("8.1", LOGS),
        clause("9.1", NOTICES),
        clause("12.1", GOVERNING),
    )
    v2 = (
        clause("7.4", BULK),
        clause("7.5", OVERSIGHT),
        clause("8.1", LOGS_SHORT),
        clause("8.2", SECRET),
        clause("9.3", NOTICES),
        clause("12.1", GOVERNING),
    )
    v3 = (
        clause("7.5", OVERSIGHT_WEAK),
        clause("8.1", LOGS_SHORT),
        clause("8.2", SECRET),
        clause("9.3", NOTICES),
        clause("12.1", GOVERNING_FIXED),
    )
    comment = model.Comment("Buyer Counsel", None, "We cannot accept this.", block=75)
    drafts = (
        _draft("v1", 0, v1, ("bulk_data", "human_oversight", "audit_logging")),
        _draft("v2", 1, v2, ("bulk_data", "human_oversight", "audit_logging", "confidentiality")),
        replace(
            _draft("v3", 2, v3, ("human_oversight", "audit_logging", "confidentiality"), 2),
            comments=(comment,),
        ),
    )
    changes = (
        model.Change(
            1, 2, model.ChangeKind.DELETED, (v2[0],), (), (_delete(BULK),),
            verdict(model.Risk.CRITICAL, ("bulk_data",), STRUCK_REASON, "safeguard.struck"),
            tracked=True, author=COUNSEL, date="2026-03-02T09:00:00Z", order=0,
        ),
        model.Change(
            1, 2, model.ChangeKind.MODIFIED, (v2[1],), (v3[0],),
            (_equal("A human operator "), _delete("shall"), _insert("should"),
             _equal(" approve every targeting decision.")),
            verdict(model.Risk.HIGH, ("human_oversight",), "'shall' became 'should'.", "modal"),
            tracked=False, order=1,
        ),
        model.Change(
            0, 1, model.ChangeKind.MODIFIED, (v1[2],), (v2[2],),
            (_equal("Usage logs shall be retained for "), _delete("12"), _insert("6"),
             _equal(" months.")),
            verdict(model.Risk.MEDIUM, ("audit_logging",), "Retention shortened.", "number"),
            order=2,
        ),
        model.Change(
            0, 1, model.ChangeKind.INSERTED, (), (v2[3],), (_insert(SECRET),),
            verdict(model.Risk.LOW, ("confidentiality",), "Added.", "added", favourable=True),
            order=3,
        ),
        model.Change(
            0, 1, model.ChangeKind.MOVED, (v1[3],), (v2[4],), (_equal(NOTICES),),
            verdict(model.Risk.NONE, (), "§9.1 moved to §9.3 unchanged.", "moved"),
            order=4,
        ),
        model.Change(
            1, 2, model.ChangeKind.MODIFIED, (v2[5],), (v3[4],),
            (_equal(GOVERNING[:-1]), _delete(";"), _insert(".")),
            verdict(model.Risk.NONE, (), "Punctuation only.", "cosmetic"),
            tracked=True, author=COUNSEL, date="2026-03-02T09:05:00Z", order=4,
        ),
    )  # fmt: skip
    present, weakened = model.Presence.PRESENT, model.Presence.WEAKENED
    lineage = (
        _row("bulk_data", (present, ()), (present, ()), (model.Presence.STRUCK, (0,))),
        _row("human_oversight", (present, ()), (present, ()), (weakened, (1,))),
        _row("audit_logging", (present, ()), (weakened, (2,)), (present, ())),
    )
    return HandReview(drafts, changes, lineage)


COUNSEL = "Counterparty Counsel"
STRUCK_REASON = "§7.4 was deleted in v3; no equivalent clause remains."


def _equal(text: str) -> model.Edit:
    return model.Edit(model.Op.EQUAL, text)


def _delete(text: str) -> model.Edit:
    return model.Edit(model.Op.DELETE, text)


def _insert(text: str) -> model.Edit:
    return model.Edit(model.Op.INSERT, text)


def _draft(
    label: str,
    number: int,
    clauses: tuple[model.Clause, ...],
    categories: tuple[str, ...],
    revisions: int = 0,
) -> model.Draft:
    """A draft whose first clauses carry the given categories, one each."""
    findings = tuple(
        finding(category, clauses[i].text, clauses[i].ref or "", i)
        for i, category in enumerate(categories)
    )
    message = "A binding prohibition on bulk data."
    status = model.PlaybookStatus.PRESENT if "bulk_data" in categories else None
    entry = model.PlaybookEntry("bulk_data", status or model.PlaybookStatus.MISSING, message)
    return model.Draft(
        label=label,
        path=PATHS[number],
        sha256=str(number) * 64,
        view=model.View.CURRENT,
        revisions=revisions,
        clauses=clauses,
        findings=findings,
        coverage=model.Coverage(not_analysed=("1 text box",)) if revisions else model.Coverage(),
        playbook=(entry,),
    )


def _row(
    category: str, *states: tuple[model.Presence, tuple[int, ...]]
) -> tuple[model.LineageCell, ...]:
    return tuple(
        model.LineageCell(category, i, state, ("7.4",), changes)
        for i, (state, changes) in enumerate(states)
    )
