"""The HTML report printed to PDF by Qt's own writer: no browser, no widgets, no network."""

from __future__ import annotations

import sys

from PySide6 import QtCore, QtGui

_MARGIN_MM = 15.0
_RESOLUTION = 1200  # device units per inch of the PDF: text stays vector; this is placement
_BAND = 4.0  # layout units, about a third of a line
_LAYOUT_DPI = 96  # the document is laid out as on a screen, then scaled to the page


def _application() -> QtCore.QCoreApplication:
    """The running Qt application, or a new offscreen one (the command line has no window)."""
    existing = QtCore.QCoreApplication.instance()
    if existing is not None:
        return existing
    # Offscreen needs no display and opens no connection to one: printing needs no window.
    created = QtGui.QGuiApplication([*sys.argv[:1], "-platform", "offscreen"])
    global _KEPT
    _KEPT = created  # the application must outlive this call, or Qt tears fonts down
    return created


_KEPT: QtCore.QCoreApplication | None = None


def render(html_text: str, *, title: str = "Redline Assistant report") -> bytes:
    """A PDF (A4, portrait) of an HTML document in the subset Qt's rich text understands."""
    _application()
    data = QtCore.QByteArray()
    buffer = QtCore.QBuffer(data)
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    writer = QtGui.QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Redline Assistant")
    writer.setResolution(_RESOLUTION)
    writer.setPageSize(QtGui.QPageSize(QtGui.QPageSize.PageSizeId.A4))
    writer.setPageMargins(
        QtCore.QMarginsF(_MARGIN_MM, _MARGIN_MM, _MARGIN_MM, _MARGIN_MM),
        QtGui.QPageLayout.Unit.Millimeter,
    )
    _paint(html_text, writer)
    buffer.close()
    return bytes(data.data())


def _paint(html_text: str, writer: QtGui.QPdfWriter) -> None:
    """Lay the document out at screen scale on pages of the writer's size, then paint each page.

    QTextDocument.print_ lays tables out at the printer's resolution, where CSS pixel widths
    shrink them to a fraction of the page; painting scaled pages keeps the screen layout.
    """
    scale = writer.resolution() / _LAYOUT_DPI
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    footer = 24.0  # layout units kept free at the bottom for the page number
    page = QtCore.QSizeF(area.width() / scale, area.height() / scale - footer)
    document = QtGui.QTextDocument()
    document.setDocumentMargin(0)
    document.setPageSize(page)
    document.setHtml(html_text)
    pages = max(1, document.pageCount())
    painter = QtGui.QPainter(writer)
    try:
        painter.scale(scale, scale)
        font = QtGui.QFont(document.defaultFont())
        font.setPixelSize(11)  # in layout units: points would be taken at the writer's resolution
        painter.setFont(font)
        for number in range(pages):
            if number:
                writer.newPage()
            top = number * page.height()
            painter.save()
            painter.translate(0, -top)
            painter.setClipRect(QtCore.QRectF(0, top, page.width(), page.height()))
            context = QtGui.QAbstractTextDocumentLayout.PaintContext()
            # Lines are chosen by a slightly smaller band than the page: a line that pagination
            # moved to the next page may start a hair above this one's end, and would otherwise
            # be written (clipped, invisible, but searchable) on both pages.
            context.clip = QtCore.QRectF(0, top + _BAND, page.width(), page.height() - 2 * _BAND)
            document.documentLayout().draw(painter, context)
            painter.restore()
            painter.drawText(
                QtCore.QRectF(0, page.height(), page.width(), footer),
                int(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignBottom),
                f"{number + 1} / {pages}",
            )
    finally:
        painter.end()
