"""One entry point for every export format: the command line and the app's File → Export use it.

`render` returns the output (text for md/json/html, bytes for docx/pdf); `export` writes it to a
path atomically. Both take the analysis as model objects (a Review's drafts, changes and lineage),
changes in their ranked order.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path

from assistant import model
from assistant.reporting import html, json_report, legend, markdown

DEFAULT_AUTHOR = legend.DEFAULT_AUTHOR


class Format(StrEnum):
    """An export format, spelled as on the command line."""

    MD = "md"
    JSON = "json"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"

    @property
    def binary(self) -> bool:
        """Whether the output is bytes that need a file (-o) rather than text."""
        return self in (Format.DOCX, Format.PDF)


def render(
    drafts: Sequence[model.Draft],
    changes: Sequence[model.Change],
    lineage: html.Lineage,
    fmt: Format,
    *,
    author: str = DEFAULT_AUTHOR,
    notes: Mapping[int, html.ReviewerNote] | None = None,
    date: str | None = None,
    pair: tuple[int, int] | None = None,
) -> str | bytes:
    """The export in one format; a .docx redline covers `pair` (default: the last two drafts)."""
    if fmt is Format.JSON:
        return json_report.dumps(json_report.compare_document(drafts, changes))
    if fmt is Format.MD:
        return markdown.render(drafts, changes, lineage)
    if fmt is Format.DOCX:
        from assistant.reporting import docx_redline  # deferred: python-docx only for a redline

        return docx_redline.build(drafts, changes, pair=pair, author=author, date=date)
    page = html.render(drafts, changes, lineage, notes=notes)
    if fmt is Format.HTML:
        return page
    from assistant.reporting import pdf  # deferred: Qt loads only when a PDF is asked for

    return pdf.render(page)


def export(
    drafts: Sequence[model.Draft],
    changes: Sequence[model.Change],
    lineage: html.Lineage,
    fmt: Format,
    path: str | Path,
    *,
    author: str = DEFAULT_AUTHOR,
    notes: Mapping[int, html.ReviewerNote] | None = None,
    date: str | None = None,
    pair: tuple[int, int] | None = None,
) -> None:
    """Write the export to `path` atomically (temp file, fsync, rename); raises OSError."""
    output = render(drafts, changes, lineage, fmt, author=author, notes=notes, date=date, pair=pair)
    write(output, Path(path))


def write(output: str | bytes, target: Path) -> None:
    """Replace `target` with `output` so that a crash leaves the old file or the new, never half.

    A target that exists and is not a regular file (/dev/null, /dev/stdout, a pipe) is written
    to, never renamed over: as root, a rename would replace the device itself.
    """
    data = output.encode("utf-8") if isinstance(output, str) else output
    if target.exists() and not target.is_file():
        with target.open("wb") as stream:
            stream.write(data)
        return
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        with temporary.open("wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
