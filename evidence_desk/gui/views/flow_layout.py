"""A layout that wraps its controls onto another line when the row gets too narrow.

A tool bar hides what does not fit behind an overflow button, where nobody finds the tag
filter or the zoom buttons. ``FlowLayout`` (after Qt's flow layout example) keeps every
control in sight: left to right at each control's preferred size, starting a new line
when the next one would not fit, and asks for the height its lines need at a given width.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items (when ``move``); returns the height the lines take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y = area.x(), area.y()
        line_height = 0
        line: list[tuple[QLayoutItem, QPoint, QSize]] = []

        def finish_line() -> None:
            # Items of one line share its height, centred vertically.
            if move:
                for item, point, size in line:
                    offset = (line_height - size.height()) // 2
                    item.setGeometry(QRect(point + QPoint(0, offset), size))
            line.clear()

        for item in self._items:
            if item.isEmpty():
                continue
            size = item.sizeHint().boundedTo(item.maximumSize()).expandedTo(item.minimumSize())
            size.setWidth(min(size.width(), max(area.width(), 1)))
            if line and x + size.width() > area.right() + 1:
                finish_line()
                x = area.x()
                y += line_height + self._spacing
                line_height = 0
            line.append((item, QPoint(x, y), size))
            x += size.width() + self._spacing
            line_height = max(line_height, size.height())
        finish_line()
        return y + line_height - rect.y() + margins.bottom()
