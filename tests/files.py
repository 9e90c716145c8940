"""Generators of real evidence files for tests and benchmarks.

Every function writes a genuine file of its kind (reportlab PDFs, pypdf-encrypted PDFs,
python-docx documents, Pillow images) so that the importer is tested against what a
production really contains, never against mocks. Each returns the path it wrote.

Main entry points:

- ``make_pdf(path, pages, bates_prefix=..., first_bates=...)``: a born-digital PDF, one
  string per page (newlines start new lines), optionally Bates-stamped in the bottom right
  corner ("NYPD 000123").
- ``make_encrypted_pdf``, ``make_truncated_pdf``, ``make_corrupt_stream_pdf``,
  ``make_image_only_pdf``, ``make_decompression_bomb_pdf``: the failure cases the importer
  must keep and mark.
- ``make_scanned_pdf`` (image-only pages, optionally with a text Bates stamp or a hidden
  label), ``render_scan`` (a photocopy-like page image), ``make_ligature_pdf``.
- ``make_docx``, ``make_text``, ``make_png``, ``make_jpeg``, ``make_tiff``, ``make_empty``.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from evidence_desk.core.ingest.bates import format_bates


def _pdf_bytes(
    pages: Sequence[str],
    *,
    bates_prefix: str | None,
    first_bates: int,
    bates_width: int,
    title: str | None,
    author: str | None,
    created: datetime | None,
) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, invariant=created is None)
    if title:
        pdf.setTitle(title)
    if author:
        pdf.setAuthor(author)
    if created is not None:
        pdf.setDateFormatter(lambda *_date: created.strftime("D:%Y%m%d%H%M%S"))
    width, height = letter
    for index, page_text in enumerate(pages):
        pdf.setFont("Helvetica", 10)
        y = height - 60
        for paragraph in page_text.split("\n"):
            for line in textwrap.wrap(paragraph, 95) or [""]:
                if y < 60:
                    break
                pdf.drawString(54, y, line)
                y -= 13
        if bates_prefix is not None:
            pdf.setFont("Helvetica-Bold", 9)
            pdf.drawRightString(
                width - 36, 24, format_bates(bates_prefix, first_bates + index, bates_width)
            )
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_pdf(
    path: Path | str,
    pages: Sequence[str],
    *,
    bates_prefix: str | None = None,
    first_bates: int = 1,
    bates_width: int = 6,
    title: str | None = None,
    author: str | None = None,
    created: datetime | None = None,
) -> Path:
    """A born-digital PDF with one page per string, optionally Bates-stamped.

    The stamp is ``format_bates(bates_prefix, first_bates + page_index, bates_width)``, so
    ``bates_prefix="NYPD"`` gives "NYPD 000001" and ``bates_prefix="DEF-"`` gives
    "DEF-000001".
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(
        _pdf_bytes(
            pages,
            bates_prefix=bates_prefix,
            first_bates=first_bates,
            bates_width=bates_width,
            title=title,
            author=author,
            created=created,
        )
    )
    return target


def make_encrypted_pdf(
    path: Path | str,
    pages: Sequence[str],
    *,
    password: str = "secret",
    algorithm: str = "AES-256",
    bates_prefix: str | None = None,
    first_bates: int = 1,
) -> Path:
    """A PDF encrypted with pypdf's writer (user password ``password``; "" opens it freely)."""
    from pypdf import PdfReader, PdfWriter

    plain = _pdf_bytes(
        pages,
        bates_prefix=bates_prefix,
        first_bates=first_bates,
        bates_width=6,
        title=None,
        author=None,
        created=None,
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm=algorithm)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def make_truncated_pdf(
    path: Path | str, pages: Sequence[str] = ("a page that will be cut off",), keep: float = 0.4
) -> Path:
    """A PDF cut off after ``keep`` of its bytes, as an interrupted download leaves it."""
    plain = _pdf_bytes(
        pages,
        bates_prefix=None,
        first_bates=1,
        bates_width=6,
        title=None,
        author=None,
        created=None,
    )
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(plain[: max(16, int(len(plain) * keep))])
    return target


def make_image_only_pdf(path: Path | str, pages: int = 2) -> Path:
    """A PDF whose pages carry only drawn shapes: no text layer, as a scan would have."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(target), pagesize=letter, invariant=True)
    for index in range(pages):
        pdf.setFillGray(0.2 + 0.1 * index)
        pdf.rect(72, 400, 300, 200, fill=1)
        pdf.circle(300, 200, 50 + 10 * index, fill=1)
        pdf.showPage()
    pdf.save()
    return target


def make_decompression_bomb_pdf(path: Path | str, megabytes: int = 60) -> Path:
    """A small PDF whose one page's content stream inflates to ``megabytes`` of operators.

    Millions of tiny drawing operators, each of which a parser turns into objects: a
    hostile or broken producer can ship such a file, and reading it must not take the
    importer's memory (or time) with it.
    """
    import zlib

    compressor = zlib.compressobj(9)
    operators = b"BT /F1 1 Tf (x) Tj ET\n"
    chunk = operators * ((1 << 20) // len(operators))
    stream = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_one_page_pdf(stream))
    return target


def make_corrupt_stream_pdf(path: Path | str) -> Path:
    """A one-page text PDF whose compressed content stream is corrupted from its start.

    What a damaged download or disk leaves: the structure is sound, the page's drawing
    instructions are not, so no text can be read (it is not a scan).
    """
    import zlib

    good = zlib.compress(b"BT /F1 12 Tf 72 700 Td (The officer wrote this report.) Tj ET\n" * 40)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_one_page_pdf(good[:2] + bytes(range(7, 71)) + good[66:]))
    return target


def _one_page_pdf(stream: bytes) -> bytes:
    """A minimal PDF: one letter-size page drawing the Flate-compressed ``stream``."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    output = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)


