"""The quote box with the cited page's text beside it, for choosing the words to quote.

Nobody should have to quote from memory: the page's extracted text is shown read-only
next to the quote box, selecting words in it puts them in the box, and a line under the
box says whether the quote is on the page (read with the same tolerance as the core's
check: line breaks, hyphenation, case and curly quotes do not matter), so a quote that
would be refused is seen before saving.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.citations import find_quote
from .pdf_page_view import quote_text


@dataclass(frozen=True, slots=True)
class PagePlace:
    """A place in the evidence: a page of a document and the words selected on it."""

    document_id: int
    page: int
    quote: str = ""


class QuotePicker(QWidget):
    """``quote()`` is what the user chose; ``set_page_text`` shows the cited page."""

    quote_changed = Signal(str)

    def __init__(self, quote: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quote_edit = QPlainTextEdit(quote)
        self.quote_edit.setAccessibleName("Quote")
        self.quote_edit.setTabChangesFocus(True)
        self.quote_edit.setPlaceholderText(
            "The words on the page, as written: select them in the page text (optional)"
        )
        self.quote_label = QLabel("&Quoted words:")
        self.quote_label.setBuddy(self.quote_edit)
        self.found_label = QLabel()
        self.found_label.setAccessibleName("Quote check")
        self.found_label.setWordWrap(True)
        self.page_label = QLabel("Page text:")
        self.page_text = QPlainTextEdit()
        self.page_text.setReadOnly(True)
        self.page_text.setAccessibleName("Page text")
        self.page_text.setTabChangesFocus(True)
        self.page_text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.page_text.setToolTip("Select the words to quote; they go into the quote box")
        self.page_label.setBuddy(self.page_text)
        self.page_text.selectionChanged.connect(self._take_selection)
        self.quote_edit.textChanged.connect(self._quote_edited)

        quote_side = QWidget()
        quote_layout = QVBoxLayout(quote_side)
        quote_layout.setContentsMargins(0, 0, 0, 0)
        quote_layout.addWidget(self.quote_label)
        quote_layout.addWidget(self.quote_edit, 1)
        quote_layout.addWidget(self.found_label)
        page_side = QWidget()
        page_layout = QVBoxLayout(page_side)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.page_label)
        page_layout.addWidget(self.page_text, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(quote_side)
        self.splitter.addWidget(page_side)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._check()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.page_text.ensureCursorVisible()  # laid out now: the quoted words can be shown

    def quote(self) -> str:
        return quote_text(self.quote_edit.toPlainText())

    def set_quote(self, text: str) -> None:
        self.quote_edit.setPlainText(text)

    def set_page_text(self, heading: str, text: str) -> None:
        """Show the text the quote must be found in (the cited page or pages)."""
        self.page_label.setText(f"{heading}:" if heading else "Page text:")
        self.page_text.blockSignals(True)
        self.page_text.setPlainText(text)
        self.page_text.blockSignals(False)
        if not text.strip():
            self.page_text.setPlaceholderText("This page has no text to quote from.")
        self._check()

    def quote_is_on_page(self) -> bool | None:
        """True/False once there is both a quote and page text; None otherwise."""
        quote, text = self.quote(), self.page_text.toPlainText()
        if not quote or not text.strip():
            return None
        return find_quote(text, quote) is not None

    def _take_selection(self) -> None:
        selected = quote_text(self.page_text.textCursor().selectedText())
        if selected:
            self.quote_edit.setPlainText(selected)

    def _quote_edited(self) -> None:
        self._check()
        self.quote_changed.emit(self.quote())

    def _check(self) -> None:
        on_page = self.quote_is_on_page()
        selections: list[QTextEdit.ExtraSelection] = []
        if on_page is None:
            self.found_label.setText("")
        elif on_page:
            self.found_label.setText("✓ These words are on the page.")
            found = find_quote(self.page_text.toPlainText(), self.quote())
            assert found is not None
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.page_text.document())
            cursor.setPosition(found[0])
            cursor.setPosition(found[1], QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            text_format = QTextCharFormat()
            text_format.setFontUnderline(True)
            text_format.setFontWeight(700)
            selection.format = text_format
            selections.append(selection)
            if not self.page_text.hasFocus():  # show the words in their place on the page
                place = QTextCursor(self.page_text.document())
                place.setPosition(found[0])
                self.page_text.blockSignals(True)
                self.page_text.setTextCursor(place)
                self.page_text.blockSignals(False)
                self.page_text.ensureCursorVisible()
        else:
            self.found_label.setText(
                "⚠ These words are not on the page as written; select them in the page text."
            )
        self.page_text.setExtraSelections(selections)
