"""Motion papers: three clients, one officer; only the defendant is named, and the papers
hold every part a New York motion has, in court typography, read back from the .docx."""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Inches, Pt

from evidence_desk.cli import main
from evidence_desk.core.allegations import AllegationInput, CitationInput, OfficerLink
from evidence_desk.core.allegations import add_allegation as record_allegation
from evidence_desk.core.authorities import edit_authority
from evidence_desk.core.errors import ValidationError
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter, get_matter_by_file_number
from evidence_desk.core.memo import MemoOptions, MemoResult, export_memo
from evidence_desk.core.memo import layout as layout_module
from evidence_desk.core.notes import add_note
from evidence_desk.core.office_settings import save_office_settings
from evidence_desk.core.officers import IdentifierInput, add_officer

from .docx_reading import (
    SINGULAR_PLURALS,
    W,
    footnote_texts,
    paragraph_notes,
    part_texts,
    text_before_references,
    xml_part,
)
from .memo_data import add_document

pytestmark = pytest.mark.databases

OFFICE = {
    "attorney": "Jordan Lee",
    "office": "Brooklyn Example Defenders",
    "address": "1 Court Street\nBrooklyn, NY 11201",
    "phone": "(718) 555-0100",
    "email": "jlee@example.org",
    "county": "Kings",
    "part": "AP-2",
    "court_address": "120 Schermerhorn Street, Brooklyn, New York",
    "city": "Brooklyn, New York",
    "district_attorney": "Hon. Example Prosecutor\nDistrict Attorney, Kings County\n350 Jay Street",
}


def compact(text: str) -> str:
    """Only the letters and digits, case-folded: the spacing-blind form of a text."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def date_spellings(value: date) -> list[str]:
    """A date as people write it: ISO, US numeric, with the month's name."""
    month = value.strftime("%B")
    return [
        value.isoformat(),
        f"{value.month:02d}/{value.day:02d}/{value.year}",
        f"{value.month}/{value.day}/{value.year}",
        f"{month} {value.day}, {value.year}",
        f"{value.day} {month} {value.year}",
        f"{value.day} {month[:3]} {value.year}",
    ]


# Identifiers of the two other clients: none may appear anywhere in the defendant's papers.
OTHER_CLIENTS = [
    "Grace Okafor",
    "Okafor",
    "23456789L",
    "CR-002345-24",
    "2024-002",
    "Sofia Lindqvist",
    "Lindqvist",
    "Sofie Lind",
    "IND-3456-2024",
    "2024-003",
    *date_spellings(date(1988, 11, 23)),
    *date_spellings(date(1995, 6, 15)),
]


@dataclass
class ThreeClients:
    library: Library
    officer_id: int
    documents: dict[str, int]


