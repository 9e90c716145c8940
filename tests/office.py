"""Office libraries for tests: a fresh PostgreSQL database, set up, per test.

One database is set up per test session (``office setup`` by an administrator role that may
create roles and owns the database, plus the person ``paralegal``) and every test gets a copy
of it (``CREATE DATABASE ... TEMPLATE``, far quicker than migrating again) with its own
library folder. People are roles on the server; a test opens the library as one of them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_desk.core.library import Library
from evidence_desk.core.office_roles import add_user, setup_office
from evidence_desk.core.office_server import OfficeServer

from .postgres_cluster import PostgresCluster

ADMIN = "office_admin"
PARALEGAL = "paralegal"
TEMPLATE = "office_template"
_numbers = itertools.count(1)


def prepare_template(cluster: PostgresCluster, folder: Path) -> None:
    """The database every test's office library starts from."""
    cluster.create_role(ADMIN, "LOGIN CREATEROLE")
    cluster.create_database(TEMPLATE, owner=ADMIN)
    server = OfficeServer(TEMPLATE, cluster.host, cluster.port)
    library = Library.create(folder, server=server, role=ADMIN)
    try:
        setup_office(library)
        add_user(library, PARALEGAL)
    finally:
        library.close()


@dataclass
class Office:
    """A set-up office database and its shared library folder."""

    cluster: PostgresCluster
    database: str
    folder: Path

    @property
    def server(self) -> OfficeServer:
        return OfficeServer(self.database, self.cluster.host, self.cluster.port)

    def open(self, role: str = PARALEGAL, **options: Any) -> Library:
        """The library as ``role`` sees it (as if that person had connected)."""
        return Library.open(self.folder, role=role, **options)

    def add_people(self, *names: str) -> None:
        with self.open(ADMIN) as library:
            for name in names:
                add_user(library, name)

    def connect(self, role: str) -> Any:
        """A plain psycopg connection as ``role``: what ``psql`` would give that person."""
        import psycopg

        return psycopg.connect(
            host=self.cluster.host, port=self.cluster.port, user=role, dbname=self.database
        )


def new_office(cluster: PostgresCluster, folder: Path) -> Office:
    """A copy of the template database with a library folder joined to it."""
    database = f"office_{next(_numbers)}"
    cluster.create_database(database, owner=ADMIN, template=TEMPLATE)
    office = Office(cluster, database, folder)
    with Library.create(folder, server=office.server, role=ADMIN) as library:
        setup_office(library)  # a copy does not inherit the database's own grants
    return office
