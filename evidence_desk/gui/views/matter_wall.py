"""The ethical wall part of the matter dialog (office mode): restrict a matter to a team.

Checked, only the people named (database roles, or a group role standing for several) see
the matter, its client, documents, notes and allegations, in the program and on the
server; the person restricting must be one of them. Unchecked, everyone in the office
sees it. An embedded library has no walls, and the dialog does not show this part.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...core.walls import WallRecord


class MatterWallBox(QGroupBox):
    """A checkable "Restricted to a team" box with the team's names, comma-separated."""

    def __init__(self, wall: WallRecord, user: str, parent: QWidget | None = None) -> None:
        super().__init__("&Restricted to a team (ethical wall)", parent)
        self.setCheckable(True)
        self.setAccessibleName("Restricted to a team")
        self.team = QLineEdit()
        self.team.setAccessibleName("Team")
        self.team.setPlaceholderText(f"{user}, another_person")
        self.hint = QLabel(
            "Only these people see the matter, here and on the database server. Name "
            "yourself too. The matter's folder on the shared drive needs the file server's "
            "own permissions."
        )
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.team)
        layout.addWidget(self.hint)
        self._user = user
        self.set_wall(wall)
        self.toggled.connect(self._on_toggled)

    def set_wall(self, wall: WallRecord) -> None:
        """Show ``wall`` as stored (after a save, so that only later edits count)."""
        self.wall = wall
        self.setChecked(wall.restricted)
        self.team.setText(", ".join(wall.team))

    def _on_toggled(self, checked: bool) -> None:
        if checked and not self.team.text().strip():
            self.team.setText(self._user)  # the person restricting must be on the team
            self.team.setFocus()

    def chosen_team(self) -> tuple[str, ...]:
        """The team as typed (empty when the box is unchecked: no wall)."""
        if not self.isChecked():
            return ()
        names = (name.strip() for name in self.team.text().split(","))
        return tuple(dict.fromkeys(name for name in names if name))

    def changed_team(self) -> tuple[str, ...] | None:
        """The new team (empty: lift the wall), or None when the wall stays as it was."""
        team = self.chosen_team()
        if not self.isChecked() and not self.wall.restricted:
            return None
        if self.isChecked() and self.wall.restricted and set(team) == set(self.wall.team):
            return None
        return team

    def problem(self) -> str | None:
        """Why the box cannot be saved as it is, or None."""
        if self.isChecked() and not self.chosen_team():
            return "Name the people on the team (yourself too), or uncheck Restricted to a team."
        return None
