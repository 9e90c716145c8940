"""Reading the CSV files offices download: encodings, header spellings, column maps, values.

Public rosters and complaint tables come from spreadsheets and open-data portals, so the
same field is spelt "Shield_No", "Shield No" or "shield_no", numbers come back as "5953.0",
dates as "03/07/2021 12:00:00 AM". This module reads such a file row by row with the line
each row starts on, finds which column holds which field (a preset recognised by its
headers, the usual spellings, or ``--map FIELD=COLUMN``), and cleans the values. The
importers (``roster``, ``public_records``) decide what the fields mean.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .errors import EvidenceDeskError, ValidationError

MAX_FIELD = 1_000_000  # characters in one cell: more is not a table a person made
MAX_FILE = 1 << 30  # 1 GiB: the largest public tables are a few hundred megabytes
ProgressCallback = Callable[[int, int, str], None]


class ImportCancelled(EvidenceDeskError):
    """The user stopped an import; nothing of it was kept."""


@dataclass(frozen=True, slots=True)
class RowIssue:
    """A row that was skipped (unreadable) or left alone (ambiguous, unlinked), and why."""

    line: int
    message: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did (or, with ``dry_run``, would do): what every importer reports."""

    file_name: str
    source: str
    preset: str | None
    columns: dict[str, str]  # field -> the file's column
    headers: tuple[str, ...]  # the file's columns
    rows: int
    added: int
    updated: int
    unchanged: int
    skipped: tuple[RowIssue, ...]  # rows that could not be read
    dry_run: bool


def header_key(text: str) -> str:
    """The spelling headers are compared in: "Shield No." -> "shield_no"."""
    return re.sub(r"[^0-9a-z]+", "_", text.strip().casefold()).strip("_")


@dataclass(frozen=True, slots=True)
class Preset:
    """A public file recognised by its headers: which column holds which field.

    ``signature`` lists header keys that must all be present; ``columns`` maps fields to
    header keys (a column the file lacks is simply left out).
    """

    name: str
    source: str  # the source recorded when the user names none
    signature: frozenset[str]
    columns: Mapping[str, str]
    kind: str = ""  # the kind of public record each row is, for record files


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """Which column (as the file spells it) holds each field, and how that was decided."""

    columns: dict[str, str]  # field -> header as written in the file
    preset: Preset | None
    unused: tuple[str, ...]  # headers no field reads (kept as details where useful)


