"""Read a .txt or .md draft: UTF-8 checked, paragraphs by blank lines, each list item a block."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant import errors, model
from assistant.documents import markdown

_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_LINES = re.compile(r"\r\n|\r|\n")
_ROMAN = r"(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})|(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
# Numbering typed into the text stays in the block (the segmenter parses it): "1.", "1.1",
# "2.3.4.", "1)", "(a)", "(iv)", "a)", "b.", "iv.".
_NUMBERED = re.compile(
    r"(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|\((?:\d{1,3}|[A-Za-z]|" + _ROMAN + r")\)"
    r"|(?:[A-Za-z]|" + _ROMAN + r")[.)])(?=\s|$)"
)
_BULLET = re.compile(r"[-*+\u2022\u00b7\u2023\u25aa](?:\s+|$)")
_LEADING_EMPHASIS = re.compile(r"^(?:\*\*?|__?)(?=\S)")
_HEADING = re.compile(r"(#{1,6})(?:\s+|$)(.*)$")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$|^#+\s*$")
_RULE = re.compile(r"(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_SETEXT = re.compile(r"(=+|-{2,})\s*$")
_TABLE_SEPARATOR = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_REFERENCE = re.compile(r"\[[^\[\]]+\]:\s*\S+")
_FENCE = re.compile(r"(```|~~~)")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def read_text(path: str, data: bytes, sha256: str, *, markdown: bool) -> model.Document:
    """Read UTF-8 text (Markdown when `markdown`) into blocks; revisions are always zero."""
    lines = _LINES.split(_decode(path, data))
    parser = _Parser(markdown)
    for line in lines:
        parser.feed(line)
    parser.flush()
    return model.Document(path=path, sha256=sha256, blocks=tuple(parser.blocks))


def _decode(path: str, data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        raise errors.UnreadableDocument(path, "is UTF-16 text; save it as UTF-8 and open that")
    if b"\x00" in data:
        raise errors.UnreadableDocument(path, "contains NUL bytes: not a text file")
    offset = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[offset + exc.start]
        raise errors.UnreadableDocument(
            path,
            f"is not valid UTF-8 text (byte 0x{bad:02X} at offset {offset + exc.start}); "
            "save it as UTF-8 and open it again",
        ) from exc


@dataclass
class _Pending:
    """A block being gathered from one or more lines."""

    lines: list[str]
    heading: int | None = None
    list_level: int | None = None
    verbatim: bool = False


@dataclass
class _Parser:
    """Line-by-line block splitter; Markdown adds headings, tables, fences and inline markup."""

    markdown: bool
    blocks: list[model.Block] = field(default_factory=list)
    _pending: _Pending | None = None
    _indents: list[int] = field(default_factory=list)  # indentation of open list levels
    _tables: int = 0
    _row: int | None = None  # row index inside the current Markdown table
    _fence: str | None = None

    def feed(self, line: str) -> None:
        """Take one line of the file."""
        if self._fence is not None:
            self._fenced(line)
            return
        stripped = line.strip()
        if self.markdown:
            stripped = _unquote(stripped)
        indent = len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(4))
        if not stripped:
            self.flush()
            self._row = None
            return
        if self.markdown and self._markdown_line(stripped):
            return
        if self._list_item(stripped, indent):
            return
        if self._pending is not None and not self._pending.verbatim:
            self._pending.lines.append(stripped)
            return
        self.flush()
        if indent == 0:
            self._indents.clear()  # an unindented paragraph ends any list
        self._pending = _Pending([stripped])

    def flush(self) -> None:
        """Close the block being gathered."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        if pending.verbatim:
            text = "\n".join(pending.lines)
        elif self.markdown:
            text = markdown.strip_inline(" ".join(pending.lines))
        else:
            text = " ".join(pending.lines)
        if text.strip():
            self._emit(text, pending.heading, pending.list_level)

    def _emit(
        self,
        text: str,
        heading: int | None = None,
        list_level: int | None = None,
        cell: model.Cell | None = None,
    ) -> None:
        self.blocks.append(
            model.Block(
                segments=(model.Segment(text),),
                heading_level=heading,
                list_level=list_level,
                cell=cell,
            )
        )

    def _markdown_line(self, stripped: str) -> bool:
        """Handle a line only Markdown gives meaning to; False when it is ordinary text."""
        fence = _FENCE.match(stripped)
        if fence:
            self.flush()
            self._fence = fence.group(1)
            self._pending = _Pending([], verbatim=True)
            return True
        if stripped.startswith("|") and stripped.count("|") >= 2:
            self._table_row(stripped)
            return True
        self._row = None
        heading = _HEADING.match(stripped)
        if heading:
            self.flush()
            self._indents.clear()
            self._pending = _Pending(
                [_CLOSING_HASHES.sub("", heading.group(2))], len(heading.group(1))
            )
            self.flush()
            return True
        pending = self._pending
        setext = _SETEXT.match(stripped)
        if (
            setext
            and pending is not None
            and pending.list_level is None
            and pending.heading is None
        ):
            pending.heading = 1 if setext.group(1).startswith("=") else 2
            self.flush()
            return True
        if _RULE.match(stripped) or _REFERENCE.match(stripped):
            self.flush()
            return True
        return False

    def _fenced(self, line: str) -> None:
        if self._fence is not None and line.strip().startswith(self._fence):
            self._fence = None
            self.flush()
        elif self._pending is not None:
            self._pending.lines.append(line.rstrip())

    def _table_row(self, stripped: str) -> None:
        self.flush()
        if _TABLE_SEPARATOR.match(stripped):
            return
        if self._row is None:
            self._tables += 1
            self._row = 0
        body = stripped[1:]
        if body.endswith("|") and not body.endswith("\\|"):
            body = body[:-1]
        for column, cell in enumerate(_CELL_SPLIT.split(body)):
            text = markdown.strip_inline(cell.replace("\\|", "|"))
            if text:
                self._emit(text, cell=model.Cell(self._tables - 1, self._row, column))
        self._row += 1

    def _list_item(self, stripped: str, indent: int) -> bool:
        bullet = _BULLET.match(stripped)
        if bullet:
            content = stripped[bullet.end() :]
        elif _NUMBERED.match(_LEADING_EMPHASIS.sub("", stripped, count=1)):
            content = stripped
        else:
            return False
        self.flush()
        while self._indents and self._indents[-1] > indent:
            self._indents.pop()
        if not self._indents or self._indents[-1] < indent:
            self._indents.append(indent)
        heading = None
        if self.markdown:
            content, heading = _inner_heading(content)
        self._pending = _Pending([content], heading, len(self._indents) - 1)
        return True


def _inner_heading(content: str) -> tuple[str, int | None]:
    """A list item whose text is a heading ("1. ## Service") keeps its number, loses the #s."""
    marker = _NUMBERED.match(content)
    start = marker.end() if marker else 0
    heading = _HEADING.match(content[start:].lstrip())
    if not heading:
        return content, None
    text = _CLOSING_HASHES.sub("", heading.group(2))
    return (content[:start] + " " + text).strip(), len(heading.group(1))


def _unquote(stripped: str) -> str:
    while stripped.startswith(">"):
        stripped = stripped[1:].lstrip()
    return stripped
