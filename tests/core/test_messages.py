"""Messages name things the way people know them (title, rank and name, file number),
never by the program's internal numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evidence_desk.cli import main
from evidence_desk.core import allegations, documents, matters, notes, officers
from evidence_desk.core.errors import EvidenceDeskError
from evidence_desk.core.library import Library
from evidence_desk.core.officers import IdentifierInput
from tests.core.evidence_builders import ARREST_REPORT_PAGES, add_document, add_matter

pytestmark = pytest.mark.databases

INTERNAL_NUMBER = re.compile(
    r"\b(document|note|officer|allegation|matter|merge|tag|citation)s? \d", re.IGNORECASE
)


def message_of(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(EvidenceDeskError) as raised:
        call()
    text = str(raised.value)
    assert not INTERNAL_NUMBER.search(text), text
    return text


def test_refusals_name_the_document_note_officer_and_matter(library: Library) -> None:
    matter = add_matter(library, "2024-017", "Ana Rivera")
    document = add_document(library, matter.id, "Arrest Report", list(ARREST_REPORT_PAGES))
    note = notes.add_note(library, matter.id, "Intake interview", "He called her twice.")
    smith = officers.add_officer(
        library, "John Smith", rank="P.O.", identifiers=[IdentifierInput("shield", "4521")]
    )
    smyth = officers.add_officer(library, "Jon Smyth")
    allegations.add_allegation(
        library,
        allegations.AllegationInput(
            matter_id=matter.id,
            officers=(allegations.OfficerLink(smith.id),),
            date="2021-03",
            conduct=("UC.EXPOSURE",),
            summary="UC exposed himself before the arrest",
            citations=(
                allegations.CitationInput(document.id, 2, 2, quote="pre-arranged signal"),
                allegations.CitationInput(note_id=note.id, quote="called her twice"),
            ),
        ),
    )
    cited = message_of(lambda: documents.delete_document(library, document.id))
    assert "“Arrest Report” is cited by 1 allegation" in cited
    assert "“UC exposed himself before the arrest”" in cited
    assert "the note “Intake interview” is cited" in message_of(
        lambda: notes.delete_note(library, note.id)
    )
    assert "“Arrest Report” has no page 9 (it has 3 pages)" in message_of(
        lambda: documents.get_page(library, document.id, 9)
    )
    assert "P.O. John Smith (shield 4521) is named in the allegation" in message_of(
        lambda: officers.delete_officer(library, smith.id)
    )
    officers.merge_officers(library, smith.id, smyth.id)
    assert "Jon Smyth was merged into P.O. John Smith (shield 4521)" in message_of(
        lambda: officers.add_alias(library, smyth.id, "J.S.")
    )
    taken = message_of(
        lambda: matters.add_matter(library, matters.MatterInput("2024-017", "People v. X", "X"))
    )
    assert taken == "file number 2024-017 is already used by People v. Rivera"
    [merge] = officers.list_merges(library)
    assert (merge.merged, merge.survivor) == ("Jon Smyth", "P.O. John Smith (shield 4521)")


def test_the_command_line_confirms_by_name(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    matter = add_matter(library, "2024-017", "Ana Rivera")
    add_document(library, matter.id, "Arrest Report", list(ARREST_REPORT_PAGES))
    smith = officers.add_officer(
        library, "John Smith", rank="P.O.", identifiers=[IdentifierInput("shield", "4521")]
    )
    smyth = officers.add_officer(library, "Jon Smyth")
    path = library.path
    library.close()

    def run(*args: str) -> str:
        assert main(["--library", str(path), *args]) == 0
        return capsys.readouterr().out

    merged = run("officer", "merge", str(smith.id), str(smyth.id))
    assert merged.startswith("Merged Jon Smyth into P.O. John Smith (shield 4521)")
    assert "Undid the merge: Jon Smyth is separate again from P.O. John Smith" in run(
        "officer", "unmerge", str(smyth.id)
    )
    assert run("note", "add", "2024-017", "--title", "Intake", "--body", "x").startswith(
        "Added the note “Intake”"
    )
    found = run("search", "signal")
    assert "2024-017  Arrest Report, p. 2" in found
    assert run("tag", "add", "Hot").strip() == "Created the tag 'Hot' (#808080)"
