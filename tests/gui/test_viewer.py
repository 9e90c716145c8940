"""The viewer: PDF pages with Bates labels, zoom, highlights; text and images; passwords."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import (
    QEvent,
    QMessageLogContext,
    QPointF,
    QRectF,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QImage, QMouseEvent, QPalette
from PySide6.QtPdf import QPdfSearchModel
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from evidence_desk.core import documents
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.gui.context import AppContext
from evidence_desk.gui.views.pdf_page_view import PdfPageView
from evidence_desk.gui.views.quote_picker import PagePlace
from evidence_desk.gui.views.viewer import DocumentViewer
from tests.files import make_encrypted_pdf, make_pdf, make_png, make_text
from tests.gui.gui_helpers import import_evidence, make_matter


@pytest.fixture
def viewer(qtbot: QtBot, library: Library) -> DocumentViewer:
    widget = DocumentViewer(AppContext(library))
    qtbot.addWidget(widget)
    widget.resize(800, 900)
    widget.show()
    return widget


def ids_by_name(library: Library, matter_id: int) -> dict[str, int]:
    return {record.file_name: record.id for record in documents.list_documents(library, matter_id)}


def test_pdf_pages_bates_and_navigation(viewer: DocumentViewer, tmp_path: Path) -> None:
    matter = make_matter(viewer.context.library)
    import_evidence(viewer.context.library, matter, tmp_path / "a")
    report = ids_by_name(viewer.context.library, matter.id)["arrest-report.pdf"]
    viewer.open_document(report, 2)
    assert viewer.mode == "pdf"
    assert viewer.page == 2
    assert viewer.page_count_label.text() == "of 3"
    assert viewer.bates_label.text() == "Bates NYPD 000126"
    assert viewer.pdf_view.pageNavigator().currentPage() == 1
    viewer.next_page()
    assert viewer.page == 3 and viewer.bates_label.text() == "Bates NYPD 000127"
    assert not viewer.next_button.isEnabled()
    viewer.page_box.setValue(1)
    assert viewer.page == 1 and not viewer.previous_button.isEnabled()


def test_pdf_zoom_steps(viewer: DocumentViewer, tmp_path: Path) -> None:
    matter = make_matter(viewer.context.library)
    import_evidence(viewer.context.library, matter, tmp_path / "a")
    viewer.open_document(ids_by_name(viewer.context.library, matter.id)["arrest-report.pdf"])
    viewer.zoom = 1.0
    viewer.pdf_view.setZoomFactor(1.0)
    viewer.pdf_view.setZoomMode(viewer.pdf_view.ZoomMode.Custom)
    viewer.zoom_in()
    assert viewer.pdf_view.zoomFactor() == pytest.approx(1.25)
    viewer.zoom_out()
    viewer.zoom_out()
    assert viewer.pdf_view.zoomFactor() == pytest.approx(0.75)
    viewer.fit_width()
    assert viewer.pdf_view.zoomMode() == viewer.pdf_view.ZoomMode.FitToWidth


def test_pdf_search_hit_is_highlighted_on_its_page(viewer: DocumentViewer, tmp_path: Path) -> None:
    matter = make_matter(viewer.context.library)
    import_evidence(viewer.context.library, matter, tmp_path / "a")
    report = ids_by_name(viewer.context.library, matter.id)["arrest-report.pdf"]
    viewer.open_document(report, 2, highlight="exposed")
    assert viewer.pdf_search.searchString() == "exposed"
    assert viewer.pdf_hits_on_page() == 1
    assert viewer.pdf_view.currentSearchResultIndex() == 0


def test_a_word_typed_with_a_straight_apostrophe_is_highlighted_as_the_page_has_it(
    viewer: DocumentViewer, tmp_path: Path
) -> None:
    """Search reads "O'Brien" as "O’Brien" and "OʼBrien"; so must the viewer's marks (its
    PDF and text searches match characters exactly)."""
    matter = make_matter(viewer.context.library)
    pdf = make_pdf(tmp_path / "report.pdf", ["Nothing here", "Then P.O. O\u2019Brien left"])
    note = make_text(tmp_path / "note.txt", "Called P.O. O\u02bcBrien at noon; O'Brien\ncame")
    results = import_paths(viewer.context.library, matter.id, [pdf, note], workers=1)
    ids = {result.file_name: result.id for result in results}
    viewer.open_document(ids["report.pdf"], 2, highlight="O'Brien")
    assert viewer.pdf_search.searchString() == "O\u2019Brien"
    assert viewer.pdf_hits_on_page() == 1
    viewer.open_document(ids["note.txt"], 1, highlight="O'Brien")
    assert viewer.text_hits_on_page() == 2  # each as it is written


def test_text_document_page_with_highlight_and_selection_quote(
    viewer: DocumentViewer, tmp_path: Path, qtbot: QtBot
) -> None:
    matter = make_matter(viewer.context.library)
    import_evidence(viewer.context.library, matter, tmp_path / "a")
    transcript = ids_by_name(viewer.context.library, matter.id)["interview.txt"]
    viewer.open_document(transcript, 1, highlight="groped")
    assert viewer.mode == "text"
    assert "groped her in the car" in viewer.text_view.toPlainText()
    assert viewer.text_hits_on_page() == 1
    cursor = viewer.text_view.textCursor()
    start = viewer.text_view.toPlainText().index("the officer groped")
    cursor.setPosition(start)
    cursor.setPosition(start + len("the officer groped her"), cursor.MoveMode.KeepAnchor)
    viewer.text_view.setTextCursor(cursor)
    with qtbot.waitSignal(viewer.cite_requested) as cited:
        viewer.cite_button.click()
    assert cited.args == [matter.id, transcript, 1, "the officer groped her"]


def test_cite_without_selection_offers_the_search_hit_from_the_page_text(
    viewer: DocumentViewer, tmp_path: Path, qtbot: QtBot
) -> None:
    matter = make_matter(viewer.context.library)
    import_evidence(viewer.context.library, matter, tmp_path / "a")
    report = ids_by_name(viewer.context.library, matter.id)["arrest-report.pdf"]
    viewer.open_document(report, 2, highlight="EXPOSED himself")
    with qtbot.waitSignal(viewer.cite_requested) as cited:
        viewer.cite()
    # The words as they stand on the page, not as typed in the highlight box.
    assert cited.args == [matter.id, report, 2, "exposed himself"]


def test_image_document_zooms(viewer: DocumentViewer, tmp_path: Path) -> None:
    matter = make_matter(viewer.context.library)
    photo = make_png(tmp_path / "scene.png", size=(320, 200))
    (result,) = import_paths(viewer.context.library, matter.id, [photo], workers=1)
    viewer.open_document(result.id)
    assert viewer.mode == "image"
    viewer.zoom_in()
    assert viewer.image_view.transform().m11() == pytest.approx(1.25)
    viewer.fit_width()
    assert viewer.image_view.transform().m11() > 0


def test_encrypted_pdf_offers_a_password_and_opens_after_unlock(
    viewer: DocumentViewer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    matter = make_matter(viewer.context.library)
    locked = make_encrypted_pdf(
        tmp_path / "sealed.pdf", ["Sealed complaint report about UC 214."], password="s3cret"
    )
    (result,) = import_paths(viewer.context.library, matter.id, [locked], workers=1)
    assert result.status == "encrypted"
    viewer.open_document(result.id)
    assert viewer.password_button.isVisibleTo(viewer)
    assert viewer.mode == "message"
    from PySide6.QtWidgets import QMessageBox

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(str(args[2])))
    assert not viewer.unlock("wrong")
    assert warnings
    assert viewer.unlock("s3cret")
    assert viewer.mode == "pdf"
    assert documents.get_document(viewer.context.library, result.id).status == "ok"
    assert "Sealed complaint" in viewer.page_text(1)


def test_cite_a_selected_quote_into_a_new_allegation_from_the_window(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    """Viewer → Cite → new allegation in the cite flow → the allegation holds the quote."""
    from evidence_desk.core import allegations, officers
    from evidence_desk.core.officers import IdentifierInput
    from evidence_desk.gui.main_window import MainWindow
    from evidence_desk.gui.views.allegation_editor import AllegationEditor
    from evidence_desk.gui.views.cite_flow import CiteDialog
    from tests.gui.gui_helpers import when_modal

    officers.add_officer(library, "John Smith", identifiers=[IdentifierInput("uc", "214")])
    matter = make_matter(library)
    import_evidence(library, matter, tmp_path / "a")
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    transcript = ids_by_name(library, matter.id)["interview.txt"]
    window.open_document(transcript, 1)
    viewer = window.viewer
    text = viewer.text_view.toPlainText()
    start = text.index("the officer groped her")
    cursor = viewer.text_view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("the officer groped her"), cursor.MoveMode.KeepAnchor)
    viewer.text_view.setTextCursor(cursor)

    def fill_editor(editor: object) -> None:
        assert isinstance(editor, AllegationEditor)
        editor.picker.search_edit.setText("UC 214")
        editor.picker.refresh_suggestions()
        editor.picker.add_suggestion(0)
        editor.summary_edit.setText("Groped in the car before the arrest")
        editor.date_edit.setText("2024-02")
        model = editor.conduct_model
        model.setData(
            model.index_of("UC.EXPOSURE"), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
        )
        editor.save()

    def choose_new(dialog: object) -> None:
        assert isinstance(dialog, CiteDialog)
        when_modal(AllegationEditor, fill_editor)
        dialog.new_button.click()

    when_modal(CiteDialog, choose_new)
    viewer.cite_button.click()
    (record,) = allegations.list_allegations(library, matter_id=matter.id)
    assert [(c.document_id, c.page_start, c.quote) for c in record.citations] == [
        (transcript, 1, "the officer groped her")
    ]
    assert window.matter_tabs.currentWidget() is window.allegations_tab


def drag_on_page(view: PdfPageView, start: QPointF, end: QPointF) -> None:
    """Press, move and release the left button over the page, as a hand would."""
    viewport = view.viewport()
    for kind, position, buttons in (
        (QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseMove, (start + end) / 2, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseMove, end, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind,
            position,
            viewport.mapToGlobal(position),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, event)


def word_rect(viewer: DocumentViewer, word: str, page: int) -> QRectF:
    """Where ``word`` is drawn in the page view (from QtPdf's own search)."""
    search = QPdfSearchModel()
    search.setDocument(viewer.pdf_document)
    search.setSearchString(word)
    rectangles = search.resultsOnPage(page - 1)[0].rectangles()
    return viewer.pdf_view.map_from_page(page - 1, rectangles[0])


def dark_pixels(image: QImage, rect: QRectF) -> int:
    inside = rect.toAlignedRect().intersected(image.rect())
    return sum(
        1
        for x in range(inside.left(), inside.right() + 1)
        for y in range(inside.top(), inside.bottom() + 1)
        if image.pixelColor(x, y).lightness() < 110
    )


def open_arrest_report(viewer: DocumentViewer, folder: Path) -> tuple[int, int]:
    """Import the evidence and show page 2 of the arrest report: (matter id, document id)."""
    matter = make_matter(viewer.context.library)
    import_evidence(viewer.context.library, matter, folder)
    report = ids_by_name(viewer.context.library, matter.id)["arrest-report.pdf"]
    viewer.open_document(report, 2)
    return matter.id, report


def test_words_are_selected_with_the_mouse_on_the_pdf_page_and_cited(
    viewer: DocumentViewer, tmp_path: Path, qtbot: QtBot
) -> None:
    matter_id, report = open_arrest_report(viewer, tmp_path / "a")
    view = viewer.pdf_view
    qtbot.waitUntil(lambda: word_rect(viewer, "undercover", 2).top() > 0)
    first, last = word_rect(viewer, "undercover", 2), word_rect(viewer, "himself", 2)
    # The page is drawn where the view says it is: the word's box holds dark ink.
    qtbot.waitUntil(lambda: dark_pixels(view.viewport().grab().toImage(), first) > 20)
    drag_on_page(
        view,
        QPointF(first.left() + 1, first.center().y()),
        QPointF(last.right() + 3, last.center().y()),
    )
    assert view.selected_text() == "undercover officer exposed himself"
    assert view.selected_page() == 1 and viewer.selected_quote() == view.selected_text()
    # The selection is drawn over the words in the palette's highlight colour.
    highlight = view.palette().color(QPalette.ColorRole.Highlight)
    middle = (
        view.viewport().grab().toImage().pixelColor(round(first.left() + 2), round(first.top() + 1))
    )
    assert abs(middle.hue() - highlight.hue()) < 25 and middle.saturation() > 30
    # Right-click offers to cite it; citing names the page the words are on.
    menu = view.context_menu()
    cite = next(action for action in menu.actions() if "Cite in allegation" in action.text())
    with qtbot.waitSignal(viewer.cite_requested) as cited:
        cite.trigger()
    assert cited.args == [matter_id, report, 2, "undercover officer exposed himself"]
    assert viewer.current_place() == PagePlace(report, 2, "undercover officer exposed himself")
    # A double-click takes one word; Escape lets the selection go.
    double = QMouseEvent(
        QEvent.Type.MouseButtonDblClick,
        first.center(),
        view.viewport().mapToGlobal(first.center()),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), double)
    assert view.selected_text() == "undercover"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.has_selection() and viewer.selected_quote() == ""


