"""The officer registry: details, identifiers and aliases, each change audited and undoable."""

from __future__ import annotations

from datetime import date

import pytest

from evidence_desk.core import audit, officers
from evidence_desk.core.errors import ConflictError, NotFoundError, ValidationError
from evidence_desk.core.library import Library
from evidence_desk.core.officers import IdentifierInput

pytestmark = pytest.mark.databases


def _verify(library: Library) -> None:
    with library.read() as session:
        _count, problem = audit.verify(session)
    assert problem is None, problem


def test_update_officer_returns_before_and_after(library: Library) -> None:
    officer = officers.add_officer(library, "John Smith", rank="P.O.")
    before, after = officers.update_officer(
        library, officer.id, rank="Det.", command="Vice", description=""
    )
    assert before.rank == "P.O." and after.rank == "Det." and after.command == "Vice"
    assert officers.get_officer(library, officer.id).rank == "Det."
    # Undo is the same call with the "before" values.
    officers.update_officer(library, officer.id, rank=before.rank, command=before.command or "")
    restored = officers.get_officer(library, officer.id)
    assert restored.rank == "P.O." and restored.command is None
    _verify(library)


def test_update_officer_refuses_an_empty_name(library: Library) -> None:
    officer = officers.add_officer(library, "John Smith")
    with pytest.raises(ValidationError, match="needs a name"):
        officers.update_officer(library, officer.id, name="  ")
    with pytest.raises(NotFoundError, match="no officer with id 99"):
        officers.update_officer(library, 99, rank="x")


def test_identifiers_with_periods_are_added_removed_and_restored(library: Library) -> None:
    officer = officers.add_officer(library, "John Smith")
    shield = officers.add_identifier(
        library,
        officer.id,
        IdentifierInput("shield", "#4521", date(2015, 1, 1), date(2019, 12, 31)),
    )
    assert shield.value == "4521" and shield.valid_to == date(2019, 12, 31)
    with pytest.raises(ConflictError, match="already has"):
        officers.add_identifier(
            library,
            officer.id,
            IdentifierInput("shield", "04521", date(2015, 1, 1), date(2019, 12, 31)),
        )
    with pytest.raises(ValidationError, match="before valid-from"):
        officers.add_identifier(
            library, officer.id, IdentifierInput("shield", "1", date(2020, 1, 1), date(2019, 1, 1))
        )
    with pytest.raises(ValidationError, match="identifier kind 'badge'"):
        officers.add_identifier(library, officer.id, IdentifierInput("badge", "1"))
    removed = officers.remove_identifier(library, shield.id)
    assert officers.get_officer(library, officer.id).identifiers == ()
    officers.restore_identifier(library, removed)
    assert officers.get_officer(library, officer.id).identifiers == (shield,)
    with pytest.raises(NotFoundError):
        officers.remove_identifier(library, 999)
    _verify(library)


def test_aliases_are_added_removed_and_restored(library: Library) -> None:
    officer = officers.add_officer(library, "John Smith")
    alias = officers.add_alias(library, officer.id, " P.O. Smyth ", source="DD5 of 3 May")
    assert alias.text == "P.O. Smyth" and alias.source == "DD5 of 3 May"
    with pytest.raises(ConflictError, match="already has the alias"):
        officers.add_alias(library, officer.id, "p.o. smyth")
    with pytest.raises(ValidationError):
        officers.add_alias(library, officer.id, "   ")
    removed = officers.remove_alias(library, alias.id)
    assert officers.get_officer(library, officer.id).aliases == ()
    assert officers.restore_alias(library, removed) == alias
    assert officers.get_officer(library, officer.id).aliases == (alias,)
    _verify(library)


def test_unidentified_officer_is_kept_as_a_description(library: Library) -> None:
    officer = officers.add_officer(library, "", description="white male, 40s, UC")
    assert officer.name == "Unidentified officer"
    assert officer.description == "white male, 40s, UC"
    with pytest.raises(ValidationError):
        officers.add_officer(library, " ")


def test_delete_and_restore_an_officer(library: Library) -> None:
    officer = officers.add_officer(
        library,
        "John Smith",
        identifiers=[IdentifierInput("shield", "4521", date(2015, 1, 1))],
        aliases=["P.O. Smyth"],
    )
    deleted = officers.delete_officer(library, officer.id)
    assert deleted == officer
    with pytest.raises(NotFoundError):
        officers.get_officer(library, officer.id)
    assert officers.restore_officer(library, deleted) == officer
    other = officers.add_officer(library, "Jon Smyth")
    officers.merge_officers(library, officer.id, other.id)
    with pytest.raises(ConflictError, match="part of a merge"):
        officers.delete_officer(library, other.id)
    _verify(library)
