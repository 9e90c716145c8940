"""The conduct taxonomy: the default file in resources/, plus each office's own codes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..config import resource_path
from . import audit
from .errors import ConflictError, NotFoundError, ValidationError
from .library import Library
from .model import AllegationConduct, ConductType
from .records import ConductTypeRecord

CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)*$")


def default_taxonomy_path() -> Path:
    return resource_path("taxonomy.toml")


def read_taxonomy_file(path: Path) -> list[dict[str, Any]]:
    """Read and check a taxonomy file; parents must come before their children."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValidationError(f"cannot read taxonomy file {path}: {error}") from None
    entries = data.get("conduct")
    if not isinstance(entries, list) or not entries:
        raise ValidationError(f"taxonomy file {path} has no [[conduct]] entries")
    seen: set[str] = set()
    for position, entry in enumerate(entries):
        code = str(entry.get("code", ""))
        if not CODE_PATTERN.match(code):
            raise ValidationError(f"taxonomy entry {position + 1}: code {code!r} is not valid")
        if not entry.get("label"):
            raise ValidationError(f"taxonomy entry {code}: a label is required")
        parent = entry.get("parent")
        if parent and parent not in seen:
            raise ValidationError(
                f"taxonomy entry {code}: parent {parent!r} is not defined above it"
            )
        seen.add(code)
    return entries


def _merge_entries(session: Session, entries: list[dict[str, Any]], *, builtin: bool) -> int:
    """Add codes that are missing; existing codes are left as the office edited them."""
    existing = set(session.execute(select(ConductType.code)).scalars())
    next_position = (session.execute(select(func.max(ConductType.position))).scalar() or 0) + 1
    added = 0
    for entry in entries:
        if entry["code"] in existing:
            continue
        row = ConductType(
            code=entry["code"],
            parent_code=entry.get("parent"),
            label=entry["label"],
            description=entry.get("description"),
            builtin=builtin,
            position=next_position,
        )
        next_position += 1
        session.add(row)
        session.flush()
        audit.record_create(session, row)
        existing.add(row.code)
        added += 1
    return added


def load_default_taxonomy(session: Session) -> int:
    """Load the shipped taxonomy into a new library."""
    return _merge_entries(session, read_taxonomy_file(default_taxonomy_path()), builtin=True)


def import_taxonomy(library: Library, path: Path) -> int:
    """Add an office's taxonomy file; returns how many codes were new."""
    entries = read_taxonomy_file(path)
    with library.write() as session:
        known = set(session.execute(select(ConductType.code)).scalars())
        for entry in entries:
            parent = entry.get("parent")
            if parent and parent not in known and parent not in {e["code"] for e in entries}:
                raise ValidationError(f"taxonomy entry {entry['code']}: unknown parent {parent!r}")
        return _merge_entries(session, entries, builtin=False)


def _records(rows: list[ConductType]) -> list[ConductTypeRecord]:
    """Rows in tree order (each parent followed by its children), with their depth."""
    children: dict[str | None, list[ConductType]] = {}
    for row in rows:
        children.setdefault(row.parent_code, []).append(row)
    result: list[ConductTypeRecord] = []

    def walk(parent: str | None, depth: int) -> None:
        for row in sorted(children.get(parent, []), key=lambda item: (item.position, item.code)):
            result.append(
                ConductTypeRecord(
                    row.code,
                    row.parent_code,
                    row.label,
                    row.description,
                    row.builtin,
                    row.position,
                    depth,
                )
            )
            walk(row.code, depth + 1)

    walk(None, 0)
    return result


def list_conduct_types(library: Library) -> list[ConductTypeRecord]:
    with library.read() as session:
        return _records(list(session.execute(select(ConductType)).scalars()))


def get_conduct_type(library: Library, code: str) -> ConductTypeRecord:
    with library.read() as session:
        row = session.get(ConductType, code)
        if row is None:
            raise NotFoundError(f"no conduct type {code!r} in the taxonomy")
        return ConductTypeRecord(
            row.code, row.parent_code, row.label, row.description, row.builtin, row.position
        )


def add_conduct_type(
    library: Library,
    code: str,
    label: str,
    *,
    parent: str | None = None,
    description: str | None = None,
) -> ConductTypeRecord:
    """Add an office-specific conduct code."""
    code = code.strip().upper()
    if not CODE_PATTERN.match(code):
        raise ValidationError(
            f"conduct code {code!r} must be upper-case letters, digits and _ , dotted (UC.EXPOSURE)"
        )
    if not label.strip():
        raise ValidationError("a conduct type needs a label")
    with library.write() as session:
        if session.get(ConductType, code) is not None:
            raise ConflictError(f"conduct code {code} already exists")
        if parent and session.get(ConductType, parent) is None:
            raise NotFoundError(f"no conduct type {parent!r} to put {code} under")
        position = (session.execute(select(func.max(ConductType.position))).scalar() or 0) + 1
        row = ConductType(
            code=code,
            parent_code=parent,
            label=label.strip(),
            description=description,
            builtin=False,
            position=position,
        )
        session.add(row)
        audit.record_create(session, row)
        return ConductTypeRecord(code, parent, row.label, description, False, position)


def check_codes(session: Session, codes: list[str]) -> list[str]:
    """Normalise conduct codes and refuse any that the taxonomy does not have."""
    normalised = [code.strip().upper() for code in codes if code.strip()]
    if not normalised:
        raise ValidationError("at least one conduct type is required")
    known = set(
        session.execute(select(ConductType.code).where(ConductType.code.in_(normalised))).scalars()
    )
    unknown = [code for code in normalised if code not in known]
    if unknown:
        raise ValidationError(
            f"conduct code {unknown[0]!r} is not in the taxonomy "
            "(see 'evidence-desk taxonomy list')"
        )
    return list(dict.fromkeys(normalised))


def conduct_in_use(session: Session, code: str) -> int:
    return session.execute(
        select(func.count()).where(AllegationConduct.conduct_code == code)
    ).scalar_one()
