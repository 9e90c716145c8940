"""The demo library: six fictional matters that show what Evidence Desk is for.

Six clients, arrested in undercover operations, describe what the undercover officers did.
Two undercover officers recur: "UC 214" (Det. Victor Sampleton, written "UC #0214",
"Det. Sampelton", "UC 0214" by different reports) and "UC 377" (Det. Owen Placeholder,
"Det. Placeholdr"). Each matter has a Bates-stamped discovery production (arrest report,
complaint report, follow-up report, property voucher) and an intake interview note, and
its allegations cite the exact words on the pages and in the notes. One matter's report
names UC 214 in a way nobody has matched yet, so a second officer record exists for him:
the officer registry suggests merging it, as it would in a real office.

Everything is made through the core services (matters, officers, import, notes,
allegations, tags, office settings for motion papers), so the demo's audit log is complete
and ``audit verify`` passes. Every name, number and place is invented, and every page says
so.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..config import default_library_path
from .allegations import AllegationInput, CitationInput, OfficerLink, add_allegation
from .demo_documents import DemoForm, FormPage, write_form_pdf
from .errors import ConflictError, ValidationError
from .library import Library
from .matters import MatterInput, add_matter, update_matter
from .notes import add_note
from .office_settings import save_office_settings
from .officers import IdentifierInput, add_officer
from .records import MatterId

DEMO_USER = "demo"
BATES_PREFIX = "ECPD"
COURT = "Example County Criminal Court (fictional)"
SQUAD = "Vice Enforcement Squad (fictional)"
PRECINCT = "Precinct 99 (fictional)"

DemoProgress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, what)`` while the demo library is built."""


# -- what the demo contains --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoOfficer:
    key: str
    name: str
    rank: str | None
    command: str | None
    identifiers: tuple[tuple[str, str], ...]
    aliases: tuple[str, ...]
    description: str | None = None


@dataclass(frozen=True, slots=True)
class DemoCitation:
    """Cite a page of one of the matter's forms (``form`` key) or its note (``note`` key)."""

    quote: str
    form: str | None = None
    page: int = 1
    note: str | None = None


@dataclass(frozen=True, slots=True)
class DemoAllegation:
    officers: tuple[tuple[str, str], ...]  # (officer key, role)
    date: str
    conduct: tuple[str, ...]
    summary: str
    narrative: str
    citations: tuple[DemoCitation, ...]
    source: str = "client_statement"
    status: str = "alleged"
    location: str | None = None
    time_text: str | None = None
    reported_to: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DemoMatter:
    file_number: str
    client: str
    date_of_birth: date
    nysid: str
    docket: str
    opened_on: date
    forms: tuple[DemoForm, ...]
    notes: tuple[tuple[str, str, str], ...]  # (key, title, body)
    allegations: tuple[DemoAllegation, ...]
    client_other_names: tuple[str, ...] = ()
    closed: bool = False
    tags: tuple[tuple[str, str], ...] = ()  # (tag name, form key)

    @property
    def caption(self) -> str:
        return f"People v. {self.client}"


OFFICERS: tuple[DemoOfficer, ...] = (
    DemoOfficer(
        "sampleton",
        "Victor Sampleton",
        "Detective",
        SQUAD,
        (("uc", "214"), ("shield", "4471")),
        ("UC #0214", "Det. Sampelton", "V. Sampleton"),
        "Undercover buyer; white male, 40s, grey beard, calls himself 'Vic'",
    ),
    DemoOfficer(
        "placeholder",
        "Owen Placeholder",
        "Detective",
        SQUAD,
        (("uc", "377"), ("shield", "5820")),
        ("UC 0377", "Det. Placeholdr", "O. Placeholder"),
        "Undercover buyer; male, 30s, compass tattoo on left forearm",
    ),
    DemoOfficer(
        "fixture",
        "Tess Fixture",
        "Police Officer",
        PRECINCT,
        (("shield", "10101"),),
        ("P.O. Fixture",),
        "Arresting officer of the field team",
    ),
    DemoOfficer(
        "stubbs",
        "Ada Stubbs",
        "Sergeant",
        SQUAD,
        (("shield", "2020"),),
        ("Sgt. Stubbs",),
        "Field-team supervisor",
    ),
    # The same undercover as "sampleton", entered from DEMO-24-006's paperwork before anyone
    # matched him: the registry's suggestions offer to merge the two.
    DemoOfficer(
        "sampleton-unmatched",
        "V. Sampelton",
        None,
        None,
        (("uc", "0214"),),
        ("UC 0214",),
        "Named only as 'UC 0214' in DEMO-24-006",
    ),
)


