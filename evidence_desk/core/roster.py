"""Importing a roster of officers (a public list of members of service) into the registry.

Each row is matched to a registered officer by a stable identifier (tax id, employee no.,
CCRB officer id) or by a shield together with the name (``identity``), so importing the same
or a newer roster updates officers instead of registering them twice. A row that fits
several officers is left alone and reported as ambiguous; a row that cannot be read is
reported with its line number and skipped. The whole import is one transaction: an error,
or a cancel, leaves the registry exactly as it was. ``dry_run`` reports what would be added,
updated and left ambiguous without changing anything.

Rank and command follow the newest roster; a changed name is kept as an alias; new
identifiers are added beside the old ones (identifiers over time). How each roster last
listed an officer (status, rank, command, as-of date) is kept in ``roster_entry``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .errors import ValidationError
from .identity import IdentityIndex
from .library import Library
from .matching import name_parts
from .model import Officer, OfficerAlias, OfficerIdentifier, RosterEntry, utc_now
from .officers import normalise_identifier
from .public_files import OFFICER_FIELDS, ROSTER_PRESETS
from .tabular import (
    ColumnPlan,
    ImportReport,
    ProgressCallback,
    RowIssue,
    check_cancel,
    clean_date,
    clean_number,
    clean_text,
    open_table,
    plan_columns,
    title_case,
)

ROSTER_FIELDS: dict[str, tuple[str, ...]] = {
    **OFFICER_FIELDS,
    "rank": ("current_rank", "rank", "rank_now", "rank_description", "rank_desc", "title"),
    "rank_abbreviation": (
        "current_rank_abbreviation",
        "rank_abbreviation",
        "rank_abbrev_now",
        "rank_abbrev",
    ),
    "command": ("current_command", "command", "command_now", "unit", "assignment"),
    "agency": ("agency", "department", "police_department"),
    "status": ("active_per_last_reported_status", "status", "active", "employment_status"),
    "as_of": ("as_of_date", "as_of", "report_date"),
}
IDENTIFIER_FIELDS = ("tax_id", "employee", "mos_id", "shield", "uc")
_ACTIVE = {"yes", "y", "active", "true", "1", "current"}
_INACTIVE = {"no", "n", "inactive", "false", "0", "retired", "separated", "terminated"}
BATCH = 1000  # rows written between progress reports and cancel checks


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One roster row, read and cleaned."""

    line: int
    name: str
    rank: str | None
    command: str | None
    agency: str | None
    status: str | None
    as_of: date | None
    identifiers: tuple[tuple[str, str], ...]  # (kind, value as written, cleaned)


@dataclass(frozen=True, slots=True)
class RosterImportReport(ImportReport):
    """What a roster import did (or, with ``dry_run``, would do)."""

    repeated: int = 0  # rows naming an officer an earlier row of the same file already named
    ambiguous: tuple[RowIssue, ...] = ()
    added_ids: tuple[int, ...] = ()
    updated_ids: tuple[int, ...] = ()


