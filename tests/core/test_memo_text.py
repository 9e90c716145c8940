"""Text Word cannot hold (control characters real PDFs contain) never breaks a memo export."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from evidence_desk.core.library import Library
from evidence_desk.core.memo import MEMO_KINDS, MemoOptions, export_memo
from evidence_desk.core.memo.docx_parts import word_text

from .memo_data import Cite, add_allegation, build_scenario

pytestmark = pytest.mark.databases

HOSTILE = "The UC\x0b said \x01\x02\x1b[0mcome\x0chere\x00 now \ufffe"


def test_word_text_keeps_what_word_can_hold_and_replaces_the_rest() -> None:
    assert word_text("tab\tline\nreturn\r kept: é — 陳 🙂") == "tab\tline\nreturn\r kept: é — 陳 🙂"
    assert word_text("page\x0cbreak\x0bvertical") == "page break vertical"
    assert word_text("a\x00b\x01c\x1fd\x7f") == "abcd\x7f"
    assert word_text("lone \ud800 surrogate \ufffe\uffff") == "lone \ufffd surrogate "


@pytest.mark.parametrize("kind", MEMO_KINDS)
def test_control_characters_in_quotes_and_summaries_do_not_break_any_memo(
    library: Library, tmp_path: Path, kind: str
) -> None:
    scenario = build_scenario(library)
    document_id = scenario.documents["rivera_arrest"]
    add_allegation(
        library,
        scenario.matters["rivera"].id,
        [(scenario.officers["smith"].id, "accused")],
        "2021-04-01",
        ["UC.EXPOSURE"],
        f"Summary with control characters: {HOSTILE}",
        [Cite(f"quoted {HOSTILE}", document_id=document_id, page_start=2)],
    )
    out = tmp_path / f"{kind}.docx"
    export_memo(library, MemoOptions(kind=kind, matter_id=scenario.matters["rivera"].id), out)
    with zipfile.ZipFile(out) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        notes = archive.read("word/footnotes.xml").decode("utf-8")
    for text in (body, notes):
        assert "\x01" not in text and "\x0c" not in text and "\x00" not in text
    assert "come here" in body + notes or kind == "public"
