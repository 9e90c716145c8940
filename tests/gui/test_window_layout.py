"""The window as a paralegal finds it: the keyboard, the title bar, the widths, the guide."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from evidence_desk.config import APP_NAME, docs_path
from evidence_desk.core import matters
from evidence_desk.core.library import Library
from evidence_desk.gui.main_window import MATTER_LIST_SHARE, MainWindow
from evidence_desk.gui.models.documents import DocumentTableModel
from evidence_desk.gui.models.matters import MatterTableModel
from evidence_desk.gui.settings import AppSettings
from evidence_desk.gui.views.allegation_editor import AllegationEditor
from evidence_desk.gui.views.documents_tab import TITLE_MIN_WIDTH
from evidence_desk.gui.views.user_guide import UserGuideWindow
from tests.gui.gui_helpers import import_evidence


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> MainWindow:
    for number in range(1, 4):
        matters.add_matter(
            library, matters.MatterInput(f"2024-00{number}", f"People v. C{number}", f"C {number}")
        )
    main = MainWindow(library)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_tab_leaves_the_matter_list_without_switching_matters(
    qtbot: QtBot, window: MainWindow
) -> None:
    table = window.matter_panel.table
    window.matter_panel.select_first()
    chosen = window.matter_id
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()
    assert window.matter_id == chosen
    # The arrow keys still move from matter to matter.
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert window.matter_id != chosen


def test_new_allegation_from_anywhere_and_in_the_menu(qtbot: QtBot, window: MainWindow) -> None:
    action = window.matter_actions.allegation_action
    assert action in window.matter_menu.actions()
    assert action.shortcut().toString() == "Ctrl+Shift+A"
    window.matter_panel.select_first()
    window.pages.setCurrentIndex(2)  # the Patterns page has the focus
    window.patterns_view.setFocus()
    qtbot.keyClick(
        window.patterns_view,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    editors = [w for w in window.findChildren(AllegationEditor) if w.isVisible()]
    assert len(editors) == 1 and editors[0].matter_id == window.matter_id
    assert window.pages.currentIndex() == 0
    assert window.matter_tabs.currentWidget() is window.allegations_tab
    editors[0].reject()


def test_the_program_is_named_once_in_the_title_bar(window: MainWindow) -> None:
    title = window.windowTitle()
    assert title.count(APP_NAME) == 1 and title.endswith(APP_NAME)
    assert str(window.library.path) in title


def test_the_matter_list_widens_with_the_window(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1400, 860)
    qtbot.waitUntil(lambda: window.width() == 1400)
    narrow = window.matter_panel.width()
    window.resize(2400, 1200)
    qtbot.waitUntil(lambda: window.width() == 2400)
    assert window.matter_panel.width() > narrow + 100


def test_the_window_starts_within_a_small_screen(qtbot: QtBot, library: Library) -> None:
    """The offscreen screen is 800 × 600: smaller than the usual 1400 × 860."""
    main = MainWindow(library)
    qtbot.addWidget(main)
    available = main.screen().availableGeometry()
    assert available.width() < 1400
    assert main.width() <= available.width() and main.height() <= available.height()
    assert main.windowState() & Qt.WindowState.WindowMaximized


def test_the_matter_list_stays_readable_beside_the_search_dock(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    record = matters.list_matters(window.library)[0].matter
    ids = import_evidence(window.library, record, tmp_path / "evidence")
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    window.matter_panel.select_matter(record.id)
    window.open_document(ids[0], 1)
    window.show_search()
    qtbot.waitUntil(lambda: window.search_dock.isVisible())
    QApplication.processEvents()
    table = window.matter_panel.table
    header = table.horizontalHeader()
    viewport = table.viewport().width()
    # The whole file number, and the start of the caption: "People v. Sampl…".
    number_end = header.sectionPosition(MatterTableModel.FILE_NUMBER) + header.sectionSize(
        MatterTableModel.FILE_NUMBER
    )
    assert number_end <= viewport
    caption = header.sectionSize(MatterTableModel.CAPTION)
    assert caption >= table.fontMetrics().averageCharWidth() * 12
    assert header.sectionPosition(MatterTableModel.CAPTION) + caption <= viewport
    # The room came from elsewhere, and everything else is still there to use.
    assert window.search_dock.width() >= 200
    assert window.viewer.width() >= 150
    viewer = window.viewer
    for control in (viewer.page_box, viewer.next_button, viewer.cite_button):
        assert really_shown(control, viewer), control.accessibleName()
    panel = window.officers_panel
    for button in (
        panel.confirm_button,
        panel.reject_button,
        panel.assign_button,
        panel.new_officer_button,
        panel.allegation_button,
    ):
        assert really_shown(button, panel), button.text()
    assert really_shown(window.documents_tab.filter_box, window.documents_tab)
    # Held at its narrowest in the small window, the list takes its share again in a wide one.
    window.search_dock.hide()
    window.resize(2400, 1200)
    qtbot.waitUntil(lambda: window.width() == 2400)
    sizes = window.main_splitter.sizes()
    assert sizes[0] == pytest.approx(MATTER_LIST_SHARE * sum(sizes), abs=2)


def test_the_documents_list_gets_most_of_the_height(qtbot: QtBot, library: Library) -> None:
    first = MainWindow(library, settings=AppSettings())
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    for width, height in ((1024, 700), (1600, 1000)):
        first.resize(width, height)
        qtbot.waitUntil(lambda expected=height: first.height() == expected)
        QApplication.processEvents()
        documents, officers = first.matter_splitter.sizes()
        assert documents >= 0.7 * (documents + officers)
        # The officers panel is still there, with room for a few of its rows.
        assert really_shown(first.officers_panel.tree, first)
        assert first.officers_panel.tree.height() >= 3 * first.fontMetrics().height()
    # The handle moves, and the window remembers where it was left.
    total = sum(first.matter_splitter.sizes())
    first.matter_splitter.setSizes([total // 2, total - total // 2])
    moved = first.matter_splitter.sizes()
    assert abs(moved[0] - moved[1]) <= 2
    first.close()
    second = MainWindow(library, settings=AppSettings())
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    documents, officers = second.matter_splitter.sizes()
    assert abs(documents - officers) <= 2  # half and half, as left (the screen is smaller)


def test_document_titles_keep_a_readable_width(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    record = matters.list_matters(window.library)[0].matter
    import_evidence(window.library, record, tmp_path / "evidence")
    window.matter_panel.select_matter(record.id)
    table = window.documents_tab.table
    header = table.horizontalHeader()
    title = DocumentTableModel.TITLE
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    qtbot.waitUntil(lambda: header.sectionSize(title) >= TITLE_MIN_WIDTH)
    window.resize(2400, 1200)
    qtbot.waitUntil(lambda: window.width() == 2400)
    # On a wide window the title takes all the room the other columns leave.
    shown = [column for column in range(header.count()) if not header.isSectionHidden(column)]
    qtbot.waitUntil(
        lambda: sum(header.sectionSize(column) for column in shown) == table.viewport().width()
    )
    print(
        window.main_splitter.sizes(),
        window.work_splitter.sizes(),
        [header.sectionSize(c) for c in shown],
    )
    assert header.sectionSize(title) > TITLE_MIN_WIDTH + 300


def test_the_allegation_editor_fits_beside_the_viewer(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.setGeometry(QRect(0, 0, 1400, 860))
    record = matters.list_matters(window.library)[0].matter
    import_evidence(window.library, record, tmp_path / "evidence")
    window.matter_panel.select_matter(record.id)
    editor = window.new_allegation()
    assert isinstance(editor, AllegationEditor)
    qtbot.waitExposed(editor)
    viewer = QRect(window.viewer.mapToGlobal(window.viewer.rect().topLeft()), window.viewer.size())
    assert editor.width() <= 720
    assert not editor.frameGeometry().intersects(viewer)
    editor.reject()


def test_help_opens_the_user_guide_offline_with_links_and_pictures(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert docs_path("index.md").is_file()
    window.guide_action.trigger()
    guide = window.user_guide
    assert isinstance(guide, UserGuideWindow) and guide.isVisible()
    browser = guide.browser
    assert browser.current_page() == "index.md"
    assert "user guide" in browser.toPlainText().casefold()
    browser.anchorClicked.emit(QUrl("search-and-viewer.md"))
    assert browser.current_page() == "search-and-viewer.md"
    assert browser.toPlainText().startswith("Search and the viewer")
    images = [
        fragment
        for fragment in browser.document().toHtml().split("<img")[1:]
        if "images/" in fragment
    ]
    assert images
    picture = browser.document().resource(
        QTextDocument.ResourceType.ImageResource.value,
        QUrl.fromLocalFile(str(docs_path("images", "viewer-search-hit.png"))),
    )
    assert picture is not None and not picture.isNull()
    assert picture.width() <= browser.viewport().width()  # scaled to the page
    browser.anchorClicked.emit(QUrl("https://example.org/"))
    assert browser.current_page() == "search-and-viewer.md"  # nothing outside is opened
    guide.back_button.click()
    assert browser.current_page() == "index.md"
    QApplication.processEvents()
    guide.close()


def really_shown(widget: QWidget, within: QWidget) -> bool:
    """Visible, and drawn inside ``within`` (not folded away or cut off)."""
    if not widget.isVisible() or widget.width() < 16:
        return False
    top_left = widget.mapTo(within, widget.rect().topLeft())
    return within.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("width", [1024, 1400, 1600])
def test_filters_zoom_and_highlight_stay_in_sight(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, width: int
) -> None:
    record = matters.list_matters(window.library)[0].matter
    ids = import_evidence(window.library, record, tmp_path / "evidence")
    window.resize(width, 700)
    qtbot.waitUntil(lambda: window.width() == width)
    window.matter_panel.select_matter(record.id)
    window.open_document(ids[0], 1)
    QApplication.processEvents()
    tab, viewer = window.documents_tab, window.viewer
    for control in (tab.filter_box, tab.tag_filter, tab.import_button, tab.folder_button):
        assert really_shown(control, tab), control.accessibleName()
    for control in (
        viewer.find_box,
        viewer.zoom_in_button,
        viewer.zoom_out_button,
        viewer.fit_button,
        viewer.page_box,
        viewer.next_button,
        viewer.cite_button,
    ):
        assert really_shown(control, viewer), control.accessibleName()


def test_choosing_the_open_library_again_keeps_it_open(qtbot: QtBot, tmp_path: Path) -> None:
    from evidence_desk.gui.app import ApplicationController
    from evidence_desk.gui.settings import AppSettings

    path = tmp_path / "office-library"
    Library.create(path).close()
    controller = ApplicationController(AppSettings())
    assert controller.open(path)
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert controller.open(path)  # not "open for writing by process …" about itself
    assert controller.window is window and "is the one open" in window.statusBar().currentMessage()
    window.close()
    controller.close()
