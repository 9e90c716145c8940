"""Possible duplicates in the registry, offered for merging one pair at a time.

The list (two records sharing an identifier, with names that agree or are similar) is
worked out in the background; **Merge…** opens the usual merge dialog for the chosen pair,
which shows clashing identifiers and can be undone.
"""

from __future__ import annotations

from collections.abc import Callable

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

from ...core.officer_duplicates import PossibleDuplicate, find_possible_duplicates
from ...core.officers import MergeRecord
from ...core.records import OfficerRecord
from ...core.wording import plural
from ..context import AppContext
from ..models.officers import DuplicateTableModel

MergePair = Callable[[OfficerRecord, OfficerRecord], MergeRecord | None]


class DuplicatesDialog(QDialog):
    """Pairs of records that may be one officer; merge a pair or leave it."""

    def __init__(
        self, context: AppContext, merge_pair: MergePair, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.merge_pair = merge_pair
        self.setWindowTitle("Possible duplicate officers")
        intro = QLabel(
            "Records that share a shield, tax id, CCRB id or undercover number and whose "
            "names agree may be one officer. Merge a pair you know to be one person; a pair "
            "split again by Unmerge is not offered again."
        )
        intro.setWordWrap(True)
        self.model = DuplicateTableModel(self)
        self.view = QTableView()
        self.view.setAccessibleName("Possible duplicates")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        for column in (DuplicateTableModel.FIRST, DuplicateTableModel.SECOND):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            DuplicateTableModel.CONFIDENCE, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _index: self.merge_selected())
        self.status = QLabel("Looking for possible duplicates…")
        self.status.setAccessibleName("Duplicate status")
        self.merge_button = QPushButton("&Merge…")
        self.merge_button.setEnabled(False)
        self.merge_button.clicked.connect(self.merge_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.merge_button.setEnabled(self.selected() is not None)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(900, 420)
        self.reload()

    def reload(self) -> None:
        library = self.context.library
        self.status.setText("Looking for possible duplicates…")
        self.context.runner.start(
            lambda _control: find_possible_duplicates(library),
            on_success=self._show,
            on_failure=self.status.setText,
            description="Find possible duplicate officers",
            ask_before_quit=False,
        )

    def _show(self, pairs: object) -> None:
        assert isinstance(pairs, list)
        self.model.set_rows(pairs)
        self.status.setText(
            f"{plural(len(pairs), 'possible duplicate')}; double-click or Merge… to merge a pair."
            if pairs
            else "No possible duplicates: no two records share an identifier and a name."
        )
        if pairs:
            self.view.selectRow(0)

    def selected(self) -> PossibleDuplicate | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def merge_selected(self) -> MergeRecord | None:
        pair = self.selected()
        if pair is None:
            return None
        merge = self.merge_pair(pair.first, pair.second)
        if merge is not None:
            self.reload()
        return merge
