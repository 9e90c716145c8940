"""The public brief: pseudonyms, coarse dates, suppressed counts, and the leak scan.

Clients' names occur inside the quoted evidence on purpose (see ``memo_data``): the brief
must pseudonymise them or refuse to write, and no client identifier may ever reach the file.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest

from evidence_desk.cli import main
from evidence_desk.core.library import Library
from evidence_desk.core.matters import all_clients, list_matters
from evidence_desk.core.memo import IdentifierLeakError, MemoOptions, export_memo
from evidence_desk.core.memo import public as public_module
from evidence_desk.core.memo.anonymise import Pseudonymiser, assign_pseudonyms
from evidence_desk.core.memo.docx_parts import Footnotes
from evidence_desk.core.memo.package import check_package
from evidence_desk.core.memo.review import build_review, read_review
from evidence_desk.core.officers import add_officer
from evidence_desk.core.records import ClientIdentifierRecord, ClientRecord
from evidence_desk.core.releases import (
    list_passages,
    release_passages,
    restore_release,
    unrelease_passages,
)

from .memo_data import Scenario, add_allegation, build_scenario

pytestmark = pytest.mark.databases

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


def compact(text: str) -> str:
    return "".join(character for character in text.casefold() if character.isalnum())


def every_identifier(library: Library) -> list[str]:
    values: list[str] = []
    for client in all_clients(library):
        values += [client.name, *(item.value for item in client.identifiers)]
        if client.date_of_birth:
            birth = client.date_of_birth
            values += [birth.isoformat(), f"{birth:%m/%d/%Y}", f"{birth:%d %B %Y}"]
    for summary in list_matters(library):
        values += [summary.matter.caption]
        if summary.matter.docket:
            values.append(summary.matter.docket)
    return values


def assert_no_identifier(library: Library, path: Path) -> None:
    """An independent check (not the scanner's code path): spacing-blind substring search."""
    text = compact(all_part_text(path))
    for value in every_identifier(library):
        assert compact(value) not in text, value


def paragraphs(path: Path) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]


def release_everything(library: Library) -> None:
    release_passages(library, [record.key for record in list_passages(library)])


