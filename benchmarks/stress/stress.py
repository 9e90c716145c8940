"""Stress run: kills, backups during imports, mutated files and crafted archives. Nothing lost.

    python benchmarks/stress/stress.py                       # the CI size (well under a minute)
    python benchmarks/stress/stress.py --kills 200 --backups 12 --fuzz-seconds 300

Four parts, each counting trials, failures and what was lost:

1. **kill -9** during import, edit, export, backup and restore. Each trial forks a process
   that runs the command as the CLI would (``cli.main``), kills it and all its workers at
   a random moment, then checks the library as the next start would find it: every
   committed document has its original with the recorded SHA-256, the audit log, page
   text and paths verify, no database copy is left in the system's temporary folder or
   beside a backup's target, no half-restored library exists, an export is either whole
   or absent; then the interrupted import is run again and every source file must be in.
2. **Backups taken during imports**: each is restored into a new folder and verified.
3. **Fuzz**, for a time budget: PDF and DOCX files with flipped bits, truncations,
   duplicated and zeroed chunks are imported; each must get a status, be stored byte for
   byte, and the library must verify.
4. **Crafted archives**: zip slip, absolute names, a name redirecting the library to a
   server, symbolic-link entries, an entry larger than its manifest says, duplicate
   names, a damaged database: each is refused (or restored harmlessly) and nothing is
   written outside the destination.

Prints one line per part and a total; exits 1 if anything failed or was lost. POSIX only
(it forks and kills process groups).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import random
import shutil
import signal
import stat
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from evidence_desk.cli import main as cli_main  # noqa: E402
from evidence_desk.core.backup import MANIFEST_NAME, backup_library, restore_library  # noqa: E402
from evidence_desk.core.errors import EvidenceDeskError  # noqa: E402
from evidence_desk.core.ingest.pipeline import import_paths  # noqa: E402
from evidence_desk.core.integrity import inspect_library  # noqa: E402
from evidence_desk.core.library import Library  # noqa: E402
from evidence_desk.core.matters import (  # noqa: E402
    MatterInput,
    add_matter,
    get_matter_by_file_number,
)
from evidence_desk.core.model import Document  # noqa: E402
from evidence_desk.core.officers import add_officer  # noqa: E402
from evidence_desk.core.records import MatterId  # noqa: E402

MATTER = "2024-001"
# Problems after a kill that mean something was lost or damaged ("leftover" is not: it is
# an interrupted import's copy, which the next import finishes or removes).
LOSS_KINDS = frozenset({"audit", "text", "unsafe", "missing", "changed", "unreadable"})


def matter_id(library: Library) -> MatterId:
    """The stress matter's id: the core names a matter by id, the command line by file number."""
    return get_matter_by_file_number(library, MATTER).id


@dataclass
class Tally:
    """What one part of the run did and found."""

    name: str
    trials: int = 0
    failures: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    detail: Counter[str] = field(default_factory=Counter)

    def fail(self, message: str) -> None:
        self.failures.append(message)

    def line(self) -> str:
        details = ", ".join(f"{key} {value}" for key, value in sorted(self.detail.items()))
        return (
            f"{self.name}: {self.trials} trials ({details}); "
            f"{len(self.failures)} failures; {len(self.lost)} lost"
        )


# -- seed files ------------------------------------------------------------------------------


def make_pdf(path: Path, pages: list[str], bates_first: int) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for index, text in enumerate(pages):
        pdf.drawString(72, 700, text)
        pdf.drawString(430, 30, f"NYPD {bates_first + index:06d}")
        pdf.showPage()
    pdf.save()
    return path


