"""The public brief: pseudonyms, coarse dates, suppressed counts, and the leak scan.

Clients' names occur inside the quoted evidence on purpose (see ``memo_data``): the brief
must pseudonymise them or refuse to write, and no client identifier may ever reach the file.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest

from evidence_desk.cli import main
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter, all_clients, list_matters
from evidence_desk.core.memo import IdentifierLeakError, MemoOptions, export_memo
from evidence_desk.core.memo.anonymise import (
    Pseudonymiser,
    client_identifiers,
    compact,
    date_spellings,
    scan_docx,
)
from evidence_desk.core.memo.docx_parts import Footnotes
from evidence_desk.core.officers import add_officer

from .memo_data import Cite, Scenario, add_allegation, build_scenario

HEX_DIGEST = re.compile(r"\b[0-9a-f]{64}\b")


@pytest.fixture
def scenario(library: Library) -> Scenario:
    return build_scenario(library)


def all_part_text(path: Path) -> str:
    """Every XML part's text content (tags stripped), run after run, one part per line."""
    with zipfile.ZipFile(path) as archive:
        texts = []
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                xml = archive.read(name).decode("utf-8")
                texts.append(re.sub(r"<[^>]+>", "", xml))
        return "\n".join(texts)


def every_identifier(library: Library) -> list[str]:
    values: list[str] = []
    for client in all_clients(library):
        values += [client.name, *(item.value for item in client.identifiers)]
        if client.date_of_birth:
            values += date_spellings(client.date_of_birth)
    for summary in list_matters(library):
        values += [summary.matter.file_number, summary.matter.caption]
        if summary.matter.docket:
            values.append(summary.matter.docket)
    return values


def assert_no_identifier(library: Library, path: Path) -> None:
    """An independent check (not the scanner's code path): spacing-blind substring search."""
    text = compact(all_part_text(path))
    for value in every_identifier(library):
        assert compact(value) not in text, value


