"""passage commands, and the review step of ``export memo --kind public``.

A public brief quotes only passages a person released after reading them with their
suspected identifiers highlighted:

    evidence-desk export memo --kind public --review review.json          (writes the review)
    evidence-desk export memo --kind public --review review.json --release-all-reviewed \\
          --out brief.docx                     (releases what was reviewed, writes the brief)
    evidence-desk passage list [--released] [--json]
    evidence-desk passage show allegation:12
    evidence-desk passage release allegation:12 citation:34
    evidence-desk passage unrelease citation:34
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.errors import ValidationError
from ..core.library import Library
from ..core.memo.review import CANNOT_KNOW, Review, build_review, release_reviewed, write_review
from ..core.memo.scanner import Finding
from ..core.releases import (
    PASSAGE_KINDS,
    get_passage,
    list_passages,
    release_passages,
    unrelease_passages,
)
from ..core.wording import plural
from .common import Context, add_json_flag, print_json, print_table


def register(subparsers: argparse._SubParsersAction) -> None:
    passage = subparsers.add_parser(
        "passage", help="summaries and quotes released (or not) for public briefs"
    )
    actions = passage.add_subparsers(dest="passage_command", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", help="passages with their release state")
    listing.add_argument("--released", action="store_true", help="only released passages")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", help="a passage with its suspected identifiers")
    show.add_argument("passage", metavar="PASSAGE", help="allegation:ID or citation:ID")
    add_json_flag(show)
    show.set_defaults(handler=run_show)

    release = actions.add_parser("release", help="release passages for public briefs")
    release.add_argument("passages", nargs="+", metavar="PASSAGE")
    add_json_flag(release)
    release.set_defaults(handler=run_release)

    unrelease = actions.add_parser("unrelease", help="withdraw the release of passages")
    unrelease.add_argument("passages", nargs="+", metavar="PASSAGE")
    add_json_flag(unrelease)
    unrelease.set_defaults(handler=run_unrelease)


def add_review_arguments(parser: argparse.ArgumentParser) -> None:
    """The review options of ``export memo`` (public briefs only)."""
    parser.add_argument(
        "--review",
        type=Path,
        metavar="FILE.json",
        help="public brief: write the passages it could quote, with their suspected "
        "identifiers, to FILE.json (with --release-all-reviewed: release what that file lists)",
    )
    parser.add_argument(
        "--release-all-reviewed",
        action="store_true",
        help="public brief: release every passage of the unchanged --review file, then export",
    )


def review_requested(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "review", None) or getattr(args, "release_all_reviewed", False))


def run_review_step(args: argparse.Namespace, context: Context, options_kwargs: dict) -> bool:
    """Handle ``--review`` / ``--release-all-reviewed``; True when the export should go on."""
    if args.kind != "public":
        raise ValidationError("--review and --release-all-reviewed are for --kind public")
    if args.release_all_reviewed:
        if args.review is None:
            raise ValidationError(
                "--release-all-reviewed needs --review FILE.json, the review written before"
            )
        if args.out is None:
            raise ValidationError("--release-all-reviewed exports the brief: give --out")
        library = context.library(write=True)
        released = release_reviewed(library, args.review)
        if not args.json:
            print(f"Released {plural(len(released), 'reviewed passage')} from {args.review}")
        return True
    if args.out is not None:
        raise ValidationError(
            "--review writes only the review; read it, then export with "
            "--review FILE.json --release-all-reviewed --out FILE.docx"
        )
    library = context.library()
    review = build_review(library, **options_kwargs)
    path = write_review(library, review, args.review, overwrite=getattr(args, "overwrite", False))
    if args.json:
        print_json({"path": str(path), **_review_counts(review)})
    else:
        counts = _review_counts(review)
        print(
            f"Wrote the review of {plural(counts['passages'], 'passage')} to {path}: "
            f"{plural(counts['certain'], 'identifier')} the brief would replace, "
            f"{plural(counts['possible'], 'possible identifier')} to check, "
            f"{counts['released']} already released"
        )
        print(CANNOT_KNOW)
    return False


def _review_counts(review: Review) -> dict[str, int]:
    return {
        "passages": len(review.passages),
        "certain": sum(item.certain for item in review.passages),
        "possible": sum(item.possible for item in review.passages),
        "released": review.released,
    }


def _state(record) -> str:  # type: ignore[no-untyped-def]
    if record.released:
        return "released"
    if record.changed_since_release:
        return "changed since released"
    return "not released"


def run_list(args: argparse.Namespace, context: Context) -> int:
    records = list_passages(context.library())
    if args.released:
        records = [record for record in records if record.released]
    if args.json:
        print_json(records)
        return 0
    print_table(
        ["Passage", "Kind", "Allegation", "State", "Words"],
        [
            [
                record.key,
                PASSAGE_KINDS[record.kind],
                record.allegation_id,
                _state(record),
                record.text if len(record.text) <= 60 else record.text[:59] + "…",
            ]
            for record in records
        ],
    )
    return 0


def _findings(library: Library, text: str) -> list[Finding]:
    from ..core.matters import all_clients, list_matters
    from ..core.memo.anonymise import Pseudonymiser

    pseudonyms = Pseudonymiser(all_clients(library), [s.matter for s in list_matters(library)])
    return pseudonyms.findings(text)


def run_show(args: argparse.Namespace, context: Context) -> int:
    library = context.library()
    record = get_passage(library, args.passage)
    findings = _findings(library, record.text)
    if args.json:
        print_json({**_record_json(record), "findings": [item.as_json() for item in findings]})
        return 0
    print(f"{record.key} ({PASSAGE_KINDS[record.kind].lower()}, {_state(record)})")
    print(record.text)
    for finding in findings:
        print(f"  {finding.certainty}: “{finding.text}” — {finding.describe()}")
    if not findings:
        print("  no suspected identifier found")
    return 0


def _record_json(record) -> dict:  # type: ignore[no-untyped-def]
    return {
        "passage": record.key,
        "kind": record.kind,
        "allegation_id": record.allegation_id,
        "text": record.text,
        "released": record.released,
        "changed_since_release": record.changed_since_release,
    }


def run_release(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    release_passages(library, args.passages)
    records = [get_passage(library, key) for key in dict.fromkeys(args.passages)]
    if args.json:
        print_json([_record_json(record) for record in records])
        return 0
    for record in records:
        findings = _findings(library, record.text)
        certain = sum(finding.certain for finding in findings)
        note = ""
        if findings:
            note = (
                f" ({plural(certain, 'identifier')} will be replaced, "
                f"{plural(len(findings) - certain, 'possible identifier')} left as written)"
            )
        print(f"Released {record.key}{note}")
    return 0


def run_unrelease(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    unrelease_passages(library, args.passages)
    records = [get_passage(library, key) for key in dict.fromkeys(args.passages)]
    if args.json:
        print_json([_record_json(record) for record in records])
        return 0
    for record in records:
        print(f"Withdrew the release of {record.key}")
    return 0
