"""Checking, backing up and restoring a whole library.

``verify_library`` answers "is everything still as Evidence Desk left it?": the audit
chain is intact and every audited row matches its last event (``audit.verify``), and every
stored original is present with the size and SHA-256 recorded when it was imported.

``backup_library`` writes one zip: a consistent copy of the SQLite database (taken with
SQLite's backup API, so it is safe while the library is open), every file under
``matters/``, and a manifest with each file's SHA-256. ``restore_library`` checks every
file of such a zip against its manifest before it puts anything in place, then opens the
restored library (which upgrades an older schema) and verifies it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sqlalchemy import func, select

from .. import __version__
from . import audit
from .errors import ConflictError, LibraryError, ValidationError
from .library import DB_NAME, LOCK_NAME, Library, head_revision
from .model import Document, Page, utc_now
from .output_files import LibraryPlace, check_output_path, output_file
from .wording import quoted

MANIFEST_NAME = "evidence-desk-backup.json"
BACKUP_FORMAT = 1
# Already-compressed kinds are stored as they are; compressing them again only costs time.
_STORED_SUFFIXES = frozenset(
    {".pdf", ".docx", ".xlsx", ".pptx", ".zip", ".jpg", ".jpeg", ".png", ".gif", ".mp4", ".m4a"}
)
_CHUNK = 1024 * 1024

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, what)`` while a long check or copy runs."""


