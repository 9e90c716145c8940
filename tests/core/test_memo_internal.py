"""The internal memo: real footnotes, right counts, exhibit hashes that match the files."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from evidence_desk.cli import main
from evidence_desk.core.allegations import get_allegation
from evidence_desk.core.errors import NotFoundError, ValidationError
from evidence_desk.core.library import Library
from evidence_desk.core.memo import MemoOptions, export_memo
from evidence_desk.core.memo.content import load_allegations
from evidence_desk.core.patterns import PatternFilter

from .docx_reading import (
    NS,
    SINGULAR_PLURALS,
    W,
    footnote_texts,
    paragraph_notes,
    part_texts,
    text_before_references,
    xml_part,
)
from .memo_data import Scenario, add_allegation, build_scenario

pytestmark = pytest.mark.databases


@pytest.fixture
def scenario(library: Library) -> Scenario:
    return build_scenario(library)


def table_rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[cell.text for cell in row.cells] for row in table.rows]


def exhibit_rows(path: Path) -> list[list[str]]:
    """The exhibit index as (letter, title, matter, Bates range, SHA-256) rows: each exhibit
    is a row of four cells and a full-width row holding its digest."""
    rows = table_rows(docx.Document(str(path)).tables[-1])
    assert rows[0] == ["Exhibit", "Document", "Matter", "Bates range"]
    result = []
    for first, second in zip(rows[1::2], rows[2::2], strict=True):
        assert len(set(second)) == 1 and second[0].startswith("SHA-256 ")  # one merged cell
        result.append([*first, second[0].removeprefix("SHA-256 ")])
    return result


def export(scenario: Scenario, tmp_path: Path, **options) -> tuple[Path, object]:  # type: ignore[no-untyped-def]
    out = tmp_path / "internal.docx"
    result = export_memo(
        scenario.library,
        MemoOptions(kind="internal", matter_id=scenario.matters["rivera"].id, **options),
        out,
    )
    return out, result


def test_footnotes_are_real_word_footnotes(scenario: Scenario, tmp_path: Path) -> None:
    out, result = export(scenario, tmp_path)
    with zipfile.ZipFile(out) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
        styles = archive.read("word/styles.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    assert 'PartName="/word/footnotes.xml"' in types
    assert "wordprocessingml.footnotes+xml" in types
    assert "relationships/footnotes" in rels and 'Target="footnotes.xml"' in rels
    assert 'w:styleId="FootnoteReference"' in styles and 'w:styleId="FootnoteText"' in styles
    assert "<w:footnotePr>" in settings
    notes_root = xml_part(out, "word/footnotes.xml")
    kinds = [note.get(f"{W}type") for note in notes_root.findall("w:footnote", NS)]
    assert kinds[:2] == ["separator", "continuationSeparator"]
    body = xml_part(out, "word/document.xml")
    references = list(body.iter(f"{W}footnoteReference"))
    texts = footnote_texts(out)
    assert len(references) == result.footnotes == len(texts) == 11
    for reference in references:
        run = reference.getparent()
        assert run.find("w:rPr/w:rStyle", NS).get(f"{W}val") == "FootnoteReference"
        assert reference.get(f"{W}id") in texts
    for note in notes_root.findall("w:footnote", NS):
        if note.get(f"{W}type") is None:
            assert note.find(".//w:footnoteRef", NS) is not None


def test_footnotes_cite_the_right_pages_and_bates(scenario: Scenario, tmp_path: Path) -> None:
    out, _ = export(scenario, tmp_path)
    texts = footnote_texts(out)
    exhibits = {row[1]: row[0] for row in exhibit_rows(out)}
    paragraphs = paragraph_notes(out)
    contact = next(ids for text, ids in paragraphs if "called the client twice" in text)
    assert len(contact) == 1
    assert texts[contact[0]].strip() == (
        f"Ex. {exhibits['DD5 Follow-up']}, DD5 Follow-up, p. 2 (NYPD 000105): “Follow-up 2.”"
    )
    exposure = next(ids for text, ids in paragraphs if "grabbed the client" in text)
    cited = [texts[note_id] for note_id in exposure]
    assert "Arrest Report, p. 2 (NYPD 000102): “UC 214 states he met" in cited[0]
    assert "Arrest Report, pp. 1-2 (NYPD 000101-000102): “Maria Rivera, DOB" in cited[1]
    assert "Defense note “Client interview”" in cited[2] and "pants off first" in cited[2]
    # A note is dated by the events it records, not by the day it was typed in.
    assert "(events of 12 March 2021)" in cited[2] and "written" not in cited[2]
    lindqvist = next(ids for text, ids in paragraphs if "Lindqvist" in text and ids)
    assert "Arrest Report, pp. 2-3 (KCDA-000002-000003)" in texts[lindqvist[0]]


def test_document_structure_and_counts(scenario: Scenario, tmp_path: Path) -> None:
    out, result = export(scenario, tmp_path)
    assert (result.officers, result.allegations, result.exhibits) == (2, 5, 4)
    document = docx.Document(str(out))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    texts = [text for _, text in paragraphs]
    assert "People v. Maria Rivera" in texts
    assert any("Docket No. CR-001234-24" in text for text in texts)
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert ("Heading 1", "Summary") in headings
    assert ("Heading 1", "Exhibit index") in headings
    assert ("Heading 2", "Det. Paul Jones · Vice Enforcement") in headings
    assert ("Heading 2", "P.O. John Smith · UC 214, shield 1234 · Vice Enforcement") in headings
    summary = table_rows(document.tables[0])
    assert summary[0] == ["Officer", "Matters", "Allegations", "Conduct types", "Date range"]
    assert summary[1][:3] == ["Det. Paul Jones · Vice Enforcement", "3", "4"]
    assert summary[2][1:3] == ["3", "3"]
    assert summary[2][3] == "Exposure; Groping; Supplying alcohol"
    assert summary[2][4] == "12 March 2021 – 5 January 2022"
    # Allegations under each officer are in date order.
    start = texts.index("P.O. John Smith · UC 214, shield 1234 · Vice Enforcement")
    assert (
        texts[start + 1]
        == "3 allegations in 3 matters (3 clients), 12 March 2021 – 5 January 2022."
    )
    smith_lines = [text for text in texts[start + 2 : start + 5]]
    assert [line.split(" · ")[0] for line in smith_lines] == [
        "12 March 2021",
        "June 2021",
        "5 January 2022",
    ]
    conduct = table_rows(document.tables[1])
    assert conduct[0] == ["Conduct", "Det. Paul Jones", "P.O. John Smith"]
    assert ["Exposure", "2", "2"] in conduct and ["Supplying alcohol", "1", "1"] in conduct
    assert conduct[-1][2] == "–"


def test_exhibit_index_hashes_match_the_files(scenario: Scenario, tmp_path: Path) -> None:
    out, _ = export(scenario, tmp_path)
    rows = exhibit_rows(out)
    assert [row[0] for row in rows] == ["A", "B", "C", "D"]
    library = scenario.library
    from sqlalchemy import select

    from evidence_desk.core.model import Document

    with library.read() as session:
        stored = {
            f"{row.title}|{row.matter_id}": (
                row.stored_path,
                row.sha256,
                row.bates_start,
                row.bates_end,
            )
            for row in session.execute(select(Document)).scalars()
        }
    by_file_number = {matter.file_number: matter.id for matter in scenario.matters.values()}
    for letter, title, file_number, bates, digest in rows:
        stored_path, sha256, bates_start, bates_end = stored[
            f"{title}|{by_file_number[file_number]}"
        ]
        data = (library.path / stored_path).read_bytes()
        assert digest == hashlib.sha256(data).hexdigest() == sha256, letter
        # No-break spaces keep each label whole; only the range's dash may break.
        assert bates.replace("\u00a0", " ") == f"{bates_start} – {bates_end}"


def test_officer_choice_filters_and_template(scenario: Scenario, tmp_path: Path) -> None:
    smith = scenario.officers["smith"].id
    out = tmp_path / "smith.docx"
    result = export_memo(
        scenario.library,
        MemoOptions(
            kind="internal",
            officers=(smith,),
            criteria=PatternFilter(conduct=("UC.EXPOSURE",)),
            title="Motion to compel: P.O. Smith",
        ),
        out,
    )
    assert (result.officers, result.allegations, result.footnotes) == (1, 2, 4)
    assert docx.Document(str(out)).core_properties.title == "Motion to compel: P.O. Smith"
    # A month-precision allegation is dated to the month, not to its last possible day.
    alcohol = tmp_path / "alcohol.docx"
    export_memo(
        scenario.library,
        MemoOptions(
            kind="internal", officers=(smith,), criteria=PatternFilter(conduct=("UC.ALCOHOL",))
        ),
        alcohol,
    )
    assert table_rows(docx.Document(str(alcohol)).tables[0])[1][4] == "June 2021"
    # An office template: its header (letterhead) stays, its body and footnotes go.
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "LEGAL AID DEFENDERS · 1 Court Square"
    template.add_paragraph("Template body text that must not survive")
    template_path = tmp_path / "office.docx"
    template.save(str(template_path))
    first = tmp_path / "first.docx"
    export_memo(scenario.library, MemoOptions(kind="internal", template=template_path), first)
    # Use a memo that already has footnotes as the template for the next one.
    second = tmp_path / "second.docx"
    result = export_memo(scenario.library, MemoOptions(kind="internal", template=first), second)
    document = docx.Document(str(second))
    assert document.sections[0].header.paragraphs[0].text.startswith("LEGAL AID DEFENDERS")
    assert not any("must not survive" in p.text for p in document.paragraphs)
    assert len(footnote_texts(second)) == result.footnotes == 11
    body_ids = {
        ref.get(f"{W}id") for ref in xml_part(second, "word/document.xml").iter(
            f"{W}footnoteReference")
    }  # fmt: skip
    assert body_ids == set(footnote_texts(second))


def test_failures_write_nothing(scenario: Scenario, tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    out.write_bytes(b"earlier file")
    with pytest.raises(ValidationError, match="no officer is named in at least 5"):
        export_memo(
            scenario.library,
            MemoOptions(kind="internal", criteria=PatternFilter(min_matters=5)),
            out,
            overwrite=True,  # a failed export leaves even a file it may replace untouched
        )
    with pytest.raises(ValidationError, match="no allegations"):
        export_memo(
            scenario.library,
            MemoOptions(
                kind="internal",
                officers=(scenario.officers["brown"].id,),
                criteria=PatternFilter(conduct=("UC",)),
            ),
            out,
            overwrite=True,
        )
    with pytest.raises(NotFoundError):
        export_memo(
            scenario.library, MemoOptions(kind="internal", officers=(9999,)), out, overwrite=True
        )
    with pytest.raises(ValidationError, match=r"\.docx"):
        export_memo(scenario.library, MemoOptions(kind="internal"), tmp_path / "memo.pdf")
    with pytest.raises(ValidationError, match="does not exist"):
        export_memo(scenario.library, MemoOptions(kind="internal"), tmp_path / "no" / "m.docx")
    assert out.read_bytes() == b"earlier file"
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


def test_progress_is_reported(scenario: Scenario, tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    export_memo(
        scenario.library,
        MemoOptions(kind="internal"),
        tmp_path / "m.docx",
        progress=lambda done, total, message: calls.append((done, total, message)),
    )
    assert calls[0][2] == "Reading allegations"
    # Jones's four allegations and Smith's three, then the tables.
    assert calls[1] == (0, 7, "Writing allegations against Paul Jones")
    assert calls[-1] == (7, 7, "Writing tables and exhibit index")


def test_export_memo_command(
    scenario: Scenario, library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario.library.close()
    out = tmp_path / "cli.docx"
    code = main(
        ["--library", str(library_path), "export", "memo", "--kind", "internal", "--out",
         str(out), "--matter", "2024-001", "--json"]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result = json.loads(captured.out)
    assert result["footnotes"] == 11 and result["exhibits"] == 4 and out.is_file()
    code = main(
        ["--library", str(library_path), "export", "memo", "--kind", "internal", "--out",
         str(tmp_path / "x.docx"), "--officer", str(scenario.officers["smith"].id),
         "--conduct", "UC.ALCOHOL"]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0 and "1 officer" in captured.out
    code = main(
        ["--library", str(library_path), "export", "memo", "--kind", "internal", "--out",
         str(tmp_path / "y.docx"), "--min-matters", "9"]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code != 0 and len(captured.err.strip().splitlines()) == 1
    assert not (tmp_path / "y.docx").exists()


TABLE_PROPERTY_ORDER = [
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
]  # fmt: skip


def test_xml_keeps_the_schema_order_word_requires(scenario: Scenario, tmp_path: Path) -> None:
    out, _ = export(scenario, tmp_path)
    body = xml_part(out, "word/document.xml")
    for properties in body.iter(f"{W}tblPr"):
        names = [etree.QName(child).localname for child in properties]
        assert names == sorted(names, key=TABLE_PROPERTY_ORDER.index), names
    # The body ends in a paragraph, then the section properties.
    last = list(body.find("w:body", NS))
    assert [etree.QName(item).localname for item in last[-2:]] == ["p", "sectPr"]
    settings = [etree.QName(child).localname for child in xml_part(out, "word/settings.xml")]
    assert settings.index("footnotePr") < settings.index("compat")


def test_pages_are_numbered_and_carry_the_privilege_legend(
    scenario: Scenario, tmp_path: Path
) -> None:
    out, _ = export(scenario, tmp_path)
    section = docx.Document(str(out)).sections[0]
    assert (
        section.header.paragraphs[0].text == "PRIVILEGED AND CONFIDENTIAL · ATTORNEY WORK PRODUCT"
    )
    footer = xml_part(out, "word/footer1.xml")
    fields = [field.get(f"{W}instr").strip() for field in footer.iter(f"{W}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "".join(footer.itertext()) == "Page 1 of 1"
    public = tmp_path / "public.docx"
    export_memo(scenario.library, MemoOptions(kind="public"), public)
    public_section = docx.Document(str(public)).sections[0]
    assert public_section.header.paragraphs[0].text == ""  # no privilege legend to the press
    assert "Page" in public_section.footer.paragraphs[0].text


def test_counts_read_as_sentences(scenario: Scenario, tmp_path: Path) -> None:
    """One officer with one allegation in one matter: never "1 allegations"."""
    out = tmp_path / "brown.docx"
    result = export_memo(
        scenario.library,
        MemoOptions(kind="internal", officers=(scenario.officers["brown"].id,)),
        out,
    )
    assert (result.officers, result.allegations) == (1, 1)
    texts = part_texts(out)
    body = texts["word/document.xml"]
    assert "sets out 1 allegation against 1 officer, made in 1 matter of this office" in body
    assert "1 allegation in 1 matter (1 client), 2022." in body
    for part, text in texts.items():
        assert not SINGULAR_PLURALS.search(text), (part, SINGULAR_PLURALS.search(text))


def test_footnote_marks_follow_punctuation_and_parentheses_are_single(
    scenario: Scenario, tmp_path: Path
) -> None:
    out, result = export(scenario, tmp_path)
    before = text_before_references(out)
    assert len(before) == result.footnotes
    for text in before:
        assert text == "¹" or text.rstrip()[-1:] in (".", "?", "!", "”"), text
    for part, text in part_texts(out).items():
        assert "((" not in text and "))" not in text, part
    # The contact allegation: its notes come after the summary's full stop, the other
    # officer and the status are sentences of their own.
    contact = next(text for text, ids in paragraph_notes(out) if "called the client" in text)
    assert "after her release. Also named: Sgt. Alan Brown." not in contact  # a witness
    assert contact.endswith("called the client twice after her release.")


def test_exhibit_index_keeps_numbers_and_digests_whole(scenario: Scenario, tmp_path: Path) -> None:
    out, _ = export(scenario, tmp_path)
    body = xml_part(out, "word/document.xml")
    index = body.findall(".//w:tbl", NS)[-1]
    rows = index.findall("w:tr", NS)[1:]
    for first, second in zip(rows[::2], rows[1::2], strict=True):
        cells = first.findall("w:tc", NS)
        matter, bates = cells[2], cells[3]
        # File numbers use Word's no-break hyphen, never a plain hyphen that may wrap.
        assert matter.find(".//w:noBreakHyphen", NS) is not None
        assert all("-" not in (node.text or "") for node in matter.iter(f"{W}t"))
        bates_text = "".join(node.text or "" for node in bates.iter(f"{W}t"))
        assert " " not in bates_text.replace(" – ", ""), bates_text  # only the dash may break
        # The digest has the full width of the table, in one cell, one run.
        digest_cells = second.findall("w:tc", NS)
        assert len(digest_cells) == 1
        assert digest_cells[0].find("w:tcPr/w:gridSpan", NS).get(f"{W}val") == "4"
        words = [node.text for node in digest_cells[0].iter(f"{W}t")]
        assert len(words) == 1 and len(words[0].removeprefix("SHA-256 ")) == 64


def test_internal_memo_keeps_its_privilege_legend_and_names_every_client(
    scenario: Scenario, tmp_path: Path
) -> None:
    out, _ = export(scenario, tmp_path)
    texts = part_texts(out)
    headers = [text for part, text in texts.items() if part.startswith("word/header")]
    assert any("PRIVILEGED AND CONFIDENTIAL" in text for text in headers)
    assert "PRIVILEGED AND CONFIDENTIAL" in texts["word/document.xml"]
    for caption in ("People v. Maria Rivera", "People v. Okafor", "People v. Lindqvist"):
        assert caption in texts["word/document.xml"]


def test_a_memo_lists_an_allegations_conduct_as_its_record_does(scenario: Scenario) -> None:
    library = scenario.library
    allegation_id = add_allegation(
        library,
        scenario.matters["rivera"].id,
        [(scenario.officers["smith"].id, "accused")],
        "2021-04-01",
        ["UC.GROPING", "UC.EXPOSURE"],  # entered out of order
        "Two kinds of conduct",
    )
    with library.read() as session:
        loaded = load_allegations(session, [allegation_id])[allegation_id]
    record = get_allegation(library, allegation_id)
    assert loaded.conduct == record.conduct == ("UC.EXPOSURE", "UC.GROPING")


def test_a_quote_its_note_no_longer_has_stops_every_export(
    scenario: Scenario, tmp_path: Path
) -> None:
    """A library edited by an earlier version of the program may hold a note that lost the
    words an allegation quotes from it: memos, the CSV list and the dossier refuse to quote
    them as the note's, and write nothing."""
    from evidence_desk.core.dossier import export_dossier
    from evidence_desk.core.export_csv import export_allegations_csv
    from evidence_desk.core.model import Note
    from evidence_desk.core.notes import list_notes

    library = scenario.library
    out = tmp_path / "out"
    out.mkdir()
    (note,) = list_notes(library, scenario.matters["rivera"].id)
    with library.write() as session:  # as an earlier version let a person do
        session.get(Note, note.id).body = "Client described the hotel room."
    lost = (
        "quotes 'Maria said he took his pants off first' from the note “Client interview”, "
        "which does not have those words"
    )
    for kind in ("internal", "motion", "public"):
        with pytest.raises(ValidationError, match=lost):
            export_memo(
                library,
                MemoOptions(kind=kind, matter_id=scenario.matters["rivera"].id),
                out / f"{kind}.docx",
            )
    with pytest.raises(ValidationError, match=lost):
        export_allegations_csv(library, out / "allegations.csv")
    with pytest.raises(ValidationError, match=lost):
        export_dossier(library, scenario.officers["smith"].id, out / "dossier.docx")
    assert list(out.iterdir()) == []
    # ``verify`` says so before anyone tries to export.
    from evidence_desk.core.integrity import inspect_library

    problems = [item for item in inspect_library(library).problems if item.kind == "quote"]
    (problem,) = problems
    assert problem.message.startswith("the allegation “The UC exposed himself and grabbed")
    assert problem.message.endswith(
        ": the quote 'Maria said he took his pants off first' is not in the note “Client interview”"
    )
