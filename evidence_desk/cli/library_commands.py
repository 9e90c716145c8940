"""init: creating a library."""

from __future__ import annotations

import argparse

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
