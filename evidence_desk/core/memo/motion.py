"""Motion papers: a motion to compel disclosure of police impeachment material, for court.

One Word document holds the papers in the order they are filed, each starting on a new
page with the court's caption and numbering its own pages:

1. **Notice of motion**: what is moved for, where and when, each item with its statutory
   hook; dated and signed; addressed to the District Attorney and the clerk.
2. **Affirmation** of counsel in numbered paragraphs: who affirms, the sources of the
   facts, the case's history, the officers, the defendant's own account, the accounts of
   other clients (pseudonymised, on information and belief), the lettered exhibits, the
   relief; the CPLR 2106 affirmation wording from the office settings.
3. **Memorandum of law**: a cover, a table of contents (a Word TOC field) and a table of
   authorities (TOA fields fed by TA entries), preliminary statement, statement of facts,
   ARGUMENT under POINT headings whose authorities come from the office's authorities
   library, and a conclusion restating the relief; signed.

Court typography (``court_paper.py``); no privilege legend: these papers are for filing.
Only this matter's client is named; every other client is "Client A", "Client B"… and the
finished file is scanned for their identifiers before it is put in place
(``motion_content.py``). What the library does not know is a highlighted blank.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph

from ..authorities import AUTHORITY_KINDS, WORD_CATEGORIES, Authority, authorities_for_motion
from ..citations import OCR_MARK, bates_text, page_text
from ..errors import ValidationError
from ..library import Library
from ..office_settings import OfficeSettings, load_office_settings
from .content import MemoCitation, MemoContent, MemoOfficer
from .court_paper import (
    PLAIN_STYLE,
    TITLE_STYLE,
    CourtPaper,
    court_typography,
    footnote_typography,
    join_names,
    long_date,
    ordinal_date,
    page_number_only,
)
from .docx_parts import Footnotes, save_atomically
from .fields import (
    field_begin,
    field_end,
    hidden_field,
    page_reference,
    right_tab_with_dots,
    toc_entries,
    update_fields_on_open,
)
from .layout import conduct_text, new_document, sentence
from .motion_content import (
    Account,
    MotionContent,
    build_caption,
    build_motion_content,
)
from .motion_guard import refusal
from .package import IdentifierLeakError, check_package

DEFAULT_TITLE = "Motion to Compel Disclosure of Impeachment Material"
IDENTIFIER_LABELS = {
    "uc": "UC",
    "shield": "Shield No.",
    "tax_id": "Tax Reg. No.",
    "employee": "Employee No.",
}
POINT_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
TEXT_WIDTH = 6.5  # inches between one-inch margins on letter paper


@dataclass(frozen=True, slots=True)
class MotionDetails:
    """What an export may give beyond the office settings."""

    part: str | None = None  # the Part, when not the office's usual one
    return_date: date | None = None
    dated: date | None = None  # the papers' date (default: today)


@dataclass(frozen=True, slots=True)
class MotionWritten:
    footnotes: int
    exhibits: int
    blanks: tuple[str, ...]  # what the papers leave as marked blanks
    unverified: tuple[str, ...]  # cited authorities whose wording is not yet checked
    redact: tuple[str, ...]  # exhibit letters from other clients' matters


def designation(officer: MemoOfficer) -> str:
    """ "Detective Victor Sampleton (UC 214, Shield No. 4471)"."""
    numbers = ", ".join(
        f"{IDENTIFIER_LABELS.get(kind, kind)} {value}" for kind, value in officer.identifiers
    )
    return f"{officer.display_name} ({numbers})" if numbers else officer.display_name


def pinpoint_cite(letter: str, citation: MemoCitation) -> str:
    """ "Ex. C at ECPD 000102", or the page when the document has no Bates labels; text
    read from a scan by OCR is marked ("Ex. C at ECPD 000102 [OCR text].")."""
    bates = bates_text(citation.bates_start, citation.bates_end)
    mark = f" {OCR_MARK}" if citation.ocr else ""
    if bates:
        return f"Ex. {letter} at {bates}{mark}."
    if citation.page_start is not None:
        return f"Ex. {letter}, {page_text(citation.page_start, citation.page_end)}{mark}."
    return f"Ex. {letter}{mark}."


class _Argument:
    """Citations in the memorandum, bookmarked and TA-marked for the table of authorities."""

    def __init__(self, paper: CourtPaper, style: str) -> None:
        self.paper = paper
        self.style = style
        self.cited: dict[str, tuple[Authority, list[str]]] = {}
        self._marks = 0

    def cite(self, paragraph: Paragraph, authority: Authority) -> None:
        """The proposition's citation: a TA entry, a bookmark for its page, the text."""
        self._marks += 1
        bookmark = f"_TOA_{self._marks}"
        long_form = authority.cited(self.style, pinpoint=False).replace('"', "”")
        category = WORD_CATEGORIES[authority.kind]
        hidden_field(paragraph._p, f'TA \\l "{long_form}" \\s "{long_form}" \\c {category}')
        self.paper.bookmarks.point(paragraph, bookmark)
        text = authority.cited(self.style)
        name = authority.name_length(self.style)
        if name:
            self.paper.text(paragraph, text[:name], italic=True)
            self.paper.text(paragraph, text[name:])
        else:
            self.paper.text(paragraph, text)
        self.cited.setdefault(authority.key, (authority, []))[1].append(bookmark)

    def propositions(self, authorities: list[Authority], case_names: re.Pattern[str]) -> None:
        """One paragraph per authority: its proposition (case names in italics), then its
        citation."""
        for authority in authorities:
            paragraph = self.paper.paragraph()
            text = sentence(authority.proposition) + " "
            position = 0
            for match in case_names.finditer(text):
                self.paper.text(paragraph, text[position : match.start()])
                self.paper.text(paragraph, match.group(0), italic=True)
                position = match.end()
            self.paper.text(paragraph, text[position:])
            self.cite(paragraph, authority)
            self.paper.text(paragraph, ".")


