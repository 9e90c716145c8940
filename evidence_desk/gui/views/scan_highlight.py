"""Search hits drawn on scanned pages, from the word boxes OCR stored.

A scanned PDF page has no text layer for QtPdf's own search highlighting to find, so the
viewer draws the hits itself: ``ScanHighlight`` is a transparent layer over the page
view's viewport that paints a marker over each word box of the hits on the current page.
The page's place in the view comes from the page view itself (``PdfPageView.page_rects``,
which text selection uses too).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QWidget

from ...core.documents import WordBox
from .pdf_page_view import PdfPageView

FILL = QColor(255, 200, 0, 90)
EDGE = QColor(230, 140, 0, 220)


def page_rect(view: PdfPageView, index: int) -> QRectF:
    """Where page ``index`` (0-based) is drawn in the view's viewport, in pixels."""
    return view.page_rects().get(index, QRectF())


class ScanHighlight(QWidget):
    """Paints word-box markers over one page of a ``PdfPageView``."""

    def __init__(self, view: PdfPageView, document: QPdfDocument) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.document = document
        self.page_index = -1
        self.boxes: list[WordBox] = []
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAccessibleName("Hits on the scanned page")
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        view.zoomFactorChanged.connect(self.update)
        self.setGeometry(view.viewport().rect())
        self.show()

    def show_boxes(self, page_index: int, boxes: list[WordBox]) -> None:
        self.page_index, self.boxes = page_index, list(boxes)
        self.raise_()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.viewport().rect())
        return False

    def marker_rects(self) -> list[QRectF]:
        """The markers' rectangles in viewport pixels (what ``paintEvent`` draws)."""
        if not self.boxes or self.page_index < 0:
            return []
        page = page_rect(self.view, self.page_index)
        if page.isEmpty():
            return []
        return [
            QRectF(
                page.left() + box.left * page.width() - 2,
                page.top() + box.top * page.height() - 2,
                (box.right - box.left) * page.width() + 4,
                (box.bottom - box.top) * page.height() + 4,
            )
            for box in self.boxes
        ]

    def paintEvent(self, _event: QPaintEvent) -> None:
        rects = self.marker_rects()
        if not rects:
            return
        painter = QPainter(self)
        painter.setPen(QPen(EDGE, 1.5))
        painter.setBrush(FILL)
        for rect in rects:
            painter.drawRect(rect)
        painter.end()
