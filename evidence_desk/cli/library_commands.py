"""init: creating a library."""

from __future__ import annotations

import argparse

from ..core.errors import ValidationError
from ..core.library import Library
from ..core.office_server import parse_server
from .common import Context, add_json_flag, print_json, print_notices


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser(
        "init",
        help="create a library (an empty one), or join an office library",
        description="Without options, a library on this computer. With --server and "
        "--database, an office library on that PostgreSQL server: you connect as yourself "
        "(PGUSER or your login name; a password in ~/.pgpass), never with a shared login.",
    )
    init.add_argument(
        "--server", metavar="HOST[:PORT]", help="office mode: the office's PostgreSQL server"
    )
    init.add_argument("--database", metavar="NAME", help="office mode: the database on it")
    init.add_argument(
        "--database-url",
        metavar="URL",
        help="office mode, as one URL: postgresql://HOST[:PORT]/DATABASE (no user or password)",
    )
    add_json_flag(init)
    init.set_defaults(handler=run_init)


def run_init(args: argparse.Namespace, context: Context) -> int:
    path = context.library_path
    if (args.server is None) != (args.database is None):
        raise ValidationError("an office library needs both --server and --database")
    if args.server is not None and args.database_url is not None:
        raise ValidationError("give --server and --database, or --database-url, not both")
    if Library.exists(path):
        library = Library.open(path)
        created = False
    else:
        server = parse_server(args.server, args.database) if args.server else None
        library = Library.create(path, database_url=args.database_url, server=server)
        created = True
    print_notices(library)
    library.close()
    if args.json:
        print_json({"path": str(library.path), "created": created})
    else:
        print(f"{'Created' if created else 'Already a library:'} {library.path}")
    return 0
