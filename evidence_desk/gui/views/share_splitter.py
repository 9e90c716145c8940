"""A splitter whose first pane keeps its share of the width as the window is resized.

``QSplitter`` hands out a resize in proportion to the panes' current sizes, so a pane held
at its minimum in a small window (the matter list beside the search dock at 1024 × 700)
would keep that small window's proportions for good once the window grows again.
``ShareSplitter`` remembers the share the first pane should have instead: the default
until the person drags the handle, then wherever they left it (the window saves and
restores it). Qt still keeps every pane at or above its minimum width.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget


class ShareSplitter(QSplitter):
    """Two panes side by side; the first keeps ``share`` of the width."""

    def __init__(self, share: float, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.share = share
        self.splitterMoved.connect(lambda _position, _index: self._remember_share())

    def _remember_share(self) -> None:
        """The person dragged the handle: the panes' sizes now are the share to keep."""
        sizes = self.sizes()
        total = sum(sizes)
        if len(sizes) == 2 and total > 0:
            self.share = sizes[0] / total

    def apply_share(self) -> None:
        sizes = self.sizes()
        total = sum(sizes)
        if len(sizes) != 2 or total <= 0:
            return
        first = round(total * self.share)
        if sizes != [first, total - first]:
            self.setSizes([first, total - first])  # Qt raises a pane below its minimum

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.apply_share()
