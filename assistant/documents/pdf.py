"""Read a PDF draft's text layer (pypdf): lines rebuilt into paragraphs, page furniture left out.

A PDF holds positioned lines, not paragraphs. pypdf gives each line's text in content order with
its position and font size; from those we drop what repeats at the top or bottom of the pages
(running headers, footers, page numbers) and join wrapped lines into paragraphs, starting a new
block at a vertical gap, a typed clause number ("7.4", "(a)", "ARTICLE IV"), a bullet, a heading
line, a first-line indent, or after a short line that ends a sentence. The segmenter then finds the
clause structure in the typed numbers, as it does for plain text.
"""

from __future__ import annotations

import collections
import io
import itertools
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant import errors, model

MAX_PAGES = 5_000  # about 25 times the longest contract; every page costs parsing time
MAX_CHARACTERS = 20_000_000
# What one page may ask the text extractor to parse. A page of text draws a few hundred to a few
# thousand operations from some 5-20 KB of content; a compressed stream can inflate to 75 MB of
# junk (pypdf's own cap) or millions of operations, which take pypdf minutes.
MAX_PAGE_CONTENT_BYTES = 1024 * 1024
MAX_PAGE_OPERATIONS = 50_000
_EDGE_LINES = 2  # lines per page edge that may be furniture
_MIN_PAGE_SHARE = 0.5  # furniture repeats on at least half of the pages
_GAP = 1.4  # a gap this many times the usual line spacing separates paragraphs
_SHORT = 0.75  # a line shorter than this share of a full line may end a paragraph
_HEADING_SIZE = 1.15  # a line this much larger than the body text is a heading
_MAX_HEADING_WORDS = 12

_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?",
    re.IGNORECASE,
)
_ROMAN = r"[ivxlcdm]{1,7}|[IVXLCDM]{1,7}"
# Typed numbering that opens a clause: "7.", "7.4", "7.4.1", "(a)", "a)", "(iv)", "A.", "IV.",
# "Article 4", "ARTICLE IV", "Section 7.4", "§ 7", and bullets.
_MARKER = re.compile(
    r"(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.|\((?:\d{1,3}|[A-Za-z]{1,2}|" + _ROMAN + r")\)"
    r"|(?:\d{1,3}|[a-z]|" + _ROMAN + r")\)|(?:[A-Z]|[IVXLCDM]{2,7})\."
    r"|(?:article|section|clause)\s+(?:\d{1,3}(?:\.\d{1,3})*|" + _ROMAN + r")\.?|§{1,2}\s*\d{1,3})"
    r"(?=\s|$)"
    r"|[•●▪‣◦·\-–—*](?=\s)",
    re.IGNORECASE,
)
# A line ending in one of these words continues: "... as set out in Section\n7.4 of ...".
_CONTINUING = frozenset(
    {"section", "sections", "clause", "clauses", "paragraph", "paragraphs", "article"}
    | {"articles", "schedule", "exhibit", "annex", "appendix", "item", "subsection", "§", "§§"}
    | {"$", "€", "£", "no.", "number"}
)
_SENTENCE_END = re.compile(r"[.;:!?][\"'”’)\]]*$")
_SOFT_HYPHEN = "\u00ad"
# Typographic ligatures (U+FB00-FB06) that PDF producers emit for "fi", "ffl" and the like.
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
    | {"\ufb05": "st", "\ufb06": "st"}
)

# pypdf reports recoverable oddities through logging; without a handler Python's last-resort
# handler would print them on the user's terminal.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of text as drawn: where it starts, how large, on which page."""

    text: str
    x: float
    y: float  # baseline height above the page bottom
    size: float
    page: int


def read_pdf(path: str, data: bytes, sha256: str) -> model.Document:
    """Read a PDF with a text layer, or refuse a scan, an encrypted or a damaged file."""
    try:
        import pypdf  # deferred: only PDF drafts pay for loading it
    except ImportError as exc:
        raise errors.UnreadableDocument(
            path, "reading PDF drafts needs the 'pypdf' package, which is not installed"
        ) from exc
    pages, notes = _read_pages(path, data, pypdf)
    if not any(pages):
        raise errors.UnreadableDocument(
            path, "has no text layer (a scan?): run OCR or open the .docx"
        )
    kept, dropped = _without_furniture(pages)
    if dropped:
        notes.append(
            f"{dropped} repeated page header/footer line{'s' if dropped != 1 else ''} and page "
            "numbers left out"
        )
    blocks = tuple(
        model.Block(segments=(model.Segment(text),)) for text in _paragraphs(kept) if text
    )
    notes.insert(0, "PDF text layer: paragraphs rebuilt from lines; tables and layout not analysed")
    return model.Document(
        path=path, sha256=sha256, blocks=blocks, coverage=model.Coverage(not_analysed=tuple(notes))
    )


