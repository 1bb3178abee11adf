"""Walk a WordprocessingML body in reading order into blocks carrying both views of revisions.

Text comes from w:t / w:delText read one element at a time: python-docx's paragraph.text drops
w:ins and w:del, and itertext() on its element classes yields text twice (QUALITY.md).
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterator
from typing import NamedTuple

from lxml import etree

from assistant import model
from assistant.documents import numbering, styles, wml

_REVISIONS = {
    wml.INS: model.RevisionKind.INSERTION,
    wml.DEL: model.RevisionKind.DELETION,
    wml.MOVE_FROM: model.RevisionKind.MOVE_FROM,
    wml.MOVE_TO: model.RevisionKind.MOVE_TO,
}
REVISION_TAGS = tuple(_REVISIONS)
_CELL_REVISIONS = {
    wml.CELL_INS: model.RevisionKind.INSERTION,
    wml.CELL_DEL: model.RevisionKind.DELETION,
}
_REMOVED = (model.RevisionKind.DELETION, model.RevisionKind.MOVE_FROM)
# Inline wrappers whose runs are ordinary visible text (a field's result, a link's words).
_TRANSPARENT = frozenset(
    wml.w(name)
    for name in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo", "sdtContent")
)
# Run content that stands for one character; w:br and w:cr are line breaks, kept as "\n".
_CHARACTERS = {
    wml.w("tab"): "\t",
    wml.w("ptab"): "\t",
    wml.w("br"): "\n",
    wml.w("cr"): "\n",
    wml.w("noBreakHyphen"): "-",
    wml.w("softHyphen"): "",
}
_TEXT = frozenset({wml.T, wml.DEL_TEXT})
_FLD_CHAR = wml.w("fldChar")
_FLD_CHAR_TYPE = wml.w("fldCharType")
_SYM = wml.w("sym")
_CHAR = wml.w("char")


class _Nowhere(enum.Enum):
    """Content visible in neither view: inserted, then deleted by a later revision."""

    NOWHERE = 0


NOWHERE = _Nowhere.NOWHERE
Context = model.Revision | None | _Nowhere


class _Where(NamedTuple):
    cell: model.Cell | None
    revision: Context


def revision_of(element: etree._Element, kind: model.RevisionKind) -> model.Revision:
    """The revision a w:ins/w:del/... element records."""
    return model.Revision(kind, element.get(wml.AUTHOR), element.get(wml.DATE))


def combine(outer: Context, inner: Context) -> Context:
    """The revision of content marked `inner` inside content marked `outer`."""
    if inner is None or outer is NOWHERE:
        return outer
    if outer is None or inner is NOWHERE:
        return inner
    if (outer.kind in _REMOVED) == (inner.kind in _REMOVED):
        return inner  # the nearer mark says who did it
    return NOWHERE


class BodyReader:
    """Reads one body into blocks, counting revisions and what it could not analyse."""

    def __init__(self, style_table: styles.Styles, lists: numbering.Definitions) -> None:
        self.blocks: list[model.Block] = []
        self.revisions = 0
        self.anchors: dict[str, int] = {}  # comment id -> block index
        self.hidden_runs = 0
        self.objects = 0
        self.alt_chunks = 0
        self._styles = style_table
        self._lists = lists
        self._tables = 0
        self._fields: list[bool] = []  # open complex fields: True while in the instruction part
        # Labels in each view: a deleted numbered paragraph does not consume a number once accepted.
        self._current = numbering.Counters()
        self._original = numbering.Counters()

    def read(self, body: etree._Element) -> None:
        """Read every block of a body (or any block container)."""
        self._blocks(body, _Where(None, None))

    def _blocks(self, container: etree._Element, where: _Where) -> None:
        for child in container:
            tag = child.tag
            if tag == wml.P:
                self._paragraph(child, where)
            elif tag == wml.TBL:
                self._table(child, where)
            elif tag == wml.SDT:
                content = child.find(wml.SDT_CONTENT)
                if content is not None:
                    self._blocks(content, where)
            elif tag == wml.CUSTOM_XML:
                self._blocks(child, where)
            elif tag in _REVISIONS:
                self.revisions += 1
                inner = combine(where.revision, revision_of(child, _REVISIONS[tag]))
                self._blocks(child, where._replace(revision=inner))
            elif tag == wml.ALTERNATE_CONTENT:
                choice = child.find(wml.CHOICE)
                if choice is not None:
                    self._blocks(choice, where)
            elif tag == wml.ALT_CHUNK:
                self.alt_chunks += 1
            elif tag == wml.COMMENT_RANGE_START:
                self.anchors.setdefault(child.get(wml.ID, ""), len(self.blocks))

    def _table(self, table: etree._Element, where: _Where) -> None:
        number = self._tables
        self._tables += 1
        for row_index, row in enumerate(_children(table, wml.TR)):
            revision = where.revision
            column = 0
            properties = row.find(wml.TRPR)
            if properties is not None:
                for mark in properties:
                    if mark.tag in _REVISIONS:
                        self.revisions += 1
                        revision = combine(revision, revision_of(mark, _REVISIONS[mark.tag]))
                before = properties.find(wml.GRID_BEFORE)
                column = max(0, wml.integer(wml.val(before)) or 0) if before is not None else 0
            for cell in _children(row, wml.TC):
                span, merged, cell_revision = self._cell_properties(cell, revision)
                # A merge continuation only extends the cell above or before: nothing to repeat.
                if not merged:
                    self._blocks(cell, _Where(model.Cell(number, row_index, column), cell_revision))
                column += span

    def _cell_properties(
        self, cell: etree._Element, revision: Context
    ) -> tuple[int, bool, Context]:
        properties = cell.find(wml.TCPR)
        span: int | None = None
        merged = False
        for child in properties if properties is not None else ():
            tag = child.tag
            if tag == wml.GRID_SPAN:
                span = wml.integer(wml.val(child))
            elif tag in (wml.V_MERGE, wml.H_MERGE):
                merged = merged or (wml.val(child) or "continue") == "continue"
            elif tag in _CELL_REVISIONS:
                self.revisions += 1
                revision = combine(revision, revision_of(child, _CELL_REVISIONS[tag]))
        return max(1, span or 1), merged, revision

    def _paragraph(self, paragraph: etree._Element, where: _Where) -> None:
        index = len(self.blocks)
        style_id: str | None = None
        num_id: str | None = None
        ilvl: int | None = None
        outline: int | None = None
        mark: Context = None
        properties = paragraph.find(wml.PPR)
        for child in properties if properties is not None else ():
            tag = child.tag
            if tag == wml.P_STYLE:
                style_id = wml.val(child)
            elif tag == wml.NUM_PR:
                num_id, ilvl = wml.numbering_reference(child)
            elif tag == wml.OUTLINE_LVL:
                outline = wml.outline_level(child)
            elif tag == wml.RPR:
                mark = self._mark(child)
        style_id = style_id or self._styles.default
        segments = self._inline(paragraph, where.revision, index)
        if where.revision is NOWHERE:
            mark = NOWHERE
        elif mark is None:
            mark = where.revision  # a row or cell revision marks each paragraph in it
        label, level = self._label(style_id, num_id, ilvl, mark)
        self.blocks.append(
            model.Block(
                segments=segments,
                style=self._styles.name(style_id),
                heading_level=self._styles.heading_level(style_id)
                if outline is None
                else wml.heading_of_outline(outline),
                label=label,
                list_level=level,
                cell=where.cell,
                mark=mark if isinstance(mark, model.Revision) else None,
            )
        )

    def _mark(self, run_properties: etree._Element) -> Context:
        mark: Context = None
        for child in run_properties:
            kind = _REVISIONS.get(child.tag)
            if kind is not None:
                self.revisions += 1
                mark = combine(mark, revision_of(child, kind))
        return mark

    def _label(
        self, style_id: str | None, num_id: str | None, ilvl: int | None, mark: Context
    ) -> tuple[str | None, int | None]:
        if num_id is None:
            inherited = self._styles.numbering(style_id)
            if inherited is not None:
                num_id = inherited[0]
                ilvl = ilvl if ilvl is not None else inherited[1]
        if num_id is None or mark is NOWHERE:
            return None, None
        instance = self._lists.instance(num_id)
        if instance is None:
            return None, None  # numId 0 (numbering removed) or undefined
        if ilvl is None:
            ilvl = instance.level_of_style(style_id) or 0
        ilvl = min(max(ilvl, 0), numbering.LEVELS - 1)
        in_current = mark is None or mark.kind not in _REMOVED
        in_original = mark is None or mark.kind in _REMOVED
        current = self._current.advance(num_id, instance, ilvl) if in_current else None
        original = self._original.advance(num_id, instance, ilvl) if in_original else None
        return (current if in_current else original), ilvl

    def _inline(
        self, paragraph: etree._Element, revision: Context, index: int
    ) -> tuple[model.Segment, ...]:
        pieces: list[tuple[str, Context]] = []
        # An explicit stack: hostile nesting must never reach Python's recursion limit.
        stack: list[tuple[Iterator[etree._Element], Context]] = [(iter(paragraph), revision)]
        while stack:
            child = next(stack[-1][0], None)
            if child is None:
                stack.pop()
                continue
            context = stack[-1][1]
            tag = child.tag
            if tag == wml.R:
                self._run(child, context, pieces, index)
            elif tag in _REVISIONS:
                self.revisions += 1
                inner = combine(context, revision_of(child, _REVISIONS[tag]))
                stack.append((iter(child), inner))
            elif tag in _TRANSPARENT:
                stack.append((iter(child), context))
            elif tag == wml.SDT:
                content = child.find(wml.SDT_CONTENT)
                if content is not None:
                    stack.append((iter(content), context))
            elif tag == wml.ALTERNATE_CONTENT:
                choice = child.find(wml.CHOICE)
                if choice is not None:
                    stack.append((iter(choice), context))
            elif tag == wml.COMMENT_RANGE_START:
                self.anchors.setdefault(child.get(wml.ID, ""), index)
        # A field instruction never spans paragraphs; a malformed one must not swallow the rest.
        self._fields = [False] * len(self._fields)
        return _segments(pieces)

    def _run(
        self,
        run: etree._Element,
        revision: Context,
        pieces: list[tuple[str, Context]],
        index: int,
    ) -> None:
        hidden = False
        hid_text = False
        for child in run:
            tag = child.tag
            if tag == wml.RPR:
                vanish = child.find(wml.VANISH)
                hidden = vanish is not None and wml.on(wml.val(vanish))
                continue
            if tag in _TEXT:
                text = child.text or ""
            elif tag in _CHARACTERS:
                text = _CHARACTERS[tag]
            elif tag == _FLD_CHAR:
                self._field(child.get(_FLD_CHAR_TYPE))
                continue
            elif tag == _SYM:
                text = _symbol(child.get(_CHAR))
            elif tag == wml.COMMENT_REFERENCE:
                self.anchors.setdefault(child.get(wml.ID, ""), index)
                continue
            elif tag == wml.OBJECT:
                self.objects += 1
                continue
            else:
                continue  # instrText, drawings, note references: not text of this paragraph
            if not text or True in self._fields:
                continue
            if hidden:
                hid_text = True
                continue
            pieces.append((text, revision))
        if hid_text:
            self.hidden_runs += 1

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self._fields.append(True)
        elif kind == "separate" and self._fields:
            self._fields[-1] = False
        elif kind == "end" and self._fields:
            self._fields.pop()


def _segments(pieces: list[tuple[str, Context]]) -> tuple[model.Segment, ...]:
    """Adjacent pieces under the same revision joined into one segment each."""
    visible = [(text, context) for text, context in pieces if not isinstance(context, _Nowhere)]
    return tuple(
        model.Segment("".join(text for text, _ in group), context)
        for context, group in itertools.groupby(visible, key=lambda piece: piece[1])
    )


def _symbol(code: str | None) -> str:
    value = _hex(code)
    # Symbol-font glyphs live in U+F000-F0FF and mean nothing as text; skip them (and surrogates).
    if value is None or not 0 < value < 0x110000 or 0xF000 <= value <= 0xF0FF:
        return ""
    return "" if 0xD800 <= value <= 0xDFFF else chr(value)


def _hex(code: str | None) -> int | None:
    if code is None:
        return None
    try:
        return int(code, 16)
    except ValueError:
        return None


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Rows of a table or cells of a row, looking through content controls and custom XML."""
    stack: list[Iterator[etree._Element]] = [iter(parent)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == tag:
            yield child
        elif child.tag in (wml.SDT_CONTENT, wml.CUSTOM_XML):
            stack.append(iter(child))
        elif child.tag == wml.SDT:
            content = child.find(wml.SDT_CONTENT)
            if content is not None:
                stack.append(iter(content))
