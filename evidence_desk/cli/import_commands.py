"""The import command: files and folders into a matter, read while the program starts.

This module loads nothing heavy: the command line parses an import's arguments with it
before the database layer loads, so that the extraction workers are started, and given
the files to read, first (``ingest.worker.prestart``).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..core.errors import ValidationError
from ..core.vocabulary import DOCUMENT_SOURCES
from ..core.wording import plural
from .common import (
    Context,
    add_json_flag,
    add_matter_argument,
    matter_id_named,
    print_json,
    print_table,
)

if TYPE_CHECKING:
    from ..core.ingest.pipeline import ImportProgress, ImportResult


def register(subparsers: argparse._SubParsersAction) -> None:
    importer = subparsers.add_parser(
        "import", help="import files and folders (recursively) into a matter"
    )
    add_matter_argument(importer)
    importer.add_argument("paths", metavar="PATH", nargs="+", help="files or folders")
    importer.add_argument(
        "--source", choices=list(DOCUMENT_SOURCES), default="discovery", help="where they came from"
    )
    importer.add_argument(
        "--password", metavar="PW", help="password for encrypted PDFs (also unlocks stored ones)"
    )
    importer.add_argument(
        "--workers", type=int, metavar="N", help="extraction processes (default: one per core)"
    )
    importer.add_argument(
        "--quiet", action="store_true", help="no per-file progress on standard error"
    )
    importer.add_argument(
        "--no-ocr",
        action="store_true",
        help="leave scanned pages for later (evidence-desk ocr) instead of reading them now",
    )
    add_json_flag(importer)
    importer.set_defaults(handler=run_import)


def _print_progress(report: ImportProgress) -> None:
    if report.done == 0:
        print(f"Importing {plural(report.total, 'file')}...", file=sys.stderr)
    elif report.file_name:
        print(
            f"[{report.done}/{report.total}] {report.file_name}: {report.message}",
            file=sys.stderr,
        )
    else:
        print(report.message, file=sys.stderr)


def run_import(args: argparse.Namespace, context: Context) -> int:
    from ..core.ingest.pipeline import import_paths

    if args.workers is not None and args.workers < 1:
        raise ValidationError("--workers must be at least 1")
    library = context.library(write=True)
    cancel = threading.Event()
    with _ctrl_c_stops(cancel):
        results = import_paths(
            library,
            matter_id_named(library, args.matter),
            args.paths,
            source=args.source,
            password=args.password,
            progress=None if args.quiet or args.json else _print_progress,
            cancel=cancel,
            workers=args.workers,
        )
    if not cancel.is_set() and any(result.status == "needs_ocr" for result in results):
        results = _read_scans(args, context, results)
    if args.json:
        print_json(results)
    else:
        print_table(
            ["ID", "FILE", "STATUS", "PAGES", "BATES", "MESSAGE"],
            [[r.id, r.file_name, r.status, r.pages, _bates_text(r), r.message] for r in results],
        )
        print(_summary(results))
    if cancel.is_set():
        stored = sum(1 for result in results if result.id is not None)
        print(
            f"evidence-desk: interrupted: {plural(stored, 'file')} stored; import the same "
            "files again to finish (those stored come back as duplicates)",
            file=sys.stderr,
        )
        return 130
    failed = [result for result in results if result.status == "failed"]
    if failed:
        names = ", ".join(result.file_name for result in failed[:5])
        print(
            f"evidence-desk: error: {plural(len(failed), 'file')} could not be imported: {names}",
            file=sys.stderr,
        )
        return 1
    return 0


@contextmanager
def _ctrl_c_stops(cancel: threading.Event) -> Iterator[None]:
    """Ctrl+C stops the import between files, as the window's Cancel does: every file
    already listed as read is stored. A second Ctrl+C stops at once (files under way and
    the batch being committed are then left for the next import)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signal: int, _frame: object) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()
        print(
            "evidence-desk: stopping after the files under way (Ctrl+C again to stop at once)",
            file=sys.stderr,
        )

    previous = signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _read_scans(
    args: argparse.Namespace, context: Context, results: list[ImportResult]
) -> list[ImportResult]:
    """OCR the scanned pages just imported, unless told not to or OCR cannot run."""
    from ..core.ingest.ocr import OcrError
    from ..core.ingest.ocr_run import ocr_after_import
    from .ocr_commands import _print_progress as print_ocr_progress

    library = context.library(write=True)
    waiting = sum(1 for result in results if result.status == "needs_ocr")
    if args.no_ocr:
        print(
            f"evidence-desk: {plural(waiting, 'document')} with scanned pages left for OCR "
            "(run: evidence-desk ocr)",
            file=sys.stderr,
        )
        return results
    try:
        return ocr_after_import(
            library,
            results,
            progress=None if args.quiet or args.json else print_ocr_progress,
            workers=args.workers,
        )
    except OcrError as error:
        print(
            f"evidence-desk: {plural(waiting, 'document')} with scanned pages not read: {error}",
            file=sys.stderr,
        )
        return results


def _bates_text(result: ImportResult) -> str:
    if result.bates_start and result.bates_end and result.bates_start != result.bates_end:
        return f"{result.bates_start} - {result.bates_end}"
    return result.bates_start or ""


def _summary(results: list[ImportResult]) -> str:
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    pages = sum(result.pages for result in results if result.status != "duplicate")
    parts = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
    return (
        f"{plural(len(results), 'file')}, {plural(pages, 'page')}: {parts or 'nothing to import'}"
    )
