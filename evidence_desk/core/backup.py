"""Backing up a library into one zip, and restoring such a zip into a new library.

A backup is a promise: when ``backup_library`` returns, the zip restores into a library
that verifies. So it is built from one transaction-consistent snapshot of the database
(SQLite's online backup API, safe while the window or an import runs) plus the stored
originals *that snapshot refers to*, each read and hashed as it is written and checked
against the SHA-256 recorded at import; every other file under ``matters/`` (memos,
files an import has named but not yet committed) comes along too, an import's temporary
copies do not. If a referenced original vanishes meanwhile (a document deleted during the
backup) the backup starts again from a new snapshot; if one is missing or changed for
good, the backup is refused with the reason, because it could not be restored whole.

Nothing half-made is ever left where it can be mistaken for a backup or read by others:
the database snapshot is staged in the library's own owner-only ``.staging/`` folder (never
the system's temporary folder), and the zip is written as an unnamed file that only gets
its name when complete (Linux), or else under a hidden ``.part`` name that the library
removes when it is next opened if the backup was killed.

``restore_library`` checks every file of a backup against its manifest (names, sizes and
SHA-256) in a hidden staging folder beside the destination, and renames it into place only
when all is well; a killed restore leaves no half library, and its staging folder is
removed by the next restore. It refuses names that would leave the destination, links,
duplicates, entries larger than the manifest says, and more data than the disk can hold.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO

from .. import __version__
from .audit_seal import Anchor
from .errors import ConflictError, LibraryError, LibraryLockedError, ValidationError
from .integrity import IntegrityReport, inspect_library
from .library import (
    DB_NAME,
    LOCK_NAME,
    Library,
    _FileLock,
    head_revision,
    private_file_creation,
)
from .model import utc_now
from .output_files import LibraryPlace, check_library_place

MANIFEST_NAME = "evidence-desk-backup.json"
BACKUP_FORMAT = 1
ATTEMPTS = 3  # fresh snapshots tried when originals vanish while a backup is written
MAX_MANIFEST_BYTES = 256 * 1024**2
# Already-compressed kinds are stored as they are; compressing them again only costs time.
_STORED_SUFFIXES = frozenset(
    {".pdf", ".docx", ".xlsx", ".pptx", ".zip", ".jpg", ".jpeg", ".png", ".gif", ".mp4", ".m4a"}
)
_CHUNK = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, what)`` while a long copy runs."""


class _Vanished(Exception):
    """A file the snapshot refers to disappeared while the backup was written."""


@dataclass(frozen=True, slots=True)
class _Original:
    document_id: int
    sha256: str


# -- backup ----------------------------------------------------------------------------------


def _backup_target(out: Path, library: Library) -> Path:
    out = Path(out).expanduser()
    if out.is_dir():
        stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
        out = out / f"evidence-desk-backup-{stamp}.zip"
    elif out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    if out.exists():
        raise ConflictError(f"{out} already exists; choose another name for the backup")
    if not out.parent.is_dir():
        raise ValidationError(f"the folder {out.parent} does not exist")
    check_library_place(out.resolve(), library, LibraryPlace.BACKUPS)
    return out.resolve()


def _snapshot(library: Library, target: Path) -> tuple[dict[str, _Original], str]:
    """Copy the database consistently to ``target``: the originals that copy refers to,
    and an anchor line for its newest audit event (every backup is an anchor too)."""
    with (
        contextlib.closing(sqlite3.connect(library.path / DB_NAME)) as reader,
        contextlib.closing(sqlite3.connect(target)) as writer,
    ):
        reader.backup(writer)  # one step: a single transaction-consistent state
    with contextlib.closing(sqlite3.connect(target)) as copy:
        # A single file (no WAL beside it), so it opens anywhere.
        copy.execute("PRAGMA journal_mode=DELETE")
        rows = copy.execute("SELECT id, stored_path, sha256 FROM document").fetchall()
        newest = copy.execute(
            "SELECT id, hash, at FROM audit_event ORDER BY id DESC LIMIT 1"
        ).fetchone()
    anchor = ""
    if newest is not None and library.library_id():
        at = datetime.fromisoformat(str(newest[2]))
        anchor = Anchor(str(library.library_id()), int(newest[0]), str(newest[1]), at).line()
    originals = {}
    for document_id, stored_path, sha256 in rows:
        library.stored_file(stored_path)  # refuses a path that leads outside the library
        originals[PurePosixPath(stored_path).as_posix()] = _Original(document_id, sha256)
    return originals, anchor


