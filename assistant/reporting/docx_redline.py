"""A Word redline of two drafts: the newer text with every change as a tracked revision.

The body is laid out from the analysis, not copied from either file: one paragraph per heading that
opens above a clause and one per clause ("ref text"), a table row per row clause (consecutive rows
form one table). Accepting every revision gives the newer draft's paragraphs (`draft_text(new)`,
a row read as its non-empty cells joined by " | "), rejecting every revision the older draft's.
Changes at or above a risk threshold carry a Word comment with their level, reasons and rules.
Styles and page size may come from the newer .docx; nothing else of the inputs (relationships,
media, templates) is copied.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import docx
from docx.oxml import ns
from lxml import etree

from assistant import model
from assistant.reporting import legend

DEFAULT_AUTHOR = legend.DEFAULT_AUTHOR
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# Characters XML 1.0 cannot carry; a Word file never holds them in w:t either.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed entry times: the same inputs give the same bytes
_MAX_PART = 64 * 1024 * 1024  # the readers' own cap on one part
_HEADING_DEPTHS = 9


class Mark(StrEnum):
    """How a paragraph of the redline is revised."""

    SAME = "same"
    EDITED = "edited"  # equal, inserted and deleted runs in one paragraph
    INSERTED = "inserted"
    DELETED = "deleted"
    MOVED_FROM = "moved_from"
    MOVED_TO = "moved_to"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the redline: its mark, its pieces and the change it shows (an index)."""

    mark: Mark
    edits: tuple[model.Edit, ...]
    heading: int | None = None  # depth of a heading paragraph, 1 outermost
    change: int | None = None
    move: int | None = None  # pairs a MOVED_FROM paragraph with its MOVED_TO
    # A table row: the pieces of each cell (`edits` still spell the row as " | "-joined text).
    cells: tuple[tuple[model.Edit, ...], ...] = ()

    def text(self, view: model.View) -> str:
        """The paragraph's text with every revision accepted (current) or rejected (original)."""
        dropped = model.Op.DELETE if view is model.View.CURRENT else model.Op.INSERT
        return "".join(e.text for e in self.edits if e.op is not dropped)

    def present_in(self, view: model.View) -> bool:
        """Whether the paragraph exists in that view (inserted ones only in the current view)."""
        if view is model.View.CURRENT:
            return self.mark not in (Mark.DELETED, Mark.MOVED_FROM)
        return self.mark not in (Mark.INSERTED, Mark.MOVED_TO)


@dataclass(frozen=True, slots=True)
class _Item:
    """A paragraph of one draft as the redline lays it out."""

    text: str
    heading: int | None = None
    clause: int | None = None
    cells: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Pair:
    """Clauses of the two drafts that stand for each other, and the change that reports them."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    change: int | None = None
    moved: bool = False


def shown(clause: model.Clause) -> str:
    """A clause as one paragraph: its reference label, then its text."""
    return f"{clause.ref} {clause.text}" if clause.ref else clause.text


def draft_text(draft: model.Draft) -> tuple[str, ...]:
    """The paragraphs the redline gives for a draft: opening headings, then each clause."""
    return tuple(item.text for item in _items(draft))


def _items(draft: model.Draft) -> list[_Item]:
    items: list[_Item] = []
    above: tuple[str, ...] = ()
    for index, clause in enumerate(draft.clauses):
        path = clause.heading
        if path != above:
            common = 0
            while common < min(len(path), len(above)) and path[common] == above[common]:
                common += 1
            items += [_Item(path[d], heading=d + 1) for d in range(common, len(path))]
            above = path
        items.append(_Item(shown(clause), clause=index, cells=clause.cells))
    return items


def plan(
    old: model.Draft, new: model.Draft, changes: Sequence[model.Change]
) -> tuple[Paragraph, ...]:
    """The redline's paragraphs for two drafts and the changes reported between them."""
    pairs = _pairs(old, new, changes)
    old_items, new_items = _items(old), _items(new)
    old_at = {item.clause: i for i, item in enumerate(old_items) if item.clause is not None}
    new_at = {item.clause: i for i, item in enumerate(new_items) if item.clause is not None}
    anchors: list[tuple[int, int, _Pair]] = []
    loose: list[_Pair] = []
    for pair in pairs:
        if len(pair.old) == 1 and len(pair.new) == 1 and not pair.moved:
            anchors.append((old_at[pair.old[0]], new_at[pair.new[0]], pair))
        else:
            loose.append(pair)
    anchors.sort(key=lambda a: a[1])
    kept = _increasing([a[0] for a in anchors])
    # An unmoved pair out of order with the others cannot share a paragraph with its partner.
    loose += [a[2] for i, a in enumerate(anchors) if i not in kept]
    chain = [a for i, a in enumerate(anchors) if i in kept]
    old_role = {c: p for p in loose for c in p.old}
    new_role = {c: p for p in loose for c in p.new}
    moves = {p.change: n for n, p in enumerate((p for p in loose if p.moved), start=1)}
    layout = _Layout(changes, old_role, new_role, moves)
    previous_old = previous_new = -1
    for old_index, new_index, pair in chain:
        layout.gap(old_items[previous_old + 1 : old_index], new_items[previous_new + 1 : new_index])
        layout.anchor(old.clauses[pair.old[0]], new.clauses[pair.new[0]], pair.change)
        previous_old, previous_new = old_index, new_index
    layout.gap(old_items[previous_old + 1 :], new_items[previous_new + 1 :])
    return tuple(layout.paragraphs)


