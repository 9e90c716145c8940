"""Library storage: creation, SQLite settings, the writer lock, migrations and upgrades.

On SQLite only: the database file, its settings, the writer lock and upgrades of old files.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from evidence_desk.core import matters, notes, officers
from evidence_desk.core.errors import LibraryError, LibraryLockedError
from evidence_desk.core.library import Library, head_revision
from evidence_desk.core.migrations import include_name, include_object
from evidence_desk.core.model import Base

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_create_makes_folders_database_and_taxonomy(library: Library) -> None:
    assert (library.path / "evidence.db").is_file()
    assert (library.path / "matters").is_dir()
    assert (library.path / "backups").is_dir()
    assert library.setting("library_id")
    with library.read() as session:
        codes = set(session.execute(text("SELECT code FROM conduct_type")).scalars())
    assert {"UC.EXPOSURE", "SEXUAL.FORCIBLE_TOUCHING", "FORCE.TASER"} <= codes


def test_sqlite_is_in_wal_mode_with_foreign_keys(library: Library) -> None:
    with library.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_creating_over_an_existing_library_is_refused(library: Library) -> None:
    with pytest.raises(LibraryError, match="already a library"):
        Library.create(library.path)


def test_opening_a_missing_library_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="evidence-desk init"):
        Library.open(tmp_path / "nowhere")


def test_a_second_writer_in_another_process_gets_a_clear_error(library: Library) -> None:
    script = (
        "import sys\n"
        "from evidence_desk.core.library import Library\n"
        "from evidence_desk.core.errors import LibraryLockedError\n"
        "try:\n"
        f"    Library.open({str(library.path)!r})\n"
        "except LibraryLockedError as error:\n"
        "    print(error); sys.exit(3)\n"
        "sys.exit(0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 3, result.stderr
    assert "open for writing by process" in result.stdout


def test_readers_need_no_lock_while_a_writer_holds_it(library: Library) -> None:
    reader = Library.open(library.path, readonly=True)
    try:
        assert matters.list_matters(reader) == []
    finally:
        reader.close()


def test_second_writer_in_same_process_is_refused_and_lock_is_freed_on_close(
    library: Library,
) -> None:
    with pytest.raises(LibraryLockedError):
        Library.open(library.path)
    library.close()
    again = Library.open(library.path)
    again.close()


def test_models_and_migrations_agree(library: Library) -> None:
    """Autogenerate against a migrated library finds nothing to change."""
    with library.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": include_object,
                "include_name": include_name,
            },
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_library_is_at_the_head_revision(library: Library) -> None:
    with library.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    assert current == head_revision()


def test_a_library_from_the_first_schema_upgrades_without_losing_rows(tmp_path: Path) -> None:
    """The fixture was written by the first released schema (revision 0001)."""
    root = tmp_path / "old-library"
    shutil.copytree(FIXTURES / "library-0001", root)
    raw = sqlite3.connect(root / "evidence.db")
    before = {
        table: raw.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("matter", "client", "client_identifier", "officer", "note", "audit_event")
    }
    raw.close()

    library = Library.open(root)
    try:
        with library.engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == head_revision()
            for table, count in before.items():
                assert connection.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar() >= count
        rivera = matters.get_matter_by_file_number(library, "2023-017")
        assert rivera.client.name == "Ana Rivera"
        assert rivera.client.other_names == ("Annie R",)
        assert [officer.name for officer in officers.list_officers(library)] == ["Thomas Kell"]
        assert notes.list_notes(library, rivera.id)[0].title == "Intake interview"
    finally:
        library.close()
    if head_revision() != "0001":
        backups = list((root / "backups").glob("evidence-*-before-upgrade-from-0001.db"))
        assert len(backups) == 1, "the old database is copied before it is upgraded"


def test_a_database_from_a_newer_program_is_refused(library: Library) -> None:
    path = library.path
    library.close()
    engine = create_engine(f"sqlite:///{path / 'evidence.db'}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(LibraryError, match="newer Evidence Desk"):
        Library.open(path)


def test_a_foreign_sqlite_file_is_not_taken_for_a_library(tmp_path: Path) -> None:
    root = tmp_path / "foreign"
    root.mkdir()
    raw = sqlite3.connect(root / "evidence.db")
    raw.execute("CREATE TABLE something (id INTEGER)")
    raw.commit()
    raw.close()
    with pytest.raises(LibraryError, match="not an Evidence Desk database"):
        Library.open(root)
