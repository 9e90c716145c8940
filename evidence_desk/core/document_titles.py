"""A readable title for an imported document, so lists and memos do not say "arrest_report".

The title is taken, in this order, from the file's own metadata title (when it is a real
title, not "untitled", "Microsoft Word - x.docx" or the file name again), from the first
heading on the first page ("ARREST REPORT" becomes "Arrest Report"), or else from the file
name made readable ("arrest_report.pdf" becomes "Arrest report"). The user can always
change it afterwards (Document details); the original file name is kept separately.
"""

from __future__ import annotations

import re
from pathlib import PurePath

MAX_TITLE = 120  # a metadata "title" longer than this is a sentence, not a title
MAX_HEADING = 80
MAX_HEADING_WORDS = 10
HEADING_LINES = 12  # only the top of the first page holds its heading

# Metadata titles that producers write when nobody typed one.
_PLACEHOLDER_TITLES = frozenset(
    {"untitled", "title", "document", "doc", "scan", "scanned document", "pdf", "print"}
)
_WORD_PREFIX = re.compile(r"^(microsoft (word|excel|powerpoint)|word|pdf)\s*-\s*", re.IGNORECASE)
_FILE_SUFFIX = re.compile(r"\.(pdf|docx?|docm|rtf|txt|tiff?|jpe?g|png|odt|wpd)$", re.IGNORECASE)
_PAGE_LINE = re.compile(r"^(page|pg\.?)\s*\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE)
_BATES_LINE = re.compile(r"^[A-Z][A-Z0-9]{1,11}(?:[-_][A-Z][A-Z0-9]{0,11})?[ _-]?\d{5,10}$")
# A heading naming the kind of paperwork is preferred to the agency's name above it.
_DOCUMENT_WORDS = re.compile(
    r"\b(report|voucher|statement|complaint|memo(randum)?|transcript|affidavit|affirmation|"
    r"notice|record|worksheet|log|form|interview|letter|order|motion|dd ?5|follow-up|"
    r"summary|warrant|application|request|subpoena|minutes|invoice|receipt|notes?|"
    r"declaration|deposition|indictment|information|summons|ticket|chronology)\b",
    re.IGNORECASE,
)
# Abbreviations that keep their capitals ("NYPD", "CCRB"), besides any word without a vowel.
_ABBREVIATIONS = frozenset(
    {"ADA", "AKA", "CCRB", "DOB", "IAB", "ICAD", "NYPD", "NYSID", "OCR", "PBA", "SSN", "USA"}
)
# Two-letter words that are words, not abbreviations like "UC" or "PO".
_SHORT_WORDS = frozenset(
    {"am", "an", "as", "at", "be", "by", "do", "he", "in", "is", "it", "me", "my", "no", "of",
     "on", "or", "so", "to", "up", "us", "we"}
)  # fmt: skip
# Small words stay lower case inside a title made from an all-capitals heading.
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
)


def readable_title(file_name: str, meta_title: str | None = None, first_page: str = "") -> str:
    """The title to give a document imported from ``file_name``.

    ``meta_title`` is the title the file's metadata states (PDF /Title, Word core
    properties); ``first_page`` is the extracted text of its first page.
    """
    stem = PurePath(file_name).stem or file_name
    return (
        _metadata_title(meta_title, stem)
        or _first_heading(first_page)
        or _title_from_file_name(stem)
        or file_name
    )


def _metadata_title(meta_title: str | None, stem: str) -> str | None:
    if not meta_title:
        return None
    title = " ".join(meta_title.split())
    if (
        not title
        or _WORD_PREFIX.match(title)  # "Microsoft Word - arrest_report.docx": a file name
        or _FILE_SUFFIX.search(title)
        or ("_" in title and " " not in title)
        or len(title) > MAX_TITLE
        or "/" in title
        or "\\" in title
        or title.casefold() in _PLACEHOLDER_TITLES
        or _comparable(title) == _comparable(stem)  # the file name again, not a title
        or not re.search(r"[^\W\d_]", title)
    ):
        return None
    return _soften_capitals(title)


def _first_heading(text: str) -> str | None:
    candidates: list[str] = []
    for raw in text.splitlines()[:HEADING_LINES]:
        line = " ".join(raw.split()).strip(" -–—:*#=_")
        if _looks_like_heading(line):
            candidates.append(line)
    if not candidates:
        return None
    chosen = next((line for line in candidates if _DOCUMENT_WORDS.search(line)), candidates[0])
    return _capitalised(chosen) if chosen == chosen.lower() else _soften_capitals(chosen)


def _looks_like_heading(line: str) -> bool:
    letters = sum(1 for character in line if character.isalpha())
    return (
        letters >= 3
        and len(line) <= MAX_HEADING
        and len(line.split()) <= MAX_HEADING_WORDS
        and not line.endswith((".", ",", ";"))
        and "http" not in line.casefold()
        and not _PAGE_LINE.match(line)
        and not _BATES_LINE.match(line)
    )


def _title_from_file_name(stem: str) -> str:
    text = stem.replace("_", " ")
    text = re.sub(r"(?<=[^\W\d_])[-.](?=[^\W\d_])", " ", text)  # "arrest-report" -> two words
    text = " ".join(text.split())
    if text and text == text.lower() and text.split()[0].isalpha():
        text = _capitalised(text)
    return text


def _comparable(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


# Two or more words in capitals in a row ("ARREST REPORT" in "ARREST REPORT (draft)").
_CAPITALS_RUN = re.compile(
    r"[^\W\d_]*[A-Z][A-Z0-9.'’()/-]*(?:\s+[(\[]?[A-Z0-9][A-Z0-9.'’()/-]*[)\]]?)+"
)


def _soften_capitals(text: str) -> str:
    """Runs of words in capitals read as a title; the rest is left as written."""

    def soften(match: re.Match[str]) -> str:
        run = match.group(0)
        words = [word for word in re.findall(r"[^\W\d_]+", run) if not _is_abbreviation(word)]
        return _from_capitals(run) if len(words) >= 2 and run.upper() == run else run

    return _CAPITALS_RUN.sub(soften, text)


def _from_capitals(text: str) -> str:
    """ "FOLLOW-UP REPORT (DD5) OF THE UC" -> "Follow-Up Report (DD5) of the UC"."""
    result = []
    for position, word in enumerate(text.split(" ")):
        core = word.strip("()[]\"'“”")
        if position > 0 and core.casefold() in _SMALL_WORDS:
            result.append(word.lower())
        else:
            result.append("-".join(_soften_word(part) for part in word.split("-")))
    return " ".join(result)


def _soften_word(word: str) -> str:
    core = word.strip("()[]\"'“”")
    if _is_abbreviation(core):
        return word  # DD5, UC, P.O., NYPD: abbreviations stay as they are
    return _capitalised(word.lower())


def _is_abbreviation(word: str) -> bool:
    return (
        any(character.isdigit() or character == "." for character in word)
        or (len(word) <= 2 and word.casefold() not in _SHORT_WORDS)
        or word.upper() in _ABBREVIATIONS
        or not any(vowel in word.upper() for vowel in "AEIOU")
    )


def _capitalised(word: str) -> str:
    """Upper-case the first letter, wherever it is ("(fictional)" -> "(Fictional)")."""
    for position, character in enumerate(word):
        if character.isalpha():
            return word[:position] + character.upper() + word[position + 1 :]
    return word