def _pairs(old: model.Draft, new: model.Draft, changes: Sequence[model.Change]) -> list[_Pair]:
    """Every clause of both drafts in a pair: the reported changes, then the unchanged clauses."""
    pairs: list[_Pair] = []
    old_used: set[int] = set()
    new_used: set[int] = set()
    for number, change in enumerate(changes):
        old_side = _locate(old.clauses, change.old, old_used)
        new_side = _locate(new.clauses, change.new, new_used)
        moved = change.kind is model.ChangeKind.MOVED and len(old_side) == len(new_side) == 1
        pairs.append(_Pair(old_side, new_side, number, moved))
    old_free = [i for i in range(len(old.clauses)) if i not in old_used]
    new_free = [i for i in range(len(new.clauses)) if i not in new_used]
    matcher = difflib.SequenceMatcher(
        None,
        [_words(old.clauses[i].text) for i in old_free],
        [_words(new.clauses[i].text) for i in new_free],
        autojunk=False,
    )
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [_Pair((old_free[a0 + k],), (new_free[b0 + k],)) for k in range(a1 - a0)]
        else:  # unreported differences (merges with equal text): shown whole, never lost
            pairs += [_Pair((old_free[i],), ()) for i in range(a0, a1)]
            pairs += [_Pair((), (new_free[i],)) for i in range(b0, b1)]
    return pairs


def _locate(
    clauses: Sequence[model.Clause], wanted: Sequence[model.Clause], used: set[int]
) -> tuple[int, ...]:
    """Indices of a change's clauses in their draft (the same objects, else equal ones)."""
    found: list[int] = []
    for clause in wanted:
        index = next((i for i, c in enumerate(clauses) if c is clause and i not in used), None)
        if index is None:
            index = next((i for i, c in enumerate(clauses) if c == clause and i not in used), None)
        if index is None:
            raise ValueError(f"a change names a clause that is not in its draft: {clause.ref!r}")
        used.add(index)
        found.append(index)
    return tuple(found)


def _words(text: str) -> str:
    return " ".join(text.split())


