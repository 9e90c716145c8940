"""Where a page's text names an officer: the spans mention detection hands to the matcher.

Police paperwork names members of service in a few ways, often several at once:

* a rank or title and a name: "Det. John Smith", "P.O. J. SMITH", "SGT SMITH",
  "Police Officer Maria Lopez", "Officer Rodriguez";
* a labelled identifier: "Shield No. 4521", "Tax Reg. #943123", "UC #0214",
  "Employee 82350", "Badge 3202";
* a form's officer field: "Arresting Officer: SMITH, JOHN";
* and their combinations on one line: "Det. John Smith, Shield 4521, Tax Reg. #943123",
  "P.O. SMITH #4521".

``read_page`` reads a page for detection: its mentions and the date of the event it records,
plain values that the import's worker processes compute beside the text and hand to the
writer. ``find_mentions`` returns each such place as a ``MentionSpan``: its character offsets in the
page text (so that a viewer can mark the very words), its form, and the text the matcher
should read. That text is the page's words with what OCR typically gets wrong put right
where it is safe to: look-alike letters in a number after an identifier label ("4S21",
"O214"), look-alike digits in a name ("Sm1th"); ``variants`` adds the spelling with "rn" read
as "m", which OCR often splits ("Srnith"), for the matcher to try as well. Nothing here
knows the registry: matching is ``matching.RegistryMatcher.rank``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from .normalisation import APOSTROPHES

MentionForm = str  # "name", "identifier" or "name+identifier"

# Characters re's case-blind matching folds otherwise than ``str.lower``: "İ" (two characters
# in lower case), and "ı" and "ſ" (which re reads as "i" and "s").
_CASE_TRAPS = ("\u0130", "\u0131", "\u017f")


@dataclass(frozen=True, slots=True)
class _Page:
    """A page's text, and the same text in lower case when that keeps every offset and
    folds every character as re's case-blind matching does (else None)."""

    text: str
    lower: str | None

    @classmethod
    def of(cls, text: str) -> _Page:
        if not text.isascii() and any(trap in text for trap in _CASE_TRAPS):
            return cls(text, None)
        return cls(text, text.lower())


class _Scan:
    """A case-blind pattern, scanned quickly with the same result.

    Python's re tries a case-blind alternation at every character of a page, several times
    over: 40-190 ns a character. So the pattern is run case-sensitively over the page in
    lower case; not at all when the page lacks a word every match contains (``needs``: one
    word of each group); and, with a ``finder`` (a pattern that matches wherever a match
    can start, quick to search for because it starts with plain letters), tried only where
    the finder matches, as ``finditer`` would. A match's offsets are the page's: read its
    words from the page's own text, not from the match."""

    def __init__(
        self, pattern: re.Pattern[str], *needs: tuple[str, ...], finder: str | None = None
    ) -> None:
        assert pattern.flags & re.IGNORECASE
        if re.search(r"\\[A-Z]", pattern.pattern):
            raise ValueError("an upper-case escape would change meaning in lower case")
        self.blind = pattern
        self.cased = re.compile(pattern.pattern.lower().replace("(?p<", "(?P<"))
        self.needs = needs
        self.finder = re.compile(finder) if finder is not None else None

    def finditer(self, page: _Page) -> Iterator[re.Match[str]]:
        lower = page.lower
        if lower is None:
            yield from self.blind.finditer(page.text)
            return
        if not all(any(word in lower for word in group) for group in self.needs):
            return
        if self.finder is None:
            yield from self.cased.finditer(lower)
            return
        search, match = self.finder.search, self.cased.match
        position = 0
        while (candidate := search(lower, position)) is not None:
            start = candidate.start()
            found = match(lower, start)  # looks behind ``start`` as finditer would
            if found is None:
                position = start + 1
                continue
            yield found
            position = max(found.end(), start + 1)  # (none of the patterns matches nothing)


