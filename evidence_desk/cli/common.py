"""What every command shares: opening the library, printing records, table layout."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..config import default_library_path
from ..core.dates import parse_date
from ..core.library import Library
from ..core.records import as_json

Handler = Callable[[argparse.Namespace, "Context"], int]


class Context:
    """Opens the library on first use (read-only unless the command writes) and closes it."""

    def __init__(self, library_path: Path | None) -> None:
        self.library_path = library_path or default_library_path()
        self._library: Library | None = None

    def library(self, *, write: bool = False) -> Library:
        if self._library is None:
            self._library = Library.open(self.library_path, readonly=not write)
            print_notices(self._library)
        return self._library

    def close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None


def print_notices(library: Library) -> None:
    """What opening the library found and put right (office mode), on standard error."""
    for notice in library.notices:
        print(f"evidence-desk: note: {notice}", file=sys.stderr)
    library.notices.clear()


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def print_json(value: Any) -> None:
    json.dump(as_json(value), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A plain aligned table; long cells are cut so a row stays on one line."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [len(header) for header in headers]
    for row in cells:
        for index, value in enumerate(row):
            widths[index] = min(max(widths[index], len(value)), 60)
    line = "  ".join(header.ljust(widths[index]) for index, header in enumerate(headers))
    print(line.rstrip())
    print("  ".join("-" * width for width in widths))
    for row in cells:
        print(
            "  ".join(
                value[: widths[index]].ljust(widths[index]) for index, value in enumerate(row)
            ).rstrip()
        )
    if not rows:
        print("(none)")


def print_fields(pairs: Sequence[tuple[str, Any]]) -> None:
    width = max(len(label) for label, _ in pairs)
    for label, value in pairs:
        print(f"{label.rjust(width)}: {_cell(value)}")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(item) for item in value)
    return str(value).replace("\n", " ")


def date_argument(text: str) -> Any:
    """argparse type for YYYY-MM-DD that reports our own message."""
    from ..core.errors import ValidationError

    try:
        return parse_date(text)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
