"""Public misconduct records: complaints and their dispositions, lawsuits, court findings.

Public records are what oversight bodies, courts and journalists publish about officers (a
CCRB complaint and how the board disposed of it, a civil-rights lawsuit, a judge's finding
that an officer's testimony was not credible). They are stored apart from the office's own
allegations, which are privileged work: a public record always carries its source (and
the file and line it came from), may be quoted in a public brief, and is never mixed with
privileged material.

``import_records`` reads a CSV (a preset such as ProPublica's CCRB export, the usual column
spellings, or ``--map``) and links each row to its officer the way roster imports do: a
career-long identifier, or a shield together with the name, or the registry's own officer
id in an ``officer_id`` column. A row that names no registered officer, or several, is
reported and not stored; importing the same file again updates instead of duplicating.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import audit
from .dates import PartialDate, from_stored, parse_partial_date
from .errors import EvidenceDeskError, ValidationError
from .identity import IdentityIndex, identifier_label
from .library import Library
from .matching import name_parts
from .model import PublicRecord, utc_now
from .officers import find_officer, normalise_identifier
from .public_files import OFFICER_FIELDS, RECORD_PRESETS
from .roster import BATCH, officer_of_row, row_cells
from .tabular import (
    ImportReport,
    ProgressCallback,
    RowIssue,
    check_cancel,
    clean_date,
    clean_text,
    open_table,
    plan_columns,
)
from .vocabulary import PUBLIC_RECORD_KINDS, STABLE_IDENTIFIER_KINDS

RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    **OFFICER_FIELDS,
    "officer_id": ("officer_id", "evidence_desk_officer_id", "registry_officer_id"),
    "kind": ("kind", "record_kind", "record_type", "type"),
    "case_number": (
        "complaint_id",
        "case_number",
        "complaint_number",
        "docket",
        "docket_number",
        "index_number",
        "case_no",
        "case_id",
    ),
    "date": (
        "incident_date",
        "date",
        "date_of_incident",
        "received_date",
        "date_received",
        "date_filed",
        "filed",
        "finding_date",
        "decision_date",
    ),
    "month": ("month_received", "month"),
    "year": ("year_received", "year"),
    "category": ("fado_type", "category", "allegation_type", "claim_type"),
    "allegation": ("allegation", "description", "claim", "summary"),
    "disposition": (
        "board_disposition",
        "disposition",
        "ccrb_allegation_disposition",
        "finding",
        "result",
    ),
    "outcome": (
        "outcome_description",
        "outcome",
        "penalty",
        "penalty_desc",
        "settlement",
        "settlement_amount",
        "amount",
    ),
    "place": ("precinct", "incident_precinct", "location"),
    "command": ("command_at_incident", "officer_command_at_incident"),
    "rank": ("rank_incident", "rank_at_incident", "officer_rank_at_incident"),
    "court": ("court",),
    "caption": ("caption", "case_name", "case_title"),
}
# Spellings of a record's kind in a "kind" column.
_KIND_SPELLINGS = {
    "complaint": "complaint",
    "ccrb complaint": "complaint",
    "allegation": "complaint",
    "lawsuit": "lawsuit",
    "civil suit": "lawsuit",
    "suit": "lawsuit",
    "civil rights lawsuit": "lawsuit",
    "credibility finding": "credibility_finding",
    "credibility_finding": "credibility_finding",
    "credibility": "credibility_finding",
    "adverse credibility finding": "credibility_finding",
    "incredible testimony": "credibility_finding",
}
_STORED_FIELDS = (
    "kind",
    "case_number",
    "date_precision",
    "date_start",
    "date_end",
    "category",
    "allegation",
    "disposition",
    "outcome",
    "place",
    "command",
    "rank",
    "court",
    "caption",
    "written_name",
    "details",
    "link_reason",
)


@dataclass(frozen=True, slots=True)
class PublicRecordRecord:
    """One public record as the registry, the dossier and the CLI show it."""

    id: int
    officer_id: int
    kind: str
    source: str
    source_file: str
    source_line: int
    case_number: str | None
    date: PartialDate
    category: str | None
    allegation: str | None
    disposition: str | None
    outcome: str | None
    place: str | None
    command: str | None
    rank: str | None
    court: str | None
    caption: str | None
    written_name: str | None
    details: dict[str, str]
    link_reason: str
    imported_at: datetime
    imported_by: str

    @property
    def kind_label(self) -> str:
        return PUBLIC_RECORD_KINDS.get(self.kind, self.kind)

    @property
    def what(self) -> str:
        """The record in a few words: "Force: Physical force" or the lawsuit's caption."""
        if self.kind == "complaint":
            return ": ".join(part for part in (self.category, self.allegation) if part)
        return " — ".join(part for part in (self.caption, self.allegation) if part)


