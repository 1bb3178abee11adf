"""The HTML report: well-formed, self-contained, escaped, ranked as given, risk told in words."""

from __future__ import annotations

import re
from html import parser as tag_parser
from typing import ClassVar

import pytest
from lxml import etree

from assistant import model
from assistant.reporting import html, legend
from tests.unit.reporting import factories as f

Kind = model.ChangeKind
Review = tuple[list[model.Draft], list[model.Change], list[list[model.LineageCell]]]
HOSTILE = '<script>alert("x")</script> <img src="http://evil.invalid/a.png"> & \' "'


@pytest.fixture
def review() -> Review:
    """Three drafts with a struck safeguard, a weakened one, a move and hostile text."""
    playbook = (
        model.PlaybookEntry("bulk_data", model.PlaybookStatus.PRESENT, "No bulk data.", ("4.2",)),
    )
    missing = (model.PlaybookEntry("bulk_data", model.PlaybookStatus.MISSING, "No bulk data."),)
    v1 = f.draft("v1", [("4.1", "No surveillance."), ("4.2", "No bulk data.")], playbook=playbook)
    v2 = f.draft(
        "v2 <b>", [("4.1", "No surveillance."), ("4.2", "No bulk data.")], playbook=playbook
    )
    v3 = f.draft("v3", [("4.1", "Surveillance " + HOSTILE), ("5.1", "Moved.")], playbook=missing)
    drafts = [v1, v2, v3]
    struck = f.verdict(
        model.Risk.CRITICAL, ("§4.2 was deleted.",), ("safeguard.struck",), ("bulk_data",)
    )
    weakened = f.verdict(model.Risk.HIGH, ("Reason " + HOSTILE,), ("qualifier.added",))
    diff = (
        model.Edit(model.Op.EQUAL, "Surveillance"),
        model.Edit(model.Op.DELETE, " no"),
        model.Edit(model.Op.INSERT, " " + HOSTILE),
    )
    stamp = "2026-03-02T09:00:00Z"
    same = (model.Edit(model.Op.EQUAL, "Moved."),)
    changes = [
        f.change(drafts, Kind.DELETED, [1], [], pair=(1, 2), assessment=struck, tracked=True,
                 author="Counsel <x>", date=stamp),
        f.change(drafts, Kind.MODIFIED, [0], [0], pair=(1, 2), assessment=weakened, diff=diff,
                 tracked=False),
        f.change(drafts, Kind.MOVED, [0], [1], pair=(0, 1), diff=same),
    ]  # fmt: skip
    lineage = [
        [
            model.LineageCell("bulk_data", 0, model.Presence.PRESENT, ("4.2",)),
            model.LineageCell("bulk_data", 1, model.Presence.PRESENT, ("4.2",)),
            model.LineageCell("bulk_data", 2, model.Presence.STRUCK, (), (0,)),
        ]
    ]
    return drafts, changes, lineage


class _Balance(tag_parser.HTMLParser):
    """Checks that every opened element is closed in order (void elements aside)."""

    VOID: ClassVar[set[str]] = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def test_well_formed_and_self_contained(review: Review) -> None:
    page = html.render(*review)
    root = etree.fromstring(page.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    checker = _Balance()
    checker.feed(page)
    assert checker.errors == [] and checker.stack == []
    tags = {element.tag for element in root.iter()}
    assert not tags & {"script", "img", "link", "iframe", "object", "embed", "base"}
    attributes = {name for element in root.iter() for name in element.attrib}
    assert attributes <= {"lang", "charset", "class", "id", "width"}
    assert "@media print" in page
    # Markup alone (the documents' words blanked out) names nothing outside the file.
    for element in root.iter():
        element.text = element.tail = None
    markup = etree.tostring(root, encoding="unicode").lower()
    assert not re.search(r"https?:|file:|url\(|\ssrc\s*=|@import", markup)


def test_a_plain_report_names_no_address_at_all() -> None:
    drafts = [f.draft("a", [("1", "One.")]), f.draft("b", [("1", "Two.")])]
    changes = [f.change(drafts, Kind.MODIFIED, [0], [0])]
    page = html.render(drafts, changes)
    assert not re.search(r"https?://|\ssrc\s*=|<script", page)


def test_document_text_is_escaped(review: Review) -> None:
    page = html.render(*review)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "v2 &lt;b&gt;" in page and "Counsel &lt;x&gt;" in page
    root = etree.fromstring(page.encode("utf-8"))
    assert HOSTILE in "".join(root.itertext())


def test_sections_and_ranked_changes(review: Review) -> None:
    drafts, changes, lineage = review
    root = etree.fromstring(html.render(drafts, changes, lineage).encode("utf-8"))
    headings = [h.text for h in root.iter("h2")]
    assert headings == [
        "Drafts",
        "Summary of risks",
        "Safeguard tracker",
        "Playbook",
        "Changes, by risk",
    ]
    titles = ["".join(h.itertext()) for h in root.iter("h3")]
    assert [t.split(":")[0] for t in titles] == [
        "1. ‼ CRITICAL",
        "2. ▲ HIGH",
        "3. · NONE",
    ]
    text = "".join(root.itertext())
    assert "✗ struck" in text and "✗ missing" in text and "✓ present (§4.2)" in text
    assert "tracked change by Counsel <x> on 2026-03-02T09:00:00Z" in text
    assert "made without a revision mark" in text
    assert "safeguard.struck" in text and "bulk_data" in text


def test_redline_marks(review: Review) -> None:
    changes = review[1]
    assert html.redline(changes[1]).startswith(
        'Surveillance<del class="del"> no</del><ins class="ins">'
    )
    assert 'class="moved"' in html.redline(changes[2])


def test_every_risk_level_has_words_and_icon(review: Review) -> None:
    page = html.render(*review)
    for risk in model.Risk:
        assert legend.risk_label(risk) in page


def test_reviewer_notes(review: Review) -> None:
    notes = {0: html.ReviewerNote("reject", "Push back: <must> stay")}
    page = html.render(*review, notes=notes)
    assert "reviewer decision: reject; note: Push back: &lt;must&gt; stay" in page


def test_empty_review() -> None:
    page = html.render([f.draft("only", [])], [])
    etree.fromstring(page.encode("utf-8"))
    assert "No changes between the drafts." in page
    assert "No safeguard found in any draft." in page
