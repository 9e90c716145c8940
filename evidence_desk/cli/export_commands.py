"""export commands: Word memos (motion papers, internal memo, public brief) and CSV."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from ..core.errors import ValidationError
from ..core.export_csv import export_allegations_csv
from ..core.memo import MEMO_KIND_LABELS, MEMO_KINDS, MemoOptions, export_memo
from ..core.officers import get_officer
from ..core.wording import plural
from .common import (
    Context,
    add_json_flag,
    add_matter_argument,
    add_output_arguments,
    date_argument,
    matter_id_named,
    officer_id_argument,
    print_json,
)
from .passage_commands import add_review_arguments, review_requested, run_review_step
from .pattern_commands import add_filter_arguments, criteria_from_args


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help="export memos and spreadsheets")
    actions = export.add_subparsers(dest="export_command", metavar="KIND")
    actions.required = True

    memo = actions.add_parser(
        "memo",
        help="a Word document of the patterns: motion papers, internal memo or public brief",
    )
    memo.add_argument(
        "--kind",
        required=True,
        choices=MEMO_KINDS,
        help="motion: papers for court in --matter; internal: the privileged pattern memo; "
        "public: the anonymised brief",
    )
    add_output_arguments(memo, "FILE.docx", required=False)
    add_matter_argument(
        memo,
        "--matter",
        purpose="the matter the memo is filed in (required for motion papers; captions an "
        "internal memo): ",
    )
    memo.add_argument(
        "--officer",
        action="append",
        default=[],
        type=officer_id_argument,
        metavar="ID",
        help="cover this officer (repeatable; default: every officer flagged as a pattern)",
    )
    memo.add_argument(
        "--template", type=Path, metavar="OFFICE.docx", help="the office's Word template"
    )
    memo.add_argument("--title", help="the memo's title")
    memo.add_argument(
        "--name-officers", action="store_true", help="public brief: name the officers"
    )
    memo.add_argument(
        "--suppress-below",
        type=int,
        default=2,
        metavar="N",
        help="public brief: show counts below N as 'fewer than N' (default 2)",
    )
    memo.add_argument(
        "--part", metavar="PART", help="motion papers: the Part (default: the office settings')"
    )
    memo.add_argument(
        "--return-date",
        type=date_argument,
        metavar="YYYY-MM-DD",
        help="motion papers: the return date (otherwise a marked blank)",
    )
    memo.add_argument(
        "--dated",
        type=date_argument,
        metavar="YYYY-MM-DD",
        help="motion papers: the date the papers bear (default: today)",
    )
    add_review_arguments(memo)
    add_filter_arguments(memo)
    add_json_flag(memo)
    memo.set_defaults(handler=run_export_memo)

    table = actions.add_parser("csv", help="allegations with citations as CSV")
    add_output_arguments(table, "FILE.csv")
    add_filter_arguments(table, min_matters=False)
    add_json_flag(table)
    table.set_defaults(handler=run_export_csv)


def run_export_memo(args: argparse.Namespace, context: Context) -> int:
    if review_requested(args):
        library = context.library(write=bool(args.release_all_reviewed))
        officer_ids = tuple(get_officer(library, reference).id for reference in args.officer)
        go_on = run_review_step(
            args,
            context,
            {
                "criteria": criteria_from_args(args, context),
                "officers": officer_ids,
                "matter_id": None if args.matter is None else matter_id_named(library, args.matter),
                "title": args.title,
                "name_officers": args.name_officers,
            },
        )
        if not go_on:
            return 0
    if args.out is None:
        raise ValidationError("give the memo to write with --out FILE.docx")
    library = context.library()
    officer_ids = tuple(get_officer(library, officer_id).id for officer_id in args.officer)
    options = MemoOptions(
        kind=args.kind,
        matter_id=None if args.matter is None else matter_id_named(library, args.matter),
        officers=officer_ids,
        criteria=criteria_from_args(args, context),
        template=args.template,
        name_officers=args.name_officers,
        suppress_below=args.suppress_below,
        title=args.title,
        part=args.part,
        return_date=args.return_date,
        dated=args.dated,
    )
    result = export_memo(library, options, args.out, overwrite=args.overwrite)
    if args.json:
        print_json({**dataclasses.asdict(result), "path": str(result.path)})
        return 0
    counts = [
        plural(result.officers, "officer"),
        plural(result.allegations, "allegation"),
        plural(result.footnotes, "footnote"),
    ]
    if result.kind != "public":
        counts.append(plural(result.exhibits, "exhibit"))
    print(f"Wrote {MEMO_KIND_LABELS[result.kind].lower()} {result.path}: {', '.join(counts)}")
    for sentence in result.still_to_do():
        print(sentence)
    return 0


def run_export_csv(args: argparse.Namespace, context: Context) -> int:
    criteria = criteria_from_args(args, context)
    rows = export_allegations_csv(context.library(), args.out, criteria, overwrite=args.overwrite)
    if args.json:
        print_json({"path": str(args.out), "rows": rows})
    else:
        print(f"Wrote {plural(rows, 'row')} to {args.out}")
    return 0
