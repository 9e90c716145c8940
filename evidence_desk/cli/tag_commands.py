"""tag commands: labels on documents, created, renamed, coloured and applied in bulk."""

from __future__ import annotations

import argparse

from ..core import tags
from ..core.tags import DEFAULT_COLOUR
from ..core.wording import plural
from .common import TAG_HELP, Context, add_json_flag, print_json, print_table, tag_named


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("tag", help="tags on documents")
    actions = parser.add_subparsers(dest="tag_command", metavar="ACTION")
    actions.required = True

    add = actions.add_parser("add", help="create a tag")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--colour", "--color", default=DEFAULT_COLOUR, metavar="#RRGGBB")
    add_json_flag(add)
    add.set_defaults(handler=run_add)

    listing = actions.add_parser("list", help="list tags with their document counts")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", help="the documents that carry a tag")
    show.add_argument("tag", metavar="TAG", help=TAG_HELP)
    add_json_flag(show)
    show.set_defaults(handler=run_show)

    rename = actions.add_parser("rename", help="rename a tag")
    rename.add_argument("tag", metavar="TAG", help=TAG_HELP)
    rename.add_argument("name", metavar="NEW_NAME")
    add_json_flag(rename)
    rename.set_defaults(handler=run_rename)

    colour = actions.add_parser("colour", aliases=["color"], help="change a tag's colour")
    colour.add_argument("tag", metavar="TAG", help=TAG_HELP)
    colour.add_argument("colour", metavar="#RRGGBB")
    add_json_flag(colour)
    colour.set_defaults(handler=run_colour)

    delete = actions.add_parser("delete", help="delete a tag (documents keep everything else)")
    delete.add_argument("tag", metavar="TAG", help=TAG_HELP)
    add_json_flag(delete)
    delete.set_defaults(handler=run_delete)

    for name, handler, verb in (
        ("apply", run_apply, "put a tag on documents"),
        ("remove", run_remove, "take a tag off documents"),
    ):
        bulk = actions.add_parser(name, help=verb)
        bulk.add_argument("tag", metavar="TAG", help=TAG_HELP)
        bulk.add_argument("documents", nargs="+", type=int, metavar="DOCUMENT")
        add_json_flag(bulk)
        bulk.set_defaults(handler=handler)


def run_add(args: argparse.Namespace, context: Context) -> int:
    record = tags.add_tag(context.library(write=True), args.name, args.colour)
    if args.json:
        print_json(record)
    else:
        print(f"Created the tag {record.name!r} ({record.colour})")
    return 0


def run_list(args: argparse.Namespace, context: Context) -> int:
    records = tags.list_tags(context.library())
    if args.json:
        print_json(records)
    else:
        print_table(
            ["ID", "NAME", "COLOUR", "DOCUMENTS"],
            [[r.id, r.name, r.colour, r.documents] for r in records],
        )
    return 0


def run_show(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    record = tag_named(library, args.tag)
    documents = tags.tagged_document_titles(library, record.id)
    if args.json:
        print_json(
            {
                **{"id": record.id, "name": record.name, "colour": record.colour},
                "documents": [{"id": item, "title": title} for item, title in documents],
            }
        )
    else:
        print(f"Tag {record.name!r} ({record.colour})")
        print_table(["DOCUMENT", "TITLE"], [list(item) for item in documents])
    return 0


def run_rename(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    before, after = tags.rename_tag(library, tag_named(library, args.tag).id, args.name)
    if args.json:
        print_json(after)
    else:
        print(f"Renamed the tag {before.name!r} to {after.name!r}")
    return 0


def run_colour(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    _before, after = tags.set_tag_colour(library, tag_named(library, args.tag).id, args.colour)
    if args.json:
        print_json(after)
    else:
        print(f"Tag {after.name} is now {after.colour}")
    return 0


def run_delete(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    record = tags.delete_tag(library, tag_named(library, args.tag).id)
    if args.json:
        print_json(record)
    else:
        print(f"Deleted tag {record.name} (was on {plural(record.documents, 'document')})")
    return 0


def run_apply(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    tag = tag_named(library, args.tag)
    changed = tags.apply_tag(library, tag.id, args.documents)
    if args.json:
        print_json({"tag": tag.name, "documents": changed})
    else:
        print(f"Tagged {plural(len(changed), 'document')} {tag.name!r}: {changed}")
    return 0


def run_remove(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    tag = tag_named(library, args.tag)
    changed = tags.remove_tag(library, tag.id, args.documents)
    if args.json:
        print_json({"tag": tag.name, "documents": changed})
    else:
        print(f"Untagged {plural(len(changed), 'document')} {tag.name!r}: {changed}")
    return 0
