"""The notice bar: one message that stays on show above the panes until it is resolved or dismissed.

For states the user must not miss but that need no answer (a read-only session, autosave failing),
where a status-bar message would vanish and a dialog would interrupt.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from assistant.ui import appearance

_TINT = 0.22  # how much of the warning colour shows through the window colour


class NoticeBar(QtWidgets.QFrame):
    """A warning icon, the message and a Dismiss button; hidden while there is nothing to say."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.setAccessibleName("Notice")
        icon = QtWidgets.QLabel()
        size = self.style().pixelMetric(QtWidgets.QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(size, size))
        self.text = QtWidgets.QLabel()
        self.text.setObjectName("notice_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss = QtWidgets.QPushButton("Dismiss")
        self.dismiss.setAccessibleName("Dismiss the notice")
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(icon, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self._topic = ""
        self.dismiss.clicked.connect(self._on_dismiss_clicked)
        self.hide()

    @property
    def topic(self) -> str:
        """What the notice on show is about ("" when none is)."""
        return self._topic

    def show_notice(self, topic: str, text: str) -> None:
        """Show a message about a topic, replacing whatever was on show."""
        self._topic = topic
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def withdraw(self, topic: str | None = None) -> None:
        """Hide the notice (only if it is about `topic`, when one is given)."""
        if topic is None or topic == self._topic:
            self._topic = ""
            self.text.clear()
            self.hide()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:  # noqa: N802
        """A warning tint of the palette's window colour (readable on light and dark palettes)."""
        window = self.palette().color(QtGui.QPalette.ColorRole.Window)
        warning = QtGui.QColor(appearance.inks(self.palette()).warning)
        tint = QtGui.QColor.fromRgbF(
            window.redF() + (warning.redF() - window.redF()) * _TINT,
            window.greenF() + (warning.greenF() - window.greenF()) * _TINT,
            window.blueF() + (warning.blueF() - window.blueF()) * _TINT,
        )
        painter = QtGui.QPainter(self)
        painter.fillRect(self.rect(), tint)
        painter.end()
        super().paintEvent(event)

    def _on_dismiss_clicked(self) -> None:
        self.withdraw()
