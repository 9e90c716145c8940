"""A realistic, generated NYPD-sized roster and complaint table for the officer benchmarks.

Like the real CCRB files: 34,000 officers with unique tax ids; shields written like
``5953.0`` and reissued, so that about 16 % of shield numbers are held by two or three
active officers at once; surnames that repeat hundreds of times (Rodriguez, Smith) beside a
long tail of rare ones, with apostrophes (O'Brien) and hyphens (Garcia-Lopez); NYPD rank
abbreviations; names in capitals. Complaints follow NYC Open Data's CCRB allegation table
(tax id, names, shield, FADO type, allegation, disposition); one row in ten lacks the tax id
and must be linked by shield and name.

    from benchmarks.officer_corpus import write_roster, write_complaints
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

COMMON_SURNAMES = [
    *("Rodriguez", "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Martinez"),
    *("Hernandez", "Lopez", "Gonzalez", "Perez", "Rivera", "Torres", "Ramirez", "Cruz"),
    *("Reyes", "Diaz", "Morales", "Ortiz", "Gutierrez", "Murphy", "Kelly", "Sullivan"),
    *("O'Brien", "O'Connor", "O'Neill", "McCarthy", "Walsh", "Ryan", "Russo", "Esposito"),
    *("Romano", "Rossi", "Cohen", "Levy", "Chen", "Wang", "Li", "Zhang", "Kim", "Lee"),
    *("Park", "Nguyen", "Patel", "Singh", "Khan", "Ali", "Jackson", "Thompson", "White"),
    *("Harris", "Martin", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King"),
    *("Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell"),
    *("Roberts", "Carter", "Phillips", "Evans", "Turner", "Collins", "Edwards", "Stewart"),
    *("Sanchez", "Flores", "Santiago", "Vasquez", "Castillo", "Jimenez", "Mendez", "Nunez"),
    *("Figueroa", "Delgado", "Vargas", "Acevedo", "Colon", "Pagan", "Velez", "Soto", "Ruiz"),
    *("D'Angelo", "D'Amico", "DeLuca", "DiNapoli", "Fitzgerald", "McDonald", "McLaughlin"),
]
GIVEN_NAMES = [
    *("Michael", "John", "Joseph", "Christopher", "Anthony", "Daniel", "James", "Robert"),
    *("Matthew", "David", "Kevin", "Thomas", "Brian", "William", "Richard", "Steven"),
    *("Jose", "Luis", "Carlos", "Juan", "Angel", "Miguel", "Jonathan", "Edwin", "Wilson"),
    *("Maria", "Jennifer", "Jessica", "Michelle", "Stephanie", "Melissa", "Nicole", "Ashley"),
    *("Christina", "Danielle", "Samantha", "Lisa", "Ana", "Rosa", "Carmen", "Yesenia"),
    *("Sean", "Patrick", "Brendan", "Liam", "Wei", "Jian", "Min", "Raj", "Imran", "Omar"),
    *("Dmitri", "Ivan", "Piotr", "Giovanni", "Salvatore", "Vincent", "Nicholas", "Peter"),
]
SYLLABLES = [
    *("ka", "lo", "mar", "ten", "vi", "son", "berg", "ski", "ov", "ell", "an", "or", "is"),
    *("dra", "gu", "fen", "wick", "ham", "ley", "ton", "mo", "zi", "ra", "bel", "ric", "na"),
]
RANKS = [  # (abbreviation, rank, share)
    ("POM", "Police Officer", 0.50),
    ("POF", "Police Officer", 0.18),
    ("DT3", "Detective", 0.07),
    ("DT2", "Detective", 0.03),
    ("DT1", "Detective", 0.015),
    ("DTS", "Detective Specialist", 0.015),
    ("SGT", "Sergeant", 0.11),
    ("SDS", "Sergeant Detective Squad", 0.01),
    ("LT", "Lieutenant", 0.04),
    ("LCD", "Lieutenant Commander Detective Squad", 0.005),
    ("CPT", "Captain", 0.01),
    ("DI", "Deputy Inspector", 0.004),
    ("INS", "Inspector", 0.003),
    ("DC", "Deputy Chief", 0.003),
]
COMMANDS = [
    *(f"{number:03d} PCT" for number in (1, 5, 6, 7, 9, 10, 13, 14, 17, 18, 19, 20, 23, 24)),
    *(f"{number:03d} PCT" for number in (25, 26, 28, 30, 32, 33, 34, 40, 41, 42, 43, 44, 45)),
    *(f"{number:03d} PCT" for number in (46, 47, 48, 49, 50, 52, 60, 61, 62, 63, 66, 67, 68)),
    *(f"{number:03d} PCT" for number in (69, 70, 71, 72, 73, 75, 76, 77, 78, 79, 81, 83, 84)),
    *("NARCBBX", "NARCBMN", "NARCBBN", "NARCBQN", "PBBX", "PBMS", "PBBN", "PBQS", "ESU 01"),
    *("HWY 2", "TB DT01", "TB DT04", "HB MTN", "GANG BX", "VICE MN", "VICE BK", "CRIME LAB"),
]
ROSTER_HEADERS = [
    *("As Of Date", "Tax ID", "Active Per Last Reported Status", "Last Reported Active Date"),
    *("Officer First Name", "Officer Last Name", "Officer Race", "Officer Gender"),
    *("Current Rank Abbreviation", "Current Rank", "Current Command", "Shield No"),
    *("Total Complaints", "Total Substantiated Complaints"),
]
COMPLAINT_HEADERS = [
    *("Complaint Id", "Tax ID", "Officer First Name", "Officer Last Name", "Shield No"),
    *("Incident Date", "FADO Type", "Allegation", "CCRB Allegation Disposition"),
    *("Officer Rank At Incident", "Officer Command At Incident", "Contact Reason"),
]
ALLEGATIONS = {
    "Force": ("Physical force", "Chokehold", "Nonlethal restraining device", "Gun pointed"),
    "Abuse of Authority": ("Search (of person)", "Stop", "Frisk", "Refusal to provide shield"),
    "Discourtesy": ("Word", "Action", "Gesture"),
    "Offensive Language": ("Race", "Gender", "Sexual orientation"),
}
DISPOSITIONS = [
    *("Substantiated (Charges)", "Substantiated (Command Discipline A)", "Exonerated"),
    *("Unsubstantiated", "Unsubstantiated", "Unfounded", "Officer(s) unidentified"),
    "Complainant uncooperative",
]


@dataclass(frozen=True, slots=True)
class RosterOfficer:
    tax_id: str
    first: str
    last: str
    shield: str  # "" when none
    rank: str
    abbreviation: str
    command: str
    active: bool


_SURNAME_WEIGHTS = [1 / (rank + 1) ** 0.7 for rank in range(len(COMMON_SURNAMES))]


def _surname(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:  # Zipf-like: the first names on the list repeat hundreds of times
        return rng.choices(COMMON_SURNAMES, _SURNAME_WEIGHTS)[0]
    if roll < 0.50:
        return f"{rng.choice(COMMON_SURNAMES[:20])}-{rng.choice(COMMON_SURNAMES[:40])}"
    if roll < 0.63:
        return "O'" + "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def ocr_misreadings(text: str, rng: random.Random) -> str:
    """OCR's usual misreadings in ``text``: 0/O, 1/l swapped, m read as rn."""
    out = []
    for char in text:
        roll = rng.random()
        if char in "0O" and roll < 0.3:
            out.append("O" if char == "0" else "0")
        elif char in "1l" and roll < 0.3:
            out.append("l" if char == "1" else "1")
        elif char == "m" and roll < 0.4:
            out.append("rn")
        else:
            out.append(char)
    return "".join(out)


