"""Possible duplicates in the registry, offered to a person for merging.

Two records are offered when they share an identifier (compared without leading zeros,
spaces or "#") and nothing says they are two people: a career-long identifier (tax id,
employee no., CCRB id) shared is ``high`` when the names agree and ``possible`` when they do
not (a married name, a typo); a shield or undercover number shared is ``possible`` only
when the names agree or are similar ("Tom"/"Thomas"), since shields are reissued to other
officers. Records whose
career-long identifiers differ are never offered, nor a pair a person already split again
by undoing their merge. Nothing is merged here: ``officers.merge_officers`` does that.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .identity import identifier_label
from .library import Library
from .matching import (
    Confidence,
    NameComparison,
    RegistryEntry,
    compare_names,
    registry_matcher,
)
from .model import Officer, OfficerMerge
from .officers import officer_record
from .records import OfficerRecord
from .vocabulary import STABLE_IDENTIFIER_KINDS

LARGEST_GROUP = 25  # more officers on one value is a placeholder ("0", "999"), not a person


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    """Two registered officers that may be one person, with how sure and why."""

    first: OfficerRecord
    second: OfficerRecord
    confidence: Confidence
    reason: str


def find_possible_duplicates(
    library: Library, *, officer_id: int | None = None
) -> list[PossibleDuplicate]:
    """Pairs of live officers that may be the same person, surest first."""
    entries = registry_matcher(library).entries
    groups: dict[tuple[str, str], list[int]] = {}
    for entry in entries.values():
        for identifier in {(item.kind, item.normalised) for item in entry.identifiers}:
            groups.setdefault(identifier, []).append(entry.id)
    with library.read() as session:
        split_again = {
            frozenset((survivor, merged))
            for survivor, merged in session.execute(
                select(OfficerMerge.survivor_id, OfficerMerge.merged_id).where(
                    OfficerMerge.unmerged_at.is_not(None)
                )
            )
        }
    found: dict[tuple[int, int], tuple[Confidence, list[str]]] = {}
    for (kind, value), owners in groups.items():
        if len(owners) < 2 or len(owners) > LARGEST_GROUP:
            continue
        for left_id, right_id in combinations(sorted(owners), 2):
            if officer_id is not None and officer_id not in (left_id, right_id):
                continue
            if frozenset((left_id, right_id)) in split_again:
                continue
            left, right = entries[left_id], entries[right_id]
            if _stable_identifiers_differ(left, right):
                continue
            shown = next(item.value for item in left.identifiers if item.normalised == value)
            label = identifier_label(kind, shown)
            names = _names(left, right)
            confidence: Confidence
            if kind in STABLE_IDENTIFIER_KINDS:
                if names.verdict in ("agrees", "unknown"):
                    confidence, why = "high", f"same {label}"
                else:
                    confidence, why = "possible", f"same {label}, but the names differ"
            elif names.verdict == "agrees":
                confidence, why = "possible", f"same {label} and the names agree"
            elif names.verdict == "unclear":
                confidence, why = "possible", f"same {label} and similar names"
            elif names.verdict == "unknown":
                confidence, why = "possible", f"same {label}; one of them has no name yet"
            else:
                continue  # a reissued shield: another officer
            pair = (left_id, right_id)
            earlier = found.get(pair)
            if earlier is None:
                found[pair] = (confidence, [why])
            else:
                best = "high" if "high" in (earlier[0], confidence) else "possible"
                found[pair] = (best, [*earlier[1], why])
    if not found:
        return []
    ids = {officer for pair in found for officer in pair}
    with library.read() as session:
        records = {
            officer.id: officer_record(officer)
            for officer in session.execute(
                select(Officer)
                .where(Officer.id.in_(ids))
                .options(selectinload(Officer.identifiers), selectinload(Officer.aliases))
            ).scalars()
        }
    ordered = sorted(found.items(), key=lambda item: (item[1][0] != "high", item[0]))
    return [
        PossibleDuplicate(records[left], records[right], confidence, "; ".join(reasons))
        for (left, right), (confidence, reasons) in ordered
        if left in records and right in records
    ]


_VERDICT_ORDER = ("contradicts", "unknown", "unclear", "agrees")


def _names(left: RegistryEntry, right: RegistryEntry) -> NameComparison:
    """How the two names compare, each way round ("Perez" is part of "Perez-Ruiz", while
    "Perez-Ruiz" is more than "Perez"): the kinder verdict counts."""
    one = compare_names(left.name_parts, right.name_parts)
    other = compare_names(right.name_parts, left.name_parts)
    return max(one, other, key=lambda item: _VERDICT_ORDER.index(item.verdict))


def _stable_identifiers_differ(left: RegistryEntry, right: RegistryEntry) -> bool:
    """Both hold a career-long identifier of one kind, and no value in common: two people."""
    for kind in STABLE_IDENTIFIER_KINDS:
        mine = {item.normalised for item in left.identifiers if item.kind == kind}
        theirs = {item.normalised for item in right.identifiers if item.kind == kind}
        if mine and theirs and not (mine & theirs):
            return True
    return False
