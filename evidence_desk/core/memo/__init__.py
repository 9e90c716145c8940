"""Word memos of patterns across matters: ``motion`` (full, cited) and ``public`` (anonymised).

``export_memo`` reads what the memo says once (``content.py``), hands it to the writer of
the chosen kind, and puts the file in place only when it is complete (and, for a public
brief, only after the leak scan of every part has passed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Cancelled, ValidationError
from ..library import Library
from ..patterns import PatternFilter
from .anonymise import IdentifierLeakError
from .content import load_content
from .motion import write_motion
from .public import write_public

MEMO_KINDS = ("motion", "public")

__all__ = ["MEMO_KINDS", "IdentifierLeakError", "MemoOptions", "MemoResult", "export_memo"]


@dataclass(frozen=True)
class MemoOptions:
    """What to put in a memo and how.

    ``matter`` is the matter the memo is filed in (its caption heads a motion memo);
    ``officers`` names the officers to cover (default: every flagged pattern);
    ``criteria`` filters the allegations; ``template`` is the office's .docx whose styles,
    headers and letterhead are used; ``name_officers`` and ``suppress_below`` apply to the
    public brief.
    """

    kind: str
    matter: str | int | None = None
    officers: tuple[int, ...] = ()
    criteria: PatternFilter = field(default_factory=PatternFilter)
    template: Path | None = None
    name_officers: bool = False
    suppress_below: int = 2
    title: str | None = None


@dataclass(frozen=True)
class MemoResult:
    path: Path
    kind: str
    officers: int
    allegations: int
    footnotes: int
    exhibits: int


def export_memo(
    library: Library,
    options: MemoOptions,
    out: Path,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> MemoResult:
    """Write a memo of ``options.kind`` to ``out`` (a .docx); nothing is written on failure.

    When ``cancel`` is set the export stops at its next step and raises ``Cancelled``;
    nothing is written then either.
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
    if progress is not None:
        progress(0, 1, "Reading allegations")
    content = load_content(library, options.criteria, options.officers, options.matter)
    if options.kind == "motion":
        footnotes, exhibits = write_motion(
            library,
            content,
            out,
            template=options.template,
            title=options.title,
            progress=progress,
        )
    else:
        footnotes = write_public(
            library,
            content,
            out,
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