def make_roster(count: int, seed: int = 3202) -> list[RosterOfficer]:
    """``count`` officers; about 16 % of shield numbers are held by 2 or 3 at once."""
    rng = random.Random(seed)
    weights = [share for _, _, share in RANKS]
    officers: list[RosterOfficer] = []
    shields: list[str] = []
    next_shield = 100
    while len(shields) < count:
        next_shield += rng.randint(1, 3)
        holders = 1
        if rng.random() < 0.16:
            holders = 2 if rng.random() < 0.75 else 3
        shields.extend([str(next_shield)] * holders)
    rng.shuffle(shields)
    tax_ids = rng.sample(range(880000, 990000), count)
    for number in range(count):
        abbreviation, rank, _share = rng.choices(RANKS, weights)[0]
        shield = shields[number] if rng.random() > 0.01 else ""  # a few have no shield
        officers.append(
            RosterOfficer(
                tax_id=str(tax_ids[number]),
                first=rng.choice(GIVEN_NAMES),
                last=_surname(rng),
                shield=shield,
                rank=rank,
                abbreviation=abbreviation,
                command=rng.choice(COMMANDS),
                active=rng.random() < 0.85,
            )
        )
    return officers


def write_roster(path: Path, officers: list[RosterOfficer]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ROSTER_HEADERS)
        for officer in officers:
            writer.writerow(
                [
                    "05/01/2024",
                    officer.tax_id,
                    "Yes" if officer.active else "No",
                    "05/01/2024 12:00:00 AM",
                    officer.first.upper(),
                    officer.last.upper(),
                    "",
                    "",
                    officer.abbreviation,
                    officer.rank,
                    officer.command,
                    f"{officer.shield}.0" if officer.shield else "",
                    "0",
                    "0",
                ]
            )
    return path


def write_complaints(
    path: Path, officers: list[RosterOfficer], count: int, seed: int = 245
) -> Path:
    """``count`` allegation rows against officers of the roster (complaints with several
    allegations and several officers, as CCRB files have them)."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COMPLAINT_HEADERS)
        written = 0
        complaint = 200000
        while written < count:
            complaint += 1
            year = rng.randint(2006, 2023)
            day = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{year}"
            accused = rng.sample(officers, rng.choice((1, 1, 1, 2, 2, 3)))
            for officer in accused:
                for _ in range(rng.choice((1, 1, 2, 3))):
                    fado = rng.choice(list(ALLEGATIONS))
                    without_tax_id = rng.random() < 0.10 and officer.shield
                    writer.writerow(
                        [
                            complaint,
                            "" if without_tax_id else officer.tax_id,
                            officer.first.upper(),
                            officer.last.upper(),
                            officer.shield,
                            day,
                            fado,
                            rng.choice(ALLEGATIONS[fado]),
                            rng.choice(DISPOSITIONS),
                            officer.abbreviation,
                            officer.command,
                            rng.choice(("PD suspected C/V of violation/crime", "Traffic stop")),
                        ]
                    )
                    written += 1
                    if written >= count:
                        return path
    return path
