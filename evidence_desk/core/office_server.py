"""Where an office library's database lives, and how each person reaches it.

An office library's folder holds ``library.json`` naming the PostgreSQL server and the
database, never a user or a password: every person connects as their own database role,
the way every PostgreSQL program does (``PGUSER`` or the login name, a password in
``~/.pgpass`` or ``PGPASSFILE``, or Kerberos), so that the server knows who made each change
and can keep a restricted matter from everyone off its team.

An older library.json held a whole database URL, credentials included. Opening such a
library rewrites the file without them (when the folder allows it) and says so: the program
no longer uses a shared login.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from .errors import LibraryError, ValidationError

OFFICE_CONFIG = "library.json"
DRIVER = "postgresql+psycopg"
# Connection settings an office may need besides server and database (none is a secret).
ALLOWED_OPTIONS = ("sslmode", "sslrootcert", "gssencmode", "krbsrvname", "connect_timeout")
_DATABASE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_$-]{0,62}")


@dataclass(frozen=True, slots=True)
class OfficeServer:
    """The office's PostgreSQL server and database (who connects is up to each person)."""

    database: str
    host: str | None = None  # None: libpq's default (PGHOST, else the local socket)
    port: int | None = None
    options: tuple[tuple[str, str], ...] = ()

    def url(self, role: str | None = None) -> URL:
        """The SQLAlchemy URL; without ``role`` libpq chooses (PGUSER or the login name)."""
        return URL.create(
            DRIVER,
            username=role,
            host=self.host,
            port=self.port,
            database=self.database,
            query=dict(self.options),
        )

    def describe(self) -> str:
        """How people read it: "database evidence on db.office.lan:5432"."""
        where = self.host or "the local server"
        if self.port:
            where += f":{self.port}"
        return f"database {self.database} on {where}"

    def as_json(self) -> dict[str, object]:
        value: dict[str, object] = {"server": self.host, "port": self.port}
        value["database"] = self.database
        if self.options:
            value["options"] = dict(self.options)
        return value


@dataclass(frozen=True, slots=True)
class OfficeConfig:
    """What ``library.json`` says, and what was wrong with it (already put right)."""

    server: OfficeServer
    notices: tuple[str, ...] = ()


def parse_server(text: str, database: str) -> OfficeServer:
    """``HOST``, ``HOST:PORT`` or ``[IPv6]:PORT`` and a database name, checked."""
    host, port = (text or "").strip(), None
    match = re.fullmatch(
        r"\[(?P<host>[^\]]+)\](?::(?P<port>\d+))?|(?P<plain>[^:\s]+)(?::(?P<p>\d+))?", host
    )
    if not match:
        raise ValidationError(f"{text!r} is not a server name (HOST or HOST:PORT)")
    host = match["host"] or match["plain"]
    digits = match["port"] or match["p"]
    if digits:
        port = int(digits)
        if not 0 < port < 65536:
            raise ValidationError(f"port {port} is not a port number (1 to 65535)")
    return OfficeServer(database=_checked_database(database), host=host, port=port)


def _checked_database(name: str) -> str:
    name = (name or "").strip()
    if not _DATABASE_NAME.fullmatch(name):
        raise ValidationError(f"{name!r} is not a database name (letters, digits, _ and -)")
    return name


def server_from_url(text: str) -> tuple[OfficeServer, tuple[str, ...]]:
    """The server a ``postgresql://`` URL names, and the credentials it held (to drop)."""
    try:
        url = make_url(text)
    except ArgumentError:
        raise ValidationError(f"{text!r} is not a database URL") from None
    if not url.drivername.startswith("postgresql"):
        raise ValidationError("an office library needs a PostgreSQL server (postgresql://...)")
    if not url.database:
        raise ValidationError(f"the database URL {url.render_as_string()!r} names no database")
    dropped = []
    if url.username:
        dropped.append(f"the user name {url.username!r}")
    if url.password:
        dropped.append("a password")
    options = tuple(
        (key, str(value)) for key, value in sorted(url.query.items()) if key in ALLOWED_OPTIONS
    )
    server = OfficeServer(_checked_database(url.database), url.host, url.port, options)
    return server, tuple(dropped)


def write_config(folder: Path, server: OfficeServer) -> None:
    (folder / OFFICE_CONFIG).write_text(
        json.dumps(server.as_json(), indent=2) + "\n", encoding="utf-8"
    )


def read_config(folder: Path) -> OfficeConfig:
    """Read ``library.json``; credentials an older version stored there are removed."""
    path = folder / OFFICE_CONFIG
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if "database_url" in data:
            server, dropped = server_from_url(str(data["database_url"]))
        else:
            server = OfficeServer(
                database=_checked_database(str(data["database"])),
                host=str(data["server"]) if data.get("server") else None,
                port=int(data["port"]) if data.get("port") else None,
                options=tuple(
                    (str(key), str(value))
                    for key, value in sorted(dict(data.get("options") or {}).items())
                    if key in ALLOWED_OPTIONS
                ),
            )
            dropped = tuple(
                "a password" if key == "password" else f"the user name {data[key]!r}"
                for key in ("user", "password")
                if data.get(key)
            )
    except (OSError, ValueError, KeyError, TypeError, ValidationError) as error:
        raise LibraryError(f"{path} is not a valid office library file: {error}") from None
    notices: tuple[str, ...] = ()
    if dropped or "database_url" in data:
        notices = _rewrite(folder, server, dropped)
    return OfficeConfig(server, notices)


def _rewrite(folder: Path, server: OfficeServer, dropped: tuple[str, ...]) -> tuple[str, ...]:
    """Rewrite an older library.json in the current form, without credentials."""
    what = " and ".join(dropped)
    try:
        write_config(folder, server)
    except OSError as error:
        if not dropped:
            return ()
        return (
            f"{folder / OFFICE_CONFIG} holds {what}, which Evidence Desk no longer uses, and "
            f"cannot be rewritten here ({error.strerror}): ask the administrator to remove "
            "them. You connect as yourself (your own database role).",
        )
    if not dropped:
        return ()
    return (
        f"{folder / OFFICE_CONFIG} held {what} of a shared login; they were removed. Each "
        f"person now connects to {server.describe()} as themselves: their own database "
        "role (PGUSER, or the login name), with a password in ~/.pgpass if the server asks "
        "for one. The administrator adds people with 'evidence-desk office add-user NAME'.",
    )


def connection_hint(reason: str, server: OfficeServer) -> str:
    """The next step for a connection the server refused, from libpq's reason."""
    lowered = reason.lower()
    if "role" in lowered and "does not exist" in lowered:
        return (
            "you connect as your own database role: set PGUSER to it (it is your login name "
            "unless set), or ask the administrator to add you with "
            "'evidence-desk office add-user NAME'"
        )
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return (
            f"put your password for {server.describe()} in ~/.pgpass "
            "(host:port:database:role:password, owner-only), or set PGPASSWORD"
        )
    if "permission denied for database" in lowered or "not permitted to log in" in lowered:
        return (
            "your role may not use this database yet: ask the administrator to run "
            "'evidence-desk office add-user NAME' for you"
        )
    return ""
