"""Screenshots of the main screens for the user guide (docs/images), taken on the demo
library.

Run under a real X server so that dialogs are placed as a desktop would place them:

    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 .venv/bin/python installers/screenshots.py [--out docs/images] [--dark]

The demo library (``evidence_desk.core.demo``) is built in a temporary folder (or reused
with ``--library``). Each screen is captured from the screen itself
(``QScreen.grabWindow(0)``), so dialogs over the window appear as they would to a person.
``--dark`` takes the main window under a dark palette too (``main-window-dark.png``). The
pictures are saved with a 256-colour palette when ImageMagick is installed, which keeps
the guide (shipped with the program) small.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCREEN = (1600, 1000)


def build_library(path: Path) -> None:
    from evidence_desk.core.demo import build_demo_library

    build_demo_library(path)


def main() -> int:
    parser = argparse.ArgumentParser(description="Take the README screenshots.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--library", type=Path, help="use (or build the demo in) this folder")
    parser.add_argument("--dark", action="store_true", help="also a dark-palette main window")
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="evidence-desk-shots-"))
    os.environ.setdefault("EVIDENCE_DESK_SETTINGS", str(work / "settings.ini"))
    os.environ.setdefault("EVIDENCE_DESK_USER", "paralegal")
    library_path = arguments.library or work / "demo-library"

    from PySide6.QtCore import QEventLoop, QLocale, QPoint, QPointF, Qt, QTimer
    from PySide6.QtPdf import QPdfSearchModel
    from PySide6.QtWidgets import QApplication, QWidget

    from evidence_desk.core import allegations, documents, matters
    from evidence_desk.core.library import Library
    from evidence_desk.gui.context import Change
    from evidence_desk.gui.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    app.setApplicationName("Evidence Desk")
    # A US office: dates of birth are typed month first.
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    if not Library.exists(library_path):
        print(f"building the library in {library_path} …", flush=True)
        build_library(library_path)
    library = Library.open(library_path)
    out: Path = arguments.out
    out.mkdir(parents=True, exist_ok=True)

    def settle(milliseconds: int = 400) -> None:
        loop = QEventLoop()
        QTimer.singleShot(milliseconds, loop.quit)
        loop.exec()

    def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            settle(50)

    def shoot(name: str, widget: QWidget | None = None, *, wait: bool = True) -> None:
        if wait:
            settle()
        else:
            app.processEvents()
        screen = app.primaryScreen()
        pixmap = widget.grab() if widget is not None else screen.grabWindow(0)
        target = out / f"{name}.png"
        pixmap.save(str(target))
        convert = shutil.which("convert")
        if convert:  # a 256-colour palette: a third smaller, no visible loss on a screen
            subprocess.run([convert, str(target), "-colors", "256", f"PNG8:{target}"], check=True)
        print(f"wrote {target} ({pixmap.width()}×{pixmap.height()})", flush=True)

    window = MainWindow(library)
    window.setGeometry(0, 0, *SCREEN)
    window.show()
    window.work_splitter.setSizes([640, SCREEN[0] - window.matter_panel.width() - 640])
    settle(800)

    # 1. The main window: the busiest matter, its documents, one open in the viewer.
    summaries = matters.list_matters(library)
    busiest = max(summaries, key=lambda summary: (summary.allegations, summary.documents))
    window.matter_panel.select_matter(busiest.matter.id)
    records = documents.list_documents(library, busiest.matter.id)
    first_pdf = next((record for record in records if record.kind == "pdf"), records[0])
    window.open_document(first_pdf.id, 1)
    window.documents_tab.select_documents([first_pdf.id])
    shoot("main-window")

    # 2. Search results, then the viewer at the first hit with the words highlighted.
    window.show_search()
    window.resizeDocks([window.search_dock], [470], Qt.Orientation.Horizontal)
    panel = window.search_panel
    panel.search("undercover")
    wait_for(lambda: not panel.searching)
    settle(1500)  # the narrower viewer re-renders its pages in the background
    shoot("search-results")
    first_page_hit = next(
        (row for row, hit in enumerate(panel.model.hits()) if hit.document_id is not None), 0
    )
    panel.results.setCurrentIndex(panel.model.index(first_page_hit, 0))
    panel.open_current()
    window.search_dock.hide()
    settle(1500)  # QPdfView renders pages in the background
    shoot("viewer-search-hit")

    # 3. Words selected on the page with the mouse, and the right-click menu to cite them;
    # then the cite dialog with the page's text beside the quote.
    viewer = window.viewer
    view = viewer.pdf_view
    finder = QPdfSearchModel()
    finder.setDocument(viewer.pdf_document)
    finder.setSearchString("undercover")
    page = viewer.page - 1
    hits = finder.resultsOnPage(page)
    finder.setSearchString("supplies")
    ends = finder.resultsOnPage(page)
    # A search model must not outlive the document it reads: opening the next document
    # deletes this one, and QtPdf would then crash in the search model.
    finder.setDocument(None)
    if hits and ends:
        first = hits[0].rectangles()[0]
        last = ends[0].rectangles()[0]
        start = QPointF(first.left() + 0.5, first.center().y())
        end = QPointF(last.right() + 1, last.center().y())
        view.select_between(page, start, end)
        corner = view.map_from_page(page, first)
        menu = view.context_menu()
        menu.popup(view.viewport().mapToGlobal(corner.bottomRight().toPoint() + QPoint(8, 8)))
        settle(600)
        shoot("cite-from-page")
        menu.close()
        from evidence_desk.gui.views.cite_flow import CiteDialog

        place = viewer.current_place()
        if place is not None and viewer.record is not None:
            cite = CiteDialog(
                window.context,
                viewer.record.matter_id,
                place.document_id,
                place.page,
                place.quote,
                window,
            )
            cite.show()
            cite.move(window.geometry().center() - cite.rect().center())
            shoot("cite-dialog")
            cite.close()

    # 4. Allegations of the matter, and the allegation editor beside the viewer, with
    # "Add citation…" opened on the viewer's page.
    window.matter_tabs.setCurrentWidget(window.allegations_tab)
    wait_for(lambda: window.allegations_tab.records_of(busiest.matter.id) is not None)
    settle()
    shoot("allegations-tab")
    matter_allegations = allegations.list_allegations(library, matter_id=busiest.matter.id)
    if matter_allegations:
        from evidence_desk.gui.views.allegation_editor import CitationInputDialog

        editor = window.edit_allegation(busiest.matter.id, matter_allegations[0].id)
        cited = next(
            (item for item in matter_allegations[0].citations if item.document_id is not None),
            None,
        )
        if cited is not None:  # the cited page beside the editor
            window.open_document(cited.document_id, cited.page_start or 1, cited.quote)
            settle(1500)
        if editor is not None:
            editor.tabs.setCurrentWidget(editor.evidence_page)
            shoot("allegation-editor")
            adding = CitationInputDialog(
                window.context, busiest.matter.id, editor, place=viewer.current_place
            )
            adding.show()
            adding.move(window.geometry().center() - adding.rect().center())
            shoot("add-citation")
            adding.close()
            editor.reject()

    # 5. Officer registry, patterns, and the allegations behind a count.
    from evidence_desk.core import officers

    most_cited = max(officers.list_officers(library), key=lambda officer: officer.allegation_count)
    # Public records beside the office's allegations (fictional, like the whole demo).
    from evidence_desk.core import public_records

    findings = work / "public-records.csv"
    findings.write_text(
        "kind,officer_id,case_number,caption,court,date,category,allegation,finding,outcome\n"
        f"complaint,{most_cited.id},2019-04417,,,2019-06,Abuse of Authority,Strip-search,"
        "Substantiated (Charges),\n"
        f"complaint,{most_cited.id},2021-00815,,,2021-02,Force,Physical force,Unsubstantiated,\n"
        f"lawsuit,{most_cited.id},21-cv-04417,Roe v. City of New York (fictional),S.D.N.Y.,"
        "2021-09,,,,Settled\n"
        f"credibility finding,{most_cited.id},IND-0000-2022,People v. Sample (fictional),"
        "Sup. Ct. (fictional),2022-02-14,,,testimony not credible,Suppression granted\n",
        encoding="utf-8",
    )
    public_records.import_records(library, findings, source="Demo public records (fictional)")
    window.context.announce(Change.OFFICERS)
    window.pages.setCurrentIndex(1)
    settle(600)
    registry = window.officer_registry
    registry.select_officer(most_cited.id)
    registry.detail_tabs.setCurrentIndex(1)
    settle(600)
    shoot("officer-registry")
    from evidence_desk.gui.views.officer_dossier import DossierDialog

    dossier = DossierDialog(window.context, most_cited.id, window)
    dossier.show()
    dossier.move(window.geometry().center() - dossier.rect().center())
    wait_for(dossier.export_button.isEnabled)
    settle(600)
    shoot("officer-dossier")
    dossier.close()
    registry.detail_tabs.setCurrentIndex(0)
    window.pages.setCurrentIndex(2)
    wait_for(lambda: not window.context.runner.busy)
    settle(600)
    patterns = window.patterns_view
    patterns.select_officer(most_cited.id)
    settle(600)
    shoot("patterns")
    row = next(
        row
        for row in range(patterns.proxy.rowCount())
        if patterns.model.officer(
            patterns.proxy.mapToSource(patterns.proxy.index(row, 0)).row()
        ).officer_id
        == most_cited.id
    )
    column = next(
        column
        for column in range(4, patterns.proxy.columnCount())
        if patterns.proxy.index(row, column).data()
    )
    patterns.open_cell(patterns.proxy.index(row, column))
    wait_for(lambda: patterns.drilldown is not None and patterns.drilldown.isVisible())
    if patterns.drilldown is not None:
        patterns.drilldown.move(window.geometry().center() - patterns.drilldown.rect().center())
        shoot("pattern-drilldown")
        patterns.drilldown.close()

    # 6. A new matter: other names, and a date of birth typed the American way.
    from evidence_desk.gui.views.matter_dialog import MatterDialog

    window.pages.setCurrentIndex(0)
    matter_dialog = MatterDialog(window)
    matter_dialog.file_number.setText("2024-117")
    matter_dialog.caption.setText("People v. Rivera")
    matter_dialog.client_name.setText("Ana Rivera")
    matter_dialog.client_identifiers.add_row("aka", "Rivera, Ana")
    matter_dialog.client_identifiers.add_row("aka", "Annie R.")
    matter_dialog.client_identifiers.add_row("nysid", "12345678K")
    matter_dialog.client_date_of_birth.setText("07/02/1996")
    matter_dialog.docket.setText("CR-012345-24")
    matter_dialog.show()
    matter_dialog.move(window.geometry().center() - matter_dialog.rect().center())
    shoot("matter-dialog")
    matter_dialog.close()

    # 7. Help ▸ User guide.
    guide = window.show_user_guide()
    guide.browser.show_page("allegations-and-citations.md")
    guide.resize(1000, 800)
    guide.move(window.geometry().center() - guide.rect().center())
    shoot("user-guide")
    guide.close()

    # 8. The export dialog on motion papers for the matter, the office settings, then a
    # public brief refused because the title names a client.
    window.pages.setCurrentIndex(0)
    dialog = window.export_memo()
    if dialog is not None:
        dialog.move(window.geometry().center() - dialog.rect().center())
        shoot("export-motion")
        office = window.edit_office_settings()
        office.move(window.geometry().center() - office.rect().center())
        shoot("office-settings")
        office.close()
        dialog.set_kind("public")
        dialog.output_edit.setText(str(work / "public-brief.docx"))
        dialog.title_edit.setText(f"What happened to {busiest.matter.client.name}")
        dialog.move(window.geometry().center() - dialog.rect().center())
        dialog.start_export()  # the review list of the passages comes first
        review = dialog.review_dialog
        if review is not None:
            wait_for(lambda: review.review is not None)
            review.move(window.geometry().center() - review.rect().center())
            quoted = next(
                (index for index, item in enumerate(review.review.passages) if item.findings),
                0,
            )
            review.table.selectRow(quoted)
            settle(600)
            shoot("release-review")
            review.export_button.click()
        wait_for(lambda: dialog.task is None and not window.context.runner.busy)
        settle(600)
        shoot("export-refused")
        dialog.close()

    # 9. An import with progress, then the files that need attention.
    from tests.files import make_encrypted_pdf, make_pdf, make_truncated_pdf

    production = work / "production"
    for index in range(60):
        make_pdf(
            production / f"dd5-{index + 1:02}.pdf",
            [
                f"COMPLAINT FOLLOW-UP INFORMATIONAL {index + 1}\nNarrative page {page + 1}."
                for page in range(60)
            ],
            bates_prefix="DA",
            first_bates=index * 60 + 1,
        )
    make_truncated_pdf(production / "arrest-photos-partial.pdf")
    make_encrypted_pdf(production / "iab-log-sealed.pdf", ["Sealed log"], password="iab")
    (production / "notes.xyz").write_bytes(b"\x00\x01\x02 not evidence")
    window.matter_tabs.setCurrentWidget(window.documents_tab)
    shot_taken: list[bool] = []

    def on_progress(done: int, total: int, _message: str) -> None:
        dialog = window.importer.progress_dialog
        if not shot_taken and total and done >= max(3, total // 4) and dialog is not None:
            shot_taken.append(True)
            dialog.show()  # before its minimum duration, so the shot has it
            settle(150)
            shoot("import-progress", wait=False)

    window.import_files(busiest.matter.id, [production])
    task = window.importer.task
    if task is not None:
        task.signals.progress.connect(on_progress)
    wait_for(lambda: not window.importer.running, 300)
    settle(800)
    if window.importer.results_dialog is not None:
        results = window.importer.results_dialog
        results.move(window.geometry().center() - results.rect().center())
        shoot("import-failures")
        results.close()

    # 10. Officers in this matter: the intake alert, a mention opened on its page.
    window.matter_panel.select_matter(busiest.matter.id)
    window.matter_tabs.setCurrentWidget(window.documents_tab)
    officers_panel = window.officers_panel
    wait_for(lambda: officers_panel.alert is not None and officers_panel.alert.officers != ())
    window.matter_splitter.setSizes([360, 560])
    tree = officers_panel.tree
    if tree.topLevelItemCount():
        first = tree.topLevelItem(0)
        mention = next(
            (
                first.child(index)
                for index in range(first.childCount())
                if "“" in first.child(index).text(1)
            ),
            None,
        )
        if mention is not None:
            tree.setCurrentItem(mention)
            tree.itemClicked.emit(mention, 0)
    settle(1500)
    shoot("officers-in-matter")

    if arguments.dark:
        from PySide6.QtGui import QColor, QPalette

        app.setStyle("Fusion")
        dark = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Window, "#2b2b2b"),
            (QPalette.ColorRole.WindowText, "#e6e6e6"),
            (QPalette.ColorRole.Base, "#1e1e1e"),
            (QPalette.ColorRole.AlternateBase, "#262626"),
            (QPalette.ColorRole.Text, "#e6e6e6"),
            (QPalette.ColorRole.Button, "#353535"),
            (QPalette.ColorRole.ButtonText, "#e6e6e6"),
            (QPalette.ColorRole.Highlight, "#3d7bd9"),
            (QPalette.ColorRole.HighlightedText, "#ffffff"),
            (QPalette.ColorRole.PlaceholderText, "#8a8a8a"),
        ):
            dark.setColor(role, QColor(colour))
        app.setPalette(dark)
        window.pages.setCurrentIndex(0)
        window.matter_tabs.setCurrentWidget(window.documents_tab)
        other = next(item for item in summaries if item.matter.id != busiest.matter.id)
        window.matter_panel.select_matter(other.matter.id)
        shown = documents.list_documents(library, other.matter.id)[0]
        window.open_document(shown.id, 1, "undercover")
        settle(1500)
        shoot("main-window-dark")

    window.close()
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