def officer_of_row(cell: Callable[[str], str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The officer a row names: his name ("" if none) and cleaned (kind, value) identifiers.

    ``cell(field)`` gives the row's text for a field. Raises ``ValidationError`` for a
    value that cannot be an identifier or a name.
    """
    first = clean_text(cell("first_name"), limit=150, what="first name") or ""
    last = clean_text(cell("last_name"), limit=150, what="last name") or ""
    name = clean_text(cell("name"), limit=300, what="name") or ""
    if not name:
        name = " ".join(part for part in (first, last) if part)
    elif "," in name and not (first or last):
        surname, _, given = name.partition(",")  # "RODRIGUEZ, ANA"
        name = f"{given.strip()} {surname.strip()}".strip()
    identifiers: list[tuple[str, str]] = []
    for kind in IDENTIFIER_FIELDS:
        value = clean_number(cell(kind), what=kind.replace("_", " "))
        if value is not None and kind == "tax_id" and not value.isdigit():
            raise ValidationError(f"the tax id {value!r} is not a number")
        if value is not None:
            identifiers.append((kind, value))
    return title_case(name), tuple(identifiers)


def row_cells(values: Mapping[str, str], plan: ColumnPlan) -> Callable[[str], str]:
    """``cell(field)``: the row's text in the column that holds the field ("" if none)."""
    if values.get(""):
        raise ValidationError("the row has more cells than the file has columns")

    def cell(name: str) -> str:
        column = plan.columns.get(name)
        return values.get(column, "") if column else ""

    return cell


def read_row(line: int, values: Mapping[str, str], plan: ColumnPlan) -> RosterRow:
    """A roster row from the file's cells; ``ValidationError`` says what is wrong with it."""
    cell = row_cells(values, plan)
    name, identifiers = officer_of_row(cell)
    if not name_parts(name).words:
        raise ValidationError("the row has no officer name")
    full_rank = clean_text(cell("rank"), limit=100, what="rank")
    # "POLICE OFFICER" reads better as "Police Officer"; "POM" or "DT3" stays as written.
    rank = title_case(full_rank) if full_rank and len(full_rank) > 4 else full_rank
    rank = rank or clean_text(cell("rank_abbreviation"), limit=100, what="rank")
    status_text = (cell("status") or "").strip().casefold()
    status = (
        "active" if status_text in _ACTIVE else "inactive" if status_text in _INACTIVE else None
    )
    return RosterRow(
        line=line,
        name=name,
        rank=rank,
        command=clean_text(cell("command"), limit=200, what="command"),
        agency=clean_text(cell("agency"), limit=200, what="agency"),
        status=status,
        as_of=clean_date(cell("as_of"), what="as-of date"),
        identifiers=identifiers,
    )


@dataclass(slots=True)
class _PlannedOfficer:
    """An officer as the import will leave him, folded from every row that names him."""

    key: int  # officer id, or negative for an officer the import adds
    name: str
    rank: str | None
    command: str | None
    agency: str | None
    new_identifiers: list[tuple[str, str]] = field(default_factory=list)
    entry: dict[str, Any] = field(default_factory=dict)  # roster entry values


@dataclass(slots=True)
class _Plan:
    officers: dict[int, _PlannedOfficer] = field(default_factory=dict)
    registered: dict[int, tuple[str, str | None, str | None, str | None]] = field(
        default_factory=dict
    )
    entries: dict[int, RosterEntry] = field(default_factory=dict)  # this source's, stored
    ambiguous: list[RowIssue] = field(default_factory=list)
    repeated: int = 0

    def is_changed(self, planned: _PlannedOfficer) -> bool:
        if planned.key < 0:
            return True
        stored = self.entries.get(planned.key)
        return (
            (planned.name, planned.rank, planned.command, planned.agency)
            != self.registered[planned.key]
            or bool(planned.new_identifiers)
            or stored is None
            or any(
                planned.entry[name] != getattr(stored, name)
                for name in ("status", "rank", "command", "as_of")
            )
        )


def _plan(
    session: Session,
    rows: list[RosterRow],
    source: str,
    progress: ProgressCallback | None,
    cancel: threading.Event | None,
) -> _Plan:
    """Decide, row by row, which officer each row is and how he will read afterwards."""
    index = IdentityIndex.load(session)
    plan = _Plan()
    plan.registered = {
        officer_id: (name, rank, command, agency)
        for officer_id, name, rank, command, agency in session.execute(
            select(Officer.id, Officer.name, Officer.rank, Officer.command, Officer.agency).where(
                Officer.merged_into_id.is_(None)
            )
        )
    }
    for entry in session.execute(
        select(RosterEntry).where(RosterEntry.source == source).order_by(RosterEntry.id)
    ).scalars():
        plan.entries[entry.officer_id] = entry  # after a merge, the latest entry counts
    next_new = -1
    for position, row in enumerate(rows):
        if position % BATCH == 0:
            check_cancel(cancel)
            if progress is not None:
                progress(position, len(rows), "Matching rows to the registry")
        resolution = index.resolve(row.name, list(row.identifiers))
        if resolution.status == "ambiguous":
            plan.ambiguous.append(RowIssue(row.line, resolution.reason, row.name))
            continue
        if resolution.status == "new":
            key, next_new = next_new, next_new - 1
            planned = _PlannedOfficer(key, row.name, row.rank, row.command, row.agency)
            plan.officers[key] = planned
            index.add(key, row.name, [])
        else:
            key = resolution.key
            assert key is not None
            planned = plan.officers.get(key)
            if planned is not None:
                plan.repeated += 1
            else:
                planned = _PlannedOfficer(key, *plan.registered[key])
                stored = plan.entries.get(key)
                if stored is not None:
                    planned.entry = {
                        name: getattr(stored, name)
                        for name in ("line", "status", "rank", "command", "as_of")
                    }
                plan.officers[key] = planned
        _fold(planned, row, index)
    if progress is not None:
        progress(len(rows), len(rows), "Matching rows to the registry")
    return plan


def _fold(planned: _PlannedOfficer, row: RosterRow, index: IdentityIndex) -> None:
    """What a row says about an officer, over what earlier rows and the registry said."""
    planned.rank = row.rank or planned.rank
    planned.command = row.command or planned.command
    planned.agency = row.agency or planned.agency
    if name_parts(row.name).words != name_parts(planned.name).words:
        planned.name = row.name
    held = index.identifiers_of(planned.key)
    for kind, value in row.identifiers:
        if normalise_identifier(value) not in held.get(kind, set()):
            planned.new_identifiers.append((kind, value))
    index.add(planned.key, planned.name, list(row.identifiers))
    planned.entry = {
        "line": row.line,
        "status": row.status or planned.entry.get("status"),
        "rank": row.rank or planned.entry.get("rank"),
        "command": row.command or planned.entry.get("command"),
        "as_of": row.as_of or planned.entry.get("as_of"),
    }


def _write(
    session: Session,
    plan: _Plan,
    source: str,
    progress: ProgressCallback | None,
    cancel: threading.Event | None,
) -> tuple[list[int], list[int]]:
    """Store the plan in the caller's transaction, audited; returns (added, updated) ids."""
    now = utc_now()
    changed = [planned for planned in plan.officers.values() if plan.is_changed(planned)]
    new = [planned for planned in changed if planned.key < 0]
    existing = [planned for planned in changed if planned.key > 0]
    total = len(changed)
    done = 0
    events: list[tuple[str, str, str, dict[str, Any] | None, dict[str, Any] | None]] = []
    ids: dict[int, int] = {}
    for batch in _batches(new):
        check_cancel(cancel)
        values = [
            {
                "name": planned.name,
                "rank": planned.rank,
                "command": planned.command,
                "agency": planned.agency,
                "description": None,
                "merged_into_id": None,
                "created_at": now,
                "updated_at": now,
            }
            for planned in batch
        ]
        inserted = audit.insert_audited(session, Officer, values, events)
        ids.update(
            {planned.key: officer_id for planned, officer_id in zip(batch, inserted, strict=True)}
        )
        done += len(batch)
        if progress is not None:
            progress(done, total, "Adding officers")
    for batch in _batches(existing):
        check_cancel(cancel)
        officers = {
            officer.id: officer
            for officer in session.execute(
                select(Officer).where(Officer.id.in_([planned.key for planned in batch]))
            ).scalars()
        }
        for planned in batch:
            officer = officers[planned.key]
            ids[planned.key] = officer.id
            if (officer.name, officer.rank, officer.command, officer.agency) == (
                planned.name,
                planned.rank,
                planned.command,
                planned.agency,
            ):
                continue
            before = audit.snapshot(officer)
            if name_parts(officer.name).words != name_parts(planned.name).words:
                audit.insert_audited(
                    session,
                    OfficerAlias,
                    [
                        {
                            "officer_id": officer.id,
                            "text": officer.name,
                            "source": f"name before {source}",
                        }
                    ],
                    events,
                )
            officer.name = planned.name
            officer.rank, officer.command, officer.agency = (
                planned.rank,
                planned.command,
                planned.agency,
            )
            officer.updated_at = now
            events.append(("update", "officer", str(officer.id), before, audit.snapshot(officer)))
        done += len(batch)
        if progress is not None:
            progress(done, total, "Updating officers")
    session.flush()
    audit.insert_audited(
        session,
        OfficerIdentifier,
        [
            {
                "officer_id": ids[planned.key],
                "kind": kind,
                "value": value,
                "valid_from": None,
                "valid_to": None,
            }
            for planned in changed
            for kind, value in planned.new_identifiers
        ],
        events,
    )
    new_entries = []
    for planned in changed:
        stored = plan.entries.get(planned.key)
        if stored is None:
            new_entries.append(
                {
                    "officer_id": ids[planned.key],
                    "source": source,
                    **planned.entry,
                    "first_imported_at": now,
                    "last_imported_at": now,
                }
            )
            continue
        before = audit.snapshot(stored)
        for name, value in planned.entry.items():
            setattr(stored, name, value)
        stored.last_imported_at = now
        events.append(("update", "roster_entry", str(stored.id), before, audit.snapshot(stored)))
    audit.insert_audited(session, RosterEntry, new_entries, events)
    session.flush()
    check_cancel(cancel)
    if progress is not None:
        progress(total, total, "Writing the audit log")
    audit.append_many(session, events)
    return [ids[planned.key] for planned in new], [planned.key for planned in existing]


def _batches(items: list[_PlannedOfficer]) -> list[list[_PlannedOfficer]]:
    return [items[start : start + BATCH] for start in range(0, len(items), BATCH)]


def import_roster(
    library: Library,
    path: Path | str,
    *,
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> RosterImportReport:
    """Import a roster CSV (see the module docstring); with ``dry_run`` change nothing."""
    table = open_table(path)
    plan_of_columns = plan_columns(table, ROSTER_FIELDS, ROSTER_PRESETS, mapping or {})
    columns = plan_of_columns.columns
    if not ({"first_name", "last_name", "name"} & set(columns)):
        raise ValidationError(
            f"{table.path.name} has no column with the officer's name (its columns are "
            f"{', '.join(table.headers)}); name one with --map last_name=COLUMN"
        )
    source_name = (source or "").strip() or (
        plan_of_columns.preset.source if plan_of_columns.preset else table.path.name
    )
    if len(source_name) > 300:
        raise ValidationError("the source name is longer than 300 characters")
    rows: list[RosterRow] = []
    skipped: list[RowIssue] = []
    for line, values in table.rows():
        try:
            rows.append(read_row(line, values, plan_of_columns))
        except ValidationError as error:
            skipped.append(RowIssue(line, str(error)))
        if (len(rows) + len(skipped)) % BATCH == 0:
            check_cancel(cancel)
            if progress is not None:
                progress(0, 0, f"Reading {table.path.name}: {len(rows) + len(skipped)} rows")
    session_scope = library.read() if dry_run else library.write()
    with session_scope as session:
        plan = _plan(session, rows, source_name, progress, cancel)
        changed = [planned for planned in plan.officers.values() if plan.is_changed(planned)]
        added_ids: list[int] = []
        updated_ids: list[int] = []
        if not dry_run:
            added_ids, updated_ids = _write(session, plan, source_name, progress, cancel)
            check_cancel(cancel)  # the last chance: after this the import is kept
    added = sum(1 for planned in changed if planned.key < 0)
    updated = len(changed) - added
    registered_named = sum(1 for key in plan.officers if key > 0)
    return RosterImportReport(
        file_name=table.path.name,
        source=source_name,
        preset=plan_of_columns.preset.name if plan_of_columns.preset else None,
        columns=columns,
        headers=tuple(table.headers),
        rows=len(rows) + len(skipped),
        added=added,
        updated=updated,
        unchanged=registered_named - updated,
        repeated=plan.repeated,
        ambiguous=tuple(plan.ambiguous),
        skipped=tuple(skipped),
        dry_run=dry_run,
        added_ids=tuple(added_ids),
        updated_ids=tuple(updated_ids),
    )
