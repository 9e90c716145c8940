"""matter and note commands."""

from __future__ import annotations

import argparse

from ..core import matters, notes
from ..core.errors import ValidationError
from ..core.vocabulary import CLIENT_IDENTIFIER_KINDS
from ..core.wording import quoted
from .common import (
    Context,
    add_json_flag,
    add_matter_argument,
    date_argument,
    matter_id_named,
    matter_named,
    print_fields,
    print_json,
    print_table,
)
from .office_people_commands import register_matter_actions


def register(subparsers: argparse._SubParsersAction) -> None:
    matter = subparsers.add_parser("matter", help="client matters")
    actions = matter.add_subparsers(dest="matter_command", metavar="ACTION")
    actions.required = True

    add = actions.add_parser("add", help="open a new matter")
    add.add_argument("file_number", metavar="FILE_NUMBER")
    add.add_argument("--caption", required=True, help="e.g. 'People v. Doe'")
    add.add_argument("--client", required=True, help="the client's name")
    add.add_argument(
        "--client-aka",
        action="append",
        default=[],
        metavar="NAME",
        help="another name the client uses (repeatable)",
    )
    add.add_argument("--client-dob", type=date_argument, metavar="YYYY-MM-DD")
    add.add_argument(
        "--client-id",
        action="append",
        default=[],
        metavar="KIND=VALUE",
        help=f"another client identifier; KIND is one of {', '.join(CLIENT_IDENTIFIER_KINDS)}",
    )
    add.add_argument("--docket", metavar="NUMBER")
    add.add_argument("--court", metavar="NAME")
    add_json_flag(add)
    add.set_defaults(handler=run_matter_add)

    listing = actions.add_parser("list", help="list matters")
    listing.add_argument("--status", choices=["open", "closed"])
    add_json_flag(listing)
    listing.set_defaults(handler=run_matter_list)

    show = actions.add_parser("show", help="show one matter")
    add_matter_argument(show)
    add_json_flag(show)
    show.set_defaults(handler=run_matter_show)

    edit = actions.add_parser("edit", help="change a matter")
    add_matter_argument(edit)
    edit.add_argument("--caption")
    edit.add_argument("--docket")
    edit.add_argument("--court")
    edit.add_argument("--status", choices=["open", "closed"])
    edit.add_argument("--client", help="correct the client's name")
    edit.add_argument("--client-dob", type=date_argument, metavar="YYYY-MM-DD")
    edit.add_argument(
        "--client-aka", action="append", default=[], metavar="NAME", help="add another name"
    )
    edit.add_argument(
        "--client-id",
        action="append",
        default=[],
        metavar="KIND=VALUE",
        help="add another client identifier",
    )
    edit.add_argument(
        "--remove-client-id",
        action="append",
        default=[],
        metavar="VALUE",
        help="remove a recorded other name or identifier (its value, as shown by matter show)",
    )
    add_json_flag(edit)
    edit.set_defaults(handler=run_matter_edit)

    delete = actions.add_parser(
        "delete", help="remove an empty matter opened by mistake (one with evidence is closed)"
    )
    add_matter_argument(delete)
    add_json_flag(delete)
    delete.set_defaults(handler=run_matter_delete)
    register_matter_actions(actions)

    note = subparsers.add_parser("note", help="notes in a matter")
    note_actions = note.add_subparsers(dest="note_command", metavar="ACTION")
    note_actions.required = True
    note_add = note_actions.add_parser("add", help="add a note to a matter")
    add_matter_argument(note_add)
    note_add.add_argument("--title", required=True)
    note_add.add_argument("--body", required=True, help="the text ('-' reads standard input)")
    note_add.add_argument("--author")
    add_json_flag(note_add)
    note_add.set_defaults(handler=run_note_add)
    note_list = note_actions.add_parser("list", help="list a matter's notes")
    add_matter_argument(note_list)
    add_json_flag(note_list)
    note_list.set_defaults(handler=run_note_list)
    note_edit = note_actions.add_parser(
        "edit", help="change a note's title or text (words an allegation quotes must stay)"
    )
    note_edit.add_argument("note", metavar="NOTE", type=int, help="the note's id")
    note_edit.add_argument("--title")
    note_edit.add_argument("--body", help="the new text ('-' reads standard input)")
    add_json_flag(note_edit)
    note_edit.set_defaults(handler=run_note_edit)
    note_delete = note_actions.add_parser(
        "delete", help="delete a note (refused while an allegation cites it)"
    )
    note_delete.add_argument("note", metavar="NOTE", type=int, help="the note's id")
    add_json_flag(note_delete)
    note_delete.set_defaults(handler=run_note_delete)


