"""document and search commands: looking at the evidence, finding it."""

from __future__ import annotations

import argparse
import getpass
import sys

from ..core.records import DocumentRecord
from ..core.search import CANDIDATES, search_results
from ..core.vocabulary import DOCUMENT_SOURCES
from ..core.wording import plural, quoted
from .common import (
    Context,
    add_json_flag,
    add_matter_argument,
    date_argument,
    matter_id_named,
    print_fields,
    print_json,
    print_table,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    document = subparsers.add_parser("document", help="imported documents")
    actions = document.add_subparsers(dest="document_command", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", help="list a matter's documents")
    add_matter_argument(listing)
    listing.add_argument("--tag", help="only documents with this tag")
    add_json_flag(listing)
    listing.set_defaults(handler=run_document_list)

    show = actions.add_parser("show", help="show one document")
    show.add_argument("document", metavar="DOCUMENT", type=int, help="document id")
    add_json_flag(show)
    show.set_defaults(handler=run_document_show)

    pages = actions.add_parser("pages", help="print a document's page text")
    pages.add_argument("document", metavar="DOCUMENT", type=int)
    pages.add_argument("--page", type=int, metavar="N", help="only this page")
    add_json_flag(pages)
    pages.set_defaults(handler=run_document_pages)

    password = actions.add_parser("password", help="unlock an encrypted PDF with its password")
    password.add_argument("document", metavar="DOCUMENT", type=int)
    password.add_argument(
        "password", metavar="PASSWORD", nargs="?", help="(asked for when left out)"
    )
    add_json_flag(password)
    password.set_defaults(handler=run_document_password)

    bates = actions.add_parser("bates", help="number an unstamped document's pages by hand")
    bates.add_argument("document", metavar="DOCUMENT", type=int)
    bates.add_argument("--prefix", required=True, help="e.g. DEF or NYPD-")
    bates.add_argument("--first", required=True, type=int, metavar="N", help="first number")
    bates.add_argument("--width", type=int, default=6, metavar="DIGITS", help="default 6")
    add_json_flag(bates)
    bates.set_defaults(handler=run_document_bates)

    edit = actions.add_parser("edit", help="change a document's title, source or date")
    edit.add_argument("document", metavar="DOCUMENT", type=int)
    edit.add_argument("--title")
    edit.add_argument("--source", choices=list(DOCUMENT_SOURCES))
    edit.add_argument("--date", type=date_argument, metavar="YYYY-MM-DD")
    add_json_flag(edit)
    edit.set_defaults(handler=run_document_edit)

    prefixes = actions.add_parser(
        "bates-prefixes", help="show or set the Bates prefixes looked for anywhere on a page"
    )
    prefixes.add_argument(
        "--set", dest="prefixes", metavar="LIST", help="comma-separated, e.g. 'NYPD, KCDA'"
    )
    add_json_flag(prefixes)
    prefixes.set_defaults(handler=run_bates_prefixes)

    delete = actions.add_parser(
        "delete", help="remove a document no allegation cites (its file goes to backups/deleted)"
    )
    delete.add_argument("document", metavar="DOCUMENT", type=int)
    add_json_flag(delete)
    delete.set_defaults(handler=run_document_delete)

    finder = subparsers.add_parser(
        "search", help='full-text search: words, "phrases", prefix*, AND/OR/NOT'
    )
    finder.add_argument("query", metavar="QUERY")
    add_matter_argument(finder, "--matter", purpose="only this matter: ")
    finder.add_argument("--source", choices=list(DOCUMENT_SOURCES))
    finder.add_argument("--tag")
    finder.add_argument("--from", dest="date_from", type=date_argument, metavar="YYYY-MM-DD")
    finder.add_argument("--to", dest="date_to", type=date_argument, metavar="YYYY-MM-DD")
    finder.add_argument("--limit", type=int, default=50, metavar="N")
    finder.add_argument("--offset", type=int, default=0, metavar="N")
    finder.add_argument(
        "--rank-all",
        action="store_true",
        help=f"rank every matching page by relevance, not only the newest {CANDIDATES:,} "
        "(slower when a search matches very many pages)",
    )
    add_json_flag(finder)
    finder.set_defaults(handler=run_search)


def run_document_list(args: argparse.Namespace, context: Context) -> int:
    from ..core import documents

    library = context.library()
    records = documents.list_documents(library, matter_id_named(library, args.matter), tag=args.tag)
    if args.json:
        print_json(records)
        return 0
    print_table(
        ["ID", "TITLE", "KIND", "STATUS", "PAGES", "BATES", "SOURCE", "TAGS"],
        [
            [
                r.id,
                r.title,
                r.kind,
                r.status,
                r.page_count,
                " - ".join(filter(None, dict.fromkeys([r.bates_start, r.bates_end]))),
                r.source,
                r.tags,
            ]
            for r in records
        ],
    )
    return 0


def _show(record: DocumentRecord, as_json: bool) -> None:
    if as_json:
        print_json(record)
        return
    print_fields(
        [
            ("id", record.id),
            ("title", record.title),
            ("file name", record.file_name),
            ("stored as", record.stored_path),
            ("original path", record.original_path),
            ("sha256", record.sha256),
            ("size", f"{record.size} bytes"),
            ("kind", record.kind),
            ("status", record.status),
            ("reason", record.status_reason),
            ("source", record.source),
            ("pages", record.page_count),
            ("bates", " - ".join(filter(None, [record.bates_start, record.bates_end]))),
            ("date", record.document_date),
            ("PDF title", record.meta_title),
            ("author", record.meta_author),
            ("created", record.meta_created),
            ("imported", f"{record.imported_at:%Y-%m-%d %H:%M} by {record.imported_by}"),
            ("tags", record.tags),
        ]
    )


def run_document_show(args: argparse.Namespace, context: Context) -> int:
    from ..core import documents

    _show(documents.get_document(context.library(), args.document), args.json)
    return 0


def run_document_pages(args: argparse.Namespace, context: Context) -> int:
    from ..core import documents

    library = context.library()
    if args.page is not None:
        pages = [documents.get_page(library, args.document, args.page)]
    else:
        pages = documents.list_pages(library, args.document)
    if args.json:
        print_json(pages)
        return 0
    for page in pages:
        label = f" ({page.bates})" if page.bates else ""
        print(f"=== page {page.number}{label} ===")
        print(page.text.rstrip())
    return 0


def run_document_password(args: argparse.Namespace, context: Context) -> int:
    from ..core import documents

    library = context.library(write=True)
    password = args.password
    if password is None:
        if not sys.stdin.isatty():
            password = sys.stdin.readline().rstrip("\n")
        else:
            title = documents.get_document(library, args.document).title
            password = getpass.getpass(f"Password for {quoted(title)}: ")
    record = documents.unlock_document(library, args.document, password)
    if args.json:
        print_json(record)
    else:
        print(
            f"Unlocked {quoted(record.title)}: {plural(record.page_count, 'page')}, "
            f"status {record.status}"
        )
    return 0


def run_document_bates(args: argparse.Namespace, context: Context) -> int:
    from ..core import documents

    record = documents.assign_bates(
        context.library(write=True), args.document, args.prefix, args.first, args.width
    )
    if args.json:
        print_json(record)
    else:
        print(f"{quoted(record.title)} numbered {record.bates_start} - {record.bates_end}")
    return 0


def run_bates_prefixes(args: argparse.Namespace, context: Context) -> int:
    from ..core import documents

    if args.prefixes is not None:
        current = documents.set_bates_prefixes(
            context.library(write=True), args.prefixes.split(",")
        )
    else:
        current = documents.bates_prefixes(context.library())
    if args.json:
        print_json(list(current))
    else:
        print(", ".join(current) if current else "(none: common stamp forms are detected)")
    return 0


def run_document_edit(args: argparse.Namespace, context: Context) -> int:
    from ..core import documents

    changes: dict[str, object] = {"title": args.title, "source": args.source}
    if args.date is not None:
        changes["document_date"] = args.date
    _before, after = documents.update_document(
        context.library(write=True), args.document, **changes
    )
    _show(after, args.json)
    return 0


def run_document_delete(args: argparse.Namespace, context: Context) -> int:
    from ..core import documents

    record = documents.delete_document(context.library(write=True), args.document)
    if args.json:
        print_json(record)
    else:
        print(
            f"Deleted {quoted(record.title)} ({record.file_name}); its file is in backups/deleted"
        )
    return 0


def run_search(args: argparse.Namespace, context: Context) -> int:
    from ..core import documents

    library = context.library()
    matter_id = None if args.matter is None else matter_id_named(library, args.matter)
    results = search_results(
        library,
        args.query,
        matter_id=matter_id,
        source=args.source,
        tag=args.tag,
        date_from=args.date_from,
        date_to=args.date_to,
        limit=args.limit,
        offset=args.offset,
        exhaustive=args.rank_all,
    )
    hits = results.hits
    note = results.how_chosen()
    if note:
        print(f"{note} (--rank-all ranks every match)", file=sys.stderr)
    # Scans awaiting OCR (and encrypted pages) are invisible to any search: say so.
    warning = documents.unsearched_pages(library, matter_id).message()
    if args.json:
        print_json(hits)
        if warning:
            print(f"evidence-desk: {warning}", file=sys.stderr)
        return 0
    # Snippets are the point of a search: each hit gets a heading line and its full snippet.
    for hit in hits:
        if hit.kind == "page":
            where = f"{hit.title}, p. {hit.page}" + (f" ({hit.bates})" if hit.bates else "")
            handle = f"document id {hit.document_id}"
        else:
            where, handle = f"note {quoted(hit.title)}", f"note id {hit.note_id}"
        print(f"{hit.matter_file_number}  {where}  [{handle}]")
        print(f"    {hit.snippet}")
    if not hits:
        print("(no matches)")
    if warning:
        print(f"evidence-desk: {warning}", file=sys.stderr)
    return 0
