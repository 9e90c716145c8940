"""Importing a roster of officers or a table of public records, with a preview first.

The dialog reads the file in the background at once and shows what an import would do
(a dry run): which preset recognised it, which column holds which field (changeable), how
many officers would be added or updated, which rows are ambiguous or unreadable and why.
**Import** then runs the real import off the GUI thread with a progress bar; **Cancel**
stops it and nothing is kept (the import is one transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import public_records, roster
from ...core.public_records import RecordsImportReport
from ...core.roster import RosterImportReport
from ...core.tabular import CANCELLED, RowIssue
from ...core.vocabulary import PUBLIC_RECORD_KINDS
from ...core.wording import plural
from ..context import AppContext, Change
from ..tasks import Task, TaskControl
from .code_combo import code_combo
from .inline_message import InlineMessage

ImportKind = Literal["roster", "records"]
SHOWN_ISSUES = 500  # rows listed; the summary counts them all
PREVIEW_DELAY_MS = 400  # wait for a pause in typing before reading the file again
_NONE = "(none)"


class PublicDataImportDialog(QDialog):
    """Preview, then import, one CSV file of officers or of public records."""

    def __init__(
        self,
        context: AppContext,
        kind: ImportKind,
        path: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.kind = kind
        self.path = Path(path)
        self.report: RosterImportReport | RecordsImportReport | None = None
        self.imported = False
        self._task: Task | None = None
        self._generation = 0
        self._mapping: dict[str, str] = {}
        self.setWindowTitle(
            "Import officer roster" if kind == "roster" else "Import public records"
        )
        self.file_label = QLabel(f"<b>{self.path.name}</b>")
        self.file_label.setTextFormat(Qt.TextFormat.RichText)
        self.preset_label = QLabel()
        self.preset_label.setWordWrap(True)
        self.source_edit = QLineEdit()
        self.source_edit.setAccessibleName("Source")
        self.source_edit.setPlaceholderText("Where the file comes from (kept with every row)")
        self.source_edit.textEdited.connect(lambda _text: self._preview_later())
        self.kind_combo: QComboBox | None = None
        form = QFormLayout()
        form.addRow("File:", self.file_label)
        form.addRow("", self.preset_label)
        form.addRow("&Source:", self.source_edit)
        if kind == "records":
            self.kind_combo = code_combo(PUBLIC_RECORD_KINDS, "complaint", "Record kind")
            self.kind_combo.currentIndexChanged.connect(lambda _index: self._preview_later())
            form.addRow("Rows are (unless a column says):", self.kind_combo)

        self.columns = QTableWidget(0, 2)
        self.columns.setAccessibleName("Columns")
        self.columns.setHorizontalHeaderLabels(["Field", "Column in the file"])
        self.columns.verticalHeader().hide()
        self.columns.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.columns.horizontalHeader().setStretchLastSection(True)
        self.columns.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)

        self.summary = QLabel("Reading the file…")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        self.issues = QListWidget()
        self.issues.setAccessibleName("Rows needing attention")
        self.issues.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.progress_label = QLabel()
        self.message = InlineMessage()

        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton("&Import")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_or_close)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)

        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_label, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Columns (change one if the file names a field otherwise):"))
        layout.addWidget(self.columns, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.issues, 2)
        layout.addLayout(progress_row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(760, 640)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.start_preview)
        self.start_preview()

    # -- running the core ---------------------------------------------------------------

    def _work(
        self, dry_run: bool
    ) -> Callable[[TaskControl], RosterImportReport | RecordsImportReport]:
        library, path, mapping = self.context.library, self.path, dict(self._mapping)
        source = self.source_edit.text().strip() or None
        kind = self.kind_combo.currentData() if self.kind_combo is not None else None

        def work(control: TaskControl) -> RosterImportReport | RecordsImportReport:
            if self.kind == "roster":
                return roster.import_roster(
                    library,
                    path,
                    mapping=mapping,
                    source=source,
                    dry_run=dry_run,
                    progress=control.progress,
                    cancel=control.cancel_event,
                )
            return public_records.import_records(
                library,
                path,
                mapping=mapping,
                source=source,
                kind=kind,
                dry_run=dry_run,
                progress=control.progress,
                cancel=control.cancel_event,
            )

        return work

    def _preview_later(self) -> None:
        if not self.imported:
            self._timer.start()

    def start_preview(self) -> None:
        """A dry run of the file as the dialog is set up now (in the background)."""
        self._timer.stop()
        if self._task is not None:
            self._task.cancel()
        self._generation += 1
        generation = self._generation
        self.import_button.setEnabled(False)
        self.summary.setText("Reading the file…")
        self._task = self.context.runner.start(
            self._work(dry_run=True),
            on_success=lambda report: self._previewed(generation, report),
            on_failure=lambda message: self._failed(generation, message),
            on_progress=lambda done, total, text: self._progressed(generation, done, total, text),
            description=f"Preview {self.path.name}",
            ask_before_quit=False,  # reads only
        )

    def start_import(self) -> None:
        """Import for real (in the background); the registry changes only if it finishes."""
        if self.report is None or self._task is not None:
            return
        self._generation += 1
        generation = self._generation
        self.import_button.setEnabled(False)
        self.columns.setEnabled(False)
        self.source_edit.setEnabled(False)
        if self.kind_combo is not None:
            self.kind_combo.setEnabled(False)
        self.cancel_button.setText("Cancel import")
        self.message.clear()
        self._task = self.context.runner.start(
            self._work(dry_run=False),
            on_success=lambda report: self._imported(generation, report),
            on_failure=lambda message: self._failed(generation, message),
            on_progress=lambda done, total, text: self._progressed(generation, done, total, text),
            description=f"Import {self.path.name}",
        )

    def cancel_or_close(self) -> None:
        if self._task is not None and not self.imported:
            self._task.cancel()
            self.progress_label.setText("Cancelling…")
            return
        self.reject() if not self.imported else self.accept()

    def reject(self) -> None:
        if self._task is not None:
            self._task.cancel()  # a preview still reading: stop it
        super().reject()

    # -- results ------------------------------------------------------------------------

    def _progressed(self, generation: int, done: int, total: int, text: str) -> None:
        if generation != self._generation:
            return
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)  # busy: the size is not known yet
        self.progress_label.setText(text)

    def _finished_task(self) -> None:
        self._task = None
        self.progress.setRange(0, 1)
        self.progress.setValue(1)

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._finished_task()
        self.progress_label.setText("")
        if message == CANCELLED:
            self.message.show_info("Import cancelled: nothing was imported.")
        else:
            self.message.show_error(message)
        self.summary.setText("")
        self.cancel_button.setText("Close")
        self.columns.setEnabled(True)
        self.source_edit.setEnabled(True)
        if self.kind_combo is not None:
            self.kind_combo.setEnabled(True)
        self.import_button.setEnabled(self.report is not None)

    def _previewed(self, generation: int, report: object) -> None:
        if generation != self._generation:
            return
        assert isinstance(report, RosterImportReport | RecordsImportReport)
        self._finished_task()
        self.report = report
        self.progress_label.setText("Preview: nothing changed yet.")
        self._show_columns(report)
        if not self.source_edit.isModified():
            self.source_edit.setText(report.source)
        self.preset_label.setText(
            f"Recognised as {report.preset}."
            if report.preset
            else "Columns found by their usual names; check them below."
        )
        self.summary.setText("Would import: " + self._counts(report))
        self._show_issues(report)
        self.import_button.setEnabled(self._importable(report))
        self.cancel_button.setText("Cancel")

    def _imported(self, generation: int, report: object) -> None:
        if generation != self._generation:
            return
        assert isinstance(report, RosterImportReport | RecordsImportReport)
        self._finished_task()
        self.report = report
        self.imported = True
        self.progress_label.setText("Done.")
        self.summary.setText("Imported: " + self._counts(report))
        self._show_issues(report)
        self.cancel_button.setText("Close")
        self.context.announce(Change.OFFICERS)
        self.context.status_message.emit(f"Imported {self.path.name}: {self._counts(report)}")

    @staticmethod
    def _importable(report: RosterImportReport | RecordsImportReport) -> bool:
        return bool(report.added or report.updated)

    def _counts(self, report: RosterImportReport | RecordsImportReport) -> str:
        if isinstance(report, RosterImportReport):
            parts = [
                f"{plural(report.added, 'officer')} added",
                f"{report.updated:,} updated",
                f"{report.unchanged:,} unchanged",
                f"{plural(len(report.ambiguous), 'row')} ambiguous",
            ]
            if report.repeated:
                parts.append(f"{plural(report.repeated, 'row')} naming an officer again")
        else:
            parts = [
                f"{plural(report.added, 'record')} added",
                f"{report.updated:,} updated",
                f"{report.unchanged:,} unchanged",
                f"for {plural(report.officers, 'officer')}",
                f"{plural(len(report.unlinked), 'row')} not linked to an officer",
            ]
        parts.append(f"{plural(len(report.skipped), 'unreadable row')} skipped")
        return "; ".join(parts) + "."

    def _show_issues(self, report: RosterImportReport | RecordsImportReport) -> None:
        issues: list[tuple[str, RowIssue]] = []
        if isinstance(report, RosterImportReport):
            issues += [("Ambiguous", issue) for issue in report.ambiguous]
        else:
            issues += [("Not linked", issue) for issue in report.unlinked]
        issues += [("Unreadable", issue) for issue in report.skipped]
        issues.sort(key=lambda item: item[1].line)
        self.issues.clear()
        for label, issue in issues[:SHOWN_ISSUES]:
            who = f"{issue.name}: " if issue.name else ""
            self.issues.addItem(f"Line {issue.line} — {label}: {who}{issue.message}")
        if len(issues) > SHOWN_ISSUES:
            self.issues.addItem(f"… and {len(issues) - SHOWN_ISSUES:,} more rows")
        self.issues.setVisible(bool(issues))

    def _show_columns(self, report: RosterImportReport | RecordsImportReport) -> None:
        fields = roster.ROSTER_FIELDS if self.kind == "roster" else public_records.RECORD_FIELDS
        self.columns.setRowCount(0)
        for field_name in fields:
            row = self.columns.rowCount()
            self.columns.insertRow(row)
            label = QLabel(field_name.replace("_", " "))
            label.setContentsMargins(4, 0, 4, 0)
            self.columns.setCellWidget(row, 0, label)
            combo = QComboBox()
            combo.setAccessibleName(f"Column for {field_name.replace('_', ' ')}")
            combo.addItem(_NONE, "")
            for header in report.headers:
                if header:
                    combo.addItem(header, header)
            current = report.columns.get(field_name, "")
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.currentIndexChanged.connect(
                lambda _index, name=field_name, box=combo: self.set_column(name, box.currentData())
            )
            self.columns.setCellWidget(row, 1, combo)

    def set_column(self, field_name: str, column: str) -> None:
        """Read ``field_name`` from ``column`` ("" for none), and preview again."""
        self._mapping[field_name] = column
        self._preview_later()

    def column_of(self, field_name: str) -> str:
        for row in range(self.columns.rowCount()):
            label = self.columns.cellWidget(row, 0)
            if isinstance(label, QLabel) and label.text() == field_name.replace("_", " "):
                combo = self.columns.cellWidget(row, 1)
                assert isinstance(combo, QComboBox)
                return str(combo.currentData())
        return ""
