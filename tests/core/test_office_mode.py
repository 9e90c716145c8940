"""Office mode: one library on the office's PostgreSQL server, each person a database role."""

from __future__ import annotations

import concurrent.futures
import json
import multiprocessing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from evidence_desk.cli import main
from evidence_desk.core import audit, documents, matters, notes, officers
from evidence_desk.core.errors import ConflictError, LibraryError
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.migrations import include_name, include_object
from evidence_desk.core.model import AuditEvent, Base
from evidence_desk.core.office_roles import add_user, list_users, remove_user, setup_office
from evidence_desk.core.records import MatterId
from evidence_desk.core.search import search
from tests.files import make_pdf
from tests.office import ADMIN, PARALEGAL, Office

pytestmark = pytest.mark.postgres


def test_office_library_keeps_its_data_on_the_server(office: Office, tmp_path: Path) -> None:
    library = office.open()
    try:
        assert not (office.folder / "evidence.db").exists()
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
    second = Library.create(tmp_path / "second-desk", server=office.server, role=PARALEGAL)
    try:
        assert matters.get_matter_by_file_number(second, "OFF-1").id == matter.id
        assert [o.name for o in officers.list_officers(second)] == ["Thomas Kell"]
        # Office mode has several writers at once: no file lock is taken.
        third = office.open()
        third.close()
    finally:
        second.close()


def test_library_json_names_the_server_and_database_never_a_login(
    office: Office, tmp_path: Path
) -> None:
    config = json.loads((office.folder / "library.json").read_text(encoding="utf-8"))
    assert config == {
        "server": office.cluster.host,
        "port": office.cluster.port,
        "database": office.database,
    }
    url = f"postgresql+psycopg://paralegal:secret@127.0.0.1:{office.cluster.port}/x"
    with pytest.raises(LibraryError, match="leave the user name 'paralegal' and a password out"):
        Library.create(tmp_path / "with-login", database_url=url)
    assert not (tmp_path / "with-login" / "library.json").exists()