def _read_pages(path: str, data: bytes, pypdf: Any) -> tuple[list[list[_Line]], list[str]]:
    """The lines of every page, and coverage notes on what the text layer leaves out."""
    vendor = (
        pypdf.errors.PyPdfError,
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
        AssertionError,
        ArithmeticError,
        OSError,
        RuntimeError,  # includes RecursionError on deeply nested objects
    )
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        _decrypt(path, reader, pypdf)
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise errors.UnreadableDocument(
                path, f"has {count:,} pages (limit {MAX_PAGES:,}): far beyond any contract"
            )
        pages: list[list[_Line]] = []
        characters = 0
        annotations = 0
        for number, page in enumerate(reader.pages):
            if _content_bytes(page) > MAX_PAGE_CONTENT_BYTES:
                raise errors.UnreadableDocument(
                    path,
                    f"page {number + 1} holds more than {MAX_PAGE_CONTENT_BYTES // 1024:,} KiB of "
                    "drawing instructions, far beyond a page of text (a PDF bomb?); refused",
                )
            lines = _page_lines(page, number)
            if lines is None:
                raise errors.UnreadableDocument(
                    path,
                    f"page {number + 1} draws more than {MAX_PAGE_OPERATIONS:,} operations, far "
                    "beyond a page of text (a PDF bomb?); refused",
                )
            characters += sum(len(line.text) for line in lines)
            if characters > MAX_CHARACTERS:
                raise errors.UnreadableDocument(
                    path, f"holds more than {MAX_CHARACTERS:,} characters of text; refused"
                )
            pages.append(lines)
            annotations += _annotations(page)
    except errors.UnreadableDocument:
        raise
    except vendor as exc:
        raise errors.UnreadableDocument(
            path,
            f"could not be read as a PDF ({type(exc).__name__}: {exc}); the file may be damaged",
        ) from exc
    notes: list[str] = []
    blank = sum(1 for lines in pages if not lines)
    if blank and blank < len(pages):
        notes.append(
            f"{blank} page{'s' if blank != 1 else ''} without text (scanned?) not analysed"
        )
    if annotations:
        notes.append(
            f"{annotations} PDF annotation{'s' if annotations != 1 else ''} (comments, "
            "highlights) not analysed"
        )
    return pages, notes


def _decrypt(path: str, reader: Any, pypdf: Any) -> None:
    """Open an encrypted PDF that needs no password (permissions only); refuse any other."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except pypdf.errors.DependencyError as exc:
        raise errors.UnreadableDocument(
            path,
            "is an encrypted PDF whose cipher needs the 'cryptography' package; print it to a "
            "new PDF or open the .docx",
        ) from exc
    if opened == pypdf.PasswordType.NOT_DECRYPTED:
        raise errors.UnreadableDocument(
            path,
            "is a password-protected (encrypted) PDF: open it with the password and save an "
            "unprotected copy, or open the .docx",
        )


def _content_bytes(page: Any) -> int:
    """Decoded size of what extracting the page's text parses: its content and form XObjects."""
    streams: list[Any] = []
    contents = _resolved(page.get("/Contents"))
    streams.extend(contents if isinstance(contents, list) else [contents])
    seen: set[int] = set()
    resources: list[Any] = [page.get("/Resources")]
    while resources:  # forms hold resources of their own, and may nest further forms
        for form in _xobjects(resources.pop()):
            if id(form) in seen or not hasattr(form, "get") or form.get("/Subtype") != "/Form":
                continue
            seen.add(id(form))
            streams.append(form)
            resources.append(form.get("/Resources"))
    return sum(len(s.get_data()) for s in map(_resolved, streams) if hasattr(s, "get_data"))


def _xobjects(resources: Any) -> list[Any]:
    """The XObjects a resource dictionary names; none when it is missing or malformed."""
    found = _resolved(resources)
    named: Any = _resolved(found.get("/XObject")) if hasattr(found, "get") else None
    return [_resolved(x) for x in named.values()] if hasattr(named, "values") else []


def _resolved(value: Any) -> Any:
    """A PDF object with any indirect reference followed."""
    return value.get_object() if hasattr(value, "get_object") else value


