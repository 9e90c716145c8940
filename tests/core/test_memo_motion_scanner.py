"""Motion papers and other clients' identifiers in every spelling the scanner knows.

Police paperwork writes a registered client "José Núñez" as "JOSE NUNEZ", "J. Nunez" or
"Nunez, Jose", a date of birth as "05 APR 1993", a docket or NYSID with other separators.
Quoted into another client's motion, each becomes the pseudonym or "[withheld]"; in the
title or the office template, each refuses the papers. Everyday words that are also names,
the defendant's own name, the officers, the authorities and the office stay as written.
"""

from __future__ import annotations

import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import pytest

from evidence_desk.core.errors import ValidationError
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from evidence_desk.core.memo import MemoOptions, export_memo
from evidence_desk.core.notes import add_note
from evidence_desk.core.office_settings import save_office_settings
from evidence_desk.core.officers import IdentifierInput, add_officer
from evidence_desk.core.releases import list_passages, release_passages

from .docx_reading import part_texts
from .memo_data import Cite, add_allegation, add_document

pytestmark = pytest.mark.databases

CYRILLIC_E = "\u0435"

# (form as police paperwork writes it, what the motion prints instead, the kind refused)
FORMS = {
    "accentless upper-case name": ("JOSE NUNEZ", "Client A", "name"),
    "initial and surname": ("J. Nunez", "Client A", "name"),
    "reversed name": ("Nunez, Jose", "Client A", "name"),
    "look-alike letter": (f"José Nuñ{CYRILLIC_E}z", "Client A", "name"),
    "date of birth as written": ("05 APR 1993", "[withheld]", "date of birth"),
    "docket, other separators": ("2023CR4567", "[withheld]", "docket number"),
    "NYSID, other separators": ("1234-5678 K", "[withheld]", "NYSID"),
}


def folded(text: str) -> str:
    """Letters and digits only, accents and case folded, Cyrillic е read as e."""
    text = unicodedata.normalize("NFKD", text.replace(CYRILLIC_E, "e")).casefold()
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


@dataclass
class Library3:
    library: Library
    rivera: int
    nunez: int
    officer: int


def build(library: Library, nunez_paperwork: str, nunez_note: str = "") -> Library3:
    """The defendant Maria Rivera, José Núñez and two clients with everyday names, all
    arrested by the same undercover."""
    rivera = add_matter(
        library,
        MatterInput(
            "2024-001",
            "People v. Maria Rivera",
            "Maria Rivera",
            client_date_of_birth=date(1990, 4, 2),
            docket="CR-001234-24",
            court="Criminal Court, Kings County",
        ),
    )
    nunez = add_matter(
        library,
        MatterInput(
            "2024-101",
            "People v. Núñez",
            "José Núñez",
            client_date_of_birth=date(1993, 4, 5),
            client_identifiers=(("nysid", "12345678K"),),
            docket="CR-004567-23",
        ),
    )
    will = add_matter(library, MatterInput("2024-102", "People v. Rose", "Will Rose"))
    add_matter(library, MatterInput("2024-103", "People v. Lopez", "Maria Lopez"))
    add_matter(library, MatterInput("2024-104", "People v. Smith", "Anna Smith"))
    add_matter(library, MatterInput("2024-105", "People v. Hale", "Victor Hale"))
    officer = add_officer(
        library, "Victor Sampleton", rank="Detective", identifiers=[IdentifierInput("uc", "214")]
    )
    accused = [(officer.id, "accused")]
    own_words = "Maria Rivera stated the UC will return; tension rose near Rose Avenue"
    own = add_document(library, rivera, "Arrest Report", [own_words + "."], first_number=101)
    add_allegation(
        library,
        rivera.id,
        accused,
        "2021-03-12",
        ["UC.EXPOSURE"],
        "Maria said Detective Victor Sampleton will not stop; prices rose.",
        [Cite(own_words, document_id=own, page_start=1)],
    )
    paperwork = add_document(
        library, nunez, "Complaint Report", [nunez_paperwork], first_number=201
    )
    citations = [Cite(nunez_paperwork, document_id=paperwork, page_start=1)]
    if nunez_note:
        citations.append(
            Cite(nunez_note, note_id=add_note(library, nunez.id, "Intake", nunez_note).id)
        )
    add_allegation(
        library, nunez.id, accused, "2021-06-05", ["UC.EXPOSURE"],
        "The UC exposed himself to the client.", citations,
    )  # fmt: skip
    will_words = "WILL ROSE stated the UC will pay him"
    will_report = add_document(library, will, "DD5", [will_words + "."], first_number=301)
    add_allegation(
        library, will.id, accused, "2022-01", ["UC.EXPOSURE"], "The UC exposed himself.",
        [Cite(will_words, document_id=will_report, page_start=1)],
    )  # fmt: skip
    return Library3(library, rivera.id, nunez.id, officer.id)


