"""How the window copes with a large library (offscreen).

Generates (or reuses) a library of 50,000 documents / 200,000 pages with bulk SQL inserts,
then, each in a fresh process so that nothing is warm:

1. **time to window shown**: from starting the process to the main window's first paint
   (target ≤ 2 s);
2. **memory after opening**: resident set size once the window is shown and the largest
   matter is selected (target ≤ 400 MB);
3. **longest GUI-thread stall while importing 2,000 pages** (40 PDFs × 50 pages) through
   the window's import flow, measured with a 10 ms QTimer heartbeat (target ≤ 100 ms);
4. **reads the window makes on its own thread**: every core call a view makes without a
   background task (listing a matter's documents, allegations and notes, the officer
   registry, a page's text...), timed on the same library with case work added (3,000
   officers, 6,000 allegations with citations, 2,500 notes, tags). Each must stay under
   100 ms (the longest a click may wait); slower ones belong on a background task.

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


OFFICERS = 3_000
ALLEGATIONS_PER_MATTER = 10
BUSY_MATTER_ALLEGATIONS = 1_000  # matter 1: a unit's big pattern matter
NOTES_PER_MATTER = 5


def add_case_work(path: Path) -> None:
    """Bulk-insert officers, allegations with officers, conduct and citations, notes and
    tags into the generated library (once; a library that has allegations is left)."""
    from sqlalchemy import func, insert, select

    from evidence_desk.core.library import Library
    from evidence_desk.core.model import (
        Allegation,
        AllegationConduct,
        AllegationOfficer,
        Citation,
        ConductType,
        Document,
        Matter,
        Note,
        Officer,
        OfficerIdentifier,
        Tag,
        document_tag,
    )

    library = Library.open(path)
    started = time.perf_counter()
    with library.write() as session:
        if session.scalar(select(func.count(Allegation.id))):
            library.close()
            return
        random.seed(13)
        now = datetime(2024, 1, 1)
        codes = list(session.scalars(select(ConductType.code)))
        matter_ids = list(session.scalars(select(Matter.id).order_by(Matter.id)))
        documents: dict[int, list[int]] = {}
        for document_id, matter_id in session.execute(select(Document.id, Document.matter_id)):
            documents.setdefault(matter_id, []).append(document_id)
        session.execute(
            insert(Officer),
            [
                {
                    "id": number,
                    "name": f"Officer {number:04}",
                    "rank": "Det." if number % 3 else "P.O.",
                    "command": f"Vice {number % 12}",
                    "created_at": now,
                    "updated_at": now,
                }
                for number in range(1, OFFICERS + 1)
            ],
        )
        session.execute(
            insert(OfficerIdentifier),
            [
                {"officer_id": number, "kind": "shield", "value": str(1000 + number)}
                for number in range(1, OFFICERS + 1)
            ]
            + [
                {"officer_id": number, "kind": "uc", "value": str(number)}
                for number in range(1, OFFICERS + 1, 3)
            ],
        )
        allegations, links, conduct, citations = [], [], [], []
        allegation_id = 0
        for matter_id in matter_ids:
            count = BUSY_MATTER_ALLEGATIONS if matter_id == 1 else ALLEGATIONS_PER_MATTER
            for _ in range(count):
                allegation_id += 1
                day = datetime(2020 + random.randrange(4), random.randrange(1, 13), 1).date()
                allegations.append(
                    {
                        "id": allegation_id,
                        "matter_id": matter_id,
                        "date_precision": "month",
                        "date_start": day,
                        "date_end": day,
                        "summary": " ".join(random.choices(WORDS, k=8)),
                        "narrative": " ".join(random.choices(WORDS, k=60)),
                        "source": "client_statement",
                        "status": "alleged",
                        "reported_to": [],
                        "created_at": now,
                        "updated_at": now,
                        "created_by": "benchmark",
                    }
                )
                for officer_id in random.sample(range(1, OFFICERS + 1), random.randint(1, 3)):
                    links.append(
                        {
                            "allegation_id": allegation_id,
                            "officer_id": officer_id,
                            "role": "accused",
                        }
                    )
                for code in random.sample(codes, random.randint(1, 2)):
                    conduct.append({"allegation_id": allegation_id, "conduct_code": code})
                for document_id in random.sample(documents[matter_id], 2):
                    citations.append(
                        {
                            "allegation_id": allegation_id,
                            "document_id": document_id,
                            "page_start": 1,
                            "page_end": 1,
                            "quote": "",
                            "created_at": now,
                        }
                    )
        for table, rows in (
            (Allegation, allegations),
            (AllegationOfficer, links),
            (AllegationConduct, conduct),
            (Citation, citations),
        ):
            session.execute(insert(table), rows)
        session.execute(
            insert(Note),
            [
                {
                    "matter_id": matter_id,
                    "title": f"Interview {number}",
                    "body": " ".join(random.choices(WORDS, k=200)),
                    "author": "benchmark",
                    "created_at": now,
                    "updated_at": now,
                }
                for matter_id in matter_ids
                for number in range(1, NOTES_PER_MATTER + 1)
            ],
        )
        session.execute(
            insert(Tag), [{"id": number, "name": f"Tag {number}"} for number in range(1, 21)]
        )
        all_documents = [item for ids in documents.values() for item in ids]
        session.execute(
            insert(document_tag),
            [
                {"document_id": document_id, "tag_id": 1 + document_id % 20}
                for document_id in all_documents[::10]
            ],
        )
    library.close()
    print(
        f"added {OFFICERS:,} officers, {allegation_id:,} allegations, {len(citations):,} "
        f"citations in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def child_reads(path: Path) -> None:
    """Time each read the window makes on its own thread (a fresh process, warm after the
    first call, as a view is once the window is open)."""
    import statistics

    from evidence_desk.core import (
        allegations,
        documents,
        matters,
        notes,
        officers,
        tags,
        taxonomy,
    )
    from evidence_desk.core.citations import CitationInput
    from evidence_desk.core.library import Library
    from evidence_desk.core.matching import suggest
    from evidence_desk.core.patterns import PatternFilter, allegations_behind

    library = Library.open(path)
    busy = 1  # the matter with the most allegations
    document = documents.list_documents(library, busy)[0]
    officer = officers.list_officers(library)[0]
    first_allegation = allegations.list_allegations(library, matter=busy)[0]
    calls = {
        "matter list (list_matters)": lambda: matters.list_matters(library),
        "one matter (get_matter)": lambda: matters.get_matter(library, busy),
        "a matter's documents (list_documents)": lambda: documents.list_documents(library, busy),
        "a document (get_document)": lambda: documents.get_document(library, document.id),
        "a page's text and Bates (get_page)": lambda: documents.get_page(library, document.id, 2),
        "a matter's allegations, 1,000 (background task)": lambda: allegations.list_allegations(
            library, matter=busy
        ),
        "a matter's allegations, 10 (background task)": lambda: allegations.list_allegations(
            library, matter=2
        ),
        "one allegation (get_allegation)": lambda: allegations.get_allegation(
            library, first_allegation.id
        ),
        "check two citations (check_citations)": lambda: allegations.check_citations(
            library,
            busy,
            [CitationInput(document.id, 1, 1, "arrest"), CitationInput(document.id, 2)],
        ),
        "a matter's notes (list_notes)": lambda: notes.list_notes(library, busy),
        "tags (list_tags)": lambda: tags.list_tags(library),
        "conduct taxonomy (list_conduct_types)": lambda: taxonomy.list_conduct_types(library),
        "officer registry, 3,000 (list_officers)": lambda: officers.list_officers(library),
        "one officer (get_officer)": lambda: officers.get_officer(library, officer.id),
        "an officer's allegations (list_allegations)": lambda: allegations.list_allegations(
            library, officer=officer.id
        ),
        "an officer's merges (list_merges)": lambda: officers.list_merges(library, officer.id),
        "officer suggestions on Enter (suggest)": lambda: suggest(library, "UC 214"),
        "allegations behind a pattern cell (background task)": lambda: allegations_behind(
            library, PatternFilter(), officer.id
        ),
    }
    report: dict[str, dict[str, float]] = {}
    for name, call in calls.items():
        call()  # the first call warms the caches, as opening the window does
        times, cpu = [], []
        for _ in range(5):
            started, started_cpu = time.perf_counter(), time.process_time()
            call()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        report[name] = {
            "median_ms": statistics.median(times),
            "max_ms": max(times),
            "cpu_ms": statistics.median(cpu),
        }
    library.close()
    print(json.dumps(report), flush=True)


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
    parser.add_argument("--child-reads", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--reads-only", action="store_true", help="only time the window's own-thread reads"
    )
    arguments = parser.parse_args()
    if arguments.child_open:
        child_open(arguments.child_open)
        return 0
    if arguments.child_import:
        child_import(*arguments.child_import)
        return 0
    if arguments.child_reads:
        child_reads(arguments.child_reads)
        return 0

    os.environ.setdefault("EVIDENCE_DESK_SETTINGS", str(Path(tempfile.mkdtemp()) / "settings.ini"))
    work = Path(tempfile.mkdtemp(prefix="evidence-desk-gui-benchmark-"))
    library_path = arguments.library or work / "library"
    from evidence_desk.core.library import Library

    if not Library.exists(library_path):
        generate_library(library_path, arguments.documents)
    add_case_work(library_path)
    reads, _started = run_child("--child-reads", str(library_path))
    print(
        "reads by the window (median / longest of 5, and median CPU time, which a busy "
        "machine does not inflate; target ≤ 100 ms on the window's thread):"
    )
    for name, figures in reads.items():
        assert isinstance(figures, dict)
        print(
            f"  {name:<52} {figures['median_ms']:7.1f} / {figures['max_ms']:7.1f} ms, "
            f"CPU {figures['cpu_ms']:6.1f} ms"
        )
    if arguments.reads_only:
        return 0
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
