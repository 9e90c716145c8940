"""ocr commands: reading scanned pages with Tesseract, and the OCR settings."""

from __future__ import annotations

import argparse
import sys

from ..core.ingest.ocr_run import OcrProgress, ocr_settings, run_ocr, set_ocr_settings
from ..core.records import as_json
from .common import MATTER_HELP, Context, add_json_flag, matter_id_named, print_fields, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    reader = subparsers.add_parser(
        "ocr",
        help="read the scanned pages that need OCR (a matter's, or the whole library's)",
        description="Reads every page marked 'needs OCR' with Tesseract. A run that is "
        "interrupted goes on where it stopped the next time.",
    )
    reader.add_argument(
        "matter", metavar="MATTER", nargs="?", help=f"{MATTER_HELP}; default: every matter"
    )
    reader.add_argument(
        "--retry-failed", action="store_true", help="also retry pages an earlier run could not read"
    )
    reader.add_argument("--workers", type=int, metavar="N", help="OCR processes (default: cores)")
    reader.add_argument("--quiet", action="store_true", help="no progress on standard error")
    add_json_flag(reader)
    reader.set_defaults(handler=run_ocr_command)

    settings = subparsers.add_parser(
        "ocr-settings", help="show or change whether and in which languages OCR reads scans"
    )
    switch = settings.add_mutually_exclusive_group()
    switch.add_argument("--on", dest="enabled", action="store_const", const=True)
    switch.add_argument("--off", dest="enabled", action="store_const", const=False)
    settings.add_argument(
        "--languages", metavar="LANGS", help="Tesseract language names, e.g. eng or eng+spa"
    )
    add_json_flag(settings)
    settings.set_defaults(handler=run_ocr_settings)


def _print_progress(report: OcrProgress) -> None:
    if report.done == 0:
        print(report.message[:1].upper() + report.message[1:] + "...", file=sys.stderr)
    elif report.done < report.total:
        print(f"[{report.done}/{report.total}] {report.message}", file=sys.stderr)


def run_ocr_command(args: argparse.Namespace, context: Context) -> int:
    from ..core.errors import ValidationError

    if args.workers is not None and args.workers < 1:
        raise ValidationError("--workers must be at least 1")
    library = context.library(write=True)
    summary = run_ocr(
        library,
        None if args.matter is None else matter_id_named(library, args.matter),
        retry_failed=args.retry_failed,
        progress=None if args.quiet or args.json else _print_progress,
        workers=args.workers,
    )
    if args.json:
        print_json({**as_json(summary), "message": summary.message()})
    else:
        print(summary.message())
    return 0


def run_ocr_settings(args: argparse.Namespace, context: Context) -> int:
    if args.enabled is None and args.languages is None:
        settings = ocr_settings(context.library())
    else:
        settings = set_ocr_settings(
            context.library(write=True), enabled=args.enabled, languages=args.languages
        )
    if args.json:
        print_json(settings)
    else:
        print_fields(
            [("OCR", "on" if settings.enabled else "off"), ("languages", settings.languages)]
        )
    return 0