def make_docx(
    path: Path | str,
    paragraphs: Sequence[str],
    *,
    table: Sequence[Sequence[str]] | None = None,
    page_break_before: Sequence[int] = (),
    title: str | None = None,
    author: str | None = None,
) -> Path:
    """A Word document: paragraphs, then an optional table (rows of cells).

    ``page_break_before`` lists paragraph indexes that start a new page (an explicit page
    break at the end of the paragraph before).
    """
    from docx import Document
    from docx.enum.text import WD_BREAK

    document = Document()
    if title:
        document.core_properties.title = title
    if author:
        document.core_properties.author = author
    breaks = set(page_break_before)
    previous = None
    for index, text in enumerate(paragraphs):
        if index in breaks and previous is not None:
            previous.add_run().add_break(WD_BREAK.PAGE)
        previous = document.add_paragraph(text)
    if table:
        columns = max(len(row) for row in table)
        grid = document.add_table(rows=len(table), cols=columns)
        for row_index, row in enumerate(table):
            for column_index, value in enumerate(row):
                grid.cell(row_index, column_index).text = value
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def make_text(path: Path | str, text: str, *, encoding: str = "utf-8") -> Path:
    """A plain-text file in the given encoding."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode(encoding))
    return target


def _image(path: Path | str, image_format: str, size: tuple[int, int], colour: str) -> Path:
    from PIL import Image

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(target, format=image_format)
    return target


def make_png(path: Path | str, size: tuple[int, int] = (64, 48), colour: str = "navy") -> Path:
    """A small real PNG image."""
    return _image(path, "PNG", size, colour)


def make_jpeg(path: Path | str, size: tuple[int, int] = (64, 48), colour: str = "olive") -> Path:
    """A small real JPEG image."""
    return _image(path, "JPEG", size, colour)


def make_tiff(path: Path | str, frames: int = 3, size: tuple[int, int] = (40, 30)) -> Path:
    """A multi-page TIFF, as fax and scanner software writes them."""
    from PIL import Image

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    images = [Image.new("L", size, 40 * index) for index in range(frames)]
    images[0].save(target, format="TIFF", save_all=True, append_images=images[1:])
    return target


def make_empty(path: Path | str) -> Path:
    """A zero-byte file (a failed download, a placeholder)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"")
    return target


FONT_FOLDER = Path("/usr/share/fonts/truetype/dejavu")


def render_scan(
    lines: Sequence[str],
    *,
    dpi: int = 200,
    font_points: float = 12,
    speckle: float = 0.0,
    blur: float = 0.0,
    skew_degrees: float = 0.0,
    seed: int = 1,
) -> object:
    """A letter-size greyscale page image with ``lines`` typed on it, as a copier scans it.

    ``speckle`` is the share of pixels flipped to dark dust, ``blur`` a Gaussian radius in
    pixels and ``skew_degrees`` a rotation of the whole sheet. Returns a Pillow image.
    """
    import random

    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    width, height = int(8.5 * dpi), int(11 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_FOLDER / "DejaVuSerif.ttf"), int(font_points * dpi / 72))
    y = dpi  # one-inch margins
    step = int(font_points * 1.6 * dpi / 72)
    for line in lines:
        draw.text((dpi, y), line, fill=20, font=font)
        y += step
    if skew_degrees:
        image = image.rotate(skew_degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    if speckle:
        rng = random.Random(seed)
        pixels = image.load()
        for _ in range(int(width * height * speckle)):
            x, y = rng.randrange(width), rng.randrange(height)
            pixels[x, y] = rng.randrange(0, 90)
    return image


def make_scanned_pdf(
    path: Path | str,
    pages: Sequence[Sequence[str]],
    *,
    bates_prefix: str | None = None,
    first_bates: int = 1,
    hidden_label: str | None = None,
    dpi: int = 200,
    **scan: float,
) -> Path:
    """A scanned production: each page one full-page image of its ``lines``, no text layer.

    Review software often stamps a Bates label as real text over the image
    (``bates_prefix``); some converters leave an invisible text label on every page
    (``hidden_label``, e.g. ImageMagick's "Background"). Neither makes the page searchable.
    """
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(target), pagesize=letter, invariant=True)
    width, height = letter
    for index, lines in enumerate(pages):
        image = render_scan(lines, dpi=dpi, seed=index + 1, **scan)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")  # type: ignore[attr-defined]
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, width, height)
        if hidden_label is not None:
            text = pdf.beginText(20, height - 20)
            text.setTextRenderMode(3)  # invisible
            text.setFont("Helvetica", 8)
            text.textLine(hidden_label)
            pdf.drawText(text)
        if bates_prefix is not None:
            pdf.setFont("Helvetica-Bold", 9)
            pdf.drawRightString(width - 36, 24, format_bates(bates_prefix, first_bates + index))
        pdf.showPage()
    pdf.save()
    return target


def make_ligature_pdf(path: Path | str, pages: Sequence[str]) -> Path:
    """A PDF whose text uses the ligature characters (ﬀ, ﬁ, ﬂ, ﬃ) as LaTeX output does.

    Write "ff" as "\\ufb00" etc. in ``pages``; the font is DejaVu Sans, which has the glyphs.
    """
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_FOLDER / "DejaVuSans.ttf")))
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(target), pagesize=letter, invariant=True)
    _width, height = letter
    for page_text in pages:
        pdf.setFont("DejaVuSans", 11)
        y = height - 72
        for line in page_text.split("\n"):
            pdf.drawString(72, y, line)
            y -= 15
        pdf.showPage()
    pdf.save()
    return target
