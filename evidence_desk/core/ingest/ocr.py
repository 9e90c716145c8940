"""OCR of one page with Tesseract: the page rendered as an image, words and boxes back.

Tesseract is called as a program (``tesseract stdin stdout ... tsv``) rather than
through a binding. A binding (tesserocr) must be compiled against the very Tesseract
library the machine has, and no wheel covers Debian's, Homebrew's and the Windows
installer's builds alike; the program is the same everywhere and is found on PATH (or
through ``EVIDENCE_DESK_TESSERACT``, or where the macOS and Windows installers put it).
Starting it costs some 50 ms against the seconds a page takes to read, and a crash or a
hang in it stays in its own process, where the worker's time limit ends it. pytesseract
does the same through temporary files and would add a dependency for a few lines.

A PDF page is rendered by PDFium at 300 dpi in greyscale, an image file is read frame by
frame with Pillow; both reach Tesseract as an uncompressed PNM image on its standard
input (no temporary file, nothing written beside the original). The TSV output gives
each word with its box and confidence: the page text is rebuilt from it (words by
spaces, lines by line breaks, paragraphs by a blank line) together with each word's
character offsets, so that a search hit in the text can be drawn on the page image.
Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): the pages are spread over the
worker processes instead, which uses the cores better.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import EvidenceDeskError

RENDER_DPI = 300
TESSERACT_ENV = "EVIDENCE_DESK_TESSERACT"  # the program's full path, when not on PATH
PAGE_TIME_LIMIT = 300.0  # seconds Tesseract may take on one page
# Windows: no console window flashing up for every page read.
NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)
INSTALL_HINT = (
    "install Tesseract to read scanned pages (Debian/Ubuntu: "
    "sudo apt install tesseract-ocr tesseract-ocr-eng; macOS: brew install tesseract; "
    "Windows: the UB Mannheim installer), or set EVIDENCE_DESK_TESSERACT to its path"
)


class OcrError(EvidenceDeskError):
    """OCR cannot run (not installed, switched off) or a page could not be read: why."""


@dataclass(frozen=True)
class Engine:
    """The Tesseract found on this machine."""

    path: str
    version: str  # "5.3.0"
    languages: tuple[str, ...]  # installed language data: "eng", "deu", ...

    @property
    def name(self) -> str:
        return f"tesseract {self.version}"


def _usual_places() -> list[Path]:
    """Where the common installers put Tesseract when it is not on PATH.

    A program started from the Finder does not see Homebrew's PATH, and the Windows
    installer (UB Mannheim) does not add itself to PATH unless asked.
    """
    if sys.platform == "darwin":
        return [Path("/opt/homebrew/bin/tesseract"), Path("/usr/local/bin/tesseract")]
    if sys.platform == "win32":
        roots = [os.environ.get(name) for name in ("ProgramFiles", "ProgramFiles(x86)")]
        local = os.environ.get("LOCALAPPDATA")
        places = [Path(root) / "Tesseract-OCR" / "tesseract.exe" for root in roots if root]
        if local:
            places.append(Path(local) / "Programs" / "Tesseract-OCR" / "tesseract.exe")
        return places
    return []


def find_tesseract() -> str | None:
    """The Tesseract program's path, or None when it is not installed."""
    configured = os.environ.get(TESSERACT_ENV)
    if configured:
        return configured if Path(configured).is_file() else None
    found = shutil.which("tesseract")
    if found:
        return found
    return next((str(place) for place in _usual_places() if place.is_file()), None)