@dataclass(frozen=True, slots=True)
class RecordsImportReport(ImportReport):
    """What an import of public records did (or, with ``dry_run``, would do)."""

    officers: int = 0  # distinct officers the rows were linked to
    unlinked: tuple[RowIssue, ...] = ()  # no registered officer, or several


def record_of(row: PublicRecord) -> PublicRecordRecord:
    return PublicRecordRecord(
        id=row.id,
        officer_id=row.officer_id,
        kind=row.kind,
        source=row.source,
        source_file=row.source_file,
        source_line=row.source_line,
        case_number=row.case_number,
        date=from_stored(row.date_precision, row.date_start, row.date_end),
        category=row.category,
        allegation=row.allegation,
        disposition=row.disposition,
        outcome=row.outcome,
        place=row.place,
        command=row.command,
        rank=row.rank,
        court=row.court,
        caption=row.caption,
        written_name=row.written_name,
        details=dict(row.details or {}),
        link_reason=row.link_reason,
        imported_at=row.imported_at,
        imported_by=row.imported_by,
    )


def _record_date(cell: Callable[[str], str]) -> PartialDate:
    text = " ".join(cell("date").split())
    if text:
        try:
            day = clean_date(text, what="date")
        except ValidationError:
            return parse_partial_date(text, what="date")  # "2019" or "2019-05"
        assert day is not None
        return PartialDate("day", day, day)
    year, month = cell("year").strip(), cell("month").strip()
    if not year:
        return PartialDate("unknown")
    if not year.isdigit() or not 1900 <= int(year) <= 2100:
        raise ValidationError(f"the year {year!r} is not a year")
    if month:
        if not month.isdigit() or not 1 <= int(month) <= 12:
            raise ValidationError(f"the month {month!r} is not a month (1 to 12)")
        return parse_partial_date(f"{int(year):04d}-{int(month):02d}", what="date")
    return parse_partial_date(f"{int(year):04d}", what="date")


def _kind(cell: Callable[[str], str], default: str) -> str:
    text = " ".join(cell("kind").casefold().replace("_", " ").split())
    if not text:
        return default
    kind = _KIND_SPELLINGS.get(text)
    if kind is None:
        raise ValidationError(f"the kind {text!r} is not one of {', '.join(PUBLIC_RECORD_KINDS)}")
    return kind


@dataclass(slots=True)
class _Row:
    line: int
    officer_id: int
    values: dict[str, Any]  # the stored fields
    identity: str  # the officer as the row names him, for the record key
    base_key: str


def _read(
    line: int,
    raw: Mapping[str, str],
    cell: Callable[[str], str],
    default_kind: str,
    unused: Sequence[str],
) -> tuple[dict[str, Any], str, tuple[tuple[str, str], ...], str]:
    """The stored fields of a row, the officer's name and identifiers, and the officer id
    the row gives (or "")."""
    name, identifiers = officer_of_row(cell)
    when = _record_date(cell)
    values: dict[str, Any] = {
        "kind": _kind(cell, default_kind),
        "case_number": clean_text(cell("case_number"), limit=100, what="case number"),
        "date_precision": when.precision,
        "date_start": when.start,
        "date_end": when.end,
        "category": clean_text(cell("category"), limit=200, what="category"),
        "allegation": clean_text(cell("allegation"), limit=20_000, what="allegation"),
        "disposition": clean_text(cell("disposition"), limit=300, what="disposition"),
        "outcome": clean_text(cell("outcome"), limit=20_000, what="outcome"),
        "place": clean_text(cell("place"), limit=200, what="place"),
        "command": clean_text(cell("command"), limit=200, what="command"),
        "rank": clean_text(cell("rank"), limit=100, what="rank"),
        "court": clean_text(cell("court"), limit=200, what="court"),
        "caption": clean_text(cell("caption"), limit=500, what="caption"),
        "written_name": clean_text(name, limit=300, what="name"),
        "details": {
            header: " ".join(raw[header].split())[:2000]
            for header in unused
            if raw.get(header, "").strip()
        },
    }
    if not any(
        values[name] for name in ("case_number", "category", "allegation", "disposition", "caption")
    ):
        raise ValidationError("the row says nothing about a complaint, case or finding")
    return values, name, identifiers, cell("officer_id").strip()


