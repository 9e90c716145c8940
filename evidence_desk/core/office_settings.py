"""The office's particulars for court papers: court, Part, counsel, signature, affirmation.

Motion papers need things the evidence does not hold: which court's caption to use, the
Part, who signs, the office's address and telephone (CPLR 2101), the District Attorney the
papers are served on, the words of the affirmation (CPLR 2106) and the citation style.
They are stored per library (in the settings table, audited like any change), set from
``evidence-desk office settings`` or the window's Office settings dialog, and read once
per export as an ``OfficeSettings`` record. Nothing is required: a motion made without
them carries clearly marked blanks where they belong (see ``missing_for_motion``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from . import audit
from .errors import ValidationError
from .library import Library
from .model import Setting

SETTING_PREFIX = "office."

COURT_FORMS = {
    "criminal": "Criminal Court of the City of New York",
    "supreme": "Supreme Court of the State of New York (Criminal Term)",
}
CITATION_STYLES = {
    "bluebook": "Bluebook (Brady v. Maryland, 373 U.S. 83 (1963))",
    "official": "New York official (Brady v Maryland, 373 US 83 [1963])",
}

# CPLR 2106 as amended (eff. Jan. 1, 2024): any person may affirm in substantially this
# form. "{date}" is replaced by the date of the papers. Offices edit it when the statute's
# wording changes.
DEFAULT_AFFIRMATION = (
    "I affirm this {date}, under the penalties of perjury under the laws of New York, which "
    "may include a fine or imprisonment, that the foregoing is true, and I understand that "
    "this document may be filed in an action or proceeding in a court of law."
)

MAX_LENGTH = 2000  # characters in one setting: an address or an affirmation, not a brief


@dataclass(frozen=True, slots=True)
class OfficeSettings:
    """What court papers need from the office. Empty text means "not set"."""

    court_form: str = "criminal"
    county: str = ""
    part: str = ""
    court_address: str = ""
    attorney: str = ""
    office: str = ""
    address: str = ""  # lines separated by newlines
    phone: str = ""
    email: str = ""
    signature: str = ""  # the words on the signature line, e.g. "/s/ Jordan Lee"
    city: str = ""  # where the papers are dated: "Bronx, New York"
    district_attorney: str = ""  # lines: name, office, address
    affirmation: str = DEFAULT_AFFIRMATION
    citation_style: str = "bluebook"

    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    def district_attorney_lines(self) -> list[str]:
        return [line.strip() for line in self.district_attorney.splitlines() if line.strip()]


FIELD_LABELS = {
    "court_form": "Court",
    "county": "County",
    "part": "Part",
    "court_address": "Court address",
    "attorney": "Attorney",
    "office": "Office",
    "address": "Office address",
    "phone": "Telephone",
    "email": "Email",
    "signature": "Signature line",
    "city": "Place of signing",
    "district_attorney": "District Attorney",
    "affirmation": "Affirmation wording",
    "citation_style": "Citation style",
}
FIELDS = tuple(field.name for field in dataclasses.fields(OfficeSettings))
MULTILINE_FIELDS = ("address", "district_attorney", "affirmation")

# What a motion cannot be complete without; each missing one is a marked blank in the
# papers (the signature line is signed by hand when empty, so it is not listed).
NEEDED_FOR_MOTION = (
    "county",
    "part",
    "court_address",
    "attorney",
    "office",
    "address",
    "phone",
    "city",
    "district_attorney",
)


def load_office_settings(library: Library) -> OfficeSettings:
    """The library's office settings; defaults for anything never set."""
    with library.read() as session:
        rows = session.execute(
            select(Setting.key, Setting.value).where(Setting.key.like(f"{SETTING_PREFIX}%"))
        ).all()
    stored = {key.removeprefix(SETTING_PREFIX): value for key, value in rows}
    values = {name: stored[name] for name in FIELDS if name in stored}
    if not values.get("affirmation", "").strip():
        values.pop("affirmation", None)  # emptied: back to the statutory wording
    return OfficeSettings(**values)


def _checked(name: str, value: str) -> str:
    if name not in FIELDS:
        raise ValidationError(f"there is no office setting {name!r}")
    text = value.replace("\r\n", "\n").strip()
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            f"the office setting {FIELD_LABELS[name].lower()} is longer than "
            f"{MAX_LENGTH} characters"
        )
    if name not in MULTILINE_FIELDS and "\n" in text:
        raise ValidationError(f"the office setting {FIELD_LABELS[name].lower()} is one line")
    if name == "court_form" and text not in COURT_FORMS:
        raise ValidationError(
            f"the court is {' or '.join(COURT_FORMS)}, not {text!r}"
            " (criminal: Criminal Court of the City of New York; supreme: Supreme Court)"
        )
    if name == "citation_style" and text not in CITATION_STYLES:
        raise ValidationError(f"the citation style is {' or '.join(CITATION_STYLES)}, not {text!r}")
    if name == "affirmation" and text and "{date}" not in text:
        raise ValidationError(
            "the affirmation wording must contain {date}, where the date of the papers goes"
        )
    return text


def save_office_settings(library: Library, changes: Mapping[str, str]) -> OfficeSettings:
    """Store ``changes`` (field name -> text; '' clears a field) in one audited write.

    Everything is checked before anything is written, so a bad value changes nothing.
    """
    cleaned = {name: _checked(name, value) for name, value in changes.items()}
    with library.write() as session:
        for name, value in cleaned.items():
            key = SETTING_PREFIX + name
            row = session.get(Setting, key)
            if row is None:
                row = Setting(key=key, value=value)
                session.add(row)
                session.flush()
                audit.record_create(session, row)
            elif row.value != value:
                before = audit.snapshot(row)
                row.value = value
                audit.record_update(session, row, before)
    return load_office_settings(library)


def missing_for_motion(settings: OfficeSettings) -> list[str]:
    """Labels of the settings a motion needs that are not set (each a marked blank)."""
    return [FIELD_LABELS[name] for name in NEEDED_FOR_MOTION if not getattr(settings, name)]


def missing_sentence(settings: OfficeSettings) -> str:
    """What a motion will leave blank for lack of settings, as a sentence for the window."""
    missing = missing_for_motion(settings)
    if not missing:
        return "Motion papers have everything they need from the office settings."
    listed = ", ".join(label.lower() for label in missing)
    return f"Motion papers will show highlighted blanks for: {listed}."