@dataclass(slots=True)
class CsvTable:
    """A CSV file opened for reading: its headers and its rows with their line numbers."""

    path: Path
    headers: list[str]
    text: str
    size: int = 0
    _dialect: type[csv.Dialect] | csv.Dialect = field(default=csv.excel)

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line the row starts on, {header: value}) for every data row, blank rows skipped.

        A row with more cells than headers keeps the extra cells under "" so that the
        importer can report it; one with fewer has the missing cells empty.
        """
        reader = csv.reader(io.StringIO(self.text), self._dialect)
        next(reader, None)
        line = reader.line_num + 1
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    row = {
                        header: (cells[index] if index < len(cells) else "")
                        for index, header in enumerate(self.headers)
                    }
                    if len(cells) > len(self.headers):
                        row[""] = ",".join(cells[len(self.headers) :])
                    yield line, row
                line = reader.line_num + 1
        except csv.Error as error:
            raise ValidationError(
                f"{self.path.name}, line {line}: the file cannot be read as CSV ({error})"
            ) from None


def open_table(path: Path | str) -> CsvTable:
    """Open a CSV file (UTF-8 with or without BOM, else Windows-1252; comma, semicolon or
    tab separated) and read its header row."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path} is not a file")
    try:
        if path.stat().st_size > MAX_FILE:
            raise ValidationError(f"{path.name} is larger than {MAX_FILE >> 20} MiB")
        raw = path.read_bytes()
    except OSError as error:
        raise ValidationError(f"cannot read {path}: {error.strerror}") from None
    if b"\x00" in raw[:4096]:
        raise ValidationError(f"{path.name} is not a CSV file (it holds binary data)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    csv.field_size_limit(MAX_FIELD)
    try:
        headers = next(csv.reader(io.StringIO(text), Dialect), [])
    except csv.Error as error:
        raise ValidationError(
            f"{path.name}, line 1: the header row cannot be read ({error})"
        ) from None
    headers = [header.strip() for header in headers]
    if not any(headers):
        raise ValidationError(f"{path.name} has no header row")
    seen: set[str] = set()
    for header in headers:
        key = header_key(header)
        if key and key in seen:
            raise ValidationError(f"{path.name}: the column {header!r} appears twice")
        seen.add(key)
    return CsvTable(path, headers, text, len(raw), Dialect)


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """``["shield=Badge No"]`` (``--map FIELD=COLUMN``) as {field: column}."""
    mapping: dict[str, str] = {}
    for item in items:
        name, separator, column = item.partition("=")
        if not separator or not name.strip() or not column.strip():
            raise ValidationError(f"--map takes FIELD=COLUMN, not {item!r}")
        mapping[name.strip().casefold().replace("-", "_")] = column.strip()
    return mapping


def plan_columns(
    table: CsvTable,
    fields: Mapping[str, Sequence[str]],
    presets: Sequence[Preset],
    overrides: Mapping[str, str],
) -> ColumnPlan:
    """Decide which column holds each field.

    A preset whose signature the headers carry decides first; the usual spellings in
    ``fields`` fill in the rest; ``overrides`` (the user's ``--map``) win over both, an
    empty column meaning "none". A field or column the user names that does not exist is an
    error naming what does.
    """
    by_key = {header_key(header): header for header in table.headers if header}
    keys = set(by_key)
    preset = next((item for item in presets if item.signature <= keys), None)
    columns: dict[str, str] = {}
    if preset is not None:
        for name, key in preset.columns.items():
            if key in by_key:
                columns[name] = by_key[key]
    else:
        taken: set[str] = set()
        for name, spellings in fields.items():
            for spelling in spellings:
                header = by_key.get(spelling)
                if header is not None and header not in taken:
                    columns[name] = header
                    taken.add(header)
                    break
    for name, column in overrides.items():
        if name not in fields:
            raise ValidationError(
                f"--map names the field {name!r}; the fields are {', '.join(fields)}"
            )
        if not column:  # the window's "(none)": read this field from no column
            columns.pop(name, None)
            continue
        header = by_key.get(header_key(column))
        if header is None:
            raise ValidationError(
                f"--map {name}={column}: {table.path.name} has no column {column!r} "
                f"(its columns are {', '.join(table.headers)})"
            )
        columns = {key: value for key, value in columns.items() if value != header}
        columns[name] = header
    used = set(columns.values())
    return ColumnPlan(
        columns, preset, tuple(header for header in table.headers if header and header not in used)
    )


CANCELLED = "the import was cancelled; nothing was imported"


def check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ImportCancelled(CANCELLED)


# -- values -------------------------------------------------------------------------------

_FLOAT_ARTEFACT = re.compile(r"^(\d+)\.0+$")


def clean_text(value: str | None, *, limit: int, what: str) -> str | None:
    """Trimmed text, or None when empty; too long is an error naming the field."""
    text = " ".join((value or "").split())
    if not text:
        return None
    if len(text) > limit:
        raise ValidationError(f"the {what} is longer than {limit} characters")
    return text


def clean_number(value: str | None, *, what: str) -> str | None:
    """An identifier as a spreadsheet wrote it: "5953.0" -> "5953", "#0214" -> "0214";
    empty, "0" and "nan" mean none. Letters and digits only (some forces use letters)."""
    text = (value or "").strip().lstrip("#").strip()
    if not text or text.casefold() in ("nan", "null", "none", "n/a", "na", "-"):
        return None
    match = _FLOAT_ARTEFACT.match(text)
    if match:
        text = match.group(1)
    if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z -]{0,39}", text):
        raise ValidationError(f"the {what} {value.strip()!r} is not an identifier")
    if text.strip("0 -") == "":
        return None  # "0": the file's way of saying "no shield"
    return text


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S",
    "%d %B %Y",
    "%B %d, %Y",
)


def clean_date(value: str | None, *, what: str) -> date | None:
    """A day in the spellings open-data portals use; empty is None."""
    text = " ".join((value or "").split())
    if not text:
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(f"the {what} {text!r} is not a date (use YYYY-MM-DD)")


def title_case(name: str) -> str:
    """A name a roster wrote in capitals, in ordinary case ("O'BRIEN" -> "O'Brien");
    anything already in mixed case is left as written."""
    if not name.isupper():
        return name
    return re.sub(r"[^\W\d_]+", lambda match: match.group(0)[0] + match.group(0)[1:].lower(), name)
