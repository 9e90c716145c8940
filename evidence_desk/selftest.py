"""``evidence-desk --self-test``: prove that an installed or packaged build works, unattended.

It does in a throwaway folder what a new user does in the first minutes: creates a
library, imports a generated Bates-stamped PDF (through the worker processes, which is
what a frozen bundle most often gets wrong), records an allegation with citations to the
page and to a note, exports a motion memo and a public brief, verifies the audit chain and
every stored original, and backs the library up and restores it. Then, when Qt is
present, it loads the GUI modules, renders the imported page with QtPdf and draws the
icons on the offscreen platform, so that missing Qt plugins show up here rather than on a
user's desk. Each check prints one line; the exit status is 0 only if all passed.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .config import CONFIG_ENV

if TYPE_CHECKING:
    from .core.library import Library
    from .core.records import MatterId

SELF_TEST_FLAG = "--self-test"
QUOTE = "UC 214 remained in the vehicle with the defendant for approximately 25 minutes"


@dataclass
class _State:
    """What the checks hand on to each other."""

    root: Path
    opened: Library | None = None
    officer_id: int = 0
    matters: dict[str, MatterId] = field(default_factory=dict)  # by file number
    documents: dict[str, int] = field(default_factory=dict)
    pdf: Path | None = None
    exported: list[Path] = field(default_factory=list)

    @property
    def library(self) -> Library:
        if self.opened is None:
            raise SelfTestFailure("no library: the first check failed")
        return self.opened


class SelfTestFailure(Exception):
    """A check found something wrong (the message says what)."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


# -- the checks, in order ------------------------------------------------------------------


def _create_library(state: _State) -> str:
    from .core.library import Library, head_revision

    library = Library.create(state.root / "library", user="self-test")
    state.opened = library
    return f"schema {head_revision()} at {library.path}"


def _matters_and_officer(state: _State) -> str:
    from .core.matters import MatterInput, add_matter
    from .core.officers import IdentifierInput, add_officer

    library = state.library
    for number, client in (("ST-1", "Selftest Clientone"), ("ST-2", "Selftest Clienttwo")):
        state.matters[number] = add_matter(
            library, MatterInput(number, f"People v. {client}", client)
        ).id
    officer = add_officer(
        library,
        "Selftest Officer",
        rank="Detective",
        identifiers=[IdentifierInput("uc", "214")],
        aliases=["UC #0214"],
    )
    state.officer_id = officer.id
    return "2 matters, 1 officer with an undercover number"


def _import_pdf(state: _State) -> str:
    from .core.demo_documents import DemoForm, FormPage, write_form_pdf
    from .core.ingest.pipeline import import_paths

    form = DemoForm(
        "arrest",
        "Arrest Report.pdf",
        "ARREST REPORT",
        (
            FormPage((("Defendant", "CLIENT, SELFTEST"),), (("Narrative", QUOTE + "."),)),
            FormPage((), (("Additional details", "Second page of the self-test report."),)),
        ),
    )
    pdf = write_form_pdf(
        form, state.root / "incoming" / form.file_name, bates_prefix="ST", first_bates=1
    )
    _require(pdf == 2, f"the generated PDF has {pdf} pages, not 2")
    state.pdf = state.root / "incoming" / form.file_name
    details = []
    for matter in ("ST-1", "ST-2"):
        (result,) = import_paths(state.library, state.matters[matter], [state.pdf], workers=1)
        _require(result.status == "ok", f"import into {matter}: {result.status} {result.message}")
        _require(result.pages == 2, f"import found {result.pages} pages, not 2")
        _require(
            (result.bates_start, result.bates_end) == ("ST 000001", "ST 000002"),
            f"Bates range read as {result.bates_start}..{result.bates_end}",
        )
        state.documents[matter] = int(result.id or 0)
        details.append(f"{matter}: {result.pages} pages {result.bates_start}-{result.bates_end}")
    return "; ".join(details) + " (worker processes)"


