"""Search across all matters: a box, and the hits with their snippets (matched words bold).

Searching runs on the task runner so a broad query over a large library never stalls the
window; only the newest query's answer is shown. Enter (or a double-click) on a hit asks
the window to open the document at the hit's page with the matched words highlighted.

Typed searches answer from the newest pages first (``first_screen``) and rank a bounded
set of matches; when that may not be everything, the summary says so and a button runs
the whole search (every page, every match ranked) in the background.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..models.search_results import (
    HEADING_ROLE,
    RECORD_ROLE,
    SNIPPET_ROLE,
    SearchResultModel,
    marked_terms,
)
from ..tasks import TaskControl

if TYPE_CHECKING:
    from ...core.search import SearchResults

RESULT_LIMIT = 200


class SnippetDelegate(QStyledItemDelegate):
    """Draws a hit as a heading line and its snippet, with the matched words in bold."""

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QTextDocument:
        import html

        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(4)
        heading = html.escape(str(index.data(HEADING_ROLE) or ""))
        snippet = str(index.data(SNIPPET_ROLE) or "")
        document.setHtml(f"<div><u>{heading}</u></div><div>{snippet}</div>")
        document.setTextWidth(max(option.rect.width(), 200))
        return document

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        style = options.widget.style() if options.widget else QApplication.style()
        text_document = self._document(options, index)
        options.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(options.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, options.palette.color(role))
        painter.save()
        painter.translate(options.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, options.rect.width(), options.rect.height()))
        text_document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        document = self._document(options, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 2)


class _ResultList(QListView):
    """Enter opens the current hit (QListView's ``activated`` is platform dependent)."""

    open_current = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_current.emit()
            return
        super().keyPressEvent(event)


class SearchBox(QLineEdit):
    """The query line; Down moves into the results."""

    move_to_results = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.move_to_results.emit()
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """Box + results; ``open_hit`` carries (document id, page, words to highlight)."""

    open_hit = Signal(int, int, str)
    open_note = Signal(int, int)  # matter id, note id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.generation = 0
        self.searching = False
        self.box = SearchBox()
        self.box.setPlaceholderText("Search all matters (Ctrl+K)…")
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName("Search all matters")
        self.model = SearchResultModel(self)
        self.results = _ResultList()
        self.results.setModel(self.model)
        self.results.setItemDelegate(SnippetDelegate(self.results))
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setAlternatingRowColors(True)
        self.summary = QLabel()
        self.summary.setAccessibleName("Search summary")
        self.summary.setWordWrap(True)
        self.whole_search = QPushButton("Rank every match")
        self.whole_search.setAccessibleName("Search every page and rank every match")
        self.whole_search.setToolTip("Slower on a large library; runs in the background")
        self.whole_search.setVisible(False)
        self.whole_search.clicked.connect(lambda: self.run_search(exhaustive=True))
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(300)
        self.debounce.timeout.connect(self.run_search)
        self.box.textEdited.connect(lambda _text: self.debounce.start())
        self.box.returnPressed.connect(self._enter_in_box)
        self.box.move_to_results.connect(self._focus_results)
        self.results.open_current.connect(self.open_current)
        self.results.doubleClicked.connect(lambda _index: self.open_current())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.box)
        layout.addWidget(self.summary)
        layout.addWidget(self.whole_search, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.results, 1)

    # -- searching -----------------------------------------------------------------------

    def search(self, text: str) -> None:
        self.box.setText(text)
        self.run_search()

    def run_search(self, exhaustive: bool = False) -> None:
        self.debounce.stop()
        query = self.box.text().strip()
        self.generation += 1
        generation = self.generation
        self.whole_search.setVisible(False)
        if not query:
            self.model.set_hits([])
            self.summary.setText("")
            self.searching = False
            return
        from ...core import documents
        from ...core import search as search_service

        library = self.context.library

        def work(_control: TaskControl) -> tuple[SearchResults, str | None]:
            results = search_service.search_results(
                library,
                query,
                limit=RESULT_LIMIT,
                exhaustive=exhaustive,
                first_screen=not exhaustive,
            )
            return results, documents.unsearched_pages(library).message()

        self.searching = True
        self.summary.setText("Searching every page…" if exhaustive else "Searching…")
        self.context.runner.start(
            work,
            on_success=lambda found: self._show(generation, query, *found),
            on_failure=lambda message: self._failed(generation, message),
            description=f"Searching for {query}",
            ask_before_quit=False,
        )

    def _show(
        self, generation: int, query: str, results: SearchResults, warning: str | None
    ) -> None:
        if generation != self.generation:
            return  # an older query finished after a newer one was typed
        self.searching = False
        hits = results.hits
        self.model.set_hits(list(hits))
        count = len(hits)
        more = "+" if count >= RESULT_LIMIT else ""
        lines = [
            f"{count}{more} hit{'s' * (count != 1)} for “{query}”"
            if count
            else f"Nothing found for “{query}”"
        ]
        # A bounded search must not look final: say how the hits were chosen.
        note = results.how_chosen()
        if note:
            lines.append(note)
            self.whole_search.setText(
                "Search every page" if not results.complete else "Rank every match"
            )
        self.whole_search.setVisible(bool(note))
        # Scans awaiting OCR are invisible to the search: a missing hit must not look final.
        if warning:
            lines.append(warning)
        self.summary.setText("\n".join(lines))
        self.summary.setToolTip(warning or "")
        if count:
            self.results.setCurrentIndex(self.model.index(0, 0))
        if self._open_first_when_done and count:
            self._open_first_when_done = False
            self.results.setFocus()

    _open_first_when_done = False

    def _failed(self, generation: int, message: str) -> None:
        if generation != self.generation:
            return
        self.searching = False
        self.model.set_hits([])
        self.summary.setText(message)

    def _enter_in_box(self) -> None:
        self._open_first_when_done = True
        self.run_search()

    def _focus_results(self) -> None:
        if self.model.rowCount():
            self.results.setFocus()
            if not self.results.currentIndex().isValid():
                self.results.setCurrentIndex(self.model.index(0, 0))

    def focus_box(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    # -- opening -------------------------------------------------------------------------

    def open_current(self) -> None:
        index = self.results.currentIndex()
        if not index.isValid():
            return
        hit = index.data(RECORD_ROLE)
        terms = marked_terms(hit.snippet)
        highlight = terms[0] if terms else self.box.text().strip().split()[0]
        if hit.document_id is not None:
            self.open_hit.emit(int(hit.document_id), int(hit.page or 1), highlight)
        elif hit.note_id is not None:
            self.open_note.emit(hit.matter_id, int(hit.note_id))
