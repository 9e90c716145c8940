"""The officer registry shared by all matters: find, correct, merge and unmerge officers.

The list shows each officer with identifiers and counts; the filter compares numbers
without leading zeros. The detail shows names, aliases, identifiers over time, merges, every
allegation naming the officer in any matter (privileged) and, apart, his public records;
**Dossier…** gathers all of it, on screen and in Word. **Import** brings in a roster or
public records from CSV (previewed, then imported in the background with a progress bar);
**Possible duplicates…** offers records that may be one officer for merging. Merging two
records asks first (and lists clashing identifiers); every change is undoable.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import allegations, officers, public_records, taxonomy
from ...core.dates import parse_date
from ...core.errors import EditConflictError, EvidenceDeskError
from ...core.matching import filter_key, filter_terms, matches_filter
from ...core.officers import IdentifierInput, MergeRecord
from ...core.records import OfficerRecord
from ...core.vocabulary import OFFICER_IDENTIFIER_KINDS
from ...core.wording import of_total, plural
from ..commands import push_command
from ..commands.officers import (
    AddAliasCommand,
    AddIdentifierCommand,
    EditOfficerCommand,
    MergeOfficersCommand,
    RemoveAliasCommand,
    RemoveIdentifierCommand,
    UnmergeOfficerCommand,
    editable_values,
)
from ..context import AppContext, Change
from ..models.allegations import AllegationTableModel
from ..models.officers import (
    IdentifierTableModel,
    OfficerTableModel,
    PublicRecordTableModel,
    officer_label,
)
from ..models.table_base import SORT_ROLE
from .edit_conflict import ConflictChoice, ask_after_conflict
from .inline_message import InlineMessage
from .lines_edit import LinesEdit
from .officer_dossier import DossierDialog
from .officer_duplicates import DuplicatesDialog
from .officer_picker import NewOfficerDialog
from .public_data_import import ImportKind, PublicDataImportDialog

FILTER_DELAY_MS = 150  # a pause in typing before filtering tens of thousands of officers
LARGE_REGISTRY = 3000  # more officers than this are loaded off the GUI thread


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


class IdentifierDialog(QDialog):
    """A new identifier with its optional validity period."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add identifier")
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Identifier kind")
        for code, label in OFFICER_IDENTIFIER_KINDS.items():
            self.kind_combo.addItem(label, code)
        self.value_edit = QLineEdit()
        self.value_edit.setAccessibleName("Identifier value")
        self.from_edit = QLineEdit()
        self.from_edit.setAccessibleName("Valid from")
        self.from_edit.setPlaceholderText("YYYY-MM-DD (optional)")
        self.to_edit = QLineEdit()
        self.to_edit.setAccessibleName("Valid to")
        self.to_edit.setPlaceholderText("YYYY-MM-DD (optional)")
        # Wide enough for the placeholders and a long tax or employee number.
        self.value_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 16))
        self.message = InlineMessage()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Kind:", self.kind_combo)
        form.addRow("&Value:", self.value_edit)
        form.addRow("Valid &from:", self.from_edit)
        form.addRow("Valid &to:", self.to_edit)
        form.addRow(self.message)
        form.addRow(buttons)
        self.item: IdentifierInput | None = None

    def accept(self) -> None:
        try:
            valid_from = (
                parse_date(self.from_edit.text(), what="valid from")
                if self.from_edit.text().strip()
                else None
            )
            valid_to = (
                parse_date(self.to_edit.text(), what="valid to")
                if self.to_edit.text().strip()
                else None
            )
        except EvidenceDeskError as error:
            self.message.show_error(str(error))
            return
        if not self.value_edit.text().strip():
            self.message.show_error("Type the identifier's value.")
            return
        self.item = IdentifierInput(
            self.kind_combo.currentData(), self.value_edit.text().strip(), valid_from, valid_to
        )
        super().accept()