# Ranks and titles that introduce a name, as paperwork writes them (dots and case vary).
# Bare roster abbreviations that are also common words or units ("DC", "AC", "INS") are
# left out: they introduce a name too rarely to be worth the noise.
_RANK_PHRASES = (
    r"police\s+[o0]fficer",
    r"p\s?\.\s?[o0]\s?\.?",
    r"po",
    r"pom",
    r"pof",
    r"ptl\.?",
    r"patrolman",
    r"detective\s+specialist",
    r"detective\s+investigator",
    r"detective",
    r"det\.?(?:\s?spec\.?)?",
    r"dt\.?[123]?",
    r"sergeant",
    r"sgt\.?",
    r"lieutenant",
    r"lieut\.?",
    r"lt\.?",
    r"captain",
    r"capt\.?",
    r"cpt\.?",
    r"deputy\s+inspector",
    r"inspector",
    r"insp\.?",
    r"(?:deputy|assistant|bureau)\s+chief",
    r"chief",
    r"undercover\s+officer",
    r"u\s?[./]\s?c\.?\s+[o0]fficer",
    r"[o0]fficer",
    r"ofc\.?",
    r"trooper",
    r"(?:special\s+)?agent",
)
_RANK = re.compile(r"(?<![\w.])(?:" + "|".join(_RANK_PHRASES) + r")(?=\s)", re.IGNORECASE)
_RANK_SCAN = _Scan(
    _RANK,
    finder=r"(?<![\w.])(?:p(?:olice|\s?\.|o|tl|atrolman)|d(?:et|t|eputy)|s(?:ergeant|gt|pecial)"
    r"|l(?:ieut|t)|c(?:apt|pt|hief)|insp|assistant|bureau|u(?:ndercover|\s?[./])|[o0](?:fficer|fc)"
    r"|trooper|agent)",
)

# A form's officer field: the label, then the name ("Arresting Officer: SMITH, JOHN").
_FIELD = re.compile(
    r"(?<![\w])(?:arresting|reporting|assigned|assisting|investigating|supervising|"
    r"complainant|subject)\s+(?:officer|detective|mos|member)(?:'s)?(?:\s+name)?\s*:[ \t]*"
    r"|(?<![\w])(?:officer|mos|member\s+of\s+service)\s+name\s*:[ \t]*"
    r"|(?<![\w])(?:rank\s*/\s*name|name\s*/\s*rank)\s*:[ \t]*",
    re.IGNORECASE,
)
_FIELD_SCAN = _Scan(
    _FIELD,
    (":",),
    ("officer", "detective", "mos", "member", "name"),
    finder=r"arresting|reporting|assi(?:gned|sting)|investigating|supervising|complainant"
    r"|subject|officer|mos|member|rank|name",
)

# Identifier labels, tolerant of OCR's usual misreadings of their letters.
_LABELS = (
    ("shield", r"sh[i1l]e[l1I|]d|shld\.?|badge"),
    ("tax_id", r"tax(?:\s*reg(?:istry)?\.?)?(?:\s*id)?"),
    ("uc", r"undercover(?:\s+officer)?|u\s?[./]\s?c\.?|uc"),
    ("employee", r"e(?:m|rn)p[l1I]oyee(?:\s*id)?|e(?:m|rn)p\.?(?:\s*id)?"),
)
_FILLER = r"(?:\s*(?:no\.?|nr\.?|num(?:ber)?\.?|#|:|id))*\s*#?\s?"
_NUMBER = r"(?P<number>[0-9OolIS|B]{2,8})(?![\w])"
_IDENTIFIERS = [
    (kind, re.compile(r"(?<![\w])(?:" + label + r")" + _FILLER + _NUMBER, re.IGNORECASE))
    for kind, label in _LABELS
]
# How each label starts, in lower case: where a label's pattern is worth trying.
_LABEL_STARTS = {
    "shield": r"sh|badge",
    "tax_id": r"tax",
    "uc": r"u(?:ndercover|\s?[./]|c)",
    "employee": r"e(?:mp|rnp)",
}
_IDENTIFIER_SCANS = [
    (kind, _Scan(pattern, finder=_LABEL_STARTS[kind])) for kind, pattern in _IDENTIFIERS
]
_BARE_NUMBER = re.compile(r"[ \t]*(?:\(\s*)?#\s?(?P<number>[0-9OolIS|B]{3,8})(?![\w])")

