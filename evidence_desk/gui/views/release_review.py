"""The review before a public brief: release the passages it may quote.

A public brief quotes only passages someone released. This dialog lists every passage of
the brief's allegations (summary, quote from a document, excerpt of a defense note) with a
Release check box; the selected passage is shown with each suspected identifier
highlighted (red: an identifier the brief will replace; yellow: a possible one, left as
written) and the words the brief will print. It says what the scanner cannot know. Each
release is an undoable edit (Edit ▸ Undo). The review is built in the background.
"""

from __future__ import annotations

import contextlib
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.memo.review import CANNOT_KNOW, Review, ReviewPassage, build_review
from ...core.memo.scanner import Finding
from ...core.releases import PASSAGE_KINDS, list_passages
from ...core.wording import plural
from ..commands import push_command
from ..commands.releases import SetReleaseCommand
from ..context import AppContext
from ..tasks import Task, TaskControl
from .inline_message import InlineMessage

RELEASE, CLIENT, KIND, WORDS, FOUND = range(5)
_CERTAIN_COLOUR = "#f4b6b6"
_POSSIBLE_COLOUR = "#f7e08a"


def highlighted(text: str, findings: tuple[Finding, ...] | list[Finding]) -> str:
    """``text`` as HTML with each finding marked (and its description as a tooltip)."""
    pieces = []
    position = 0
    for finding in sorted(findings, key=lambda item: item.start):
        if finding.start < position:
            continue
        pieces.append(html.escape(text[position : finding.start]))
        colour = _CERTAIN_COLOUR if finding.certain else _POSSIBLE_COLOUR
        pieces.append(
            f'<span style="background-color:{colour}" title="{html.escape(finding.describe())}">'
            f"{html.escape(text[finding.start : finding.end])}</span>"
        )
        position = finding.end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces)


def findings_text(passage: ReviewPassage) -> str:
    if not passage.findings:
        return "none found"
    parts = []
    if passage.certain:
        parts.append(f"{passage.certain} replaced")
    if passage.possible:
        parts.append(f"{passage.possible} to check")
    return ", ".join(parts)


