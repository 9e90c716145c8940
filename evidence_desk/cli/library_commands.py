"""init and audit: creating a library and checking its audit chain."""

from __future__ import annotations

import argparse

from ..core import audit
from ..core.library import Library
from .common import Context, add_json_flag, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser("init", help="create a library (an empty one)")
    init.add_argument(
        "--database-url",
        metavar="URL",
        help="office mode: keep the data on this PostgreSQL server "
        "(postgresql+psycopg://user:password@host/database)",
    )
    add_json_flag(init)
    init.set_defaults(handler=run_init)

    audit_parser = subparsers.add_parser("audit", help="the audit log")
    audit_commands = audit_parser.add_subparsers(dest="audit_command", metavar="ACTION")
    audit_commands.required = True
    verify = audit_commands.add_parser("verify", help="recompute the hash chain")
    add_json_flag(verify)
    verify.set_defaults(handler=run_audit_verify)


def run_init(args: argparse.Namespace, context: Context) -> int:
    path = context.library_path
    if Library.exists(path):
        library = Library.open(path)
        created = False
    else:
        library = Library.create(path, database_url=args.database_url)
        created = True
    library.close()
    if args.json:
        print_json({"path": str(library.path), "created": created})
    else:
        print(f"{'Created' if created else 'Already a library:'} {library.path}")
    return 0


def run_audit_verify(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    with library.read() as session:
        count, problem = audit.verify(session)
    if args.json:
        print_json(
            {
                "events": count,
                "ok": problem is None,
                "event_id": problem.event_id if problem else None,
                "message": problem.message if problem else None,
            }
        )
    elif problem is None:
        print(f"Audit log intact: {count} events, every link checked.")
    if problem is not None:
        if not args.json:
            import sys

            print(f"evidence-desk: error: {problem.message}", file=sys.stderr)
        return 1
    return 0
