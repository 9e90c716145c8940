"""How the window copes with a large library (offscreen).

Generates (or reuses) a library of 50,000 documents / 200,000 pages with bulk SQL inserts,
then, each in a fresh process so that nothing is warm:

1. **time to window shown**: from starting the process to the main window's first paint
   (target ≤ 2 s);
2. **memory after opening**: resident set size once the window is shown and the largest
   matter is selected (target ≤ 400 MB);
3. **longest GUI-thread stall while importing 2,000 pages** (40 PDFs × 50 pages) through
   the window's import flow, measured with a 10 ms QTimer heartbeat (target ≤ 100 ms).

Usage: ``.venv/bin/python benchmarks/gui_benchmark.py [--library PATH] [--documents N]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES_PER_DOCUMENT = 4
DOCUMENTS_PER_MATTER = 100
WORDS = (
    "arrest",
    "report",
    "narrative",
    "undercover",
    "officer",
    "shield",
    "defendant",
    "stated",
    "vouchered",
    "property",
    "complaint",
    "radio",
    "transmission",
    "sergeant",
    "precinct",
    "command",
    "observed",
    "approached",
    "vehicle",
    "hotel",
    "room",
    "payment",
    "agreed",
    "exposed",
    "touched",
    "photograph",
    "released",
    "summons",
    "desk",
    "appearance",
)


def generate_library(path: Path, documents: int) -> None:
    """Bulk-insert matters, clients, documents and pages (no files on disk, no audit)."""
    from sqlalchemy import insert

    from evidence_desk.core.library import Library
    from evidence_desk.core.model import Client, Document, Matter, Page

    random.seed(7)
    library = Library.create(path, user="benchmark")
    matters = max(1, documents // DOCUMENTS_PER_MATTER)
    now = datetime(2024, 1, 1)
    started = time.perf_counter()
    with library.write() as session:
        session.execute(
            insert(Client),
            [{"id": i, "name": f"Client {i}", "created_at": now} for i in range(1, matters + 1)],
        )
        session.execute(
            insert(Matter),
            [
                {
                    "id": i,
                    "file_number": f"2024-{i:05}",
                    "caption": f"People v. Client {i}",
                    "status": "open" if i % 5 else "closed",
                    "client_id": i,
                    "folder_key": f"2024-{i:05}",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(1, matters + 1)
            ],
        )
    document_id = page_id = 0
    batch_documents: list[dict[str, object]] = []
    batch_pages: list[dict[str, object]] = []

    def flush() -> None:
        with library.write() as session:
            session.execute(insert(Document), batch_documents)
            session.execute(insert(Page), batch_pages)
        batch_documents.clear()
        batch_pages.clear()

    for matter in range(1, matters + 1):
        for index in range(DOCUMENTS_PER_MATTER):
            document_id += 1
            first = (document_id - 1) * PAGES_PER_DOCUMENT + 1
            batch_documents.append(
                {
                    "id": document_id,
                    "matter_id": matter,
                    "title": f"DD5 {index + 1:03} of matter {matter}",
                    "file_name": f"dd5-{index + 1:03}.pdf",
                    "stored_path": f"matters/2024-{matter:05}/documents/dd5-{index + 1:03}.pdf",
                    "sha256": f"{document_id:064x}",
                    "size": 50_000,
                    "kind": "pdf",
                    "status": "ok",
                    "source": "discovery",
                    "page_count": PAGES_PER_DOCUMENT,
                    "bates_prefix": "NYPD",
                    "bates_start": f"NYPD {first:07}",
                    "bates_end": f"NYPD {first + PAGES_PER_DOCUMENT - 1:07}",
                    "imported_at": now,
                    "imported_by": "benchmark",
                }
            )
            for number in range(1, PAGES_PER_DOCUMENT + 1):
                page_id += 1
                text = " ".join(random.choices(WORDS, k=60))
                batch_pages.append(
                    {
                        "id": page_id,
                        "document_id": document_id,
                        "number": number,
                        "bates": f"NYPD {first + number - 1:07}",
                        "text": text,
                    }
                )
        if len(batch_documents) >= 5_000:
            flush()
    if batch_documents:
        flush()
    library.close()
    print(
        f"generated {document_id:,} documents / {page_id:,} pages in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )


def child_open(path: Path) -> None:
    """Open the window, report when it is painted and the memory once a matter is shown."""
    import psutil
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    from evidence_desk.core.library import Library
    from evidence_desk.gui.main_window import MainWindow

    library = Library.open(path)
    window = MainWindow(library)

    class PaintWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "shown" not in report:
                report["shown"] = time.time()
                QTimer.singleShot(0, after_shown)
            return False

    report: dict[str, float] = {}

    def after_shown() -> None:
        panel = window.matter_panel
        largest = max(panel.model.rows(), key=lambda summary: summary.documents)
        select_started = time.perf_counter()
        panel.select_matter(largest.matter.id)
        app.processEvents()
        report["select_matter_seconds"] = time.perf_counter() - select_started
        report["rss_mb"] = psutil.Process().memory_info().rss / 1_000_000
        report["matters"] = panel.model.rowCount()
        report["documents_shown"] = window.documents_tab.model.rowCount()
        app.exit(0)

    watch = PaintWatch()
    window.installEventFilter(watch)
    window.show()
    app.exec()
    window.context.runner.wait()
    library.close()
    print(json.dumps(report), flush=True)


def child_import(path: Path, evidence: Path) -> None:
    """Import 2,000 pages through the window while a heartbeat measures GUI stalls."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    from evidence_desk.core import matters
    from evidence_desk.core.library import Library
    from evidence_desk.gui.main_window import MainWindow

    library = Library.open(path)
    matter = matters.add_matter(
        library, matters.MatterInput(f"IMPORT-{int(time.time())}", "People v. Import", "Client")
    )
    window = MainWindow(library)
    window.show()
    window.matter_panel.select_matter(matter.id)
    window.importer.show_results = False
    longest = 0.0
    last = time.perf_counter()

    def beat() -> None:
        nonlocal last, longest
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now

    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(beat)
    outcome: dict[str, object] = {}

    def finished(results: list[object]) -> None:
        outcome["seconds"] = time.perf_counter() - started
        outcome["files"] = len(results)
        outcome["pages"] = sum(getattr(result, "pages", 0) for result in results)
        app.exit(0)

    window.importer.finished.connect(finished)
    window.importer.failed.connect(
        lambda message: (outcome.setdefault("error", message), app.exit(0))
    )
    started = time.perf_counter()
    heartbeat.start()
    last = time.perf_counter()
    window.importer.start(matter.id, [evidence])
    app.exec()
    heartbeat.stop()
    outcome["longest_stall_ms"] = (longest - 0.010) * 1000  # minus the heartbeat's own period
    library.close()
    print(json.dumps(outcome), flush=True)


