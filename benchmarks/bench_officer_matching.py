"""Officer matching at registry scale: how long ``suggest`` takes, and whether it is right.

Builds a library with N officers (default 5,000), each with a shield, most with a tax id,
some with a reissued shield or an undercover number and aliases, then times ``suggest`` on
identifier, alias and misspelt-name mentions of known officers and prints the figures:

    .venv/bin/python benchmarks/bench_officer_matching.py [--officers N] [--queries Q]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from evidence_desk.core import audit, matching
from evidence_desk.core.library import Library
from evidence_desk.core.model import Officer, OfficerAlias, OfficerIdentifier

FIRST = [
    *("John", "Robert", "Maria", "Jose", "Michael", "Kevin"),
    *("Luis", "Anthony", "Daniel", "Sarah", "Angela", "Christopher"),
]
LAST = [
    *("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis"),
    *("Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson"),
    *("Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White"),
    *("Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young"),
    *("Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green"),
    *("Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts"),
]


def misspell(word: str, rng: random.Random) -> str:
    """One typo: a swapped, dropped or doubled letter."""
    if len(word) < 4:
        return word
    index = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        return word[:index] + word[index + 1] + word[index] + word[index + 2 :]
    if kind == "drop":
        return word[:index] + word[index + 1 :]
    return word[:index] + word[index] + word[index:]


def build(library: Library, count: int, rng: random.Random) -> list[dict[str, object]]:
    people: list[dict[str, object]] = []
    with library.write() as session:
        for number in range(count):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            officer = Officer(name=name, rank="P.O.")
            session.add(officer)
            shield = str(1000 + number)
            officer.identifiers.append(OfficerIdentifier(kind="shield", value=shield))
            if number % 2 == 0:
                tax_id = OfficerIdentifier(kind="tax_id", value=str(900000 + number))
                officer.identifiers.append(tax_id)
            uc = None
            if number % 10 == 0:
                uc = str(100 + number // 10)
                officer.identifiers.append(OfficerIdentifier(kind="uc", value=uc))
                officer.aliases.append(OfficerAlias(text=f"UC #{int(uc):04d}"))
            if number % 5 == 0:
                officer.aliases.append(OfficerAlias(text=f"P.O. {name.split()[-1]} {shield}"))
            people.append({"name": name, "shield": shield, "uc": uc})
        session.flush()
        for officer in session.query(Officer):
            audit.record_create(session, officer)
        ids = [row.id for row in session.query(Officer).order_by(Officer.id)]
    for person, officer_id in zip(people, ids, strict=True):
        person["id"] = officer_id
    return people


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=60)
    args = parser.parse_args()
    rng = random.Random(4521)
    with tempfile.TemporaryDirectory() as folder:
        library = Library.create(Path(folder) / "library", user="benchmark")
        started = time.perf_counter()
        people = build(library, args.officers, rng)
        print(f"registry: {args.officers} officers built in {time.perf_counter() - started:.1f} s")
        kinds = {
            "shield": lambda p: f"PO {p['name'].split()[-1]} shield {p['shield']}",
            "undercover": lambda p: f"UC {p['uc']}",
            "misspelt name + shield": lambda p: (
                f"Officer {misspell(p['name'].split()[-1], rng)} {p['shield']}"
            ),
        }
        for label, make in kinds.items():
            pool = [p for p in people if label != "undercover" or p["uc"]]
            sample = rng.sample(pool, min(args.queries, len(pool)))
            timings: list[float] = []
            right = 0
            for person in sample:
                text = make(person)
                started = time.perf_counter()
                results = matching.suggest(library, text, on_date=date(2021, 3, 1), limit=5)
                timings.append(time.perf_counter() - started)
                right += bool(results) and results[0].officer.id == person["id"]
            print(
                f"{label:>24}: {len(sample)} queries, right officer first {right}/{len(sample)}, "
                f"median {statistics.median(timings) * 1000:.0f} ms, "
                f"max {max(timings) * 1000:.0f} ms"
            )
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
