"""Time pattern analysis and memo export on a large library.

Generates 50 matters, 300 officers and 5,000 allegations with 15,000 citations (bulk Core
inserts, not one service call per row), then prints the time of:

* ``patterns`` (``core.patterns.analyse``), target at most 0.5 s;
* an internal memo over the largest pattern, and over all allegations, target at most 5 s
  per 1,000 allegations;
* motion papers in matter 2024-001 about the largest pattern's officer (including the scan
  of every part for other clients' identifiers), same target;
* a public brief over the largest pattern (including the leak scan of every part).

Run: ``.venv/bin/python benchmarks/patterns_benchmark.py [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from evidence_desk.core.library import Library
from evidence_desk.core.matters import get_matter_by_file_number
from evidence_desk.core.memo import MemoOptions, export_memo
from evidence_desk.core.model import (
    Allegation,
    AllegationConduct,
    AllegationOfficer,
    Citation,
    Client,
    ConductType,
    Document,
    Matter,
    Officer,
    OfficerIdentifier,
    Page,
    utc_now,
)
from evidence_desk.core.patterns import PatternFilter, analyse

MATTERS = 50
OFFICERS = 300
ALLEGATIONS = 5_000
CITATIONS_PER_ALLEGATION = 3
DOCUMENTS_PER_MATTER = 8
PAGES_PER_DOCUMENT = 25
COMMANDS = ["Vice Enforcement", "Narcotics Borough Brooklyn North", "75 Precinct", "Midtown South"]
FIRST_NAMES = ["John", "Paul", "Maria", "Luis", "Kevin", "Dana", "Sean", "Rita", "Omar", "Ivy"]
LAST_NAMES = ["Smith", "Jones", "Garcia", "Nguyen", "Kelly", "Byrne", "Cohen", "Diaz", "Ali"]
# Officers get distinct names without digits: a digit in a name is one of the officer's
# numbers to the public brief's scanner, as in an alias like "UC #0214".
SURNAME_STARTS = ["Mor", "Kel", "Dar", "Fen", "Gal", "Har", "Lin", "Ros", "Tal", "Wes"]
SURNAME_ENDS = ["ton", "ley", "by", "son", "man", "well", "ford", "wick", "more", "stead"]


def _officer_name(index: int) -> str:
    first = FIRST_NAMES[index // 100 % len(FIRST_NAMES)]
    return f"{first} {SURNAME_STARTS[index % 10]}{SURNAME_ENDS[index // 10 % 10]}"


def generate(library: Library, seed: int = 7) -> None:
    """Fill ``library`` with the benchmark corpus in a few bulk statements."""
    rng = random.Random(seed)
    now = utc_now()
    with library.write() as session:
        codes = [
            code
            for code, parent in session.execute(select(ConductType.code, ConductType.parent_code))
            if parent is not None
        ]
        session.execute(
            insert(Client),
            [
                {
                    "id": index,
                    "name": f"{rng.choice(FIRST_NAMES)} Client{index:03d}",
                    "date_of_birth": date(1980, 1, 1) + timedelta(days=rng.randrange(9000)),
                    "created_at": now,
                }
                for index in range(1, MATTERS + 1)
            ],
        )
        session.execute(
            insert(Matter),
            [
                {
                    "id": index,
                    "file_number": f"2024-{index:03d}",
                    "caption": f"People v. Client{index:03d}",
                    "docket": f"CR-{100000 + index}-24",
                    "court": "Criminal Court, Kings County",
                    "status": "open",
                    "client_id": index,
                    "folder_key": f"2024-{index:03d}",
                    "opened_on": date(2024, 1, 1),
                    "created_at": now,
                    "updated_at": now,
                }
                for index in range(1, MATTERS + 1)
            ],
        )
        session.execute(
            insert(Officer),
            [
                {
                    "id": index,
                    "name": _officer_name(index),
                    "rank": rng.choice(["P.O.", "Det.", "Sgt."]),
                    "command": rng.choice(COMMANDS),
                    "created_at": now,
                    "updated_at": now,
                }
                for index in range(1, OFFICERS + 1)
            ],
        )
        session.execute(
            insert(OfficerIdentifier),
            [
                {"officer_id": index, "kind": "shield", "value": str(1000 + index)}
                for index in range(1, OFFICERS + 1)
            ],
        )
        documents, pages = [], []
        document_id = 0
        for matter in range(1, MATTERS + 1):
            for number in range(DOCUMENTS_PER_MATTER):
                document_id += 1
                first = matter * 10_000 + number * 100
                documents.append(
                    {
                        "id": document_id,
                        "matter_id": matter,
                        "title": rng.choice(["Arrest Report", "DD5", "Complaint Report"])
                        + f" {number + 1}",
                        "file_name": f"doc-{document_id}.pdf",
                        "stored_path": f"matters/2024-{matter:03d}/documents/doc-{document_id}.pdf",
                        "sha256": f"{document_id:064x}",
                        "size": 1000,
                        "kind": "pdf",
                        "status": "ok",
                        "source": "discovery",
                        "page_count": PAGES_PER_DOCUMENT,
                        "bates_prefix": "NYPD",
                        "bates_start": f"NYPD {first:07d}",
                        "bates_end": f"NYPD {first + PAGES_PER_DOCUMENT - 1:07d}",
                        "imported_at": now,
                        "imported_by": "benchmark",
                    }
                )
                pages.extend(
                    {
                        "document_id": document_id,
                        "number": page,
                        "bates": f"NYPD {first + page - 1:07d}",
                        "text": "",
                    }
                    for page in range(1, PAGES_PER_DOCUMENT + 1)
                )
        session.execute(insert(Document), documents)
        session.execute(insert(Page), pages)
        # A few officers appear again and again (as in real units); most rarely.
        weights = [1.0 / (rank + 1) ** 0.9 for rank in range(OFFICERS)]
        allegations, links, conduct, citations = [], [], [], []
        for allegation_id in range(1, ALLEGATIONS + 1):
            matter = rng.randrange(1, MATTERS + 1)
            day = date(2018, 1, 1) + timedelta(days=rng.randrange(2500))
            allegations.append(
                {
                    "id": allegation_id,
                    "matter_id": matter,
                    "date_precision": "day",
                    "date_start": day,
                    "date_end": day,
                    "summary": "The officer exposed himself and made the arrest afterwards.",
                    "narrative": "",
                    "source": "client_statement",
                    "status": rng.choice(["alleged", "alleged", "corroborated"]),
                    "reported_to": [],
                    "created_at": now,
                    "updated_at": now,
                    "created_by": "benchmark",
                }
            )
            officers = set(
                rng.choices(range(1, OFFICERS + 1), weights=weights, k=rng.choice([1, 2]))
            )
            links.extend(
                {"allegation_id": allegation_id, "officer_id": officer, "role": "accused"}
                for officer in officers
            )
            conduct.extend(
                {"allegation_id": allegation_id, "conduct_code": code}
                for code in set(rng.sample(codes, rng.choice([1, 2])))
            )
            for _ in range(CITATIONS_PER_ALLEGATION):
                document = (
                    (matter - 1) * DOCUMENTS_PER_MATTER + rng.randrange(DOCUMENTS_PER_MATTER) + 1
                )
                page = rng.randrange(1, PAGES_PER_DOCUMENT)
                citations.append(
                    {
                        "allegation_id": allegation_id,
                        "document_id": document,
                        "page_start": page,
                        "page_end": page + rng.choice([0, 0, 1]),
                        "quote": "he said he would let me go if I did what he wanted",
                        "quote_page": page,
                        "created_at": now,
                    }
                )
        session.execute(insert(Allegation), allegations)
        session.execute(insert(AllegationOfficer), links)
        session.execute(insert(AllegationConduct), conduct)
        session.execute(insert(Citation), citations)


def timed(label: str, action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the library here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="evidence-desk-patterns-"))
    if root.exists() and args.keep:
        shutil.rmtree(root)
    library = Library.create(root / "library", user="benchmark")
    try:
        _, elapsed = timed("generate", lambda: generate(library))
        print(
            f"generated {MATTERS} matters, {OFFICERS} officers, {ALLEGATIONS:,} allegations, "
            f"{ALLEGATIONS * CITATIONS_PER_ALLEGATION:,} citations in {elapsed:.1f} s"
        )
        analyse(library)  # warm the connection and caches once, as a running program has
        report, elapsed = timed("patterns", lambda: analyse(library))
        print(
            f"patterns: {elapsed:.3f} s for {len(report.officers)} officers, "
            f"{len(report.flagged)} flagged, {len(report.co_accused)} co-accused pairs "
            "(target <= 0.5 s)"
        )
        exports = root / "exports"
        exports.mkdir(exist_ok=True)
        largest = report.officers[0]
        filed_in = get_matter_by_file_number(library, "2024-001").id
        for kind in ("internal", "motion", "public"):
            result, elapsed = timed(
                kind,
                lambda kind=kind: export_memo(
                    library,
                    MemoOptions(kind=kind, matter_id=filed_in, officers=(largest.officer_id,)),
                    exports / f"largest-{kind}.docx",
                ),
            )
            per_thousand = elapsed / result.allegations * 1000
            print(
                f"{kind} memo, largest pattern ({largest.officer}): {result.allegations:,} "
                f"allegations, {result.footnotes:,} footnotes in {elapsed:.2f} s "
                f"= {per_thousand:.2f} s per 1,000 allegations (target <= 5 s)"
            )
        result, elapsed = timed(
            "all",
            lambda: export_memo(
                library,
                MemoOptions(
                    kind="internal", matter_id=filed_in, criteria=PatternFilter(min_matters=1)
                ),
                exports / "all-internal.docx",
            ),
        )
        print(
            f"internal memo, all allegations: {result.officers} officer sections, "
            f"{result.allegations:,} allegations, {result.footnotes:,} footnotes, "
            f"{result.exhibits} exhibits in {elapsed:.2f} s = "
            f"{elapsed / result.allegations * 1000:.2f} s per 1,000 allegations (target <= 5 s)"
        )
    finally:
        library.close()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
