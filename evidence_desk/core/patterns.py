"""Cross-matter pattern analysis: the same officer, the same conduct, client after client.

One allegation alone is "he said, she said"; the same officer named in several clients'
matters is a pattern a court has to look at. ``analyse`` reads the allegations that pass a
``PatternFilter`` in a few set-based queries (no per-row round trips, so a library with
thousands of allegations answers in well under a second) and reports, per officer, how
many distinct matters and clients name them, with what conduct, when and in which
commands; an officer × conduct matrix; a monthly time line; officers accused together; and
command patterns (the same conduct by officers of the same command across matters).

An officer "appears" in an allegation in every role except ``witness``: an officer who only
saw the event is not alleged to have done anything.

On an office server some matters may be walled off from the person asking (``walls``).
Their allegations still count: the server tells the analysis, through a function that
reveals no client, document, quote or wording, the dates, status, command, conduct and
officers of each walled allegation, and which walled matter it is in (numbered afresh,
never by id). The report counts them in and says how many of an officer's matters are
restricted ("1 other matter"); memos and exports, which quote, see only what the person may.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import combinations

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from .errors import ValidationError
from .library import Library
from .model import (
    Allegation,
    AllegationConduct,
    AllegationOfficer,
    ConductType,
    Matter,
    Officer,
    OfficerIdentifier,
)
from .records import AllegationRecord, MatterId, checked_id, checked_matter_id

COUNTED_ROLES = ("accused", "present", "unidentified")


@dataclass(frozen=True)
class PatternFilter:
    """Which allegations a pattern analysis (or a memo) looks at.

    ``conduct`` codes include their children ("UC" means every undercover conduct code);
    ``commands`` match the allegation's command, or the officer's when the allegation names
    none; ``date_from``/``date_to`` keep allegations whose known date overlaps the period
    (allegations with an unknown date are left out when a period is given).
    """

    matter_ids: tuple[MatterId, ...] = ()
    officers: tuple[int, ...] = ()
    conduct: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    min_matters: int = 2

    def __post_init__(self) -> None:
        for matter_id in self.matter_ids:
            checked_matter_id(matter_id)
        for officer_id in self.officers:
            checked_id(officer_id, "officer")


@dataclass(frozen=True)
class OfficerPattern:
    """One officer across the matters that name them."""

    officer_id: int
    officer: str
    matters: int
    clients: int
    allegations: int
    conduct: tuple[str, ...]
    first_date: date | None
    last_date: date | None
    commands: tuple[str, ...]
    flagged: bool
    # (kind, value) of the officer's shield, UC and other numbers valid in the period of
    # the allegations (all of them when no allegation is dated), UC first.
    identifiers: tuple[tuple[str, str], ...] = ()
    restricted_matters: int = 0  # of ``matters``: walled off from the person asking


@dataclass(frozen=True)
class CommandPattern:
    """The same conduct by officers of one command in at least ``min_matters`` matters."""

    command: str
    conduct_code: str
    matters: int
    officers: int
    allegations: int


@dataclass(frozen=True)
class PatternReport:
    """Everything ``analyse`` found; officers are flagged first, then by matters."""

    officers: tuple[OfficerPattern, ...]
    command_patterns: tuple[CommandPattern, ...]
    matrix: dict[int, dict[str, int]]
    conduct_labels: dict[str, str]
    timeline: dict[int, tuple[tuple[date, int], ...]]
    co_accused: tuple[tuple[int, int, int], ...]

    @property
    def flagged(self) -> tuple[OfficerPattern, ...]:
        return tuple(item for item in self.officers if item.flagged)


@dataclass(frozen=True, slots=True)
class AllegationFacts:
    """The columns of one allegation that the analysis needs (no ORM objects)."""

    id: int
    matter_id: int
    client_id: int
    date_start: date | None
    date_end: date | None
    command: str | None
    status: str
    officers: tuple[int, ...] = ()
    conduct: tuple[str, ...] = ()
    walled: bool = False  # in a matter walled off from the person asking (ids are tokens)


@dataclass
class _OfficerTotals:
    matters: set[int] = field(default_factory=set)
    walled_matters: set[int] = field(default_factory=set)
    clients: set[int] = field(default_factory=set)
    allegations: int = 0
    conduct: Counter[str] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    commands: set[str] = field(default_factory=set)
    months: Counter[date] = field(default_factory=Counter)


def conduct_descendants(session: Session, codes: Iterable[str]) -> set[str]:
    """The given conduct codes with all their children; unknown codes are refused."""
    wanted = [code.strip().upper() for code in codes if code.strip()]
    if not wanted:
        return set()
    children: dict[str | None, list[str]] = defaultdict(list)
    known: set[str] = set()
    for code, parent in session.execute(select(ConductType.code, ConductType.parent_code)):
        children[parent].append(code)
        known.add(code)
    result: set[str] = set()
    for code in wanted:
        if code not in known:
            raise ValidationError(
                f"conduct code {code!r} is not in the taxonomy (see 'evidence-desk taxonomy list')"
            )
        stack = [code]
        while stack:
            current = stack.pop()
            if current not in result:
                result.add(current)
                stack.extend(children.get(current, ()))
    return result


def _check(criteria: PatternFilter) -> None:
    if criteria.min_matters < 1:
        raise ValidationError("the minimum number of matters for a pattern must be at least 1")
    if criteria.date_from and criteria.date_to and criteria.date_to < criteria.date_from:
        raise ValidationError("the period ends before it starts")


def _allegation_query(session: Session, criteria: PatternFilter) -> Select:
    """Allegations passing every filter except the command one (which needs the officers)."""
    query = select(
        Allegation.id,
        Allegation.matter_id,
        Matter.client_id,
        Allegation.date_start,
        Allegation.date_end,
        Allegation.command,
        Allegation.status,
    ).join(Matter, Matter.id == Allegation.matter_id)
    if criteria.matter_ids:
        query = query.where(Allegation.matter_id.in_(criteria.matter_ids))
    if criteria.statuses:
        query = query.where(Allegation.status.in_(criteria.statuses))
    if criteria.date_from:
        query = query.where(Allegation.date_end >= criteria.date_from)
    if criteria.date_to:
        query = query.where(Allegation.date_start <= criteria.date_to)
    if criteria.conduct:
        codes = conduct_descendants(session, criteria.conduct)
        query = query.where(
            Allegation.id.in_(
                select(AllegationConduct.allegation_id).where(
                    AllegationConduct.conduct_code.in_(codes)
                )
            )
        )
    if criteria.officers:
        query = query.where(
            Allegation.id.in_(
                select(AllegationOfficer.allegation_id).where(
                    AllegationOfficer.officer_id.in_(criteria.officers),
                    AllegationOfficer.role.in_(COUNTED_ROLES),
                )
            )
        )
    return query


def load_facts(
    session: Session, criteria: PatternFilter
) -> tuple[list[AllegationFacts], dict[int, tuple[str, str | None]]]:
    """The filtered allegations with their officers and conduct, and the officers named.

    Returns (allegations in date order, officer id -> (name, command)). Used by the
    analysis, the memos and the CSV export so that all three agree on what a filter means.
    """
    _check(criteria)
    base = _allegation_query(session, criteria).subquery()
    rows = session.execute(select(base)).all()
    officer_links: dict[int, list[int]] = defaultdict(list)
    for allegation_id, officer_id in session.execute(
        select(AllegationOfficer.allegation_id, AllegationOfficer.officer_id)
        .join(base, base.c.id == AllegationOfficer.allegation_id)
        .where(AllegationOfficer.role.in_(COUNTED_ROLES))
        .order_by(AllegationOfficer.allegation_id, AllegationOfficer.officer_id)
    ):
        officer_links[allegation_id].append(officer_id)
    conduct_links: dict[int, list[str]] = defaultdict(list)
    for allegation_id, code in session.execute(
        select(AllegationConduct.allegation_id, AllegationConduct.conduct_code)
        .join(base, base.c.id == AllegationConduct.allegation_id)
        .order_by(AllegationConduct.allegation_id, AllegationConduct.conduct_code)
    ):
        conduct_links[allegation_id].append(code)
    officer_ids = {officer_id for ids in officer_links.values() for officer_id in ids}
    officers: dict[int, tuple[str, str | None]] = {}
    if officer_ids:
        for officer_id, name, command in session.execute(
            select(Officer.id, Officer.name, Officer.command).where(Officer.id.in_(officer_ids))
        ):
            officers[officer_id] = (name, command)
    wanted_commands = {command.strip().casefold() for command in criteria.commands}
    facts: list[AllegationFacts] = []
    for row in rows:
        linked = tuple(officer_links.get(row.id, ()))
        if wanted_commands:
            if row.command:
                commands = {row.command.casefold()}
            else:
                commands = {(officers[officer_id][1] or "").casefold() for officer_id in linked}
            if not commands & wanted_commands:
                continue
        facts.append(
            AllegationFacts(
                id=row.id,
                matter_id=row.matter_id,
                client_id=row.client_id,
                date_start=row.date_start,
                date_end=row.date_end,
                command=row.command,
                status=row.status,
                officers=linked,
                conduct=tuple(conduct_links.get(row.id, ())),
            )
        )
    facts.sort(key=lambda item: (item.date_start is None, item.date_start or date.min, item.id))
    return facts, officers


def walled_facts(
    session: Session, criteria: PatternFilter, officers: dict[int, tuple[str, str | None]]
) -> list[AllegationFacts]:
    """The allegations of matters walled off from this person that pass ``criteria``, as
    facts with negative stand-in ids (none on an embedded library, or when the filter names
    matters). ``officers`` gains the officers only they name."""
    if session.get_bind().dialect.name != "postgresql" or criteria.matter_ids:
        return []
    rows = session.execute(text("SELECT * FROM evidence_desk_walled_allegations()")).all()
    codes = conduct_descendants(session, criteria.conduct) if criteria.conduct else None
    wanted_commands = {command.strip().casefold() for command in criteria.commands}
    missing = {
        officer_id for row in rows for officer_id in row.officer_ids if officer_id not in officers
    }
    if missing:
        for officer_id, name, command in session.execute(
            select(Officer.id, Officer.name, Officer.command).where(Officer.id.in_(missing))
        ):
            officers[officer_id] = (name, command)
    facts = []
    for index, row in enumerate(rows, start=1):
        linked = tuple(
            officer_id
            for officer_id, role in zip(row.officer_ids, row.officer_roles, strict=True)
            if role in COUNTED_ROLES
        )
        if criteria.statuses and row.status not in criteria.statuses:
            continue
        if criteria.date_from and not (row.date_end and row.date_end >= criteria.date_from):
            continue
        if criteria.date_to and not (row.date_start and row.date_start <= criteria.date_to):
            continue
        if codes is not None and not set(row.conduct) & codes:
            continue
        if criteria.officers and not set(linked) & set(criteria.officers):
            continue
        if wanted_commands:
            if row.command:
                commands = {row.command.casefold()}
            else:
                commands = {(officers[officer_id][1] or "").casefold() for officer_id in linked}
            if not commands & wanted_commands:
                continue
        facts.append(
            AllegationFacts(
                id=-index,
                matter_id=-row.matter_token,
                client_id=-row.matter_token,
                date_start=row.date_start,
                date_end=row.date_end,
                command=row.command,
                status=row.status,
                officers=linked,
                conduct=tuple(row.conduct),
                walled=True,
            )
        )
    return facts


def conduct_labels(session: Session) -> dict[str, str]:
    """Every conduct code with its label, in taxonomy order."""
    return {
        code: label
        for code, label in session.execute(
            select(ConductType.code, ConductType.label).order_by(
                ConductType.position, ConductType.code
            )
        )
    }


# The order identifiers are named in: the numbers sources use to name undercover officers first.
IDENTIFIER_ORDER = ("uc", "shield", "tax_id", "employee")


def analyse(library: Library, criteria: PatternFilter = PatternFilter()) -> PatternReport:
    """Find the patterns among the allegations that pass ``criteria``."""
    with library.read() as session:
        facts, officers = load_facts(session, criteria)
        facts += walled_facts(session, criteria, officers)
        labels = conduct_labels(session)
        report = build_report(facts, officers, labels, criteria.min_matters)
        numbers = _identifiers_in_period(session, report.officers)
    return replace(
        report,
        officers=tuple(
            replace(item, identifiers=numbers.get(item.officer_id, ())) for item in report.officers
        ),
    )


def _identifiers_in_period(
    session: Session, patterns: Iterable[OfficerPattern]
) -> dict[int, tuple[tuple[str, str], ...]]:
    """Each officer's identifiers valid at some time in the period of their allegations: a
    shield number reissued to someone else before or after is not the officer's here."""
    periods = {item.officer_id: (item.first_date, item.last_date) for item in patterns}
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if not periods:
        return {}
    rows = session.execute(
        select(
            OfficerIdentifier.officer_id,
            OfficerIdentifier.kind,
            OfficerIdentifier.value,
            OfficerIdentifier.valid_from,
            OfficerIdentifier.valid_to,
        ).where(OfficerIdentifier.officer_id.in_(periods))
    )
    for officer_id, kind, value, valid_from, valid_to in rows:
        first, last = periods[officer_id]
        outside = (valid_to is not None and first is not None and valid_to < first) or (
            valid_from is not None and last is not None and valid_from > last
        )
        if not outside and (kind, value) not in found[officer_id]:
            found[officer_id].append((kind, value))
    order = {kind: position for position, kind in enumerate(IDENTIFIER_ORDER)}
    return {
        officer_id: tuple(sorted(pairs, key=lambda pair: (order.get(pair[0], 99), pair[1])))
        for officer_id, pairs in found.items()
    }


