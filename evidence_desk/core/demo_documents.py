"""Discovery paperwork for the demo library, drawn as real Bates-stamped PDFs.

Each form (arrest report, complaint report, follow-up report, property voucher) is laid out
the way such paperwork looks in a production: a header band, a grid of labelled boxes, a
narrative, a page footer and a Bates stamp in the bottom right corner. Every page also
says, in a red band at the top, that it is fictional demo data, so that no printout of it
can be mistaken for a real case.

The text is drawn in reading order with standard PDF fonts, so the importer extracts it
exactly (the quotes the demo allegations cite are found on the pages they cite).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .ingest.bates import format_bates

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.canvas import Canvas

FICTION_BANNER = "FICTIONAL DEMO DATA - NOT A REAL CASE - FOR TRYING OUT EVIDENCE DESK"
DEPARTMENT = "EXAMPLE CITY POLICE DEPARTMENT (FICTIONAL)"


@dataclass(frozen=True, slots=True)
class FormPage:
    """One page: labelled boxes at the top, then titled sections of running text."""

    fields: tuple[tuple[str, str], ...] = ()
    sections: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class DemoForm:
    """One piece of police paperwork, written to ``file_name`` in a production."""

    key: str  # how the demo's allegations refer to it
    file_name: str
    form_title: str
    pages: tuple[FormPage, ...]


def write_form_pdf(
    form: DemoForm, path: Path, *, bates_prefix: str, first_bates: int, width: int = 6
) -> int:
    """Draw ``form`` into ``path``, stamping page i with ``first_bates + i``; returns pages."""
    from reportlab.lib.colors import Color, white
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    page_width, page_height = letter
    margin = 48
    red = Color(0.70, 0.13, 0.13)
    grey = Color(0.45, 0.45, 0.45)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=True)
    # The title is the form's heading, as a real production's metadata would give it (the
    # import turns "ARREST REPORT" into "Arrest Report"); the subject says it is fiction.
    pdf.setTitle(form.form_title)
    pdf.setSubject("Fictional demo data - not a real case")
    pdf.setAuthor("Evidence Desk demo library")
    total = len(form.pages)
    for index, page in enumerate(form.pages):
        # Fiction banner: first thing on the page, in the text layer as well.
        pdf.setFillColor(red)
        pdf.rect(0, page_height - 30, page_width, 30, stroke=0, fill=1)
        pdf.setFillColor(white)
        pdf.setFont("Helvetica-Bold", 10)
        pdf.drawCentredString(page_width / 2, page_height - 19, FICTION_BANNER)
        pdf.setFillColor(Color(0, 0, 0))
        pdf.setFont("Helvetica", 9)
        pdf.drawString(margin, page_height - 50, DEPARTMENT)
        pdf.setFont("Helvetica-Bold", 15)
        pdf.drawString(margin, page_height - 70, form.form_title)
        pdf.setLineWidth(1.2)
        pdf.line(margin, page_height - 78, page_width - margin, page_height - 78)
        y = page_height - 96
        y = _draw_fields(pdf, page.fields, margin, y, page_width - 2 * margin, grey)
        for heading, text in page.sections:
            y -= 8
            pdf.setFont("Helvetica-Bold", 10)
            pdf.drawString(margin, y, heading.upper())
            y -= 15
            pdf.setFont("Helvetica", 10)
            for paragraph in text.split("\n"):
                for line in textwrap.wrap(paragraph, 92) or [""]:
                    pdf.drawString(margin, y, line)
                    y -= 13.5
                y -= 4
        pdf.setFont("Helvetica", 8)
        pdf.setFillColor(grey)
        pdf.drawString(margin, 26, f"Page {index + 1} of {total}")
        pdf.drawCentredString(page_width / 2, 26, "Fictional demo data")
        pdf.setFillColor(Color(0, 0, 0))
        pdf.setFont("Helvetica-Bold", 10)
        pdf.drawRightString(
            page_width - margin, 24, format_bates(bates_prefix, first_bates + index, width)
        )
        pdf.showPage()
    pdf.save()
    return total


def _draw_fields(
    pdf: Canvas,
    fields: Sequence[tuple[str, str]],
    left: float,
    top: float,
    width: float,
    label_colour: Color,
) -> float:
    """Labelled boxes, two to a row; returns the y below them."""
    if not fields:
        return top
    box_width = width / 2
    box_height = 30
    y = top
    for row_start in range(0, len(fields), 2):
        for column, (label, value) in enumerate(fields[row_start : row_start + 2]):
            x = left + column * box_width
            pdf.setLineWidth(0.6)
            pdf.rect(x, y - box_height, box_width, box_height, stroke=1, fill=0)
            pdf.setFillColor(label_colour)
            pdf.setFont("Helvetica", 7)
            pdf.drawString(x + 4, y - 9, label.upper())
            pdf.setFillColorRGB(0, 0, 0)
            pdf.setFont("Helvetica", 10)
            pdf.drawString(x + 4, y - 23, value)
        y -= box_height
    return y - 10
