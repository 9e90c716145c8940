"""Honest matching: each suggestion says how sure it is, and why it is not sure.

The registry here has what a real roster has: a shield reissued to a second officer, a
surname held by 28 officers, an undercover number written with leading zeros, an apostrophe
and a hyphen in surnames, ranks in several spellings.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from evidence_desk.core import matching, officers
from evidence_desk.core.library import Library
from evidence_desk.core.officers import IdentifierInput

RODRIGUEZ_FIRST = [
    *("Ana", "Luis", "Jose", "Maria", "Carlos", "Juan", "Rosa", "Pedro", "Elena", "Miguel"),
    *("Sofia", "Diego", "Lucia", "Jorge", "Carmen", "Pablo", "Teresa", "Raul", "Ines", "Hugo"),
    *("Marta", "Oscar", "Alba", "Ruben", "Nuria", "Ivan", "Lidia", "Sergio"),
]


# On SQLite only: one large registry built once for the module; matching's queries run on
# both databases in test_matching.py.
@pytest.fixture(scope="module")
def shared_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """One registry for the tests that only read it (building it takes a while)."""
    opened = Library.create(tmp_path_factory.mktemp("matching") / "library", user="tester")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="module")
def shared_registry(shared_library: Library) -> dict[str, int]:
    return build_registry(shared_library)


@pytest.fixture
def library(shared_library: Library) -> Library:
    return shared_library


@pytest.fixture
def own_library(library_path: Path) -> Iterator[Library]:
    """A library of its own for a test that changes the registry."""
    opened = Library.create(library_path, user="tester")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def registry(shared_registry: dict[str, int]) -> dict[str, int]:
    return shared_registry


def build_registry(library: Library) -> dict[str, int]:
    def add(name: str, rank: str | None = None, **identifiers: str) -> int:
        items = [IdentifierInput(kind, value) for kind, value in identifiers.items()]
        return officers.add_officer(library, name, rank=rank, identifiers=items).id

    ids = {
        "moynihan": add("Shawn Moynihan", "Sergeant", shield="3202"),
        "alvarez": add("Maria Alvarez", "Police Officer", shield="3202"),  # reissued shield
        "simpkins": add("Derek Simpkins", "SGT", shield="4100"),
        "obrien": add("Kevin O'Brien", "POM", tax_id="912345", shield="0777"),
        "garcia_lopez": add("Ana Garcia-Lopez", "Deputy Inspector", shield="1500"),
        "uc": officers.add_officer(
            library, "", description="white male, 40s", identifiers=[IdentifierInput("uc", "0214")]
        ).id,
    }
    for number, first in enumerate(RODRIGUEZ_FIRST):
        rank = "Sergeant" if number in (3, 17) else "Police Officer"
        ids[f"rodriguez_{first.lower()}"] = add(
            f"{first} Rodriguez", rank, shield=str(5000 + number)
        )
    ids["smith"] = officers.add_officer(
        library,
        "John Smith",
        identifiers=[IdentifierInput("shield", "4521", date(2015, 1, 1), date(2019, 12, 31))],
    ).id
    ids["jones"] = officers.add_officer(
        library, "Robert Jones", identifiers=[IdentifierInput("shield", "4521", date(2020, 1, 1))]
    ).id
    return ids


def _suggest(
    library: Library, text: str, on_date: date | None = None
) -> list[matching.OfficerSuggestion]:
    results = matching.suggest(library, text, on_date=on_date, limit=50)
    assert results, f"no suggestion for {text!r}"
    return results


def _of(results: list[matching.OfficerSuggestion], officer_id: int) -> matching.OfficerSuggestion:
    return next(item for item in results if item.officer_id == officer_id)


def test_a_shield_whose_name_contradicts_it_is_never_high(
    library: Library, registry: dict[str, int]
) -> None:
    results = _suggest(library, "Sgt. Simpkins shield 3202")
    assert all(item.confidence != "high" for item in results)
    moynihan = _of(results, registry["moynihan"])
    assert "shield 3202 matches but the name does not" in moynihan.reason
    assert moynihan.score < 70  # it used to score ~89, as if it were an identification
    simpkins = _of(results, registry["simpkins"])
    assert "the name matches but his shield is 4100, not 3202" in simpkins.reason
    assert simpkins.confidence == "possible"


def test_the_same_shield_and_name_together_are_high(
    library: Library, registry: dict[str, int]
) -> None:
    best = _suggest(library, "Sgt. Moynihan shield 3202")[0]
    assert (best.officer_id, best.confidence) == (registry["moynihan"], "high")
    assert "rank agrees (sergeant)" in best.reason


def test_a_shared_shield_alone_is_a_tie_not_an_identification(
    library: Library, registry: dict[str, int]
) -> None:
    results = _suggest(library, "shield 3202")
    assert {item.officer_id for item in results[:2]} == {registry["moynihan"], registry["alvarez"]}
    for item in results[:2]:
        assert item.confidence == "possible"
        assert item.reason.startswith("shield 3202 is held by 2 officers: give a name")


def test_a_shield_held_by_one_officer_alone_is_only_possible(
    library: Library, registry: dict[str, int]
) -> None:
    best = _suggest(library, "shield 4100")[0]
    assert (best.officer_id, best.confidence) == (registry["simpkins"], "possible")
    assert "shields are reissued" in best.reason


def test_a_same_name_officer_whose_shield_contradicts_is_not_high(
    library: Library, registry: dict[str, int]
) -> None:
    best = _suggest(library, "Kevin O'Brien shield 9999")[0]
    assert best.officer_id == registry["obrien"]
    assert best.confidence == "possible"
    assert "the name matches but his shield is 0777, not 9999" in best.reason
    assert best.score < _suggest(library, "Kevin O'Brien")[0].score


def test_twenty_eight_officers_with_one_surname_tie_and_the_reason_says_so(
    library: Library, registry: dict[str, int]
) -> None:
    results = _suggest(library, "Officer Rodriguez")
    tied = [item for item in results if item.officer.name.endswith("Rodriguez")]
    assert len(tied) == 28
    assert {item.score for item in tied} == {tied[0].score}
    for item in tied:
        assert item.confidence == "weak"
        assert item.reason.startswith("28 officers named Rodriguez: give a shield")


def test_a_rank_narrows_a_tie_but_does_not_settle_it(
    library: Library, registry: dict[str, int]
) -> None:
    results = _suggest(library, "Sgt. Rodriguez")
    best_two = {item.officer_id for item in results[:2]}
    assert best_two == {registry["rodriguez_maria"], registry["rodriguez_raul"]}
    for item in results[:2]:
        assert item.confidence == "possible"
        assert item.reason.startswith("2 officers named Rodriguez: give a shield")
        assert "rank agrees (sergeant)" in item.reason
    assert results[2].score < results[0].score


def test_a_first_name_and_shield_pick_one_rodriguez(
    library: Library, registry: dict[str, int]
) -> None:
    for text in (
        "PO Luis Rodriguez shield 5001",
        "P.O. Rodriguez, Shield #05001",
        "Rodriguez 5001",
    ):
        best = _suggest(library, text)[0]
        assert (best.officer_id, best.confidence) == (registry["rodriguez_luis"], "high"), text
    full_name = _suggest(library, "Luis Rodriguez")[0]
    assert (full_name.officer_id, full_name.confidence) == (registry["rodriguez_luis"], "high")


@pytest.mark.parametrize(
    "text", ["UC 214", "UC #0214", "uc214", "U/C 214", "UC-0214", "undercover officer no. 214"]
)
def test_undercover_numbers_compare_without_leading_zeros(
    library: Library, registry: dict[str, int], text: str
) -> None:
    best = _suggest(library, text)[0]
    assert (best.officer_id, best.confidence) == (registry["uc"], "high")


def test_leading_zeros_on_the_registry_side_too(own_library: Library) -> None:
    library = own_library
    registry = build_registry(library)
    uc = officers.add_officer(library, "Tom Kell", identifiers=[IdentifierInput("uc", "377")])
    best = _suggest(library, "UC 0377")[0]
    assert (best.officer_id, best.confidence) == (uc.id, "high")
    best = _suggest(library, "Kevin O'Brien shield 777")[0]
    assert (best.officer_id, best.confidence) == (registry["obrien"], "high")


def test_a_tax_id_alone_identifies_but_not_against_the_name(
    library: Library, registry: dict[str, int]
) -> None:
    alone = _suggest(library, "tax id 912345")[0]
    assert (alone.officer_id, alone.confidence) == (registry["obrien"], "high")
    against = _suggest(library, "Simpkins tax id 912345")
    obrien = _of(against, registry["obrien"])
    assert obrien.confidence != "high"
    assert "tax id 912345 matches but the name does not" in obrien.reason


@pytest.mark.parametrize(
    ("text", "rank", "name"),
    [
        ("Police Officer Kevin O'Brien", "officer", "Kevin O'Brien"),
        ("Det. Spec. O'Brien", "detective", "O'Brien"),
        ("Lt. Smith", "lieutenant", "Smith"),
        ("Deputy Inspector Ana Garcia-Lopez", "inspector", "Ana Garcia-Lopez"),
        ("SGT SIMPKINS", "sergeant", "SIMPKINS"),
        ("Capt. Moynihan of the 75th Pct", "captain", "Moynihan"),
    ],
)
def test_rank_words_are_read_as_ranks_not_names(text: str, rank: str, name: str) -> None:
    mention = matching.parse_mention(text)
    assert mention.rank == rank
    assert mention.name == name
    assert mention.identifiers == ()


def test_a_rank_is_not_mistaken_for_a_first_name(
    library: Library, registry: dict[str, int]
) -> None:
    best = _suggest(library, "Police Officer O'Brien")[0]
    assert best.officer_id == registry["obrien"]
    assert best.confidence == "possible"  # a surname alone
    assert "surname only" in best.reason
    assert "rank agrees (police officer)" in best.reason


@pytest.mark.parametrize(
    "text", ["OBrien", "O’Brien", "Kevin Obrien", "Garcia Lopez", "Lopez", "Garcia-Lopez"]
)
def test_apostrophes_and_hyphens(library: Library, registry: dict[str, int], text: str) -> None:
    best = _suggest(library, text)[0]
    expected = "obrien" if "brien" in text.lower() else "garcia_lopez"
    assert best.officer_id == registry[expected], text
    assert best.confidence in ("high", "possible")


def test_a_unique_full_name_is_high_and_a_surname_alone_possible(
    library: Library, registry: dict[str, int]
) -> None:
    full = _suggest(library, "Shawn Moynihan")[0]
    assert (full.officer_id, full.confidence) == (registry["moynihan"], "high")
    surname = _suggest(library, "Moynihan")[0]
    assert (surname.officer_id, surname.confidence) == (registry["moynihan"], "possible")
    other_first_name = _suggest(library, "Peter Moynihan")
    assert all(item.confidence != "high" for item in other_first_name)


def test_the_date_decides_between_holders_of_a_reissued_shield(
    library: Library, registry: dict[str, int]
) -> None:
    in_2017 = _suggest(library, "shield 4521", date(2017, 5, 1))
    assert (in_2017[0].officer_id, in_2017[0].confidence) == (registry["smith"], "high")
    assert _of(in_2017, registry["jones"]).confidence == "weak"
    undated = _suggest(library, "shield 4521")
    assert all(item.confidence != "high" for item in undated)


def test_only_the_best_can_be_high(library: Library, registry: dict[str, int]) -> None:
    results = _suggest(library, "Luis Rodriguez shield 5001")
    assert [item.confidence for item in results].count("high") == 1


def test_the_matcher_sees_every_change(own_library: Library) -> None:
    library = own_library
    matcher = matching.registry_matcher(library)
    assert matching.registry_matcher(library) is matcher  # nothing changed: kept
    new = officers.add_officer(
        library, "Quentin Zabriskie", identifiers=[IdentifierInput("uc", "999")]
    )
    assert matching.registry_matcher(library) is not matcher
    assert matching.registry_matcher(library).rank("UC 999")[0].officer_id == new.id
    alias = officers.add_alias(library, new.id, "P.O. Zed")
    assert matching.registry_matcher(library).rank("P.O. Zed")[0].officer_id == new.id
    officers.remove_alias(library, alias.id)
    assert not [
        m
        for m in matching.registry_matcher(library).rank("P.O. Zed")
        if m.officer_id == new.id and m.score > 80
    ]


def test_rank_gives_the_clean_record_for_mention_detection(
    library: Library, registry: dict[str, int]
) -> None:
    match = matching.registry_matcher(library).rank("Sgt. Moynihan shield 3202", limit=1)[0]
    assert isinstance(match, matching.Match)
    assert (match.officer_id, match.name, match.confidence) == (
        registry["moynihan"],
        "Shawn Moynihan",
        "high",
    )
    assert match.score > 90 and match.reason


@pytest.mark.parametrize(
    ("typed", "found"),
    [("UC 0214", True), ("uc 214", True), ("214", True), ("1214", False), ("shield 777", False)],
)
def test_the_registry_filter_ignores_leading_zeros(
    library: Library, registry: dict[str, int], typed: str, found: bool
) -> None:
    record = officers.get_officer(library, registry["uc"])
    key = matching.filter_key(record)
    assert matching.matches_filter(key, matching.filter_terms(typed)) is found
    obrien = matching.filter_key(officers.get_officer(library, registry["obrien"]))
    assert matching.matches_filter(obrien, matching.filter_terms("shield 0777"))
    assert matching.matches_filter(obrien, matching.filter_terms("o'brien"))
