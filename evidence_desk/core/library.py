"""Opening, creating, locking and upgrading a library.

A library is a folder: ``evidence.db`` (SQLite, WAL, foreign keys on) plus one folder per
matter. In office mode the folder holds ``library.json`` naming a PostgreSQL URL instead of
the SQLite file; the SQLAlchemy URL is the only switch.

One process at a time may write to an embedded library. It holds an OS file lock on
``.evidence-desk.lock`` for as long as the library is open for writing; a second writer gets
``LibraryLockedError`` naming the holder. Readers need no lock (WAL lets them read while
the writer works).
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from ..config import current_user
from . import search_index
from .audit import USER_KEY
from .errors import LibraryError, LibraryLockedError
from .model import Setting, utc_now

DB_NAME = "evidence.db"
OFFICE_CONFIG = "library.json"
LOCK_NAME = ".evidence-desk.lock"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class _FileLock:
    """An exclusive, non-blocking OS lock on a file, released when the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held while open
        try:
            if os.name == "nt":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another program"
            handle.close()
            raise LibraryLockedError(
                f"the library at {self.path.parent} is open for writing by {holder}; "
                "close it there first"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()} on {socket.gethostname()}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        if os.name == "nt":
            import msvcrt

            self._handle.seek(0)
            with suppress(OSError):
                msvcrt.locking(self._handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _make_engine(url: str, *, foreign_keys: bool = True) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _configure(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()
            # The full-text index's triggers call these on every write of page or note text.
            search_index.register(dbapi_connection)

        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(connection: Any) -> Any:
    """An Alembic configuration that runs our migrations on ``connection``."""
    from alembic.config import Config  # only to upgrade: opening a library does not need it

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


_REVISION_LINE = re.compile(
    r"""^(revision|down_revision)(?:\s*:[^=]*)?\s*=\s*["']([^"']+)["']""", re.MULTILINE
)


def head_revision() -> str:
    """The newest schema revision, read from the migration files themselves.

    Every command opens a library and compares its revision with this one, so it is read
    without importing Alembic (which takes longer than the rest of a simple command);
    Alembic itself is loaded only when a library needs upgrading.
    """
    revisions: set[str] = set()
    replaced: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        fields = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" in fields:
            revisions.add(fields["revision"])
        if "down_revision" in fields:
            replaced.add(fields["down_revision"])
    heads = revisions - replaced
    if len(heads) != 1:
        raise LibraryError(f"the program's migrations have {len(heads)} heads; reinstall it")
    return heads.pop()


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError):  # no such table: a new database
            return None


def folder_key_for(file_number: str) -> str:
    """A safe folder name for a matter, from its file number ("2024/017" -> "2024-017")."""
    key = re.sub(r"[^A-Za-z0-9._-]+", "-", file_number.strip()).strip(".-")
    return key[:100] or "matter"


class Library:
    """An open library: engine, sessions, folders and (for writers) the lock."""

    def __init__(self, path: Path, url: str, *, user: str, readonly: bool) -> None:
        self.path = path
        self.url = url
        self.user = user
        self.readonly = readonly
        self.engine = _make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_mutex = threading.RLock()
        self._lock: _FileLock | None = None

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path | str, *, user: str | None = None, database_url: str | None = None
    ) -> Library:
        """Make a new library (with the default conduct taxonomy) and open it.

        With ``database_url`` (office mode) the folder records that URL in ``library.json``
        and the tables live on that PostgreSQL server; if the server already holds an office
        library, this folder joins it instead of starting a new one.
        """
        root = Path(path).expanduser().resolve()
        if cls.exists(root):
            raise LibraryError(f"there is already a library at {root}")
        if root.exists() and not root.is_dir():
            raise LibraryError(f"{root} is a file, not a folder")
        if database_url is not None and not database_url.startswith("postgresql"):
            raise LibraryError("an office library needs a postgresql+psycopg://... database URL")
        try:
            for folder in (root, root / "matters", root / "backups"):
                folder.mkdir(parents=True, exist_ok=True)
            if database_url is not None:
                (root / OFFICE_CONFIG).write_text(
                    json.dumps({"database_url": database_url}, indent=2) + "\n", encoding="utf-8"
                )
        except OSError as error:
            raise LibraryError(f"cannot create a library at {root}: {error.strerror}") from None
        library = cls._open_checked(root, user=user, readonly=False, creating=True)
        from .taxonomy import load_default_taxonomy

        with library.write() as session:
            if session.get(Setting, "library_id") is None:
                session.add(Setting(key="library_id", value=str(uuid.uuid4())))
                session.add(Setting(key="created_at", value=utc_now().isoformat()))
                load_default_taxonomy(session)
        return library

    @classmethod
    def open(cls, path: Path | str, *, user: str | None = None, readonly: bool = False) -> Library:
        """Open an existing library, upgrading its schema (after a backup) when it is older."""
        root = Path(path).expanduser().resolve()
        if not cls.exists(root):
            raise LibraryError(
                f"no library at {root} (create one with 'evidence-desk init' or from the window)"
            )
        return cls._open_checked(root, user=user, readonly=readonly, creating=False)

    @classmethod
    def open_or_create(cls, path: Path | str, *, user: str | None = None) -> Library:
        root = Path(path).expanduser().resolve()
        return cls.open(root, user=user) if cls.exists(root) else cls.create(root, user=user)

    @staticmethod
    def exists(path: Path | str) -> bool:
        root = Path(path).expanduser()
        return (root / DB_NAME).is_file() or (root / OFFICE_CONFIG).is_file()

    @classmethod
    def _open_checked(
        cls, root: Path, *, user: str | None, readonly: bool, creating: bool
    ) -> Library:
        office = root / OFFICE_CONFIG
        if office.is_file():
            try:
                url = str(json.loads(office.read_text(encoding="utf-8"))["database_url"])
            except (ValueError, KeyError) as error:
                raise LibraryError(
                    f"{office} is not a valid office library file: {error}"
                ) from None
        else:
            url = _sqlite_url(root / DB_NAME)
        library = cls(root, url, user=user or current_user(), readonly=readonly)
        try:
            if not readonly:
                library._take_lock()
            library._migrate(creating=creating)
        except OperationalError as error:
            library.close()
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise LibraryError(f"cannot reach the library's database: {reason}") from None
        except BaseException:
            library.close()
            raise
        return library

    @property
    def is_embedded(self) -> bool:
        return self.url.startswith("sqlite")

    def _take_lock(self) -> None:
        if not self.is_embedded:
            return  # office mode: PostgreSQL serialises concurrent writers itself
        self._lock = _FileLock(self.path / LOCK_NAME)
        self._lock.acquire()

    # -- schema --------------------------------------------------------------------------

    def _migrate(self, *, creating: bool) -> None:
        head = head_revision()
        current = _current_revision(self.engine)
        if current == head:
            return
        from alembic import command
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config(None))
        if current is not None:
            try:
                script.get_revision(current)
            except Exception:
                raise LibraryError(
                    f"the library at {self.path} was made by a newer Evidence Desk "
                    f"(schema {current}); update the program to open it"
                ) from None
        has_tables = bool(inspect(self.engine).get_table_names())
        if current is None and has_tables and not creating:
            raise LibraryError(f"{self.path / DB_NAME} is not an Evidence Desk database")
        lock_taken_here = False
        if self.readonly and self._lock is None and self.is_embedded:
            self._take_lock()  # an upgrade writes: take the lock just for it
            lock_taken_here = True
        try:
            if current is not None and self.is_embedded:
                self.backup_database(f"before-upgrade-from-{current}")
            migration_engine = _make_engine(self.url, foreign_keys=False)
            try:
                with migration_engine.begin() as connection:
                    command.upgrade(alembic_config(connection), "head")
            finally:
                migration_engine.dispose()
        finally:
            if lock_taken_here and self._lock is not None:
                self._lock.release()
                self._lock = None
        self.engine.dispose()  # connections opened before the upgrade cache the old schema

    def backup_database(self, label: str) -> Path:
        """Copy the SQLite database (consistently, even while open) into ``backups/``."""
        backups = self.path / "backups"
        backups.mkdir(exist_ok=True)
        stamp = utc_now().strftime("%Y%m%dT%H%M%S")
        target = backups / f"evidence-{stamp}-{label}.db"
        source = sqlite3.connect(self.path / DB_NAME)
        try:
            destination = sqlite3.connect(target)
            try:
                source.backup(destination)
            finally:
                destination.close()
        finally:
            source.close()
        return target

    # -- sessions ------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work that commits on success and rolls back on any error."""
        if self.readonly:
            raise LibraryError("this library was opened read-only")
        with self._write_mutex, self._sessions() as session:
            session.info[USER_KEY] = self.user
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read-only unit of work."""
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    # -- folders and settings ------------------------------------------------------------

    def matter_folder(self, folder_key: str) -> Path:
        return self.path / "matters" / folder_key

    def ensure_matter_folders(self, folder_key: str) -> Path:
        folder = self.matter_folder(folder_key)
        (folder / "documents").mkdir(parents=True, exist_ok=True)
        (folder / "exports").mkdir(parents=True, exist_ok=True)
        return folder

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.read() as session:
            value = session.execute(select(Setting.value).where(Setting.key == key)).scalar()
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        from . import audit

        with self.write() as session:
            row = session.get(Setting, key)
            if row is None:
                row = Setting(key=key, value=value)
                session.add(row)
                audit.record_create(session, row)
            else:
                before = audit.snapshot(row)
                row.value = value
                audit.record_update(session, row, before)

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
