"""Opening, creating, locking and upgrading a library.

A library is a folder: ``evidence.db`` (SQLite, WAL, foreign keys on) plus one folder per
matter. In office mode the folder holds ``library.json`` naming the office's PostgreSQL
server and database instead of the SQLite file (``office_server``); the SQLAlchemy URL is
the only switch. There every person connects as their own database role, and that role is
the user the audit log names.

One process at a time may write to an embedded library. It holds an OS file lock on
``.evidence-desk.lock`` for as long as the library is open for writing; a second writer gets
``LibraryLockedError`` naming the holder. Readers need no lock (WAL lets them read while
the writer works). An office library has no file lock: many people write at once, and each
write transaction waits its turn for a lock on the server (a short wait, never an error),
which keeps the audit chain in one line. Losing the server mid-way is
``ConnectionLostError``: nothing of that unit of work was saved.

A running import holds a second lock, ``.evidence-desk.importing``, so that a check run
meanwhile can tell its temporary copies from an interrupted run's.

An embedded library is owner-only: its folders are 0700 and its files 0600 (a library made
by an older version is tightened when it is first opened), and a process that opens one
creates every later file owner-only too (umask 077), exports and backups included.

Every stored path is confined: a matter's folder key must be a plain name, and a document's
stored path must resolve (links followed) to a file under ``matters/``. A path that leads
elsewhere, for instance in a database restored from a doctored backup, is refused with
``UnsafePathError`` before anything is read or written through it.

Work that must never be seen half-done (a backup's database snapshot) is staged in
``.staging/`` inside the library, each piece under a lock its process holds; whatever a
killed process left there is removed the next time the library is opened.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import stat
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import IO, Any

from sqlalchemy import URL, Engine, create_engine, event, inspect, select, text
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..config import current_user
from . import page_text, search_index
from .audit import HEAD_KEY, SEAL_KEY, USER_KEY, WRITER_LOCK, newest_event
from .audit_seal import AuditKey, load_or_create_key, record_head
from .errors import (
    ConflictError,
    ConnectionLostError,
    EvidenceDeskError,
    LibraryError,
    LibraryLockedError,
    UnsafePathError,
)
from .model import Setting, utc_now
from .office_server import (
    OFFICE_CONFIG,
    OfficeServer,
    connection_hint,
    read_config,
    server_from_url,
    write_config,
)

DB_NAME = "evidence.db"
LOCK_NAME = ".evidence-desk.lock"
IMPORT_LOCK_NAME = ".evidence-desk.importing"
STAGING_NAME = ".staging"
OUTSIDE_LIST = "outside.txt"  # in a staging folder: partial files it made outside the library
FOLDER_MODE, FILE_MODE = 0o700, 0o600
_FOLDER_KEY = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,119}")
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class _FileLock:
    """An exclusive, non-blocking OS lock on a file, released when the process dies."""

    @classmethod
    def is_held(cls, path: Path) -> bool:
        """True when another holder has the lock on ``path`` (a file that is absent is not)."""
        if not path.exists():
            return False
        probe = cls(path)
        try:
            probe.acquire()
        except LibraryLockedError:
            return True
        except OSError:
            return False
        probe.release()
        return False

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


def _make_engine(url: str | URL, *, foreign_keys: bool = True) -> Engine:
    if str(url).startswith("sqlite"):
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
    # pre-ping: a connection the server dropped (restart, network) is replaced, not used.
    return create_engine(url, pool_pre_ping=True)


def _reason(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig else str(error)


def _connection_failed(error: BaseException) -> bool:
    """True when ``error`` means the server could not be reached or went away."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    state = getattr(error.orig, "sqlstate", None)
    if state is None:  # psycopg raises these without a state when the socket fails
        return isinstance(error, OperationalError) and type(error.orig).__name__ == (
            "OperationalError"
        )
    # Class 08: connection exception; 57P01-57P03: the server shut down or is starting.
    return state.startswith("08") or state in ("57P01", "57P02", "57P03")


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