def _identity_text(name: str, identifiers: Sequence[tuple[str, str]]) -> str:
    """The officer as the row names him, spelt the same way in every import: his
    career-long identifiers when the row has any (a corrected name changes nothing), else
    his shield or UC number with the name."""
    stable = sorted(
        f"{kind}:{normalise_identifier(value)}"
        for kind, value in identifiers
        if kind in STABLE_IDENTIFIER_KINDS
    )
    if stable:
        return "|".join(stable)
    other = sorted(f"{kind}:{normalise_identifier(value)}" for kind, value in identifiers)
    return "|".join([*other, " ".join(name_parts(name).words)])


def _key(values: Mapping[str, Any], identity: str) -> str:
    """A record's key within its source: the same complaint allegation about the same
    officer gets the same key in every import of a newer file."""
    if values["case_number"]:
        parts = [
            values["kind"],
            values["case_number"],
            identity,
            values["category"] or "",
            values["allegation"] or "",
        ]
    else:
        parts = [identity, *(str(values[name] or "") for name in _STORED_FIELDS[:-3])]
        parts.append(repr(sorted(values["details"].items())))
    return "\x1f".join(parts)


def _link(
    session: Session,
    index: IdentityIndex,
    name: str,
    identifiers: Sequence[tuple[str, str]],
    officer_id: str,
) -> tuple[int | None, str]:
    """The officer a record belongs to and how that was decided, or (None, why not)."""
    if officer_id:
        text = officer_id.strip()  # a CSV column: text until read as a number here
        if not text.isdigit():
            raise ValidationError(f"an officer is named by its id (a number), not {text!r}")
        officer = find_officer(session, int(text))
        while officer.merged_into_id is not None:
            officer = find_officer(session, officer.merged_into_id)
        return officer.id, f"officer id {officer_id}"
    resolution = index.resolve(name, list(identifiers))
    if resolution.status == "found" and resolution.key is not None:
        return resolution.key, resolution.reason
    if resolution.status == "ambiguous":
        return None, resolution.reason
    if not identifiers:
        return None, (
            f"only a name ({name}): give a shield, tax id or officer_id column"
            if name
            else "the row names no officer"
        )
    described = ", ".join(identifier_label(kind, value) for kind, value in identifiers)
    return None, (
        f"no registered officer has {described}"
        + (
            f" with the name {name}"
            if name and all(k in ("shield", "uc") for k, _ in identifiers)
            else ""
        )
        + " (import the officers first with 'officer import')"
    )


