"""The people of an office library: database roles in one group role, and what it may do.

``setup_office`` is run once (and again after each upgrade) by the office's administrator
role, which owns the tables: it upgrades the schema, makes the group role for the program's
users, grants that group what the program needs and no more (the audit log only grows: no
update or delete), keeps everyone else out of the database, and checks that row-level
security walls off every table that holds matter data. ``add_user`` makes a person's login
role a member of the group. Only the administrator sees past every ethical wall (it owns the
tables); nobody should use that role for daily work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from .errors import ConflictError, LibraryError, NotFoundError, ValidationError
from .library import Library

# Roles belong to the whole server: each office database has its own group by default.
DEFAULT_GROUP_SUFFIX = "_users"
GROUP_SETTING = "office_group"
_ROLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.@-]{0,62}")
# Tables the program's users may read but not change (beyond what the program does).
APPEND_ONLY = ("audit_event",)
READ_ONLY = ("alembic_version",)


@dataclass(frozen=True, slots=True)
class OfficeSetup:
    """What ``setup_office`` did."""

    group: str
    group_created: bool
    administrator: str
    walled_tables: tuple[str, ...]
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OfficeUser:
    """A person (a login role) of the office library."""

    name: str
    can_log_in: bool
    created: bool = False  # made by this call (False: an existing role was added)


def check_role_name(name: str, what: str = "a role name") -> str:
    """A role name as PostgreSQL keeps it (quoted, so case is kept), checked."""
    name = (name or "").strip()
    if not _ROLE_NAME.fullmatch(name):
        raise ValidationError(
            f"{name!r} is not {what} (letters, digits and _ . @ -, starting with a letter, "
            "at most 63 characters)"
        )
    return name


def _office_only(library: Library, what: str) -> None:
    if library.is_embedded:
        raise ValidationError(
            f"{what} is for an office library on a PostgreSQL server; this library keeps its "
            "data in evidence.db on this computer"
        )


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def _administrator(connection: Connection) -> tuple[str, bool, bool]:
    """(current role, superuser?, may create roles?)."""
    row = connection.execute(
        text(
            "SELECT rolname, rolsuper, rolcreaterole OR rolsuper FROM pg_roles "
            "WHERE rolname = current_user"
        )
    ).one()
    return str(row[0]), bool(row[1]), bool(row[2])


def walled_tables(connection: Connection) -> dict[str, bool]:
    """Every table of the library with whether row-level security is on for it."""
    rows = connection.execute(
        text(
            "SELECT c.relname, c.relrowsecurity FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
        )
    )
    return {str(name): bool(on) for name, on in rows}


def group_of(library: Library) -> str:
    """The office's group role (named when the office was set up)."""
    group = library.setting(GROUP_SETTING)
    if not group:
        raise LibraryError(
            "this office library has not been set up yet: the administrator runs "
            "'evidence-desk office setup' first"
        )
    return group


