"""Import speed and memory: ``evidence-desk import`` against ``pdftotext`` on the same PDFs.

Generates (once, cached) a corpus of born-digital, Bates-stamped discovery PDFs
(default 300 files of 10-40 pages, reportlab), then prints:

* pages/second of ``evidence-desk import`` end to end (the real command in a fresh
  process: hashing, copying, extraction in worker processes, Bates detection, the writer's
  transactions and the FTS index), target at least 300 pages/s on 2 cores;
* pages/second of ``pdftotext`` (poppler) over the same files, one process per core, as
  the reference;
* the peak memory (resident set of the command and its workers together) for growing
  slices of the corpus, which should stay flat.

Run: ``.venv/bin/python benchmarks/import_benchmark.py [--files 300] [--corpus DIR]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import discovery_pdfs  # noqa: E402


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


def run_import(files: list[Path], workers: int | None) -> tuple[float, int, float]:
    """(seconds, peak bytes, CPU seconds) of one ``evidence-desk import`` into a new library.

    The CPU seconds (user + system of the command and its workers) do not depend on what
    else the machine is doing, unlike the elapsed time.
    """
    with tempfile.TemporaryDirectory(prefix="evidence-import-bench-") as temp:
        library = Path(temp) / "library"
        staging = Path(temp) / "production"
        staging.mkdir()
        for file in files:  # the same files, gathered in one folder as a production arrives
            _gather(file, staging / file.name)
        env = {**os.environ, "EVIDENCE_DESK_USER": "benchmark"}
        subprocess.run(_command("--library", str(library), "init"), check=True, env=env,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        subprocess.run(
            _command("--library", str(library), "matter", "add", "BENCH-1", "--caption",
                     "People v. Benchmark", "--client", "B. Mark"),
            check=True, env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        arguments = ["--library", str(library), "import", "BENCH-1", str(staging), "--quiet"]
        if workers:
            arguments += ["--workers", str(workers)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        process = subprocess.Popen(_command(*arguments), env=env, stdout=subprocess.DEVNULL)
        memory = PeakMemory(process.pid)
        code = process.wait()
        elapsed = time.perf_counter() - started
        peak = memory.stop()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if code != 0:
            raise SystemExit(f"evidence-desk import failed with exit code {code}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return elapsed, peak, cpu


def _gather(file: Path, target: Path) -> None:
    try:
        os.link(file, target)  # no copy: the import's own copying is what is measured
    except OSError:
        shutil.copy(file, target)


def run_pdftotext(files: list[Path], processes: int) -> float:
    """Seconds for ``pdftotext`` over every file, ``processes`` at a time."""
    if shutil.which("pdftotext") is None:
        return float("nan")

    def one(path: Path) -> None:
        subprocess.run(["pdftotext", "-q", str(path), "-"], check=True, stdout=subprocess.DEVNULL)

    started = time.perf_counter()
    with ThreadPoolExecutor(processes) as pool:
        list(pool.map(one, files))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--min-pages", type=int, default=10)
    parser.add_argument("--max-pages", type=int, default=40)
    parser.add_argument("--workers", type=int, default=None, help="default: one per core")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(tempfile.gettempdir()) / "evidence-desk-benchmark" / "import-corpus",
    )
    parser.add_argument("--no-memory-series", action="store_true")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    started = time.perf_counter()
    files, pages = discovery_pdfs(args.corpus, args.files, args.min_pages, args.max_pages)
    print(f"machine: {cores} cores; Python {sys.version.split()[0]}")
    print(
        f"corpus: {len(files)} PDFs, {pages} pages, "
        f"{sum(f.stat().st_size for f in files) / 1e6:.1f} MB "
        f"(ready in {time.perf_counter() - started:.1f} s)"
    )

    seconds = run_pdftotext(files, cores)
    print(f"pdftotext ({cores} at a time): {seconds:.1f} s, {pages / seconds:.0f} pages/s")

    load = os.getloadavg()[0]
    seconds, peak, cpu = run_import(files, args.workers)
    verdict = "meets" if pages / seconds >= 300 else "MISSES"
    print(
        f"evidence-desk import: {seconds:.1f} s, {pages / seconds:.0f} pages/s "
        f"({verdict} the 300 pages/s target), peak memory {peak / 2**20:.0f} MiB"
    )
    print(
        f"  CPU: {cpu:.1f} s = {pages / cpu:.0f} pages per CPU-second, so at most "
        f"{cores * pages / cpu:.0f} pages/s on {cores} idle cores "
        f"(load average before the run: {load:.2f})"
    )

    if not args.no_memory_series:
        print("peak memory of an import as the corpus grows:")
        for share in (4, 2):
            subset = files[: max(1, len(files) // share)]
            subset_pages = _pages_of(subset)
            seconds, subset_peak, cpu = run_import(subset, args.workers)
            print(
                f"  {len(subset):4d} files ({subset_pages} pages): {subset_peak / 2**20:.0f} MiB, "
                f"{subset_pages / seconds:.0f} pages/s, {subset_pages / cpu:.0f} pages/CPU-s"
            )
        print(f"  {len(files):4d} files ({pages} pages): {peak / 2**20:.0f} MiB (the run above)")


def _pages_of(subset: list[Path]) -> int:
    """Pages in a slice of the corpus, read from the PDFs themselves."""
    from pypdf import PdfReader

    return sum(len(PdfReader(path).pages) for path in subset)


if __name__ == "__main__":
    main()
