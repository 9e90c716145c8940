"""The review list before a public brief: release passages (undoably), see identifiers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from evidence_desk.core.library import Library
from evidence_desk.core.releases import list_passages
from evidence_desk.gui.context import AppContext
from evidence_desk.gui.views.release_review import RELEASE, ReleaseReviewDialog

from ..core.memo_data import build_scenario


def released(library: Library) -> set[str]:
    return {record.key for record in list_passages(library) if record.released}


def test_review_releases_passages_undoably(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    build_scenario(library)
    context = AppContext(library)
    dialog = ReleaseReviewDialog(context, {})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.review is not None, timeout=30000)
    assert "cannot know" in dialog.notice.text()
    assert dialog.table.rowCount() == len(dialog.review.passages) > 5
    # The quote with the client's name and date of birth, highlighted.
    row = next(
        index
        for index, item in enumerate(dialog.review.passages)
        if item.record.text.startswith("Maria Rivera, DOB")
    )
    dialog.table.selectRow(row)
    shown = dialog.detail.toHtml()
    assert "f4b6b6" in shown and "Client A, DOB [withheld]" in shown
    assert "2 replaced" in dialog.table.item(row, 4).text()
    key = dialog.review.passages[row].record.key

    dialog.table.item(row, RELEASE).setCheckState(Qt.CheckState.Checked)
    assert released(library) == {key}
    assert "1 released" in dialog.status.text()
    context.undo_stack.undo()
    assert released(library) == set()
    assert dialog.table.item(row, RELEASE).checkState() == Qt.CheckState.Unchecked
    context.undo_stack.redo()
    assert released(library) == {key}

    dialog.release_all_button.click()
    assert len(released(library)) == dialog.table.rowCount()
    context.undo_stack.undo()
    assert released(library) == {key}
    dialog.reject()
