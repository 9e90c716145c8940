"""Leak attempts against the public brief, from ``data/leak_corpus.json``.

Each case puts one text somewhere a public brief takes words from: a released summary,
quote or note excerpt, the title, an officer's command, a conduct label, or a part of the
office template (header, footer, properties, watermark, alt text, tooltip, content-control
tag, style name, relationship target, embedded HTML, thumbnail, custom XML). The brief must
either be refused or be written without the identifier, checked by an independent reading
of every byte of the file (not the scanner's code). A set of harmless briefs (clients
called Will, Rose, Lee, June, Brooklyn; a year-like file number) must be written with
their words intact.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import docx
import pytest
from confusable_homoglyphs.confusables import confusables_data
from sqlalchemy import select

from evidence_desk.core import audit
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from evidence_desk.core.memo import IdentifierLeakError, MemoOptions, export_memo
from evidence_desk.core.model import Allegation, Citation, ConductType, Note, Officer
from evidence_desk.core.notes import add_note
from evidence_desk.core.officers import IdentifierInput, add_officer
from evidence_desk.core.releases import release_passages

from .memo_data import Cite, add_allegation, add_document

CORPUS = json.loads((Path(__file__).parent / "data" / "leak_corpus.json").read_text("utf-8"))
CASES = CORPUS["cases"]

# -- an independent reading of a written file -------------------------------------------------

_LOOK_ALIKES = {
    character: item[0]["c"]
    for character, item in confusables_data.items()
    if len(character) == 1 and not character.isascii() and item and item[0]["c"].isascii()
}


def independent_fold(text: str) -> str:
    text = html.unescape(unquote(text))
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = "".join(_LOOK_ALIKES.get(c, c) for c in text)
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("ı", "i").casefold()


def every_byte(path: Path) -> str:
    """Every entry of the zip, XML or not, tags and attributes included, as text."""
    with zipfile.ZipFile(path) as archive:
        pieces = [archive.comment.decode("utf-8", "ignore")]
        for info in archive.infolist():
            pieces.append(info.filename)
            raw = archive.read(info).decode("utf-8", "ignore")
            pieces.append(re.sub(r"[<>=\"]", " ", raw))
    return independent_fold("\n".join(pieces))


def holds(path: Path, needle: str, kind: str) -> bool:
    text = every_byte(path)
    if kind == "compact":
        compact = "".join(c for c in text if c.isalnum())
        return "".join(c for c in independent_fold(needle) if c.isalnum()) in compact
    words = re.findall(r"[^\W_]+", text)
    wanted = re.findall(r"[^\W_]+", independent_fold(needle))
    size = len(wanted)
    return any(words[index : index + size] == wanted for index in range(len(words) - size + 1))


# -- the library the attempts are made against ------------------------------------------------


class LeakLibrary:
    def __init__(self, library: Library, folder: Path) -> None:
        self.library = library
        self.folder = folder
        jose = add_matter(
            library,
            MatterInput(
                "2024-101",
                "People v. Núñez",
                "José Núñez",
                client_other_names=("Pepe",),
                client_date_of_birth=date(1993, 4, 5),
                client_identifiers=(
                    ("phone", "(212) 555-0101"),
                    ("nysid", "12345678K"),
                    ("arrest_number", "K19612345"),
                    ("address", "123 Main Street, Apt 4B, Brooklyn, NY 11201"),
                    ("email", "jnunez93@example.com"),
                    ("other", "IND-04567-2019"),
                ),
                docket="CR-000101-19",
            ),
        )
        others = [
            add_matter(library, MatterInput("2024-102", "People v. O'Brien", "Mary-Kate O'Brien")),
            add_matter(library, MatterInput("2024-103", "People v. Vu", "Thanh Vu")),
            add_matter(
                library,
                MatterInput(
                    "2024-104", "People v. Jackson", "Anthony Jackson", client_other_names=("AJ",)
                ),
            ),
            add_matter(library, MatterInput("2024-105", "People v. Großmann", "Jürgen Großmann")),
            add_matter(library, MatterInput("2024-106", "People v. Kaya", "Yıldız Kaya")),
        ]
        self.officer = add_officer(
            library,
            "Samuel Sampelton",
            rank="Det.",
            command="Vice Enforcement",
            identifiers=[IdentifierInput("uc", "0214"), IdentifierInput("shield", "5512")],
        )
        witness = add_officer(library, "Robert Quill", rank="Sgt.", command="Vice Enforcement")
        document = add_document(library, jose, "Arrest Report", ["The arrest.", "Narrative."])
        note = add_note(
            library, jose.id, "Interview", "The client described the night. He exposed himself."
        )
        self.allegation = add_allegation(
            library,
            jose.id,
            [(self.officer.id, "accused"), (witness.id, "witness")],
            "2024-03-02",
            ["UC.EXPOSURE"],
            "The UC exposed himself.",
            [
                Cite("The UC exposed himself.", document_id=document, page_start=2),
                Cite("He exposed himself.", note_id=note.id),
            ],
        )
        for matter in others:
            add_allegation(library, matter.id, [(self.officer.id, "accused")], "2024-05",
                           ["UC.EXPOSURE"], "The UC exposed himself.")  # fmt: skip
        with library.read() as session:
            citations = session.execute(
                select(Citation.id, Citation.note_id).where(
                    Citation.allegation_id == self.allegation
                )
            ).all()
        self.quote = next(row.id for row in citations if row.note_id is None)
        self.note = next(row.id for row in citations if row.note_id is not None)

    def set_passage(self, where: str, text: str) -> str:
        with self.library.write() as session:
            if where == "summary":
                row = session.get(Allegation, self.allegation)
                before = audit.snapshot(row)
                row.summary = text
                key = f"allegation:{self.allegation}"
            else:
                row = session.get(Citation, self.quote if where == "quote" else self.note)
                before = audit.snapshot(row)
                row.quote = text
                key = f"citation:{row.id}"
                if where == "note":  # the note has the words its citation quotes
                    note = session.get(Note, row.note_id)
                    note_before = audit.snapshot(note)
                    note.body = text
                    audit.record_update(session, note, note_before)
            audit.record_update(session, row, before)
        release_passages(self.library, [key])
        return key

    def set_officer_command(self, text: str) -> None:
        with self.library.write() as session:
            row = session.get(Officer, self.officer.id)
            before = audit.snapshot(row)
            row.command = text
            audit.record_update(session, row, before)

    def set_conduct_label(self, text: str) -> None:
        with self.library.write() as session:
            row = session.get(ConductType, "UC.EXPOSURE")
            before = audit.snapshot(row)
            row.label = text
            audit.record_update(session, row, before)

    def export(self, out: Path, **options: object) -> None:
        export_memo(
            self.library,
            MemoOptions(kind="public", officers=(self.officer.id,), **options),  # type: ignore[arg-type]
            out,
        )


@pytest.fixture(scope="module")
def leak_library(tmp_path_factory: pytest.TempPathFactory) -> LeakLibrary:
    folder = tmp_path_factory.mktemp("leaks")
    library = Library.create(folder / "library", user="tester")
    built = LeakLibrary(library, folder)
    yield built
    library.close()


# -- office templates carrying the text in one part ----------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def template_with(where: str, text: str, folder: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Template body")
    header = document.sections[0].header
    header.paragraphs[0].text = text if where == "template_header" else "Office letterhead"
    if where == "template_footer":
        document.sections[0].footer.paragraphs[0].text = text
    elif where == "template_core":
        document.core_properties.author = text
        document.core_properties.title = text
        document.core_properties.subject = text
    elif where == "template_style_name":
        document.styles.add_style(text, 1)
    path = folder / f"{where}.docx"
    document.save(str(path))
    if where in (
        "template_header",
        "template_footer",
        "template_core",
        "template_style_name",
    ):
        return path
    return _patched(path, where, text)


def _patched(path: Path, where: str, text: str) -> Path:
    """Rewrite one part of a saved template by hand (python-docx has no API for these)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    header_name = next(name for name in parts if re.fullmatch(r"word/header\d*\.xml", name))
    header = parts[header_name].decode()
    escaped = html.escape(text, quote=True)
    types = parts["[Content_Types].xml"].decode()
    rels_name = "word/_rels/document.xml.rels"
    if where == "template_app":
        parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(
            b"</Properties>", f"<Company>{escaped}</Company></Properties>".encode()
        )
    elif where == "template_custom":
        parts["docProps/custom.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
            f'pid="2" name="Client"><vt:lpwstr>{escaped}</vt:lpwstr></property></Properties>'
        ).encode()
        types = types.replace(
            "</Types>",
            '<Override PartName="/docProps/custom.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
        )
        parts["_rels/.rels"] = parts["_rels/.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>'
            b"</Relationships>",
        )
    elif where in (
        "template_watermark",
        "template_alt_text",
        "template_tooltip",
        "template_sdt_tag",
    ):
        element = {
            "template_watermark": (
                '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
                'id="PowerPlusWaterMarkObject"><v:textpath string="' + escaped + '"/>'
                "</v:shape></w:pict></w:r></w:p>"
            ),
            "template_alt_text": (
                '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
                'drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="Picture" descr="'
                + escaped
                + '"/></wp:inline></w:drawing></w:r></w:p>'
            ),
            "template_tooltip": (
                f'<w:p><w:hyperlink w:anchor="top" w:tooltip="{escaped}"><w:r><w:t>Top</w:t>'
                "</w:r></w:hyperlink></w:p>"
            ),
            "template_sdt_tag": (
                f'<w:sdt><w:sdtPr><w:tag w:val="{escaped}"/></w:sdtPr><w:sdtContent><w:p>'
                "<w:r><w:t>Field</w:t></w:r></w:p></w:sdtContent></w:sdt>"
            ),
        }[where]
        parts[header_name] = header.replace("</w:hdr>", element + "</w:hdr>").encode()
    elif where == "template_rel_target":
        header_rels = header_name.replace("word/", "word/_rels/") + ".rels"
        parts[header_rels] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/hyperlink" Target="{escaped}" TargetMode="External"/>'
            "</Relationships>"
        ).encode()
        parts[header_name] = header.replace(
            "</w:hdr>",
            '<w:p><w:hyperlink xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships" r:id="rIdLink"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p></w:hdr>',
        ).encode()
    elif where == "template_altchunk":
        parts["word/chunk.html"] = text.encode()
        types = types.replace(
            "</Types>", '<Override PartName="/word/chunk.html" ContentType="text/html"/></Types>'
        )
        parts[rels_name] = parts[rels_name].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdChunk" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/aFChunk" Target="chunk.html"/></Relationships>',
        )
        body = parts["word/document.xml"].decode()
        parts["word/document.xml"] = body.replace(
            "<w:sectPr",
            '<w:altChunk xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships" r:id="rIdChunk"/><w:sectPr',
            1,
        ).encode()
    elif where == "template_thumbnail":
        parts["docProps/thumbnail.jpeg"] = b"\xff\xd8\xff\xe0" + text.encode() + b"\xff\xd9"
    elif where == "template_customxml":
        parts["customXml/item1.xml"] = text.encode()
    parts["[Content_Types].xml"] = types.encode()
    out = path.with_name(path.stem + "-patched.docx")
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out