class _Budget(Exception):
    """Raised inside pypdf's extraction to stop a page that draws too many operations."""


def _page_lines(page: Any, number: int) -> list[_Line] | None:
    """The page's lines in content order, each with where it starts; None past the budget."""
    lines: list[_Line] = []
    text: list[str] = []
    start: tuple[float, float, float] | None = None

    def flush() -> None:
        nonlocal start
        joined = " ".join("".join(text).translate(_LIGATURES).split())
        if joined and start is not None:
            lines.append(_Line(joined, *start, number))
        text.clear()
        start = None

    def visit(piece: str, cm: Sequence[float], tm: Sequence[float], _: Any, size: float) -> None:
        nonlocal start
        for index, part in enumerate(piece.split("\n")):
            if index:
                flush()
            if not part.strip():
                if start is not None:
                    text.append(part)
                continue
            here = _position(cm, tm, size)
            # pypdf breaks lines only at large vertical moves: a new baseline is a new line.
            if start is not None and abs(here[1] - start[1]) > 0.4 * max(here[2], 1.0):
                flush()
            if start is None:
                start = here
            text.append(part)

    operations = 0

    def count(*_: Any) -> None:
        nonlocal operations
        operations += 1
        if operations > MAX_PAGE_OPERATIONS:
            # pypdf swallows errors inside a form XObject, so the count is checked again below.
            raise _Budget

    try:
        page.extract_text(visitor_text=visit, visitor_operand_before=count)
    except _Budget:
        return None
    if operations > MAX_PAGE_OPERATIONS:
        return None
    flush()
    return lines


def _position(cm: Sequence[float], tm: Sequence[float], size: float) -> tuple[float, float, float]:
    """Start point and rendered font size of text drawn with text matrix tm under cm."""
    c = tm[2] * cm[0] + tm[3] * cm[2]
    d = tm[2] * cm[1] + tm[3] * cm[3]
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    # Word's exports set the size in the matrix and use "1 Tf": scale by the matrix's y axis.
    rendered = abs(size) * (math.hypot(c, d) or 1.0)
    return x, y, rendered


def _annotations(page: Any) -> int:
    """Annotations that carry words of their own: comments, notes, highlights with a remark."""
    found = page.get("/Annots")
    if found is None:
        return 0
    count = 0
    for reference in found.get_object() or ():
        annotation = reference.get_object()
        if hasattr(annotation, "get") and str(annotation.get("/Contents") or "").strip():
            count += 1
    return count


def _without_furniture(pages: list[list[_Line]]) -> tuple[list[_Line], int]:
    """Every line in order, less running headers, footers and page numbers; and how many left."""
    edges = [_edge_lines(lines) for lines in pages]
    pages_with: collections.Counter[str] = collections.Counter()
    for edge in edges:
        pages_with.update({_furniture_key(line.text) for line in edge})
    repeated = max(2, math.ceil(len(pages) * _MIN_PAGE_SHARE))
    kept: list[_Line] = []
    dropped = 0
    for lines, edge in zip(pages, edges, strict=True):
        for line in lines:
            furniture = line in edge and (
                pages_with[_furniture_key(line.text)] >= repeated
                or _PAGE_NUMBER.fullmatch(line.text) is not None
            )
            if furniture:
                dropped += 1
            else:
                kept.append(line)
    return kept, dropped


def _edge_lines(lines: list[_Line]) -> list[_Line]:
    """The lines at a page's top and bottom that a wide gap sets apart from the text between."""
    ordered = sorted(lines, key=lambda line: -line.y)
    if len(ordered) < 2:
        return ordered
    gaps = [upper.y - lower.y for upper, lower in itertools.pairwise(ordered)]
    counted = collections.Counter(round(gap * 2) / 2 for gap in gaps if gap > 0)
    # The line spacing: the commonest gap, and on a sparse page (all gaps differ) the smallest.
    usual = min(counted, key=lambda gap: (-counted[gap], gap)) if counted else 0.0
    # A running header is set off by the top margin's gap; the first line of a paragraph that
    # continues from the previous page is not, however much it resembles the one before.
    edge: list[_Line] = []
    for index in range(min(_EDGE_LINES, len(gaps))):
        if gaps[index] > usual * _GAP:
            edge.extend(ordered[: index + 1])
            break
    for index in range(min(_EDGE_LINES, len(gaps))):
        if gaps[-1 - index] > usual * _GAP:
            edge.extend(line for line in ordered[-1 - index :] if line not in edge)
            break
    return edge


