from evidence_desk.core.wording import plural


def test_plural_agrees_with_the_count() -> None:
    assert plural(0, "page") == "0 pages"
    assert plural(1, "allegation") == "1 allegation"
    assert plural(2, "conduct type") == "2 conduct types"
    assert plural(1200, "file") == "1,200 files"