def _client_identifiers(values: list[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for value in values:
        kind, separator, text = value.partition("=")
        if not separator:
            raise ValidationError(f"--client-id {value!r} must look like KIND=VALUE")
        pairs.append((kind.strip(), text.strip()))
    return tuple(pairs)


def run_matter_add(args: argparse.Namespace, context: Context) -> int:
    record = matters.add_matter(
        context.library(write=True),
        matters.MatterInput(
            file_number=args.file_number,
            caption=args.caption,
            client_name=args.client,
            client_other_names=tuple(args.client_aka),
            client_date_of_birth=args.client_dob,
            client_identifiers=_client_identifiers(args.client_id),
            docket=args.docket,
            court=args.court,
        ),
    )
    if args.json:
        print_json(record)
    else:
        print(f"Opened matter {record.file_number} ({record.caption}), id {record.id}")
    return 0


def run_matter_list(args: argparse.Namespace, context: Context) -> int:
    summaries = matters.list_matters(context.library(), status=args.status)
    if args.json:
        print_json(
            [
                {
                    **print_ready(item.matter),
                    "documents": item.documents,
                    "notes": item.notes,
                    "allegations": item.allegations,
                    "restricted": item.restricted,
                    "team": list(item.team),
                }
                for item in summaries
            ]
        )
        return 0
    print_table(
        ["ID", "FILE NO.", "CAPTION", "CLIENT", "STATUS", "DOCS", "NOTES", "ALLEG."],
        [
            [
                item.matter.id,
                item.matter.file_number,
                item.matter.caption,
                item.matter.client.name,
                f"{item.matter.status}, restricted" if item.restricted else item.matter.status,
                item.documents,
                item.notes,
                item.allegations,
            ]
            for item in summaries
        ],
    )
    return 0


def print_ready(record: object) -> dict:
    from ..core.records import as_json

    return as_json(record)


def _show(record: matters.MatterRecord) -> None:
    print_fields(
        [
            ("Matter", f"{record.file_number} (id {record.id})"),
            ("Caption", record.caption),
            ("Client", record.client.name),
            # Semicolons: a name written "Rivera, Ana" contains a comma.
            ("Other names", "; ".join(record.client.other_names)),
            (
                "Identifiers",
                "; ".join(
                    f"{CLIENT_IDENTIFIER_KINDS[item.kind]} {item.value}"
                    for item in record.client.identifiers
                    if item.kind != "aka"
                ),
            ),
            ("Date of birth", record.client.date_of_birth),
            ("Docket", record.docket),
            ("Court", record.court),
            ("Status", record.status),
            ("Opened", record.opened_on),
            ("Folder", f"matters/{record.folder_key}"),
        ]
    )


def run_matter_show(args: argparse.Namespace, context: Context) -> int:
    record = matter_named(context.library(), args.matter)
    if args.json:
        print_json(record)
    else:
        _show(record)
    return 0


def run_matter_edit(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    identifiers = None
    added = [("aka", name) for name in args.client_aka] + list(_client_identifiers(args.client_id))
    matter = matter_named(library, args.matter)
    if added or args.remove_client_id:
        current = matter.client.identifiers
        removed = {value.strip() for value in args.remove_client_id}
        unknown = removed - {item.value for item in current}
        if unknown:
            raise ValidationError(f"the client has no identifier {min(unknown)!r}")
        identifiers = [
            (item.kind, item.value) for item in current if item.value not in removed
        ] + added
    _before, record = matters.update_matter(
        library,
        matter.id,
        caption=args.caption,
        docket=args.docket,
        court=args.court,
        status=args.status,
        client_name=args.client,
        client_date_of_birth=matters.KEEP if args.client_dob is None else args.client_dob,
        client_identifiers=identifiers,
    )
    if args.json:
        print_json(record)
    else:
        _show(record)
    return 0


def run_matter_delete(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    removed = matters.delete_matter(library, matter_id_named(library, args.matter))
    if args.json:
        print_json(removed.matter)
    else:
        print(f"Deleted matter {removed.matter.file_number} ({removed.matter.caption})")
    return 0


def _note_text(body: str | None) -> str | None:
    """``--body`` as given, or standard input for '-'."""
    if body != "-":
        return body
    import sys

    return sys.stdin.read()


def run_note_add(args: argparse.Namespace, context: Context) -> int:
    body = _note_text(args.body)
    library = context.library(write=True)
    matter_id = matter_id_named(library, args.matter)
    record = notes.add_note(library, matter_id, args.title, body, author=args.author)
    if args.json:
        print_json(record)
    else:
        print(f"Added the note {quoted(record.title)} (id {record.id})")
    return 0


def run_note_list(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    records = notes.list_notes(library, matter_id_named(library, args.matter))
    if args.json:
        print_json(records)
    else:
        print_table(
            ["ID", "TITLE", "AUTHOR", "CREATED", "TEXT"],
            [
                [n.id, n.title, n.author, n.created_at.strftime("%Y-%m-%d %H:%M"), n.body]
                for n in records
            ],
        )
    return 0


def run_note_edit(args: argparse.Namespace, context: Context) -> int:
    if args.title is None and args.body is None:
        raise ValidationError("nothing to change: give --title, --body or both (see --help)")
    _before, record = notes.update_note(
        context.library(write=True), args.note, title=args.title, body=_note_text(args.body)
    )
    if args.json:
        print_json(record)
    else:
        print(f"Changed the note {quoted(record.title)} (id {record.id})")
    return 0


def run_note_delete(args: argparse.Namespace, context: Context) -> int:
    record = notes.delete_note(context.library(write=True), args.note)
    if args.json:
        print_json(record)
    else:
        print(f"Deleted the note {quoted(record.title)}")
    return 0
