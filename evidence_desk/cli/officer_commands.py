"""officer commands: the registry shared by all matters, matching, merge and unmerge."""

from __future__ import annotations

import argparse

from ..core import matching, officers
from ..core.library import Library
from ..core.vocabulary import OFFICER_IDENTIFIER_KINDS
from ..core.wording import officer_words
from .common import (
    Context,
    add_json_flag,
    date_argument,
    officer_id_argument,
    print_fields,
    print_json,
    print_table,
)
from .public_data_commands import register_officer_actions


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
    add.add_argument(
        "--force",
        action="store_true",
        help="register even though the registry seems to hold the officer already",
    )
    add_json_flag(add)
    add.set_defaults(handler=run_officer_add)

    listing = actions.add_parser("list", help="list officers")
    listing.add_argument("--all", action="store_true", help="include officers merged into another")
    add_json_flag(listing)
    listing.set_defaults(handler=run_officer_list)

    show = actions.add_parser("show", help="show one officer")
    show.add_argument("officer", type=officer_id_argument, metavar="OFFICER", help="officer id")
    add_json_flag(show)
    show.set_defaults(handler=run_officer_show)

    edit = actions.add_parser("edit", help="change an officer's details ('' clears a field)")
    edit.add_argument("officer", type=officer_id_argument, metavar="OFFICER", help="officer id")
    edit.add_argument("--name")
    edit.add_argument("--rank")
    edit.add_argument("--command", dest="officer_command_name", metavar="COMMAND")
    edit.add_argument("--agency")
    edit.add_argument("--description")
    add_json_flag(edit)
    edit.set_defaults(handler=run_officer_edit)

    suggest = actions.add_parser(
        "suggest", help="rank registered officers against what a source says"
    )
    suggest.add_argument("text", metavar="TEXT", help="e.g. 'PO Smith shield 4521' or 'UC 214'")
    suggest.add_argument(
        "--date",
        type=date_argument,
        metavar="YYYY-MM-DD",
        help="date of the event: identifiers are checked against their validity then",
    )
    suggest.add_argument("--limit", type=int, default=10, metavar="N")
    add_json_flag(suggest)
    suggest.set_defaults(handler=run_officer_suggest)

    merge = actions.add_parser("merge", help="merge OTHER into KEEP (undo with unmerge)")
    merge.add_argument(
        "keep", type=officer_id_argument, metavar="KEEP", help="the officer that stays"
    )
    merge.add_argument(
        "other", type=officer_id_argument, metavar="OTHER", help="the officer folded into KEEP"
    )
    merge.add_argument("--reason", default="", help="why they are the same person")
    merge.add_argument(
        "--force", action="store_true", help="merge even though identifiers conflict"
    )
    add_json_flag(merge)
    merge.set_defaults(handler=run_officer_merge)

    unmerge = actions.add_parser("unmerge", help="undo the latest merge of an officer")
    unmerge.add_argument(
        "officer",
        type=officer_id_argument,
        metavar="OFFICER",
        help="officer id (merged or survivor)",
    )
    add_json_flag(unmerge)
    unmerge.set_defaults(handler=run_officer_unmerge)

    merges = actions.add_parser("merges", help="list merges (of one officer)")
    merges.add_argument("officer", type=officer_id_argument, metavar="OFFICER", nargs="?")
    add_json_flag(merges)
    merges.set_defaults(handler=run_officer_merges)

    alias = actions.add_parser("alias", help="spellings of an officer as sources wrote them")
    alias_actions = alias.add_subparsers(dest="alias_command", metavar="ACTION")
    alias_actions.required = True
    alias_add = alias_actions.add_parser("add", help="record a spelling ('P.O. Smyth')")
    alias_add.add_argument("officer", type=officer_id_argument, metavar="OFFICER")
    alias_add.add_argument("text", metavar="TEXT")
    alias_add.add_argument("--source", help="where it was written (e.g. 'DD5 of 3 May')")
    add_json_flag(alias_add)
    alias_add.set_defaults(handler=run_alias_add)
    alias_remove = alias_actions.add_parser("remove", help="remove an alias by its id")
    alias_remove.add_argument("alias_id", type=int, metavar="ALIAS_ID")
    add_json_flag(alias_remove)
    alias_remove.set_defaults(handler=run_alias_remove)

    identifier = actions.add_parser("identifier", help="shield, tax id, employee and UC numbers")
    identifier_actions = identifier.add_subparsers(dest="identifier_command", metavar="ACTION")
    identifier_actions.required = True
    identifier_add = identifier_actions.add_parser("add", help="give an officer an identifier")
    identifier_add.add_argument("officer", type=officer_id_argument, metavar="OFFICER")
    identifier_add.add_argument("kind", choices=list(OFFICER_IDENTIFIER_KINDS), metavar="KIND")
    identifier_add.add_argument("value", metavar="VALUE")
    identifier_add.add_argument(
        "--from", dest="valid_from", type=date_argument, metavar="YYYY-MM-DD"
    )
    identifier_add.add_argument("--to", dest="valid_to", type=date_argument, metavar="YYYY-MM-DD")
    add_json_flag(identifier_add)
    identifier_add.set_defaults(handler=run_identifier_add)
    identifier_remove = identifier_actions.add_parser("remove", help="remove an identifier by id")
    identifier_remove.add_argument("identifier_id", type=int, metavar="IDENTIFIER_ID")
    add_json_flag(identifier_remove)
    identifier_remove.set_defaults(handler=run_identifier_remove)

    register_officer_actions(actions)


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
    try:
        record = _add(args, context, identifiers)
    except officers.DuplicateOfficerError as error:
        raise officers.DuplicateOfficerError(f"{error} (--force)", error.officer_ids) from None
    if args.json:
        print_json(record)
    else:
        print(f"Registered {officer_words(record)} (id {record.id})")
    return 0


