"""The identifier scanner on its own: many people at once, certain versus possible."""

from __future__ import annotations

from datetime import date

from evidence_desk.core.memo.scanner import IdentifierScanner, Person, fold


def person(index: int, name: str, **fields: object) -> Person:
    return Person("client", index, (name,), f"Client {chr(64 + index)}", **fields)  # type: ignore[arg-type]


def test_every_persons_identifiers_are_watched_not_only_the_last() -> None:
    scanner = IdentifierScanner(
        [
            person(1, "Ana Diaz", addresses=("12 Oak Street",), others=("CR-000111-21",)),
            person(2, "Bo Quist", addresses=("34 Elm Avenue",), others=("CR-000222-22",)),
            person(3, "Cy Rowe", numbers=(("phone", "718-555-0199"),)),
        ]
    )
    text = "At 12 OAK ST and 34 elm ave; dockets CR 111 21 and CR-000222-22; call 555 0199."
    found = {(finding.owner_id, finding.kind) for finding in scanner.scan(text)}
    assert {(1, "address"), (2, "address"), (3, "phone")} <= found
    assert {owner for owner, _kind in found} == {1, 2, 3}


def test_common_word_names_are_names_only_where_used_as_names() -> None:
    scanner = IdentifierScanner([person(1, "Will Lee"), person(2, "June Brooklyn")])
    assert not [f for f in scanner.scan("he will arrest her near Lee Avenue") if f.certain]
    assert scanner.clean("he will arrest her near Lee Avenue in June 2022") == (
        "he will arrest her near Lee Avenue in June 2022"
    )
    assert scanner.clean("Lee said no; then Will came") == (
        "[name withheld] said no; then [name withheld] came"
    )
    assert scanner.clean("LEE, WILL") == "Client A"
    possible = [finding for finding in scanner.scan("Brooklyn North Vice") if not finding.certain]
    assert [finding.text for finding in possible] == ["Brooklyn"]


def test_dates_of_birth_and_ages_in_any_form() -> None:
    scanner = IdentifierScanner(
        [person(1, "Rae Olin", date_of_birth=date(1993, 4, 5), ages=frozenset({31}))]
    )
    for text in ("05 APR 1993", "4/5/93", "the fifth of April 1993", "19930405", "31-year-old"):
        assert scanner.has_identifier(f"born {text}."), text
    assert not scanner.has_identifier("in April 2022, a 45-year-old man")


def test_folding_keeps_offsets_of_the_text_as_written() -> None:
    folded = fold("Jо\u00adsé")  # Cyrillic o, soft hyphen, accent
    assert folded.text == "jose"
    assert folded.span(0, 4) == (0, 5)
