"""The main window: the matters of the open library."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QTableWidget, QTableWidgetItem

from ..config import APP_NAME
from ..core import matters
from ..core.library import Library


class MainWindow(QMainWindow):
    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.setWindowTitle(f"{APP_NAME} — {library.path}")
        self.matter_table = QTableWidget(0, 4, self)
        self.matter_table.setHorizontalHeaderLabels(["File no.", "Caption", "Client", "Status"])
        self.matter_table.setAccessibleName("Matters")
        self.setCentralWidget(self.matter_table)
        self.statusBar().addPermanentWidget(QLabel(f"{library.path} — {library.user}"))
        self.resize(1000, 650)
        self.refresh()

    def refresh(self) -> None:
        summaries = matters.list_matters(self.library)
        self.matter_table.setRowCount(len(summaries))
        for row, summary in enumerate(summaries):
            record = summary.matter
            for column, value in enumerate(
                [record.file_number, record.caption, record.client.name, record.status]
            ):
                self.matter_table.setItem(row, column, QTableWidgetItem(value))