class _Papers:
    """Writes the three papers for one motion."""

    def __init__(
        self,
        library: Library,
        paper: CourtPaper,
        motion: MotionContent,
        settings: OfficeSettings,
        details: MotionDetails,
        title: str,
    ) -> None:
        self.library = library
        self.paper = paper
        self.motion = motion
        self.settings = settings
        self.details = details
        self.title = title
        self.dated = details.dated or date.today()
        self.caption = build_caption(
            motion.matter,
            settings.court_form,
            settings.county,
            details.part if details.part is not None else settings.part,
        )
        self.defendant = motion.matter.client.name
        self.letters = motion.letters()
        self.exhibit_titles = {item.document_id: item.title for item in motion.exhibits}
        self.officer_by_id = {officer.id: officer for officer in motion.officers}
        self.headings: list[tuple[str, str, int]] = []
        self.affirmation_paragraphs = 0
        # Affirmation paragraphs by officer, for the memorandum's "Aff. ¶¶" references.
        self.own_paragraphs: dict[int, list[int]] = {}
        self.other_paragraphs: dict[int, list[int]] = {}
        self.argument = _Argument(paper, settings.citation_style)

    # -- shared wording ---------------------------------------------------------------

    @property
    def officers_text(self) -> str:
        return join_names(designation(officer) for officer in self.motion.officers)

    @property
    def officers_short(self) -> str:
        return join_names(officer.display_name for officer in self.motion.officers)

    @property
    def the_officers(self) -> str:
        return "the officer" if len(self.motion.officers) == 1 else "the officers"

    def own_words(self) -> list[str]:
        """What the papers print by design besides the defendant: the office's settings,
        the court, the officers and the authorities cited ("People v. Smith" is a case,
        not a client called Smith)."""
        settings = self.settings
        words = [
            settings.attorney,
            settings.office,
            settings.signature,
            settings.city,
            settings.court_address,
            settings.email,
            *settings.address_lines(),
            *settings.district_attorney_lines(),
            self.caption.county,
            self.caption.part,
        ]
        for officer in self.motion.officers:
            words += [designation(officer), officer.display_name.upper()]
        for authority, _marks in self.argument.cited.values():
            for style in ("bluebook", "official"):
                text = authority.cited(style, pinpoint=False)
                words += [text, text[: authority.name_length(style)]]
                words.append(authority.cited(style).replace('"', "”"))
            words.append(authority.short_name())  # "Rouse" in a proposition's words
        return [word for word in words if word.strip()]

    def relief(self) -> list[str]:
        """What is moved for, each item with its hook."""
        officers = self.officers_text
        return [
            "directing the People to disclose, pursuant to CPL 245.20(1)(k)(iv) and "
            "245.20(2), all evidence and information, including records of complaints, "
            "investigations, discipline, and findings that an officer testified "
            f"incredibly, that tends to impeach the credibility of {officers};",
            "directing the People, pursuant to CPL 245.55, to ask the police agencies that "
            f"employ {self.the_officers} for that material and to disclose what the "
            "inquiry yields;",
            "directing the People to file a further certificate stating that the police "
            "were asked about that material, pursuant to CPL 245.35(3);",
            "in the alternative, directing the People to produce any record they contend is "
            "not discoverable for the Court's review in camera;",
            "granting appropriate remedies under CPL 245.80 for any failure to disclose; and",
            "granting such other and further relief as the Court deems just and proper.",
        ]

    def numbered(self, items: list[str]) -> None:
        for number, item in enumerate(items, start=1):
            paragraph = self.paper.paragraph(indent=1.0, first_line=-0.5)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Inches(1.0))
            self.paper.text(paragraph, f"{number}.\t{item}")

    def signature(self) -> None:
        """ "Dated:" with the place and date, then the full signature block."""
        settings = self.settings
        self.paper.dated(settings.city, self.dated)
        self.paper.signature_block(
            attorney=settings.attorney,
            signature=settings.signature,
            office=settings.office,
            address=settings.address_lines(),
            phone=settings.phone,
            email=settings.email,
        )

    # -- accounts ---------------------------------------------------------------------

    def account(self, paragraph: Paragraph, account: Account) -> None:
        """One allegation told as sentences, each quotation footnoted to its exhibit."""
        paper = self.paper
        allegation = account.allegation
        if account.client_label:
            lead = f"{account.client_label}, in an unrelated matter, {account.when}: "
            paper.text(paragraph, lead + sentence(account.summary))
        else:
            where = f", at {account.location}" if account.location else ""
            when = account.when[:1].upper() + account.when[1:]
            if allegation.matter_id != self.motion.matter.id:
                when = f"In another matter, {account.when}"
            paper.text(paragraph, f"{when}{where}: " + sentence(account.summary))
            if account.narrative:
                paper.text(paragraph, " " + sentence(account.narrative))
        if len(account.officer_ids) > 1:
            together = [self.officer_by_id[item].display_name for item in account.officer_ids[1:]]
            paper.text(paragraph, f" Also named: {sentence(join_names(together))}")
        for words in account.told:
            speaker = account.client_label or "The defendant"
            paper.text(paragraph, f" {speaker} told this office: " + sentence(f"“{words}”"))
        for citation, quote in account.quotes:
            assert citation.document_id is not None
            letter = self.letters[citation.document_id]
            title = self.exhibit_titles[citation.document_id]
            if quote:
                in_matter = "" if not account.client_label else " in that matter"
                paper.text(paragraph, f" The {title}{in_matter} (Ex. {letter}) records: ")
                paper.text(paragraph, sentence(f"“{quote}”"))
            paper.note(paragraph, pinpoint_cite(letter, citation))

    def accounts(self, accounts: tuple[Account, ...], *, numbered: bool) -> list[int]:
        """Lettered sub-paragraphs (a), (b)…; returns affirmation paragraph numbers."""
        numbers: list[int] = []
        for index, item in enumerate(accounts):
            if numbered:
                paragraph = self.affirmation_paragraph()
                numbers.append(self.affirmation_paragraphs)
            else:
                paragraph = self.paper.paragraph(indent=0.5, first_line=0.5)
                self.paper.text(paragraph, f"({chr(ord('a') + index % 26)}) ")
            self.account(paragraph, item)
        return numbers

    # -- the notice of motion --------------------------------------------------------

    def notice(self) -> None:
        paper, settings = self.paper, self.settings
        paper.caption(self.caption, self.defendant, "NOTICE OF MOTION")
        paragraph = paper.paragraph()
        paper.text(paragraph, "PLEASE TAKE NOTICE", bold=True)
        paper.text(paragraph, " that, upon the annexed affirmation of ")
        paper.value(paragraph, settings.attorney, "attorney")
        paper.text(
            paragraph,
            f", dated {long_date(self.dated)}, the exhibits annexed to it, the accompanying "
            "memorandum of law, and all prior proceedings in this case, the defendant, "
            f"{self.defendant}, will move this Court, in Part ",
        )
        paper.value(paragraph, self.caption.part, "part")
        paper.text(paragraph, ", at ")
        paper.value(paragraph, settings.court_address, "court address")
        paper.text(paragraph, ", on ")
        if self.details.return_date is not None:
            paper.text(paragraph, long_date(self.details.return_date))
        else:
            paper.blank(paragraph, "return date")
        paper.text(paragraph, ", or as soon thereafter as counsel can be heard, for an order:")
        self.numbered(self.relief())
        self.signature()
        to = paper.paragraph(style=PLAIN_STYLE, keep_with_next=True)
        to.paragraph_format.space_before = Pt(24)
        paper.text(to, "TO:\t")
        to.paragraph_format.tab_stops.add_tab_stop(Inches(0.5))
        lines = settings.district_attorney_lines()
        if lines:
            paper.text(to, lines[0])
            for line in lines[1:]:
                paper.paragraph(line, PLAIN_STYLE, indent=0.5, keep_with_next=True)
        else:
            paper.blank(to, "district attorney")
        attention = paper.paragraph(style=PLAIN_STYLE, indent=0.5, keep_with_next=True)
        paper.text(attention, "Attn: Assistant District Attorney ")
        paper.blank(attention, "assigned ADA")
        clerk = paper.paragraph("Clerk of the Court", PLAIN_STYLE, indent=0.5)
        clerk.paragraph_format.space_before = Pt(12)

    # -- the affirmation --------------------------------------------------------------

    def affirmation_paragraph(self) -> Paragraph:
        self.affirmation_paragraphs += 1
        paragraph = self.paper.paragraph(first_line=0.5)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Inches(1.0))
        self.paper.text(paragraph, f"{self.affirmation_paragraphs}.\t")
        return paragraph

    def affirmation(self) -> None:
        paper, settings, motion = self.paper, self.settings, self.motion
        paper.caption(self.caption, self.defendant, "AFFIRMATION IN SUPPORT")
        opening = paper.paragraph()
        paper.value(opening, settings.attorney.upper(), "attorney")
        paper.text(
            opening,
            ", an attorney admitted to practice in the courts of the State of New York, "
            "affirms as follows:",
        )
        first = self.affirmation_paragraph()
        paper.text(first, "I am an attorney with ")
        paper.value(first, settings.office, "office")
        paper.text(
            first,
            f", counsel for the defendant, {self.defendant}. I make this affirmation in "
            "support of the defendant's motion for an order compelling the People to "
            f"disclose information that tends to impeach the credibility of {self.officers_text}, "
            "and for related relief.",
        )
        sources = self.affirmation_paragraph()
        paper.text(
            sources,
            "Unless I say otherwise, I make the statements in this affirmation upon "
            "information and belief. Their sources are conversations with the defendant, the "
            "discovery the People have disclosed, the records of my office, and the documents "
            "annexed as exhibits.",
        )
        history = self.affirmation_paragraph()
        paper.text(history, f"The defendant is charged under {self.caption.number_label} ")
        paper.value(history, self.caption.number, "docket number")
        paper.text(history, " with ")
        paper.blank(history, "charges")
        paper.text(history, ". The defendant was arraigned on ")
        paper.blank(history, "date of arraignment")
        paper.text(history, ". The People filed a certificate of compliance on ")
        paper.blank(history, "date of certificate of compliance")
        paper.text(history, ".")
        officers = self.affirmation_paragraph()
        plural = len(motion.officers) > 1
        paper.text(
            officers,
            f"The People's discovery names {self.officers_text}. The People are expected to "
            f"call {self.the_officers} as {'witnesses' if plural else 'a witness'}. To date "
            "the People have disclosed ",
        )
        paper.blank(officers, "what the People have disclosed about the officers")
        paper.text(officers, ".")

        for officer in motion.officers:
            own = motion.own_of(officer.id)
            if not own:
                continue
            lead = self.affirmation_paragraph()
            numbers = self.own_paragraphs.setdefault(officer.id, [self.affirmation_paragraphs])
            paper.text(
                lead,
                f"Upon information and belief, the defendant's account of {officer.display_name} "
                f"in this case is as follows{':' if len(own) > 1 else '.'}",
            )
            numbers.extend(self.accounts(own, numbered=True))

        if any(motion.others.values()):
            intro = self.affirmation_paragraph()
            paper.text(
                intro,
                "My office has represented other people, in matters unrelated to the "
                f"defendant's, who describe conduct by {self.the_officers} named above. To "
                "protect their confidences I refer to them only as Client A, Client B, and so "
                "on; their names, dates of birth, and case numbers are withheld, and the dates "
                "of the events they describe are given to the month. What they told my office "
                "is stated upon information and belief and summarised"
                + (
                    ", and quoted only where my office has released their words."
                    if motion.quotes_other_clients
                    else ", not quoted."
                ),
            )
            for officer in motion.officers:
                others = motion.others.get(officer.id, ())
                if not others:
                    continue
                lead = self.affirmation_paragraph()
                numbers = self.other_paragraphs.setdefault(
                    officer.id, [self.affirmation_paragraphs]
                )
                paper.text(
                    lead,
                    f"Upon information and belief, {_other_clients(others)} of my office "
                    f"{_describe(others)} conduct by {officer.display_name}:",
                )
                numbers.extend(self.accounts(others, numbered=True))

        if motion.exhibits:
            exhibits = self.affirmation_paragraph()
            paper.text(exhibits, "Annexed to this affirmation are the following exhibits:")
            for exhibit in motion.exhibits:
                line = paper.paragraph(style=PLAIN_STYLE, indent=1.5, first_line=-1.0)
                line.paragraph_format.space_after = Pt(8)
                line.paragraph_format.tab_stops.add_tab_stop(Inches(1.5))
                bates = bates_text(exhibit.bates_start, exhibit.bates_end)
                where = (
                    "disclosed by the People in this case"
                    if exhibit.own_matter
                    else f"disclosed in the unrelated matter of {exhibit.client_label}, "
                    "redacted to protect that client's identity"
                    if exhibit.client_label
                    else "disclosed in another matter of the defendant's"
                )
                paper.text(line, f"Exhibit {exhibit.letter}\t{exhibit.title}")
                paper.text(line, f" ({bates}), {where}." if bates else f", {where}.")
        previous = self.affirmation_paragraph()
        paper.text(previous, "No previous application for the relief sought has been made.")
        relief = self.affirmation_paragraph()
        paper.text(
            relief,
            "For these reasons, and those in the accompanying memorandum of law, I "
            "respectfully ask the Court to grant the motion.",
        )
        jurat = paper.paragraph(keep_with_next=True)  # never a signature alone on a page
        wording = settings.affirmation.replace("{date}", ordinal_date(self.dated))
        paper.text(jurat, wording)
        self.paper.signature_block(
            attorney=settings.attorney,
            signature=settings.signature,
            office="",
            address=(),
            phone="",
            email="",
            closing="",
            full=False,
        )

    # -- the memorandum of law --------------------------------------------------------

    def heading(self, text: str, level: int, *, point: str | None = None) -> None:
        paragraph = self.paper.paragraph(style=f"Heading {level}")
        bookmark = f"_Toc_Motion_{len(self.headings) + 1}"
        if point is not None:
            run = paragraph.add_run(point)
            run.add_break()
            paragraph.add_run(text)
            entry = f"{point}: {text}"
        else:
            paragraph.add_run(text)
            entry = text
        self.paper.bookmarks.around(paragraph, bookmark)
        self.headings.append((entry, bookmark, level))

    def memorandum(self, progress: Callable[[str], None]) -> None:
        paper = self.paper
        paper.caption(self.caption, self.defendant, "MEMORANDUM OF LAW")
        cover = paper.paragraph(style=TITLE_STYLE)
        cover.paragraph_format.space_before = Pt(96)
        paper.text(
            cover,
            (
                self.title.upper()
                if self.title != DEFAULT_TITLE
                else "MEMORANDUM OF LAW IN SUPPORT OF THE DEFENDANT'S MOTION TO COMPEL "
                "DISCLOSURE OF MATERIAL TENDING TO IMPEACH "
                f"{self.officers_short.upper()}"
            ),
        )
        spacer = paper.paragraph(style=PLAIN_STYLE)
        spacer.paragraph_format.space_before = Pt(120)
        self.paper.signature_block(
            attorney=self.settings.attorney,
            signature="",
            office=self.settings.office,
            address=self.settings.address_lines(),
            phone=self.settings.phone,
            email=self.settings.email,
            closing="",
            signature_line=False,
        )
        paper.section_break(None, first_page_unnumbered=True)

        paper.paragraph("TABLE OF CONTENTS", TITLE_STYLE)
        toc_anchor = paper.paragraph(style=PLAIN_STYLE)
        paper.page_break()
        paper.paragraph("TABLE OF AUTHORITIES", TITLE_STYLE)
        toa_anchor = paper.paragraph(style=PLAIN_STYLE)
        paper.section_break("lowerRoman")

        progress("Writing the memorandum of law")
        self.heading("PRELIMINARY STATEMENT", 1)
        self.preliminary_statement()
        self.heading("STATEMENT OF FACTS", 1)
        self.statement_of_facts()
        self.heading("ARGUMENT", 1)
        authorities = authorities_for_motion(self.library)
        names = sorted(
            {item.short_name() for items in authorities.values() for item in items} - {""},
            key=len,
            reverse=True,
        )
        case_names = re.compile(
            r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b" if names else "(?!)"
        )
        points = self.points()
        for numeral, (key, heading, application) in zip(POINT_NUMERALS, points, strict=False):
            self.heading(heading, 2, point=f"POINT {numeral}")
            intro = paper.paragraph()
            paper.text(intro, application[0])
            self.argument.propositions(authorities.get(key, []), case_names)
            application[1]()
        self.heading("CONCLUSION", 1)
        conclusion = paper.paragraph()
        paper.text(
            conclusion,
            "For these reasons, the Court should grant the motion and enter an order:",
        )
        self.numbered(self.relief())
        self.signature()
        paper.last_section_numbering("decimal")

        self._table_of_contents(toc_anchor)
        self._table_of_authorities(toa_anchor)

    def preliminary_statement(self) -> None:
        paper, motion = self.paper, self.motion
        paragraph = paper.paragraph()
        paper.text(
            paragraph,
            f"The defendant, {self.defendant}, is charged under {self.caption.number_label} ",
        )
        paper.value(paragraph, self.caption.number, "docket number")
        paper.text(paragraph, " with ")
        paper.blank(paragraph, "charges")
        paper.text(
            paragraph,
            f". The People's case depends on {self.officers_short}. ",
        )
        others = sum(len(items) for items in motion.others.values())
        if others:
            paper.text(
                paragraph,
                f"Upon information and belief, {_count_words(motion.other_clients)} other "
                f"{'client' if motion.other_clients == 1 else 'clients'} of this office, in "
                f"unrelated matters, {'describes' if motion.other_clients == 1 else 'describe'} "
                f"conduct by {self.the_officers} of the same kind: "
                f"{sentence(self._conduct_summary())} ",
            )
        paper.text(
            paragraph,
            "The defendant asks the Court to order the People to disclose what they and the "
            f"police know that tends to impeach {self.the_officers}, as CPL article 245 and "
            "the Due Process Clauses require, to certify that they asked the police for it, "
            "and to remedy any failure to disclose.",
        )

    def _conduct_summary(self) -> str:
        codes: list[str] = []
        for accounts in self.motion.others.values():
            for item in accounts:
                codes.extend(code for code in item.allegation.conduct if code not in codes)
        return conduct_text(codes, self.motion.labels).replace("; ", ", ").lower()

    def statement_of_facts(self) -> None:
        paper, motion = self.paper, self.motion
        intro = paper.paragraph()
        paper.text(
            intro,
            "The facts are set out in the accompanying affirmation of counsel (“Aff.”) and "
            "summarised here.",
        )
        for officer in motion.officers:
            own = motion.own_of(officer.id)
            if not own:
                continue
            lead = paper.paragraph()
            paper.text(
                lead,
                f"Upon information and belief, the defendant's account of {officer.display_name} "
                f"(Aff. {_paragraph_range(self.own_paragraphs[officer.id])}) is as follows"
                f"{':' if len(own) > 1 else '.'}",
            )
            self.accounts(own, numbered=False)
        described = [officer for officer in motion.officers if motion.others.get(officer.id)]
        if described:
            paragraph = paper.paragraph()
            paper.text(paragraph, "Upon information and belief, ")
            for index, officer in enumerate(described):
                others = motion.others[officer.id]
                if index:
                    paper.text(paragraph, "; and " if index == len(described) - 1 else "; ")
                paper.text(
                    paragraph,
                    f"{_other_clients(others)} of this office, in unrelated matters, "
                    f"{_describe(others)} conduct by {officer.display_name} "
                    f"(Aff. {_paragraph_range(self.other_paragraphs[officer.id])})",
                )
            paper.text(paragraph, ". Their accounts are set out in Point III below.")

    def points(self) -> list[tuple[str, str, tuple[str, Callable[[], None]]]]:
        """(authorities' point, POINT heading, (opening sentence, application))."""
        officers = self.officers_short.upper()
        nothing: Callable[[], None] = lambda: None  # noqa: E731
        points = [
            (
                "statutory",
                f"THE PEOPLE MUST DISCLOSE WHAT TENDS TO IMPEACH {officers}: THE STATUTE "
                "REQUIRES IT, AND WHAT THE POLICE KNOW IS DEEMED TO BE IN THE PEOPLE'S "
                "POSSESSION.",
                (
                    "The People's duty to disclose impeachment material is automatic and "
                    "extends to what the police hold.",
                    self._statutory_application,
                ),
            ),
            (
                "constitutional",
                "DUE PROCESS INDEPENDENTLY REQUIRES DISCLOSURE OF EVIDENCE THAT IMPEACHES "
                "THE PEOPLE'S KEY WITNESSES.",
                (
                    "The federal and state constitutions impose the same duty, whatever the "
                    "statute says.",
                    self._constitutional_application,
                ),
            ),
        ]
        if any(self.motion.others.values()):
            clients = self.motion.other_clients
            points.append(
                (
                    "good_faith",
                    f"THE ACCOUNTS OF {_count_words(clients).upper()} OTHER "
                    f"{'CLIENT' if clients == 1 else 'CLIENTS'} GIVE A GOOD-FAITH BASIS FOR "
                    "THE REQUEST; IT IS NOT A FISHING EXPEDITION.",
                    (
                        "The request rests on specific facts, not speculation.",
                        self._pattern_application,
                    ),
                )
            )
        points.append(
            (
                "remedy",
                "THE COURT SHOULD ORDER THE PEOPLE TO CERTIFY THEIR INQUIRY, REVIEW ANY "
                "DISPUTED RECORD IN CAMERA, AND REMEDY ANY FAILURE TO DISCLOSE.",
                ("The Court has the means to make the duty real.", nothing),
            )
        )
        return points

    def _statutory_application(self) -> None:
        paragraph = self.paper.paragraph()
        self.paper.text(
            paragraph,
            f"{self.officers_short} {'are' if len(self.motion.officers) > 1 else 'is'} "
            "expected to testify for the People. Records of complaints against "
            f"{self.the_officers}, of investigations by the police department or an oversight "
            "body, of discipline, and of any finding that an officer testified incredibly tend "
            "to impeach that testimony. They fall within subparagraph (k)(iv), and those the "
            "police hold are deemed to be in the People's possession. The People must obtain "
            "and disclose them.",
        )

    def _constitutional_application(self) -> None:
        paragraph = self.paper.paragraph()
        self.paper.text(
            paragraph,
            "The defendant's request is specific: it names the officers and the kinds of "
            f"records sought. The credibility of {self.the_officers} is at the heart of the "
            "People's case, and evidence that impeaches it is favorable to the defense.",
        )

    def _pattern_application(self) -> None:
        paper = self.paper
        intro = paper.paragraph()
        paper.text(
            intro,
            "Other clients of this office, in unrelated matters, describe the following. "
            "They are identified only by pseudonym, and their accounts are stated upon "
            "information and belief",
        )
        paper.text(intro, ".")
        for officer in self.motion.officers:
            others = self.motion.others.get(officer.id, ())
            if not others:
                continue
            lead = paper.paragraph(keep_with_next=True)
            paper.text(lead, f"{officer.display_name}:", underline=True)
            self.accounts(others, numbered=False)
        closing = paper.paragraph()
        paper.text(
            closing,
            f"These accounts come from {_count_words(self.motion.other_clients)} unrelated "
            f"{'matter' if self.motion.other_clients == 1 else 'matters'} and describe conduct "
            f"of the same kind by {self.the_officers} the People will call. They are a "
            "specific, good-faith factual basis for the disclosure sought, not a fishing "
            "expedition.",
        )

    def _table_of_contents(self, anchor: Paragraph) -> None:
        paragraphs = [
            self.paper.paragraph(style=f"toc {level}", indent=None)
            for _text, _bookmark, level in self.headings
        ]
        toc_entries(paragraphs, self.headings, TEXT_WIDTH)
        for paragraph in paragraphs:
            anchor._p.addprevious(paragraph._p)
        anchor._p.getparent().remove(anchor._p)

    def _table_of_authorities(self, anchor: Paragraph) -> None:
        """One TOA field per kind (Cases, Statutes, …), its entries' pages as PAGEREFs."""
        written: list[Paragraph] = []
        style = self.argument.style
        for kind, heading in AUTHORITY_KINDS.items():
            entries = sorted(
                (item for item in self.argument.cited.values() if item[0].kind == kind),
                key=lambda item: item[0].cited(style, pinpoint=False).casefold(),
            )
            if not entries:
                continue
            title = self.paper.paragraph(heading, "toa heading")
            field_begin(title._p, f'TOA \\h \\c "{WORD_CATEGORIES[kind]}" \\p')
            written.append(title)
            for index, (authority, bookmarks) in enumerate(entries):
                paragraph = self.paper.paragraph(style="table of authorities")
                right_tab_with_dots(paragraph, TEXT_WIDTH)
                text = authority.cited(style, pinpoint=False)
                name = authority.name_length(style)
                if name:
                    self.paper.text(paragraph, text[:name], italic=True)
                    self.paper.text(paragraph, text[name:])
                else:
                    self.paper.text(paragraph, text)
                self.paper.text(paragraph, "\t")
                for number, bookmark in enumerate(bookmarks):
                    if number:
                        self.paper.text(paragraph, ", ")
                    page_reference(paragraph._p, bookmark)
                if index == len(entries) - 1:
                    field_end(paragraph._p)
                written.append(paragraph)
        if not written:
            written.append(self.paper.paragraph("No authorities are cited.", PLAIN_STYLE))
        for paragraph in written:
            anchor._p.addprevious(paragraph._p)
        anchor._p.getparent().remove(anchor._p)