def allegations_behind(
    library: Library,
    criteria: PatternFilter,
    officer_id: int,
    conduct_code: str | None = None,
) -> list[AllegationRecord]:
    """The allegations a cell of the officer × conduct matrix counts, in date order: those
    passing ``criteria`` that name the officer (in a counted role) and, when given, carry
    the conduct code itself."""
    from .allegations import allegation_records  # allegations imports officers, not patterns

    with library.read() as session:
        facts, _officers = load_facts(session, replace(criteria, officers=(officer_id,)))
        wanted = [
            item.id
            for item in facts
            if officer_id in item.officers
            and (conduct_code is None or conduct_code in item.conduct)
        ]
        return allegation_records(session, wanted)


def build_report(
    facts: list[AllegationFacts],
    officers: dict[int, tuple[str, str | None]],
    labels: dict[str, str],
    min_matters: int,
) -> PatternReport:
    """The analysis proper, over facts already loaded (pure: no database)."""
    totals: dict[int, _OfficerTotals] = defaultdict(_OfficerTotals)
    pairs: Counter[tuple[int, int]] = Counter()
    command_matters: dict[tuple[str, str], set[int]] = defaultdict(set)
    command_officers: dict[tuple[str, str], set[int]] = defaultdict(set)
    command_allegations: dict[tuple[str, str], set[int]] = defaultdict(set)
    for item in facts:
        for officer_id in item.officers:
            entry = totals[officer_id]
            entry.matters.add(item.matter_id)
            if item.walled:
                entry.walled_matters.add(item.matter_id)
            entry.clients.add(item.client_id)
            entry.allegations += 1
            entry.conduct.update(item.conduct)
            if item.date_start is not None:
                end = item.date_end or item.date_start
                entry.first = (
                    item.date_start if entry.first is None else min(entry.first, item.date_start)
                )
                entry.last = end if entry.last is None else max(entry.last, end)
                entry.months[item.date_start.replace(day=1)] += 1
            command = item.command or officers.get(officer_id, ("", None))[1]
            if command:
                entry.commands.add(command)
                for code in item.conduct:
                    key = (command, code)
                    command_matters[key].add(item.matter_id)
                    command_officers[key].add(officer_id)
                    command_allegations[key].add(item.id)
        for left, right in combinations(sorted(set(item.officers)), 2):
            pairs[(left, right)] += 1

    positions = {code: index for index, code in enumerate(labels)}

    def conduct_order(code: str) -> tuple[int, str]:
        return (positions.get(code, len(positions)), code)

    patterns = [
        OfficerPattern(
            officer_id=officer_id,
            officer=officers.get(officer_id, ("an officer no longer in the registry", None))[0],
            matters=len(entry.matters),
            clients=len(entry.clients),
            allegations=entry.allegations,
            conduct=tuple(sorted(entry.conduct, key=conduct_order)),
            first_date=entry.first,
            last_date=entry.last,
            commands=tuple(sorted(entry.commands)),
            flagged=len(entry.matters) >= min_matters,
            restricted_matters=len(entry.walled_matters),
        )
        for officer_id, entry in totals.items()
    ]
    patterns.sort(
        key=lambda item: (
            not item.flagged,
            -item.matters,
            -item.allegations,
            item.officer.casefold(),
            item.officer_id,
        )
    )
    command_patterns = sorted(
        (
            CommandPattern(
                command=command,
                conduct_code=code,
                matters=len(matters),
                officers=len(command_officers[(command, code)]),
                allegations=len(command_allegations[(command, code)]),
            )
            for (command, code), matters in command_matters.items()
            if len(matters) >= min_matters
        ),
        key=lambda item: (-item.matters, -item.allegations, item.command, item.conduct_code),
    )
    return PatternReport(
        officers=tuple(patterns),
        command_patterns=tuple(command_patterns),
        matrix={
            officer_id: dict(sorted(entry.conduct.items(), key=lambda pair: conduct_order(pair[0])))
            for officer_id, entry in totals.items()
        },
        conduct_labels=labels,
        timeline={
            officer_id: tuple(sorted(entry.months.items())) for officer_id, entry in totals.items()
        },
        co_accused=tuple(
            (left, right, count)
            for (left, right), count in sorted(
                pairs.items(), key=lambda pair: (-pair[1], pair[0][0], pair[0][1])
            )
        ),
    )
