"""PDF text extraction: PDFium for the text, pypdf for what it does better.

**PDFium** (``pypdfium2``, the engine of Chrome's PDF viewer) reads every page's text and
tells what is drawn on it. It is about ten times faster than pypdf's pure-Python
extraction on typeset documents, keeps the spaces between words where pypdf glues them
("Oleg Alexandrov", not "OlegAlexandrov"), decomposes ligatures ("ﬀ" becomes "ff"), opens
every standard encryption without extra packages, and reports which pages are covered by
images: what the per-page "needs OCR" decision (``scans``) needs.

PDFium also gives the document's title, author and creation date: opening the file a
second time with pypdf only for them cost more than a tenth of an import's reading time.

**pypdf** stays where it is the better tool:

* a file PDFium refuses (a broken cross-reference table, a cut-off file): pypdf's
  lenient parser rebuilds what it can, so a damaged production still yields the text of
  its readable pages;
* the page count of a password-protected file (PDFium cannot open it without the
  password; pypdf reads the page tree, or the raw bytes, regardless);
* telling a damaged page from a blank one: when PDFium finds nothing drawn on a page,
  pypdf decodes the page's content stream, which fails (with a reason) when it is damaged.

Failures are sorted into the document statuses: a file that is not a PDF, or is cut off
or damaged so that no page can be read, is ``unreadable`` with the reason (never "needs
OCR": a damaged text PDF is not a scan); one that needs a password is ``encrypted``. Each
page gets a state (``vocabulary.PAGE_STATUSES``); the document's status follows from them
once the Bates labels are known (``scans.settle``).
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

from .extraction import Extraction, mislabelled, unreadable
from .scans import few_letters

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported, not logged

# A PDF to read: its file, or its bytes already in memory (``worker.HeadStart``).
Source = Path | bytes


def extract_pdf(path: Source, password: str | None = None, *, name: str = "") -> Extraction:
    """Read one PDF (``name``: the file's own name, when ``path`` is a copy's or the file's
    bytes); never raises for a bad file, only reports it."""
    if isinstance(path, bytes):
        head = path[:1024]
    else:
        with path.open("rb") as handle:
            head = handle.read(1024)
    if b"%PDF-" not in head:
        return mislabelled("pdf", name or getattr(path, "name", ""), head)
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = _open(pdfium, path, password)
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            reason = (
                "the password given does not open this PDF"
                if password
                else "the PDF is protected by a password; supply it to extract the text"
            )
            return _encrypted(path, reason)
        if error.err_code == pdfium_c.FPDF_ERR_SECURITY:
            return _encrypted(path, "the PDF uses an encryption this installation cannot open")
        # PDFium could not parse the file's structure: pypdf may still rebuild it.
        return _extract_with_pypdf(path, password, _REFUSALS.get(error.err_code, str(error)))
    try:
        return _extract_with_pdfium(document, path, password)
    finally:
        document.close()


# What PDFium's load errors mean, said for a person.
_REFUSALS = {
    2: "the file could not be opened",  # FPDF_ERR_FILE
    3: "its structure is damaged or it is cut off",  # FPDF_ERR_FORMAT
    1: "PDFium could not read it",  # FPDF_ERR_UNKNOWN
}


def _open(pdfium: Any, path: Source, password: str | None) -> Any:
    """The document, opened with no password first (an empty user password is common)."""
    if not isinstance(path, bytes):
        path = str(path)
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        import pypdfium2.raw as pdfium_c

        if error.err_code != pdfium_c.FPDF_ERR_PASSWORD or not password:
            raise
    return pdfium.PdfDocument(path, password=password)


def _extract_with_pdfium(document: Any, path: Source, password: str | None) -> Extraction:
    import pypdfium2.raw as pdfium_c

    count = len(document)
    texts: list[str] = []
    states: list[str] = []
    coverage: list[float] = []
    damaged: dict[int, str] = {}
    diagnosis = _Diagnosis(path, password)
    for index in range(count):
        try:
            page = document[index]
        except Exception as error:  # PDFium could not load the page object at all
            texts.append("")
            states.append("unreadable")
            coverage.append(0.0)
            damaged[index + 1] = _pdfium_reason(error)
            continue
        try:
            textpage = page.get_textpage()
            try:
                text = _tidy(textpage.get_text_bounded())
            finally:
                textpage.close()
            drawn = pdfium_c.FPDFPage_CountObjects(page.raw)
            # Image coverage only decides pages with little text (``scans.page_state``):
            # measuring it on every page of a long typeset document would cost more than
            # reading its text.
            covered = _image_coverage(page, pdfium_c) if drawn and few_letters(text) else 0.0
        finally:
            page.close()
        texts.append(text)
        coverage.append(covered)
        if text.strip() or drawn:
            states.append("text")
            continue
        problem = diagnosis.damage(index)
        if problem is None:
            states.append("empty")
        else:
            states.append("unreadable")
            damaged[index + 1] = problem
    title, author, created = _pdfium_metadata(document)
    result = Extraction(
        kind="pdf",
        status="ok",
        pages=texts,
        page_states=states,
        image_coverage=coverage,
        meta_title=title,
        meta_author=author,
        meta_created=created,
    )
    if count == 0:
        result.status, result.reason = "unreadable", "the PDF has no pages"
    elif len(damaged) == count:
        first = next(iter(damaged.values()))
        result.status = "unreadable"
        result.reason = f"the PDF is damaged: no page could be read ({first})"
    elif damaged:
        result.reason = f"the PDF is damaged: {_pages_text(list(damaged))} could not be read"
    return result


class _Diagnosis:
    """pypdf, opened only when needed: why a page shows nothing."""

    def __init__(self, path: Source, password: str | None) -> None:
        self.path = path
        self.password = password
        self._reader: Any = None
        self._failed: str | None = None

    def reader(self) -> Any:
        if self._reader is None and self._failed is None:
            self._reader, self._failed = _pypdf_reader(self.path, self.password)
        return self._reader

    def damage(self, index: int) -> str | None:
        """Why page ``index`` shows nothing, when that is damage; None for a blank page."""
        reader = self.reader()
        if reader is None:
            return f"the PDF's structure is damaged ({self._failed})"
        try:
            problem = _content_damage(reader.pages[index])
        except MemoryError:
            raise
        except Exception as error:
            problem = _reason(error)
        return None if problem is None else f"page {index + 1}'s content is damaged ({problem})"


def _content_damage(page: Any) -> str | None:
    """Why a page's content streams cannot be decompressed, or None when they can.

    pypdf's lenient decoder replaces a corrupt stream with nothing (and only logs it), so
    Flate data, by far the most common filter, is inflated here directly from the raw
    bytes to tell a damaged page from a blank one.
    """
    from pypdf.generic import ArrayObject

    contents = page.get("/Contents")
    if contents is None:
        return None
    contents = contents.get_object()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    for reference in streams:
        stream = reference.get_object()
        filters = stream.get("/Filter")
        first = filters[0] if isinstance(filters, ArrayObject) and filters else filters
        if first != "/FlateDecode":
            continue
        try:
            zlib.decompressobj().decompress(stream._data)  # the raw, still encoded bytes
        except zlib.error as error:
            return str(error)
    return None


def _pypdf_input(path: Source) -> Path | io.BytesIO:
    return io.BytesIO(path) if isinstance(path, bytes) else path


def _pypdf_reader(path: Source, password: str | None) -> tuple[Any, str | None]:
    """A lenient pypdf reader (decrypted when it must be), or None and the reason."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(_pypdf_input(path), strict=False)
        locked = reader.is_encrypted and not reader.decrypt("")
        if locked and not (password and reader.decrypt(password)):
            return None, "the PDF is encrypted"
    except MemoryError:
        raise
    except Exception as error:
        return None, _reason(error)
    return reader, None


