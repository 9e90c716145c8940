""" "Cite in allegation…": pin a quote from the viewer to an allegation of the matter.

The words selected on the page fill the quote box; the page's text stands beside it to
choose from (or to correct the words). The user picks one of the matter's allegations, or
starts a new one with the citation already filled in. The core checks the quote against
the page; a refused quote is shown in the dialog so the words can be corrected, and
nothing is stored.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import allegations, documents, taxonomy
from ...core.citations import CitationInput
from ...core.errors import EvidenceDeskError
from ...core.records import AllegationRecord, MatterId
from ..commands import push_command
from ..commands.allegations import AddCitationCommand
from ..context import AppContext
from ..models.allegations import AllegationTableModel
from ..models.table_base import SORT_ROLE
from .allegation_editor import AllegationEditor, pending_pinpoint
from .inline_message import InlineMessage
from .quote_picker import QuotePicker


class CiteDialog(QDialog):
    """Choose the allegation a quote supports; ``allegation_id`` is set once it is stored."""

    def __init__(
        self,
        context: AppContext,
        matter_id: MatterId,
        document_id: int,
        page: int,
        quote: str,
        parent: QWidget | None = None,
        *,
        records: list[AllegationRecord] | None = None,
    ) -> None:
        """``records`` are the matter's allegations when the caller has them already."""
        super().__init__(parent)
        self.context = context
        self.matter_id = matter_id
        self.document_id = document_id
        self.page = page
        self.allegation_id: int | None = None
        self.editor: AllegationEditor | None = None
        self.setWindowTitle("Cite in allegation")
        where = QLabel(f"<b>{pending_pinpoint(context, document_id, page, page)}</b>")
        where.setTextFormat(Qt.TextFormat.RichText)
        self.picker = QuotePicker(quote)
        self.quote_edit = self.picker.quote_edit
        try:
            text = documents.get_page(context.library, document_id, page).text
        except EvidenceDeskError:
            text = ""
        self.picker.set_page_text(f"Text of page {page}", text)
        self.model = AllegationTableModel(self)
        self.model.conduct_labels = {
            item.code: item.label for item in taxonomy.list_conduct_types(context.library)
        }
        self.model.set_rows(
            records
            if records is not None
            else allegations.list_allegations(context.library, matter_id=matter_id)
        )
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(SORT_ROLE)
        self.proxy = proxy
        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.setAccessibleName("Allegations of the matter")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AllegationTableModel.DATE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setColumnHidden(AllegationTableModel.MATTER, True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.cite_selected())
        self.message = InlineMessage()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cite_button = QPushButton("&Cite in selected allegation")
        self.cite_button.setDefault(True)
        self.new_button = QPushButton("&New allegation…")
        self.buttons.addButton(self.cite_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cite_button.clicked.connect(self.cite_selected)
        self.new_button.clicked.connect(self.new_allegation)
        self.buttons.rejected.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(self.picker, 3)
        chooser = QLabel("&Allegation this evidence supports:", buddy=self.table)
        layout.addWidget(chooser)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update()
        self.resize(self.fontMetrics().averageCharWidth() * 110, self.fontMetrics().height() * 34)
        if quote:
            self.cite_button.setFocus()
        else:
            self.picker.page_text.setFocus()  # choose the words first

    def _update(self) -> None:
        self.cite_button.setEnabled(self.table.selectionModel().hasSelection())

    def citation(self) -> CitationInput:
        return CitationInput(
            document_id=self.document_id,
            page_start=self.page,
            page_end=self.page,
            quote=self.picker.quote(),
        )

    def select_allegation(self, allegation_id: int) -> None:
        row = self.model.row_of(allegation_id)
        if row >= 0:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())

    def cite_selected(self) -> bool:
        index = self.table.currentIndex()
        if not index.isValid():
            self.message.show_error("Choose an allegation, or start a new one.")
            return False
        allegation_id = self.model.record(self.proxy.mapToSource(index).row()).id
        try:
            push_command(
                self.context, AddCitationCommand(self.context, allegation_id, self.citation())
            )
        except EvidenceDeskError as error:
            self.message.show_error(str(error))
            return False
        self.allegation_id = allegation_id
        self.accept()
        return True

    def new_allegation(self) -> bool:
        """Open the editor with this citation filled in; done when the editor saves."""
        editor = AllegationEditor(self.context, self.matter_id, None, self)
        item = self.citation()
        editor.add_pending_citation(self.document_id, self.page, self.page, item.quote)
        self.editor = editor
        accepted = editor.exec() == QDialog.DialogCode.Accepted
        self.editor = None
        if accepted and editor.saved_id is not None:
            self.allegation_id = editor.saved_id
            self.accept()
            return True
        return False


def open_cite_flow(
    parent: QWidget | None,
    context: AppContext,
    matter_id: MatterId,
    document_id: int,
    page: int,
    quote: str,
    *,
    records: list[AllegationRecord] | None = None,
) -> bool:
    """Ask which allegation ``quote`` (on ``page`` of the document) supports and cite it.

    Returns True when a citation was stored (in an existing or a new allegation).
    """
    dialog = CiteDialog(context, matter_id, document_id, page, quote, parent, records=records)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted and dialog.allegation_id is not None
    finally:
        dialog.deleteLater()