# -- the attempts ---------------------------------------------------------------------------------


def attempt(leaks: LeakLibrary, case: dict[str, str], out: Path) -> str:
    """Make the brief the case describes; "written", or "refused: " and the reason."""
    where, text = case["where"], case["text"]
    options: dict[str, object] = {}
    restore = None
    if where in ("summary", "quote", "note"):
        leaks.set_passage(where, text)
    elif where == "title":
        options["title"] = text
    elif where == "command":
        leaks.set_officer_command(text)
        restore = lambda: leaks.set_officer_command("Vice Enforcement")  # noqa: E731
    elif where == "conduct":
        leaks.set_conduct_label(text)
        restore = lambda: leaks.set_conduct_label("Exposure")  # noqa: E731
    else:
        options["template"] = template_with(where, text, out.parent)
    try:
        leaks.export(out, **options)
    except IdentifierLeakError as error:
        return f"refused: {error}"
    finally:
        if restore is not None:
            restore()
    return "written"


@pytest.mark.parametrize("case", CASES, ids=[f"{c['id']}-{c['class']}-{c['where']}" for c in CASES])
def test_leak_attempt_never_reaches_a_written_brief(
    leak_library: LeakLibrary, case: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    outcome = attempt(leak_library, case, out)
    if outcome == "written":
        assert not holds(out, case["needle"], case["needle_kind"]), case
    else:
        assert not out.exists()
    if case["where"] in ("summary", "quote", "note"):
        # A released passage is rewritten, not refused: the rest of it is still worth printing.
        assert outcome == "written", (case, outcome)
    if case["where"] in ("title", "command", "conduct"):
        assert outcome.startswith("refused"), case


def test_corpus_covers_every_class() -> None:
    classes = Counter(case["class"] for case in CASES)
    assert len(CASES) >= 100
    assert set(classes) == {"spelling", "formats", "places", "officers"}
    places = {case["where"] for case in CASES}
    assert {"summary", "quote", "note", "title", "command", "conduct"} <= places
    assert len([place for place in places if place.startswith("template_")]) >= 14


# -- harmless briefs ----------------------------------------------------------------------------

HARMLESS = [
    ("He said he will arrest her unless she undressed.", "he will arrest her"),
    ("They met near Lee Avenue in June 2022.", "near Lee Avenue in June 2022"),
    ("The rose was on the dashboard; the grace period ended.", "the grace period ended"),
    ("The UC drove to Brooklyn North before the signal.", "to Brooklyn North"),
    ("In March 2022 and again in 2022 the UC called her.", "again in 2022 the UC"),
    ("We will meet June 3 at the precinct.", "We will meet June"),
]


def test_harmless_briefs_are_written_ungarbled(tmp_path: Path) -> None:
    library = Library.create(tmp_path / "library", user="tester")
    try:
        matters = [
            add_matter(library, MatterInput("2022", "People v. Lee", "Will Lee")),
            add_matter(library, MatterInput("2021", "People v. Rose", "June Rose")),
            add_matter(library, MatterInput("2023-7", "People v. Park", "Brooklyn Park")),
            add_matter(library, MatterInput("2020", "People v. Grace", "Grace Hall")),
        ]
        officer = add_officer(library, "Paul Stone", rank="Det.", command="Brooklyn North Vice")
        keys = []
        for index, (summary, _kept) in enumerate(HARMLESS):
            allegation = add_allegation(
                library, matters[index % len(matters)].id, [(officer.id, "accused")],
                f"2022-0{index + 1}", ["UC.EXPOSURE"], summary,
            )  # fmt: skip
            keys.append(f"allegation:{allegation}")
        release_passages(library, keys)
        out = tmp_path / "brief.docx"
        export_memo(library, MemoOptions(kind="public", officers=(officer.id,)), out)
        text = "\n".join(paragraph.text for paragraph in docx.Document(str(out)).paragraphs)
        for _summary, kept in HARMLESS:
            assert kept in text
        assert "withheld" not in text
        assert "Brooklyn North Vice" in text  # the command is not a client's name
        assert "March 2022" in text and "2022" in text  # a year-like file number blocks no date
    finally:
        library.close()