def import_records(
    library: Library,
    path: Path | str,
    *,
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
    kind: str | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> RecordsImportReport:
    """Import public records from a CSV (see the module docstring)."""
    table = open_table(path)
    plan = plan_columns(table, RECORD_FIELDS, RECORD_PRESETS, mapping or {})
    default_kind = kind or (plan.preset.kind if plan.preset else "") or "complaint"
    if default_kind not in PUBLIC_RECORD_KINDS:
        raise ValidationError(
            f"a public record is one of {', '.join(PUBLIC_RECORD_KINDS)}, not {default_kind!r}"
        )
    source_name = (source or "").strip() or (plan.preset.source if plan.preset else table.path.name)
    if len(source_name) > 300:
        raise ValidationError("the source name is longer than 300 characters")
    officer_fields = {"first_name", "last_name", "name", "officer_id", *OFFICER_FIELDS}
    if not (officer_fields & set(plan.columns)):
        raise ValidationError(
            f"{table.path.name} has no column naming the officer (its columns are "
            f"{', '.join(table.headers)}); name one with --map tax_id=COLUMN or similar"
        )
    skipped: list[RowIssue] = []
    unlinked: list[RowIssue] = []
    rows: list[_Row] = []
    occurrences: Counter[str] = Counter()
    count = 0
    session_scope = library.read() if dry_run else library.write()
    with session_scope as session:
        index = IdentityIndex.load(session)
        for line, raw in table.rows():
            count += 1
            if count % BATCH == 0:
                check_cancel(cancel)
                if progress is not None:
                    progress(0, 0, f"Reading {table.path.name}: {count} rows")
            try:
                cell = row_cells(raw, plan)
                values, name, identifiers, officer_id = _read(
                    line, raw, cell, default_kind, plan.unused
                )
                linked, reason = _link(session, index, name, identifiers, officer_id)
            except EvidenceDeskError as error:  # unreadable, or an officer id that is not
                skipped.append(RowIssue(line, str(error)))
                continue
            if linked is None:
                unlinked.append(RowIssue(line, reason, name))
                continue
            values["link_reason"] = reason
            identity = _identity_text(name, identifiers) if not officer_id else f"id:{linked}"
            base = _key(values, identity)
            occurrences[base] += 1
            digest = hashlib.sha256(f"{base}\x1f#{occurrences[base]}".encode()).hexdigest()
            rows.append(_Row(line, linked, values, identity, digest))
        added, updated, unchanged = _store(
            session, rows, source_name, table.path.name, library.user, dry_run, progress, cancel
        )
        if not dry_run:
            check_cancel(cancel)
    return RecordsImportReport(
        file_name=table.path.name,
        source=source_name,
        preset=plan.preset.name if plan.preset else None,
        columns=plan.columns,
        headers=tuple(table.headers),
        rows=count,
        added=added,
        updated=updated,
        unchanged=unchanged,
        officers=len({row.officer_id for row in rows}),
        unlinked=tuple(unlinked),
        skipped=tuple(skipped),
        dry_run=dry_run,
    )


def _store(
    session: Session,
    rows: list[_Row],
    source: str,
    file_name: str,
    user: str,
    dry_run: bool,
    progress: ProgressCallback | None,
    cancel: threading.Event | None,
) -> tuple[int, int, int]:
    """Add new records and update changed ones; (added, updated, unchanged)."""
    stored = {
        record.record_key: record
        for record in session.execute(
            select(PublicRecord).where(PublicRecord.source == source)
        ).scalars()
    }
    now = utc_now()
    events: list[tuple[str, str, str, dict[str, Any] | None, dict[str, Any] | None]] = []
    new: list[dict[str, Any]] = []
    updated = unchanged = 0
    for position, row in enumerate(rows):
        if position % BATCH == 0:
            check_cancel(cancel)
            if progress is not None:
                progress(position, len(rows), "Linking records to officers")
        existing = stored.get(row.base_key)
        if existing is None:
            new.append(
                {
                    "officer_id": row.officer_id,
                    "source": source,
                    "source_file": file_name,
                    "source_line": row.line,
                    "record_key": row.base_key,
                    **row.values,
                    "imported_at": now,
                    "imported_by": user,
                }
            )
            continue
        wanted = {**row.values, "officer_id": row.officer_id}
        if all(getattr(existing, name) == value for name, value in wanted.items()):
            unchanged += 1
            continue
        updated += 1
        if dry_run:
            continue
        before = audit.snapshot(existing)
        for name, value in {**wanted, "source_file": file_name, "source_line": row.line}.items():
            setattr(existing, name, value)
        existing.imported_at, existing.imported_by = now, user
        session.flush()
        events.append(
            ("update", "public_record", str(existing.id), before, audit.snapshot(existing))
        )
    if not dry_run:
        for start in range(0, len(new), BATCH):
            check_cancel(cancel)
            audit.insert_audited(session, PublicRecord, new[start : start + BATCH], events)
            if progress is not None:
                progress(min(start + BATCH, len(new)), len(new), "Storing public records")
        audit.append_many(session, events)
    return len(new), updated, unchanged


def list_public_records(
    library: Library, *, officer_id: int | None = None, source: str | None = None
) -> list[PublicRecordRecord]:
    """Public records, newest first; of one officer (and those merged into him) or source."""
    with library.read() as session:
        query = select(PublicRecord)
        if officer_id is not None:
            officer = find_officer(session, officer_id)
            query = query.where(PublicRecord.officer_id == officer.id)
        if source is not None:
            query = query.where(PublicRecord.source == source)
        query = query.order_by(
            PublicRecord.date_start.desc().nulls_last(), PublicRecord.case_number, PublicRecord.id
        )
        return [record_of(row) for row in session.execute(query).scalars()]


def list_sources(library: Library) -> list[tuple[str, int]]:
    """Each source of public records with its number of records."""
    with library.read() as session:
        return [
            (source, count)
            for source, count in session.execute(
                select(PublicRecord.source, func.count())
                .group_by(PublicRecord.source)
                .order_by(PublicRecord.source)
            )
        ]


def disposition_counts(records: Sequence[PublicRecordRecord]) -> list[tuple[str, int]]:
    """How the records were disposed of, most frequent first ("Substantiated", 3)."""
    counts = Counter(record.disposition or "no disposition given" for record in records)
    return counts.most_common()
