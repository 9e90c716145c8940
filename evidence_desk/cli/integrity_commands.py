"""verify, backup and restore: is the library intact, and a copy to keep elsewhere."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.backup import backup_library, restore_library
from ..core.integrity import IntegrityReport, inspect_library
from ..core.wording import plural
from .common import Context, add_json_flag, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    verify = subparsers.add_parser(
        "verify",
        help="check the audit chain and every stored original against its SHA-256",
    )
    add_json_flag(verify)
    verify.set_defaults(handler=run_verify)

    backup = subparsers.add_parser(
        "backup", help="write a zip of the database and every matter folder"
    )
    backup.add_argument(
        "out", type=Path, metavar="OUT", help="zip file to write, or an existing folder"
    )
    add_json_flag(backup)
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore", help="unpack a backup zip into a new library folder and verify it"
    )
    restore.add_argument("archive", type=Path, metavar="ARCHIVE", help="a zip made by 'backup'")
    restore.add_argument("dest", type=Path, metavar="DEST", help="new (or empty) library folder")
    add_json_flag(restore)
    restore.set_defaults(handler=run_restore)


def _report_json(report: IntegrityReport) -> dict[str, object]:
    return {
        "ok": report.ok,
        "audit_events": report.audit_events,
        "documents": report.documents,
        "pages": report.pages,
        "bytes_checked": report.bytes_checked,
        "problems": list(report.problems),
    }


def _print_report(report: IntegrityReport, *, as_json: bool) -> int:
    if as_json:
        print_json(_report_json(report))
    elif report.ok:
        print(
            f"Library intact: {report.audit_events} audit events and "
            f"{report.documents} stored originals ({report.bytes_checked:,} bytes) checked."
        )
    else:
        for problem in report.problems:
            print(f"{problem.kind}: {problem.message}")
    if not report.ok:
        if not as_json:
            print(
                f"evidence-desk: error: {plural(len(report.problems), 'problem')} found "
                "(listed above)",
                file=sys.stderr,
            )
        return 1
    return 0


def run_verify(args: argparse.Namespace, context: Context) -> int:
    return _print_report(inspect_library(context.library()), as_json=args.json)


def run_backup(args: argparse.Namespace, context: Context) -> int:
    target = backup_library(context.library(), args.out)
    size = target.stat().st_size
    if args.json:
        print_json({"path": str(target), "size": size})
    else:
        print(f"Backup written: {target} ({size:,} bytes)")
    return 0


def run_restore(args: argparse.Namespace, context: Context) -> int:
    folder, report = restore_library(args.archive, args.dest)
    if args.json:
        print_json({"path": str(folder), **_report_json(report)})
        return 0 if report.ok else 1
    print(f"Restored into {folder}")
    return _print_report(report, as_json=False)
