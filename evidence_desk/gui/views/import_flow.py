"""Importing files into a matter from the window: the dialog, the drop, progress, failures.

``ImportController`` runs the core's ``import_paths`` on the task runner, shows a progress
dialog whose Cancel sets the task's cancel event, and afterwards lists every file that did
not import cleanly with the reason the core gave.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.records import MatterId
from ...core.vocabulary import DOCUMENT_SOURCES
from ...core.wording import plural
from ..context import AppContext, Change
from ..tasks import Task, TaskControl

# Statuses of an import result that need no further word to the user.
CLEAN_STATUSES = frozenset({"ok"})


def local_paths(mime: QMimeData) -> list[Path]:
    """Local files and folders named by dropped URLs (remote URLs are ignored)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def needs_attention(result: Any) -> bool:
    return str(getattr(result, "status", "")) not in CLEAN_STATUSES


class ImportDialog(QDialog):
    """Choose files and folders, their source and an optional password, then import."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        matter_label: str = "",
        paths: Sequence[Path] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import into {matter_label}" if matter_label else "Import")
        self.path_list = QListWidget()
        self.path_list.setAccessibleName("Files to import")
        self.path_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for path in paths:
            self.path_list.addItem(str(path))
        add_files = QPushButton("Add &files…")
        add_files.clicked.connect(self._add_files)
        add_folder = QPushButton("Add f&older…")
        add_folder.clicked.connect(self._add_folder)
        remove = QPushButton("&Remove")
        remove.clicked.connect(self._remove_selected)
        self.source = QComboBox()
        for code, label in DOCUMENT_SOURCES.items():
            self.source.addItem(label, code)
        self.source.setAccessibleName("Source")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("only for encrypted PDFs")
        self.password.setAccessibleName("Password")
        buttons_row = QHBoxLayout()
        for button in (add_files, add_folder, remove):
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        form = QFormLayout()
        form.addRow("&Source", self.source)
        form.addRow("&Password", self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Files and folders (folders are imported with everything in them):")
        )
        layout.addWidget(self.path_list, 1)
        layout.addLayout(buttons_row)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.path_list.model().rowsInserted.connect(self._update_ok)
        self.path_list.model().rowsRemoved.connect(self._update_ok)
        self._update_ok()
        self.resize(560, 380)

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.path_list.count() > 0
        )

    def _add_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self,
            "Add files",
            "",
            "Evidence (*.pdf *.docx *.txt *.text *.md *.png *.jpg *.jpeg *.tif *.tiff);;"
            "All files (*)",
        )
        for name in names:
            self.path_list.addItem(name)

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add folder")
        if folder:
            self.path_list.addItem(folder)

    def _remove_selected(self) -> None:
        for item in self.path_list.selectedItems():
            self.path_list.takeItem(self.path_list.row(item))

    def paths(self) -> list[Path]:
        return [Path(self.path_list.item(row).text()) for row in range(self.path_list.count())]

    def source_code(self) -> str:
        return str(self.source.currentData())

    def password_text(self) -> str | None:
        return self.password.text() or None


class ImportResultsDialog(QDialog):
    """After an import: which files need attention, and why."""

    def __init__(self, results: Sequence[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished")
        problems = [result for result in results if needs_attention(result)]
        clean = len(results) - len(problems)
        summary = QLabel(
            f"{clean} of {plural(len(results), 'file')} imported cleanly. "
            f"{len(problems)} need{'s' * (len(problems) == 1)} attention:"
        )
        summary.setWordWrap(True)
        self.table = QTableWidget(len(problems), 3)
        self.table.setAccessibleName("Files that need attention")
        self.table.setHorizontalHeaderLabels(["File", "Status", "Reason"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, result in enumerate(problems):
            values = (
                str(result.file_name),
                str(result.status).replace("_", " "),
                str(result.message or ""),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(str(getattr(result, "source_path", "") or value))
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 320)


def progress_text(done: int, total: int, message: str) -> str:
    """The progress dialog's words: "20 of 63 files" over "dd5-0020.pdf: 60 pages"."""
    if done == 0 or total == 0:
        return message
    counted = f"{done} of {plural(total, 'file')}"
    return f"{counted}\n{message}" if message else counted


class ImportController(QObject):
    """Runs one import at a time for the window and reports how it went."""

    finished = Signal(list)  # the ImportResults
    failed = Signal(str)

    def __init__(self, context: AppContext, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.context = context
        self.parent_widget = parent_widget
        self.task: Task | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.results_dialog: ImportResultsDialog | None = None
        self.show_results = True  # tests and scripts may look at the results themselves

    @property
    def running(self) -> bool:
        return self.task is not None

    def ask_and_import(
        self, matter_id: MatterId, matter_label: str, paths: Sequence[Path] = ()
    ) -> None:
        dialog = ImportDialog(self.parent_widget, matter_label=matter_label, paths=paths)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start(
                matter_id,
                dialog.paths(),
                source=dialog.source_code(),
                password=dialog.password_text(),
            )

    def start(
        self,
        matter_id: MatterId,
        paths: Sequence[Path],
        *,
        source: str = "discovery",
        password: str | None = None,
    ) -> Task | None:
        if self.task is not None:
            self.context.status_message.emit("An import is already running; wait for it first.")
            return None
        from ...core.ingest.pipeline import import_paths

        library = self.context.library
        chosen = [Path(path) for path in paths]

        def work(control: TaskControl) -> list[Any]:
            def report(progress: Any) -> None:
                # "report.pdf: 12 pages" - which file just came in, and what it gave.
                parts = [part for part in (progress.file_name, progress.message) if part]
                control.progress(progress.done, progress.total, ": ".join(parts))

            return import_paths(
                library,
                matter_id,
                chosen,
                source=source,
                password=password,
                progress=report,
                cancel=control.cancel_event,
            )

        dialog = QProgressDialog("Preparing import…", "Cancel", 0, 0, self.parent_widget)
        dialog.setWindowTitle("Importing")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        dialog.setAccessibleName("Import progress")
        self.progress_dialog = dialog
        self.task = self.context.runner.start(
            work,
            on_success=self._succeeded,
            on_failure=self._failed,
            on_progress=self._progress,
            description=f"Importing {plural(len(chosen), 'item')}",
        )
        dialog.canceled.connect(self.cancel)
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            if self.progress_dialog is not None:
                self.progress_dialog.setLabelText("Cancelling after the current file…")

    def _progress(self, done: int, total: int, message: str) -> None:
        dialog = self.progress_dialog
        if dialog is None or self.task is None or self.task.control.cancelled:
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        dialog.setLabelText(progress_text(done, total, message))

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        self.task = None

    def _succeeded(self, results: list[Any]) -> None:
        self._close_progress()
        results = list(results or [])
        self.context.announce(Change.DOCUMENTS | Change.MATTERS | Change.TAGS)
        clean = sum(1 for result in results if not needs_attention(result))
        self.context.status_message.emit(f"Imported {clean} of {len(results)} files.")
        if self.show_results and any(needs_attention(result) for result in results):
            self.results_dialog = ImportResultsDialog(results, self.parent_widget)
            self.results_dialog.setModal(False)
            self.results_dialog.show()
        self.finished.emit(results)

    def _failed(self, message: str) -> None:
        self._close_progress()
        self.context.announce(Change.DOCUMENTS | Change.MATTERS)
        self.context.status_message.emit(f"Import failed: {message}")
        self.failed.emit(message)
