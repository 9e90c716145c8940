"""PDF text extraction with pypdf: text per page, page count, metadata, encryption.

pypdf's default ("plain") extraction mode is used: it is the fastest path and keeps the
reading order of born-digital productions; "layout" mode costs more and only pads
columns with spaces. Failures are sorted into the document statuses: a file that is not
a PDF, or is cut off or damaged, is ``unreadable`` with the reason; one that needs a
password is ``encrypted``; one whose pages carry no text is ``needs_ocr``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from .extraction import Extraction, describe_content, unreadable

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported, not logged


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\x00", "").strip()
    return text or None


def _metadata(reader: object) -> tuple[str | None, str | None, str | None]:
    try:
        info = reader.metadata  # type: ignore[attr-defined]
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


def _page_count(reader: object, path: Path) -> int:
    """The page count, read from the raw page tree when encryption hides it from pypdf."""
    try:
        return len(reader.pages)  # type: ignore[attr-defined]
    except MemoryError:
        raise
    except Exception:
        pass
    data = path.read_bytes()
    counts = [0]
    for match in re.finditer(rb"/Type\s*/Pages(?![A-Za-z])", data):
        window = data[max(0, match.start() - 300) : match.end() + 300]
        counts.extend(int(found) for found in re.findall(rb"/Count\s+(\d{1,6})", window))
    return max(counts)


def extract_pdf(path: Path, password: str | None = None) -> Extraction:
    """Read one PDF; never raises for a bad file, only reports it."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        return unreadable(
            "pdf", f"the file is named {path.suffix or 'PDF'} but holds {describe_content(head)}"
        )
    try:
        reader = PdfReader(path, strict=False)
    except MemoryError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        return unreadable("pdf", f"the PDF is damaged or cut off ({_reason(error)})")
    except Exception as error:
        return unreadable("pdf", f"the PDF could not be read ({_reason(error)})")

    if reader.is_encrypted:
        try:
            opened = bool(reader.decrypt(""))
            if not opened and password:
                opened = bool(reader.decrypt(password))
        except DependencyError as error:
            return Extraction(
                kind="pdf",
                status="encrypted",
                reason=f"the PDF uses an encryption this installation cannot open ({error})",
                pages=[""] * _page_count(reader, path),
            )
        except Exception as error:
            return unreadable("pdf", f"the PDF's encryption is damaged ({_reason(error)})")
        if not opened:
            reason = (
                "the password given does not open this PDF"
                if password
                else "the PDF is protected by a password; supply it to extract the text"
            )
            return Extraction(
                kind="pdf",
                status="encrypted",
                reason=reason,
                pages=[""] * _page_count(reader, path),
            )

    title, author, created = _metadata(reader)
    try:
        pages = reader.pages
        count = len(pages)
    except FileNotDecryptedError:
        return Extraction(kind="pdf", status="encrypted", reason="the PDF is protected")
    except Exception as error:
        return unreadable("pdf", f"the PDF's page list is damaged ({_reason(error)})")

    texts: list[str] = []
    failed: list[int] = []
    for number in range(count):
        try:
            texts.append(pages[number].extract_text() or "")
        except MemoryError:
            raise
        except Exception:
            texts.append("")
            failed.append(number + 1)
    result = Extraction(
        kind="pdf",
        status="ok",
        pages=texts,
        meta_title=title,
        meta_author=author,
        meta_created=created,
    )
    if count == 0:
        result.status, result.reason = "unreadable", "the PDF has no pages"
    elif len(failed) == count:
        result.status = "unreadable"
        result.reason = "the text of every page failed to extract (damaged content streams)"
    elif not any(text.strip() for text in texts):
        result.status = "needs_ocr"
        result.reason = "no page has a text layer (a scan): OCR is needed to search it"
    elif failed:
        shown = ", ".join(str(number) for number in failed[:10])
        result.reason = f"the text of page(s) {shown} could not be extracted"
    return result


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."
