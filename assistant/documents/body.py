"""Walk a WordprocessingML body in reading order into blocks carrying both views of revisions.

Text comes from w:t / w:delText read one element at a time: python-docx's paragraph.text drops
w:ins and w:del, and itertext() on its element classes yields text twice (QUALITY.md). A text box
becomes blocks right after the paragraph that anchors it (under the revision of its anchor run);
equations read as their characters; page-number field results and hidden text are left out;
footnote and endnote references are collected for wordprocessing.py to read the notes after.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
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


class _Numbered(NamedTuple):
    """What a paragraph's properties say about its numbering."""

    style_id: str | None
    num_id: str | None
    ilvl: int | None


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
_INSTRUCTIONS = frozenset({wml.w("instrText"), wml.w("delInstrText")})
_FLD_SIMPLE = wml.w("fldSimple")
_INSTR = wml.w("instr")
# Fields whose result Word recomputes on every repagination: page numbers, not contract text.
# Kept, they would make every repaginated draft look changed (TOC page numbers, "Page 3 of 9").
_VOLATILE_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "PAGEREF"})
_SYM = wml.w("sym")
_R_STYLE = wml.w("rStyle")
_CHAR = wml.w("char")
_NOTE_REFERENCES = {wml.w("footnoteReference"): "footnote", wml.w("endnoteReference"): "endnote"}
_CUSTOM_MARK = wml.w("customMarkFollows")
# Run content that may hold shapes with text boxes, charts, diagrams or pictures.
_GRAPHICS = frozenset({wml.w("drawing"), wml.w("pict"), wml.ALTERNATE_CONTENT, wml.OBJECT})
_GRAPHIC_DATA = "{http://schemas.openxmlformats.org/drawingml/2006/main}graphicData"
_GRAPHIC_KINDS = {
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "charts",
    "http://schemas.microsoft.com/office/drawing/2014/chartex": "charts",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": "diagrams",
    "http://schemas.openxmlformats.org/drawingml/2006/picture": "images",
}
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
_MATH_TEXT = wml.MATH + "t"


class _Nowhere(enum.Enum):
    """Content visible in neither view: inserted, then deleted by a later revision."""

    NOWHERE = 0


NOWHERE = _Nowhere.NOWHERE
Context = model.Revision | None | _Nowhere


class _Where(NamedTuple):
    cell: model.Cell | None
    revision: Context


class NoteReference(NamedTuple):
    """A footnote or endnote reference mark met in the text, with the revision around it."""

    kind: str  # "footnote" or "endnote"
    id: str
    revision: Context
    custom: bool  # customMarkFollows: the mark is typed text and takes no number


@dataclass
class _Field:
    """An open complex field: its instruction while being read, then whether to show its result."""

    instruction: bool = True
    code: list[str] = field(default_factory=list)
    hidden: bool = False


def revision_of(element: etree._Element, kind: model.RevisionKind) -> model.Revision:
    """The revision a w:ins/w:del/... element records."""
    return model.Revision(kind, element.get(wml.AUTHOR), element.get(wml.DATE))