def _matter_files(library: Library, originals: dict[str, _Original]) -> list[tuple[Path, str]]:
    """(path, name in the zip) of every file under ``matters/`` that belongs in a backup."""
    from .ingest.worker import PART_SUFFIX, TEMP_PREFIX

    files = []
    for folder, subfolders, names in os.walk(library.path / "matters"):
        subfolders[:] = sorted(name for name in subfolders if not Path(folder, name).is_symlink())
        for file_name in sorted(names):
            path = Path(folder, file_name)
            name = path.relative_to(library.path).as_posix()
            if path.is_symlink() or not path.is_file():
                continue  # never read through a link
            if name not in originals and (
                file_name.startswith(TEMP_PREFIX) or file_name.endswith(PART_SUFFIX)
            ):
                continue  # a running or interrupted import's copy: not evidence yet
            files.append((path, name))
    return files


class _PendingFile:
    """A new file that appears under its name only when complete, never before.

    On Linux it is written unnamed (``O_TMPFILE``) and linked into place at the end, so a
    killed writer leaves nothing at all; elsewhere it is a hidden ``.part`` file that the
    library's staging list names, so that the next start removes it.
    """

    def __init__(self, target: Path, staging: Path) -> None:
        self.target = target
        self.partial: Path | None = None
        descriptor = None
        if hasattr(os, "O_TMPFILE") and Path("/proc/self/fd").is_dir():
            with contextlib.suppress(OSError):  # a file system without unnamed files
                descriptor = os.open(target.parent, os.O_TMPFILE | os.O_RDWR, 0o600)
        if descriptor is None:
            self.partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
            Library.note_outside_file(staging, self.partial)
            flags = os.O_CREAT | os.O_EXCL | os.O_RDWR | getattr(os, "O_BINARY", 0)
            descriptor = os.open(self.partial, flags, 0o600)
        self.handle: IO[bytes] = os.fdopen(descriptor, "w+b")

    def publish(self) -> None:
        """Give the complete file its name; an existing file is never replaced."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        try:
            if self.partial is None:
                # linkat(AT_SYMLINK_FOLLOW), which Python uses when given a folder descriptor.
                folder = os.open(self.target.parent, os.O_RDONLY)
                try:
                    os.link(
                        f"/proc/self/fd/{self.handle.fileno()}",
                        self.target.name,
                        dst_dir_fd=folder,
                        follow_symlinks=True,
                    )
                finally:
                    os.close(folder)
            else:
                self.handle.close()
                try:
                    os.link(self.partial, self.target)
                except FileExistsError:
                    raise
                except OSError:  # no hard links (FAT, some network drives)
                    if self.target.exists():
                        raise FileExistsError(self.target) from None
                    os.rename(self.partial, self.target)
        except FileExistsError:
            self.discard()
            raise ConflictError(
                f"{self.target} appeared while the backup was written; nothing was overwritten"
            ) from None
        self.discard()

    def discard(self) -> None:
        self.handle.close()
        if self.partial is not None:
            self.partial.unlink(missing_ok=True)


def _write_entry(
    archive: zipfile.ZipFile, path: Path, name: str, expected: _Original | None
) -> dict[str, object]:
    """Copy one file into the zip, hashing the same bytes; its manifest entry."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        if expected is None:
            return {}  # an unreferenced file went away (an import cleaning up): fine
        raise _Vanished(name) from None
    with handle:
        info = zipfile.ZipInfo.from_file(path, name)
        info.compress_type = (
            zipfile.ZIP_STORED if path.suffix.lower() in _STORED_SUFFIXES else zipfile.ZIP_DEFLATED
        )
        digest, size = hashlib.sha256(), 0
        with archive.open(info, "w", force_zip64=True) as entry:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                entry.write(chunk)
                size += len(chunk)
    sha256 = digest.hexdigest()
    if expected is not None and sha256 != expected.sha256:
        raise ValidationError(
            f"document {expected.document_id}: {name} no longer matches the SHA-256 recorded "
            "at import, so this backup could not be restored whole; run verify and put the "
            "original back (from an older backup) first"
        )
    return {"name": name, "size": size, "sha256": sha256}


def _write_backup(library: Library, staging: Path, target: Path, progress: Progress | None) -> Path:
    database = staging / DB_NAME
    originals, anchor = _snapshot(library, database)
    files = _matter_files(library, originals)
    present = {name for _path, name in files}
    missing = sorted(set(originals) - present)
    if missing:
        raise _Vanished(missing[0])
    sources: list[tuple[Path, str]] = [(database, DB_NAME), *files]
    pending = _PendingFile(target, staging)
    try:
        entries = []
        with zipfile.ZipFile(pending.handle, "w", allowZip64=True) as archive:
            for index, (path, name) in enumerate(sources):
                if progress is not None:
                    progress(index, len(sources), name)
                entry = _write_entry(archive, path, name, originals.get(name))
                if entry:
                    entries.append(entry)
            manifest = {
                "format": BACKUP_FORMAT,
                "program": f"evidence-desk {__version__}",
                "created_at": utc_now().isoformat(),
                "created_by": library.user,
                "library_id": library.setting("library_id", "") or "",
                "schema": head_revision(),
                "anchor": anchor,
                "files": entries,
            }
            archive.writestr(MANIFEST_NAME, json.dumps(manifest, indent=2) + "\n")
        pending.publish()
    except BaseException:
        pending.discard()
        raise
    if progress is not None:
        progress(len(sources), len(sources), "done")
    return target


