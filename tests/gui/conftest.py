"""GUI tests run offscreen; the platform is chosen before Qt is first imported."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest

# The GUI package protects Python's singletons from a PySide6 reference-count defect;
# importing it here applies that before pytest-qt creates the application.
import evidence_desk.gui  # noqa: F401


@pytest.fixture(autouse=True)
def _isolated_gui_settings(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Window geometry and recent libraries go to a throw-away file, not the user's."""
    monkeypatch.setenv("EVIDENCE_DESK_SETTINGS", str(tmp_path / "gui-settings.ini"))
