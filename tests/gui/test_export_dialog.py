"""The export dialog: both memo kinds in the background; a refused public brief explained."""

from __future__ import annotations

from pathlib import Path

import docx
from pytestqt.qtbot import QtBot

from evidence_desk.core.library import Library
from evidence_desk.gui.context import AppContext
from evidence_desk.gui.views.export_dialog import ExportDialog
from tests.core.memo_data import build_scenario


def test_export_motion_and_public_and_see_a_refusal(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    scenario = build_scenario(library)
    context = AppContext(library)
    rivera = scenario.matters["rivera"]
    smith = scenario.officers["smith"]
    dialog = ExportDialog(context, matter_id=rivera.id, officer_ids=(smith.id,))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.matter_combo.currentData() == rivera.id
    assert "Smith" in dialog.officer_label.text()
    assert dialog.output_edit.text().endswith(".docx")
    assert not dialog.pseudonyms_box.isChecked()

    motion = tmp_path / "out" / "motion.docx"
    dialog.output_edit.setText(str(motion))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        assert dialog.start_export() is not None
        assert not dialog.export_button.isEnabled()  # running in the background
    assert dialog.result is not None and dialog.result.kind == "motion"
    assert motion.is_file() and dialog.open_button.isVisible()
    assert "Motion memo written" in dialog.message.text()
    text = "\n".join(p.text for p in docx.Document(str(motion)).paragraphs)
    assert "Smith" in text

    dialog.set_kind("public")
    assert dialog.pseudonyms_box.isChecked() and not dialog.pseudonyms_box.isEnabled()
    assert dialog.month_dates_box.isChecked()
    public = tmp_path / "out" / "public.docx"
    dialog.output_edit.setText(str(public))
    dialog.title_edit.setText("What happened to Maria Rivera")
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        assert dialog.start_export() is None  # the review of the passages comes first
        review = dialog.review_dialog
        assert review is not None and review.isVisible()
        qtbot.waitUntil(lambda: review.review is not None, timeout=30000)
        review.export_button.click()
    assert dialog.result is None and not public.exists()
    assert dialog.refusal is not None
    assert dialog.refusal_box.isVisible()
    assert dialog.refusal_kind.text() == "the client's name"
    assert dialog.refusal_identifier.text() == "“Maria Rivera”"
    assert dialog.refusal.part in dialog.refusal_part.text()
    assert not dialog.open_button.isVisible()

    dialog.title_edit.clear()
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        dialog.start_export()
        review = dialog.review_dialog
        qtbot.waitUntil(lambda: review.review is not None, timeout=30000)
        review.export_button.click()
    assert dialog.result is not None and dialog.result.kind == "public"
    assert public.is_file() and not dialog.refusal_box.isVisible()
    text = "\n".join(p.text for p in docx.Document(str(public)).paragraphs)
    assert "Rivera" not in text


def test_missing_template_is_reported_inline(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    context = AppContext(library)
    dialog = ExportDialog(context)
    qtbot.addWidget(dialog)
    dialog.template_edit.setText(str(tmp_path / "missing.docx"))
    assert dialog.start_export() is None
    assert "does not exist" in dialog.message.text()
