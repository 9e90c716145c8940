"""Screenshots of the main screens for the README, taken on the demo library.

Run under a real X server so that dialogs are placed as a desktop would place them:

    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 .venv/bin/python installers/screenshots.py [--out resources/readme]

The demo library (``evidence_desk.core.demo``) is built in a temporary folder (or reused
with ``--library``). Each screen is captured from the screen itself
(``QScreen.grabWindow(0)``), so dialogs over the window appear as they would to a person.
"""

from __future__ import annotations

import argparse
import os
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
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="evidence-desk-shots-"))
    os.environ.setdefault("EVIDENCE_DESK_SETTINGS", str(work / "settings.ini"))
    os.environ.setdefault("EVIDENCE_DESK_USER", "paralegal")
    library_path = arguments.library or work / "demo-library"

    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from evidence_desk.core import allegations, documents, matters
    from evidence_desk.core.library import Library
    from evidence_desk.gui.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    app.setApplicationName("Evidence Desk")
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
        print(f"wrote {target} ({pixmap.width()}×{pixmap.height()})", flush=True)

    window = MainWindow(library)
    window.setGeometry(0, 0, *SCREEN)
    window.show()
    window.main_splitter.setSizes([330, SCREEN[0] - 330])
    window.work_splitter.setSizes([700, SCREEN[0] - 330 - 700])
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
    window.work_splitter.setSizes([560, SCREEN[0] - 330 - 560])
    settle(1500)  # QPdfView renders pages in the background
    shoot("viewer-search-hit")

    # 3. Allegations of the matter, and the allegation editor over the window.
    window.matter_tabs.setCurrentWidget(window.allegations_tab)
    settle()
    shoot("allegations-tab")
    matter_allegations = allegations.list_allegations(library, matter_id=busiest.matter.id)
    if matter_allegations:
        from evidence_desk.gui.views.allegation_editor import AllegationEditor

        editor = AllegationEditor(
            window.context, busiest.matter.id, matter_allegations[0].id, window
        )
        editor.show()
        editor.move(window.geometry().center() - editor.rect().center())
        shoot("allegation-editor")
        editor.close()

    # 4. Officer registry and patterns.
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
    window.context.announce("officers")
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
    window.patterns_view.select_officer(most_cited.id)
    settle(600)
    shoot("patterns")

    # 5. The export dialog on motion papers for the matter, the office settings, then a
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

    # 6. An import with progress, then the files that need attention.
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

    # 7. Officers in this matter: the intake alert, a mention opened on its page.
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

    window.close()
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
