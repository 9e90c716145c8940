"""What the window remembers between runs: geometry, splitters, recent libraries and
the matter last open in each library.

Everything goes through one ``AppSettings`` object over ``QSettings`` so that tests, the
benchmark and the screenshot script can point it at a throw-away file
(``$EVIDENCE_DESK_SETTINGS``) instead of the user's real settings.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from ..config import APP_ID
from ..core.records import MatterId

SETTINGS_ENV = "EVIDENCE_DESK_SETTINGS"
RECENT_LIMIT = 8


class AppSettings:
    """Typed access to the few values the GUI keeps."""

    def __init__(self, settings: QSettings | None = None) -> None:
        if settings is None:
            configured = os.environ.get(SETTINGS_ENV)
            if configured:
                settings = QSettings(configured, QSettings.Format.IniFormat)
            else:
                settings = QSettings(
                    QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_ID, APP_ID
                )
        self.store = settings

    # -- window state ----------------------------------------------------------------------

    def byte_array(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_byte_array(self, key: str, value: QByteArray) -> None:
        self.store.setValue(key, value)

    def share(self, key: str) -> float | None:
        """A pane's share of the window (0 to 1), or None when none was saved."""
        try:
            value = float(self.store.value(key, ""))
        except (TypeError, ValueError):
            return None
        return value if 0.0 <= value <= 1.0 else None

    def set_share(self, key: str, value: float) -> None:
        self.store.setValue(key, round(value, 4))

    # -- recent libraries ------------------------------------------------------------------

    def recent_libraries(self) -> list[Path]:
        value = self.store.value("recent_libraries", [])
        if isinstance(value, str):  # QSettings hands back a lone string for a one-item list
            value = [value]
        return [Path(item) for item in (value or []) if item]

    def add_recent_library(self, path: Path) -> None:
        resolved = Path(path).expanduser().resolve()
        recent = [resolved] + [item for item in self.recent_libraries() if item != resolved]
        self.store.setValue("recent_libraries", [str(item) for item in recent[:RECENT_LIMIT]])

    def last_library(self) -> Path | None:
        recent = self.recent_libraries()
        return recent[0] if recent else None

    # -- last matter, per library ----------------------------------------------------------

    @staticmethod
    def _matter_key(library: Path) -> str:
        # A digest, because a path's slashes would become nested QSettings groups.
        digest = hashlib.sha1(str(Path(library).expanduser().resolve()).encode()).hexdigest()
        return f"last_matter/{digest[:16]}"

    def last_matter(self, library: Path) -> MatterId | None:
        value = self.store.value(self._matter_key(library))
        try:
            return MatterId(int(value)) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def set_last_matter(self, library: Path, matter_id: MatterId | None) -> None:
        if matter_id is None:
            self.store.remove(self._matter_key(library))
        else:
            self.store.setValue(self._matter_key(library), matter_id)

    def sync(self) -> None:
        self.store.sync()