def backup_library(library: Library, out: Path, *, progress: Progress | None = None) -> Path:
    """Write a zip of the database and every matter folder; returns the zip's path.

    ``out`` is a file name (".zip" is added when missing) or an existing folder, in which
    case the zip is named after the current time. An existing file is never overwritten.
    The zip appears only once it is complete, and only if it restores whole.
    """
    if not library.is_embedded:
        raise LibraryError(
            "this is an office library on PostgreSQL: back up the database with the "
            "server's own tools (pg_dump) and copy the matter folders with them"
        )
    private_file_creation()
    target = _backup_target(out, library)
    for attempt in range(1, ATTEMPTS + 1):
        with library.staging("backup") as staging:
            try:
                return _write_backup(library, staging, target, progress)
            except _Vanished as vanished:
                if attempt == ATTEMPTS:
                    raise ValidationError(
                        f"the stored original {vanished} is missing, so a backup could not "
                        "be restored whole; run verify and put it back first"
                    ) from None
    raise AssertionError("unreachable")


# -- restore ---------------------------------------------------------------------------------


def _member_parts(name: str) -> tuple[str, ...] | None:
    """The path parts of a manifest name, or None when it could leave the destination."""
    if not name or "\x00" in name:
        return None
    path = PurePosixPath(name)
    parts = path.parts
    if path.is_absolute() or any(part in ("", ".", "..") for part in parts):
        return None
    if name != DB_NAME and (len(parts) < 2 or parts[0] != "matters"):
        return None  # a backup holds the database and the matter folders, nothing else
    if os.name == "nt" and any(re.search(r'[\\:<>"|?*]', part) for part in parts):
        return None
    return parts