def _image_coverage(page: Any, pdfium_c: Any) -> float:
    """The share of the page (0-1) that images cover, overlaps counted once per image."""
    left, bottom, right, top = page.get_bbox()
    area = max(1.0, (right - left) * (top - bottom))
    covered = 0.0
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        x0, y0, x1, y1 = image.get_bounds()
        width = min(x1, right) - max(x0, left)
        height = min(y1, top) - max(y0, bottom)
        if width > 0 and height > 0:
            covered += width * height
    return min(1.0, covered / area)


def _tidy(text: str) -> str:
    """Line ends as "\\n"; PDFium's markers for a hyphen at a line end become that hyphen
    and line break, as the page shows them ("differ-\\nently", which search reads as one
    word; PDFium itself drops the line break there)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.replace("\x02", "-\n").replace("\ufffe", "-\n")


def _encrypted(path: Source, reason: str) -> Extraction:
    return Extraction(
        kind="pdf",
        status="encrypted",
        reason=reason,
        pages=[""] * _locked_page_count(path),
    )


def _locked_page_count(path: Source) -> int:
    """The page count of a file that cannot be opened: pypdf's page tree, else raw bytes."""
    from pypdf import PdfReader

    try:
        return len(PdfReader(_pypdf_input(path), strict=False).pages)
    except MemoryError:
        raise
    except Exception:
        pass
    data = path if isinstance(path, bytes) else path.read_bytes()
    counts = [0]
    for match in re.finditer(rb"/Type\s*/Pages(?![A-Za-z])", data):
        window = data[max(0, match.start() - 300) : match.end() + 300]
        counts.extend(int(found) for found in re.findall(rb"/Count\s+(\d{1,6})", window))
    return max(counts)


