"""Search hits drawn on scanned pages, from the word boxes OCR stored.

A scanned PDF page has no text layer for QtPdf's own search highlighting to find, so the
viewer draws the hits itself: ``ScanHighlight`` is a transparent layer over the page
view's viewport that paints a marker over each word box of the hits on the current page.
The page's place in the view is worked out the way ``QPdfView`` lays pages out (one
below the other, document margins around them, page spacing between, centred
horizontally, scrolled by the scroll bars).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QWidget

from ...core.documents import WordBox

FILL = QColor(255, 200, 0, 90)
EDGE = QColor(230, 140, 0, 220)


def page_rect(view: QPdfView, document: QPdfDocument, index: int) -> QRectF:
    """Where page ``index`` (0-based) is drawn in the view's viewport, in pixels."""
    viewport = view.viewport()
    margins = view.documentMargins()
    resolution = viewport.logicalDpiY() / 72.0
    available = viewport.width() - margins.left() - margins.right()
    multi_page = view.pageMode() == QPdfView.PageMode.MultiPage
    pages = range(document.pageCount()) if multi_page else [index]
    sizes: dict[int, tuple[float, float]] = {}
    for page in pages:
        points = document.pagePointSize(page)
        width, height = points.width() * resolution, points.height() * resolution
        if view.zoomMode() == QPdfView.ZoomMode.FitToWidth:
            factor = available / max(1.0, int(width))
            width, height = int(width) * factor, int(height) * factor
        elif view.zoomMode() == QPdfView.ZoomMode.FitInView:
            factor = min(
                available / max(1.0, int(width)),
                (viewport.height() - margins.top() - margins.bottom()) / max(1.0, int(height)),
            )
            width, height = int(width) * factor, int(height) * factor
        else:
            width, height = width * view.zoomFactor(), height * view.zoomFactor()
        sizes[page] = (int(width), int(height))
    total_width = max(width for width, _height in sizes.values()) + margins.left()
    total_width += margins.right()
    y = float(margins.top())
    for page in pages:
        width, height = sizes[page]
        if page == index:
            x = (max(total_width, viewport.width()) - width) / 2
            return QRectF(
                x - view.horizontalScrollBar().value(),
                y - view.verticalScrollBar().value(),
                width,
                height,
            )
        y += height + view.pageSpacing()
    return QRectF()


class ScanHighlight(QWidget):
    """Paints word-box markers over one page of a ``QPdfView``."""

    def __init__(self, view: QPdfView, document: QPdfDocument) -> None:
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
        page = page_rect(self.view, self.document, self.page_index)
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
