"""Record or change one allegation: who, when, what, where, how it was reported, the evidence.

Officers come from the registry through live suggestions (``OfficerPicker``); conduct
types are ticked in the taxonomy tree; the date keeps the precision typed ("2021-03" is a
month). Problems show inline in the dialog. Saving goes through the undo stack, so a saved
allegation (and its new or removed citations) can be undone in one step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...core import allegations, documents, taxonomy
from ...core.allegations import AllegationInput
from ...core.citations import CitationInput, page_text, pinpoint
from ...core.dates import PartialDate, parse_partial_date
from ...core.errors import EditConflictError, EvidenceDeskError
from ...core.records import AllegationRecord, MatterId
from ...core.vocabulary import ALLEGATION_SOURCES, ALLEGATION_STATUSES, REPORTED_TO
from ..commands import push_command
from ..commands.allegations import AddAllegationCommand, EditAllegationCommand
from ..context import AppContext
from ..models.allegations import CitationRow, CitationTableModel
from ..models.taxonomy import ConductTreeModel
from .edit_conflict import ConflictChoice, ask_after_conflict
from .inline_message import InlineMessage, buddy_label
from .officer_picker import OfficerPicker
from .quote_picker import PagePlace, QuotePicker

EDITOR_MAX_WIDTH = 700  # pixels: beside the viewer even on a 1024-pixel-wide screen

PRECISION_WORDS = {
    "day": "exact day",
    "month": "month only",
    "year": "year only",
    "range": "between two dates",
    "unknown": "date unknown",
}


def pending_pinpoint(context: AppContext, document_id: int, start: int, end: int) -> str:
    """How a not-yet-saved citation reads: the document's title, pages and Bates labels."""
    library = context.library
    try:
        title = documents.get_document(library, document_id).title
    except EvidenceDeskError:
        return f"a document no longer in the library, {page_text(start, end)}"
    try:
        bates_start = documents.get_page(library, document_id, start).bates
        bates_end = documents.get_page(library, document_id, end).bates if end != start else None
    except EvidenceDeskError:  # the core names the missing page when the citation is saved
        bates_start = bates_end = None
    return pinpoint(title, start, end, bates_start, bates_end or bates_start)


class CitationInputDialog(QDialog):
    """Cite a page range of one of the matter's documents, choosing the quoted words from
    the text of those pages shown beside the quote box. Opens on the page the viewer shows
    (with the words selected there) when it shows evidence of this matter."""

    def __init__(
        self,
        context: AppContext,
        matter_id: MatterId,
        parent: QWidget | None = None,
        *,
        place: Callable[[], PagePlace | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.matter_id = matter_id
        self.setWindowTitle("Add citation")
        self.document_combo = QComboBox()
        self.document_combo.setAccessibleName("Document")
        for record in documents.list_documents(context.library, matter_id):
            self.document_combo.addItem(record.title, (record.id, max(record.page_count, 1)))
        self.first_page = QSpinBox()
        self.first_page.setAccessibleName("First page")
        self.last_page = QSpinBox()
        self.last_page.setAccessibleName("Last page")
        for box in (self.first_page, self.last_page):
            box.setMinimum(1)
        self.picker = QuotePicker()
        self.quote_edit = self.picker.quote_edit
        self.message = InlineMessage()
        self.document_combo.currentIndexChanged.connect(self._document_changed)
        self.first_page.valueChanged.connect(
            lambda value: self.last_page.setValue(max(value, self.last_page.value()))
        )
        self.first_page.valueChanged.connect(self._show_page_text)
        self.last_page.valueChanged.connect(self._show_page_text)
        self._document_changed()
        pages = QHBoxLayout()
        pages.addWidget(self.first_page)
        pages.addWidget(QLabel("to"))
        pages.addWidget(self.last_page)
        pages.addStretch(1)
        form = QFormLayout()
        form.addRow("&Document:", self.document_combo)
        form.addRow(buddy_label("&Pages:", self.first_page), pages)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.document_combo.count() > 0
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.picker, 1)
        if self.document_combo.count() == 0:
            layout.addWidget(QLabel("This matter has no documents to cite yet."))
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        current = place() if place is not None else None
        if current is not None:
            self.go_to(current)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.height() * 26)

    def go_to(self, place: PagePlace) -> bool:
        """Open on ``place`` if it is a document of this matter."""
        for index in range(self.document_combo.count()):
            if self.document_combo.itemData(index)[0] == place.document_id:
                self.document_combo.setCurrentIndex(index)
                self.first_page.setValue(place.page)
                self.last_page.setValue(place.page)
                if place.quote:
                    self.picker.set_quote(place.quote)
                return True
        return False

    def _document_changed(self) -> None:
        data = self.document_combo.currentData()
        count = data[1] if data else 1
        for box in (self.first_page, self.last_page):
            box.setMaximum(count)
        self._show_page_text()

    def _show_page_text(self) -> None:
        data = self.document_combo.currentData()
        if not data:
            self.picker.set_page_text("", "")
            return
        first, last = self.first_page.value(), max(self.first_page.value(), self.last_page.value())
        texts = []
        for number in range(first, last + 1):
            try:
                texts.append(documents.get_page(self.context.library, data[0], number).text)
            except EvidenceDeskError:
                texts.append("")
        pages = f"page {first}" if first == last else f"pages {first}–{last}"
        self.picker.set_page_text(f"Text of {pages}", "\n\n".join(texts))

    def citation(self) -> CitationInput:
        document_id = self.document_combo.currentData()[0]
        return CitationInput(
            document_id=document_id,
            page_start=self.first_page.value(),
            page_end=self.last_page.value(),
            quote=self.picker.quote(),
        )

    def _check_and_accept(self) -> None:
        """A quote the core would refuse is refused here, where it can still be mended."""
        (problem,) = allegations.check_citations(
            self.context.library, self.matter_id, [self.citation()]
        )
        if problem is not None:
            self.message.show_error(problem)
            self.picker.quote_edit.setFocus()
            return
        self.accept()


