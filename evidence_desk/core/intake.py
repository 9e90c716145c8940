"""The intake alert: which officers a matter's discovery names, and what is already known.

Offices that track misconduct check every officer of a new case at arraignment. Once a
production is imported, its mentions (``mentions``) say who is in it; the alert gathers, for
each officer, what the library already holds: the office's allegations in *other* matters
(counted, and privileged), public records (complaints and their dispositions, lawsuits,
credibility findings), other matters whose discovery names him, and the pages of this
matter where he appears.

An officer is listed when a mention stands for him that a person confirmed or that the
registry matched with ``high`` confidence; one matched only ``possible`` is listed apart,
marked for a person to confirm or reject, and never counted anywhere else. Mentions that
matched no officer, or only as a long shot, are listed for a person to assign.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from .library import Library
from .matters import get_matter
from .mentions import Detector, MentionRecord, list_mentions, rematch, unscanned_documents
from .model import Allegation, AllegationOfficer, Document, Matter, Mention, MentionDecision, Page
from .officers import get_officer
from .patterns import COUNTED_ROLES
from .public_records import PublicRecordRecord, disposition_counts, list_public_records
from .records import MatterId, MatterRecord, OfficerRecord
from .wording import plural


@dataclass(frozen=True, slots=True)
class OtherMatter:
    """Another matter that names the officer: in the office's allegations, or in discovery."""

    matter_id: MatterId
    file_number: str
    caption: str
    allegations: int  # the office's allegations there naming him (privileged)
    in_discovery: bool  # its discovery names him (confirmed or high mentions)


@dataclass(frozen=True, slots=True)
class IntakeOfficer:
    """One officer the matter's discovery names, and what is known about him."""

    officer: OfficerRecord
    confirmed: bool  # a person confirmed at least one mention; else matched with ``high``
    mentions: tuple[MentionRecord, ...]  # his mentions in this matter, in page order
    other_matters: tuple[OtherMatter, ...]
    public_records: tuple[PublicRecordRecord, ...]

    @property
    def pages(self) -> int:
        return len({(mention.document_id, mention.page) for mention in self.mentions})

    @property
    def allegations_elsewhere(self) -> int:
        return sum(matter.allegations for matter in self.other_matters)

    @property
    def matters_with_allegations(self) -> int:
        return sum(1 for matter in self.other_matters if matter.allegations)

    @property
    def dispositions(self) -> list[tuple[str, int]]:
        return disposition_counts(
            [record for record in self.public_records if record.kind == "complaint"]
        )

    def summary(self) -> str:
        """One line: "3 allegations in 2 other matters; 5 public records; 4 pages"."""
        parts = []
        if self.allegations_elsewhere:
            parts.append(
                f"{plural(self.allegations_elsewhere, 'allegation')} in "
                f"{plural(self.matters_with_allegations, 'other matter')} (privileged)"
            )
        named = sum(1 for matter in self.other_matters if matter.in_discovery)
        if named:
            parts.append(f"named in the discovery of {plural(named, 'other matter')}")
        if self.public_records:
            parts.append(plural(len(self.public_records), "public record"))
        if not parts:
            parts.append("nothing known elsewhere yet")
        parts.append(f"{plural(self.pages, 'page')} here")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class IntakeAlert:
    """Everything the alert shows for one matter."""

    matter: MatterRecord
    officers: tuple[IntakeOfficer, ...]  # identified: confirmed or high, most known first
    possible: tuple[IntakeOfficer, ...]  # matched only ``possible``: for a person to decide
    unmatched: tuple[MentionRecord, ...]  # nothing matched, or only a long shot
    documents_unread: int  # documents detection has not read yet (a scan is due)
    pages_waiting_for_ocr: int  # scanned pages whose words nobody can read yet

    @property
    def privileged(self) -> bool:
        """The alert counts the office's allegations: privileged work."""
        return any(officer.allegations_elsewhere for officer in (*self.officers, *self.possible))

    def warnings(self) -> list[str]:
        notes = []
        if self.documents_unread:
            notes.append(
                f"{plural(self.documents_unread, 'document')} not yet read for officers "
                "(evidence-desk mention scan reads them)"
            )
        if self.pages_waiting_for_ocr:
            notes.append(
                f"{plural(self.pages_waiting_for_ocr, 'scanned page')} not read by OCR yet: "
                "officers named there are not listed"
            )
        return notes


