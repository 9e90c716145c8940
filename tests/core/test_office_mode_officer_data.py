"""Roster and public-record imports, matching and the audit chain on a PostgreSQL library."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_desk.core import audit, matching, officers, public_records, roster
from tests.office import Office

from .public_data_files import PROPUBLICA_HEADERS, propublica_row, write_csv

pytestmark = pytest.mark.postgres


def test_public_data_on_an_office_library(office: Office, tmp_path: Path) -> None:
    export = write_csv(
        tmp_path / "allegations.csv",
        PROPUBLICA_HEADERS,
        [
            propublica_row("10007", "John", "Sears", "5952", "24601"),
            propublica_row("10007", "John", "Sears", "5952", "24602"),
            propublica_row("10004", "Jonathan", "Ruiz", "5952", "42835"),
        ],
    )
    library = office.open()
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