def _increasing(values: Sequence[int]) -> set[int]:
    """Positions of a longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []  # position of the smallest tail of each length
    before: list[int] = [-1] * len(values)
    for position, value in enumerate(values):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if values[tails[middle]] < value:
                low = middle + 1
            else:
                high = middle
        before[position] = tails[low - 1] if low else -1
        if low == len(tails):
            tails.append(position)
        else:
            tails[low] = position
    chosen: set[int] = set()
    position = tails[-1] if tails else -1
    while position >= 0:
        chosen.add(position)
        position = before[position]
    return chosen


@dataclass(slots=True)
class _Layout:
    """Collects the redline's paragraphs while the two drafts are walked in step."""

    changes: Sequence[model.Change]
    old_role: dict[int, _Pair]
    new_role: dict[int, _Pair]
    moves: dict[int | None, int]  # move number by change index
    paragraphs: list[Paragraph] = field(default_factory=list)

    def gap(self, old_items: Sequence[_Item], new_items: Sequence[_Item]) -> None:
        """Paragraphs between two anchors: equal headings kept, the old side's before the new."""
        matcher = difflib.SequenceMatcher(
            None,
            [_key(item, "old") for item in old_items],
            [_key(item, "new") for item in new_items],
            autojunk=False,
        )
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            if tag == "equal":
                for item in new_items[b0:b1]:
                    edit = model.Edit(model.Op.EQUAL, item.text)
                    self.paragraphs.append(Paragraph(Mark.SAME, (edit,), heading=item.heading))
                continue
            for item in old_items[a0:a1]:
                self.paragraphs.append(self._lone(item, self.old_role, model.Op.DELETE))
            for item in new_items[b0:b1]:
                self.paragraphs.append(self._lone(item, self.new_role, model.Op.INSERT))

    def _lone(self, item: _Item, roles: dict[int, _Pair], op: model.Op) -> Paragraph:
        pair = roles.get(item.clause) if item.clause is not None else None
        edit = (model.Edit(op, item.text),)
        change = pair.change if pair is not None else None
        if pair is not None and pair.moved:
            mark = Mark.MOVED_FROM if op is model.Op.DELETE else Mark.MOVED_TO
            return Paragraph(mark, edit, change=change, move=self.moves[change])
        mark = Mark.DELETED if op is model.Op.DELETE else Mark.INSERTED
        cells = tuple(_merged([model.Edit(op, text)]) for text in item.cells)
        return Paragraph(mark, edit, heading=item.heading, change=change, cells=cells)

    def anchor(self, old: model.Clause, new: model.Clause, change: int | None) -> None:
        """One paragraph for a clause and its counterpart, revised word by word; a row whose
        cells still line up is revised cell by cell."""
        given = self.changes[change].diff if change is not None else ()
        edits = _merged([*_relabel(old.ref, new.ref), *_diff(old.text, new.text, given)])
        same = all(e.op is model.Op.EQUAL for e in edits)
        cells: tuple[tuple[model.Edit, ...], ...] = ()
        if old.cells and len(old.cells) == len(new.cells) and old.ref is None and new.ref is None:
            pairs = zip(old.cells, new.cells, strict=True)
            cells = tuple(_merged(_diff(a, b, ())) for a, b in pairs)
        mark = Mark.SAME if same else Mark.EDITED
        self.paragraphs.append(Paragraph(mark, edits, change=change, cells=cells))


def _key(item: _Item, side: str) -> tuple[object, ...]:
    """Headings match by text; clauses never match here (they were paired before)."""
    if item.clause is None:
        return ("heading", item.heading, item.text)
    return ("clause", side, item.clause)


def _relabel(old: str | None, new: str | None) -> list[model.Edit]:
    """A changed reference label struck and retyped whole: "3.1" → "4.1", never "3" → "4"."""
    if old == new:
        return [model.Edit(model.Op.EQUAL, f"{new} ")] if new else []
    if old and new:
        return [
            model.Edit(model.Op.DELETE, old),
            model.Edit(model.Op.INSERT, new),
            model.Edit(model.Op.EQUAL, " "),
        ]
    if old:
        return [model.Edit(model.Op.DELETE, f"{old} ")]
    return [model.Edit(model.Op.INSERT, f"{new} ")]


def _diff(old: str, new: str, given: Sequence[model.Edit]) -> list[model.Edit]:
    """The engine's word diff when it spells exactly these texts, else a token diff of our own."""
    if given and _side(given, model.Op.INSERT) == old and _side(given, model.Op.DELETE) == new:
        return list(given)
    if old == new:
        return [model.Edit(model.Op.EQUAL, old)] if old else []
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    edits: list[model.Edit] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            edits.append(model.Edit(model.Op.EQUAL, "".join(a[a0:a1])))
            continue
        if a1 > a0:
            edits.append(model.Edit(model.Op.DELETE, "".join(a[a0:a1])))
        if b1 > b0:
            edits.append(model.Edit(model.Op.INSERT, "".join(b[b0:b1])))
    return edits


