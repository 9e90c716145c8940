"""Officer data at office scale: roster imports, public records, duplicates and dossiers.

``officer import``, ``officer duplicates`` and ``officer dossier`` hang under the ``officer``
command (registered from ``officer_commands``); ``records`` is a command of its own.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from ..core import officers, public_records, roster
from ..core.dossier import PRIVILEGE_LEGEND, Dossier, build_dossier, export_dossier, officer_title
from ..core.officer_duplicates import find_possible_duplicates
from ..core.tabular import ImportReport, ProgressCallback, RowIssue, parse_mapping
from ..core.vocabulary import PUBLIC_RECORD_KINDS
from ..core.wording import plural
from .common import (
    Context,
    add_json_flag,
    add_overwrite_flag,
    officer_id_argument,
    print_fields,
    print_json,
    print_table,
)

SHOWN_ISSUES = 40  # rows listed in the text report; --json lists them all


def register_officer_actions(actions: argparse._SubParsersAction) -> None:
    importer = actions.add_parser(
        "import",
        help="import a roster CSV (NYC CCRB roster, ProPublica CCRB export, or any CSV)",
        description=(
            "Import officers from a CSV. Rows are matched to registered officers by tax id, "
            "employee no. or CCRB id, or by shield together with the name, so importing a "
            "newer roster updates instead of duplicating."
        ),
    )
    _add_import_arguments(importer, ", ".join(roster.ROSTER_FIELDS))
    importer.add_argument(
        "--dry-run", action="store_true", help="report what would change; change nothing"
    )
    add_json_flag(importer)
    importer.set_defaults(handler=run_officer_import)

    dossier = actions.add_parser(
        "dossier",
        help="everything known about one officer, as a Word file (or printed)",
        description=(
            "Identifiers over time, public records, the office's allegations by matter with "
            "citations, and co-accused officers. Marked privileged when it holds the office's "
            "allegations; --public-only leaves them out."
        ),
    )
    dossier.add_argument("officer", type=officer_id_argument, metavar="ID", help="officer id")
    dossier.add_argument("--out", type=Path, metavar="FILE.docx", help="write a Word file")
    add_overwrite_flag(dossier)
    dossier.add_argument(
        "--public-only",
        action="store_true",
        help="leave out the office's privileged allegations",
    )
    add_json_flag(dossier)
    dossier.set_defaults(handler=run_officer_dossier)

    duplicates = actions.add_parser(
        "duplicates", help="pairs of records that may be one officer (to merge)"
    )
    duplicates.add_argument(
        "--officer", type=officer_id_argument, metavar="ID", help="only pairs with this officer"
    )
    add_json_flag(duplicates)
    duplicates.set_defaults(handler=run_officer_duplicates)


def register(subparsers: argparse._SubParsersAction) -> None:
    records = subparsers.add_parser(
        "records", help="public misconduct records (complaints, lawsuits, credibility findings)"
    )
    actions = records.add_subparsers(dest="records_command", metavar="ACTION")
    actions.required = True

    importer = actions.add_parser(
        "import",
        help="import public records from a CSV and link each row to its officer",
    )
    _add_import_arguments(importer, ", ".join(public_records.RECORD_FIELDS))
    importer.add_argument(
        "--kind",
        choices=list(PUBLIC_RECORD_KINDS),
        help="what each row is when the file has no kind column (default: complaint)",
    )
    importer.add_argument(
        "--dry-run", action="store_true", help="report what would change; change nothing"
    )
    add_json_flag(importer)
    importer.set_defaults(handler=run_records_import)

    listing = actions.add_parser("list", help="list public records (of one officer)")
    listing.add_argument("--officer", type=officer_id_argument, metavar="ID", help="officer id")
    listing.add_argument("--source", metavar="NAME", help="only records from this source")
    add_json_flag(listing)
    listing.set_defaults(handler=run_records_list)

    sources = actions.add_parser("sources", help="the sources of the stored public records")
    add_json_flag(sources)
    sources.set_defaults(handler=run_records_sources)


def _add_import_arguments(parser: argparse.ArgumentParser, fields: str) -> None:
    parser.add_argument("file", metavar="FILE.csv")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help=f"which column holds a field (repeatable); fields: {fields}",
    )
    parser.add_argument(
        "--source", metavar="NAME", help="where the file comes from (default: the preset's name)"
    )


def _progress(json_output: bool) -> ProgressCallback | None:
    """A one-line progress display on a terminal's standard error (none when piped)."""
    if json_output or not sys.stderr.isatty():
        return None

    def show(done: int, total: int, message: str) -> None:
        counted = f" {done}/{total}" if total else ""
        sys.stderr.write(f"\r{message}{counted}\033[K")
        sys.stderr.flush()

    return show


