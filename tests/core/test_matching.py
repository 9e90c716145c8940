"""Officer matching: identifiers at a date, aliases, misspelt names; never a merge."""

from __future__ import annotations

from datetime import date

import pytest

from evidence_desk.core import matching, officers
from evidence_desk.core.library import Library
from evidence_desk.core.officers import IdentifierInput

pytestmark = pytest.mark.databases


@pytest.fixture
def registry(library: Library) -> dict[str, int]:
    """Two officers who held shield 4521 at different times, and some others."""
    smith = officers.add_officer(
        library,
        "John Smith",
        rank="P.O.",
        identifiers=[
            IdentifierInput("shield", "4521", date(2015, 1, 1), date(2019, 12, 31)),
            IdentifierInput("tax_id", "912345"),
        ],
        aliases=["Det. J. Smith 4521"],
    )
    jones = officers.add_officer(
        library,
        "Robert Jones",
        identifiers=[
            IdentifierInput("shield", "4521", date(2020, 1, 1)),
            IdentifierInput("uc", "0214"),
        ],
        aliases=["UC #0214"],
    )
    lopez = officers.add_officer(
        library, "Maria Lopez", identifiers=[IdentifierInput("shield", "7788")]
    )
    smithers = officers.add_officer(
        library, "Jonathan Smithers", identifiers=[IdentifierInput("shield", "1234")]
    )
    return {"smith": smith.id, "jones": jones.id, "lopez": lopez.id, "smithers": smithers.id}


def _first(library: Library, text: str, on_date: date | None = None) -> matching.OfficerSuggestion:
    results = matching.suggest(library, text, on_date=on_date)
    assert results, f"no suggestion for {text!r}"
    return results[0]


def test_identifier_at_the_date_of_the_event_decides(
    library: Library, registry: dict[str, int]
) -> None:
    in_2017 = _first(library, "shield 4521", date(2017, 5, 1))
    in_2021 = _first(library, "shield 4521", date(2021, 5, 1))
    assert in_2017.officer.id == registry["smith"]
    assert "valid on 2017-05-01" in in_2017.reason
    assert in_2021.officer.id == registry["jones"]
    ranked = matching.suggest(library, "shield 4521", on_date=date(2021, 5, 1))
    smith = next(s for s in ranked if s.officer.id == registry["smith"])
    assert smith.score < in_2021.score - 20
    assert "not on 2021-05-01" in smith.reason


def test_name_and_shield_together_outrank_either_alone(
    library: Library, registry: dict[str, int]
) -> None:
    both = _first(library, "PO Smith shield 4521", date(2017, 5, 1))
    assert both.officer.id == registry["smith"]
    assert both.score > _first(library, "shield 4521", date(2017, 5, 1)).score
    assert both.score > _first(library, "John Smith").score


def test_undercover_number_finds_the_alias(library: Library, registry: dict[str, int]) -> None:
    for text in ("UC 214", "UC #0214", "uc214", "undercover 214"):
        best = _first(library, text)
        assert best.officer.id == registry["jones"], text
        assert best.score >= 90


def test_a_number_of_another_kind_scores_lower(library: Library, registry: dict[str, int]) -> None:
    right_kind = _first(library, "tax id 912345")
    wrong_kind = _first(library, "shield 912345")
    assert right_kind.officer.id == wrong_kind.officer.id == registry["smith"]
    assert wrong_kind.score < right_kind.score
    assert "the text says shield" in wrong_kind.reason


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Officer Jon Smyth", "smith"),
        ("P.O. Smyth", "smith"),
        ("Det. J. Smith", "smith"),
        ("Marla Lopes", "lopez"),
        ("Lopes", "lopez"),
        ("Robrt Jnoes", "jones"),
        ("Jonathon Smithers", "smithers"),
    ],
)
def test_misspelt_names_rank_the_right_officer_first(
    library: Library, registry: dict[str, int], text: str, who: str
) -> None:
    best = _first(library, text)
    assert best.officer.id == registry[who]
    assert 0 < best.score <= 100
    assert best.reason


