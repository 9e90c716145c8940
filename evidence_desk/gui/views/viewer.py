"""The document viewer: PDF pages (QtPdf), images, and text documents page by page.

It shows the page's Bates label, highlights the words a search found, offers
"Enter password…" for an encrypted PDF, and lets words be selected on the page itself
(PDF pages with the mouse, see ``PdfPageView``; text pages as any text) to pin them to an
allegation with "Cite in allegation…" (button, Ctrl+Shift+C or the right-click menu; the
allegation side is ``cite_flow.open_cite_flow``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QPen,
    QPixmap,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core import documents
from ...core.citations import find_quote
from ...core.errors import EvidenceDeskError
from ...core.normalisation import as_written_in, spelling_pattern
from ...core.records import DocumentRecord
from ..context import AppContext, Change
from .flow_layout import FlowLayout
from .icon_lookup import themed_icon
from .pdf_page_view import PdfPageView, quote_text
from .quote_picker import PagePlace
from .scan_highlight import EDGE, FILL, ScanHighlight

ZOOM_STEPS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)


class DocumentViewer(QWidget):
    """Shows one document at a time; ``cite_requested`` carries (document, page, quote)."""

    cite_requested = Signal(int, int, int, str)  # matter id, document id, page, quote
    page_changed = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record: DocumentRecord | None = None
        self.page = 0  # 1-based; 0 when nothing is shown
        self.highlight = ""
        self.zoom = 1.0
        self._text_pages: dict[int, str] = {}
        self._image_markers: list[QGraphicsRectItem] = []

        # Toolbar -----------------------------------------------------------------------
        self.title_label = QLabel("No document open")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.previous_button = self._button("Previous page", "previous-page", self.previous_page)
        self.previous_button.setShortcut(
            QKeySequence(Qt.Key.Key_PageUp | Qt.KeyboardModifier.AltModifier)
        )
        self.next_button = self._button("Next page", "next-page", self.next_page)
        self.next_button.setShortcut(
            QKeySequence(Qt.Key.Key_PageDown | Qt.KeyboardModifier.AltModifier)
        )
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName("Page")
        self.page_box.setMinimum(1)
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(self.go_to_page)
        self.page_count_label = QLabel()
        self.bates_label = QLabel()
        self.bates_label.setAccessibleName("Bates label")
        self.bates_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.zoom_out_button = self._button("Zoom out", "zoom-out", self.zoom_out)
        self.zoom_in_button = self._button("Zoom in", "zoom-in", self.zoom_in)
        self.fit_button = self._button("Fit width", "", self.fit_width)
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Highlight…")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setAccessibleName("Highlight in document")
        self.find_box.setFixedWidth(self.fontMetrics().averageCharWidth() * 22)
        self.find_box.returnPressed.connect(lambda: self.set_highlight(self.find_box.text()))
        self.password_button = self._button("Enter password…", "lock", self.ask_password)
        self.password_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.cite_button = self._button("Cite in allegation…", "cite", self.cite)
        self.cite_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.cite_button.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.cite_button.setToolTip(
            "Cite the words selected on the page (or choose them from the page's text) in "
            "an allegation (Ctrl+Shift+C; also on the page's right-click menu)"
        )

        # Pages ---------------------------------------------------------------------------
        self.pdf_document = QPdfDocument(self)
        self.pdf_search = QPdfSearchModel(self)
        self.pdf_view = self._new_pdf_view()

        self.image_scene = QGraphicsScene(self)
        self.image_item = QGraphicsPixmapItem()
        self.image_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.image_scene.addItem(self.image_item)
        self.image_view = QGraphicsView(self.image_scene)
        self.image_view.setAccessibleName("Image")
        self.image_view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)

        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        self.text_view.setAccessibleName("Page text")
        self.text_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text_view.customContextMenuRequested.connect(self._text_context_menu)

        self.message_label = QLabel("Open a document from the Documents tab or from search.")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)

        self.stack = QStackedWidget()
        for widget in (self.message_label, self.pdf_view, self.image_view, self.text_view):
            self.stack.addWidget(widget)

        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.password_button)
        top.addWidget(self.cite_button)
        # The controls wrap onto a second line in a narrow viewer rather than hiding behind
        # an overflow button: zoom and highlight stay in sight at any width.
        self.navigation = QWidget()
        self.navigation.setAccessibleName("Page navigation")
        controls = FlowLayout(self.navigation)
        for widget in (
            self.previous_button,
            self.page_box,
            self.page_count_label,
            self.next_button,
            self.bates_label,
            self.find_box,
            self.zoom_out_button,
            self.zoom_in_button,
            self.fit_button,
        ):
            controls.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.password_button.hide()  # only an encrypted PDF offers it
        self._show_message("Open a document from the Documents tab or from search.")

    def _button(self, text: str, icon_name: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(text)
        button.setAccessibleName(text.rstrip("…"))
        if icon_name:
            button.setIcon(themed_icon(icon_name))
        button.clicked.connect(slot)
        return button

    # -- opening -------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        widget = self.stack.currentWidget()
        if widget is self.pdf_view:
            return "pdf"
        if widget is self.image_view:
            return "image"
        if widget is self.text_view:
            return "text"
        return "message"

    def open_document(self, document_id: int, page: int = 1, highlight: str = "") -> None:
        """Show a document at ``page`` with ``highlight`` marked wherever it appears."""
        record = documents.get_document(self.context.library, document_id)
        self.record = record
        self.highlight = highlight.strip()
        self.find_box.setText(self.highlight)
        self.find_box.setCursorPosition(0)
        self._text_pages = {}
        self.title_label.setText(f"{record.title}  ·  {record.file_name}")
        self.title_label.setToolTip(f"SHA-256 {record.sha256}")
        self.password_button.setVisible(record.status == "encrypted")
        path = documents.document_path(self.context.library, record.id)
        page_count = max(record.page_count, 1)
        if record.kind == "pdf" and self._load_pdf(path):
            page_count = max(self.pdf_document.pageCount(), 1)
            self.stack.setCurrentWidget(self.pdf_view)
        elif record.kind == "image" and self._load_image(path):
            self.stack.setCurrentWidget(self.image_view)
        elif record.status == "encrypted":
            self._show_message("This document is encrypted. Choose “Enter password…” to open it.")
        elif record.page_count > 0:
            self.stack.setCurrentWidget(self.text_view)
        else:
            reason = record.status_reason or "No text was found in this document."
            self._show_message(reason)
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(page_count)
        self.page_box.blockSignals(False)
        self.page_count_label.setText(f"of {page_count}")
        self.page = 0
        self.go_to_page(min(max(page, 1), page_count))
        if self.mode == "pdf":
            self._apply_pdf_highlight()

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.stack.setCurrentWidget(self.message_label)
        self._update_controls()

    def _new_pdf_view(self) -> PdfPageView:
        view = PdfPageView(self)
        view.cite_requested.connect(self.cite)
        view.setDocument(self.pdf_document)
        view.setSearchModel(self.pdf_search)
        view.pageNavigator().currentPageChanged.connect(self._pdf_page_changed)
        self.scan_highlight = ScanHighlight(view, self.pdf_document)
        return view

    def _load_pdf(self, path: Path, password: str = "") -> bool:
        # A fresh document and page view for every file: QPdfView caches rendered pages by
        # page number, and a render of the previous file still under way when the next
        # one loads would otherwise land in that cache and show the wrong evidence.
        previous_document, previous_view = self.pdf_document, self.pdf_view
        previous_search = self.pdf_search
        was_current = self.stack.currentWidget() is previous_view
        self.pdf_document = QPdfDocument(self)
        self.pdf_document.setPassword(password)
        error = self.pdf_document.load(str(path))
        self.pdf_search = QPdfSearchModel(self)
        self.pdf_search.setDocument(self.pdf_document)
        self.pdf_view = self._new_pdf_view()
        if self.stack.indexOf(previous_view) >= 0:
            self.stack.insertWidget(self.stack.indexOf(previous_view), self.pdf_view)
            if was_current:
                self.stack.setCurrentWidget(self.pdf_view)
            self.stack.removeWidget(previous_view)
        # The old view keeps its document until it is gone: handing it None instead makes
        # QPdfView pass a null document on to its link model, which Qt reports as a warning.
        # The document and search model are deleted once the view has been (never before:
        # its renderer and link model hold on to the document until their own end).
        previous_document.close()
        previous_view.destroyed.connect(previous_search.deleteLater)
        previous_view.destroyed.connect(previous_document.deleteLater)
        previous_view.deleteLater()
        if error == QPdfDocument.Error.None_:
            return True
        if error == QPdfDocument.Error.IncorrectPassword:
            self.password_button.setVisible(True)
        return False

    def _load_image(self, path: Path) -> bool:
        pixmap = QPixmap(str(path))
        if pixmap.isNull():
            return False
        self.image_item.setPixmap(pixmap)
        self.image_scene.setSceneRect(self.image_item.boundingRect())
        self.zoom = 1.0
        self.image_view.resetTransform()
        return True

    def clear(self) -> None:
        self.record = None
        self.page = 0
        self.highlight = ""
        self.find_box.clear()
        self.pdf_document.close()
        self.title_label.setText("No document open")
        self.bates_label.clear()
        self.page_count_label.clear()
        self.password_button.hide()
        self._show_message("Open a document from the Documents tab or from search.")

    # -- pages ---------------------------------------------------------------------------

    def page_text(self, number: int) -> str:
        """The extracted text of a page of the open document (cached while it is open)."""
        if self.record is None:
            return ""
        if number not in self._text_pages:
            try:
                page = documents.get_page(self.context.library, self.record.id, number)
            except EvidenceDeskError:
                self._text_pages[number] = ""
            else:
                self._text_pages[number] = page.text
        return self._text_pages[number]

    def go_to_page(self, number: int) -> None:
        if self.record is None:
            return
        number = min(max(number, 1), self.page_box.maximum())
        changed = number != self.page
        self.page = number
        self.page_box.blockSignals(True)
        self.page_box.setValue(number)
        self.page_box.blockSignals(False)
        if self.mode == "pdf":
            navigator = self.pdf_view.pageNavigator()
            if navigator.currentPage() != number - 1:
                navigator.jump(number - 1, QPointF(), navigator.currentZoom())
        elif self.mode == "text":
            self.text_view.setPlainText(self.page_text(number))
            self._apply_text_highlight()
        self._apply_scan_highlight()
        self._update_bates()
        self._update_controls()
        if changed:
            self.page_changed.emit(number)

    def _pdf_page_changed(self, index: int) -> None:
        if self.mode == "pdf" and self.record is not None and index + 1 != self.page:
            self.go_to_page(index + 1)

    def _update_bates(self) -> None:
        bates = None
        if self.record is not None and self.record.page_count:
            try:
                bates = documents.get_page(self.context.library, self.record.id, self.page).bates
            except EvidenceDeskError:
                bates = None
        self.bates_label.setText(f"Bates {bates}" if bates else "")

    def _update_controls(self) -> None:
        has_document = self.record is not None
        has_pages = has_document and self.mode in ("pdf", "text", "image")
        self.previous_button.setEnabled(has_pages and self.page > 1)
        self.next_button.setEnabled(has_pages and self.page < self.page_box.maximum())
        self.page_box.setEnabled(has_pages)
        zoomable = self.mode in ("pdf", "image", "text")
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(zoomable)
        self.cite_button.setEnabled(has_document and self.record.page_count > 0)

    def previous_page(self) -> None:
        self.go_to_page(self.page - 1)

    def next_page(self) -> None:
        self.go_to_page(self.page + 1)

    # -- zoom ----------------------------------------------------------------------------

    def _step_zoom(self, direction: int) -> None:
        if self.mode == "pdf" and self.pdf_view.zoomMode() != QPdfView.ZoomMode.Custom:
            self.zoom = self.pdf_view.zoomFactor()
        candidates = [step for step in ZOOM_STEPS if (step - self.zoom) * direction > 0.01]
        if not candidates:
            return
        self.zoom = min(candidates) if direction > 0 else max(candidates)
        if self.mode == "pdf":
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.pdf_view.setZoomFactor(self.zoom)
        elif self.mode == "image":
            self.image_view.resetTransform()
            self.image_view.scale(self.zoom, self.zoom)
        elif self.mode == "text":
            font = self.text_view.font()
            font.setPointSizeF(max(6.0, self.font().pointSizeF() * self.zoom))
            self.text_view.setFont(font)

    def zoom_in(self) -> None:
        self._step_zoom(+1)

    def zoom_out(self) -> None:
        self._step_zoom(-1)

    def fit_width(self) -> None:
        self.zoom = 1.0
        if self.mode == "pdf":
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif self.mode == "image":
            self.image_view.fitInView(self.image_item, Qt.AspectRatioMode.KeepAspectRatio)
            self.zoom = self.image_view.transform().m11()
        elif self.mode == "text":
            self.text_view.setFont(self.font())

    # -- highlighting --------------------------------------------------------------------

    def set_highlight(self, text: str) -> None:
        self.highlight = text.strip()
        if self.mode == "pdf":
            self._apply_pdf_highlight()
        elif self.mode == "text":
            self._apply_text_highlight()
        self._apply_scan_highlight()

    def _apply_scan_highlight(self) -> None:
        """Mark the hits on a page whose text OCR read (no text layer for QtPdf to search)."""
        boxes = []
        if self.record is not None and self.highlight and self.mode in ("pdf", "image"):
            words = documents.page_words(self.context.library, self.record.id, self.page)
            boxes = words.hit_boxes(self.page_text(self.page), self.highlight)
        for item in self._image_markers:
            self.image_scene.removeItem(item)
        self._image_markers = []
        if self.mode == "image":
            size = self.image_item.boundingRect()
            for box in boxes:
                marker = self.image_scene.addRect(
                    box.left * size.width() - 2,
                    box.top * size.height() - 2,
                    (box.right - box.left) * size.width() + 4,
                    (box.bottom - box.top) * size.height() + 4,
                    QPen(EDGE, 2),
                    FILL,
                )
                self._image_markers.append(marker)
            if boxes:
                self.image_view.ensureVisible(self._image_markers[0])
            boxes = []
        self.scan_highlight.show_boxes(self.page - 1, boxes)

    def scan_hits_on_page(self) -> int:
        """Word boxes marked on the current scanned page (PDF or image)."""
        return len(self.scan_highlight.boxes) + len(self._image_markers)

    def _apply_pdf_highlight(self) -> None:
        # QtPdf matches characters exactly: give it the page's apostrophes ("O’Brien").
        self.pdf_search.setSearchString(
            as_written_in(self.highlight, self.page_text(self.page)) if self.highlight else ""
        )
        if not self.highlight or self.page < 1:
            return
        # Results are ordered by page: the current page's first hit is preceded by the
        # hits of all earlier pages.
        before = sum(len(self.pdf_search.resultsOnPage(page)) for page in range(self.page - 1))
        if self.pdf_search.resultsOnPage(self.page - 1):
            self.pdf_view.setCurrentSearchResultIndex(before)

    def pdf_hits_on_page(self) -> int:
        if self.mode != "pdf" or not self.highlight:
            return 0
        return len(self.pdf_search.resultsOnPage(self.page - 1))

    def _apply_text_highlight(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        if self.highlight:
            text_format = QTextCharFormat()
            palette = self.text_view.palette()
            text_format.setBackground(palette.highlight())
            text_format.setForeground(palette.highlightedText())
            # Every place, however it writes the apostrophes and spaces ("O’Brien").
            words = QRegularExpression(
                spelling_pattern(self.highlight),
                QRegularExpression.PatternOption.CaseInsensitiveOption
                | QRegularExpression.PatternOption.UseUnicodePropertiesOption,
            )
            cursor = self.text_view.document().find(words, 0)
            first = None
            while not cursor.isNull():
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = text_format
                selections.append(selection)
                first = first or QTextCursor(cursor)
                cursor = self.text_view.document().find(words, cursor, QTextDocument.FindFlag(0))
            if first is not None:
                first.clearSelection()
                self.text_view.setTextCursor(first)
                self.text_view.ensureCursorVisible()
        self.text_view.setExtraSelections(selections)

    def text_hits_on_page(self) -> int:
        return len(self.text_view.extraSelections())

    # -- password ------------------------------------------------------------------------

    def ask_password(self) -> None:
        if self.record is None:
            return
        password, ok = QInputDialog.getText(
            self,
            "Encrypted document",
            f"Password for {self.record.title}:",
            QLineEdit.EchoMode.Password,
        )
        if ok and password:
            self.unlock(password)

    def unlock(self, password: str) -> bool:
        """Hand the password to the core (which extracts the text) and show the document."""
        assert self.record is not None
        try:
            documents.unlock_document(self.context.library, self.record.id, password)
        except EvidenceDeskError as error:
            QMessageBox.warning(self, "Encrypted document", str(error))
            return False
        document_id = self.record.id
        self.context.announce(Change.DOCUMENTS)
        self.open_document(document_id, 1, self.highlight)
        if self.mode != "pdf" and self.record.kind == "pdf":
            path = documents.document_path(self.context.library, document_id)
            if self._load_pdf(path, password):
                self.stack.setCurrentWidget(self.pdf_view)
                self.go_to_page(1)
        return True

    # -- citing --------------------------------------------------------------------------

    def selected_quote(self) -> str:
        """The words selected on the page (PDF or text), as one line."""
        if self.mode == "text":
            return quote_text(self.text_view.textCursor().selectedText())
        if self.mode == "pdf":
            return self.pdf_view.selected_text()
        return ""

    def current_place(self) -> PagePlace | None:
        """The page shown and the words to quote from it: those selected, or else the
        search hit on the page as the page's text has it (for "Cite" and "Add citation…")."""
        if self.record is None or self.page < 1:
            return None
        page = self.page
        if self.mode == "pdf" and self.pdf_view.has_selection():
            page = self.pdf_view.selected_page() + 1
        quote = self.selected_quote()
        if not quote and self.highlight:
            text = self.page_text(page)
            found = find_quote(text, self.highlight)
            if found is not None:
                quote = quote_text(text[found[0] : found[1]])
        return PagePlace(self.record.id, page, quote)

    def cite(self) -> None:
        """Cite the words selected (or the search hit) on the page in an allegation; with
        neither, they are chosen from the page's text in the cite dialog."""
        place = self.current_place()
        if place is None or self.record is None or self.record.page_count == 0:
            return
        self.cite_requested.emit(self.record.matter_id, self.record.id, place.page, place.quote)

    def _text_context_menu(self, position: QPoint) -> None:
        menu = self.text_view.createStandardContextMenu(position)
        cite = QAction("&Cite in allegation…", menu)
        cite.setShortcut(QKeySequence("Ctrl+Shift+C"))
        cite.triggered.connect(self.cite)
        menu.insertAction(menu.actions()[0] if menu.actions() else None, cite)
        menu.insertSeparator(menu.actions()[1])
        menu.exec(self.text_view.viewport().mapToGlobal(position))
        menu.deleteLater()
