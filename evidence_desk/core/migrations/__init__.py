"""Alembic migrations of the library schema (run automatically when a library opens).

Full-text search tables are virtual tables made by hand in migrations; autogenerate and
the models-agree test must not see them or their shadow tables. Nor the PostgreSQL index
(0009): a generated ``search_vector`` column on ``page`` and ``note`` and its GIN index,
which only the server computes and reads.
"""

from __future__ import annotations

from typing import Any

FTS_SUFFIXES = ("_fts", "_fts_data", "_fts_idx", "_fts_content", "_fts_docsize", "_fts_config")


SEARCH_COLUMN = "search_vector"


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    if name is None:
        return True
    if type_ == "column" and name == SEARCH_COLUMN:
        return False
    if type_ == "index" and name.endswith("_" + SEARCH_COLUMN):
        return False
    return not (type_ == "table" and name.endswith(FTS_SUFFIXES))


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    return not (type_ == "table" and name is not None and name.endswith(FTS_SUFFIXES))
