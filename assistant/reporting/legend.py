"""Words and symbols shared by every report, so that no level is told by colour alone."""

from __future__ import annotations

from collections.abc import Sequence

from assistant import model

# Who the tracked changes and comments of an exported redline are by, unless the user says.
DEFAULT_AUTHOR = "Redline Assistant"

RISK_ICON = {
    model.Risk.CRITICAL: "‼",
    model.Risk.HIGH: "▲",
    model.Risk.MEDIUM: "◆",
    model.Risk.LOW: "▽",
    model.Risk.NONE: "·",
}

PRESENCE_ICON = {
    model.Presence.PRESENT: "✓",
    model.Presence.WEAKENED: "▼",
    model.Presence.STRUCK: "✗",
    model.Presence.REINSTATED: "↺",
    model.Presence.ABSENT: "–",
}

PLAYBOOK_ICON = {
    model.PlaybookStatus.PRESENT: "✓",
    model.PlaybookStatus.WEAK: "▼",
    model.PlaybookStatus.MISSING: "✗",
}


def risk_label(risk: model.Risk, *, favourable: bool = False) -> str:
    """ "▲ HIGH", with "(favourable)" for a strengthening."""
    return f"{RISK_ICON[risk]} {risk.value.upper()}" + (" (favourable)" if favourable else "")


def refs(clauses: Sequence[model.Clause]) -> str:
    """Where clauses are: "§3.2 + §3.3", else the heading above them."""
    numbered = [f"§{c.ref}" for c in clauses if c.ref]
    if numbered:
        return " + ".join(numbered)
    headings = [c.heading[-1] for c in clauses if c.heading]
    return f"under '{headings[0]}'" if headings else "unnumbered clause"


def where(change: model.Change) -> str:
    """The clauses a change touches, "§4.2 → §4.3" when its number changed too."""
    place = refs(change.new or change.old)
    if change.old and change.new and refs(change.old) != refs(change.new):
        place = f"{refs(change.old)} → {refs(change.new)}"
    return place


def provenance(change: model.Change) -> str | None:
    """ "tracked change by X on D", "made without a revision mark", or None when unknown."""
    if change.tracked is True:
        by = f" by {change.author}" if change.author else ""
        on = f" on {change.date}" if change.date else ""
        return f"tracked change{by}{on}"
    if change.tracked is False:
        return "made without a revision mark"
    return None
