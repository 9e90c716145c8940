"""Choosing an allegation's officers: live suggestions from the registry, a role for each.

As the user types what the source says ("UC 214", "P.O. Smyth") the registry's best
matches appear with the reason each matched, so the person deciding sees *why* ("UC 214
valid on 2021-03-12", "alias 'P.O. Smyth'"). When none fits, a new officer can be
registered on the spot, including an unidentified one known only by a description.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.allegations import OfficerLink
from ...core.errors import EvidenceDeskError
from ...core.matching import parse_mention, suggest
from ...core.officers import DuplicateOfficerError, IdentifierInput
from ...core.records import OfficerRecord
from ...core.vocabulary import OFFICER_IDENTIFIER_KINDS, OFFICER_ROLES
from ..commands import push_command
from ..commands.officers import AddOfficerCommand
from ..context import AppContext
from ..models.officers import SuggestionTableModel, officer_label
from .code_combo import code_combo
from .inline_message import InlineMessage, buddy_label

SUGGESTION_DELAY_MS = 150  # wait for a pause in typing before asking the registry


class NewOfficerDialog(QDialog):
    """Register an officer the registry does not know yet (or an unidentified one)."""

    def __init__(self, context: AppContext, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record: OfficerRecord | None = None
        self.setWindowTitle("New officer")
        mention = parse_mention(text)
        self.unidentified = QCheckBox("&Unidentified (known only by a description)")
        self.unidentified.setAccessibleName("Unidentified officer")
        self.name_edit = QLineEdit(mention.name or ("" if mention.identifiers else text.strip()))
        self.name_edit.setAccessibleName("Officer name")
        self.rank_edit = QLineEdit()
        self.rank_edit.setAccessibleName("Rank")
        self.command_edit = QLineEdit()
        self.command_edit.setAccessibleName("Command")
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Identifier kind")
        for code, label in OFFICER_IDENTIFIER_KINDS.items():
            self.kind_combo.addItem(label, code)
        self.identifier_edit = QLineEdit()
        self.identifier_edit.setAccessibleName("Identifier")
        self.identifier_edit.setPlaceholderText("e.g. 214")
        if mention.identifiers:
            value, kind = mention.identifiers[0]
            self.identifier_edit.setText(value)
            if kind is not None:
                self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))
        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setPlaceholderText(
            "How the source describes the officer: appearance, vehicle, what others called him"
        )
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.message = InlineMessage()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Register")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        identifier_row = QHBoxLayout()
        identifier_row.addWidget(self.kind_combo)
        identifier_row.addWidget(self.identifier_edit, 1)
        form = QFormLayout()
        form.addRow(self.unidentified)
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Rank:", self.rank_edit)
        form.addRow("&Command:", self.command_edit)
        form.addRow(buddy_label("&Identifier:", self.kind_combo), identifier_row)
        form.addRow("&Description:", self.description_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.unidentified.toggled.connect(self._unidentified_toggled)

    def _unidentified_toggled(self, on: bool) -> None:
        self.name_edit.setEnabled(not on)
        if on:
            self.description_edit.setFocus()

    def accept(self) -> None:
        name = "" if self.unidentified.isChecked() else self.name_edit.text().strip()
        description = self.description_edit.toPlainText().strip()
        if self.unidentified.isChecked() and not description:
            self.message.show_error("Describe the unidentified officer so others can match him.")
            return
        identifiers = []
        if self.identifier_edit.text().strip():
            identifiers.append(
                IdentifierInput(self.kind_combo.currentData(), self.identifier_edit.text().strip())
            )
        details = {
            "rank": self.rank_edit.text(),
            "command": self.command_edit.text(),
            "description": description,
            "identifiers": identifiers,
        }
        command = AddOfficerCommand(self.context, name, **details)
        try:
            push_command(self.context, command)  # Ctrl+Z removes the officer again
        except DuplicateOfficerError as error:
            answer = QMessageBox.question(
                self,
                "Register anyway?",
                f"{str(error)[:1].upper()}{str(error)[1:]}.\n\nRegister a new officer anyway?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.message.show_info("Not registered: use the officer the registry holds.")
                return
            command = AddOfficerCommand(self.context, name, force=True, **details)
            try:
                push_command(self.context, command)
            except EvidenceDeskError as second:
                self.message.show_error(str(second))
                return
        except EvidenceDeskError as error:
            self.message.show_error(str(error))
            return
        self.record = command.record
        super().accept()


class OfficerPicker(QWidget):
    """A search box with ranked suggestions above the list of chosen officers and roles."""

    officers_changed = Signal()

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        event_date: Callable[[], date | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._event_date = event_date
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Find officer")
        self.search_edit.setPlaceholderText(
            "Type a name, shield, tax id or UC number as the source gives it"
        )
        self.search_edit.setClearButtonEnabled(True)
        self.suggestions = SuggestionTableModel(self)
        self.suggestion_view = QTableView()
        self.suggestion_view.setModel(self.suggestions)
        self.suggestion_view.setAccessibleName("Officer suggestions")
        self.suggestion_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.suggestion_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.suggestion_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.suggestion_view.verticalHeader().hide()
        header = self.suggestion_view.horizontalHeader()
        header.setSectionResizeMode(
            SuggestionTableModel.OFFICER, QHeaderView.ResizeMode.ResizeToContents
        )
        for column in (SuggestionTableModel.CONFIDENCE, SuggestionTableModel.SCORE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # One line per suggestion and room for four of them; the whole reason is in the
        # tooltip.
        self.suggestion_view.setWordWrap(False)
        row_height = self.fontMetrics().lineSpacing() + 8
        self.suggestion_view.verticalHeader().setDefaultSectionSize(row_height)
        header_height = self.suggestion_view.horizontalHeader().sizeHint().height()
        self.suggestion_view.setMinimumHeight(header_height + 4 * row_height + 4)
        self.suggestion_view.setMaximumHeight(header_height + 6 * row_height + 4)
        self.suggestion_view.doubleClicked.connect(lambda index: self.add_suggestion(index.row()))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Suggestion status")
        self.add_button = QPushButton("&Add officer")
        self.add_button.setToolTip("Add the selected suggestion (Enter in the search box)")
        self.add_button.clicked.connect(self._add_current)
        self.new_button = QPushButton("&New officer…")
        self.new_button.setToolTip("Register an officer the registry does not know yet")
        self.new_button.clicked.connect(self.register_new_officer)

        self.chosen = QTableWidget(0, 2)
        self.chosen.setAccessibleName("Chosen officers")
        self.chosen.setHorizontalHeaderLabels(["Officer", "Role"])
        self.chosen.verticalHeader().hide()
        self.chosen.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.chosen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.chosen.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The role is a combo box in the cell, which ResizeToContents does not measure.
        self.chosen.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.chosen.setColumnWidth(1, self._new_role_combo("", "accused").sizeHint().width())
        self.chosen.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        self.remove_button = QPushButton("Re&move officer")
        self.remove_button.clicked.connect(self.remove_selected)
        QShortcut(QKeySequence.StandardKey.Delete, self.chosen, self.remove_selected).setContext(
            Qt.ShortcutContext.WidgetShortcut
        )

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SUGGESTION_DELAY_MS)
        self._timer.timeout.connect(self.start_suggestions)
        self._generation = 0  # newest lookup; older answers arriving late are dropped
        self._shown_for = ""  # the text the listed suggestions answer
        self.search_edit.textEdited.connect(lambda _text: self._timer.start())
        # Enter adds the officer and stops there: left to travel on, it would also press
        # the dialog's default button and try to save a half-written allegation.
        self.search_edit.installEventFilter(self)
        QShortcut(
            QKeySequence(Qt.Key.Key_Down), self.search_edit, self.suggestion_view.setFocus
        ).setContext(Qt.ShortcutContext.WidgetShortcut)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.suggestion_view)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        layout.addWidget(self.chosen)
        self.setTabOrder(self.search_edit, self.suggestion_view)
        self.setTabOrder(self.suggestion_view, self.add_button)
        self.setTabOrder(self.add_button, self.new_button)
        self.setTabOrder(self.new_button, self.remove_button)
        self.setTabOrder(self.remove_button, self.chosen)
        self._update_status()

    # -- suggestions ---------------------------------------------------------------------

    def start_suggestions(self) -> None:
        """Look the typed text up in the background (a large registry takes ~0.1 s)."""
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        text = self.search_edit.text().strip()
        if not text:
            self._show_suggestions(generation, text, [])
            return
        library, on_date = self.context.library, self._event_date()
        self.context.runner.start(
            lambda _control: suggest(library, text, on_date=on_date),
            on_success=lambda found: self._show_suggestions(generation, text, found),
            on_failure=self.status_label.setText,
            description="Suggest officers",
            ask_before_quit=False,  # read-only lookup
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._add_current()
            return True
        return super().eventFilter(watched, event)

    def refresh_suggestions(self) -> None:
        """Look the typed text up now, on this thread (Enter pressed before the answer came)."""
        self._timer.stop()
        self._generation += 1
        text = self.search_edit.text().strip()
        try:
            found = suggest(self.context.library, text, on_date=self._event_date()) if text else []
        except EvidenceDeskError as error:
            found = []
            self.status_label.setText(str(error))
        self._show_suggestions(self._generation, text, found)

    def _show_suggestions(self, generation: int, text: str, found: object) -> None:
        if generation != self._generation or not isinstance(found, list):
            return
        self._shown_for = text
        self.suggestions.set_rows(found)
        if found:
            self.suggestion_view.selectRow(0)
        self._update_status()

    def _update_status(self) -> None:
        text = self.search_edit.text().strip()
        count = self.suggestions.rowCount()
        if not text:
            self.status_label.setText("Suggestions appear as you type.")
        elif count == 0:
            self.status_label.setText(
                f"No registered officer matches “{text}”. Use New officer… to register one."
            )
        else:
            self.status_label.setText(
                f"{count} possible match{'es' if count != 1 else ''}; "
                "double-click or press Enter to add."
            )
        self.add_button.setEnabled(count > 0)

    def _clear_suggestions(self) -> None:
        self._generation += 1  # an answer still on its way is no longer wanted
        self._shown_for = ""
        self.suggestions.set_rows([])

    def _add_current(self) -> None:
        if self._shown_for != self.search_edit.text().strip():
            self.refresh_suggestions()  # the answer for what is typed now, not a stale one
        index = self.suggestion_view.currentIndex()
        if index.isValid():
            self.add_suggestion(index.row())
        elif self.suggestions.rowCount():
            self.add_suggestion(0)

    def add_suggestion(self, row: int) -> None:
        if 0 <= row < self.suggestions.rowCount():
            self.add_officer(self.suggestions.record(row).officer)
            self.search_edit.clear()
            self._clear_suggestions()
            self._update_status()

    def register_new_officer(self) -> OfficerRecord | None:
        dialog = NewOfficerDialog(self.context, self.search_edit.text(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.record is not None:
            self.add_officer(dialog.record)
            self.search_edit.clear()
            self._clear_suggestions()
            self._update_status()
            return dialog.record
        return None

    # -- chosen officers ------------------------------------------------------------------

    def add_officer(self, record: OfficerRecord, role: str = "") -> None:
        """Add an officer (once); an unidentified officer defaults to that role."""
        self.add_link(record.id, officer_label(record), role or self._default_role(record))

    @staticmethod
    def _default_role(record: OfficerRecord) -> str:
        return "unidentified" if record.name == "Unidentified officer" else "accused"

    def add_link(self, officer_id: int, label: str, role: str) -> None:
        for row in range(self.chosen.rowCount()):
            if self.chosen.item(row, 0).data(Qt.ItemDataRole.UserRole) == officer_id:
                self._role_combo(row).setCurrentIndex(max(self._role_combo(row).findData(role), 0))
                return
        row = self.chosen.rowCount()
        self.chosen.insertRow(row)
        item = QTableWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, officer_id)
        self.chosen.setItem(row, 0, item)
        combo = self._new_role_combo(label, role)
        combo.currentIndexChanged.connect(lambda _index: self.officers_changed.emit())
        self.chosen.setCellWidget(row, 1, combo)
        self.officers_changed.emit()

    @staticmethod
    def _new_role_combo(label: str, role: str) -> QComboBox:
        return code_combo(OFFICER_ROLES, role, f"Role of {label}")

    def _role_combo(self, row: int) -> QComboBox:
        widget = self.chosen.cellWidget(row, 1)
        assert isinstance(widget, QComboBox)
        return widget

    def set_role(self, officer_id: int, role: str) -> None:
        for row in range(self.chosen.rowCount()):
            if self.chosen.item(row, 0).data(Qt.ItemDataRole.UserRole) == officer_id:
                combo = self._role_combo(row)
                combo.setCurrentIndex(max(combo.findData(role), 0))

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.chosen.selectedIndexes()}, reverse=True)
        if not rows and self.chosen.currentRow() >= 0:
            rows = [self.chosen.currentRow()]
        for row in rows:
            self.chosen.removeRow(row)
        if rows:
            self.officers_changed.emit()

    def clear(self) -> None:
        self.chosen.setRowCount(0)

    def links(self) -> tuple[OfficerLink, ...]:
        return tuple(
            OfficerLink(
                int(self.chosen.item(row, 0).data(Qt.ItemDataRole.UserRole)),
                str(self._role_combo(row).currentData()),
            )
            for row in range(self.chosen.rowCount())
        )

    def labels(self) -> list[str]:
        return [self.chosen.item(row, 0).text() for row in range(self.chosen.rowCount())]

    def current_suggestion_index(self) -> QModelIndex:
        return self.suggestion_view.currentIndex()
