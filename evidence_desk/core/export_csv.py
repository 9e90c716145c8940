"""Allegations with their citations as CSV, for analysis in a spreadsheet.

One row per citation (an allegation without citations still gets one row), so a pivot
table can count allegations, officers, conduct and sources however the office likes. The
file is UTF-8 with a byte-order mark, which Excel needs to read accents correctly; cells
that a spreadsheet would run as a formula (starting with =, +, - or @) are prefixed with
an apostrophe, since quoted evidence is text written by others. The file is written as
every export is (``output_files``): complete or not at all, never over a file unasked.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .citations import bates_text, page_text
from .library import Library
from .memo.content import load_allegations
from .output_files import output_file
from .patterns import PatternFilter, conduct_labels, load_facts

COLUMNS = (
    "allegation_id",
    "matter",
    "caption",
    "date",
    "date_precision",
    "date_start",
    "date_end",
    "officer_ids",
    "officers",
    "command",
    "conduct_codes",
    "conduct",
    "status",
    "summary",
    "citation",
    "document_id",
    "document",
    "pages",
    "bates",
    "note_id",
    "quote",
    "pinpoint",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def export_allegations_csv(
    library: Library,
    out: Path,
    criteria: PatternFilter | None = None,
    *,
    overwrite: bool = False,
) -> int:
    """Write the allegations passing ``criteria`` (all by default); returns rows written.

    An existing ``out`` is refused unless ``overwrite``; see ``output_files``."""
    rows = 0
    with output_file(out, library, overwrite=overwrite) as written:
        with library.read() as session:
            facts, officers = load_facts(session, criteria or PatternFilter(min_matters=1))
            labels = conduct_labels(session)
            allegations = load_allegations(session, [item.id for item in facts])
        with written.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(COLUMNS)
            for fact in facts:
                item = allegations[fact.id]
                common = [
                    item.id,
                    item.matter_file_number,
                    item.matter_caption,
                    item.date.text(),
                    item.date.precision,
                    item.date.start.isoformat() if item.date.start else "",
                    item.date.end.isoformat() if item.date.end else "",
                    "; ".join(str(officer_id) for officer_id in item.officers),
                    "; ".join(officers[officer_id][0] for officer_id in item.officers),
                    item.command or "",
                    "; ".join(item.conduct),
                    "; ".join(labels.get(code, code) for code in item.conduct),
                    item.status,
                    item.summary,
                ]
                citations = item.citations or (None,)
                for number, citation in enumerate(citations, start=1):
                    if citation is None:
                        cited = ["", "", "", "", "", "", "", ""]
                    else:
                        cited = [
                            number,
                            citation.document_id or "",
                            citation.title if citation.document_id else "",
                            page_text(citation.page_start, citation.page_end)
                            if citation.page_start
                            else "",
                            bates_text(citation.bates_start, citation.bates_end) or "",
                            citation.note_id or "",
                            citation.quote,
                            citation.pinpoint,
                        ]
                    writer.writerow([_safe(value) for value in common + cited])
                    rows += 1
    return rows