_KIND_WORDS = {"shield": "Shield", "tax_id": "Tax Reg.", "uc": "UC", "employee": "Employee"}

# Words that may follow a rank but are not a name ("P.O. Box", "Det. Squad").
# fmt: off
_NOT_NAMES = frozenset({
    "box", "squad", "unit", "bureau", "division", "command", "precinct", "pct", "shield",
    "badge", "tax", "uc", "employee", "emp", "no", "number", "and", "or", "the", "a", "an", "of",
    "on", "in", "at", "to", "for", "from", "by", "with", "was", "were", "is", "are", "did",
    "observed", "stated", "states", "saw", "told", "asked", "placed", "recovered", "reports",
    "reported", "responded", "arrived", "approached", "located", "issued", "called", "radioed",
    "then", "also", "who", "which", "that", "this", "his", "her", "their", "he", "she", "they",
    "defendant", "perp", "perpetrator", "complainant", "victim", "witness", "subject", "suspect",
    "vehicle", "car", "date", "time", "report", "reporting", "arresting", "assigned", "mos",
    "member", "rank", "name", "signature", "supervisor", "approved", "reviewed",
})
# fmt: on
# Lower-case words inside a surname ("De La Cruz", "van Houten").
_PARTICLES = frozenset({"de", "la", "del", "della", "van", "von", "da", "di", "le", "du"})
_NAME_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*\.?")
_MAX_NAME_WORDS = 4
_MAX_GAP = 30  # characters of spaces and punctuation between parts of one mention

# Look-alikes OCR confuses: read into a number, and into a word.
_TO_DIGIT = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8"})
_TO_LETTER = str.maketrans({"0": "o", "1": "l", "5": "s", "8": "b"})
# What paperwork and OCR put for an apostrophe inside a name ("O’Brien", "OʼBrien", a
# typewriter's "O`Brien", "O´Brien"), each read as "'": one character for one.
_STRAIGHT_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES.replace("'", "") + "`\u00b4", "'"))


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """One place a page names an officer."""

    start: int  # offsets in the page text
    end: int
    form: MentionForm
    query: str  # what the matcher reads: the words with OCR's look-alikes put right

    def variants(self) -> tuple[str, ...]:
        """The query, and its spelling with "rn" read as "m" when it has one."""
        if "rn" not in self.query.lower():
            return (self.query,)
        return (self.query, re.sub("rn", "m", re.sub("RN", "M", self.query)))


@dataclass(slots=True)
class _Part:
    start: int
    end: int
    kind: str  # "name" or an identifier kind
    query: str


def _digits(token: str) -> str | None:
    """A number as OCR may have misread it ("4S21" -> "4521"), or None if it is a word."""
    repaired = token.translate(_TO_DIGIT)
    if not repaired.isdigit():
        return None
    if sum(ch.isdigit() for ch in token) * 2 < len(token):
        return None  # mostly letters: a word, not a misread number
    return repaired


def _word(token: str) -> str:
    """A name word with look-alike digits read as letters ("Sm1th" -> "Smlth")."""
    if not any(ch.isdigit() for ch in token):
        return token
    letters = sum(ch.isalpha() for ch in token)
    if letters < 2 or letters * 2 < len(token):
        return token
    repaired = token.translate(_TO_LETTER)
    return repaired if any(ch.islower() for ch in token) else repaired.upper()


def _is_name_word(token: str) -> bool:
    bare = token.rstrip(".")
    if not bare or (len(bare) > 1 and bare.lower() in _NOT_NAMES):
        return False
    if not bare[0].isupper() and not (bare[0].isdigit() and _word(bare) != bare):
        return False
    letters = sum(ch.isalpha() for ch in bare)
    return letters >= 1 and letters * 2 >= len(bare)


