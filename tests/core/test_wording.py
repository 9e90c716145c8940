from evidence_desk.core.wording import plural


def test_plural_agrees_with_the_count() -> None:
    assert plural(0, "page") == "0 pages"
    assert plural(1, "allegation") == "1 allegation"
    assert plural(2, "conduct type") == "2 conduct types"
    assert plural(1200, "file") == "1,200 files"


def test_counts_and_names_read_as_sentences() -> None:
    from evidence_desk.core.records import OfficerIdentifierRecord, OfficerRecord
    from evidence_desk.core.wording import joined, of_total, officer_words, quoted

    assert of_total(3, 40, "officer") == "3 of 40 officers"
    assert of_total(40, 40, "officer") == "40 officers"
    assert of_total(1, 1, "officer") == "1 officer"
    assert joined(["a"]) == "a" and joined(["a", "b"]) == "a and b"
    assert joined(["a", "b", "c"], "or") == "a, b or c"
    assert quoted("  Arrest\nReport ") == "“Arrest Report”"
    assert quoted("x" * 100, limit=10) == "“xxxxxxxxx…”"
    officer = OfficerRecord(
        1,
        "John Smith",
        "P.O.",
        None,
        None,
        None,
        None,
        None,
        None,  # type: ignore[arg-type]
        identifiers=(OfficerIdentifierRecord(1, 1, "shield", "4521", None, None),),
    )
    assert officer_words(officer) == "P.O. John Smith (shield 4521)"
