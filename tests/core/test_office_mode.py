"""Office mode: the same library schema and services on a PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from evidence_desk.core import audit, matters, notes, officers
from evidence_desk.core.errors import ConflictError, LibraryError
from evidence_desk.core.library import Library
from evidence_desk.core.migrations import include_name, include_object
from evidence_desk.core.model import Base

from .postgres_server import postgres_bin, running_postgres

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL is not installed"),
]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    pytest.importorskip("psycopg")
    with running_postgres() as url:
        yield url


def test_office_library_keeps_its_data_on_the_server(postgres_url: str, tmp_path: Path) -> None:
    root = tmp_path / "office-library"
    library = Library.create(root, database_url=postgres_url)
    try:
        assert not (root / "evidence.db").exists()
        assert (root / "library.json").is_file()
        matter = matters.add_matter(
            library, matters.MatterInput("OFF-1", "People v. Office", "Olga Office", ("O.O.",))
        )
        officers.add_officer(
            library, "Thomas Kell", identifiers=[officers.IdentifierInput("uc", "214")]
        )
        notes.add_note(library, matter.id, "Intake", "UC 214 again.")
        with pytest.raises(ConflictError):
            matters.add_matter(library, matters.MatterInput("OFF-1", "Dup", "X"))
        with library.read() as session:
            count, problem = audit.verify(session)
        assert problem is None and count > 10
        with library.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_object": include_object,
                    "include_name": include_name,
                },
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        library.close()

    # A second workstation joins the same office library through its own folder.
    second = Library.create(tmp_path / "second-desk", database_url=postgres_url)
    try:
        assert matters.get_matter_by_file_number(second, "OFF-1").id == matter.id
        assert [o.name for o in officers.list_officers(second)] == ["Thomas Kell"]
        # Office mode has several writers at once: no file lock is taken.
        third = Library.open(root)
        third.close()
    finally:
        second.close()


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="cannot reach the library's database"):
        Library.create(
            tmp_path / "nowhere", database_url="postgresql+psycopg://nobody@127.0.0.1:1/none"
        )