def _print_heading(report: ImportReport) -> None:
    preset = f" (recognised: {report.preset})" if report.preset else ""
    verb = "Would import" if report.dry_run else "Imported"
    rows = plural(report.rows, "row")
    print(f"{verb} {report.file_name}{preset} as source “{report.source}”: {rows}")


def _print_issues(title: str, issues: Sequence[RowIssue]) -> None:
    if not issues:
        return
    print(f"{title}:")
    for issue in issues[:SHOWN_ISSUES]:
        who = f"{issue.name}: " if issue.name else ""
        print(f"  line {issue.line}: {who}{issue.message}")
    if len(issues) > SHOWN_ISSUES:
        print(f"  … and {len(issues) - SHOWN_ISSUES} more (--json lists them all)")


def run_officer_import(args: argparse.Namespace, context: Context) -> int:
    progress = _progress(args.json)
    report = roster.import_roster(
        context.library(write=not args.dry_run),
        args.file,
        mapping=parse_mapping(args.map),
        source=args.source,
        dry_run=args.dry_run,
        progress=progress,
    )
    would = "would be " if report.dry_run else ""
    return _report(
        args,
        progress,
        report,
        [
            (f"officers {would}added", report.added),
            (f"officers {would}updated", report.updated),
            ("officers unchanged", report.unchanged),
            ("rows naming an officer again", report.repeated),
            ("rows left ambiguous", len(report.ambiguous)),
        ],
        ("Ambiguous rows (left alone)", report.ambiguous),
    )


def run_records_import(args: argparse.Namespace, context: Context) -> int:
    progress = _progress(args.json)
    report = public_records.import_records(
        context.library(write=not args.dry_run),
        args.file,
        mapping=parse_mapping(args.map),
        source=args.source,
        kind=args.kind,
        dry_run=args.dry_run,
        progress=progress,
    )
    would = "would be " if report.dry_run else ""
    return _report(
        args,
        progress,
        report,
        [
            (f"records {would}added", report.added),
            (f"records {would}updated", report.updated),
            ("records unchanged", report.unchanged),
            ("officers they belong to", report.officers),
            ("rows not linked to an officer", len(report.unlinked)),
        ],
        ("Rows not linked (not stored)", report.unlinked),
    )


def _report(
    args: argparse.Namespace,
    progress: ProgressCallback | None,
    report: ImportReport,
    counts: list[tuple[str, int]],
    attention: tuple[str, Sequence[RowIssue]],
) -> int:
    """An import's report: JSON, or the counts and the rows needing attention by line."""
    if progress is not None:
        sys.stderr.write("\r\033[K")
    if args.json:
        print_json(report)
        return 0
    _print_heading(report)
    print_table(
        ["RESULT", "COUNT"],
        [
            [label, count]
            for label, count in [*counts, ("rows skipped (unreadable)", len(report.skipped))]
        ],
    )
    _print_issues(*attention)
    _print_issues("Skipped rows", report.skipped)
    if report.dry_run:
        print("Dry run: nothing was changed.")
    return 0


