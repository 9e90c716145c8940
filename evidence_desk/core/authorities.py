"""The authorities a motion cites: shipped in resources/, edited by each office.

``resources/authorities.toml`` holds the cases and statutes a New York motion to compel
police impeachment material relies on, each with its citation in Bluebook and official
form, the point of the argument that cites it, a one-paragraph proposition and when its
wording was checked. An office edits an entry (or adds its own) through ``edit_authority``;
the office's copy is stored in the library, audited, and overrides the shipped entry until
``reset_authority`` removes it. The motion writer asks ``authorities_for_motion`` for the
entries of each point, in file order.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..config import resource_path
from . import audit
from .errors import NotFoundError, ValidationError
from .library import Library
from .model import Setting

SETTING_PREFIX = "authority."

AUTHORITY_KINDS = {
    "case": "Cases",
    "statute": "Statutes",
    "rule": "Rules",
    "other": "Other Authorities",
}
# Word's table-of-authorities categories (TA \c n): 1 Cases, 2 Statutes, 3 Other, 4 Rules.
WORD_CATEGORIES = {"case": 1, "statute": 2, "other": 3, "rule": 4}

ARGUMENT_POINTS = {
    "statutory": "POINT I: the People's statutory duty (CPL article 245)",
    "constitutional": "POINT II: the constitutional duty (Brady and its progeny)",
    "good_faith": "POINT III: the pattern is a good-faith basis",
    "remedy": "POINT IV: certificate, in camera review and remedies",
    "": "not cited automatically",
}
STATUSES = ("checked", "unverified")
_GOVERNMENT_PARTIES = frozenset({"People", "United States", "State", "Commonwealth"})
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
EDITABLE_FIELDS = (
    "kind",
    "citation",
    "official",
    "pinpoint",
    "point",
    "proposition",
    "status",
    "checked",
    "note",
)
MAX_LENGTH = 3000


@dataclass(frozen=True, slots=True)
class Authority:
    """One case, statute or rule, as the motion cites it."""

    key: str
    kind: str
    citation: str  # Bluebook
    official: str  # New York official reports style
    point: str
    proposition: str
    pinpoint: str = ""
    status: str = "checked"
    checked: str = ""
    note: str = ""
    source: str = "shipped"  # "shipped", "office" (an edited copy) or "office-added"

    def cited(self, style: str = "bluebook", *, pinpoint: bool = True) -> str:
        """The citation in ``style``, with the pinpoint page when there is one."""
        text = self.official if style == "official" and self.official else self.citation
        return with_pinpoint(text, self.pinpoint) if pinpoint and self.pinpoint else text

    def name_length(self, style: str = "bluebook") -> int:
        """How many leading characters of ``cited(style)`` are a case name (italicised)."""
        if self.kind != "case":
            return 0
        text = self.cited(style)
        comma = text.find(", ")
        return comma if comma > 0 else 0

    def short_name(self) -> str:
        """The name a brief uses for a case in running text: "Brady", "Bagley", "Rouse"."""
        if self.kind != "case":
            return ""
        name = self.citation[: self.name_length()]
        parties = re.split(r"\s+v\.?\s+", name, maxsplit=1)
        if len(parties) == 2 and parties[0].strip() in _GOVERNMENT_PARTIES:
            return parties[1].strip()
        return parties[0].strip()

    @property
    def verified(self) -> bool:
        return self.status == "checked"


def with_pinpoint(citation: str, page: str) -> str:
    """ "Kyles v. Whitley, 514 U.S. 419 (1995)" + "437" -> "..., 514 U.S. 419, 437 (1995)".

    The page goes before the closing parenthetical (Bluebook) or bracket (official style);
    a citation with neither gets it at the end.
    """
    match = re.search(r"\s[(\[][^()\[\]]*[)\]]$", citation)
    if match is None:
        return f"{citation}, {page}"
    return f"{citation[: match.start()]}, {page}{citation[match.start() :]}"


def default_authorities_path() -> Path:
    return resource_path("authorities.toml")


def _entry(raw: Mapping[str, Any], where: str, source: str) -> Authority:
    key = str(raw.get("key", "")).strip()
    if not KEY_PATTERN.match(key):
        raise ValidationError(f"{where}: the key {key!r} is not lower-case letters, digits, . or -")
    values = {name: str(raw.get(name, "") or "").strip() for name in EDITABLE_FIELDS}
    values["status"] = values["status"] or "checked"
    authority = Authority(key=key, source=source, **values)
    _check(authority, where)
    return authority


def _check(authority: Authority, where: str) -> None:
    if authority.kind not in AUTHORITY_KINDS:
        raise ValidationError(
            f"{where}: the kind is {', '.join(AUTHORITY_KINDS)}, not {authority.kind!r}"
        )
    if authority.point not in ARGUMENT_POINTS:
        points = ", ".join(repr(point) for point in ARGUMENT_POINTS)
        raise ValidationError(f"{where}: the point is one of {points}, not {authority.point!r}")
    if authority.status not in STATUSES:
        raise ValidationError(f"{where}: the status is checked or unverified")
    if not authority.citation:
        raise ValidationError(f"{where}: a citation is required")
    if authority.point and not authority.proposition:
        raise ValidationError(f"{where}: an authority the motion cites needs a proposition")
    for name in EDITABLE_FIELDS:
        if len(getattr(authority, name)) > MAX_LENGTH:
            raise ValidationError(f"{where}: the {name} is longer than {MAX_LENGTH} characters")
    if authority.pinpoint and not re.fullmatch(r"[0-9][0-9\-–, n.]*", authority.pinpoint):
        raise ValidationError(f"{where}: the pinpoint is a page such as 437, not a sentence")


def read_authorities_file(path: Path) -> list[Authority]:
    """Read and check an authorities file (the shipped one, or an office's)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValidationError(f"cannot read authorities file {path}: {error}") from None
    entries = data.get("authority")
    if not isinstance(entries, list) or not entries:
        raise ValidationError(f"authorities file {path} has no [[authority]] entries")
    found: dict[str, Authority] = {}
    for position, raw in enumerate(entries, start=1):
        authority = _entry(raw, f"authority {position} in {path.name}", "shipped")
        if authority.key in found:
            raise ValidationError(f"authorities file {path}: the key {authority.key} is twice")
        found[authority.key] = authority
    return list(found.values())


def _office_copies(library: Library) -> dict[str, dict[str, Any]]:
    with library.read() as session:
        rows = session.execute(
            select(Setting.key, Setting.value).where(Setting.key.like(f"{SETTING_PREFIX}%"))
        ).all()
    copies: dict[str, dict[str, Any]] = {}
    for key, value in rows:
        try:
            copies[key.removeprefix(SETTING_PREFIX)] = json.loads(value)
        except json.JSONDecodeError:
            raise ValidationError(f"the office's copy of authority {key} is damaged") from None
    return copies


def list_authorities(library: Library) -> list[Authority]:
    """Every authority: shipped ones in file order (office copies in their place), then
    the office's own additions by key."""
    shipped = read_authorities_file(default_authorities_path())
    copies = _office_copies(library)
    result: list[Authority] = []
    for authority in shipped:
        copy = copies.pop(authority.key, None)
        if copy is None:
            result.append(authority)
        else:
            result.append(_entry({**copy, "key": authority.key}, authority.key, "office"))
    for key in sorted(copies):
        result.append(_entry({**copies[key], "key": key}, key, "office-added"))
    return result


def get_authority(library: Library, key: str) -> Authority:
    for authority in list_authorities(library):
        if authority.key == key:
            return authority
    raise NotFoundError(f"no authority {key!r} (see evidence-desk authority list)")


def edit_authority(library: Library, key: str, changes: Mapping[str, str]) -> Authority:
    """Store the office's copy of ``key`` with ``changes``; a new key adds an authority.

    A new authority needs at least a citation (and a proposition when the motion is to
    cite it). Everything is checked before the library is written.
    """
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(f"an authority has no field {unknown[0]!r}")
    key = key.strip()
    if not KEY_PATTERN.match(key):
        raise ValidationError(f"the key {key!r} is not lower-case letters, digits, . or -")
    current = {item.key: item for item in list_authorities(library)}
    base = current.get(key) or Authority(
        key=key, kind="case", citation="", official="", point="", proposition="", source=""
    )
    cleaned = {name: str(value).replace("\r\n", "\n").strip() for name, value in changes.items()}
    updated = replace(base, **cleaned)
    _check(updated, f"authority {key}")
    stored = {name: getattr(updated, name) for name in EDITABLE_FIELDS}
    with library.write() as session:
        setting_key = SETTING_PREFIX + key
        row = session.get(Setting, setting_key)
        value = json.dumps(stored, ensure_ascii=False, sort_keys=True)
        if row is None:
            row = Setting(key=setting_key, value=value)
            session.add(row)
            session.flush()
            audit.record_create(session, row)
        else:
            before = audit.snapshot(row)
            row.value = value
            audit.record_update(session, row, before)
    return get_authority(library, key)


def reset_authority(library: Library, key: str) -> Authority | None:
    """Drop the office's copy: the shipped entry again, or (for an added one) nothing."""
    authority = get_authority(library, key)  # a clear "no authority" for a wrong key
    if authority.source == "shipped":
        raise ValidationError(f"authority {key} has no office copy to reset")
    with library.write() as session:
        row = session.get(Setting, SETTING_PREFIX + key)
        if row is not None:
            audit.record_delete(session, row)
            session.delete(row)
    shipped = {item.key: item for item in read_authorities_file(default_authorities_path())}
    return shipped.get(key)


def authorities_for_motion(library: Library) -> dict[str, list[Authority]]:
    """Point -> the authorities it cites, in library order (only cited points)."""
    by_point: dict[str, list[Authority]] = {point: [] for point in ARGUMENT_POINTS if point}
    for authority in list_authorities(library):
        if authority.point:
            by_point[authority.point].append(authority)
    return by_point
