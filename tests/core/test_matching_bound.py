"""Ranking with the score ceiling gives exactly what comparing every officer in full gives.

``RegistryMatcher.rank`` compares in full only the officers whose ceiling (worked out from
the surname searches' own scores) could reach those it returns or tie with the best. These
tests build registries like a large police force's (``benchmarks/officer_corpus``: common
surnames repeated dozens of times, one shield number in six held by two or three officers,
here with validity periods; aliases, undercover and employee numbers, ranks, hyphenated
and multi-word surnames) and compare both ways over thousands of generated mentions:
names, misspellings, OCR confusions, initials, swapped names, names with numbers, numbers
alone, dated and undated, for ``limit`` 1, 3 and 10.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from rapidfuzz import fuzz, process

from benchmarks.officer_corpus import (
    COMMON_SURNAMES,
    GIVEN_NAMES,
    make_roster,
    ocr_misreadings,
)
from evidence_desk.core import matching
from evidence_desk.core.officers import UNIDENTIFIED_NAME

RANK_WRITTEN = {
    "Police Officer": ("P.O.", "PO", "Police Officer", "Officer"),
    "Detective": ("Det.", "Detective", "DT3"),
    "Detective Specialist": ("Det.", "Det. Spec."),
    "Sergeant": ("Sgt.", "SGT", "Sergeant"),
    "Sergeant Detective Squad": ("Sgt.", "SDS"),
    "Lieutenant": ("Lt.", "Lieutenant"),
    "Lieutenant Commander Detective Squad": ("Lt.", "LCD"),
    "Captain": ("Capt.",),
    "Deputy Inspector": ("Insp.", "Deputy Inspector"),
    "Inspector": ("Insp.",),
    "Deputy Chief": ("Chief",),
}
# Names a roster of this kind holds beside the generated ones.
UNUSUAL = (
    "Maria De La Cruz",
    "Juan De La Cruz",
    "Ana Garcia-Lopez",
    "Jose Lopez Garcia",
    "Kevin O'Brien",
    "Sean O Brien",
    "Li Wei",
    "Wei Li",
    "Nunez",
    "José Núñez",
    "Mary Ann Smith",
    "J. Smith",
    "Smith",
    UNIDENTIFIED_NAME,
)

Raw = tuple[int, str, str | None, list[tuple[str, str, date | None, date | None]], list[str]]


def _registry(count: int, seed: int) -> tuple[list[Raw], list[dict[str, str]]]:
    """Officers as ``matching._entry`` takes them, and what mentions are made from."""
    rng = random.Random(seed)
    roster = make_roster(count, seed)
    holders: dict[str, int] = {}
    for row in roster:
        if row.shield:
            holders[row.shield] = holders.get(row.shield, 0) + 1
    raw: list[Raw] = []
    people: list[dict[str, str]] = []
    held_before: dict[str, date] = {}
    for number, row in enumerate(roster, start=1):
        name = (
            f"{row.first} {row.last}".title() if rng.random() < 0.5 else f"{row.first} {row.last}"
        )
        identifiers: list[tuple[str, str, date | None, date | None]] = [
            ("tax_id", row.tax_id, None, None)
        ]
        if row.shield:
            start = end = None
            if holders[row.shield] > 1:
                # A reissued shield: consecutive periods, some overlapping, one left open.
                start = held_before.get(row.shield, date(2006, 1, 1)) - timedelta(
                    days=rng.choice((0, 0, 30))
                )
                end = start + timedelta(days=rng.randint(400, 3000))
                held_before[row.shield] = end + timedelta(days=1)
                if rng.random() < 0.3:
                    end = None
            identifiers.append(("shield", row.shield, start, end))
        aliases: list[str] = []
        uc = employee = ""
        if rng.random() < 0.05:
            uc = f"{rng.randint(1, 9999):04d}"  # some undercover numbers repeat
            identifiers.append(("uc", uc, None, None))
            if rng.random() < 0.5:
                aliases.append(f"UC #{uc}")
        if rng.random() < 0.06:
            employee = str(rng.randint(10000, 99999))
            identifiers.append(("employee", employee, None, None))
        if rng.random() < 0.04:
            aliases.append(f"{rng.choice(RANK_WRITTEN[row.rank])} {row.first[0]}. {row.last}")
        if rng.random() < 0.02:
            aliases.append(f"{rng.choice(GIVEN_NAMES)} {rng.choice(COMMON_SURNAMES)}")
        raw.append((number, name, row.abbreviation, identifiers, aliases))
        people.append(
            {
                "first": row.first,
                "last": row.last,
                "rank": row.rank,
                "shield": row.shield,
                "tax_id": row.tax_id,
                "uc": uc,
                "employee": employee,
            }
        )
    for offset, name in enumerate(UNUSUAL, start=len(raw) + 1):
        shield = str(rng.randint(100, 30000))
        raw.append(
            (offset, name, rng.choice(("SGT", "POM", None)), [("shield", shield, None, None)], [])
        )
    return raw, people


def _misspell(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    index = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return word[: index - 1] + word[index] + word[index - 1] + word[index + 1 :]
    if kind == "drop":
        return word[:index] + word[index + 1 :]
    if kind == "double":
        return word[:index] + word[index] + word[index:]
    return word[:index] + rng.choice("aeiourstln") + word[index + 1 :]


def _mention(person: dict[str, str], rng: random.Random) -> str:
    rank = rng.choice(RANK_WRITTEN.get(person["rank"], ("P.O.",)))
    first, last = person["first"], person["last"]
    if rng.random() < 0.25:
        last = _misspell(last, rng)
    if rng.random() < 0.15:
        first = _misspell(first, rng)
    if rng.random() < 0.1:
        last = rng.choice(COMMON_SURNAMES)  # another officer's surname
    shield = person["shield"] or str(rng.randint(100, 20000))
    if rng.random() < 0.1:
        shield = str(int(shield) + rng.choice((-1, 1)))  # a wrong number
    forms = (
        f"{rank} {first} {last}",
        f"{rank} {first[0]}. {last.upper()}",
        f"{rank.upper().rstrip('.')} {last.upper()}",
        f"{last}",
        f"{first} {last}",
        f"{last} {first}",
        f"{last.upper()}, {first.upper()}",
        f"{first}",
        f"Shield No. {shield}",
        f"shield #{int(shield):05d}",
        f"{rank} {last} {shield}",
        f"{rank} {first} {last}, Shield {shield}",
        f"{last.upper()}, {first.upper()}   Shield: {shield}   Tax Reg.: {person['tax_id']}",
        f"Tax Reg. #{person['tax_id']}",
        f"UC #{person['uc'] or rng.randint(1, 9999)}",
        f"Employee {person['employee'] or rng.randint(10000, 99999)}",
        f"{rank} {first} {rng.choice(COMMON_SURNAMES)} {last}",
        f"Officer {last} of the {rng.randint(1, 120)}th Pct",
        f"{rng.choice(GIVEN_NAMES)} {rng.choice(COMMON_SURNAMES)}",
        f"{shield}",
    )
    text = rng.choice(forms)
    return ocr_misreadings(text, rng) if rng.random() < 0.2 else text


def _mentions(people: list[dict[str, str]], count: int, seed: int) -> list[tuple[str, date | None]]:
    rng = random.Random(seed)
    texts = [f"{name}" for name in UNUSUAL[:-1]] + ["Maria Cruz", "De La Cruz", "O'Brien K"]
    found: list[tuple[str, date | None]] = []
    for text in texts:
        found.append((text, None))
        found.append((text, date(2018, 6, 1)))
    while len(found) < count:
        text = _mention(rng.choice(people), rng)
        day = (
            None if rng.random() < 0.4 else date(2006, 1, 1) + timedelta(days=rng.randint(0, 6500))
        )
        found.append((text, day))
    return found


def _compare(matcher: matching.RegistryMatcher, mentions: list[tuple[str, date | None]]) -> int:
    """Rank each mention both ways at each limit; assert they agree; count the matches."""
    compared = 0
    for limit in (1, 3, 10):
        for text, day in mentions:
            fast = matcher.rank(text, on_date=day, limit=limit)
            full = matcher.rank(text, on_date=day, limit=limit, _exhaustive=True)
            assert fast == full, (text, day, limit)
            compared += len(full)
    return compared


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3202, 4521])
def test_ceiling_ranks_exactly_as_comparing_every_officer(seed: int) -> None:
    raw, people = _registry(4000, seed)
    matcher = matching.RegistryMatcher(1, {item[0]: matching._entry(*item) for item in raw})
    surnames = [
        entry.name_parts.words[-1] for entry in matcher.entries.values() if entry.name_parts.words
    ]
    assert max(surnames.count(name) for name in ("rodriguez", "smith")) >= 40
    mentions = _mentions(people, 1500, seed)
    compared = _compare(matcher, mentions)
    assert compared > 5000  # most mentions match someone: the comparison is not empty


def test_ceiling_keeps_ties_runner_up_and_near_misses() -> None:
    """A small registry where the answer depends on officers the ceiling must not skip:
    many equal names (a tie and its count), one name only a point lower (a near miss in
    the tie margin), a runner-up close enough to take "high" away, a swapped name."""
    raw: list[Raw] = []
    number = 0
    for first in ("John", "John", "John", "Jon", "Johnny", "Joan", "James", "J", "Jose"):
        for surname in ("Rodriguez", "Rodrigues", "Rodriquez", "Dominguez"):
            number += 1
            raw.append((number, f"{first} {surname}", "POM" if number % 2 else "SGT", [], []))
    raw.append((number + 1, "Rodriguez John", None, [], []))
    raw.append((number + 2, "Mary Ann Rodriguez", "SGT", [("shield", "4411", None, None)], []))
    matcher = matching.RegistryMatcher(1, {item[0]: matching._entry(*item) for item in raw})
    mentions = [
        (text, None)
        for text in (
            "John Rodriguez",
            "PO John Rodriguez",
            "Sgt. J. Rodriguez",
            "Rodriguez",
            "John Rodrigues",
            "Jon Rodriguez",
            "Rodriguez John",
            "John",
            "Mary Rodriguez",
            "Ann Rodriguez 4411",
            "Rodriguez shield 4412",
            "J Dominguez",
            "Johnny Rodrigez",
        )
    ]
    assert _compare(matcher, mentions) > 40
    tied = matcher.rank("John Rodriguez", limit=1)
    assert tied[0].confidence == "possible"
    assert tied[0].reason.startswith("4 officers match about equally")  # the swapped one too


def test_swapped_name_search_by_length_finds_what_searching_every_key_finds() -> None:
    """The swapped-name search looks only at keys of a length that can reach its floor;
    it finds the same keys, with the same scores, as searching them all."""
    raw, people = _registry(2000, 77)
    matcher = matching.RegistryMatcher(1, {item[0]: matching._entry(*item) for item in raw})
    queries = {
        " ".join(sorted(matching.parse_mention(text).name_parts.words))
        for text, _day in _mentions(people, 1500, 77)
    }
    queries |= {key[:-1] for key in list(matcher._full_keys)[:200]}  # just too short, etc.
    searched = 0
    for query in sorted(queries):
        if " " not in query:
            continue
        found = matcher._search(
            query,
            matcher._full_keys,
            matcher._fulls,
            fuzz.ratio,
            matching.SWAPPED_FLOOR,
            matcher._full_keys_by_length,
        )
        everything = process.extract(
            query,
            matcher._full_keys,
            scorer=fuzz.ratio,
            limit=None,
            score_cutoff=matching.SWAPPED_FLOOR,
        )
        assert found.scores == {key: score for key, score, _index in everything}, query
        searched += len(everything)
    assert searched > 500