def three_clients(library: Library, *, court: str = "Criminal Court, Kings County") -> ThreeClients:
    """Three clients, each arrested by the same undercover, each with discovery and a note."""
    matters = {
        "rivera": add_matter(
            library,
            MatterInput(
                "2024-001",
                "People v. Maria Rivera",
                "Maria Rivera",
                client_other_names=("Mari Cruz",),
                client_date_of_birth=date(1990, 4, 2),
                client_identifiers=(("nysid", "12345678K"),),
                docket="CR-001234-24",
                court=court,
            ),
        ),
        "okafor": add_matter(
            library,
            MatterInput(
                "2024-002",
                "People v. Grace Okafor",
                "Grace Okafor",
                client_date_of_birth=date(1988, 11, 23),
                client_identifiers=(("nysid", "23456789L"),),
                docket="CR-002345-24",
            ),
        ),
        "lindqvist": add_matter(
            library,
            MatterInput(
                "2024-003",
                "People v. Sofia Lindqvist",
                "Sofia Lindqvist",
                client_other_names=("Sofie Lind",),
                client_date_of_birth=date(1995, 6, 15),
                docket="IND-3456-2024",
            ),
        ),
    }
    officer = add_officer(
        library,
        "Victor Sampleton",
        rank="Detective",
        identifiers=[IdentifierInput("uc", "214"), IdentifierInput("shield", "4471")],
    )
    documents = {
        "rivera": add_document(
            library,
            matters["rivera"],
            "001 Arrest Report",
            [
                "Arrest report. Defendant Maria Rivera, DOB 04/02/1990, arrested by UC 214.",
                "UC 214 states he remained with the defendant for 30 minutes at the hotel.",
            ],
            first_number=101,
        ),
        "okafor": add_document(
            library,
            matters["okafor"],
            "Complaint Report",
            [
                "Complainant GRACE OKAFOR states the UC bought drinks for Grace Okafor.",
                "UC 214 drove the complainant to the lot.",
            ],
            first_number=201,
        ),
        "lindqvist": add_document(
            library,
            matters["lindqvist"],
            "DD5 Lindqvist",
            ["Lindqvist, Sofia (Sofie Lind) DOB 06/15/1995 IND-3456-2024: UC 214 exposed himself."],
            first_number=301,
        ),
    }
    rivera_note = add_note(
        library, matters["rivera"].id, "Intake", "Client: he took his pants off first."
    )
    okafor_note = add_note(
        library, matters["okafor"].id, "Intake", "Grace: he groped her in the car."
    )
    link = (OfficerLink(officer.id, "accused"),)
    record_allegation(
        library,
        AllegationInput(
            matter_id=matters["rivera"].id,
            officers=link,
            date="2021-03-12",
            conduct=("UC.EXPOSURE",),
            summary="The UC exposed himself to the client before signalling the arrest.",
            narrative="Grace Okafor was arrested by the same UC a few months later.",
            location="Hotel Example, room 12",
            citations=(
                CitationInput(
                    document_id=documents["rivera"],
                    page_start=2,
                    quote="remained with the defendant for 30 minutes",
                ),
                CitationInput(note_id=rivera_note.id, quote="he took his pants off first"),
            ),
        ),
    )
    record_allegation(
        library,
        AllegationInput(
            matter_id=matters["okafor"].id,
            officers=link,
            date="2021-06-05",
            conduct=("UC.ALCOHOL",),
            summary="The UC bought the client drinks; Grace Okafor refused them.",
            citations=(
                CitationInput(
                    document_id=documents["okafor"],
                    page_start=1,
                    quote="Complainant GRACE OKAFOR states the UC bought drinks for Grace Okafor",
                ),
                CitationInput(note_id=okafor_note.id, quote="he groped her in the car"),
            ),
        ),
    )
    record_allegation(
        library,
        AllegationInput(
            matter_id=matters["lindqvist"].id,
            officers=link,
            date="2022-01",
            conduct=("UC.EXPOSURE",),
            summary="Exposure in the undercover car.",
            citations=(
                CitationInput(
                    document_id=documents["lindqvist"],
                    page_start=1,
                    quote="Lindqvist, Sofia (Sofie Lind) DOB 06/15/1995 IND-3456-2024: UC 214 "
                    "exposed himself",
                ),
            ),
        ),
    )
    return ThreeClients(library, officer.id, documents)


@pytest.fixture
def clients(library: Library) -> ThreeClients:
    return three_clients(library)


def motion(
    library: Library, tmp_path: Path, name: str = "motion.docx", overwrite: bool = False, **options
) -> tuple[Path, MemoResult]:  # type: ignore[no-untyped-def]
    out = tmp_path / name
    options.setdefault("dated", date(2027, 3, 9))
    rivera = get_matter_by_file_number(library, "2024-001").id
    result = export_memo(
        library, MemoOptions(kind="motion", matter_id=rivera, **options), out, overwrite=overwrite
    )
    return out, result


def everything(path: Path) -> str:
    return "\n".join(part_texts(path).values())


