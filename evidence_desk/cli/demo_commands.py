"""demo: build the fictional demo library, to try Evidence Desk on realistic paperwork."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from ..core.demo import build_demo_library, default_demo_library_path
from .common import Context, add_json_flag, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="build a demo library of six fictional matters (never overwrites a library)",
    )
    demo.add_argument(
        "path",
        nargs="?",
        type=Path,
        metavar="PATH",
        help="new folder for it (default: the --library folder if given, else demo-library "
        "beside the default library)",
    )
    add_json_flag(demo)
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace, context: Context) -> int:
    target = args.path or args.library or default_demo_library_path()

    def progress(done: int, total: int, what: str) -> None:
        if not args.json and sys.stderr.isatty():
            sys.stderr.write(f"\r[{done}/{total}] {what[:60]:<60}")
            sys.stderr.flush()

    summary = build_demo_library(target, progress=progress)
    # The packaged program is both the window and the CLI; a source install has two scripts.
    window = "evidence-desk" if getattr(sys, "frozen", False) else "evidence-desk-gui"
    if not args.json and sys.stderr.isatty():
        sys.stderr.write("\n")
    if args.json:
        print_json({**dataclasses.asdict(summary), "path": str(summary.path)})
        return 0
    print(
        f"Demo library ready: {summary.path}\n"
        f"  {summary.matters} matters, {summary.documents} documents "
        f"({summary.pages} Bates-stamped pages), {summary.notes} interview notes, "
        f"{summary.allegations} allegations with {summary.citations} citations "
        f"({summary.seconds:.1f} s)\n"
        f"  officers named in two or more matters: {', '.join(summary.recurring_officers)}\n"
        f"Try:  evidence-desk --library {summary.path} patterns\n"
        f"      {window} --library {summary.path}"
    )
    return 0