def _paragraph_range(numbers: list[int]) -> str:
    numbers = sorted(set(numbers))
    if len(numbers) == 1:
        return f"¶ {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"¶¶ {numbers[0]}–{numbers[-1]}"
    return "¶¶ " + ", ".join(str(number) for number in numbers)


def _other_clients(accounts: tuple[Account, ...]) -> str:
    """ "one other client", "two other clients"."""
    count = len({item.client_label for item in accounts})
    return f"{_count_words(count)} other {'client' if count == 1 else 'clients'}"


def _describe(accounts: tuple[Account, ...]) -> str:
    return "describes" if len({item.client_label for item in accounts}) == 1 else "describe"


def _count_words(count: int) -> str:
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return words[count] if 0 <= count < len(words) else f"{count:,}"


def write_motion(
    library: Library,
    content: MemoContent,
    out: Path,
    *,
    template: Path | None,
    title: str | None,
    details: MotionDetails,
    progress: Callable[[int, int, str], None] | None = None,
) -> MotionWritten:
    """Write the motion papers for ``content.caption_matter``; nothing is written on failure."""
    matter = content.caption_matter
    if matter is None:
        raise ValidationError(
            "motion papers are filed in a matter: give the matter (--matter FILE_NUMBER); "
            "the privileged pattern memo is the internal kind"
        )
    steps = 4

    def step(done: int, message: str) -> None:
        if progress is not None:
            progress(done, steps, message)

    step(1, "Writing the notice of motion and affirmation")
    settings = load_office_settings(library)
    motion = build_motion_content(library, content, matter)
    heading = title or DEFAULT_TITLE
    motion.guard.check_title(heading)
    document = new_document(template, title=heading, author=library.user, footer=page_number_only)
    footnotes = Footnotes(document)
    court_typography(document, from_template=template is not None)
    if template is None:
        footnote_typography(document, footnotes)
    paper = CourtPaper(document, footnotes)
    papers = _Papers(library, paper, motion, settings, details, heading)
    papers.notice()
    paper.section_break("decimal")
    papers.affirmation()
    paper.section_break("decimal")
    papers.memorandum(lambda message: step(2, message))
    update_fields_on_open(document)
    footnotes.finish()
    step(3, "Checking that no other client is named")
    motion.guard.add_phrases(papers.own_words())

    def check(path: Path) -> None:
        # Every part and attribute is read; images stay (an office's letterhead), what
        # cannot be read (thumbnails, embedded files and HTML) goes.
        try:
            check_package(path, path, motion.guard, keep_images=True)
        except IdentifierLeakError as error:
            raise refusal(error.finding, error.part) from None

    save_atomically(document, out, check=check)
    step(4, "Done")
    unverified = tuple(
        authority.cited(settings.citation_style, pinpoint=False)
        for authority, _marks in papers.argument.cited.values()
        if not authority.verified
    )
    return MotionWritten(
        footnotes=footnotes.count,
        exhibits=len(motion.exhibits),
        blanks=tuple(paper.blanks),
        unverified=unverified,
        redact=tuple(item.letter for item in motion.exhibits if item.client_label),
    )
