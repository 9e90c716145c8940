"""The export dialog: the three kinds in the background, their defaults from where it was
opened, a refused public brief explained; the office settings dialog."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from evidence_desk.core.authorities import get_authority
from evidence_desk.core.library import Library
from evidence_desk.core.office_settings import load_office_settings
from evidence_desk.gui.context import AppContext
from evidence_desk.gui.main_window import MainWindow
from evidence_desk.gui.settings import AppSettings
from evidence_desk.gui.views.export_dialog import ExportDialog
from evidence_desk.gui.views.office_settings_dialog import OfficeSettingsDialog
from tests.core.memo_data import build_scenario
from tests.gui.gui_helpers import answer_message_box

EDITED = b"the memo as the attorney edited it in Word"


def test_export_each_kind_and_see_a_refusal(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    scenario = build_scenario(library)
    context = AppContext(library)
    rivera = scenario.matters["rivera"]
    smith = scenario.officers["smith"]
    dialog = ExportDialog(context, matter_id=rivera.id, officer_ids=(smith.id,))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.kind() == "internal"  # opened on officers: the memo about them
    assert dialog.matter_combo.currentData() == rivera.id
    assert "Smith" in dialog.officer_label.text()
    assert (
        dialog.output_edit.text().endswith(".docx") and "internal-memo" in dialog.output_edit.text()
    )
    assert not dialog.pseudonyms_box.isChecked() and not dialog.motion_box.isVisible()

    internal = tmp_path / "out" / "internal.docx"
    dialog.output_edit.setText(str(internal))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        assert dialog.start_export() is not None
        assert not dialog.export_button.isEnabled()  # running in the background
    assert dialog.result is not None and dialog.result.kind == "internal"
    assert internal.is_file() and dialog.open_button.isVisible()
    assert "Internal memo written" in dialog.message.text()
    text = "\n".join(p.text for p in docx.Document(str(internal)).paragraphs)
    assert "Smith" in text and "PRIVILEGED AND CONFIDENTIAL" in text

    dialog.set_kind("motion")
    assert dialog.motion_box.isVisible() and "blanks" in dialog.office_label.text()
    dialog.part_edit.setText("AP-7")
    dialog.return_date_box.setChecked(True)
    dialog.return_date_edit.setDate(QDate(2027, 4, 2))
    motion = tmp_path / "out" / "motion.docx"
    dialog.output_edit.setText(str(motion))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        dialog.start_export()
    assert dialog.result is not None and dialog.result.kind == "motion", dialog.message.text()
    message = dialog.message.text()
    assert "Motion papers written" in message and "Fill in the highlighted blanks" in message
    assert "return date" not in dialog.result.blanks and "part" not in dialog.result.blanks
    text = "\n".join(p.text for p in docx.Document(str(motion)).paragraphs)
    assert "in Part AP-7" in text and "on April 2, 2027" in text
    assert "the defendant, Maria Rivera," in text and "Okafor" not in text

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
    assert re.fullmatch(r"motion-papers-2024-001-\d{4}-\d\d-\d\d-\d{4}\.docx", first.name)
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


def test_the_kind_follows_where_the_dialog_was_opened(qtbot: QtBot, library: Library) -> None:
    scenario = build_scenario(library)
    context = AppContext(library)
    on_matter = ExportDialog(context, matter_id=scenario.matters["okafor"].id)
    qtbot.addWidget(on_matter)
    assert on_matter.kind() == "motion"
    assert on_matter.matter_label.text() == "&Matter the motion is filed in:"
    assert "motion-papers" in on_matter.output_edit.text()
    assert on_matter.export_button.isEnabled()
    # Motion papers without a matter cannot be made: the button says so.
    on_matter.matter_combo.setCurrentIndex(0)
    assert not on_matter.export_button.isEnabled()
    assert on_matter.start_export() is None
    assert "Choose the matter the motion is filed in" in on_matter.message.text()
    on_matter.set_kind("public")
    assert on_matter.export_button.isEnabled() and "public-brief" in on_matter.output_edit.text()
    nowhere = ExportDialog(context)
    qtbot.addWidget(nowhere)
    assert nowhere.kind() == "internal"


def test_office_settings_dialog_saves_settings_and_authorities(
    qtbot: QtBot, library: Library
) -> None:
    context = AppContext(library)
    dialog = OfficeSettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "attorney" in dialog.missing_label.text()
    dialog.fields["attorney"].setText("Jordan Lee")
    dialog.fields["address"].setPlainText("1 Court Street\nBrooklyn, NY 11201")
    dialog.fields["affirmation"].setPlainText("I affirm it.")  # no {date}: refused
    assert not dialog.save()
    assert "{date}" in dialog.message.text() and dialog.isVisible()
    assert load_office_settings(library).attorney == ""  # nothing half-saved
    dialog.fields["affirmation"].setPlainText("")
    # An authority: edit its proposition, move on (saved), then use the shipped text again.
    dialog.tabs.setCurrentIndex(1)
    keys = [
        dialog.authority_list.item(row).data(Qt.ItemDataRole.UserRole).key
        for row in range(dialog.authority_list.count())
    ]
    dialog.authority_list.setCurrentRow(keys.index("brady-v-maryland"))
    dialog.authority_fields["proposition"].setPlainText("Our office's words.")
    dialog.authority_list.setCurrentRow(keys.index("kyles-v-whitley"))
    assert get_authority(library, "brady-v-maryland").proposition == "Our office's words."
    assert "[office]" in dialog.authority_list.item(keys.index("brady-v-maryland")).text()
    dialog.authority_list.setCurrentRow(keys.index("brady-v-maryland"))
    assert dialog.authority_fields["proposition"].toPlainText() == "Our office's words."
    assert dialog.reset_button.isEnabled()
    dialog.reset_current()
    assert get_authority(library, "brady-v-maryland").source == "shipped"
    assert dialog.save()
    settings = load_office_settings(library)
    assert settings.attorney == "Jordan Lee"
    assert settings.address_lines() == ["1 Court Street", "Brooklyn, NY 11201"]


def test_the_window_opens_the_kind_that_fits_where_the_user_is(
    qtbot: QtBot, library: Library
) -> None:
    scenario = build_scenario(library)
    window = MainWindow(library, settings=AppSettings())
    qtbot.addWidget(window)
    window.show()
    rivera = scenario.matters["rivera"]
    window.matter_panel.select_matter(rivera.id)
    on_matter = window.export_memo()
    assert isinstance(on_matter, ExportDialog)
    assert on_matter.kind() == "motion" and on_matter.matter_combo.currentData() == rivera.id
    on_matter.close()
    # On the Officers page, with an officer selected: the internal memo about that officer.
    window.pages.setCurrentIndex(1)
    smith = scenario.officers["smith"]
    qtbot.waitUntil(lambda: smith.id in window.officer_registry.officer_ids(), timeout=10_000)
    window.officer_registry.select_officer(smith.id)
    on_officer = window.export_memo()
    assert isinstance(on_officer, ExportDialog)
    assert on_officer.kind() == "internal" and on_officer.officer_ids == (smith.id,)
    on_officer.close()
    settings = window.edit_office_settings()
    assert isinstance(settings, OfficeSettingsDialog) and settings.isVisible()
    settings.close()
