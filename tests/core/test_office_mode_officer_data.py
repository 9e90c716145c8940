"""Roster and public-record imports, matching and the audit chain on a PostgreSQL library."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_desk.core import audit, matching, officers, public_records, roster
from evidence_desk.core.library import Library

from .postgres_server import postgres_bin, running_postgres
from .public_data_files import PROPUBLICA_HEADERS, propublica_row, write_csv

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL is not installed"),
]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    pytest.importorskip("psycopg")
    with running_postgres() as url:
        yield url


def test_public_data_on_an_office_library(postgres_url: str, tmp_path: Path) -> None:
    export = write_csv(
        tmp_path / "allegations.csv",
        PROPUBLICA_HEADERS,
        [
            propublica_row("10007", "John", "Sears", "5952", "24601"),
            propublica_row("10007", "John", "Sears", "5952", "24602"),
            propublica_row("10004", "Jonathan", "Ruiz", "5952", "42835"),
        ],
    )
    library = Library.create(tmp_path / "office", database_url=postgres_url)
    try:
        before = matching.registry_matcher(library)
        assert roster.import_roster(library, export).added == 2
        after = matching.registry_matcher(library)
        assert after is not before and after.version > before.version  # the triggers count
        assert roster.import_roster(library, export).added == 0
        assert public_records.import_records(library, export).added == 3
        results = matching.suggest(library, "shield 5952")
        assert [item.confidence for item in results] == ["possible", "possible"]
        sears = next(r for r in officers.list_officers(library) if r.name == "John Sears")
        assert sears.public_record_count == 2
        with library.read() as session:
            assert audit.verify(session)[1] is None
    finally:
        library.close()