def make_docx(path: Path, paragraphs: list[str]) -> Path:
    import docx

    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def production(folder: Path, count: int, seed: int) -> list[Path]:
    """A discovery production: PDFs, Word files and text, some with odd names."""
    rng = random.Random(seed)
    files = []
    odd = ["Smith\\Jones statement", ".importing-notes", ".hidden", "Müller – 陳述", "report."]
    for index in range(count):
        stem = f"{odd[index % len(odd)]} {index}" if index % 4 == 0 else f"dd5-{index:03d}"
        kind = index % 3
        words = " ".join(rng.choice(["UC", "214", "arrest", "vehicle", "hotel"]) for _ in range(12))
        if kind == 0:
            files.append(make_pdf(folder / f"{stem}.pdf", [words] * rng.randint(1, 6), index * 10))
        elif kind == 1:
            files.append(make_docx(folder / f"{stem}.docx", [words, f"page {index}"]))
        else:
            path = folder / f"{stem}.txt"
            path.write_text(f"{words}\f{index}\n", encoding="utf-8")
            files.append(path)
    return files


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- checking a library ----------------------------------------------------------------------


def loss_problems(path: Path, *, allow_leftovers: bool = True) -> list[str]:
    """What is wrong with the library as the next start finds it (opening cleans staging)."""
    library = Library.open(path)
    try:
        report = inspect_library(library)
    finally:
        library.close()
    kinds = LOSS_KINDS if allow_leftovers else LOSS_KINDS | {"leftover"}
    return [
        f"{problem.kind}: {problem.message}" for problem in report.problems if problem.kind in kinds
    ]


def stored_hashes(path: Path) -> set[str]:
    library = Library.open(path, readonly=True)
    try:
        with library.read() as session:
            return set(session.execute(select(Document.sha256)).scalars())
    finally:
        library.close()


# -- part 1: kill -9 -------------------------------------------------------------------------


def run_forked(
    arguments: list[str], *, kill_after: float | None, environment: dict[str, str]
) -> bool:
    """Run the CLI in a forked process group; kill it after ``kill_after`` seconds.

    Returns True when it was killed while still running.
    """
    pid = os.fork()
    if pid == 0:  # the child: a new process group, so its workers die with it
        code = 70
        try:
            os.setpgid(0, 0)
            os.environ.update(environment)
            tempfile.tempdir = None
            sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
            code = cli_main(arguments)
        finally:
            os._exit(code)
    if kill_after is None:
        os.waitpid(pid, 0)
        return False
    deadline = time.monotonic() + kill_after
    while time.monotonic() < deadline:
        finished, _status = os.waitpid(pid, os.WNOHANG)
        if finished:
            return False
        time.sleep(0.002)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    # Spawned extraction workers are in the group too; make sure none outlives the kill.
    time.sleep(0.05)
    return True


@dataclass
class KillBench:
    """One library, reused by every kill trial."""

    work: Path
    library: Path
    files: int
    seed: int
    officer_id: int

    def cli(self, *arguments: str) -> list[str]:
        return ["--library", str(self.library), *arguments]


