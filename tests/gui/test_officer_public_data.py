"""The registry window with public data: imports with progress and cancel, public records on
the officer's page, the filter without leading zeros, possible duplicates, the dossier."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from evidence_desk.core import officers, public_records, roster
from evidence_desk.core.library import Library
from evidence_desk.core.officers import IdentifierInput
from evidence_desk.gui.context import AppContext, Change
from evidence_desk.gui.models.officers import OfficerTableModel
from evidence_desk.gui.views.officer_dossier import DossierDialog
from evidence_desk.gui.views.officer_duplicates import DuplicatesDialog
from evidence_desk.gui.views.officer_picker import NewOfficerDialog
from evidence_desk.gui.views.officer_registry import MergeDialog, OfficerRegistry
from evidence_desk.gui.views.public_data_import import PublicDataImportDialog
from tests.core.public_data_files import (
    CCRB_HEADERS,
    PROPUBLICA_HEADERS,
    ccrb_row,
    propublica_row,
    write_csv,
)
from tests.gui.gui_helpers import answer_message_box, when_modal


def _roster(path: Path, count: int) -> Path:
    return write_csv(
        path,
        CCRB_HEADERS,
        [ccrb_row(str(500000 + n), "Ana", "Rodriguez", str(2000 + n)) for n in range(count)],
    )


def _visible_ids(registry: OfficerRegistry) -> list[int]:
    proxy = registry.proxy
    return [
        registry.model.record(proxy.mapToSource(proxy.index(row, 0)).row()).id
        for row in range(proxy.rowCount())
    ]


def test_a_roster_is_previewed_then_imported_in_the_background(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    path = _roster(tmp_path / "roster.csv", 1200)
    context = AppContext(library)
    registry = OfficerRegistry(context)
    qtbot.addWidget(registry)
    dialog = PublicDataImportDialog(context, "roster", path, registry)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=30000)
    assert "Would import: 1,200 officers added" in dialog.summary.text()
    assert "Recognised as NYC CCRB officer roster" in dialog.preset_label.text()
    assert dialog.source_edit.text() == "NYC CCRB officer roster"
    assert dialog.column_of("shield") == "Shield No"
    assert officers.list_officers(library) == []  # a preview changes nothing
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.imported, timeout=60000)
    assert "Imported: 1,200 officers added" in dialog.summary.text()
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.cancel_button.text() == "Close"
    assert len(registry.officer_ids()) == 1200  # the registry refreshed itself
    assert registry.model.record(0).public_record_count == 0


def test_cancelling_an_import_keeps_nothing(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    path = _roster(tmp_path / "roster.csv", 3000)
    context = AppContext(library)
    dialog = PublicDataImportDialog(context, "roster", path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=30000)
    dialog.start_import()
    assert dialog.cancel_button.text() == "Cancel import"
    dialog.cancel_or_close()
    qtbot.waitUntil(lambda: dialog._task is None, timeout=60000)
    assert "Import cancelled: nothing was imported." in dialog.message.text()
    assert not dialog.imported
    assert officers.list_officers(library) == []


def test_columns_can_be_chosen_in_the_dialog(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Nom,Prenom,Plaque\nPEREZ,ANA,0042\nDIAZ,LUIS,0043\n", encoding="utf-8")
    context = AppContext(library)
    dialog = PublicDataImportDialog(context, "roster", path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(
        lambda: "no column with the officer's name" in dialog.message.text(), timeout=30000
    )
    assert not dialog.import_button.isEnabled()
    dialog.set_column("last_name", "Nom")
    dialog.set_column("first_name", "Prenom")
    dialog.set_column("shield", "Plaque")
    dialog.start_preview()
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=30000)
    assert "2 officers added" in dialog.summary.text()
    assert dialog.column_of("last_name") == "Nom"


def test_bad_and_ambiguous_rows_are_listed_with_their_lines(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    officers.add_officer(library, "Ivan Ross")
    path = tmp_path / "roster.csv"
    path.write_text("first_name,last_name,tax_id\nIvan,Ross,\nEva,Luna,X1\nAna,Perez,7\n")
    context = AppContext(library)
    dialog = PublicDataImportDialog(context, "roster", path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=30000)
    lines = [dialog.issues.item(row).text() for row in range(dialog.issues.count())]
    assert lines[0].startswith("Line 2 — Ambiguous: Ivan Ross: no identifier to tell it from")
    assert lines[1] == "Line 3 — Unreadable: the tax id 'X1' is not a number"


def test_public_records_show_on_the_officers_page(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    export = write_csv(
        tmp_path / "allegations.csv",
        PROPUBLICA_HEADERS,
        [
            propublica_row("10007", "John", "Sears", "5952", "24601"),
            propublica_row("10007", "John", "Sears", "5952", "24602", disposition="Exonerated"),
        ],
    )
    roster.import_roster(library, export)
    public_records.import_records(library, export)
    context = AppContext(library)
    registry = OfficerRegistry(context)
    qtbot.addWidget(registry)
    sears = registry.officer_ids()[0]
    assert registry.select_officer(sears)
    assert registry.detail_tabs.tabText(1) == "Public records (2)"
    assert registry.detail_tabs.tabText(0) == "Allegations in all matters (privileged)"
    dispositions = {registry.public_model.record(row).disposition for row in range(2)}
    assert dispositions == {"Substantiated (Charges)", "Exonerated"}
    assert registry.model.record(0).public_record_count == 2


def test_the_filter_compares_numbers_without_leading_zeros(qtbot: QtBot, library: Library) -> None:
    uc = officers.add_officer(
        library, "", description="male, 30s", identifiers=[IdentifierInput("uc", "0214")]
    )
    other = officers.add_officer(
        library, "Tom Kell", identifiers=[IdentifierInput("shield", "2140")]
    )
    context = AppContext(library)
    registry = OfficerRegistry(context)
    qtbot.addWidget(registry)
    registry.filter_edit.setText("UC 214")
    registry.apply_filter()
    assert _visible_ids(registry) == [uc.id]
    registry.filter_edit.setText("2140")
    registry.apply_filter()
    assert _visible_ids(registry) == [other.id]
    registry.filter_edit.setText("")
    registry.apply_filter()
    assert sorted(_visible_ids(registry)) == sorted([uc.id, other.id])


def test_possible_duplicates_are_offered_and_merged(qtbot: QtBot, library: Library) -> None:
    first = officers.add_officer(
        library, "Kevin O'Brien", identifiers=[IdentifierInput("shield", "777")]
    )
    second = officers.add_officer(
        library, "Kevin OBrien", identifiers=[IdentifierInput("shield", "0777")], force=True
    )
    context = AppContext(library)
    registry = OfficerRegistry(context)
    qtbot.addWidget(registry)
    dialog = DuplicatesDialog(context, registry.merge_pair, registry)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=30000)
    pair = dialog.model.record(0)
    assert (pair.first.id, pair.second.id, pair.confidence) == (first.id, second.id, "possible")
    assert dialog.merge_button.isEnabled()

    def merge(box: QWidget) -> None:
        assert isinstance(box, MergeDialog)
        box.accept()

    when_modal(MergeDialog, merge)
    assert dialog.merge_selected() is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=30000)
    assert "No possible duplicates" in dialog.status.text()
    assert len(registry.officer_ids()) == 1


def test_the_dossier_view_and_its_export(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    export = write_csv(
        tmp_path / "allegations.csv",
        PROPUBLICA_HEADERS,
        [propublica_row("10007", "John", "Sears", "5952", "24601", allegation="Chokehold")],
    )
    roster.import_roster(library, export)
    public_records.import_records(library, export)
    sears = officers.list_officers(library)[0].id
    context = AppContext(library)
    dialog = DossierDialog(context, sears)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=30000)
    text = dialog.browser.toPlainText()
    assert "Officer dossier: Police Officer John Sears" in text
    assert "Force: Chokehold" in text and "Public records (1)" in text
    assert "not privileged" in text  # no allegation of the office names him
    out = tmp_path / "sears.docx"
    out.write_bytes(b"earlier")
    dialog.export(out)
    qtbot.waitUntil(lambda: "already exists" in dialog.message.text(), timeout=30000)
    assert out.read_bytes() == b"earlier"
    dialog.export(out, overwrite=True)
    qtbot.waitUntil(lambda: dialog.exported == out, timeout=30000)
    assert out.read_bytes()[:2] == b"PK"
    assert "public records only" in dialog.message.text()


def test_registering_a_known_officer_asks_first(qtbot: QtBot, library: Library) -> None:
    kell = officers.add_officer(library, "Thomas Kell", identifiers=[IdentifierInput("uc", "214")])
    context = AppContext(library)
    for answer, registered in (
        (QMessageBox.StandardButton.No, False),
        (QMessageBox.StandardButton.Yes, True),
    ):
        dialog = NewOfficerDialog(context, "Thomas Kell UC 0214")
        qtbot.addWidget(dialog)
        seen = answer_message_box(answer)
        dialog.accept()
        assert f"Officer {kell.id} (Thomas Kell) is already registered" in seen["text"]
        assert (dialog.record is not None) is registered
    assert len(officers.list_officers(library)) == 2


def test_a_large_registry_loads_in_the_background(
    qtbot: QtBot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence_desk.gui.views import officer_registry

    monkeypatch.setattr(officer_registry, "LARGE_REGISTRY", 10)
    roster.import_roster(library, _roster(tmp_path / "roster.csv", 40))
    context = AppContext(library)
    registry = OfficerRegistry(context)
    qtbot.addWidget(registry)
    assert registry.loading and registry.officer_ids() == []
    qtbot.waitUntil(lambda: not registry.loading, timeout=30000)
    assert len(registry.officer_ids()) == 40 and registry.count_label.text() == "40 officers"
    first = registry.officer_ids()[0]
    assert registry.select_officer(first)
    officers.add_alias(library, first, "P.O. Rodriguez")
    context.announce(Change.OFFICERS)  # a change elsewhere: reloaded in the background too
    assert registry.loading
    qtbot.waitUntil(lambda: not registry.loading, timeout=30000)
    assert registry.current is not None and registry.current.id == first
    assert [alias.text for alias in registry.current.aliases] == ["P.O. Rodriguez"]


def test_the_filter_follows_a_sort_and_a_reload(qtbot: QtBot, library: Library) -> None:
    kell = officers.add_officer(library, "Tom Kell", identifiers=[IdentifierInput("uc", "214")])
    for name in ("Ana Abel", "Zoe Zane", "Max Moss"):
        officers.add_officer(library, name)
    context = AppContext(library)
    registry = OfficerRegistry(context)
    qtbot.addWidget(registry)
    registry.filter_edit.setText("uc 0214")
    registry.apply_filter()
    assert _visible_ids(registry) == [kell.id]
    registry.table.sortByColumn(OfficerTableModel.NAME, Qt.SortOrder.DescendingOrder)
    assert _visible_ids(registry) == [kell.id]
    officers.add_officer(library, "Aaron Aab")
    registry.refresh()
    assert _visible_ids(registry) == [kell.id]
    registry.filter_edit.clear()
    registry.apply_filter()
    names = [
        registry.model.record(registry.proxy.mapToSource(registry.proxy.index(row, 0)).row()).name
        for row in range(registry.proxy.rowCount())
    ]
    assert names == ["Zoe Zane", "Tom Kell", "Max Moss", "Ana Abel", "Aaron Aab"]
