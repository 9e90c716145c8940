"""Forms as people fill them in: dates of birth in the locale's numeric order or ISO, problems
shown beside the field they concern."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot

from evidence_desk.core import matters
from evidence_desk.core.library import Library
from evidence_desk.gui.main_window import MainWindow
from evidence_desk.gui.views.matter_dialog import MatterDialog
from tests.gui.test_main_window import answer_matter_dialog


@pytest.fixture
def us_locale() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> MainWindow:
    main = MainWindow(library)
    qtbot.addWidget(main)
    main.show()
    return main


def fill_new_matter(date_of_birth: str):
    def fill(dialog: MatterDialog) -> None:
        dialog.file_number.setText("2024-201")
        dialog.caption.setText("People v. Rivera")
        dialog.client_name.setText("Ana Rivera")
        dialog.client_identifiers.add_row("aka", "Annie R.")
        dialog.client_date_of_birth.setText(date_of_birth)

    return fill


@pytest.mark.usefixtures("us_locale")
def test_a_us_date_of_birth_is_read_month_first_and_said_in_words(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = answer_matter_dialog(monkeypatch, fill_new_matter("07/02/1996"))
    window.matter_actions.new_matter()
    stored = matters.get_matter_by_file_number(window.library, "2024-201")
    assert stored.client.date_of_birth == date(1996, 7, 2)
    assert "July 2, 1996" in shown[0].date_of_birth_field.hint.text()
    assert stored.client.other_names == ("Annie R.",)


@pytest.mark.usefixtures("us_locale")
@pytest.mark.parametrize("typed", ["1996-07-02", "7/2/1996", "7/2/96", "07-02-1996"])
def test_iso_and_other_numeric_spellings_of_the_same_day(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    answer_matter_dialog(monkeypatch, fill_new_matter(typed))
    window.matter_actions.new_matter()
    stored = matters.get_matter_by_file_number(window.library, "2024-201")
    assert stored.client.date_of_birth == date(1996, 7, 2)


def test_a_british_locale_reads_the_day_first(qtbot: QtBot) -> None:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    try:
        dialog = MatterDialog()
        qtbot.addWidget(dialog)
        dialog.client_date_of_birth.setText("07/02/1996")
        assert dialog.matter_input().client_date_of_birth == date(1996, 2, 7)
    finally:
        QLocale.setDefault(previous)


@pytest.mark.usefixtures("us_locale")
def test_a_date_of_birth_that_is_no_day_is_refused_beside_the_field(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = answer_matter_dialog(monkeypatch, fill_new_matter("13/40/1996"))
    window.matter_actions.new_matter()
    dialog = shown[0]
    hint = dialog.date_of_birth_field.hint
    assert hint.text().startswith("⚠") and "not a real day" in hint.text()
    assert dialog.error_label.isHidden()  # beside the field, not at the foot of the form
    assert dialog.focusWidget() is dialog.client_date_of_birth
    assert matters.list_matters(window.library) == []
    # Mending the field takes the warning away and says the day instead.
    dialog.client_date_of_birth.setText("12/04/1996")
    assert hint.text() == "Wednesday, December 4, 1996"


@pytest.mark.usefixtures("us_locale")
def test_an_edited_matter_shows_its_date_of_birth_in_the_locales_order(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = matters.add_matter(
        window.library,
        matters.MatterInput(
            "2024-202", "People v. Dob", "Dana Dob", client_date_of_birth=date(1990, 5, 6)
        ),
    )
    dialog = MatterDialog(window, record)
    assert dialog.client_date_of_birth.text() == "05/06/1990"
    assert dialog.changes() == {}  # shown differently, but the same day


def test_an_officers_description_takes_several_lines(qtbot: QtBot, library: Library) -> None:
    from evidence_desk.core import officers
    from evidence_desk.gui.context import AppContext
    from evidence_desk.gui.views.officer_registry import OfficerRegistry

    record = officers.add_officer(library, "", description="white male, 40s")
    registry = OfficerRegistry(AppContext(library))
    qtbot.addWidget(registry)
    registry.show()
    registry.select_officer(record.id)
    field = registry.field_edits["description"]
    assert field.height() >= field.fontMetrics().lineSpacing() * 3  # room for several lines
    description = "white male, 40s, grey hoodie\ncalled 'Mike' by the field team\nbeard"
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, description.split("\n")[0])
    for line in description.split("\n")[1:]:
        qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.keyClicks(field, line)
    assert registry.save_button.isEnabled()
    assert registry.save_details()
    assert officers.get_officer(library, record.id).description == description
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert not field.hasFocus()  # Tab moves on; it does not type a tab
