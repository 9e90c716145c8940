"""The Document menu (and the document list's context menu): details, Bates numbers by
hand, delete. Each works on the one document selected in the Documents tab."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from ...core import documents
from ...core.errors import EvidenceDeskError
from ...core.records import DocumentRecord
from ..context import AppContext, Change
from .document_dialogs import BatesDialog, DocumentDetailsDialog
from .documents_tab import DocumentsTab
from .inline_message import sentence
from .viewer import DocumentViewer


class DocumentActions(QObject):
    def __init__(
        self,
        context: AppContext,
        tab: DocumentsTab,
        viewer: DocumentViewer,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.context = context
        self.tab = tab
        self.viewer = viewer
        self.window = window
        self.details_action = self._action("Document &details…", self.edit_details, "F2")
        self.bates_action = self._action("&Number pages (Bates)…", self.number_pages)
        self.delete_action = self._action("De&lete document…", self.delete)
        self.actions = [self.details_action, self.bates_action, self.delete_action]
        tab.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        tab.table.addActions(self.actions)
        tab.table.selectionModel().selectionChanged.connect(lambda *_: self.update())
        tab.model.modelReset.connect(self.update)
        self.update()

    def _action(self, text: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def selected(self) -> DocumentRecord | None:
        """The one selected document (None for none or several)."""
        ids = self.tab.selected_document_ids()
        if len(ids) != 1:
            return None
        return self.tab.model.record(self.tab.model.row_of(ids[0]))

    def update(self) -> None:
        one = self.selected() is not None
        for action in self.actions:
            action.setEnabled(one)

    def edit_details(self) -> bool:
        record = self.selected()
        if record is None:
            return False
        return DocumentDetailsDialog(self.context, record, self.window).exec() == 1

    def number_pages(self) -> bool:
        record = self.selected()
        if record is None:
            return False
        if record.page_count == 0:
            QMessageBox.information(
                self.window, "Number pages", f"“{record.title}” has no pages to number."
            )
            return False
        return BatesDialog(self.context, record, self.window).exec() == 1

    def delete(self) -> bool:
        """Delete after asking; the file goes to the library's backups/deleted folder."""
        record = self.selected()
        if record is None:
            return False
        answer = QMessageBox.question(
            self.window,
            "Delete document",
            f"Delete “{record.title}” ({record.file_name}) from this matter?\n\n"
            "Its pages leave the search index; the file itself is moved to the library's "
            "backups/deleted folder, not destroyed. This cannot be undone with Undo.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            documents.delete_document(self.context.library, record.id)
        except EvidenceDeskError as error:
            QMessageBox.warning(self.window, "Delete document", sentence(str(error)))
            return False
        if self.viewer.record is not None and self.viewer.record.id == record.id:
            self.viewer.clear()
        self.context.announce(Change.DOCUMENTS)
        self.context.status_message.emit(f"Deleted “{record.title}”")
        return True
