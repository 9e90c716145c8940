"""verify, audit, backup and restore: is the library intact, and a copy to keep elsewhere."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.audit_seal import Anchor
from ..core.backup import backup_library, restore_library
from ..core.errors import ConflictError
from ..core.integrity import (
    IntegrityReport,
    anchors_from_file,
    check_audit,
    current_anchor,
    inspect_library,
)
from ..core.wording import plural
from .common import Context, add_json_flag, print_json


def _add_anchor_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--anchor",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="also check the log against the anchors in FILE (a saved 'audit anchor', or a "
        "backup zip); repeatable",
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    verify = subparsers.add_parser(
        "verify",
        help="check the audit log, page text and every stored original against its SHA-256",
    )
    _add_anchor_option(verify)
    add_json_flag(verify)
    verify.set_defaults(handler=run_verify)

    audit_parser = subparsers.add_parser("audit", help="the audit log: check it, anchor it")
    audit_commands = audit_parser.add_subparsers(dest="audit_command", metavar="ACTION")
    audit_commands.required = True
    audit_verify = audit_commands.add_parser(
        "verify", help="recompute the hash chain and its seals, compare rows and anchors"
    )
    _add_anchor_option(audit_verify)
    add_json_flag(audit_verify)
    audit_verify.set_defaults(handler=run_audit_verify)
    anchor = audit_commands.add_parser(
        "anchor", help="print an anchor for the newest audit event, to keep elsewhere"
    )
    anchor.add_argument("--out", type=Path, metavar="FILE", help="also write it to FILE")
    anchor.add_argument("--overwrite", action="store_true", help="replace an existing FILE")
    add_json_flag(anchor)
    anchor.set_defaults(handler=run_audit_anchor)

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


def _anchors(args: argparse.Namespace) -> list[Anchor]:
    return [anchor for path in args.anchor for anchor in anchors_from_file(path)]


def _report_json(report: IntegrityReport) -> dict[str, object]:
    return {
        "ok": report.ok,
        "audit_events": report.audit_events,
        "documents": report.documents,
        "pages": report.pages,
        "bytes_checked": report.bytes_checked,
        "problems": list(report.problems),
        "notes": list(report.notes),
    }


def _print_report(report: IntegrityReport, *, as_json: bool) -> int:
    if as_json:
        print_json(_report_json(report))
    else:
        for problem in report.problems:
            print(f"{problem.kind}: {problem.message}")
        for note in report.notes:
            print(f"note: {note}")
        if report.ok:
            print(
                f"Library intact: {report.audit_events} audit events, {report.pages} pages of "
                f"text and {report.documents} stored originals "
                f"({report.bytes_checked:,} bytes) checked."
            )
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
    report = inspect_library(context.library(), anchors=_anchors(args))
    return _print_report(report, as_json=args.json)


def run_audit_verify(args: argparse.Namespace, context: Context) -> int:
    result = check_audit(context.library(), _anchors(args))
    problem = result.problem
    if args.json:
        print_json(
            {
                "events": result.events,
                "ok": problem is None,
                "event_id": problem.event_id if problem else None,
                "message": problem.message if problem else None,
                "notes": list(result.notes),
            }
        )
    else:
        for note in result.notes:
            print(f"note: {note}")
        if problem is None:
            print(f"Audit log intact: {result.events} events, every link and seal checked.")
    if problem is not None:
        if not args.json:
            print(f"evidence-desk: error: {problem.message}", file=sys.stderr)
        return 1
    return 0


def run_audit_anchor(args: argparse.Namespace, context: Context) -> int:
    anchor = current_anchor(context.library())
    if args.out is not None:
        out = args.out.expanduser()
        if out.exists() and not args.overwrite:
            raise ConflictError(f"{out} already exists; add --overwrite to replace it")
        out.write_text(anchor.line() + "\n", encoding="utf-8")
    if args.json:
        print_json({**anchor.as_json(), "line": anchor.line()})
    else:
        print(anchor.line())
    return 0


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
