"""Officer mentions: detected at import, listed in the intake alert, decided on by people."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from evidence_desk.cli import main
from evidence_desk.core import audit, documents, mentions, officers, patterns, public_records
from evidence_desk.core.errors import ConflictError, ValidationError
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.intake import intake_alert
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter, get_matter_by_file_number
from evidence_desk.core.model import AuditEvent, Mention, MentionScan
from evidence_desk.core.officers import IdentifierInput
from evidence_desk.core.records import MatterId
from tests.core.evidence_builders import add_document

from .public_data_files import PROPUBLICA_HEADERS, propublica_row, write_csv

pytestmark = pytest.mark.databases

REPORT = (
    "ARREST REPORT\n"
    "Date of Arrest: 03/12/2021\n"
    "Arresting Officer: Det. John Smith, Shield 4521\n"
    "Assisting: UC #0214 made the buy.\n"
    "\f"
    "PROPERTY VOUCHER\n"
    "Vouchered by P.O. SMITH. Approved by SGT. MARIA LOPEZ.\n"
)


@pytest.fixture
def registry(library: Library) -> dict[str, int]:
    smith = officers.add_officer(
        library,
        "John Smith",
        rank="Detective",
        identifiers=[IdentifierInput("shield", "4521"), IdentifierInput("mos_id", "10007")],
    )
    uc = officers.add_officer(
        library, "", description="UC, white male, 30s", identifiers=[IdentifierInput("uc", "0214")]
    )
    mary = officers.add_officer(
        library,
        "Mary Smith",
        rank="Police Officer",
        identifiers=[IdentifierInput("shield", "1234")],
    )
    return {"smith": smith.id, "uc": uc.id, "mary": mary.id}


def _matter_id(library: Library, file_number: str) -> MatterId:
    return get_matter_by_file_number(library, file_number).id


def _import(library: Library, tmp_path: Path, file_number: str, text: str, name: str) -> int:
    add_matter(library, MatterInput(file_number, f"People v. {name}", f"Client {name}"))
    path = tmp_path / file_number / "report.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    (result,) = import_paths(library, _matter_id(library, file_number), [path])
    assert result.status == "ok" and result.id is not None
    return result.id


def _audit_clean(library: Library) -> None:
    with library.read() as session:
        assert audit.check(session).problem is None


def test_import_finds_each_officer_on_the_right_page(
    library: Library, registry: dict[str, int], tmp_path: Path
) -> None:
    document_id = _import(library, tmp_path, "2024-001", REPORT, "Doe")
    found = mentions.list_mentions(library, _matter_id(library, "2024-001"))
    assert [(m.page, m.text, m.officer_id, m.confidence) for m in found] == [
        (1, "Det. John Smith, Shield 4521", registry["smith"], "high"),
        (1, "UC #0214", registry["uc"], "high"),
        (2, "P.O. SMITH", registry["mary"], "possible"),
        (2, "SGT. MARIA LOPEZ", None, None),
    ]
    pages = {page.number: page.text for page in documents.list_pages(library, document_id)}
    for mention in found:
        assert pages[mention.page][mention.start : mention.end] == mention.text
        assert mention.document_id == document_id and mention.status == "proposed"
    assert [m.counts for m in found] == [True, True, False, False]
    assert mentions.unscanned_documents(library) == 0


def test_files_stored_together_have_each_mention_on_their_own_page(
    library: Library, registry: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import commits its files in batches: each mention belongs to its own document's
    page, and every document is marked as read."""
    from evidence_desk.core.ingest import pipeline

    monkeypatch.setattr(pipeline, "BATCH_LINGER", 30.0)  # the three files in one batch
    monkeypatch.setattr(pipeline, "BATCH_SECONDS", 60.0)
    add_matter(library, MatterInput("2024-001", "People v. Doe", "Client Doe"))
    folder = tmp_path / "production"
    folder.mkdir()
    texts = {
        "a.txt": REPORT,
        "b.txt": "\f".join(reversed(REPORT.split("\f"))),
        "c.txt": "nothing on this page\fA page about UC #0214 alone.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    results = import_paths(library, _matter_id(library, "2024-001"), [folder])
    assert sorted(result.status for result in results) == ["ok", "ok", "ok"]
    found = mentions.list_mentions(library, _matter_id(library, "2024-001"))
    by_document: dict[int, list[tuple[int, str]]] = {}
    for mention in found:
        pages = {
            page.number: page.text for page in documents.list_pages(library, mention.document_id)
        }
        assert pages[mention.page][mention.start : mention.end] == mention.text
        by_document.setdefault(mention.document_id, []).append((mention.page, mention.text))
    ids = {result.file_name: result.id for result in results}
    assert sorted(by_document[ids["c.txt"]]) == [(2, "UC #0214")]  # type: ignore[index]
    assert (1, "P.O. SMITH") in by_document[ids["b.txt"]]  # type: ignore[index]
    assert (2, "P.O. SMITH") in by_document[ids["a.txt"]]  # type: ignore[index]
    assert mentions.unscanned_documents(library) == 0
    _audit_clean(library)


def test_intake_alert_lists_both_officers_with_their_other_matters_and_public_records(
    library: Library, registry: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from evidence_desk.core.allegations import AllegationInput, OfficerLink, add_allegation

    add_matter(library, MatterInput("2023-050", "People v. Roe", "Rita Roe"))
    for summary in ("Slammed the client to the ground", "Kicked the client"):
        add_allegation(
            library,
            AllegationInput(
                _matter_id(library, "2023-050"),
                (OfficerLink(registry["smith"]),),
                "2023-04",
                ("force",),
                summary,
            ),
        )
    export = write_csv(
        tmp_path / "allegations_202007271729.csv",
        PROPUBLICA_HEADERS,
        [
            propublica_row("10007", "John", "Smith", "4521", "24601", disposition="Exonerated"),
            propublica_row("10007", "John", "Smith", "4521", "26146", fado="Abuse of Authority"),
        ],
    )
    public_records.import_records(library, export)
    _import(library, tmp_path, "2024-001", REPORT, "Doe")

    alert = intake_alert(library, _matter_id(library, "2024-001"))
    assert [entry.officer.id for entry in alert.officers] == [registry["smith"], registry["uc"]]
    smith, uc = alert.officers
    assert smith.allegations_elsewhere == 2 and smith.matters_with_allegations == 1
    assert [(m.file_number, m.allegations) for m in smith.other_matters] == [("2023-050", 2)]
    assert sorted(record.case_number for record in smith.public_records) == ["24601", "26146"]
    assert dict(smith.dispositions) == {"Exonerated": 1, "Substantiated (Charges)": 1}
    assert [(m.page, m.text) for m in smith.mentions] == [(1, "Det. John Smith, Shield 4521")]
    assert [(m.page, m.text) for m in uc.mentions] == [(1, "UC #0214")]
    assert uc.other_matters == () and uc.public_records == ()
    assert [entry.officer.id for entry in alert.possible] == [registry["mary"]]
    assert [m.text for m in alert.unmatched] == ["SGT. MARIA LOPEZ"]
    assert alert.privileged

    assert main(["--library", str(library.path), "intake", "2024-001", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [item["officer_id"] for item in printed["officers"]] == [
        registry["smith"],
        registry["uc"],
    ]
    assert printed["officers"][0]["allegations_elsewhere"] == 2
    assert printed["officers"][0]["other_matters"][0]["file_number"] == "2023-050"
    assert len(printed["officers"][0]["public_records"]) == 2
    assert printed["officers"][0]["mentions"][0]["page"] == 1
    assert printed["privileged"] is True
    assert main(["--library", str(library.path), "intake", "2024-001"]) == 0
    text = capsys.readouterr().out
    assert "2 allegations in 1 other matter (privileged)" in text
    assert "POSSIBLE: confirm or reject" in text


def test_mentions_command_prints_what_the_contract_promises(
    library: Library, registry: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document_id = _import(library, tmp_path, "2024-001", REPORT, "Doe")
    args = ["--library", str(library.path), "mentions", "2024-001", "--json"]
    assert main([*args, "--officer", str(registry["uc"])]) == 0
    (only,) = json.loads(capsys.readouterr().out)
    for key in ("officer_id", "officer", "confidence", "document_id", "page", "bates", "text"):
        assert key in only
    assert (only["officer_id"], only["document_id"], only["page"], only["text"]) == (
        registry["uc"],
        document_id,
        1,
        "UC #0214",
    )
    assert main(["--library", str(library.path), "mentions", "no-such-matter"]) != 0
    assert "no matter" in capsys.readouterr().err


def test_confirm_makes_a_full_spelling_an_alias_and_undo_puts_everything_back(
    library: Library, registry: dict[str, int], tmp_path: Path
) -> None:
    _import(library, tmp_path, "2024-001", REPORT, "Doe")
    first, uc, po_smith, _lopez = mentions.list_mentions(library, _matter_id(library, "2024-001"))
    change = mentions.confirm_mention(library, first.id)
    assert change.before is None and change.after is not None
    assert change.after.alias is not None
    assert change.after.alias.text == "Det. John Smith, Shield 4521"
    assert change.mention.status == "confirmed"
    aliases = [alias.text for alias in officers.get_officer(library, registry["smith"]).aliases]
    assert aliases == ["Det. John Smith, Shield 4521"]
    # A bare number or a bare surname never becomes an alias.
    assert mentions.confirm_mention(library, uc.id).after.alias is None  # type: ignore[union-attr]
    reassigned = mentions.reassign_mention(library, po_smith.id, registry["smith"])
    assert reassigned.after is not None and reassigned.after.alias is None
    assert reassigned.mention.officer_id == registry["smith"]
    with pytest.raises(ConflictError):
        mentions.confirm_mention(library, first.id)

    mentions.set_decision(library, first.id, change.before)  # undo
    assert officers.get_officer(library, registry["smith"]).aliases == ()
    assert mentions.get_mention(library, first.id).status == "proposed"
    mentions.set_decision(library, first.id, change.after)  # redo: the same ids
    again = officers.get_officer(library, registry["smith"]).aliases
    assert [(alias.id, alias.text) for alias in again] == [
        (change.after.alias.id, "Det. John Smith, Shield 4521")
    ]
    with library.read() as session:
        entities = {row for row in session.execute(select(AuditEvent.entity)).scalars()}
    assert "mention_decision" in entities
    _audit_clean(library)


def test_a_rejected_mention_is_never_proposed_again_on_its_page(
    library: Library, registry: dict[str, int], tmp_path: Path
) -> None:
    document_id = _import(library, tmp_path, "2024-001", REPORT, "Doe")
    po_smith = mentions.list_mentions(library, _matter_id(library, "2024-001"))[2]
    change = mentions.reject_mention(library, po_smith.id)
    assert change.mention.status == "rejected"
    assert po_smith.id not in [
        m.id for m in mentions.list_mentions(library, _matter_id(library, "2024-001"))
    ]
    rejected = mentions.list_mentions(
        library, _matter_id(library, "2024-001"), include_rejected=True
    )
    assert [m.status for m in rejected if m.id == po_smith.id] == ["rejected"]
    # Reading the pages again (OCR, a rescan) keeps the verdict and proposes nothing there.
    with library.write() as session:
        mentions.detect_pages(session, mentions.Detector(library), document_id)
    again = mentions.list_mentions(library, _matter_id(library, "2024-001"), include_rejected=True)
    assert [m.text for m in again].count("P.O. SMITH") == 1
    assert [m.text for m in mentions.list_mentions(library, _matter_id(library, "2024-001"))] == [
        "Det. John Smith, Shield 4521",
        "UC #0214",
        "SGT. MARIA LOPEZ",
    ]
    mentions.reopen_mention(library, po_smith.id)
    assert mentions.get_mention(library, po_smith.id).status == "proposed"
    _audit_clean(library)


def test_an_unconfirmed_possible_mention_counts_nowhere(
    library: Library, registry: dict[str, int], tmp_path: Path
) -> None:
    _import(library, tmp_path, "2023-050", "Vouchered by P.O. SMITH.", "Roe")
    _import(library, tmp_path, "2024-001", "Seen by Police Officer Mary Smith.", "Doe")
    (possible,) = mentions.list_mentions(library, _matter_id(library, "2023-050"))
    assert (possible.officer_id, possible.confidence) == (registry["mary"], "possible")
    (mary,) = intake_alert(library, _matter_id(library, "2024-001")).officers
    assert mary.other_matters == ()  # a possible mention elsewhere is not "named there"
    assert patterns.analyse(library).officers == ()  # only allegations make patterns
    mentions.confirm_mention(library, possible.id)
    (mary,) = intake_alert(library, _matter_id(library, "2024-001")).officers
    assert [(m.file_number, m.in_discovery) for m in mary.other_matters] == [("2023-050", True)]
    assert patterns.analyse(library).officers == ()


def test_a_new_officer_from_the_registry_is_matched_without_importing_again(
    library: Library, registry: dict[str, int], tmp_path: Path
) -> None:
    _import(library, tmp_path, "2024-001", REPORT, "Doe")
    officers.add_officer(library, "Maria Lopez", rank="Sergeant")
    lopez = mentions.list_mentions(library, _matter_id(library, "2024-001"))[3]
    assert (lopez.officer, lopez.confidence) == ("Maria Lopez", "high")  # read afresh
    assert mentions.refresh_matches(library) == 4  # and stored
    with library.read() as session:
        stored = session.execute(
            select(Mention.confidence).where(Mention.id == lopez.id)
        ).scalar_one()
    assert stored == "high"
    assert mentions.refresh_matches(library) == 0


def test_a_mention_becomes_a_new_officer_or_an_allegation_with_its_citation(
    library: Library, registry: dict[str, int], tmp_path: Path
) -> None:
    _import(library, tmp_path, "2024-001", REPORT, "Doe")
    smith_mention, _uc, _po, lopez = mentions.list_mentions(
        library, _matter_id(library, "2024-001")
    )
    officer, change = mentions.officer_from_mention(library, lopez.id)
    assert (officer.name, officer.rank) == ("Maria Lopez", "Sergeant")
    assert change.mention.officer_id == officer.id and change.mention.status == "confirmed"

    record, confirmed = mentions.allegation_from_mention(
        library, smith_mention.id, date="2021-03-12", conduct=("force",), summary="Took a phone"
    )
    assert [link.officer_id for link in record.officers] == [registry["smith"]]
    (citation,) = record.citations
    assert (citation.document_id, citation.page_start, citation.quote) == (
        smith_mention.document_id,
        1,
        "Det. John Smith, Shield 4521",
    )
    assert confirmed is not None and confirmed.mention.status == "confirmed"
    with pytest.raises(ConflictError):  # the decision names him: not deleted from under it
        officers.delete_officer(library, officer.id)
    _audit_clean(library)


def test_a_mention_without_an_officer_cannot_be_confirmed_or_cited(
    library: Library, registry: dict[str, int], tmp_path: Path
) -> None:
    _import(library, tmp_path, "2024-001", REPORT, "Doe")
    lopez = mentions.list_mentions(library, _matter_id(library, "2024-001"))[3]
    with pytest.raises(ValidationError, match="matches no registered officer"):
        mentions.confirm_mention(library, lopez.id)
    with pytest.raises(ValidationError, match="stands for no officer"):
        mentions.allegation_from_mention(
            library, lopez.id, date="2021", conduct=("force",), summary="x"
        )


def test_documents_read_before_mentions_existed_are_read_in_a_resumable_scan(
    library: Library, registry: dict[str, int]
) -> None:
    add_matter(library, MatterInput("2020-001", "People v. Old", "Old Client"))
    for number in range(3):
        add_document(
            library,
            _matter_id(library, "2020-001"),
            f"DD5 {number}",
            [f"Interview by Det. John Smith #{4521}"],
        )
    assert mentions.unscanned_documents(library) == 3
    cancel = threading.Event()
    seen: list[int] = []

    def stop_after_first(progress: mentions.ScanProgress) -> None:
        seen.append(progress.done)
        if progress.done >= 1:
            cancel.set()

    original = mentions.SCAN_BATCH_DOCUMENTS
    mentions.SCAN_BATCH_DOCUMENTS = 1
    try:
        first = mentions.scan_library(library, progress=stop_after_first, cancel=cancel)
        assert (first.documents, first.documents_left, first.cancelled) == (1, 2, True)
        rest = mentions.scan_library(library)
    finally:
        mentions.SCAN_BATCH_DOCUMENTS = original
    assert (rest.documents, rest.documents_left) == (2, 0)
    assert [
        m.officer_id for m in mentions.list_mentions(library, _matter_id(library, "2020-001"))
    ] == [registry["smith"]] * 3
    assert mentions.scan_library(library).message().startswith("Every document")


def test_deleting_a_document_takes_its_decisions_with_it_audited(
    library: Library, registry: dict[str, int], tmp_path: Path
) -> None:
    document_id = _import(library, tmp_path, "2024-001", REPORT, "Doe")
    first = mentions.list_mentions(library, _matter_id(library, "2024-001"))[0]
    mentions.confirm_mention(library, first.id)
    documents.delete_document(library, document_id)
    assert mentions.list_mentions(library, _matter_id(library, "2024-001")) == []
    _audit_clean(library)


def test_mention_commands_decide_and_take_back(
    library: Library, registry: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(library, tmp_path, "2024-001", REPORT, "Doe")
    library.close()
    base = ["--library", str(library.path)]
    reader = Library.open(library.path, readonly=True)
    first, _uc, po_smith, lopez = (
        m.id for m in mentions.list_mentions(reader, _matter_id(reader, "2024-001"))
    )
    assert main([*base, "mention", "confirm", str(first)]) == 0
    assert "is now an alias" in capsys.readouterr().out
    assert main([*base, "mention", "reject", str(po_smith), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "rejected"
    assert main([*base, "mention", "reassign", str(po_smith), str(registry["smith"])]) == 0
    capsys.readouterr()
    assert main([*base, "mention", "reopen", str(po_smith), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "proposed"
    assert main([*base, "mention", "new-officer", str(lopez), "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["officer"]["name"] == "Maria Lopez"
    assert main([*base, "mention", "confirm", "9999"]) != 0
    assert "no mention with id 9999" in capsys.readouterr().err
    assert main([*base, "mention", "scan", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents_left"] == 0


def test_documents_read_before_apostrophes_typed_as_letters_are_read_again(
    library: Library, tmp_path: Path
) -> None:
    """Detector 2 stopped "P.O. OʼBrien" at "O" and found no mention: its documents are read
    again, and the name is found."""
    officer = officers.add_officer(library, "Kevin O'Brien", rank="Police Officer")
    document_id = _import(library, tmp_path, "2024-301", "Seen by P.O. Kevin O\u02bcBrien.", "X")
    with library.write() as session:  # as the version before read it: nothing found
        session.execute(delete(Mention).where(Mention.document_id == document_id))
        session.execute(
            update(MentionScan)
            .where(MentionScan.document_id == document_id)
            .values(detector_version=2)
        )
    assert mentions.unscanned_documents(library) == 1
    mentions.scan_library(library)
    (found,) = mentions.list_mentions(library, _matter_id(library, "2024-301"))
    assert found.officer_id == officer.id
    assert mentions.unscanned_documents(library) == 0
