"""PDF pages with text selection: drag over the words on the page to select them.

``QPdfView`` draws continuous, fit-to-width pages but offers no selection and no way to
turn a mouse position into a place on a page. ``PdfPageView`` works that out the way
``QPdfView`` lays pages out (pages stacked inside the document margins with the page
spacing between them, centred, scaled from points by the screen's logical DPI), asks
``QPdfDocument.getSelection`` for the words between the press and the mouse, and draws the
selection over the page. A selection stays on one page, because a citation names the
page its words are on. Double-click selects a word; the context menu offers "Cite in
allegation…" and "Copy"; Ctrl+C copies; Escape clears.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QTransform,
)
from PySide6.QtPdf import QPdfDocument, QPdfSelection
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QMenu, QWidget

SELECTION_ALPHA = 110  # the page stays readable under the selection colour


def quote_text(text: str) -> str:
    """Selected words as one line: the page's line breaks become spaces."""
    return " ".join(text.replace("\u2029", " ").replace("\u00ad", "").split())


class PdfPageView(QPdfView):
    """Continuous fit-to-width pages; the mouse selects words on one page."""

    selection_changed = Signal()
    cite_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("PDF page")
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # Always shown: with the bar appearing only when needed, some widths never settle
        # (the bar takes room, fit-to-width shrinks the pages so they fit, the bar goes, the
        # pages grow back...) and the GUI thread spins relaying the view out.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self._anchor: tuple[int, QPointF] | None = None  # where a drag started
        self._selection: tuple[int, QPdfSelection] | None = None
        self._lines: dict[int, list[QRectF]] = {}  # each page's lines of text, in points

    # -- geometry ------------------------------------------------------------------------

    def _screen_resolution(self) -> float:
        screen = QGuiApplication.primaryScreen()
        return screen.logicalDotsPerInch() / 72.0 if screen is not None else 1.0

    def page_rects(self) -> dict[int, QRectF]:
        """Each page's rectangle in viewport coordinates (0-based page numbers)."""
        document = self.document()
        if document is None or document.status() != QPdfDocument.Status.Ready:
            return {}
        resolution = self._screen_resolution()
        margins = self.documentMargins()
        viewport = self.viewport().size()
        if self.pageMode() == QPdfView.PageMode.SinglePage:
            pages = [self.pageNavigator().currentPage()]
        else:
            pages = list(range(document.pageCount()))
        sizes: dict[int, QSize] = {}
        total_width = 0
        for page in pages:
            points = document.pagePointSize(page)
            natural = QSizeF(points * resolution).toSize()
            if self.zoomMode() == QPdfView.ZoomMode.Custom:
                size = QSizeF(points * resolution * self.zoomFactor()).toSize()
            elif self.zoomMode() == QPdfView.ZoomMode.FitToWidth:
                available = viewport.width() - margins.left() - margins.right()
                size = natural * (available / max(natural.width(), 1))
            else:
                available = QSize(
                    viewport.width() - margins.left() - margins.right(),
                    viewport.height() - self.pageSpacing(),
                )
                size = natural.scaled(available, Qt.AspectRatioMode.KeepAspectRatio)
            sizes[page] = size
            total_width = max(total_width, size.width())
        total_width += margins.left() + margins.right()
        left_scroll = self.horizontalScrollBar().value()
        top_scroll = self.verticalScrollBar().value()
        rects: dict[int, QRectF] = {}
        y = margins.top()
        for page in pages:
            size = sizes[page]
            x = (max(total_width, viewport.width()) - size.width()) // 2
            rects[page] = QRectF(x - left_scroll, y - top_scroll, size.width(), size.height())
            y += size.height() + self.pageSpacing()
        return rects

    def _to_page(self, page: int, rect: QRectF) -> QTransform:
        """Page points to viewport pixels for ``page`` drawn in ``rect``."""
        points = self.document().pagePointSize(page)
        return QTransform(
            rect.width() / max(points.width(), 1e-6),
            0,
            0,
            rect.height() / max(points.height(), 1e-6),
            rect.left(),
            rect.top(),
        )

    def page_point_at(self, position: QPointF, page: int | None = None) -> tuple[int, QPointF]:
        """The page under ``position`` (or the nearest one; or ``page`` when given) and the
        position on it in points, kept inside the page."""
        rects = self.page_rects()
        if not rects:
            return -1, QPointF()
        if page is None or page not in rects:
            page = min(rects, key=lambda number: _distance(rects[number], position))
        rect = rects[page]
        inside = QPointF(
            min(max(position.x(), rect.left()), rect.right()),
            min(max(position.y(), rect.top()), rect.bottom()),
        )
        inverse, _invertible = self._to_page(page, rect).inverted()
        return page, inverse.map(inside)

    def map_from_page(self, page: int, rect_in_points: QRectF) -> QRectF:
        """Where a rectangle on ``page`` (in points) is drawn in the viewport."""
        rects = self.page_rects()
        if page not in rects:
            return QRectF()
        return self._to_page(page, rects[page]).mapRect(rect_in_points)

    # -- selection -----------------------------------------------------------------------

    def has_selection(self) -> bool:
        return self._selection is not None

    def selected_text(self) -> str:
        return quote_text(self._selection[1].text()) if self._selection is not None else ""

    def selected_page(self) -> int:
        """The 0-based page of the selection, or -1."""
        return self._selection[0] if self._selection is not None else -1

    def selection_bounds(self) -> QRectF:
        """The selection's bounding rectangle in points on its page."""
        return self._selection[1].boundingRectangle() if self._selection else QRectF()

    def clear_selection(self) -> None:
        self._anchor = None
        if self._selection is not None:
            self._selection = None
            self.viewport().update()
            self.selection_changed.emit()

    def select_between(self, page: int, start: QPointF, end: QPointF) -> str:
        """Select the words between two points of ``page`` (in points); returns the text."""
        document = self.document()
        if document is None or not 0 <= page < document.pageCount():
            return ""
        selection = document.getSelection(page, self._snap(page, start), self._snap(page, end))
        self._set_selection(page, selection)
        return self.selected_text()

    def _snap(self, page: int, point: QPointF) -> QPointF:
        """The nearest place on a line of text: QtPdf finds no character for a point in
        the margin, past the end of a line or between lines, so a drag that starts or
        ends there would select nothing."""
        if page not in self._lines:
            bounds = self.document().getAllText(page).bounds()
            self._lines[page] = [polygon.boundingRect() for polygon in bounds]
        lines = self._lines[page]
        if not lines:
            return point

        def distance(line: QRectF) -> tuple[float, float]:
            dy = max(line.top() - point.y(), 0.0, point.y() - line.bottom())
            dx = max(line.left() - point.x(), 0.0, point.x() - line.right())
            return dy, dx

        line = min(lines, key=distance)
        # Just past the end of the line still reaches its last character (QtPdf takes in
        # the character nearest a point a little beyond the text).
        return QPointF(min(max(point.x(), line.left() + 0.5), line.right() + 2), line.center().y())

    def select_word_at(self, position: QPointF) -> str:
        """Select the word under a viewport position (a double-click)."""
        page, point = self.page_point_at(position)
        if page < 0:
            return ""
        document = self.document()
        text = document.getAllText(page).text()
        # The character under the point: QtPdf selects between two different characters,
        # so reach right until the probe spans one.
        probe = None
        for reach in (1.0, 2.0, 4.0, 8.0):
            candidate = document.getSelection(page, point, point + QPointF(reach, 0))
            if candidate.isValid():
                probe = candidate
                break
        if probe is None or not text:
            return ""
        start = end = min(probe.startIndex(), len(text) - 1)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        if end <= start:
            return ""
        self._set_selection(page, document.getSelectionAtIndex(page, start, end - start))
        return self.selected_text()

    def _set_selection(self, page: int, selection: QPdfSelection) -> None:
        valid = selection.isValid() and bool(quote_text(selection.text()))
        self._selection = (page, selection) if valid else None
        self.viewport().update()
        self.selection_changed.emit()

    def copy_selection(self) -> None:
        if self._selection is not None:
            QGuiApplication.clipboard().setText(self.selected_text())

    # -- mouse and keys ------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clear_selection()
            page, point = self.page_point_at(event.position())
            self._anchor = (page, point) if page >= 0 else None
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._anchor is not None and event.buttons() & Qt.MouseButton.LeftButton:
            page, start = self._anchor
            _page, end = self.page_point_at(event.position(), page)
            self.select_between(page, start, end)
            event.accept()
            return
        event.accept()  # QPdfView's own hover test ignores the scroll position

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._anchor = None
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.select_word_at(event.position())
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) and self.has_selection():
            self.copy_selection()
            return
        if event.key() == Qt.Key.Key_Escape and self.has_selection():
            self.clear_selection()
            return
        super().keyPressEvent(event)

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        cite = menu.addAction("&Cite in allegation…")
        cite.setShortcut(QKeySequence("Ctrl+Shift+C"))
        cite.triggered.connect(self.cite_requested)
        copy = menu.addAction("C&opy")
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setEnabled(self.has_selection())
        copy.triggered.connect(self.copy_selection)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._selection is None:
            return
        page, selection = self._selection
        rects = self.page_rects()
        if page not in rects:
            return
        colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        colour.setAlpha(SELECTION_ALPHA)
        transform = self._to_page(page, rects[page])
        painter = QPainter(self.viewport())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        for polygon in selection.bounds():
            painter.drawPolygon(transform.map(polygon))
        painter.end()


def _distance(rect: QRectF, point: QPointF) -> float:
    dx = max(rect.left() - point.x(), 0.0, point.x() - rect.right())
    dy = max(rect.top() - point.y(), 0.0, point.y() - rect.bottom())
    return dx * dx + dy * dy
