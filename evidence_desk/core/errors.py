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


class EditConflictError(ConflictError):
    """Someone else saved a change to the record after this person opened it.

    Carries what the window needs to offer a reload: which record, the version now stored,
    and who changed it when (from the audit log)."""

    def __init__(
        self,
        message: str,
        *,
        entity: str,
        entity_id: int,
        current_version: int,
        changed_by: str | None = None,
    ) -> None:
        super().__init__(message)
        self.entity = entity
        self.entity_id = entity_id
        self.current_version = current_version
        self.changed_by = changed_by


class OutputExistsError(ConflictError):
    """The file an export would write is already there; it was left as it was."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; it was left as it was")
        self.path = path


class LibraryError(EvidenceDeskError):
    """The library cannot be opened, created, locked or upgraded."""


class ConnectionLostError(LibraryError):
    """The office database server could not be reached, or went away during the work."""


class LibraryLockedError(LibraryError):
    """Another program has the library open for writing."""
