"""The safeguard tracker and the playbook check, on hand-built drafts."""

from __future__ import annotations

import pytest

from assistant import errors, model, taxonomy
from assistant.risk import lineage, playbook, rulebook


def _draft(label: str, findings: list[tuple[str, str, str]]) -> model.Draft:
    """A draft whose findings are (category, ref, sentence)."""
    items = tuple(
        model.Finding(cat, text, ref, f"{cat}.x", model.Form.PROHIBITION, i)
        for i, (cat, ref, text) in enumerate(findings)
    )
    return model.Draft(label, f"{label}.md", "0" * 64, model.View.CURRENT, 0, (), items)


def _change(to: int, category: str, risk: model.Risk, favourable: bool = False) -> model.Change:
    verdict = model.Assessment(risk, favourable, (category,), ("r",), ("rule",))
    return model.Change(to - 1, to, model.ChangeKind.MODIFIED, (), (), (), verdict)


BULK = ("bulk_data", "7.4", "Customer shall not analyse bulk data.")
WEAK_BULK = ("bulk_data", "7.4", "Customer should not analyse bulk data.")


def test_lineage_present_weakened_struck_reinstated() -> None:
    drafts = [
        _draft("v1", [BULK]),
        _draft("v2", [WEAK_BULK]),
        _draft("v3", []),
        _draft("v4", [BULK]),
    ]
    changes = [_change(1, "bulk_data", model.Risk.HIGH)]
    rows = lineage.track(drafts, changes, taxonomy.load())
    assert len(rows) == 1
    states = [cell.state for cell in rows[0]]
    assert states == [
        model.Presence.PRESENT,
        model.Presence.WEAKENED,
        model.Presence.STRUCK,
        model.Presence.REINSTATED,
    ]
    assert rows[0][1].changes == (0,) and rows[0][0].refs == ("7.4",)


def test_lineage_added_later_is_present_not_reinstated() -> None:
    rows = lineage.track([_draft("v1", []), _draft("v2", [BULK])], [], taxonomy.load())
    assert [c.state for c in rows[0]] == [model.Presence.ABSENT, model.Presence.PRESENT]


def test_playbook_statuses() -> None:
    book = playbook.load()
    weak = playbook.weak_wording(rulebook.load())
    entries = {e.category: e for e in playbook.check(book, _draft("v1", [WEAK_BULK]), weak)}
    assert entries["bulk_data"].status is model.PlaybookStatus.WEAK
    assert entries["bulk_data"].refs == ("7.4",)
    assert entries["domestic_surveillance"].status is model.PlaybookStatus.MISSING
    strong = {e.category: e for e in playbook.check(book, _draft("v1", [BULK]), weak)}
    assert strong["bulk_data"].status is model.PlaybookStatus.PRESENT


def test_playbook_with_unknown_category_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "mine.toml"
    source.write_text(
        '[playbook]\nid = "x"\nlabel = "x"\n[[require]]\ncategory = "nope"\nmessage = "m"\n',
        encoding="utf-8",
    )
    with pytest.raises(errors.ResourceError, match="nope"):
        playbook.load(source)
