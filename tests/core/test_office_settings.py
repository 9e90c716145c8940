"""Office settings for court papers and the authorities library: stored, audited, checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidence_desk.cli import main
from evidence_desk.core import audit
from evidence_desk.core.authorities import (
    default_authorities_path,
    edit_authority,
    get_authority,
    list_authorities,
    read_authorities_file,
    reset_authority,
    with_pinpoint,
)
from evidence_desk.core.errors import NotFoundError, ValidationError
from evidence_desk.core.library import Library
from evidence_desk.core.office_settings import (
    DEFAULT_AFFIRMATION,
    load_office_settings,
    missing_for_motion,
    save_office_settings,
)

pytestmark = pytest.mark.databases


def test_settings_default_then_saved_and_audited(library: Library) -> None:
    settings = load_office_settings(library)
    assert settings.court_form == "criminal" and settings.attorney == ""
    assert settings.affirmation == DEFAULT_AFFIRMATION and "{date}" in settings.affirmation
    assert "Attorney" in missing_for_motion(settings)
    saved = save_office_settings(
        library, {"attorney": "  Jordan Lee ", "address": "1 Court St\r\nBrooklyn, NY 11201"}
    )
    assert saved.attorney == "Jordan Lee"
    assert saved.address_lines() == ["1 Court St", "Brooklyn, NY 11201"]
    assert load_office_settings(library) == saved
    with library.read() as session:
        assert audit.verify(session)[1] is None
    # Emptying the affirmation brings back the statutory wording, not an empty jurat.
    assert save_office_settings(library, {"affirmation": ""}).affirmation == DEFAULT_AFFIRMATION


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"court_form": "family"}, "the court is criminal or supreme"),
        ({"citation_style": "apa"}, "the citation style is bluebook or official"),
        ({"attorney": "Jordan\nLee"}, "is one line"),
        ({"affirmation": "I affirm it."}, "must contain {date}"),
        ({"favourite_colour": "blue"}, "there is no office setting"),
        ({"office": "x" * 2001}, "longer than 2000"),
    ],
)
def test_bad_settings_change_nothing(library: Library, changes: dict, message: str) -> None:
    save_office_settings(library, {"attorney": "Jordan Lee"})
    with pytest.raises(ValidationError, match=message):
        save_office_settings(library, {"phone": "555-0100", **changes})
    assert load_office_settings(library).phone == ""  # the good value was not written either


def test_the_shipped_library_follows_the_legal_reference() -> None:
    shipped = {item.key: item for item in read_authorities_file(default_authorities_path())}
    for key in (
        "cpl-245.20-1-k",
        "brady-v-maryland",
        "giglio-v-united-states",
        "kyles-v-whitley",
        "civil-rights-50-a",
        "united-states-v-bagley",
        "people-v-vilardi",
        "people-v-smith",
        "people-v-rouse",
        "people-v-gissendanner",
    ):
        assert shipped[key].proposition and shipped[key].citation, key
    assert shipped["brady-v-maryland"].cited() == "Brady v. Maryland, 373 U.S. 83 (1963)"
    assert shipped["kyles-v-whitley"].cited() == "Kyles v. Whitley, 514 U.S. 419, 437 (1995)"
    assert shipped["kyles-v-whitley"].cited("official") == "Kyles v Whitley, 514 US 419, 437 [1995]"
    assert shipped["civil-rights-50-a"].citation.endswith("ch. 96")
    assert shipped["people-v-bay"].status == "unverified"  # its reporter cite is not confirmed
    assert shipped["people-v-garrett"].point == ""  # adverse: in the library, not cited
    assert shipped["brady-v-maryland"].short_name() == "Brady"
    assert shipped["united-states-v-bagley"].short_name() == "Bagley"
    assert with_pinpoint("CPL 245.20", "3") == "CPL 245.20, 3"


def test_office_copy_overrides_and_resets(library: Library) -> None:
    shipped = get_authority(library, "brady-v-maryland")
    edited = edit_authority(library, "brady-v-maryland", {"proposition": "Our own words."})
    assert edited.source == "office" and edited.proposition == "Our own words."
    assert edited.citation == shipped.citation  # fields not given are kept
    added = edit_authority(
        library,
        "people-v-new",
        {"citation": "People v. New, 1 N.Y.3d 1 (2030)", "point": "remedy", "proposition": "New."},
    )
    assert added.source == "office-added" and list_authorities(library)[-1].key == "people-v-new"
    with pytest.raises(ValidationError, match="needs a proposition"):
        edit_authority(library, "people-v-empty", {"citation": "X v. Y", "point": "remedy"})
    with pytest.raises(ValidationError, match="the point is one of"):
        edit_authority(library, "brady-v-maryland", {"point": "POINT IX"})
    with pytest.raises(ValidationError, match="has no field"):
        edit_authority(library, "brady-v-maryland", {"holding": "x"})
    assert reset_authority(library, "brady-v-maryland") == shipped
    assert get_authority(library, "brady-v-maryland") == shipped
    assert reset_authority(library, "people-v-new") is None
    with pytest.raises(NotFoundError):
        get_authority(library, "people-v-new")
    with pytest.raises(ValidationError, match="no office copy"):
        reset_authority(library, "kyles-v-whitley")
    with library.read() as session:
        assert audit.verify(session)[1] is None


def test_office_and_authority_commands(
    library: Library, library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library.close()
    base = ["--library", str(library_path)]
    assert main([*base, "office", "settings", "--court-form", "supreme", "--county", "Queens",
                 "--district-attorney", "Hon. Example", "--district-attorney",
                 "District Attorney, Queens County"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Saved: court, county, district attorney" in out
    assert "District Attorney: Hon. Example / District Attorney, Queens County" in out
    assert "Motions will have marked blanks for: part," in out
    assert main([*base, "office", "settings", "--court-form", "family"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main([*base, "office", "settings", "--county", ""]) == 0
    capsys.readouterr()
    assert main([*base, "office", "settings", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["county"] == ""

    assert main([*base, "authority", "list", "--json"]) == 0
    keys = [item["key"] for item in json.loads(capsys.readouterr().out)]
    assert "brady-v-maryland" in keys and "people-v-garrett" in keys
    assert main([*base, "authority", "edit", "people-v-garrett", "--point", "good_faith",
                 "--proposition", "Distinguished: police files now deemed held."]) == 0  # fmt: skip
    assert "Saved the office's copy of people-v-garrett" in capsys.readouterr().out
    assert main([*base, "authority", "show", "people-v-garrett", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["point"] == "good_faith" and shown["source"] == "office"
    assert main([*base, "authority", "edit", "people-v-garrett"]) != 0
    assert "nothing to change" in capsys.readouterr().err
    assert main([*base, "authority", "reset", "people-v-garrett"]) == 0
    assert "is the shipped one again" in capsys.readouterr().out
    assert main([*base, "authority", "show", "no-such-case"]) != 0
    assert "no authority 'no-such-case'" in capsys.readouterr().err
