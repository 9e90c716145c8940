"""Small public files for tests: a CCRB-style officer roster and a ProPublica-style export."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

CCRB_HEADERS = [
    "As Of Date",
    "Tax ID",
    "Active Per Last Reported Status",
    "Last Reported Active Date",
    "Officer First Name",
    "Officer Last Name",
    "Officer Race",
    "Officer Gender",
    "Current Rank Abbreviation",
    "Current Rank",
    "Current Command",
    "Shield No",
    "Total Complaints",
    "Total Substantiated Complaints",
]

PROPUBLICA_HEADERS = [
    *("unique_mos_id", "first_name", "last_name", "command_now", "shield_no", "complaint_id"),
    *("month_received", "year_received", "month_closed", "year_closed", "command_at_incident"),
    *("rank_abbrev_incident", "rank_abbrev_now", "rank_now", "rank_incident", "mos_ethnicity"),
    *("mos_gender", "mos_age_incident", "complainant_ethnicity", "complainant_gender"),
    *("complainant_age_incident", "fado_type", "allegation", "precinct", "contact_reason"),
    *("outcome_description", "board_disposition"),
]


def ccrb_row(
    tax_id: str,
    first: str,
    last: str,
    shield: str,
    *,
    rank: str = "Police Officer",
    abbreviation: str = "POM",
    command: str = "075 PCT",
    active: str = "Yes",
) -> dict[str, str]:
    return {
        "As Of Date": "05/01/2024",
        "Tax ID": tax_id,
        "Active Per Last Reported Status": active,
        "Last Reported Active Date": "05/01/2024 12:00:00 AM",
        "Officer First Name": first.upper(),
        "Officer Last Name": last.upper(),
        "Officer Race": "",
        "Officer Gender": "",
        "Current Rank Abbreviation": abbreviation,
        "Current Rank": rank,
        "Current Command": command,
        "Shield No": f"{shield}.0" if shield else "",
        "Total Complaints": "0",
        "Total Substantiated Complaints": "0",
    }


def propublica_row(
    mos_id: str,
    first: str,
    last: str,
    shield: str,
    complaint: str,
    *,
    year: str = "2019",
    month: str = "7",
    fado: str = "Force",
    allegation: str = "Physical force",
    disposition: str = "Substantiated (Charges)",
    command: str = "078 PCT",
) -> dict[str, str]:
    row = dict.fromkeys(PROPUBLICA_HEADERS, "")
    row.update(
        unique_mos_id=mos_id,
        first_name=first,
        last_name=last,
        command_now=command,
        shield_no=shield,
        complaint_id=complaint,
        month_received=month,
        year_received=year,
        command_at_incident=command,
        rank_now="Police Officer",
        rank_incident="Police Officer",
        fado_type=fado,
        allegation=allegation,
        precinct="78",
        contact_reason="Moving violation",
        outcome_description="No arrest made or summons issued",
        board_disposition=disposition,
    )
    return row


def write_csv(path: Path, headers: list[str], rows: Iterable[Mapping[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=headers)
        writer.writeheader()
        writer.writerows(rows)
    return path
