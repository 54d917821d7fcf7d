"""A scroll area for a column of cards whose text wraps: the cards keep the height their wrapped
text needs at the area's width (and the area scrolls), instead of being squeezed until the text
is cut, which a plain QScrollArea does because it sizes its content by its minimum size only."""

from __future__ import annotations

from PySide6.QtCore import QChildEvent, QEvent, QObject
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget
from shiboken6 import isValid


class WrappingScrollArea(QScrollArea):
    """Vertical scrolling only; the content is as wide as the viewport and as tall as its
    height-for-width at that width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        content = self.widget()
        if watched is content and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        elif watched is content and isinstance(event, QChildEvent) and event.added():
            # Cards just added are shown (and counted by the layout) a moment later.
            child = event.child()
            if isinstance(child, QWidget):
                child.installEventFilter(self)
        elif (
            event.type() == QEvent.Type.Show and content is not None and watched.parent() is content
        ):
            self._fit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if not isValid(self):
            return
        content = self.widget()
        layout = content.layout() if content is not None else None
        if content is None or layout is None:
            return
        width = self.viewport().width()
        needed = layout.heightForWidth(width) if layout.hasHeightForWidth() else -1
        if needed < 0:
            needed = layout.minimumSize().height()
        if content.minimumHeight() != needed:
            content.setMinimumHeight(needed)