def write(data: Library3, out: Path, **options: object) -> Path:
    options.setdefault("dated", date(2027, 3, 9))
    export_memo(
        data.library,
        MemoOptions(kind="motion", matter_id=data.rivera, **options),  # type: ignore[arg-type]
        out,
        overwrite=True,
    )
    return out


@pytest.mark.parametrize("form", list(FORMS), ids=list(FORMS))
def test_another_clients_identifier_in_quoted_paperwork_becomes_the_pseudonym(
    library: Library, tmp_path: Path, form: str
) -> None:
    written, replacement, _kind = FORMS[form]
    data = build(library, f"Arrestee {written} was approached by UC 214 on the corner.")
    out = write(data, tmp_path / "motion.docx")
    texts = part_texts(out)
    body = texts["word/document.xml"]
    assert f"records: “Arrestee {replacement} was approached by UC 214 on the corner.”" in body
    everything = folded("\n".join(texts.values()))
    for needle in (written, "Nunez", "12345678", "1993", "4567"):
        assert folded(needle) not in everything, needle


def test_released_words_of_another_client_are_cleaned_in_every_spelling(
    library: Library, tmp_path: Path
) -> None:
    note = "NUNEZ, JOSE said the UC, who knew J. Nunez from 05 APR 1993 on, grabbed him"
    data = build(library, "The UC approached.", nunez_note=note)
    key = next(record.key for record in list_passages(data.library) if record.text == note)
    release_passages(data.library, [key])
    body = part_texts(write(data, tmp_path / "motion.docx"))["word/document.xml"]
    assert (
        "Client A told this office: “Client A said the UC, who knew Client A from "
        "[withheld] on, grabbed him.”"
    ) in body


@pytest.mark.parametrize("form", list(FORMS), ids=list(FORMS))
def test_a_title_or_template_carrying_another_clients_identifier_is_refused(
    library: Library, tmp_path: Path, form: str
) -> None:
    written, _replacement, kind = FORMS[form]
    data = build(library, "The UC approached.")
    out = tmp_path / "motion.docx"
    with pytest.raises(ValidationError) as refused:
        write(data, out, title=f"Motion re {written}")
    message = str(refused.value)
    assert f"another client's {kind}" in message and "in the title" in message
    assert "José Núñez" not in message and "1993-04-05" not in message
    assert not out.exists()

    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = f"Brooklyn Defenders · re {written}"
    template_path = tmp_path / "office.docx"
    template.save(str(template_path))
    with pytest.raises(ValidationError) as refused:
        write(data, out, template=template_path)
    message = str(refused.value)
    assert f"another client's {kind}" in message and "in word/header" in message
    assert "José Núñez" not in message
    assert not out.exists()
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_a_harmless_motion_is_written_ungarbled(library: Library, tmp_path: Path) -> None:
    """Clients called Will Rose, Maria Lopez, Anna Smith and Victor Hale do not garble the
    defendant's name, everyday words, the officer, the authorities or the signature."""
    data = build(library, "The UC approached.")
    save_office_settings(
        data.library,
        {"attorney": "Jordan Lee", "office": "Brooklyn Example Defenders", "county": "Kings"},
    )
    template = docx.Document()
    logo = tmp_path / "logo.png"
    logo.write_bytes(one_pixel_png())
    template.sections[0].header.paragraphs[0].add_run().add_picture(str(logo))
    template_path = tmp_path / "office.docx"
    template.save(str(template_path))
    out = write(data, tmp_path / "motion.docx", template=template_path)
    texts = part_texts(out)
    body = texts["word/document.xml"]
    assert "Maria said Detective Victor Sampleton will not stop; prices rose." in body
    assert "“Maria Rivera stated the UC will return; tension rose near Rose Avenue.”" in body
    assert "MARIA RIVERA," in body and "Jordan Lee" in body
    assert "People v. Smith" in body and "DETECTIVE VICTOR SAMPLETON" in body
    # Will Rose's own account: the name goes, the everyday word stays.
    assert "“Client B stated the UC will pay him.”" in body
    assert "withheld]" not in body
    # The office's letterhead picture stays in court papers.
    with zipfile.ZipFile(out) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        headers = [archive.read(name) for name in archive.namelist() if "header" in name]
    assert media and any(b"<a:blip" in header for header in headers)


def one_pixel_png() -> bytes:
    """A letterhead picture: one white pixel."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
