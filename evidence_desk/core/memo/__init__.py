"""Word memos of patterns across matters, of three kinds:

* ``motion``: motion papers for court, filed in one matter (``motion.py``);
* ``internal``: the full, cited, privileged pattern memo (``internal.py``);
* ``public``: the anonymised brief (``public.py``).

``export_memo`` reads what the memo says once (``content.py``), hands it to the writer of
the chosen kind, and puts the file in place only when it is complete (and, for motion
papers and a public brief, only after the scan of every part for client identifiers has
passed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import Cancelled, ValidationError
from ..library import Library
from ..output_files import output_file
from ..patterns import PatternFilter
from ..records import MatterId
from .content import load_content, motion_officers
from .internal import write_internal
from .motion import MotionDetails, write_motion
from .package import IdentifierLeakError
from .public import write_public

MEMO_KINDS = ("motion", "internal", "public")
MEMO_KIND_LABELS = {
    "motion": "Motion papers",
    "internal": "Internal memo",
    "public": "Public brief",
}

__all__ = [
    "MEMO_KINDS",
    "MEMO_KIND_LABELS",
    "IdentifierLeakError",
    "MemoOptions",
    "MemoResult",
    "export_memo",
]


@dataclass(frozen=True)
class MemoOptions:
    """What to put in a memo and how.

    ``matter_id`` is the matter the memo is filed in (motion papers are that matter's; an
    internal memo is captioned with it); ``officers`` names the officers to cover (default:
    for motion papers, this matter's officers whose pattern meets the threshold; otherwise
    every flagged pattern); ``criteria`` filters the allegations; ``template`` is the
    office's .docx whose styles, headers and letterhead are used; ``name_officers`` and
    ``suppress_below`` apply to the public brief; ``part``, ``return_date`` and ``dated``
    to motion papers.
    """

    kind: str
    matter_id: MatterId | None = None
    officers: tuple[int, ...] = ()
    criteria: PatternFilter = field(default_factory=PatternFilter)
    template: Path | None = None
    name_officers: bool = False
    suppress_below: int = 2
    title: str | None = None
    part: str | None = None
    return_date: date | None = None
    dated: date | None = None


@dataclass(frozen=True)
class MemoResult:
    """What was written; for motion papers also what the attorney must still do."""

    path: Path
    kind: str
    officers: int
    allegations: int
    footnotes: int
    exhibits: int
    blanks: tuple[str, ...] = ()  # marked blanks left in the papers
    unverified: tuple[str, ...] = ()  # cited authorities whose wording is not checked
    redact: tuple[str, ...] = ()  # exhibits from other clients' matters

    def still_to_do(self) -> list[str]:
        """What the attorney must still do with motion papers, one sentence each."""
        sentences = []
        if self.blanks:
            sentences.append(f"Fill in the highlighted blanks: {', '.join(self.blanks)}.")
        if self.unverified:
            sentences.append(f"Check before filing (unverified): {'; '.join(self.unverified)}.")
        if self.redact:
            exhibits = "exhibits" if len(self.redact) > 1 else "exhibit"
            sentences.append(
                f"Redact other clients' identifying information from {exhibits} "
                f"{', '.join(self.redact)}."
            )
        return sentences


def export_memo(
    library: Library,
    options: MemoOptions,
    out: Path,
    *,
    overwrite: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> MemoResult:
    """Write a memo of ``options.kind`` to ``out`` (a .docx); nothing is written on failure.

    An existing ``out`` is refused unless ``overwrite``; see ``output_files``. When
    ``cancel`` is set the export stops at its next step and raises ``Cancelled``; nothing is
    written then either.
    """
    if options.kind not in MEMO_KINDS:
        raise ValidationError(f"a memo is {' or '.join(MEMO_KINDS)}, not {options.kind!r}")
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise ValidationError(f"a memo is written as a .docx file, not {out.name!r}")
    if options.suppress_below < 1:
        raise ValidationError("the suppression threshold must be at least 1")
    if cancel is not None:
        progress = _stopping_at(cancel, progress)
    with output_file(out, library, overwrite=overwrite) as written_to:
        if progress is not None:
            progress(0, 1, "Reading allegations")
        officers = options.officers
        if options.kind == "motion":
            if options.matter_id is None:
                raise ValidationError(
                    "motion papers are filed in a matter: give the matter (--matter FILE_NUMBER); "
                    "the privileged pattern memo is --kind internal"
                )
            if not officers:
                officers = motion_officers(library, options.matter_id, options.criteria)
        content = load_content(library, options.criteria, officers, options.matter_id)
        blanks: tuple[str, ...] = ()
        unverified: tuple[str, ...] = ()
        redact: tuple[str, ...] = ()
        if options.kind == "motion":
            written = write_motion(
                library,
                content,
                written_to,
                template=options.template,
                title=options.title,
                details=MotionDetails(options.part, options.return_date, options.dated),
                progress=progress,
            )
            footnotes, exhibits = written.footnotes, written.exhibits
            blanks, unverified, redact = written.blanks, written.unverified, written.redact
        elif options.kind == "internal":
            footnotes, exhibits = write_internal(
                library,
                content,
                written_to,
                template=options.template,
                title=options.title,
                progress=progress,
            )
        else:
            footnotes = write_public(
                library,
                content,
                written_to,
                template=options.template,
                title=options.title,
                name_officers=options.name_officers,
                suppress_below=options.suppress_below,
                progress=progress,
            )
            exhibits = 0
    return MemoResult(
        path=out,
        kind=options.kind,
        officers=len(content.officers),
        allegations=content.allegation_count,
        footnotes=footnotes,
        exhibits=exhibits,
        blanks=blanks,
        unverified=unverified,
        redact=redact,
    )


def _stopping_at(
    cancel: threading.Event, progress: Callable[[int, int, str], None] | None
) -> Callable[[int, int, str], None]:
    """The writers report progress at every step: that is where a cancel is honoured."""

    def report(done: int, total: int, message: str) -> None:
        if cancel.is_set():
            raise Cancelled("the export was stopped; nothing was written")
        if progress is not None:
            progress(done, total, message)

    return report