class ReleaseReviewDialog(QDialog):
    """Release passages for a public brief, then go on to export (Accept) or not."""

    def __init__(self, context: AppContext, options: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.options = options
        self.review: Review | None = None
        self.task: Task | None = None
        self._filling = False
        self.setWindowTitle("Review passages for the public brief")

        heading = QLabel(
            "<b>The public brief quotes only the passages released here.</b> Everything "
            "else in it comes from non-identifying fields: conduct, month, command, "
            "numbered officers and counts."
        )
        heading.setWordWrap(True)
        self.notice = QLabel(CANNOT_KNOW)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("What the scanner cannot know")
        self.status = QLabel("Reading the passages…")
        self.status.setAccessibleName("Review status")

        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName("Passages")
        self.table.setHorizontalHeaderLabels(["Release", "Client", "Kind", "Words", "Identifiers"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (RELEASE, CLIENT, KIND, FOUND):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WORDS, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Passage with suspected identifiers")
        self.detail.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.other = QLabel()
        self.other.setWordWrap(True)
        self.other.setAccessibleName("Other words in the brief")
        self.message = InlineMessage()

        self.buttons = QDialogButtonBox()
        self.release_all_button = self.buttons.addButton(
            "Release &all", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.withdraw_all_button = self.buttons.addButton(
            "&Withdraw all", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button = self.buttons.addButton(
            "&Export the brief", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.release_all_button.clicked.connect(lambda: self.set_all(True))
        self.withdraw_all_button.clicked.connect(lambda: self.set_all(False))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for button in (self.release_all_button, self.withdraw_all_button, self.export_button):
            button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.other)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.context.undo_stack.indexChanged.connect(self._refresh_states)
        width = self.fontMetrics().averageCharWidth() * 120
        self.resize(width, self.fontMetrics().height() * 40)
        self.load()

    # -- loading -------------------------------------------------------------------------

    def load(self) -> Task:
        library = self.context.library
        options = dict(self.options)

        def work(_control: TaskControl) -> Review:
            return build_review(library, **options)

        self.task = self.context.runner.start(
            work,
            on_success=self._loaded,
            on_failure=self._failed,
            description="Review passages for a public brief",
        )
        return self.task

    def _loaded(self, review: Review) -> None:
        self.task = None
        self.review = review
        self._filling = True
        self.table.setRowCount(len(review.passages))
        for row, passage in enumerate(review.passages):
            record = passage.record
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                           | Qt.ItemFlag.ItemIsSelectable)  # fmt: skip
            check.setCheckState(
                Qt.CheckState.Checked if record.released else Qt.CheckState.Unchecked
            )
            check.setData(Qt.ItemDataRole.UserRole, record.key)
            check.setToolTip(
                "Changed since it was released: read it again"
                if record.changed_since_release
                else "Released passages may be quoted in the public brief"
            )
            self.table.setItem(row, RELEASE, check)
            self.table.setItem(row, CLIENT, QTableWidgetItem(passage.client))
            self.table.setItem(row, KIND, QTableWidgetItem(PASSAGE_KINDS[record.kind]))
            self.table.setItem(row, WORDS, QTableWidgetItem(record.text))
            self.table.setItem(row, FOUND, QTableWidgetItem(findings_text(passage)))
        self._filling = False
        self._update_status()
        other = [
            f"“{finding.text}” in {item.where} ({finding.describe()})"
            for item in review.fixed
            for finding in item.findings
        ]
        self.other.setText("Elsewhere in the brief: " + "; ".join(other) + "." if other else "")
        self.other.setVisible(bool(other))
        for button in (self.release_all_button, self.withdraw_all_button, self.export_button):
            button.setEnabled(True)
        if review.passages:
            self.table.selectRow(0)
        else:
            self.detail.setPlainText(
                "These allegations have no summaries or quotes: the brief is made from "
                "the structured fields only."
            )

    def _failed(self, message: str) -> None:
        self.task = None
        self.status.setText("The review could not be made.")
        self.message.show_error(message)

    def _update_status(self) -> None:
        if self.review is None:
            return
        released = sum(
            self.table.item(row, RELEASE).checkState() == Qt.CheckState.Checked
            for row in range(self.table.rowCount())
        )
        self.status.setText(
            f"{plural(len(self.review.passages), 'passage')}, {released} released. "
            "Red: an identifier the brief replaces. Yellow: possibly an identifier, left "
            "as written — release only if it is not one."
        )

    # -- showing and releasing --------------------------------------------------------------

    def passage_at(self, row: int) -> ReviewPassage | None:
        if self.review is None or not 0 <= row < len(self.review.passages):
            return None
        return self.review.passages[row]

    def _show_selected(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        passage = self.passage_at(min(rows)) if rows else None
        if passage is None:
            return
        found = "".join(
            f"<li>“{html.escape(finding.text)}”: {html.escape(finding.describe())}"
            f"{'' if finding.certain else ' — possible, left as written'}</li>"
            for finding in passage.findings
        )
        self.detail.setHtml(
            f"<p><b>{html.escape(PASSAGE_KINDS[passage.record.kind])}</b>, "
            f"{html.escape(passage.client)}</p>"
            f"<p>{highlighted(passage.record.text, passage.findings)}</p>"
            + (f"<ul>{found}</ul>" if found else "<p>No suspected identifier found.</p>")
            + f"<p><b>The brief will print:</b> {html.escape(passage.would_read)}</p>"
        )

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != RELEASE:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        released = item.checkState() == Qt.CheckState.Checked
        self._push([key], released)

    def set_all(self, released: bool) -> None:
        keys = [
            self.table.item(row, RELEASE).data(Qt.ItemDataRole.UserRole)
            for row in range(self.table.rowCount())
            if (self.table.item(row, RELEASE).checkState() == Qt.CheckState.Checked) != released
        ]
        if keys:
            self._push(keys, released)

    def _push(self, keys: list[str], released: bool) -> None:
        try:
            push_command(self.context, SetReleaseCommand(self.context, keys, released))
        except Exception as error:  # the service's message, shown where the user looks
            self.message.show_error(str(error))
        self._refresh_states()

    def _refresh_states(self) -> None:
        """Check boxes as the library has them (after a release, an undo or a redo)."""
        if self.review is None:
            return
        allegation_ids = {item.record.allegation_id for item in self.review.passages}
        released = {
            record.key: record.released
            for record in list_passages(self.context.library, allegation_ids)
        }
        self._filling = True
        for row in range(self.table.rowCount()):
            item = self.table.item(row, RELEASE)
            state = released.get(item.data(Qt.ItemDataRole.UserRole), False)
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)
        self._filling = False
        self._update_status()

    def done(self, result: int) -> None:
        if self.task is not None:
            self.task.cancel()
        if self.review is not None or self.task is not None:
            # Stop following the undo stack once closed (done may come more than once).
            with contextlib.suppress(RuntimeError, TypeError):
                self.context.undo_stack.indexChanged.disconnect(self._refresh_states)
        super().done(result)