def intake_alert(library: Library, matter_id: MatterId) -> IntakeAlert:
    """The intake alert of the matter ``matter_id`` (see the module docstring)."""
    record = get_matter(library, matter_id)
    found = list_mentions(library, record.id)
    by_officer: dict[int, list[MentionRecord]] = defaultdict(list)
    unmatched: list[MentionRecord] = []
    for mention in found:
        if mention.officer_id is None or (
            mention.status == "proposed" and mention.confidence == "weak"
        ):
            unmatched.append(mention)
        else:
            by_officer[mention.officer_id].append(mention)
    elsewhere = _other_matters(library, record.id, list(by_officer))
    identified: list[IntakeOfficer] = []
    possible: list[IntakeOfficer] = []
    for officer_id, mentions in by_officer.items():
        entry = IntakeOfficer(
            officer=get_officer(library, officer_id),
            confirmed=any(mention.status == "confirmed" for mention in mentions),
            mentions=tuple(mentions),
            other_matters=elsewhere.get(officer_id, ()),
            public_records=tuple(list_public_records(library, officer_id=officer_id)),
        )
        (identified if any(mention.counts for mention in mentions) else possible).append(entry)

    def known_first(entry: IntakeOfficer) -> tuple[int, int, str]:
        return (-entry.allegations_elsewhere, -len(entry.public_records), entry.officer.name)

    return IntakeAlert(
        matter=record,
        officers=tuple(sorted(identified, key=known_first)),
        possible=tuple(sorted(possible, key=known_first)),
        unmatched=tuple(unmatched),
        documents_unread=unscanned_documents(library, record.id),
        pages_waiting_for_ocr=_pages_waiting(library, record.id),
    )


def _other_matters(
    library: Library, matter_id: MatterId, officer_ids: list[int]
) -> dict[int, tuple[OtherMatter, ...]]:
    """Per officer, the other matters naming him: allegations (counted roles), and
    discovery whose mention of him counts (confirmed, or high and not rejected)."""
    if not officer_ids:
        return {}
    allegations: dict[tuple[int, int], int] = {}
    discovery: set[tuple[int, int]] = set()
    captions: dict[int, tuple[str, str]] = {}
    with library.read() as session:
        for officer_id, other_id, count in session.execute(
            select(
                AllegationOfficer.officer_id,
                Allegation.matter_id,
                func.count(distinct(Allegation.id)),
            )
            .join(Allegation, Allegation.id == AllegationOfficer.allegation_id)
            .where(
                AllegationOfficer.officer_id.in_(officer_ids),
                AllegationOfficer.role.in_(COUNTED_ROLES),
                Allegation.matter_id != matter_id,
            )
            .group_by(AllegationOfficer.officer_id, Allegation.matter_id)
        ):
            allegations[(officer_id, other_id)] = count
        confirmed = (
            select(MentionDecision.officer_id, Document.matter_id)
            .join(Mention, Mention.id == MentionDecision.mention_id)
            .join(Document, Document.id == Mention.document_id)
            .where(
                MentionDecision.verdict == "confirmed",
                MentionDecision.officer_id.in_(officer_ids),
                Document.matter_id != matter_id,
            )
        )
        for officer_id, other_id in session.execute(confirmed.distinct()):
            discovery.add((officer_id, other_id))
        high = (
            select(
                Mention.officer_id,
                Document.matter_id,
                Mention.registry_version,
                Mention.start,
                Mention.end,
                Mention.event_date,
                Page.text,
            )
            .join(Document, Document.id == Mention.document_id)
            .join(Page, Page.id == Mention.page_id)
            .outerjoin(MentionDecision, MentionDecision.mention_id == Mention.id)
            .where(
                MentionDecision.id.is_(None),
                Mention.confidence == "high",
                Mention.officer_id.in_(officer_ids),
                Document.matter_id != matter_id,
            )
        )
        detector = Detector(library)
        for officer_id, other_id, version, start, end, on_date, text in session.execute(high):
            if (officer_id, other_id) in discovery:
                continue
            if version != detector.version:
                # Matched against an older registry: it counts only if it still holds.
                match = rematch(detector, text, start, end, on_date)
                if match is None or match.officer_id != officer_id or match.confidence != "high":
                    continue
            discovery.add((officer_id, other_id))
        wanted = {other for _officer, other in (*allegations, *discovery)}
        for other_id, file_number, caption in session.execute(
            select(Matter.id, Matter.file_number, Matter.caption).where(Matter.id.in_(wanted))
        ):
            captions[other_id] = (file_number, caption)
    result: dict[int, list[OtherMatter]] = defaultdict(list)
    for officer_id, other_id in sorted(set(allegations) | discovery):
        file_number, caption = captions[other_id]
        result[officer_id].append(
            OtherMatter(
                MatterId(other_id),
                file_number,
                caption,
                allegations.get((officer_id, other_id), 0),
                (officer_id, other_id) in discovery,
            )
        )
    return {
        officer_id: tuple(sorted(items, key=lambda item: (-item.allegations, item.file_number)))
        for officer_id, items in result.items()
    }


def _pages_waiting(library: Library, matter_id: MatterId) -> int:
    with library.read() as session:
        return int(
            session.execute(
                select(func.count())
                .select_from(Page)
                .join(Document, Document.id == Page.document_id)
                .where(Document.matter_id == matter_id, Page.status == "needs_ocr")
            ).scalar_one()
        )
