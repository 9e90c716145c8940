"""What every command shares: opening the library, naming matters, tags and officers,
printing records, table layout."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import default_library_path
from ..core.dates import parse_date
from ..core.records import ID_MARK, MatterId, MatterRecord, TagRecord, as_json, marked_id

# The database layer is loaded when a command first opens the library, not with its
# arguments: the import command starts reading files before it loads (``import_commands``).
if TYPE_CHECKING:
    from ..core.library import Library

Handler = Callable[[argparse.Namespace, "Context"], int]


class Context:
    """Opens the library on first use (read-only unless the command writes) and closes it."""

    def __init__(self, library_path: Path | None) -> None:
        self.library_path = library_path or default_library_path()
        self._library: Library | None = None

    def library(self, *, write: bool = False) -> Library:
        if self._library is None:
            from ..core.library import Library

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


def add_overwrite_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the output file if it exists (without this, an existing file is refused)",
    )


def add_output_arguments(
    parser: argparse.ArgumentParser, metavar: str, *, required: bool = True
) -> None:
    """``--out FILE`` (refused when it exists) and ``--overwrite``."""
    parser.add_argument(
        "--out",
        required=required,
        type=Path,
        metavar=metavar,
        help="the file to write; never inside the library, except a matter's exports folder",
    )
    add_overwrite_flag(parser)


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


# -- naming things on the command line ------------------------------------------------------
# A matter is its file number, because that is what the office writes on the folder; an id
# only in the marked form "#12". Offices use numeric file numbers, so "12" is always the
# file number 12 and never matter id 12: no guessing which one was meant.

MATTER_HELP = f"the matter's file number (write its id as {ID_MARK}12)"
TAG_HELP = f"the tag's name (write its id as {ID_MARK}3)"


def add_matter_argument(
    parser: argparse.ArgumentParser, *flags: str, purpose: str = "", **options: Any
) -> None:
    """A MATTER argument (positional, or the option ``flags``) whose help says how to name
    a matter; ``purpose`` comes first ("only this matter: ")."""
    names = flags or ("matter",)
    parser.add_argument(*names, metavar="MATTER", help=f"{purpose}{MATTER_HELP}", **options)


def matter_named(library: Library, text: str) -> MatterRecord:
    """The matter a MATTER argument names: a file number as typed, or an id as "#12"."""
    from ..core.matters import get_matter, get_matter_by_file_number

    matter_id = marked_id(text)
    if matter_id is None:
        return get_matter_by_file_number(library, text)
    return get_matter(library, MatterId(matter_id))


def matter_id_named(library: Library, text: str) -> MatterId:
    return matter_named(library, text).id


def tag_named(library: Library, text: str) -> TagRecord:
    """The tag a TAG argument names: its name (any case), or its id as "#3"."""
    from ..core import tags

    tag_id = marked_id(text)
    return tags.get_tag_by_name(library, text) if tag_id is None else tags.get_tag(library, tag_id)


def officer_id_argument(text: str) -> int:
    """argparse type for an officer's id: a number, "#12" accepted too."""
    cleaned = text.strip().removeprefix(ID_MARK)
    if not cleaned.isdigit():
        raise argparse.ArgumentTypeError(f"an officer is named by its id (a number), not {text!r}")
    return int(cleaned)
