"""Alembic environment: runs on the connection the library hands over.

SQLite cannot alter most things in place, so migrations use batch mode there.
"""

from __future__ import annotations

from alembic import context

from evidence_desk.core.migrations import include_name, include_object
from evidence_desk.core.model import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Evidence Desk migrations run only through evidence_desk.core.library")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    include_object=include_object,
    include_name=include_name,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
