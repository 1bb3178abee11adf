"""Render the scalable application icon to the PNG sizes of the hicolor icon theme.

Run after editing the SVG, then commit the PNGs: `.venv/bin/python packaging/render_icons.py`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6 import QtCore, QtGui, QtSvg

ICONS = Path(__file__).resolve().parent / "share" / "icons" / "hicolor"
SOURCE = ICONS / "scalable" / "apps" / "redline-assistant.svg"
SIZES = (16, 32, 48, 64, 128, 256)


def render(size: int) -> QtGui.QImage:
    """The icon drawn at `size` x `size` pixels on a transparent background."""
    image = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QtCore.Qt.GlobalColor.transparent)
    renderer = QtSvg.QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE}: not a valid SVG")
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QtCore.QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    """Write hicolor/<N>x<N>/apps/redline-assistant.png beside the SVG, for every size."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QtGui.QGuiApplication(sys.argv[:1])
    for size in SIZES:
        target = ICONS / f"{size}x{size}" / "apps" / "redline-assistant.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(target), "PNG"):
            raise SystemExit(f"cannot write {target}")
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
