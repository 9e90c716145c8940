"""Search hits across all matters, with the snippet's marked words ready to show in bold.

The core marks each hit in a snippet with « and »; ``snippet_html`` turns that into escaped
HTML with <b> around the hit so a delegate can draw it.
"""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from .table_base import ID_ROLE, RECORD_ROLE

SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 10  # the snippet as HTML
HEADING_ROLE = Qt.ItemDataRole.UserRole + 11  # "2024-001 · Arrest report · p. 3 (NYPD 000125)"

_MARKED = re.compile(r"«(.*?)»", re.DOTALL)


def snippet_html(snippet: str) -> str:
    """Escape the snippet and show the words between « and » in bold."""
    parts: list[str] = []
    position = 0
    for match in _MARKED.finditer(snippet):
        parts.append(html.escape(snippet[position : match.start()]))
        parts.append(f"<b>{html.escape(match.group(1))}</b>")
        position = match.end()
    parts.append(html.escape(snippet[position:]))
    return "".join(parts).replace("«", "").replace("»", "")


def marked_terms(snippet: str) -> list[str]:
    """The words the search matched, as marked in the snippet (for highlighting)."""
    seen: list[str] = []
    for match in _MARKED.finditer(snippet):
        term = match.group(1).strip()
        if term and term.casefold() not in (item.casefold() for item in seen):
            seen.append(term)
    return seen


def hit_heading(hit: Any) -> str:
    parts = [hit.matter_file_number, hit.title]
    if hit.kind == "note":
        parts.append("note")
    elif hit.page:
        page = f"p. {hit.page}"
        if hit.bates:
            page += f" ({hit.bates})"
        parts.append(page)
    return " · ".join(str(part) for part in parts if part)


def hit_plain_text(hit: Any) -> str:
    return f"{hit_heading(hit)}\n{hit.snippet.replace('«', '').replace('»', '')}"


class SearchResultModel(QAbstractListModel):
    """A list of SearchHit records (from ``core.search.search``)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Any] = []

    def set_hits(self, hits: list[Any]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def append_hits(self, hits: list[Any]) -> None:
        if not hits:
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(hits) - 1)
        self._hits.extend(hits)
        self.endInsertRows()

    def hit(self, row: int) -> Any:
        return self._hits[row]

    def hits(self) -> list[Any]:
        return list(self._hits)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._hits)):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit_plain_text(hit)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return hit_plain_text(hit)
        if role == SNIPPET_ROLE:
            return snippet_html(hit.snippet)
        if role == HEADING_ROLE:
            return hit_heading(hit)
        if role == RECORD_ROLE:
            return hit
        if role == ID_ROLE:
            return hit.document_id if hit.document_id is not None else hit.note_id
        return None
