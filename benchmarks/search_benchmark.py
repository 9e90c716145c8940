"""Search latency on a large library: median and p95 of ranked queries with snippets.

Builds (once, kept in a cache folder per size) a library of 200,000 pages (or
``--pages``) of report-like text in documents of 100 pages across 40 matters, inserted
and indexed in bulk as an import batch is (``search_index.bulk_indexing``). Then runs the
``search`` service for the first screen of 50 hits with snippets (``first_screen=True``,
as a window answering while the user types asks) for sets of 1-, 2- and 3-word queries,
phrases and 4-letter prefixes, with and without a matter filter, and prints median,
95th-percentile and worst latency, with the CPU time beside it; then the whole answer (as
``evidence-desk search`` gives it) for phrases and 1-3 words, and other prefix lengths.
Target: every first-screen class p95 at most 50 ms, also at ``--pages 1000000``
(building that library takes about an hour on a busy 2-core machine and 5 GB of disk in
the temporary folder; it is kept for the next run).

Query words are drawn from the text's own word frequencies, leaving out the 40 most
common function words (nobody searches for "the"), so frequent domain words such as
"officer" or "arrest", which match most pages, are asked for as often as they occur.

With ``--office`` the same library is built on a throwaway PostgreSQL server (started on a
loopback port as in the tests, stopped at the end) and searched as an ordinary person
through the office backend (tsvector, GIN, ts_rank), for the figures beside SQLite's.

Run: ``.venv/bin/python benchmarks/search_benchmark.py [--pages 200000] [--cache DIR]
[--office]``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from benchmarks.corpus import TextGenerator  # noqa: E402
from evidence_desk.core.errors import ValidationError  # noqa: E402
from evidence_desk.core.library import Library  # noqa: E402
from evidence_desk.core.matters import (  # noqa: E402
    MatterInput,
    add_matter,
    get_matter_by_file_number,
)
from evidence_desk.core.model import Document, Page  # noqa: E402
from evidence_desk.core.search import search  # noqa: E402
from evidence_desk.core.search_index import bulk_indexing  # noqa: E402

PAGES_PER_DOCUMENT = 100
DOCUMENTS_PER_BATCH = 100
MATTERS = 40
SKIPPED_COMMON = 40


def build_library(path: Path, pages: int, seed: int = 11) -> Library:
    """A library with ``pages`` pages of generated text (kept and reused when complete)."""
    marker = path / "search-benchmark-pages.txt"
    if marker.is_file() and marker.read_text().strip() == str(pages):
        return Library.open(path, user="benchmark")
    if path.exists():
        import shutil

        shutil.rmtree(path)
    library = Library.create(path, user="benchmark")
    fill_library(library, pages, seed)
    with library.write() as session:
        session.connection().exec_driver_sql("INSERT INTO page_fts(page_fts) VALUES('optimize')")
    marker.write_text(str(pages))
    return library


@contextmanager
def office_library(path: Path, pages: int, seed: int = 11) -> Iterator[Library]:
    """The same library on a throwaway PostgreSQL server, opened as an ordinary person."""
    from evidence_desk.core.office_roles import add_user, setup_office
    from evidence_desk.core.office_server import OfficeServer
    from tests.postgres_cluster import running_cluster

    with running_cluster() as cluster:
        cluster.create_role("office_admin", "LOGIN CREATEROLE")
        cluster.create_database("benchmark", owner="office_admin")
        server = OfficeServer("benchmark", cluster.host, cluster.port)
        with Library.create(path, server=server, role="office_admin") as admin:
            setup_office(admin)
            add_user(admin, "paralegal")
        with Library.open(path, role="paralegal") as library:
            fill_library(library, pages, seed)
            with library.write() as session:
                session.connection().exec_driver_sql("ANALYZE page")
            yield library


def fill_library(library: Library, pages: int, seed: int) -> None:
    generator = TextGenerator(seed)
    rng = random.Random(seed)
    sentences = [generator.sentence() for _ in range(20_000)]
    for number in range(MATTERS):
        add_matter(library, MatterInput(f"M-{number:03d}", f"People v. Client {number}", "C"))
    documents = pages // PAGES_PER_DOCUMENT
    started = time.perf_counter()
    # Documents go in a hundred to a transaction, their pages indexed in bulk.
    for first in range(0, documents, DOCUMENTS_PER_BATCH):
        with library.write() as session, bulk_indexing(session):
            for index in range(first, min(first + DOCUMENTS_PER_BATCH, documents)):
                _add_document(session, index, rng, sentences)
        done = min(first + DOCUMENTS_PER_BATCH, documents) * PAGES_PER_DOCUMENT
        if done % 20_000 == 0:
            rate = done / (time.perf_counter() - started)
            print(f"  built {done} pages ({rate:.0f} pages/s)", flush=True)


def _add_document(session: Session, index: int, rng: random.Random, sentences: list[str]) -> None:
    document_id = session.execute(
        insert(Document).returning(Document.id),
        [
            {
                "matter_id": 1 + index % MATTERS,
                "title": f"Production {index:05d}",
                "file_name": f"production-{index:05d}.pdf",
                "stored_path": f"matters/M/documents/production-{index:05d}.pdf",
                "sha256": f"{index:064x}",
                "size": 1,
                "kind": "pdf",
                "status": "ok",
                "source": rng.choice(["discovery", "court", "oversight"]),
                "page_count": PAGES_PER_DOCUMENT,
                "imported_by": "benchmark",
            }
        ],
    ).scalar_one()
    first_bates = index * PAGES_PER_DOCUMENT + 1
    session.execute(
        insert(Page),
        [
            {
                "document_id": document_id,
                "number": page + 1,
                "bates": f"NYPD {first_bates + page:07d}",
                "text": " ".join(rng.choices(sentences, k=16)) + f"\nNYPD {first_bates + page:07d}",
            }
            for page in range(PAGES_PER_DOCUMENT)
        ],
    )


def query_words(library: Library, seed: int = 5) -> tuple[list[str], list[float]]:
    """Words and their weights as they occur in a sample of the pages."""
    from collections import Counter

    counts: Counter[str] = Counter()
    with library.read() as session:
        for text in session.execute(select(Page.text).limit(3000)).scalars():
            counts.update(word.strip(".,").lower() for word in text.split())
    ranked = [(word, count) for word, count in counts.most_common() if word.isalpha()]
    ranked = ranked[SKIPPED_COMMON:]
    return [word for word, _ in ranked], [float(count) for _, count in ranked]


def timed(library: Library, queries: list[str], **filters: object) -> list[tuple[float, float]]:
    """(wall, CPU) milliseconds of each query; CPU time shows what other work on the
    machine adds to the wall time."""
    latencies = []
    for query in queries:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            search(library, query, limit=50, **filters)
        except ValidationError:
            continue
        latencies.append(
            ((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000)
        )
    return latencies


def report(label: str, latencies: list[tuple[float, float]]) -> float:
    ordered = sorted(wall for wall, _cpu in latencies)
    cpu = sorted(cpu for _wall, cpu in latencies)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    cpu_p95 = cpu[max(0, int(len(cpu) * 0.95) - 1)]
    print(
        f"{label:<32} n={len(ordered):3d}  median {statistics.median(ordered):6.1f} ms"
        f"  p95 {p95:6.1f} ms  max {ordered[-1]:6.1f} ms   (CPU p95 {cpu_p95:5.1f} ms)",
        flush=True,
    )
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=200, help="per query set")
    parser.add_argument("--cache", type=Path, help="library folder (default: one per size)")
    parser.add_argument(
        "--office", action="store_true", help="on a throwaway PostgreSQL server instead"
    )
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    if args.office:
        started = time.perf_counter()
        with (
            tempfile.TemporaryDirectory() as folder,
            office_library(Path(folder) / "office", args.pages) as library,
        ):
            elapsed = time.perf_counter() - started
            print(f"office library (PostgreSQL): {args.pages} pages (ready in {elapsed:.0f} s)")
            run_queries(library, args.queries)
        return
    if args.cache is None:
        cache_root = Path(tempfile.gettempdir()) / "evidence-desk-benchmark"
        args.cache = cache_root / f"search-library-{args.pages}"
    started = time.perf_counter()
    library = build_library(args.cache, args.pages)
    size = (args.cache / "evidence.db").stat().st_size / 2**20
    elapsed = time.perf_counter() - started
    print(f"library: {args.pages} pages, {size:.0f} MiB (ready in {elapsed:.0f} s)")
    run_queries(library, args.queries)
    library.close()


def run_queries(library: Library, count: int) -> None:
    """Every query class, with its median, p95 and worst latency."""
    words, weights = query_words(library)
    rng = random.Random(9)

    def draw(count: int) -> str:
        return " ".join(rng.choices(words, weights, k=count))

    phrases = [f'"{draw(2)}"' for _ in range(count)]
    one_matter = get_matter_by_file_number(library, ONE_MATTER).id
    _ONE: dict[str, object] = {"matter_id": one_matter, "first_screen": True}
    sets: list[tuple[str, list[str], dict[str, object]]] = [
        ("1 word", [draw(1) for _ in range(count)], _FIRST),
        ("2 words", [draw(2) for _ in range(count)], _FIRST),
        ("3 words", [draw(3) for _ in range(count)], _FIRST),
        ('"2-word phrase"', phrases, _FIRST),
        ("prefix (4 letters*)", [draw(1)[:4] + "*" for _ in range(count)], _FIRST),
        ("1-3 words, one matter", [draw(rng.randint(1, 3)) for _ in range(count)], _ONE),
        ("prefix (4 letters*), one matter", [draw(1)[:4] + "*" for _ in range(count)], _ONE),
        ('"phrase", one matter', [f'"{draw(2)}"' for _ in range(count)], _ONE),
        ("1-3 words (the target set)", [draw(rng.randint(1, 3)) for _ in range(count)], _FIRST),
    ]
    # Reported beside the targets: the whole answer (as the command line gives it) where a
    # first screen can stop early, and prefixes with no prefix index of their own.
    extra = [
        ('"2-word phrase", whole answer', phrases, {}),
        ("1-3 words, whole answer", [draw(rng.randint(1, 3)) for _ in range(count)], {}),
        ("prefix (3 letters*)", [draw(1)[:3] + "*" for _ in range(count)], _FIRST),
        (
            "prefix (6 letters*)",
            [w + "*" for w in (draw(1)[:6] for _ in range(count)) if len(w) == 6],
            _FIRST,
        ),
    ]
    timed(library, [draw(1) for _ in range(20)])  # warm the page cache
    worst = 0.0
    for label, queries, filters in sets:
        worst = max(worst, report(label, timed(library, queries, **filters)))
    for label, queries, filters in extra:
        report(label, timed(library, queries, **filters))
    verdict = "meets" if worst <= 50 else "MISSES"
    print(f"worst p95 of the target classes: {worst:.1f} ms ({verdict} the 50 ms target)")


# What the window asks while the user types: the first screen of hits (see search_results).
_FIRST: dict[str, object] = {"first_screen": True}
ONE_MATTER = "M-007"  # the matter-filtered class: its file number (the filter takes its id)


if __name__ == "__main__":
    main()