def _allegations(state: _State) -> str:
    from .core.allegations import AllegationInput, CitationInput, OfficerLink, add_allegation
    from .core.notes import add_note

    citations = 0
    for matter, day in (("ST-1", "2024-01-09"), ("ST-2", "2024-03")):
        note = add_note(
            state.library,
            state.matters[matter],
            "Intake",
            "Client says he exposed himself in the car.",
        )
        record = add_allegation(
            state.library,
            AllegationInput(
                matter_id=state.matters[matter],
                officers=(OfficerLink(state.officer_id, "accused"),),
                date=day,
                conduct=("UC.EXPOSURE",),
                summary="UC exposed himself before the signal",
                citations=(
                    CitationInput(
                        document_id=state.documents[matter],
                        page_start=1,
                        page_end=1,
                        quote=QUOTE,
                    ),
                    CitationInput(note_id=note.id, quote="exposed himself in the car"),
                ),
            ),
        )
        _require(record.citations[0].quote_page == 1, "the quote was not found on page 1")
        citations += len(record.citations)
    return f"2 allegations, {citations} citations (quotes found on the cited page and note)"


def _export_memos(state: _State) -> str:
    from .core.memo import MemoOptions, export_memo

    results = []
    for kind in ("motion", "internal", "public"):
        out = state.root / f"memo-{kind}.docx"
        result = export_memo(
            state.library,
            MemoOptions(kind=kind, matter_id=state.matters["ST-1"], officers=(state.officer_id,)),
            out,
        )
        _require(out.is_file(), f"the {kind} memo was not written")
        with zipfile.ZipFile(out) as docx:
            text = docx.read("word/document.xml").decode("utf-8")
        _require(
            "Selftest Officer" in text or kind == "public", f"the {kind} memo lacks the officer"
        )
        _require("Clientone" not in text or kind != "public", "the public brief names a client")
        state.exported.append(out)
        results.append(f"{kind} ({result.allegations} allegations, {result.footnotes} footnotes)")
    return ", ".join(results)


def _verify(state: _State) -> str:
    from .core.integrity import inspect_library

    report = inspect_library(state.library)
    _require(report.ok, "; ".join(problem.message for problem in report.problems))
    return (
        f"audit chain of {report.audit_events} events intact; "
        f"{report.documents} originals match their SHA-256"
    )


def _backup_restore(state: _State) -> str:
    from .core.backup import backup_library, restore_library

    archive = backup_library(state.library, state.root / "backup.zip")
    _folder, report = restore_library(archive, state.root / "restored")
    _require(report.ok, "the restored library does not verify")
    _require(report.documents == 2, f"the restored library has {report.documents} documents")
    return f"{archive.stat().st_size:,} byte backup restored and verified"


def _qt(state: _State) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import QSize
        from PySide6.QtGui import QColor
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtWidgets import QApplication
    except ImportError as error:
        return f"skipped: Qt is not installed ({error})"
    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
    from PySide6.QtPdfWidgets import QPdfView

    from .gui import app as gui_app  # noqa: F401 - every GUI module imports
    from .gui.icons import ICON_NAMES, application_icon, set_prefer_bundled
    from .gui.icons import icon as action_icon

    document = QPdfDocument(None)
    assert state.pdf is not None
    error = document.load(str(state.pdf))
    _require(error == QPdfDocument.Error.None_, f"QtPdf could not open the PDF: {error}")
    image = document.render(0, QSize(306, 396))
    _require(not image.isNull(), "QtPdf rendered nothing")
    dark = sum(
        1
        for x in range(0, image.width(), 6)
        for y in range(0, image.height(), 6)
        if QColor(image.pixel(x, y)).lightness() < 128
    )
    _require(dark > 20, "the rendered page is blank")
    view = QPdfView(None)
    view.setDocument(document)
    view.deleteLater()
    set_prefer_bundled(True)
    try:
        missing = [name for name in ICON_NAMES if action_icon(name).pixmap(24, 24).isNull()]
    finally:
        set_prefer_bundled(False)
    _require(not missing, f"icons did not draw: {', '.join(missing)}")
    _require(not application_icon().isNull(), "the application icon did not load")
    document.close()
    app.processEvents()
    return (
        f"{app.platformName()} platform; page rendered by QtPdf; "
        f"{len(ICON_NAMES)} icons drawn from SVG"
    )


