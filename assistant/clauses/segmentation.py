"""Split a document's blocks into clauses: numbered units, list items, paragraphs and table rows.

Each clause carries both views of its blocks' tracked revisions (current text and original text),
its reference label ("7.4", "IV", "7.4(a)(i)") and the path of headings above it. The label is
removed from the text, so that renumbering alone never changes a clause's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from assistant import model

_CELL_SEPARATOR = " | "
_MAX_TITLE_WORDS = 12  # a longer line without a sentence end is prose, not a title
_MAX_STYLED_HEADING_WORDS = 25  # a heading-styled paragraph longer than this is a clause
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "per"}
    | {"the", "to", "under", "upon", "via", "with"}
)

# "Section 7.4", "Sec. 7.4", "Clause 7", "§ 7.4", "§§ 7.4": a section number after a word.
_WORDED_SECTION = re.compile(
    r"(?:section|sect?\.?|clause|§{1,2})\s*(\d{1,3}(?:\.\d{1,3})*(?:\([a-z0-9]{1,5}\))*)\.?(?=\s|$|:)",
    re.IGNORECASE,
)
# "7.4", "7.4.", "7.4.1": a dotted section number; "7." a single number needs its period; "A.4",
# "B.2.1": a section of an annex or schedule lettered A, B, ...
_DOTTED_SECTION = re.compile(r"((?:\d{1,3}|[A-Z])(?:\.\d{1,3})+)\.?(?=\s|$)|(\d{1,3})\.(?=\s|$)")
_ARTICLE = re.compile(r"article\s+(\d{1,3}|[ivxlcdm]{1,7})\b\.?", re.IGNORECASE)
# "(a)", "(iv)", "(1)", "(aa)" and "a)", "iv)", "1)".
_ITEM_VALUE = r"[a-z]{1,2}|[ivxlcdm]{1,7}|\d{1,3}"
_PAREN_ITEM = re.compile(rf"\(({_ITEM_VALUE})\)(?=\s|$)|({_ITEM_VALUE})\)(?=\s|$)", re.IGNORECASE)
# "a.", "iv." (lower case: list items); "A.", "IV." (upper case: top-level divisions).
_DOTTED_LETTER = re.compile(r"([a-z]|[ivxlcdm]{2,7}|[A-Z]|[IVXLCDM]{2,7})\.(?=\s)")
_ROMAN = re.compile(r"^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)
_LEADING_SEPARATOR = re.compile(r"^[\s\-–—:.]+")
_SENTENCE_INSIDE = re.compile(r"[.;:!?]\s+\S")
_LABELLED_TITLE = re.compile(r"^\s*[A-Za-z]+\s+[\w.]{1,6}:\s+")  # "Schedule 2: ", "Part A: "
_TRAILING_PUNCTUATION = tuple(".;:,!?")
# Words that make a leading decimal an amount rather than a clause number.
_AMOUNT_WORDS = frozenset(
    {"million", "billion", "thousand", "percent", "per", "%", "times", "x", "hours", "days",
     "months", "years", "shares", "units", "dollars", "euros", "pounds", "kg", "mb", "gb"}
)  # fmt: skip


class _Style(StrEnum):
    """The counting style of a nested list label: a new style nests, a seen one pops back to it."""

    LOWER_ALPHA = "a"
    UPPER_ALPHA = "A"
    LOWER_ROMAN = "i"
    UPPER_ROMAN = "I"
    DIGIT = "1"


@dataclass(frozen=True, slots=True)
class _Label:
    """A reference label found at the start of a text."""

    ref: str  # normalised: "7.4", "IV", "A"; for list items the bare value: "a", "iv", "1"
    nested: bool  # a list item, composed with the enclosing clause's ref
    rest: str  # the text after the label


@dataclass(slots=True)
class _Numbering:
    """The reference context while walking the blocks in order."""

    anchor: str | None = None  # ref of the enclosing section or numbered heading
    items: list[tuple[_Style, str]] = field(default_factory=list)  # open list levels

    def section(self, ref: str | None) -> str | None:
        """Enter a section ref (None: an unnumbered heading); nested items now compose with it."""
        self.anchor = ref
        self.items.clear()
        return ref

    def item(self, value: str) -> str:
        """Enter a list item; its ref composes with the section and the open outer items."""
        style = self._style(value)
        for depth, (open_style, _) in enumerate(self.items):
            if open_style is style:
                del self.items[depth:]
                break
        self.items.append((style, value))
        return (self.anchor or "") + "".join(f"({v})" for _, v in self.items)

    def _style(self, value: str) -> _Style:
        if value.isdigit():
            return _Style.DIGIT
        upper = value.isupper()
        alpha = _Style.UPPER_ALPHA if upper else _Style.LOWER_ALPHA
        roman = _Style.UPPER_ROMAN if upper else _Style.LOWER_ROMAN
        if not _ROMAN.match(value):
            return alpha
        if len(value) > 1:
            return roman
        # One letter that is also a numeral: "(i)" after "(h)" is a letter, "(i)" opening a list
        # is a numeral; c, d, l and m are letters unless a roman list is open.
        for open_style, open_value in self.items:
            if open_style is alpha and ord(open_value[-1]) == ord(value) - 1:
                return alpha
        if any(open_style is roman for open_style, _ in self.items):
            return roman
        return roman if value.lower() in ("i", "v", "x") else alpha


@dataclass(slots=True)
class _Headings:
    """The heading path above the current position: (level, text) pairs, outermost first."""

    open: list[tuple[int, str]] = field(default_factory=list)

    def enter(self, level: int, text: str) -> None:
        """Close headings at this level or deeper, then open this one."""
        while self.open and self.open[-1][0] >= level:
            self.open.pop()
        self.open.append((level, text))

    @property
    def path(self) -> tuple[str, ...]:
        """The texts of the open headings."""
        return tuple(text for _, text in self.open)


def segment(
    blocks: Sequence[model.Block], view: model.View = model.View.CURRENT
) -> tuple[model.Clause, ...]:
    """The clauses of a document, in reading order, as its paragraphs stand in `view`.

    In the current view each clause holds both views of its blocks. In the original view
    (revisions rejected) each clause's text is the original text, with no revision marks, so
    clauses carry the numbers typed before the revisions renumbered them. `Clause.blocks` are
    indices into `blocks` either way.
    """
    paragraphs = _paragraphs(blocks, view)
    units = [block for block, _ in paragraphs]
    clauses: list[model.Clause] = []
    numbering = _Numbering()
    headings = _Headings()
    pending: _Pending | None = None
    index = 0
    while index < len(units):
        block = units[index]
        if block.cell is not None:
            end = _row_end(units, index)
            row = _row_clause(units, index, end, headings.path)
            if row is not None:
                clauses.append(replace(row, blocks=_blocks_of(paragraphs, range(index, end))))
            pending = None
            index = end
            continue
        here = index
        index += 1
        current = _normalise(block.text(model.View.CURRENT))
        original = _normalise(block.text(model.View.ORIGINAL))
        if not current and not original:
            continue
        label, current, original = _take_label(block, current, original)
        owned: tuple[int, ...] = (here,)
        prefix: str | None = None
        if label is None and pending is not None:
            label, prefix, owned = pending.label, pending.text, (pending.block, here)
        pending = None
        if label is not None and not current and not original:
            # A number alone on its line ("ARTICLE IV", "7.4") labels the line after it.
            pending = _Pending(label, _shown(block), here)
            continue
        level = _heading_level(block, label, current or original)
        if level is not None:
            if current:  # a heading struck by a tracked deletion heads nothing in this view
                headings.enter(level, _heading_text(block, label, current, prefix))
                numbering.section(label.ref if label is not None and not label.nested else None)
            continue
        clauses.append(
            model.Clause(
                ref=_ref(numbering, label),
                heading=headings.path,
                text=current,
                original_text=original,
                revisions=tuple(r for i in owned for r in units[i].revisions),
                blocks=_blocks_of(paragraphs, owned),
            )
        )
    return tuple(clauses)


def _paragraphs(
    blocks: Sequence[model.Block], view: model.View
) -> list[tuple[model.Block, tuple[int, ...]]]:
    """The paragraphs as `view` shows them, each with the indices of the blocks it is made of.

    A paragraph whose mark is gone in the view (a tracked deletion of the mark in the current
    view, a tracked insertion in the original) runs on into the next paragraph of the same cell,
    as Word shows it; the joined paragraph keeps the next one's properties (numbering, style),
    because that is the mark that survives. Paragraphs empty in the view are never joined, so a
    paragraph struck whole stays a clause of its own (listed before the run-on it interrupts).
    """
    removed = _REMOVED if view is model.View.CURRENT else _ADDED

    def _gone(block: model.Block) -> bool:
        return block.mark is not None and block.mark.kind in removed

    found: list[tuple[model.Block, tuple[int, ...]]] = []
    carried: tuple[model.Block, tuple[int, ...]] | None = None
    for index, block in enumerate(blocks):
        owned: tuple[int, ...] = (index,)
        if carried is None and block.mark is None:
            found.append((block, owned))  # nearly every block: no text to look at
            continue
        shown = bool(block.text(view).strip())
        if carried is not None and block.cell == carried[0].cell and not shown and _gone(block):
            found.append((block, owned))  # struck whole, mark and all: the run-on passes over it
            continue
        if carried is not None:
            if block.cell == carried[0].cell and shown:
                first, indices = carried
                assert first.mark is not None
                # The two paragraphs' texts stay apart in the other view.
                gap = model.Segment(" ", first.mark)
                block = replace(block, segments=(*first.segments, gap, *block.segments))
                owned = indices + owned
            else:
                found.append(carried)
        carried = None
        if shown and _gone(block):
            carried = (block, owned)
            continue
        found.append((block, owned))
    if carried is not None:
        found.append(carried)
    if view is model.View.ORIGINAL:
        return [(_as_original(block), owned) for block, owned in found]
    return found


def _blocks_of(
    paragraphs: Sequence[tuple[model.Block, tuple[int, ...]]], positions: Iterable[int]
) -> tuple[int, ...]:
    """The indices of the file's blocks that make up the paragraphs at `positions`."""
    return tuple(i for position in positions for i in paragraphs[position][1])


