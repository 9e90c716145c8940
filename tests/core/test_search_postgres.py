"""Office-mode search: the query as a tsquery, the server's words against ``normalise``,
snippets, and walls. The behavioural suite both databases share is in test_search.py."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from evidence_desk.core import matters, notes
from evidence_desk.core.errors import ValidationError
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.normalisation import normalise
from evidence_desk.core.search import _TOKEN_CHARACTERS, parse_query, search, search_results
from evidence_desk.core.search_postgres import marked_snippet, to_tsquery
from evidence_desk.core.walls import restrict_matter
from tests.core.test_normalisation import ALPHABET
from tests.files import make_pdf
from tests.office import Office


def tsquery(query: str) -> str:
    return to_tsquery(query, parse_query(query))


def test_the_query_language_becomes_a_tsquery() -> None:
    assert tsquery("took phone") == "'took' & 'phone'"
    assert tsquery('"took my phone" undercov*') == "('took' <-> 'my' <-> 'phone') & 'undercov':*"
    assert tsquery("UC-214 P.O.") == "('UC' <-> '214') & ('P' <-> 'O')"
    assert tsquery("a OR (b NOT c)") == "'a' | ( 'b' & ! 'c' )"
    assert tsquery("a NOT b c") == "'a' & ! 'b' & 'c'"
    assert tsquery("(a OR b) c") == "( 'a' | 'b' ) & 'c'"
    assert tsquery("O'Brien's") == "('O' <-> 'Brien' <-> 's')"


@pytest.mark.parametrize(
    "query", ["phone AND", "( phone", "phone )", "OR phone", "a OR NOT b", "a ( ) b"]
)
def test_a_query_that_does_not_fit_together_is_refused(query: str) -> None:
    with pytest.raises(ValidationError, match="is not valid"):
        tsquery(query)


def test_a_term_without_letters_or_digits_is_refused() -> None:
    with pytest.raises(ValidationError, match="no letters or digits"):
        tsquery('phone "--"')


def test_snippets_mark_words_phrases_and_prefixes() -> None:
    text = "The undercover officer UC-214 took my phone and did not return it at the end of it all."
    phrase = marked_snippet(text, parse_query('"took my phone"'), size=6)
    assert phrase == "…214 «took my phone» and did…"
    assert marked_snippet(text, parse_query("undercov* RETURN"), size=30) == (
        "The «undercover» officer UC-214 took my phone and did not «return» it at the end of "
        "it all."
    )
    assert marked_snippet("Señor NÚÑEZ", parse_query("nunez")) == "Señor «NÚÑEZ»"
    assert "«differently»" in marked_snippet("di\ufb00er-\nently", parse_query("differently"))
    assert marked_snippet(text, parse_query("absent"), size=3) == "The undercover officer…"


@pytest.mark.postgres
def test_the_server_splits_words_as_normalise_does(office: Office) -> None:
    """``evidence_desk_search_words`` (SQL) and ``normalise`` (Python) give the same words."""
    rng = random.Random(11)
    samples = [
        "di\ufb00erently \ufb01ne o\ufb03ce",
        "soft\u00adhyphen Po\n\u00ad\nlitik",
        "zero\u200bwidth\ufeff and\u200d joiner\u2060s",
        "differ-\nently differ-  \r\n   ently differ\u2010\nently",
        "Smith-\nJones UC-\n214 pre-arranged end-",
        "the arrest\u00b9 was Acme\u2122 \uff21\uff22\uff23 \uff11\uff12",
        "Señor Núñez O'Brien's P.O. Smyth #0214 foo_bar 12.5 a@b.com",
        "word\x02\nbreak x\ufffe\ny \u00bd \u017f",
        *("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30))) for _ in range(300)),
    ]
    samples = [sample.replace("\x00", "") for sample in samples]  # PostgreSQL text has no NUL
    with office.connect("paralegal") as connection:
        for sample in samples:
            words = connection.execute(
                "SELECT evidence_desk_search_words(%s)", (sample,)
            ).fetchone()[0]
            assert words.split() == _TOKEN_CHARACTERS.findall(normalise(sample)), repr(sample)


@pytest.mark.postgres
def test_the_office_ranks_and_marks_and_says_how_it_chose(office: Office, tmp_path: Path) -> None:
    with office.open() as library:
        matter = matters.add_matter(library, matters.MatterInput("R-1", "People v. R", "Ria R"))
        pdf = make_pdf(
            tmp_path / "r.pdf",
            ["officer", "the officer and the officer again, officer", "no match here"],
        )
        [document] = import_paths(library, matter.id, [pdf], workers=1)
        results = search_results(library, "officer")
        assert results.order == "relevance" and results.ranked_all and results.ranked == 2
        assert [hit.page for hit in results.hits] == [2, 1]  # more of the word ranks higher
        assert results.hits[0].score < results.hits[1].score < 0
        assert results.hits[0].snippet.count("«officer»") == 3
        assert search(library, "officer", matter_id=matter.id)[0].document_id == document.id


@pytest.mark.postgres
def test_a_walled_matter_is_never_found_off_its_team(office: Office, tmp_path: Path) -> None:
    office.add_people("alice", "bob")
    with office.open("alice") as alice:
        matter = matters.add_matter(alice, matters.MatterInput("W-1", "People v. W", "Wes W"))
        pdf = make_pdf(tmp_path / "w.pdf", ["The quokka statement"])
        import_paths(alice, matter.id, [pdf], workers=1)
        notes.add_note(alice, matter.id, "Quokka", "quokka again")
        restrict_matter(alice, matter.id, ["alice"])
        assert {hit.kind for hit in search(alice, "quokka")} == {"page", "note"}
    with office.open("bob") as bob:
        assert search(bob, "quokka") == [] and search(bob, "quok*") == []
    with office.connect("bob") as connection:  # nor through the index, as psql
        found = connection.execute(
            "SELECT count(*) FROM page WHERE search_vector @@ to_tsquery('evidence_desk_search',"
            " 'quokka')"
        ).fetchone()[0]
        assert found == 0