def _name_after(text: str, position: int, *, allow_comma: bool) -> tuple[int, str] | None:
    """The name starting at ``position`` (after spaces): its end and its words."""
    index = position
    words: list[str] = []
    end = position
    line_end = text.find("\n", position)
    line_end = len(text) if line_end < 0 else line_end
    comma_used = wrapped = False
    while len(words) < _MAX_NAME_WORDS:
        gap = _spaces(text, index)
        start = index + gap
        if words and gap > 3:
            break  # a wide gap: the next column of a form
        if start == line_end < len(text) and len(words) < 2 and not wrapped:
            # A line wrapped inside the name ("P.O. Brian" / "O'Brien"): read on, once.
            wrapped = True
            index = line_end + 1
            line_end = text.find("\n", index)
            line_end = len(text) if line_end < 0 else line_end
            continue
        if _RANK.match(text, start, line_end + 1):
            break  # another rank starts another mention (a form's "OFFICER" label above it)
        match = _NAME_WORD.match(text, start, line_end)
        if match is None:
            if allow_comma and not comma_used and words and text.startswith(",", start):
                # "SMITH, JOHN": the given name after the surname on a form.
                following = _NAME_WORD.match(text, start + 1 + _spaces(text, start + 1))
                if following is not None and _is_name_word(following.group()):
                    comma_used = True
                    index = start + 1
                    continue
            break
        token = match.group()
        if token.lower() in _PARTICLES and words:
            nxt = _NAME_WORD.match(text, match.end() + _spaces(text, match.end()), line_end)
            if nxt is not None and _is_name_word(nxt.group()):
                words.append(token)
                index = end = match.end()
                continue
        if not _is_name_word(token):
            break
        index = end = match.end()
        if len(token.rstrip(".")) > 1 and token.endswith("."):
            words.append(_word(token[:-1]))
            end -= 1  # a full stop ends the sentence, not the name
            break
        words.append(_word(token))
    if not words or all(len(word.rstrip(".")) == 1 for word in words):
        return None
    if comma_used:
        # Read "SMITH, JOHN" as "JOHN SMITH" for the matcher.
        surname, *given = words
        words = [*given, surname]
    return end, " ".join(words)


_SPACES = re.compile(r"[ \t]*")


def _spaces(text: str, position: int) -> int:
    match = _SPACES.match(text, position)
    return match.end() - position if match else 0


def _name_parts(page: _Page) -> list[_Part]:
    text = page.text
    parts: list[_Part] = []
    for match in _RANK_SCAN.finditer(page):
        found = _name_after(text, match.end(), allow_comma=False)
        if found is None:
            continue
        end, name = found
        written = text[match.start() : match.end()]
        rank = " ".join(written.replace("0", "o").split())  # OCR: "P.0.", "0fficer"
        parts.append(_Part(match.start(), end, "name", f"{rank} {name}"))
    for match in _FIELD_SCAN.finditer(page):
        if _RANK.match(text, match.end()):
            continue  # "Arresting Officer: P.O. SMITH": the rank reads it
        found = _name_after(text, match.end(), allow_comma=True)
        if found is not None:
            parts.append(_Part(match.end(), found[0], "name", found[1]))
    return parts


def _identifier_parts(page: _Page) -> list[_Part]:
    parts: list[_Part] = []
    for kind, scan in _IDENTIFIER_SCANS:
        for match in scan.finditer(page):
            number = _digits(page.text[match.start("number") : match.end("number")])
            if number is None:
                continue
            parts.append(_Part(match.start(), match.end(), kind, f"{_KIND_WORDS[kind]} {number}"))
    return parts


def _without_overlaps(parts: list[_Part]) -> list[_Part]:
    """The parts in page order; of overlapping parts the longer (then earlier) one stays."""
    kept: list[_Part] = []
    for part in sorted(parts, key=lambda item: (item.start, -(item.end - item.start))):
        if kept and part.start < kept[-1].end:
            if part.end - part.start > kept[-1].end - kept[-1].start:
                kept[-1] = part
            continue
        kept.append(part)
    return kept


