"""The "Officers in this matter" panel: the intake alert beside the matter's documents.

For the selected matter it lists the officers its discovery names (``core.intake``), those
known best first, each with what the library already holds (allegations in other matters,
public records, other matters' discovery) and the pages where he appears; then the
officers matched only ``possible`` ("Check these") and the mentions of nobody in the
registry. Clicking a page opens it in the viewer with the mention's words marked.

People stay in charge: Confirm, Reject, Assign to another officer, New officer and New
allegation act on the selected mention (or on every undecided mention of a selected
officer), each through the undo stack. The alert is read off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core import mentions
from ...core.errors import EvidenceDeskError
from ...core.intake import IntakeAlert, IntakeOfficer, intake_alert
from ...core.mentions import MentionRecord
from ...core.records import MatterId
from ...core.wording import plural
from ..commands import push_command
from ..commands.mentions import confirm_command, reassign_command, reject_command
from ..context import AppContext, Change
from .flow_layout import FlowLayout
from .inline_message import sentence

_ROLE = Qt.ItemDataRole.UserRole
_STATUS_TEXT = {"high": "identified", "possible": "possible", "weak": "long shot"}


def _words(mention: MentionRecord) -> str:
    return " ".join(mention.text.split())


def _marked(mention: MentionRecord) -> str:
    """The words the viewer marks: the viewer finds one line at a time, so a mention that
    wraps ("Det. John Smith," / "Shield 4521") is marked by its longest line."""
    lines = [line.strip() for line in mention.text.splitlines() if line.strip()]
    return max(lines, key=len, default="")


def _status(mention: MentionRecord) -> str:
    if mention.status != "proposed":
        return mention.status
    return _STATUS_TEXT.get(mention.confidence or "", "not in the registry")


def _officer_title(entry: IntakeOfficer) -> str:
    officer = entry.officer
    title = " ".join(part for part in (officer.rank or "", officer.name) if part)
    numbers = ", ".join(
        f"{item.kind.replace('_', ' ')} {item.value}" for item in officer.identifiers
    )
    if officer.description and officer.name == "Unidentified officer":
        title += f" ({officer.description})"
    return f"{title} — {numbers}" if numbers else title


TREE_MIN_ROWS = 3  # officers or pages the list shows however small the panel is made


class OfficersInMatterPanel(QWidget):
    """The intake alert of one matter, with the decisions a person makes on it."""

    open_mention_requested = Signal(int, int, str)  # document id, page, words to mark
    new_allegation_requested = Signal(int)  # mention id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.matter_id: MatterId | None = None
        self.alert: IntakeAlert | None = None
        self._generation = 0
        self.setAccessibleName("Officers in this matter")
        self.title = QLabel("<b>Officers in this matter</b>")
        self.title.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName("Intake notes")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Officers and the pages naming them")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Officer / page", "Known / words"])
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemClicked.connect(lambda item, _column: self._open(item))
        self.tree.itemActivated.connect(lambda item, _column: self._open(item))
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        row_height = self.tree.fontMetrics().lineSpacing() + 6
        self.tree.setMinimumHeight(
            self.tree.header().sizeHint().height()
            + TREE_MIN_ROWS * row_height
            + 2 * self.tree.frameWidth()
        )
        self.confirm_button = QPushButton("&Confirm")
        self.reject_button = QPushButton("Re&ject")
        self.assign_button = QPushButton("&Assign…")
        self.new_officer_button = QPushButton("New &officer…")
        self.allegation_button = QPushButton("New a&llegation…")
        self.confirm_button.setToolTip(
            "The mention is this officer (its spelling may become an alias)"
        )
        self.reject_button.setToolTip(
            "The mention is not this officer; not proposed again on its page"
        )
        self.assign_button.setToolTip("The mention is another registered officer")
        self.new_officer_button.setToolTip("Register the officer the mention names")
        self.allegation_button.setToolTip("An allegation against the officer, citing this page")
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.assign_button.clicked.connect(self.assign_selected)
        self.new_officer_button.clicked.connect(self.new_officer_for_selected)
        self.allegation_button.clicked.connect(self.new_allegation_for_selected)
        # The decisions wrap onto a second line in a narrow window rather than holding the
        # matter's whole column (and the viewer beside it) at the width of all five.
        self.decisions = QWidget()
        buttons = FlowLayout(self.decisions)
        for button in (
            self.confirm_button,
            self.reject_button,
            self.assign_button,
            self.new_officer_button,
            self.allegation_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.notes)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.decisions)
        self.context.changed.connect(self._on_changed)
        self._update_buttons()

    # -- loading -------------------------------------------------------------------------

    def set_matter(self, matter_id: MatterId | None) -> None:
        self.matter_id = matter_id
        self.refresh()

    def _on_changed(self, change: Change) -> None:
        if change & (Change.DOCUMENTS | Change.OFFICERS | Change.ALLEGATIONS | Change.MATTERS):
            self.refresh()

    def refresh(self) -> None:
        """Read the alert again in the background; the newest request wins."""
        self._generation += 1
        generation = self._generation
        matter_id = self.matter_id
        if matter_id is None:
            self.show_alert(None)
            return
        library = self.context.library
        self.context.runner.start(
            lambda _control: intake_alert(library, matter_id),
            on_success=lambda alert: self._loaded(generation, alert),
            on_failure=lambda message: self._failed(generation, message),
            description="Reading the officers in this matter",
            ask_before_quit=False,
        )

    def _loaded(self, generation: int, alert: IntakeAlert) -> None:
        if generation == self._generation:
            self.show_alert(alert)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.notes.setText(sentence(message))
            self.notes.show()
            self._fit_height()

    def show_alert(self, alert: IntakeAlert | None) -> None:
        self.alert = alert
        self.tree.clear()
        if alert is None:
            self.title.setText("<b>Officers in this matter</b>")
            self.notes.setText("Choose a matter to see the officers its discovery names.")
            self.notes.show()
            self._update_buttons()
            self._fit_height()
            return
        count = len(alert.officers)
        self.title.setText(
            f"<b>Officers in this matter</b> — {plural(count, 'officer')} identified"
            + (f", {len(alert.possible)} to check" if alert.possible else "")
        )
        notes = alert.warnings()
        if alert.privileged:
            notes.insert(0, "Counts include the office's own allegations: privileged.")
        if not alert.officers and not alert.possible and not alert.unmatched:
            notes.append("No officer was found in this matter's discovery yet.")
        self.notes.setText("\n".join(sentence(note) for note in notes))
        self.notes.setVisible(bool(notes))
        for entry in alert.officers:
            self.tree.addTopLevelItem(self._officer_item(entry))
        if alert.possible:
            section = self._section(
                f"Check these — {plural(len(alert.possible), 'possible match', 'possible matches')}"
            )
            for entry in alert.possible:
                section.addChild(self._officer_item(entry))
        if alert.unmatched:
            section = self._section(
                f"Not in the registry — {plural(len(alert.unmatched), 'mention')}"
            )
            for mention in alert.unmatched:
                section.addChild(self._mention_item(mention, with_guess=True))
        self.tree.expandToDepth(0)
        self._fit_columns()
        self._update_buttons()
        self._fit_height()

    def _fit_columns(self) -> None:
        """Officers and pages on the left, what is known and the words on the right: the
        left column is never so wide that it hides the right one."""
        self.tree.resizeColumnToContents(0)
        widest = max(self.tree.viewport().width() * 11 // 20, 160)
        if self.tree.columnWidth(0) > widest:
            self.tree.setColumnWidth(0, widest)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()
        self._fit_height()

    def _fit_height(self) -> None:
        """Keep the title, the notes, a few rows and every decision in sight. In a narrow
        window the title, notes and buttons wrap onto more lines; the splitter above the
        panel knows only minimum sizes (not heights for widths), so the minimum follows."""
        layout = self.layout()
        margins = layout.contentsMargins()
        width = max(self.width() - margins.left() - margins.right(), 1)
        parts = [self.title.heightForWidth(width), self.tree.minimumHeight()]
        parts.append(self.decisions.layout().heightForWidth(width))
        if not self.notes.isHidden():
            parts.append(self.notes.heightForWidth(width))
        needed = sum(parts) + layout.spacing() * (len(parts) - 1) + margins.top() + margins.bottom()
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def _section(self, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text, ""])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)
        return item

    def _officer_item(self, entry: IntakeOfficer) -> QTreeWidgetItem:
        item = QTreeWidgetItem([_officer_title(entry), entry.summary()])
        item.setData(0, _ROLE, ("officer", entry))
        details = [entry.summary()]
        for matter in entry.other_matters:
            parts = []
            if matter.allegations:
                parts.append(plural(matter.allegations, "allegation"))
            if matter.in_discovery:
                parts.append("named in its discovery")
            details.append(f"Matter {matter.file_number} ({matter.caption}): {', '.join(parts)}")
        if entry.public_records:
            dispositions = ", ".join(f"{name}: {count}" for name, count in entry.dispositions)
            details.append(
                f"Public records: {len(entry.public_records)}"
                + (f" (complaint dispositions — {dispositions})" if dispositions else "")
            )
        item.setToolTip(0, "\n".join(details))
        item.setToolTip(1, "\n".join(details))
        for matter in entry.other_matters:
            parts = []
            if matter.allegations:
                parts.append(plural(matter.allegations, "allegation") + " (privileged)")
            if matter.in_discovery:
                parts.append("named in its discovery")
            child = QTreeWidgetItem([f"Matter {matter.file_number}", "; ".join(parts)])
            child.setToolTip(0, matter.caption)
            child.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.addChild(child)
        for record in entry.public_records[:5]:
            when = record.date.display() if record.date else ""
            child = QTreeWidgetItem(
                [
                    f"{record.kind_label} {record.case_number or ''} {when}".strip(),
                    record.what + (f" — {record.disposition}" if record.disposition else ""),
                ]
            )
            child.setToolTip(
                0, f"{record.source} ({record.source_file}, line {record.source_line})"
            )
            child.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.addChild(child)
        if len(entry.public_records) > 5:
            more = QTreeWidgetItem(
                [
                    f"… {len(entry.public_records) - 5} more public records",
                    "see the officer's dossier",
                ]
            )
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.addChild(more)
        for mention in entry.mentions:
            item.addChild(self._mention_item(mention))
        return item

    def _mention_item(self, mention: MentionRecord, *, with_guess: bool = False) -> QTreeWidgetItem:
        where = f"p. {mention.page}"
        if mention.bates:
            where += f" ({mention.bates})"
        where += f" · {mention.document_title}"
        words = f"“{_words(mention)}” — {_status(mention)}"
        if with_guess and mention.officer:
            words += f" ({mention.officer}?)"
        item = QTreeWidgetItem([where, words])
        item.setData(0, _ROLE, ("mention", mention))
        item.setToolTip(0, f"{mention.document_title}, p. {mention.page}: click to open the page")
        item.setToolTip(1, mention.reason + (" (page read by OCR)" if mention.ocr else ""))
        return item

    # -- selection and opening -----------------------------------------------------------

    def _payload(self, item: QTreeWidgetItem | None) -> tuple[str, object] | None:
        if item is None:
            return None
        data = item.data(0, _ROLE)
        return data if isinstance(data, tuple) else None

    def selected_mentions(self) -> list[MentionRecord]:
        """The mention selected, or every undecided mention of the officer selected."""
        payload = self._payload(self.tree.currentItem())
        if payload is None:
            return []
        kind, value = payload
        if kind == "mention":
            assert isinstance(value, MentionRecord)
            return [value]
        assert isinstance(value, IntakeOfficer)
        return [mention for mention in value.mentions if mention.status == "proposed"]

    def _update_buttons(self) -> None:
        chosen = self.selected_mentions()
        single = len(chosen) == 1
        matched = [mention for mention in chosen if mention.officer_id is not None]
        self.confirm_button.setEnabled(
            bool(matched) and all(m.status != "confirmed" or len(chosen) > 1 for m in matched)
        )
        self.reject_button.setEnabled(bool(chosen) and any(m.status != "rejected" for m in chosen))
        self.assign_button.setEnabled(single)
        self.new_officer_button.setEnabled(single)
        self.allegation_button.setEnabled(single and bool(matched))

    def _open(self, item: QTreeWidgetItem) -> None:
        payload = self._payload(item)
        if payload is None or payload[0] != "mention":
            return
        mention = payload[1]
        assert isinstance(mention, MentionRecord)
        self.open_mention_requested.emit(mention.document_id, mention.page, _marked(mention))

    def _context_menu(self, position: QPoint) -> None:
        item = self.tree.itemAt(position)
        if item is None:
            return
        self.tree.setCurrentItem(item)
        menu = QMenu(self)
        for button in (
            self.confirm_button,
            self.reject_button,
            self.assign_button,
            self.new_officer_button,
            self.allegation_button,
        ):
            action = menu.addAction(button.text().replace("&", ""))
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.exec(self.tree.viewport().mapToGlobal(position))
        menu.deleteLater()

    # -- decisions -----------------------------------------------------------------------

    def _push_all(self, title: str, commands: list) -> bool:  # type: ignore[type-arg]
        if not commands:
            return False
        stack = self.context.undo_stack
        if len(commands) > 1:
            stack.beginMacro(title)
        try:
            for command in commands:
                push_command(self.context, command)
        except EvidenceDeskError as error:
            QMessageBox.warning(self, "Officers in this matter", sentence(str(error)))
            return False
        finally:
            if len(commands) > 1:
                stack.endMacro()
        return True

    def confirm_selected(self) -> bool:
        chosen = [
            m
            for m in self.selected_mentions()
            if m.officer_id is not None and m.status != "confirmed"
        ]
        return self._push_all(
            "Confirm mentions",
            [confirm_command(self.context, m.id, _words(m)) for m in chosen],
        )

    def reject_selected(self) -> bool:
        chosen = [m for m in self.selected_mentions() if m.status != "rejected"]
        return self._push_all(
            "Reject mentions", [reject_command(self.context, m.id, _words(m)) for m in chosen]
        )

    def assign(self, mention: MentionRecord, officer_id: int, officer_name: str) -> bool:
        return self._push_all(
            "Assign mention",
            [reassign_command(self.context, mention.id, _words(mention), officer_id, officer_name)],
        )

    def assign_selected(self) -> bool:
        chosen = self.selected_mentions()
        if len(chosen) != 1:
            return False
        dialog = AssignOfficerDialog(self.context, chosen[0], self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.officer_id is None:
                return False
            return self.assign(chosen[0], dialog.officer_id, dialog.officer_name)
        finally:
            dialog.deleteLater()

    def new_officer_for_selected(self) -> bool:
        from .officer_picker import NewOfficerDialog

        chosen = self.selected_mentions()
        if len(chosen) != 1:
            return False
        mention = chosen[0]
        details = mentions.mention_officer_details(self.context.library, mention.id)
        numbers = " ".join(f"{_KIND_WORD[kind]} {value}" for kind, value in details.identifiers)
        dialog = NewOfficerDialog(self.context, f"{details.name} {numbers}".strip(), self)
        if details.rank:
            dialog.rank_edit.setText(details.rank)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.record is None:
                return False
            return self.assign(mention, dialog.record.id, dialog.record.name)
        finally:
            dialog.deleteLater()

    def new_allegation_for_selected(self) -> bool:
        chosen = self.selected_mentions()
        if len(chosen) != 1 or chosen[0].officer_id is None:
            return False
        return self.new_allegation(chosen[0])

    def new_allegation(self, mention: MentionRecord) -> bool:
        """The allegation editor with the officer and the mention's page and words filled
        in; saving it confirms the mention."""
        from .allegation_editor import AllegationEditor

        assert mention.officer_id is not None
        editor = AllegationEditor(self.context, mention.matter_id, None, self)
        editor.picker.add_link(mention.officer_id, mention.officer or "", "accused")
        citation = mentions.citation_for(mention)
        editor.add_pending_citation(mention.document_id, mention.page, mention.page, citation.quote)
        self.editor = editor
        try:
            if editor.exec() != QDialog.DialogCode.Accepted or editor.saved_id is None:
                return False
        finally:
            self.editor = None
            editor.deleteLater()
        if mention.status != "confirmed":
            self.assign(mention, mention.officer_id, mention.officer or "")
        return True


_KIND_WORD = {
    "shield": "shield",
    "tax_id": "tax",
    "uc": "UC",
    "employee": "employee",
    "mos_id": "CCRB",
}


class AssignOfficerDialog(QDialog):
    """Choose the registered officer a mention stands for (ranked suggestions)."""

    def __init__(
        self, context: AppContext, mention: MentionRecord, parent: QWidget | None = None
    ) -> None:
        from .officer_picker import OfficerPicker

        super().__init__(parent)
        self.setWindowTitle("Assign mention to an officer")
        self.officer_id: int | None = None
        self.officer_name = ""
        self.picker = OfficerPicker(context, self)
        self.picker.search_edit.setText(_words(mention))
        self.picker.start_suggestions()
        self.message = QLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Assign")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"“{_words(mention)}”, {mention.document_title} p. {mention.page}"))
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def accept(self) -> None:
        links = self.picker.links()
        if len(links) != 1:
            self.message.setText("Choose one officer (add him from the suggestions).")
            return
        self.officer_id = links[0].officer_id
        self.officer_name = self.picker.labels()[0]
        super().accept()
