"""The digest that ties a document's page text to the audit log.

Quotes are checked against page text, so page text is evidence too. Pages are many and
are not audited row by row; instead each document records ``text_sha256``, a SHA-256 over
all its pages in order (number, Bates label, text), and that document row is audited like
any other. Changing, swapping, adding or removing a page's text or label outside the
program then shows twice: the pages no longer match the digest, and a digest changed to
match them no longer matches the document's last audit event.

Whoever replaces a document's pages (unlocking, OCR, Bates numbering) sets the digest in the
same transaction: ``reseal`` does it from the stored pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .model import Document, Page

PageText = tuple[int, str | None, str]
"""(page number, Bates label or None, text) of one page."""


def _add_page(digest: hashlib._Hash, number: int, bates: str | None, text: str) -> None:
    digest.update(f"{number}\x1f{bates or ''}\x1f".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    digest.update(b"\x1e")


def text_digest(pages: Iterable[PageText]) -> str:
    """The digest of a document's pages, given in page order."""
    digest = hashlib.sha256()
    for number, bates, text in pages:
        _add_page(digest, number, bates, text)
    return digest.hexdigest()


EMPTY_DIGEST = text_digest([])


def stored_pages(session: Session, document_id: int) -> Iterator[PageText]:
    rows = session.execute(
        select(Page.number, Page.bates, Page.text)
        .where(Page.document_id == document_id)
        .order_by(Page.number)
    )
    yield from rows  # type: ignore[misc]


def reseal(session: Session, document: Document) -> None:
    """Set ``document.text_sha256`` from its stored pages (the caller audits the change)."""
    session.flush()
    document.text_sha256 = text_digest(stored_pages(session, document.id))


def digests_by_document(session: Session) -> Iterator[tuple[int, str]]:
    """(document id, digest of its stored pages) for every document that has pages."""
    rows = session.execute(
        select(Page.document_id, Page.number, Page.bates, Page.text)
        .order_by(Page.document_id, Page.number)
        .execution_options(yield_per=2000)
    )
    current: int | None = None
    digest = hashlib.sha256()
    for document_id, number, bates, text in rows:
        if document_id != current:
            if current is not None:
                yield current, digest.hexdigest()
            current, digest = document_id, hashlib.sha256()
        _add_page(digest, number, bates, text)
    if current is not None:
        yield current, digest.hexdigest()


def seal_unsealed(session: Session) -> int:
    """Give every document without a digest one, audited (a library made before digests)."""
    documents = session.execute(select(Document).where(Document.text_sha256.is_(None))).scalars()
    count = 0
    for document in documents:
        before = audit.snapshot(document)
        reseal(session, document)
        audit.record_update(session, document, before)
        count += 1
    return count