def test_people_connect_as_themselves(
    office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """No role named: libpq's PGUSER (or the login name) decides who connects."""
    office.add_people("alice")
    monkeypatch.setenv("PGUSER", "alice")
    with Library.open(office.folder) as library:
        assert library.user == "alice"
        matters.add_matter(library, matters.MatterInput("A-1", "People v. A", "Ann A"))
    assert main(["--library", str(office.folder), "matter", "list", "--json"]) == 0
    assert [item["file_number"] for item in json.loads(capsys.readouterr().out)] == ["A-1"]

    monkeypatch.setenv("PGUSER", "stranger")
    with pytest.raises(LibraryError, match=r'role "stranger" does not exist.*office add-user'):
        Library.open(office.folder)
    office.cluster.create_role("outsider")  # on the server, but not one of the office's people
    monkeypatch.setenv("PGUSER", "outsider")
    with pytest.raises(LibraryError, match=r"permission denied.*office add-user"):
        Library.open(office.folder)


def test_a_library_json_holding_a_login_is_rewritten_without_it(
    office: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    old = f"postgresql+psycopg://{ADMIN}:s3cret@127.0.0.1:{office.cluster.port}/{office.database}"
    (office.folder / "library.json").write_text(json.dumps({"database_url": old}), "utf-8")
    monkeypatch.setenv("PGUSER", PARALEGAL)
    assert main(["--library", str(office.folder), "matter", "list"]) == 0
    err = capsys.readouterr().err
    assert "held the user name 'office_admin' and a password of a shared login" in err
    assert "removed" in err and "as themselves" in err
    stored = (office.folder / "library.json").read_text(encoding="utf-8")
    assert "s3cret" not in stored and ADMIN not in stored
    with Library.open(office.folder) as library:
        assert library.user == PARALEGAL and library.notices == []


def test_every_audit_event_names_the_role_that_made_it(office: Office) -> None:
    office.add_people("alice", "bob")
    with office.open("alice") as alice:
        matter = matters.add_matter(alice, matters.MatterInput("A-1", "People v. A", "Ann A"))
    with office.open("bob") as bob:
        notes.add_note(bob, matter.id, "Visit", "Saw the client.")
        with bob.read() as session:
            users = {
                (event.entity, event.user)
                for event in session.execute(select(AuditEvent)).scalars()
                if event.entity in ("matter", "note")
            }
    assert users == {("matter", "alice"), ("note", "bob")}
    # Even through psql, nobody writes an event in another person's name.
    with office.connect("bob") as connection, pytest.raises(Exception, match="names alice"):
        connection.execute(
            'INSERT INTO audit_event (at, "user", action, entity, entity_id, prev_hash, hash) '
            "VALUES (now(), 'alice', 'create', 'note', '99', 'x', 'y')"
        )
    # ... and the log only grows: no update or delete, for anyone but the administrator.
    with office.connect("bob") as connection, pytest.raises(Exception, match="permission denied"):
        connection.execute("DELETE FROM audit_event")


def test_the_administrator_adds_and_removes_people(office: Office) -> None:
    with office.open(ADMIN) as admin:
        added = add_user(admin, "newcomer", password="correct horse")
        assert added.created and added.can_log_in
        assert {"newcomer", PARALEGAL} <= {user.name for user in list_users(admin)}
        remove_user(admin, "newcomer")
        assert "newcomer" not in {user.name for user in list_users(admin)}
        again = add_user(admin, "newcomer")  # an existing role joins as it is
        assert not again.created
    with office.open(PARALEGAL) as person:
        with pytest.raises(LibraryError, match="needs the administrator role"):
            add_user(person, "mallory")
        with pytest.raises(LibraryError, match="may not create roles"):
            setup_office(person)


def test_only_the_administrator_upgrades_the_schema(office: Office) -> None:
    office.cluster.execute(
        "UPDATE alembic_version SET version_num = '0006_passage_release'",
        database=office.database,
    )
    with pytest.raises(LibraryError, match="may not upgrade it: ask the administrator"):
        office.open()


def test_office_setup_and_add_user_from_the_command_line(
    office: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("PGUSER", ADMIN)
    assert main(["--library", str(office.folder), "office", "setup", "--json"]) == 0
    setup = json.loads(capsys.readouterr().out)
    assert setup["group"] == "office_template_users" and "matter" in setup["walled_tables"]
    assert main(["--library", str(office.folder), "office", "add-user", "dave"]) == 0
    assert "dave" in capsys.readouterr().out
    assert main(["--library", str(office.folder), "office", "users", "--json"]) == 0
    assert "dave" in [user["name"] for user in json.loads(capsys.readouterr().out)]
    monkeypatch.setenv("PGUSER", "dave")
    assert main(["--library", str(office.folder), "office", "add-user", "eve"]) == 1
    assert "administrator" in capsys.readouterr().err


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="cannot reach the library's database"):
        Library.create(tmp_path / "nowhere", database_url="postgresql+psycopg://127.0.0.1:1/none")


def _import_as(folder: str, role: str, matter_id: int, paths: list[str]) -> list[str]:
    """One person's import at their own desk (run in a process of its own)."""
    with Library.open(Path(folder), role=role) as library:
        results = import_paths(library, MatterId(matter_id), [Path(p) for p in paths], workers=1)
        return [result.status for result in results]


def test_two_people_import_at_once_and_both_complete(office: Office, tmp_path: Path) -> None:
    office.add_people("alice", "bob")
    with office.open("alice") as alice:
        first = matters.add_matter(alice, matters.MatterInput("I-1", "People v. I", "Ida I"))
        second = matters.add_matter(alice, matters.MatterInput("I-2", "People v. J", "Jo J"))
    batches: dict[str, list[str]] = {}
    for person in ("alice", "bob"):
        batches[person] = [
            str(
                make_pdf(
                    tmp_path / f"{person}-{number}.pdf",
                    [f"{person} page {page} of file {number} walrus{number}" for page in range(8)],
                )
            )
            for number in range(6)
        ]
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as pool:
        alices = pool.submit(_import_as, str(office.folder), "alice", first.id, batches["alice"])
        bobs = pool.submit(_import_as, str(office.folder), "bob", second.id, batches["bob"])
        assert alices.result(timeout=600) == ["ok"] * 6
        assert bobs.result(timeout=600) == ["ok"] * 6
    with office.open() as library:
        for matter, person in ((first, "alice"), (second, "bob")):
            stored = documents.list_documents(library, matter.id)
            assert len(stored) == 6 and all(item.page_count == 8 for item in stored)
            hits = search(library, f"{person} walrus3", matter_id=matter.id, limit=100)
            assert len(hits) == 8
        with library.read() as session:
            assert audit.check(session).problem is None
