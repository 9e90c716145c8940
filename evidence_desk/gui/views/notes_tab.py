"""The selected matter's notes: a list on the left, the note's title and body on the right.

Adding, saving and deleting go through the undo stack (``commands/notes.py``), so a
deleted note comes back with Edit ▸ Undo and needs no confirmation.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import notes
from ...core.errors import EditConflictError
from ...core.records import MatterId, NoteRecord
from ..commands import push_command
from ..commands.notes import AddNoteCommand, DeleteNoteCommand, EditNoteCommand
from ..context import AppContext, Change
from ..models.notes import NoteTableModel
from .edit_conflict import ConflictChoice, ask_after_conflict


class NotesTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.matter_id: MatterId | None = None
        self.current: NoteRecord | None = None
        self.model = NoteTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Notes")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # one line per note; the title is elided, not wrapped
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NoteTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.add_button = QPushButton("&New note…")
        self.add_button.clicked.connect(self.ask_new_note)
        self.delete_button = QPushButton("&Delete note")
        self.delete_button.setToolTip("Delete the selected note (Delete); Ctrl+Z undoes it")
        self.delete_button.clicked.connect(self.delete_current)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_current).setContext(
            Qt.ShortcutContext.WidgetShortcut
        )
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Note title")
        self.body_edit = QPlainTextEdit()
        self.body_edit.setAccessibleName("Note text")
        self.save_button = QPushButton("&Save note")
        self.save_button.clicked.connect(self.save_pending)
        self.title_edit.textEdited.connect(self._update_save)
        self.body_edit.textChanged.connect(self._update_save)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        left_layout.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title_edit)
        right_layout.addWidget(self.body_edit, 1)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        right_layout.addLayout(save_row)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([300, 460])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        context.changed.connect(self._on_changed)
        self._show_note(None)

    def set_matter(self, matter_id: MatterId | None) -> None:
        self._save_soon(self._pending_edit())
        self.matter_id = matter_id
        self.refresh()

    def refresh(self) -> None:
        keep = self.current.id if self.current else None
        self.current = None  # reloading the list is not the user moving to another note
        rows = (
            [] if self.matter_id is None else notes.list_notes(self.context.library, self.matter_id)
        )
        self.model.set_rows(rows)
        self.add_button.setEnabled(self.matter_id is not None)
        row = self.model.row_of(keep) if keep is not None else -1
        if row >= 0:
            self.table.selectRow(row)
            self._show_note(self.model.record(row))
        else:
            self._show_note(None)

    def _on_changed(self, change: Change) -> None:
        if change & Change.NOTES and self.matter_id is not None:
            self.refresh()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        pending = self._pending_edit()
        self._show_note(self.model.record(current.row()) if current.isValid() else None)
        self._save_soon(pending)

    def _save_soon(self, pending: tuple[NoteRecord, str, str] | None) -> None:
        """Moving to another note or matter keeps what was typed: it is saved (one undo
        step) once the selection change is over, since the save reloads the lists whose
        selection is changing."""
        if pending is not None:
            QTimer.singleShot(0, self, lambda: self._save(*pending))

    def _show_note(self, record: NoteRecord | None) -> None:
        self.current = record
        for widget in (self.title_edit, self.body_edit):
            widget.blockSignals(True)
        self.title_edit.setText(record.title if record else "")
        self.body_edit.setPlainText(record.body if record else "")
        for widget in (self.title_edit, self.body_edit):
            widget.blockSignals(False)
            widget.setEnabled(record is not None)
        self.delete_button.setEnabled(record is not None)
        self._update_save()

    def _update_save(self, *_args: object) -> None:
        self.save_button.setEnabled(self._pending_edit() is not None)

    def ask_new_note(self) -> None:
        title, ok = QInputDialog.getText(self, "New note", "Title:")
        if ok and title.strip():
            self.add_note(title.strip(), "")

    def add_note(self, title: str, body: str) -> NoteRecord | None:
        if self.matter_id is None:
            return None
        command = AddNoteCommand(self.context, self.matter_id, title, body)
        try:
            push_command(self.context, command)
            record = command.record
        except Exception as error:
            QMessageBox.warning(self, "New note", str(error))
            return None
        if record is not None:
            row = self.model.row_of(record.id)
            if row >= 0:
                self.table.selectRow(row)
            self.body_edit.setFocus()
        return record

    def has_unsaved_changes(self) -> bool:
        return self._pending_edit() is not None

    def _pending_edit(self) -> tuple[NoteRecord, str, str] | None:
        record = self.current
        if record is None:
            return None
        # A title cleared by mistake keeps the old one: a note always has a title.
        title = self.title_edit.text().strip() or record.title
        body = self.body_edit.toPlainText()
        if title == record.title and body == record.body:
            return None
        return record, title, body

    def save_pending(self) -> bool:
        """Save the note being edited if it changed (also when switching notes or matters
        and when the window closes); False if the save was refused."""
        pending = self._pending_edit()
        return True if pending is None else self._save(*pending)

    def _save(self, record: NoteRecord, title: str, body: str) -> bool:
        command = EditNoteCommand(
            self.context,
            record.id,
            title=title if title != record.title else None,
            body=body if body != record.body else None,
            expected_version=record.version,
        )
        try:
            push_command(self.context, command)
        except EditConflictError as error:
            choice = ask_after_conflict(self, error, "Save note")
            if choice is ConflictChoice.OVERWRITE:
                return self._save(replace(record, version=error.current_version), title, body)
            if choice is ConflictChoice.RELOAD:
                self.context.announce(Change.NOTES)  # the list reloads the note as saved
            return False
        except Exception as error:
            QMessageBox.warning(self, "Save note", f"“{record.title}” was not saved: {error}")
            return False
        return True

    def delete_current(self) -> bool:
        """Delete the selected note; refused with the reason while an allegation cites it."""
        record = self.current
        if record is None:
            return False
        try:
            push_command(self.context, DeleteNoteCommand(self.context, record.id, record.title))
        except Exception as error:
            QMessageBox.warning(self, "Delete note", str(error))
            return False
        self.context.status_message.emit(f"Deleted note “{record.title}” (Ctrl+Z brings it back)")
        return True