class AllegationEditor(QDialog):
    """New (``allegation_id`` None) or existing allegation of ``matter_id``."""

    open_document_requested = Signal(int, int)  # document id, page
    saved = Signal(int)  # the allegation's id

    def __init__(
        self,
        context: AppContext,
        matter_id: MatterId,
        allegation_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.matter_id = matter_id
        self.allegation_id = allegation_id
        self.record: AllegationRecord | None = None
        self.saved_id: int | None = None
        self._removed_citations: list[int] = []
        self._citation_warning = False  # the message is about a citation, not a field
        # Where the viewer is (document, page, selected words), for "Add citation…".
        self.viewer_place: Callable[[], PagePlace | None] | None = None
        self.setWindowTitle("New allegation" if allegation_id is None else "Edit allegation")
        self.setSizeGripEnabled(True)

        # Who
        self.picker = OfficerPicker(context, self, event_date=self._event_day)
        officers_box = QGroupBox("&Officers")
        QVBoxLayout(officers_box).addWidget(self.picker)

        # When, where
        self.summary_edit = QLineEdit()
        self.summary_edit.setAccessibleName("Summary")
        self.summary_edit.setPlaceholderText("One line: what happened")
        self.date_edit = QLineEdit()
        self.date_edit.setAccessibleName("Date")
        self.date_edit.setPlaceholderText("YYYY-MM-DD, YYYY-MM, YYYY, START..END or unknown")
        self.date_edit.setToolTip(
            "Type only as much as the source says: 2021-03-12 (a day), 2021-03 (a month), "
            "2021 (a year), 2021-03-01..2021-03-15 (between), or unknown"
        )
        self.date_hint = QLabel()
        self.date_hint.setAccessibleName("Date precision")
        self.time_edit = QLineEdit()
        self.time_edit.setAccessibleName("Time")
        self.time_edit.setPlaceholderText("e.g. 23:15 or night")
        self.time_edit.setMaxLength(20)
        self.location_edit = QLineEdit()
        self.location_edit.setAccessibleName("Location")
        self.command_edit = QLineEdit()
        self.command_edit.setAccessibleName("Command")
        self.command_edit.setPlaceholderText("Precinct, squad or unit")
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Status")
        for code, label in ALLEGATION_STATUSES.items():
            self.status_combo.addItem(label, code)
        self.source_combo = QComboBox()
        self.source_combo.setAccessibleName("Source")
        for code, label in ALLEGATION_SOURCES.items():
            self.source_combo.addItem(label, code)
        self.reported_boxes: dict[str, QCheckBox] = {}
        reported_box = QGroupBox("Reported to")
        reported_grid = QGridLayout(reported_box)
        for position, (code, label) in enumerate(REPORTED_TO.items()):
            box = QCheckBox(label)
            box.setAccessibleName(f"Reported to {label}")
            box.toggled.connect(lambda on, code=code: self._reported_toggled(code, on))
            self.reported_boxes[code] = box
            reported_grid.addWidget(box, position // 2, position % 2)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_edit, 2)
        date_row.addWidget(self.date_hint, 1)

        # What
        self.conduct_model = ConductTreeModel(self)
        self.conduct_model.set_conduct_types(taxonomy.list_conduct_types(context.library))
        self.conduct_proxy = QSortFilterProxyModel(self)
        self.conduct_proxy.setSourceModel(self.conduct_model)
        self.conduct_proxy.setRecursiveFilteringEnabled(True)
        self.conduct_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.conduct_filter = QLineEdit()
        self.conduct_filter.setAccessibleName("Filter conduct types")
        self.conduct_filter.setPlaceholderText("Filter conduct types")
        self.conduct_filter.setClearButtonEnabled(True)
        self.conduct_filter.textChanged.connect(self._filter_conduct)
        self.conduct_view = QTreeView()
        self.conduct_view.setModel(self.conduct_proxy)
        self.conduct_view.setAccessibleName("Conduct types")
        self.conduct_view.setHeaderHidden(True)
        self.conduct_view.setUniformRowHeights(True)
        self.conduct_view.expandAll()
        self.conduct_chosen = QLabel()
        self.conduct_chosen.setWordWrap(True)
        self.conduct_chosen.setAccessibleName("Chosen conduct")
        self.conduct_model.checked_changed.connect(self._show_chosen_conduct)
        conduct_box = QGroupBox("Con&duct")
        conduct_layout = QVBoxLayout(conduct_box)
        conduct_layout.addWidget(self.conduct_filter)
        conduct_layout.addWidget(self.conduct_view, 1)
        conduct_layout.addWidget(self.conduct_chosen)

        # Narrative and evidence
        self.narrative_edit = QPlainTextEdit()
        self.narrative_edit.setAccessibleName("Narrative")
        self.narrative_edit.setTabChangesFocus(True)
        self.narrative_edit.setPlaceholderText("What the client or the paperwork says happened")
        self.citation_model = CitationTableModel(self)
        self.citation_view = QTableView()
        self.citation_view.setModel(self.citation_model)
        self.citation_view.setAccessibleName("Citations")
        self.citation_view.setToolTip("Double-click a citation to open the cited page")
        self.citation_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.citation_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.citation_view.verticalHeader().hide()
        self.citation_view.horizontalHeader().setSectionResizeMode(
            CitationTableModel.PINPOINT, QHeaderView.ResizeMode.ResizeToContents
        )
        self.citation_view.horizontalHeader().setStretchLastSection(True)
        self.citation_view.doubleClicked.connect(self._open_citation)
        self.add_citation_button = QPushButton("Add c&itation…")
        self.add_citation_button.clicked.connect(self._ask_citation)
        self.remove_citation_button = QPushButton("Remove citatio&n")
        self.remove_citation_button.clicked.connect(self.remove_selected_citation)
        QShortcut(
            QKeySequence.StandardKey.Delete, self.citation_view, self.remove_selected_citation
        ).setContext(Qt.ShortcutContext.WidgetShortcut)
        citation_buttons = QHBoxLayout()
        citation_buttons.addWidget(self.add_citation_button)
        citation_buttons.addWidget(self.remove_citation_button)
        citation_buttons.addStretch(1)
        evidence_box = QGroupBox("Narrative and e&vidence")
        evidence_layout = QVBoxLayout(evidence_box)
        evidence_layout.addWidget(buddy_label("Narr&ative:", self.narrative_edit))
        evidence_layout.addWidget(self.narrative_edit, 2)
        evidence_layout.addWidget(QLabel("Cited evidence (double-click opens the page):"))
        evidence_layout.addWidget(self.citation_view, 2)
        evidence_layout.addLayout(citation_buttons)

        self.message = InlineMessage()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        # Summary and date stay in sight; the rest is on tabs, so the editor is narrow
        # enough to stand beside the document viewer on a 1024-pixel screen. Each tab's
        # Alt letter differs from those of the fields on every page (a page's own fields
        # only share letters with other pages, which are never shown at the same time).
        top_form = QFormLayout()
        top_form.addRow("S&ummary:", self.summary_edit)
        top_form.addRow(buddy_label("&Date:", self.date_edit), date_row)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_form = QFormLayout()
        details_form.addRow("&Time:", self.time_edit)
        details_form.addRow("&Location:", self.location_edit)
        details_form.addRow("Co&mmand:", self.command_edit)
        details_form.addRow("&Status:", self.status_combo)
        details_form.addRow("Sou&rce:", self.source_combo)
        details_layout.addLayout(details_form)
        details_layout.addWidget(reported_box)
        details_layout.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Allegation")
        self.tabs.setUsesScrollButtons(False)
        self.officers_page = officers_box
        self.details_page = details
        self.conduct_page = conduct_box
        self.evidence_page = evidence_box
        for page, title in (
            (officers_box, "&Officers"),
            (details, "D&etails"),
            (conduct_box, "&Conduct"),
            (evidence_box, "E&vidence"),
        ):
            self.tabs.addTab(page, title)
        for box in (officers_box, conduct_box, evidence_box):
            box.setTitle("")
            box.setFlat(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top_form)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.date_edit.textChanged.connect(self._check_date)
        # Alt+O, Alt+E, Alt+C, Alt+V: the keyboard lands in the tab's first field.
        self.tabs.currentChanged.connect(self._focus_page)
        self.conduct_filter.installEventFilter(self)  # Enter goes into the tree, not Save
        self.picker.officers_changed.connect(self._update_tab_titles)
        self.conduct_model.checked_changed.connect(self._update_tab_titles)
        self.citation_model.modelReset.connect(self._update_tab_titles)
        self.setTabOrder(self.summary_edit, self.date_edit)
        self.setTabOrder(self.date_edit, self.tabs)
        for first, second in (
            (self.time_edit, self.location_edit),
            (self.location_edit, self.command_edit),
            (self.command_edit, self.status_combo),
            (self.status_combo, self.source_combo),
        ):
            self.setTabOrder(first, second)
        metrics = self.fontMetrics()
        self.resize(min(metrics.averageCharWidth() * 96, EDITOR_MAX_WIDTH), metrics.height() * 34)

        if allegation_id is not None:
            self._load(allegations.get_allegation(context.library, allegation_id))
        else:
            self.date_edit.setText("")
            self._check_date("")
        self._show_chosen_conduct()
        self._update_tab_titles()
        self.picker.search_edit.setFocus()
        self._as_opened = self._state()

    def _state(self) -> tuple[AllegationInput, tuple[int, ...]]:
        return self.allegation_input(), tuple(self._removed_citations)

    def has_unsaved_changes(self) -> bool:
        return self.saved_id is None and self._state() != self._as_opened

    def reject(self) -> None:
        """Cancel, Escape or the close button: an edited allegation is not dropped unasked."""
        if self.has_unsaved_changes():
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                "Save the changes to this allegation before closing?",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()  # closes the dialog when the allegation is stored
                return
        super().reject()

    # -- loading -----------------------------------------------------------------------------

    def _load(self, record: AllegationRecord) -> None:
        self.record = record
        self.matter_id = record.matter_id
        self.picker.clear()
        for link in record.officers:
            self.picker.add_link(link.officer_id, link.officer_name, link.role)
        self.summary_edit.setText(record.summary)
        self.date_edit.setText(record.date.text() if record.date.is_known else "unknown")
        self.time_edit.setText(record.time_text or "")
        self.location_edit.setText(record.location or "")
        self.command_edit.setText(record.command or "")
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(record.status), 0))
        self.source_combo.setCurrentIndex(max(self.source_combo.findData(record.source), 0))
        for code, box in self.reported_boxes.items():
            box.setChecked(code in record.reported_to)
        self.narrative_edit.setPlainText(record.narrative)
        self.conduct_model.set_checked_codes(record.conduct)
        self.citation_model.set_rows([CitationRow.stored(item) for item in record.citations])

    # -- live checks -----------------------------------------------------------------------

    def _parsed_date(self) -> PartialDate:
        return parse_partial_date(self.date_edit.text(), what="date")

    def _event_day(self) -> date | None:
        """The day identifiers must be valid on, for suggestions (None if unsure)."""
        try:
            return self._parsed_date().start
        except EvidenceDeskError:
            return None

    def _check_date(self, _text: str = "") -> bool:
        try:
            parsed = self._parsed_date()
        except EvidenceDeskError as error:
            self.date_hint.setText("⚠ not a date")
            self.date_hint.setToolTip(str(error))
            self.date_edit.setToolTip(str(error))
            return False
        self.date_hint.setText(
            f"{parsed.display()} ({PRECISION_WORDS[parsed.precision]})"
            if parsed.is_known
            else "date unknown"
        )
        self.date_hint.setToolTip("")
        return True

    def _reported_toggled(self, code: str, on: bool) -> None:
        """ "Not reported" and a body it was reported to exclude each other."""
        if not on:
            return
        if code == "none":
            for other, box in self.reported_boxes.items():
                if other != "none":
                    box.setChecked(False)
        else:
            self.reported_boxes["none"].setChecked(False)

    def _filter_conduct(self, text: str) -> None:
        self.conduct_proxy.setFilterFixedString(text)
        self.conduct_view.expandAll()

    def _update_tab_titles(self, *_args: object) -> None:
        """The tabs say how much each holds, so nothing is hidden behind them unseen."""
        counts = (
            (self.officers_page, "&Officers", len(self.picker.links())),
            (self.conduct_page, "&Conduct", len(self.conduct_model.checked_codes())),
            (self.evidence_page, "E&vidence", self.citation_model.rowCount()),
        )
        for page, title, count in counts:
            self.tabs.setTabText(self.tabs.indexOf(page), f"{title} ({count})" if count else title)

    def _focus_page(self, index: int) -> None:
        first = {
            self.officers_page: self.picker.search_edit,
            self.details_page: self.time_edit,
            self.conduct_page: self.conduct_filter,
            self.evidence_page: self.narrative_edit,
        }.get(self.tabs.widget(index))
        if first is not None and self.isVisible():
            first.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.conduct_filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._into_conduct_tree()
            return True
        return super().eventFilter(watched, event)

    def _into_conduct_tree(self) -> None:
        """Enter in the conduct filter: to the first conduct type it leaves, to tick with
        the space bar."""
        index = self.conduct_proxy.index(0, 0)
        while index.isValid() and self.conduct_proxy.rowCount(index):
            index = self.conduct_proxy.index(0, 0, index)
        if index.isValid():
            self.conduct_view.setCurrentIndex(index)
            self.conduct_view.setFocus()

    def show_field(self, widget: QWidget) -> None:
        """Bring the tab holding ``widget`` forward and focus it."""
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
                break
        widget.setFocus()

    def _show_chosen_conduct(self) -> None:
        codes = self.conduct_model.checked_codes()
        self.conduct_chosen.setText(
            "Chosen: " + "; ".join(self.conduct_model.label(code) for code in codes)
            if codes
            else "Tick one or more conduct types."
        )

    # -- citations ---------------------------------------------------------------------------

    def add_pending_citation(
        self, document_id: int, page_start: int, page_end: int | None, quote: str
    ) -> None:
        """Add a citation that is stored (and its quote checked again) when the allegation
        is saved; one that would be refused is marked at once."""
        end = page_end if page_end is not None else page_start
        rows = self.citation_model.rows()
        rows.append(
            CitationRow(
                document_id,
                page_start,
                end,
                None,
                quote.strip(),
                pending_pinpoint(self.context, document_id, page_start, end),
            )
        )
        self.citation_model.set_rows(rows)
        self._check_citations()

    def _ask_citation(self) -> None:
        dialog = CitationInputDialog(self.context, self.matter_id, self, place=self.viewer_place)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            item = dialog.citation()
            assert item.document_id is not None and item.page_start is not None
            self.add_pending_citation(item.document_id, item.page_start, item.page_end, item.quote)

    def remove_selected_citation(self) -> None:
        index = self.citation_view.currentIndex()
        if not index.isValid():
            return
        rows = self.citation_model.rows()
        row = rows.pop(index.row())
        if row.id is not None:
            self._removed_citations.append(row.id)
        self.citation_model.set_rows(rows)
        self._check_citations()

    def _check_citations(self) -> str | None:
        """Mark each waiting citation the core would refuse; say so, or take back a warning
        about citations once none is left. Returns the first problem."""
        rows = self.citation_model.rows()
        problems = allegations.check_citations(
            self.context.library, self.matter_id, self._pending_citations()
        )
        found = iter(problems)
        marked = [replace(row, problem=next(found)) if row.pending else row for row in rows]
        if marked != rows:
            self.citation_model.set_rows(marked)
        first = next((problem for problem in problems if problem), None)
        if first is not None:
            self.message.show_error(f"A citation cannot be saved: {first}")
            self._citation_warning = True
        elif self._citation_warning:
            self.message.clear()
            self._citation_warning = False
        return first

    def _open_citation(self, index: QModelIndex) -> None:
        row = self.citation_model.record(index.row())
        if row.document_id is not None:
            page = (row.record.quote_page if row.record else None) or row.page_start or 1
            self.open_document_requested.emit(row.document_id, page)

    # -- saving ------------------------------------------------------------------------------

    def _pending_citations(self) -> tuple[CitationInput, ...]:
        """The citations not stored yet, in list order."""
        return tuple(
            CitationInput(
                document_id=row.document_id,
                page_start=row.page_start,
                page_end=row.page_end,
                note_id=row.note_id,
                quote=row.quote,
            )
            for row in self.citation_model.rows()
            if row.pending
        )

    def allegation_input(self) -> AllegationInput:
        return AllegationInput(
            matter_id=self.matter_id,
            officers=self.picker.links(),
            date=self.date_edit.text().strip() or "unknown",
            conduct=self.conduct_model.checked_codes(),
            summary=self.summary_edit.text(),
            narrative=self.narrative_edit.toPlainText(),
            time_text=self.time_edit.text(),
            location=self.location_edit.text(),
            command=self.command_edit.text(),
            source=str(self.source_combo.currentData()),
            status=str(self.status_combo.currentData()),
            reported_to=tuple(code for code, box in self.reported_boxes.items() if box.isChecked()),
            citations=self._pending_citations(),
        )

    def _first_problem(self, data: AllegationInput) -> tuple[str, QWidget] | None:
        """Problems the dialog can point at before asking the core (which checks again)."""
        if not data.officers:
            return (
                "Name at least one officer (register an unidentified officer by description "
                "if the name is not known).",
                self.picker.search_edit,
            )
        if not data.summary.strip():
            return "Write a one-line summary of what happened.", self.summary_edit
        try:
            self._parsed_date()
        except EvidenceDeskError as error:
            return str(error), self.date_edit
        if not data.conduct:
            return "Tick at least one conduct type.", self.conduct_filter
        return None

    def save(self) -> bool:
        """Validate, then add or edit through the undo stack; problems show inline."""
        data = self.allegation_input()
        problem = self._first_problem(data)
        if problem is not None:
            self.message.show_error(problem[0])
            self._citation_warning = False
            self.show_field(problem[1])
            return False
        try:
            if self.allegation_id is None:
                command = AddAllegationCommand(self.context, data)
                push_command(self.context, command)
                assert command.record is not None
                self.saved_id = command.record.id
            else:
                edit = EditAllegationCommand(
                    self.context,
                    self.allegation_id,
                    data,
                    add_citations=data.citations,
                    remove_citations=tuple(self._removed_citations),
                    expected_version=self.record.version if self.record else None,
                )
                push_command(self.context, edit)
                self.saved_id = self.allegation_id
        except EditConflictError as error:
            return self._after_conflict(error)
        except EvidenceDeskError as error:  # a lost connection too: the edit stays here
            if self._check_citations() is None:  # not a citation: say what the core said
                self.message.show_error(str(error))
            return False
        self.message.clear()
        self.saved.emit(self.saved_id)
        self.accept()
        return True

    def _after_conflict(self, error: EditConflictError) -> bool:
        """Someone else saved this allegation first: reload theirs, save ours, or go on."""
        assert self.allegation_id is not None and self.record is not None
        choice = ask_after_conflict(self, error, self.windowTitle())
        if choice is ConflictChoice.OVERWRITE:
            self.record = replace(self.record, version=error.current_version)
            return self.save()
        if choice is ConflictChoice.RELOAD:
            try:
                self._load(allegations.get_allegation(self.context.library, self.allegation_id))
            except EvidenceDeskError as reload_error:
                self.message.show_error(str(reload_error))
                return False
            self._removed_citations.clear()
            self._as_opened = self._state()
            self.message.show_info(f"Reloaded the allegation as {error.changed_by} saved it.")
            return False
        self.message.show_error(str(error))
        return False
