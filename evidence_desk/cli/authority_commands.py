"""authority commands: the cases and statutes motion papers cite, and the office's edits."""

from __future__ import annotations

import argparse
import textwrap

from ..core.authorities import (
    ARGUMENT_POINTS,
    AUTHORITY_KINDS,
    EDITABLE_FIELDS,
    STATUSES,
    Authority,
    edit_authority,
    get_authority,
    list_authorities,
    reset_authority,
)
from ..core.errors import ValidationError
from .common import Context, add_json_flag, print_fields, print_json, print_table

POINT_NAMES = {"statutory": "I", "constitutional": "II", "good_faith": "III", "remedy": "IV"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("authority", help="authorities cited in motion papers")
    actions = parser.add_subparsers(dest="authority_command", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", help="list the authorities (office copies marked)")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", help="show one authority with its proposition")
    show.add_argument("key", metavar="KEY")
    add_json_flag(show)
    show.set_defaults(handler=run_show)

    edit = actions.add_parser(
        "edit",
        help="change an authority (the office's copy overrides the shipped one); "
        "a new KEY adds one",
    )
    edit.add_argument("key", metavar="KEY")
    edit.add_argument("--kind", choices=list(AUTHORITY_KINDS))
    edit.add_argument("--citation", metavar="TEXT", help="Bluebook form")
    edit.add_argument("--official", metavar="TEXT", help="New York official-reports form")
    edit.add_argument("--pinpoint", metavar="PAGE", help="the page the proposition rests on")
    edit.add_argument(
        "--point",
        choices=[point or "none" for point in ARGUMENT_POINTS],
        help="where the argument cites it (none: not cited automatically)",
    )
    edit.add_argument("--proposition", metavar="TEXT", help="the paragraph the motion states")
    edit.add_argument("--status", choices=STATUSES)
    edit.add_argument("--checked", metavar="WHEN", help="when the wording was last checked")
    edit.add_argument("--note", metavar="TEXT", help="what to confirm before filing")
    add_json_flag(edit)
    edit.set_defaults(handler=run_edit)

    reset = actions.add_parser("reset", help="drop the office's copy (back to the shipped one)")
    reset.add_argument("key", metavar="KEY")
    reset.set_defaults(handler=run_reset)


def _point_label(authority: Authority) -> str:
    return f"POINT {POINT_NAMES[authority.point]}" if authority.point else "-"


def run_list(args: argparse.Namespace, context: Context) -> int:
    authorities = list_authorities(context.library())
    if args.json:
        print_json(authorities)
        return 0
    print_table(
        ["KEY", "CITATION", "CITED IN", "STATUS", "COPY"],
        [
            [
                item.key,
                item.cited(),
                _point_label(item),
                item.status,
                "" if item.source == "shipped" else item.source,
            ]
            for item in authorities
        ],
    )
    return 0


def _show(authority: Authority) -> None:
    print_fields(
        [
            ("Key", authority.key),
            ("Kind", AUTHORITY_KINDS[authority.kind]),
            ("Citation", authority.cited()),
            ("Official", authority.cited("official")),
            ("Cited in", ARGUMENT_POINTS[authority.point]),
            (
                "Status",
                f"{authority.status}" + (f" ({authority.checked})" if authority.checked else ""),
            ),
            ("Copy", authority.source),
        ]
    )
    print()
    print(textwrap.fill(authority.proposition, width=92))
    if authority.note:
        print()
        print(textwrap.fill(f"Note: {authority.note}", width=92))


def run_show(args: argparse.Namespace, context: Context) -> int:
    authority = get_authority(context.library(), args.key)
    if args.json:
        print_json(authority)
    else:
        _show(authority)
    return 0


def run_edit(args: argparse.Namespace, context: Context) -> int:
    changes = {
        name: getattr(args, name) for name in EDITABLE_FIELDS if getattr(args, name) is not None
    }
    if changes.get("point") == "none":
        changes["point"] = ""
    if not changes:
        raise ValidationError("nothing to change: give at least one option (see --help)")
    authority = edit_authority(context.library(write=True), args.key, changes)
    if args.json:
        print_json(authority)
    else:
        print(f"Saved the office's copy of {authority.key}")
        _show(authority)
    return 0


def run_reset(args: argparse.Namespace, context: Context) -> int:
    shipped = reset_authority(context.library(write=True), args.key)
    if shipped is None:
        print(f"Removed the office's authority {args.key}")
    else:
        print(f"Authority {args.key} is the shipped one again: {shipped.cited()}")
    return 0
