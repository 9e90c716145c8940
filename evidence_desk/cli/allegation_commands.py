"""allegation commands: record, edit, list, show and delete allegations with citations.

``--cite DOCUMENT:PAGE[-PAGE]`` (or ``--cite note:ID``) names evidence; the ``--quote`` that
follows it gives the quoted words, which must be on the cited pages.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..core import allegations
from ..core.allegations import AllegationInput, CitationInput, OfficerLink
from ..core.errors import ValidationError
from ..core.records import AllegationRecord
from ..core.vocabulary import ALLEGATION_SOURCES, ALLEGATION_STATUSES, OFFICER_ROLES, REPORTED_TO
from ..core.wording import plural, quoted
from .common import (
    Context,
    add_json_flag,
    add_matter_argument,
    matter_id_named,
    print_fields,
    print_json,
    print_table,
)

_DOCUMENT_CITE = re.compile(r"^(\d+):(\d+)(?:-(\d+))?$")
_NOTE_CITE = re.compile(r"^note:(\d+)$", re.IGNORECASE)


class _CiteAction(argparse.Action):
    """``--cite TARGET`` starts a citation; a following ``--quote`` fills its words."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        citations = list(getattr(namespace, self.dest, None) or [])
        citations.append([str(values), None])
        setattr(namespace, self.dest, citations)


class _QuoteAction(argparse.Action):
    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        citations = list(getattr(namespace, self.dest, None) or [])
        if not citations:
            raise argparse.ArgumentError(self, "--quote must follow the --cite it belongs to")
        if citations[-1][1] is not None:
            raise argparse.ArgumentError(self, "one --quote per --cite")
        citations[-1] = [citations[-1][0], str(values)]
        setattr(namespace, self.dest, citations)


def parse_cite(target: str, quote: str | None) -> CitationInput:
    """``12:3``, ``12:3-5`` or ``note:7`` with its quote, as a ``CitationInput``."""
    text = target.strip()
    if match := _NOTE_CITE.match(text):
        return CitationInput(note_id=int(match[1]), quote=quote or "")
    if match := _DOCUMENT_CITE.match(text):
        start = int(match[2])
        end = int(match[3]) if match[3] else None
        return CitationInput(
            document_id=int(match[1]), page_start=start, page_end=end, quote=quote or ""
        )
    raise ValidationError(f"--cite {target!r} is not DOCUMENT:PAGE, DOCUMENT:PAGE-PAGE or note:ID")


def parse_officers(values: Sequence[str], roles: Sequence[str]) -> tuple[OfficerLink, ...]:
    """``--officer ID[=ROLE]`` and ``--role ID=ROLE`` into links (role defaults to accused)."""
    links: dict[int, str] = {}
    for value in values:
        officer_text, _, role = value.partition("=")
        officer_text = officer_text.strip()
        if not officer_text.isdigit():
            raise ValidationError(f"--officer {value!r} must be an officer id (ID or ID=ROLE)")
        officer_id = int(officer_text)
        if officer_id in links:
            raise ValidationError(f"--officer {officer_id} is given twice")
        links[officer_id] = role.strip() or "accused"
    for value in roles:
        officer_text, separator, role = value.partition("=")
        if not separator or not officer_text.strip().isdigit():
            raise ValidationError(f"--role {value!r} must look like ID=ROLE")
        officer_id = int(officer_text.strip())
        if officer_id not in links:
            raise ValidationError(f"--role names officer {officer_id}, who is not an --officer")
        links[officer_id] = role.strip()
    return tuple(OfficerLink(officer_id, role) for officer_id, role in links.items())


