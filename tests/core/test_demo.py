"""The demo library: built through the services, audited, cited, and showing patterns."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_desk.cli import main
from evidence_desk.core import audit
from evidence_desk.core.allegations import list_allegations
from evidence_desk.core.demo import (
    BATES_PREFIX,
    MATTERS,
    DemoSummary,
    build_demo_library,
    default_demo_library_path,
)
from evidence_desk.core.demo_documents import FICTION_BANNER
from evidence_desk.core.documents import list_documents, list_pages
from evidence_desk.core.errors import ConflictError
from evidence_desk.core.integrity import inspect_library
from evidence_desk.core.library import Library
from evidence_desk.core.matching import suggest
from evidence_desk.core.matters import all_clients, get_matter_by_file_number, list_matters
from evidence_desk.core.memo import MemoOptions, export_memo
from evidence_desk.core.notes import list_notes
from evidence_desk.core.patterns import analyse

Demo = tuple[Path, DemoSummary, Library]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo, built once for this module, then opened for reading."""
    path = tmp_path_factory.mktemp("demo") / "demo-library"
    steps: list[tuple[int, int, str]] = []
    summary = build_demo_library(path, progress=lambda *step: steps.append(step))
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1]  # ran from start to finish
    library = Library.open(path, readonly=True)
    try:
        yield path, summary, library
    finally:
        library.close()


def test_summary_matches_what_is_stored(demo: Demo) -> None:
    path, summary, library = demo
    matters = list_matters(library)
    assert summary.path == path.resolve()
    assert summary.matters == len(matters) == len(MATTERS) == 6
    assert summary.documents == sum(item.documents for item in matters)
    assert summary.notes == sum(item.notes for item in matters) == 6
    assert summary.allegations == sum(item.allegations for item in matters)
    assert summary.citations == sum(len(item.citations) for item in list_allegations(library))
    assert {item.matter.status for item in matters} == {"open", "closed"}


def test_every_page_is_fictional_bates_stamped_and_readable(demo: Demo) -> None:
    _path, summary, library = demo
    pages = 0
    labels: list[str] = []
    for matter in list_matters(library):
        for document in list_documents(library, matter.matter.id):
            assert document.status == "ok", document.file_name
            assert document.bates_prefix == BATES_PREFIX
            for page in list_pages(library, document.id):
                pages += 1
                assert page.text.startswith(FICTION_BANNER)
                assert page.bates and page.bates.startswith(f"{BATES_PREFIX} 000")
                labels.append(page.bates)
    assert pages == summary.pages >= 15
    assert len(set(labels)) == len(labels)  # no Bates number used twice


def test_audit_log_is_complete_and_library_verifies(demo: Demo) -> None:
    _path, summary, library = demo
    with library.read() as session:
        events, problem = audit.verify(session)
    assert problem is None
    report = inspect_library(library)
    assert report.ok, report.problems
    assert report.documents == summary.documents
    assert events > summary.allegations + summary.documents + summary.notes


def test_every_citation_quote_was_found_where_it_is_cited(demo: Demo) -> None:
    _path, _summary, library = demo
    allegations = list_allegations(library)
    assert allegations and all(item.citations for item in allegations)
    for allegation in allegations:
        for citation in allegation.citations:
            assert citation.quote
            assert citation.quote_start is not None and citation.quote_end is not None
            if citation.document_id is not None:
                assert citation.quote_page == citation.page_start
                (page,) = [
                    page
                    for page in list_pages(library, citation.document_id)
                    if page.number == citation.quote_page
                ]
                found = page.text[citation.quote_start : citation.quote_end]
                assert " ".join(found.split()).lower() == " ".join(citation.quote.split()).lower()
            else:
                (note,) = [
                    note
                    for note in list_notes(library, allegation.matter_id)
                    if note.id == citation.note_id
                ]
                assert note.body[citation.quote_start : citation.quote_end] == citation.quote


def test_two_undercovers_recur_across_matters(demo: Demo) -> None:
    _path, summary, library = demo
    report = analyse(library)
    by_name = {item.officer: item for item in report.flagged}
    assert by_name["Victor Sampleton"].matters >= 3
    assert by_name["Owen Placeholder"].matters >= 2
    assert "Victor Sampleton" in summary.recurring_officers
    assert "Owen Placeholder" in summary.recurring_officers
    # The unmatched record of UC 214 is offered for merging with the named one.
    names = [item.officer.name for item in suggest(library, "UC #214")]
    assert {"Victor Sampleton", "V. Sampelton"} <= set(names[:2])


def test_names_are_clearly_fictional_and_the_public_brief_leaks_none(
    demo: Demo,
    tmp_path: Path,
) -> None:
    _path, _summary, library = demo
    clients = all_clients(library)
    assert len(clients) == 6
    assert all(client.identifiers for client in clients)
    result = export_memo(library, MemoOptions(kind="public"), tmp_path / "public.docx")
    assert result.allegations > 0 and result.path.is_file()
    filed_in = get_matter_by_file_number(library, "DEMO-24-001").id
    motion = export_memo(
        library, MemoOptions(kind="motion", matter_id=filed_in), tmp_path / "motion.docx"
    )
    assert motion.footnotes > 0 and motion.exhibits > 0
    # The demo's office settings complete the papers: only the case's own facts are blanks.
    assert set(motion.blanks) == {
        "return date",
        "assigned ADA",
        "charges",
        "date of arraignment",
        "date of certificate of compliance",
        "what the People have disclosed about the officers",
    }


def test_refuses_an_existing_library_or_a_folder_with_files(
    demo: Demo,
    tmp_path: Path,
) -> None:
    path, _summary, _library = demo
    with pytest.raises(ConflictError, match="already a library"):
        build_demo_library(path)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "letter.txt").write_text("not mine to overwrite")
    with pytest.raises(ConflictError, match="not empty"):
        build_demo_library(occupied)
    assert sorted(item.name for item in occupied.iterdir()) == ["letter.txt"]


def test_a_build_that_fails_half_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence_desk.core import demo

    def failing_note(*_args: object, **_kwargs: object) -> None:
        raise ConflictError("the disk filled up")

    monkeypatch.setattr(demo, "add_note", failing_note)
    with pytest.raises(ConflictError, match="disk filled up"):
        build_demo_library(tmp_path / "new-folder")
    assert not (tmp_path / "new-folder").exists()
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    with pytest.raises(ConflictError, match="disk filled up"):
        build_demo_library(empty)
    assert empty.is_dir() and not any(empty.iterdir())


def test_default_place_is_beside_the_default_library(tmp_path: Path) -> None:
    # conftest points the default library at tmp_path / "default-library"
    assert default_demo_library_path() == tmp_path / "demo-library"


def test_cli_demo_refuses_to_overwrite(demo: Demo, capsys: pytest.CaptureFixture[str]) -> None:
    path, _summary, _library = demo
    code = main(["demo", str(path), "--json"])
    captured = capsys.readouterr()
    assert code != 0 and "already a library" in captured.err and captured.out == ""


@pytest.mark.slow
def test_cli_demo_builds_into_the_named_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["demo", str(tmp_path / "from-cli"), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    summary = json.loads(captured.out)
    assert summary["matters"] == 6 and Path(summary["path"]).name == "from-cli"
    assert Library.exists(tmp_path / "from-cli")
