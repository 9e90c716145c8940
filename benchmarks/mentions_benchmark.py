"""Officer mentions in discovery: precision and recall of ``high`` matches, and import time.

Generates a registry like a large police force's (``officer_corpus.make_roster``: common
surnames repeated hundreds of times, shield numbers reissued so that one in six is held by
two or three officers), gives some officers an undercover or an employee number, and writes
a production of police paperwork as Bates-stamped PDFs: arrest reports, complaint reports,
DD5 follow-ups and property vouchers. Each page names known officers in the ways paperwork
does ("Det. John Smith", "P.O. J. SMITH", "SGT SMITH", "Shield No. 4521", "Tax Reg.
#943123", "UC #0214", "Employee 82350", "Det. John Smith, Shield 4521", a form's "SMITH,
JOHN  Shield: 4521  Tax Reg.: 943123"), beside words that name nobody ("P.O. Box", "the
detective", a civilian "Mr. Smith"). One page in five is OCR-noisy: 0/O, 1/l and m/rn
swapped in the words.

The production is imported twice into libraries holding the same registry: once as the
program does (mentions detected as pages are stored) and once with detection switched off,
each twice; the faster of each pair is printed side by side. The detected mentions are
then scored against what the generator wrote, per mention form (below). Last, the synthetic
discovery production ``import_benchmark`` uses (64 PDFs, about 1,600 pages of ordinary text
with a few ranks and names in it, cached in ``--corpus``) is imported the same way into
libraries whose officer registry is empty: the cost of finding mentions alone.

The scores, per mention form:

* precision of ``high``: of the mentions matched with ``high`` confidence, the share that
  name the officer the page names (target ≥ 95 %);
* recall of ``high``: of the mentions that identify one officer in this registry (a form
  with a career-long number, or a name and a shield or full name no other officer shares),
  the share found with ``high`` confidence and the right officer (target ≥ 90 %). Forms
  that cannot identify anyone alone (a surname, an initial, a reissued shield) are expected
  to stay ``possible``; their line shows how many did.

Run: ``.venv/bin/python benchmarks/mentions_benchmark.py [--officers 10000] [--documents 120]
[--production-files 64]`` (``--production-files 0`` leaves the second production out).
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import TextGenerator, discovery_pdfs  # noqa: E402
from benchmarks.officer_corpus import (  # noqa: E402
    RosterOfficer,
    make_roster,
    ocr_misreadings,
    write_roster,
)

FORMS = (
    "Det. John Smith",
    "P.O. J. SMITH",
    "SGT SMITH",
    "Shield No. 4521",
    "Tax Reg. #943123",
    "UC #0214",
    "Employee 82350",
    "Det. John Smith, Shield 4521",
    "SMITH, JOHN Shield: Tax Reg.:",
)
RANK_WORDS = {
    "Police Officer": ("P.O.", "PO", "Police Officer"),
    "Detective": ("Det.", "Detective", "DT3"),
    "Detective Specialist": ("Det.",),
    "Sergeant": ("Sgt.", "SGT"),
    "Sergeant Detective Squad": ("Sgt.",),
    "Lieutenant": ("Lt.", "Lieutenant"),
    "Lieutenant Commander Detective Squad": ("Lt.",),
    "Captain": ("Capt.",),
    "Deputy Inspector": ("Insp.",),
    "Inspector": ("Insp.",),
    "Deputy Chief": ("Chief",),
}
DOCUMENT_KINDS = (
    "ARREST REPORT",
    "COMPLAINT REPORT",
    "DD5 COMPLAINT FOLLOW-UP",
    "PROPERTY VOUCHER",
)
DISTRACTORS = (
    "Mail was sent to P.O. Box 1182, Bronx NY.",
    "The detective said he would call back.",
    "Complainant Mr. John Smith stated the vehicle was parked.",
    "Det. Squad was notified at 0300 hours.",
    "75th Pct. sector 4 responded.",
)


@dataclass(frozen=True, slots=True)
class Officer:
    key: int  # index in the roster
    first: str
    last: str
    rank: str
    shield: str
    tax_id: str
    uc: str = ""
    employee: str = ""


@dataclass(frozen=True, slots=True)
class Written:
    """One officer mention the generator wrote on a page."""

    document: int
    page: int
    text: str
    officer: int  # Officer.key
    form: str
    identifying: bool  # does it name exactly one officer of the registry?


class Paperwork:
    """Writes pages that name officers and remembers what each page names."""

    def __init__(self, officers: list[Officer], seed: int) -> None:
        self.rng = random.Random(seed)
        self.text = TextGenerator(seed)
        self.officers = officers
        self.full_names = Counter((o.first.lower(), o.last.lower()) for o in officers)
        self.name_shields = Counter((o.last.lower(), o.shield) for o in officers)
        self.with_uc = [o for o in officers if o.uc]
        self.with_employee = [o for o in officers if o.employee]
        self.written: list[Written] = []

    def mention(self, officer: Officer, form: str) -> tuple[str, bool]:
        rank = self.rng.choice(RANK_WORDS.get(officer.rank, ("P.O.",)))
        first, last = officer.first, officer.last
        unique_name = self.full_names[(first.lower(), last.lower())] == 1
        unique_shield = self.name_shields[(last.lower(), officer.shield)] == 1
        if form == "Det. John Smith":
            return f"{rank} {first} {last}", unique_name
        if form == "P.O. J. SMITH":
            return f"{rank} {first[0]}. {last.upper()}", False
        if form == "SGT SMITH":
            return f"{rank.upper().rstrip('.')} {last.upper()}", False
        if form == "Shield No. 4521":
            return f"Shield No. {officer.shield}", False
        if form == "Tax Reg. #943123":
            return f"Tax Reg. #{officer.tax_id}", True
        if form == "UC #0214":
            return f"UC #{officer.uc}", True
        if form == "Employee 82350":
            return f"Employee {officer.employee}", True
        if form == "Det. John Smith, Shield 4521":
            return f"{rank} {first} {last}, Shield {officer.shield}", unique_name or unique_shield
        field = f"{last.upper()}, {first.upper()}   Shield: {officer.shield}"
        return f"{field}   Tax Reg.: {officer.tax_id}", True

    def page(self, document: int, number: int, kind: str) -> str:
        rng = self.rng
        noisy = rng.random() < 0.2
        lines = [kind, f"Date of Arrest: {rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/2021"]
        if kind == "ARREST REPORT" and number == 1:
            officer = rng.choice(self.officers)
            text, identifying = self.mention(officer, "SMITH, JOHN Shield: Tax Reg.:")
            text = ocr_misreadings(text, rng) if noisy else text
            lines.append(f"Arresting Officer: {text}")
            self.written.append(
                Written(document, number, text, officer.key, FORMS[-1], identifying)
            )
        for _ in range(rng.randint(2, 4)):
            form = rng.choice(FORMS[:-1])
            pool = (
                self.with_uc
                if form == "UC #0214"
                else self.with_employee
                if form == "Employee 82350"
                else self.officers
            )
            officer = rng.choice(pool)
            text, identifying = self.mention(officer, form)
            if noisy:
                text = ocr_misreadings(text, rng)
            sentence = self.text.sentence()
            verb = rng.choice(("observed", "stated", "was present", "recovered property"))
            lines.append(f"{sentence.capitalize()} {text} {verb} at the location.")
            self.written.append(Written(document, number, text, officer.key, form, identifying))
        lines.append(rng.choice(DISTRACTORS))
        lines.extend(self.text.sentence().capitalize() + "." for _ in range(rng.randint(6, 14)))
        return "\n".join(lines)


def _registry(count: int, seed: int) -> tuple[list[RosterOfficer], list[Officer]]:
    roster = make_roster(count, seed)
    rng = random.Random(seed + 1)
    officers = []
    ucs = rng.sample(range(100, 9999), count // 20)
    employees = rng.sample(range(10000, 99999), count // 15)
    for key, row in enumerate(roster):
        if not row.shield:
            continue
        uc = f"{ucs.pop():04d}" if ucs and rng.random() < 0.05 else ""
        employee = str(employees.pop()) if employees and rng.random() < 0.066 else ""
        officers.append(
            Officer(key, row.first, row.last, row.rank, row.shield, row.tax_id, uc, employee)
        )
    return roster, officers


def _library(folder: Path, roster_csv: Path | None, officers: list[Officer]):  # type: ignore[no-untyped-def]
    """A new library with the registry (none when ``roster_csv`` is None) and one matter."""
    from evidence_desk.core import officers as registry
    from evidence_desk.core import roster
    from evidence_desk.core.library import Library
    from evidence_desk.core.matters import MatterInput, add_matter
    from evidence_desk.core.model import Officer as OfficerRow
    from evidence_desk.core.model import OfficerIdentifier
    from evidence_desk.core.officers import IdentifierInput

    library = Library.create(folder, user="benchmark")
    if roster_csv is None:
        matter = add_matter(library, MatterInput("2024-100", "People v. Benchmark", "Client"))
        return library, {}, matter.id
    roster.import_roster(library, roster_csv)
    with library.read() as session:
        by_tax = {
            value: officer_id
            for officer_id, value in session.execute(
                OfficerIdentifier.__table__.select()
                .with_only_columns(OfficerIdentifier.officer_id, OfficerIdentifier.value)
                .where(OfficerIdentifier.kind == "tax_id")
            )
        }
        assert session.query(OfficerRow).count() >= len(officers)
    ids = {}
    for officer in officers:
        officer_id = by_tax[officer.tax_id]
        ids[officer.key] = officer_id
        if officer.uc:
            registry.add_identifier(library, officer_id, IdentifierInput("uc", officer.uc))
        if officer.employee:
            registry.add_identifier(
                library, officer_id, IdentifierInput("employee", officer.employee)
            )
    matter = add_matter(library, MatterInput("2024-100", "People v. Benchmark", "Client"))
    return library, ids, matter.id


def _import(
    folder: Path, roster_csv: Path | None, officers: list[Officer], pdfs: list[Path], detect: bool
):  # type: ignore[no-untyped-def]
    from evidence_desk.core import mentions
    from evidence_desk.core.ingest import pipeline

    library, ids, matter_id = _library(folder, roster_csv, officers)
    # The import takes these from ``mentions`` when it needs them.
    saved = mentions.Detector, mentions.detect_new_document, mentions.match_ahead
    saved_task = pipeline.ExtractionTask
    if not detect:

        class _Off:
            def __init__(self, _library: object) -> None:
                pass

        mentions.Detector = _Off  # type: ignore[assignment,misc]
        mentions.detect_new_document = lambda *_args, **_kwargs: 0  # type: ignore[assignment]
        mentions.match_ahead = lambda *_args: None  # type: ignore[assignment]
        # The workers read no page for mentions either.
        pipeline.ExtractionTask = functools.partial(saved_task, read_mentions=False)  # type: ignore[assignment,misc]
    try:
        started = time.perf_counter()
        results = pipeline.import_paths(library, matter_id, pdfs)
        elapsed = time.perf_counter() - started
    finally:
        mentions.Detector, mentions.detect_new_document, mentions.match_ahead = saved
        pipeline.ExtractionTask = saved_task  # type: ignore[misc]
    assert all(result.status == "ok" for result in results), results[:3]
    documents = {Path(result.source_path).name: result.id for result in results}
    return library, ids, elapsed, documents, matter_id


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _overlap(found: str, written: str) -> bool:
    return _normal(found) in _normal(written) or _normal(written) in _normal(found)


def _timed_imports(
    work: Path,
    name: str,
    roster_csv: Path | None,
    officers: list[Officer],
    pdfs: list[Path],
    repeat: int,
):  # type: ignore[no-untyped-def]
    """Best seconds without and with detection (alternating which goes first), and the
    first library imported with detection (still open)."""
    timings: dict[bool, list[float]] = defaultdict(list)
    kept = None
    for attempt in range(repeat):
        for detect in (False, True) if attempt % 2 == 0 else (True, False):
            folder = work / f"{name}-{attempt}-{detect}"
            imported = _import(folder, roster_csv, officers, pdfs, detect)
            timings[detect].append(imported[2])
            if detect and kept is None:
                kept = imported
            else:
                imported[0].close()
    assert kept is not None
    return min(timings[False]), min(timings[True]), kept


def _print_times(
    title: str, pages: int, without: float, with_detection: float, repeat: int
) -> None:
    print()
    print(f"| {title} | seconds (best of {repeat}) | pages/s |")
    print("|---|---|---|")
    print(f"| without mention detection | {without:.1f} | {pages / without:.0f} |")
    print(f"| with mention detection | {with_detection:.1f} | {pages / with_detection:.0f} |")
    print(f"| detection adds | {100 * (with_detection / without - 1):+.1f} % | (target ≤ +20 %) |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=10_000)
    parser.add_argument("--documents", type=int, default=120)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=2, help="imports of each kind")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses")
    parser.add_argument(
        "--production-files", type=int, default=64, help="files of the registry-less production"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(tempfile.gettempdir()) / "evidence-desk-benchmark",
        help="where import_benchmark's generated production is cached",
    )
    args = parser.parse_args()

    from evidence_desk.core import mentions
    from tests.files import make_pdf

    roster, officers = _registry(args.officers, args.seed)
    work = Path(tempfile.mkdtemp(prefix="mentions-benchmark-"))
    roster_csv = write_roster(work / "roster.csv", roster)
    paperwork = Paperwork(officers, args.seed)
    rng = random.Random(args.seed)
    pdfs: list[Path] = []
    pages = 0
    bates = 1
    for document in range(args.documents):
        kind = DOCUMENT_KINDS[document % len(DOCUMENT_KINDS)]
        count = rng.randint(1, 6)
        texts = [paperwork.page(document, number, kind) for number in range(1, count + 1)]
        path = work / "production" / f"doc-{document:04d}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        make_pdf(path, texts, bates_prefix="NYPD ", first_bates=bates)
        bates += count
        pages += count
        pdfs.append(path)
    print(
        f"registry: {len(roster):,} officers; production: {len(pdfs)} PDFs, {pages} pages, "
        f"{len(paperwork.written)} officer mentions written"
    )

    without, with_detection, kept = _timed_imports(
        work, "registry", roster_csv, officers, pdfs, args.repeat
    )
    library, ids, _elapsed, document_ids, matter_id = kept
    _print_times(
        f"import, {len(roster):,}-officer registry", pages, without, with_detection, args.repeat
    )

    key_of = {officer_id: key for key, officer_id in ids.items()}
    found = mentions.list_mentions(library, matter_id)
    by_page: dict[tuple[int, int], list[Written]] = defaultdict(list)
    for written in paperwork.written:
        document_id = document_ids[f"doc-{written.document:04d}.pdf"]
        by_page[(document_id, written.page)].append(written)
    high = Counter()
    right = Counter()
    expected = Counter()
    recalled = Counter()
    stayed_possible = Counter()
    claimed: set[int] = set()
    for mention in found:
        candidates = by_page.get((mention.document_id, mention.page), [])
        words = _normal(mention.text)
        match = next((w for w in candidates if _overlap(words, w.text)), None)
        form = match.form if match is not None else "(names no officer)"
        if mention.confidence == "high":
            high[form] += 1
            if match is not None and key_of.get(mention.officer_id or -1) == match.officer:
                right[form] += 1
                if match.identifying and id(match) not in claimed:
                    claimed.add(id(match))
                    recalled[form] += 1
        elif match is not None and not match.identifying and mention.confidence == "possible":
            stayed_possible[form] += 1
    for written in paperwork.written:
        if written.identifying:
            expected[written.form] += 1
    written_forms = Counter(written.form for written in paperwork.written)
    print()
    print("| mention form | written | high | precision of high | identifying | recall of high |")
    print("|---|---|---|---|---|---|")
    for form in (*FORMS, "(names no officer)"):
        precision = f"{100 * right[form] / high[form]:.1f} %" if high[form] else "—"
        recall = f"{100 * recalled[form] / expected[form]:.1f} %" if expected[form] else "—"
        label = (
            "Arresting Officer: SMITH, JOHN Shield: 4521 Tax Reg.: 943123"
            if form == FORMS[-1]
            else form
        )
        counts = f"{written_forms[form]} | {high[form]} | {precision} | {expected[form]}"
        print(f"| {label} | {counts} | {recall} |")
    total_high, total_right = sum(high.values()), sum(right.values())
    total_expected, total_recalled = sum(expected.values()), sum(recalled.values())
    print(
        f"| **all** | {len(paperwork.written)} | {total_high} | "
        f"**{100 * total_right / max(total_high, 1):.1f} %** | {total_expected} | "
        f"**{100 * total_recalled / max(total_expected, 1):.1f} %** |"
    )
    if args.misses:
        _print_misses(paperwork, found, document_ids, key_of, claimed, args.misses)
    library.close()

    if args.production_files:
        production, production_pages = discovery_pdfs(
            args.corpus / f"production-{args.production_files}", args.production_files, 10, 40
        )
        without, with_detection, kept = _timed_imports(
            work, "production", None, [], production, args.repeat
        )
        found_there = len(mentions.list_mentions(kept[0], kept[4]))
        kept[0].close()
        _print_times(
            f"import, empty registry: {len(production)} PDFs, {production_pages:,} pages, "
            f"{found_there:,} mentions",
            production_pages,
            without,
            with_detection,
            args.repeat,
        )
    return 0


def _print_misses(paperwork, found, document_ids, key_of, claimed, limit):  # type: ignore[no-untyped-def]
    """Identifying mentions not found with ``high`` confidence, and what was found there."""
    print()
    shown = 0
    for written in paperwork.written:
        if not written.identifying or id(written) in claimed or shown >= limit:
            continue
        document_id = document_ids[f"doc-{written.document:04d}.pdf"]
        there = [
            (m.text, m.confidence, key_of.get(m.officer_id or -1) == written.officer, m.reason)
            for m in found
            if (m.document_id, m.page) == (document_id, written.page)
            and _overlap(m.text, written.text)
        ]
        print(f"MISS {written.form}: {written.text!r} -> {there}")
        shown += 1


if __name__ == "__main__":
    sys.exit(main())