def test_the_page_view_maps_points_at_every_zoom(
    viewer: DocumentViewer, tmp_path: Path, qtbot: QtBot
) -> None:
    open_arrest_report(viewer, tmp_path / "a")
    view = viewer.pdf_view
    bar = view.verticalScrollBar()

    def inked(rect: QRectF) -> bool:
        return dark_pixels(view.viewport().grab().toImage(), rect) > 20

    for step in (viewer.zoom_in, viewer.zoom_in, viewer.fit_width):
        step()
        qtbot.waitUntil(lambda: bar.maximum() > 0)
        bar.setValue(bar.value() + round(word_rect(viewer, "NARRATIVE", 2).top()) - 100)
        qtbot.waitUntil(lambda: 0 < word_rect(viewer, "NARRATIVE", 2).top() < view.height())
        rect = word_rect(viewer, "NARRATIVE", 2)
        qtbot.waitUntil(lambda: inked(word_rect(viewer, "NARRATIVE", 2)))
        # Just outside the word (left of it, in the margin) the page is blank.
        size = rect.height()
        margin = QRectF(rect.left() - size * 2, rect.top(), size, size)
        assert dark_pixels(view.viewport().grab().toImage(), margin) == 0
        page, point = view.page_point_at(rect.center())
        back = view.map_from_page(page, QRectF(point, point)).center()
        assert page == 1 and abs(back.x() - rect.center().x()) < 1
        assert abs(back.y() - rect.center().y()) < 1