def setup_office(library: Library, *, group: str | None = None) -> OfficeSetup:
    """Prepare the office database for its people (run by the administrator role)."""
    _office_only(library, "office setup")
    assert library.server is not None
    default = f"{library.server.database}{DEFAULT_GROUP_SUFFIX}"
    group = check_role_name(group or library.setting(GROUP_SETTING) or default, "a group")
    with library.engine.begin() as connection:
        administrator, superuser, creates_roles = _administrator(connection)
        if not creates_roles:
            raise LibraryError(
                f"office setup needs the administrator role (one that may create roles and "
                f"owns the database); {administrator!r} may not create roles"
            )
        owner = connection.execute(
            text(
                "SELECT tableowner FROM pg_tables "
                "WHERE schemaname = current_schema() AND tablename = 'matter'"
            )
        ).scalar_one()
        if owner != administrator and not superuser:
            raise LibraryError(
                f"the library's tables belong to {owner!r}: run office setup as that role"
            )
        existing = connection.execute(
            text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :name"), {"name": group}
        ).first()
        if existing is not None and existing[0]:
            raise ConflictError(
                f"{group!r} is a person's login role, not a group: choose another --group"
            )
        quoted = _quote(connection, group)
        names = connection.execute(text("SELECT current_database(), current_schema()")).one()
        database, schema = _quote(connection, names[0]), _quote(connection, names[1])
        if existing is None:
            connection.execute(text(f"CREATE ROLE {quoted} NOLOGIN"))
        for statement in (
            # Nobody else on the server may connect, or see the schema.
            f"REVOKE ALL ON DATABASE {database} FROM PUBLIC",
            f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {quoted}",
            f"REVOKE ALL ON SCHEMA {schema} FROM PUBLIC",
            f"GRANT USAGE ON SCHEMA {schema} TO {quoted}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {quoted}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {quoted}",
            f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {quoted}",
            # Tables a later upgrade adds get the same (office setup is run again anyway).
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {quoted}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT EXECUTE ON FUNCTIONS TO {quoted}",
            *(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {quoted}" for table in APPEND_ONLY),
            *(
                f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM {quoted}"
                for table in READ_ONLY
            ),
        ):
            connection.execute(text(statement))
        tables = walled_tables(connection)
        members = _members(connection, group)
    from .walls import WALLED_TABLES

    missing = sorted(name for name in WALLED_TABLES if not tables.get(name))
    if missing:
        raise LibraryError(
            f"row-level security is off for {', '.join(missing)}: this database was changed "
            "outside Evidence Desk; restricted matters would not be walled off"
        )
    if library.setting(GROUP_SETTING) != group:
        library.set_setting(GROUP_SETTING, group)
    return OfficeSetup(
        group=group,
        group_created=existing is None,
        administrator=administrator,
        walled_tables=tuple(sorted(name for name, on in tables.items() if on)),
        members=tuple(user.name for user in members),
    )


def _members(connection: Connection, group: str) -> list[OfficeUser]:
    rows = connection.execute(
        text(
            "SELECT r.rolname, r.rolcanlogin FROM pg_auth_members m "
            "JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid "
            "WHERE g.rolname = :group ORDER BY r.rolname"
        ),
        {"group": group},
    )
    return [OfficeUser(str(name), bool(login)) for name, login in rows]


def list_users(library: Library) -> list[OfficeUser]:
    """The roles in the office's group, by name."""
    _office_only(library, "office users")
    group = group_of(library)
    with library.engine.connect() as connection:
        return _members(connection, group)


def add_user(library: Library, name: str, *, password: str | None = None) -> OfficeUser:
    """Make ``name`` one of the office's people: a login role in the office's group.

    An existing role (a person already on the server) is added to the group as it is.
    ``password`` sets the role's password (sent to the server already hashed); without one
    the person signs in however the server is set up to accept them (Kerberos, peer, a
    password set elsewhere)."""
    _office_only(library, "office add-user")
    name = check_role_name(name)
    group = group_of(library)
    if name == group:
        raise ValidationError(f"{name!r} is the office's group role, not a person")
    with library.engine.begin() as connection:
        administrator, _superuser, creates_roles = _administrator(connection)
        if not creates_roles:
            raise LibraryError(
                f"adding people needs the administrator role; {administrator!r} may not "
                "create roles"
            )
        row = connection.execute(
            text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :name"), {"name": name}
        ).first()
        quoted, quoted_group = _quote(connection, name), _quote(connection, group)
        if row is None:
            connection.execute(text(f"CREATE ROLE {quoted} LOGIN IN ROLE {quoted_group}"))
        else:
            connection.execute(text(f"GRANT {quoted_group} TO {quoted}"))
        if password:
            from psycopg import sql

            raw: Any = connection.connection.dbapi_connection
            hashed = raw.pgconn.encrypt_password(password.encode(), name.encode()).decode()
            statement = sql.SQL("ALTER ROLE {} PASSWORD {}")
            raw.execute(statement.format(sql.Identifier(name), sql.Literal(hashed)))
        return OfficeUser(name, True if row is None else bool(row[0]), created=row is None)


def remove_user(library: Library, name: str) -> OfficeUser:
    """Take ``name`` out of the office's group (the role stays: the audit log names it)."""
    _office_only(library, "office remove-user")
    name = check_role_name(name)
    group = group_of(library)
    with library.engine.begin() as connection:
        members = {user.name: user for user in _members(connection, group)}
        if name not in members:
            raise NotFoundError(f"{name!r} is not one of the office's people ({group})")
        connection.execute(
            text(f"REVOKE {_quote(connection, group)} FROM {_quote(connection, name)}")
        )
        return members[name]
