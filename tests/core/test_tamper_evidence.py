"""Tamper evidence: page text, the end of the audit log, hand-inserted rows, forged events.

On both databases, except the anchor a backup carries: backups zip the embedded library.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from evidence_desk.cli import main
from evidence_desk.core import audit
from evidence_desk.core.audit_seal import key_path, load_key, parse_anchors
from evidence_desk.core.backup import MANIFEST_NAME, backup_library
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.integrity import current_anchor, inspect_library
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter, get_matter_by_file_number
from evidence_desk.core.model import AuditEvent
from evidence_desk.core.notes import add_note
from tests.files import make_pdf

from .tampering import tamper, tamperer

both_databases = pytest.mark.databases


@pytest.fixture
def filled(library: Library, tmp_path: Path) -> Library:
    """One matter, a three-page PDF and a note."""
    roe = add_matter(library, MatterInput("2024-101", "People v. Roe", "Rae Roe")).id
    pdf = make_pdf(
        tmp_path / "report.pdf",
        ["The officer entered the room.", "He asked for identification.", "She was arrested."],
    )
    [result] = import_paths(library, roe, [pdf], workers=1)
    assert result.status == "ok"
    add_note(library, roe, "Interview", "Client describes the officer.")
    assert inspect_library(library).ok
    return library


def _kinds(library: Library) -> list[str]:
    return [problem.kind for problem in inspect_library(library).problems]


def _messages(library: Library) -> str:
    return " | ".join(problem.message for problem in inspect_library(library).problems)


@both_databases
def test_swapping_two_pages_text_is_caught(filled: Library) -> None:
    tamper(
        filled,
        "UPDATE page SET text = CASE number WHEN 1 THEN (SELECT text FROM page WHERE number = 2)"
        " ELSE (SELECT text FROM page WHERE number = 1) END WHERE number IN (1, 2)",
    )
    assert _kinds(filled) == ["text"]
    assert "pages" in _messages(filled)


@both_databases
def test_a_fabricated_sentence_on_a_page_is_caught(filled: Library) -> None:
    tamper(filled, "UPDATE page SET text = text || ' He struck her.' WHERE number = 3")
    assert _kinds(filled) == ["text"]


@both_databases
def test_changing_the_digest_to_match_is_caught_by_the_audit_log(filled: Library) -> None:
    tamper(filled, "UPDATE page SET text = text || ' He struck her.' WHERE number = 3")
    with filled.read() as session:
        from evidence_desk.core.page_text import digests_by_document

        [(document_id, digest)] = list(digests_by_document(session))
    tamper(filled, "UPDATE document SET text_sha256 = ? WHERE id = ?", digest, document_id)
    assert _kinds(filled) == ["audit"]
    assert "edited outside Evidence Desk" in _messages(filled)


def _forget_heads(library: Library) -> None:
    """Remove this computer's record of the newest event (as if on another computer)."""
    library_id = library.setting("library_id")
    assert library_id
    for head in key_path(library_id).parent.glob("*.head"):
        head.unlink()


@both_databases
def test_deleting_the_newest_audit_event_is_caught(filled: Library) -> None:
    tamper(filled, "DELETE FROM audit_event WHERE id = (SELECT MAX(id) FROM audit_event)")
    assert _kinds(filled) == ["audit"]
    assert "removed from its end" in _messages(filled)
    _forget_heads(filled)
    assert _kinds(filled) == ["audit"]
    assert "no audit event records it" in _messages(filled)


@both_databases
def test_deleting_the_newest_event_and_its_row_is_caught_by_the_anchor(filled: Library) -> None:
    tamper(filled, "DELETE FROM note")
    tamper(filled, "DELETE FROM audit_event WHERE id = (SELECT MAX(id) FROM audit_event)")
    assert _kinds(filled) == ["audit"]
    assert "removed from its end" in _messages(filled)


@both_databases
def test_an_allegation_inserted_by_hand_is_caught(filled: Library) -> None:
    tamper(
        filled,
        "INSERT INTO allegation (matter_id, date_precision, summary, narrative, source, status,"
        " reported_to, created_at, updated_at, created_by) VALUES (1, 'day', 'Forged', '',"
        " 'client_statement', 'alleged', '[]', '2024-01-01', '2024-01-01', 'intruder')",
    )
    assert _kinds(filled) == ["audit"]
    assert "allegation" in _messages(filled) and "no audit event" in _messages(filled)