_REMOVED = (model.RevisionKind.DELETION, model.RevisionKind.MOVE_FROM)
_ADDED = (model.RevisionKind.INSERTION, model.RevisionKind.MOVE_TO)


def _as_original(block: model.Block) -> model.Block:
    """The block as it read before its revisions, with no revision marks left."""
    text = block.text(model.View.ORIGINAL)
    segments = (model.Segment(text),) if text else ()
    label = block.label_in(model.View.ORIGINAL)
    return replace(block, segments=segments, label=label, original_label=None, mark=None)


@dataclass(frozen=True, slots=True)
class _Pending:
    """A label typed alone on its line, waiting for the line it numbers."""

    label: _Label
    text: str  # the label line as shown, for a heading ("ARTICLE IV")
    block: int


def _parse_label(text: str) -> _Label | None:
    """The reference label at the start of `text`, if it has one."""
    match = _WORDED_SECTION.match(text) or _ARTICLE.match(text)
    if match:
        rest = _rest(text, match.end())
        if rest[:1].islower():
            return None  # prose that cites a section: "Section 3.2 of the Agreement is amended"
        value = match.group(1)
        return _Label(value.upper() if _ROMAN.match(value) else value, False, rest)
    match = _DOTTED_SECTION.match(text)
    if match:
        rest = _rest(text, match.end())
        if match.group(1) and rest.split(" ", 1)[0].lower() in _AMOUNT_WORDS:
            return None  # an amount: "2.5 million shares", not clause 2.5
        return _Label(match.group(1) or match.group(2), False, rest)
    match = _PAREN_ITEM.match(text)
    if match:
        return _Label(match.group(1) or match.group(2), True, _rest(text, match.end()))
    match = _DOTTED_LETTER.match(text)
    if match:
        value = match.group(1)
        # Upper-case letters and numerals are top-level divisions ("A. Scope", "IV. Term").
        return _Label(value, value.islower(), _rest(text, match.end()))
    return None