def run_records_list(args: argparse.Namespace, context: Context) -> int:
    records = public_records.list_public_records(
        context.library(), officer_id=args.officer, source=args.source
    )
    if args.json:
        print_json(records)
        return 0
    print_table(
        ["ID", "OFFICER", "DATE", "KIND", "CASE", "WHAT", "DISPOSITION", "SOURCE"],
        [
            [
                record.id,
                record.officer_id,
                record.date.text() if record.date.is_known else "",
                record.kind,
                record.case_number,
                record.what,
                record.disposition,
                record.source,
            ]
            for record in records
        ],
    )
    return 0


def run_records_sources(args: argparse.Namespace, context: Context) -> int:
    sources = public_records.list_sources(context.library())
    if args.json:
        print_json([{"source": source, "records": count} for source, count in sources])
        return 0
    print_table(["SOURCE", "RECORDS"], [[source, count] for source, count in sources])
    return 0


def run_officer_duplicates(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    officer_id = None if args.officer is None else officers.get_officer(library, args.officer).id
    pairs = find_possible_duplicates(library, officer_id=officer_id)
    if args.json:
        print_json(pairs)
        return 0
    print_table(
        ["FIRST", "SECOND", "CONFIDENCE", "WHY"],
        [
            [
                f"{pair.first.id} {pair.first.name}",
                f"{pair.second.id} {pair.second.name}",
                pair.confidence,
                pair.reason,
            ]
            for pair in pairs
        ],
    )
    if pairs:
        print("Merge a pair with: evidence-desk officer merge KEEP OTHER (undo with unmerge)")
    return 0


def run_officer_dossier(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    if args.out is not None:
        result = export_dossier(
            library,
            args.officer,
            args.out,
            overwrite=args.overwrite,
            include_privileged=not args.public_only,
        )
        if args.json:
            print_json({**dataclasses.asdict(result), "path": str(result.path)})
            return 0
        marking = "marked privileged" if result.privileged else "public records only"
        print(
            f"Wrote dossier {result.path} ({marking}): "
            f"{plural(result.public_records, 'public record')}, "
            f"{plural(result.allegations, 'allegation')}, "
            f"{plural(result.co_accused, 'co-accused officer')}"
        )
        return 0
    dossier = build_dossier(library, args.officer, include_privileged=not args.public_only)
    if args.json:
        print_json(dossier)
        return 0
    _print_dossier(dossier)
    return 0


def _print_dossier(dossier: Dossier) -> None:
    from .officer_commands import identifier_text  # that module registers this one

    officer = dossier.officer
    if dossier.privileged:
        print(PRIVILEGE_LEGEND)
    print(f"Officer dossier: {officer_title(officer)} (id {officer.id})")
    print_fields(
        [
            ("Command", officer.command),
            ("Identifiers", identifier_text(officer)),
            ("Also written", [alias.text for alias in officer.aliases]),
            (
                "Rosters",
                [f"{item.source} ({item.status or 'status unknown'})" for item in dossier.listings],
            ),
        ]
    )
    print(f"\nPublic records ({len(dossier.public_records)}):")
    for record in dossier.public_records:
        when = record.date.text() if record.date.is_known else "date unknown"
        print(
            f"  {when}  {record.kind_label}  {record.case_number or ''}  {record.what}  "
            f"→ {record.disposition or 'no disposition'}  [{record.source}]"
        )
    if dossier.include_privileged:
        print(f"\nThe office's allegations ({dossier.allegation_count}), privileged:")
        for matter in dossier.matters:
            print(f"  {matter.file_number} — {matter.caption}")
            for allegation in matter.allegations:
                print(f"    {allegation.date.display()}: {allegation.summary}")
                for citation in allegation.citations:
                    print(
                        f"      {citation.pinpoint}"
                        + (f": “{citation.quote}”" if citation.quote else "")
                    )
    print(f"\nOfficers accused alongside ({len(dossier.co_accused)}):")
    for item in dossier.co_accused:
        print(
            f"  {item.name} (id {item.officer_id}): {item.public_cases} public complaints, "
            f"{item.allegations} office allegations together"
        )