def kill_trials(bench: KillBench, count: int, rng: random.Random) -> Tally:
    tally = Tally("kill -9")
    operations: dict[str, Callable[[int], tuple[list[str], float, Callable[[], None]]]] = {}
    temp = bench.work / "system-temp"
    temp.mkdir(exist_ok=True)
    outside = bench.work / "backups-out"
    outside.mkdir(exist_ok=True)
    restores = bench.work / "restores"
    restores.mkdir(exist_ok=True)
    exports = bench.work / "exports-out"
    exports.mkdir(exist_ok=True)
    archive = backup_library_once(bench)

    def importing(trial: int) -> tuple[list[str], float, Callable[[], None]]:
        folder = bench.work / f"production-{trial}"
        sources = production(folder, bench.files, bench.seed + trial)

        def after() -> None:
            import_again(bench, folder)  # what the user does after a crash
            missing = {sha256(path) for path in sources} - stored_hashes(bench.library)
            if missing:
                tally.lost.append(f"trial {trial}: {len(missing)} source files never stored")

        return bench.cli("import", MATTER, str(folder), "--quiet", "--workers", "2"), 3.0, after

    def editing(trial: int) -> tuple[list[str], float, Callable[[], None]]:
        choice = trial % 4
        if choice == 0:
            arguments = ["note", "add", MATTER, "--title", f"Note {trial}", "--body", "text " * 50]
        elif choice == 1:
            arguments = ["matter", "edit", MATTER, "--caption", f"People v. Doe ({trial})"]
        elif choice == 2:
            arguments = ["officer", "add", f"Officer {trial}", "--shield", str(1000 + trial)]
        else:
            arguments = [
                "allegation", "add", MATTER, "--officer", str(bench.officer_id),
                "--date", "2024-01-02", "--conduct", "UC.EXPOSURE", "--summary", f"Act {trial}",
            ]  # fmt: skip
        return bench.cli(*arguments), 0.4, lambda: None

    def exporting(trial: int) -> tuple[list[str], float, Callable[[], None]]:
        out = exports / f"export-{trial}" / ("memo.docx" if trial % 2 else "table.csv")
        out.parent.mkdir()
        if trial % 2:
            arguments = [
                "export",
                "memo",
                "--kind",
                "internal",
                "--matter",
                MATTER,
                "--out",
                str(out),
            ]
        else:
            arguments = ["export", "csv", "--out", str(out)]

        def after() -> None:
            if out.exists() and out.suffix == ".docx":
                try:
                    with zipfile.ZipFile(out) as zipped:
                        if zipped.testzip() is not None:
                            raise zipfile.BadZipFile("a damaged member")
                except zipfile.BadZipFile as error:
                    tally.fail(f"trial {trial}: a half-written memo under its name ({error})")
            strays = [item.name for item in out.parent.iterdir() if item != out]
            if strays:
                tally.detail["export temporaries left"] += len(strays)

        return bench.cli(*arguments), 1.5, after

    def backing_up(trial: int) -> tuple[list[str], float, Callable[[], None]]:
        out = outside / f"backup-{trial}.zip"

        def after() -> None:
            if any(temp.iterdir()):
                tally.lost.append(f"trial {trial}: a copy left in the system temporary folder")
            Library.open(bench.library, readonly=True).close()  # the next start cleans up
            strays = [item.name for item in outside.iterdir() if not item.name.endswith(".zip")]
            staging = bench.library / ".staging"
            if strays or (staging.is_dir() and any(staging.iterdir())):
                tally.fail(f"trial {trial}: a partial backup survived: {strays}")
            if out.exists():
                restored = restores / f"from-backup-{trial}"
                _folder, report = restore_library(out, restored)
                if not report.ok:
                    tally.fail(f"trial {trial}: a finished backup does not verify")
                tally.detail["backups finished"] += 1

        return bench.cli("backup", str(out)), 1.5, after

    def restoring(trial: int) -> tuple[list[str], float, Callable[[], None]]:
        dest = restores / f"restore-{trial}"

        def after() -> None:
            if dest.exists():
                try:
                    if loss_problems(dest, allow_leftovers=False):
                        tally.fail(f"trial {trial}: a restored library does not verify")
                except EvidenceDeskError as error:
                    tally.fail(f"trial {trial}: a half-restored library ({error})")
            probe = restores / f"probe-{trial}"
            restore_library(archive, probe)  # cleans what the killed restore left
            stray = [item.name for item in restores.glob(".*restoring*")]
            if stray:
                tally.fail(f"trial {trial}: restore staging survived: {stray}")
            shutil.rmtree(probe)

        return ["restore", str(archive), str(dest)], 1.5, after

    operations = {
        "import": importing,
        "edit": editing,
        "export": exporting,
        "backup": backing_up,
        "restore": restoring,
    }
    names = list(operations)
    for trial in range(count):
        name = names[trial % len(names)]
        arguments, longest, after = operations[name](trial)
        delay = rng.uniform(0.0, longest)
        killed = run_forked(arguments, kill_after=delay, environment={"TMPDIR": str(temp)})
        tally.trials += 1
        tally.detail[name] += 1
        tally.detail["killed mid-way"] += int(killed)
        try:
            after()
            for problem in loss_problems(bench.library):
                tally.lost.append(f"trial {trial} ({name}): {problem}")
        except Exception as error:  # a check that crashes is a failure, with its reason
            tally.fail(f"trial {trial} ({name}): {type(error).__name__}: {error}")
            traceback.print_exc()
    return tally


def import_again(bench: KillBench, folder: Path) -> None:
    library = Library.open(bench.library)
    try:
        import_paths(library, matter_id(library), [folder], workers=2)
    finally:
        library.close()


