"""Merging officers and undoing it exactly: every row back as it was, ids included."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from evidence_desk.core import allegations, audit, officers
from evidence_desk.core.allegations import AllegationInput, OfficerLink
from evidence_desk.core.errors import ConflictError, NotFoundError, ValidationError
from evidence_desk.core.library import Library
from evidence_desk.core.officers import IdentifierInput
from evidence_desk.core.records import MatterId
from tests.core.evidence_builders import add_matter

pytestmark = pytest.mark.databases

REGISTRY_TABLES = ("officer", "officer_identifier", "officer_alias", "allegation_officer")


def dump(library: Library) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the registry tables, every column, in a stable order.

    Except an officer's edit version: a merge and its undo are two saved changes, so an
    editor opened before them is told its copy is old (see ``edit_versions``)."""
    with library.read() as session:
        return {
            table: [
                tuple(value for key, value in row.items() if key != "version")
                for row in session.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))
                .mappings()
                .all()
            ]
            for table in REGISTRY_TABLES
        }


def _verify(library: Library) -> None:
    with library.read() as session:
        _count, problem = audit.verify(session)
    assert problem is None, problem


@pytest.fixture
def pair(library: Library) -> dict[str, int]:
    """The same undercover officer registered twice, plus a bystander, with allegations."""
    first = add_matter(library, "2024-001", "Jane Doe").id
    second = add_matter(library, "2024-002", "Ann Roe").id
    keep = officers.add_officer(
        library,
        "John Smith",
        rank="P.O.",
        identifiers=[IdentifierInput("shield", "4521", date(2015, 1, 1), date(2019, 12, 31))],
        aliases=["Det. J. Smith 4521"],
    )
    other = officers.add_officer(
        library,
        "Jon Smyth",
        command="Brooklyn South Vice",
        agency="NYPD",
        identifiers=[
            IdentifierInput("uc", "0214"),
            IdentifierInput("shield", "9876", date(2020, 1, 1)),  # after a promotion
        ],
        aliases=["UC #0214", "P.O. Smyth"],
    )
    bystander = officers.add_officer(library, "Maria Lopez")

    def allegation(matter_id: MatterId, links: tuple[OfficerLink, ...]) -> int:
        return allegations.add_allegation(
            library,
            AllegationInput(
                matter_id=matter_id,
                officers=links,
                date="2021-03-12",
                conduct=("UC.EXPOSURE",),
                summary="exposure before arrest",
            ),
        ).id

    only_other = allegation(first, (OfficerLink(other.id), OfficerLink(bystander.id, "present")))
    both = allegation(second, (OfficerLink(keep.id, "present"), OfficerLink(other.id, "accused")))
    allegation(second, (OfficerLink(keep.id),))
    return {
        "keep": keep.id,
        "other": other.id,
        "bystander": bystander.id,
        "only_other": only_other,
        "both": both,
    }


def test_merge_moves_everything_to_the_survivor(library: Library, pair: dict[str, int]) -> None:
    merge = officers.merge_officers(
        library, pair["keep"], pair["other"], reason="same UC per CCRB letter"
    )
    assert merge.survivor_id == pair["keep"] and merge.merged_id == pair["other"]
    assert merge.reason == "same UC per CCRB letter" and merge.merged_by == library.user
    survivor = officers.get_officer(library, pair["keep"])
    assert {(i.kind, i.value) for i in survivor.identifiers} == {
        ("shield", "4521"),
        ("uc", "0214"),
        ("shield", "9876"),
    }
    assert {a.text for a in survivor.aliases} == {
        "Det. J. Smith 4521",
        "UC #0214",
        "P.O. Smyth",
        "Jon Smyth",
    }
    # Blank details are filled from the merged officer; the survivor's own are kept.
    assert survivor.rank == "P.O." and survivor.command == "Brooklyn South Vice"
    assert survivor.allegation_count == 3 and survivor.matter_count == 2
    merged = officers.get_officer(library, pair["other"])
    assert merged.merged_into_id == pair["keep"]
    assert merged.identifiers == () and merged.aliases == ()
    assert pair["other"] not in [o.id for o in officers.list_officers(library)]
    # On the allegation both were on, the survivor keeps its own role.
    both = allegations.get_allegation(library, pair["both"])
    assert [(o.officer_id, o.role) for o in both.officers] == [(pair["keep"], "present")]
    assert officers.list_merges(library, pair["other"]) == [merge]
    _verify(library)


