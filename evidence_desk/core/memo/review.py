"""The review before a public brief: every passage it could quote, with its suspected identifiers.

A public brief quotes only released passages. The review lists each passage of the brief's
allegations (summary, quote from a document, excerpt of a defense note) with every finding
of the identifier scanner, certain or possible, and what the brief would print if it were
released; it also lists what the scanner finds in the words the brief takes from the
library besides passages (title, commands, conduct labels).

On the command line the review is a JSON file (``export memo --kind public --review
FILE.json``); ``--release-all-reviewed`` releases its passages only if the file is the one
written (its digest matches) for this library and each passage still has the words
reviewed. In the window the same review is a list with a check box per passage.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import ConflictError, ValidationError
from ..library import Library
from ..patterns import PatternFilter
from ..records import MatterId
from ..releases import PassageRecord, ReleaseState, release_passages
from .content import load_content
from .public import DEFAULT_TITLE, BriefText, brief_text, fixed_texts
from .scanner import Finding

REVIEW_FORMAT = "evidence-desk public brief review"
REVIEW_VERSION = 1
CANNOT_KNOW = (
    "The scanner finds what this library records about each client (names, other names, "
    "date of birth, numbers, addresses) and, when officers are not named, about the "
    "officers. It cannot know what nobody recorded: a nickname, a relative's or a friend's "
    "name, a workplace, a tattoo, a street corner or a story that only people who know the "
    "client would recognise. Read every passage yourself before you release it; add any "
    "other name you find to the client's identifiers."
)


@dataclass(frozen=True, slots=True)
class ReviewPassage:
    """A passage as the reviewer sees it."""

    record: PassageRecord
    client: str  # the client's pseudonym
    findings: tuple[Finding, ...]
    would_read: str  # what the brief prints if the passage is released

    @property
    def certain(self) -> int:
        return sum(finding.certain for finding in self.findings)

    @property
    def possible(self) -> int:
        return len(self.findings) - self.certain


@dataclass(frozen=True, slots=True)
class FixedText:
    """Words the brief takes from the library besides passages, with their findings."""

    where: str
    text: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Review:
    passages: tuple[ReviewPassage, ...]
    fixed: tuple[FixedText, ...]
    notice: str = CANNOT_KNOW

    @property
    def released(self) -> int:
        return sum(item.record.released for item in self.passages)


def build_review(
    library: Library,
    *,
    criteria: PatternFilter | None = None,
    officers: tuple[int, ...] = (),
    matter_id: MatterId | None = None,
    title: str | None = None,
    name_officers: bool = False,
) -> Review:
    """The review of the public brief these options would make."""
    content = load_content(library, criteria or PatternFilter(), officers, matter_id)
    text = brief_text(library, content, name_officers)
    passages = tuple(_passage(text, record) for record in text.passages.values())
    fixed = tuple(
        FixedText(where, words, tuple(text.pseudonyms.findings(words)))
        for where, words in fixed_texts(content, (title or DEFAULT_TITLE).strip())
    )
    return Review(passages, fixed)


def _passage(text: BriefText, record: PassageRecord) -> ReviewPassage:
    findings = tuple(text.pseudonyms.findings(record.text))
    if record.kind == "summary":
        would_read = text.pseudonyms.clean(record.text)
    else:
        would_read = text.clean_quote(record.text)
    return ReviewPassage(record, text.pseudonyms.pseudonym(record.client_id), findings, would_read)


def _digest(document: dict[str, object]) -> str:
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def review_document(library: Library, review: Review) -> dict[str, object]:
    """The review as JSON-ready data, with the digest that proves it unchanged."""
    document: dict[str, object] = {
        "format": REVIEW_FORMAT,
        "version": REVIEW_VERSION,
        "library": library.setting("library_id", "") or "",
        "written_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "written_by": library.user,
        "notice": review.notice,
        "passages": [
            {
                "passage": item.record.key,
                "kind": item.record.kind,
                "client": item.client,
                "text": item.record.text,
                "sha256": item.record.text_sha256,
                "released": item.record.released,
                "changed_since_release": item.record.changed_since_release,
                "findings": [finding.as_json() for finding in item.findings],
                "would_read": item.would_read,
            }
            for item in review.passages
        ],
        "other_text": [
            {
                "where": item.where,
                "text": item.text,
                "findings": [finding.as_json() for finding in item.findings],
            }
            for item in review.fixed
        ],
    }
    document["digest"] = _digest(document)
    return document


def write_review(library: Library, review: Review, path: Path, *, overwrite: bool = False) -> Path:
    path = Path(path)
    if path.suffix.lower() != ".json":
        raise ValidationError(f"the review is written as a .json file, not {path.name!r}")
    if path.exists() and not overwrite:
        raise ConflictError(f"{path} exists; add --overwrite to replace it")
    if not path.parent.is_dir():
        raise ValidationError(f"cannot write {path}: the folder {path.parent} does not exist")
    text = json.dumps(review_document(library, review), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def read_review(library: Library, path: Path) -> dict[str, str]:
    """Passage key -> SHA-256 of the words reviewed, from an unchanged review of this library."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(
            f"no review at {path}: write it first with 'export memo --kind public --review "
            f"{path.name}' and read it"
        )
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError(
            f"{path} is not a review written by Evidence Desk ({error})"
        ) from None
    if not isinstance(document, dict) or document.get("format") != REVIEW_FORMAT:
        raise ValidationError(f"{path} is not a review written by Evidence Desk")
    stated = document.pop("digest", None)
    if stated != _digest(document):
        raise ValidationError(
            f"{path} was changed after it was written: write the review again and read it"
        )
    if document.get("library") != (library.setting("library_id", "") or ""):
        raise ValidationError(f"{path} is the review of another library")
    passages = document.get("passages")
    if not isinstance(passages, list):
        raise ValidationError(f"{path} is not a review written by Evidence Desk")
    return {str(item["passage"]): str(item["sha256"]) for item in passages}


def release_reviewed(library: Library, path: Path) -> list[ReleaseState]:
    """Release every passage of an unchanged review whose words are still those reviewed."""
    expected = read_review(library, path)
    return release_passages(library, expected, expected=expected)
