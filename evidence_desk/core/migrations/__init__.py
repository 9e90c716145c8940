"""Alembic migrations of the library schema (run automatically when a library opens).

Full-text search tables are virtual tables made by hand in migrations; autogenerate and
the models-agree test must not see them or their shadow tables.
"""

from __future__ import annotations

from typing import Any

FTS_SUFFIXES = ("_fts", "_fts_data", "_fts_idx", "_fts_content", "_fts_docsize", "_fts_config")


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    return not (type_ == "table" and name is not None and name.endswith(FTS_SUFFIXES))


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    return not (type_ == "table" and name is not None and name.endswith(FTS_SUFFIXES))