def make_private(path: Path) -> None:
    """Owner-only: ``path`` (a folder or a file) and, for a folder, everything in it."""
    if os.name == "nt":
        return  # the user's profile folder already keeps other accounts out
    if path.is_symlink():
        return
    if path.is_file():
        with suppress(OSError):
            os.chmod(path, FILE_MODE)
        return
    for folder, subfolders, names in os.walk(path):
        with suppress(OSError):
            os.chmod(folder, FOLDER_MODE)
        subfolders[:] = [name for name in subfolders if not os.path.islink(Path(folder, name))]
        for name in names:
            item = Path(folder, name)
            if not item.is_symlink():
                with suppress(OSError):
                    os.chmod(item, FILE_MODE)


def private_file_creation() -> None:
    """From now on this process creates files and folders owner-only (0600 and 0700)."""
    if os.name != "nt":
        os.umask(0o077)


def folder_key_for(file_number: str) -> str:
    """A safe folder name for a matter, from its file number ("2024/017" -> "2024-017")."""
    key = re.sub(r"[^A-Za-z0-9._-]+", "-", file_number.strip()).strip(".-")
    return key[:100] or "matter"


class Library:
    """An open library: engine, sessions, folders and (for writers) the lock."""

    def __init__(
        self,
        path: Path,
        url: str | URL,
        *,
        user: str,
        readonly: bool,
        server: OfficeServer | None = None,
    ) -> None:
        self.path = path
        self.url = str(url)
        self.user = user
        self.readonly = readonly
        self.server = server
        self.notices: list[str] = []  # things the person should be told once (office mode)
        self.engine = _make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # One writer at a time inside this process; an office server orders writers itself.
        self._write_mutex: threading.RLock | nullcontext[None] = (
            threading.RLock() if server is None else nullcontext()
        )
        self._lock: _FileLock | None = None
        self._audit_key: AuditKey | None = None
        self._library_id: str | None = None
        self._import_mutex = threading.Lock()
        self._imports = 0
        self._import_lock: _FileLock | None = None

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str,
        *,
        user: str | None = None,
        database_url: str | None = None,
        server: OfficeServer | None = None,
        role: str | None = None,
    ) -> Library:
        """Make a new library (with the default conduct taxonomy) and open it.

        With ``server`` (office mode; or ``database_url``, a ``postgresql://HOST/DB`` URL
        without credentials) the folder records server and database in ``library.json`` and
        the tables live on that PostgreSQL server; if the server already holds an office
        library, this folder joins it instead of starting a new one. ``role`` connects as
        that database role instead of libpq's default (``PGUSER`` or the login name).
        """
        root = Path(path).expanduser().resolve()
        if cls.exists(root):
            raise LibraryError(f"there is already a library at {root}")
        if root.exists() and not root.is_dir():
            raise LibraryError(f"{root} is a file, not a folder")
        if database_url is not None:
            try:
                server, credentials = server_from_url(database_url)
            except EvidenceDeskError as error:
                raise LibraryError(str(error)) from None
            if credentials:
                raise LibraryError(
                    f"leave {' and '.join(credentials)} out of the database URL: library.json "
                    "names only the server and the database, and each person connects as "
                    "themselves (PGUSER or the login name, a password in ~/.pgpass)"
                )
        try:
            if server is None:
                private_file_creation()
            for folder in (root, root / "matters", root / "backups"):
                folder.mkdir(parents=True, exist_ok=True)
            if server is not None:
                write_config(root, server)
        except OSError as error:
            raise LibraryError(f"cannot create a library at {root}: {error.strerror}") from None
        library = cls._open_checked(root, user=user, readonly=False, creating=True, role=role)
        from .taxonomy import load_default_taxonomy

        with library.write() as session:
            if session.get(Setting, "library_id") is not None:
                return library  # an office library this folder joined
            session.add(Setting(key="library_id", value=str(uuid.uuid4())))
            session.add(Setting(key="created_at", value=utc_now().isoformat()))
        with library.write() as session:  # audited, so sealed: the library has its id now
            load_default_taxonomy(session)
        return library

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        user: str | None = None,
        readonly: bool = False,
        role: str | None = None,
    ) -> Library:
        """Open an existing library, upgrading its schema (after a backup) when it is older.

        ``role`` (office mode) connects as that database role instead of libpq's default.
        """
        root = Path(path).expanduser().resolve()
        if not cls.exists(root):
            raise LibraryError(
                f"no library at {root} (create one with 'evidence-desk init' or from the window)"
            )
        return cls._open_checked(root, user=user, readonly=readonly, creating=False, role=role)

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
        cls,
        root: Path,
        *,
        user: str | None,
        readonly: bool,
        creating: bool,
        role: str | None = None,
    ) -> Library:
        notices: tuple[str, ...] = ()
        server = None
        if (root / OFFICE_CONFIG).is_file():
            config = read_config(root)
            server, notices = config.server, config.notices
            url: str | URL = server.url(role)
        else:
            url = _sqlite_url(root / DB_NAME)
        library = cls(root, url, user=user or current_user(), readonly=readonly, server=server)
        library.notices.extend(notices)
        try:
            if library.is_embedded:
                library._keep_private()
                library.clean_stale_staging()
            else:
                library.user = library._database_role()
            if not readonly:
                library._take_lock()
            library._migrate(creating=creating)
        except OperationalError as error:
            library.close()
            reason = _reason(error)
            hint = connection_hint(reason, server) if server is not None else ""
            raise LibraryError(
                f"cannot reach the library's database: {reason}" + (f"; {hint}" if hint else "")
            ) from None
        except DatabaseError as error:  # not a database at all, or a damaged one
            library.close()
            raise LibraryError(f"cannot read the library's database: {_reason(error)}") from None
        except BaseException:
            library.close()
            raise
        return library

    def _database_role(self) -> str:
        """The role this office library's connections log in as (what the audit names)."""
        with self.engine.connect() as connection:
            return str(connection.execute(text("SELECT current_user")).scalar_one())

    @property
    def is_embedded(self) -> bool:
        return self.url.startswith("sqlite")

    def _keep_private(self) -> None:
        """Owner-only from now on; a library made before that rule is tightened once."""
        private_file_creation()
        if os.name == "nt":
            return
        try:
            loose = stat.S_IMODE(self.path.stat().st_mode) & 0o077
        except OSError:
            return
        if loose:
            for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", LOCK_NAME, IMPORT_LOCK_NAME):
                if (self.path / name).exists():
                    make_private(self.path / name)
            for name in ("matters", "backups", STAGING_NAME):
                if (self.path / name).is_dir():
                    make_private(self.path / name)
            with suppress(OSError):
                os.chmod(self.path, FOLDER_MODE)

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
            migration_engine = _make_engine(self.engine.url, foreign_keys=False)
            try:
                with migration_engine.begin() as connection:
                    command.upgrade(alembic_config(connection), "head")
            except ProgrammingError as error:
                # 42501: insufficient privilege; 3F000: no schema this role may create in.
                if self.is_embedded or getattr(error.orig, "sqlstate", "") not in (
                    "42501",
                    "3F000",
                ):
                    raise
                raise LibraryError(self._upgrade_refused(current, head)) from None
            finally:
                migration_engine.dispose()
            self.engine.dispose()  # connections opened before the upgrade cache the old schema
            if current is not None:
                with self._unit_of_work() as session:
                    page_text.seal_unsealed(session)  # documents from before text digests
        finally:
            if lock_taken_here and self._lock is not None:
                self._lock.release()
                self._lock = None

    def _upgrade_refused(self, current: str | None, head: str) -> str:
        """Why an office person could not create or upgrade the schema, and who can."""
        where = self.server.describe() if self.server else "the office database"
        if current is None:
            return (
                f"{where} has no Evidence Desk library yet, and your role {self.user!r} may "
                "not create one: the administrator sets it up first with "
                "'evidence-desk office setup'"
            )
        return (
            f"{where} holds an older Evidence Desk library (schema {current}; this program "
            f"needs {head}); your role {self.user!r} may not upgrade it: ask the "
            "administrator to run 'evidence-desk office setup' with this version"
        )

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
        with self._write_mutex, self._unit_of_work() as session:
            yield session

    @contextmanager
    def _unit_of_work(self) -> Iterator[Session]:
        with self._sessions() as session:
            session.info[USER_KEY] = self.user
            session.info[SEAL_KEY] = self._sealing_key()
            try:
                if not self.is_embedded:
                    # Writers take turns (see the module docstring).
                    session.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK}
                    )
                yield session
                session.commit()
            except BaseException as error:
                with suppress(DBAPIError):  # a lost connection cannot roll back; nothing to undo
                    session.rollback()
                if isinstance(error, StaleDataError):
                    raise ConflictError(
                        "someone else changed the same record at the same moment; nothing "
                        "was saved: reload it and make the change again"
                    ) from None
                if _connection_failed(error):
                    raise self._connection_lost(error, saving=True) from None
                raise
            head = session.info.get(HEAD_KEY)
        if head is not None:
            self._record_head(*head)

    def _connection_lost(self, error: BaseException, *, saving: bool) -> ConnectionLostError:
        where = self.server.describe() if self.server else "the database"
        reason = _reason(error) if isinstance(error, DBAPIError) else str(error)
        if saving:
            return ConnectionLostError(
                f"lost the connection to {where} ({reason}); this change was not saved and "
                "is kept here: try again when the server can be reached"
            )
        return ConnectionLostError(
            f"lost the connection to {where} ({reason}); try again when the server can be reached"
        )

    def library_id(self) -> str | None:
        """The id the library was given when created (None for a moment while it is made)."""
        if self._library_id is None:
            self._library_id = self.setting("library_id")
        return self._library_id

    def _sealing_key(self) -> AuditKey | None:
        """This computer's key for the library (made on first use); None before it has an id."""
        if self._audit_key is None:
            library_id = self.library_id()
            if not library_id:
                return None
            try:
                self._audit_key = load_or_create_key(library_id)
            except OSError as error:
                raise LibraryError(
                    f"cannot keep the audit key in your settings folder: {error}"
                ) from None
        return self._audit_key

    def record_current_head(self) -> None:
        """Record the newest event as this folder's head (a library restored from a backup)."""
        with self.read() as session:
            newest = newest_event(session)
        if newest is not None:
            self._record_head(*newest)

    def _record_head(self, event_id: int, event_hash: str) -> None:
        """Remember outside the database the newest event written (see ``audit_seal``)."""
        library_id = self.library_id()
        if library_id:
            with suppress(OSError):  # the record helps a later check; the change is made
                record_head(library_id, self.path, event_id, event_hash)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read-only unit of work."""
        with self._sessions() as session:
            try:
                yield session
            except DBAPIError as error:
                if self.is_embedded or not _connection_failed(error):
                    raise
                raise self._connection_lost(error, saving=False) from None
            finally:
                with suppress(DBAPIError):
                    session.rollback()

    # -- folders and settings ------------------------------------------------------------

    def matter_folder(self, folder_key: str) -> Path:
        """The folder of a matter, refused when its key would lead outside ``matters/``."""
        if not _FOLDER_KEY.fullmatch(folder_key or ""):
            raise UnsafePathError(
                f"the matter folder name {folder_key!r} is not a plain folder name; "
                "the database was changed outside Evidence Desk (run verify)"
            )
        return self._confined(self.path / "matters" / folder_key, f"matter folder {folder_key}")

    def stored_file(self, stored_path: str) -> Path:
        """The stored original a document's ``stored_path`` names, refused when outside."""
        relative = Path(stored_path)
        if relative.is_absolute() or relative.anchor or ".." in relative.parts:
            raise UnsafePathError(
                f"the stored path {stored_path!r} leads outside the library; "
                "the database was changed outside Evidence Desk (run verify)"
            )
        return self._confined(self.path / relative, f"stored path {stored_path!r}")

    def _confined(self, path: Path, what: str) -> Path:
        matters = (self.path / "matters").resolve()
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError) as error:  # a loop of links
            raise UnsafePathError(f"the {what} cannot be resolved: {error}") from None
        if resolved == matters or not resolved.is_relative_to(matters):
            raise UnsafePathError(
                f"the {what} leads outside the library (to {resolved}); nothing is read or "
                "written there (run verify)"
            )
        return path

    def document_folders(self) -> list[Path]:
        """Every matter's ``documents/`` folder that stays inside the library."""
        folders = []
        for folder in sorted((self.path / "matters").glob("*/documents")):
            try:
                self.matter_folder(folder.parent.name)
            except UnsafePathError:
                continue
            if folder.is_dir() and not folder.is_symlink():
                folders.append(folder)
        return folders

    # -- running imports and staging -----------------------------------------------------

    @contextmanager
    def importing(self) -> Iterator[None]:
        """Held while an import runs (see ``import_running``)."""
        with self._import_mutex:
            if self._imports == 0 and self.is_embedded:
                self._import_lock = _FileLock(self.path / IMPORT_LOCK_NAME)
                try:
                    self._import_lock.acquire()
                except LibraryLockedError:
                    self._import_lock = None  # another process imports: its lock says so
            self._imports += 1
        try:
            yield
        finally:
            with self._import_mutex:
                self._imports -= 1
                if self._imports == 0 and self._import_lock is not None:
                    self._import_lock.release()
                    self._import_lock = None

    def import_running(self) -> bool:
        """True while an import into this library runs, in this process or another."""
        if self._imports:
            return True
        return self.is_embedded and _FileLock.is_held(self.path / IMPORT_LOCK_NAME)

    @contextmanager
    def staging(self, purpose: str) -> Iterator[Path]:
        """A private folder inside the library for work in progress, removed afterwards.

        Files that the work writes outside the library while it runs are named in
        ``note_outside_file`` so that a killed run's leftovers are removed too.
        """
        root = self.path / STAGING_NAME
        root.mkdir(mode=FOLDER_MODE, exist_ok=True)
        folder = root / f"{purpose}-{uuid.uuid4().hex[:12]}"
        folder.mkdir(mode=FOLDER_MODE)
        lock = _FileLock(folder / LOCK_NAME)
        lock.acquire()
        try:
            yield folder
        finally:
            lock.release()
            shutil.rmtree(folder, ignore_errors=True)

    @staticmethod
    def note_outside_file(staging: Path, path: Path) -> None:
        """Record a partial file written outside the library, for ``clean_stale_staging``."""
        with (staging / OUTSIDE_LIST).open("a", encoding="utf-8", errors="surrogateescape") as note:
            note.write(f"{path}\n")

    def clean_stale_staging(self) -> int:
        """Remove what killed backups left in ``.staging/`` (and their partial files)."""
        root = self.path / STAGING_NAME
        if not root.is_dir():
            return 0
        removed = 0
        for folder in sorted(root.iterdir()):
            if not folder.is_dir() or _FileLock.is_held(folder / LOCK_NAME):
                continue
            outside = folder / OUTSIDE_LIST
            if outside.is_file():
                for line in outside.read_text("utf-8", errors="surrogateescape").splitlines():
                    if line.endswith(".part"):
                        Path(line).unlink(missing_ok=True)
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        return removed

    def ensure_matter_folders(self, folder_key: str) -> Path:
        folder = self.matter_folder(folder_key)
        for name in ("documents", "exports"):
            (folder / name).mkdir(parents=True, exist_ok=True)
            self._confined(folder / name, f"{name} folder of matter {folder_key}")
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
