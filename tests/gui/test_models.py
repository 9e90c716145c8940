"""The item models keep Qt's model contract (qtmodeltester) and load documents lazily."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from evidence_desk.core import documents, matters, notes
from evidence_desk.core.library import Library
from evidence_desk.gui.models.documents import (
    BATCH_SIZE,
    DocumentFilterProxy,
    DocumentTableModel,
)
from evidence_desk.gui.models.matters import MatterFilterProxy, MatterTableModel
from evidence_desk.gui.models.notes import NoteTableModel
from evidence_desk.gui.models.search_results import (
    SNIPPET_ROLE,
    SearchResultModel,
    marked_terms,
    snippet_html,
)
from evidence_desk.gui.models.table_base import ID_ROLE, SORT_ROLE
from tests.gui.gui_helpers import import_evidence, make_matter


def test_matter_model_and_proxy(qtmodeltester, library: Library) -> None:
    make_matter(library, "2024-001")
    closed = make_matter(library, "2024-002")
    matters.update_matter(library, closed.id, status="closed")
    model = MatterTableModel()
    model.set_rows(matters.list_matters(library))
    qtmodeltester.check(model)
    proxy = MatterFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    proxy.set_status(None)
    assert proxy.rowCount() == 2
    proxy.set_text("2024-002")
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data(ID_ROLE) == closed.id
    assert proxy.index(0, MatterTableModel.DOCUMENTS).data(SORT_ROLE) == 0


def test_a_restricted_matter_is_marked_in_the_list(qapp, library: Library) -> None:
    summary = matters.list_matters(library, text=make_matter(library, "2024-001").file_number)[0]
    model = MatterTableModel()
    walled = replace(summary, matter=replace(summary.matter, id=summary.matter.id + 1))
    model.set_rows([summary, replace(walled, team=("alice", "carol"))])
    tip = Qt.ItemDataRole.ToolTipRole
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert "Restricted" not in model.index(0, 0).data(tip)
    assert model.index(1, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "only its team sees it (alice, carol)" in model.index(1, 0).data(tip)


def test_document_model_and_proxy(qtmodeltester, library: Library, tmp_path: Path) -> None:
    matter = make_matter(library)
    import_evidence(library, matter, tmp_path / "a")
    model = DocumentTableModel()
    model.set_rows(documents.list_documents(library, matter.id))
    qtmodeltester.check(model)
    proxy = DocumentFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Bates range"
    row = model.row_of(next(r.id for r in model.rows() if r.kind == "pdf"))
    assert model.index(row, DocumentTableModel.BATES).data() == "NYPD 000125-000127"
    assert model.index(row, DocumentTableModel.STATUS).data() == "Text extracted"


def test_document_model_hands_out_rows_in_batches(library: Library, tmp_path: Path) -> None:
    matter = make_matter(library)
    import_evidence(library, matter, tmp_path / "a")
    template = documents.list_documents(library, matter.id)[0]
    many = [
        replace(template, id=index, title=f"Document {index:05}", imported_at=datetime(2024, 1, 1))
        for index in range(1, BATCH_SIZE * 2 + 11)
    ]
    model = DocumentTableModel()
    model.set_rows(many)
    assert model.rowCount() == BATCH_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == BATCH_SIZE * 2
    assert model.total() == len(many)
    # Filtering or finding a row beyond what is shown exposes the rest first.
    assert model.row_of(len(many)) == len(many) - 1
    assert not model.canFetchMore(QModelIndex())


def test_note_model(qtmodeltester, library: Library) -> None:
    matter = make_matter(library)
    notes.add_note(library, matter.id, "Interview", "She said the UC called twice.")
    model = NoteTableModel()
    model.set_rows(notes.list_notes(library, matter.id))
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "Interview"
    assert "called twice" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)


class _Hit:
    def __init__(self, snippet: str, page: int = 2) -> None:
        self.kind = "page"
        self.document_id = 7
        self.note_id = None
        self.matter_id = 1
        self.matter_file_number = "2024-001"
        self.title = "Arrest report"
        self.page = page
        self.bates = "NYPD 000126"
        self.snippet = snippet


def test_search_result_model_and_snippet_markup(qtmodeltester) -> None:
    model = SearchResultModel()
    model.set_hits([_Hit("the UC «exposed» himself <b>"), _Hit("no mark", page=3)])
    qtmodeltester.check(model)
    assert model.index(0, 0).data(SNIPPET_ROLE) == "the UC <b>exposed</b> himself &lt;b&gt;"
    assert "p. 2 (NYPD 000126)" in model.index(0, 0).data()
    assert snippet_html("«a» and «b & c»") == "<b>a</b> and <b>b &amp; c</b>"
    assert marked_terms("«Smyth» met «smyth» and «UC»") == ["Smyth", "UC"]
