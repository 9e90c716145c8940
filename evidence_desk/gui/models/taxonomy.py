"""The conduct taxonomy as a tree of checkable items, for choosing an allegation's conduct.

Each conduct type is checked on its own: ticking a group ("Force") records the group,
not every type under it, because a client often describes conduct only that precisely.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ...core.records import ConductTypeRecord

Index = QModelIndex | QPersistentModelIndex

CODE_ROLE = Qt.ItemDataRole.UserRole + 1  # the conduct code of the item


@dataclass(eq=False)
class _Node:
    """One conduct type in the tree (the root has no record)."""

    record: ConductTypeRecord | None
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)

    def row(self) -> int:
        return 0 if self.parent is None else self.parent.children.index(self)


class ConductTreeModel(QAbstractItemModel):
    """Conduct types by parent, each with a check box; one column: label (code)."""

    checked_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = _Node(None)
        self._by_code: dict[str, _Node] = {}
        self._checked: set[str] = set()

    # -- content --------------------------------------------------------------------------

    def set_conduct_types(self, records: Sequence[ConductTypeRecord]) -> None:
        """Rebuild the tree from ``list_conduct_types`` (tree order, parents first)."""
        self.beginResetModel()
        self._root = _Node(None)
        self._by_code = {}
        for record in records:
            parent = self._by_code.get(record.parent_code or "", self._root)
            node = _Node(record, parent)
            parent.children.append(node)
            self._by_code[record.code] = node
        self._checked &= set(self._by_code)
        self.endResetModel()

    def checked_codes(self) -> tuple[str, ...]:
        """The ticked codes in taxonomy order."""
        return tuple(code for code in self._by_code if code in self._checked)

    def set_checked_codes(self, codes: Iterable[str]) -> None:
        self._checked = {code for code in codes if code in self._by_code}
        if self._root.children:
            self._emit_all(self._root)
        self.checked_changed.emit()

    def label(self, code: str) -> str:
        node = self._by_code.get(code)
        return node.record.label if node is not None and node.record is not None else code

    def index_of(self, code: str) -> QModelIndex:
        node = self._by_code.get(code)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node)

    def _emit_all(self, node: _Node) -> None:
        if node.children:
            first = self.createIndex(0, 0, node.children[0])
            last = self.createIndex(len(node.children) - 1, 0, node.children[-1])
            self.dataChanged.emit(first, last, [Qt.ItemDataRole.CheckStateRole])
            for child in node.children:
                self._emit_all(child)

    def _node(self, index: Index) -> _Node:
        if index.isValid():
            node = index.internalPointer()
            if isinstance(node, _Node):
                return node
        return self._root

    # -- QAbstractItemModel ------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        node = self._node(parent)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self._node(index)
        parent = node.parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Conduct type" if section == 0 else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._node(index).record
        if record is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return record.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{record.code}: {record.description}" if record.description else record.code
        if role == Qt.ItemDataRole.CheckStateRole:
            return (
                Qt.CheckState.Checked if record.code in self._checked else Qt.CheckState.Unchecked
            )
        if role == CODE_ROLE:
            return record.code
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        record = self._node(index).record
        if record is None:
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        if state == Qt.CheckState.Checked:
            self._checked.add(record.code)
        else:
            self._checked.discard(record.code)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()
        return True