def test_brief_has_no_client_identifier(scenario: Scenario, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    result = export_memo(scenario.library, MemoOptions(kind="public"), out)
    assert result.kind == "public" and result.exhibits == 0 and result.footnotes == 11
    assert_no_identifier(scenario.library, out)
    text = all_part_text(out)
    # No Bates labels, hashes, file names, exhibit letters or day-precise dates.
    assert "NYPD" not in text and "KCDA" not in text
    assert not HEX_DIGEST.search(text)
    assert ".pdf" not in text and "Ex. A" not in text
    assert "12 March 2021" not in text and "5 January 2022" not in text
    # Officers are numbered, not named, and their numbers leave the quotes too.
    for word in ("Smith", "Jones", "UC 214", "1234"):
        assert word not in text, word


def test_quotes_are_pseudonymised_with_stable_letters(scenario: Scenario, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    export_memo(scenario.library, MemoOptions(kind="public"), out)
    text = all_part_text(out)
    # Client A is the first client (Rivera), B Okafor, C Lindqvist: by client id.
    assert "“UC [number withheld] states he met the defendant (a.k.a. Client A)”" in text
    assert "“Client A, DOB [withheld]”" in text
    assert "“Client B told the UC she did not drink”" in text
    assert "Client C said the same of Client A's case" in text
    assert "“[name withheld] said he took his pants off first”" in text
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any(p.startswith("Client A, March 2021. Exposure; Groping.") for p in paragraphs)
    assert any(p.startswith("Client B, June 2021.") for p in paragraphs)
    # The same client keeps the same letter in a brief about somebody else.
    other = tmp_path / "brown.docx"
    export_memo(
        scenario.library,
        MemoOptions(kind="public", officers=(scenario.officers["brown"].id,)),
        other,
    )
    paragraphs = [p.text for p in docx.Document(str(other)).paragraphs]
    assert any(p.startswith("Client D, 2022. Taser") for p in paragraphs)
    assert_no_identifier(scenario.library, other)


def test_counts_below_threshold_are_suppressed(scenario: Scenario, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    export_memo(scenario.library, MemoOptions(kind="public", suppress_below=4), out)
    document = docx.Document(str(out))
    summary = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert summary[1][:3] == ["Officer 1, Vice Enforcement", "fewer than 4", "4"]
    assert summary[2][:3] == ["Officer 2, Vice Enforcement", "fewer than 4", "fewer than 4"]
    assert summary[1][4] == "March 2021 – January 2022"
    conduct = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert conduct[0] == ["Conduct", "Officer 1", "Officer 2"]
    assert ["Exposure", "fewer than 4", "fewer than 4"] in conduct


def test_officer_names_are_optional(scenario: Scenario, tmp_path: Path) -> None:
    out = tmp_path / "named.docx"
    export_memo(scenario.library, MemoOptions(kind="public", name_officers=True), out)
    headings = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 2"]
    assert headings == [
        "Det. Paul Jones, Vice Enforcement",
        "P.O. John Smith (Undercover no. 214, Shield/badge no. 1234), Vice Enforcement",
    ]
    assert_no_identifier(scenario.library, out)


def test_officer_sharing_a_client_name_is_refused(scenario: Scenario, tmp_path: Path) -> None:
    """A named officer whose name is also a client's cannot be told apart: refuse."""
    library = scenario.library
    namesake = add_officer(library, "Sofia Lindqvist", command="Vice Enforcement")
    add_allegation(library, scenario.matters["rivera"].id, [(namesake.id, "accused")],
                   "2021-04-01", ["UC.ALCOHOL"], "Supplied alcohol.")  # fmt: skip
    add_allegation(library, scenario.matters["okafor"].id, [(namesake.id, "accused")],
                   "2021-05-01", ["UC.ALCOHOL"], "Supplied alcohol.")  # fmt: skip
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "brief.docx"
    with pytest.raises(IdentifierLeakError) as caught:
        export_memo(library, MemoOptions(kind="public", name_officers=True), out)
    assert caught.value.identifier_kind == "name"
    assert caught.value.identifier == "Sofia Lindqvist"
    assert caught.value.part == "word/document.xml"
    assert "'Sofia Lindqvist'" in str(caught.value) and "word/document.xml" in str(caught.value)
    assert not out.exists() and list(folder.iterdir()) == []
    # Numbered instead of named, the same brief is safe.
    export_memo(library, MemoOptions(kind="public"), out)
    assert_no_identifier(library, out)


def test_template_header_with_docket_is_refused(scenario: Scenario, tmp_path: Path) -> None:
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Re: docket cr 001234 24"
    folder = tmp_path / "exports"
    folder.mkdir()
    template_path = folder / "office.docx"
    template.save(str(template_path))
    out = folder / "brief.docx"
    out.write_bytes(b"earlier brief")
    with pytest.raises(IdentifierLeakError) as caught:
        export_memo(scenario.library, MemoOptions(kind="public", template=template_path), out)
    assert caught.value.identifier_kind == "docket"
    assert caught.value.identifier == "CR-001234-24"
    assert re.fullmatch(r"word/header\d*\.xml", caught.value.part)
    assert out.read_bytes() == b"earlier brief"
    assert sorted(path.name for path in folder.iterdir()) == ["brief.docx", "office.docx"]


def test_title_with_client_name_is_refused(scenario: Scenario, tmp_path: Path) -> None:
    with pytest.raises(IdentifierLeakError) as caught:
        export_memo(
            scenario.library,
            MemoOptions(kind="public", title="The case of MARIA  RIVERA"),
            tmp_path / "brief.docx",
        )
    assert caught.value.part in ("docProps/core.xml", "word/document.xml")


def scan_identifiers(library: Library):  # type: ignore[no-untyped-def]
    return client_identifiers(all_clients(library), [s.matter for s in list_matters(library)])


@pytest.mark.parametrize(
    ("where", "text", "kind"),
    [
        ("word/footnotes.xml", "See the statement of mari cruz.", "aka"),
        ("word/document.xml", "Born APRIL  2 , 1990 in Queens.", "date_of_birth"),
        ("word/document.xml", "born 4/2/90", "date_of_birth"),
        ("word/comments.xml", "Check NYSID 12345678K", "nysid"),
        ("docProps/core.xml", "Grace Okafor", "name"),
        ("word/document.xml", "File 2024-003 closed", "file_number"),
    ],
)
def test_scanner_reads_every_part(
    scenario: Scenario, tmp_path: Path, where: str, text: str, kind: str
) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Nothing to see here.")
    if where == "word/footnotes.xml":
        notes = Footnotes(document)
        notes.add(paragraph, [(text, False)])
        notes.finish()
    elif where == "word/comments.xml":
        document.add_comment(paragraph.runs[0], text=text, author="Reviewer")
    elif where == "docProps/core.xml":
        document.core_properties.author = text
    else:
        # Split across runs the way Word often stores text.
        split = document.add_paragraph()
        for start in range(0, len(text), 3):
            split.add_run(text[start : start + 3])
    path = tmp_path / "probe.docx"
    document.save(str(path))
    with pytest.raises(IdentifierLeakError) as caught:
        scan_docx(path, scan_identifiers(scenario.library))
    assert (caught.value.part, caught.value.identifier_kind) == (where, kind)


def test_scanner_respects_word_edges(library: Library, tmp_path: Path) -> None:
    add_matter(
        library,
        MatterInput("2024-010", "People v. Al", "Al", client_date_of_birth=date(1980, 1, 2)),
    )
    document = docx.Document()
    document.add_paragraph("Also, the sergeant called it a total failure on 1/2/1981.")
    path = tmp_path / "clean.docx"
    document.save(str(path))
    scan_docx(path, scan_identifiers(library))  # no exception: "Al" is not inside "Also"


def test_pseudonymiser_replaces_names_in_any_spacing(scenario: Scenario) -> None:
    library = scenario.library
    pseudonyms = Pseudonymiser(all_clients(library), [s.matter for s in list_matters(library)])
    assert pseudonyms.clean("MARIA   RIVERA met maria-rivera and MariaRivera") == (
        "Client A met Client A and Client A"
    )
    assert pseudonyms.clean("Docket CR 001234 24, born 2 April 1990") == (
        "Docket [withheld], born [withheld]"
    )
    assert pseudonyms.clean("Ms. Okafor said so") == "Ms. [name withheld] said so"


def test_public_brief_command(
    scenario: Scenario, library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_allegation(
        scenario.library,
        scenario.matters["baptiste"].id,
        [(scenario.officers["smith"].id, "accused")],
        "2022-03-03",
        ["UC.EXPOSURE"],
        "Nadia Baptiste says the UC exposed himself.",
        [Cite("Nadia B. and Nadia Baptiste", document_id=scenario.documents["lindqvist_arrest"],
              page_start=1)],
    )  # fmt: skip
    scenario.library.close()
    out = tmp_path / "public.docx"
    code = main(
        ["--library", str(library_path), "export", "memo", "--kind", "public", "--out", str(out),
         "--suppress-below", "3"]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Wrote public brief" in captured.out
    library = Library.open(library_path, readonly=True)
    try:
        assert_no_identifier(library, out)
    finally:
        library.close()
    title = "Brief on Nadia Baptiste"
    code = main(
        ["--library", str(library_path), "export", "memo", "--kind", "public", "--out",
         str(tmp_path / "bad.docx"), "--title", title]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code != 0 and "Nadia Baptiste" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "bad.docx").exists()
