"""One import by a program that is already running, as the window imports: timed alone.

The window has its modules loaded and the library open when someone drops a production
on it; only ``import_paths`` runs (its workers included). Run by ``import_benchmark.py``:
``running_import.py LIBRARY MATTER FOLDER [WORKERS]`` prints ``seconds cpu_seconds``, the
CPU time being this process's and its workers' during the import.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> None:
    from evidence_desk.core.ingest.pipeline import import_paths
    from evidence_desk.core.library import Library
    from evidence_desk.core.matters import get_matter_by_file_number

    library_path, file_number, folder = sys.argv[1:4]
    workers = int(sys.argv[4]) if len(sys.argv) > 4 else None
    library = Library.open(library_path)
    try:
        matter = get_matter_by_file_number(library, file_number).id
        before = os.times()
        started = time.perf_counter()
        results = import_paths(library, matter, [folder], workers=workers)
        elapsed = time.perf_counter() - started
        after = os.times()
    finally:
        library.close()
    if any(result.status == "failed" for result in results):
        raise SystemExit("the import failed")
    cpu = sum(after[:4]) - sum(before[:4])  # user and system, this process and its workers
    print(f"{elapsed:.4f} {cpu:.4f}")


if __name__ == "__main__":
    main()
