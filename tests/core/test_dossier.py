"""The officer dossier: public records, privileged allegations with citations, co-accused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from evidence_desk.core import allegations, officers, public_records, roster
from evidence_desk.core.allegations import AllegationInput, OfficerLink
from evidence_desk.core.citations import CitationInput
from evidence_desk.core.dossier import PRIVILEGE_LEGEND, build_dossier, export_dossier
from evidence_desk.core.errors import ConflictError, ValidationError
from evidence_desk.core.library import Library

from .evidence_builders import add_document, add_matter
from .public_data_files import PROPUBLICA_HEADERS, propublica_row, write_csv

pytestmark = pytest.mark.databases


@pytest.fixture
def sears(library: Library, tmp_path: Path) -> dict[str, int]:
    """John Sears with public complaints (one shared with Ruiz) and an office allegation
    (shared with Kell), cited to a page of an arrest report."""
    export = write_csv(
        tmp_path / "allegations.csv",
        PROPUBLICA_HEADERS,
        [
            propublica_row(
                "10007",
                "John",
                "Sears",
                "5952",
                "24601",
                fado="Discourtesy",
                allegation="Word",
                year="2011",
                month="11",
            ),
            propublica_row(
                "10004",
                "Jonathan",
                "Ruiz",
                "8409",
                "24601",
                fado="Force",
                allegation="Physical force",
                year="2011",
                month="11",
                disposition="Exonerated",
            ),
            propublica_row(
                "10007",
                "John",
                "Sears",
                "5952",
                "26146",
                fado="Abuse of Authority",
                allegation="Question",
                year="2012",
                disposition="Unsubstantiated",
            ),
        ],
    )
    roster.import_roster(library, export)
    public_records.import_records(library, export)
    ids = {record.name: record.id for record in officers.list_officers(library)}
    kell = officers.add_officer(library, "Thomas Kell", rank="Det.")
    matter_id = add_matter(library, "2024-017", "Jane Doe").id
    report = add_document(
        library,
        matter_id,
        "Arrest Report",
        ["The officer searched her.", "PO Sears said it."],
        first_bates=125,
    )
    allegations.add_allegation(
        library,
        AllegationInput(
            matter_id=matter_id,
            officers=(OfficerLink(ids["John Sears"]), OfficerLink(kell.id, "present")),
            date="2021-03-12",
            conduct=("ABUSE.FRISK_SEARCH",),
            summary="Searched the client without cause during a vehicle stop.",
            citations=(CitationInput(report.id, 2, 2, quote="PO Sears said it"),),
        ),
    )
    return {"sears": ids["John Sears"], "ruiz": ids["Jonathan Ruiz"], "kell": kell.id}


def _text(path: Path) -> str:
    """Every word in the file: body, headers, footnotes."""
    with zipfile.ZipFile(path) as archive:
        return " ".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        )


def test_the_dossier_holds_everything_known(library: Library, sears: dict[str, int]) -> None:
    dossier = build_dossier(library, sears["sears"])
    assert dossier.privileged
    assert [record.case_number for record in dossier.public_records] == ["26146", "24601"]
    assert [matter.file_number for matter in dossier.matters] == ["2024-017"]
    assert dossier.allegation_count == 1
    co = {item.officer_id: (item.allegations, item.public_cases) for item in dossier.co_accused}
    assert co == {sears["kell"]: (1, 0), sears["ruiz"]: (0, 1)}
    assert [listing.source for listing in dossier.listings] == [
        "ProPublica: civilian complaints against NYPD officers"
    ]


def test_the_word_dossier_is_marked_privileged_and_cites_its_evidence(
    library: Library, sears: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "sears.docx"
    result = export_dossier(library, sears["sears"], out)
    assert (result.privileged, result.allegations, result.public_records, result.co_accused) == (
        True,
        1,
        2,
        2,
    )
    document = docx.Document(str(out))
    assert document.sections[0].header.paragraphs[0].text == PRIVILEGE_LEGEND
    text = _text(out)
    for expected in (
        "Officer dossier: Police Officer John Sears",
        "CCRB officer id",
        "10007",
        "Discourtesy: Word",
        "Unsubstantiated",
        "ProPublica: civilian complaints against NYPD officers",
        "2024-017",
        "Searched the client without cause",
        "Arrest Report, p. 2",
        "PO Sears said it",
        "Thomas Kell",
        "Jonathan Ruiz",
        "CPL 245.20(1)(k)",
    ):
        assert expected in text, expected
    with zipfile.ZipFile(out) as archive:
        footnotes = archive.read("word/footnotes.xml").decode("utf-8")
    assert "PO Sears said it" in footnotes  # a real Word footnote


def test_a_public_only_dossier_holds_no_privileged_work(
    library: Library, sears: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "public.docx"
    result = export_dossier(library, sears["sears"], out, include_privileged=False)
    assert (result.privileged, result.allegations, result.co_accused) == (False, 0, 1)
    text = _text(out)
    assert PRIVILEGE_LEGEND not in text and "Compiled from public records" in text
    for privileged in (
        "2024-017",
        "People v. Doe",
        "Searched the client",
        "Thomas Kell",
        "Arrest Report",
    ):
        assert privileged not in text, privileged
    assert "Discourtesy: Word" in text


def test_an_officer_known_only_from_public_records_is_not_marked_privileged(
    library: Library, sears: dict[str, int], tmp_path: Path
) -> None:
    result = export_dossier(library, sears["ruiz"], tmp_path / "ruiz.docx")
    assert not result.privileged
    assert "Compiled from public records" in _text(tmp_path / "ruiz.docx")


def test_an_existing_file_is_refused_unless_overwrite(
    library: Library, sears: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "sears.docx"
    out.write_bytes(b"an earlier dossier")
    with pytest.raises(ConflictError, match="already exists"):
        export_dossier(library, sears["sears"], out)
    assert out.read_bytes() == b"an earlier dossier"
    export_dossier(library, sears["sears"], out, overwrite=True)
    assert docx.Document(str(out)).paragraphs
    with pytest.raises(ValidationError, match=r"\.docx"):
        export_dossier(library, sears["sears"], tmp_path / "sears.pdf")