def test_unreleased_brief_has_structure_but_no_words_of_the_evidence(
    scenario: Scenario, tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    result = export_memo(scenario.library, MemoOptions(kind="public"), out)
    assert result.kind == "public" and result.exhibits == 0 and result.footnotes == 11
    assert_no_identifier(scenario.library, out)
    text = all_part_text(out)
    lines = paragraphs(out)
    # A narrative opening, the caveat, and how the brief protects clients.
    assert lines[1].startswith("Between March 2021 and January 2022, clients of this office")
    assert any(line.startswith("These are allegations, not findings.") for line in lines)
    assert any(line.startswith("Client A, March 2021. Exposure; Groping. (") for line in lines)
    # Nothing of the summaries or the quoted evidence without a release.
    assert "exposed himself" not in text and "met the defendant" not in text
    assert text.count("(not quoted).") == 11
    assert "NYPD" not in text and "KCDA" not in text and not HEX_DIGEST.search(text)
    assert ".pdf" not in text and "Ex. A" not in text and "12 March 2021" not in text
    for word in ("Smith", "Jones", "UC 214", "1234", "P.O."):
        assert word not in text, word
    # Only checkable parts: no thumbnail, custom XML or other embedded files.
    names = zipfile.ZipFile(out).namelist()
    assert not [name for name in names if not name.endswith((".xml", ".rels"))]
    assert not [name for name in names if name.startswith("customXml/")]


def test_released_passages_are_rewritten(scenario: Scenario, tmp_path: Path) -> None:
    library = scenario.library
    release_everything(library)
    out = tmp_path / "brief.docx"
    export_memo(library, MemoOptions(kind="public"), out)
    assert_no_identifier(library, out)
    text = all_part_text(out)
    # Client A is the first client (Rivera), B Okafor, C Lindqvist: by client id. Officer 1
    # is Jones and Officer 2 Smith; "UC 214" is Smith, rank and all.
    assert "“Officer 2 states he met the defendant (a.k.a. Client A)”" in text
    assert "“Client A, DOB [withheld]”" in text
    assert "“Client B told the UC she did not drink”" in text
    assert "“[name withheld] said he took his pants off first”" in text
    assert "“Follow-up [number]”" in text  # numbers inside quotes are taken out
    lines = paragraphs(out)
    assert "Client C said the same of Client A's case" in "\n".join(lines)
    assert any("Officer 1 called the client twice after her release." in line for line in lines)
    assert any("groped Ms. [name withheld] in the car" in line for line in lines)
    assert "P.O. Officer" not in text and "Det. Officer" not in text


def test_a_release_lapses_when_the_words_change(scenario: Scenario, tmp_path: Path) -> None:
    library = scenario.library
    key = f"allegation:{scenario.allegations['okafor_alcohol']}"
    release_passages(library, [key])
    record = next(item for item in list_passages(library) if item.key == key)
    assert record.released and not record.changed_since_release
    with library.write() as session:
        from evidence_desk.core import audit
        from evidence_desk.core.model import Allegation

        row = session.get(Allegation, scenario.allegations["okafor_alcohol"])
        before = audit.snapshot(row)
        row.summary = "Grace Okafor says the UC bought her drinks at 10 Main St."
        audit.record_update(session, row, before)
    record = next(item for item in list_passages(library) if item.key == key)
    assert not record.released and record.changed_since_release
    out = tmp_path / "brief.docx"
    export_memo(library, MemoOptions(kind="public"), out)
    assert "drinks" not in all_part_text(out)
    # Withdrawn and put back (undo), audited both ways.
    before = unrelease_passages(library, [key])
    restore_release(library, before[0])
    with library.read() as session:
        from evidence_desk.core.audit import verify

        assert verify(session)[1] is None


def test_counts_below_threshold_are_suppressed_the_same_way(
    scenario: Scenario, tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    export_memo(scenario.library, MemoOptions(kind="public", suppress_below=4), out)
    document = docx.Document(str(out))
    summary = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert summary[1][:3] == ["Officer 1, Vice Enforcement", "fewer than 4", "4"]
    assert summary[2][:3] == ["Officer 2, Vice Enforcement", "fewer than 4", "fewer than 4"]
    assert summary[1][4] == "March 2021 – January 2022"
    conduct = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert conduct[0] == ["Conduct", "Officer 1", "Officer 2"]
    cells = {cell for row in conduct[1:] for cell in row[1:]}
    assert "–" not in cells and "0" not in cells  # a zero looks like every other small count
    assert ["Contact after arrest (calls, visits)", "fewer than 4", "fewer than 4"] in conduct


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


def test_officer_labels_skip_numbers_that_name_any_watched_officer(
    scenario: Scenario, tmp_path: Path
) -> None:
    """A witness known as "UC #1" makes "Officer 1" read as his number: the labels skip it
    instead of the harmless brief being refused."""
    library = scenario.library
    witness = add_officer(library, "Gary Witt", aliases=["UC #1"], command="Narcotics")
    smith = scenario.officers["smith"].id
    links = [(smith, "accused"), (witness.id, "witness")]
    add_allegation(library, scenario.matters["rivera"].id, links,
                   "2021-04-01", ["UC.ALCOHOL"], "Supplied alcohol.")  # fmt: skip
    out = tmp_path / "brief.docx"
    export_memo(library, MemoOptions(kind="public"), out)
    text = all_part_text(out)
    assert "Officer 2" in text and not re.search(r"Officer 1\b", text)
    assert_no_identifier(library, out)


def test_template_gives_styles_and_page_setup_only(scenario: Scenario, tmp_path: Path) -> None:
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Re: docket cr 001234 24"
    template.sections[0].footer.paragraphs[0].text = "Maria Rivera file"
    template.core_properties.author = "Grace Okafor"
    template.sections[0].left_margin = docx.shared.Inches(1.75)
    template.add_paragraph("Body text of the template")
    folder = tmp_path / "exports"
    folder.mkdir()
    template_path = folder / "office.docx"
    template.save(str(template_path))
    out = folder / "brief.docx"
    export_memo(scenario.library, MemoOptions(kind="public", template=template_path), out)
    assert_no_identifier(scenario.library, out)
    written = docx.Document(str(out))
    assert written.sections[0].left_margin == docx.shared.Inches(1.75)
    assert "Body text of the template" not in all_part_text(out)
    assert written.core_properties.author == ""
    # A style named after a client cannot be rebuilt away: the brief is refused.
    template.styles.add_style("Rivera quote", 1)
    template.save(str(template_path))
    out.write_bytes(b"earlier brief")
    with pytest.raises(IdentifierLeakError) as caught:
        export_memo(
            scenario.library,
            MemoOptions(kind="public", template=template_path),
            out,
            overwrite=True,
        )
    assert caught.value.part == "word/styles.xml"
    assert out.read_bytes() == b"earlier brief"
    assert sorted(path.name for path in folder.iterdir()) == ["brief.docx", "office.docx"]


def test_title_is_scanned_before_it_is_used(scenario: Scenario, tmp_path: Path) -> None:
    with pytest.raises(IdentifierLeakError) as caught:
        export_memo(
            scenario.library,
            MemoOptions(kind="public", title="The case of MARIA  RIVERA"),
            tmp_path / "brief.docx",
        )
    assert caught.value.part == "the title"
    assert not (tmp_path / "brief.docx").exists()


def refused_by_package_check(
    scenario: Scenario, document: docx.document.Document, tmp_path: Path
) -> IdentifierLeakError:
    """The refusal of the last check on a written file, for ``document`` saved as is."""
    path = tmp_path / "probe.docx"
    document.save(str(path))
    library = scenario.library
    scanner = Pseudonymiser(all_clients(library), [s.matter for s in list_matters(library)])
    with pytest.raises(IdentifierLeakError) as caught:
        check_package(path, tmp_path / "checked.docx", scanner.scanner)
    return caught.value


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
def test_package_check_reads_every_part(
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
    caught = refused_by_package_check(scenario, document, tmp_path)
    assert (caught.part, caught.identifier_kind) == (where, kind)
    assert not (tmp_path / "checked.docx").exists()


@pytest.mark.parametrize("clock", ["00:12:34", "01:23:40", "12:34:00"])
def test_a_brief_is_written_whatever_the_time_of_day(
    scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: str
) -> None:
    """The document's own timestamps are moments, not numbers: written at 00:12:34 the brief's
    properties say "T00:12:34Z", whose digits are officer Smith's shield 1234."""
    hour, minute, second = (int(part) for part in clock.split(":"))

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def]
            return datetime(2026, 12, 1, hour, minute, second, tzinfo=tz)

    monkeypatch.setattr(public_module, "datetime", Clock)
    out = tmp_path / "brief.docx"
    export_memo(scenario.library, MemoOptions(kind="public"), out)
    with zipfile.ZipFile(out) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert f"2026-12-01T{clock}Z" in core


def test_a_birth_date_in_the_documents_own_dates_is_still_found(
    scenario: Scenario, tmp_path: Path
) -> None:
    document = docx.Document()
    document.add_paragraph("Nothing to see here.")
    document.core_properties.created = datetime(1990, 4, 2, 9, 30)
    caught = refused_by_package_check(scenario, document, tmp_path)
    assert (caught.part, caught.identifier_kind) == (
        "docProps/core.xml",
        "date_of_birth",
    )


def test_pseudonyms_never_equal_an_identifier() -> None:
    """A client known as "AJ" means no other client is ever "Client AJ"."""
    clients = [ClientRecord(index, f"Person Number{index}", None) for index in range(1, 40)]
    clients.append(
        ClientRecord(99, "Anthony Jackson", None, (ClientIdentifierRecord(1, "aka", "AJ"),))
    )
    pseudonyms = assign_pseudonyms(clients)
    assert "Client AJ" not in pseudonyms.values()
    assert pseudonyms[1] == "Client A" and len(set(pseudonyms.values())) == len(clients)
    # "Client PN" would be the initials of every "Person NumberN".
    assert "Client PN" not in pseudonyms.values()


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


def test_review_lists_passages_with_findings(scenario: Scenario) -> None:
    review = build_review(scenario.library)
    by_key = {item.record.key: item for item in review.passages}
    quote = next(item for item in review.passages if "DOB" in item.record.text)
    assert quote.certain == 2 and quote.would_read == "Client A, DOB [withheld]"
    assert {finding.kind for finding in quote.findings} == {"name", "date_of_birth"}
    assert all(not item.record.released for item in by_key.values())
    assert "cannot know" in review.notice
    assert [item.where for item in review.fixed][:1] == ["the title"]


def test_public_brief_review_and_release_commands(
    scenario: Scenario, library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario.library.close()
    base = ["--library", str(library_path)]
    review = tmp_path / "review.json"
    out = tmp_path / "public.docx"
    # Releasing needs a review first.
    code = main([*base, "export", "memo", "--kind", "public", "--review", str(review),
                 "--release-all-reviewed", "--out", str(out)])  # fmt: skip
    err = capsys.readouterr().err
    assert code != 0 and "no review" in err and len(err.strip().splitlines()) == 1
    code = main([*base, "export", "memo", "--kind", "public", "--review", str(review)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "cannot know" in captured.out and not out.exists()
    data = json.loads(review.read_text("utf-8"))
    assert {item["passage"] for item in data["passages"]} >= {"allegation:1", "citation:1"}
    # A review changed after it was written is refused.
    tampered = tmp_path / "tampered.json"
    data["passages"][0]["text"] = "something else"
    tampered.write_text(json.dumps(data), "utf-8")
    code = main([*base, "export", "memo", "--kind", "public", "--review", str(tampered),
                 "--release-all-reviewed", "--out", str(out)])  # fmt: skip
    err = capsys.readouterr().err
    assert code != 0 and "changed after it was written" in err and not out.exists()
    code = main([*base, "export", "memo", "--kind", "public", "--review", str(review),
                 "--release-all-reviewed", "--out", str(out), "--suppress-below", "3"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Released" in captured.out and "Wrote public brief" in captured.out
    library = Library.open(library_path, readonly=True)
    try:
        assert_no_identifier(library, out)
        assert read_review(library, review)
    finally:
        library.close()
    assert "Officer 2 states he met the defendant" in all_part_text(out)
    # One passage at a time.
    code = main([*base, "passage", "unrelease", "citation:1"])
    assert code == 0 and "Withdrew the release of citation:1" in capsys.readouterr().out
    code = main([*base, "passage", "list", "--released", "--json"])
    listed = json.loads(capsys.readouterr().out)
    assert "citation:1" not in {item["key"] for item in listed}
    code = main([*base, "passage", "release", "citation:2"])
    assert code == 0 and "Released citation:2" in capsys.readouterr().out
    code = main([*base, "passage", "release", "citation:999"])
    err = capsys.readouterr().err
    assert code != 0 and "no citation with id 999" in err
    title = "Brief on Nadia Baptiste"
    code = main([*base, "export", "memo", "--kind", "public", "--out",
                 str(tmp_path / "bad.docx"), "--title", title])  # fmt: skip
    err = capsys.readouterr().err
    assert code != 0 and "Nadia Baptiste" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "bad.docx").exists()