def _forge_event(library: Library, *, seal: str | None, key_id: str | None) -> None:
    """Append an event for a hand-made tag, chained correctly with plain SHA-256."""
    tamper(library, "INSERT INTO tag (id, name, colour) VALUES (99, 'Forged', '#808080')")
    with library.read() as session:
        prev_hash = session.execute(
            select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
        ).scalar_one()
    from datetime import datetime

    at = datetime(2024, 1, 1)
    after = audit.canonical_json({"id": 99, "name": "Forged", "colour": "#808080"})
    user = tamperer(library)
    digest = audit.event_hash(prev_hash, at, user, "create", "tag", "99", None, after)
    tamper(
        library,
        'INSERT INTO audit_event (at, "user", action, entity, entity_id, before, after, prev_hash,'
        " hash, seal, key_id) VALUES (?, ?, 'create', 'tag', '99', NULL, ?, ?, ?, ?, ?)",
        at.isoformat(sep=" "),
        user,
        after,
        prev_hash,
        digest,
        seal,
        key_id,
    )


@both_databases
def test_a_forged_event_without_a_seal_is_caught(filled: Library) -> None:
    _forge_event(filled, seal=None, key_id=None)
    assert _kinds(filled) == ["audit"]
    assert "no seal" in _messages(filled)


@both_databases
def test_a_forged_event_posing_as_this_computers_seal_is_caught(filled: Library) -> None:
    library_id = filled.setting("library_id")
    assert library_id
    key = load_key(library_id)
    assert key is not None
    _forge_event(filled, seal="0" * 64, key_id=key.key_id)
    assert _kinds(filled) == ["audit"]
    assert "seal this computer's key did not make" in _messages(filled)


@both_databases
def test_a_forged_event_with_a_foreign_seal_is_named(filled: Library) -> None:
    _forge_event(filled, seal="0" * 64, key_id="feedfacefeedface")
    report = inspect_library(filled)
    assert report.ok
    # An office library also holds events other computers sealed (the administrator's).
    [note] = [note for note in report.notes if "feedfacefeedface" in note]
    assert "another computer" in note


@both_databases
def test_without_the_key_seals_are_not_checked_and_it_says_so(filled: Library) -> None:
    library_id = filled.setting("library_id")
    assert library_id
    key = load_key(library_id)
    assert key is not None
    key_path(library_id).unlink()
    path = filled.path
    filled.close()
    reopened = Library.open(path)
    try:
        report = inspect_library(reopened)
        # An office library also holds events other computers sealed (the administrator's).
        [note] = [note for note in report.notes if key.key_id in note]
        assert report.ok and "does not hold" in note
        roe = get_matter_by_file_number(reopened, "2024-101").id
        add_note(reopened, roe, "Later", "written with a new key")
        assert inspect_library(reopened).ok
        assert key_path(library_id).is_file()
    finally:
        reopened.close()


@both_databases
def test_a_printed_anchor_catches_a_cut_even_when_the_head_is_gone(
    filled: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(filled.path)
    assert main(["--library", path, "audit", "anchor"]) == 0
    printed = capsys.readouterr().out
    [anchor] = parse_anchors(printed)
    assert anchor == current_anchor(filled)
    kept = tmp_path / "anchor.txt"
    kept.write_text(printed)
    # Remove the newest change and its event; and this computer's own record of the head.
    tamper(filled, "DELETE FROM note")
    tamper(filled, "DELETE FROM audit_event WHERE id = (SELECT MAX(id) FROM audit_event)")
    _forget_heads(filled)
    assert _kinds(filled) == []
    assert main(["--library", path, "audit", "verify", "--anchor", str(kept)]) == 1
    assert "removed from its end" in capsys.readouterr().err


def test_every_backup_carries_an_anchor(filled: Library, tmp_path: Path) -> None:
    import zipfile

    archive = backup_library(filled, tmp_path / "b.zip")
    with zipfile.ZipFile(archive) as zipped:
        manifest = json.loads(zipped.read(MANIFEST_NAME))
    [anchor] = parse_anchors(manifest["anchor"])
    assert anchor == current_anchor(filled)
    tamper(filled, "DELETE FROM note")
    tamper(filled, "DELETE FROM audit_event WHERE id = (SELECT MAX(id) FROM audit_event)")
    _forget_heads(filled)
    report = inspect_library(filled, anchors=parse_anchors(manifest["anchor"]))
    assert [problem.kind for problem in report.problems] == ["audit"]
