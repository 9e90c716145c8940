"""Reading scanned pages from the window: OCR in the background after an import.

``OcrController`` runs the core's ``run_ocr`` on a task runner of its own (one thread:
OCR can take minutes, and the window's shared runner must stay free for searches and
imports), shows its progress in the status bar with a Cancel button, and tells the views
when pages became searchable. Quitting cancels it without asking: the pages still to do
are in the library's queue and the next run goes on with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext, Change
from ..tasks import Task, TaskControl, TaskRunner
from .background_status import BackgroundStatus

SWITCHED_OFF = "switched off"  # what a run after an import gives when OCR is off


class OcrStatus(BackgroundStatus):
    """The status bar's OCR corner: what is being read, how far, and Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            label_name="OCR progress",
            bar_name="OCR pages read",
            cancel_text="Cancel OCR",
            cancel_tip="Stop reading scanned pages; the next run goes on from here",
            parent=parent,
        )


class OcrController(QObject):
    """One OCR run at a time for the window."""

    finished = Signal(object)  # the OcrSummary
    failed = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = TaskRunner(self, max_threads=1)
        self.status = OcrStatus()
        self.status.cancel_button.clicked.connect(self.cancel)
        self.task: Task | None = None
        self.waiting: list[tuple[int | None, list[int] | None]] = []

    @property
    def running(self) -> bool:
        return self.task is not None

    def after_import(self, results: Sequence[Any]) -> Task | None:
        """Read the scanned pages of the documents an import just brought in."""
        scanned = [result.id for result in results if result.status == "needs_ocr" and result.id]
        if not scanned:
            return None
        return self.start(documents=scanned, quiet_when_off=True)

    def start(
        self,
        *,
        matter_id: int | None = None,
        documents: Sequence[int] | None = None,
        quiet_when_off: bool = False,
    ) -> Task | None:
        library = self.context.library
        if self.task is not None:
            # One run at a time; what is asked meanwhile is read as soon as it ends.
            self.waiting.append((matter_id, list(documents) if documents is not None else None))
            self.context.status_message.emit("OCR is busy; these pages are read next.")
            return None
        chosen = list(documents) if documents is not None else None

        def work(control: TaskControl) -> Any:
            # Everything here, imports and settings included, stays off the GUI thread.
            from ...core.ingest.ocr_run import ocr_settings, run_ocr

            if quiet_when_off and not ocr_settings(library).enabled:
                return SWITCHED_OFF

            def report(progress: Any) -> None:
                control.progress(progress.done, progress.total, progress.message)

            return run_ocr(
                library,
                matter_id,
                documents=chosen,
                progress=report,
                cancel=control.cancel_event,
            )

        self.status.begin("Reading scanned pages…")
        self.task = self.runner.start(
            work,
            on_success=self._succeeded,
            on_failure=self._failed,
            on_progress=self._progress,
            description="Reading scanned pages (OCR)",
            ask_before_quit=False,
        )
        return self.task

    def cancel(self) -> None:
        self.waiting.clear()
        if self.task is not None:
            self.task.cancel()
            self.status.cancel_button.setEnabled(False)
            self.status.label.setText("Stopping OCR after the pages under way…")

    def stop(self, milliseconds: int = 30_000) -> None:
        """Cancel and wait (the window is closing): the queue keeps what is left."""
        self.cancel()
        self.runner.wait(milliseconds)

    def _progress(self, done: int, total: int, message: str) -> None:
        if self.task is None or self.task.control.cancelled:
            return
        self.status.advance(done, total, f"OCR: {done} of {total} pages")
        self.status.label.setToolTip(message)
        if done and done % 10 == 0:
            self.context.announce(Change.DOCUMENTS)  # statuses move as pages are read

    def _finish(self, *, go_on: bool = True) -> None:
        self.task = None
        self.status.hide()
        self.context.announce(Change.DOCUMENTS)
        if go_on and self.waiting:
            matter_id, documents = self.waiting.pop(0)
            self.start(matter_id=matter_id, documents=documents)

    def _succeeded(self, summary: Any) -> None:
        self._finish()
        if summary is SWITCHED_OFF:
            self.context.status_message.emit(
                "Scanned pages were not read: OCR is switched off (Document ▸ OCR settings…)."
            )
            return
        self.context.status_message.emit(summary.message())
        self.finished.emit(summary)

    def _failed(self, message: str) -> None:
        self.waiting.clear()  # OCR cannot run (switched off, not installed): do not retry now
        self._finish(go_on=False)
        self.context.status_message.emit(f"Scanned pages were not read: {message}")
        self.failed.emit(message)


class OcrSettingsDialog(QDialog):
    """Whether imports read scanned pages, and in which languages."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        from ...core.ingest.ocr_run import ocr_settings

        super().__init__(parent)
        self.context = context
        self.setWindowTitle("OCR settings")
        settings = ocr_settings(context.library)
        self.enabled = QCheckBox("Read scanned pages with OCR after each import")
        self.enabled.setChecked(settings.enabled)
        self.languages = QLineEdit(settings.languages)
        self.languages.setAccessibleName("OCR languages")
        self.languages.setToolTip("Tesseract language names joined by +, e.g. eng or eng+spa")
        self.engine_label = QLabel(_engine_text())
        self.engine_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: palette(highlight)")
        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow("&Languages", self.languages)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.engine_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(460, 200)

    def save(self) -> None:
        from ...core.errors import EvidenceDeskError
        from ...core.ingest.ocr_run import set_ocr_settings

        try:
            set_ocr_settings(
                self.context.library,
                enabled=self.enabled.isChecked(),
                languages=self.languages.text(),
            )
        except EvidenceDeskError as error:
            self.error_label.setText(str(error))
            return
        self.accept()


def _engine_text() -> str:
    from ...core.ingest.ocr import OcrError, engine

    try:
        found = engine()
    except OcrError as error:
        return str(error)
    languages = ", ".join(found.languages) or "none"
    return f"Tesseract {found.version} at {found.path}; installed languages: {languages}."
