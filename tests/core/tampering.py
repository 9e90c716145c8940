"""Editing a library's database behind the program's back.

On one computer, anyone who can open the SQLite file; in office mode, the database's owner in
``psql`` (the only role the server lets change rows the program wrote, or its audit log).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from evidence_desk.core import search_index
from evidence_desk.core.library import Library
from tests.office import ADMIN


def tamperer(library: Library) -> str:
    """Who the tampering is done as (the server refuses an audit event in another's name)."""
    return "intruder" if library.is_embedded else ADMIN


def tamper(library: Library, statement: str, *parameters: object) -> None:
    """Run ``statement`` (``?`` placeholders) on the library's database, outside the program."""
    if library.is_embedded:
        with closing(sqlite3.connect(library.path / "evidence.db")) as connection, connection:
            # The search index's triggers call these on any write of page text; a tool without
            # them cannot change page text at all, so the tampering here brings them along.
            search_index.register(connection)
            connection.execute(statement, parameters)
        return
    import psycopg

    server = library.server
    assert server is not None
    with psycopg.connect(
        host=server.host, port=server.port, user=ADMIN, dbname=server.database
    ) as connection:
        connection.execute(statement.replace("?", "%s"), parameters)