def backup_library_once(bench: KillBench) -> Path:
    library = Library.open(bench.library, readonly=True)
    try:
        return backup_library(library, bench.work / "reference-backup.zip")
    finally:
        library.close()


def new_bench(work: Path, files: int, seed: int) -> KillBench:
    path = work / "library"
    library = Library.create(path)
    try:
        add_matter(library, MatterInput(MATTER, "People v. Doe", "Jane Doe"))
        officer = add_officer(library, "Thomas Kell")
        import_paths(
            library, matter_id(library), [production(work / "production", files, seed)[0].parent]
        )
    finally:
        library.close()
    return KillBench(work, path, files, seed, officer.id)


# -- part 2: backups during imports ----------------------------------------------------------


def backups_during_imports(work: Path, rounds: int, per_round: int, files: int, seed: int) -> Tally:
    tally = Tally("backups during imports")
    rng = random.Random(seed)
    for round_number in range(rounds):
        folder = work / f"round-{round_number}"
        path = folder / "library"
        library = Library.create(path)
        add_matter(library, MatterInput(MATTER, "People v. Doe", "Jane Doe"))
        library.close()
        sources = production(folder / "production", files, seed + round_number)
        pid = os.fork()
        if pid == 0:
            code = 70
            try:
                sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
                code = cli_main(["--library", str(path), "import", MATTER, str(sources[0].parent)])
            finally:
                os._exit(code)
        archives = []
        reader = Library.open(path, readonly=True)
        try:
            while not os.waitpid(pid, os.WNOHANG)[0]:
                if len(archives) >= per_round or not committed(reader):
                    time.sleep(0.02)  # back up while documents are being committed
                    continue
                try:
                    archives.append(backup_library(reader, folder / f"b{len(archives)}.zip"))
                except EvidenceDeskError as error:
                    tally.fail(f"round {round_number}: backup refused: {error}")
                    break
                time.sleep(rng.uniform(0.0, 0.3))
        finally:
            reader.close()
        for index, archive in enumerate(archives):
            tally.trials += 1
            try:
                _dest, report = restore_library(archive, folder / f"restored-{index}")
            except EvidenceDeskError as error:
                tally.fail(f"round {round_number}: backup {index} does not restore: {error}")
                continue
            lost = [problem.message for problem in report.problems if problem.kind in LOSS_KINDS]
            tally.lost.extend(lost)
            if not report.ok:
                tally.fail(f"round {round_number}: backup {index} restores with problems")
            tally.detail["documents restored"] += report.documents
        shutil.rmtree(folder, ignore_errors=True)
    tally.detail["backups"] = tally.trials
    return tally


def committed(library: Library) -> int:
    with library.read() as session:
        return len(session.execute(select(Document.id)).all())


# -- part 3: fuzz ----------------------------------------------------------------------------


def mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        how = rng.choice(["flip", "truncate", "duplicate", "zero", "insert", "shuffle"])
        if not data:
            break
        position = rng.randrange(len(data))
        length = rng.randint(1, max(1, len(data) // 20))
        if how == "flip":
            for _ in range(rng.randint(1, 16)):
                index = rng.randrange(len(data))
                data[index] ^= 1 << rng.randrange(8)
        elif how == "truncate":
            del data[position:]
        elif how == "duplicate":
            data[position:position] = data[position : position + length] * rng.randint(2, 50)
        elif how == "zero":
            data[position : position + length] = bytes(len(data[position : position + length]))
        elif how == "insert":
            data[position:position] = rng.randbytes(length)
        else:
            chunk = data[position : position + length]
            data[position : position + length] = bytes(rng.sample(list(chunk), len(chunk)))
    return bytes(data)


def fuzz(work: Path, seconds: float, seed: int) -> Tally:
    tally = Tally("fuzz")
    rng = random.Random(seed)
    seeds = work / "seeds"
    pdfs = [
        make_pdf(seeds / f"s{index}.pdf", [f"page {n} of seed {index}" for n in range(3)], 1)
        for index in range(3)
    ]
    docs = [
        make_docx(seeds / f"s{index}.docx", ["Seed paragraph", f"seed {index}"])
        for index in range(3)
    ]
    originals = [(path.suffix, path.read_bytes()) for path in pdfs + docs]
    path = work / "fuzz-library"
    library = Library.create(path)
    add_matter(library, MatterInput(MATTER, "People v. Doe", "Jane Doe"))
    deadline = time.monotonic() + seconds
    batch_number = 0
    try:
        while time.monotonic() < deadline:
            batch = work / f"batch-{batch_number}"
            batch.mkdir()
            expected = {}
            for index in range(12):
                suffix, data = rng.choice(originals)
                mutated = batch / f"m{batch_number}-{index}{suffix}"
                mutated.write_bytes(mutate(data, rng))
                expected[mutated.name] = sha256(mutated)
            try:
                results = import_paths(
                    library,
                    matter_id(library),
                    [batch],
                    workers=2,
                    timeout=10,
                    memory_limit=512 * 1024**2,
                )
            except Exception as error:
                tally.fail(
                    f"batch {batch_number}: the import stopped: {type(error).__name__}: {error}"
                )
                break
            for result in results:
                tally.trials += 1
                tally.detail[f"{Path(result.file_name).suffix[1:]} {result.status}"] += 1
                if result.status == "failed":
                    tally.fail(f"{result.file_name}: {result.message}")
                elif result.sha256 != expected.get(result.file_name):
                    tally.lost.append(f"{result.file_name}: stored with another SHA-256")
            missing = set(expected) - {result.file_name for result in results}
            tally.lost.extend(f"{name}: no result" for name in sorted(missing))
            batch_number += 1
        report = inspect_library(library)
        tally.lost.extend(problem.message for problem in report.problems)
    finally:
        library.close()
    return tally


# -- part 4: crafted archives ----------------------------------------------------------------


def crafted_archives(work: Path) -> Tally:
    tally = Tally("crafted archives")
    path = work / "archive-library"
    library = Library.create(path)
    add_matter(library, MatterInput(MATTER, "People v. Doe", "Jane Doe"))
    sources = production(work / "archive-sources", 3, 1)
    import_paths(library, matter_id(library), sources, workers=1)
    good = backup_library(library, work / "good.zip")
    library.close()
    with zipfile.ZipFile(good) as zipped:
        members = {info.filename: zipped.read(info) for info in zipped.infolist()}
    manifest = json.loads(members.pop(MANIFEST_NAME))

    def entry(name: str, data: bytes) -> dict[str, object]:
        return {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    def adding(name: str, data: bytes, info: zipfile.ZipInfo | None = None) -> Callable[..., None]:
        def change(files: dict, entries: list, infos: dict) -> None:  # type: ignore[type-arg]
            files[name] = data
            entries.append(entry(name, data))
            if info is not None:
                infos[name] = info

        return change

    link = zipfile.ZipInfo("matters/2024-001/documents/passwd")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    database = next(name for name in members if name == "evidence.db")

    def understated(files: dict, entries: list, infos: dict) -> None:  # type: ignore[type-arg]
        name = "matters/2024-001/documents/huge.bin"
        files[name] = bytes(50_000_000)
        entries.append({"name": name, "size": 10, "sha256": "0" * 64})

    def duplicated(files: dict, entries: list, infos: dict) -> None:  # type: ignore[type-arg]
        entries.append(dict(entries[-1]))

    def garbage_database(files: dict, entries: list, infos: dict) -> None:  # type: ignore[type-arg]
        files[database] = b"not a database at all " * 100
        for item in entries:
            if item["name"] == database:
                item.update(entry(database, files[database]))

    def wrong_hash(files: dict, entries: list, infos: dict) -> None:  # type: ignore[type-arg]
        entries[-1]["sha256"] = "f" * 64

    def missing_member(files: dict, entries: list, infos: dict) -> None:  # type: ignore[type-arg]
        entries.append(entry("matters/2024-001/documents/absent.txt", b"absent"))

    cases: dict[str, tuple[Callable[..., None], bool]] = {
        "zip slip": (adding("matters/../../escaped.txt", b"escape"), False),
        "absolute name": (adding(str(work / "absolute.txt"), b"absolute"), False),
        "library redirected to a server": (adding("library.json", b'{"database_url": "x"}'), False),
        "lock file": (adding(".evidence-desk.lock", b"x"), False),
        "backslash name": (adding("matters/2024-001/documents/..\\..\\evil.txt", b"x"), True),
        "symbolic link entry": (adding(link.filename, b"/etc/passwd", link), True),
        "entry larger than recorded": (understated, False),
        "duplicate names": (duplicated, False),
        "damaged database": (garbage_database, False),
        "wrong SHA-256": (wrong_hash, False),
        "member missing": (missing_member, False),
    }
    if os.name == "nt":
        cases["backslash name"] = (cases["backslash name"][0], False)
    for number, (name, (change, restorable)) in enumerate(cases.items()):
        tally.trials += 1
        files, entries, infos = dict(members), [dict(item) for item in manifest["files"]], {}
        change(files, entries, infos)
        crafted = work / f"crafted-{number}.zip"
        with zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as zipped:
            for member, data in files.items():
                zipped.writestr(infos.get(member, member), data)
            zipped.writestr(MANIFEST_NAME, json.dumps({**manifest, "files": entries}))
        parent = work / f"restore-{number}"
        parent.mkdir()
        dest = parent / "library"
        try:
            _folder, _report = restore_library(crafted, dest)
        except EvidenceDeskError:
            tally.detail["refused"] += 1
            if not restorable and dest.exists():
                tally.fail(f"{name}: refused but left {dest}")
        else:
            tally.detail["restored harmlessly"] += 1
            if not restorable:
                tally.fail(f"{name}: restored although it should be refused")
            if any(item.is_symlink() for item in dest.rglob("*")):
                tally.lost.append(f"{name}: a link was created")
        strays = [item.name for item in parent.iterdir() if item.name != "library"]
        escaped = [item.name for item in work.glob("escaped*")] + [
            item.name for item in work.glob("absolute*")
        ]
        if strays or escaped:
            tally.lost.append(f"{name}: written outside the destination: {strays + escaped}")
    return tally


# -- the run ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10, help="kill -9 trials (default 10)")
    parser.add_argument("--backups", type=int, default=1, help="import rounds with backups")
    parser.add_argument("--per-round", type=int, default=4, help="backups per import round")
    parser.add_argument("--files", type=int, default=12, help="files per production")
    parser.add_argument("--fuzz-seconds", type=float, default=8.0, help="fuzz time budget")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    if os.name == "nt":
        print("the stress run forks and kills process groups: POSIX only", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="evidence-desk-stress-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["EVIDENCE_DESK_CONFIG"] = str(work / "config")  # keys stay with the run
    os.environ["EVIDENCE_DESK_USER"] = "stress"
    rng = random.Random(args.seed)
    started = time.monotonic()
    tallies = []
    try:
        parts: list[tuple[str, Callable[[], Tally]]] = [
            (
                "kill",
                lambda: kill_trials(
                    new_bench(work / "kill", args.files, args.seed), args.kills, rng
                ),
            ),
            (
                "backups",
                lambda: backups_during_imports(
                    work / "backups", args.backups, args.per_round, args.files * 2, args.seed
                ),
            ),
            ("fuzz", lambda: fuzz(work / "fuzz", args.fuzz_seconds, args.seed)),
            ("archives", lambda: crafted_archives(work / "archives")),
        ]
        for name, part in parts:
            (work / name).mkdir(parents=True, exist_ok=True)
            part_started = time.monotonic()
            tally = part()
            tallies.append(tally)
            print(f"{tally.line()} [{time.monotonic() - part_started:.1f} s]", flush=True)
            for message in (tally.failures + tally.lost)[:10]:
                print(f"    {message}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    trials = sum(tally.trials for tally in tallies)
    failures = sum(len(tally.failures) for tally in tallies)
    lost = sum(len(tally.lost) for tally in tallies)
    print(
        f"TOTAL: {trials} trials, {failures} failures, {lost} lost "
        f"({time.monotonic() - started:.0f} s)"
    )
    return 1 if failures or lost else 0


if __name__ == "__main__":
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, line_buffering=True)
    sys.exit(main())
