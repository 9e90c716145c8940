"""officer commands: the registry shared by all matters."""

from __future__ import annotations

import argparse

from ..core import officers
from .common import Context, add_json_flag, print_fields, print_json, print_table


def register(subparsers: argparse._SubParsersAction) -> None:
    officer = subparsers.add_parser("officer", help="the officer registry")
    actions = officer.add_subparsers(dest="officer_command", metavar="ACTION")
    actions.required = True

    add = actions.add_parser("add", help="register an officer")
    add.add_argument("name", metavar="NAME", help="name, or a description if unidentified")
    add.add_argument("--rank")
    add.add_argument(
        "--command", dest="officer_command_name", metavar="COMMAND", help="command or precinct"
    )
    add.add_argument("--agency")
    add.add_argument("--description", help="e.g. 'white male, 40s, UC'")
    add.add_argument("--shield", action="append", default=[], metavar="N")
    add.add_argument("--tax-id", action="append", default=[], metavar="N")
    add.add_argument("--employee", action="append", default=[], metavar="N")
    add.add_argument("--uc", action="append", default=[], metavar="N", help="undercover number")
    add.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="TEXT",
        help="a spelling as a source wrote it (repeatable)",
    )
    add_json_flag(add)
    add.set_defaults(handler=run_officer_add)

    listing = actions.add_parser("list", help="list officers")
    add_json_flag(listing)
    listing.set_defaults(handler=run_officer_list)

    show = actions.add_parser("show", help="show one officer")
    show.add_argument("officer", metavar="OFFICER", help="officer id")
    add_json_flag(show)
    show.set_defaults(handler=run_officer_show)


def identifier_text(record: officers.OfficerRecord) -> str:
    from ..core.vocabulary import OFFICER_IDENTIFIER_KINDS

    parts = []
    for item in record.identifiers:
        label = {"shield": "shield", "tax_id": "tax id", "employee": "emp.", "uc": "UC"}.get(
            item.kind, OFFICER_IDENTIFIER_KINDS.get(item.kind, item.kind)
        )
        period = ""
        if item.valid_from or item.valid_to:
            period = f" ({item.valid_from or '…'} to {item.valid_to or '…'})"
        parts.append(f"{label} {item.value}{period}")
    return "; ".join(parts)


def run_officer_add(args: argparse.Namespace, context: Context) -> int:
    identifiers = (
        [officers.IdentifierInput("shield", value) for value in args.shield]
        + [officers.IdentifierInput("tax_id", value) for value in args.tax_id]
        + [officers.IdentifierInput("employee", value) for value in args.employee]
        + [officers.IdentifierInput("uc", value) for value in args.uc]
    )
    record = officers.add_officer(
        context.library(write=True),
        args.name,
        rank=args.rank,
        command=args.officer_command_name,
        agency=args.agency,
        description=args.description,
        identifiers=identifiers,
        aliases=args.alias,
    )
    if args.json:
        print_json(record)
    else:
        print(f"Registered officer {record.id}: {record.name} {identifier_text(record)}".rstrip())
    return 0


def run_officer_list(args: argparse.Namespace, context: Context) -> int:
    records = officers.list_officers(context.library())
    if args.json:
        print_json(records)
        return 0
    print_table(
        ["ID", "NAME", "RANK", "COMMAND", "IDENTIFIERS", "MATTERS", "ALLEG."],
        [
            [
                r.id,
                r.name,
                r.rank,
                r.command,
                identifier_text(r),
                r.matter_count,
                r.allegation_count,
            ]
            for r in records
        ],
    )
    return 0


def run_officer_show(args: argparse.Namespace, context: Context) -> int:
    record = officers.get_officer(context.library(), args.officer)
    if args.json:
        print_json(record)
        return 0
    print_fields(
        [
            ("Officer", f"{record.name} (id {record.id})"),
            ("Rank", record.rank),
            ("Command", record.command),
            ("Agency", record.agency),
            ("Description", record.description),
            ("Identifiers", identifier_text(record)),
            ("Aliases", [alias.text for alias in record.aliases]),
            ("Matters", record.matter_count),
            ("Allegations", record.allegation_count),
        ]
    )
    return 0
