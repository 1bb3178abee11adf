"""Report tests render PDFs with Qt: offscreen, inside the QApplication pytest-qt shares."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported anywhere