def _side(edits: Sequence[model.Edit], dropped: model.Op) -> str:
    return "".join(e.text for e in edits if e.op is not dropped)


def _merged(edits: Sequence[model.Edit]) -> tuple[model.Edit, ...]:
    """Adjacent pieces of one kind joined, empty ones dropped."""
    out: list[model.Edit] = []
    for edit in edits:
        if not edit.text:
            continue
        if out and out[-1].op is edit.op:
            out[-1] = model.Edit(edit.op, out[-1].text + edit.text)
        else:
            out.append(edit)
    return tuple(out)


# --- writing the package --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Source:
    """What the redline keeps of the newer .docx: its styles, with numbering links removed."""

    styles: bytes
    heading_styles: dict[int, str]
    page: tuple[etree._Element, ...] = ()  # w:pgSz and w:pgMar of its last section


def build(
    drafts: Sequence[model.Draft],
    changes: Sequence[model.Change],
    *,
    pair: tuple[int, int] | None = None,
    author: str = DEFAULT_AUTHOR,
    date: str | None = None,
    comment_from: model.Risk = model.Risk.HIGH,
) -> bytes:
    """The .docx redline of one pair of drafts (default: the last two) as bytes.

    `date` (ISO 8601, default now) stamps every revision and comment; `comment_from` is the
    lowest risk that gets a Word comment.
    """
    if len(drafts) < 2:
        raise ValueError("a redline needs two drafts")
    old_index, new_index = pair if pair is not None else (len(drafts) - 2, len(drafts) - 1)
    old, new = drafts[old_index], drafts[new_index]
    mine = [c for c in changes if (c.from_draft, c.to_draft) == (old_index, new_index)]
    stamp = date or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    source = _source(new)
    document = docx.Document()
    properties = document.core_properties
    properties.title = f"Redline: {old.label} → {new.label}"
    properties.author = properties.last_modified_by = author
    properties.comments = f"Made by Redline Assistant from {Path(new.path).name}"
    properties.created = properties.modified = _instant(stamp)
    properties.revision = 1
    commented = {n for n, c in enumerate(mine) if c.assessment.risk.rank >= comment_from.rank}
    writer = _Writer(author, stamp, first_id=len(commented) + 1, source=source)
    comment_ids: dict[int, int] = {}
    for number in sorted(commented):
        comment = document.comments.add_comment(
            text=_comment_text(mine[number], drafts), author=author, initials=_initials(author)
        )
        comment_ids[number] = comment.comment_id
    body = document.element.body
    section = body[-1]  # the template's w:sectPr, which must stay last
    paragraphs = plan(old, new, mine)
    spans = _comment_spans(paragraphs, comment_ids)
    marks = _paragraph_marks(paragraphs)
    table: etree._Element | None = None
    for index, paragraph in enumerate(paragraphs):
        if not paragraph.cells:
            table = None
            section.addprevious(writer.paragraph(paragraph, spans.get(index, ()), marks[index]))
            continue
        if table is None:
            table = writer.table(max(len(p.cells) for p in _rows_from(paragraphs, index)))
            section.addprevious(table)
        table.append(writer.row(paragraph, spans.get(index, ()), marks[index]))
    if table is not None:
        section.addprevious(etree.Element(ns.qn("w:p")))  # a body never ends on a table
    for element in source.page if source else ():
        replaced = section.find(element.tag)
        if replaced is not None:
            section.replace(replaced, element)
    buffer = io.BytesIO()
    document.save(buffer)
    return _finish(buffer.getvalue(), source, stamp)


def _rows_from(paragraphs: Sequence[Paragraph], start: int) -> list[Paragraph]:
    """The table rows that follow one another from `start`: one table in the redline."""
    rows = []
    for paragraph in paragraphs[start:]:
        if not paragraph.cells:
            break
        rows.append(paragraph)
    return rows


