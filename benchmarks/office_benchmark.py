"""Several people at once on an office library: throughput, p95 latency, lost writes.

Starts a throwaway PostgreSQL server on a loopback port (as the tests do; stopped at the
end), sets up an office library, and runs four client processes, each a person of its own:
two import discovery (generated PDFs, ``--files`` each, into their own matters) and two
edit allegations and search. Both editors raise a counter in the narrative of the same
shared allegation (and of one of their own each), saving with the version they read; a
refused save (``EditConflictError``) is read again and retried, as a person reloading
would. At the end the shared counter must equal the saves both editors made, every
document must be stored with all its pages, and the audit chain must check: the script
prints throughput, p95 latency per kind of work, the conflicts met, and lost writes (must
be zero).

Run: ``.venv/bin/python benchmarks/office_benchmark.py [--files 20] [--edits 200]``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from evidence_desk.core import allegations, audit, documents, matters, officers  # noqa: E402
from evidence_desk.core.allegations import AllegationInput, input_from_record  # noqa: E402
from evidence_desk.core.errors import EditConflictError  # noqa: E402
from evidence_desk.core.ingest.pipeline import import_paths  # noqa: E402
from evidence_desk.core.library import Library  # noqa: E402
from evidence_desk.core.office_roles import add_user, setup_office  # noqa: E402
from evidence_desk.core.office_server import OfficeServer  # noqa: E402
from evidence_desk.core.records import MatterId  # noqa: E402
from evidence_desk.core.search import search  # noqa: E402
from tests.files import make_pdf  # noqa: E402
from tests.postgres_cluster import running_cluster  # noqa: E402

PAGES_PER_FILE = 10
WORDS = ["officer", "vehicle", "statement", "arrest", "witness", "property", "undercover"]


def _importer(folder: str, role: str, matter_id: int, paths: list[str]) -> dict[str, object]:
    latencies = []
    with Library.open(Path(folder), role=role) as library:
        for path in paths:
            started = time.perf_counter()
            [result] = import_paths(library, MatterId(matter_id), [Path(path)], workers=1)
            latencies.append(time.perf_counter() - started)
            assert result.status == "ok", result.message
    return {"import": latencies}


def _counter(record: allegations.AllegationRecord) -> int:
    return int(record.narrative or "0")


def _save_increment(library: Library, allegation_id: int) -> tuple[float, int]:
    """Raise an allegation's counter by one; (seconds, conflicts met on the way)."""
    conflicts = 0
    started = time.perf_counter()
    while True:
        record = allegations.get_allegation(library, allegation_id)
        data = input_from_record(record)
        changed = AllegationInput(
            **{
                name: getattr(data, name)
                for name in AllegationInput.__dataclass_fields__
                if name != "narrative"
            },
            narrative=str(_counter(record) + 1),
        )
        try:
            allegations.update_allegation(
                library, allegation_id, changed, expected_version=record.version
            )
        except EditConflictError:
            conflicts += 1
            continue
        return time.perf_counter() - started, conflicts


