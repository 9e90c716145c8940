"""The selected matter's allegations: date, officers, conduct, status, number of citations.

New and Edit open the allegation editor (not modal, and placed beside the document viewer
by the window, so the cited pages can be read while it is open); Delete is undoable. The
list refreshes itself whenever allegations or officers change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import allegations, taxonomy
from ...core.errors import EvidenceDeskError
from ...core.records import AllegationRecord, MatterId
from ...core.wording import plural
from ..commands import push_command
from ..commands.allegations import DeleteAllegationCommand, short_name
from ..context import AppContext, Change
from ..models.allegations import AllegationTableModel
from ..models.table_base import SORT_ROLE
from ..tasks import TaskControl
from .allegation_editor import AllegationEditor
from .inline_message import sentence
from .quote_picker import PagePlace


def allegation_table(
    parent: QWidget, model: AllegationTableModel, name: str
) -> tuple[QSortFilterProxyModel, QTableView]:
    """A read-only list of allegations, one selected at a time, sorted by date."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = QTableView()
    table.setModel(proxy)
    table.setAccessibleName(name)
    table.setSortingEnabled(True)
    table.sortByColumn(AllegationTableModel.DATE, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return proxy, table


class AllegationsTab(QWidget):
    open_document_requested = Signal(int, int)  # document id, page
    editor_opened = Signal(object)  # the AllegationEditor just shown, to be placed
    loaded = Signal()  # the matter's allegations are shown

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.matter_id: MatterId | None = None
        self._generation = 0
        self._shown_matter: MatterId | None = None  # whose allegations the list holds
        self._selection_wanted: int | None = None
        self.editor: AllegationEditor | None = None
        # Where the document viewer is, for the editor's "Add citation…" (set by the window).
        self.viewer_place: Callable[[], PagePlace | None] | None = None
        self.model = AllegationTableModel(self)
        self.proxy, self.table = allegation_table(self, self.model, "Allegations")
        self.table.setColumnHidden(AllegationTableModel.MATTER, True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.new_button = QPushButton("&New…")
        self.new_button.setAccessibleName("New allegation")
        self.new_button.setToolTip("Record a new allegation (Ctrl+Shift+A)")
        self.new_button.clicked.connect(self.new_allegation)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setAccessibleName("Edit allegation")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setAccessibleName("Delete allegation")
        self.delete_button.setToolTip("Delete the selected allegation (Delete); Ctrl+Z undoes it")
        self.delete_button.clicked.connect(self.delete_selected)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected).setContext(
            Qt.ShortcutContext.WidgetShortcut
        )
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of allegations")
        self.count_label.setMinimumWidth(0)
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.count_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        context.changed.connect(self._on_changed)
        self.refresh()

    def set_matter(self, matter_id: MatterId | None) -> None:
        if matter_id != self.matter_id:
            # Never one client's allegations under another's matter, not even while the
            # new matter's are read.
            self._selection_wanted = None
            self._shown_matter = None
            self.model.set_rows([])
            self.count_label.clear()
        self.matter_id = matter_id
        self.refresh()

    def refresh(self) -> None:
        """Read the matter's allegations in the background (a matter may hold a thousand:
        measured at 0.4 s), then show them; a later refresh supersedes an earlier one."""
        self._generation += 1
        generation, matter_id = self._generation, self.matter_id
        if matter_id is None:
            self._show(generation, None, ({}, []))
            return
        library = self.context.library

        def work(_control: TaskControl) -> tuple[dict[str, str], list[AllegationRecord]]:
            labels = {item.code: item.label for item in taxonomy.list_conduct_types(library)}
            return labels, allegations.list_allegations(library, matter_id=matter_id)

        self.context.runner.start(
            work,
            on_success=lambda result: self._show(generation, matter_id, result),
            on_failure=lambda message: self.context.status_message.emit(sentence(message)),
            ask_before_quit=False,  # read-only
        )

    def _show(
        self,
        generation: int,
        matter_id: MatterId | None,
        result: tuple[dict[str, str], list[AllegationRecord]],
    ) -> None:
        if generation != self._generation:
            return  # another matter was chosen, or the data changed again, meanwhile
        labels, rows = result
        keep = self._selection_wanted or self.selected_id()
        if labels:
            self.model.conduct_labels = labels
        self.model.set_rows(rows)
        self._shown_matter = matter_id
        for column in range(AllegationTableModel.SUMMARY):
            self.table.resizeColumnToContents(column)
        if keep is not None and (row := self.model.row_of(keep)) >= 0:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
            self._selection_wanted = None
        count = len(rows)
        self.count_label.setText("" if matter_id is None else plural(count, "allegation"))
        self._update_buttons()
        self.loaded.emit()

    def records_of(self, matter_id: MatterId) -> list[AllegationRecord] | None:
        """The allegations of ``matter_id`` as shown, or None when they are not (yet)."""
        return self.model.rows() if self._shown_matter == matter_id else None

    def _on_changed(self, change: Change) -> None:
        # Not "matters": no column shows matter data, and a matter just deleted (New matter
        # undone) must not be listed before the window has chosen another one.
        if change & (Change.ALLEGATIONS | Change.OFFICERS | Change.TAXONOMY):
            self.refresh()

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().hasSelection():
            return None
        return self.model.record(self.proxy.mapToSource(index).row()).id

    def select_allegation(self, allegation_id: int) -> None:
        """Select it now, or as soon as the list that holds it is read."""
        row = self.model.row_of(allegation_id)
        self._selection_wanted = allegation_id if row < 0 else None
        if row >= 0:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())

    def _update_buttons(self) -> None:
        has_matter = self.matter_id is not None
        selected = self.selected_id() is not None
        self.new_button.setEnabled(has_matter)
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    def open_editor(self, allegation_id: int | None = None) -> AllegationEditor | None:
        if self.matter_id is None:
            return None
        editor = AllegationEditor(self.context, self.matter_id, allegation_id, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.viewer_place = self.viewer_place
        editor.open_document_requested.connect(self.open_document_requested)
        editor.saved.connect(self.select_allegation)
        self.editor = editor
        editor.destroyed.connect(lambda *_: setattr(self, "editor", None))
        editor.show()
        self.editor_opened.emit(editor)
        return editor

    def new_allegation(self) -> AllegationEditor | None:
        return self.open_editor(None)

    def edit_selected(self) -> AllegationEditor | None:
        allegation_id = self.selected_id()
        return self.open_editor(allegation_id) if allegation_id is not None else None

    def delete_selected(self, *, confirm: bool = True) -> None:
        index = self.table.currentIndex()
        allegation_id = self.selected_id()
        if allegation_id is None:
            return
        record = self.model.record(self.proxy.mapToSource(index).row())
        if confirm:
            answer = QMessageBox.question(
                self,
                "Delete allegation",
                f"Delete the allegation “{short_name(record)}” with its "
                f"{plural(len(record.citations), 'citation')}? You can undo this (Ctrl+Z).",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            push_command(
                self.context,
                DeleteAllegationCommand(self.context, allegation_id, short_name(record)),
            )
        except EvidenceDeskError as error:
            QMessageBox.warning(self, "Delete allegation", str(error))

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