def test_motion_papers_are_written_whatever_the_time_of_day(
    clients: ThreeClients, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written at 00:23:45, the file's own timestamp holds the digits of another client's
    docket (CR-002345-24): a moment, not that client's number."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def]
            return datetime(2027, 3, 9, 0, 23, 45, tzinfo=tz)

    monkeypatch.setattr(layout_module, "datetime", Clock)
    out, _ = motion(clients.library, tmp_path)
    with zipfile.ZipFile(out) as archive:
        assert "2027-03-09T00:23:45Z" in archive.read("docProps/core.xml").decode()


def test_the_motion_names_its_client_and_no_other(clients: ThreeClients, tmp_path: Path) -> None:
    save_office_settings(clients.library, OFFICE)
    out, result = motion(clients.library, tmp_path)
    assert (result.officers, result.allegations, result.exhibits) == (1, 3, 3)
    texts = part_texts(out)
    assert set(texts) >= {"word/document.xml", "word/footnotes.xml", "docProps/core.xml"}
    text = "\n".join(texts.values())
    assert "MARIA RIVERA," in text and "Maria Rivera" in text
    spacing_blind = compact(text)
    for value in OTHER_CLIENTS:
        assert compact(value) not in spacing_blind, value
    # Other clients are pseudonymised in order of mention, dated to the month only.
    body = texts["word/document.xml"]
    assert "Client A, in an unrelated matter, in June 2021: The UC bought Client A drinks" in body
    assert "5 June 2021" not in text
    assert "Client B, in an unrelated matter, in January 2022: Exposure" in body
    # Police paperwork is quoted with the other client's name replaced…
    assert "“Complainant Client A states the UC bought drinks for Client A.”" in body
    # …while privileged notes (the defendant's and another client's) are never quoted.
    assert "pants off first" not in text and "groped her in the car" not in text
    # The defendant's own account keeps its full date, place and narrative.
    assert (
        "On 12 March 2021, at Hotel Example, room 12: The UC exposed himself to the defendant"
        in body
    )
    assert "Client A was arrested by the same UC a few months later." in body


def test_every_part_of_the_papers_is_there(clients: ThreeClients, tmp_path: Path) -> None:
    save_office_settings(clients.library, OFFICE)
    out, _ = motion(clients.library, tmp_path)
    body = part_texts(out)["word/document.xml"]
    lines = body.splitlines()
    in_order = [
        "CRIMINAL COURT OF THE CITY OF NEW YORK",
        "NOTICE OF MOTION",
        "PLEASE TAKE NOTICE that, upon the annexed affirmation of Jordan Lee, dated March 9, 2027",
        "AFFIRMATION IN SUPPORT",
        "JORDAN LEE, an attorney admitted to practice",
        "I affirm this 9th day of March, 2027, under the penalties of perjury",
        "MEMORANDUM OF LAW",
        "TABLE OF CONTENTS",
        "TABLE OF AUTHORITIES",
        "PRELIMINARY STATEMENT",
        "STATEMENT OF FACTS",
        "ARGUMENT",
        "POINT I",
        "POINT II",
        "POINT III",
        "POINT IV",
        "CONCLUSION",
    ]
    position = 0
    for expected in in_order:
        found = next(
            (index for index in range(position, len(lines)) if expected in lines[index]), None
        )
        assert found is not None, f"{expected!r} missing or out of order"
        position = found
    # The caption in the court's form, on each of the three papers.
    assert body.count("THE PEOPLE OF THE STATE OF NEW YORK,") == 3
    assert body.count("COUNTY OF KINGS: PART AP-2") == 3
    assert lines.count("Docket No. CR-001234-24") == 3
    assert "-against-" in lines and "Defendant." in lines
    # Relief with its statutory hooks, in the notice and again in the conclusion.
    for hook in ("CPL 245.20(1)(k)(iv)", "CPL 245.55", "CPL 245.35(3)", "CPL 245.80", "in camera"):
        assert body.count(hook) >= 2, hook
    # The signature block from the office settings; served on the District Attorney.
    for line in ("JORDAN LEE", "Brooklyn Example Defenders", "Attorney for Defendant",
                 "1 Court Street", "Brooklyn, NY 11201", "(718) 555-0100"):  # fmt: skip
        assert body.count(line) >= 3, line
    assert "TO:\tHon. Example Prosecutor" in body and "Clerk of the Court" in body
    assert "No previous application for the relief sought has been made." in body
    assert "upon information and belief" in body.lower()


def test_footnotes_give_pinpoint_bates_cites(clients: ThreeClients, tmp_path: Path) -> None:
    out, result = motion(clients.library, tmp_path)
    notes = footnote_texts(out)
    assert len(notes) == result.footnotes
    cites = sorted({text.strip() for text in notes.values()})
    assert cites == ["Ex. A at NYPD 000102.", "Ex. B at NYPD 000201.", "Ex. C at NYPD 000301."]
    # Each mark follows the sentence it supports, after its closing punctuation.
    for text in text_before_references(out):
        assert text == "¹" or text.rstrip()[-1:] in (".", "”"), text
    body = part_texts(out)["word/document.xml"]
    # Exhibits are listed with readable titles; other clients' are to be redacted.
    assert (
        "Exhibit A\tArrest Report (NYPD 000101-000102), disclosed by the People in this case."
        in body
    )
    assert (
        "disclosed in the unrelated matter of Client A, redacted to protect that client's identity"
        in body
    )
    assert result.redact == ("B", "C")


def test_court_typography_and_no_privilege_banner(clients: ThreeClients, tmp_path: Path) -> None:
    out, _ = motion(clients.library, tmp_path)
    document = docx.Document(str(out))
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(12)
    body_style = document.styles["Court Body"]
    assert body_style.paragraph_format.line_spacing_rule == WD_LINE_SPACING.DOUBLE
    assert body_style.font.name == "Times New Roman" and body_style.font.size == Pt(12)
    footnote = next(style for style in document.styles if style.name == "footnote text")
    assert footnote.font.size == Pt(10)
    assert footnote.paragraph_format.line_spacing_rule == WD_LINE_SPACING.SINGLE
    assert len(document.sections) == 5  # notice, affirmation, cover, tables, memorandum
    for section in document.sections:
        margins = (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
        assert margins == (Inches(1),) * 4
        assert (section.page_width, section.page_height) == (Inches(8.5), Inches(11))
    body_paragraphs = [p for p in document.paragraphs if p.style.name == "Court Body" and p.text]
    assert len(body_paragraphs) > 30
    text = everything(out)
    assert "PRIVILEGED" not in text.upper() and "WORK PRODUCT" not in text.upper()
    for part, words in part_texts(out).items():
        assert not SINGULAR_PLURALS.search(words), part
        assert "((" not in words and "))" not in words, part


def test_tables_of_contents_and_authorities_are_word_fields(
    clients: ThreeClients, tmp_path: Path
) -> None:
    out, _ = motion(clients.library, tmp_path)
    body = xml_part(out, "word/document.xml")
    instructions = [node.text.strip() for node in body.iter(f"{W}instrText")]
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions
    assert 'TOA \\h \\c "1" \\p' in instructions and 'TOA \\h \\c "2" \\p' in instructions
    marked = [text for text in instructions if text.startswith("TA ")]
    brady = "Brady v. Maryland, 373 U.S. 83 (1963)"
    assert f'TA \\l "{brady}" \\s "{brady}" \\c 1' in marked
    assert any(
        "N.Y. Crim. Proc. Law § 245.20(1)(k)" in text and text.endswith("\\c 2") for text in marked
    )
    # Every TA entry has a bookmarked place the table's PAGEREF points at.
    references = {text.split()[1] for text in instructions if text.startswith("PAGEREF _TOA_")}
    bookmarks = {node.get(f"{W}name") for node in body.iter(f"{W}bookmarkStart")}
    assert references and references <= bookmarks and len(references) == len(marked)
    # The table lists what the memorandum cites, and nothing it does not.
    paragraphs = part_texts(out)["word/document.xml"].splitlines()
    start = paragraphs.index("TABLE OF AUTHORITIES")
    end = next(
        index for index, line in enumerate(paragraphs) if index > start and "STATEMENT" in line
    )
    table = paragraphs[start:end]
    assert table[1] == 'Cases TOA \\h \\c "1" \\p '  # the heading, where the field begins
    assert any(line.startswith('Statutes TOA \\h \\c "2"') for line in table)
    kyles = next(line for line in table if line.startswith("Kyles v. Whitley"))
    assert re.fullmatch(
        r"Kyles v\. Whitley, 514 U\.S\. 419 \(1995\)\t PAGEREF _TOA_\d+ \\h ", kyles
    )
    assert not any("Garrett" in line for line in table)  # in the library, not cited
    toc_entries = {text for text in instructions if text.startswith("PAGEREF _Toc_Motion_")}
    assert len(toc_entries) == 8  # four headings and four points
    settings = xml_part(out, "word/settings.xml")
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"
    # Case names are italic in citations.
    italic = {
        "".join(run.itertext())
        for run in body.iter(f"{W}r")
        if run.find(f"{W}rPr/{W}i") is not None
    }
    assert "Brady v. Maryland" in italic and "Kyles v. Whitley" in italic


def test_missing_office_settings_are_marked_blanks(clients: ThreeClients, tmp_path: Path) -> None:
    out, result = motion(clients.library, tmp_path)
    for blank in ("attorney", "part", "return date", "office address", "telephone", "charges"):
        assert blank in result.blanks
    body = xml_part(out, "word/document.xml")
    highlighted = {
        "".join(run.itertext())
        for run in body.iter(f"{W}r")
        if run.find(f"{W}rPr/{W}highlight") is not None
    }
    assert {"[ATTORNEY]", "[PART]", "[RETURN DATE]", "[TELEPHONE]"} <= highlighted
    # The county is read from the matter's court, so it is no blank.
    assert "county" not in result.blanks and "COUNTY OF KINGS: PART " in everything(out)
    save_office_settings(clients.library, OFFICE)
    _, complete = motion(
        clients.library, tmp_path, "complete.docx", return_date=date(2027, 4, 2), part="AP-7"
    )
    assert "attorney" not in complete.blanks and "return date" not in complete.blanks
    text = everything(tmp_path / "complete.docx")
    assert "in Part AP-7, at 120 Schermerhorn Street" in text and "on April 2, 2027" in text
    assert complete.unverified  # People v. Bay is cited and marked unverified


def test_supreme_court_caption(library: Library, tmp_path: Path) -> None:
    three_clients(library, court="Supreme Court, Queens County")
    out, _ = motion(library, tmp_path, part="K-1")
    body = part_texts(out)["word/document.xml"]
    assert "SUPREME COURT OF THE STATE OF NEW YORK" in body
    assert "COUNTY OF QUEENS: CRIMINAL TERM: PART K-1" in body
    assert "Indictment No. CR-001234-24" in body and "Docket No." not in body


def test_office_authorities_override_the_shipped_ones(
    clients: ThreeClients, tmp_path: Path
) -> None:
    library = clients.library
    edit_authority(
        library,
        "brady-v-maryland",
        {"proposition": "Suppression of favorable evidence offends due process."},
    )
    edit_authority(
        library,
        "people-v-example",
        {
            "kind": "case",
            "citation": "People v. Example, 1 N.Y.3d 1 (2030)",
            "point": "good_faith",
            "proposition": "An office's own authority is cited where it says.",
        },
    )
    edit_authority(library, "people-v-rouse", {"point": ""})  # no longer cited
    out, _ = motion(library, tmp_path)
    paragraphs = [text for text, _ in paragraph_notes(out)]
    assert any(
        text.startswith("Suppression of favorable evidence offends due process. Brady")
        for text in paragraphs
    )
    assert any(
        "An office's own authority is cited where it says. People v. Example" in text
        for text in paragraphs
    )
    start = paragraphs.index("TABLE OF AUTHORITIES")
    end = paragraphs.index("PRELIMINARY STATEMENT", start)
    table = "\n".join(paragraphs[start:end])
    assert "People v. Example, 1 N.Y.3d 1 (2030)" in table and "Rouse" not in table


def test_official_citation_style(clients: ThreeClients, tmp_path: Path) -> None:
    save_office_settings(clients.library, {"citation_style": "official"})
    out, _ = motion(clients.library, tmp_path)
    text = everything(out)
    assert "Brady v Maryland, 373 US 83 [1963]" in text
    assert "Kyles v Whitley, 514 US 419, 437 [1995]" in text
    assert "Brady v. Maryland" not in text


def test_the_template_is_used_and_other_clients_in_it_refuse_the_papers(
    clients: ThreeClients, tmp_path: Path
) -> None:
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "BROOKLYN EXAMPLE DEFENDERS"
    template.add_paragraph("Template body text that must not survive")
    template_path = tmp_path / "office.docx"
    template.save(str(template_path))
    out, result = motion(clients.library, tmp_path, template=template_path)
    document = docx.Document(str(out))
    assert document.sections[0].header.paragraphs[0].text == "BROOKLYN EXAMPLE DEFENDERS"
    assert not any("must not survive" in p.text for p in document.paragraphs)
    assert result.footnotes == 6 and "NOTICE OF MOTION" in everything(out)
    # A letterhead naming another client would put that client in the papers: refused.
    template.sections[0].header.paragraphs[0].text = "Re: Grace Okafor"
    template.save(str(template_path))
    earlier = out.read_bytes()
    with pytest.raises(
        ValidationError, match="another client's name 'Grace Okafor' in word/header"
    ):
        motion(clients.library, tmp_path, template=template_path, overwrite=True)
    assert out.read_bytes() == earlier
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_a_motion_needs_its_matter_and_an_officer_with_a_pattern(
    clients: ThreeClients, tmp_path: Path
) -> None:
    library = clients.library
    with pytest.raises(ValidationError, match="motion papers are filed in a matter"):
        export_memo(library, MemoOptions(kind="motion"), tmp_path / "x.docx")
    quiet = add_matter(library, MatterInput("2024-009", "People v. Quiet", "Quinn Quiet")).id
    with pytest.raises(ValidationError, match="matter 2024-009 has no allegations"):
        export_memo(library, MemoOptions(kind="motion", matter_id=quiet), tmp_path / "y.docx")
    from evidence_desk.core.patterns import PatternFilter

    with pytest.raises(ValidationError, match="is named in at least 5 matters"):
        export_memo(
            library,
            MemoOptions(
                kind="motion",
                matter_id=get_matter_by_file_number(library, "2024-001").id,
                criteria=PatternFilter(min_matters=5),
            ),
            tmp_path / "z.docx",
        )
    assert not list(tmp_path.glob("*.docx"))


def test_export_memo_command_kinds(
    clients: ThreeClients, library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clients.library.close()
    base = ["--library", str(library_path)]
    code = main([*base, "office", "settings", "--attorney", "Jordan Lee", "--address",
                 "1 Court Street", "--address", "Brooklyn, NY 11201", "--part", "AP-2",
                 "--json"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    settings = json.loads(captured.out)
    assert settings["address"] == "1 Court Street\nBrooklyn, NY 11201"
    assert "telephone" in [item.lower() for item in settings["missing_for_motion"]]
    out = tmp_path / "cli-motion.docx"
    code = main([*base, "export", "memo", "--kind", "motion", "--matter", "2024-001",
                 "--out", str(out), "--return-date", "2027-04-02"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.startswith(f"Wrote motion papers {out}: 1 officer, 3 allegations")
    assert "Fill in the highlighted blanks: " in captured.out and "telephone" in captured.out
    assert "Redact other clients' identifying information from exhibits B, C." in captured.out
    code = main([*base, "export", "memo", "--kind", "motion", "--out", str(tmp_path / "no.docx")])
    captured = capsys.readouterr()
    assert code != 0 and len(captured.err.strip().splitlines()) == 1
    assert "--matter" in captured.err and "--kind internal" in captured.err
    for kind in ("internal", "public"):
        target = tmp_path / f"{kind}.docx"
        code = main([*base, "export", "memo", "--kind", kind, "--out", str(target),
                     "--officer", str(clients.officer_id), "--json"])  # fmt: skip
        captured = capsys.readouterr()
        assert code == 0 and json.loads(captured.out)["kind"] == kind and target.is_file()


def test_released_words_of_a_client_are_quoted_others_summarised(
    clients: ThreeClients, tmp_path: Path
) -> None:
    from sqlalchemy import update

    from evidence_desk.core.model import Citation
    from evidence_desk.core.releases import list_passages, release_passages

    library = clients.library
    passages = {record.text: record for record in list_passages(library)}
    okafor_note = passages["he groped her in the car"]
    release_passages(library, [okafor_note.key])
    out, _ = motion(library, tmp_path)
    body = part_texts(out)["word/document.xml"]
    assert "Client A told this office: “he groped her in the car.”" in body
    assert "quoted only where my office has released their words" in body
    assert "pants off first" not in body  # the defendant's own note was not released
    # Words changed after their release are not released any more: summarised again.
    with library.write() as session:
        session.execute(
            update(Citation)
            .where(Citation.id == okafor_note.target_id)
            .values(quote="Grace: he groped her in the car")  # still the note's words
        )
    out, _ = motion(library, tmp_path, "changed.docx")
    body = part_texts(out)["word/document.xml"]
    assert "groped her" not in body and "summarised, not quoted" in body
