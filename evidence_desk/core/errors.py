"""Errors the core raises for the user to read.

Every message is one sentence a paralegal can act on; the CLI prints it on one line and
the GUI shows it inline. Anything that is not an ``EvidenceDeskError`` is a bug.
"""

from __future__ import annotations

from pathlib import Path


class EvidenceDeskError(Exception):
    """A failure the user can understand and fix."""

    exit_code = 1


class ValidationError(EvidenceDeskError):
    """Input that does not make sense (bad date, unknown conduct code, empty caption...)."""


class UnsafePathError(ValidationError):
    """A stored path (a document's file, a matter's folder) that leads outside the library."""


class NotFoundError(EvidenceDeskError):
    """A matter, document, officer... that the user named does not exist."""


class ConflictError(EvidenceDeskError):
    """The change would clash with what is stored (duplicate file number, cited document...)."""


class Cancelled(EvidenceDeskError):
    """Long work stopped because the user asked it to (its ``cancel`` event was set)."""


class OutputExistsError(ConflictError):
    """The file an export would write is already there; it was left as it was."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; it was left as it was")
        self.path = path


class LibraryError(EvidenceDeskError):
    """The library cannot be opened, created, locked or upgraded."""


class LibraryLockedError(LibraryError):
    """Another program has the library open for writing."""
