"""taxonomy commands: list, extend and import the conduct taxonomy."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core import taxonomy
from ..core.wording import plural
from .common import Context, add_json_flag, print_json, print_table


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("taxonomy", help="the conduct taxonomy")
    actions = parser.add_subparsers(dest="taxonomy_command", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", help="list conduct types as a tree")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)

    add = actions.add_parser("add", help="add an office-specific conduct type")
    add.add_argument("code", metavar="CODE", help="e.g. UC.FAKE_ID")
    add.add_argument("--label", required=True)
    add.add_argument("--parent", metavar="CODE")
    add.add_argument("--description")
    add_json_flag(add)
    add.set_defaults(handler=run_add)

    load = actions.add_parser("import", help="add the codes of a taxonomy file (TOML)")
    load.add_argument("file", type=Path, metavar="FILE.toml")
    load.set_defaults(handler=run_import)


def run_list(args: argparse.Namespace, context: Context) -> int:
    records = taxonomy.list_conduct_types(context.library())
    if args.json:
        print_json(records)
        return 0
    print_table(
        ["CODE", "LABEL"],
        [[record.code, "  " * record.depth + record.label] for record in records],
    )
    return 0


def run_add(args: argparse.Namespace, context: Context) -> int:
    record = taxonomy.add_conduct_type(
        context.library(write=True),
        args.code,
        args.label,
        parent=args.parent,
        description=args.description,
    )
    if args.json:
        print_json(record)
    else:
        print(f"Added conduct type {record.code}: {record.label}")
    return 0


def run_import(args: argparse.Namespace, context: Context) -> int:
    added = taxonomy.import_taxonomy(context.library(write=True), args.file)
    print(f"Added {plural(added, 'conduct type')} from {args.file}")
    return 0