def _extract_with_pypdf(path: Source, password: str | None, refused: str) -> Extraction:
    """The fallback for a file PDFium refuses: pypdf's lenient parser repairs what it can."""
    reader, failure = _pypdf_reader(path, password)
    if reader is None:
        return unreadable("pdf", f"the PDF cannot be read: {refused} ({failure})")
    title, author, created = _metadata(reader)
    try:
        pages = reader.pages
        count = len(pages)
    except MemoryError:
        raise
    except Exception as error:
        return unreadable("pdf", f"the PDF's page list is damaged ({_reason(error)})")
    texts: list[str] = []
    states: list[str] = []
    failed: list[int] = []
    for number in range(count):
        try:
            page = pages[number]
            text = page.extract_text() or ""
            has_images = bool(page.images) if not text.strip() else False
        except MemoryError:
            raise
        except Exception:
            text, has_images = "", False
        texts.append(text)
        if text.strip():
            states.append("text")
        elif has_images:
            states.append("needs_ocr")
        else:  # in a file this damaged, a page that shows nothing is taken as lost
            states.append("unreadable")
            failed.append(number + 1)
    result = Extraction(
        kind="pdf",
        status="ok",
        pages=texts,
        page_states=states,
        image_coverage=[1.0 if state == "needs_ocr" else 0.0 for state in states],
        meta_title=title,
        meta_author=author,
        meta_created=created,
    )
    if count == 0:
        result.status, result.reason = "unreadable", f"the PDF has no readable pages ({refused})"
    elif len(failed) == count:
        result.status = "unreadable"
        result.reason = f"the PDF is damaged: no page could be read ({refused})"
    elif failed:
        result.reason = f"the PDF is damaged: {_pages_text(failed)} could not be read"
    return result


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\x00", "").strip()
    return text or None


# A PDF date: D:YYYYMMDDHHmmSS, every part after the year optional, then a time zone.
_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?")


def pdf_date(text: str | None) -> str | None:
    """A PDF date as an ISO date-time, as the file states it (its time zone dropped), or the
    text itself when it is not a PDF date."""
    text = _clean(text)
    if text is None:
        return None
    match = _PDF_DATE.match(text)
    rest = text[match.end() :] if match else ""
    if match is None or (rest and not (match.group(6) and rest[0] in "Zz+-")):
        return text
    year, month, day, hour, minute, second = (
        int(part) if part else None for part in match.groups()
    )
    try:
        when = datetime(year or 1, month or 1, day or 1, hour or 0, minute or 0, second or 0)
    except ValueError:
        return text
    return when.isoformat()


def _pdfium_metadata(document: Any) -> tuple[str | None, str | None, str | None]:
    """Title, author and creation date from the document's information dictionary."""
    try:
        info = document.get_metadata_dict(skip_empty=True)
    except Exception:  # an unreadable dictionary is no reason to lose the text
        return None, None, None
    return _clean(info.get("Title")), _clean(info.get("Author")), pdf_date(info.get("CreationDate"))


def _metadata(reader: Any) -> tuple[str | None, str | None, str | None]:
    try:
        info = reader.metadata
    except Exception:
        return None, None, None
    if info is None:
        return None, None, None
    title = author = created = None
    try:
        title = _clean(info.title)
        author = _clean(info.author)
    except Exception:
        pass
    try:
        when = info.creation_date
        created = when.replace(tzinfo=None).isoformat() if when is not None else None
    except Exception:
        created = _clean(info.get("/CreationDate"))
    return title, author, created


def _pages_text(numbers: list[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:10])
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}{more}"


def _pdfium_reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.rstrip(".")


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."