def test_unmerge_restores_the_registry_exactly(library: Library, pair: dict[str, int]) -> None:
    before = dump(library)
    merge = officers.merge_officers(library, pair["keep"], pair["other"], reason="same person")
    assert dump(library) != before
    survivor, merged = officers.unmerge_officer(library, merge.id)
    assert dump(library) == before
    assert survivor.id == pair["keep"] and merged.id == pair["other"]
    assert merged.merged_into_id is None
    assert officers.list_merges(library)[0].unmerged_at is not None
    _verify(library)
    with pytest.raises(ConflictError, match="already undone"):
        officers.unmerge_officer(library, merge.id)
    # And again: a second merge and unmerge round-trips just the same.
    again = officers.merge_officers(library, pair["other"], pair["keep"])
    officers.unmerge_officer(library, again.id)
    assert dump(library) == before
    _verify(library)


def test_rows_added_after_the_merge_stay_with_the_survivor(
    library: Library, pair: dict[str, int]
) -> None:
    merge = officers.merge_officers(library, pair["keep"], pair["other"])
    later = officers.add_alias(library, pair["keep"], "PO J Smith")
    officers.unmerge_officer(library, merge.id)
    assert later in officers.get_officer(library, pair["keep"]).aliases
    assert "UC #0214" in {a.text for a in officers.get_officer(library, pair["other"]).aliases}
    _verify(library)


def test_conflicting_identifiers_need_force(library: Library, pair: dict[str, int]) -> None:
    officers.add_identifier(
        library, pair["bystander"], IdentifierInput("shield", "1111", date(2018, 1, 1))
    )
    conflicts = officers.merge_conflicts(library, pair["keep"], pair["bystander"])
    assert [(c.kind, c.survivor_value, c.merged_value) for c in conflicts] == [
        ("shield", "4521", "1111")
    ]
    assert "overlaps" in conflicts[0].message
    # The person reading the conflict knows officers by name, not by database number.
    assert "4521 of P.O. John Smith (shield 4521)" in conflicts[0].message
    assert "1111 of Maria Lopez" in conflicts[0].message
    before = dump(library)
    with pytest.raises(ConflictError, match=r"conflicting identifiers.*--force"):
        officers.merge_officers(library, pair["keep"], pair["bystander"])
    assert dump(library) == before
    merge = officers.merge_officers(library, pair["keep"], pair["bystander"], force=True)
    officers.unmerge_officer(library, merge.id)
    assert dump(library) == before
    _verify(library)


def test_identifiers_of_different_periods_do_not_conflict(
    library: Library, pair: dict[str, int]
) -> None:
    # 4521 until 2019, 9876 from 2020: a promotion, not a clash.
    assert officers.merge_conflicts(library, pair["keep"], pair["other"]) == []


def test_a_chain_of_merges_is_undone_from_the_end(library: Library, pair: dict[str, int]) -> None:
    before = dump(library)
    first = officers.merge_officers(library, pair["keep"], pair["other"])
    second = officers.merge_officers(library, pair["bystander"], pair["keep"])
    with pytest.raises(ConflictError, match="undo that merge first"):
        officers.unmerge_officer(library, first.id)
    assert officers.latest_merge(library, pair["keep"]) == second
    officers.unmerge_officer(library, second.id)
    assert officers.latest_merge(library, pair["other"]) == first
    officers.unmerge_officer(library, first.id)
    assert dump(library) == before
    _verify(library)


def test_bad_merges_are_refused(library: Library, pair: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="into itself"):
        officers.merge_officers(library, pair["keep"], pair["keep"])
    with pytest.raises(NotFoundError, match="no officer with id 99"):
        officers.merge_officers(library, pair["keep"], 99)
    with pytest.raises(NotFoundError, match="no officer merge with id 5"):
        officers.unmerge_officer(library, 5)
    with pytest.raises(NotFoundError, match="no merge to undo"):
        officers.latest_merge(library, pair["keep"])
    officers.merge_officers(library, pair["keep"], pair["other"])
    with pytest.raises(
        ConflictError, match=r"Jon Smyth was merged into P\.O\. John Smith \(shield 4521\)"
    ):
        officers.merge_officers(library, pair["bystander"], pair["other"])
    with pytest.raises(
        ConflictError, match=r"Jon Smyth was merged into P\.O\. John Smith \(shield 4521\)"
    ):
        officers.add_alias(library, pair["other"], "x")
