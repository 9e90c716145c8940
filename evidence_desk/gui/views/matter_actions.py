"""The Matter menu: open, edit, close or reopen, delete an empty matter; new note and new
allegation in the selected matter.

Each action works on the matter selected in the matter list and goes through the undo
stack; the main window only puts the actions in its menu.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ...core import walls
from ...core.errors import EditConflictError, EvidenceDeskError
from ...core.matters import MatterInput
from ...core.records import MatterRecord
from ..commands import push_command
from ..commands.matters import (
    CreateMatterCommand,
    DeleteMatterCommand,
    EditMatterCommand,
    WallMatterCommand,
    set_status_command,
)
from ..context import AppContext, Change
from .edit_conflict import ConflictChoice, ask_after_conflict
from .icon_lookup import themed_icon
from .inline_message import sentence
from .matter_dialog import MatterDialog
from .matter_list import MatterListPanel


class MatterActions(QObject):
    """The matter actions and what they do; ``actions`` is the menu, in order."""

    def __init__(
        self,
        context: AppContext,
        panel: MatterListPanel,
        window: QWidget,
        *,
        open_folder: Callable[[], None],
        new_note: Callable[[], None],
        new_allegation: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.context = context
        self.panel = panel
        self.window = window
        self.new_action = self._action(
            "&New matter…", self.new_matter, QKeySequence.StandardKey.New, "new-matter"
        )
        self.edit_action = self._action("&Edit matter…", self.edit_matter, "Ctrl+E", "edit")
        self.close_action = self._action("&Close matter", self.toggle_status, "Ctrl+Shift+W")
        self.delete_action = self._action("&Delete empty matter", self.delete_matter)
        self.delete_action.setToolTip(
            "Remove a matter opened by mistake; one that holds evidence is closed instead"
        )
        self.folder_action = self._action(
            "Open matter &folder", open_folder, "Ctrl+Shift+O", "open-folder"
        )
        self.note_action = self._action("New &note…", new_note, "Ctrl+Shift+N", "note")
        self.allegation_action = self._action(
            "New &allegation…", new_allegation, "Ctrl+Shift+A", "allegation"
        )
        self.allegation_action.setToolTip("Record an allegation in the selected matter")
        self.actions: list[QAction | None] = [
            self.new_action,
            self.edit_action,
            self.close_action,
            self.delete_action,
            self.folder_action,
            None,  # a separator
            self.note_action,
            self.allegation_action,
        ]
        panel.matter_selected.connect(lambda _matter: self.update())
        context.changed.connect(self._on_changed)
        self.update()

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | str | None = None,
        icon: str = "",
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon:
            action.setIcon(themed_icon(icon))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _on_changed(self, change: Change) -> None:
        if change & Change.MATTERS:
            self.update()

    def update(self) -> None:
        """Enable what applies to the selected matter; name Close or Reopen."""
        record = self.panel.current_matter()
        for action in (
            self.edit_action,
            self.close_action,
            self.delete_action,
            self.folder_action,
            self.note_action,
            self.allegation_action,
        ):
            action.setEnabled(record is not None)
        closed = record is not None and record.status == "closed"
        self.close_action.setText("&Reopen matter" if closed else "&Close matter")

    # -- the actions -------------------------------------------------------------------------

    def new_matter(self) -> MatterRecord | None:
        dialog = MatterDialog(self.window)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                record = self.create_matter(dialog.matter_input())
            except EvidenceDeskError as error:
                dialog.show_error(str(error))
                continue
            self.panel.select_matter(record.id)
            return record
        return None

    def create_matter(self, data: MatterInput) -> MatterRecord:
        """Open a matter through the undo stack; returns its record."""
        command = CreateMatterCommand(self.context, data)
        push_command(self.context, command)
        assert command.record is not None
        return command.record

    def edit_matter(self) -> bool:
        record = self.panel.current_matter()
        if record is None:
            return False
        library = self.context.library
        try:
            wall = None if library.is_embedded else walls.matter_wall(library, record.id)
        except EvidenceDeskError as error:
            QMessageBox.warning(self.window, "Edit matter", str(error))
            return False
        dialog = MatterDialog(self.window, record, wall=wall, user=library.user)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            changes = dialog.changes()
            team = dialog.wall_team()
            if not changes and team is None:
                return False
            if team is not None and dialog.wall_box is not None:
                command = WallMatterCommand(self.context, record.id, team, dialog.wall_box.wall)
                try:
                    push_command(self.context, command)
                except EvidenceDeskError as error:
                    dialog.show_error(str(error))
                    continue
                # Saved: asked again (after a problem below), only later edits count.
                dialog.wall_box.set_wall(walls.matter_wall(library, record.id))
            if not changes:
                return True
            problem = self._save_matter(record, changes, record.version)
            if problem is None:
                return True
            dialog.show_error(problem)  # the dialog opens again with what was typed
        return False

    def _save_matter(
        self, record: MatterRecord, changes: dict[str, Any], version: int
    ) -> str | None:
        """Save a matter's edited fields; None when done, else why not (nothing is lost)."""
        command = EditMatterCommand(self.context, record.id, changes, expected_version=version)
        try:
            push_command(self.context, command)
        except EditConflictError as error:  # someone else saved the matter in between
            choice = ask_after_conflict(self.window, error, "Edit matter")
            if choice is ConflictChoice.OVERWRITE:
                return self._save_matter(record, changes, error.current_version)
            if choice is ConflictChoice.RELOAD:
                self.panel.refresh()
                self.context.status_message.emit(
                    f"Reloaded matter {record.file_number} as {error.changed_by} saved it"
                )
                return None
            return str(error)
        except EvidenceDeskError as error:  # a lost connection too: the dialog keeps the edit
            return str(error)
        return None

    def toggle_status(self) -> bool:
        """Close the selected matter, or reopen it when it is closed."""
        record = self.panel.current_matter()
        if record is None:
            return False
        status = "open" if record.status == "closed" else "closed"
        try:
            push_command(self.context, set_status_command(self.context, record, status))
        except EvidenceDeskError as error:
            QMessageBox.warning(self.window, "Matter", sentence(str(error)))
            return False
        self.panel.select_matter(record.id)
        return True

    def delete_matter(self) -> bool:
        """Delete the selected matter if it is empty (undoable); otherwise say why not."""
        record = self.panel.current_matter()
        if record is None:
            return False
        try:
            push_command(self.context, DeleteMatterCommand(self.context, record))
        except EvidenceDeskError as error:
            QMessageBox.information(self.window, "Delete matter", sentence(str(error)))
            return False
        self.context.status_message.emit(
            f"Deleted matter {record.file_number} (Ctrl+Z brings it back)"
        )
        return True