def _rest(text: str, end: int) -> str:
    return _LEADING_SEPARATOR.sub("", text[end:]).strip()


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _take_label(block: model.Block, current: str, original: str) -> tuple[_Label | None, str, str]:
    """The block's label (Word numbering, else typed in the current or original text) and both
    texts without it."""
    if block.label:
        computed = _parse_label(_normalise(block.label) + " ")
        if computed is not None:
            if block.list_level and computed.ref.isdigit():
                # Word numbering "1." inside a list (level > 0) is an item, not a section.
                computed = _Label(computed.ref, True, computed.rest)
            return computed, current, original
    in_current = _parse_label(current) if current else None
    in_original = _parse_label(original) if original else None
    label = in_current or in_original
    if in_current is not None:
        current = in_current.rest
    if in_original is not None:
        original = in_original.rest
    return label, current, original


def _shown(block: model.Block) -> str:
    """The block as displayed: its computed label and its text (current view, else original)."""
    text = _normalise(block.text(model.View.CURRENT)) or _normalise(block.text(model.View.ORIGINAL))
    return f"{_normalise(block.label)} {text}".strip() if block.label else text


def _ref(numbering: _Numbering, label: _Label | None) -> str | None:
    if label is None:
        return None
    if label.nested:
        return numbering.item(label.ref)
    return numbering.section(label.ref)


