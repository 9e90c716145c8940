"""The selected matter's documents: filter, sort, import (dialog or drop), tag, open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core import documents, matters, tags
from ...core.records import MatterId
from ...core.wording import of_total
from ..commands import push_command
from ..commands.tags import ApplyTagCommand, RemoveTagCommand
from ..context import AppContext, Change
from ..models.documents import DocumentFilterProxy, DocumentTableModel
from .flow_layout import FlowLayout
from .icon_lookup import themed_icon
from .import_flow import local_paths

TITLE_MIN_WIDTH = 200  # pixels: "Arrest Report — Officer…" can still be told apart


class DocumentsTab(QWidget):
    """Shows one matter's documents; only that matter's rows are ever loaded."""

    open_document_requested = Signal(int, int)  # document id, page
    import_requested = Signal(int, list)  # matter id, paths (empty: ask in the dialog)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.matter_id: MatterId | None = None
        self.model = DocumentTableModel(self)
        self.proxy = DocumentFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.setAcceptDrops(True)

        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter documents by title, file, Bates or tag…")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter documents")
        self.filter_box.setMinimumWidth(self.fontMetrics().averageCharWidth() * 34)
        self.filter_box.textChanged.connect(self.proxy.set_text)
        self.tag_filter = QComboBox()
        self.tag_filter.setAccessibleName("Show documents with tag")
        self.tag_filter.setMinimumContentsLength(10)
        self.tag_filter.currentIndexChanged.connect(
            lambda _index: self.proxy.set_tag(self.tag_filter.currentData())
        )

        self.import_button = self._tool_button("&Import…", "import", self._ask_import)
        self.tag_button = self._tool_button("&Tag…", "tag", self.tag_selected)
        self.untag_button = self._tool_button("&Untag…", "clear", self.untag_selected)
        self.folder_button = self._tool_button(
            "Open &folder", "open-folder", self.open_matter_folder
        )

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Documents")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(DocumentTableModel.KIND, 48)
        header.resizeSection(DocumentTableModel.PAGES, 52)
        header.resizeSection(DocumentTableModel.BATES, 150)
        header.resizeSection(DocumentTableModel.IMPORTED, 130)
        header.resizeSection(DocumentTableModel.SOURCE, 110)
        header.resizeSection(DocumentTableModel.STATUS, 100)
        # Every column can be shown or hidden from the header's context menu; the import
        # time and the source are hidden at first so the title keeps its room.
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.table.setColumnHidden(DocumentTableModel.IMPORTED, True)
        self.table.setColumnHidden(DocumentTableModel.SOURCE, True)
        # The title takes the room the other columns leave, never less than can be read:
        # in a narrow list the table scrolls sideways rather than cut every title to "Ar…".
        self.table.viewport().installEventFilter(self)
        header.sectionResized.connect(self._other_column_resized)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.count_label = QLabel()
        self.drop_hint = QLabel("Drop files or folders here to import them.")
        self.drop_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.drop_hint.setEnabled(False)  # drawn in the palette's disabled (quiet) text colour

        # The tools wrap onto a second line when the tab is narrow, so the filters never
        # hide behind an overflow button.
        tools = QWidget()
        tools.setAccessibleName("Document tools")
        self.tools = tools
        flow = FlowLayout(tools)
        for button in (self.import_button, self.tag_button, self.untag_button, self.folder_button):
            flow.addWidget(button)
        flow.addWidget(self.filter_box)
        flow.addWidget(self.tag_filter)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addWidget(self.drop_hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(tools)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.setTabOrder(self.filter_box, self.tag_filter)
        self.setTabOrder(self.tag_filter, self.import_button)
        self.setTabOrder(self.import_button, self.tag_button)
        self.setTabOrder(self.tag_button, self.untag_button)
        self.setTabOrder(self.untag_button, self.folder_button)
        self.setTabOrder(self.folder_button, self.table)
        context.changed.connect(self._on_changed)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_title()
        return super().eventFilter(watched, event)

    def _other_column_resized(self, column: int, _old: int, _new: int) -> None:
        if column != DocumentTableModel.TITLE:
            self._fit_title()

    def _fit_title(self) -> None:
        header = self.table.horizontalHeader()
        others = sum(
            header.sectionSize(column)
            for column in range(header.count())
            if column != DocumentTableModel.TITLE and not header.isSectionHidden(column)
        )
        room = self.table.viewport().width() - others
        header.resizeSection(DocumentTableModel.TITLE, max(TITLE_MIN_WIDTH, room))

    def _column_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for column, title in enumerate(DocumentTableModel.headers):
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.setEnabled(column != DocumentTableModel.TITLE)
            action.toggled.connect(lambda shown, chosen=column: self._show_column(chosen, shown))
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))

    def _show_column(self, column: int, shown: bool) -> None:
        self.table.setColumnHidden(column, not shown)
        self._fit_title()

    def _tool_button(self, text: str, icon_name: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setIcon(themed_icon(icon_name))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    # -- loading -------------------------------------------------------------------------

    def set_matter(self, matter_id: MatterId | None) -> None:
        self.matter_id = matter_id
        self.refresh()

    def refresh(self) -> None:
        if self.matter_id is None:
            self.model.set_rows([])
        else:
            self.model.set_rows(documents.list_documents(self.context.library, self.matter_id))
        self._refresh_tags()
        self._update_buttons()
        self._update_count()

    def _refresh_tags(self) -> None:
        chosen = self.tag_filter.currentData()
        known = tags.list_tags(self.context.library)
        self.model.tag_colours = {tag.name: tag.colour for tag in known}
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", None)
        for tag in known:
            self.tag_filter.addItem(tag.name, tag.name)
        index = self.tag_filter.findData(chosen)
        self.tag_filter.setCurrentIndex(max(index, 0))
        self.tag_filter.blockSignals(False)
        self.proxy.set_tag(self.tag_filter.currentData())

    def _on_changed(self, change: Change) -> None:
        if change & (Change.DOCUMENTS | Change.TAGS) and self.matter_id is not None:
            selected = self.selected_document_ids()
            self.refresh()
            self.select_documents(selected)

    def _update_count(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.total()
        if self.matter_id is None:
            self.count_label.setText("No matter selected")
        else:
            self.count_label.setText(of_total(shown, total, "document"))

    def _update_buttons(self, *_args: object) -> None:
        has_matter = self.matter_id is not None
        has_selection = bool(self.table.selectionModel().selectedRows())
        self.import_button.setEnabled(has_matter)
        self.folder_button.setEnabled(has_matter)
        self.tag_button.setEnabled(has_selection)
        self.untag_button.setEnabled(has_selection)

    # -- selection -----------------------------------------------------------------------

    def selected_document_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.record(self.proxy.mapToSource(index).row()).id for index in rows]

    def select_documents(self, document_ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for document_id in document_ids:
            row = self.model.row_of(document_id)
            if row < 0:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                selection.select(
                    index,
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            record = self.model.record(self.proxy.mapToSource(index).row())
            self.open_document_requested.emit(record.id, 1)

    # -- actions -------------------------------------------------------------------------

    def _ask_import(self) -> None:
        if self.matter_id is not None:
            self.import_requested.emit(self.matter_id, [])

    def tag_selected(self) -> None:
        self._bulk_tag(remove=False)

    def untag_selected(self) -> None:
        self._bulk_tag(remove=True)

    def _bulk_tag(self, *, remove: bool) -> None:
        ids = self.selected_document_ids()
        if not ids:
            return
        if remove:
            chosen = set()
            for row in range(self.model.rowCount()):
                record = self.model.record(row)
                if record.id in ids:
                    chosen.update(record.tags)
            names = sorted(chosen)
            if not names:
                self.context.status_message.emit("The selected documents have no tags.")
                return
        else:
            names = [tag.name for tag in tags.list_tags(self.context.library)]
        verb = "Remove tag from" if remove else "Tag"
        name, ok = QInputDialog.getItem(
            self, f"{verb} {len(ids)} documents", "Tag:", names, 0, not remove
        )
        if ok and name.strip():
            self.apply_tag(name.strip(), ids, remove=remove)

    def apply_tag(self, tag: str, document_ids: list[int], *, remove: bool = False) -> None:
        """Tag (or untag) documents through the undo stack."""
        command_type = RemoveTagCommand if remove else ApplyTagCommand
        try:
            push_command(self.context, command_type(self.context, tag, document_ids))
        except Exception as error:
            QMessageBox.warning(self, "Tagging", str(error))

    def open_matter_folder(self) -> None:
        if self.matter_id is None:
            return
        record = matters.get_matter(self.context.library, self.matter_id)
        folder = self.context.library.ensure_matter_folders(record.folder_key)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- drag and drop -------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.matter_id is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self.matter_id is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths: list[Path] = local_paths(event.mimeData())
        if self.matter_id is None or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_requested.emit(self.matter_id, paths)