@dataclass(frozen=True, slots=True)
class IntegrityProblem:
    """One thing ``verify_library`` found wrong.

    ``kind`` is one of "audit" (the audit chain or an audited row), "missing" (a stored
    original is gone), "changed" (its bytes differ from the recorded SHA-256), "unreadable"
    (it cannot be read) or "leftover" (a copy an interrupted import left behind).
    """

    kind: str
    message: str
    document_id: int | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class IntegrityReport:
    """What ``inspect_library`` checked and what it found."""

    audit_events: int
    documents: int
    pages: int
    bytes_checked: int
    problems: tuple[IntegrityProblem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def inspect_library(library: Library, *, progress: Progress | None = None) -> IntegrityReport:
    """Check the audit log and every stored original; report counts and problems."""
    problems: list[IntegrityProblem] = []
    with library.read() as session:
        events, audit_problem = audit.verify(session)
        documents = session.execute(
            select(
                Document.id, Document.stored_path, Document.sha256, Document.size, Document.title
            ).order_by(Document.id)
        ).all()
        pages = session.execute(select(func.count(Page.id))).scalar_one()
    if audit_problem is not None:
        problems.append(IntegrityProblem("audit", audit_problem.message))
    checked_bytes = 0
    known_paths: set[str] = set()
    for index, (document_id, stored_path, sha256, size, title) in enumerate(documents):
        if progress is not None:
            progress(index, len(documents), stored_path)
        known_paths.add(stored_path)
        path = library.path / stored_path
        if not path.is_file():
            problems.append(
                IntegrityProblem(
                    "missing",
                    f"{quoted(title)}: the stored original {stored_path} is missing",
                    document_id,
                    stored_path,
                )
            )
            continue
        try:
            actual = _sha256_of(path)
        except OSError as error:
            problems.append(
                IntegrityProblem(
                    "unreadable",
                    f"{quoted(title)}: {stored_path} cannot be read ({error.strerror})",
                    document_id,
                    stored_path,
                )
            )
            continue
        checked_bytes += path.stat().st_size
        if actual != sha256:
            problems.append(
                IntegrityProblem(
                    "changed",
                    f"{quoted(title)}: {stored_path} no longer matches the SHA-256 "
                    f"recorded at import (was {size} bytes, "
                    f"now {path.stat().st_size}); restore it from a backup",
                    document_id,
                    stored_path,
                )
            )
    problems.extend(_leftovers(library))
    if progress is not None:
        progress(len(documents), len(documents), "done")
    return IntegrityReport(
        audit_events=events,
        documents=len(documents),
        pages=int(pages),
        bytes_checked=checked_bytes,
        problems=tuple(problems),
    )


def _leftovers(library: Library) -> list[IntegrityProblem]:
    """Temporary copies of an interrupted import (the next import cleans them up)."""
    from .ingest.worker import TEMP_PREFIX

    found = []
    for folder in sorted((library.path / "matters").glob("*/documents")):
        for item in sorted(folder.iterdir()):
            if item.name.startswith(TEMP_PREFIX):
                relative = item.relative_to(library.path).as_posix()
                found.append(
                    IntegrityProblem(
                        "leftover",
                        f"{relative} was left by an interrupted import; importing into that "
                        "matter again finishes or removes it",
                        None,
                        relative,
                    )
                )
    return found


def verify_library(library: Library, *, progress: Progress | None = None) -> list[IntegrityProblem]:
    """Everything wrong with the library (an empty list when it is intact)."""
    return list(inspect_library(library, progress=progress).problems)


# -- backup ----------------------------------------------------------------------------------


def _backup_target(out: Path) -> Path:
    out = Path(out).expanduser()
    if out.is_dir():
        stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
        out = out / f"evidence-desk-backup-{stamp}.zip"
    elif out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    return out


def _library_files(library: Library) -> list[Path]:
    """Every file under ``matters/`` that belongs in a backup, in a stable order."""
    from .ingest.worker import TEMP_PREFIX

    files = []
    for folder, subfolders, names in os.walk(library.path / "matters"):
        subfolders.sort()
        for name in sorted(names):
            if name.startswith(TEMP_PREFIX):
                continue  # half an import: not evidence yet
            files.append(Path(folder) / name)
    return files


def backup_library(
    library: Library,
    out: Path,
    *,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Write a zip of the database and every matter folder; returns the zip's path.

    ``out`` is a file name (".zip" is added when missing) or an existing folder, in which
    case the zip is named after the current time. An existing file is replaced only with
    ``overwrite``; the zip appears only once it is complete (see ``output_files``).
    """
    if not library.is_embedded:
        raise LibraryError(
            "this is an office library on PostgreSQL: back up the database with the "
            "server's own tools (pg_dump) and copy the matter folders with them"
        )
    target = check_output_path(
        _backup_target(out), library, overwrite=overwrite, place=LibraryPlace.BACKUPS
    )
    files = _library_files(library)
    library_id = library.setting("library_id", "") or ""
    with tempfile.TemporaryDirectory(prefix="evidence-desk-backup-") as scratch:
        database_copy = Path(scratch) / DB_NAME
        _copy_database(library.path / DB_NAME, database_copy)
        entries: list[dict[str, object]] = []
        place = LibraryPlace.BACKUPS
        with output_file(target, library, overwrite=overwrite, place=place) as partial:  # noqa: SIM117
            with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
                sources = [(database_copy, DB_NAME)] + [
                    (path, path.relative_to(library.path).as_posix()) for path in files
                ]
                for index, (path, name) in enumerate(sources):
                    if progress is not None:
                        progress(index, len(sources), name)
                    compression = (
                        zipfile.ZIP_STORED
                        if path.suffix.lower() in _STORED_SUFFIXES
                        else zipfile.ZIP_DEFLATED
                    )
                    archive.write(path, name, compress_type=compression)
                    entries.append(
                        {"name": name, "size": path.stat().st_size, "sha256": _sha256_of(path)}
                    )
                manifest = {
                    "format": BACKUP_FORMAT,
                    "program": f"evidence-desk {__version__}",
                    "created_at": utc_now().isoformat(),
                    "created_by": library.user,
                    "library_id": library_id,
                    "schema": head_revision(),
                    "files": entries,
                }
                archive.writestr(MANIFEST_NAME, json.dumps(manifest, indent=2) + "\n")
    if progress is not None:
        progress(len(files) + 1, len(files) + 1, "done")
    return target


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (WAL included)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as reader,
        contextlib.closing(sqlite3.connect(target)) as writer,
    ):
        reader.backup(writer)
    # The copy is a single file (no WAL beside it), so it opens anywhere.
    with contextlib.closing(sqlite3.connect(target)) as copy:
        copy.execute("PRAGMA journal_mode=DELETE")


# -- restore ---------------------------------------------------------------------------------


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and "\\" not in name


def read_manifest(archive_path: Path) -> dict[str, object]:
    """The manifest of a backup zip, after checking that it is one."""
    archive_path = Path(archive_path).expanduser()
    if not archive_path.is_file():
        raise ValidationError(f"{archive_path} does not exist")
    if not zipfile.is_zipfile(archive_path):
        raise ValidationError(f"{archive_path} is not a zip file")
    with zipfile.ZipFile(archive_path) as archive:
        try:
            manifest = json.loads(archive.read(MANIFEST_NAME))
        except KeyError:
            raise ValidationError(
                f"{archive_path} is not an Evidence Desk backup (it has no {MANIFEST_NAME})"
            ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != BACKUP_FORMAT:
        raise ValidationError(f"{archive_path} is a backup format this program cannot read")
    return manifest


def _check_schema_known(revision: str, archive: Path) -> None:
    """Refuse, before unpacking anything, a backup made by a newer program."""
    from alembic.script import ScriptDirectory

    from .library import alembic_config

    script = ScriptDirectory.from_config(alembic_config(None))
    try:
        known = script.get_revision(revision) is not None
    except Exception:  # Alembic raises several kinds for an unknown revision
        known = False
    if not known:
        raise ValidationError(
            f"{archive} was made by a newer Evidence Desk (schema {revision or 'unknown'}); "
            "update the program to restore it"
        )


def restore_library(
    archive: Path, dest: Path, *, progress: Progress | None = None
) -> tuple[Path, IntegrityReport]:
    """Unpack a backup into a new library folder ``dest``; returns (folder, its check).

    ``dest`` must not exist or be an empty folder. Every file is checked against the
    manifest before the folder appears, so a damaged backup restores nothing.
    """
    archive = Path(archive).expanduser().resolve()
    dest = Path(dest).expanduser().resolve()
    if Library.exists(dest):
        raise ConflictError(f"there is already a library at {dest}; restore into a new folder")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ConflictError(f"{dest} is not empty; restore into a new or empty folder")
    manifest = read_manifest(archive)
    entries = manifest.get("files")
    if not isinstance(entries, list) or not any(
        isinstance(entry, dict) and entry.get("name") == DB_NAME for entry in entries
    ):
        raise ValidationError(f"{archive} has no database in its manifest")
    _check_schema_known(str(manifest.get("schema", "")), archive)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.restoring-", dir=dest.parent))
    try:
        with zipfile.ZipFile(archive) as zipped:
            for index, entry in enumerate(entries):
                name = str(entry.get("name", ""))
                if progress is not None:
                    progress(index, len(entries), name)
                if not _safe_member(name) or name == LOCK_NAME:
                    raise ValidationError(f"{archive} names an unsafe path: {name!r}")
                target = staging.joinpath(*PurePosixPath(name).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    with zipped.open(name) as source, target.open("wb") as handle:
                        shutil.copyfileobj(source, handle, _CHUNK)
                except KeyError:
                    raise ValidationError(f"{archive} is missing {name}") from None
                except zipfile.BadZipFile as error:
                    raise ValidationError(f"{archive} is damaged at {name}: {error}") from None
                if _sha256_of(target) != entry.get("sha256"):
                    raise ValidationError(
                        f"{name} in {archive} does not match its recorded SHA-256; "
                        "the backup is damaged"
                    )
        for folder in ("matters", "backups"):
            (staging / folder).mkdir(exist_ok=True)
        if dest.exists():
            dest.rmdir()  # empty, checked above
        os.replace(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    library = Library.open(dest)
    try:
        report = inspect_library(library)
    finally:
        library.close()
    return dest, report
