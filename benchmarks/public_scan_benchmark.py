"""Time the identifier scan of a 100-page public brief (target: under one second).

Builds a brief-like Word file of about 100 pages (45,000 words of accounts with dates,
counts, commands and quoted words, and 1,000 footnotes) and a library-like watch list of
500 clients (names, other names, dates of birth, phones, NYSIDs, dockets, addresses) and
40 unnamed officers, then times:

* ``check_package``: every part read (text and attribute values), cleaned and scanned, and
  the checked package written — the last check of a public export;
* the scan of the body text alone.

Run: ``.venv/bin/python benchmarks/public_scan_benchmark.py [--pages N] [--runs N]``.
With ``--pdf`` the page count is confirmed with LibreOffice.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evidence_desk.core.memo.docx_parts import Footnotes  # noqa: E402
from evidence_desk.core.memo.package import check_package, texts  # noqa: E402
from evidence_desk.core.memo.scanner import IdentifierScanner, Person  # noqa: E402

WORDS_PER_PAGE = 450
FIRST = [
    "Maria",
    "Ana",
    "Luis",
    "Jorge",
    "Keisha",
    "Tanya",
    "Darnell",
    "Omar",
    "Fatima",
    "Wei",
    "Priya",
    "Ivan",
    "Olga",
    "Kwame",
]
LAST = [
    "Rivera",
    "Okafor",
    "Lindqvist",
    "Baptiste",
    "Nguyen",
    "Haddad",
    "Kowalski",
    "Mensah",
    "Ortiz",
    "Petrov",
]
SENTENCES = [
    "{client}, {month} {year}. The undercover officer from {command} offered her a ride.",
    "She says the officer showed her pornography on his phone before the signal.",
    "The arrest report lists {count} officers at the scene and a recovered phone.",
    "Officer {officer} radioed the field team after {count} minutes in the vehicle.",
    "Our client described the same grey car and the same words at the arrest.",
    "A complaint to the oversight agency was filed in {month} {year} and is pending.",
]


def suffix(index: int) -> str:
    """Letters only ("b", "ba", ...): a number in a name would be an officer's number."""
    letters = ""
    while True:
        index, remainder = divmod(index, 26)
        letters += chr(ord("a") + remainder)
        if not index:
            return letters


def watch_list(clients: int, officers: int, seed: int = 3) -> list[Person]:
    rng = random.Random(seed)
    people = []
    for index in range(clients):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        people.append(
            Person(
                owner="client",
                id=index + 1,
                names=(f"{first} {last}{suffix(index)}",),
                label=f"Client {index}",
                other_names=(f"{first[:3]}{suffix(index)}",),
                date_of_birth=date(1970 + index % 30, 1 + index % 12, 1 + index % 28),
                ages=frozenset(range(20, 40)),
                numbers=(
                    ("phone", f"(718) 555-{index:04d}"),
                    ("nysid", f"{rng.randint(10_000_000, 99_999_999)}K"),
                    ("docket", f"CR-{index:06d}-23"),
                    ("file_number", f"2023-{index:03d}"),
                ),
                addresses=(f"{100 + index} Fulton Street, Apt 2",),
            )
        )
    for index in range(officers):
        people.append(
            Person(
                owner="officer",
                id=10_000 + index,
                names=(f"Sam Surname{suffix(index)}",),
                label=f"Officer {index + 1}",
                other_names=(f"Det. Surname{suffix(index)}",),
                numbers=(("uc", f"{200 + index:04d}"), ("shield", f"{4000 + index}")),
            )
        )
    return people


def build_brief(path: Path, pages: int, seed: int = 5) -> int:
    rng = random.Random(seed)
    document = docx.Document()
    notes = Footnotes(document)
    words = 0
    footnotes = 0
    while words < pages * WORDS_PER_PAGE:
        text = " ".join(
            sentence.format(
                client=f"Client {rng.choice('ABCDEFGH')}",
                month=rng.choice(["March", "June", "October"]),
                year=rng.choice([2021, 2022, 2023]),
                command=rng.choice(["Vice Enforcement", "Precinct 75", "Narcotics Borough"]),
                count=rng.randint(2, 9),
                officer=rng.randint(1, 9),
            )
            for sentence in rng.sample(SENTENCES, 4)
        )
        paragraph = document.add_paragraph(text)
        words += len(text.split())
        if footnotes < pages * 10:
            notes.add(
                paragraph, [("A discovery production in Client B's case (not quoted).", False)]
            )
            footnotes += 1
    notes.finish()
    document.save(str(path))
    return words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="count the pages with LibreOffice")
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="evidence-desk-scan-"))
    try:
        brief = work / "brief.docx"
        words = build_brief(brief, arguments.pages)
        scanner = IdentifierScanner(watch_list(500, 40))
        if arguments.pdf:
            subprocess.run(
                ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(work),
                 str(brief)],
                check=True,
                capture_output=True,
            )  # fmt: skip
            from pypdf import PdfReader

            print(f"pages (LibreOffice): {len(PdfReader(str(work / 'brief.pdf')).pages)}")
        from lxml import etree

        body = etree.fromstring(docx.Document(str(brief)).element.xml.encode())
        body_text = "\n".join(texts(body))
        print(f"brief: {words:,} words, about {words // WORDS_PER_PAGE} pages; 540 people")
        for run in range(arguments.runs):
            # Wall-clock and CPU time: on a shared machine the first includes waiting.
            started, cpu = time.perf_counter(), time.process_time()
            report = check_package(brief, work / f"checked-{run}.docx", scanner)
            package = time.perf_counter() - started, time.process_time() - cpu
            started, cpu = time.perf_counter(), time.process_time()
            findings = scanner.scan(body_text)
            text = time.perf_counter() - started, time.process_time() - cpu
            print(
                f"run {run + 1}: every part read and checked {package[0]:.2f} s "
                f"(CPU {package[1]:.2f} s; {report.characters:,} characters in "
                f"{len(report.checked)} parts); body text alone {text[0]:.2f} s "
                f"(CPU {text[1]:.2f} s; {len(findings)} findings)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