def _heading_level(block: model.Block, label: _Label | None, text: str) -> int | None:
    """The heading level of a block, or None when it is a clause."""
    words = text.split()
    if block.heading_level is not None:
        # "Schedule 2: Log Retention": the colon after a label opens no sentence.
        titled = _LABELLED_TITLE.sub("", text, count=1)
        styled_prose = len(words) > _MAX_STYLED_HEADING_WORDS or _SENTENCE_INSIDE.search(titled)
        return None if styled_prose else block.heading_level
    if block.style is not None and label is None:
        # A styled paragraph (a .docx) that Word does not call a heading is compared as a
        # clause: guessing from title case hid real edits ("Two" -> "Two1") from comparison.
        return None
    if label is not None and label.nested:
        return None  # list items are clauses, however short
    if not _is_title(text, words):
        return None
    if label is None:
        return 1
    return label.ref.count(".") + 1


def _is_title(text: str, words: list[str]) -> bool:
    """A short line in title case or capitals with no sentence punctuation: "USE RESTRICTIONS"."""
    if not words or len(words) > _MAX_TITLE_WORDS or text.endswith(_TRAILING_PUNCTUATION):
        return False
    if not any(c.isalpha() for c in text) or text[0] in "\"'“‘(":
        return False
    if text.isupper():
        return True  # "PRICE AND PAYMENT; SHIPMENT", "U.S. GOVERNMENT - RESTRICTED RIGHTS"
    if _SENTENCE_INSIDE.search(text):
        return False
    for word in words:
        letters = word.strip("\"'“”‘’()[],&-–—/")
        if not letters or not letters[0].isalpha() or letters.lower() in _SMALL_WORDS:
            continue
        if not letters[0].isupper():
            return False
    return True


def _heading_text(block: model.Block, label: _Label | None, text: str, prefix: str | None) -> str:
    """The heading as shown, with its number: "7. Use Restrictions"."""
    if prefix is not None:
        return f"{prefix} {text}"
    return _shown(block) if label is not None else text


def _row_end(blocks: Sequence[model.Block], start: int) -> int:
    """The index after the last block of the table row that starts at `start`."""
    cell = blocks[start].cell
    assert cell is not None
    end = start + 1
    while end < len(blocks):
        other = blocks[end].cell
        if other is None or (other.table, other.row) != (cell.table, cell.row):
            break
        end += 1
    return end


def _row_clause(
    blocks: Sequence[model.Block], start: int, end: int, heading: tuple[str, ...]
) -> model.Clause | None:
    """One clause for a table row: its cells joined by " | ", or None when the row is empty."""
    views: dict[model.View, list[str]] = {model.View.CURRENT: [], model.View.ORIGINAL: []}
    for view, cells in views.items():
        column: int | None = None
        for block in blocks[start:end]:
            assert block.cell is not None
            text = _normalise(block.text(view))
            if block.cell.column == column and cells:
                cells[-1] = f"{cells[-1]} {text}".strip()  # another paragraph of the same cell
            else:
                cells.append(text)
            column = block.cell.column
    current = _CELL_SEPARATOR.join(c for c in views[model.View.CURRENT] if c)
    original = _CELL_SEPARATOR.join(c for c in views[model.View.ORIGINAL] if c)
    if not current and not original:
        return None
    revisions = tuple(r for block in blocks[start:end] for r in block.revisions)
    return model.Clause(
        ref=None,
        heading=heading,
        text=current,
        original_text=original,
        revisions=revisions,
        blocks=tuple(range(start, end)),
        cells=tuple(views[model.View.CURRENT]),
    )
