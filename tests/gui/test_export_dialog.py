"""The export dialog: both memo kinds in the background; a refused public brief explained."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from evidence_desk.core.library import Library
from evidence_desk.gui.context import AppContext
from evidence_desk.gui.views.export_dialog import ExportDialog
from tests.core.memo_data import build_scenario
from tests.gui.gui_helpers import answer_message_box

EDITED = b"the memo as the attorney edited it in Word"


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
        dialog.start_export()
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


def test_a_memo_edited_in_word_is_never_replaced_without_asking(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    scenario = build_scenario(library)
    context = AppContext(library)
    rivera = scenario.matters["rivera"]
    dialog = ExportDialog(context, matter_id=rivera.id)
    qtbot.addWidget(dialog)
    dialog.show()
    first = Path(dialog.output_edit.text())
    # The suggested name says what, for which matter, and when (to the minute).
    assert first.parent == library.matter_folder(rivera.folder_key) / "exports"
    assert re.fullmatch(r"motion-memo-2024-001-\d{4}-\d\d-\d\d-\d{4}\.docx", first.name)
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        dialog.start_export()
    assert dialog.result is not None and first.is_file()
    first.write_bytes(EDITED)  # the attorney edits the memo in Word and saves it

    # The next export, in this dialog or a new one, suggests a new name.
    assert Path(dialog.output_edit.text()) not in (first,) and dialog.output_edit.text()
    again = ExportDialog(context, matter_id=rivera.id)
    qtbot.addWidget(again)
    second = Path(again.output_edit.text())
    assert second != first and not second.exists()

    # Naming the edited file on purpose asks first; Cancel writes nothing.
    again.output_edit.setText(str(first))
    seen = answer_message_box(QMessageBox.StandardButton.Cancel)
    assert again.start_export() is None
    assert "already exists" in seen["text"] and first.name in seen["text"]
    assert first.read_bytes() == EDITED
    assert "Nothing was written" in again.message.text()

    # Replace is the user's explicit choice.
    answer_message_box(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(again.finished_export, timeout=30000):
        assert again.start_export() is not None
    assert again.result is not None and first.read_bytes() != EDITED


def test_a_file_chosen_in_the_file_chooser_is_not_asked_about_twice(
    qtbot: QtBot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_scenario(library)
    dialog = ExportDialog(AppContext(library))
    qtbot.addWidget(dialog)
    existing = tmp_path / "old.docx"
    existing.write_bytes(EDITED)
    # QFileDialog asks "Replace?" itself before it returns an existing file.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(existing), ""))
    dialog.choose_output()
    dialog.min_matters_spin.setValue(1)
    monkeypatch.setattr(dialog, "confirm_replace", lambda _out: pytest.fail("asked twice"))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        assert dialog.start_export() is not None
    assert dialog.result is not None and existing.read_bytes() != EDITED
