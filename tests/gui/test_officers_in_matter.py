"""The "Officers in this matter" panel: the intake alert, opening pages, undoable decisions."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from evidence_desk.core import matters, mentions, officers
from evidence_desk.core.allegations import AllegationInput, OfficerLink, add_allegation
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.matters import get_matter_by_file_number
from evidence_desk.core.officers import IdentifierInput
from evidence_desk.core.records import MatterId
from evidence_desk.gui.main_window import MainWindow
from evidence_desk.gui.views.officer_picker import NewOfficerDialog
from evidence_desk.gui.views.officers_in_matter import OfficersInMatterPanel
from tests.core.evidence_builders import add_document
from tests.files import make_pdf

PAGES = [
    "ARREST REPORT\nDate of Arrest: 03/12/2021\nArresting Officer: Det. John Smith, Shield 4521",
    "NARRATIVE\nUC #0214 made the buy. Vouchered by P.O. SMITH.\nApproved by SGT. MARIA LOPEZ.",
]


def _matter_id(library: Library, file_number: str) -> MatterId:
    return get_matter_by_file_number(library, file_number).id


@pytest.fixture
def officer_ids(library: Library, tmp_path: Path) -> dict[str, int]:
    smith = officers.add_officer(
        library, "John Smith", rank="Detective", identifiers=[IdentifierInput("shield", "4521")]
    )
    uc = officers.add_officer(
        library, "", description="UC, white male, 30s", identifiers=[IdentifierInput("uc", "0214")]
    )
    mary = officers.add_officer(
        library,
        "Mary Smith",
        rank="Police Officer",
        identifiers=[IdentifierInput("shield", "1234")],
    )
    matters.add_matter(library, matters.MatterInput("2023-050", "People v. Roe", "Rita Roe"))
    add_allegation(
        library,
        AllegationInput(
            _matter_id(library, "2023-050"),
            (OfficerLink(smith.id),),
            "2023-04",
            ("force",),
            "Kicked him",
        ),
    )
    matters.add_matter(library, matters.MatterInput("2024-001", "People v. Doe", "Jane Doe"))
    report = make_pdf(tmp_path / "report.pdf", PAGES, bates_prefix="NYPD", first_bates=125)
    (result,) = import_paths(library, _matter_id(library, "2024-001"), [report])
    assert result.status == "ok"
    return {"smith": smith.id, "uc": uc.id, "mary": mary.id, "document": result.id or 0}


@pytest.fixture
def window(qtbot: QtBot, library: Library, officer_ids: dict[str, int]) -> MainWindow:
    main = MainWindow(library)
    qtbot.addWidget(main)
    main.show()
    main.matter_panel.select_matter(_matter_id(library, "2024-001"))
    panel = main.officers_panel
    qtbot.waitUntil(
        lambda: panel.alert is not None and panel.alert.matter.file_number == "2024-001"
    )
    return main


def _item(panel: OfficersInMatterPanel, label: str):  # type: ignore[no-untyped-def]
    found = [
        item
        for index in range(panel.tree.topLevelItemCount())
        for item in _walk(panel.tree.topLevelItem(index))
        if label in item.text(0) or label in item.text(1)
    ]
    assert found, f"no row shows {label!r}"
    return found[0]


def _walk(item):  # type: ignore[no-untyped-def]
    yield item
    for index in range(item.childCount()):
        yield from _walk(item.child(index))


def _reloaded(qtbot: QtBot, panel: OfficersInMatterPanel) -> None:
    before = panel.alert
    qtbot.waitUntil(lambda: panel.alert is not before)


def test_the_panel_lists_both_officers_with_what_is_known_and_opens_their_pages(
    qtbot: QtBot, window: MainWindow, officer_ids: dict[str, int]
) -> None:
    panel = window.officers_panel
    assert panel.alert is not None
    assert [entry.officer.id for entry in panel.alert.officers] == [
        officer_ids["smith"],
        officer_ids["uc"],
    ]
    smith = _item(panel, "Detective John Smith")
    assert "1 allegation in 1 other matter (privileged)" in smith.text(1)
    assert "Matter 2023-050" in [smith.child(i).text(0) for i in range(smith.childCount())]
    assert "Check these" in _item(panel, "Check these").text(0)

    mention = _item(panel, "“UC #0214”")
    assert "p. 2 (NYPD 000126)" in mention.text(0)
    panel.tree.setCurrentItem(mention)
    panel.tree.itemClicked.emit(mention, 0)
    viewer = window.viewer
    assert viewer.record is not None and viewer.record.id == officer_ids["document"]
    assert viewer.page == 2
    assert viewer.highlight == "UC #0214"


def test_confirm_reject_and_assign_are_undoable(
    qtbot: QtBot, window: MainWindow, officer_ids: dict[str, int], library: Library
) -> None:
    panel = window.officers_panel
    stack = window.context.undo_stack
    panel.tree.setCurrentItem(_item(panel, "“Det. John Smith, Shield 4521”"))
    assert panel.confirm_button.isEnabled()
    panel.confirm_button.click()
    _reloaded(qtbot, panel)
    first = mentions.list_mentions(library, _matter_id(library, "2024-001"))[0]
    assert first.status == "confirmed"
    assert [a.text for a in officers.get_officer(library, officer_ids["smith"]).aliases] == [
        "Det. John Smith, Shield 4521"
    ]
    stack.undo()
    assert mentions.get_mention(library, first.id).status == "proposed"
    assert officers.get_officer(library, officer_ids["smith"]).aliases == ()
    stack.redo()
    assert mentions.get_mention(library, first.id).status == "confirmed"
    _reloaded(qtbot, panel)

    po_smith = next(
        m
        for m in mentions.list_mentions(library, _matter_id(library, "2024-001"))
        if m.text == "P.O. SMITH"
    )
    panel.tree.setCurrentItem(_item(panel, "“P.O. SMITH”"))
    panel.reject_button.click()
    assert mentions.get_mention(library, po_smith.id).status == "rejected"
    stack.undo()
    assert mentions.get_mention(library, po_smith.id).status == "proposed"
    assert panel.assign(po_smith, officer_ids["smith"], "John Smith")
    assert mentions.get_mention(library, po_smith.id).officer_id == officer_ids["smith"]
    stack.undo()
    assert mentions.get_mention(library, po_smith.id).officer_id == officer_ids["mary"]
    assert "Reject" not in stack.redoText()


def test_new_allegation_opens_with_the_officer_and_the_citation_filled_in(
    qtbot: QtBot,
    window: MainWindow,
    officer_ids: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from evidence_desk.gui.views.allegation_editor import AllegationEditor

    seen: list[tuple[object, object]] = []

    def exec_(editor: AllegationEditor) -> int:
        rows = editor.citation_model.rows()
        seen.append((editor.picker.links(), [(r.document_id, r.page_start, r.quote) for r in rows]))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(AllegationEditor, "exec", exec_)
    panel = window.officers_panel
    panel.tree.setCurrentItem(_item(panel, "“Det. John Smith, Shield 4521”"))
    assert not panel.new_allegation_for_selected()  # cancelled: nothing changes
    (links, citations) = seen[0]
    assert [link.officer_id for link in links] == [officer_ids["smith"]]  # type: ignore[attr-defined]
    assert citations == [(officer_ids["document"], 1, "Det. John Smith, Shield 4521")]


def test_a_mention_of_an_unregistered_officer_becomes_a_new_officer_undoably(
    qtbot: QtBot,
    window: MainWindow,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[tuple[str, str]] = []

    def exec_(dialog: NewOfficerDialog) -> int:
        shown.append((dialog.name_edit.text(), dialog.rank_edit.text()))
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewOfficerDialog, "exec", exec_)
    panel = window.officers_panel
    assert "Not in the registry" in _item(panel, "Not in the registry").text(0)
    panel.tree.setCurrentItem(_item(panel, "“SGT. MARIA LOPEZ”"))
    assert panel.new_officer_button.isEnabled() and not panel.confirm_button.isEnabled()
    assert panel.new_officer_for_selected()
    assert shown == [("Maria Lopez", "Sergeant")]  # read from the mention's words
    lopez = next(
        m
        for m in mentions.list_mentions(library, _matter_id(library, "2024-001"))
        if m.text == "SGT. MARIA LOPEZ"
    )
    assert lopez.status == "confirmed" and lopez.officer == "Maria Lopez"
    _reloaded(qtbot, panel)
    assert _item(panel, "Sergeant Maria Lopez")  # now listed with the identified officers
    stack = window.context.undo_stack
    stack.undo()  # the assignment
    assert mentions.get_mention(library, lopez.id).status == "proposed"
    stack.undo()  # the registration
    assert [o.name for o in officers.list_officers(library) if o.name == "Maria Lopez"] == []


def test_documents_read_before_mentions_existed_are_read_in_the_background_with_cancel(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    smith = officers.add_officer(
        library, "John Smith", rank="Detective", identifiers=[IdentifierInput("shield", "4521")]
    )
    matter = matters.add_matter(library, matters.MatterInput("2019-001", "People v. Old", "Al"))
    for number in range(3):  # stored the way an older version stored them: not yet read
        add_document(library, matter.id, f"DD5 {number}", ["Interview by Det. John Smith #4521"])
    assert mentions.unscanned_documents(library) == 3
    monkeypatch.setattr(mentions, "SCAN_BATCH_DOCUMENTS", 1)
    reading, release = threading.Event(), threading.Event()
    detect_pages = mentions.detect_pages

    def held_detect_pages(*args, **kwargs):  # type: ignore[no-untyped-def]
        reading.set()
        release.wait(30)
        return detect_pages(*args, **kwargs)

    monkeypatch.setattr(mentions, "detect_pages", held_detect_pages)
    main = MainWindow(library)  # starts reading at once
    qtbot.addWidget(main)
    main.show()
    scan = main.mention_scan
    assert scan.running
    qtbot.waitUntil(lambda: reading.is_set() and scan.status.isVisible(), timeout=30_000)
    assert scan.status.bar.maximum() == 3
    with qtbot.waitSignal(scan.finished, timeout=30_000) as finished:
        scan.status.cancel_button.click()
        release.set()
    stopped = finished.args[0]
    assert (stopped.documents, stopped.documents_left, stopped.cancelled) == (1, 2, True)
    assert not scan.status.isVisible() and not scan.running
    assert mentions.unscanned_documents(library) == 2

    with qtbot.waitSignal(scan.finished, timeout=30_000) as finished:
        scan.start()  # the next start goes on with the rest
    assert (finished.args[0].documents, finished.args[0].documents_left) == (2, 0)
    panel = main.officers_panel  # told that documents changed: it reads the alert again

    def every_page_listed() -> bool:
        alert = panel.alert
        return alert is not None and [(e.officer.id, e.pages) for e in alert.officers] == [
            (smith.id, 3)
        ]

    qtbot.waitUntil(every_page_listed, timeout=30_000)
    assert panel.alert is not None and panel.alert.matter.id == matter.id


def test_a_mention_across_two_lines_is_marked_by_its_longest_line(
    qtbot: QtBot, window: MainWindow, officer_ids: dict[str, int]
) -> None:
    import dataclasses

    panel = window.officers_panel
    (first, *_rest) = panel.alert.officers[0].mentions  # type: ignore[union-attr]
    wrapped = dataclasses.replace(first, text="OFFICER\nDet. John Smith, Shield 4521")
    item = _item(panel, "“Det. John Smith, Shield 4521”")
    item.setData(0, Qt.ItemDataRole.UserRole, ("mention", wrapped))
    with qtbot.waitSignal(panel.open_mention_requested) as opened:
        panel.tree.itemClicked.emit(item, 0)
    assert opened.args == [officer_ids["document"], 1, "Det. John Smith, Shield 4521"]