def _add(
    args: argparse.Namespace, context: Context, identifiers: list[officers.IdentifierInput]
) -> officers.OfficerRecord:
    return officers.add_officer(
        context.library(write=True),
        args.name,
        rank=args.rank,
        command=args.officer_command_name,
        agency=args.agency,
        description=args.description,
        identifiers=identifiers,
        aliases=args.alias,
        force=args.force,
    )


def run_officer_list(args: argparse.Namespace, context: Context) -> int:
    records = officers.list_officers(context.library(), include_merged=args.all)
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


def _show(record: officers.OfficerRecord, library: Library) -> None:
    merged = None
    if record.merged_into_id is not None:
        survivor = officers.get_officer(library, record.merged_into_id)
        merged = f"merged into {officer_words(survivor)} (id {survivor.id})"
    print_fields(
        [
            ("Officer", f"{record.name} (id {record.id})"),
            ("Rank", record.rank),
            ("Command", record.command),
            ("Agency", record.agency),
            ("Description", record.description),
            ("Identifiers", identifier_text(record)),
            ("Aliases", [f"{alias.text} [{alias.id}]" for alias in record.aliases]),
            ("Matters", record.matter_count),
            ("Allegations", record.allegation_count),
            ("Merged", merged),
        ]
    )


def run_officer_show(args: argparse.Namespace, context: Context) -> int:
    record = officers.get_officer(context.library(), args.officer)
    if args.json:
        print_json(record)
    else:
        _show(record, context.library())
    return 0


def run_officer_edit(args: argparse.Namespace, context: Context) -> int:
    _before, after = officers.update_officer(
        context.library(write=True),
        args.officer,
        name=args.name,
        rank=args.rank,
        command=args.officer_command_name,
        agency=args.agency,
        description=args.description,
    )
    if args.json:
        print_json(after)
    else:
        _show(after, context.library())
    return 0


def run_officer_suggest(args: argparse.Namespace, context: Context) -> int:
    results = matching.suggest(context.library(), args.text, on_date=args.date, limit=args.limit)
    if args.json:
        print_json(
            [
                {
                    "officer_id": item.officer_id,
                    "name": item.officer.name,
                    "score": item.score,
                    "confidence": item.confidence,
                    "reason": item.reason,
                    "officer": item.officer,
                }
                for item in results
            ]
        )
        return 0
    print_table(
        ["ID", "NAME", "SCORE", "CONFIDENCE", "WHY"],
        [
            [item.officer_id, item.officer.name, f"{item.score:.0f}", item.confidence, item.reason]
            for item in results
        ],
    )
    return 0


def run_officer_merge(args: argparse.Namespace, context: Context) -> int:
    merge = officers.merge_officers(
        context.library(write=True), args.keep, args.other, reason=args.reason, force=args.force
    )
    if args.json:
        print_json(merge)
    else:
        print(
            f"Merged {merge.merged} into {merge.survivor} "
            f"(undo with 'officer unmerge {merge.merged_id}')"
        )
    return 0


def run_officer_unmerge(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    merge = officers.latest_merge(library, args.officer)
    survivor, merged = officers.unmerge_officer(library, merge.id)
    if args.json:
        print_json({"merge": merge.id, "survivor": survivor, "merged": merged})
    else:
        print(
            f"Undid the merge: {officer_words(merged)} is separate again "
            f"from {officer_words(survivor)}"
        )
    return 0


def run_officer_merges(args: argparse.Namespace, context: Context) -> int:
    records = officers.list_merges(context.library(), args.officer)
    if args.json:
        print_json(records)
        return 0
    print_table(
        ["ID", "KEPT", "MERGED", "WHEN", "BY", "UNDONE", "REASON"],
        [
            [
                r.id,
                r.survivor_id,
                r.merged_id,
                r.merged_at.strftime("%Y-%m-%d %H:%M"),
                r.merged_by,
                r.unmerged_at.strftime("%Y-%m-%d %H:%M") if r.unmerged_at else "",
                r.reason,
            ]
            for r in records
        ],
    )
    return 0


def run_alias_add(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    record = officers.add_alias(library, args.officer, args.text, args.source)
    if args.json:
        print_json(record)
    else:
        officer = officer_words(officers.get_officer(library, record.officer_id))
        print(f"Added the alias {record.text!r} to {officer} (alias id {record.id})")
    return 0


def run_alias_remove(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    record = officers.remove_alias(library, args.alias_id)
    if args.json:
        print_json(record)
    else:
        officer = officer_words(officers.get_officer(library, record.officer_id))
        print(f"Removed the alias {record.text!r} from {officer}")
    return 0


def run_identifier_add(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    record = officers.add_identifier(
        library,
        args.officer,
        officers.IdentifierInput(args.kind, args.value, args.valid_from, args.valid_to),
    )
    if args.json:
        print_json(record)
    else:
        officer = officer_words(officers.get_officer(library, record.officer_id))
        print(
            f"Added {OFFICER_IDENTIFIER_KINDS[record.kind]} {record.value} to {officer} "
            f"(identifier id {record.id})"
        )
    return 0


def run_identifier_remove(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    record = officers.remove_identifier(library, args.identifier_id)
    if args.json:
        print_json(record)
    else:
        officer = officer_words(officers.get_officer(library, record.officer_id))
        print(
            f"Removed {OFFICER_IDENTIFIER_KINDS.get(record.kind, record.kind)} {record.value} "
            f"from {officer}"
        )
    return 0