def read_manifest(archive_path: Path) -> dict[str, object]:
    """The manifest of a backup zip, after checking that it is one."""
    archive_path = Path(archive_path).expanduser()
    if not archive_path.is_file():
        raise ValidationError(f"{archive_path} does not exist")
    if not zipfile.is_zipfile(archive_path):
        raise ValidationError(f"{archive_path} is not a zip file")
    try:
        with zipfile.ZipFile(archive_path) as archive:
            try:
                info = archive.getinfo(MANIFEST_NAME)
            except KeyError:
                raise ValidationError(
                    f"{archive_path} is not an Evidence Desk backup (it has no {MANIFEST_NAME})"
                ) from None
            if info.file_size > MAX_MANIFEST_BYTES:
                raise ValidationError(f"{archive_path} has an implausibly large manifest")
            manifest = json.loads(archive.read(info))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ValidationError(f"{archive_path} is damaged: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != BACKUP_FORMAT:
        raise ValidationError(f"{archive_path} is a backup format this program cannot read")
    return manifest


def _manifest_entries(manifest: dict[str, object], archive: Path) -> list[tuple[str, int, str]]:
    """(name, size, sha256) of every file, after checking every name is safe and unique."""
    entries = manifest.get("files")
    if not isinstance(entries, list):
        raise ValidationError(f"{archive} has no list of files in its manifest")
    checked: list[tuple[str, int, str]] = []
    seen: set[str] = set()
    case_blind = sys.platform in ("win32", "darwin")
    for entry in entries:
        if not isinstance(entry, dict):
            raise ValidationError(f"{archive} has a malformed manifest")
        name, size, sha256 = entry.get("name"), entry.get("size"), entry.get("sha256")
        if not isinstance(name, str) or _member_parts(name) is None:
            raise ValidationError(f"{archive} names an unsafe path: {name!r}")
        if not isinstance(size, int) or size < 0 or not _SHA256.fullmatch(str(sha256)):
            raise ValidationError(f"{archive} has a malformed manifest entry for {name!r}")
        key = name.casefold() if case_blind else name
        if key in seen:
            raise ValidationError(f"{archive} names {name!r} twice")
        seen.add(key)
        checked.append((name, size, str(sha256)))
    if DB_NAME not in {name for name, _size, _sha in checked}:
        raise ValidationError(f"{archive} has no database in its manifest")
    return checked


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


def _restore_staging_lock(staging: Path) -> Path:
    return staging.with_name(staging.name + ".lock")


def clean_stale_restores(parent: Path) -> int:
    """Remove the staging folders killed restores left in ``parent``; returns how many."""
    removed = 0
    for staging in sorted(parent.glob(".*.restoring-*")):
        if staging.name.endswith(".lock"):
            folder = staging.with_name(staging.name.removesuffix(".lock"))
            if not folder.exists() and not _FileLock.is_held(staging):
                staging.unlink(missing_ok=True)  # the restore was killed before it began
            continue
        if not staging.is_dir() or staging.is_symlink():
            continue
        lock = _restore_staging_lock(staging)
        if _FileLock.is_held(lock):
            continue  # a restore running now
        shutil.rmtree(staging, ignore_errors=True)
        lock.unlink(missing_ok=True)
        removed += 1
    return removed


def _extract(zipped: zipfile.ZipFile, name: str, size: int, target: Path, archive: Path) -> str:
    """Write one member to ``target``, never more bytes than the manifest says; its SHA-256."""
    try:
        info = zipped.getinfo(name)
    except KeyError:
        raise ValidationError(f"{archive} is missing {name}") from None
    if info.file_size != size:
        raise ValidationError(f"{name} in {archive} is not the size its manifest records")
    digest, written = hashlib.sha256(), 0
    try:
        with zipped.open(info) as source, target.open("xb") as handle:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > size:
                    raise ValidationError(f"{name} in {archive} is larger than it says")
                digest.update(chunk)
                handle.write(chunk)
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise ValidationError(f"{archive} is damaged at {name}: {error}") from None
    except OSError as error:
        raise ValidationError(f"cannot restore {name}: {error.strerror or error}") from None
    return digest.hexdigest()


def restore_library(
    archive: Path, dest: Path, *, progress: Progress | None = None
) -> tuple[Path, IntegrityReport]:
    """Unpack a backup into a new library folder ``dest``; returns (folder, its check).

    ``dest`` must not exist or be an empty folder. Every file is checked against the
    manifest before the folder appears, so a damaged backup restores nothing.
    """
    private_file_creation()
    archive = Path(archive).expanduser().resolve()
    dest = Path(dest).expanduser().resolve()
    if Library.exists(dest):
        raise ConflictError(f"there is already a library at {dest}; restore into a new folder")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ConflictError(f"{dest} is not empty; restore into a new or empty folder")
    manifest = read_manifest(archive)
    entries = _manifest_entries(manifest, archive)
    _check_schema_known(str(manifest.get("schema", "")), archive)
    dest.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_restores(dest.parent)
    needed = sum(size for _name, size, _sha in entries)
    free = shutil.disk_usage(dest.parent).free
    if needed > free:
        raise ValidationError(
            f"restoring needs {needed / 1e9:.1f} GB but {dest.parent} has only "
            f"{free / 1e9:.1f} GB free"
        )
    staging = dest.parent / f".{dest.name}.restoring-{uuid.uuid4().hex[:12]}"
    lock = _FileLock(_restore_staging_lock(staging))
    try:
        lock.acquire()
    except LibraryLockedError:  # cannot happen: the name is new
        raise ConflictError(f"another restore into {dest} is running") from None
    try:
        staging.mkdir(mode=0o700)
        _unpack(archive, entries, staging, progress)
        for folder in ("matters", "backups"):
            (staging / folder).mkdir(exist_ok=True)
        report = _open_and_check(staging, archive)  # a database that will not open stays out
        if dest.exists():
            dest.rmdir()  # empty, checked above
        os.replace(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        lock.release()
        _restore_staging_lock(staging).unlink(missing_ok=True)
    library = Library.open(dest, readonly=True)
    try:
        library.record_current_head()  # this folder's history starts from the backup
    finally:
        library.close()
    return dest, report


def _open_and_check(staging: Path, archive: Path) -> IntegrityReport:
    """Open the unpacked library (upgrading an older schema) and check it, before it moves."""
    try:
        library = Library.open(staging)
    except LibraryError as error:
        raise ValidationError(
            f"{archive} holds a database that cannot be opened: {error}"
        ) from None
    try:
        return inspect_library(library)
    finally:
        library.close()


def _unpack(
    archive: Path,
    entries: list[tuple[str, int, str]],
    staging: Path,
    progress: Progress | None,
) -> None:
    try:
        zipped = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as error:
        raise ValidationError(f"{archive} is damaged: {error}") from None
    with zipped:
        for index, (name, size, sha256) in enumerate(entries):
            if progress is not None:
                progress(index, len(entries), name)
            parts = _member_parts(name)
            assert parts is not None  # checked with the manifest
            if name == LOCK_NAME:
                raise ValidationError(f"{archive} names an unsafe path: {name!r}")
            target = staging.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.parent.resolve().is_relative_to(staging.resolve()):
                raise ValidationError(f"{archive} names an unsafe path: {name!r}")
            if _extract(zipped, name, size, target, archive) != sha256:
                raise ValidationError(
                    f"{name} in {archive} does not match its recorded SHA-256; "
                    "the backup is damaged"
                )
