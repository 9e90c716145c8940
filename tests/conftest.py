"""Fixtures shared by core and GUI tests: a fresh library in a temporary folder.

A test (or module) marked ``databases`` runs twice: on an embedded SQLite library and on an
office library on PostgreSQL, opened as an ordinary person so that the server's walls and
grants apply. The PostgreSQL server is started once per session, only when a test needs
it; where it cannot start those tests are skipped, except when ``$EVIDENCE_DESK_REQUIRE_POSTGRES``
is set (CI), where they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_desk.core.library import Library

from .office import PARALEGAL, Office, new_office, prepare_template
from .postgres_cluster import PostgresCluster, postgres_bin, postgres_required, running_cluster


@pytest.fixture(scope="session", autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Audit keys of libraries made by session- or module-wide fixtures stay out of the
    real user's settings folder too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EVIDENCE_DESK_CONFIG", str(tmp_path_factory.mktemp("config")))
        yield


@pytest.fixture(autouse=True)
def _isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Never touch the real user's library or name."""
    monkeypatch.setenv("EVIDENCE_DESK_LIBRARY", str(tmp_path / "default-library"))
    monkeypatch.setenv("EVIDENCE_DESK_USER", "tester")
    # Beside tmp_path, not in it: tests import whole temporary folders.
    monkeypatch.setenv("EVIDENCE_DESK_CONFIG", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("databases") and "database" in (
        metafunc.fixturenames
    ):
        metafunc.parametrize(
            "database",
            ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
            indirect=True,
        )


@pytest.fixture
def database(request: pytest.FixtureRequest) -> str:
    """Which database the ``library`` fixture uses ("sqlite" unless marked ``databases``)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    """One PostgreSQL server for the session, with the template office database."""
    problem = None
    if postgres_bin() is None:
        problem = "the PostgreSQL server is not installed"
    else:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            problem = "psycopg is not installed (pip install -e '.[office]')"
    if problem is not None:
        if postgres_required():
            pytest.fail(f"{problem}, and office-mode tests are required here")
        pytest.skip(problem)
    with running_cluster() as cluster:
        prepare_template(cluster, tmp_path_factory.mktemp("office-template"))
        yield cluster


@pytest.fixture
def office(postgres_cluster: PostgresCluster, library_path: Path) -> Iterator[Office]:
    """A fresh, set-up office database with its library folder (``tests.office.Office``)
    at ``library_path``."""
    made = new_office(postgres_cluster, library_path)
    yield made
    postgres_cluster.drop_database(made.database)


@pytest.fixture
def library(library_path: Path, database: str, request: pytest.FixtureRequest) -> Iterator[Library]:
    if database == "postgresql":
        office: Office = request.getfixturevalue("office")
        opened = office.open()  # as the paralegal: an ordinary person, walls and grants apply
        # The command line connects as PGUSER, as it would for the paralegal at their desk.
        request.getfixturevalue("monkeypatch").setenv("PGUSER", PARALEGAL)
    else:
        opened = Library.create(library_path, user="tester")
    try:
        yield opened
    finally:
        opened.close()
