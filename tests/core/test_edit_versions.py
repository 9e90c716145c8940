"""Two people editing the same record: the second save is refused, naming the first change."""

from __future__ import annotations

import pytest

from evidence_desk.core import allegations, matters, notes, officers
from evidence_desk.core.allegations import AllegationInput, OfficerLink, input_from_record
from evidence_desk.core.errors import EditConflictError
from evidence_desk.core.library import Library
from tests.office import Office

pytestmark = pytest.mark.databases


def _allegation(library: Library) -> allegations.AllegationRecord:
    matter = matters.add_matter(library, matters.MatterInput("V-1", "People v. V", "Val V"))
    kell = officers.add_officer(library, "Thomas Kell")
    return allegations.add_allegation(
        library,
        AllegationInput(
            matter_id=matter.id,
            officers=(OfficerLink(kell.id),),
            date="2024-03",
            conduct=("UC.EXPOSURE",),
            summary="Exposure before the arrest",
        ),
    )


def test_a_save_from_an_older_version_is_refused(library: Library) -> None:
    opened = _allegation(library)  # both editors open version 1
    first = allegations.update_allegation(
        library,
        opened.id,
        AllegationInput(**{**_fields(opened), "summary": "Exposure, then the arrest"}),
        expected_version=opened.version,
    )[1]
    assert first.version > opened.version
    with pytest.raises(EditConflictError) as refused:
        allegations.update_allegation(
            library,
            opened.id,
            AllegationInput(**{**_fields(opened), "narrative": "He said nothing."}),
            expected_version=opened.version,
        )
    error = refused.value
    assert error.current_version == first.version and error.changed_by == library.user
    assert f"changed by {library.user}" in str(error) and "(summary)" in str(error)
    assert "reload it" in str(error)
    stored = allegations.get_allegation(library, opened.id)
    assert stored.summary == "Exposure, then the arrest" and stored.narrative == ""
    # Saving again from the version now stored goes through.
    allegations.update_allegation(
        library, opened.id, input_from_record(stored), expected_version=stored.version
    )


def test_officers_matters_and_notes_carry_versions_too(library: Library) -> None:
    opened = _allegation(library)
    kell = officers.get_officer(library, opened.officers[0].officer_id)
    officers.update_officer(library, kell.id, rank="Det.", expected_version=kell.version)
    with pytest.raises(EditConflictError, match=r"Thomas Kell was changed by .* \(rank\)"):
        officers.update_officer(library, kell.id, rank="Sgt.", expected_version=kell.version)
    matter = matters.get_matter(library, opened.matter_id)
    matters.update_matter(
        library, matter.id, client_name="Valerie V", expected_version=matter.version
    )
    with pytest.raises(EditConflictError, match=r"matter V-1 was changed .* \(client\)"):
        matters.update_matter(library, matter.id, caption="X", expected_version=matter.version)
    note = notes.add_note(library, matter.id, "Call", "Called back.")
    notes.update_note(library, note.id, body="Called back twice.", expected_version=note.version)
    with pytest.raises(EditConflictError, match=r"note “Call” was changed .* \(text\)"):
        notes.update_note(library, note.id, title="Calls", expected_version=note.version)


def test_every_listing_carries_the_version_an_editor_starts_from(library: Library) -> None:
    opened = _allegation(library)
    kell = opened.officers[0].officer_id
    officers.update_officer(library, kell, rank="Det.")
    officers.update_officer(library, kell, rank="Sgt.")
    [listed] = officers.list_officers(library)
    assert listed.version == officers.get_officer(library, kell).version > 1
    [summary] = allegations.list_allegations(library)
    assert allegations.get_allegation(library, summary.id).version == opened.version
    [item] = matters.list_matters(library)
    assert item.matter.version == matters.get_matter(library, opened.matter_id).version


def _fields(record: allegations.AllegationRecord) -> dict[str, object]:
    data = input_from_record(record)
    return {name: getattr(data, name) for name in AllegationInput.__dataclass_fields__}


@pytest.mark.postgres
def test_the_conflict_names_the_other_person(office: Office) -> None:
    office.add_people("alice", "bob")
    with office.open("alice") as alice:
        opened = _allegation(alice)
    with office.open("alice") as alice, office.open("bob") as bob:
        seen_by_alice = allegations.get_allegation(alice, opened.id)
        seen_by_bob = allegations.get_allegation(bob, opened.id)
        allegations.update_allegation(
            bob,
            opened.id,
            AllegationInput(**{**_fields(seen_by_bob), "date": "2024-03-02"}),
            expected_version=seen_by_bob.version,
        )
        with pytest.raises(EditConflictError, match=r"changed by bob at .* \(date\) after"):
            allegations.update_allegation(
                alice,
                opened.id,
                AllegationInput(**{**_fields(seen_by_alice), "summary": "Alice's words"}),
                expected_version=seen_by_alice.version,
            )
        assert allegations.get_allegation(alice, opened.id).summary == opened.summary
