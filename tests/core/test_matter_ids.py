"""A matter id never means another client's matter.

Matter A has id 1 and file number "A-1"; matter B has file number "1" and privileged
contents. Every service that takes a matter is walked with A's id: each answers about A
only, and none accepts text (a file number) or a bool where an id belongs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evidence_desk.cli import main
from evidence_desk.core import allegations, documents, matters, notes, officers, tags
from evidence_desk.core.errors import NotFoundError, ValidationError
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.memo import MemoOptions, export_memo
from evidence_desk.core.memo.content import load_content
from evidence_desk.core.patterns import PatternFilter, analyse
from evidence_desk.core.records import MatterId
from evidence_desk.core.search import search
from tests.core.evidence_builders import Collision, build_collision
from tests.files import make_text

pytestmark = pytest.mark.databases


@pytest.fixture
def collision(library: Library) -> Collision:
    return build_collision(library)


def test_every_service_answers_about_the_matter_whose_id_it_was_given(
    library: Library, collision: Collision, tmp_path: Path
) -> None:
    a_id = collision.a.id
    assert a_id == 1
    assert matters.get_matter(library, a_id).file_number == "A-1"
    assert matters.get_matter_by_file_number(library, "1").caption == "People v. Bravo"

    assert [note.id for note in notes.list_notes(library, a_id)] == [collision.a_note]
    assert notes.find_notes(library, "PRIVILEGED", matter_id=a_id) == []
    assert [d.id for d in documents.list_documents(library, a_id)] == [collision.a_document.id]
    listed = allegations.list_allegations(library, matter_id=a_id)
    assert [item.id for item in listed] == [collision.a_allegation]
    assert search(library, "PRIVILEGED", matter_id=a_id) == []
    assert search(library, "exposed", matter_id=a_id) == []
    assert {hit.matter_id for hit in search(library, "exposed")} == {collision.b.id}

    # The import target: a file imported into id 1 lands in A's folder, not B's.
    [result] = import_paths(library, a_id, [make_text(tmp_path / "new.txt", "A letter")])
    stored = documents.get_document(library, result.id or 0)
    assert stored.matter_id == a_id
    assert stored.stored_path.startswith(f"matters/{collision.a.folder_key}/")

    # Patterns and memos filed in A.
    report = analyse(library, PatternFilter(matter_ids=(a_id,), min_matters=1))
    assert [(item.officer_id, item.allegations) for item in report.officers] == [
        (collision.officer_id, 1)
    ]
    content = load_content(library, PatternFilter(min_matters=1), (), a_id)
    assert content.caption_matter is not None and content.caption_matter.file_number == "A-1"
    result_memo = export_memo(
        library,
        MemoOptions(kind="motion", matter_id=a_id, criteria=PatternFilter(min_matters=1)),
        tmp_path / "memo.docx",
    )
    assert result_memo.path.is_file()

    # Writes through A's id stay in A.
    added = notes.add_note(library, a_id, "Alpha follow-up", "called back")
    assert added.matter_id == a_id
    before, after = matters.update_matter(library, a_id, docket="CR-A")
    assert (before.file_number, after.docket) == ("A-1", "CR-A")
    assert matters.get_matter_by_file_number(library, "1").docket is None


WRONG_MATTER_IDS = ("1", " 1", "A-1", True, 1.0)

SERVICES_TAKING_A_MATTER = {
    "get_matter": lambda lib, m: matters.get_matter(lib, m),
    "update_matter": lambda lib, m: matters.update_matter(lib, m, docket="X"),
    "delete_matter": lambda lib, m: matters.delete_matter(lib, m),
    "add_client_identifier": lambda lib, m: matters.add_client_identifier(lib, m, "aka", "X"),
    "add_note": lambda lib, m: notes.add_note(lib, m, "t", "b"),
    "list_notes": lambda lib, m: notes.list_notes(lib, m),
    "find_notes": lambda lib, m: notes.find_notes(lib, "", matter_id=m),
    "list_documents": lambda lib, m: documents.list_documents(lib, m),
    "import_paths": lambda lib, m: import_paths(lib, m, []),
    "list_allegations": lambda lib, m: allegations.list_allegations(lib, matter_id=m),
    "add_allegation": lambda lib, m: allegations.add_allegation(
        lib,
        allegations.AllegationInput(
            matter_id=m,
            officers=(allegations.OfficerLink(1),),
            date="2021",
            conduct=("UC.EXPOSURE",),
            summary="s",
        ),
    ),
    "search": lambda lib, m: search(lib, "UC", matter_id=m),
    "PatternFilter": lambda lib, m: PatternFilter(matter_ids=(m,)),
    "load_content": lambda lib, m: load_content(lib, PatternFilter(min_matters=1), (), m),
}


@pytest.mark.parametrize("service", sorted(SERVICES_TAKING_A_MATTER))
def test_a_file_number_or_a_bool_is_never_taken_for_a_matter_id(
    library: Library, collision: Collision, service: str
) -> None:
    call: Any = SERVICES_TAKING_A_MATTER[service]
    for wrong in WRONG_MATTER_IDS:
        with pytest.raises(TypeError, match="matter ids are ints"):
            call(library, wrong)
    # Nothing of B's was changed or reached.
    assert [note.id for note in notes.list_notes(library, collision.b.id)] == [collision.b_note]
    assert matters.get_matter(library, collision.b.id).docket is None


def test_tags_and_officers_take_ids_and_names_through_separate_lookups(
    library: Library, collision: Collision
) -> None:
    hot = tags.add_tag(library, "Hot")
    one = tags.add_tag(library, "1")  # a tag whose name is another tag's id
    assert hot.id == 1
    assert tags.get_tag(library, 1).name == "Hot"
    assert tags.get_tag_by_name(library, "1").id == one.id
    assert tags.apply_tag(library, 1, [collision.a_document.id]) == [collision.a_document.id]
    assert tags.tagged_documents(library, one.id) == []
    for wrong in ("1", True):
        with pytest.raises(TypeError, match="tag ids are ints"):
            tags.apply_tag(library, wrong, [collision.a_document.id])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="officer ids are ints"):
            officers.get_officer(library, wrong)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="cannot be called #2"):
        tags.rename_tag(library, one.id, "#2")
    assert officers.get_officer(library, collision.officer_id).name == "John Smith"


def test_a_file_number_cannot_be_written_like_an_id(library: Library) -> None:
    with pytest.raises(ValidationError, match="cannot be written like #12"):
        matters.add_matter(library, matters.MatterInput("#12", "People v. Hash", "H"))
    with pytest.raises(NotFoundError, match="no matter #7"):
        matters.get_matter(library, MatterId(7))


def run(capsys: pytest.CaptureFixture[str], library: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--library", str(library), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_reads_a_file_number_and_an_id_only_as_hash_id(
    library: Library, collision: Collision, capsys: pytest.CaptureFixture[str]
) -> None:
    path = library.path
    library.close()

    def note_titles(matter: str) -> list[str]:
        code, out, err = run(capsys, path, "note", "list", matter, "--json")
        assert code == 0, err
        return [note["title"] for note in json.loads(out)]

    assert note_titles("1") == ["Bravo privileged interview"]  # B's file number
    assert note_titles("#1") == ["Alpha intake"]  # A's id
    assert note_titles("A-1") == ["Alpha intake"]
    code, _out, err = run(capsys, path, "document", "list", "#99")
    assert code == 1 and "no matter #99" in err
    code, out, _err = run(capsys, path, "allegation", "list", "--matter", "#1", "--json")
    assert [item["summary"] for item in json.loads(out)] == ["Alpha: the UC bought drinks"]
    code, out, _err = run(capsys, path, "search", "exposed", "--matter", "#1", "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _err = run(
        capsys, path, "patterns", "--in-matter", "#1", "--min-matters", "1", "--json"
    )
    assert code == 0
    code, out, _err = run(capsys, path, "note", "add", "--help")
    assert "file number" in out and "#12" in out