def _paragraph_marks(paragraphs: Sequence[Paragraph]) -> list[tuple[str, ...]]:
    """The revisions of each paragraph mark, in schema order (ins, del, moveFrom, moveTo).

    The body's last paragraph mark can never go away, so it is left unrevised; where that
    paragraph is absent from a view, the mark of the last paragraph present in that view goes
    instead, and its text joins the last paragraph, as Word does when the end of a document is
    deleted.
    """
    marks: list[tuple[str, ...]] = [
        (_WHOLE[p.mark],) if p.mark in _WHOLE else () for p in paragraphs
    ]
    if not paragraphs or not marks[-1] or paragraphs[-1].cells:
        return marks  # a final table is followed by a paragraph of its own
    marks[-1] = ()
    final = paragraphs[-1]
    for view, tag in ((model.View.CURRENT, "del"), (model.View.ORIGINAL, "ins")):
        if final.present_in(view):
            continue
        kept = [i for i, p in enumerate(paragraphs[:-1]) if p.present_in(view)]
        if kept:
            merged = {*marks[kept[-1]], tag}
            marks[kept[-1]] = tuple(t for t in _MARK_ORDER if t in merged)
    return marks


_MARK_ORDER = ("ins", "del", "moveFrom", "moveTo")


def _comment_spans(
    paragraphs: Sequence[Paragraph], comment_ids: dict[int, int]
) -> dict[int, tuple[tuple[str, int], ...]]:
    """Where each comment's range starts and ends: around its change's paragraphs."""
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for index, paragraph in enumerate(paragraphs):
        if paragraph.change is None or paragraph.change not in comment_ids:
            continue
        if paragraph.mark is Mark.MOVED_FROM:
            continue  # a move is discussed where the clause now stands
        first.setdefault(paragraph.change, index)
        last[paragraph.change] = index
    spans: dict[int, list[tuple[str, int]]] = {}
    for change, index in first.items():
        spans.setdefault(index, []).append(("start", comment_ids[change]))
        spans.setdefault(last[change], []).append(("end", comment_ids[change]))
    return {index: tuple(marks) for index, marks in spans.items()}


def _comment_text(change: model.Change, drafts: Sequence[model.Draft]) -> str:
    verdict = change.assessment
    pair = f"{drafts[change.from_draft].label} → {drafts[change.to_draft].label}"
    lines = [
        f"{legend.risk_label(verdict.risk, favourable=verdict.favourable)} risk: "
        f"{legend.where(change)} {change.kind.value} ({pair})",
        *verdict.reasons,
        f"Rules: {', '.join(verdict.rules) or 'none'}",
    ]
    if verdict.categories:
        lines.append(f"Categories: {', '.join(verdict.categories)}")
    origin = legend.provenance(change)
    if origin:
        lines.append(origin[0].upper() + origin[1:])
    return "\n".join(_clean(line) for line in lines)


def _initials(author: str) -> str:
    return "".join(word[0] for word in author.split() if word[:1].isalnum())[:4].upper() or "RA"


