"""The same officer twice: refused when registering, offered for merging when found."""

from __future__ import annotations

import pytest

from evidence_desk.core import officers
from evidence_desk.core.library import Library
from evidence_desk.core.officer_duplicates import find_possible_duplicates
from evidence_desk.core.officers import DuplicateOfficerError, IdentifierInput

pytestmark = pytest.mark.databases


def _add(library: Library, name: str, *, force: bool = True, **identifiers: str) -> int:
    items = [IdentifierInput(kind, value) for kind, value in identifiers.items()]
    return officers.add_officer(library, name, identifiers=items, force=force).id


def test_registering_a_known_officer_again_is_refused_with_the_reason(library: Library) -> None:
    moynihan = _add(library, "Shawn Moynihan", force=False, shield="3202", tax_id="912345")
    with pytest.raises(DuplicateOfficerError, match="already registered with tax id 0912345"):
        _add(library, "S. Moynihan", force=False, tax_id="0912345")
    with pytest.raises(DuplicateOfficerError, match="shield 03202 and the name") as refused:
        _add(library, "Shawn Moynihan", force=False, shield="03202")
    assert refused.value.officer_ids == (moynihan,)
    with pytest.raises(DuplicateOfficerError, match="no identifier to tell it from"):
        _add(library, "Shawn Moynihan", force=False)
    # A reissued shield with another name is another officer: registered at once.
    alvarez = _add(library, "Maria Alvarez", force=False, shield="3202")
    assert alvarez != moynihan
    # Forced, because the person registering knows better.
    assert _add(library, "Shawn Moynihan", force=True) not in (moynihan, alvarez)


def test_possible_duplicates_share_an_identifier_and_a_compatible_name(library: Library) -> None:
    by_hand = _add(library, "Shawn Moynihan", shield="3202")
    roster = _add(library, "Shawn Moynihan", shield="03202", tax_id="912345")
    reissued = _add(library, "Maria Alvarez", shield="3202")
    married = _add(library, "Ana Perez-Ruiz", tax_id="555")
    maiden = _add(library, "Ana Perez", tax_id="00555")
    unnamed = officers.add_officer(
        library, "", description="white male", identifiers=[IdentifierInput("uc", "214")]
    ).id
    named = _add(library, "Thomas Kell", uc="0214")
    _add(library, "Luis Diaz", tax_id="1", shield="77")
    _add(library, "Luis Diaz", tax_id="2", shield="77")  # another Luis Diaz: other tax id
    pairs = {
        (pair.first.id, pair.second.id): (pair.confidence, pair.reason)
        for pair in find_possible_duplicates(library)
    }
    assert pairs == {
        (married, maiden): ("high", "same tax id 555"),  # "Perez" is part of "Perez-Ruiz"
        (by_hand, roster): ("possible", "same shield 3202 and the names agree"),
        (unnamed, named): ("possible", "same UC 214; one of them has no name yet"),
    }
    renamed = _add(library, "Ana Gomez", tax_id="555")
    assert find_possible_duplicates(library, officer_id=renamed)[0].reason == (
        "same tax id 555, but the names differ"
    )
    assert (by_hand, reissued) not in pairs and (roster, reissued) not in pairs


def test_a_pair_split_again_by_an_unmerge_is_not_offered_again(library: Library) -> None:
    first = _add(library, "Kevin O'Brien", shield="777")
    second = _add(library, "Kevin OBrien", shield="0777")
    assert [(p.first.id, p.second.id) for p in find_possible_duplicates(library)] == [
        (first, second)
    ]
    merge = officers.merge_officers(library, first, second)
    assert find_possible_duplicates(library) == []  # one officer now
    officers.unmerge_officer(library, merge.id)
    assert find_possible_duplicates(library) == []  # a person said: two officers
    assert find_possible_duplicates(library, officer_id=first) == []
