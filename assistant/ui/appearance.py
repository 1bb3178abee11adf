"""How risk, presence and redline marks look: words, symbols, icons and palette-aware colours.

Colour is never the only signal: every risk level has a word and an icon of its own shape, every
tracker state a symbol and a word, and the redline strikes and underlines as well as colouring.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6 import QtCore, QtGui

from assistant import model

RISK_WORDS: Mapping[model.Risk, str] = {
    model.Risk.NONE: "None",
    model.Risk.LOW: "Low",
    model.Risk.MEDIUM: "Medium",
    model.Risk.HIGH: "High",
    model.Risk.CRITICAL: "Critical",
}

# Saturated mid-tones: a white glyph stays legible on them, and they stand out on light and dark
# window backgrounds alike.
_RISK_FILL: Mapping[model.Risk, str] = {
    model.Risk.NONE: "#7a7a7a",
    model.Risk.LOW: "#2e7d32",
    model.Risk.MEDIUM: "#b26a00",
    model.Risk.HIGH: "#d84315",
    model.Risk.CRITICAL: "#c62828",
}

PRESENCE_SYMBOLS: Mapping[model.Presence, str] = {
    model.Presence.PRESENT: "✓",
    model.Presence.WEAKENED: "▼",
    model.Presence.STRUCK: "✗",
    model.Presence.REINSTATED: "↺",
    model.Presence.ABSENT: "—",
}

KIND_WORDS: Mapping[model.ChangeKind, str] = {
    model.ChangeKind.INSERTED: "Inserted",
    model.ChangeKind.DELETED: "Deleted",
    model.ChangeKind.MODIFIED: "Modified",
    model.ChangeKind.MOVED: "Moved",
}


@dataclass(frozen=True, slots=True)
class Inks:
    """Text colours for one palette: the legal redline convention plus warning tones."""

    deleted: str
    inserted: str
    moved: str
    warning: str
    muted: str


_LIGHT = Inks(
    deleted="#c62828", inserted="#1565c0", moved="#2e7d32", warning="#b26a00", muted="#666666"
)
_DARK = Inks(
    deleted="#ff8a80", inserted="#82b1ff", moved="#8bd48f", warning="#ffcc80", muted="#a8a8a8"
)


def is_dark(palette: QtGui.QPalette) -> bool:
    """Whether the palette draws light text on a dark window."""
    return palette.color(QtGui.QPalette.ColorRole.Base).lightness() < 128


def inks(palette: QtGui.QPalette) -> Inks:
    """The text colours readable on this palette's base colour."""
    return _DARK if is_dark(palette) else _LIGHT


def risk_text(assessment: model.Assessment) -> str:
    """The risk word, marking strengthening so that it never reads as a threat."""
    word = RISK_WORDS[assessment.risk]
    return f"{word} · favourable" if assessment.favourable else word


def presence_text(state: model.Presence) -> str:
    """Symbol and word for a tracker cell, e.g. "✗ struck"."""
    return f"{PRESENCE_SYMBOLS[state]} {state.value}"


def presence_colour(state: model.Presence, palette: QtGui.QPalette) -> QtGui.QColor | None:
    """A foreground colour for the states that need attention; None keeps the palette's text."""
    ink = inks(palette)
    colours = {
        model.Presence.STRUCK: ink.deleted,
        model.Presence.WEAKENED: ink.warning,
        model.Presence.REINSTATED: ink.inserted,
    }
    chosen = colours.get(state)
    return QtGui.QColor(chosen) if chosen else None


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def when(stamp: str) -> str:
    """A revision or comment date as Word wrote it (ISO 8601), for reading: "2 Mar 2026, 09:00 UTC".

    A stamp that does not parse is shown as it is: it is still what the file says.
    """
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    day = f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"  # English, like the UI
    if len(stamp) <= len("2026-03-02"):
        return day
    offset = moment.utcoffset()
    zone = "" if offset is None else " UTC" if not offset else f" UTC{moment:%z}"
    return f"{day}, {moment:%H:%M}{zone}"


def category_label(labels: Mapping[str, str], category: str) -> str:
    """The taxonomy label of a category id, or a readable form of the id when none is known."""
    return labels.get(category) or category.replace("_", " ").capitalize()


@functools.cache
def risk_icon(risk: model.Risk) -> QtGui.QIcon:
    """A small badge whose shape as well as colour tells the level (needs a QGuiApplication)."""
    size = 64  # drawn large, scaled down by QIcon: crisp on high-DPI screens
    pixmap = QtGui.QPixmap(size, size)
    pixmap.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setPen(QtCore.Qt.PenStyle.NoPen)
    painter.setBrush(QtGui.QColor(_RISK_FILL[risk]))
    painter.drawPolygon(_badge_shape(risk, size))
    glyph = {model.Risk.CRITICAL: "!!", model.Risk.HIGH: "!", model.Risk.MEDIUM: "!"}.get(risk)
    if glyph:
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(int(size * 0.5))
        painter.setFont(font)
        painter.setPen(QtGui.QColor("white"))
        box = QtCore.QRectF(0, size * 0.12 if risk is model.Risk.HIGH else 0, size, size)
        painter.drawText(box, QtCore.Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return QtGui.QIcon(pixmap)


def _badge_shape(risk: model.Risk, size: int) -> QtGui.QPolygonF:
    """Octagon (critical), triangle (high), diamond (medium), circle (low), bar (none)."""
    s = float(size)
    points: list[tuple[float, float]]
    if risk is model.Risk.CRITICAL:
        a, b = s * 0.29, s * 0.71
        points = [(a, 0), (b, 0), (s, a), (s, b), (b, s), (a, s), (0, b), (0, a)]
    elif risk is model.Risk.HIGH:
        points = [(s / 2, s * 0.04), (s, s * 0.94), (0, s * 0.94)]
    elif risk is model.Risk.MEDIUM:
        points = [(s / 2, 0), (s, s / 2), (s / 2, s), (0, s / 2)]
    elif risk is model.Risk.LOW:
        circle = QtGui.QPainterPath()
        circle.addEllipse(QtCore.QRectF(s * 0.14, s * 0.14, s * 0.72, s * 0.72))
        return circle.toFillPolygon()
    else:
        points = [
            (s * 0.2, s * 0.42),
            (s * 0.8, s * 0.42),
            (s * 0.8, s * 0.58),
            (s * 0.2, s * 0.58),
        ]
    return QtGui.QPolygonF([QtCore.QPointF(x, y) for x, y in points])