def _instant(stamp: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


class _Writer:
    """Makes WordprocessingML paragraphs with revision marks, numbered from one counter."""

    def __init__(self, author: str, date: str, *, first_id: int, source: _Source | None) -> None:
        self._author = author
        self._date = date
        self._next = first_id
        self._headings = source.heading_styles if source else _DEFAULT_HEADINGS

    def _id(self) -> str:
        self._next += 1
        return str(self._next - 1)

    def _mark(self, tag: str, *, name: str | None = None) -> etree._Element:
        element = etree.Element(ns.qn(f"w:{tag}"))
        element.set(ns.qn("w:id"), self._id())
        element.set(ns.qn("w:author"), self._author)
        element.set(ns.qn("w:date"), self._date)
        if name is not None:
            element.set(ns.qn("w:name"), name)
        return element

    def paragraph(
        self,
        paragraph: Paragraph,
        comments: Sequence[tuple[str, int]],
        marks: Sequence[str],
    ) -> etree._Element:
        """A w:p for a planned paragraph: its mark's revisions, the comments starting or ending."""
        p = etree.Element(ns.qn("w:p"))
        properties = etree.SubElement(p, ns.qn("w:pPr"))
        if paragraph.heading is not None and paragraph.heading in self._headings:
            style = etree.SubElement(properties, ns.qn("w:pStyle"))
            style.set(ns.qn("w:val"), self._headings[paragraph.heading])
        if marks:  # the paragraph mark itself is revised, as Word marks it
            mark_properties = etree.SubElement(properties, ns.qn("w:rPr"))
            for tag in marks:
                mark_properties.append(self._mark(tag))
        if len(properties) == 0:
            p.remove(properties)
        for kind, number in comments:
            if kind == "start":
                _comment_mark(p, "commentRangeStart", number)
        range_id = None
        if paragraph.move is not None:
            side = "moveFrom" if paragraph.mark is Mark.MOVED_FROM else "moveTo"
            start = self._mark(f"{side}RangeStart", name=f"move{paragraph.move}")
            range_id = start.get(ns.qn("w:id"))
            p.append(start)
        for edit in paragraph.edits:
            p.append(self._piece(edit, paragraph.mark))
        if range_id is not None:
            side = "moveFrom" if paragraph.mark is Mark.MOVED_FROM else "moveTo"
            end = etree.SubElement(p, ns.qn(f"w:{side}RangeEnd"))
            end.set(ns.qn("w:id"), range_id)
        for kind, number in comments:
            if kind == "end":
                _comment_mark(p, "commentRangeEnd", number)
                reference = etree.SubElement(p, ns.qn("w:r"))
                run_style = etree.SubElement(reference, ns.qn("w:rPr"))
                etree.SubElement(run_style, ns.qn("w:rStyle")).set(
                    ns.qn("w:val"), "CommentReference"
                )
                _comment_mark(reference, "commentReference", number)
        return p

    def table(self, columns: int) -> etree._Element:
        """An empty w:tbl of `columns` equal columns across the page, with single borders."""
        table = etree.Element(ns.qn("w:tbl"))
        properties = etree.SubElement(table, ns.qn("w:tblPr"))
        width = etree.SubElement(properties, ns.qn("w:tblW"))
        width.set(ns.qn("w:w"), "5000")
        width.set(ns.qn("w:type"), "pct")
        borders = etree.SubElement(properties, ns.qn("w:tblBorders"))
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            border = etree.SubElement(borders, ns.qn(f"w:{side}"))
            border.set(ns.qn("w:val"), "single")
            border.set(ns.qn("w:sz"), "4")
            border.set(ns.qn("w:space"), "0")
            border.set(ns.qn("w:color"), "auto")
        grid = etree.SubElement(table, ns.qn("w:tblGrid"))
        for _ in range(columns):
            etree.SubElement(grid, ns.qn("w:gridCol")).set(
                ns.qn("w:w"), str(_TEXT_WIDTH // columns)
            )
        return table

    def row(
        self, paragraph: Paragraph, comments: Sequence[tuple[str, int]], marks: Sequence[str]
    ) -> etree._Element:
        """A w:tr for a planned row: inserted or deleted whole as Word marks rows, else revised
        cell by cell; its comments open in the first cell and close in the last."""
        row = etree.Element(ns.qn("w:tr"))
        if marks:
            properties = etree.SubElement(row, ns.qn("w:trPr"))
            for tag in marks:
                properties.append(self._mark(tag))
        last = len(paragraph.cells) - 1
        for number, pieces in enumerate(paragraph.cells):
            cell = etree.SubElement(row, ns.qn("w:tc"))
            width = etree.SubElement(etree.SubElement(cell, ns.qn("w:tcPr")), ns.qn("w:tcW"))
            width.set(ns.qn("w:w"), "0")
            width.set(ns.qn("w:type"), "auto")
            here = [c for c in comments if (c[0], number) in (("start", 0), ("end", last))]
            text = Paragraph(paragraph.mark, pieces, change=paragraph.change)
            cell.append(self.paragraph(text, here, marks))
        return row

    def _piece(self, edit: model.Edit, mark: Mark) -> etree._Element:
        text = _clean(edit.text)
        if mark is Mark.MOVED_FROM or mark is Mark.MOVED_TO:
            wrapper = self._mark("moveFrom" if mark is Mark.MOVED_FROM else "moveTo")
            wrapper.append(_run(text, deleted=False))
            return wrapper
        if edit.op is model.Op.EQUAL:
            return _run(text, deleted=False)
        wrapper = self._mark("del" if edit.op is model.Op.DELETE else "ins")
        wrapper.append(_run(text, deleted=edit.op is model.Op.DELETE))
        return wrapper


_WHOLE = {
    Mark.INSERTED: "ins",
    Mark.DELETED: "del",
    Mark.MOVED_FROM: "moveFrom",
    Mark.MOVED_TO: "moveTo",
}
_DEFAULT_HEADINGS = {depth: f"Heading{depth}" for depth in range(1, _HEADING_DEPTHS + 1)}
_TEXT_WIDTH = 9000  # twentieths of a point: the text width of an A4 or Letter page, roughly


def _run(text: str, *, deleted: bool) -> etree._Element:
    run = etree.Element(ns.qn("w:r"))
    node = etree.SubElement(run, ns.qn("w:delText" if deleted else "w:t"))
    node.text = text
    node.set(_XML_SPACE, "preserve")
    return run


def _comment_mark(parent: etree._Element, tag: str, number: int) -> None:
    etree.SubElement(parent, ns.qn(f"w:{tag}")).set(ns.qn("w:id"), str(number))


# --- the newer .docx's styles, read defensively ---------------------------------------------


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _source(draft: model.Draft) -> _Source | None:
    """The newer draft's styles, only if it is the very .docx that was analysed."""
    path = Path(draft.path)
    if path.suffix.lower() != ".docx":
        return None
    try:
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != draft.sha256:
            return None  # the file changed since it was read: keep nothing of it
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            styles = _part(package, "word/styles.xml")
            body = _part(package, "word/document.xml")
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        return None
    if styles is None:
        return None
    headings: dict[int, str] = {}
    for style in styles.iter(f"{{{_W}}}style"):
        for properties in style.findall(f"{{{_W}}}pPr"):
            for numbering in properties.findall(f"{{{_W}}}numPr"):
                # A style linked to the source's list numbering would number our text twice.
                properties.remove(numbering)
        name = style.find(f"{{{_W}}}name")
        style_id = style.get(f"{{{_W}}}styleId")
        spelled = (name.get(f"{{{_W}}}val") or "").lower() if name is not None else ""
        match = re.fullmatch(r"heading ([1-9])", spelled)
        if match and style_id and style.get(f"{{{_W}}}type") == "paragraph":
            headings[int(match.group(1))] = style_id
    page: tuple[etree._Element, ...] = ()
    if body is not None:
        sections = list(body.iter(f"{{{_W}}}sectPr"))
        if sections:
            page = tuple(
                _copy(element)
                for tag in ("pgSz", "pgMar")
                if (element := sections[-1].find(f"{{{_W}}}{tag}")) is not None
            )
    text = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _Source(bytes(text), headings, page)


def _part(package: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_PART:
        return None
    raw = package.read(info)
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        return None  # Word never writes a DOCTYPE; such a part is not trusted
    root = etree.fromstring(raw, _safe_parser())
    docinfo: Any = root.getroottree().docinfo  # lxml-stubs type it as a union with Any
    if docinfo.doctype or docinfo.internalDTD is not None:
        return None  # Word never writes a DOCTYPE; such a part is not trusted
    return root


def _copy(element: etree._Element) -> etree._Element:
    """A detached copy keeping only attributes in the main namespace."""
    copy = etree.Element(element.tag)
    for key, value in element.attrib.items():
        name = key.decode() if isinstance(key, bytes) else key
        if name.startswith(f"{{{_W}}}"):
            copy.set(name, value)
    return copy


def _finish(package: bytes, source: _Source | None, stamp: str) -> bytes:
    """Rezip with fixed entry times, the source's styles, and comment dates set to `stamp`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/styles.xml" and source is not None:
                data = source.styles
            elif info.filename == "word/comments.xml":
                data = _dated_comments(data, stamp)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()


def _dated_comments(data: bytes, stamp: str) -> bytes:
    root = etree.fromstring(data, _safe_parser())
    for comment in root.iter(f"{{{_W}}}comment"):
        comment.set(f"{{{_W}}}date", stamp)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
