"""The public files offices actually download, recognised by their headers.

* **NYC CCRB officer roster** ("Civilian Complaint Review Board: Police Officers" on NYC
  Open Data): one row per member of service with ``Tax_ID``, ``Shield_No`` (written like
  ``5953.0``), names, current rank and command, whether active, and complaint totals.
* **ProPublica's NYPD CCRB allegations export** ("Civilian Complaints Against New York
  City Police Officers"): one row per allegation, so officers repeat; each row names the
  officer (``unique_mos_id``, CCRB's own officer id, names, shield) and the complaint.

The same ProPublica file serves as a roster (``officer import``: the officers) and as
public records (``records import``: the allegations). Other files are read through the
usual spellings of each field, or ``--map FIELD=COLUMN``.
"""

from __future__ import annotations

from .tabular import Preset

CCRB_ROSTER = Preset(
    name="NYC CCRB officer roster",
    source="NYC CCRB officer roster",
    signature=frozenset({"officer_first_name", "officer_last_name", "tax_id", "shield_no"}),
    columns={
        "first_name": "officer_first_name",
        "last_name": "officer_last_name",
        "tax_id": "tax_id",
        "shield": "shield_no",
        "rank": "current_rank",
        "rank_abbreviation": "current_rank_abbreviation",
        "command": "current_command",
        "status": "active_per_last_reported_status",
        "as_of": "as_of_date",
    },
)

PROPUBLICA_ALLEGATIONS_ROSTER = Preset(
    name="ProPublica NYPD CCRB allegations",
    source="ProPublica: civilian complaints against NYPD officers",
    signature=frozenset({"unique_mos_id", "first_name", "last_name", "shield_no", "complaint_id"}),
    columns={
        "mos_id": "unique_mos_id",
        "first_name": "first_name",
        "last_name": "last_name",
        "shield": "shield_no",
        "command": "command_now",
        "rank": "rank_now",
        "rank_abbreviation": "rank_abbrev_now",
    },
)

PROPUBLICA_ALLEGATIONS_RECORDS = Preset(
    name="ProPublica NYPD CCRB allegations",
    source="ProPublica: civilian complaints against NYPD officers",
    signature=PROPUBLICA_ALLEGATIONS_ROSTER.signature,
    kind="complaint",
    columns={
        "mos_id": "unique_mos_id",
        "first_name": "first_name",
        "last_name": "last_name",
        "shield": "shield_no",
        "case_number": "complaint_id",
        "month": "month_received",
        "year": "year_received",
        "category": "fado_type",
        "allegation": "allegation",
        "disposition": "board_disposition",
        "outcome": "outcome_description",
        "place": "precinct",
        "command": "command_at_incident",
        "rank": "rank_incident",
    },
)

ROSTER_PRESETS = (CCRB_ROSTER, PROPUBLICA_ALLEGATIONS_ROSTER)
RECORD_PRESETS = (PROPUBLICA_ALLEGATIONS_RECORDS,)

# The officer, as any of these files names him (header keys, most specific first).
OFFICER_FIELDS: dict[str, tuple[str, ...]] = {
    "first_name": ("officer_first_name", "first_name", "firstname", "first", "given_name"),
    "last_name": ("officer_last_name", "last_name", "lastname", "last", "surname", "family_name"),
    "name": ("officer_name", "name", "full_name", "officer", "defendant_officer"),
    "shield": (
        "shield_no",
        "shield",
        "shield_number",
        "shield_num",
        "badge",
        "badge_no",
        "badge_number",
    ),
    "tax_id": ("tax_id", "officer_tax_id", "taxid", "tax_no", "tax_number"),
    "employee": ("employee_no", "employee_number", "employee", "employee_id", "emp_no"),
    "mos_id": ("unique_mos_id", "mos_id", "ccrb_id", "ccrb_officer_id"),
    "uc": ("uc", "uc_no", "uc_number", "undercover_number"),
}