class MergeDialog(QDialog):
    """Confirm folding one officer into another; conflicts must be acknowledged."""

    def __init__(
        self,
        context: AppContext,
        first: OfficerRecord,
        second: OfficerRecord,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.first = first
        self.second = second
        self.merge: MergeRecord | None = None
        self.setWindowTitle("Merge officers")
        intro = QLabel(
            "The two records will become one: identifiers, aliases and allegations move to "
            "the officer you keep. You can unmerge later."
        )
        intro.setWordWrap(True)
        self.keep_first = QRadioButton(f"Keep {self._describe(first)}")
        self.keep_second = QRadioButton(f"Keep {self._describe(second)}")
        for button in (self.keep_first, self.keep_second):
            button.setAccessibleName(button.text())
        keep_default = first if first.allegation_count >= second.allegation_count else second
        (self.keep_first if keep_default is first else self.keep_second).setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.keep_first)
        group.addButton(self.keep_second)
        group.buttonToggled.connect(lambda *_: self._show_conflicts())
        self.conflict_list = QListWidget()
        self.conflict_list.setAccessibleName("Merge conflicts")
        self.conflict_list.setWordWrap(True)
        self.conflict_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conflict_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        self.conflict_box = QGroupBox("Conflicting identifiers")
        QVBoxLayout(self.conflict_box).addWidget(self.conflict_list)
        self.confirm_box = QCheckBox("They are the same person despite these &conflicts")
        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName("Reason for the merge")
        self.reason_edit.setPlaceholderText("Why they are the same officer (kept with the merge)")
        self.message = InlineMessage()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Merge")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.confirm_box.toggled.connect(lambda *_: self._update())
        form = QFormLayout()
        form.addRow("&Reason:", self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.keep_first)
        layout.addWidget(self.keep_second)
        layout.addWidget(self.conflict_box)
        layout.addWidget(self.confirm_box)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.conflicts: list[officers.MergeConflict] = []
        self._show_conflicts()

    @staticmethod
    def _describe(record: OfficerRecord) -> str:
        return (
            f"{officer_label(record)} – {plural(record.allegation_count, 'allegation')}, "
            f"{plural(record.matter_count, 'matter')}"
        )

    def keep_and_other(self) -> tuple[OfficerRecord, OfficerRecord]:
        if self.keep_first.isChecked():
            return self.first, self.second
        return self.second, self.first

    def _show_conflicts(self) -> None:
        keep, other = self.keep_and_other()
        self.conflicts = officers.merge_conflicts(self.context.library, keep.id, other.id)
        self.conflict_list.clear()
        for conflict in self.conflicts:
            self.conflict_list.addItem(QListWidgetItem(conflict.message))
        self.conflict_box.setVisible(bool(self.conflicts))
        self.confirm_box.setVisible(bool(self.conflicts))
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(not self.conflicts or self.confirm_box.isChecked())

    def accept(self) -> None:
        keep, other = self.keep_and_other()
        command = MergeOfficersCommand(
            self.context,
            keep.id,
            other.id,
            reason=self.reason_edit.text(),
            force=bool(self.conflicts) and self.confirm_box.isChecked(),
        )
        try:
            push_command(self.context, command)
        except EvidenceDeskError as error:
            self.message.show_error(str(error))
            return
        self.merge = command.merge
        super().accept()


