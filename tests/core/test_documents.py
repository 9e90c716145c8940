"""Documents after import: listing, tags, editing with undo data, deleting, and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from evidence_desk.cli import main
from evidence_desk.core import audit, documents
from evidence_desk.core.errors import ConflictError, NotFoundError, ValidationError
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter, get_matter_by_file_number
from evidence_desk.core.model import Allegation, Citation, Page, Tag, document_tag
from evidence_desk.core.records import MatterId
from tests.files import make_encrypted_pdf, make_pdf, make_text

pytestmark = pytest.mark.databases


def doe(library: Library) -> MatterId:
    return get_matter_by_file_number(library, "2024-001").id


@pytest.fixture
def imported(library: Library, tmp_path: Path) -> dict[str, int]:
    matter_id = add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe")).id
    files = [
        make_pdf(tmp_path / "arrest.pdf", ["arrest report", "page two"], bates_prefix="NYPD"),
        make_text(tmp_path / "notes.txt", "client call notes"),
    ]
    results = import_paths(library, matter_id, files, workers=1)
    return {result.file_name: result.id for result in results}


def test_list_get_and_tag_filter(library: Library, imported: dict[str, int]) -> None:
    listed = documents.list_documents(library, doe(library))
    assert [d.file_name for d in listed] == ["arrest.pdf", "notes.txt"]
    with library.write() as session:
        session.add(Tag(name="Hot"))
        session.flush()
        tag_id = session.execute(select(Tag.id)).scalar_one()
        session.execute(
            insert(document_tag).values(document_id=imported["notes.txt"], tag_id=tag_id)
        )
    tagged = documents.list_documents(library, doe(library), tag="hot")
    assert [d.id for d in tagged] == [imported["notes.txt"]] and tagged[0].tags == ("Hot",)
    assert documents.list_documents(library, doe(library), tag="cold") == []
    with pytest.raises(NotFoundError):
        documents.get_document(library, 999)
    with pytest.raises(NotFoundError):
        documents.list_documents(library, MatterId(999))


def test_update_returns_before_and_after_and_is_audited(
    library: Library, imported: dict[str, int]
) -> None:
    document_id = imported["arrest.pdf"]
    before, after = documents.update_document(
        library,
        document_id,
        title="Arrest report, 9 Jan",
        source="court",
        document_date=date(2024, 2, 1),
    )
    assert before.title == "Arrest report" and after.title == "Arrest report, 9 Jan"
    assert after.source == "court" and after.document_date == date(2024, 2, 1)
    undone = documents.update_document(
        library,
        document_id,
        title=before.title,
        source=before.source,
        document_date=before.document_date,
    )[1]
    assert (undone.title, undone.source, undone.document_date) == (
        "Arrest report",
        "discovery",
        None,
    )
    with pytest.raises(ValidationError):
        documents.update_document(library, document_id, source="rumour")
    with pytest.raises(ValidationError):
        documents.update_document(library, document_id, title="  ")
    with library.read() as session:
        count, problem = audit.verify(session)
    assert problem is None and count > 0


def test_delete_is_refused_while_cited_and_keeps_the_file(
    library: Library, imported: dict[str, int]
) -> None:
    document_id = imported["arrest.pdf"]
    stored = documents.document_path(library, document_id)
    with library.write() as session:
        allegation = Allegation(matter_id=1, summary="Took her phone", created_by="tester")
        session.add(allegation)
        audit.record_create(session, allegation)
        citation = Citation(allegation_id=allegation.id, document_id=document_id, page_start=1)
        session.add(citation)
        audit.record_create(session, citation)
    with pytest.raises(ConflictError, match="Took her phone"):
        documents.delete_document(library, document_id)
    with library.write() as session:
        row = session.get(Citation, citation.id)
        audit.record_delete(session, row)
        session.delete(row)
    deleted = documents.delete_document(library, document_id)
    assert deleted.id == document_id and not stored.exists()
    [kept] = list((library.path / "backups" / "deleted").iterdir())
    assert kept.name.endswith("arrest.pdf") and kept.stat().st_size == deleted.size
    with library.read() as session:
        assert session.execute(select(func.count()).select_from(Page)).scalar_one() == 1
        _count, problem = audit.verify(session)
    assert problem is None
    assert [d.id for d in documents.list_documents(library, doe(library))] == [
        imported["notes.txt"]
    ]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_import_document_and_search(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    library = str(tmp_path / "cli-library")
    assert run(capsys, "--library", library, "init")[0] == 0
    add = ["matter", "add", "2024-009", "--caption", "People v. X", "--client", "X"]
    assert run(capsys, "--library", library, *add)[0] == 0
    folder = tmp_path / "production"
    make_pdf(folder / "dd5.pdf", ["UC 214 took her phone"], bates_prefix="DEF-", first_bates=41)
    make_encrypted_pdf(folder / "sealed.pdf", ["sealed minutes"], password="pw")
    code, out, err = run(capsys, "--library", library, "import", "2024-009", str(folder), "--json")
    assert code == 0, err
    results = {item["file_name"]: item for item in json.loads(out)}
    assert set(results["dd5.pdf"]) >= {
        "id", "file_name", "status", "pages", "sha256", "bates_start", "bates_end", "message"
    }  # fmt: skip
    assert results["dd5.pdf"]["bates_start"] == "DEF-000041"
    assert results["sealed.pdf"]["status"] == "encrypted"

    code, out, _ = run(capsys, "--library", library, "document", "list", "2024-009", "--json")
    assert code == 0 and len(json.loads(out)) == 2
    sealed_id = str(results["sealed.pdf"]["id"])
    code, _, err = run(capsys, "--library", library, "document", "password", sealed_id, "bad")
    assert code != 0 and err.count("\n") == 1 and "password" in err
    code, out, _ = run(
        capsys, "--library", library, "document", "password", sealed_id, "pw", "--json"
    )
    assert code == 0 and json.loads(out)["status"] == "ok"

    code, out, _ = run(capsys, "--library", library, "search", "phone", "--json")
    [hit] = json.loads(out)
    assert code == 0 and hit["bates"] == "DEF-000041" and "«phone»" in hit["snippet"]
    assert {"document_id", "title", "page", "bates", "snippet"} <= set(hit)
    code, out, _ = run(capsys, "--library", library, "search", "minutes", "--matter", "2024-009")
    assert code == 0 and "Sealed, p. 1" in out and "«minutes»" in out
    code, out, err = run(capsys, "--library", library, "search", '"open quote')
    assert code != 0 and out == "" and err.count("\n") == 1 and "Traceback" not in err

    dd5_id = str(results["dd5.pdf"]["id"])
    code, out, _ = run(capsys, "--library", library, "document", "bates", dd5_id, "--prefix",
                       "ABC_", "--first", "12", "--width", "5", "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["bates_start"] == "ABC_00012"
    code, out, _ = run(capsys, "--library", library, "document", "pages", dd5_id)
    assert code == 0 and "=== page 1 (ABC_00012) ===" in out and "UC 214" in out
    code, out, _ = run(capsys, "--library", library, "document", "show", dd5_id, "--json")
    assert code == 0 and json.loads(out)["sha256"] == results["dd5.pdf"]["sha256"]
    code, _, err = run(capsys, "--library", library, "import", "2024-009", str(tmp_path / "none"))
    assert code != 0 and "does not exist" in err