def _detail_arguments(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    parser.add_argument(
        "--officer",
        action="append",
        default=[],
        metavar="ID[=ROLE]",
        help="an officer id, optionally with a role (repeatable)"
        + ("; replaces the officers" if editing else ""),
    )
    parser.add_argument(
        "--role",
        action="append",
        default=[],
        metavar="ID=ROLE",
        help=f"role of an --officer: {', '.join(OFFICER_ROLES)}",
    )
    parser.add_argument(
        "--date",
        required=not editing,
        metavar="DATE",
        help="YYYY-MM-DD, YYYY-MM, YYYY, START..END or unknown",
    )
    parser.add_argument(
        "--conduct",
        action="append",
        default=[],
        metavar="CODE",
        help="conduct code from the taxonomy (repeatable)"
        + ("; replaces the conduct" if editing else ""),
    )
    parser.add_argument("--summary", required=not editing, help="one line: what happened")
    parser.add_argument("--narrative", help="the full account")
    parser.add_argument("--time", dest="time_text", metavar="TIME", help="e.g. 23:15")
    parser.add_argument("--location")
    parser.add_argument(
        "--command", dest="allegation_command_name", metavar="COMMAND", help="command/precinct"
    )
    parser.add_argument("--source", choices=list(ALLEGATION_SOURCES))
    parser.add_argument("--status", choices=list(ALLEGATION_STATUSES))
    parser.add_argument(
        "--reported-to",
        action="append",
        default=[],
        choices=list(REPORTED_TO),
        help="where it was reported (repeatable)",
    )
    parser.add_argument(
        "--cite",
        dest="citations",
        action=_CiteAction,
        metavar="DOCUMENT:PAGE[-PAGE]|note:ID",
        help="evidence for the allegation (repeatable)",
    )
    parser.add_argument(
        "--quote",
        dest="citations",
        action=_QuoteAction,
        metavar="TEXT",
        help="the quoted words of the --cite before it; must be on the cited pages",
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("allegation", help="allegations and their citations")
    actions = parser.add_subparsers(dest="allegation_command", metavar="ACTION")
    actions.required = True

    add = actions.add_parser("add", help="record an allegation in a matter")
    add_matter_argument(add)
    _detail_arguments(add, editing=False)
    add_json_flag(add)
    add.set_defaults(handler=run_add)

    edit = actions.add_parser("edit", help="change an allegation (options not given are kept)")
    edit.add_argument("allegation", type=int, metavar="ALLEGATION", help="allegation id")
    _detail_arguments(edit, editing=True)
    edit.add_argument(
        "--remove-citation",
        action="append",
        default=[],
        type=int,
        metavar="CITATION_ID",
        help="remove a citation (repeatable)",
    )
    add_json_flag(edit)
    edit.set_defaults(handler=run_edit)

    listing = actions.add_parser("list", help="list allegations in date order")
    add_matter_argument(listing, "--matter", purpose="only this matter: ")
    listing.add_argument("--officer", type=int, metavar="ID")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", help="show one allegation with its citations")
    show.add_argument("allegation", type=int, metavar="ALLEGATION")
    add_json_flag(show)
    show.set_defaults(handler=run_show)

    delete = actions.add_parser("delete", help="delete an allegation and its citations")
    delete.add_argument("allegation", type=int, metavar="ALLEGATION")
    add_json_flag(delete)
    delete.set_defaults(handler=run_delete)


def _citations(args: argparse.Namespace) -> tuple[CitationInput, ...]:
    return tuple(parse_cite(target, quote) for target, quote in (args.citations or []))


def _officer_text(record: AllegationRecord) -> str:
    return ", ".join(
        f"{link.officer_name} [{link.officer_id}]"
        + ("" if link.role == "accused" else f" ({link.role})")
        for link in record.officers
    )


def _show(record: AllegationRecord) -> None:
    print_fields(
        [
            ("Allegation", f"{record.id} in matter {record.matter_file_number}"),
            ("Date", record.date.display() + (f", {record.time_text}" if record.time_text else "")),
            ("Officers", _officer_text(record)),
            ("Conduct", list(record.conduct)),
            ("Summary", record.summary),
            ("Narrative", record.narrative),
            ("Location", record.location),
            ("Command", record.command),
            ("Source", ALLEGATION_SOURCES.get(record.source, record.source)),
            ("Status", ALLEGATION_STATUSES.get(record.status, record.status)),
            ("Reported to", [REPORTED_TO.get(item, item) for item in record.reported_to]),
        ]
    )
    for citation in record.citations:
        quote = f' "{citation.quote}"' if citation.quote else ""
        print(f"  [{citation.id}] {citation.pinpoint}{quote}")


def run_add(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    data = AllegationInput(
        matter_id=matter_id_named(library, args.matter),
        officers=parse_officers(args.officer, args.role),
        date=args.date,
        conduct=tuple(args.conduct),
        summary=args.summary,
        narrative=args.narrative or "",
        time_text=args.time_text,
        location=args.location,
        command=args.allegation_command_name,
        source=args.source or "client_statement",
        status=args.status or "alleged",
        reported_to=tuple(args.reported_to),
        citations=_citations(args),
    )
    record = allegations.add_allegation(library, data)
    if args.json:
        print_json(record)
    else:
        print(
            f"Recorded the allegation {quoted(record.summary)} in matter "
            f"{record.matter_file_number} ({plural(len(record.citations), 'citation')}; "
            f"id {record.id})"
        )
    return 0


def run_edit(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    current = allegations.get_allegation(library, args.allegation)
    data = allegations.input_from_record(current)
    changes: dict[str, Any] = {}
    if args.officer:
        changes["officers"] = parse_officers(args.officer, args.role)
    elif args.role:
        roles = {link.officer_id: link.role for link in data.officers}
        for value in args.role:
            officer_text, separator, role = value.partition("=")
            if not separator or not officer_text.strip().isdigit():
                raise ValidationError(f"--role {value!r} must look like ID=ROLE")
            if int(officer_text) not in roles:
                raise ValidationError(
                    f"--role names officer {officer_text.strip()}, who is not on allegation "
                    f"{current.id}"
                )
            roles[int(officer_text)] = role.strip()
        changes["officers"] = tuple(OfficerLink(key, value) for key, value in roles.items())
    if args.conduct:
        changes["conduct"] = tuple(args.conduct)
    if args.reported_to:
        changes["reported_to"] = tuple(args.reported_to)
    for name, value in (
        ("date", args.date),
        ("summary", args.summary),
        ("narrative", args.narrative),
        ("time_text", args.time_text),
        ("location", args.location),
        ("command", args.allegation_command_name),
        ("source", args.source),
        ("status", args.status),
    ):
        if value is not None:
            changes[name] = value
    _before, after = allegations.update_allegation(
        library,
        current.id,
        replace(data, **changes),
        add_citations=_citations(args),
        remove_citations=args.remove_citation,
    )
    if args.json:
        print_json(after)
    else:
        _show(after)
    return 0


def run_list(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    matter_id = None if args.matter is None else matter_id_named(library, args.matter)
    records = allegations.list_allegations(library, matter_id=matter_id, officer=args.officer)
    if args.json:
        print_json(records)
        return 0
    print_table(
        ["ID", "MATTER", "DATE", "OFFICERS", "CONDUCT", "CITES", "SUMMARY"],
        [
            [
                r.id,
                r.matter_file_number,
                r.date.text(),
                _officer_text(r),
                ", ".join(r.conduct),
                len(r.citations),
                r.summary,
            ]
            for r in records
        ],
    )
    return 0


def run_show(args: argparse.Namespace, context: Context) -> int:
    record = allegations.get_allegation(context.library(), args.allegation)
    if args.json:
        print_json(record)
    else:
        _show(record)
    return 0


def run_delete(args: argparse.Namespace, context: Context) -> int:
    record = allegations.delete_allegation(context.library(write=True), args.allegation)
    if args.json:
        print_json(record)
    else:
        print(
            f"Deleted the allegation {quoted(record.summary)} with "
            f"{plural(len(record.citations), 'citation')}"
        )
    return 0