def test_an_apostrophe_typed_as_a_letter_matches_as_an_apostrophe(library: Library) -> None:
    """A roster or a page may type the apostrophe as a modifier letter (ʼ, ʻ)."""
    obrien = officers.add_officer(library, "Kevin O'Brien", rank="P.O.")
    damato = officers.add_officer(library, "Lisa D\u02bbAmato", rank="Sgt.")
    officers.add_officer(library, "Kevin Brien", rank="P.O.")
    for typed, straight, who in [
        ("P.O. Kevin O\u02bcBrien", "P.O. Kevin O'Brien", obrien),
        ("Sgt. Lisa D'Amato", "Sgt. Lisa D\u02bbAmato", damato),
    ]:
        best, as_stored = _first(library, typed), _first(library, straight)
        assert best.officer.id == as_stored.officer.id == who.id, typed
        assert best.score == as_stored.score, typed


def test_alias_as_written_matches_whole(library: Library, registry: dict[str, int]) -> None:
    best = _first(library, "Det. J. Smith 4521")
    assert best.officer.id == registry["smith"]
    assert "alias 'Det. J. Smith 4521'" in best.reason


def test_an_unidentified_officer_is_not_matched_by_its_placeholder_name(
    library: Library, registry: dict[str, int]
) -> None:
    officers.add_officer(library, "", description="white male, 40s")
    assert matching.suggest(library, "Unidentified officer") == []


def test_nothing_alike_gives_no_suggestion_and_merged_officers_are_left_out(
    library: Library, registry: dict[str, int]
) -> None:
    assert matching.suggest(library, "Zbigniew Kowalczyk shield 999999") == []
    assert matching.suggest(library, "   ") == []
    officers.merge_officers(library, registry["lopez"], registry["smithers"], force=True)
    ids = [s.officer.id for s in matching.suggest(library, "Jonathan Smithers")]
    assert registry["smithers"] not in ids
    # The survivor carries the merged officer's name as an alias, so it is found instead.
    assert ids[0] == registry["lopez"]


def test_suggest_is_reexported_and_changes_nothing(
    library: Library, registry: dict[str, int]
) -> None:
    before = officers.list_officers(library, include_merged=True)
    via_officers = officers.suggest(library, "UC 214", limit=1)
    assert len(via_officers) == 1 and via_officers[0].officer.id == registry["jones"]
    assert officers.list_officers(library, include_merged=True) == before


def test_parse_mention_reads_kinds_and_name() -> None:
    mention = matching.parse_mention("P.O. John Smith, shield no. 04521, tax id 912345")
    assert mention.identifiers == (("4521", "shield"), ("912345", "tax_id"))
    assert mention.name == "John Smith"


@pytest.mark.parametrize(
    "text",
    ["PO Smith shield 4521", "UC 214", "Smyth", "J. Smiht", "Lopes 7788", "Jon", "tax id 912345"],
)
def test_narrowing_the_candidates_loses_nobody(
    library: Library, registry: dict[str, int], text: str
) -> None:
    """``suggest`` scores only the officers rapidfuzz's batch search finds; scoring every
    officer one by one must give the same list."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from evidence_desk.core.model import Officer

    for extra in ("Jon Smithson", "Joan Smits", "Lopez Garcia"):
        officers.add_officer(library, extra, aliases=[f"P.O. {extra.split()[-1]}"])
    mention = matching.parse_mention(text)
    with library.read() as session:
        everyone = session.execute(
            select(Officer).options(
                selectinload(Officer.identifiers), selectinload(Officer.aliases)
            )
        ).scalars()
        brute = sorted(
            (
                (score, officer.id)
                for officer in everyone
                for score, _reason in [matching.score_officer(officer, mention, date(2017, 1, 1))]
                if score >= matching.MINIMUM_SCORE
            ),
            key=lambda item: (-item[0], item[1]),
        )
    fast = matching.suggest(library, text, on_date=date(2017, 1, 1), limit=100)
    assert [(s.score, s.officer.id) for s in fast] == brute
