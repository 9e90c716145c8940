"""mentions, intake and mention commands: officers named in a matter's discovery.

``mentions MATTER`` lists where the discovery names officers; ``intake MATTER`` is the
intake alert (the officers found, with their allegations elsewhere and public records);
``mention ACTION`` lets a person confirm, reject, reassign or reopen a mention, register
the officer it names, record an allegation citing it, and read older documents.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..core import mentions
from ..core.intake import IntakeAlert, IntakeOfficer, intake_alert
from ..core.mentions import DecisionChange, MentionRecord
from ..core.vocabulary import OFFICER_ROLES
from ..core.wording import plural
from .common import (
    Context,
    add_json_flag,
    add_matter_argument,
    matter_id_named,
    officer_id_argument,
    print_json,
    print_table,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    listing = subparsers.add_parser("mentions", help="where a matter's discovery names officers")
    add_matter_argument(listing)
    listing.add_argument(
        "--officer", type=officer_id_argument, metavar="ID", help="only this officer's"
    )
    listing.add_argument("--all", action="store_true", help="include mentions a person rejected")
    add_json_flag(listing)
    listing.set_defaults(handler=run_mentions)

    intake = subparsers.add_parser(
        "intake", help="officers found in a matter's discovery, and what is known about them"
    )
    add_matter_argument(intake)
    add_json_flag(intake)
    intake.set_defaults(handler=run_intake)

    mention = subparsers.add_parser("mention", help="decide on one mention of an officer")
    actions = mention.add_subparsers(dest="mention_command", metavar="ACTION")
    actions.required = True

    for name, help_text, handler in (
        (
            "confirm",
            "the mention is the officer proposed (its spelling may become an alias)",
            run_confirm,
        ),
        (
            "reject",
            "the mention is not the officer proposed (never proposed again on its page)",
            run_reject,
        ),
        ("reopen", "take back the decision on a mention", run_reopen),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("mention", type=int, metavar="MENTION", help="mention id")
        add_json_flag(action)
        action.set_defaults(handler=handler)

    reassign = actions.add_parser("reassign", help="the mention is another officer")
    reassign.add_argument("mention", type=int, metavar="MENTION", help="mention id")
    reassign.add_argument("officer", type=officer_id_argument, metavar="OFFICER", help="officer id")
    add_json_flag(reassign)
    reassign.set_defaults(handler=run_reassign)

    new_officer = actions.add_parser(
        "new-officer", help="register the officer a mention names and assign it to him"
    )
    new_officer.add_argument("mention", type=int, metavar="MENTION", help="mention id")
    new_officer.add_argument("--name", help="instead of the name the mention gives")
    new_officer.add_argument("--rank", help="instead of the rank the mention gives")
    new_officer.add_argument("--description", help="e.g. 'white male, 40s, UC'")
    new_officer.add_argument(
        "--force",
        action="store_true",
        help="register even though the registry seems to hold the officer already",
    )
    add_json_flag(new_officer)
    new_officer.set_defaults(handler=run_new_officer)

    allegation = actions.add_parser(
        "allegation", help="record an allegation against the officer, citing the mention"
    )
    allegation.add_argument("mention", type=int, metavar="MENTION", help="mention id")
    allegation.add_argument(
        "--date", required=True, metavar="DATE", help="YYYY-MM-DD, YYYY-MM, YYYY or unknown"
    )
    allegation.add_argument(
        "--conduct", action="append", required=True, metavar="CODE", help="repeatable"
    )
    allegation.add_argument("--summary", required=True, help="one line: what happened")
    allegation.add_argument("--narrative", default="")
    allegation.add_argument("--role", choices=list(OFFICER_ROLES), default="accused")
    add_json_flag(allegation)
    allegation.set_defaults(handler=run_allegation)

    scan = actions.add_parser(
        "scan", help="read documents not yet read for officers; match again after registry changes"
    )
    add_matter_argument(scan, "--matter", purpose="only this matter's documents: ")
    add_json_flag(scan)
    scan.set_defaults(handler=run_scan)


# -- listing -----------------------------------------------------------------------------


def _status(mention: MentionRecord) -> str:
    if mention.status == "proposed":
        return mention.confidence or "unmatched"
    return mention.status


def _json_mention(mention: MentionRecord) -> dict[str, Any]:
    return {
        "id": mention.id,
        "officer_id": mention.officer_id,
        "officer": mention.officer,
        "confidence": mention.confidence,
        "status": mention.status,
        "counts": mention.counts,
        "document_id": mention.document_id,
        "document": mention.document_title,
        "page": mention.page,
        "bates": mention.bates,
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "form": mention.form,
        "reason": mention.reason,
        "ocr": mention.ocr,
        "decided_by": mention.decided_by,
        "decided_at": mention.decided_at.isoformat() if mention.decided_at else None,
    }


def run_mentions(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    found = mentions.list_mentions(
        library,
        matter_id_named(library, args.matter),
        officer_id=args.officer,
        include_rejected=args.all,
    )
    if args.json:
        print_json([_json_mention(mention) for mention in found])
        return 0
    print_table(
        ["ID", "Officer", "Status", "Document", "Page", "Bates", "Text"],
        [
            [
                mention.id,
                f"{mention.officer} [{mention.officer_id}]" if mention.officer_id else "-",
                _status(mention),
                f"{mention.document_title} [{mention.document_id}]",
                mention.page,
                mention.bates,
                " ".join(mention.text.split()),
            ]
            for mention in found
        ],
    )
    return 0


# -- intake ------------------------------------------------------------------------------


def _json_officer(entry: IntakeOfficer) -> dict[str, Any]:
    officer = entry.officer
    return {
        "officer_id": officer.id,
        "officer": officer.name,
        "rank": officer.rank,
        "identifiers": [
            {
                "kind": item.kind,
                "value": item.value,
                "valid_from": item.valid_from,
                "valid_to": item.valid_to,
            }
            for item in officer.identifiers
        ],
        "confirmed": entry.confirmed,
        "allegations_elsewhere": entry.allegations_elsewhere,
        "other_matters": [
            {
                "matter_id": item.matter_id,
                "file_number": item.file_number,
                "caption": item.caption,
                "allegations": item.allegations,
                "in_discovery": item.in_discovery,
            }
            for item in entry.other_matters
        ],
        "public_records": [
            {
                "id": record.id,
                "kind": record.kind,
                "source": record.source,
                "case_number": record.case_number,
                "date": record.date,
                "what": record.what,
                "disposition": record.disposition,
            }
            for record in entry.public_records
        ],
        "dispositions": [
            {"disposition": name, "count": count} for name, count in entry.dispositions
        ],
        "pages": entry.pages,
        "mentions": [_json_mention(mention) for mention in entry.mentions],
    }


def _alert_json(alert: IntakeAlert) -> dict[str, Any]:
    return {
        "matter_id": alert.matter.id,
        "file_number": alert.matter.file_number,
        "caption": alert.matter.caption,
        "privileged": alert.privileged,
        "officers": [_json_officer(entry) for entry in alert.officers],
        "possible": [_json_officer(entry) for entry in alert.possible],
        "unmatched": [_json_mention(mention) for mention in alert.unmatched],
        "warnings": alert.warnings(),
    }


def _identifiers(entry: IntakeOfficer) -> str:
    return ", ".join(
        f"{item.kind.replace('_', ' ')} {item.value}" for item in entry.officer.identifiers
    )


def _print_officer(entry: IntakeOfficer, *, possible: bool) -> None:
    officer = entry.officer
    title = " ".join(part for part in (officer.rank or "", officer.name) if part)
    marks = [f"officer {officer.id}"]
    if _identifiers(entry):
        marks.append(_identifiers(entry))
    if possible:
        marks.append("POSSIBLE: confirm or reject")
    elif entry.confirmed:
        marks.append("confirmed")
    print(f"{title} ({'; '.join(marks)})")
    print(f"  {entry.summary()}")
    for matter in entry.other_matters:
        parts = []
        if matter.allegations:
            parts.append(plural(matter.allegations, "allegation"))
        if matter.in_discovery:
            parts.append("named in its discovery")
        print(f"  matter {matter.file_number} ({matter.caption}): {', '.join(parts)}")
    if entry.public_records:
        dispositions = ", ".join(f"{name} {count}" for name, count in entry.dispositions)
        print(
            f"  public records: {plural(len(entry.public_records), 'record')}"
            + (f" (complaint dispositions: {dispositions})" if dispositions else "")
        )
        for record in entry.public_records[:5]:
            when = record.date.display() if record.date else ""
            print(
                f"    {record.kind_label} {record.case_number or ''} {when}: {record.what}"
                + (f" — {record.disposition}" if record.disposition else "")
            )
        if len(entry.public_records) > 5:
            print(f"    … {len(entry.public_records) - 5} more (evidence-desk records list)")
    for mention in entry.mentions:
        where = f"p. {mention.page}" + (f" ({mention.bates})" if mention.bates else "")
        text = " ".join(mention.text.split())
        print(f"  [{mention.id}] {mention.document_title}, {where}: {text!r} — {_status(mention)}")


def run_intake(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    alert = intake_alert(library, matter_id_named(library, args.matter))
    if args.json:
        print_json(_alert_json(alert))
        return 0
    print(f"Officers in matter {alert.matter.file_number} ({alert.matter.caption})")
    if alert.privileged:
        print("PRIVILEGED & CONFIDENTIAL: counts the office's own allegations")
    for note in alert.warnings():
        print(f"Note: {note}")
    print()
    if not alert.officers and not alert.possible:
        print("No registered officer was found in this matter's discovery.")
    for entry in alert.officers:
        _print_officer(entry, possible=False)
        print()
    for entry in alert.possible:
        _print_officer(entry, possible=True)
        print()
    if alert.unmatched:
        print(f"Not matched to a registered officer ({len(alert.unmatched)}):")
        for mention in alert.unmatched:
            guess = (
                f" (long shot: {mention.officer} [{mention.officer_id}])"
                if mention.officer_id
                else ""
            )
            print(
                f"  [{mention.id}] {mention.document_title}, p. {mention.page}: "
                f"{' '.join(mention.text.split())!r}{guess}"
            )
    return 0


# -- decisions ---------------------------------------------------------------------------


def _report(change: DecisionChange, args: argparse.Namespace, verb: str) -> int:
    mention = change.mention
    if args.json:
        print_json(_json_mention(mention))
        return 0
    who = (
        f"{mention.officer} (officer {mention.officer_id})" if mention.officer_id else "no officer"
    )
    words = " ".join(mention.text.split())
    where = f"{mention.document_title} p. {mention.page}"
    line = f"Mention {mention.id} ({words!r}, {where}) {verb} {who}"
    after = change.after
    if after is not None and after.alias is not None:
        line += f"; {after.alias.text!r} is now an alias"
    print(line)
    return 0


def run_confirm(args: argparse.Namespace, context: Context) -> int:
    change = mentions.confirm_mention(context.library(write=True), args.mention)
    return _report(change, args, "confirmed as")


def run_reject(args: argparse.Namespace, context: Context) -> int:
    change = mentions.reject_mention(context.library(write=True), args.mention)
    return _report(change, args, "rejected: not")


def run_reopen(args: argparse.Namespace, context: Context) -> int:
    change = mentions.reopen_mention(context.library(write=True), args.mention)
    return _report(change, args, "reopened; proposed:")


def run_reassign(args: argparse.Namespace, context: Context) -> int:
    change = mentions.reassign_mention(context.library(write=True), args.mention, args.officer)
    return _report(change, args, "assigned to")


def run_new_officer(args: argparse.Namespace, context: Context) -> int:
    officer, change = mentions.officer_from_mention(
        context.library(write=True),
        args.mention,
        name=args.name,
        rank=args.rank,
        description=args.description,
        force=args.force,
    )
    if args.json:
        print_json({"id": officer.id, "officer": officer, "mention": _json_mention(change.mention)})
        return 0
    print(f"Registered officer {officer.id} ({officer.name})")
    return _report(change, args, "assigned to")


def run_allegation(args: argparse.Namespace, context: Context) -> int:
    record, _change = mentions.allegation_from_mention(
        context.library(write=True),
        args.mention,
        date=args.date,
        conduct=args.conduct,
        summary=args.summary,
        role=args.role,
        narrative=args.narrative,
    )
    if args.json:
        print_json(record)
    else:
        citation = record.citations[0].pinpoint if record.citations else ""
        print(
            f"Recorded allegation {record.id} in matter {record.matter_file_number}: "
            f"{record.summary} (cites {citation})"
        )
    return 0


def run_scan(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    matter_id = matter_id_named(library, args.matter) if args.matter is not None else None
    summary = mentions.scan_library(library, matter_id)
    if args.json:
        print_json(summary)
    else:
        print(summary.message())
    return 0
