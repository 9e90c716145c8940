"""The main window: menus, docks and layout; the views do the work.

Left: the matters. Middle: the selected matter's documents, notes and allegations in tabs.
Right: the document viewer. Officers and patterns are pages of their own, search is a dock.
The window only wires views together and to the menus; data comes from core services
through each view, and every view refreshes itself when ``AppContext.changed`` names
what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..config import APP_NAME
from ..core.errors import EvidenceDeskError
from ..core.library import Library
from ..core.records import MatterId
from .context import AppContext
from .settings import AppSettings
from .views.allegation_editor import AllegationEditor
from .views.allegations_tab import AllegationsTab
from .views.cite_flow import open_cite_flow
from .views.document_actions import DocumentActions
from .views.documents_tab import DocumentsTab
from .views.export_dialog import ExportDialog
from .views.icon_lookup import themed_icon
from .views.import_flow import ImportController
from .views.library_actions import LibraryActions
from .views.matter_actions import MatterActions
from .views.matter_list import MatterListPanel
from .views.mention_scan import MentionScanController
from .views.notes_tab import NotesTab
from .views.ocr_flow import OcrController, OcrSettingsDialog
from .views.office_settings_dialog import OfficeSettingsDialog
from .views.officer_registry import OfficerRegistry
from .views.officers_in_matter import OfficersInMatterPanel
from .views.patterns_view import PatternsView
from .views.search_panel import SearchPanel
from .views.share_splitter import ShareSplitter
from .views.user_guide import UserGuideWindow
from .views.viewer import DocumentViewer

# The matter list's share of a wider window: it grows too, so long captions can be read.
MATTER_LIST_SHARE = 0.22
# The officers panel's share of the height under the matter's tabs: the documents list is
# what a person works in, the panel an alert beside it (its splitter handle lets it grow).
OFFICERS_PANEL_SHARE = 0.25
DEFAULT_SIZE = QSize(1400, 860)  # the window on a screen with room for it


class MainWindow(QMainWindow):
    """One window over one open library."""

    # Asks the application to open (or create, when the flag is set) another library.
    library_requested = Signal(object, bool)

    def __init__(
        self,
        library: Library,
        *,
        context: AppContext | None = None,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.context = context or AppContext(library, self)
        self.settings = settings or AppSettings()
        # The program's name last, once: the platform adds the application's display name
        # to a window title unless the title already ends with it.
        self.setWindowTitle(f"{library.path} — {APP_NAME}")
        self.setObjectName("MainWindow")
        self.matter_id: MatterId | None = None

        # Views -------------------------------------------------------------------------
        self.matter_panel = MatterListPanel(self.context, self)
        self.documents_tab = DocumentsTab(self.context, self)
        self.notes_tab = NotesTab(self.context, self)
        self.allegations_tab = AllegationsTab(self.context, self)
        self.viewer = DocumentViewer(self.context, self)
        self.search_panel = SearchPanel(self.context, self)
        self.importer = ImportController(self.context, self)
        self.ocr = OcrController(self.context, self)
        self.officers_panel = OfficersInMatterPanel(self.context, self)
        self.mention_scan = MentionScanController(self.context, self)

        self.matter_tabs = QTabWidget()
        self.matter_tabs.setAccessibleName("Matter")
        self.matter_tabs.setDocumentMode(True)
        self.matter_tabs.addTab(self.documents_tab, "&Documents")
        self.matter_tabs.addTab(self.notes_tab, "&Notes")
        self.matter_tabs.addTab(self.allegations_tab, "&Allegations")

        # The intake alert sits under the matter's documents: who the discovery names.
        self.matter_splitter = QSplitter(Qt.Orientation.Vertical)
        self.matter_splitter.setObjectName("matter_splitter")
        self.matter_splitter.addWidget(self.matter_tabs)
        self.matter_splitter.addWidget(self.officers_panel)
        self.matter_splitter.setChildrenCollapsible(False)  # the alert never disappears
        panel_share = round(OFFICERS_PANEL_SHARE * 100)
        self.matter_splitter.setStretchFactor(0, 100 - panel_share)
        self.matter_splitter.setStretchFactor(1, panel_share)
        self.work_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.work_splitter.setObjectName("work_splitter")
        self.work_splitter.addWidget(self.matter_splitter)
        self.work_splitter.addWidget(self.viewer)
        self.work_splitter.setStretchFactor(0, 3)
        self.work_splitter.setStretchFactor(1, 2)
        self.main_splitter = ShareSplitter(MATTER_LIST_SHARE)
        self.main_splitter.setObjectName("main_splitter")
        self.main_splitter.addWidget(self.matter_panel)
        self.main_splitter.addWidget(self.work_splitter)
        self.work_splitter.setSizes([640, 480])

        # Officers and patterns are built when first shown: the window opens faster and a
        # large library's pattern analysis never runs unless asked for.
        self.officer_page = _LazyPage(self._make_officer_registry)
        self.patterns_page = _LazyPage(self._make_patterns_view)
        self.pages = QTabWidget()
        self.pages.setAccessibleName("Pages")
        self.pages.addTab(self.main_splitter, themed_icon("matter"), "&Matters")
        self.pages.addTab(self.officer_page, themed_icon("officer"), "&Officers")
        self.pages.addTab(self.patterns_page, themed_icon("patterns"), "&Patterns")
        self.pages.currentChanged.connect(self._page_shown)
        self.setCentralWidget(self.pages)

        self.search_dock = QDockWidget("Search", self)
        self.search_dock.setObjectName("search_dock")
        self.search_dock.setWidget(self.search_panel)
        self.search_dock.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.search_dock)
        self.search_dock.hide()

        # Status bar --------------------------------------------------------------------
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setAccessibleName("Working")
        self.busy_bar.hide()
        self.library_label = QLabel(f"{library.path} — {library.user}")
        self.library_label.setAccessibleName("Library and user")
        self.statusBar().addPermanentWidget(self.ocr.status)
        self.statusBar().addPermanentWidget(self.mention_scan.status)
        self.statusBar().addPermanentWidget(self.busy_bar)
        self.statusBar().addPermanentWidget(self.library_label)

        # Wiring ------------------------------------------------------------------------
        self.matter_panel.matter_selected.connect(self.set_matter)
        self.matter_panel.files_dropped.connect(self.import_files)
        self.matter_actions = MatterActions(
            self.context,
            self.matter_panel,
            self,
            open_folder=self.documents_tab.open_matter_folder,
            new_note=self._new_note,
            new_allegation=self.new_allegation,
        )
        self.library_actions = LibraryActions(self.context, self.settings, self)
        self.library_actions.library_requested.connect(self.library_requested)
        self.user_guide: UserGuideWindow | None = None
        self.matter_panel.table.doubleClicked.connect(
            lambda _index: self.matter_actions.edit_matter()
        )
        self.documents_tab.open_document_requested.connect(self.open_document)
        self.documents_tab.import_requested.connect(self.import_files)
        self.search_panel.open_hit.connect(self.open_document)
        self.search_panel.open_note.connect(self.open_note)
        self.viewer.cite_requested.connect(self.cite)
        self.importer.finished.connect(self.ocr.after_import)
        self.allegations_tab.open_document_requested.connect(self.open_document)
        self.allegations_tab.editor_opened.connect(self.place_beside_viewer)
        self.allegations_tab.viewer_place = self.viewer.current_place
        self.officers_panel.open_mention_requested.connect(self.open_document)
        self.context.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.context.runner.busy_changed.connect(self.busy_bar.setVisible)

        self._build_menus()
        self._fit_to_screen()
        self._restore_state()
        self.set_matter(None)
        self._select_start_matter()
        self.settings.add_recent_library(library.path)
        self.library_actions.rebuild_recent_menu()
        self.mention_scan.start()  # documents of an older version are read for officers

    @property
    def officer_registry(self) -> OfficerRegistry:
        view = self.officer_page.view()
        assert isinstance(view, OfficerRegistry)
        return view

    @property
    def patterns_view(self) -> PatternsView:
        view = self.patterns_page.view()
        assert isinstance(view, PatternsView)
        return view

    def _page_shown(self, index: int) -> None:
        page = self.pages.widget(index)
        if isinstance(page, _LazyPage):
            page.view()

    def _make_officer_registry(self) -> OfficerRegistry:
        view = OfficerRegistry(self.context, self)
        view.setAccessibleName("Officers")
        view.open_document_requested.connect(self.open_document)
        return view

    def _make_patterns_view(self) -> PatternsView:
        view = PatternsView(self.context, self)
        view.setAccessibleName("Patterns")
        view.export_requested.connect(
            lambda officer_ids: self.export_memo(officer_ids=tuple(officer_ids))
        )
        view.open_document_requested.connect(self.open_document)
        view.edit_allegation_requested.connect(self.edit_allegation)
        return view

    # -- menus ---------------------------------------------------------------------------

    def _action(
        self,
        menu: Any,
        text: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon: str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon:
            action.setIcon(themed_icon(icon))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        libraries = self.library_actions
        self._action(file_menu, "&New library…", libraries.new_library, icon="add")
        self._action(
            file_menu,
            "&Open library…",
            libraries.open_library,
            QKeySequence.StandardKey.Open,
            icon="open-folder",
        )
        file_menu.addMenu(libraries.recent_menu)
        self.recent_menu = libraries.recent_menu
        self.demo_action = self._action(
            file_menu, "Open &demo library", libraries.open_demo_library
        )
        file_menu.addSeparator()
        self.import_action = self._action(
            file_menu,
            "&Import…",
            self.import_into_current,
            "Ctrl+I",
            icon="import",
            tip="Import files into the selected matter",
        )
        self.export_action = self._action(
            file_menu,
            "&Export memo…",
            self.export_memo,
            "Ctrl+Shift+E",
            icon="export",
        )
        self.office_settings_action = self._action(
            file_menu, "O&ffice settings…", self.edit_office_settings
        )
        self.office_settings_action.setToolTip(
            "The court, Part, attorney and signature for motion papers, and the authorities"
        )
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.context.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.undo_action.setIcon(themed_icon("undo"))
        self.redo_action = self.context.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(
            [QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)]
        )
        self.redo_action.setIcon(themed_icon("redo"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.find_action = QAction("&Find in all matters…", self)
        self.find_action.setShortcuts([QKeySequence("Ctrl+F"), QKeySequence("Ctrl+K")])
        self.find_action.setIcon(themed_icon("search"))
        self.find_action.triggered.connect(self.show_search)
        edit_menu.addAction(self.find_action)

        matter_menu = bar.addMenu("&Matter")
        for action in self.matter_actions.actions:
            if action is None:
                matter_menu.addSeparator()
            else:
                matter_menu.addAction(action)
        self.matter_menu = matter_menu

        document_menu = bar.addMenu("&Document")
        self.document_actions = DocumentActions(self.context, self.documents_tab, self.viewer, self)
        document_menu.addActions(self.document_actions.actions)
        document_menu.addSeparator()
        self._action(document_menu, "&Read scanned pages (OCR)", self.read_scans)
        self._action(document_menu, "OCR &settings…", self.ocr_settings)

        view_menu = bar.addMenu("&View")
        group = QActionGroup(self)
        for number, title in enumerate(("&Matters", "&Officers", "&Patterns")):
            action = self._action(
                view_menu,
                title,
                lambda index=number: self.pages.setCurrentIndex(index),
                f"Ctrl+{number + 1}",
            )
            action.setCheckable(True)
            action.setChecked(number == 0)
            group.addAction(action)
        self.page_actions = group.actions()
        self.pages.currentChanged.connect(lambda index: self.page_actions[index].setChecked(True))
        view_menu.addSeparator()
        search_toggle = self.search_dock.toggleViewAction()
        search_toggle.setText("&Search results")
        view_menu.addAction(search_toggle)
        self._action(view_menu, "&Document list / viewer focus", self._toggle_focus, "F6")

        help_menu = bar.addMenu("&Help")
        self.guide_action = self._action(
            help_menu,
            "&User guide",
            self.show_user_guide,
            QKeySequence.StandardKey.HelpContents,
            tip="The guide to every task, with pictures (works offline)",
        )
        help_menu.addSeparator()
        self._action(help_menu, f"&About {APP_NAME}", self.about)

    # -- state ---------------------------------------------------------------------------

    def _fit_to_screen(self) -> None:
        """1400 × 860 where there is room; on a smaller screen (a 1024 × 768 laptop) the
        available area, maximised, so no control starts off the screen's edge."""
        self.resize(DEFAULT_SIZE)
        screen = self.screen()
        if screen is None:
            return
        available = screen.availableGeometry().size()
        if available.width() < DEFAULT_SIZE.width() or available.height() < DEFAULT_SIZE.height():
            self.resize(DEFAULT_SIZE.boundedTo(available))
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _restore_state(self) -> None:
        geometry = self.settings.byte_array("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.byte_array("window/state")
        if state is not None:
            self.restoreState(state)
        width, height = self.width(), self.height()
        self.main_splitter.setSizes(
            [round(width * MATTER_LIST_SHARE), width - round(width * MATTER_LIST_SHARE)]
        )
        panel_height = round(height * OFFICERS_PANEL_SHARE)
        self.matter_splitter.setSizes([height - panel_height, panel_height])
        for splitter in (self.main_splitter, self.work_splitter, self.matter_splitter):
            saved = self.settings.byte_array(f"window/{splitter.objectName()}")
            if saved is not None:
                splitter.restoreState(saved)
        # Kept apart from the splitter's state: sizes restored before the window is shown
        # are scaled to a width it does not have yet, so they cannot give the share back.
        share = self.settings.share("window/matter_list_share")
        if share is not None:
            self.main_splitter.share = share

    def _select_start_matter(self) -> None:
        """Open on the matter last worked on in this library, or else the newest one."""
        last = self.settings.last_matter(self.library.path)
        if last is not None and self.matter_panel.select_matter(last):
            return
        self.matter_panel.select_first()

    def save_state(self) -> None:
        self.settings.set_last_matter(self.library.path, self.matter_panel.current_matter_id())
        self.settings.set_byte_array("window/geometry", self.saveGeometry())
        self.settings.set_byte_array("window/state", self.saveState())
        for splitter in (self.main_splitter, self.work_splitter, self.matter_splitter):
            self.settings.set_byte_array(f"window/{splitter.objectName()}", splitter.saveState())
        self.settings.set_share("window/matter_list_share", self.main_splitter.share)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.context.runner.has_work_worth_asking_about:
            answer = QMessageBox.question(
                self,
                "Work in progress",
                "Work is still running ("
                + ", ".join(self.context.runner.descriptions() or ["a background task"])
                + "). Cancel it and quit?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.context.runner.cancel_all()
            self.context.runner.wait(30_000)
        if not self.notes_tab.save_pending():
            event.ignore()  # the note could not be saved; keep the window and the text
            return
        self.ocr.stop()  # what is left stays queued in the library for the next run
        self.mention_scan.stop()  # documents not read yet are read at the next start
        if self.officer_page.built and not self.officer_registry.save_pending():
            event.ignore()
            return
        for editor in self.findChildren(AllegationEditor):
            # Each open editor with changes asks Save / Discard / Cancel; Cancel keeps
            # the program running.
            if editor.isVisible() and not editor.close():
                event.ignore()
                return
        self.save_state()
        event.accept()

    # -- matters -------------------------------------------------------------------------

    def set_matter(self, matter_id: MatterId | None) -> None:
        self.matter_id = matter_id
        shown = self.viewer.record
        if shown is not None and shown.matter_id != matter_id:
            self.viewer.clear()  # never show one client's evidence under another's matter
        self.documents_tab.set_matter(matter_id)
        self.notes_tab.set_matter(matter_id)
        self.allegations_tab.set_matter(matter_id)
        self.import_action.setEnabled(matter_id is not None)
        self.officers_panel.set_matter(matter_id)

    def _new_note(self) -> None:
        if self.matter_id is not None:
            self.pages.setCurrentIndex(0)
            self.matter_tabs.setCurrentWidget(self.notes_tab)
            self.notes_tab.ask_new_note()

    def new_allegation(self) -> QWidget | None:
        """Ctrl+Shift+A from anywhere: the allegation editor for the selected matter."""
        if self.matter_id is None:
            self.context.status_message.emit("Select a matter first.")
            return None
        self.pages.setCurrentIndex(0)
        self.matter_tabs.setCurrentWidget(self.allegations_tab)
        return self.allegations_tab.new_allegation()

    def place_beside_viewer(self, editor: QWidget) -> None:
        """Put an allegation editor over the lists, so the document viewer stays in sight."""
        viewer_left = self.viewer.mapToGlobal(QPoint(0, 0)).x()
        top_left = self.matter_tabs.mapToGlobal(QPoint(0, 0))
        screen = self.screen().availableGeometry() if self.screen() else QRect()
        frame = editor.frameGeometry().size() - editor.geometry().size()
        left = max(self.frameGeometry().left(), viewer_left - editor.width() - frame.width())
        if screen.isValid():
            left = max(screen.left(), left)
            top = min(top_left.y(), screen.bottom() - editor.height() - frame.height())
            top = max(screen.top(), top)
        else:
            top = top_left.y()
        editor.move(left, top)

    # -- documents -----------------------------------------------------------------------

    def import_into_current(self) -> None:
        record = self.matter_panel.current_matter()
        if record is not None:
            self.importer.ask_and_import(record.id, record.file_number)

    def ocr_settings(self) -> None:
        OcrSettingsDialog(self.context, self).exec()

    def read_scans(self) -> None:
        """OCR the pages of the current matter (or of every matter) that need it."""
        self.ocr.start(matter_id=self.matter_id)

    def import_files(self, matter_id: MatterId, paths: list[Path]) -> None:
        """Files dropped on a matter (or chosen): confirm source/password, then import."""
        from ..core import matters

        record = matters.get_matter(self.library, matter_id)
        self.matter_panel.select_matter(matter_id)
        if paths:
            self.importer.start(matter_id, paths)
        else:
            self.importer.ask_and_import(matter_id, record.file_number)

    def open_document(self, document_id: int, page: int = 1, highlight: str = "") -> None:
        try:
            self.viewer.open_document(document_id, page, highlight)
        except EvidenceDeskError as error:
            QMessageBox.warning(self, "Open document", str(error))
            return
        self.pages.setCurrentIndex(0)
        record = self.viewer.record
        if record is not None and record.matter_id != self.matter_id:
            self.matter_panel.select_matter(record.matter_id)
        self.documents_tab.select_documents([document_id])
        sizes = self.work_splitter.sizes()
        if len(sizes) == 2 and sizes[1] == 0:
            self.work_splitter.setSizes([sizes[0] // 2, sizes[0] // 2])

    def open_note(self, matter_id: MatterId, note_id: int) -> None:
        self.pages.setCurrentIndex(0)
        self.matter_panel.select_matter(matter_id)
        self.matter_tabs.setCurrentWidget(self.notes_tab)
        row = self.notes_tab.model.row_of(note_id)
        if row >= 0:
            self.notes_tab.table.selectRow(row)

    def cite(self, matter_id: MatterId, document_id: int, page: int, quote: str) -> bool:
        # The allegations tab has read the matter's allegations already (in the background).
        records = self.allegations_tab.records_of(matter_id)
        done = bool(
            open_cite_flow(self, self.context, matter_id, document_id, page, quote, records=records)
        )
        if done:
            self.matter_tabs.setCurrentWidget(self.allegations_tab)
        return done

    def edit_allegation(self, matter_id: MatterId, allegation_id: int) -> QWidget | None:
        """Show an allegation of any matter in its editor, beside that matter's evidence."""
        self.pages.setCurrentIndex(0)
        if matter_id != self.matter_id:
            self.matter_panel.select_matter(matter_id)
        self.matter_tabs.setCurrentWidget(self.allegations_tab)
        self.allegations_tab.select_allegation(allegation_id)
        return self.allegations_tab.open_editor(allegation_id)

    def edit_office_settings(self) -> QWidget:
        dialog = OfficeSettingsDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def export_memo(self, officer_ids: tuple[int, ...] = ()) -> QWidget | None:
        """Open the export dialog where the user is: for officers chosen on the Patterns page
        or selected in the registry, the internal memo about them; else motion papers in the
        selected matter. Either way the selected matter gives the caption: the matter the
        memo is filed in."""
        if not officer_ids and self.pages.currentWidget() is self.patterns_page:
            officer_ids = self.patterns_view.selected_officer_ids()
        if not officer_ids and self.pages.currentIndex() == 1 and self.officer_page.built:
            officer_ids = tuple(record.id for record in self.officer_registry.selected_officers())
        dialog = ExportDialog(self.context, self, matter_id=self.matter_id, officer_ids=officer_ids)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()  # not modal: the user may look things up while it is open
        return dialog

    # -- search --------------------------------------------------------------------------

    def show_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.focus_box()

    def _toggle_focus(self) -> None:
        if self.viewer.isAncestorOf(self.focusWidget()):
            self.documents_tab.table.setFocus()
        else:
            self.viewer.stack.currentWidget().setFocus()

    # -- help --------------------------------------------------------------------------

    def show_user_guide(self) -> UserGuideWindow:
        if self.user_guide is None:
            self.user_guide = UserGuideWindow(self)
            self.user_guide.resize(self.user_guide.sizeHint())
        self.user_guide.show()
        self.user_guide.raise_()
        self.user_guide.activateWindow()
        return self.user_guide

    def about(self) -> None:
        from .. import __version__

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>An offline evidence organizer for "
            "criminal-defense offices.<br>Library: "
            f"{self.library.path}<br>User: {self.library.user}",
        )


class _LazyPage(QWidget):
    """A page whose view is made the first time it is needed."""

    def __init__(self, factory: Callable[[], QWidget]) -> None:
        super().__init__()
        self._factory = factory
        self._view: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._view is not None

    def view(self) -> QWidget:
        if self._view is None:
            self._view = self._factory()
            self._layout.addWidget(self._view)
            self.setAccessibleName(self._view.accessibleName())
        return self._view