class OfficerFilterProxy(QSortFilterProxyModel):
    """The registry's filter: every word typed must appear in the officer's name, rank,
    command, aliases or identifiers; numbers compare without leading zeros ("UC 214" finds
    UC 0214)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []
        self._accepted: list[bool] | None = None  # per source row, for the current terms

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        super().setSourceModel(model)
        # Rows reordered or replaced: the answers per row no longer hold.
        model.layoutAboutToBeChanged.connect(self._forget)
        model.modelAboutToBeReset.connect(self._forget)

    def _forget(self, *_args: object) -> None:
        self._accepted = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The model sorts itself (quickly, in one pass); the proxy keeps its order.
        model = self.sourceModel()
        assert isinstance(model, OfficerTableModel)
        model.sort(column, order)

    def set_filter_text(self, text: str) -> None:
        self.beginFilterChange()
        self._terms = filter_terms(text)
        self._accepted: list[bool] | None = None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._terms:
            return True
        if self._accepted is None:
            # All rows in one pass: Qt then asks row by row, and each answer is a lookup.
            model = self.sourceModel()
            assert isinstance(model, OfficerTableModel)
            terms = self._terms
            self._accepted = [
                matches_filter(model.filter_key(row), terms) for row in range(model.rowCount())
            ]
        return self._accepted[source_row]


class OfficerRegistry(QWidget):
    open_document_requested = Signal(int, int)  # document id, page

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.current: OfficerRecord | None = None
        self._refreshing = False
        self._sized = False
        self._generation = 0  # the newest reload; an older one arriving late is dropped

        # The list
        self.model = OfficerTableModel(self)
        self.proxy = OfficerFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName("Filter officers")
        self.filter_edit.setPlaceholderText("Filter by name, command or identifier (Ctrl+L)")
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        QShortcut(QKeySequence("Ctrl+L"), self, self.filter_edit.setFocus).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        self.show_merged = QCheckBox("Show &merged records")
        self.show_merged.toggled.connect(lambda *_: self.refresh(wait=False))
        self.table = _table("Officers")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(OfficerTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.merge_button = QPushButton("Mer&ge…")
        self.merge_button.setToolTip("Select two officers who are the same person, then merge")
        self.merge_button.clicked.connect(self.merge_selected)
        self.new_button = QPushButton("&New officer…")
        self.new_button.setToolTip("Register an officer, or an unidentified one by description")
        self.new_button.clicked.connect(lambda: self.new_officer())
        self.import_button = QPushButton("&Import")
        self.import_button.setToolTip(
            "Import a roster of officers or public misconduct records from a CSV file"
        )
        import_menu = QMenu(self.import_button)
        import_menu.addAction(
            "Officer roster (CSV)…", lambda: self.import_file("roster")
        ).setToolTip("NYC CCRB officer roster, ProPublica's CCRB export, or any CSV of officers")
        import_menu.addAction("Public records (CSV)…", lambda: self.import_file("records"))
        self.import_button.setMenu(import_menu)
        self.duplicates_button = QPushButton("Possible &duplicates…")
        self.duplicates_button.setToolTip(
            "Records that share an identifier and a name: merge the ones that are one officer"
        )
        self.duplicates_button.clicked.connect(lambda: self.show_duplicates())
        self.count_label = QLabel()
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.new_button)
        list_buttons.addWidget(self.merge_button)
        list_buttons.addWidget(self.import_button)
        list_buttons.addWidget(self.duplicates_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.count_label)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_edit, 1)
        filter_row.addWidget(self.show_merged)
        left_layout.addLayout(filter_row)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(list_buttons)

        # The detail
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.field_edits: dict[str, QLineEdit | LinesEdit] = {}
        details = QFormLayout()
        for name, label in (
            ("name", "&Name"),
            ("rank", "&Rank"),
            ("command", "&Command"),
            ("agency", "A&gency"),
            ("description", "&Description"),
        ):
            edit = LinesEdit() if name == "description" else QLineEdit()
            edit.setAccessibleName(f"Officer {name}")
            edit.textEdited.connect(lambda *_: self._update_save())
            self.field_edits[name] = edit
            details.addRow(label + ":", edit)
        self.save_button = QPushButton("&Save details")
        self.save_button.clicked.connect(self.save_details)
        details.addRow("", self.save_button)

        self.identifier_model = IdentifierTableModel(self)
        self.identifier_view = _table("Identifiers over time")
        self.identifier_view.setModel(self.identifier_model)
        self.identifier_view.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)
        self.add_identifier_button = QPushButton("Add &identifier…")
        self.add_identifier_button.clicked.connect(self.ask_identifier)
        self.remove_identifier_button = QPushButton("Remove identifier")
        self.remove_identifier_button.clicked.connect(self.remove_identifier)
        identifier_box = QGroupBox("Identifiers over time")
        identifier_layout = QVBoxLayout(identifier_box)
        identifier_layout.addWidget(self.identifier_view)
        row = QHBoxLayout()
        row.addWidget(self.add_identifier_button)
        row.addWidget(self.remove_identifier_button)
        row.addStretch(1)
        identifier_layout.addLayout(row)

        self.alias_list = QListWidget()
        self.alias_list.setAccessibleName("Aliases")
        self.alias_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.add_alias_button = QPushButton("Add &alias…")
        self.add_alias_button.clicked.connect(self.ask_alias)
        self.remove_alias_button = QPushButton("Remove alias")
        self.remove_alias_button.clicked.connect(self.remove_alias)
        alias_box = QGroupBox("Aliases (as sources wrote the name)")
        alias_layout = QVBoxLayout(alias_box)
        alias_layout.addWidget(self.alias_list)
        row = QHBoxLayout()
        row.addWidget(self.add_alias_button)
        row.addWidget(self.remove_alias_button)
        row.addStretch(1)
        alias_layout.addLayout(row)

        self.merge_list = QListWidget()
        self.merge_list.setAccessibleName("Merges")
        self.merge_list.setWordWrap(True)
        self.merge_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.unmerge_button = QPushButton("&Unmerge")
        self.unmerge_button.setToolTip("Undo the selected merge: both officers come back")
        self.unmerge_button.clicked.connect(lambda: self.unmerge_selected())
        self.merge_list.currentItemChanged.connect(
            lambda *_: self.unmerge_button.setEnabled(self._undoable_merge() is not None)
        )
        merge_box = QGroupBox("Merges")
        merge_layout = QHBoxLayout(merge_box)
        merge_layout.addWidget(self.merge_list, 1)
        merge_layout.addWidget(self.unmerge_button, 0, Qt.AlignmentFlag.AlignTop)

        self.allegation_model = AllegationTableModel(self)
        allegation_proxy = QSortFilterProxyModel(self)
        allegation_proxy.setSourceModel(self.allegation_model)
        allegation_proxy.setSortRole(SORT_ROLE)
        self.allegation_proxy = allegation_proxy
        self.allegation_view = _table("Allegations naming the officer")
        self.allegation_view.setModel(allegation_proxy)
        self.allegation_view.setSortingEnabled(True)
        self.allegation_view.sortByColumn(AllegationTableModel.DATE, Qt.SortOrder.AscendingOrder)
        self.allegation_view.setToolTip("Double-click to open the first cited page")
        self.allegation_view.doubleClicked.connect(self._open_allegation)
        self.public_model = PublicRecordTableModel(self)
        public_proxy = QSortFilterProxyModel(self)
        public_proxy.setSourceModel(self.public_model)
        public_proxy.setSortRole(SORT_ROLE)
        self.public_view = _table("Public records")
        self.public_view.setModel(public_proxy)
        self.public_view.setSortingEnabled(True)
        self.public_view.sortByColumn(PublicRecordTableModel.DATE, Qt.SortOrder.DescendingOrder)
        self.public_view.setWordWrap(False)
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setAccessibleName("Allegations and public records")
        self.detail_tabs.addTab(self.allegation_view, "Allegations in all matters (privileged)")
        self.detail_tabs.addTab(self.public_view, "Public records")
        self.dossier_button = QPushButton("D&ossier…")
        self.dossier_button.setToolTip(
            "Everything known about the officer, on screen and as a Word file"
        )
        self.dossier_button.clicked.connect(lambda: self.show_dossier())

        self.message = InlineMessage()
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.dossier_button)
        detail_layout.addLayout(heading_row)
        top = QHBoxLayout()
        top.addLayout(details, 3)
        side = QVBoxLayout()
        side.addWidget(identifier_box)
        side.addWidget(alias_box)
        top.addLayout(side, 4)
        detail_layout.addLayout(top)
        detail_layout.addWidget(merge_box)
        detail_layout.addWidget(self.detail_tabs, 1)
        detail_layout.addWidget(self.message)
        self.detail = detail

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self.setTabOrder(self.filter_edit, self.show_merged)
        self.setTabOrder(self.show_merged, self.table)
        self.setTabOrder(self.table, self.new_button)
        self.setTabOrder(self.new_button, self.merge_button)
        context.changed.connect(self._on_changed)
        self.refresh(wait=False)

    # -- list ------------------------------------------------------------------------------

    def refresh(self, *, wait: bool = True) -> None:
        """Reload the list. A large registry (a whole force's roster) is read in the
        background unless ``wait``; a small one, at once."""
        keep = [record.id for record in self.selected_officers()]
        include_merged = self.show_merged.isChecked()
        self._generation += 1
        if wait or officers.officer_count(self.context.library) <= LARGE_REGISTRY:
            rows = officers.list_officers(self.context.library, include_merged=include_merged)
            self._apply(rows, keep)
            return
        generation, library = self._generation, self.context.library
        self.count_label.setText("Loading officers…")

        def load(_control: object) -> tuple[list[OfficerRecord], dict[int, str]]:
            rows = officers.list_officers(library, include_merged=include_merged)
            return rows, {record.id: filter_key(record) for record in rows}

        self.context.runner.start(
            load,
            on_success=lambda loaded: self._loaded(generation, loaded, keep),
            on_failure=self.message.show_error,
            description="Load the officer registry",
            ask_before_quit=False,  # reads only
        )

    def _loaded(self, generation: int, loaded: object, keep: list[int]) -> None:
        if generation == self._generation and isinstance(loaded, tuple):
            rows, keys = loaded
            self._apply(rows, keep, keys)

    @property
    def loading(self) -> bool:
        return self.count_label.text() == "Loading officers…"

    def _apply(
        self, rows: list[OfficerRecord], keep: list[int], keys: dict[int, str] | None = None
    ) -> None:
        # Reloading the list is not the user choosing another officer: nothing typed is
        # saved, and the detail is shown once, after the reload.
        self.current = None
        self._refreshing = True
        try:
            self._reload(rows, keep, keys)
        finally:
            self._refreshing = False
        self._selection_changed()

    def _reload(
        self, rows: list[OfficerRecord], keep: list[int], keys: dict[int, str] | None
    ) -> None:
        self.model.set_rows(rows, keys)
        self.proxy.set_filter_text(self.filter_edit.text())
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if not self._sized:
            # Measured on the first rows only: a roster has tens of thousands.
            self.table.horizontalHeader().setResizeContentsPrecision(200)
            self.table.resizeColumnsToContents()
            self._sized = bool(rows)
        self._show_count()
        for officer_id in keep:
            self.select_officer(officer_id, add=True)

    def _show_count(self) -> None:
        """ "3 of 40 officers" while the filter hides some: the count matches the list."""
        self.count_label.setText(of_total(self.proxy.rowCount(), self.model.rowCount(), "officer"))

    def _on_changed(self, change: Change) -> None:
        if change & (Change.OFFICERS | Change.ALLEGATIONS | Change.TAXONOMY):
            self.refresh(wait=False)

    def new_officer(self) -> OfficerRecord | None:
        """Register an officer (undoable); the filter text is the starting point."""
        dialog = NewOfficerDialog(self.context, self.filter_edit.text(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.record is None:
            return None
        self.filter_edit.clear()
        self.refresh()
        self.select_officer(dialog.record.id)
        return dialog.record

    def select_officer(self, officer_id: int, *, add: bool = False) -> bool:
        row = self.model.row_of(officer_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        flags = (
            self.table.selectionModel().SelectionFlag.Select
            if add
            else self.table.selectionModel().SelectionFlag.ClearAndSelect
        ) | self.table.selectionModel().SelectionFlag.Rows
        self.table.selectionModel().select(index, flags)
        self.table.selectionModel().setCurrentIndex(
            index, self.table.selectionModel().SelectionFlag.NoUpdate
        )
        return True

    def selected_officers(self) -> list[OfficerRecord]:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [self.model.record(self.proxy.mapToSource(index).row()) for index in rows]

    def officer_ids(self) -> list[int]:
        """The ids the list shows (tests and the main window's "Find officer")."""
        return [record.id for record in self.model.rows()]

    def _selection_changed(self) -> None:
        if self._refreshing:
            return
        previous = self.current
        changes = self._changes() if previous is not None else {}
        if previous is not None and changes:
            # Choosing another officer keeps the details typed for this one: saved (one
            # undo step) once the selection change is over, as the save reloads the list.
            QTimer.singleShot(0, self, lambda: self._save_officer(previous, changes))
        selected = self.selected_officers()
        self.merge_button.setEnabled(
            len(selected) == 2 and all(item.merged_into_id is None for item in selected)
        )
        current = self.table.currentIndex()
        record: OfficerRecord | None = None
        if current.isValid() and self.table.selectionModel().isRowSelected(current.row()):
            record = self.model.record(self.proxy.mapToSource(current).row())
        elif selected:
            record = selected[-1]
        self.show_officer(record)

    # -- detail -----------------------------------------------------------------------------

    def show_officer(self, record: OfficerRecord | None) -> None:
        self.current = record
        self.message.clear()
        live = record is not None and record.merged_into_id is None
        if record is None:
            self.heading.setText("Select an officer")
        elif record.merged_into_id is not None:
            survivor = officer_label(
                officers.get_officer(self.context.library, record.merged_into_id)
            )
            self.heading.setText(f"{officer_label(record)} (merged into {survivor})")
        else:
            self.heading.setText(officer_label(record))
        for name, edit in self.field_edits.items():
            edit.setText((getattr(record, name) or "") if record else "")
            edit.setEnabled(live)
        self.identifier_model.set_rows(record.identifiers if record else [])
        self.identifier_view.resizeColumnsToContents()
        self.alias_list.clear()
        for alias in record.aliases if record else ():
            item = QListWidgetItem(alias.text + (f"  ({alias.source})" if alias.source else ""))
            item.setData(Qt.ItemDataRole.UserRole, alias.id)
            self.alias_list.addItem(item)
        self.merge_list.clear()
        if record is not None:
            for merge in officers.list_merges(self.context.library, record.id):
                when = merge.merged_at.strftime("%Y-%m-%d")
                text = f"{merge.merged} merged into {merge.survivor} on {when} by {merge.merged_by}"
                if merge.reason:
                    text += f": {merge.reason}"
                if merge.unmerged_at is not None:
                    text += f" (unmerged {merge.unmerged_at:%Y-%m-%d})"
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, merge)
                self.merge_list.addItem(item)
        self.allegation_model.conduct_labels = {
            item.code: item.label for item in taxonomy.list_conduct_types(self.context.library)
        }
        self.allegation_model.set_rows(
            allegations.list_allegations(self.context.library, officer=record.id)
            if record is not None and live
            else []
        )
        self.allegation_view.resizeColumnsToContents()
        records = (
            public_records.list_public_records(self.context.library, officer_id=record.id)
            if record is not None
            else []
        )
        self.public_model.set_rows(records)
        self.public_view.resizeColumnsToContents()
        self.detail_tabs.setTabText(
            1, f"Public records ({len(records)})" if record is not None else "Public records"
        )
        self.dossier_button.setEnabled(live)
        for widget in (
            self.add_identifier_button,
            self.remove_identifier_button,
            self.add_alias_button,
            self.remove_alias_button,
        ):
            widget.setEnabled(live)
        self.unmerge_button.setEnabled(self._undoable_merge() is not None)
        self._update_save()

    def _update_save(self) -> None:
        self.save_button.setEnabled(bool(self._changes()))

    def _changes(self) -> dict[str, str]:
        if self.current is None or self.current.merged_into_id is not None:
            return {}
        old = editable_values(self.current)
        return {
            name: edit.text().strip()
            for name, edit in self.field_edits.items()
            if edit.text().strip() != old[name]
        }

    def _run(self, command: object) -> bool:
        try:
            push_command(self.context, command)  # type: ignore[arg-type]
        except EvidenceDeskError as error:
            self.message.show_error(str(error))
            return False
        return True

    def save_pending(self) -> bool:
        """Save details typed but not saved (before the window closes); False if refused."""
        return not self._changes() or self.save_details()

    def save_details(self) -> bool:
        changes = self._changes()
        if self.current is None or not changes:
            return False
        return self._save_officer(self.current, changes)

    def _save_officer(self, record: OfficerRecord, changes: dict[str, str]) -> bool:
        """Save typed details, unless someone else changed the officer since it was shown:
        then reload theirs, save ours over it, or keep editing (nothing typed is lost)."""
        command = EditOfficerCommand(self.context, record.id, changes, record.version)
        try:
            push_command(self.context, command)
        except EditConflictError as error:
            choice = ask_after_conflict(self, error, "Officer")
            if choice is ConflictChoice.OVERWRITE:
                return self._save_officer(replace(record, version=error.current_version), changes)
            if choice is ConflictChoice.RELOAD:
                self.refresh()
                self.select_officer(record.id)
                self.message.show_info(f"Reloaded the officer as {error.changed_by} saved it.")
            else:
                self.message.show_error(str(error))
            return False
        except EvidenceDeskError as error:
            self.message.show_error(str(error))
            return False
        return True

    def ask_identifier(self) -> None:
        if self.current is None:
            return
        dialog = IdentifierDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.item is not None:
            self.add_identifier(dialog.item)

    def add_identifier(self, item: IdentifierInput) -> bool:
        if self.current is None:
            return False
        return self._run(AddIdentifierCommand(self.context, self.current.id, item))

    def remove_identifier(self) -> None:
        index = self.identifier_view.currentIndex()
        if index.isValid():
            self._run(
                RemoveIdentifierCommand(self.context, self.identifier_model.record(index.row()).id)
            )

    def ask_alias(self) -> None:
        if self.current is None:
            return
        text, ok = QInputDialog.getText(
            self, "Add alias", "How a source wrote this officer's name (e.g. P.O. Smyth):"
        )
        if ok and text.strip():
            self.add_alias(text)

    def add_alias(self, text: str) -> bool:
        if self.current is None:
            return False
        return self._run(AddAliasCommand(self.context, self.current.id, text))

    def remove_alias(self) -> None:
        item = self.alias_list.currentItem()
        if item is not None:
            self._run(RemoveAliasCommand(self.context, int(item.data(Qt.ItemDataRole.UserRole))))

    def _open_allegation(self, index: QModelIndex) -> None:
        record = self.allegation_model.record(self.allegation_proxy.mapToSource(index).row())
        for citation in record.citations:
            if citation.document_id is not None:
                page = citation.quote_page or citation.page_start or 1
                self.open_document_requested.emit(citation.document_id, page)
                return
        self.message.show_info("This allegation cites no document yet.")

    # -- merge and unmerge -----------------------------------------------------------------

    def merge_selected(self) -> MergeRecord | None:
        selected = self.selected_officers()
        if len(selected) != 2:
            self.message.show_error("Select exactly two officers to merge.")
            return None
        return self.merge_pair(selected[0], selected[1])

    def _undoable_merge(self) -> MergeRecord | None:
        item = self.merge_list.currentItem() or (
            self.merge_list.item(0) if self.merge_list.count() else None
        )
        if item is None:
            return None
        merge = item.data(Qt.ItemDataRole.UserRole)
        return merge if isinstance(merge, MergeRecord) and merge.unmerged_at is None else None

    def unmerge_selected(self, *, confirm: bool = True) -> bool:
        merge = self._undoable_merge()
        if merge is None:
            return False
        if confirm:
            answer = QMessageBox.question(
                self,
                "Unmerge officers",
                f"Split {merge.merged} out of {merge.survivor} again, "
                "with the identifiers, aliases and allegations that came with the merge?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return self._run(UnmergeOfficerCommand(self.context, merge))

    def merge_pair(self, first: OfficerRecord, second: OfficerRecord) -> MergeRecord | None:
        """The merge dialog for two given officers (from the duplicate finder)."""
        dialog = MergeDialog(self.context, first, second, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.merge is not None:
            self.select_officer(dialog.merge.survivor_id)
            return dialog.merge
        return None

    # -- filter, imports, duplicates, dossier ------------------------------------------------

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.proxy.set_filter_text(self.filter_edit.text())
        self._show_count()

    def import_file(self, kind: ImportKind, path: Path | None = None) -> bool:
        """Import a roster or public records (a file chosen here unless given); True if
        something was imported."""
        if path is None:
            title = "Import officer roster" if kind == "roster" else "Import public records"
            name, _filter = QFileDialog.getOpenFileName(
                self, title, str(Path.home()), "CSV files (*.csv *.txt);;All files (*)"
            )
            if not name:
                return False
            path = Path(name)
        dialog = PublicDataImportDialog(self.context, kind, path, self)
        dialog.exec()
        return dialog.imported

    def show_duplicates(self) -> None:
        DuplicatesDialog(self.context, self.merge_pair, self).exec()

    def show_dossier(self) -> None:
        if self.current is not None:
            DossierDialog(self.context, self.current.id, self).exec()
