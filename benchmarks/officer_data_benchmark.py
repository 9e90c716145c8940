"""Officer data at office scale: roster and complaint imports, suggestions, accuracy.

Generates an NYPD-sized roster (34,000 officers, reissued shields, common surnames,
apostrophes and hyphens) and 30,000 complaint rows (``officer_corpus``), then measures:

* ``evidence-desk officer import`` of 5,000 and of 34,000 rows, each twice (the second time
  nothing changes: it must add nobody), and ``records import`` of the complaints, each in a
  fresh process with the real command;
* ``suggest`` in-process against the 34,000-officer registry: the first call (which loads
  the registry) and the p50 / p95 / max of the following ones;
* matching accuracy on messy mentions of known officers: how often the right officer comes
  first, and how honest the confidence is (a ``high`` that is wrong is the failure that
  matters);
* the registry list and the duplicate finder at that size.

    .venv/bin/python benchmarks/officer_data_benchmark.py [--officers N] [--complaints N]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.officer_corpus import (
    RosterOfficer,
    make_roster,
    write_complaints,
    write_roster,
)
from evidence_desk.core import matching, officers
from evidence_desk.core.library import Library
from evidence_desk.core.officer_duplicates import find_possible_duplicates
from evidence_desk.core.officers import IdentifierInput, normalise_identifier
from evidence_desk.core.records import OfficerRecord

COMMAND = [sys.executable, "-m", "evidence_desk.cli"]


def run_command(library: Path, *args: str) -> tuple[float, dict[str, object]]:
    started = time.perf_counter()
    finished = subprocess.run(
        [*COMMAND, "--library", str(library), *args, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if finished.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {finished.stderr.strip()}")
    return elapsed, json.loads(finished.stdout)


def misspell(word: str, rng: random.Random) -> str:
    """One typo: a swapped, dropped or doubled letter (apostrophes left alone)."""
    letters = [index for index, char in enumerate(word) if char.isalpha()]
    if len(letters) < 5:
        return word
    index = rng.choice(letters[1:-2])
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        return word[:index] + word[index + 1] + word[index] + word[index + 2 :]
    if kind == "drop":
        return word[:index] + word[index + 1 :]
    return word[:index] + word[index] + word[index:]


RANK_WRITTEN = {
    "Police Officer": ("P.O.", "PO", "Police Officer"),
    "Detective": ("Det.", "Detective"),
    "Detective Specialist": ("Det. Spec.", "Det."),
    "Sergeant": ("Sgt.", "SGT", "Sergeant"),
    "Sergeant Detective Squad": ("Sgt.",),
    "Lieutenant": ("Lt.", "Lieutenant"),
    "Lieutenant Commander Detective Squad": ("Lt.",),
    "Captain": ("Capt.", "Captain"),
    "Deputy Inspector": ("D.I.", "Deputy Inspector"),
    "Inspector": ("Insp.",),
    "Deputy Chief": ("Chief",),
}


def mention_kinds(
    rng: random.Random, other: Callable[[], RosterOfficer]
) -> dict[str, Callable[[RosterOfficer], str]]:
    def rank(officer: RosterOfficer) -> str:
        return rng.choice(RANK_WRITTEN.get(officer.rank, ("Officer",)))

    return {
        "rank + surname + shield (zero-padded)": lambda o: (
            f"{rank(o)} {o.last} shield #{int(o.shield):05d}"
        ),
        "misspelt surname + shield": lambda o: f"Officer {misspell(o.last, rng)} {o.shield}",
        "full name, no identifier": lambda o: f"{rank(o)} {o.first} {o.last}",
        "initial + surname": lambda o: f"{rank(o)} {o.first[0]}. {o.last}",
        "shield alone": lambda o: f"shield {o.shield}",
        "tax id alone": lambda o: f"tax id {o.tax_id}",
        "another officer's surname + this shield": lambda o: (
            f"{rank(o)} {other().last} shield {o.shield}"
        ),
    }


def fits(text: str, officer: OfficerRecord) -> bool:
    """Does the registered officer have the name and shield the text gives? (Then a "high"
    for him is right about the text, if not about the officer the benchmark meant: two
    officers whose names agree held the same reissued shield.)"""
    mention = matching.parse_mention(text)
    shields = {
        normalise_identifier(item.value) for item in officer.identifiers if item.kind == "shield"
    }
    named = matching.compare_names(mention.name_parts, matching.name_parts(officer.name))
    return named.verdict == "agrees" and any(value in shields for value, _ in mention.identifiers)


def accuracy(
    library: Library,
    roster: list[RosterOfficer],
    ids: dict[str, int],
    per_kind: int,
    cpu_timings: list[float],
) -> list[float]:
    """Print right-first and confidence figures per kind of mention; return the latencies
    (and add the CPU time of each suggestion to ``cpu_timings``)."""
    rng = random.Random(214)
    with_shield = [officer for officer in roster if officer.shield]
    kinds = mention_kinds(rng, lambda: rng.choice(roster))
    timings: list[float] = []
    print(
        f"\nmatching accuracy, {per_kind} mentions of each kind (right = the officer meant; "
        "high+fits = high for another officer with the surname and shield the text gives):"
    )
    columns = ("right 1st", "high", "high+wrong", "high+fits", "possible", "weak")
    print(f"  {'mention':<40} " + " ".join(f"{name:>10}" for name in columns))
    for label, make in kinds.items():
        right = 0
        confidences: Counter[str] = Counter()
        high_wrong = high_other = 0
        for officer in rng.sample(with_shield, per_kind):
            text = make(officer)
            started, cpu = time.perf_counter(), time.process_time()
            results = matching.suggest(library, text, limit=5)
            timings.append(time.perf_counter() - started)
            cpu_timings.append(time.process_time() - cpu)
            if not results:
                confidences["none"] += 1
                continue
            best = results[0]
            confidences[best.confidence] += 1
            is_right = best.officer_id == ids[officer.tax_id]
            right += is_right
            if best.confidence == "high" and not is_right:
                if fits(text, best.officer):
                    high_other += 1  # another officer the text describes just as well
                else:
                    high_wrong += 1
                    print(f"    high but wrong: {text!r} -> {best.officer.name}: {best.reason}")
        counts = (
            f"{right}/{per_kind}",
            confidences["high"],
            high_wrong,
            high_other,
            confidences["possible"],
            confidences["weak"],
        )
        print(f"  {label:<40} " + " ".join(f"{value:>10}" for value in counts))
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=34000)
    parser.add_argument("--complaints", type=int, default=30000)
    parser.add_argument("--mentions", type=int, default=60, help="mentions of each kind")
    args = parser.parse_args()
    roster = make_roster(args.officers)
    shared = Counter(officer.shield for officer in roster if officer.shield)
    surnames = Counter(officer.last for officer in roster)
    print(
        f"roster: {len(roster):,} officers, {len(shared):,} shield numbers of which "
        f"{sum(1 for count in shared.values() if count > 1):,} "
        f"({sum(1 for count in shared.values() if count > 1) / len(shared):.0%}) are held by "
        f"2-3 officers; {len(surnames):,} surnames, the commonest "
        + ", ".join(f"{name} ×{count}" for name, count in surnames.most_common(3))
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        small = write_roster(root / "roster-5000.csv", roster[:5000])
        full = write_roster(root / "roster.csv", roster)
        complaints = write_complaints(root / "complaints.csv", roster, args.complaints)
        for name, path in (("5,000-row", small), (f"{len(roster):,}-row", full)):
            library = root / f"library-{path.stem}"
            run_command(library, "init")
            elapsed, first = run_command(library, "officer", "import", str(path))
            print(
                f"{name} roster, first import: {elapsed:.1f} s "
                f"(added {first['added']:,}, ambiguous {len(first['ambiguous'])}, "
                f"skipped {len(first['skipped'])})"
            )
            elapsed, again = run_command(library, "officer", "import", str(path))
            print(
                f"{name} roster, imported again: {elapsed:.1f} s "
                f"(added {again['added']}, updated {again['updated']}, "
                f"unchanged {again['unchanged']:,})"
            )
        library_path = root / f"library-{full.stem}"
        elapsed, report = run_command(library_path, "records", "import", str(complaints))
        print(
            f"{args.complaints:,} complaint rows: {elapsed:.1f} s (added {report['added']:,} to "
            f"{report['officers']:,} officers; not linked {len(report['unlinked'])}, "
            f"skipped {len(report['skipped'])})"
        )
        library = Library.open(library_path)
        try:
            ids = {
                record.identifiers[0].value: record.id
                for record in officers.list_officers(library)
                if record.identifiers and record.identifiers[0].kind == "tax_id"
            }
            started = time.perf_counter()
            matching.suggest(library, "P.O. Rodriguez shield 1234")
            print(f"\nfirst suggestion (loads the registry): {time.perf_counter() - started:.2f} s")
            cpu: list[float] = []
            timings = accuracy(library, roster, ids, args.mentions, cpu)
            for label, values in (("latency", timings), ("CPU time", cpu)):
                ordered = sorted(values)
                p95 = ordered[int(len(ordered) * 0.95) - 1]
                print(
                    f"suggestion {label} over {len(values)} mentions: median "
                    f"{statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
                    f"max {max(values) * 1000:.0f} ms"
                )
            started = time.perf_counter()
            listed = officers.list_officers(library)
            print(
                f"\nregistry list ({len(listed):,} officers): {time.perf_counter() - started:.1f} s"
            )
            started = time.perf_counter()
            pairs = find_possible_duplicates(library)
            print(
                f"duplicate finder: {time.perf_counter() - started:.1f} s, "
                f"{len(pairs)} possible duplicates (the roster has none)"
            )
            some = rng_pick(roster, 3)
            for officer in some:  # the office's own copy of a roster officer, typed by hand
                officers.add_officer(
                    library,
                    f"{officer.first} {officer.last}",
                    identifiers=[IdentifierInput("shield", f"0{officer.shield}")],
                    force=True,
                )
            started = time.perf_counter()
            pairs = find_possible_duplicates(library)
            print(
                f"after registering 3 roster officers again by hand: {len(pairs)} offered "
                f"({time.perf_counter() - started:.1f} s)"
            )
        finally:
            library.close()
    return 0


def rng_pick(roster: list[RosterOfficer], count: int) -> list[RosterOfficer]:
    rng = random.Random(77)
    return rng.sample([officer for officer in roster if officer.shield], count)


if __name__ == "__main__":
    sys.exit(main())