def _editor(folder: str, role: str, shared: int, own: int, edits: int) -> dict[str, object]:
    edit_latencies, search_latencies, conflicts = [], [], 0
    with Library.open(Path(folder), role=role) as library:
        for number in range(edits):
            seconds, met = _save_increment(library, shared if number % 2 == 0 else own)
            edit_latencies.append(seconds)
            conflicts += met
            started = time.perf_counter()
            search(library, WORDS[number % len(WORDS)], limit=50)
            search_latencies.append(time.perf_counter() - started)
    return {"edit": edit_latencies, "search": search_latencies, "conflicts": conflicts}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20, help="PDFs each importer imports")
    parser.add_argument("--edits", type=int, default=200, help="saves each editor makes")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as temporary, running_cluster() as cluster:
        folder = Path(temporary) / "office"
        cluster.create_role("office_admin", "LOGIN CREATEROLE")
        cluster.create_database("office", owner="office_admin")
        server = OfficeServer("office", cluster.host, cluster.port)
        people = ("importer_1", "importer_2", "editor_1", "editor_2")
        with Library.create(folder, server=server, role="office_admin") as admin:
            setup_office(admin)
            for person in people:
                add_user(admin, person)
            officer = officers.add_officer(admin, "Thomas Kell")
            ids = [
                matters.add_matter(
                    admin, matters.MatterInput(f"B-{n}", f"People v. B{n}", f"Client {n}")
                ).id
                for n in range(3)
            ]
            made = [
                allegations.add_allegation(
                    admin,
                    AllegationInput(
                        matter_id=ids[2],
                        officers=(allegations.OfficerLink(officer.id),),
                        date="2024-03",
                        conduct=("UC.EXPOSURE",),
                        summary=f"Allegation {n}",
                        narrative="0",
                    ),
                ).id
                for n in range(3)
            ]
        files = {
            person: [
                str(
                    make_pdf(
                        Path(temporary) / f"{person}-{n}.pdf",
                        [f"{WORDS[p % 7]} page {p} of {person} file {n}" for p in range(10)],
                    )
                )
                for n in range(args.files)
            ]
            for person in people[:2]
        }
        context = multiprocessing.get_context("spawn")
        started = time.perf_counter()
        with concurrent.futures.ProcessPoolExecutor(4, mp_context=context) as pool:
            jobs = [
                pool.submit(_importer, str(folder), people[0], ids[0], files[people[0]]),
                pool.submit(_importer, str(folder), people[1], ids[1], files[people[1]]),
                pool.submit(_editor, str(folder), people[2], made[0], made[1], args.edits),
                pool.submit(_editor, str(folder), people[3], made[0], made[2], args.edits),
            ]
            results = [job.result() for job in jobs]
        elapsed = time.perf_counter() - started
        imports = [s for r in results[:2] for s in r["import"]]  # type: ignore[attr-defined]
        edits = [s for r in results[2:] for s in r["edit"]]  # type: ignore[attr-defined]
        searches = [s for r in results[2:] for s in r["search"]]  # type: ignore[attr-defined]
        conflicts = sum(int(r["conflicts"]) for r in results[2:])  # type: ignore[call-overload]
        with Library.open(folder, role="office_admin") as library:
            shared = _counter(allegations.get_allegation(library, made[0]))
            own = [_counter(allegations.get_allegation(library, a)) for a in made[1:]]
            stored = [documents.list_documents(library, m) for m in ids[:2]]
            with library.read() as session:
                chain = audit.check(session).problem
        expected_shared = 2 * ((args.edits + 1) // 2)
        expected_own = args.edits // 2
        lost = (expected_shared - shared) + sum(expected_own - value for value in own)
        missing_pages = sum(
            args.files * PAGES_PER_FILE - sum(d.page_count for d in docs) for docs in stored
        )
        print(f"4 clients on loopback for {elapsed:.1f} s")
        print(
            f"imports: {len(imports)} files ({len(imports) * PAGES_PER_FILE} pages), "
            f"{len(imports) * PAGES_PER_FILE / elapsed:.1f} pages/s overall, "
            f"p95 {_p95(imports) * 1000:.0f} ms a file, median "
            f"{statistics.median(imports) * 1000:.0f} ms"
        )
        print(
            f"allegation saves: {len(edits)}, {len(edits) / elapsed:.1f}/s, p95 "
            f"{_p95(edits) * 1000:.1f} ms (conflicts met and retried: {conflicts})"
        )
        print(
            f"searches: {len(searches)}, p95 {_p95(searches) * 1000:.1f} ms, median "
            f"{statistics.median(searches) * 1000:.1f} ms"
        )
        print(
            f"lost writes: {lost}; missing pages: {missing_pages}; audit chain: "
            f"{'intact' if chain is None else chain}"
        )
        if lost or missing_pages or chain is not None:
            sys.exit(1)


if __name__ == "__main__":
    main()