def _ocr(state: _State) -> str:
    """Render the imported page with PDFium and read it with the system's Tesseract."""
    from .core.ingest.ocr import engine, find_tesseract, parse_tsv, recognise, render_pdf_page

    _require(state.pdf is not None, "no PDF was imported")
    image = render_pdf_page(state.pdf, 1)  # type: ignore[arg-type]
    _require(len(image) > 1_000_000, f"the page rendered to only {len(image)} bytes")
    if find_tesseract() is None:
        return "page rendered at 300 dpi; Tesseract not installed, so scans wait for it"
    found = engine()
    read = parse_tsv(recognise(image, "eng", found.path)).text
    _require("vehicle" in read, f"Tesseract did not read the page: {read[:80]!r}")
    return f"page rendered and read by {found.name} at {found.path}"


CHECKS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("create a library", _create_library),
    ("add matters and an officer", _matters_and_officer),
    ("import a generated Bates-stamped PDF", _import_pdf),
    ("render a page and read it with OCR", _ocr),
    ("record allegations with citations", _allegations),
    ("export a motion memo and a public brief", _export_memos),
    ("verify the library", _verify),
    ("back up and restore", _backup_restore),
    ("Qt: GUI modules, QtPdf, icons", _qt),
)


def run_self_test(
    *, out: TextIO | None = None, keep: Path | None = None, include_qt: bool = True
) -> int:
    """Run every check; print one line each; 0 when all passed, 1 otherwise.

    The work happens in a temporary folder, removed afterwards unless ``keep`` names a
    folder to leave the results in (for looking at the memos). ``include_qt=False`` leaves
    out the Qt check (for callers that must not create a QApplication).
    """
    from . import __version__

    # A windowed Windows program has no standard output; the exit status still tells.
    stream = out or sys.stdout or io.StringIO()
    started = time.monotonic()
    stream.write(f"Evidence Desk {__version__} self-test ({_how_running()})\n")
    checks = [item for item in CHECKS if include_qt or item[1] is not _qt]
    failures = 0
    with tempfile.TemporaryDirectory(prefix="evidence-desk-self-test-") as scratch:
        root = Path(keep) if keep is not None else Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        state = _State(root=root)
        # The throwaway library's audit key belongs with it, not in the user's settings.
        saved_config = os.environ.get(CONFIG_ENV)
        os.environ[CONFIG_ENV] = str(root / "config")
        try:
            for title, check in checks:
                check_started = time.monotonic()
                try:
                    detail = check(state)
                except Exception as error:
                    failures += 1
                    reason = str(error) or type(error).__name__
                    stream.write(f"FAIL  {title}: {type(error).__name__}: {reason}\n")
                    if not isinstance(error, SelfTestFailure):
                        traceback.print_exc(file=stream)
                    if state.opened is None:
                        break  # nothing else can run without a library
                    continue
                elapsed = time.monotonic() - check_started
                stream.write(f"ok    {title}: {detail} [{elapsed:.1f} s]\n")
        finally:
            if state.opened is not None:
                state.opened.close()
            if saved_config is None:
                os.environ.pop(CONFIG_ENV, None)
            else:
                os.environ[CONFIG_ENV] = saved_config
    total = time.monotonic() - started
    if failures:
        stream.write(
            f"Self-test FAILED: {failures} of {len(checks)} checks failed ({total:.1f} s)\n"
        )
        return 1
    stream.write(f"Self-test passed: {len(checks)} checks in {total:.1f} s\n")
    return 0


def _how_running() -> str:
    if getattr(sys, "frozen", False):
        return f"packaged build at {Path(sys.executable).parent}"
    return f"from source, Python {sys.version.split()[0]}"