def test_a_drag_from_the_margin_past_the_end_of_a_line_selects_the_line(
    viewer: DocumentViewer, tmp_path: Path, qtbot: QtBot
) -> None:
    open_arrest_report(viewer, tmp_path / "a")
    view = viewer.pdf_view
    qtbot.waitUntil(lambda: word_rect(viewer, "undercover", 2).top() > 0)
    words = word_rect(viewer, "undercover", 2)
    page_left = view.page_rects()[1].left()
    # From the left margin of the page to well past the end of the line, on its height.
    drag_on_page(
        view,
        QPointF(page_left + 4, words.center().y()),
        QPointF(view.viewport().width() - 8, words.center().y()),
    )
    assert view.selected_text() == (
        "The undercover officer exposed himself before the arrest was radioed in."
    )


def test_opening_switching_and_closing_pdfs_logs_no_qt_warning(
    qtbot: QtBot, viewer: DocumentViewer, tmp_path: Path
) -> None:
    library = viewer.context.library
    matter = make_matter(library)
    import_evidence(library, matter, tmp_path / "a")
    second = make_pdf(tmp_path / "b" / "search-warrant.pdf", ["WARRANT\nSigned by the court."])
    import_paths(library, matter.id, [second], workers=1)
    names = ids_by_name(library, matter.id)
    logged: list[str] = []

    def record(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
            logged.append(f"{kind.name}: {message}")

    previous = qInstallMessageHandler(record)
    try:
        viewer.open_document(names["arrest-report.pdf"], 2)
        qtbot.wait(50)
        assert viewer.mode == "pdf"
        first_document, first_search = viewer.pdf_document, viewer.pdf_search
        viewer.open_document(names["search-warrant.pdf"])
        qtbot.wait(50)
        assert viewer.mode == "pdf" and viewer.pdf_document.pageCount() == 1
        viewer.clear()
        assert viewer.mode == "message"
        # The replaced view goes first, then the document and search model it showed.
        qtbot.waitUntil(lambda: not shiboken6.isValid(first_document))
        assert not shiboken6.isValid(first_search)
    finally:
        qInstallMessageHandler(previous)
    assert logged == [], logged
