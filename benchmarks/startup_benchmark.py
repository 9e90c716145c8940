"""Start-up time of the command line: a simple command against importing SQLAlchemy.

Target: ``evidence-desk matter list`` on a small library takes at most twice as long as
``python -c "import sqlalchemy"``, the floor for any command that reads the database.
Each is run as a fresh process, alternately, and the fastest and the median of several
runs are printed (the fastest is the least disturbed by other work on the machine).

Run: ``.venv/bin/python benchmarks/startup_benchmark.py [--runs 15]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wall_time(command: list[str], environment: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=environment, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="evidence-desk-startup-") as folder:
        environment = {**os.environ, "EVIDENCE_DESK_LIBRARY": str(Path(folder) / "library")}
        command = [sys.executable, "-m", "evidence_desk.cli"]
        subprocess.run([*command, "init"], check=True, env=environment, stdout=subprocess.DEVNULL)
        subprocess.run(
            [*command, "matter", "add", "2024-001", "--caption", "People v. Doe", "--client", "Jo"],
            check=True,
            env=environment,
            stdout=subprocess.DEVNULL,
        )
        measured: dict[str, list[float]] = {"import sqlalchemy": [], "matter list": []}
        for _ in range(args.runs):
            measured["import sqlalchemy"].append(
                wall_time([sys.executable, "-c", "import sqlalchemy"], environment)
            )
            measured["matter list"].append(wall_time([*command, "matter", "list"], environment))
    for label, times in measured.items():
        print(
            f"{label:<20} fastest {min(times) * 1000:6.0f} ms"
            f"  median {statistics.median(times) * 1000:6.0f} ms  ({len(times)} runs)"
        )
    ratio = min(measured["matter list"]) / min(measured["import sqlalchemy"])
    verdict = "meets" if ratio <= 2 else "MISSES"
    print(f"matter list / import sqlalchemy: {ratio:.2f} (fastest runs; {verdict} the target of 2)")


if __name__ == "__main__":
    main()
