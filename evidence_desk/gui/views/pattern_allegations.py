"""The allegations behind a cell of the patterns matrix: who, in which matters, when, what.

Double-clicking a count in the matrix lists exactly the allegations it counts (the same
filters, the same officer and conduct type). From the list an allegation's first cited
page opens in the viewer, or the allegation itself in its editor.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.records import AllegationRecord
from ...core.wording import plural
from ..models.allegations import AllegationTableModel
from .allegations_tab import allegation_table


class PatternAllegationsDialog(QDialog):
    """Lists allegations; asks the window to open a cited page or an allegation."""

    open_document_requested = Signal(int, int, str)  # document id, page, words to highlight
    edit_requested = Signal(int, int)  # matter id, allegation id

    def __init__(
        self,
        heading: str,
        records: list[AllegationRecord],
        conduct_labels: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(heading)
        self.model = AllegationTableModel(self)
        self.model.conduct_labels = conduct_labels
        self.model.set_rows(records)
        self.proxy, self.table = allegation_table(self, self.model, "Allegations behind the count")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.open_cited_page())
        self.table.activated.connect(lambda _index: self.open_cited_page())
        matters = len({record.matter_id for record in records})
        summary = QLabel(
            f"<b>{heading}</b>: {plural(len(records), 'allegation')} in "
            f"{plural(matters, 'matter')}. Double-click or Enter opens the first cited page, the "
            "quoted words marked."
        )
        summary.setWordWrap(True)
        self.page_button = QPushButton("Open cited &page")
        self.page_button.clicked.connect(self.open_cited_page)
        self.edit_button = QPushButton("&Edit allegation…")
        self.edit_button.clicked.connect(self.edit_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.page_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.edit_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        if records:
            self.table.selectRow(0)
        self.table.setFocus()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 120, metrics.height() * 22)

    def selected(self) -> AllegationRecord | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.record(self.proxy.mapToSource(index).row())

    def open_cited_page(self) -> bool:
        record = self.selected()
        if record is None:
            return False
        cited = next((item for item in record.citations if item.document_id is not None), None)
        if cited is None:
            self.edit_selected()  # only notes (or nothing) cited: the allegation says more
            return False
        page = cited.quote_page or cited.page_start or 1
        self.open_document_requested.emit(cited.document_id, page, cited.quote)
        return True

    def edit_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self.edit_requested.emit(record.matter_id, record.id)
