"""Import speed and memory against the desktop indexer and pdftotext, on the same corpora.

Two corpora, generated once and cached: a synthetic discovery production (about 1,600
Bates-stamped pages, reportlab) and a real-world-like mix (``realworld_corpus``: LaTeX,
LibreOffice, born-digital, encrypted, scanned and damaged PDFs). On each, in one run:

* ``pdftotext`` (poppler), one file after another: the floor for reading the text;
* ``recollindex`` (Recoll, a Xapian desktop indexer, Debian ``recollcmd``): a full index
  of the folder into a temporary configuration and index folder;
* ``evidence-desk import --no-ocr``: the real command in a fresh process (hashing and
  copying every original, extraction in worker processes, per-page scan detection, Bates
  labels, the database and its full-text index). OCR is left out: the others do none.
* the same import by a program already running (``running_import.py``), as the window
  imports: its modules loaded and its library open, so without the command's start-up
  (loading the database layer takes over half a second here).

Each tool runs several times, taking turns (``--repeat``); each line gives the median run's
wall time (and the spread), CPU time and peak resident memory (the command and all its
children). The goal: the import takes no longer than recollindex's full index. Then, as
before, the peak memory of the import for growing slices of a larger production.

Run: ``.venv/bin/python benchmarks/import_benchmark.py [--files 64] [--repeat 3]
[--memory-series]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import discovery_pdfs  # noqa: E402
from benchmarks.realworld_corpus import realworld_mix  # noqa: E402

Figures = tuple[float, int, float]  # seconds, peak bytes, CPU seconds


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "evidence_desk.cli", *args]


class PeakMemory:
    """Samples the resident memory of a process and all its children every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            try:
                processes = [root, *root.children(recursive=True)]
                total = 0
                for process in processes:
                    try:
                        total += process.memory_info().rss
                    except psutil.NoSuchProcess:
                        continue
                self.peak = max(self.peak, total)
            except psutil.NoSuchProcess:
                return
            self._stop.wait(0.02)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def _prepared_library(temp: str, files: list[Path]) -> tuple[Path, Path, dict[str, str]]:
    """A new library with one matter, and the files gathered in one folder as a production
    arrives: (library, folder, environment)."""
    library = Path(temp) / "library"
    staging = Path(temp) / "production"
    staging.mkdir()
    for file in files:
        _gather(file, staging / file.name)
    env = {**os.environ, "EVIDENCE_DESK_USER": "benchmark"}
    subprocess.run(_command("--library", str(library), "init"), check=True, env=env,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    subprocess.run(
        _command("--library", str(library), "matter", "add", "BENCH-1", "--caption",
                 "People v. Benchmark", "--client", "B. Mark"),
        check=True, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return library, staging, env


def run_import(files: list[Path], workers: int | None) -> Figures:
    """(seconds, peak bytes, CPU seconds) of one ``evidence-desk import`` into a new library.

    The CPU seconds (user + system of the command and its workers) do not depend on what
    else the machine is doing, unlike the elapsed time.
    """
    with tempfile.TemporaryDirectory(prefix="evidence-import-bench-") as temp:
        library, staging, env = _prepared_library(temp, files)
        arguments = [
            "--library", str(library), "import", "BENCH-1", str(staging), "--quiet", "--no-ocr"
        ]  # fmt: skip
        if workers:
            arguments += ["--workers", str(workers)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        process = subprocess.Popen(
            _command(*arguments), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        memory = PeakMemory(process.pid)
        code = process.wait()
        elapsed = time.perf_counter() - started
        peak = memory.stop()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if code != 0:
            raise SystemExit(f"evidence-desk import failed with exit code {code}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return elapsed, peak, cpu


def run_running_import(files: list[Path], workers: int | None) -> Figures:
    """(seconds, peak bytes, CPU seconds) of the same import by a running program (as the
    window imports: modules loaded, library open), timed from the call to its return."""
    with tempfile.TemporaryDirectory(prefix="evidence-import-bench-") as temp:
        library, staging, env = _prepared_library(temp, files)
        command = [sys.executable, str(ROOT / "benchmarks" / "running_import.py"),
                   str(library), "BENCH-1", str(staging)]  # fmt: skip
        if workers:
            command.append(str(workers))
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
        memory = PeakMemory(process.pid)
        output, _ = process.communicate()
        peak = memory.stop()
        if process.returncode != 0:
            raise SystemExit(f"the running program's import failed ({process.returncode})")
        seconds, cpu = (float(value) for value in output.split())
        return seconds, peak, cpu


def _gather(file: Path, target: Path) -> None:
    try:
        os.link(file, target)  # no copy: the import's own copying is what is measured
    except OSError:
        shutil.copy(file, target)


def _timed(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, int, float]:
    """(seconds, peak bytes, CPU seconds) of one command and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    memory = PeakMemory(process.pid)
    code = process.wait()
    elapsed = time.perf_counter() - started
    peak = memory.stop()
    if code != 0:
        raise SystemExit(f"{command[0]} failed with exit code {code}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, peak, cpu


def run_pdftotext(files: list[Path]) -> tuple[float, int, float]:
    """(seconds, peak bytes, CPU seconds) of ``pdftotext`` over every file, one at a time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    peak = 0
    for path in files:
        # A damaged file makes pdftotext exit non-zero; it still counts as read.
        process = subprocess.Popen(["pdftotext", "-q", str(path), "-"], stdout=subprocess.DEVNULL)
        with contextlib.suppress(psutil.NoSuchProcess):  # gone already: too quick to count
            peak = max(peak, psutil.Process(process.pid).memory_info().rss)
        process.wait()
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, peak, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_recollindex(folder: Path) -> tuple[float, int, float]:
    """(seconds, peak bytes, CPU seconds) of a full Recoll index of ``folder`` from nothing."""
    with tempfile.TemporaryDirectory(prefix="evidence-recoll-bench-") as config:
        (Path(config) / "recoll.conf").write_text(
            f"topdirs = {folder}\nloglevel = 1\nnoaspell = 1\n"
        )
        env = {**os.environ, "RECOLL_CONFDIR": config}
        return _timed(["recollindex", "-c", config, "-z"], env)


def _median(runs: list[Figures]) -> Figures:
    """The run of median wall time (its own memory and CPU beside it)."""
    return sorted(runs)[len(runs) // 2]


def compare(
    name: str, files: list[Path], pages: int, workers: int | None, repeat: int
) -> tuple[float, float]:
    """Print the three tools on one corpus; (import seconds, recollindex seconds).

    Each tool runs ``repeat`` times, the tools taking turns, so that a passing disturbance
    of a shared machine falls on all three alike; the median run is printed, with the
    spread of the wall times.
    """
    folder = files[0].parent
    size = sum(file.stat().st_size for file in files) / 1e6
    print(f"\n{name}: {len(files)} PDFs, {pages} pages, {size:.1f} MB; median of {repeat} runs")
    runs: dict[str, list[Figures]] = {"pdftotext": [], "recoll": [], "import": [], "running": []}
    recoll_installed = shutil.which("recollindex") is not None
    for _ in range(repeat):
        runs["pdftotext"].append(run_pdftotext(files))
        if recoll_installed:
            runs["recoll"].append(run_recollindex(folder))
        runs["import"].append(run_import(files, workers))
        runs["running"].append(run_running_import(files, workers))

    def line(label: str, key: str) -> Figures:
        seconds, peak, cpu = _median(runs[key])
        walls = sorted(run[0] for run in runs[key])
        print(f"  {label:34} {seconds:6.2f} s ({walls[0]:.2f}-{walls[-1]:.2f}), {cpu:5.2f} CPU-s, "
              f"peak {peak / 2**20:4.0f} MiB", end="")  # fmt: skip
        return seconds, peak, cpu

    line("pdftotext, one file after another", "pdftotext")
    print()
    if recoll_installed:
        recoll = line("recollindex, full index", "recoll")[0]
        print()
    else:
        recoll = float("nan")
        print("  recollindex: not installed (Debian: apt install recollcmd)")
    imported = line("evidence-desk import --no-ocr", "import")[0]
    verdict = "meets" if imported <= recoll else "MISSES"
    print(f" ({pages / imported:.0f} pages/s; {verdict} import <= recollindex)")
    running = line("the same import, program running", "running")[0]
    verdict = "meets" if running <= recoll else "MISSES"
    print(f" ({pages / running:.0f} pages/s; {verdict} import <= recollindex)")
    return imported, recoll


def compile_bytecode() -> None:
    """Compile the program's modules, as installing it does (pip, the packaged build).

    A source checkout run with PYTHONDONTWRITEBYTECODE set (as some shells and containers
    do) would otherwise compile every module from source in every process it starts: a
    cost no installed copy pays, and a large one in a short import.
    """
    import compileall

    compileall.compile_dir(ROOT / "evidence_desk", quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=64, help="files in the production")
    parser.add_argument("--min-pages", type=int, default=10)
    parser.add_argument("--max-pages", type=int, default=40)
    parser.add_argument("--workers", type=int, default=None, help="default: one per core")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool (median kept)")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(tempfile.gettempdir()) / "evidence-desk-benchmark",
        help="where the generated corpora are cached",
    )
    parser.add_argument(
        "--memory-series", action="store_true", help="also: peak memory as a production grows"
    )
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    started = time.perf_counter()
    production, pages = discovery_pdfs(
        args.corpus / f"production-{args.files}", args.files, args.min_pages, args.max_pages
    )
    mix, notes = realworld_mix(args.corpus / "realworld-mix")
    mix_pages = sum(_pages_of([item.path]) for item in mix)
    print(f"machine: {cores} cores; Python {sys.version.split()[0]}; load {os.getloadavg()[0]:.2f}")
    print(f"corpora ready in {time.perf_counter() - started:.1f} s", *notes)
    compile_bytecode()
    results = [
        compare("synthetic production", production, pages, args.workers, args.repeat),
        compare(
            "real-world-like mix", [item.path for item in mix], mix_pages, args.workers, args.repeat
        ),
    ]
    met = all(imported <= recoll for imported, recoll in results)
    print(f"\ngoal import <= recollindex on both corpora: {'met' if met else 'NOT met'}")

    if args.memory_series:
        files, total = discovery_pdfs(args.corpus / "import-corpus", 300, 10, 40)
        print("peak memory of an import as the production grows:")
        for share in (4, 2, 1):
            subset = files[: max(1, len(files) // share)]
            subset_pages = _pages_of(subset) if share > 1 else total
            seconds, peak, cpu = run_import(subset, args.workers)
            print(
                f"  {len(subset):4d} files ({subset_pages} pages): {peak / 2**20:.0f} MiB, "
                f"{subset_pages / seconds:.0f} pages/s, {subset_pages / cpu:.0f} pages/CPU-s"
            )


def _pages_of(subset: list[Path]) -> int:
    """Pages in PDFs as pypdf counts them (0 for a file it cannot read)."""
    from pypdf import PdfReader

    total = 0
    for path in subset:
        try:
            total += len(PdfReader(path).pages)
        except Exception:
            continue
    return total


if __name__ == "__main__":
    main()