def visible(context: Context, view: model.View) -> bool:
    """Whether content under this revision context is part of the given view."""
    if isinstance(context, _Nowhere):
        return False
    return context is None or model.Segment("", context).visible_in(view)


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
        self.graphics = {"charts": 0, "diagrams": 0, "images": 0}
        self.note_references: list[NoteReference] = []
        self._styles = style_table
        self._lists = lists
        self._tables = 0
        self._fields: list[_Field] = []  # open complex fields, innermost last
        self._boxes: list[tuple[etree._Element, Context]] = []  # met in the current paragraph
        self._paragraph_hidden = False  # the current paragraph's style hides its runs
        # Labels in each view: a deleted numbered paragraph does not consume a number once accepted.
        self._current = numbering.Counters()
        self._original = numbering.Counters()

    def read(self, body: etree._Element, revision: Context = None) -> None:
        """Read every block of a body (or any block container), all under `revision` if given."""
        self._blocks(body, _Where(None, revision))

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
                branch = _branch(child)
                if branch is not None:
                    self._blocks(branch, where)
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
        previous: _Numbered | None = None  # numbering before a tracked change of properties
        properties = paragraph.find(wml.PPR)
        for child in properties if properties is not None else ():
            tag = child.tag
            if tag == wml.P_STYLE:
                style_id = wml.val(child)
            elif tag == wml.NUM_PR:
                num_id, ilvl = wml.numbering_reference(child)
                if child.find(wml.INS) is not None:  # numbering added under revision tracking
                    previous = _Numbered(style_id or self._styles.default, None, None)
            elif tag == wml.OUTLINE_LVL:
                outline = wml.outline_level(child)
            elif tag == wml.RPR:
                mark = self._mark(child)
            elif tag == wml.PPR_CHANGE:
                previous = self._numbered(child.find(wml.PPR))
        style_id = style_id or self._styles.default
        outer_hidden = self._paragraph_hidden
        self._paragraph_hidden = bool(self._styles.hidden(style_id))
        outer_boxes, self._boxes = self._boxes, []
        segments = self._inline(paragraph, where.revision, index)
        boxes, self._boxes = self._boxes, outer_boxes
        self._paragraph_hidden = outer_hidden
        if where.revision is NOWHERE:
            mark = NOWHERE
        elif mark is None:
            mark = where.revision  # a row or cell revision marks each paragraph in it
        now = _Numbered(style_id, num_id, ilvl)
        label, original_label, level = self._label(now, previous or now, mark)
        self.blocks.append(
            model.Block(
                segments=segments,
                style=self._styles.name(style_id),
                heading_level=self._styles.heading_level(style_id)
                if outline is None
                else wml.heading_of_outline(outline),
                label=label,
                original_label=original_label,
                list_level=level,
                cell=where.cell,
                mark=mark if isinstance(mark, model.Revision) else None,
            )
        )
        for box, context in boxes:
            self._text_box(box, _Where(where.cell, context))

    def _text_box(self, box: etree._Element, where: _Where) -> None:
        """A text box's paragraphs, read as blocks right after the paragraph anchoring it."""
        # The anchor paragraph's open fields do not reach into the box, nor its fields out.
        fields, self._fields = self._fields, []
        self._blocks(box, where)
        self._fields = fields

    def _mark(self, run_properties: etree._Element) -> Context:
        mark: Context = None
        for child in run_properties:
            kind = _REVISIONS.get(child.tag)
            if kind is not None:
                self.revisions += 1
                mark = combine(mark, revision_of(child, kind))
        return mark

    def _numbered(self, properties: etree._Element | None) -> _Numbered:
        """The numbering a set of paragraph properties (a w:pPrChange's old w:pPr) asks for."""
        style_id = num_id = ilvl = None
        for child in properties if properties is not None else ():
            if child.tag == wml.P_STYLE:
                style_id = wml.val(child)
            elif child.tag == wml.NUM_PR:
                num_id, ilvl = wml.numbering_reference(child)
        return _Numbered(style_id or self._styles.default, num_id, ilvl)

    def _label(
        self, now: _Numbered, before: _Numbered, mark: Context
    ) -> tuple[str | None, str | None, int | None]:
        """The paragraph's label (current view, else original), its `Block.original_label`
        (None when the original view shows the same), and its list level.

        Each view counts its own paragraphs: a tracked deletion of clause 3 makes clause 4 "3"
        once accepted and leaves it "4" in the original view; a tracked change of the paragraph's
        numbering (`before`) applies to the original view only.
        """
        if mark is NOWHERE:
            return None, None, None
        in_current = mark is None or mark.kind not in _REMOVED
        in_original = mark is None or mark.kind in _REMOVED
        listed = self._list(now)
        earlier = listed if before is now else self._list(before)
        current = self._current.advance(*listed) if in_current and listed else None
        original = self._original.advance(*earlier) if in_original and earlier else None
        level = listed[2] if listed else None
        if not in_current:
            return original, None, earlier[2] if earlier else None
        if not in_original or original == current:
            return current, None, level
        return current, original or "", level

    def _list(self, numbered: _Numbered) -> tuple[str, numbering.Instance, int] | None:
        """The list and level a paragraph's numbering names, or None when it is not numbered."""
        style_id, num_id, ilvl = numbered
        if num_id is None:
            inherited = self._styles.numbering(style_id)
            if inherited is not None:
                num_id = inherited[0]
                ilvl = ilvl if ilvl is not None else inherited[1]
        if num_id is None:
            return None
        instance = self._lists.instance(num_id)
        if instance is None:
            return None  # numId 0 (numbering removed) or undefined
        if ilvl is None:
            ilvl = instance.level_of_style(style_id) or 0
        return num_id, instance, min(max(ilvl, 0), numbering.LEVELS - 1)

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
            elif tag == _MATH_TEXT:
                if not self._in_field_code():
                    pieces.append((child.text or "", context))
            elif isinstance(tag, str) and tag.startswith(wml.MATH):
                # An equation reads as its characters in order (layout is lost); its property
                # elements (m:rPr, m:fPr, m:ctrlPr, ...) hold formatting only.
                if not tag.endswith("Pr"):
                    stack.append((iter(child), context))
            elif tag == _FLD_SIMPLE and _volatile(child.get(_INSTR, "")):
                continue
            elif tag in _TRANSPARENT:
                stack.append((iter(child), context))
            elif tag == wml.SDT:
                content = child.find(wml.SDT_CONTENT)
                if content is not None:
                    stack.append((iter(content), context))
            elif tag == wml.ALTERNATE_CONTENT:
                branch = _branch(child)
                if branch is not None:
                    stack.append((iter(branch), context))
            elif tag == wml.COMMENT_RANGE_START:
                self.anchors.setdefault(child.get(wml.ID, ""), index)
        # A field instruction never spans paragraphs; a malformed one must not swallow the rest.
        for open_field in self._fields:
            open_field.instruction = False
            open_field.hidden = False
        return _segments(pieces)

    def _run(
        self,
        run: etree._Element,
        revision: Context,
        pieces: list[tuple[str, Context]],
        index: int,
    ) -> None:
        hidden = self._paragraph_hidden
        hid_text = False
        for child in run:
            tag = child.tag
            if tag == wml.RPR:
                hidden = self._run_hidden(child)
                continue
            if tag in _TEXT:
                text = child.text or ""
            elif tag in _CHARACTERS:
                text = _CHARACTERS[tag]
            elif tag == _FLD_CHAR:
                self._field(child.get(_FLD_CHAR_TYPE))
                continue
            elif tag in _INSTRUCTIONS:
                if self._fields and self._fields[-1].instruction:
                    self._fields[-1].code.append(child.text or "")
                continue
            elif tag == _SYM:
                text = _symbol(child.get(_CHAR))
            elif tag == wml.COMMENT_REFERENCE:
                self.anchors.setdefault(child.get(wml.ID, ""), index)
                continue
            elif tag in _GRAPHICS:
                if tag == wml.OBJECT:
                    self.objects += 1
                self._graphics(child, revision)
                continue
            elif tag in _NOTE_REFERENCES:
                if not hidden and not self._in_field_code():
                    custom = wml.on(child.get(_CUSTOM_MARK), absent=False)
                    reference = NoteReference(
                        _NOTE_REFERENCES[tag], child.get(wml.ID, ""), revision, custom
                    )
                    self.note_references.append(reference)
                continue
            else:
                continue  # footnote marks and the like: not text of this paragraph
            if not text or self._in_field_code():
                continue
            if hidden:
                hid_text = True
                continue
            pieces.append((text, revision))
        if hid_text:
            self.hidden_runs += 1

    def _run_hidden(self, properties: etree._Element) -> bool:
        """Hidden text: direct formatting, else the run's character style, else the paragraph's."""
        vanish = properties.find(wml.VANISH)
        if vanish is not None:
            return wml.on(wml.val(vanish))
        run_style = properties.find(_R_STYLE)
        if run_style is not None:
            by_style = self._styles.hidden(wml.val(run_style), character=True)
            if by_style is not None:
                return by_style
        return self._paragraph_hidden

    def _in_field_code(self) -> bool:
        """Whether the current run is a field instruction or a page-number field's result."""
        return any(f.instruction or f.hidden for f in self._fields)

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self._fields.append(_Field())
        elif kind == "separate" and self._fields:
            top = self._fields[-1]
            top.instruction = False
            top.hidden = _volatile("".join(top.code))
        elif kind == "end" and self._fields:
            self._fields.pop()

    def _graphics(self, element: etree._Element, revision: Context) -> None:
        """Collect the text boxes in a drawing, picture or object; count charts and pictures."""
        stack: list[Iterator[etree._Element]] = [iter((element,))]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                continue
            tag = node.tag
            if tag == wml.TXBX_CONTENT:
                self._boxes.append((node, revision))  # nested boxes are found when it is read
                continue
            if tag == wml.ALTERNATE_CONTENT:
                branch = _branch(node)
                if branch is not None:
                    stack.append(iter(branch))
                continue
            if tag == _GRAPHIC_DATA:
                kind = _GRAPHIC_KINDS.get(node.get("uri", ""))
                if kind is not None:
                    self.graphics[kind] += 1
            elif tag == _VML_IMAGE and element.tag != wml.OBJECT:
                self.graphics["images"] += 1  # an object's picture is only its preview
            stack.append(iter(node))


def _volatile(code: str) -> bool:
    """Whether a field instruction names a page-number field."""
    words = code.split(None, 1)
    return bool(words) and words[0].upper() in _VOLATILE_FIELDS


def _branch(alternate: etree._Element) -> etree._Element | None:
    """The branch of mc:AlternateContent to read: the first Choice, or a Fallback with a box."""
    # Word draws each text box twice, once per branch: read one branch, never both.
    choice = alternate.find(wml.CHOICE)
    fallback = alternate.find(wml.FALLBACK)
    if choice is None:
        return fallback
    if fallback is not None and not _has_box(choice) and _has_box(fallback):
        return fallback
    return choice


def _has_box(element: etree._Element) -> bool:
    return next(element.iter(wml.TXBX_CONTENT), None) is not None


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