def _joinable(text: str, left: _Part, right: _Part) -> bool:
    gap = text[left.end : right.start]
    if len(gap) > _MAX_GAP or _GAP.fullmatch(gap) is None:
        return False
    # A line break only where a line wrapped in the middle of one mention ("Det. John
    # Smith," / "Shield 4521"): after a comma or an opening bracket, and never before an
    # undercover number (a form's next line is another officer as often as not).
    return "\n" not in gap or (
        right.kind != "uc" and gap.split("\n")[0].rstrip()[-1:] in (",", "(")
    )


_GAP = re.compile(r"[ \t,;:()\[\]/\-–]*\n?[ \t,;:()\[\]/\-–]*")


def find_mentions(text: str) -> list[MentionSpan]:
    """Every place ``text`` names an officer, in page order."""
    if not text:
        return []
    if "`" in text or not text.isascii():
        text = text.translate(_STRAIGHT_APOSTROPHES)  # every offset holds
    page = _Page.of(text)
    parts = _without_overlaps(_name_parts(page) + _identifier_parts(page))
    groups: list[list[_Part]] = []
    for part in parts:
        if (
            groups
            and part.kind != "name"
            and _joinable(text, groups[-1][-1], part)
            and part.kind not in {member.kind for member in groups[-1]}
            # An undercover number goes with a name, not with another officer's shield.
            and (part.kind != "uc" or groups[-1][0].kind == "name")
        ):
            groups[-1].append(part)
            continue
        groups.append([part])
    spans: list[MentionSpan] = []
    for group in groups:
        last = group[-1]
        end = last.end
        kinds = {member.kind for member in group}
        if "name" in kinds and len(kinds) == 1:
            # "P.O. SMITH #4521": a bare number right after a name is his shield or UC no.
            bare = _BARE_NUMBER.match(text, end)
            if bare is not None and (number := _digits(bare.group("number"))) is not None:
                group = [*group, _Part(bare.start(), bare.end(), "number", f"#{number}")]
                end = bare.end()
        has_name = any(member.kind == "name" for member in group)
        has_number = any(member.kind != "name" for member in group)
        form = (
            "name+identifier" if has_name and has_number else "name" if has_name else "identifier"
        )
        spans.append(
            MentionSpan(
                group[0].start, end, form, " ".join(member.query for member in group).strip()
            )
        )
    return spans


# -- the date of the event a page records ----------------------------------------------

_DATE_LABEL = re.compile(
    r"(?:date\s+of\s+(?:arrest|occurrence|incident|offense|offence|event)|"
    r"(?:arrest|occurrence|incident|offense|event)\s+date)\s*[:#]?\s*"
    r"(?:(?P<m>\d{1,2})[/.-](?P<d>\d{1,2})[/.-](?P<y>\d{4}|\d{2})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))",
    re.IGNORECASE,
)
_DATE_LABEL_SCAN = _Scan(
    _DATE_LABEL, ("date",), finder=r"date|arrest|occurrence|incident|offense|event"
)


def event_date(text: str) -> date | None:
    """The date of arrest or occurrence a form states ("Date of Arrest: 03/12/2021"), which
    tells the matcher who held a reissued shield then; None when the page states none."""
    for match in _DATE_LABEL_SCAN.finditer(_Page.of(text)):
        try:
            if match.group("iy"):
                return date(int(match.group("iy")), int(match.group("im")), int(match.group("id")))
            year = int(match.group("y"))
            if year < 100:  # "03/12/21": this century unless that is in the future
                year += 2000 if year < 70 else 1900
            return date(year, int(match.group("m")), int(match.group("d")))
        except ValueError:
            continue
    return None


@dataclass(frozen=True, slots=True)
class PageReading:
    """What detection reads on a page before any matching: where it names officers and
    the date of the event it records (None when it states none)."""

    spans: tuple[MentionSpan, ...]
    event_date: date | None


def read_page(text: str) -> PageReading:
    """A page's mentions and event date (cheap enough to run on every page at import)."""
    return PageReading(tuple(find_mentions(text)), event_date(text))
