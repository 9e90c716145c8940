"""The dialog that opens a new matter or edits one (file number fixed once opened)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.matters import MatterInput
from ...core.records import MatterRecord
from ...core.vocabulary import CLIENT_IDENTIFIER_KINDS
from ...core.walls import WallRecord
from .code_combo import code_combo
from .date_field import DateField
from .inline_message import sentence
from .matter_wall import MatterWallBox


class ClientIdentifierTable(QWidget):
    """The client's other names and identifiers, one per row: a kind and its value.

    One row per value (rather than a comma-separated line) so that "Rivera, Ana" stays one
    name. Every value here is what a public brief must never contain."""

    KIND, VALUE = range(2)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName("Other names and identifiers")
        self.table.setHorizontalHeaderLabels(["Kind", "Value"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.KIND, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(self.VALUE, QHeaderView.ResizeMode.Stretch)
        # The kind is a combo box in the cell, which ResizeToContents does not measure.
        self.table.setColumnWidth(self.KIND, self._kind_combo("aka").sizeHint().width())
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.add_button = QPushButton("&Add name or identifier")
        self.add_button.clicked.connect(lambda: self.add_row("aka", "", edit=True))
        self.remove_button = QPushButton("Remo&ve")
        self.remove_button.clicked.connect(self.remove_selected)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.remove_selected).setContext(
            Qt.ShortcutContext.WidgetShortcut
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_row(self, kind: str, value: str, *, edit: bool = False) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setCellWidget(row, self.KIND, self._kind_combo(kind))
        self.table.setItem(row, self.VALUE, QTableWidgetItem(value))
        if edit:
            self.table.setCurrentCell(row, self.VALUE)
            self.table.editItem(self.table.item(row, self.VALUE))
        return row

    @staticmethod
    def _kind_combo(kind: str) -> QComboBox:
        return code_combo(CLIENT_IDENTIFIER_KINDS, kind, "Kind")

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)

    def set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        self.table.setRowCount(0)
        for kind, value in pairs:
            self.add_row(kind, value)

    def pairs(self) -> list[tuple[str, str]]:
        """(kind, value) per row with a value, in order; an edit still open is included."""
        self.table.setCurrentItem(None)  # commits a value being typed
        result = []
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, self.KIND)
            item = self.table.item(row, self.VALUE)
            value = item.text().strip() if item is not None else ""
            if isinstance(combo, QComboBox) and value:
                result.append((str(combo.currentData()), value))
        return result


class MatterDialog(QDialog):
    """Collects a MatterInput (new) or the changed fields (edit); validation is the core's.

    A problem is shown under the field it concerns (a file number already used, a date of
    birth that is not a day), and the field gets the focus."""

    def __init__(
        self,
        parent: QWidget | None = None,
        record: MatterRecord | None = None,
        *,
        wall: WallRecord | None = None,
        user: str = "",
    ) -> None:
        """``wall``: the matter's ethical wall, in an office library (else no wall part)."""
        super().__init__(parent)
        self.record = record
        self.wall_box = MatterWallBox(wall, user) if wall is not None else None
        self.setWindowTitle("Edit matter" if record else "New matter")
        self.file_number = QLineEdit()
        self.caption = QLineEdit()
        self.caption.setPlaceholderText("People v. Doe")
        self.client_name = QLineEdit()
        self.client_identifiers = ClientIdentifierTable()
        self.date_of_birth_field = DateField("date of birth")
        self.client_date_of_birth = self.date_of_birth_field.edit
        self.docket = QLineEdit()
        self.court = QLineEdit()
        self.status = QComboBox()
        self.status.addItem("Open", "open")
        self.status.addItem("Closed", "closed")
        self.field_errors: dict[QWidget, QLabel] = {}
        form = QFormLayout()
        for label, widget in (
            ("&File number", self.file_number),
            ("&Caption", self.caption),
            ("C&lient", self.client_name),
            ("Date of &birth", self.date_of_birth_field),
            ("Other names and\nidentifiers", self.client_identifiers),
            ("&Docket", self.docket),
            ("Co&urt", self.court),
            ("&Status", self.status),
        ):
            name = label.replace("&", "").replace("\n", " ")
            widget.setAccessibleName(name)
            caption = QLabel(label)
            caption.setBuddy(widget.focusProxy() or widget)
            if widget is self.date_of_birth_field:
                self.client_date_of_birth.setAccessibleName(name)
                form.addRow(caption, widget)  # its own line under it says what it read
                continue
            error = QLabel()
            error.setWordWrap(True)
            error.setAccessibleName(f"Problem with {name.lower()}")
            error.hide()
            self.field_errors[widget] = error
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            form.addRow(caption, column)
        for edit in (self.file_number, self.caption, self.client_name):
            edit.textEdited.connect(lambda _text, edit=edit: self._clear_error(edit))
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
        if self.wall_box is not None:
            layout.addWidget(self.wall_box)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        if record is not None:
            self.file_number.setText(record.file_number)
            self.file_number.setReadOnly(True)
            self.caption.setText(record.caption)
            self.client_name.setText(record.client.name)
            self.client_identifiers.set_pairs(
                [(item.kind, item.value) for item in record.client.identifiers]
            )
            self.date_of_birth_field.set_date(record.client.date_of_birth)
            self.docket.setText(record.docket or "")
            self.court.setText(record.court or "")
            self.status.setCurrentIndex(self.status.findData(record.status))
            for edit in (self.caption, self.docket, self.court):
                edit.setCursorPosition(0)  # a long name shows its beginning
            self.caption.setFocus()
        else:
            self.status.setEnabled(False)
            self.file_number.setFocus()

    def _field_for(self, message: str) -> QWidget | None:
        """The field a core message is about, by the words it uses."""
        lowered = message.casefold()
        for words, widget in (
            (("file number",), self.file_number),
            (("caption",), self.caption),
            (("client's name", "client needs a name"), self.client_name),
            (("date of birth",), self.date_of_birth_field),
            (("identifier",), self.client_identifiers),
            (("docket",), self.docket),
            (("court",), self.court),
            (("status",), self.status),
        ):
            if any(word in lowered for word in words):
                return widget
        return None

    def show_error(self, message: str) -> None:
        """Show a problem under its field (or under the form when it names none)."""
        text = sentence(message)
        field = self._field_for(text)
        if field is self.date_of_birth_field:
            self.date_of_birth_field.show_problem(text)
        elif field is not None and field in self.field_errors:
            self.field_errors[field].setText(f"⚠ {text}")
            self.field_errors[field].show()
        else:
            self.error_label.setText(text)
            self.error_label.show()
        if field is not None:
            field.setFocus()

    def error_text(self) -> str:
        """Every problem shown, in form order (for tests and screen readers)."""
        labels = [*self.field_errors.values(), self.date_of_birth_field.hint, self.error_label]
        return " ".join(
            label.text()
            for label in labels
            if not label.isHidden() and (label is self.error_label or "⚠" in label.text())
        )

    def _clear_error(self, widget: QWidget) -> None:
        label = self.field_errors.get(widget)
        if label is not None:
            label.hide()
            label.clear()

    def _date_of_birth(self) -> date | None:
        return self.date_of_birth_field.value()

    def _check_and_accept(self) -> None:
        problem = self.date_of_birth_field.problem()
        if problem is not None:
            self.show_error(problem)
            self.date_of_birth_field.setFocus()
            return
        problem = self.wall_box.problem() if self.wall_box is not None else None
        if problem is not None:
            self.show_error(problem)
            return
        self.accept()

    def wall_team(self) -> tuple[str, ...] | None:
        """The matter's new team (empty: lift its wall), or None when the wall is unchanged."""
        return self.wall_box.changed_team() if self.wall_box is not None else None

    def matter_input(self) -> MatterInput:
        pairs = self.client_identifiers.pairs()
        return MatterInput(
            file_number=self.file_number.text().strip(),
            caption=self.caption.text().strip(),
            client_name=self.client_name.text().strip(),
            client_other_names=tuple(value for kind, value in pairs if kind == "aka"),
            client_identifiers=tuple(pair for pair in pairs if pair[0] != "aka"),
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
        if date_of_birth != record.client.date_of_birth:
            changes["client_date_of_birth"] = date_of_birth  # None: the field was emptied
        identifiers = self.client_identifiers.pairs()
        if identifiers != [(item.kind, item.value) for item in record.client.identifiers]:
            changes["client_identifiers"] = identifiers
        return changes
