"""The dialog that opens a new matter or edits one (file number fixed once opened)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.matters import MatterInput
from ...core.records import MatterRecord


class MatterDialog(QDialog):
    """Collects a MatterInput (new) or the changed fields (edit); validation is the core's."""

    def __init__(self, parent: QWidget | None = None, record: MatterRecord | None = None) -> None:
        super().__init__(parent)
        self.record = record
        self.setWindowTitle("Edit matter" if record else "New matter")
        self.file_number = QLineEdit()
        self.caption = QLineEdit()
        self.caption.setPlaceholderText("People v. Doe")
        self.client_name = QLineEdit()
        self.client_other_names = QLineEdit()
        self.client_other_names.setPlaceholderText("other names, separated by commas")
        self.client_date_of_birth = QLineEdit()
        self.client_date_of_birth.setPlaceholderText("YYYY-MM-DD")
        self.docket = QLineEdit()
        self.court = QLineEdit()
        self.status = QComboBox()
        self.status.addItem("Open", "open")
        self.status.addItem("Closed", "closed")
        form = QFormLayout()
        for label, widget in (
            ("&File number", self.file_number),
            ("&Caption", self.caption),
            ("C&lient", self.client_name),
            ("&Other names", self.client_other_names),
            ("Date of &birth", self.client_date_of_birth),
            ("&Docket", self.docket),
            ("Co&urt", self.court),
            ("&Status", self.status),
        ):
            widget.setAccessibleName(label.replace("&", ""))
            form.addRow(label, widget)
        # Room for a full caption or court name without scrolling.
        self.caption.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 30))
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName("Error")
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        if record is not None:
            self.file_number.setText(record.file_number)
            self.file_number.setReadOnly(True)
            self.caption.setText(record.caption)
            self.client_name.setText(record.client.name)
            self.client_other_names.setText(", ".join(record.client.other_names))
            self.client_other_names.setEnabled(False)  # other names are added, not edited
            if record.client.date_of_birth:
                self.client_date_of_birth.setText(record.client.date_of_birth.isoformat())
            self.docket.setText(record.docket or "")
            self.court.setText(record.court or "")
            self.status.setCurrentIndex(self.status.findData(record.status))
            for edit in (self.caption, self.docket, self.court):
                edit.setCursorPosition(0)  # a long name shows its beginning
            self.caption.setFocus()
        else:
            self.status.setEnabled(False)
            self.file_number.setFocus()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _date_of_birth(self) -> date | None:
        text = self.client_date_of_birth.text().strip()
        return date.fromisoformat(text) if text else None

    def _check_and_accept(self) -> None:
        try:
            self._date_of_birth()
        except ValueError:
            self.show_error("Date of birth must be written YYYY-MM-DD.")
            self.client_date_of_birth.setFocus()
            return
        self.accept()

    def matter_input(self) -> MatterInput:
        other_names = tuple(
            name.strip() for name in self.client_other_names.text().split(",") if name.strip()
        )
        return MatterInput(
            file_number=self.file_number.text().strip(),
            caption=self.caption.text().strip(),
            client_name=self.client_name.text().strip(),
            client_other_names=other_names,
            client_date_of_birth=self._date_of_birth(),
            docket=self.docket.text().strip() or None,
            court=self.court.text().strip() or None,
        )

    def changes(self) -> dict[str, object]:
        """The fields that differ from the record being edited, as update_matter arguments."""
        assert self.record is not None
        record = self.record
        proposed: dict[str, object] = {
            "caption": self.caption.text().strip(),
            "docket": self.docket.text().strip(),
            "court": self.court.text().strip(),
            "status": self.status.currentData(),
            "client_name": self.client_name.text().strip(),
        }
        current: dict[str, object] = {
            "caption": record.caption,
            "docket": record.docket or "",
            "court": record.court or "",
            "status": record.status,
            "client_name": record.client.name,
        }
        changes = {key: value for key, value in proposed.items() if value != current[key]}
        date_of_birth = self._date_of_birth()
        if date_of_birth and date_of_birth != record.client.date_of_birth:
            changes["client_date_of_birth"] = date_of_birth
        return changes