@cache
def _engine_at(path: str) -> Engine:
    try:
        version = subprocess.run(
            [path, "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
            creationflags=NO_WINDOW,
        ).stdout
        listed = subprocess.run(
            [path, "--list-langs"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
            creationflags=NO_WINDOW,
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise OcrError(f"Tesseract at {path} does not run ({error})") from None
    number = version.split()[1] if len(version.split()) > 1 else "unknown"
    languages = tuple(
        line.strip()
        for line in listed.splitlines()[1:]
        if line.strip() and line.strip() not in ("osd", "equ")
    )
    return Engine(path, number.lstrip("v"), languages)


def engine() -> Engine:
    """The installed engine; OcrError (with how to install it) when there is none."""
    path = find_tesseract()
    if path is None:
        raise OcrError(f"OCR is not available: {INSTALL_HINT}")
    return _engine_at(path)


def check_languages(found: Engine, languages: str) -> str:
    """``languages`` ("eng+deu") when all are installed; OcrError naming what is missing."""
    wanted = [part.strip() for part in languages.split("+") if part.strip()]
    if not wanted:
        raise OcrError("name at least one OCR language, e.g. eng")
    missing = [language for language in wanted if language not in found.languages]
    if missing:
        have = ", ".join(found.languages) or "none"
        raise OcrError(
            f"the OCR language data for {', '.join(missing)} is not installed (installed: "
            f"{have}); on Debian/Ubuntu install tesseract-ocr-{missing[0]}"
        )
    return "+".join(wanted)


@dataclass(frozen=True)
class OcrTask:
    """One page to read; travels to a worker process (see ``worker``)."""

    task_id: int  # the page's id
    source: str  # the stored original
    kind: str  # "pdf" or "image"
    page_number: int  # 1-based page of a PDF, frame of an image
    languages: str
    tesseract: str
    password: str | None = None
    # What the extraction pool expects of any task:
    copy_into: None = None
    size_hint: int = 0
    bates_prefixes: tuple[str, ...] = ()


@dataclass
class PageOcrResult:
    """What Tesseract read on one page."""

    text: str = ""
    confidence: float | None = None  # mean word confidence, 0-100
    words: list[tuple[int, int, float, float, float, float]] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


def render_pdf_page(path: Path, number: int, password: str | None = None) -> bytes:
    """Page ``number`` of a PDF as a greyscale PNM image at ``RENDER_DPI``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path), password=password)
    try:
        page = document[number - 1]
        try:
            bitmap = page.render(scale=RENDER_DPI / 72, grayscale=True)
            image = bitmap.to_pil()
        finally:
            page.close()
    finally:
        document.close()
    return _pnm(image)


def render_image_frame(path: Path, number: int) -> tuple[bytes, int]:
    """Frame ``number`` of an image file (a multi-page TIFF has several) as PNM, its dpi."""
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        image.seek(number - 1)
        dpi = image.info.get("dpi", (0, 0))[0]
        frame = ImageOps.exif_transpose(image) or image
        # A scanner states its resolution; a photo's 72 dpi says nothing about the paper.
        return _pnm(frame.convert("L")), int(dpi) if dpi and dpi >= 100 else RENDER_DPI


def _pnm(image: object) -> bytes:
    """The page for Tesseract, dust removed, as an uncompressed greyscale (PGM) image.

    A 3×3 median filter takes out the specks photocopies and faxes are full of, which
    Tesseract otherwise reads as stray letters or which break words; at 300 dpi it leaves
    the strokes of even small type intact. Measured on photocopy-like pages
    (benchmarks/ocr_benchmark.py) it lifts the words read right from 97 % to 100 %.
    """
    from PIL import ImageFilter

    cleaned = image.filter(ImageFilter.MedianFilter(3))  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    cleaned.save(buffer, format="PPM")
    return buffer.getvalue()


def recognise(image: bytes, languages: str, tesseract: str, dpi: int = RENDER_DPI) -> str:
    """Tesseract's TSV output for one image."""
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        finished = subprocess.run(
            [tesseract, "stdin", "stdout", "-l", languages, "--dpi", str(dpi), "tsv"],
            input=image,
            capture_output=True,
            timeout=PAGE_TIME_LIMIT,
            env=environment,
            creationflags=NO_WINDOW,
        )
    except subprocess.TimeoutExpired:
        raise OcrError(f"Tesseract took longer than {PAGE_TIME_LIMIT:g} seconds") from None
    except OSError as error:
        raise OcrError(f"Tesseract could not be started ({error})") from None
    if finished.returncode != 0:
        detail = finished.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(f"Tesseract failed ({detail[-1] if detail else finished.returncode})")
    return finished.stdout.decode("utf-8", "replace")


def parse_tsv(tsv: str) -> PageOcrResult:
    """The page text, mean confidence and word boxes (page fractions) of a TSV result."""
    width = height = 1.0
    parts: list[str] = []
    words: list[tuple[int, int, float, float, float, float]] = []
    confidences: list[float] = []
    position = 0
    previous: tuple[str, str, str] | None = None
    for line in tsv.splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) < 12:
            continue
        level = cells[0]
        if level == "1":
            width, height = max(1.0, float(cells[8])), max(1.0, float(cells[9]))
            continue
        if level != "5" or not cells[11].strip():
            continue
        word = cells[11].strip()
        here = (cells[2], cells[3], cells[4])  # block, paragraph, line
        if previous is not None:
            if here[:2] != previous[:2]:
                separator = "\n\n"
            elif here != previous:
                separator = "\n"
            else:
                separator = " "
            parts.append(separator)
            position += len(separator)
        previous = here
        left, top = float(cells[6]), float(cells[7])
        right, bottom = left + float(cells[8]), top + float(cells[9])
        words.append(
            (
                position,
                position + len(word),
                round(left / width, 5),
                round(top / height, 5),
                round(right / width, 5),
                round(bottom / height, 5),
            )
        )
        parts.append(word)
        position += len(word)
        confidence = float(cells[10])
        if confidence >= 0:
            confidences.append(confidence)
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return PageOcrResult(text="".join(parts), confidence=mean, words=words)


def run_ocr_task(task: OcrTask) -> PageOcrResult:
    """Render and read one page (runs in a worker process); errors become the result's."""
    started = time.perf_counter()
    try:
        if task.kind == "pdf":
            image = render_pdf_page(Path(task.source), task.page_number, task.password)
            dpi = RENDER_DPI
        else:
            image, dpi = render_image_frame(Path(task.source), task.page_number)
        result = parse_tsv(recognise(image, task.languages, task.tesseract, dpi))
    except OcrError as error:
        result = PageOcrResult(error=str(error))
    except MemoryError:
        result = PageOcrResult(error="reading the page needed more memory than allowed")
    except Exception as error:
        result = PageOcrResult(error=f"the page could not be rendered ({error})")
    result.seconds = round(time.perf_counter() - started, 3)
    return result
