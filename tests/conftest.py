"""Fixtures shared by core and GUI tests: a fresh library in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_desk.core.library import Library


@pytest.fixture(scope="session", autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Audit keys of libraries made by session- or module-wide fixtures stay out of the
    real user's settings folder too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EVIDENCE_DESK_CONFIG", str(tmp_path_factory.mktemp("config")))
        yield


@pytest.fixture(autouse=True)
def _isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Never touch the real user's library or name."""
    monkeypatch.setenv("EVIDENCE_DESK_LIBRARY", str(tmp_path / "default-library"))
    monkeypatch.setenv("EVIDENCE_DESK_USER", "tester")
    # Beside tmp_path, not in it: tests import whole temporary folders.
    monkeypatch.setenv("EVIDENCE_DESK_CONFIG", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def library(library_path: Path) -> Iterator[Library]:
    opened = Library.create(library_path, user="tester")
    try:
        yield opened
    finally:
        opened.close()