def _arrest_fields(
    arrest_number: str, when: str, where: str, defendant: str, charge: str, uc: str
) -> tuple[tuple[str, str], ...]:
    return (
        ("Arrest no.", arrest_number),
        ("Date / time of arrest", when),
        ("Place of arrest", where),
        ("Defendant", defendant),
        ("Top charge", charge),
        ("Undercover", uc),
        ("Arresting officer", "P.O. Tess Fixture, Shield 10101"),
        ("Supervisor", "Sgt. Ada Stubbs"),
    )


MATTERS: tuple[DemoMatter, ...] = (
    DemoMatter(
        file_number="DEMO-24-001",
        client="Avery Testwood",
        date_of_birth=date(1996, 2, 11),
        nysid="DEMO-NYSID-01",
        docket="CR-0101-24 (fictional)",
        opened_on=date(2024, 1, 10),
        forms=(
            DemoForm(
                "arrest",
                "001 Arrest Report.pdf",
                "ARREST REPORT",
                (
                    FormPage(
                        _arrest_fields(
                            "A-24-0101",
                            "01/09/2024 23:15",
                            "Example Ave & 3rd St",
                            "TESTWOOD, AVERY",
                            "PL 230.00 Prostitution",
                            "UC #0214",
                        ),
                        (
                            (
                                "Narrative",
                                "At the above time and place, UC #0214 reports that the "
                                "defendant approached the UC's vehicle and agreed to engage in "
                                "a sexual act in exchange for forty dollars. UC #0214 remained "
                                "in the vehicle with the defendant for approximately 25 minutes "
                                "before transmitting the positive signal. The defendant was "
                                "placed under arrest without incident by the field team.",
                            ),
                        ),
                    ),
                    FormPage(
                        (),
                        (
                            (
                                "Additional details",
                                "The defendant's cellular telephone was removed from the "
                                "defendant's person and vouchered (see property voucher). No "
                                "statements were noted at the scene. The defendant was "
                                f"transported to {PRECINCT} for processing.",
                            ),
                            (
                                "Prisoner movement",
                                "Arrival at precinct 23:52. Search by P.O. Fixture 00:05. "
                                "Released on desk appearance ticket 04:40.",
                            ),
                        ),
                    ),
                ),
            ),
            DemoForm(
                "complaint",
                "002 Complaint Report.pdf",
                "COMPLAINT REPORT",
                (
                    FormPage(
                        (
                            ("Complaint no.", "C-24-0101"),
                            ("Occurrence", "01/09/2024 22:50 to 23:15"),
                            ("Operation", "Street-level prostitution operation"),
                            ("Reporting officer", "Sgt. Ada Stubbs"),
                        ),
                        (
                            (
                                "Details",
                                "Operation plan (fictional): UC 214 to act as buyer in an "
                                "unmarked silver sedan. Field team: P.O. Fixture, Sgt. Stubbs. "
                                "One arrest effected at Example Ave & 3rd St.",
                            ),
                        ),
                    ),
                ),
            ),
            DemoForm(
                "followup",
                "003 Follow-up Report (DD5).pdf",
                "COMPLAINT FOLLOW-UP INFORMATION (DD5-STYLE)",
                (
                    FormPage(
                        (
                            ("Complaint no.", "C-24-0101"),
                            ("Follow-up no.", "1"),
                            ("Subject", "Post-arrest contact"),
                            ("Reported by", "UC 214"),
                        ),
                        (
                            (
                                "Details",
                                "On 01/16/2024 the undersigned UC 214 contacted the defendant "
                                "by telephone to follow up on information regarding other "
                                "locations. The defendant declined to meet. Case to remain "
                                "open pending further information.",
                            ),
                        ),
                    ),
                ),
            ),
            DemoForm(
                "voucher",
                "004 Property Voucher.pdf",
                "PROPERTY CLERK INVOICE (VOUCHER)",
                (
                    FormPage(
                        (
                            ("Invoice no.", "PV-24-0101"),
                            ("Date", "01/10/2024"),
                            ("Owner", "TESTWOOD, AVERY"),
                            ("Invoicing officer", "P.O. Tess Fixture"),
                        ),
                        (
                            (
                                "Property",
                                "Item 1: one cellular telephone, black, with case. "
                                "Disposition: Investigatory hold. Release authorized: No.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        notes=(
            (
                "intake",
                "Intake interview",
                "Client says the buyer introduced himself as 'Vic': older, grey beard, drove "
                'a silver sedan. Client states: "Before he said anything about money he '
                'unzipped his pants and exposed himself and asked me to touch him." They sat '
                "in the car about half an hour before the other officers came.\n\n"
                "A week later 'Vic' called her cell phone and asked to meet \"to talk about "
                'other girls on the stroll." Client did not go.\n\n'
                "Client's phone has not been returned despite two requests at the precinct.",
            ),
        ),
        allegations=(
            DemoAllegation(
                officers=(("sampleton", "accused"),),
                date="2024-01-09",
                time_text="22:50",
                location="Example Ave & 3rd St, in the UC's car",
                conduct=("UC.EXPOSURE", "UC.SEXUAL_CONTACT_BEFORE_ARREST"),
                summary="UC exposed himself and asked the client to touch him before the signal",
                narrative="The client says the undercover exposed himself and asked her to "
                "touch him before any price was discussed. The arrest report puts him alone "
                "in the car with her for about 25 minutes before the signal.",
                status="corroborated",
                citations=(
                    DemoCitation(
                        "unzipped his pants and exposed himself and asked me to touch him",
                        note="intake",
                    ),
                    DemoCitation(
                        "remained in the vehicle with the defendant for approximately 25 "
                        "minutes before transmitting the positive signal",
                        form="arrest",
                        page=1,
                    ),
                ),
            ),
            DemoAllegation(
                officers=(("sampleton", "accused"),),
                date="2024-01-16",
                conduct=("UC.CONTACT_AFTER_ARREST", "UC.INFORMANT_PRESSURE"),
                summary="UC telephoned the client after her release to recruit her",
                narrative="A week after the arrest the undercover called the client and asked "
                "to meet about other people working in the area. His own follow-up report "
                "records the call.",
                source="police_paperwork",
                status="corroborated",
                citations=(
                    DemoCitation(
                        "contacted the defendant by telephone to follow up on information "
                        "regarding other locations",
                        form="followup",
                    ),
                    DemoCitation("to talk about other girls on the stroll", note="intake"),
                ),
            ),
            DemoAllegation(
                officers=(("fixture", "accused"),),
                date="2024-01",
                conduct=("UC.PROPERTY_NOT_RETURNED",),
                summary="The client's phone was kept on investigatory hold and not returned",
                narrative="The phone was vouchered for an investigatory hold; release was "
                "refused twice.",
                citations=(
                    DemoCitation("Disposition: Investigatory hold", form="voucher"),
                    DemoCitation("phone has not been returned despite two requests", note="intake"),
                ),
            ),
        ),
        tags=(("DD5", "followup"), ("Hot", "arrest")),
    ),
    DemoMatter(
        file_number="DEMO-24-002",
        client="Blair Samplesmith",
        date_of_birth=date(1991, 7, 30),
        nysid="DEMO-NYSID-02",
        docket="CR-0202-24 (fictional)",
        opened_on=date(2024, 3, 3),
        closed=True,
        forms=(
            DemoForm(
                "arrest",
                "Arrest Report.pdf",
                "ARREST REPORT",
                (
                    FormPage(
                        _arrest_fields(
                            "A-24-0202",
                            "03/02/2024 01:05",
                            "Sample Blvd near Demo Pl",
                            "SAMPLESMITH, BLAIR",
                            "PL 230.00 Prostitution",
                            "UC 214",
                        ),
                        (
                            (
                                "Narrative",
                                "UC 214 reports that the defendant entered the UC's vehicle at "
                                "the above location and agreed to perform a sexual act for "
                                "sixty dollars. While in the vehicle the UC observed an open "
                                "container of alcohol. Positive signal transmitted at 0105 "
                                "hours.",
                            ),
                        ),
                    ),
                ),
            ),
            DemoForm(
                "followup",
                "Follow-up Report (DD5).pdf",
                "COMPLAINT FOLLOW-UP INFORMATION (DD5-STYLE)",
                (
                    FormPage(
                        (
                            ("Complaint no.", "C-24-0202"),
                            ("Follow-up no.", "1"),
                            ("Subject", "Open container"),
                            ("Reported by", "Det. Sampelton"),
                        ),
                        (
                            (
                                "Details",
                                "Det. Sampelton reports that the pint bottle of vodka recovered "
                                "from the front passenger footwell belongs to the undercover "
                                "vehicle's operational supplies and was not vouchered.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        notes=(
            (
                "intake",
                "Intake interview",
                "Client says the man offered her a drink from a bottle of vodka he kept under "
                "the seat and kept refilling her cup. He said his name was Vic; grey beard.\n\n"
                'Client states: "He grabbed my breast and between my legs while I was still '
                'saying no."',
            ),
        ),
        allegations=(
            DemoAllegation(
                officers=(("sampleton", "accused"),),
                date="2024-03-02",
                conduct=("UC.ALCOHOL",),
                summary="UC supplied the client with vodka from the undercover car",
                narrative="The client says the undercover gave her vodka from under the seat; "
                "his follow-up report says the bottle belonged to the undercover car.",
                status="corroborated",
                citations=(
                    DemoCitation(
                        "offered her a drink from a bottle of vodka he kept under the seat",
                        note="intake",
                    ),
                    DemoCitation(
                        "belongs to the undercover vehicle's operational supplies",
                        form="followup",
                    ),
                ),
            ),
            DemoAllegation(
                officers=(("sampleton", "accused"),),
                date="2024-03-02",
                conduct=("UC.GROPING", "SEXUAL.FORCIBLE_TOUCHING"),
                summary="UC groped the client while she refused",
                narrative="The client says the undercover grabbed her breast and groin while "
                "she was saying no, before the signal.",
                reported_to=("ccrb",),
                citations=(
                    DemoCitation(
                        "He grabbed my breast and between my legs while I was still saying no",
                        note="intake",
                    ),
                ),
            ),
        ),
        tags=(("DD5", "followup"),),
    ),
    DemoMatter(
        file_number="DEMO-24-003",
        client="Casey Mockridge",
        date_of_birth=date(1999, 11, 2),
        nysid="DEMO-NYSID-03",
        docket="CR-0303-24 (fictional)",
        opened_on=date(2024, 4, 19),
        forms=(
            DemoForm(
                "arrest",
                "Arrest Report.pdf",
                "ARREST REPORT",
                (
                    FormPage(
                        _arrest_fields(
                            "A-24-0303",
                            "04/18/2024 21:40",
                            "Placeholder Park, north gate",
                            "MOCKRIDGE, CASEY",
                            "PL 230.00 Prostitution",
                            "UC 0377",
                        ),
                        (
                            (
                                "Narrative",
                                "UC 0377 reports that the defendant agreed to engage in sexual "
                                "conduct for fifty dollars inside a parked vehicle at the above "
                                "location. Positive signal transmitted at 2140 hours.",
                            ),
                        ),
                    ),
                    FormPage(
                        (),
                        (
                            (
                                "Post-arrest",
                                "The defendant was debriefed at the precinct by UC 377 "
                                "regarding other locations and persons. The debriefing was "
                                "described as non-custodial; no attorney was present.",
                            ),
                        ),
                    ),
                ),
            ),
            DemoForm(
                "followup",
                "Follow-up Report (DD5).pdf",
                "COMPLAINT FOLLOW-UP INFORMATION (DD5-STYLE)",
                (
                    FormPage(
                        (
                            ("Complaint no.", "C-24-0303"),
                            ("Follow-up no.", "1"),
                            ("Subject", "Debriefing"),
                            ("Reported by", "Det. Placeholdr"),
                        ),
                        (
                            (
                                "Details",
                                "Det. Placeholdr reports the defendant indicated willingness to "
                                "provide information in exchange for consideration on the "
                                "instant arrest. Referred to squad supervisor Sgt. Stubbs.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        notes=(
            (
                "intake",
                "Intake interview",
                "Client describes the buyer: 30s, compass tattoo on his left forearm. Before "
                "any deal he showed her pornographic videos on his phone and told her to do "
                "what the woman in the video does.\n\n"
                'At the precinct the same man, now wearing a badge, told her: "You can go '
                'home tonight if you give me three names." No lawyer was present.',
            ),
        ),
        allegations=(
            DemoAllegation(
                officers=(("placeholder", "accused"),),
                date="2024-04-18",
                conduct=("UC.PORNOGRAPHY", "SEXUAL.HARASSMENT_GESTURE"),
                summary="UC showed the client pornography on his phone before the deal",
                narrative="The client says the undercover played pornographic videos on his "
                "phone and told her to copy them.",
                citations=(
                    DemoCitation("showed her pornographic videos on his phone", note="intake"),
                ),
            ),
            DemoAllegation(
                officers=(("placeholder", "accused"), ("stubbs", "witness")),
                date="2024-04-18",
                conduct=("UC.INFORMANT_PRESSURE", "UC.DEBRIEF_WITHOUT_COUNSEL"),
                summary="UC debriefed the client without counsel and offered release for names",
                narrative="After the arrest the undercover questioned the client at the "
                "precinct without counsel and offered to let her go home in exchange for "
                "names; his reports record the debriefing and the offer of consideration.",
                source="police_paperwork",
                status="corroborated",
                citations=(
                    DemoCitation(
                        "debriefed at the precinct by UC 377 regarding other locations and persons",
                        form="arrest",
                        page=2,
                    ),
                    DemoCitation(
                        "provide information in exchange for consideration on the instant arrest",
                        form="followup",
                    ),
                    DemoCitation(
                        "You can go home tonight if you give me three names", note="intake"
                    ),
                ),
            ),
        ),
        tags=(("DD5", "followup"), ("Hot", "followup")),
    ),
    DemoMatter(
        file_number="DEMO-24-004",
        client="Devon Fakeley",
        date_of_birth=date(1988, 5, 17),
        nysid="DEMO-NYSID-04",
        docket="CR-0404-24 (fictional)",
        opened_on=date(2024, 5, 24),
        client_other_names=("Dee Fakeley",),
        forms=(
            DemoForm(
                "arrest",
                "ECPD production - arrest report.pdf",
                "ARREST REPORT",
                (
                    FormPage(
                        _arrest_fields(
                            "A-24-0404",
                            "05/23/2024 22:31",
                            "Apartment, Fiction St (fictional)",
                            "FAKELEY, DEVON",
                            "PL 230.00 Prostitution",
                            "UC #0214",
                        ),
                        (
                            (
                                "Narrative",
                                "UC #0214 reports that the defendant, inside a residence at the "
                                "above location, agreed to perform a dance and a sexual act for "
                                "one hundred dollars. Field team entered on the positive signal.",
                            ),
                        ),
                    ),
                ),
            ),
            DemoForm(
                "complaint",
                "ECPD production - complaint report.pdf",
                "COMPLAINT REPORT",
                (
                    FormPage(
                        (
                            ("Complaint no.", "C-24-0404"),
                            ("Occurrence", "05/23/2024 21:40 to 22:31"),
                            ("Operation", "Indoor prostitution operation"),
                            ("Reporting officer", "Sgt. Ada Stubbs"),
                        ),
                        (
                            (
                                "Timeline",
                                "UC entered premises at 2140 hours; positive signal at 2228 "
                                "hours; field team entry 2231 hours.",
                            ),
                        ),
                    ),
                ),
            ),
            DemoForm(
                "voucher",
                "ECPD production - property voucher.pdf",
                "PROPERTY CLERK INVOICE (VOUCHER)",
                (
                    FormPage(
                        (
                            ("Invoice no.", "PV-24-0404"),
                            ("Date", "05/24/2024"),
                            ("Owner", "FAKELEY, DEVON"),
                            ("Invoicing officer", "P.O. Tess Fixture"),
                        ),
                        (
                            (
                                "Property",
                                "Item 1: one hundred dollars in pre-recorded buy money. Item 2: "
                                "one cellular telephone. Disposition: Investigatory hold.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        notes=(
            (
                "intake",
                "Intake interview",
                "Client says the man (grey beard, called himself Vic) told her to take her "
                "clothes off and dance 'to prove you're not a cop' and would not pay until "
                'she did. Client states: "He made me strip and dance for him for almost an '
                'hour before his friends came in."\n\n'
                "Her phone was taken at the precinct and is still held.",
            ),
        ),
        allegations=(
            DemoAllegation(
                officers=(("sampleton", "accused"), ("fixture", "present")),
                date="2024-05-23",
                time_text="21:40",
                location="Apartment on Fiction St",
                conduct=("UC.FORCED_UNDRESSING", "SEXUAL.HUMILIATION"),
                summary="UC made the client strip and dance for nearly an hour before the signal",
                narrative="The client says the undercover made her undress and dance before "
                "paying; the complaint report shows 48 minutes between his entry and the "
                "signal.",
                status="corroborated",
                reported_to=("ccrb",),
                citations=(
                    DemoCitation(
                        "He made me strip and dance for him for almost an hour", note="intake"
                    ),
                    DemoCitation(
                        "UC entered premises at 2140 hours; positive signal at 2228 hours",
                        form="complaint",
                    ),
                ),
            ),
            DemoAllegation(
                officers=(("fixture", "accused"),),
                date="2024-06",
                conduct=("UC.PROPERTY_NOT_RETURNED",),
                summary="The client's phone was kept on investigatory hold",
                narrative="The phone taken at processing is still held months after the arrest.",
                citations=(
                    DemoCitation("Disposition: Investigatory hold", form="voucher"),
                    DemoCitation("Her phone was taken at the precinct", note="intake"),
                ),
            ),
        ),
        tags=(("Hot", "complaint"),),
    ),
    DemoMatter(
        file_number="DEMO-24-005",
        client="Emery Quillon",
        date_of_birth=date(1993, 9, 8),
        nysid="DEMO-NYSID-05",
        docket="CR-0505-24 (fictional)",
        opened_on=date(2024, 6, 2),
        forms=(
            DemoForm(
                "arrest",
                "Arrest Report.pdf",
                "ARREST REPORT",
                (
                    FormPage(
                        _arrest_fields(
                            "A-24-0505",
                            "06/01/2024 03:40",
                            "Hotel Example, room 12 (fictional)",
                            "QUILLON, EMERY",
                            "PL 230.00 Prostitution",
                            "UC 377",
                        ),
                        (
                            (
                                "Narrative",
                                "UC 377 reports that the defendant agreed to engage in sexual "
                                "intercourse for eighty dollars at the above hotel. The UC was "
                                "inside the room with the defendant for approximately 40 "
                                "minutes. Positive signal transmitted at 0340 hours.",
                            ),
                        ),
                    ),
                ),
            ),
            DemoForm(
                "followup",
                "Follow-up Report (DD5).pdf",
                "COMPLAINT FOLLOW-UP INFORMATION (DD5-STYLE)",
                (
                    FormPage(
                        (
                            ("Complaint no.", "C-24-0505"),
                            ("Follow-up no.", "1"),
                            ("Subject", "Cooperation"),
                            ("Reported by", "Det. Placeholdr"),
                        ),
                        (
                            (
                                "Details",
                                "On 06/09/2024 Det. Placeholdr contacted the defendant by "
                                "telephone to arrange a meeting regarding possible cooperation. "
                                "The meeting did not take place.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        notes=(
            (
                "intake",
                "Intake interview",
                "Client says the undercover had sex with her in the hotel room and only then "
                "radioed the arrest team. When she tried to stop he told her: \"If you don't "
                "finish what you started I'll add a charge.\"\n\n"
                "A week later he called her and asked to 'meet up, just us'.",
            ),
        ),
        allegations=(
            DemoAllegation(
                officers=(("placeholder", "accused"),),
                date="2024-06-01",
                location="Hotel Example (fictional)",
                conduct=("UC.SEX_UNDER_THREAT", "SEXUAL.ON_DUTY_ACTIVITY"),
                summary="UC had sex with the client under threat of a further charge",
                narrative="The client says the undercover had intercourse with her before "
                "radioing the team and threatened another charge when she tried to stop; he "
                "was in the room with her for about 40 minutes before the signal.",
                reported_to=("iab",),
                citations=(
                    DemoCitation(
                        "If you don't finish what you started I'll add a charge", note="intake"
                    ),
                    DemoCitation(
                        "inside the room with the defendant for approximately 40 minutes",
                        form="arrest",
                    ),
                ),
            ),
            DemoAllegation(
                officers=(("placeholder", "accused"),),
                date="2024-06-09",
                conduct=("UC.CONTACT_AFTER_ARREST",),
                summary="UC telephoned the client after the arrest to meet alone",
                narrative="The undercover's own follow-up report records the call.",
                source="police_paperwork",
                status="corroborated",
                citations=(
                    DemoCitation(
                        "contacted the defendant by telephone to arrange a meeting regarding "
                        "possible cooperation",
                        form="followup",
                    ),
                    DemoCitation("meet up, just us", note="intake"),
                ),
            ),
        ),
        tags=(("DD5", "followup"),),
    ),
    DemoMatter(
        file_number="DEMO-24-006",
        client="Finley Placeford",
        date_of_birth=date(2000, 1, 21),
        nysid="DEMO-NYSID-06",
        docket="CR-0606-24 (fictional)",
        opened_on=date(2024, 8, 16),
        forms=(
            DemoForm(
                "arrest",
                "Arrest Report.pdf",
                "ARREST REPORT",
                (
                    FormPage(
                        _arrest_fields(
                            "A-24-0606",
                            "08/15/2024 23:55",
                            "Mock Ave & 9th St",
                            "PLACEFORD, FINLEY",
                            "PL 230.00 Prostitution",
                            "UC 0214",
                        ),
                        (
                            (
                                "Narrative",
                                "UC 0214 reports that the defendant agreed to perform a sexual "
                                "act for forty dollars inside the UC vehicle at the above "
                                "location. Positive signal transmitted at 2355 hours.",
                            ),
                        ),
                    ),
                    FormPage(
                        (),
                        (
                            (
                                "Processing",
                                f"The defendant was strip searched at {PRECINCT} by P.O. "
                                "Fixture in the presence of other members of service. No "
                                "contraband was recovered.",
                            ),
                        ),
                    ),
                ),
            ),
            DemoForm(
                "followup",
                "Follow-up Report (DD5).pdf",
                "COMPLAINT FOLLOW-UP INFORMATION (DD5-STYLE)",
                (
                    FormPage(
                        (
                            ("Complaint no.", "C-24-0606"),
                            ("Follow-up no.", "1"),
                            ("Subject", "Debriefing"),
                            ("Reported by", "UC 0214"),
                        ),
                        (
                            (
                                "Details",
                                "UC 0214 reports he advised the defendant that the charges "
                                "could be taken care of if the defendant provided information "
                                "about other workers in the area.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        notes=(
            (
                "intake",
                "Intake interview",
                "Client says the buyer was an older man with a grey beard who kept his pants "
                "open the whole time they talked.\n\n"
                "At the precinct a female officer made her remove all clothing and squat while "
                "male officers walked past the open door.",
            ),
        ),
        allegations=(
            DemoAllegation(
                officers=(("sampleton-unmatched", "accused"),),
                date="2024-08-15",
                conduct=("UC.EXPOSURE",),
                summary="UC kept his pants open throughout the conversation",
                narrative="The client describes the same grey-bearded buyer as other clients.",
                citations=(DemoCitation("kept his pants open the whole time", note="intake"),),
            ),
            DemoAllegation(
                officers=(("sampleton-unmatched", "accused"),),
                date="2024-08-15",
                conduct=("UC.INFORMANT_PRESSURE",),
                summary="UC offered to make the charges go away for information",
                narrative="The undercover's own follow-up report records the offer.",
                source="police_paperwork",
                status="corroborated",
                citations=(
                    DemoCitation(
                        "charges could be taken care of if the defendant provided information",
                        form="followup",
                    ),
                ),
            ),
            DemoAllegation(
                officers=(("fixture", "accused"),),
                date="2024-08-16",
                location=PRECINCT,
                conduct=("SEXUAL.MOTIVATED_STRIP_SEARCH", "SEXUAL.HUMILIATION"),
                summary="Strip search with the door open while male officers passed",
                narrative="The client was strip searched in view of male officers; the arrest "
                "report confirms the search and that nothing was found.",
                status="corroborated",
                citations=(
                    DemoCitation(
                        "strip searched at Precinct 99 (fictional) by P.O. Fixture",
                        form="arrest",
                        page=2,
                    ),
                    DemoCitation(
                        "remove all clothing and squat while male officers walked past the "
                        "open door",
                        note="intake",
                    ),
                ),
            ),
        ),
        tags=(("DD5", "followup"), ("Hot", "arrest")),
    ),
)

TAG_COLOURS = {"DD5": "#2f74c0", "Hot": "#c0392b"}

# The office's particulars, so that motion papers made from the demo are complete.
OFFICE_SETTINGS = {
    "court_form": "criminal",
    "county": "Example",
    "part": "AP-9",
    "court_address": "100 Centre Street, Example City, New York (fictional)",
    "attorney": "Morgan Draftwell",
    "office": "Example Defender Service (fictional)",
    "address": "200 Sample Street\nExample City, NY 10000",
    "phone": "(555) 010-0199",
    "email": "m.draftwell@example.org",
    "city": "Example City, New York",
    "district_attorney": "Hon. Pat Placeholder\nDistrict Attorney, Example County (fictional)\n"
    "1 Justice Plaza, Example City, NY 10000",
}


# -- building it ---------------------------------------------------------------------------


def default_demo_library_path() -> Path:
    """Where the demo goes unless told otherwise: ``demo-library`` beside the default library."""
    return default_library_path().parent / "demo-library"


@dataclass(frozen=True)
class DemoSummary:
    """What ``build_demo_library`` made, for a message to the user."""

    path: Path
    matters: int
    documents: int
    pages: int
    notes: int
    officers: int
    allegations: int
    citations: int
    seconds: float
    recurring_officers: tuple[str, ...] = field(default_factory=tuple)


def _check_destination(path: Path) -> Path:
    path = Path(path).expanduser().resolve()
    if Library.exists(path):
        raise ConflictError(
            f"there is already a library at {path}; the demo never overwrites one "
            "(choose another folder or delete that one first)"
        )
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ConflictError(f"{path} is not empty; choose a new or empty folder for the demo")
    return path


def _step_count() -> int:
    # officers + per matter (matter, forms+import, notes, allegations, tags)
    return len(OFFICERS) + sum(
        1 + 1 + len(matter.notes) + len(matter.allegations) + 1 for matter in MATTERS
    )


def build_demo_library(
    path: Path | None = None, *, progress: DemoProgress | None = None
) -> DemoSummary:
    """Create the demo library at ``path`` (a new or empty folder; default
    ``default_demo_library_path()``) and fill it.

    Refuses to touch an existing library or a folder with files in it; a build that
    fails half-way removes what it made. Takes a few seconds: the discovery PDFs are
    generated, then imported like any production.
    """
    from .ingest.pipeline import import_paths
    from .tags import add_tag, apply_tag

    started = time.monotonic()
    path = _check_destination(path if path is not None else default_demo_library_path())
    total = _step_count()
    done = 0

    def step(what: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(min(done, total), total, what)

    if progress is not None:
        progress(0, total, "Creating the library")
    folder_existed = path.exists()
    library = Library.create(path, user=DEMO_USER)
    completed = False
    counts = {"documents": 0, "pages": 0, "notes": 0, "allegations": 0, "citations": 0}
    try:
        officer_ids: dict[str, int] = {}
        for officer in OFFICERS:
            record = add_officer(
                library,
                officer.name,
                rank=officer.rank,
                command=officer.command,
                description=officer.description,
                identifiers=[IdentifierInput(kind, value) for kind, value in officer.identifiers],
                aliases=list(officer.aliases),
                force=True,  # "sampleton-unmatched" is the same man on purpose (see above)
            )
            officer_ids[officer.key] = record.id
            step(f"Officer {officer.name}")
        tag_ids = {tag: add_tag(library, tag, colour).id for tag, colour in TAG_COLOURS.items()}
        save_office_settings(library, OFFICE_SETTINGS)
        next_bates = 101
        with tempfile.TemporaryDirectory(prefix="evidence-desk-demo-") as scratch:
            productions: dict[str, dict[str, Path]] = {}
            matter_ids: dict[str, MatterId] = {}
            for matter in MATTERS:
                matter_id = add_matter(
                    library,
                    MatterInput(
                        file_number=matter.file_number,
                        caption=matter.caption,
                        client_name=matter.client,
                        client_other_names=matter.client_other_names,
                        client_date_of_birth=matter.date_of_birth,
                        client_identifiers=(("nysid", matter.nysid),),
                        docket=matter.docket,
                        court=COURT,
                        opened_on=matter.opened_on,
                    ),
                ).id
                step(f"Matter {matter.file_number}")
                production = Path(scratch) / matter.file_number
                files: dict[str, Path] = {}
                for form in matter.forms:
                    target = production / form.file_name
                    next_bates += write_form_pdf(
                        form, target, bates_prefix=BATES_PREFIX, first_bates=next_bates
                    )
                    files[form.key] = target
                next_bates = (next_bates // 100 + 1) * 100 + 1  # each matter its own hundred
                productions[matter.file_number] = files
                matter_ids[matter.file_number] = matter_id
            # The productions are imported side by side: most of an import's time is its
            # reading process starting up, and those start-ups need not wait for each other
            # (the library lets one import write at a time).
            with ThreadPoolExecutor(max_workers=len(MATTERS)) as pool:
                imports = {
                    matter.file_number: pool.submit(
                        import_paths,
                        library,
                        matter_ids[matter.file_number],
                        list(productions[matter.file_number].values()),
                        workers=1,
                    )
                    for matter in MATTERS
                }
            for matter in MATTERS:
                matter_id = matter_ids[matter.file_number]
                files = productions[matter.file_number]
                results = imports[matter.file_number].result()
                failed = [result for result in results if result.status != "ok"]
                if failed:
                    raise ValidationError(
                        f"demo document {failed[0].file_name} did not import: {failed[0].message}"
                    )
                document_ids = {
                    key: next(
                        r.id for r in results if Path(r.source_path).resolve() == path_.resolve()
                    )
                    for key, path_ in files.items()
                }
                counts["documents"] += len(results)
                counts["pages"] += sum(result.pages for result in results)
                step(f"Discovery for {matter.file_number}")
                note_ids: dict[str, int] = {}
                for key, title, body in matter.notes:
                    note_ids[key] = add_note(library, matter_id, title, body).id
                    counts["notes"] += 1
                    step(f"Note: {title}")
                for allegation in matter.allegations:
                    citations = tuple(
                        CitationInput(
                            document_id=document_ids[item.form],
                            page_start=item.page,
                            page_end=item.page,
                            quote=item.quote,
                        )
                        if item.form is not None
                        else CitationInput(note_id=note_ids[str(item.note)], quote=item.quote)
                        for item in allegation.citations
                    )
                    add_allegation(
                        library,
                        AllegationInput(
                            matter_id=matter_id,
                            officers=tuple(
                                OfficerLink(officer_ids[key], role)
                                for key, role in allegation.officers
                            ),
                            date=allegation.date,
                            time_text=allegation.time_text,
                            location=allegation.location,
                            conduct=allegation.conduct,
                            summary=allegation.summary,
                            narrative=allegation.narrative,
                            source=allegation.source,
                            status=allegation.status,
                            reported_to=allegation.reported_to,
                            citations=citations,
                        ),
                    )
                    counts["allegations"] += 1
                    counts["citations"] += len(citations)
                    step(f"Allegation: {allegation.summary}")
                for tag, form_key in matter.tags:
                    apply_tag(library, tag_ids[tag], [document_ids[form_key]])
                if matter.closed:
                    update_matter(library, matter_id, status="closed")
                step(f"Tags for {matter.file_number}")
        completed = True
    finally:
        library.close()
        if not completed:
            _remove_partial(path, keep_folder=folder_existed)
    recurring = _recurring_officers()
    return DemoSummary(
        path=path,
        matters=len(MATTERS),
        documents=counts["documents"],
        pages=counts["pages"],
        notes=counts["notes"],
        officers=len(OFFICERS),
        allegations=counts["allegations"],
        citations=counts["citations"],
        seconds=time.monotonic() - started,
        recurring_officers=recurring,
    )


def _remove_partial(path: Path, *, keep_folder: bool) -> None:
    """Take away a demo that failed half-way, so that building it again can succeed.

    Only called for a folder this build created or found empty, so nothing of the
    user's is removed.
    """
    if keep_folder:
        for item in path.iterdir():
            if item.is_dir() and not item.is_symlink():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _recurring_officers() -> tuple[str, ...]:
    """Officers the demo names in two or more matters (what the patterns view shows)."""
    names = {officer.key: officer.name for officer in OFFICERS}
    matters_by_officer: dict[str, set[str]] = {}
    for matter in MATTERS:
        for allegation in matter.allegations:
            for key, role in allegation.officers:
                if role != "witness":
                    matters_by_officer.setdefault(key, set()).add(matter.file_number)
    return tuple(
        sorted(names[key] for key, matters in matters_by_officer.items() if len(matters) >= 2)
    )
