"""patterns command: officers and conduct that recur across matters."""

from __future__ import annotations

import argparse

from ..core.patterns import PatternFilter, analyse
from ..core.vocabulary import ALLEGATION_STATUSES
from .common import (
    Context,
    add_json_flag,
    add_matter_argument,
    date_argument,
    matter_id_named,
    print_json,
    print_table,
)


def add_filter_arguments(parser: argparse.ArgumentParser, *, min_matters: bool = True) -> None:
    """The filters shared by ``patterns`` and the exports."""
    if min_matters:
        parser.add_argument(
            "--min-matters",
            type=int,
            default=2,
            metavar="N",
            help="an officer is a pattern when named in at least N matters (default 2)",
        )
    parser.add_argument(
        "--conduct",
        action="append",
        default=[],
        metavar="CODE",
        help="only this conduct (a parent code includes its children; repeatable)",
    )
    parser.add_argument(
        "--command",
        dest="filter_commands",
        action="append",
        default=[],
        metavar="NAME",
        help="only allegations in this command or precinct (repeatable)",
    )
    parser.add_argument(
        "--status",
        action="append",
        default=[],
        choices=list(ALLEGATION_STATUSES),
        help="only allegations with this status (repeatable)",
    )
    add_matter_argument(
        parser,
        "--in-matter",
        purpose="only allegations in this matter (repeatable): ",
        action="append",
        default=[],
    )
    parser.add_argument(
        "--from", dest="date_from", type=date_argument, metavar="YYYY-MM-DD", help="period start"
    )
    parser.add_argument(
        "--to", dest="date_to", type=date_argument, metavar="YYYY-MM-DD", help="period end"
    )


def criteria_from_args(
    args: argparse.Namespace, context: Context, officers: tuple[int, ...] = ()
) -> PatternFilter:
    library = context.library()
    matter_ids = tuple(matter_id_named(library, text) for text in args.in_matter)
    return PatternFilter(
        matter_ids=matter_ids,
        officers=officers,
        conduct=tuple(args.conduct),
        commands=tuple(args.filter_commands),
        statuses=tuple(args.status),
        date_from=args.date_from,
        date_to=args.date_to,
        min_matters=getattr(args, "min_matters", 2),
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    patterns = subparsers.add_parser(
        "patterns", help="officers named in several matters (patterns across matters)"
    )
    add_filter_arguments(patterns)
    patterns.add_argument(
        "--all", action="store_true", help="also list officers below the threshold"
    )
    add_json_flag(patterns)
    patterns.set_defaults(handler=run_patterns)


def _date_range(first: object, last: object) -> str:
    if first is None:
        return "date unknown"
    return f"{first} to {last}" if first != last else str(first)


def run_patterns(args: argparse.Namespace, context: Context) -> int:
    report = analyse(context.library(), criteria_from_args(args, context))
    rows = report.officers if args.all else report.flagged
    if args.json:
        print_json(list(rows))
        return 0
    print_table(
        ["ID", "OFFICER", "MATTERS", "CLIENTS", "ALLEG.", "CONDUCT", "DATES", "COMMANDS"],
        [
            [
                item.officer_id,
                item.officer + ("" if item.flagged else " (below threshold)"),
                item.matters,
                item.clients,
                item.allegations,
                item.conduct,
                _date_range(item.first_date, item.last_date),
                item.commands,
            ]
            for item in rows
        ],
    )
    if report.command_patterns:
        print()
        print_table(
            ["COMMAND", "CONDUCT", "MATTERS", "OFFICERS", "ALLEG."],
            [
                [item.command, item.conduct_code, item.matters, item.officers, item.allegations]
                for item in report.command_patterns
            ],
        )
    return 0