def make_import_evidence(folder: Path, files: int = 40, pages: int = 50) -> Path:
    from tests.files import make_pdf

    folder.mkdir(parents=True, exist_ok=True)
    random.seed(11)
    for index in range(files):
        texts = [" ".join(random.choices(WORDS, k=120)) for _page in range(pages)]
        make_pdf(
            folder / f"production-{index:03}.pdf",
            texts,
            bates_prefix="DA",
            first_bates=index * pages + 1,
        )
    return folder


def run_child(*arguments: str) -> tuple[dict[str, object], float]:
    environment = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    started = time.time()
    output = subprocess.run(
        [sys.executable, __file__, *arguments],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1]), started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, help="reuse (or create) the large library here")
    parser.add_argument("--documents", type=int, default=50_000)
    parser.add_argument("--child-open", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-import", nargs=2, type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child_open:
        child_open(arguments.child_open)
        return 0
    if arguments.child_import:
        child_import(*arguments.child_import)
        return 0

    os.environ.setdefault("EVIDENCE_DESK_SETTINGS", str(Path(tempfile.mkdtemp()) / "settings.ini"))
    work = Path(tempfile.mkdtemp(prefix="evidence-desk-gui-benchmark-"))
    library_path = arguments.library or work / "library"
    from evidence_desk.core.library import Library

    if not Library.exists(library_path):
        generate_library(library_path, arguments.documents)
    opened, started = run_child("--child-open", str(library_path))
    shown = float(opened["shown"]) - started  # type: ignore[arg-type]
    print(f"time to window shown:        {shown:.2f} s (target ≤ 2 s)")
    print(
        f"memory after opening:        {opened['rss_mb']:.0f} MB RSS (target ≤ 400 MB), "
        f"{opened['matters']} matters listed, largest matter's first "
        f"{opened['documents_shown']} documents shown in "
        f"{opened['select_matter_seconds'] * 1000:.0f} ms"
    )
    evidence = make_import_evidence(work / "import")
    imported, _started = run_child("--child-import", str(library_path), str(evidence))
    if "error" in imported:
        print(f"import failed: {imported['error']}")
        return 1
    print(
        f"longest GUI stall, import:   {imported['longest_stall_ms']:.0f} ms (target ≤ 100 ms) "
        f"while importing {imported['files']} files / {imported['pages']} pages in "
        f"{imported['seconds']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