def _furniture_key(text: str) -> str:
    """A running line's identity across pages: page numbers and dates vary, the words do not."""
    return " ".join(re.sub(r"\d+", "#", text.lower()).split())


@dataclass(frozen=True, slots=True)
class _Metrics:
    """The document's usual body font size, full line length and line spacing per page."""

    body_size: float
    full_line: int
    spacing: dict[int, float]


def _metrics(lines: list[_Line]) -> _Metrics:
    sizes: collections.Counter[float] = collections.Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    lengths = sorted(len(line.text) for line in lines if abs(line.size - body_size) < 1)
    full_line = lengths[int(len(lengths) * 0.9)] if lengths else 60
    gaps: dict[int, collections.Counter[float]] = collections.defaultdict(collections.Counter)
    for previous, line in itertools.pairwise(lines):
        gap = previous.y - line.y
        if line.page == previous.page and 0 < gap < 3 * max(line.size, 1.0):
            gaps[line.page][round(gap * 2) / 2] += 1
    spacing = {page: min(c, key=lambda gap: (-c[gap], gap)) for page, c in gaps.items()}
    return _Metrics(body_size, max(full_line, 20), spacing)


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Lines joined into paragraphs (see the module docstring for where a paragraph starts)."""
    metrics = _metrics(lines)
    blocks: list[list[_Line]] = []
    previous_heading = False
    for line in lines:
        heading = _is_heading(line, blocks[-1] if blocks else None, metrics)
        if not blocks:
            blocks.append([line])
        elif heading and previous_heading and _close(blocks[-1][-1], line, metrics):
            blocks[-1].append(line)  # a heading wrapped onto two lines
        elif heading or previous_heading or _starts_block(blocks[-1], line, metrics):
            blocks.append([line])
        else:
            blocks[-1].append(line)
        previous_heading = heading
    return [_join(block) for block in blocks]


def _is_heading(line: _Line, block: list[_Line] | None, metrics: _Metrics) -> bool:
    """A short line in capitals or in a larger font: "USE RESTRICTIONS", a title."""
    words = line.text.split()
    if len(words) > _MAX_HEADING_WORDS or line.text.endswith((",", ";")):
        return False
    if line.size >= metrics.body_size * _HEADING_SIZE:
        return True
    letters = [c for c in line.text if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters):
        return False
    if len(line.text) >= metrics.full_line * 0.6:
        return False
    if block is not None:
        last = block[-1]
        # The short last line of a paragraph in capitals (a disclaimer) is not a heading.
        last_letters = [c for c in last.text if c.isalpha()]
        capitals = bool(last_letters) and all(c.isupper() for c in last_letters)
        if capitals and len(last.text) >= metrics.full_line * 0.6 and _close(last, line, metrics):
            return False
    return True


def _close(previous: _Line, line: _Line, metrics: _Metrics) -> bool:
    """Whether a line follows the previous one at the usual line spacing."""
    if line.page != previous.page:
        return False
    spacing = metrics.spacing.get(line.page, line.size * 1.2)
    return 0 < previous.y - line.y <= spacing * _GAP


def _starts_block(block: list[_Line], line: _Line, metrics: _Metrics) -> bool:
    previous = block[-1]
    if line.page == previous.page:
        gap = previous.y - line.y
        spacing = metrics.spacing.get(line.page, line.size * 1.2)
        if gap > spacing * _GAP or gap < -line.size:
            return True  # paragraph spacing, or a jump back up (a new column or text box)
    marker = _MARKER.match(line.text)
    if marker is not None:
        last_word = previous.text.rsplit(None, 1)[-1].lower() if previous.text else ""
        if last_word not in _CONTINUING:
            return True
    if _SENTENCE_END.search(previous.text) and len(previous.text) < metrics.full_line * _SHORT:
        return True
    # A first-line indent; a hanging indent (the block's second line) is not one.
    return len(block) > 1 and line.x > previous.x + 0.8 * line.size


def _join(block: list[_Line]) -> str:
    """A paragraph's lines joined: a space between them, none after a line-end hyphen."""
    text = ""
    for line in block:
        if not text:
            text = line.text
        elif text.endswith(_SOFT_HYPHEN):
            text = text[:-1] + line.text
        elif text.endswith("-") and text[-2:-1].isalpha() and line.text[:1].islower():
            text += line.text  # "bulk-" + "collected": the hyphen is part of the word
        else:
            text += " " + line.text
    return text
