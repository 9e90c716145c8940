"""Dialogs for one document: its details (title, source, date) and Bates numbers by hand.

Each dialog runs its change through the undo stack when accepted and shows the core's
refusal inline, so nothing is half-saved and Ctrl+Z takes the change back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.dates import parse_date
from ...core.errors import EvidenceDeskError
from ...core.ingest.bates import format_bates
from ...core.records import DocumentRecord
from ...core.vocabulary import DOCUMENT_SOURCES
from ..commands import ServiceCommand, push_command
from ..commands.documents import AssignBatesCommand, EditDocumentCommand
from ..context import AppContext
from .inline_message import InlineMessage


class _DocumentDialog(QDialog):
    """A form, an inline message and OK/Cancel; ``command()`` says what OK does."""

    def __init__(
        self, context: AppContext, record: DocumentRecord, title: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.record = record
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = InlineMessage()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{record.title}</b> · {record.file_name}")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def command(self) -> ServiceCommand | None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            command = self.command()
            if command is not None:
                push_command(self.context, command)
        except EvidenceDeskError as error:
            self.message.show_error(str(error))
            return
        super().accept()


class DocumentDetailsDialog(_DocumentDialog):
    """Title, source and date of a document (the file itself is never changed)."""

    def __init__(
        self, context: AppContext, record: DocumentRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, record, "Document details", parent)
        self.title_edit = QLineEdit(record.title)
        self.title_edit.setAccessibleName("Title")
        self.source_combo = QComboBox()
        self.source_combo.setAccessibleName("Source")
        for code, label in DOCUMENT_SOURCES.items():
            self.source_combo.addItem(label, code)
        self.source_combo.setCurrentIndex(max(self.source_combo.findData(record.source), 0))
        self.date_edit = QLineEdit(record.document_date.isoformat() if record.document_date else "")
        self.date_edit.setAccessibleName("Document date")
        self.date_edit.setPlaceholderText("YYYY-MM-DD, or empty")
        self.form.addRow("&Title:", self.title_edit)
        self.form.addRow("&Source:", self.source_combo)
        self.form.addRow("&Date:", self.date_edit)

    def changes(self) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        title = self.title_edit.text().strip()
        if title != self.record.title:
            changes["title"] = title
        source = self.source_combo.currentData()
        if source != self.record.source:
            changes["source"] = source
        text = self.date_edit.text().strip()
        value = parse_date(text, what="the document date") if text else None
        if value != self.record.document_date:
            changes["document_date"] = value
        return changes

    def command(self) -> ServiceCommand | None:
        changes = self.changes()
        return EditDocumentCommand(self.context, self.record.id, changes) if changes else None


class BatesDialog(_DocumentDialog):
    """Number an unstamped production's pages: prefix + first number, with a preview."""

    def __init__(
        self, context: AppContext, record: DocumentRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, record, "Number pages (Bates)", parent)
        self.prefix_edit = QLineEdit(record.bates_prefix or "")
        self.prefix_edit.setAccessibleName("Bates prefix")
        self.prefix_edit.setPlaceholderText("e.g. DEF or NYPD-")
        self.first_spin = QSpinBox()
        self.first_spin.setAccessibleName("First number")
        self.first_spin.setRange(0, 999_999_999)
        self.first_spin.setValue(1)
        self.width_spin = QSpinBox()
        self.width_spin.setAccessibleName("Digits")
        self.width_spin.setRange(1, 12)
        self.width_spin.setValue(6)
        self.preview = QLabel()
        self.preview.setAccessibleName("Preview")
        self.form.addRow("&Prefix:", self.prefix_edit)
        self.form.addRow("&First number:", self.first_spin)
        self.form.addRow("D&igits:", self.width_spin)
        self.form.addRow("Pages will read:", self.preview)
        if record.bates_start:
            note = QLabel(f"Now numbered {record.bates_start} onwards; this replaces it.")
            note.setWordWrap(True)
            self.form.addRow(note)
        for signal in (
            self.prefix_edit.textChanged,
            self.first_spin.valueChanged,
            self.width_spin.valueChanged,
        ):
            signal.connect(lambda *_: self._update_preview())
        self._update_preview()

    def _update_preview(self) -> None:
        prefix = self.prefix_edit.text().strip()
        if not prefix:
            self.preview.setText("(type a prefix)")
            return
        first = self.first_spin.value()
        width = self.width_spin.value()
        last = first + max(self.record.page_count, 1) - 1
        start = format_bates(prefix, first, width)
        self.preview.setText(
            start if last == first else f"{start} to {format_bates(prefix, last, width)}"
        )

    def command(self) -> ServiceCommand | None:
        return AssignBatesCommand(
            self.context,
            self.record.id,
            self.prefix_edit.text(),
            self.first_spin.value(),
            self.width_spin.value(),
        )
